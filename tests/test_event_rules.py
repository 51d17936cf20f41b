"""The law's calendar for setting an election up and changing it (pure rules)."""

from __future__ import annotations

import datetime as dt

import pytest

from election.elections import event_rules as er
from tests.builders import vietnam_time

DAY = dt.date(2026, 11, 22)  # a Sunday
SCHEDULE = er.Schedule(DAY, dt.time(7), dt.time(19))


def codes(violations) -> list[str]:
    return [v.code for v in violations]


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        (DAY, dt.date(2026, 6, 1), []),
        (DAY, DAY - dt.timedelta(days=1), []),
        (DAY, DAY, ["election_day_past"]),
        (DAY, DAY + dt.timedelta(days=1), ["election_day_past"]),
        (DAY - dt.timedelta(days=1), dt.date(2026, 6, 1), ["election_day_not_sunday"]),
    ],
)
def test_a_new_election_is_a_sunday_still_ahead(day, today, expected):
    schedule = er.Schedule(day, dt.time(7), dt.time(19))
    violations = er.check_new_election(schedule, today)
    assert codes(violations) == expected
    assert all(v.article == "Điều 5" for v in violations)


def test_new_hours_follow_article_71():
    schedule = er.Schedule(DAY, dt.time(4, 30), dt.time(21, 30))
    assert codes(er.check_new_election(schedule, dt.date(2026, 6, 1))) == [
        "voting_opens_too_early",
        "voting_closes_too_late",
    ]


def moved(**changes) -> er.Schedule:
    values = {
        "election_day": DAY,
        "voting_opens": dt.time(7),
        "voting_closes": dt.time(19),
        "general": True,
    }
    values.update(changes)
    return er.Schedule(**values)


@pytest.mark.parametrize(
    ("after", "now", "expected"),
    [
        # The day moves before its announcement (D−115 = 30/07/2026), 115 days ahead.
        (moved(election_day=dt.date(2026, 12, 6)), vietnam_time(2026, 6, 1), []),
        (
            moved(election_day=dt.date(2026, 12, 6)),
            vietnam_time(2026, 7, 30),
            ["election_day_announced"],
        ),
        # Moved earlier than 115 days from today: not announced in time.
        (
            moved(election_day=dt.date(2026, 9, 20)),
            vietnam_time(2026, 6, 1),
            ["election_day_too_close"],
        ),
        # A by-election's day: only ahead and a Sunday.
        (
            moved(election_day=dt.date(2026, 12, 6), general=False),
            vietnam_time(2026, 11, 1),
            [],
        ),
        (
            moved(election_day=dt.date(2026, 12, 5), general=False),
            vietnam_time(2026, 11, 1),
            ["election_day_not_sunday"],
        ),
        # Hours: until D−10 (12/11/2026).
        (moved(voting_opens=dt.time(6)), vietnam_time(2026, 11, 11, 23), []),
        (moved(voting_opens=dt.time(6)), vietnam_time(2026, 11, 12), ["voting_hours_announced"]),
        (moved(voting_closes=dt.time(22)), vietnam_time(2026, 6, 1), ["voting_closes_too_late"]),
        # The name or the terms: until voting opens at 07:00 on the day.
        (moved(), vietnam_time(2026, 11, 22, 6, 59), []),
        (moved(), vietnam_time(2026, 11, 22, 7, 0), ["election_under_way"]),
    ],
)
def test_changes_follow_the_calendar(after, now, expected):
    assert codes(er.check_election_change(SCHEDULE, after, now)) == expected
    assert er.may_change(SCHEDULE, now) == (now < vietnam_time(2026, 11, 22, 7))


@pytest.mark.parametrize(
    ("level", "places", "title"),
    [
        ("dbqh", {}, "Bầu cử đại biểu Quốc hội khóa XVI"),
        (
            "hdnd_tinh",
            {"province_name": "Cà Mau"},
            "Bầu cử đại biểu HĐND Cà Mau nhiệm kỳ 2026–2031",
        ),
        (
            "hdnd_xa",
            {"province_name": "Cà Mau", "commune_name": "Phường Bạc Liêu"},
            "Bầu cử đại biểu HĐND Phường Bạc Liêu, Cà Mau nhiệm kỳ 2026–2031",
        ),
    ],
)
def test_contest_titles(level, places, title):
    assert er.contest_title(level, assembly_term="XVI", term="2026–2031", **places) == title
