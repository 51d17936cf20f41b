"""Turnout during voting day: the rules, a team's reports (upsert, audited
corrections, scope), the reporting hours, the rollups against a hand count,
the API and the pages."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election import db
from election.accounts import services as accounts
from election.errors import Forbidden, NotFound, RuleViolation
from election.turnout import demo as turnout_demo
from election.turnout import rules, services
from tests.builders import bearer, login_page, post_form

DEMO_PASSWORD = "demo-2026-baucu"
T = dt.time


# --------------------------------------------------------------------------
# Rules


@pytest.mark.parametrize(
    ("hours", "codes"),
    [
        (list(rules.DEFAULT_HOURS), []),
        ([], [rules.HOURS_EMPTY]),
        ([T(9), T(9)], [rules.HOUR_DUPLICATE]),
        ([T(5)], [rules.HOUR_OUTSIDE_LAW]),
        ([T(4, 30)], [rules.HOUR_OUTSIDE_LAW]),
        ([T(21, 1)], [rules.HOUR_OUTSIDE_LAW]),
        ([T(21)], [rules.HOUR_OUTSIDE_USUAL]),
        ([T(6)], [rules.HOUR_OUTSIDE_USUAL]),
        ([T(7)], [rules.HOUR_OUTSIDE_USUAL]),
        ([T(7, 1), T(19)], []),
        ([T(8 + i % 11, i) for i in range(13)], [rules.HOURS_TOO_MANY]),
    ],
)
def test_reporting_hours_follow_art_71(hours, codes):
    assert [v.code for v in rules.check_hours(hours)] == codes


def test_a_warning_outside_usual_hours_does_not_block():
    (violation,) = rules.check_hours([T(20)])
    assert violation.severity == "warning"
    assert violation.article == "Điều 71 khoản 1"
    (violation,) = rules.check_hours([T(22)])
    assert violation.severity == "error"


HOURS = list(rules.DEFAULT_HOURS)


@pytest.mark.parametrize(
    ("at", "voted", "listed", "others", "codes"),
    [
        (T(9), 100, 500, {}, []),
        (T(9), 0, 500, {}, []),
        (T(9), 500, 500, {}, []),
        (T(9), 501, 500, {}, [rules.OVER_LIST]),
        (T(9), 1, 0, {}, [rules.NO_LIST]),
        (T(10), 1, 500, {}, [rules.HOUR_UNKNOWN]),
        (T(11), 99, 500, {T(9): 100}, [rules.BELOW_EARLIER]),
        (T(11), 100, 500, {T(9): 100}, []),
        (T(9), 201, 500, {T(11): 200}, [rules.ABOVE_LATER]),
        (T(9), 150, 500, {T(9): 300, T(11): 200}, []),
        (
            T(14),
            150,
            500,
            {T(9): 100, T(11): 200, T(16): 140},
            [rules.BELOW_EARLIER, rules.ABOVE_LATER],
        ),
    ],
)
def test_a_count_against_the_list_and_the_other_hours(at, voted, listed, others, codes):
    violations = rules.check_report(
        at=at, voted=voted, voters_on_list=listed, hours=HOURS, other_reports=others
    )
    assert [v.code for v in violations] == codes
    assert all(v.severity == "error" for v in violations)


def test_the_list_rule_cites_its_article():
    (violation,) = rules.check_report(
        at=T(9), voted=9, voters_on_list=8, hours=HOURS, other_reports={}
    )
    assert violation.article == "Điều 69 khoản 2"
    assert "8" in violation.message and "9" in violation.message


@given(
    listed=st.integers(min_value=1, max_value=3000),
    attempts=st.lists(
        st.tuples(st.sampled_from(HOURS), st.integers(min_value=0, max_value=3500)), max_size=30
    ),
)
def test_accepted_counts_never_decrease_and_never_pass_the_list(listed, attempts):
    """Whatever a team sends, in whatever order, what is kept rises hour by hour."""
    kept: dict[dt.time, int] = {}
    for at, voted in attempts:
        if not rules.check_report(
            at=at, voted=voted, voters_on_list=listed, hours=HOURS, other_reports=kept
        ):
            kept[at] = voted
    counts = [kept[h] for h in sorted(kept)]
    assert counts == sorted(counts)
    assert all(c <= listed for c in counts)


@pytest.mark.parametrize(
    ("today", "voting_day", "early", "codes", "article"),
    [
        (dt.date(2026, 3, 15), dt.date(2026, 3, 15), False, [], None),
        (dt.date(2026, 3, 16), dt.date(2026, 3, 15), False, [], None),
        (
            dt.date(2026, 3, 14),
            dt.date(2026, 3, 15),
            False,
            [rules.BEFORE_VOTING_DAY],
            "Điều 71 khoản 1",
        ),
        (dt.date(2026, 2, 26), dt.date(2026, 2, 26), True, [], None),
        (dt.date(2026, 2, 25), dt.date(2026, 2, 26), True, [rules.BEFORE_VOTING_DAY], "Điều 72"),
    ],
)
def test_counts_exist_from_the_voting_day_on(today, voting_day, early, codes, article):
    violations = rules.check_report_day(today, voting_day, early=early)
    assert [v.code for v in violations] == codes
    assert [v.article for v in violations] == ([article] if article else [])


def test_the_current_hour_is_the_first_not_reported():
    assert rules.current_hour(HOURS, set()) == T(9)
    assert rules.current_hour(HOURS, {T(9)}) == T(11)
    assert rules.current_hour(HOURS, {T(9), T(14)}) == T(11)
    assert rules.current_hour(HOURS, set(HOURS)) == T(19)
    assert rules.current_hour([], set()) is None


def test_percent_and_labels():
    assert str(rules.percent(1, 3)) == "33.33"
    assert str(rules.percent(2, 3)) == "66.67"
    assert str(rules.percent(0, 0)) == "0.00"
    assert rules.hour_label(T(19)) == "19:00 (kết thúc bỏ phiếu)"
    assert rules.hour_label(T(9, 5)) == "09:05"


def test_the_demo_curve_rises():
    shares = [turnout_demo.share_by(T(h)) for h in range(6, 22)]
    assert shares == sorted(shares)
    assert turnout_demo.share_by(T(9)) == pytest.approx(0.30)


# --------------------------------------------------------------------------
# Services


async def actor_of(username: str):
    user = await accounts.find_user(username=username)
    assert user is not None
    return user.actor()


async def area_id(number: int) -> int:
    return await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = $1", number
    )


async def audit_events(area: int, at: str) -> list[str]:
    rows = await db.fetch(
        "SELECT action FROM audit_event WHERE entity_type = 'turnout_report' AND entity_id = $1 "
        "ORDER BY id",
        f"{area}@{at}",
    )
    return [r["action"] for r in rows]


async def test_a_team_reports_resends_and_corrects(demo):
    officer = await actor_of("to.kv01")
    area = await area_id(1)
    first = await services.report(polling_area_id=area, at=T(9), voted=7, actor=officer)
    assert first.changed and first.report.voted == 7 and first.report.revision == 1
    assert first.report.reported_by == "to.kv01"
    assert first.report.voters_on_list == 30  # the test demo's list per area

    # The offline queue replays the same report: nothing changes.
    again = await services.report(polling_area_id=area, at=T(9), voted=7, actor=officer)
    assert not again.changed and again.report.revision == 1
    assert (
        await db.fetchval("SELECT count(*) FROM turnout_report WHERE polling_area = $1", area) == 1
    )
    assert await audit_events(area, "09:00") == ["report"]

    corrected = await services.report(polling_area_id=area, at=T(9), voted=8, actor=officer)
    assert corrected.changed and corrected.report.voted == 8 and corrected.report.revision == 2
    assert await audit_events(area, "09:00") == ["report", "correct"]
    before = await db.fetchval(
        "SELECT before FROM audit_event WHERE entity_type = 'turnout_report' "
        "AND entity_id = $1 AND action = 'correct'",
        f"{area}@09:00",
    )
    assert '"voted": 7' in before

    turnout = await services.area_turnout(polling_area_id=area, actor=officer)
    assert turnout.current_hour == T(11)
    assert [r.report.voted if r.report else None for r in turnout.rows] == [
        8,
        None,
        None,
        None,
        None,
    ]


async def test_counts_that_break_the_rules_are_refused(demo):
    officer = await actor_of("to.kv01")
    area = await area_id(1)
    await services.report(polling_area_id=area, at=T(11), voted=15, actor=officer)
    with pytest.raises(RuleViolation) as refused:
        await services.report(polling_area_id=area, at=T(14), voted=14, actor=officer)
    assert refused.value.violations[0].code == rules.BELOW_EARLIER
    with pytest.raises(RuleViolation) as refused:
        await services.report(polling_area_id=area, at=T(9), voted=16, actor=officer)
    assert refused.value.violations[0].code == rules.ABOVE_LATER
    with pytest.raises(RuleViolation) as refused:
        await services.report(polling_area_id=area, at=T(16), voted=31, actor=officer)
    assert refused.value.violations[0].code == rules.OVER_LIST
    with pytest.raises(RuleViolation) as refused:
        await services.report(polling_area_id=area, at=T(10), voted=16, actor=officer)
    assert refused.value.violations[0].code == rules.HOUR_UNKNOWN
    # Nothing of the refused counts was written.
    assert await db.fetchval(
        "SELECT array_agg(voted ORDER BY at) FROM turnout_report WHERE polling_area = $1", area
    ) == [15]


async def test_no_count_before_voting_day_by_the_elections_clock(demo):
    from election.clock import VIETNAM
    from election.elections import services as elections
    from election.elections.training_rules import TrainingPreset

    officer = await actor_of("to.kv01")
    area = await area_id(1)
    eve = dt.datetime(2026, 3, 14, 18, tzinfo=VIETNAM)
    with pytest.raises(RuleViolation) as refused:
        await services.report(polling_area_id=area, at=T(9), voted=3, actor=officer, now=eve)
    assert "15/03/2026" in refused.value.detail
    # Training mode a month before election day: the election's clock refuses too.
    election_id = await db.fetchval("SELECT id FROM election")
    admin = await actor_of("quantri")
    await elections.set_training_clock(
        election_id=election_id, preset=TrainingPreset.BEFORE, actor=admin
    )
    with pytest.raises(RuleViolation):
        await services.report(polling_area_id=area, at=T(9), voted=3, actor=officer)
    await elections.set_training_clock(
        election_id=election_id, preset=TrainingPreset.MORNING, actor=admin
    )
    outcome = await services.report(polling_area_id=area, at=T(9), voted=3, actor=officer)
    # Training moves the day, never the record: the report keeps the real time.
    assert outcome.report.reported_at.date() != dt.date(2026, 3, 15)


async def test_an_officer_reports_only_for_their_area(demo):
    officer = await actor_of("to.kv01")
    with pytest.raises(NotFound):
        await services.report(polling_area_id=await area_id(2), at=T(9), voted=1, actor=officer)
    for username in ("giamsat.baclieu", "ban.baclieu"):
        with pytest.raises(Forbidden):
            await services.report(
                polling_area_id=await area_id(1), at=T(9), voted=1, actor=await actor_of(username)
            )
    # The ward's staff relay a count phoned in.
    staff = await actor_of("phuong.baclieu")
    outcome = await services.report(polling_area_id=await area_id(1), at=T(9), voted=3, actor=staff)
    assert outcome.report.reported_by == "phuong.baclieu"


async def test_reporting_hours_per_election_and_province(demo):
    election_id = await db.fetchval("SELECT id FROM election")
    admin = await actor_of("quantri")
    province = await actor_of("tinh.camau")
    assert await services.reporting_hours(election_id=election_id, province_code="96") == HOURS

    with pytest.raises(Forbidden):
        await services.set_hours(
            election_id=election_id, province_code=None, hours=[T(10)], actor=province
        )
    with pytest.raises(Forbidden):
        await services.set_hours(
            election_id=election_id,
            province_code="96",
            hours=[T(10)],
            actor=await actor_of("phuong.baclieu"),
        )
    with pytest.raises(RuleViolation):
        await services.set_hours(
            election_id=election_id, province_code=None, hours=[T(4)], actor=admin
        )

    national = await services.set_hours(
        election_id=election_id, province_code=None, hours=[T(12), T(8), T(20)], actor=admin
    )
    assert national.hours == [T(8), T(12), T(20)] and national.own
    assert [w.code for w in national.warnings] == [rules.HOUR_OUTSIDE_USUAL]
    assert await services.reporting_hours(election_id=election_id, province_code="96") == [
        T(8),
        T(12),
        T(20),
    ]
    own = await services.set_hours(
        election_id=election_id, province_code="96", hours=[T(10), T(15)], actor=province
    )
    assert own.hours == [T(10), T(15)]
    assert await services.reporting_hours(election_id=election_id, province_code="96") == [
        T(10),
        T(15),
    ]
    assert await services.reporting_hours(election_id=election_id, province_code="01") == [
        T(8),
        T(12),
        T(20),
    ]
    # An empty set: the province follows the election's hours again.
    back = await services.set_hours(
        election_id=election_id, province_code="96", hours=[], actor=province
    )
    assert back.hours == [T(8), T(12), T(20)] and not back.own
    assert (
        await db.fetchval("SELECT count(*) FROM audit_event WHERE entity_type = 'turnout_hours'")
        == 3
    )


# --------------------------------------------------------------------------
# Rollups against a hand count


async def hand_count(election_id: int, key_sql: str, where: str = "true") -> dict:
    """(group, hour) -> [areas reporting, voted, listed] summed here, in Python."""
    rows = await db.fetch(
        f"""SELECT {key_sql} AS key, r.at, r.voted, r.voters_on_list
            FROM turnout_report r JOIN polling_area pa ON pa.id = r.polling_area
            JOIN commune c ON c.code = pa.commune
            WHERE r.election = $1 AND {where}""",
        election_id,
    )
    counted: dict = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        cell = counted[(row["key"], row["at"])]
        cell[0] += 1
        cell[1] += row["voted"]
        cell[2] += row["voters_on_list"]
    return counted


def figures_of(group) -> dict:
    return {
        (group.code, h.at): [h.areas_reporting, h.voted, h.voters_on_list]
        for h in group.hours
        if h.areas_reporting
    }


async def test_rollups_agree_with_a_hand_count(demo):
    election_id = await db.fetchval("SELECT id FROM election")
    areas_total = await db.fetchval("SELECT count(*) FROM polling_area")

    national = await services.rollup(election_id=election_id)
    assert national.grouped_by == "province"
    assert [g.code for g in national.groups] == ["96"]
    by_province = await hand_count(election_id, "c.province")
    assert figures_of(national.groups[0]) == dict(by_province)
    assert national.total.areas_total == areas_total

    province = await services.rollup(election_id=election_id, province_code="96")
    assert province.grouped_by == "commune"
    assert figures_of(province.groups[0]) == dict(await hand_count(election_id, "pa.commune"))

    commune = await services.rollup(election_id=election_id, commune_code="31825")
    assert commune.grouped_by == "area"
    assert len(commune.groups) == areas_total
    expected = await hand_count(election_id, "pa.id::text")
    got: dict = {}
    for group in commune.groups:
        got.update(figures_of(group))
    assert got == dict(expected)

    # The demo: area no. 1 has not reported, the last three not their closing count.
    closing = national.total.hours[-1]
    assert closing.at == T(19)
    assert closing.areas_reporting == areas_total - 4
    nine = national.total.hours[0]
    assert nine.areas_reporting == areas_total - 1
    assert 20 <= nine.turnout <= 40
    assert closing.reporting_share == rules.percent(areas_total - 4, areas_total)


async def test_a_new_report_moves_the_rollup(demo):
    election_id = await db.fetchval("SELECT id FROM election")
    before = await services.rollup(election_id=election_id, province_code="96")
    await services.report(
        polling_area_id=await area_id(1), at=T(9), voted=10, actor=await actor_of("to.kv01")
    )
    after = await services.rollup(election_id=election_id, province_code="96")
    assert after.total.hours[0].areas_reporting == before.total.hours[0].areas_reporting + 1
    assert after.total.hours[0].voted == before.total.hours[0].voted + 10
    assert after.total.hours[0].voters_on_list == before.total.hours[0].voters_on_list + 30


# --------------------------------------------------------------------------
# API


async def test_the_api_reports_and_reads(client, demo):
    headers = await bearer(client, "to.kv01", DEMO_PASSWORD)
    area = await area_id(1)
    path = f"/api/v1/polling-areas/{area}/turnout"
    response = await client.post(path, json={"at": "09:00", "voted": 9}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["changed"] is True
    assert response.json()["report"]["turnout"] == "30.00"
    again = await client.post(path, json={"at": "09:00", "voted": 9}, headers=headers)
    assert again.json()["changed"] is False

    read = (await client.get(path, headers=headers)).json()
    assert read["voters_on_list"] == 30
    assert read["current_hour"] == "11:00:00"
    assert read["hours"][0]["report"]["voted"] == 9

    lower = await client.post(path, json={"at": "11:00", "voted": 8}, headers=headers)
    assert lower.status_code == 422
    assert lower.json()["violations"][0]["code"] == rules.BELOW_EARLIER
    bad = await client.post(path, json={"at": "25:00", "voted": -1}, headers=headers)
    assert bad.status_code == 422

    other = await client.post(
        f"/api/v1/polling-areas/{await area_id(2)}/turnout",
        json={"at": "09:00", "voted": 1},
        headers=headers,
    )
    assert other.status_code == 404


async def test_the_api_rollup_is_scoped(client, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    response = await client.get(f"/api/v1/elections/{election_id}/turnout", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    # A ward's staff see their ward, by area.
    assert body["commune_code"] == "31825" and body["grouped_by"] == "area"
    assert body["total"]["hours"][0]["areas_reporting"] == 41
    other = await client.get(
        f"/api/v1/elections/{election_id}/turnout?province=01", headers=headers
    )
    assert other.status_code == 403

    national = await bearer(client, "quantri", DEMO_PASSWORD)
    body = (await client.get(f"/api/v1/elections/{election_id}/turnout", headers=national)).json()
    assert body["grouped_by"] == "province" and body["groups"][0]["code"] == "96"
    hours = await client.put(
        f"/api/v1/elections/{election_id}/turnout/hours",
        json={"hours": ["08:00", "12:00"]},
        headers=national,
    )
    assert hours.status_code == 200, hours.text
    assert hours.json()["hours"] == ["08:00:00", "12:00:00"]


# --------------------------------------------------------------------------
# Pages


async def test_the_phone_page_reports_through_its_form(client, demo):
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    area = await area_id(1)
    page = await client.get(f"/polling-areas/{area}/turnout")
    assert page.status_code == 200
    html = page.text
    assert "Giờ cần báo cáo: 09:00" in html
    assert "data-offline-queue" in html and "data-offline-status" in html
    assert "/static/offline.js" in html

    sent = await post_form(client, f"/polling-areas/{area}/turnout/0900", {"voted": "12"})
    assert sent.status_code == 303
    assert sent.headers["location"].endswith(f"/polling-areas/{area}/turnout?sent=09%3A00")
    # The queue replays the same post: the same answer, one report.
    again = await post_form(client, f"/polling-areas/{area}/turnout/0900", {"voted": "12"})
    assert again.status_code == 303
    shown = await client.get(f"/polling-areas/{area}/turnout?sent=09:00")
    assert "Đã ghi số cử tri đã bỏ phiếu lúc 09:00." in shown.text
    assert "Giờ cần báo cáo: 11:00" in shown.text

    refused = await post_form(client, f"/polling-areas/{area}/turnout/1100", {"voted": "11"})
    assert refused.status_code == 422
    assert "nhỏ hơn số đã báo cáo lúc 09:00" in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert 'value="11"' in refused.text


async def test_the_rollup_pages_show_the_curve_and_the_share(client, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    await login_page(client, "quantri", DEMO_PASSWORD)
    national = await client.get(f"/elections/{election_id}/turnout")
    assert national.status_code == 200
    assert "<svg" in national.text and 'role="img"' in national.text
    assert "Cà Mau" in national.text
    assert f"/elections/{election_id}/turnout?province=96" in national.text
    assert "data-turnout-stream" in national.text
    assert "41/42" in national.text
    # The map of the provinces: Cà Mau coloured, leading to its communes.
    assert national.text.count("<svg") >= 3
    assert f'href="/elections/{election_id}/turnout?province=96"' in national.text

    province = await client.get(f"/elections/{election_id}/turnout?province=96")
    assert province.status_code == 200
    assert "Theo xã, phường, đặc khu" in province.text
    assert "Bạc Liêu" in province.text

    commune = await client.get(f"/elections/{election_id}/turnout?commune=31825")
    assert "Theo khu vực bỏ phiếu" in commune.text
    assert "Khu vực bỏ phiếu số 42" in commune.text


async def test_the_hours_settings_page(client, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    await login_page(client, "tinh.camau", DEMO_PASSWORD)
    page = await client.get(f"/elections/{election_id}/turnout/hours?province=96")
    assert page.status_code == 200
    assert "09:00, 11:00, 14:00, 16:00, 19:00" in page.text
    saved = await post_form(
        client,
        f"/elections/{election_id}/turnout/hours",
        {"hours": "8, 10g30, 15:00", "province_code": "96"},
    )
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"].endswith("/turnout/hours?saved=1&province=96")
    shown = await client.get(saved.headers["location"])
    assert "Đã lưu giờ báo cáo." in shown.text
    assert await services.reporting_hours(election_id=election_id, province_code="96") == [
        T(8),
        T(10, 30),
        T(15),
    ]
    refused = await post_form(
        client,
        f"/elections/{election_id}/turnout/hours",
        {"hours": "4:00", "province_code": "96"},
    )
    assert refused.status_code == 422
    assert "không bắt đầu trước 5 giờ" in refused.text
    national = await post_form(client, f"/elections/{election_id}/turnout/hours", {"hours": "8:00"})
    # A province's staff may not change the election's own hours.
    assert national.status_code == 422
    assert "Chỉ Ủy ban bầu cử" in national.text


async def test_the_application_role_writes_the_turnout_tables_and_no_more(clean_db):
    for table in ("turnout_hour", "turnout_report"):
        for privilege, granted in (
            ("SELECT", True),
            ("INSERT", True),
            ("UPDATE", True),
            ("DELETE", True),
            ("TRUNCATE", False),
            ("TRIGGER", False),
        ):
            assert (
                await db.fetchval(
                    "SELECT has_table_privilege('election_app', $1::text, $2::text)",
                    table,
                    privilege,
                )
                is granted
            ), (table, privilege)
    assert await db.fetchval("SELECT current_user") == "election_app"
