"""The election-night replay of the demo: every sheet of Phường Bạc Liêu through
the real services, with the three cases it leaves open for the dashboard."""

from __future__ import annotations

from decimal import Decimal

from election import db
from election.cli import build_parser
from election.elections.tables import ContestLevel
from election.tallies import exports, live, services
from election.tallies.demo import replay_tallies
from election.tallies.tables import SheetState
from tests.builders import BAC_LIEU, system


async def test_the_replay_reports_every_sheet_and_leaves_three_cases_open_once(demo):
    report = await replay_tallies()
    sheets = 3 * await db.fetchval(
        "SELECT count(*) FROM polling_area WHERE election = $1 AND commune = $2",
        report.election_id,
        BAC_LIEU,
    )
    assert report.sheets == sheets
    assert report.approved == sheets - 2

    progress = await services.progress(election_id=report.election_id, commune_code=BAC_LIEU)
    assert progress.sheets_total == progress.reported == sheets
    assert progress.verified == sheets - 1
    assert progress.approved == sheets - 2
    assert progress.needs_review == 1
    assert Decimal("92") <= progress.turnout <= Decimal("99")

    review = await services.get_sheet(sheet_id=report.review_sheet, actor=system())
    assert review.state == SheetState.VERIFIED and review.needs_review
    assert review.level == ContestLevel.PROVINCE_COUNCIL
    mismatch = await services.get_sheet(sheet_id=report.mismatch_sheet, actor=system())
    assert mismatch.state == SheetState.SUBMITTED and mismatch.verified_entry is None
    entries = await services.sheet_entries(sheet_id=mismatch.id, actor=system())
    assert len(entries) == 2 and entries[0].entered_by != entries[1].entered_by
    assert entries[1].figures.votes != entries[0].figures.votes

    aggregates = await exports.aggregate_units(
        election_id=report.election_id, scope=live.Scope(commune_code=BAC_LIEU)
    )
    ward = [a for a in aggregates if a.level == ContestLevel.COMMUNE_COUNCIL]
    short = [a for a in ward if a.determination.needs_supplementary]
    assert [a.unit_id for a in short] == [report.short_unit]
    assert short[0].determination.empty_seats > 0 and not short[0].provisional
    assert all(
        len(a.determination.winners) == a.totals.seats and not a.provisional
        for a in ward
        if a not in short
    )
    # The ĐBQH and HĐND tỉnh units wait for the open sheets; the counts add up.
    for aggregate in aggregates:
        if aggregate.level != ContestLevel.COMMUNE_COUNCIL:
            assert aggregate.areas_reported == aggregate.areas_total
            assert aggregate.provisional
            assert aggregate.determination.result_valid

    # A second run finds every sheet entered and changes nothing.
    entries = await db.fetchval("SELECT count(*) FROM tally_entry")
    again = await replay_tallies()
    assert (again.sheets, again.skipped) == (0, sheets)
    assert await db.fetchval("SELECT count(*) FROM tally_entry") == entries


def test_the_command_takes_a_delay_between_sheets():
    args = build_parser().parse_args(["replay-tallies", "--delay", "0.5"])
    assert args.delay == 0.5 and args.func.__name__ == "cmd_replay_tallies"
