"""Progress of the count: sheets by state and turnout, by area, commune and unit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from election.sql import query
from election.tallies import rules
from election.tallies.queries import counted_in_round, stands_for
from election.tallies.tables import SheetState

# --------------------------------------------------------------------------
# Progress


@dataclass(frozen=True)
class ProgressRow:
    sheets_total: int
    reported: int
    verified: int
    approved: int
    needs_review: int
    voters_on_list: int
    voters_took_part: int

    @property
    def turnout(self) -> Decimal:
        return rules.percent(self.voters_took_part, self.voters_on_list)


# ĐBQH sheets count turnout: every voter has that ballot.
@query(f"""
    WITH expected AS (
        SELECT pu.polling_area, pu.contest, pu.unit FROM polling_area_unit pu
        JOIN polling_area pa ON pa.id = pu.polling_area JOIN commune c ON c.code = pa.commune
        WHERE pa.election = :election_id
          AND (:province_code::text IS NULL OR c.province = :province_code)
          AND (:commune_code::text IS NULL OR pa.commune = :commune_code)
          AND (:unit_id::int IS NULL OR pu.unit = :unit_id)
    )
    SELECT count(*) AS sheets_total,
           count(s.submitted_entry) AS reported,
           count(*) FILTER (WHERE s.state IN ('verified', 'approved', 'locked')) AS verified,
           count(*) FILTER (WHERE s.state IN ('approved', 'locked')) AS approved,
           count(*) FILTER (WHERE s.needs_review AND s.state = 'verified') AS needs_review,
           COALESCE(sum(e.voters_on_list) FILTER (WHERE ct.level = 'dbqh'), 0)::bigint
               AS voters_on_list,
           COALESCE(sum(e.voters_took_part) FILTER (WHERE ct.level = 'dbqh'), 0)::bigint
               AS voters_took_part
    FROM expected x
    JOIN contest ct ON ct.id = x.contest
    LEFT JOIN tally_sheet s ON s.polling_area = x.polling_area AND s.contest = x.contest
         AND s.unit_round IS NULL
    LEFT JOIN tally_entry e ON e.id = {stands_for("s")}
""")
async def progress(
    *,
    election_id: int,
    province_code: str | None,
    commune_code: str | None,
    unit_id: int | None,
) -> ProgressRow: ...


# The same figures for the nation or a province from running counters: the
# sheets' counts from tally_progress (kept by triggers on the sheets and the
# areas' units: at most 34 × 64 rows), the turnout from the ĐBQH units'
# running sums (unit_tally) — instead of joining every area, sheet and entry
# of the country at each refresh (issue 17 #5).
@query("""
    WITH counts AS (
        SELECT COALESCE(sum(sheets_total), 0) AS sheets_total,
               COALESCE(sum(reported), 0) AS reported,
               COALESCE(sum(verified), 0) AS verified,
               COALESCE(sum(approved), 0) AS approved,
               COALESCE(sum(needs_review), 0) AS needs_review
        FROM tally_progress
        WHERE election = :election_id
          AND (:province_code::text IS NULL OR province = :province_code)
    ),
    turnout AS (
        SELECT COALESCE(sum(t.voters_on_list), 0) AS voters_on_list,
               COALESCE(sum(t.voters_took_part), 0) AS voters_took_part
        FROM unit_tally t
        JOIN electoral_unit u ON u.id = t.unit JOIN contest ct ON ct.id = u.contest
        WHERE ct.election = :election_id AND ct.level = 'dbqh' AND t.round_key = 0
          AND (:province_code::text IS NULL OR u.province = :province_code)
    )
    SELECT c.sheets_total::int, c.reported::int, c.verified::int, c.approved::int,
           c.needs_review::int, t.voters_on_list::bigint, t.voters_took_part::bigint
    FROM counts c, turnout t
""")
async def progress_from_sums(*, election_id: int, province_code: str | None) -> ProgressRow: ...


@dataclass(frozen=True)
class AreaSheetStates:
    id: int
    number: int
    name: str
    commune_name: str
    # contest level → {"sheet", "state", "needs_review", "unit"}
    sheets: dict[str, dict[str, Any]]


@query("""
    SELECT pa.id, pa.number, pa.name, c.name AS commune_name,
           json_object_agg(ct.level, json_build_object(
               'sheet', s.id, 'state', COALESCE(s.state, 'draft'),
               'needs_review', COALESCE(s.needs_review, false), 'unit', pu.unit)
           ) AS sheets
    FROM polling_area pa
    JOIN commune c ON c.code = pa.commune
    JOIN polling_area_unit pu ON pu.polling_area = pa.id
    JOIN contest ct ON ct.id = pu.contest
    LEFT JOIN tally_sheet s ON s.polling_area = pa.id AND s.contest = pu.contest
         AND s.unit_round IS NULL
    WHERE pa.election = :election_id AND pa.commune = :commune_code
    GROUP BY pa.id, pa.number, pa.name, c.name
    ORDER BY pa.number
""")
async def commune_sheet_states(*, election_id: int, commune_code: str) -> list[AreaSheetStates]: ...


@dataclass(frozen=True)
class UnitAreaSheet:
    polling_area_id: int
    number: int
    name: str
    commune_name: str
    sheet_id: int | None
    state: SheetState
    needs_review: bool
    voters_on_list: int | None
    voters_took_part: int | None
    valid: int | None
    invalid: int | None

    @property
    def state_label(self) -> str:
        return self.state.label


@query(f"""
    SELECT pa.id AS polling_area_id, pa.number, pa.name, c.name AS commune_name,
           s.id AS sheet_id, COALESCE(s.state, 'draft') AS state,
           COALESCE(s.needs_review, false) AS needs_review,
           e.voters_on_list, e.voters_took_part, e.valid, e.invalid
    FROM polling_area_unit pu
    JOIN polling_area pa ON pa.id = pu.polling_area
    JOIN commune c ON c.code = pa.commune
    LEFT JOIN LATERAL (
        -- The area's sheet the round counts: its own, else (an annulment's
        -- re-run of other areas) the first round's.
        SELECT * FROM tally_sheet s
        WHERE s.polling_area = pu.polling_area AND s.contest = pu.contest
          AND {counted_in_round("s")}
        ORDER BY s.unit_round NULLS LAST LIMIT 1
    ) s ON true
    LEFT JOIN tally_entry e ON e.id = {stands_for("s")}
    WHERE pu.unit = :unit_id
    ORDER BY c.code, pa.number
""")
async def unit_sheet_states(*, unit_id: int, round_id: int | None) -> list[UnitAreaSheet]: ...


# --------------------------------------------------------------------------
# What the results page counts without listing (tallies.standings)


@query("""
    SELECT id FROM contest
    WHERE election = :election_id AND level <> 'hdnd_xa'
    ORDER BY id
""")
async def listed_contests(*, election_id: int) -> list[int]: ...


@dataclass(frozen=True)
class WardUnits:
    total: int
    finalized: int


# The ward units of the nation or a province and how many are fixed (a unit's
# running sums locked: see aggregate.units_with_sums).
@query("""
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM unit_tally t
               WHERE t.unit = u.id AND t.round_key = 0 AND t.locked))::int AS finalized
    FROM electoral_unit u JOIN contest ct ON ct.id = u.contest
    WHERE ct.election = :election_id AND ct.level = 'hdnd_xa'
      AND (:province_code::text IS NULL OR u.province = :province_code)
""")
async def ward_units(*, election_id: int, province_code: str | None) -> WardUnits: ...
