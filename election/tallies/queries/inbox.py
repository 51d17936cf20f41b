"""The work waiting on election night in one place ("Việc cần làm"): sheets to
verify, mismatching double entries, sheets to review or approve, units whose
result can be fixed, and polling areas late with their sheets.

One statement reads the polling areas of the scope once and joins their
sheets, so the whole country (72,195 areas, three contests each) is a few hash
joins, not a query per area; only the items listed get their names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.elections.tables import ContestLevel
from election.sql import query

# The first-round sheets of the areas in scope, narrow (ids and states; names
# are joined only to the items listed): a sheet row exists once someone
# opened it, a missing row is a sheet nobody has entered. An area is late
# `:overdue_hours` after voting closed there (its early voting day, else
# election day).
_ITEMS = """
    scope_area AS (
        SELECT pa.id,
               ((COALESCE(pa.early_voting_date, el.election_day) + el.voting_closes)
                   AT TIME ZONE 'Asia/Ho_Chi_Minh') + make_interval(hours => :overdue_hours)
                   <= :now::timestamptz AS late
        FROM polling_area pa
        JOIN commune c ON c.code = pa.commune
        JOIN election el ON el.id = pa.election
        WHERE pa.election = :election_id
          AND (:province_code::text IS NULL OR c.province = :province_code)
          AND (:commune_code::text IS NULL OR pa.commune = :commune_code)
          AND (:polling_area_id::int IS NULL OR pa.id = :polling_area_id)
    ),
    expected AS (
        SELECT a.id AS polling_area_id, a.late, pu.unit, ct.level, s.id AS sheet_id,
               COALESCE(s.state, 'draft') AS state, COALESCE(s.needs_review, false) AS needs_review,
               s.submitted_entry, s.updated_at
        FROM scope_area a
        JOIN polling_area_unit pu ON pu.polling_area = a.id
        JOIN contest ct ON ct.id = pu.contest
        LEFT JOIN tally_sheet s ON s.polling_area = a.id AND s.contest = pu.contest
             AND s.unit_round IS NULL
        WHERE ct.level = ANY(:levels::text[])
    ),
    -- Units with an area in scope whose every first-round sheet (in scope
    -- first, then all of them) is approved, and whose result the board has
    -- not fixed yet (Art. 77).
    ready_unit AS (
        SELECT x.unit, min(x.level) AS level
        FROM expected x
        GROUP BY x.unit
        HAVING bool_and(x.state = 'approved')
           AND x.unit NOT IN (SELECT r.unit FROM unit_result r WHERE r.unit_round IS NULL)
           AND NOT EXISTS (
               SELECT 1 FROM polling_area_unit pu
               LEFT JOIN tally_sheet s ON s.polling_area = pu.polling_area
                    AND s.contest = pu.contest AND s.unit_round IS NULL
               WHERE pu.unit = x.unit AND s.state IS DISTINCT FROM 'approved')
    ),
    item AS (
        -- A submitted sheet whose current version someone else also typed,
        -- differently (matching entries would have verified it).
        SELECT CASE WHEN typed.typists > 1 THEN 'mismatch' ELSE 'to_verify' END AS kind,
               x.sheet_id, x.unit AS unit_id, x.polling_area_id, x.level, 0 AS missing,
               x.updated_at AS since
        FROM expected x
        CROSS JOIN LATERAL (
            SELECT count(DISTINCT o.entered_by) AS typists
            FROM tally_entry e
            JOIN tally_entry o ON o.sheet = e.sheet AND o.version = e.version
            WHERE e.id = x.submitted_entry
        ) typed
        WHERE x.state = 'submitted'
        UNION ALL
        SELECT CASE WHEN needs_review THEN 'review' ELSE 'to_approve' END,
               sheet_id, unit, polling_area_id, level, 0, updated_at
        FROM expected WHERE state = 'verified'
        UNION ALL
        SELECT 'ready_unit', NULL, unit, NULL, level, 0, NULL
        FROM ready_unit
        UNION ALL
        SELECT 'overdue', NULL, NULL, polling_area_id, NULL,
               (count(*) FILTER (WHERE submitted_entry IS NULL))::int, NULL
        FROM expected WHERE late
        GROUP BY polling_area_id
        HAVING count(*) FILTER (WHERE submitted_entry IS NULL) > 0
    ),
    ranked AS (
        SELECT item.*,
               row_number() OVER (
                   PARTITION BY kind ORDER BY since NULLS LAST, polling_area_id, unit_id, level
               ) AS position,
               count(*) OVER (PARTITION BY kind) AS total
        FROM item
    )
"""


@dataclass(frozen=True)
class InboxItem:
    kind: str
    # Items of this kind in all (only the first `:per_kind` are listed).
    total: int
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


# The work of the scope in one statement: the oldest `:per_kind` items of each
# kind (they have waited longest), each row with its kind's total.
@query(f"""
    WITH {_ITEMS}
    SELECT r.kind, r.total::int AS total, r.sheet_id, r.unit_id, r.polling_area_id,
           COALESCE(pa.number, u.number) AS number, COALESCE(pa.name, u.name) AS name,
           COALESCE(c.name, '') AS commune_name, r.level, r.missing, r.since
    FROM ranked r
    LEFT JOIN polling_area pa ON pa.id = r.polling_area_id
    LEFT JOIN commune c ON c.code = pa.commune
    LEFT JOIN electoral_unit u ON u.id = r.unit_id AND r.kind = 'ready_unit'
    WHERE r.position <= :per_kind
    ORDER BY r.kind, r.position
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
