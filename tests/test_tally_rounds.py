"""Follow-up rounds through the services, the API and the unit page: the re-run
after the National Election Council annuls the result of polling areas or of
a whole unit (Art. 81), a round of its own like bầu cử thêm and lại (Art. 79,
80), with its decision (number, date, reason), its sheets and its result."""

from __future__ import annotations

import datetime as dt

import pytest

from election import db
from election.errors import Conflict, NotFound, RuleViolation
from election.tallies import services
from election.tallies.tables import RoundKind, SheetState
from tests.builders import bearer
from tests.tally_helpers import consistent_figures
from tests.test_tallies import approve_unit, demo_actor, submit, ward_unit
from tests.test_tallies_api import DEMO_PASSWORD

RERUN_DAY = dt.date(2026, 3, 22)
RERUN_NIGHT = dt.datetime(2026, 3, 22, 13, 0, tzinfo=dt.UTC)
DECISION = {
    "decision": "12/NQ-HĐBCQG",
    "decision_date": dt.date(2026, 3, 17),
    "reason": "Tổ bầu cử để người không có tên trong danh sách cử tri bỏ phiếu thay.",
}


async def finalized_ward_unit():
    board = await demo_actor("ban.baclieu")
    unit = await ward_unit()
    await approve_unit(unit["id"], board)
    first = await services.finalize_unit(unit_id=unit["id"], actor=board)
    areas = [
        r["polling_area"]
        for r in await db.fetch(
            "SELECT polling_area FROM polling_area_unit WHERE unit = $1 ORDER BY polling_area",
            unit["id"],
        )
    ]
    assert len(areas) >= 2
    return unit, board, first, areas


async def annul(unit_id: int, actor, **changes):
    values = {"voting_day": RERUN_DAY, **DECISION, **changes}
    return await services.open_round(
        unit_id=unit_id, kind=RoundKind.ANNULMENT, actor=actor, **values
    )


async def test_an_annulment_follows_a_fixed_result_and_states_its_decision(demo):
    staff = await demo_actor("phuong.baclieu")
    unit = await ward_unit()
    with pytest.raises(Conflict):
        await annul(unit["id"], staff)
    unit, _, _, areas = await finalized_ward_unit()
    with pytest.raises(RuleViolation) as refused:
        await annul(unit["id"], staff, reason="", decision_date=None)
    assert {v.code for v in refused.value.violations} == {
        "annulment_reason",
        "round_decision_date",
    }
    assert {v.article for v in refused.value.violations} == {"Điều 81"}
    stranger = await db.fetchval(
        "SELECT id FROM polling_area WHERE id <> ALL($1::int[]) LIMIT 1", areas
    )
    with pytest.raises(RuleViolation) as refused:
        await annul(unit["id"], staff, polling_area_ids=[stranger])
    assert [v.code for v in refused.value.violations] == ["annulment_areas"]
    with pytest.raises(RuleViolation) as refused:
        await annul(unit["id"], staff, voting_day=dt.date(2026, 3, 23))
    assert [v.code for v in refused.value.violations] == ["round_date"]
    # Bầu cử thêm and lại keep the whole unit: only an annulment names areas.
    with pytest.raises(RuleViolation):
        await services.open_round(
            unit_id=unit["id"],
            kind=RoundKind.RERUN,
            voting_day=RERUN_DAY,
            decision="5",
            actor=staff,
        )


async def test_a_polling_area_votes_again_and_the_others_keep_their_result(demo):
    unit, board, first, areas = await finalized_ward_unit()
    staff = await demo_actor("phuong.baclieu")
    province = await demo_actor("tinh.camau")
    annulled = areas[0]
    round_id = await annul(unit["id"], staff, polling_area_ids=[annulled])
    (recorded,) = await services.unit_rounds(unit_id=unit["id"], actor=staff)
    assert recorded.kind == RoundKind.ANNULMENT and recorded.polling_areas == [annulled]
    assert recorded.decision == "12/NQ-HĐBCQG" and recorded.decision_date == dt.date(2026, 3, 17)
    assert recorded.reason.startswith("Tổ bầu cử để người")
    # The round opens with a sheet for the annulled area only.
    sheet_ids = await db.fetch(
        "SELECT id, polling_area FROM tally_sheet WHERE unit_round = $1", round_id
    )
    assert [r["polling_area"] for r in sheet_ids] == [annulled]
    with pytest.raises(NotFound):
        contest = await db.fetchval("SELECT contest FROM electoral_unit WHERE id = $1", unit["id"])
        await services.sheet_for(
            polling_area_id=areas[1], contest_id=contest, actor=staff, round_id=round_id
        )
    area_sheets = await services.area_sheets(polling_area_id=annulled, actor=staff)
    sheet = next(s for s in area_sheets if s.round_id == round_id)
    assert sheet.round_kind == RoundKind.ANNULMENT
    assert sheet.counting_day == RERUN_DAY
    # The same candidates as the first round (Art. 81(2)).
    assert len(sheet.candidates) == len(first.totals.candidates)

    before = await services.unit_result(unit_id=unit["id"], actor=board, round_id=round_id)
    assert before.areas_total == len(areas)
    assert before.areas_approved == len(areas) - 1 and before.provisional
    annulled_entry = await db.fetchrow(
        """
        SELECT e.voters_took_part FROM tally_sheet s JOIN tally_entry e ON e.id = s.approved_entry
        WHERE s.unit = $1 AND s.polling_area = $2 AND s.unit_round IS NULL
        """,
        unit["id"],
        annulled,
    )
    took_part = first.totals.voters_took_part - annulled_entry["voters_took_part"]
    assert before.totals.voters_took_part == took_part

    figures = consistent_figures(sheet, took_part=sheet.voters_on_list_from_list - 5)
    await submit(sheet, figures, staff, now=RERUN_NIGHT)
    await submit(sheet, figures, province, now=RERUN_NIGHT)
    await services.approve(sheet_id=sheet.id, actor=board)
    after = await services.unit_result(unit_id=unit["id"], actor=board, round_id=round_id)
    assert not after.provisional
    assert after.totals.voters_took_part == took_part + figures.voters_took_part
    fixed = await services.finalize_unit(unit_id=unit["id"], actor=board, round_id=round_id)
    assert fixed.finalized and fixed.round_kind == RoundKind.ANNULMENT
    # The first round's sheets stay as they were; the round's is locked.
    state = await db.fetchval("SELECT state FROM tally_sheet WHERE id = $1", sheet.id)
    assert state == SheetState.LOCKED.value
    results = await services.fixed_results(unit_id=unit["id"])
    assert services.elected(results) == list(fixed.determination.winners)
    with pytest.raises(Conflict):
        await annul(unit["id"], staff)


async def test_a_whole_unit_votes_again_after_its_result_is_annulled(demo):
    unit, board, _, areas = await finalized_ward_unit()
    staff = await demo_actor("phuong.baclieu")
    round_id = await annul(unit["id"], staff)
    sheets = await db.fetch("SELECT polling_area FROM tally_sheet WHERE unit_round = $1", round_id)
    assert sorted(r["polling_area"] for r in sheets) == areas
    view = await services.unit_result(unit_id=unit["id"], actor=board, round_id=round_id)
    assert view.areas_reported == 0 and view.totals.voters_took_part == 0


async def test_the_api_records_an_annulment_and_the_page_offers_it(client, demo):
    unit, _, _, areas = await finalized_ward_unit()
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    response = await client.post(
        f"/api/v1/units/{unit['id']}/rounds",
        json={
            "kind": "annulment",
            "voting_day": "22/03/2026",
            "decision": "12/NQ-HĐBCQG",
            "decision_date": "2026-03-17",
            "reason": DECISION["reason"],
            "polling_area_ids": [areas[1]],
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "annulment" and body["polling_areas"] == [areas[1]]
    assert body["decision_date"] == "2026-03-17"
    refused = await client.post(
        f"/api/v1/units/{unit['id']}/rounds",
        json={"kind": "annulment", "voting_day": "22/03/2026", "decision": "13/NQ-HĐBCQG"},
        headers=headers,
    )
    assert refused.status_code in (409, 422)
    rounds = await client.get(f"/api/v1/units/{unit['id']}/rounds", headers=headers)
    assert [r["kind_label"] for r in rounds.json()] == [
        "Bầu cử lại sau khi hủy bỏ kết quả (Điều 81)"
    ]
