"""A contest's candidates as one list (the candidates page): every unit the
reader may see, searched by name without diacritics, filtered by unit, sex
and whether the name still stands (Art. 60), by pages with their total."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from election.actor import Actor
from election.elections.queries import candidate_lists as queries
from election.elections.queries.candidate_lists import REMOVED, STANDING, CandidateListRow
from election.elections.queries.units import UnitRow
from election.elections.structure.units import list_units
from election.elections.tables import Sex
from election.paging import (
    BadListQuery,
    PageRequest,
    choice_param,
    contains_pattern,
    filters,
    fold,
    int_param,
    text_param,
)

STATES = {STANDING: "Có tên trong danh sách", REMOVED: "Đã bị xóa tên (Điều 60)"}
"""The state filter's choices."""


@dataclass(frozen=True)
class CandidateFilter:
    query: str = ""
    unit_id: int | None = None
    sex: Sex | None = None
    state: str | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> CandidateFilter:
        """From the page's URL (`?q=&unit=&sex=&state=`): empty is "any", a
        malformed value a 400 (`paging.BadListQuery`)."""
        state = query.get("state") or None
        if state is not None and state not in STATES:
            raise BadListQuery(f"Tình trạng không hợp lệ: «{state[:20]}».")
        return cls(
            query=text_param(query),
            unit_id=int_param(query, "unit", "Đơn vị bầu cử"),
            sex=choice_param(query, "sex", Sex, "Giới tính"),
            state=state,
        )

    def url_filters(self) -> tuple[tuple[str, str], ...]:
        return filters(q=self.query, unit=self.unit_id, sex=self.sex, state=self.state)


@dataclass(frozen=True)
class CandidatePage:
    candidates: list[CandidateListRow]
    total: int
    request: PageRequest  # past the last page: the last one
    units: list[UnitRow]  # the units the reader may see (the unit filter's choices)


async def contest_candidates(
    *, contest_id: int, actor: Actor, where: CandidateFilter, page: PageRequest
) -> CandidatePage:
    """One page of a contest's candidates in the units `actor` may read (a
    unit asked for outside them matches nobody)."""
    units = await list_units(contest_id=contest_id, actor=actor)
    unit_ids = [u.id for u in units]
    if where.unit_id is not None:
        unit_ids = [where.unit_id] if where.unit_id in unit_ids else []
    arguments = {
        "unit_ids": unit_ids,
        "sex": where.sex,
        "state": where.state,
        "pattern": contains_pattern(fold(where.query)),
    }
    total = await queries.candidates_count(**arguments)
    page = page.clamped(total)
    candidates = await queries.candidates_page(**arguments, limit=page.limit, offset=page.offset)
    return CandidatePage(candidates=candidates, total=total, request=page, units=units)
