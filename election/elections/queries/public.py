"""SQL for what anyone may read without signing in: the electoral units of a
polling area, and the official candidate lists once published (Art. 57-59),
with the fields Art. 57(5) prints and nothing else (no personal ID, no note,
no removal decision)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.elections.tables import ContestLevel, Sex
from election.sql import query


@dataclass(frozen=True)
class PublicUnit:
    id: int
    contest_id: int
    level: ContestLevel
    contest_name: str
    election_id: int
    election_name: str
    number: int
    name: str
    seats: int
    description: str
    published: bool
    list_resolution_number: str
    list_resolution_date: dt.date | None


_UNIT = """
    SELECT u.id, ct.id AS contest_id, ct.level, ct.name AS contest_name,
           e.id AS election_id, e.name AS election_name, u.number, u.name, u.seats,
           u.description, u.list_finalized_at IS NOT NULL AS published,
           ct.list_resolution_number, ct.list_resolution_date
    FROM electoral_unit u JOIN contest ct ON ct.id = u.contest JOIN election e ON e.id = ct.election
"""


@query(f"""
    {_UNIT}
    JOIN polling_area_unit pu ON pu.unit = u.id
    WHERE pu.polling_area = :polling_area_id
    ORDER BY ct.level
""")
async def units_of_area(*, polling_area_id: int) -> list[PublicUnit]:
    """The unit of each contest the polling area belongs to (Art. 11(1)), in
    contest order (ĐBQH, HĐND tỉnh, HĐND xã), published or not."""
    ...


@query(f"{_UNIT} WHERE u.id = :unit_id AND u.list_finalized_at IS NOT NULL")
async def published_unit(*, unit_id: int) -> PublicUnit | None:
    """A unit whose official list is published; None for any other."""
    ...


@dataclass(frozen=True)
class PublicCandidate:
    """A candidate as the official list prints them (Art. 57(5); models 16, 17
    and 22 of Resolution 40/NQ-HĐBCQG)."""

    id: int
    unit_id: int
    full_name: str
    other_name: str
    date_of_birth: dt.date
    sex: Sex
    nationality: str
    hometown: str
    residence: str
    ethnicity: str
    religion: str
    education: str
    qualification: str
    academic_title: str
    political_theory: str
    foreign_language: str
    occupation_position: str
    workplace: str
    party_joined: dt.date | None
    assembly_deputy: str
    current_deputy: str

    @property
    def sex_label(self) -> str:
        return self.sex.label


# Published: the unit's list is finalized, and the name not struck from it (Art. 60).
_CANDIDATE = """
    SELECT k.id, k.unit AS unit_id, k.full_name, k.other_name, k.date_of_birth, k.sex,
           k.nationality, k.hometown, k.residence, k.ethnicity, k.religion, k.education,
           k.qualification, k.academic_title, k.political_theory, k.foreign_language,
           k.occupation_position, k.workplace, k.party_joined, k.assembly_deputy,
           k.current_deputy
    FROM candidate k JOIN electoral_unit u ON u.id = k.unit
    WHERE u.list_finalized_at IS NOT NULL AND k.removed_on IS NULL
"""


@query(f"""
    {_CANDIDATE} AND k.unit = ANY(:unit_ids::int[])
    ORDER BY k.unit, k.ballot_sort_key COLLATE "C", k.id
""")
async def published_candidates(*, unit_ids: list[int]) -> list[PublicCandidate]:
    """The published lists of these units in ballot order (Art. 57(5)); a unit
    whose list is not published has none."""
    ...


@query(f"{_CANDIDATE} AND k.id = :candidate_id")
async def published_candidate(*, candidate_id: int) -> PublicCandidate | None:
    """A candidate of a published list; None for any other (not published,
    struck off, or no such candidate: the same answer)."""
    ...
