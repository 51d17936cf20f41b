"""The legal calendar computed from election day (§11 of the domain reference)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election.elections.rules import (
    CALENDAR_RULES,
    VIETNAM,
    MilestoneState,
    check_election_day,
    check_voting_hours,
    election_calendar,
)
from tests.builders import vietnam_time

ELECTION_DAY_2026 = dt.date(2026, 3, 15)


def by_code(milestones):
    return {m.code: m for m in milestones}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("D-115", dt.date(2025, 11, 20)),
        ("D-105", dt.date(2025, 11, 30)),
        ("D-95", dt.date(2025, 12, 10)),
        ("D-90", dt.date(2025, 12, 15)),
        ("D-80", dt.date(2025, 12, 25)),
        ("D-70", dt.date(2026, 1, 4)),
        ("D-43", dt.date(2026, 1, 31)),
        ("D-42", dt.date(2026, 2, 1)),
        ("D-40", dt.date(2026, 2, 3)),
        ("D-38", dt.date(2026, 2, 5)),
        ("D-35", dt.date(2026, 2, 8)),
        ("D-23", dt.date(2026, 2, 20)),
        ("D-21", dt.date(2026, 2, 22)),
        ("D-17", dt.date(2026, 2, 26)),
        ("D-16", dt.date(2026, 2, 27)),
        ("D-13", dt.date(2026, 3, 2)),
        ("D-10", dt.date(2026, 3, 5)),
        ("D-5", dt.date(2026, 3, 10)),
        ("D-3", dt.date(2026, 3, 12)),
        ("D-24h", dt.date(2026, 3, 14)),
        ("D", dt.date(2026, 3, 15)),
        ("D+3", dt.date(2026, 3, 18)),
        ("D+5", dt.date(2026, 3, 20)),
        ("D+7", dt.date(2026, 3, 22)),
        ("D+10", dt.date(2026, 3, 25)),
        ("D+13", dt.date(2026, 3, 28)),
        ("D+20", dt.date(2026, 4, 4)),
    ],
)
def test_2026_milestones_fall_on_the_dates_of_the_published_calendar(code, expected):
    calendar = by_code(election_calendar(ELECTION_DAY_2026, now=vietnam_time(2025, 11, 1)))
    assert calendar[code].due_date == expected


def test_list_cut_off_is_24_hours_before_voting_opens():
    calendar = by_code(election_calendar(ELECTION_DAY_2026, now=vietnam_time(2026, 1, 1)))
    assert calendar["D-24h"].due_at == dt.datetime(2026, 3, 14, 7, 0, tzinfo=VIETNAM)


def test_list_cut_off_follows_an_earlier_opening_hour():
    calendar = by_code(
        election_calendar(
            ELECTION_DAY_2026, now=vietnam_time(2026, 1, 1), voting_opens=dt.time(5, 30)
        )
    )
    assert calendar["D-24h"].due_at == dt.datetime(2026, 3, 14, 5, 30, tzinfo=VIETNAM)


def test_every_milestone_the_issue_names_is_present():
    codes = {rule.code for rule in CALENDAR_RULES}
    required = {"D-105", "D-80", "D-70", "D-43", "D-40", "D-17", "D-13", "D-10", "D-3"}
    required |= {"D-24h", "D+3", "D+5", "D+7", "D+10"}
    assert required <= codes


@pytest.mark.parametrize(
    ("code", "days", "article"),
    [
        # Art. 5: election day is announced at least 115 days before it.
        ("D-115", -115, "Điều 5"),
        # Art. 86: results are announced at the latest 10 days after election day;
        # Art. 87: complaints within 3 days of the announcement, settled within 7
        # days of their receipt.
        ("D+10", 10, "Điều 86"),
        ("D+13", 10 + 3, "Điều 87"),
        ("D+20", 10 + 3 + 7, "Điều 87"),
    ],
)
def test_the_announcement_and_the_complaints_about_results_are_milestones(code, days, article):
    rule = {r.code: r for r in CALENDAR_RULES}[code]
    assert rule.offset_days == days
    assert rule.legal_basis == article


def test_every_milestone_cites_its_legal_basis():
    assert all(rule.legal_basis for rule in CALENDAR_RULES)


def test_a_milestone_earlier_than_today_has_passed():
    calendar = by_code(election_calendar(ELECTION_DAY_2026, now=vietnam_time(2026, 2, 1)))
    assert calendar["D-43"].state == MilestoneState.PASSED


def test_a_milestone_of_today_is_due_until_the_day_ends():
    calendar = by_code(election_calendar(ELECTION_DAY_2026, now=vietnam_time(2026, 1, 31, 23, 59)))
    assert calendar["D-43"].state == MilestoneState.DUE
    assert calendar["D-43"].days_left == 0


def test_a_milestone_within_seven_days_is_due_and_later_ones_upcoming():
    calendar = by_code(election_calendar(ELECTION_DAY_2026, now=vietnam_time(2026, 1, 25)))
    assert calendar["D-43"].state == MilestoneState.DUE
    assert calendar["D-17"].state == MilestoneState.UPCOMING


def test_the_cut_off_passes_at_seven_in_the_morning_not_at_midnight():
    before = by_code(election_calendar(ELECTION_DAY_2026, now=vietnam_time(2026, 3, 14, 6, 59)))
    after = by_code(election_calendar(ELECTION_DAY_2026, now=vietnam_time(2026, 3, 14, 7, 0)))
    assert before["D-24h"].state == MilestoneState.DUE
    assert after["D-24h"].state == MilestoneState.PASSED


def test_state_uses_vietnam_time_even_when_now_is_given_in_utc():
    # 18:00 UTC on 30 January is 01:00 on 31 January in Vietnam.
    now = dt.datetime(2026, 1, 30, 18, 0, tzinfo=dt.UTC)
    calendar = by_code(election_calendar(ELECTION_DAY_2026, now=now))
    assert calendar["D-43"].days_left == 0


@given(
    day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31)),
    offset=st.integers(min_value=-200, max_value=60),
)
def test_calendar_is_in_chronological_order(day, offset):
    now = dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(12), tzinfo=VIETNAM)
    milestones = election_calendar(day, now=now)
    dates = [m.due_date for m in milestones]
    assert dates == sorted(dates)
    assert len(milestones) == len(CALENDAR_RULES)


@given(
    day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31)),
    first=st.integers(min_value=-3000, max_value=3000),
    later_by=st.integers(min_value=0, max_value=3000),
)
def test_a_passed_milestone_never_becomes_due_again(day, first, later_by):
    base = dt.datetime.combine(day, dt.time(7), tzinfo=VIETNAM)
    earlier = election_calendar(day, now=base + dt.timedelta(hours=first))
    later = election_calendar(day, now=base + dt.timedelta(hours=first + later_by))
    order = {MilestoneState.UPCOMING: 0, MilestoneState.DUE: 1, MilestoneState.PASSED: 2}
    for before, after in zip(earlier, later, strict=True):
        assert order[after.state] >= order[before.state]


@pytest.mark.parametrize(
    ("day", "valid"),
    [
        (dt.date(2026, 3, 15), True),
        (dt.date(2021, 5, 23), True),
        (dt.date(2026, 3, 14), False),
        (dt.date(2026, 3, 16), False),
    ],
)
def test_election_day_must_be_a_sunday(day, valid):
    violations = check_election_day(day)
    assert (not violations) == valid
    if not valid:
        assert violations[0].article == "Điều 5"


@pytest.mark.parametrize(
    ("opens", "closes", "codes"),
    [
        (dt.time(7), dt.time(19), set()),
        (dt.time(5), dt.time(21), set()),
        (dt.time(4, 59), dt.time(19), {"voting_opens_too_early"}),
        (dt.time(7), dt.time(21, 1), {"voting_closes_too_late"}),
        (dt.time(19), dt.time(7), {"voting_hours_inverted"}),
    ],
)
def test_voting_hours_stay_within_five_and_twenty_one(opens, closes, codes):
    assert {v.code for v in check_voting_hours(opens, closes)} == codes
