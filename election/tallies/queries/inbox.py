"""The work waiting on election night in one place ("Việc cần làm"): sheets to
verify, mismatching double entries, sheets to review or approve, units whose
result can be fixed, and polling areas late with their sheets.

Both statements read the polling areas of one scope once and join the sheets
by their unique index (polling area, contest, round), so the whole country
(72,195 areas, three contests each) is a few hash joins, not a query per area.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.elections.tables import ContestLevel
from election.sql import query

# The first-round sheets of the areas in scope (a sheet row exists once
# someone opened it; a missing row is a sheet nobody has entered). Parameters:
# :election_id, :province_code, :commune_code, :polling_area_id, :levels.
_EXPECTED = """
    scope_area AS (
        SELECT pa.id, pa.number, pa.name, pa.commune, c.name AS commune_name,
               COALESCE(pa.early_voting_date, el.election_day) + el.voting_closes AS closes_local
        FROM polling_area pa
        JOIN commune c ON c.code = pa.commune
        JOIN election el ON el.id = pa.election
        WHERE pa.election = :election_id
          AND (:province_code::text IS NULL OR c.province = :province_code)
          AND (:commune_code::text IS NULL OR pa.commune = :commune_code)
          AND (:polling_area_id::int IS NULL OR pa.id = :polling_area_id)
    ),
    expected AS (
        SELECT a.id AS polling_area_id, a.number, a.name, a.commune_name, a.closes_local,
               pu.unit, ct.level, s.id AS sheet_id, COALESCE(s.state, 'draft') AS state,
               COALESCE(s.needs_review, false) AS needs_review, s.submitted_entry,
               s.updated_at
        FROM scope_area a
        JOIN polling_area_unit pu ON pu.polling_area = a.id
        JOIN contest ct ON ct.id = pu.contest
        LEFT JOIN tally_sheet s ON s.polling_area = a.id AND s.contest = pu.contest
             AND s.unit_round IS NULL
        WHERE ct.level = ANY(:levels::text[])
    ),
    -- A submitted sheet whose current version someone else also entered,
    -- differently (matching entries would have verified it).
    submitted AS (
        SELECT x.*, EXISTS (
            SELECT 1 FROM tally_entry e JOIN tally_entry o
                 ON o.sheet = e.sheet AND o.version = e.version AND o.entered_by <> e.entered_by
            WHERE e.id = x.submitted_entry
        ) AS mismatch
        FROM expected x WHERE x.state = 'submitted'
    ),
    late_area AS (
        SELECT polling_area_id, min(number) AS number, min(name) AS name,
               min(commune_name) AS commune_name, count(*) AS expected,
               count(*) FILTER (WHERE submitted_entry IS NULL) AS missing
        FROM expected
        WHERE (closes_local AT TIME ZONE 'Asia/Ho_Chi_Minh')
              + make_interval(hours => :overdue_hours) <= :now::timestamptz
        GROUP BY polling_area_id
        HAVING count(*) FILTER (WHERE submitted_entry IS NULL) > 0
    ),
    -- Units with an area in scope whose every first-round sheet is approved
    -- and whose result the board has not fixed yet (Art. 77).
    unit_sheets AS (
        SELECT pu.unit, count(*) AS total,
               count(*) FILTER (WHERE s.state = 'approved') AS approved
        FROM polling_area_unit pu
        LEFT JOIN tally_sheet s ON s.polling_area = pu.polling_area AND s.contest = pu.contest
             AND s.unit_round IS NULL
        WHERE pu.unit IN (SELECT unit FROM expected)
        GROUP BY pu.unit
    ),
    ready_unit AS (
        SELECT u.id, u.number, u.name, ct.level, us.total
        FROM unit_sheets us
        JOIN electoral_unit u ON u.id = us.unit
        JOIN contest ct ON ct.id = u.contest
        WHERE us.total = us.approved
          AND NOT EXISTS (SELECT 1 FROM unit_result r WHERE r.unit = u.id AND r.unit_round IS NULL)
    ),
    item AS (
        SELECT CASE WHEN mismatch THEN 'mismatch' ELSE 'to_verify' END AS kind,
               sheet_id, unit AS unit_id, polling_area_id, number, name, commune_name, level,
               0 AS missing, updated_at AS since
        FROM submitted
        UNION ALL
        SELECT CASE WHEN needs_review THEN 'review' ELSE 'to_approve' END,
               sheet_id, unit, polling_area_id, number, name, commune_name, level, 0, updated_at
        FROM expected WHERE state = 'verified'
        UNION ALL
        SELECT 'ready_unit', NULL, id, NULL, number, name, '', level, 0, NULL
        FROM ready_unit
        UNION ALL
        SELECT 'overdue', NULL, NULL, polling_area_id, number, name, commune_name, NULL,
               missing::int, NULL
        FROM late_area
    )
"""


@dataclass(frozen=True)
class InboxCount:
    kind: str
    count: int


@query(f"""
    WITH {_EXPECTED}
    SELECT kind, count(*)::int AS count FROM item GROUP BY kind
""")
async def inbox_counts(
    *,
    election_id: int,
    province_code: str | None,
    commune_code: str | None,
    polling_area_id: int | None,
    levels: list[str],
    overdue_hours: int,
    now: dt.datetime,
) -> list[InboxCount]: ...


@dataclass(frozen=True)
class InboxItem:
    kind: str
    sheet_id: int | None
    unit_id: int | None
    polling_area_id: int | None
    # The area's number and name, or the unit's.
    number: int
    name: str
    commune_name: str
    level: ContestLevel | None
    # Sheets of an overdue area not entered yet.
    missing: int
    since: dt.datetime | None


# The oldest items of each kind first (they have waited longest), `:per_kind`
# of each; the counts come from `inbox_counts`.
@query(f"""
    WITH {_EXPECTED},
    ranked AS (
        SELECT item.*, row_number() OVER (
            PARTITION BY kind ORDER BY since NULLS LAST, commune_name, number, level
        ) AS position
        FROM item
    )
    SELECT kind, sheet_id, unit_id, polling_area_id, number, name, commune_name, level,
           missing, since
    FROM ranked WHERE position <= :per_kind
    ORDER BY kind, position
""")
async def inbox_items(
    *,
    election_id: int,
    province_code: str | None,
    commune_code: str | None,
    polling_area_id: int | None,
    levels: list[str],
    overdue_hours: int,
    now: dt.datetime,
    per_kind: int,
) -> list[InboxItem]: ...
