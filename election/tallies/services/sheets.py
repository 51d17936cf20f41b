"""The tally sheets: one per polling area, contest and round, created on first use,
and who may read, enter and approve each."""

from __future__ import annotations

from dataclasses import replace

from election.actor import Actor, Role, ScopeLevel
from election.elections.tables import ContestLevel
from election.errors import NotFound
from election.stations import services as stations
from election.tallies.queries import sheets as queries
from election.tallies.queries.sheets import SheetContext
from election.tallies.tables import RoundKind

PROGRESS_CHANNEL = "tally_progress"


def may_read(actor: Actor, sheet: SheetContext) -> bool:
    return actor.covers_polling_area(sheet.polling_area_id, sheet.commune_code, sheet.province_code)


def may_enter(actor: Actor, sheet: SheetContext) -> bool:
    if actor.is_read_only:
        return False
    if actor.role == Role.STATION_OFFICER:
        return actor.polling_area_id == sheet.polling_area_id
    return actor.role in (
        Role.ADMIN,
        Role.PROVINCE_STAFF,
        Role.COMMUNE_STAFF,
    ) and actor.covers_commune(sheet.commune_code, sheet.province_code)


def may_approve(actor: Actor, sheet: SheetContext) -> bool:
    """A board member of the unit: a province board for ĐBQH and HĐND tỉnh units,
    a commune board for HĐND xã units."""
    if actor.role != Role.BOARD_MEMBER or actor.is_read_only:
        return False
    if sheet.level == ContestLevel.COMMUNE_COUNCIL:
        return actor.scope_level == ScopeLevel.COMMUNE and actor.commune_code == sheet.commune_code
    return actor.scope_level == ScopeLevel.PROVINCE and actor.province_code == sheet.province_code


async def standing_winners(unit_id: int) -> set[int]:
    """The winners of the result a bầu cử thêm follows (Art. 79): the first
    round's, or its re-run's after an annulment (Art. 81)."""
    return set(await queries.standing_winners(unit_id=unit_id))


async def on_ballot(sheet: SheetContext) -> SheetContext:
    """The sheet with the names on its round's ballot: in a bầu cử thêm only
    the first round's non-winners (Art. 79)."""
    if sheet.round_kind != RoundKind.SUPPLEMENTARY:
        return sheet
    winners = await standing_winners(sheet.unit_id)
    return replace(sheet, candidates=[c for c in sheet.candidates if c.id not in winners])


def readable(sheet: SheetContext | None, sheet_id: int, actor: Actor) -> SheetContext:
    """The sheet, if it exists and the actor may read it."""
    if sheet is None or not may_read(actor, sheet):
        raise NotFound(f"Không có biên bản kiểm phiếu số hiệu {sheet_id}.")
    return sheet


async def get_sheet(*, sheet_id: int, actor: Actor) -> SheetContext:
    sheet = readable(await queries.sheet(sheet_id=sheet_id), sheet_id, actor)
    return await on_ballot(sheet)


async def sheet_for(
    *, polling_area_id: int, contest_id: int, actor: Actor, round_id: int | None = None
) -> SheetContext:
    """The sheet of an area and contest (and round), created on first use."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    if round_id is None:
        unit_id = await queries.unit_of_area(polling_area_id=polling_area_id, contest_id=contest_id)
    else:
        unit_id = await queries.unit_of_round(
            round_id=round_id, polling_area_id=polling_area_id, contest_id=contest_id
        )
    if unit_id is None:
        raise NotFound(
            f"Khu vực bỏ phiếu số {area.number} không thuộc đơn vị bầu cử nào của cuộc bầu cử này."
        )
    sheet_id = await queries.ensure_sheet(
        polling_area_id=polling_area_id, contest_id=contest_id, unit_id=unit_id, round_id=round_id
    )
    return await get_sheet(sheet_id=sheet_id, actor=actor)


async def area_sheets(*, polling_area_id: int, actor: Actor) -> list[SheetContext]:
    """The three first-round sheets of an area (one per contest it belongs to),
    then the sheets of the follow-up rounds it votes in (Art. 79–81)."""
    first = [
        await sheet_for(polling_area_id=polling_area_id, contest_id=contest_id, actor=actor)
        for contest_id in await queries.contests_of_area(polling_area_id=polling_area_id)
    ]
    rounds = [
        await get_sheet(sheet_id=sheet_id, actor=actor)
        for sheet_id in await queries.round_sheets_of_area(polling_area_id=polling_area_id)
    ]
    return first + rounds


async def get_entry(entry_id: int) -> queries.EntryRow:
    entry = await queries.entry(entry_id=entry_id)
    if entry is None:
        raise NotFound(f"Không có bản nhập số hiệu {entry_id}.")
    return entry


async def sheet_entries(*, sheet_id: int, actor: Actor) -> list[queries.EntryRow]:
    await get_sheet(sheet_id=sheet_id, actor=actor)
    return await queries.entries_of_sheet(sheet_id=sheet_id)
