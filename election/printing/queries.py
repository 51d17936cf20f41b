"""SQL of the printed forms: the few facts a form needs that no domain service
returns as such (a place's name, a round's voting day, a contest's place)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.elections.tables import ContestLevel
from election.sql import query


@query("SELECT name FROM province WHERE code = :province_code")
async def province_name(*, province_code: str) -> str | None: ...


@query("SELECT voting_day FROM unit_round WHERE id = :round_id")
async def round_voting_day(*, round_id: int) -> dt.date | None: ...


@dataclass(frozen=True)
class ContestPlaceRow:
    """A contest's level and the place it elects the council of."""

    level: ContestLevel
    province_code: str | None
    commune_code: str | None


@query("""
    SELECT level, province AS province_code, commune AS commune_code
    FROM contest WHERE id = :contest_id AND election = :election_id
""")
async def contest_place(*, contest_id: int, election_id: int) -> ContestPlaceRow | None: ...
