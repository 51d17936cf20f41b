"""What anyone may read of the candidates without signing in: the official
lists once published (Art. 57-59: the NEC and the election committees publish
them by D−17, the polling teams post them by D−16), each candidate with the
fields of Art. 57(5) only. A list not yet finalized, a name struck from it
(Art. 60) and an unknown number all answer the same "not found"."""

from __future__ import annotations

from dataclasses import dataclass

from election.elections.queries import public as queries
from election.elections.queries.public import PublicCandidate, PublicUnit
from election.elections.tables import ContestLevel
from election.errors import NotFound

UNIT_NOT_FOUND = "Không có danh sách chính thức đã công bố của đơn vị bầu cử này."
CANDIDATE_NOT_FOUND = "Không có người ứng cử này trong danh sách chính thức đã công bố."


@dataclass(frozen=True)
class UnitList:
    """A unit and its published list (empty while the list is not published)."""

    unit: PublicUnit
    candidates: list[PublicCandidate]


async def published_list(*, unit_id: int) -> UnitList:
    unit = await queries.published_unit(unit_id=unit_id)
    if unit is None:
        raise NotFound(UNIT_NOT_FOUND)
    return UnitList(unit, await queries.published_candidates(unit_ids=[unit_id]))


async def published_candidate(*, candidate_id: int) -> tuple[PublicCandidate, PublicUnit]:
    candidate = await queries.published_candidate(candidate_id=candidate_id)
    unit = candidate and await queries.published_unit(unit_id=candidate.unit_id)
    if candidate is None or unit is None:
        raise NotFound(CANDIDATE_NOT_FOUND)
    return candidate, unit


async def lists_of_area(*, polling_area_id: int, levels: set[ContestLevel]) -> list[UnitList]:
    """The units of the contests in `levels` the polling area belongs to, in
    contest order, each with its list if published."""
    units = [
        u for u in await queries.units_of_area(polling_area_id=polling_area_id) if u.level in levels
    ]
    published = [u.id for u in units if u.published]
    candidates = await queries.published_candidates(unit_ids=published) if published else []
    return [UnitList(u, [c for c in candidates if c.unit_id == u.id]) for u in units]
