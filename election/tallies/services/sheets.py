"""The tally sheets: one per polling area, contest and round, created on first use,
and who may read, enter and approve each; a sheet as one reader may see it,
with no figures the blind double entry keeps from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from election.actor import Actor, Role, ScopeLevel
from election.elections.tables import ContestLevel
from election.errors import Forbidden, NotFound
from election.stations import services as stations
from election.tallies import rules
from election.tallies.queries import sheets as queries
from election.tallies.queries.changes import SubmissionRead
from election.tallies.queries.sheets import EntryMark, EntryRow, SheetContext
from election.tallies.rules.status import SheetStatus
from election.tallies.rules.visibility import (
    WITHHELD_NOTES,
    Reader,
    VersionTyping,
    may_see_entry,
)
from election.tallies.tables import EntryKind, RoundKind

PROGRESS_CHANNEL = "tally_progress"


class SheetPlace(Protocol):
    """Where a sheet is: what decides who may read and enter it."""

    @property
    def polling_area_id(self) -> int: ...
    @property
    def commune_code(self) -> str: ...
    @property
    def province_code(self) -> str: ...


Sheet = TypeVar("Sheet", bound=SheetPlace)


def may_read(actor: Actor, sheet: SheetPlace) -> bool:
    return actor.covers_polling_area(sheet.polling_area_id, sheet.commune_code, sheet.province_code)


def may_enter(actor: Actor, sheet: SheetPlace) -> bool:
    return may_enter_area(actor, sheet.polling_area_id, sheet.commune_code, sheet.province_code)


def may_enter_area(
    actor: Actor, polling_area_id: int, commune_code: str, province_code: str
) -> bool:
    """Whether the actor may type the sheets of a polling area: its team, or
    staff of its commune or province, or an administrator."""
    if actor.is_read_only:
        return False
    if actor.role == Role.STATION_OFFICER:
        return actor.polling_area_id == polling_area_id
    return actor.role in (
        Role.ADMIN,
        Role.PROVINCE_STAFF,
        Role.COMMUNE_STAFF,
    ) and actor.covers_commune(commune_code, province_code)


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


async def left_off_ballot(round_kind: RoundKind, unit_id: int) -> set[int]:
    """The unit's candidates whom a round's ballot leaves off: in a bầu cử
    thêm the first round's winners (Art. 79); in any other round nobody."""
    if round_kind != RoundKind.SUPPLEMENTARY:
        return set()
    return await standing_winners(unit_id)


async def on_ballot(sheet: SheetContext) -> SheetContext:
    """The sheet with only the names on its round's ballot."""
    left_off = await left_off_ballot(sheet.round_kind, sheet.unit_id)
    if not left_off:
        return sheet
    return replace(sheet, candidates=[c for c in sheet.candidates if c.id not in left_off])


async def ballot_ids(sheet: SubmissionRead) -> frozenset[int]:
    """The ids of the names on a submitted sheet's round's ballot."""
    left_off = await left_off_ballot(sheet.round_kind, sheet.unit_id)
    return frozenset(sheet.candidate_ids) - left_off


def readable(sheet: Sheet | None, sheet_id: int, actor: Actor) -> Sheet:
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
    # The area's scope first: an area in no unit yet has no sheet to check it.
    await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    first = [
        await sheet_for(polling_area_id=polling_area_id, contest_id=contest_id, actor=actor)
        for contest_id in await queries.contests_of_area(polling_area_id=polling_area_id)
    ]
    rounds = [
        await get_sheet(sheet_id=sheet_id, actor=actor)
        for sheet_id in await queries.round_sheets_of_area(polling_area_id=polling_area_id)
    ]
    return first + rounds


async def get_entry(entry_id: int) -> EntryRow:
    """An entry with its figures, for the programme's own use: readers go
    through `sheet_view`, which applies the blind double entry."""
    entry = await queries.entry(entry_id=entry_id)
    if entry is None:
        raise NotFound(f"Không có bản nhập số hiệu {entry_id}.")
    return entry


# --------------------------------------------------------------------------
# A sheet as one reader may see it (blind double entry)


def reader_is_system(actor: Actor) -> bool:
    """The programme itself (command line, printing, data loads), not a person."""
    return actor.user_id is None and actor.username.startswith("system:")


def reader_of(actor: Actor, sheet: SheetContext) -> Reader:
    """What the actor is to this sheet's double entry."""
    if reader_is_system(actor):
        return Reader.SYSTEM
    if may_enter(actor, sheet):
        return Reader.TYPIST
    if may_approve(actor, sheet):
        return Reader.REVIEWER
    return Reader.OBSERVER


@dataclass(frozen=True)
class EntryLine:
    """One entry of a sheet as a reader may see it: who typed which version
    and when, always; what they typed (`row`) only where the blind double
    entry allows."""

    mark: EntryMark
    row: EntryRow | None

    @property
    def id(self) -> int:
        return self.mark.id

    @property
    def version(self) -> int:
        return self.mark.version

    @property
    def kind(self) -> EntryKind:
        return self.mark.kind

    @property
    def kind_label(self) -> str:
        return self.mark.kind_label

    @property
    def entered_by(self) -> str:
        return self.mark.entered_by

    @property
    def entered_at(self) -> dt.datetime:
        return self.mark.entered_at

    @property
    def hidden(self) -> bool:
        return self.row is None

    @property
    def figures(self) -> rules.SheetFigures | None:
        return self.row.figures if self.row else None

    @property
    def reason(self) -> str:
        return self.row.reason if self.row else ""


@dataclass(frozen=True)
class SheetView:
    """A sheet for one reader: its entries (figures only where allowed), the
    entry it stands for if the reader may see it, the two latest typings by
    different people side by side once the reader may see both, and the
    status that its state means."""

    sheet: SheetContext
    reader: Reader
    entries: list[EntryLine]
    version: int  # the version typed last (1: the minutes; then one per correction)
    shown: EntryRow | None  # the entry the sheet stands for, if the reader may see it
    withheld: bool  # some typed figures are kept from this reader
    withheld_note: str
    latest: EntryLine | None  # the latest entry of the version
    compared: tuple[EntryRow, EntryRow] | None  # (the other's, the reader's or latest)
    mismatches: list[str]  # the fields `compared` differs on
    status: SheetStatus

    @property
    def shown_verified(self) -> bool:
        """Whether the shown figures are confirmed by two typings."""
        return self.shown is not None and self.shown.id in (
            self.sheet.approved_entry,
            self.sheet.verified_entry,
        )

    def own_latest(self, username: str) -> EntryRow | None:
        """The reader's own latest entry of the version, if it is the latest."""
        if self.latest is not None and self.latest.entered_by == username:
            return self.latest.row
        return None


async def sheet_view(*, sheet_id: int, actor: Actor) -> SheetView:
    return await view_of(await get_sheet(sheet_id=sheet_id, actor=actor), actor)


async def view_of(sheet: SheetContext, actor: Actor) -> SheetView:
    """The sheet as `actor` may see it. Figures another person typed for a
    version stay in the database until the blind double entry allows them
    (rules.visibility): the view carries none of them."""
    marks = await queries.entry_marks_of_sheet(sheet_id=sheet.id)
    reader = reader_of(actor, sheet)
    version = max((m.version for m in marks), default=1)
    typing = {
        v: VersionTyping(
            typists=frozenset(m.entered_by for m in marks if m.version == v),
            verified=any(m.version == v and m.kind == EntryKind.VERIFICATION for m in marks),
            flagged_for_review=sheet.needs_review and v == version,
        )
        for v in {m.version for m in marks}
    }
    visible = [
        m.id
        for m in marks
        if may_see_entry(reader, actor.username, entered_by=m.entered_by, typing=typing[m.version])
    ]
    rows = {
        r.id: r
        for r in (
            await queries.entries_of_sheet_by_id(sheet_id=sheet.id, entry_ids=visible)
            if visible
            else []
        )
    }
    lines = [EntryLine(mark=m, row=rows.get(m.id)) for m in marks]
    current = [line for line in lines if line.version == version]
    stands_for = sheet.approved_entry or sheet.verified_entry or sheet.submitted_entry
    # The reader's own typing against the latest other one; a reader who has
    # not typed this version sees the latest two typings by different people.
    own = [line for line in current if line.entered_by == actor.username]
    right = own[-1] if own else (current[-1] if current else None)
    left = None
    if right is not None:
        left = next((e for e in reversed(current) if e.entered_by != right.entered_by), None)
    compared = (left.row, right.row) if left and right and left.row and right.row else None
    withheld = any(line.hidden for line in lines)
    return SheetView(
        sheet=sheet,
        reader=reader,
        entries=lines,
        version=version,
        shown=rows.get(stands_for) if stands_for else None,
        withheld=withheld,
        withheld_note=_sentence(WITHHELD_NOTES[reader]) if withheld else "",
        latest=current[-1] if current else None,
        compared=compared,
        mismatches=rules.differing_fields(compared[0].figures, compared[1].figures)
        if compared
        else [],
        status=sheet.status,
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


async def standing_entry(*, sheet: SheetContext, actor: Actor) -> EntryRow | None:
    """The entry the sheet stands for, to print; refused while the blind
    double entry keeps its figures from the actor."""
    if not (sheet.approved_entry or sheet.verified_entry or sheet.submitted_entry):
        return None
    view = await view_of(sheet, actor)
    if view.shown is None:
        raise Forbidden(
            "Chưa thể in biên bản theo số đã nhập: " + WITHHELD_NOTES[view.reader],
            article="Điều 76, 77",
        )
    return view.shown


async def sheet_entries(*, sheet_id: int, actor: Actor) -> list[EntryLine]:
    """The entries of a sheet as the actor may see them (blind double entry)."""
    return (await sheet_view(sheet_id=sheet_id, actor=actor)).entries
