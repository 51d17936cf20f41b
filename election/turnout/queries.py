"""SQL on the turnout tables: the reporting hours, an area's reports, the upsert,
and the rollups per area, commune and province (one statement each view)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.sql import query

# --------------------------------------------------------------------------
# Reporting hours


@query("""
    SELECT at FROM turnout_hour
    WHERE election = :election_id AND province IS NOT DISTINCT FROM (
        SELECT CASE WHEN EXISTS (SELECT FROM turnout_hour
                                 WHERE election = :election_id AND province = :province_code)
                    THEN :province_code::text END)
    ORDER BY at
""")
async def hours_of(*, election_id: int, province_code: str | None) -> list[dt.time]:
    """The province's own set if it has one, else the election's (empty: the default)."""
    ...


@query("""
    SELECT at FROM turnout_hour
    WHERE election = :election_id AND province IS NOT DISTINCT FROM :province_code::text
    ORDER BY at
""")
async def own_hours(*, election_id: int, province_code: str | None) -> list[dt.time]:
    """Exactly the set stored for the election (None) or for the province."""
    ...


@query("""
    DELETE FROM turnout_hour
    WHERE election = :election_id AND province IS NOT DISTINCT FROM :province_code::text
""")
async def delete_hours(*, election_id: int, province_code: str | None) -> None: ...


@query("""
    INSERT INTO turnout_hour (election, province, at, set_by, set_at)
    SELECT :election_id, :province_code, h, :set_by, now() FROM unnest(:hours::time[]) AS h
""")
async def insert_hours(
    *, election_id: int, province_code: str | None, hours: list[dt.time], set_by: str
) -> None: ...


# --------------------------------------------------------------------------
# An area's reports


@dataclass(frozen=True)
class ReportRow:
    at: dt.time
    voted: int
    voters_on_list: int
    reported_by: str
    reported_by_name: str
    reported_at: dt.datetime
    revision: int


_REPORT_COLUMNS = "at, voted, voters_on_list, reported_by, reported_by_name, reported_at, revision"


@query(f"""
    SELECT {_REPORT_COLUMNS} FROM turnout_report
    WHERE polling_area = :polling_area_id ORDER BY at
""")
async def reports_of_area(*, polling_area_id: int) -> list[ReportRow]: ...


@query("SELECT pg_advisory_xact_lock(hashtext('turnout_report'), :polling_area_id)")
async def lock_area(*, polling_area_id: int) -> None:
    """One report of an area at a time, to the commit: the checks against the
    area's other hours read what the write will sit beside."""
    ...


@query(f"""
    INSERT INTO turnout_report AS r (election, polling_area, at, voted, voters_on_list,
                                     reported_by, reported_by_name, reported_at, revision)
    VALUES (:election_id, :polling_area_id, :at, :voted, :voters_on_list,
            :reported_by, :reported_by_name, :reported_at, 1)
    ON CONFLICT (polling_area, at) DO UPDATE
        SET voted = EXCLUDED.voted, voters_on_list = EXCLUDED.voters_on_list,
            reported_by = EXCLUDED.reported_by, reported_by_name = EXCLUDED.reported_by_name,
            reported_at = EXCLUDED.reported_at, revision = r.revision + 1
    RETURNING {_REPORT_COLUMNS}
""")
async def upsert_report(
    *,
    election_id: int,
    polling_area_id: int,
    at: dt.time,
    voted: int,
    voters_on_list: int,
    reported_by: str,
    reported_by_name: str,
    reported_at: dt.datetime,
) -> ReportRow: ...


# --------------------------------------------------------------------------
# Rollups


@dataclass(frozen=True)
class RollupRow:
    """One group (a province, a commune or an area) at one hour; `at` is None
    for a group with no report at all (it still counts its areas)."""

    key: str
    name: str
    areas_total: int
    at: dt.time | None
    areas_reporting: int
    voted: int
    voters_on_list: int


# The group of an area: its province, its commune, or itself.
_GROUP_KEY = """
    CASE :group_by::text WHEN 'province' THEN c.province
                         WHEN 'commune' THEN pa.commune
                         ELSE pa.id::text END
"""


@query(f"""
    WITH areas AS (
        SELECT pa.id, {_GROUP_KEY} AS key,
               CASE :group_by::text WHEN 'province' THEN p.name
                                    WHEN 'commune' THEN c.name
                                    ELSE 'Khu vực bỏ phiếu số ' || pa.number END AS name,
               CASE :group_by::text WHEN 'area' THEN pa.number ELSE 0 END AS number
        FROM polling_area pa
        JOIN commune c ON c.code = pa.commune
        JOIN province p ON p.code = c.province
        WHERE pa.election = :election_id
          AND (:province_code::text IS NULL OR c.province = :province_code)
          AND (:commune_code::text IS NULL OR pa.commune = :commune_code)
    ),
    groups AS (
        SELECT key, min(name) AS name, min(number) AS number, count(*)::int AS areas_total
        FROM areas GROUP BY key
    ),
    hourly AS (
        SELECT a.key, r.at, count(*)::int AS areas_reporting,
               sum(r.voted)::bigint AS voted, sum(r.voters_on_list)::bigint AS voters_on_list
        FROM turnout_report r JOIN areas a ON a.id = r.polling_area
        WHERE r.election = :election_id
        GROUP BY a.key, r.at
    )
    SELECT g.key, g.name, g.areas_total, h.at, COALESCE(h.areas_reporting, 0) AS areas_reporting,
           COALESCE(h.voted, 0)::bigint AS voted,
           COALESCE(h.voters_on_list, 0)::bigint AS voters_on_list
    FROM groups g LEFT JOIN hourly h ON h.key = g.key
    ORDER BY g.number, g.key, h.at
""")
async def rollup(
    *,
    election_id: int,
    province_code: str | None,
    commune_code: str | None,
    group_by: str,
) -> list[RollupRow]:
    """The areas in scope grouped by province, commune or area, with their
    reports summed per hour."""
    ...
