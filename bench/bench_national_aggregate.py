"""The national count: `exports.aggregate_units` and `services.progress` over a
national-scale election, against the raw asyncpg queries that compute the same
sums.

The data set is written with COPY (bench/dataset.py): 34 provinces, 182 ĐBQH
units (500 seats), HĐND tỉnh units in every province, an HĐND xã contest and
its units in each of the 3,321 communes, 72,195 polling areas (BENCH_AREAS),
a sheet per area and contest (about 216,000), each with an approved entry and
its votes (about 1.3 million vote rows).

The aggregation runs at BENCH_NATIONAL_SIZES (default "0.25,0.5,1": a
quarter, half and the whole of BENCH_AREAS), each on a scene of its own, to
see whether its cost grows linearly; the other figures at the largest size.

Each measurement is the best of three runs:
- national_aggregate: every unit's totals and winners (Art. 77, 78), against
  the two SUM ... GROUP BY queries (per unit, per unit and candidate) alone.
  The service reads the running unit tallies that every sheet change keeps up
  to date in its own transaction (their cost is in tally_submit), so it does
  less work than the raw recomputation it is compared with; hence also:
- national_rebuild: recomputing those running tallies from every sheet, as
  after a bulk load or a repair, against the same raw queries;
- national_progress: sheets by state and turnout, against one count query
  straight over the sheets;
- national_standings: what the national results page lists, computed once
  per burst of changes for all its viewers (tallies.standings), against the
  same raw queries.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bench.common import ROOT, report

AREAS = int(os.environ.get("BENCH_AREAS", "72195"))
SIZES = [float(x) for x in os.environ.get("BENCH_NATIONAL_SIZES", "0.25,0.5,1").split(",")]
DATABASE = "election_bench_national"
RUNS = 3
T = TypeVar("T")

EFFECTIVE_ENTRY = "COALESCE(s.approved_entry, s.verified_entry, s.submitted_entry)"
RAW_UNIT_SUMS = f"""
    SELECT s.unit, count(e.id) AS reported,
           count(*) FILTER (WHERE s.state IN ('approved', 'locked')) AS approved,
           sum(e.voters_on_list) AS voters_on_list, sum(e.voters_took_part) AS took_part,
           sum(e.ballots_issued) AS issued, sum(e.ballots_received) AS received,
           sum(e.valid) AS valid, sum(e.invalid) AS invalid
    FROM tally_sheet s JOIN contest ct ON ct.id = s.contest
    LEFT JOIN tally_entry e ON e.id = {EFFECTIVE_ENTRY}
    WHERE ct.election = $1 AND s.unit_round IS NULL
    GROUP BY s.unit
"""
RAW_CANDIDATE_SUMS = f"""
    SELECT s.unit, v.candidate, sum(v.votes) AS votes
    FROM tally_sheet s JOIN contest ct ON ct.id = s.contest
    JOIN tally_vote v ON v.entry = {EFFECTIVE_ENTRY}
    WHERE ct.election = $1 AND s.unit_round IS NULL
    GROUP BY s.unit, v.candidate
"""
RAW_PROGRESS = f"""
    SELECT count(*) AS sheets_total, count(s.submitted_entry) AS reported,
           count(*) FILTER (WHERE s.state IN ('verified', 'approved', 'locked')) AS verified,
           count(*) FILTER (WHERE s.state IN ('approved', 'locked')) AS approved,
           count(*) FILTER (WHERE s.needs_review AND s.state = 'verified') AS needs_review,
           COALESCE(sum(e.voters_on_list) FILTER (WHERE ct.level = 'dbqh'), 0) AS voters_on_list,
           COALESCE(sum(e.voters_took_part) FILTER (WHERE ct.level = 'dbqh'), 0) AS voters_took_part
    FROM tally_sheet s JOIN contest ct ON ct.id = s.contest
    LEFT JOIN tally_entry e ON e.id = {EFFECTIVE_ENTRY}
    WHERE ct.election = $1 AND s.unit_round IS NULL
"""


def note(text: str) -> None:
    print(f"# {text}", file=sys.stderr, flush=True)


async def best(action: Callable[[], Awaitable[T]], runs: int = RUNS) -> tuple[float, T]:
    times: list[float] = []
    for _ in range(runs - 1):
        start = time.perf_counter()
        await action()
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    result = await action()
    times.append(time.perf_counter() - start)
    return min(times), result


async def generate(dsn: str, areas: int) -> int:
    import asyncpg

    from bench import dataset
    from election.cli import prepare_database

    await prepare_database(dsn, demo=False)
    conn = await asyncpg.connect(dsn)
    try:
        start = time.perf_counter()
        async with conn.transaction():
            data = await dataset.generate(conn, election_day=dt.date(2026, 3, 15), areas=areas)
        # What autovacuum would have done by election night.
        await conn.execute("VACUUM ANALYZE")
        note(
            f"national data set in {time.perf_counter() - start:.1f} s: {data.areas:,} areas, "
            f"{data.units:,} units, {data.candidates:,} candidates, {data.sheets:,} sheets, "
            f"{data.votes:,} vote rows"
        )
    finally:
        await conn.close()
    return data.election_id


def _label(share: float) -> str:
    return "" if share == 1 else f"_{round(share * 100)}pct"


async def measure(dsn: str, election_id: int, share: float, last: bool) -> None:
    import asyncpg

    from election import db
    from election.tallies import exports, live, services, standings

    conn = await asyncpg.connect(dsn)
    await db.open_pool(dsn, size=2)
    try:

        async def raw_aggregate():
            return (
                await conn.fetch(RAW_UNIT_SUMS, election_id),
                await conn.fetch(RAW_CANDIDATE_SUMS, election_id),
            )

        async def ours_aggregate():
            return await exports.aggregate_units(election_id=election_id, scope=live.Scope())

        raw_seconds, (unit_sums, _votes) = await best(raw_aggregate)

        async def rebuild():
            return await exports.rebuild_unit_tallies(election_id=election_id)

        # The data set writes sheets only: the running sums come from here.
        rebuild_seconds, _ = await best(rebuild)
        ours_seconds, aggregates = await best(ours_aggregate)
        if sum(a.totals.valid for a in aggregates) != sum(r["valid"] for r in unit_sums):
            raise RuntimeError("the aggregate and the raw sums disagree")
        winners = sum(len(a.determination.winners) for a in aggregates)
        note(f"{len(aggregates):,} units aggregated, {winners:,} winners")
        name = "national_aggregate" + _label(share)
        report(name, ours_seconds * 1000, "ms", raw_seconds * 1000, higher_is_better=False)
        if not last:
            return
        report(
            "national_rebuild",
            rebuild_seconds * 1000,
            "ms",
            raw_seconds * 1000,
            higher_is_better=False,
        )

        async def national_standings():
            return await standings._standings(election_id, live.Scope())

        standings_seconds, board = await best(national_standings)
        note(
            f"national page: {len(board.provinces)} provinces, {len(board.units):,} units "
            f"listed, {board.ward_units_total:,} ward units counted"
        )
        report(
            "national_standings",
            standings_seconds * 1000,
            "ms",
            raw_seconds * 1000,
            higher_is_better=False,
        )

        async def raw_progress():
            return await conn.fetchrow(RAW_PROGRESS, election_id)

        async def ours_progress():
            return await services.progress(election_id=election_id)

        raw_seconds, counts = await best(raw_progress)
        ours_seconds, progress = await best(ours_progress)
        if progress != services.Progress(**dict(counts)):
            raise RuntimeError(f"progress differs from the raw count: {progress} {dict(counts)}")
        report(
            "national_progress",
            ours_seconds * 1000,
            "ms",
            raw_seconds * 1000,
            higher_is_better=False,
        )
    finally:
        await db.close_pool()
        await conn.close()


def main() -> None:
    from election import db

    server = db.EmbeddedPostgres(ROOT / ".data" / "bench-pg")
    server_dsn = server.start()
    try:
        for share in sorted(SIZES):
            dsn = asyncio.run(db.ensure_database(server_dsn, DATABASE, recreate=True))
            election_id = asyncio.run(generate(dsn, round(AREAS * share)))
            asyncio.run(measure(dsn, election_id, share, last=share == max(SIZES)))
    finally:
        asyncio.run(db.drop_database(server_dsn, DATABASE))
        server.stop()


if __name__ == "__main__":
    main()
