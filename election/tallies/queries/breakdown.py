"""The count broken down by place: every province of the country, every
commune of a province. One statement per view.

The national view reads the units' running sums (`unit_tally`, a few shard
rows per unit) and the areas of each unit; nothing reads the sheets of the
whole country. A province's communes have no running sums of their own, so
that view reads the province's sheets, a few thousand rows.

Reporting is told by the ĐBQH sheets (every polling area has exactly one,
every voter holds that ballot), as the progress board does; "sheets" count
the three contests.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from election.sql import query
from election.tallies import rules
from election.tallies.queries import stands_for


@dataclass(frozen=True)
class PlaceProgress:
    """The count in one place (a province or a commune)."""

    code: str
    name: str
    areas_total: int
    areas_reported: int
    areas_approved: int
    sheets_total: int
    sheets_reported: int
    sheets_approved: int
    voters_on_list: int
    voters_took_part: int

    @property
    def reporting(self) -> Decimal | None:
        """Share of the polling areas whose sheets are in; None without areas."""
        return rules.percent(self.areas_reported, self.areas_total) if self.areas_total else None

    @property
    def turnout(self) -> Decimal | None:
        """Voters who took part, of those listed, in the areas reported so far;
        None before the first sheet."""
        if not self.areas_reported or not self.voters_on_list:
            return None
        return rules.percent(self.voters_took_part, self.voters_on_list)


@dataclass(frozen=True)
class ProvinceProgress(PlaceProgress):
    units_total: int
    units_fixed: int


@query("""
    WITH units AS (
        SELECT u.id, u.province, ct.level = 'dbqh' AS dbqh
        FROM electoral_unit u JOIN contest ct ON ct.id = u.contest
        WHERE ct.election = :election_id
    ),
    areas AS (
        SELECT pu.unit, count(*) AS areas FROM polling_area_unit pu
        WHERE pu.unit IN (SELECT id FROM units) GROUP BY pu.unit
    ),
    sums AS (
        SELECT t.unit, sum(t.reported) AS reported, sum(t.approved) AS approved,
               bool_or(t.locked) AS locked, sum(t.voters_on_list) AS voters_on_list,
               sum(t.voters_took_part) AS voters_took_part
        FROM unit_tally t WHERE t.round_key = 0 AND t.unit IN (SELECT id FROM units)
        GROUP BY t.unit
    ),
    by_province AS (
        SELECT u.province,
               COALESCE(sum(a.areas) FILTER (WHERE u.dbqh), 0) AS areas_total,
               COALESCE(sum(s.reported) FILTER (WHERE u.dbqh), 0) AS areas_reported,
               COALESCE(sum(s.approved) FILTER (WHERE u.dbqh), 0) AS areas_approved,
               COALESCE(sum(a.areas), 0) AS sheets_total,
               COALESCE(sum(s.reported), 0) AS sheets_reported,
               COALESCE(sum(s.approved), 0) AS sheets_approved,
               COALESCE(sum(s.voters_on_list) FILTER (WHERE u.dbqh), 0) AS voters_on_list,
               COALESCE(sum(s.voters_took_part) FILTER (WHERE u.dbqh), 0) AS voters_took_part,
               count(*) AS units_total,
               count(*) FILTER (WHERE s.locked) AS units_fixed
        FROM units u
        LEFT JOIN areas a ON a.unit = u.id
        LEFT JOIN sums s ON s.unit = u.id
        GROUP BY u.province
    )
    SELECT p.code, p.name,
           COALESCE(b.areas_total, 0)::int AS areas_total,
           COALESCE(b.areas_reported, 0)::int AS areas_reported,
           COALESCE(b.areas_approved, 0)::int AS areas_approved,
           COALESCE(b.sheets_total, 0)::int AS sheets_total,
           COALESCE(b.sheets_reported, 0)::int AS sheets_reported,
           COALESCE(b.sheets_approved, 0)::int AS sheets_approved,
           COALESCE(b.voters_on_list, 0)::bigint AS voters_on_list,
           COALESCE(b.voters_took_part, 0)::bigint AS voters_took_part,
           COALESCE(b.units_total, 0)::int AS units_total,
           COALESCE(b.units_fixed, 0)::int AS units_fixed
    FROM province p LEFT JOIN by_province b ON b.province = p.code
    WHERE :province_code::text IS NULL OR p.code = :province_code
    ORDER BY p.code
""")
async def provinces_progress(
    *, election_id: int, province_code: str | None
) -> list[ProvinceProgress]: ...


@query(f"""
    SELECT c.code, c.name,
           count(*) FILTER (WHERE ct.level = 'dbqh')::int AS areas_total,
           count(s.submitted_entry) FILTER (WHERE ct.level = 'dbqh')::int AS areas_reported,
           count(*) FILTER (WHERE ct.level = 'dbqh' AND s.state IN ('approved', 'locked'))::int
               AS areas_approved,
           count(*)::int AS sheets_total,
           count(s.submitted_entry)::int AS sheets_reported,
           count(*) FILTER (WHERE s.state IN ('approved', 'locked'))::int AS sheets_approved,
           COALESCE(sum(e.voters_on_list), 0)::bigint AS voters_on_list,
           COALESCE(sum(e.voters_took_part), 0)::bigint AS voters_took_part
    FROM commune c
    JOIN polling_area pa ON pa.commune = c.code AND pa.election = :election_id
    JOIN polling_area_unit pu ON pu.polling_area = pa.id
    JOIN contest ct ON ct.id = pu.contest
    LEFT JOIN tally_sheet s ON s.polling_area = pu.polling_area AND s.contest = pu.contest
         AND s.unit_round IS NULL
    LEFT JOIN tally_entry e ON e.id = {stands_for("s")} AND ct.level = 'dbqh'
    WHERE c.province = :province_code
      AND (:commune_code::text IS NULL OR c.code = :commune_code)
    GROUP BY c.code, c.name
    ORDER BY c.code
""")
async def communes_progress(
    *, election_id: int, province_code: str, commune_code: str | None
) -> list[PlaceProgress]: ...
