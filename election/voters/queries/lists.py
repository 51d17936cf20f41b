"""The lists of polling areas: counts of listed voters, the list state
(finalized, posted: Art. 32) and the voter-card numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.sql import query
from election.voters.queries import on_list
from election.voters.queries.entries import LIST_ORDER

# --------------------------------------------------------------------------
# Counts of the voters on a list (Art. 34: not those voting elsewhere)


@dataclass(frozen=True)
class VoterCounts:
    total: int
    male: int
    female: int
    dbqh: int
    tinh: int
    xa: int
    voted: int = 0
    elsewhere: int = 0

    def for_level(self, level: str) -> int:
        return {"dbqh": self.dbqh, "hdnd_tinh": self.tinh, "hdnd_xa": self.xa}[str(level)]


_COUNTS = """
    count(*) AS total,
    count(*) FILTER (WHERE v.sex = 'male') AS male,
    count(*) FILTER (WHERE v.sex = 'female') AS female,
    count(*) FILTER (WHERE v.ballot_dbqh) AS dbqh,
    count(*) FILTER (WHERE v.ballot_tinh) AS tinh,
    count(*) FILTER (WHERE v.ballot_xa) AS xa,
    count(*) FILTER (WHERE v.voted_at IS NOT NULL) AS voted
"""


@dataclass(frozen=True)
class AreaCounts:
    polling_area_id: int
    total: int
    male: int
    female: int
    dbqh: int
    tinh: int
    xa: int
    voted: int

    def counts(self) -> VoterCounts:
        return VoterCounts(
            self.total, self.male, self.female, self.dbqh, self.tinh, self.xa, self.voted
        )


@query(f"""
    SELECT v.polling_area AS polling_area_id, {_COUNTS} FROM voter v
    WHERE v.election = :election_id AND v.commune = :commune_code AND {on_list()}
    GROUP BY v.polling_area
""")
async def counts_by_area(*, election_id: int, commune_code: str) -> list[AreaCounts]: ...


@query(f"""
    SELECT {_COUNTS},
        (SELECT count(*) FROM voter e
         WHERE e.election = :election_id AND e.commune = :commune_code AND e.status = 'listed'
           AND e.voting_elsewhere) AS elsewhere
    FROM voter v
    WHERE v.election = :election_id AND v.commune = :commune_code AND {on_list()}
""")
async def commune_counts(*, election_id: int, commune_code: str) -> VoterCounts:
    """With the listed voters who vote elsewhere with a certificate (Art. 34)."""
    ...


@query(f"""
    SELECT {_COUNTS}, 0 AS elsewhere FROM voter v
    WHERE v.polling_area = :polling_area_id AND {on_list()}
""")
async def area_counts(*, polling_area_id: int) -> VoterCounts: ...


@query(f"""
    SELECT {_COUNTS}, 0 AS elsewhere FROM voter v
    WHERE v.polling_area IN (SELECT polling_area FROM polling_area_unit WHERE unit = :unit_id)
      AND {on_list()}
""")
async def unit_counts(*, unit_id: int) -> VoterCounts:
    """Voters of an electoral unit: the areas that belong to it for its contest."""
    ...


# --------------------------------------------------------------------------
# The list of a polling area: finalized (card numbers) and posted (Art. 32)


@dataclass(frozen=True)
class ListStateRow:
    finalized_at: dt.datetime | None
    finalized_by: str
    posted_on: dt.date | None
    posted_at_place: str


@query("""
    SELECT finalized_at, finalized_by, posted_on, posted_at_place FROM voter_list
    WHERE polling_area = :polling_area_id
""")
async def list_state(*, polling_area_id: int) -> ListStateRow | None: ...


@query("""
    INSERT INTO voter_list (polling_area, finalized_at, finalized_by, posted_at_place)
    VALUES (:polling_area_id, now(), :finalized_by, '')
    ON CONFLICT (polling_area) DO UPDATE SET finalized_at = now(), finalized_by = :finalized_by
""")
async def finalize(*, polling_area_id: int, finalized_by: str) -> None: ...


@query("""
    UPDATE voter_list SET posted_on = :posted_on, posted_at_place = :place
    WHERE polling_area = :polling_area_id
""")
async def post(*, polling_area_id: int, posted_on: dt.date, place: str) -> None: ...


@query(f"""
    WITH base AS (
        SELECT COALESCE(max(card_number), 0) AS top FROM voter WHERE polling_area = :polling_area_id
    ), todo AS (
        SELECT v.id, row_number() OVER (ORDER BY {LIST_ORDER}) AS n
        FROM voter v
        WHERE v.polling_area = :polling_area_id AND v.status = 'listed' AND v.card_number IS NULL
    ), numbered AS (
        UPDATE voter SET card_number = base.top + todo.n FROM base, todo
        WHERE voter.id = todo.id
        RETURNING 1
    )
    SELECT count(*) FROM numbered
""")
async def append_card_numbers(*, polling_area_id: int) -> int:
    """Card numbers for the listed entries without one, after the highest number
    in use (numbers already given never change); returns how many were given."""
    ...
