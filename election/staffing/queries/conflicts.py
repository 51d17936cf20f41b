"""Art. 27: a candidate may not serve on the Ban of their unit nor on the Tổ of
a polling area where their unit's ballot is cast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.elections.tables import ContestLevel
from election.sql import query


@dataclass(frozen=True)
class PossibleConflict:
    """A serving member of a Ban or Tổ and a candidate of a unit the body serves
    who may be the same person (same personal ID or birth date)."""

    member_id: int
    body_id: int
    body_name: str
    person_id: int
    personal_id: str | None
    full_name: str
    date_of_birth: dt.date
    election_day: dt.date
    candidate_id: int
    candidate_personal_id: str | None
    candidate_full_name: str
    candidate_date_of_birth: dt.date
    unit_id: int
    unit_name: str
    level: ContestLevel


# Each serving member once per unit their body serves (the Ban's own unit;
# each unit whose ballot is cast in the Tổ's area), computed once and joined
# to those units' candidates by hash: joined member by member instead, the
# planner re-ran the coverage for every member, a cost growing with the
# square of their number (docs/performance.md, "Staff conflicts").
@query("""
    WITH active AS (
        SELECT m.id AS member_id, b.id AS body_id, b.name AS body_name, b.unit,
               b.polling_area, s.id AS person_id, s.personal_id, s.full_name,
               s.date_of_birth, e.election_day
        FROM body_member m JOIN election_body b ON b.id = m.body
        JOIN staff_person s ON s.id = m.person JOIN election e ON e.id = b.election
        WHERE m.left_on IS NULL AND m.family IN ('board', 'team')
          AND (:election_id::int IS NULL OR b.election = :election_id)
          AND (:body_id::int IS NULL OR b.id = :body_id)
          AND (:unit_id::int IS NULL OR b.unit = :unit_id OR b.polling_area IN (
                SELECT polling_area FROM polling_area_unit WHERE unit = :unit_id))
    ), serving AS MATERIALIZED (
        SELECT a.*, a.unit AS served_unit FROM active a WHERE a.unit IS NOT NULL
        UNION ALL
        SELECT a.*, pu.unit AS served_unit FROM active a
        JOIN polling_area_unit pu ON pu.polling_area = a.polling_area
    )
    SELECT a.member_id, a.body_id, a.body_name, a.person_id, a.personal_id, a.full_name,
           a.date_of_birth, a.election_day, k.id AS candidate_id,
           k.personal_id AS candidate_personal_id, k.full_name AS candidate_full_name,
           k.date_of_birth AS candidate_date_of_birth, u.id AS unit_id, u.name AS unit_name,
           ct.level
    FROM serving a
    JOIN candidate k ON k.unit = a.served_unit AND k.removed_on IS NULL
         AND (k.personal_id = a.personal_id OR k.date_of_birth = a.date_of_birth)
    JOIN electoral_unit u ON u.id = k.unit JOIN contest ct ON ct.id = u.contest
    WHERE (:unit_id::int IS NULL OR k.unit = :unit_id)
    ORDER BY a.body_id, a.member_id, u.id
""")
async def possible_conflicts(
    *, election_id: int | None, body_id: int | None, unit_id: int | None
) -> list[PossibleConflict]: ...


@query("""
    UPDATE body_member SET conflict_candidate = :candidate_id, replace_by = :replace_by
    WHERE id = :member_id AND conflict_candidate IS DISTINCT FROM :candidate_id
    RETURNING id
""")
async def flag_member(*, member_id: int, candidate_id: int, replace_by: dt.date) -> int | None:
    """Mark the member to be replaced by `replace_by`; None when already marked so."""
    ...
