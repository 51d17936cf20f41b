"""After a sheet is entered, where its reader goes next: the same area's next
contest they still have to enter, so that the three sheets of the night
follow one another, or word that none is left."""

from __future__ import annotations

from dataclasses import dataclass

from election.actor import Actor
from election.tallies.queries import next_sheet as queries
from election.tallies.queries.sheets import SheetContext
from election.tallies.services.sheets import may_enter, sheet_for
from election.tallies.tables import RoundKind


@dataclass(frozen=True)
class NextStep:
    """A link after a submission: to the next sheet (`done` False) or, with
    nothing left to enter, back to the area."""

    href: str
    label: str
    done: bool


async def next_step(*, sheet: SheetContext, actor: Actor) -> NextStep | None:
    """The area's next sheet after `sheet` (in the area's order, wrapping
    round) that the actor may enter and has not entered in its current
    version, among the sheets counted the same day; None for a reader who
    may not enter."""
    if not may_enter(actor, sheet):
        return None
    rows = await queries.area_sheets_to_enter(
        polling_area_id=sheet.polling_area_id, username=actor.username
    )
    night = [r for r in rows if r.counting_day == sheet.counting_day]
    here = next(
        (
            i
            for i, r in enumerate(night)
            if r.sheet_id == sheet.id
            or (r.contest_id == sheet.contest_id and r.round_id == sheet.round_id)
        ),
        -1,
    )
    following = night[here + 1 :] + night[: max(here, 0)]
    upcoming = next((r for r in following if r.to_enter), None)
    area = f"/polling-areas/{sheet.polling_area_id}/tally"
    if upcoming is None:
        return NextStep(href=area, label=_all_entered(len(night)), done=True)
    sheet_id = upcoming.sheet_id
    if sheet_id is None:
        made = await sheet_for(
            polling_area_id=sheet.polling_area_id, contest_id=upcoming.contest_id, actor=actor
        )
        sheet_id = made.id
    label = upcoming.level.label
    if upcoming.round_kind != RoundKind.FIRST:
        label += f" ({upcoming.round_kind.label})"
    return NextStep(href=f"/tally-sheets/{sheet_id}", label=f"Tiếp theo: {label} →", done=False)


def _all_entered(count: int) -> str:
    if count == 3:
        return "Đã nhập xong cả ba biên bản"
    if count <= 1:
        return "Đã nhập xong biên bản của khu vực"
    return f"Đã nhập xong cả {count} biên bản của khu vực"
