"""Integrity after the fact (issue 15, item 7): what a counted sheet or a
result means (a unit, its official list) does not change once it counts,
and a fixed list reopens only on a recorded decision of the competent body."""

from __future__ import annotations

import datetime as dt

import pytest

from election import db
from election.elections import structure
from election.elections.rules import check_before_voting
from election.elections.structure.integrity import Change, Decision, check_change
from election.errors import RuleViolation
from tests.builders import PREPARATION, bearer, candidate_data, system, vietnam_time
from tests.tally_helpers import approve_unit, demo_actor

DEMO_PASSWORD = "demo-2026-baucu"
OPENS = vietnam_time(2026, 3, 15, 7, 0)
BEFORE = vietnam_time(2026, 3, 1)
AFTER = vietnam_time(2026, 3, 16)
DECISION = Decision(number="15/QĐ-UBBC", date=dt.date(2026, 3, 1), reason="Bổ sung người ứng cử")


@pytest.mark.parametrize(
    ("change", "moment", "counted", "finalized", "decision", "refused_by"),
    [
        # Counted sheets fix the unit whatever the clock says (Art. 73, 76).
        (Change.REOPEN_LIST, BEFORE, True, True, DECISION, "counted_unit_fixed"),
        (Change.SAVE_CANDIDATE, BEFORE, True, False, None, "counted_unit_fixed"),
        (Change.DELETE_CANDIDATE, BEFORE, True, False, None, "counted_unit_fixed"),
        (Change.STRIKE_CANDIDATE, BEFORE, True, True, None, "counted_unit_fixed"),
        (Change.SAVE_UNIT, AFTER, True, True, None, "counted_unit_fixed"),
        (Change.DELETE_UNIT, BEFORE, True, False, None, "counted_unit_fixed"),
        # From the opening of voting a fixed list stays fixed (Art. 57, 60).
        (Change.REOPEN_LIST, OPENS, False, True, DECISION, "list_fixed_on_election_day"),
        (Change.REOPEN_LIST, AFTER, False, True, DECISION, "list_fixed_on_election_day"),
        (Change.SAVE_UNIT, AFTER, False, True, None, "list_fixed_on_election_day"),
        (Change.STRIKE_CANDIDATE, AFTER, False, True, None, "list_fixed_on_election_day"),
        # Before it, a reopening needs the decision: number, date and reason.
        (Change.REOPEN_LIST, BEFORE, False, True, None, "decision_required"),
        (Change.REOPEN_LIST, BEFORE, False, True, Decision(reason="x"), "decision_required"),
        (
            Change.REOPEN_LIST,
            BEFORE,
            False,
            True,
            Decision(number="1", reason="x"),
            "decision_required",
        ),
        (Change.REOPEN_LIST, BEFORE, False, True, DECISION, None),
        # An open list, nothing counted: the ordinary rules decide.
        (Change.SAVE_CANDIDATE, AFTER, False, False, None, None),
        (Change.SAVE_UNIT, BEFORE, False, True, None, None),
        (Change.STRIKE_CANDIDATE, BEFORE, False, True, None, None),
    ],
)
def test_the_rule(change, moment, counted, finalized, decision, refused_by):
    violations = check_change(
        change,
        moment=moment,
        voting_opens=OPENS,
        counting_begun=counted,
        list_finalized=finalized,
        decision=decision,
    )
    assert [v.code for v in violations] == ([refused_by] if refused_by else [])
    for violation in violations:
        assert violation.article and violation.article.startswith("Điều")


async def commune_units() -> list[int]:
    rows = await db.fetch(
        "SELECT u.id FROM electoral_unit u JOIN contest c ON c.id = u.contest "
        "WHERE c.level = 'hdnd_xa' AND u.list_finalized_at IS NOT NULL ORDER BY u.number"
    )
    assert len(rows) >= 2
    return [r["id"] for r in rows]


def codes(error: RuleViolation) -> list[str]:
    return [v.code for v in error.violations]


async def test_an_approved_unit_refuses_every_change(demo):
    unit_id, *_ = await commune_units()
    await approve_unit(unit_id, await demo_actor("ban.baclieu"))
    unit = await structure.get_unit(unit_id=unit_id, actor=system())
    before = await db.fetchval("SELECT count(*) FROM candidate WHERE unit = $1", unit_id)

    with pytest.raises(RuleViolation) as refused:
        await structure.reopen_list(
            unit_id=unit_id,
            actor=system(),
            reason=DECISION.reason,
            decision_number=DECISION.number,
            decision_date=DECISION.date,
            now=BEFORE,
        )
    assert codes(refused.value) == ["counted_unit_fixed"]
    assert "Điều 73" in (refused.value.article or "")

    # Even were the list open again by hand, nothing may be added to it.
    await db.execute("UPDATE electoral_unit SET list_finalized_at = NULL WHERE id = $1", unit_id)
    with pytest.raises(RuleViolation) as refused:
        await structure.save_candidate(
            unit_id=unit_id, data=candidate_data("Trần Văn Mới"), actor=system()
        )
    assert codes(refused.value) == ["counted_unit_fixed"]
    [first] = (await structure.list_candidates(unit_id=unit_id, actor=system()))[:1]
    with pytest.raises(RuleViolation):
        await structure.delete_candidate(candidate_id=first.id, actor=system())
    with pytest.raises(RuleViolation) as refused:
        await structure.save_unit(
            contest_id=unit.contest_id,
            unit_id=unit_id,
            number=unit.number,
            name=unit.name + " (sửa)",
            seats=unit.seats,
            description=unit.description,
            actor=system(),
        )
    assert codes(refused.value) == ["counted_unit_fixed"]
    assert await db.fetchval("SELECT count(*) FROM candidate WHERE unit = $1", unit_id) == before


async def test_a_fixed_list_does_not_reopen_on_or_after_election_day(demo):
    _, unit_id, *_ = await commune_units()
    for moment in (OPENS, AFTER, vietnam_time(2026, 12, 3)):
        with pytest.raises(RuleViolation) as refused:
            await structure.reopen_list(
                unit_id=unit_id,
                actor=system(),
                reason=DECISION.reason,
                decision_number=DECISION.number,
                decision_date=DECISION.date,
                now=moment,
            )
        assert codes(refused.value) == ["list_fixed_on_election_day"]
    unit = await structure.get_unit(unit_id=unit_id, actor=system())
    assert unit.finalized


async def test_reopening_before_the_day_needs_and_records_the_decision(demo):
    _, unit_id, *_ = await commune_units()
    with pytest.raises(RuleViolation) as refused:
        await structure.reopen_list(
            unit_id=unit_id, actor=system(), reason="Bổ sung người ứng cử", now=BEFORE
        )
    assert codes(refused.value) == ["decision_required"]

    unit = await structure.reopen_list(
        unit_id=unit_id,
        actor=system(),
        reason=DECISION.reason,
        decision_number=DECISION.number,
        decision_date=DECISION.date,
        now=BEFORE,
    )
    assert not unit.finalized
    recorded = await db.fetchrow(
        "SELECT after::text AS after, summary FROM audit_event WHERE entity_type = "
        "'electoral_unit' AND entity_id = $1 AND action = 'reopen_list'",
        str(unit_id),
    )
    assert recorded is not None
    assert DECISION.number in recorded["after"] and "2026-03-01" in recorded["after"]
    assert DECISION.number in recorded["summary"]


async def test_the_api_refuses_a_reopening_after_the_day_and_after_approval(client, demo):
    first, second, *_ = await commune_units()
    headers = await bearer(client, "quantri", DEMO_PASSWORD)
    # Today (03/12/2026) is after the demo's election day: refused by default.
    refused = await client.post(
        f"/api/v1/units/{second}/reopen",
        json={"reason": "Sửa sai", "decision_number": "9/QĐ", "decision_date": "2026-03-01"},
        headers=headers,
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["violations"][0]["code"] == "list_fixed_on_election_day"
    assert "Điều 57, 60" in refused.text

    await approve_unit(first, await demo_actor("ban.baclieu"))
    refused = await client.post(
        f"/api/v1/units/{first}/reopen",
        json={"reason": "Sửa sai", "decision_number": "9/QĐ", "decision_date": "2026-03-01"},
        headers=headers,
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["violations"][0]["code"] == "counted_unit_fixed"
    assert "Điều 73" in refused.text


async def test_a_counted_polling_area_keeps_its_units_and_fields(demo):
    from election.stations import services as stations

    unit_id, *_ = await commune_units()
    await approve_unit(unit_id, await demo_actor("ban.baclieu"))
    area_id = await db.fetchval(
        "SELECT polling_area FROM polling_area_unit WHERE unit = $1 LIMIT 1", unit_id
    )
    area = await stations.get_polling_area(polling_area_id=area_id, actor=system())
    with pytest.raises(RuleViolation) as refused:
        await stations.save_polling_area(
            election_id=area.election_id,
            commune_code=area.commune_code,
            polling_area_id=area.id,
            number=area.number,
            name=area.name + " (sửa)",
            station_address=area.station_address,
            kind=area.kind,
            planned_voters=area.planned_voters,
            notes=area.notes,
            actor=system(),
            now=PREPARATION,
        )
    assert codes(refused.value) == ["counted_area_fixed"]
    with pytest.raises(RuleViolation):
        await stations.delete_polling_area(polling_area_id=area.id, actor=system())
    after = await stations.get_polling_area(polling_area_id=area_id, actor=system())
    assert after.name == area.name and after.units == area.units


async def test_after_election_day_a_fixed_unit_and_its_list_stay_as_they_are(demo):
    """Today (03/12/2026) is after the demo's election day, nothing counted yet."""
    _, unit_id, *_ = await commune_units()
    unit = await structure.get_unit(unit_id=unit_id, actor=system())
    with pytest.raises(RuleViolation) as refused:
        await structure.save_unit(
            contest_id=unit.contest_id,
            unit_id=unit_id,
            number=unit.number,
            name=unit.name + " (sửa)",
            seats=unit.seats,
            description=unit.description,
            actor=system(),
        )
    assert codes(refused.value) == ["list_fixed_on_election_day"]
    with pytest.raises(RuleViolation) as refused:
        await structure.reopen_list(
            unit_id=unit_id,
            actor=system(),
            reason=DECISION.reason,
            decision_number=DECISION.number,
            decision_date=DECISION.date,
        )
    assert codes(refused.value) == ["list_fixed_on_election_day"]
    assert (await structure.get_unit(unit_id=unit_id, actor=system())).name == unit.name


# --------------------------------------------------------------------------
# Polling areas and their lists: preparations end when voting opens


@pytest.mark.parametrize(
    ("moment", "refused"),
    [
        (vietnam_time(2026, 3, 14, 23, 59), False),
        (vietnam_time(2026, 3, 15, 6, 59), False),
        (vietnam_time(2026, 3, 15, 7, 0), True),
        (vietnam_time(2026, 3, 16, 9, 0), True),
        (vietnam_time(2026, 12, 3, 9, 0), True),
    ],
)
def test_preparations_end_when_voting_opens(moment, refused):
    violations = check_before_voting(
        "sửa khu vực bỏ phiếu",
        moment=moment,
        election_day=dt.date(2026, 3, 15),
        voting_opens=dt.time(7, 0),
        article="Điều 11, 69",
    )
    assert bool(violations) is refused
    if refused:
        assert violations[0].code == "after_voting_opened"
        assert "không còn được sửa khu vực bỏ phiếu" in violations[0].message


async def test_after_voting_opened_an_uncounted_area_and_its_list_stay_as_they_are(demo):
    """Nothing counted in the area: the clock alone refuses, and nothing is written."""
    from election.stations import services as stations
    from election.voters import services as voters

    area_id = await db.fetchval(
        "SELECT pa.id FROM polling_area pa WHERE NOT EXISTS (SELECT 1 FROM tally_sheet s "
        "WHERE s.polling_area = pa.id) ORDER BY pa.number LIMIT 1"
    )
    area = await stations.get_polling_area(polling_area_id=area_id, actor=system())
    events_before = await db.fetchval("SELECT count(*) FROM audit_event")
    with pytest.raises(RuleViolation) as refused:
        await stations.save_polling_area(
            election_id=area.election_id,
            commune_code=area.commune_code,
            polling_area_id=area.id,
            number=area.number,
            name=area.name + " (sửa)",
            actor=system(),
        )
    assert codes(refused.value) == ["after_voting_opened"]
    with pytest.raises(RuleViolation):
        await stations.save_polling_area(
            election_id=area.election_id,
            commune_code=area.commune_code,
            number=99,
            name="",
            actor=system(),
        )
    with pytest.raises(RuleViolation):
        await stations.delete_polling_area(polling_area_id=area.id, actor=system())
    with pytest.raises(RuleViolation):
        await voters.post_area_list(
            polling_area_id=area.id,
            posted_on=dt.date(2026, 12, 3),
            place="Nhà văn hóa",
            actor=system(),
        )
    await db.execute("UPDATE voter_list SET finalized_at = NULL WHERE polling_area = $1", area.id)
    with pytest.raises(RuleViolation):
        await voters.finalize_area_list(polling_area_id=area.id, actor=system())
    assert (await stations.get_polling_area(polling_area_id=area_id, actor=system())).name == (
        area.name
    )
    assert await db.fetchval("SELECT count(*) FROM polling_area WHERE number = 99") == 0
    assert await db.fetchval("SELECT count(*) FROM audit_event") == events_before
    # Before voting opens, the same change goes through.
    saved = await stations.save_polling_area(
        election_id=area.election_id,
        commune_code=area.commune_code,
        number=99,
        name="",
        actor=system(),
        now=PREPARATION,
    )
    assert saved.area.number == 99


async def test_the_api_refuses_a_new_area_after_election_day_in_vietnamese(client, demo):
    headers = await bearer(client, "phuong.baclieu", "demo-2026-baucu")
    election_id = await db.fetchval("SELECT id FROM election LIMIT 1")
    answer = await client.post(
        f"/api/v1/elections/{election_id}/communes/31825/polling-areas",
        json={"number": 77, "name": "Khu vực mới"},
        headers=headers,
    )
    assert answer.status_code in (409, 422), answer.text
    assert "Đã bắt đầu bỏ phiếu" in answer.text and "Điều 11, 69" in answer.text
    assert await db.fetchval("SELECT count(*) FROM polling_area WHERE number = 77") == 0
