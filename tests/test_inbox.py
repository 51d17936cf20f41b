"""The "Việc cần làm" inbox: each kind of work appears when the sheet, unit or
area reaches its state and leaves when someone acts; every user sees only
their scope and their board's contests."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from election import db
from election.accounts import services as accounts
from election.actor import Role, ScopeLevel
from election.errors import Forbidden
from election.tallies import services
from election.tallies.services.inbox import OVERDUE_HOURS, inbox
from tests.builders import login_page, make_actor, system
from tests.tally_helpers import consistent_figures

NIGHT = dt.datetime(2026, 3, 15, 20, 0, tzinfo=dt.UTC)
# Voting closes at 19:00 in Vietnam (12:00 UTC) on election day.
BEFORE_LATE = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC) + dt.timedelta(
    hours=OVERDUE_HOURS, minutes=-1
)
LATE = BEFORE_LATE + dt.timedelta(minutes=2)
DEMO_PASSWORD = "demo-2026-baucu"


async def demo_actor(username: str):
    return (await accounts.find_user(username=username)).actor()


async def election_id() -> int:
    return await db.fetchval("SELECT id FROM election")


async def counts(actor, now=NIGHT) -> dict[str, int]:
    work = await inbox(election_id=await election_id(), actor=actor, now=now)
    return {g.kind.code: g.count for g in work.groups}


async def items(actor, kind: str, now=NIGHT) -> list:
    work = await inbox(election_id=await election_id(), actor=actor, now=now)
    return next(g for g in work.groups if g.kind.code == kind).items


async def submit(sheet, figures, actor):
    return await services.submit(
        sheet_id=sheet.id, submission=services.Submission(figures=figures), actor=actor, now=NIGHT
    )


async def area_one_sheets():
    officer = await demo_actor("to.kv01")
    sheets = await services.area_sheets(polling_area_id=officer.polling_area_id, actor=officer)
    return officer, {s.level.value: s for s in sheets}


async def test_nothing_waits_before_anyone_entered_and_before_the_areas_are_late(demo):
    for username in ("ban.baclieu", "ban.camau", "phuong.baclieu", "tinh.camau"):
        actor = await demo_actor(username)
        assert set((await counts(actor, now=BEFORE_LATE)).values()) == {0}, username


async def test_a_first_entry_waits_for_verification_then_for_approval(demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    board = await demo_actor("ban.baclieu")
    staff = await demo_actor("phuong.baclieu")
    sheet = sheets["hdnd_xa"]
    figures = consistent_figures(sheet)

    await submit(sheet, figures, officer)
    assert (await counts(staff))["to_verify"] == 1
    assert (await counts(board))["to_verify"] == 1
    [item] = await items(staff, "to_verify")
    assert item.sheet_id == sheet.id and item.number == sheet.polling_area_number

    await submit(sheet, figures, secretary)
    staff_counts = await counts(staff)
    assert staff_counts["to_verify"] == 0 and staff_counts["to_approve"] == 1
    [item] = await items(board, "to_approve")
    assert item.sheet_id == sheet.id

    await services.approve(sheet_id=sheet.id, actor=board)
    board_counts = await counts(board)
    assert board_counts["to_approve"] == 0 and board_counts["review"] == 0


async def test_a_mismatch_is_its_own_kind_until_the_entries_agree(demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    staff = await demo_actor("phuong.baclieu")
    sheet = sheets["dbqh"]
    figures = consistent_figures(sheet)
    first = sheet.candidates[0].id
    second = sheet.candidates[1].id
    slip = dataclasses.replace(
        figures,
        votes=figures.votes | {first: figures.votes[first] - 1, second: figures.votes[second] + 1},
    )

    await submit(sheet, figures, officer)
    await submit(sheet, slip, secretary)
    found = await counts(staff)
    assert found["mismatch"] == 1 and found["to_verify"] == 0
    [item] = await items(staff, "mismatch")
    assert item.sheet_id == sheet.id

    # The officer re-reads the paper and agrees with the secretary.
    await submit(sheet, slip, officer)
    found = await counts(staff)
    assert found["mismatch"] == 0 and found["to_approve"] == 1


async def test_a_sheet_with_warnings_waits_for_review_not_plain_approval(demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    board = await demo_actor("ban.baclieu")
    sheet = sheets["hdnd_xa"]
    figures = consistent_figures(sheet)
    odd = dataclasses.replace(figures, voters_took_part=figures.voters_took_part - 1)
    await submit(sheet, odd, officer)
    await submit(sheet, odd, secretary)
    found = await counts(board)
    assert found["review"] == 1 and found["to_approve"] == 0
    await services.approve(sheet_id=sheet.id, actor=board, comment="Đã đối chiếu phiếu.")
    assert (await counts(board))["review"] == 0


async def test_boards_see_only_the_contests_of_their_units(demo):
    officer, sheets = await area_one_sheets()
    province_board = await demo_actor("ban.camau")
    commune_board = await demo_actor("ban.baclieu")
    await submit(sheets["hdnd_xa"], consistent_figures(sheets["hdnd_xa"]), officer)
    assert (await counts(commune_board))["to_verify"] == 1
    assert (await counts(province_board))["to_verify"] == 0
    await submit(sheets["dbqh"], consistent_figures(sheets["dbqh"]), officer)
    assert (await counts(province_board))["to_verify"] == 1
    assert (await counts(commune_board))["to_verify"] == 1


async def test_other_places_never_see_the_work(demo):
    officer, sheets = await area_one_sheets()
    await submit(sheets["dbqh"], consistent_figures(sheets["dbqh"]), officer)
    elsewhere_commune = await make_actor(
        Role.COMMUNE_STAFF, province_code="01", commune_code="00070"
    )
    elsewhere_province = await make_actor(Role.PROVINCE_STAFF, province_code="01")
    national = await make_actor(Role.ADMIN, scope_level=ScopeLevel.NATIONAL)
    assert set((await counts(elsewhere_commune, now=LATE)).values()) == {0}
    assert set((await counts(elsewhere_province, now=LATE)).values()) == {0}
    assert (await counts(national))["to_verify"] == 1
    # Another polling area's officer of the same ward sees nothing of area 1.
    other_area = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 2"
    )
    other_officer = await make_actor(Role.STATION_OFFICER, polling_area_id=other_area)
    assert (await counts(other_officer))["to_verify"] == 0
    assert (await counts(officer))["to_verify"] == 1


async def test_areas_are_late_hours_after_voting_closed_until_their_sheets_arrive(demo):
    officer, sheets = await area_one_sheets()
    staff = await demo_actor("phuong.baclieu")
    board = await demo_actor("ban.baclieu")
    areas = await db.fetchval("SELECT count(*) FROM polling_area WHERE commune = '31825'")
    assert (await counts(staff, now=BEFORE_LATE))["overdue"] == 0
    assert (await counts(staff, now=LATE))["overdue"] == areas

    # The ward board's contest of area 1 arrives: late no more for the board;
    # the staff still wait for the area's two other sheets.
    await submit(sheets["hdnd_xa"], consistent_figures(sheets["hdnd_xa"]), officer)
    assert (await counts(board, now=LATE))["overdue"] == areas - 1
    late = {i.polling_area_id: i for i in await items(staff, "overdue", now=LATE)}
    assert late[officer.polling_area_id].missing == 2
    for level in ("dbqh", "hdnd_tinh"):
        await submit(sheets[level], consistent_figures(sheets[level]), officer)
    assert (await counts(staff, now=LATE))["overdue"] == areas - 1


async def approve_unit(unit_id: int, board) -> None:
    staff = await demo_actor("phuong.baclieu")
    province = await demo_actor("tinh.camau")
    rows = await db.fetch(
        "SELECT polling_area, contest FROM polling_area_unit WHERE unit = $1", unit_id
    )
    for row in rows:
        sheet = await services.sheet_for(
            polling_area_id=row["polling_area"], contest_id=row["contest"], actor=system()
        )
        figures = consistent_figures(sheet)
        await submit(sheet, figures, staff)
        await submit(sheet, figures, province)
        await services.approve(sheet_id=sheet.id, actor=board)


async def test_a_unit_with_every_sheet_approved_waits_for_its_result_to_be_fixed(
    demo, tmp_path, monkeypatch
):
    monkeypatch.setenv("ELECTION_AUDIT_CHECKPOINT_DIR", str(tmp_path))
    board = await demo_actor("ban.baclieu")
    unit_id = await db.fetchval(
        """
        SELECT u.id FROM electoral_unit u JOIN contest c ON c.id = u.contest
        WHERE c.level = 'hdnd_xa' AND u.commune = '31825' ORDER BY u.number LIMIT 1
        """
    )
    assert (await counts(board))["ready_unit"] == 0
    await approve_unit(unit_id, board)
    [item] = await items(board, "ready_unit")
    assert item.unit_id == unit_id
    # The province's board does not fix a ward unit.
    assert (await counts(await demo_actor("ban.camau")))["ready_unit"] == 0
    await services.finalize_unit(unit_id=unit_id, actor=board)
    assert (await counts(board))["ready_unit"] == 0


async def test_the_page_lists_the_work_with_links_to_act(client, demo):
    officer, sheets = await area_one_sheets()
    sheet = sheets["hdnd_xa"]
    await submit(sheet, consistent_figures(sheet), officer)
    await login_page(client, "ban.baclieu", DEMO_PASSWORD)
    home = await client.get("/")
    assert 'href="/viec-can-lam"' in home.text
    page = await client.get("/viec-can-lam")
    assert page.status_code == 200
    assert "Việc cần làm" in page.text
    assert f'href="/tally-sheets/{sheet.id}"' in page.text
    assert 'data-kind-count="to_verify">1<' in page.text


async def test_a_wide_scope_narrows_to_a_place_but_never_widens(client, demo):
    officer, sheets = await area_one_sheets()
    await submit(sheets["dbqh"], consistent_figures(sheets["dbqh"]), officer)
    national = await make_actor(Role.ADMIN, scope_level=ScopeLevel.NATIONAL)
    election = await election_id()
    narrowed = await inbox(election_id=election, actor=national, province_code="96")
    assert {g.kind.code: g.count for g in narrowed.groups}["to_verify"] == 1
    elsewhere = await inbox(election_id=election, actor=national, province_code="01")
    assert elsewhere.total == 0
    ward = await inbox(election_id=election, actor=national, commune_code="31825")
    assert {g.kind.code: g.count for g in ward.groups}["to_verify"] == 1

    province_staff = await demo_actor("tinh.camau")
    with pytest.raises(Forbidden):
        await inbox(election_id=election, actor=province_staff, province_code="01")
    commune_staff = await demo_actor("phuong.baclieu")
    with pytest.raises(Forbidden):
        await inbox(election_id=election, actor=commune_staff, commune_code="00070")
    # A commune of another province, asked by a province's staff, shows nothing.
    assert (
        await inbox(election_id=election, actor=province_staff, commune_code="00070")
    ).total == 0

    await login_page(client, "tinh.camau", DEMO_PASSWORD)
    page = await client.get("/viec-can-lam?commune=31825")
    assert page.status_code == 200
    assert '<option value="31825" selected>' in page.text
    assert (await client.get("/viec-can-lam?province=01")).status_code == 403
