"""Results of many units at once: the set-based aggregation behind the
national view, the CSV of every tally sheet, the JSON of every unit and the
NIST Common Data Format report.

One query sums every unit's sheets and one sums every candidate's votes, so a
national aggregate is three queries whatever the number of units; the winners
are then decided per unit by the pure `rules.determine_winners`.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
from dataclasses import dataclass
from typing import Any

from election import db
from election.actor import Actor
from election.elections import services as elections
from election.elections.tables import ContestLevel
from election.tallies import cdf, rules
from election.tallies.live import Scope

# The entry a sheet stands for: approved, else verified, else the latest submitted.
EFFECTIVE_ENTRY = "COALESCE(s.approved_entry, s.verified_entry, s.submitted_entry)"

_UNITS_IN_SCOPE = """
    SELECT u.id, u.name, u.number, u.seats, u.province AS province_code, p.name AS province_name,
           u.commune AS commune_code, cm.name AS commune_name, ct.id AS contest_id,
           ct.name AS contest_name, ct.level
    FROM electoral_unit u
    JOIN contest ct ON ct.id = u.contest
    JOIN province p ON p.code = u.province
    LEFT JOIN commune cm ON cm.code = u.commune
    WHERE ct.election = $1
      AND ($2::text IS NULL OR u.province = $2)
      AND ($3::text IS NULL OR u.commune = $3
           OR u.id IN (SELECT unit FROM electoral_unit_commune WHERE commune = $3))
      AND ($4::int IS NULL OR ct.id = $4)
"""

_LEVEL_VOTER_COLUMN = {"dbqh": "ballot_dbqh", "hdnd_tinh": "ballot_tinh", "hdnd_xa": "ballot_xa"}


@dataclass(frozen=True)
class UnitAggregate:
    unit_id: int
    unit_name: str
    unit_number: int
    contest_id: int
    contest_name: str
    level: ContestLevel
    province_code: str
    province_name: str
    commune_code: str | None
    commune_name: str | None
    areas_total: int
    areas_reported: int
    areas_approved: int
    finalized: bool
    totals: rules.UnitTotals
    determination: rules.Determination

    @property
    def provisional(self) -> bool:
        return self.areas_approved < self.areas_total


async def aggregate_units(
    *, election_id: int, scope: Scope, contest_id: int | None = None
) -> list[UnitAggregate]:
    """First-round results of every unit in scope (Art. 77, 78)."""
    args = (election_id, scope.province_code, scope.commune_code, contest_id)
    # Three independent queries over the same units, run side by side on
    # separate connections so PostgreSQL works on them in parallel.
    # The running sums (unit_tally, kept by every sheet change) instead of the
    # sheets themselves: a few shard rows per unit and per candidate.
    units, candidate_rows = await db.concurrently(
        db.fetch(
            f"""
            WITH units AS ({_UNITS_IN_SCOPE}),
            areas AS (
                SELECT pu.unit, count(*) AS areas_total FROM polling_area_unit pu
                WHERE pu.unit IN (SELECT id FROM units) GROUP BY pu.unit
            )
            SELECT u.*, COALESCE(a.areas_total, 0) AS areas_total,
                   COALESCE(t.reported, 0) AS reported, COALESCE(t.approved, 0) AS approved,
                   COALESCE(t.locked, false) AS locked,
                   COALESCE(t.voters_on_list, 0) AS voters_on_list,
                   COALESCE(t.voters_took_part, 0) AS took_part,
                   COALESCE(t.ballots_issued, 0) AS issued,
                   COALESCE(t.ballots_received, 0) AS received, COALESCE(t.valid, 0) AS valid,
                   COALESCE(t.invalid, 0) AS invalid
            FROM units u LEFT JOIN areas a ON a.unit = u.id
            LEFT JOIN (
                SELECT unit, sum(reported)::int AS reported, sum(approved)::int AS approved,
                       bool_or(locked) AS locked, sum(voters_on_list)::bigint AS voters_on_list,
                       sum(voters_took_part)::bigint AS voters_took_part,
                       sum(ballots_issued)::bigint AS ballots_issued,
                       sum(ballots_received)::bigint AS ballots_received,
                       sum(valid)::bigint AS valid, sum(invalid)::bigint AS invalid
                FROM unit_tally WHERE round_key = 0 AND unit IN (SELECT id FROM units)
                GROUP BY unit
            ) t ON t.unit = u.id
            ORDER BY u.contest_id, u.province_code, u.commune_code NULLS FIRST, u.number
            """,
            *args,
        ),
        db.fetch(
            f"""
            WITH units AS ({_UNITS_IN_SCOPE})
            SELECT c.id, c.unit, c.full_name, c.date_of_birth, COALESCE(t.votes, 0) AS votes
            FROM candidate c
            LEFT JOIN (
                SELECT candidate, sum(votes)::bigint AS votes FROM unit_candidate_tally
                WHERE round_key = 0 AND unit IN (SELECT id FROM units) GROUP BY candidate
            ) t ON t.candidate = c.id
            WHERE c.unit IN (SELECT id FROM units) AND c.removed_on IS NULL
            ORDER BY c.unit, c.ballot_sort_key COLLATE "C", c.id
            """,
            *args,
        ),
    )
    candidates: dict[int, list[rules.CandidateResult]] = {}
    result_of = rules.CandidateResult
    for candidate_id, unit_id, full_name, born, votes in candidate_rows:
        candidates.setdefault(unit_id, []).append(result_of(candidate_id, full_name, born, votes))
    unreported = await _listed_in_unreported_areas(
        [u for u in units if u["reported"] < u["areas_total"]]
    )
    # Tens of thousands of small objects and no cycles among them: the cyclic
    # collector would only rescan them over and over.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _aggregates(units, candidates, unreported)
    finally:
        if gc_was_enabled:
            gc.enable()


def _aggregates(units, candidates, unreported) -> list[UnitAggregate]:
    result = []
    for u in units:
        totals = rules.UnitTotals(
            level=u["level"],
            seats=u["seats"],
            voters_on_list=u["voters_on_list"] + unreported.get(u["id"], 0),
            voters_took_part=u["took_part"],
            ballots_issued=u["issued"],
            ballots_received=u["received"],
            valid=u["valid"],
            invalid=u["invalid"],
            candidates=tuple(candidates.get(u["id"], ())),
        )
        result.append(
            UnitAggregate(
                unit_id=u["id"],
                unit_name=u["name"],
                unit_number=u["number"],
                contest_id=u["contest_id"],
                contest_name=u["contest_name"],
                level=ContestLevel(u["level"]),
                province_code=u["province_code"],
                province_name=u["province_name"],
                commune_code=u["commune_code"],
                commune_name=u["commune_name"],
                areas_total=u["areas_total"],
                areas_reported=u["reported"],
                areas_approved=u["approved"],
                finalized=u["locked"],
                totals=totals,
                determination=rules.determine_winners(totals),
            )
        )
    return result


async def _listed_in_unreported_areas(units: list[Any]) -> dict[int, int]:
    """Listed voters of the areas that have not reported yet: they count in the
    unit's total of voters (Art. 78(1)) before their sheets arrive."""
    counts: dict[int, int] = {}
    for level, column in _LEVEL_VOTER_COLUMN.items():
        ids = [u["id"] for u in units if u["level"] == level]
        if not ids:
            continue
        for row in await db.fetch(
            f"""
            SELECT pu.unit, count(v.id) AS listed FROM polling_area_unit pu
            JOIN voter v ON v.polling_area = pu.polling_area AND v.status = 'listed'
                 AND NOT v.voting_elsewhere AND v.{column}
            WHERE pu.unit = ANY($1::int[]) AND NOT EXISTS (
                SELECT 1 FROM tally_sheet s WHERE s.polling_area = pu.polling_area
                  AND s.contest = pu.contest AND s.unit_round IS NULL AND s.submitted_entry IS NOT NULL)
            GROUP BY pu.unit
            """,
            ids,
        ):
            counts[row["unit"]] = row["listed"]
    return counts


def aggregate_json(aggregate: UnitAggregate) -> dict[str, Any]:
    d = aggregate.determination
    t = aggregate.totals
    return {
        "unit_id": aggregate.unit_id,
        "unit_name": aggregate.unit_name,
        "unit_number": aggregate.unit_number,
        "contest_id": aggregate.contest_id,
        "contest_name": aggregate.contest_name,
        "level": aggregate.level.value,
        "province_code": aggregate.province_code,
        "commune_code": aggregate.commune_code,
        "seats": t.seats,
        "areas_total": aggregate.areas_total,
        "areas_reported": aggregate.areas_reported,
        "areas_approved": aggregate.areas_approved,
        "provisional": aggregate.provisional,
        "finalized": aggregate.finalized,
        "voters_on_list": t.voters_on_list,
        "voters_took_part": t.voters_took_part,
        "ballots_issued": t.ballots_issued,
        "ballots_received": t.ballots_received,
        "valid": t.valid,
        "invalid": t.invalid,
        "turnout": str(d.turnout),
        "result_valid": d.result_valid,
        "winners": list(d.winners),
        "empty_seats": d.empty_seats,
        "needs_supplementary": d.needs_supplementary,
        "needs_rerun": d.needs_rerun,
        "unresolved_tie": d.unresolved_tie,
        "notes": list(d.notes),
        "standings": [
            {
                "candidate_id": s.candidate_id,
                "full_name": s.full_name,
                "votes": s.votes,
                "percent": str(s.percent),
                "elected": s.elected,
            }
            for s in d.standings
        ],
    }


async def unit_results(*, election_id: int, scope: Scope, actor: Actor) -> list[dict[str, Any]]:
    await elections.get_election(election_id=election_id)
    return [aggregate_json(a) for a in await aggregate_units(election_id=election_id, scope=scope)]


# Column names are the Vietnamese headers of the CSV.
_RESULTS_CSV = f"""
    SELECT p.code AS "Mã tỉnh", p.name AS "Tỉnh, thành phố", c.code AS "Mã xã", c.name AS "Xã, phường",
           pa.number AS "Khu vực bỏ phiếu số", pa.name AS "Khu vực bỏ phiếu", ct.name AS "Cuộc bầu cử",
           u.name AS "Đơn vị bầu cử", COALESCE(r.kind, 'first') AS "Vòng",
           s.state AS "Trạng thái biên bản", e.voters_on_list AS "Tổng số cử tri",
           e.voters_took_part AS "Số cử tri đã tham gia bỏ phiếu", e.ballots_issued AS "Số phiếu phát ra",
           e.ballots_received AS "Số phiếu thu vào", e.valid AS "Số phiếu hợp lệ",
           e.invalid AS "Số phiếu không hợp lệ", cd.full_name AS "Người ứng cử",
           v.votes AS "Số phiếu bầu"
    FROM tally_sheet s
    JOIN tally_entry e ON e.id = {EFFECTIVE_ENTRY}
    JOIN tally_vote v ON v.entry = e.id
    JOIN candidate cd ON cd.id = v.candidate
    JOIN polling_area pa ON pa.id = s.polling_area
    JOIN commune c ON c.code = pa.commune
    JOIN province p ON p.code = c.province
    JOIN contest ct ON ct.id = s.contest
    JOIN electoral_unit u ON u.id = s.unit
    LEFT JOIN unit_round r ON r.id = s.unit_round
    WHERE pa.election = $1 AND ($2::text IS NULL OR c.province = $2) AND ($3::text IS NULL OR c.code = $3)
    ORDER BY p.code, c.code, pa.number, ct.id, s.unit_round NULLS FIRST, cd.ballot_sort_key COLLATE "C"
"""


async def results_csv(*, election_id: int, scope: Scope, actor: Actor) -> bytes:
    """Every entered sheet of the scope, one line per candidate, straight from
    PostgreSQL's COPY (a national file has about a million lines)."""
    await elections.get_election(election_id=election_id)
    buffer = io.BytesIO()
    async with db.connection() as conn:
        await conn.copy_from_query(
            _RESULTS_CSV,
            election_id,
            scope.province_code,
            scope.commune_code,
            output=buffer,
            format="csv",
            header=True,
        )
    return "\ufeff".encode() + buffer.getvalue()


async def cdf_report(
    *, election_id: int, scope: Scope, actor: Actor, with_areas: bool = False
) -> dict[str, Any]:
    election = await elections.get_election(election_id=election_id)
    aggregates = await aggregate_units(election_id=election_id, scope=scope)
    area_rows: dict[int, list[dict[str, Any]]] = {}
    if with_areas:
        area_rows = await _area_results([a.unit_id for a in aggregates])
    units = []
    for a in aggregates:
        winners = set(a.determination.winners)
        if a.level == ContestLevel.COMMUNE_COUNCIL:
            area = {"id": a.commune_code, "name": a.commune_name, "type": "commune"}
        else:
            area = {"id": a.province_code, "name": a.province_name, "type": "province"}
        units.append(
            {
                "id": a.unit_id,
                "contest_id": a.contest_id,
                "contest_name": a.contest_name,
                "level": a.level.value,
                "name": a.unit_name,
                "seats": a.totals.seats,
                "area": area,
                "voters_on_list": a.totals.voters_on_list,
                "voters_took_part": a.totals.voters_took_part,
                "ballots_received": a.totals.ballots_received,
                "valid": a.totals.valid,
                "invalid": a.totals.invalid,
                "candidates": [
                    {
                        "id": c.candidate_id,
                        "full_name": c.full_name,
                        "votes": c.votes,
                        "elected": c.candidate_id in winners,
                    }
                    for c in a.totals.candidates
                ],
                "polling_areas": area_rows.get(a.unit_id, []),
            }
        )
    if not aggregates:
        status = "pre-election"
    elif all(a.finalized for a in aggregates):
        status = "certified"
    elif all(a.areas_reported == a.areas_total for a in aggregates):
        status = "unofficial-complete"
    else:
        status = "unofficial-partial"
    scope_info = None
    if scope.commune_code:
        name = await db.fetchval("SELECT name FROM commune WHERE code = $1", scope.commune_code)
        scope_info = {"id": scope.commune_code, "name": name or "", "type": "commune"}
    elif scope.province_code:
        name = await db.fetchval("SELECT name FROM province WHERE code = $1", scope.province_code)
        scope_info = {"id": scope.province_code, "name": name or "", "type": "province"}
    return cdf.election_report(
        election={
            "id": election.id,
            "name": election.name,
            "election_day": election.election_day,
            "issuer": "Hội đồng bầu cử quốc gia",
            "scope": scope_info,
        },
        units=units,
        generated_at=dt.datetime.now(dt.UTC),
        status=status,
    )


async def _area_results(unit_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = await db.fetch(
        f"""
        SELECT s.unit, pa.id, pa.number, pa.name, e.voters_on_list, e.voters_took_part, e.valid,
               e.invalid,
               COALESCE((SELECT json_object_agg(v.candidate, v.votes) FROM tally_vote v
                         WHERE v.entry = e.id), '{{}}')::text AS votes
        FROM tally_sheet s
        JOIN tally_entry e ON e.id = {EFFECTIVE_ENTRY}
        JOIN polling_area pa ON pa.id = s.polling_area
        WHERE s.unit_round IS NULL AND s.unit = ANY($1::int[])
        ORDER BY s.unit, pa.commune, pa.number
        """,
        unit_ids,
    )
    result: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        result.setdefault(r["unit"], []).append(
            {
                "id": r["id"],
                "name": f"Khu vực bỏ phiếu số {r['number']} – {r['name']}",
                "voters_on_list": r["voters_on_list"],
                "voters_took_part": r["voters_took_part"],
                "valid": r["valid"],
                "invalid": r["invalid"],
                "votes": {int(k): v for k, v in json.loads(r["votes"]).items()},
            }
        )
    return result


async def rebuild_unit_tallies(*, election_id: int) -> int:
    """Recompute every running unit tally of an election from its sheets (after a
    bulk load, or to repair); returns the number of unit rows written."""
    async with db.transaction():
        await db.execute(
            """
            DELETE FROM unit_candidate_tally WHERE unit IN (
                SELECT u.id FROM electoral_unit u JOIN contest c ON c.id = u.contest
                WHERE c.election = $1)
            """,
            election_id,
        )
        await db.execute(
            """
            DELETE FROM unit_tally WHERE unit IN (
                SELECT u.id FROM electoral_unit u JOIN contest c ON c.id = u.contest
                WHERE c.election = $1)
            """,
            election_id,
        )
        written = await db.fetchval(
            f"""
            WITH x AS (
                INSERT INTO unit_tally (unit, round_key, reported, approved, locked, voters_on_list,
                    voters_took_part, ballots_issued, ballots_received, valid, invalid)
                SELECT s.unit, COALESCE(s.unit_round, 0), count(e.id),
                       count(*) FILTER (WHERE s.state IN ('approved', 'locked')),
                       bool_or(s.state = 'locked'),
                       COALESCE(sum(e.voters_on_list), 0), COALESCE(sum(e.voters_took_part), 0),
                       COALESCE(sum(e.ballots_issued), 0), COALESCE(sum(e.ballots_received), 0),
                       COALESCE(sum(e.valid), 0), COALESCE(sum(e.invalid), 0)
                FROM tally_sheet s
                JOIN contest c ON c.id = s.contest
                LEFT JOIN tally_entry e ON e.id = {EFFECTIVE_ENTRY}
                WHERE c.election = $1
                GROUP BY s.unit, COALESCE(s.unit_round, 0)
                RETURNING 1
            )
            SELECT count(*) FROM x
            """,
            election_id,
        )
        await db.execute(
            f"""
            INSERT INTO unit_candidate_tally (unit, round_key, candidate, votes)
            SELECT s.unit, COALESCE(s.unit_round, 0), v.candidate, sum(v.votes)
            FROM tally_sheet s
            JOIN contest c ON c.id = s.contest
            JOIN tally_vote v ON v.entry = {EFFECTIVE_ENTRY}
            WHERE c.election = $1
            GROUP BY s.unit, COALESCE(s.unit_round, 0), v.candidate
            """,
            election_id,
        )
    return written
