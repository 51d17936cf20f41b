"""Progress of the count: sheets by state and turnout so far, for the live boards."""

from __future__ import annotations

from election.actor import Actor
from election.errors import NotFound
from election.geography import services as geography
from election.tallies.queries import progress as queries
from election.tallies.queries.progress import AreaSheetStates, UnitAreaSheet
from election.tallies.tables import SheetState

Progress = queries.ProgressRow


async def progress(
    *,
    election_id: int,
    province_code: str | None = None,
    commune_code: str | None = None,
    unit_id: int | None = None,
) -> Progress:
    """Sheets by state and turnout so far (ĐBQH sheets count turnout: every voter has that ballot).

    The nation and a province read the units' running sums (a fraction of the
    work, for the live boards of election night); a commune or a unit counts
    its own sheets."""
    if commune_code is None and unit_id is None:
        return await queries.progress_from_sums(
            election_id=election_id, province_code=province_code
        )
    return await queries.progress(
        election_id=election_id,
        province_code=province_code,
        commune_code=commune_code,
        unit_id=unit_id,
    )


async def commune_sheet_states(
    *, election_id: int, commune_code: str, actor: Actor
) -> list[AreaSheetStates]:
    """Every polling area of a commune with the state of its first-round sheet
    per contest ("draft" where nothing has been entered yet)."""
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise NotFound(f"Không có xã, phường mã {commune_code} trong phạm vi của bạn.")
    rows = await queries.commune_sheet_states(election_id=election_id, commune_code=commune_code)
    for row in rows:
        for cell in row.sheets.values():
            cell["state_label"] = SheetState(cell["state"]).label
    return rows


async def unit_sheet_states(*, unit_id: int, round_id: int | None = None) -> list[UnitAreaSheet]:
    """The unit's polling areas, each with its sheet's state and figures (the
    entry the sheet stands for)."""
    return await queries.unit_sheet_states(unit_id=unit_id, round_id=round_id)
