"""A contest's candidates as a list page shows them: across the units a reader
may see, searched without diacritics, filtered, counted with the same WHERE
as the page, in unit order then ballot order (Art. 57(5))."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.elections.tables import RemovalReason, Sex
from election.paging import folded_sql
from election.sql import query

STANDING = "standing"
REMOVED = "removed"


@dataclass(frozen=True)
class CandidateListRow:
    id: int
    unit_id: int
    unit_number: int
    unit_name: str
    full_name: str
    date_of_birth: dt.date
    sex: Sex
    ethnicity: str
    occupation_position: str
    workplace: str
    removed_on: dt.date | None
    removal_reason: RemovalReason | None

    @property
    def sex_label(self) -> str:
        return self.sex.label

    @property
    def removal_label(self) -> str:
        return self.removal_reason.label if self.removal_reason else ""


_WHERE = f"""
    WHERE k.unit = ANY(:unit_ids::int[])
      AND (:sex::text IS NULL OR k.sex = :sex)
      AND (:state::text IS NULL
           OR (:state = '{STANDING}' AND k.removed_on IS NULL)
           OR (:state = '{REMOVED}' AND k.removed_on IS NOT NULL))
      AND (:pattern::text IS NULL OR {folded_sql("k.full_name")} LIKE :pattern)
"""


@query(f"SELECT count(*) FROM candidate k {_WHERE}")
async def candidates_count(
    *, unit_ids: list[int], sex: Sex | None, state: str | None, pattern: str | None
) -> int:
    """How many of the units' candidates match (`candidates_page`'s total)."""
    ...


@query(f"""
    SELECT k.id, k.unit AS unit_id, u.number AS unit_number, u.name AS unit_name, k.full_name,
           k.date_of_birth, k.sex, k.ethnicity, k.occupation_position, k.workplace,
           k.removed_on, k.removal_reason
    FROM candidate k JOIN electoral_unit u ON u.id = k.unit
    {_WHERE}
    ORDER BY u.province, u.number, k.ballot_sort_key COLLATE "C", k.id
    LIMIT :limit OFFSET :offset
""")
async def candidates_page(
    *,
    unit_ids: list[int],
    sex: Sex | None,
    state: str | None,
    pattern: str | None,
    limit: int,
    offset: int,
) -> list[CandidateListRow]:
    """One page of the units' candidates: by unit, each unit in ballot order."""
    ...
