"""What the replay of election night reads about the demo ward."""

from __future__ import annotations

from dataclasses import dataclass

from election.sql import query


@query("""
    SELECT election FROM polling_area WHERE commune = :commune_code
    ORDER BY election DESC LIMIT 1
""")
async def latest_election_of_commune(*, commune_code: str) -> int | None: ...


@dataclass(frozen=True)
class AreaNumber:
    id: int
    number: int


@query("""
    SELECT id, number FROM polling_area
    WHERE election = :election_id AND commune = :commune_code ORDER BY number
""")
async def areas_of_commune(*, election_id: int, commune_code: str) -> list[AreaNumber]: ...


@dataclass(frozen=True)
class TeamSignatory:
    role: str
    full_name: str


@query("""
    SELECT m.role, p.full_name FROM election_body b
    JOIN body_member m ON m.body = b.id AND m.left_on IS NULL
    JOIN staff_person p ON p.id = m.person
    WHERE b.polling_area = :polling_area_id AND m.role IN ('head', 'secretary', 'member')
    ORDER BY p.sort_key, p.id
""")
async def team_signatories(*, polling_area_id: int) -> list[TeamSignatory]: ...
