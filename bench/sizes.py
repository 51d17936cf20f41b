"""Table and index sizes for docs/scaling.md: the national scene at the end
of election night (every sheet with an approved entry and its votes, the
running sums rebuilt), and the voter list the import benchmark left loaded
(election_bench_voters, when there), each per row and extrapolated to the
country.

Run: .venv/bin/python -m bench.sizes (not part of `make bench`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os

import asyncpg

from bench.common import ROOT

AREAS = int(os.environ.get("BENCH_AREAS", "72195"))
DATABASE = "election_bench_sizes"
NATIONAL_VOTERS = 76_400_000
SIZES = """
    SELECT c.relname AS name, c.reltuples::bigint AS rows,
           pg_table_size(c.oid) AS heap, pg_indexes_size(c.oid) AS indexes
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r'
    ORDER BY pg_total_relation_size(c.oid) DESC LIMIT $1
"""


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


async def _print_sizes(dsn: str, title: str, limit: int, scale: float) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("VACUUM ANALYZE")
        print(f"## {title}")
        print("| table | rows | table | indexes | per row | × country |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for row in await conn.fetch(SIZES, limit):
            total = row["heap"] + row["indexes"]
            per_row = total / row["rows"] if row["rows"] > 0 else 0
            print(
                f"| {row['name']} | {row['rows']:,} | {_mb(row['heap'])} | "
                f"{_mb(row['indexes'])} | {per_row:,.0f} B | {_mb(int(total * scale))} |"
            )
        for index in await conn.fetch(
            "SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS size "
            "FROM pg_index WHERE indrelid = 'voter'::regclass ORDER BY 2 DESC"
        ):
            print(f"- index {index['name']}: {_mb(index['size'])}")
    finally:
        await conn.close()


async def national(server_dsn: str) -> None:
    from bench import dataset
    from election import db
    from election.cli import prepare_database
    from election.tallies import exports

    dsn = await db.ensure_database(server_dsn, DATABASE, recreate=True)
    try:
        await prepare_database(dsn, demo=False)
        conn = await asyncpg.connect(dsn)
        try:
            async with conn.transaction():
                data = await dataset.generate(conn, election_day=dt.date(2026, 3, 15), areas=AREAS)
        finally:
            await conn.close()
        await db.open_pool(dsn, size=2)
        try:
            await exports.rebuild_unit_tallies(election_id=data.election_id)
        finally:
            await db.close_pool()
        await _print_sizes(dsn, f"The count: {AREAS:,} areas, every sheet approved", 14, 1.0)
    finally:
        await db.drop_database(server_dsn, DATABASE)


async def voters(server_dsn: str) -> None:
    from election import db

    dsn = await db.ensure_database(server_dsn, "election_bench_voters")
    conn = await asyncpg.connect(dsn)
    try:
        exists = await conn.fetchval("SELECT to_regclass('voter') IS NOT NULL")
        listed = await conn.fetchval("SELECT count(*) FROM voter") if exists else 0
    finally:
        await conn.close()
    if listed:
        title = (
            f"The voter list: {listed:,} voters (× {NATIONAL_VOTERS / listed:.1f} for the country)"
        )
        await _print_sizes(dsn, title, 3, NATIONAL_VOTERS / listed)


def main() -> None:
    from election import db

    server = db.EmbeddedPostgres(ROOT / ".data" / "bench-pg")
    server_dsn = server.start()
    asyncio.run(voters(server_dsn))
    if os.environ.get("BENCH_SIZES_NATIONAL", "1") == "1":
        asyncio.run(national(server_dsn))


if __name__ == "__main__":
    main()
