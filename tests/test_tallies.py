"""Tallying through the services: entry, double entry, approval, corrections,
results, follow-up rounds (Art. 73–80) on the demo election."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import math

import pytest

from election import db
from election.actor import Role
from election.audit import services as audit
from election.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from election.tallies import exports, live, services
from election.tallies.queries import changes as change_queries
from election.tallies.tables import RoundKind, SheetState
from tests.builders import BAC_LIEU, CA_MAU, make_actor, system
from tests.tally_helpers import (
    approve_unit,
    consistent_figures,
    demo_actor,
    submit,
)


async def area_one_sheets():
    officer = await demo_actor("to.kv01")
    sheets = await services.area_sheets(polling_area_id=officer.polling_area_id, actor=officer)
    return officer, {s.level.value: s for s in sheets}


async def test_an_area_has_one_sheet_per_contest_with_the_ballot_names(demo):
    _, sheets = await area_one_sheets()
    assert set(sheets) == {"dbqh", "hdnd_tinh", "hdnd_xa"}
    national = sheets["dbqh"]
    assert national.state == SheetState.DRAFT
    assert len(national.candidates) >= national.seats + 2
    assert national.voters_on_list_from_list > 0
    # Asking again returns the same sheets.
    _, again = await area_one_sheets()
    assert again["dbqh"].id == national.id


async def test_entry_double_entry_and_approval(demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    province_board = await demo_actor("ban.camau")
    commune_board = await demo_actor("ban.baclieu")
    sheet = sheets["dbqh"]
    figures = consistent_figures(sheet)

    first = await submit(sheet, figures, officer)
    assert first["state"] == "submitted" and first["mismatches"] == []
    # The same person entering twice is not a verification.
    again = await submit(sheet, figures, officer)
    assert again["state"] == "submitted"
    second = await submit(sheet, figures, secretary)
    assert second["state"] == "verified"

    # ĐBQH sheets are approved by the province-level board, not the ward's.
    with pytest.raises(Forbidden):
        await services.approve(sheet_id=sheet.id, actor=commune_board)
    approved = await services.approve(sheet_id=sheet.id, actor=province_board)
    assert approved.state == SheetState.APPROVED
    assert approved.approved_entry == second["entry_id"]
    trail = await db.fetch(
        "SELECT action FROM audit_event WHERE entity_type = 'tally_sheet' AND entity_id = $1 ORDER BY id",
        str(sheet.id),
    )
    assert [r["action"] for r in trail] == ["entry", "entry", "verification", "approve"]


async def test_mismatching_entries_show_the_fields_and_wait_for_a_matching_one(demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    sheet = sheets["hdnd_xa"]
    figures = consistent_figures(sheet)
    first_candidate = sheet.candidates[0].id
    typo = dataclasses.replace(
        figures,
        invalid=figures.invalid + 1,
        valid=figures.valid - 1,
        votes={**figures.votes, first_candidate: figures.votes[first_candidate] - 1},
    )
    await submit(sheet, figures, officer)
    response = await submit(sheet, typo, secretary)
    assert response["state"] == "submitted"
    assert set(response["mismatches"]) == {"valid", "invalid", f"votes:{first_candidate}"}
    # The officer checks the paper and enters what the secretary read.
    response = await submit(sheet, typo, officer)
    assert response["state"] == "verified"


async def test_an_arithmetic_error_is_refused_and_nothing_is_written(demo):
    officer, sheets = await area_one_sheets()
    sheet = sheets["dbqh"]
    figures = consistent_figures(sheet)
    broken = dataclasses.replace(figures, valid=figures.valid + 5)
    with pytest.raises(RuleViolation) as raised:
        await submit(sheet, broken, officer)
    assert any(v.article for v in raised.value.violations)
    assert await db.fetchval("SELECT count(*) FROM tally_entry WHERE sheet = $1", sheet.id) == 0
    assert (await services.get_sheet(sheet_id=sheet.id, actor=officer)).state == SheetState.DRAFT


async def test_a_warning_needs_a_comment_from_the_board(demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    board = await demo_actor("ban.baclieu")
    sheet = sheets["hdnd_xa"]
    figures = consistent_figures(sheet)
    # More ballots in the box than voters who took part: allowed, but reviewed.
    odd = dataclasses.replace(figures, voters_took_part=figures.voters_took_part - 1)
    response = await submit(sheet, odd, officer)
    assert response["warnings"]
    await submit(sheet, odd, secretary)
    with pytest.raises(RuleViolation):
        await services.approve(sheet_id=sheet.id, actor=board)
    approved = await services.approve(
        sheet_id=sheet.id, actor=board, comment="Đã đối chiếu phiếu, một cử tri bỏ phiếu hộ."
    )
    assert approved.state == SheetState.APPROVED and approved.needs_review


async def test_a_total_that_differs_from_the_list_needs_a_reason(demo):
    officer, sheets = await area_one_sheets()
    sheet = sheets["dbqh"]
    figures = consistent_figures(sheet)
    more = dataclasses.replace(figures, voters_on_list=figures.voters_on_list + 3)
    with pytest.raises(RuleViolation) as raised:
        await submit(sheet, more, officer)
    assert raised.value.violations[0].article == "Điều 76"
    response = await submit(
        sheet, more, officer, reason="Ba cử tri có giấy chứng nhận đi bầu nơi khác"
    )
    assert response["state"] == "submitted"


async def test_a_retried_submission_is_recorded_once(demo):
    officer, sheets = await area_one_sheets()
    sheet = sheets["dbqh"]
    figures = consistent_figures(sheet)
    responses = await asyncio.gather(
        *(submit(sheet, figures, officer, idempotency_key="phone-42") for _ in range(4))
    )
    assert len({r["entry_id"] for r in responses}) == 1
    assert await db.fetchval("SELECT count(*) FROM tally_entry WHERE sheet = $1", sheet.id) == 1


async def test_an_idempotency_key_reused_for_another_sheet_is_refused(demo):
    officer, sheets = await area_one_sheets()
    first, other = sheets["dbqh"], sheets["hdnd_xa"]
    await submit(first, consistent_figures(first), officer, idempotency_key="phone-7")
    with pytest.raises(Conflict, match=f"đã dùng cho biên bản số {first.id}"):
        await submit(other, consistent_figures(other), officer, idempotency_key="phone-7")
    assert await db.fetchval("SELECT count(*) FROM tally_entry WHERE sheet = $1", other.id) == 0


async def test_two_users_entering_one_sheet_at_once_verify_each_other(demo):
    """The second entry compares with the first, even when both arrive together."""
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    sheet = sheets["hdnd_xa"]
    figures = consistent_figures(sheet)
    responses = await asyncio.gather(
        submit(sheet, figures, officer), submit(sheet, figures, secretary)
    )
    assert sorted(r["state"] for r in responses) == ["submitted", "verified"]
    kinds = await db.fetch("SELECT kind FROM tally_entry WHERE sheet = $1 ORDER BY id", sheet.id)
    assert [r["kind"] for r in kinds] == ["entry", "verification"]
    state = await db.fetchval("SELECT state FROM tally_sheet WHERE id = $1", sheet.id)
    assert state == "verified"


async def test_an_entry_whose_sheet_changed_after_it_was_read_reads_it_again(demo):
    """The secretary's entry reads the sheet before the officer's entry commits
    and writes after: its write finds the sheet changed, writes nothing, and
    the entry is read and checked again, now as the officer's verification."""
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    sheet = sheets["hdnd_tinh"]
    figures = consistent_figures(sheet)
    officer_wrote, commit_officer = asyncio.Event(), asyncio.Event()

    async def officer_entry():
        async with db.transaction():
            response = await submit(sheet, figures, officer)
            officer_wrote.set()
            await commit_officer.wait()
        return response

    async def secretary_waiting() -> bool:
        return bool(
            await db.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE '%sheet_row AS%'"
            )
        )

    first = asyncio.create_task(officer_entry())
    await officer_wrote.wait()
    second = asyncio.create_task(submit(sheet, figures, secretary))
    for _ in range(500):
        if await secretary_waiting():
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("the secretary's write never waited for the officer's")
    commit_officer.set()
    officer_response, secretary_response = await asyncio.gather(first, second)
    assert officer_response["state"] == "submitted"
    assert secretary_response["state"] == "verified"
    entries = await db.fetch(
        "SELECT id, kind, matches_entry FROM tally_entry WHERE sheet = $1 ORDER BY id", sheet.id
    )
    assert [(e["kind"], e["matches_entry"]) for e in entries] == [
        ("entry", None),
        ("verification", officer_response["entry_id"]),
    ]
    events = await db.fetchval(
        "SELECT count(*) FROM audit_event WHERE entity_type = 'tally_sheet' AND entity_id = $1",
        str(sheet.id),
    )
    assert events == 2


async def test_only_the_team_of_the_area_and_staff_may_enter(demo):
    _, sheets = await area_one_sheets()
    sheet = sheets["dbqh"]
    figures = consistent_figures(sheet)
    other_area = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = $1 AND number = 2", BAC_LIEU
    )
    stranger = await make_actor(
        Role.STATION_OFFICER, polling_area_id=other_area, username="to.kv02"
    )
    with pytest.raises(NotFound):
        await submit(sheet, figures, stranger)
    observer = await demo_actor("giamsat.baclieu")
    with pytest.raises(Forbidden):
        await submit(sheet, figures, observer)
    staff = await demo_actor("phuong.baclieu")
    assert (await submit(sheet, figures, staff))["state"] == "submitted"


async def test_counting_starts_on_election_day(demo):
    officer, sheets = await area_one_sheets()
    sheet = sheets["dbqh"]
    with pytest.raises(RuleViolation):
        await submit(
            sheet,
            consistent_figures(sheet),
            officer,
            now=dt.datetime(2026, 3, 14, 20, tzinfo=dt.UTC),
        )


async def test_a_correction_after_approval_is_a_new_version_verified_again(demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    board = await demo_actor("ban.baclieu")
    sheet = sheets["hdnd_xa"]
    figures = consistent_figures(sheet)
    await submit(sheet, figures, officer)
    await submit(sheet, figures, secretary)
    await services.approve(sheet_id=sheet.id, actor=board)
    fixed = dataclasses.replace(figures, complaints_received=1, complaints_settled=1)
    with pytest.raises(RuleViolation):
        await submit(sheet, fixed, officer)
    response = await submit(sheet, fixed, officer, reason="Bỏ sót một khiếu nại đã giải quyết")
    assert response["state"] == "submitted"
    entries = await services.sheet_entries(sheet_id=sheet.id, actor=officer)
    assert entries[-1].kind.value == "correction" and entries[-1].version == 2
    # Until the correction is verified the sheet stands for its new figures, unapproved.
    current = await services.get_sheet(sheet_id=sheet.id, actor=officer)
    assert current.state == SheetState.SUBMITTED
    verified = await submit(sheet, fixed, secretary, reason="Bỏ sót một khiếu nại đã giải quyết")
    assert verified["state"] == "verified"


async def test_attachments_keep_the_signed_paper_with_its_digest(demo):
    officer, sheets = await area_one_sheets()
    sheet = sheets["dbqh"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    row = await services.attach(
        sheet_id=sheet.id, filename="bien-ban.png", content=png, actor=officer
    )
    assert row.content_type == "image/png" and len(row.sha256) == 64
    _, content = await services.attachment_content(
        sheet_id=sheet.id, attachment_id=row.id, actor=officer
    )
    assert content == png
    with pytest.raises(InvalidInput):
        await services.attach(sheet_id=sheet.id, filename="x.txt", content=b"hello", actor=officer)


async def ward_unit():
    return await db.fetchrow(
        """
        SELECT u.id, u.seats FROM electoral_unit u JOIN contest c ON c.id = u.contest
        WHERE c.level = 'hdnd_xa' AND u.commune = $1 ORDER BY u.number LIMIT 1
        """,
        BAC_LIEU,
    )


async def test_finalizing_a_unit_locks_its_sheets_and_fixes_the_winners(
    demo, tmp_path, monkeypatch
):
    monkeypatch.setenv("ELECTION_AUDIT_CHECKPOINT_DIR", str(tmp_path))
    board = await demo_actor("ban.baclieu")
    unit = await ward_unit()
    result = await services.unit_result(unit_id=unit["id"], actor=board)
    assert result.provisional and result.areas_reported == 0
    with pytest.raises(Conflict):
        await services.finalize_unit(unit_id=unit["id"], actor=board)
    areas = await approve_unit(unit["id"], board)
    result = await services.unit_result(unit_id=unit["id"], actor=board)
    assert result.areas_approved == areas and not result.provisional
    assert len(result.determination.winners) == unit["seats"]
    final = await services.finalize_unit(unit_id=unit["id"], actor=board)
    assert final.finalized
    # The fixed result is sealed outside the database, in the background.
    for _ in range(100):
        if audit.latest_checkpoint(tmp_path) is not None:
            break
        await asyncio.sleep(0.05)
    assert audit.latest_checkpoint(tmp_path) is not None
    states = await db.fetch("SELECT DISTINCT state FROM tally_sheet WHERE unit = $1", unit["id"])
    assert [r["state"] for r in states] == ["locked"]
    sheet_id = await db.fetchval("SELECT id FROM tally_sheet WHERE unit = $1 LIMIT 1", unit["id"])
    sheet = await services.get_sheet(sheet_id=sheet_id, actor=board)
    with pytest.raises(Conflict):
        await submit(sheet, consistent_figures(sheet), await demo_actor("phuong.baclieu"))
    with pytest.raises(Conflict):
        await services.finalize_unit(unit_id=unit["id"], actor=board)


def too_few_elected(sheet):
    """Fewer than two thirds of the seats get more than half of the valid ballots."""
    n = len(sheet.candidates)
    elected = math.ceil(2 * sheet.seats / 3) - 1
    shares = [10] * elected + [1] * (n - elected)
    return consistent_figures(sheet, shares=shares)


async def test_an_empty_seat_opens_a_supplementary_round_within_seven_days(demo):
    board = await demo_actor("ban.baclieu")
    staff = await demo_actor("phuong.baclieu")
    unit = await ward_unit()
    await approve_unit(unit["id"], board, too_few_elected)
    final = await services.finalize_unit(unit_id=unit["id"], actor=board)
    elected = len(final.determination.winners)
    assert elected < 2 * unit["seats"] / 3
    assert final.determination.empty_seats == unit["seats"] - elected
    assert final.determination.needs_supplementary
    with pytest.raises(RuleViolation):
        await services.open_round(
            unit_id=unit["id"],
            kind=RoundKind.RERUN,
            voting_day=dt.date(2026, 3, 22),
            decision="Nghị quyết số 5",
            actor=staff,
        )
    with pytest.raises(RuleViolation):
        await services.open_round(
            unit_id=unit["id"],
            kind=RoundKind.SUPPLEMENTARY,
            voting_day=dt.date(2026, 3, 23),
            decision="Nghị quyết số 5",
            actor=staff,
        )
    round_id = await services.open_round(
        unit_id=unit["id"],
        kind=RoundKind.SUPPLEMENTARY,
        voting_day=dt.date(2026, 3, 22),
        decision="Nghị quyết số 5",
        actor=staff,
    )
    with pytest.raises(Conflict):
        await services.open_round(
            unit_id=unit["id"],
            kind=RoundKind.SUPPLEMENTARY,
            voting_day=dt.date(2026, 3, 22),
            decision="Nghị quyết số 6",
            actor=staff,
        )
    # The supplementary ballot lists only the candidates not elected.
    area = await db.fetchrow(
        "SELECT polling_area, contest FROM polling_area_unit WHERE unit = $1 LIMIT 1", unit["id"]
    )
    sheet = await services.sheet_for(
        polling_area_id=area["polling_area"],
        contest_id=area["contest"],
        actor=staff,
        round_id=round_id,
    )
    winners = set(final.determination.winners)
    assert sheet.round_kind == RoundKind.SUPPLEMENTARY
    assert winners.isdisjoint(c.id for c in sheet.candidates)
    assert len(sheet.candidates) == len(final.totals.candidates) - len(winners)
    # An entry of that round takes votes for the names on its ballot only.
    round_night = dt.datetime(2026, 3, 22, 13, 0, tzinfo=dt.UTC)
    figures = consistent_figures(sheet)
    winner = min(winners)
    with_a_winner = dataclasses.replace(figures, votes={**figures.votes, winner: 1})
    with pytest.raises(RuleViolation) as refused:
        await submit(sheet, with_a_winner, staff, now=round_night)
    assert "tally_unknown_candidate" in [v.code for v in refused.value.violations]
    entered = await submit(sheet, figures, staff, now=round_night)
    assert entered["state"] == SheetState.SUBMITTED.value


async def test_the_set_based_aggregate_agrees_with_the_unit_result(demo):
    board = await demo_actor("ban.baclieu")
    unit = await ward_unit()
    await approve_unit(unit["id"], board)
    # And one ĐBQH sheet, so another unit is partly reported.
    officer, sheets = await area_one_sheets()
    await submit(sheets["dbqh"], consistent_figures(sheets["dbqh"]), officer)
    aggregates = await exports.aggregate_units(
        election_id=sheets["dbqh"].election_id, scope=live.Scope(province_code=CA_MAU)
    )
    assert aggregates
    admin = system()
    for aggregate in aggregates:
        view = await services.unit_result(unit_id=aggregate.unit_id, actor=admin)
        assert aggregate.totals == view.totals, aggregate.unit_name
        assert aggregate.determination == view.determination
        assert aggregate.areas_reported == view.areas_reported


async def test_progress_counts_sheets_by_state_and_turnout(demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    election_id = sheets["dbqh"].election_id
    before = await services.progress(election_id=election_id, commune_code=BAC_LIEU)
    assert before.reported == 0 and before.sheets_total > 0
    figures = consistent_figures(sheets["dbqh"])
    await submit(sheets["dbqh"], figures, officer)
    await submit(sheets["dbqh"], figures, secretary)
    await submit(sheets["hdnd_xa"], consistent_figures(sheets["hdnd_xa"]), officer)
    after = await services.progress(election_id=election_id, commune_code=BAC_LIEU)
    assert (after.reported, after.verified, after.approved) == (2, 1, 0)
    assert after.voters_took_part == figures.voters_took_part
    assert after.sheets_total == before.sheets_total


async def test_scope_of_a_commune_user_is_their_commune(demo):
    staff = await demo_actor("phuong.baclieu")
    assert live.Scope.of(staff, None, None, None).commune_code == BAC_LIEU
    with pytest.raises(Forbidden):
        live.Scope.of(staff, None, "31834", None)
    admin = await demo_actor("quantri")
    assert live.Scope.of(admin, None, None, None) == live.Scope()


async def test_contests_of_one_area_that_disagree_go_to_review(demo):
    officer, sheets = await area_one_sheets()
    national = consistent_figures(
        sheets["dbqh"], took_part=sheets["dbqh"].voters_on_list_from_list - 10
    )
    await submit(sheets["dbqh"], national, officer)
    # More voters took part in the ward's contest than in the national one:
    # every ward ballot holder also had the national ballot.
    ward = consistent_figures(sheets["hdnd_xa"], took_part=national.voters_took_part + 1)
    response = await submit(sheets["hdnd_xa"], ward, officer)
    assert "tally_contest_order" in {w["code"] for w in response["warnings"]}
    sheet = await services.get_sheet(sheet_id=sheets["hdnd_xa"].id, actor=officer)
    assert sheet.needs_review


async def tally_rows():
    units = await db.fetch(
        """
        SELECT unit, round_key, sum(reported) AS reported, sum(approved) AS approved,
               bool_or(locked) AS locked, sum(voters_on_list) AS voters_on_list,
               sum(voters_took_part) AS voters_took_part, sum(ballots_issued) AS ballots_issued,
               sum(ballots_received) AS ballots_received, sum(valid) AS valid,
               sum(invalid) AS invalid
        FROM unit_tally GROUP BY unit, round_key
        HAVING sum(reported) > 0 OR sum(approved) > 0 OR bool_or(locked)
        ORDER BY unit, round_key
        """
    )
    votes = await db.fetch(
        "SELECT unit, round_key, candidate, sum(votes) AS votes FROM unit_candidate_tally "
        "GROUP BY unit, round_key, candidate HAVING sum(votes) <> 0 "
        "ORDER BY unit, round_key, candidate"
    )
    return [dict(r) for r in units], [dict(r) for r in votes]


async def test_running_unit_tallies_match_a_rebuild_from_the_sheets(demo):
    board = await demo_actor("ban.baclieu")
    unit = await ward_unit()
    await approve_unit(unit["id"], board)
    await services.finalize_unit(unit_id=unit["id"], actor=board)

    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    province_board = await demo_actor("ban.camau")
    national = sheets["dbqh"]
    figures = consistent_figures(national)
    # The typo swaps two candidates' votes: the sheet stands for it until the
    # secretary's next entry verifies the officer's, and the sums move back.
    first, second = list(figures.votes)[:2]
    typo = dataclasses.replace(
        figures,
        complaints_received=2,
        complaints_settled=2,
        votes={**figures.votes, first: figures.votes[second], second: figures.votes[first]},
    )
    assert typo.votes != figures.votes
    # A mismatch, a verification, an approval, a correction and its verification.
    await submit(national, figures, officer)
    await submit(national, typo, secretary)
    await submit(national, figures, secretary)
    await services.approve(sheet_id=national.id, actor=province_board)
    fixed = dataclasses.replace(figures, complaints_received=1, complaints_settled=1)
    await submit(national, fixed, officer, reason="Bỏ sót khiếu nại")
    await submit(national, fixed, secretary, reason="Bỏ sót khiếu nại")
    await submit(sheets["hdnd_tinh"], consistent_figures(sheets["hdnd_tinh"]), officer)

    running = await tally_rows()
    assert running[0], "the running tallies were not written"
    await exports.rebuild_unit_tallies(election_id=national.election_id)
    assert await tally_rows() == running


async def test_entries_keep_one_plan_per_statement(demo):
    """PostgreSQL may drift to planning each execution of a prepared statement
    anew once autovacuum has analyzed tables that grew on election night; the
    entry's read and write are never custom-planned, while other statements
    keep PostgreSQL's own choice."""
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    entry_statements = [
        change_queries.read_for_submission.text,
        change_queries.write_submission.text,
    ]
    # One connection for all six submissions, so that its plans can be read.
    async with db.connection(planned_once=True) as conn:
        for sheet in sheets.values():
            for typist in (officer, secretary):
                await submit(sheet, consistent_figures(sheet), typist)
        plans = await conn.fetch(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement = ANY($1::text[])",
            entry_statements,
        )
    assert {p["statement"] for p in plans} == set(entry_statements)
    for plan in plans:
        assert plan["custom_plans"] == 0
        assert plan["generic_plans"] >= 6
    async with db.connection() as conn:
        assert await conn.fetchval("SHOW plan_cache_mode") == "auto"


async def test_entries_are_written_a_few_at_a_time_in_arrival_order():
    services.set_entry_concurrency(2)
    try:
        inside: list[int] = []
        entered: list[int] = []
        most = 0

        async def entry(n: int) -> None:
            nonlocal most
            async with services.entry_slots():
                entered.append(n)
                inside.append(n)
                most = max(most, len(inside))
                await asyncio.sleep(0.01)
                inside.remove(n)

        await asyncio.gather(*(entry(n) for n in range(6)))
        assert most == 2
        assert entered == list(range(6))
    finally:
        services.set_entry_concurrency(4)


def test_the_app_takes_the_entry_concurrency_from_its_settings():
    from election.app import create_app
    from election.settings import Settings

    try:
        create_app(Settings(secret_key="k" * 40, tally_entry_concurrency=7))
        assert services.entry_concurrency() == 7
    finally:
        services.set_entry_concurrency(4)
