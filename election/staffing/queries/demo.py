"""What the staffing demo reads of the demo election."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.elections.tables import ContestLevel
from election.sql import query


@query("""
    SELECT id FROM staff_person
    WHERE province = :province_code AND commune IS NOT DISTINCT FROM :commune_code::text
    ORDER BY id
""")
async def register_ids(*, province_code: str, commune_code: str | None) -> list[int]: ...


@dataclass(frozen=True)
class DemoUnit:
    id: int
    level: ContestLevel
    number: int


@query("""
    SELECT u.id, ct.level, u.number FROM electoral_unit u JOIN contest ct ON ct.id = u.contest
    WHERE ct.election = :election_id AND (u.commune = :commune_code OR EXISTS (
        SELECT 1 FROM electoral_unit_commune uc WHERE uc.unit = u.id AND uc.commune = :commune_code))
    ORDER BY CASE ct.level WHEN 'dbqh' THEN 0 WHEN 'hdnd_tinh' THEN 1 ELSE 2 END, u.number
""")
async def commune_units(*, election_id: int, commune_code: str) -> list[DemoUnit]:
    """The units voting in the commune: its own HĐND xã units and those spanning it."""
    ...


@query("""
    SELECT count(*) FROM polling_area WHERE election = :election_id AND commune = :commune_code
""")
async def area_count(*, election_id: int, commune_code: str) -> int: ...


@dataclass(frozen=True)
class CandidateName:
    full_name: str
    date_of_birth: dt.date


@query("SELECT full_name, date_of_birth FROM candidate")
async def candidate_names() -> list[CandidateName]:
    """Every candidate: the synthetic registry avoids their names and birth dates."""
    ...
