"""Voter import: a generated population-database export through the real import path
(read, check, stage, commit), against asyncpg `copy_records_to_table` of the same
rows, already parsed, into an equivalent table (same columns, indexes and keys).

Prints throughput and the peak memory of the importing process at each size
of BENCH_VOTER_SIZES, or of BENCH_VOTERS alone when set. A list larger than
BENCH_FILE_ROWS (250,000: uploads take at most 300,000 rows a file) goes in
as one file per commune. The default is one file, 250,000 rows (a minute or
two); whether the rate holds from commune to commune, as the voters already
listed grow, is `BENCH_VOTER_SIZES=1000000,5000000 BENCH_ROUNDS=1`: 4 and 20
files (docs/scaling.md, "Voter import"). BENCH_ROUNDS is the number of
rounds up to a million rows (default 2; each figure is the best of its
rounds), one above. BENCH_PGDATA is the server's data folder (default
.data/bench-pg, which the other benchmarks share).

With the largest list still loaded, `voter_lookup` loads `GET
/api/v1/voters/{id}` (random ids, wrk, 50 connections) against a bare
litestar + asyncpg handler selecting the same row by primary key
(bench/baseline_voter_lookup.py).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, report

SIZES = [
    int(size)
    for size in (
        os.environ.get("BENCH_VOTERS") or os.environ.get("BENCH_VOTER_SIZES", "250000")
    ).split(",")
]
ROWS = int(os.environ.get("BENCH_ROWS_NOW", str(max(SIZES))))  # a child's size
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
# One file per commune, at most what the upload limits take (300,000 rows,
# 64 MB): a large list arrives as several communes' files.
FILE_ROWS = int(os.environ.get("BENCH_FILE_ROWS", "250000"))
FILES = -(-ROWS // FILE_ROWS)
AREAS = max(1, min(ROWS, FILE_ROWS) // 3000)
LOOKUP_SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
# The baseline's table; "voter" with BENCH_LOOKUP_ONLY=1: a large list loaded
# by COPY for the lookups alone, without the import (docs/scaling.md).
COPY_INTO = os.environ.get("BENCH_COPY_INTO", "bench_voter")
# Personal IDs carry a birth-place code: a million serials per code.
ID_PLACES = ("096", "095", "094", "093", "092", "091", "089", "087", "086", "084")
COMMUNE = "31825"
ELECTION_DAY = dt.date(2031, 5, 25)
DATABASE = "election_bench_voters"
# A server of its own (BENCH_PGDATA) keeps a long run clear of other
# benchmarks, whose end stops the shared one.
PGDATA = Path(os.environ.get("BENCH_PGDATA") or ROOT / ".data" / "bench-pg")


def generate(folder: Path) -> None:
    """A deterministic export, one file per FILE_ROWS: households of four,
    realistic names, valid IDs."""
    families = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ")
    middles = ("Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thu")
    givens = (
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hà",
        "Hạnh",
        "Lan",
        "Long",
        "Mai",
        "Nam",
        "Phúc",
        "Yến",
    )
    for number in range(FILES):
        rows = range(number * FILE_ROWS, min(ROWS, (number + 1) * FILE_ROWS))
        with _file(folder, number).open("w", newline="", encoding="utf-8") as handle:
            _write(csv.writer(handle), rows, families, middles, givens)


def _file(folder: Path, number: int) -> Path:
    return folder / f"voters-{number:03d}.csv"


def _write(writer, rows: range, families, middles, givens) -> None:
    from election.voters.rules import century_sex_digit

    writer.writerow(
        [
            "Số định danh cá nhân",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Dân tộc",
            "Nghề nghiệp",
            "Nơi thường trú",
            "Loại cư trú",
            "Mã hộ",
            "Quan hệ với chủ hộ",
            "Khu vực bỏ phiếu",
        ]
    )
    for i in rows:
        sex = "male" if i % 2 == 0 else "female"
        year = 1940 + i % 60
        born = dt.date(year, 1 + i % 12, 1 + i % 28)
        writer.writerow(
            [
                f"{ID_PLACES[i // 1000000]}{century_sex_digit(sex, year)}{year % 100:02d}"
                f"{i % 1000000:06d}",
                f"{families[i % 10]} {middles[i % 6]} {givens[i % 12]}",
                born.strftime("%d/%m/%Y"),
                "Nam" if sex == "male" else "Nữ",
                "Kinh",
                "Công nhân",
                f"Số {i % 500}, khóm {i % 30}, Phường Bạc Liêu",
                "Thường trú",
                f"H{i // 4}",
                "Chủ hộ" if i % 4 == 0 else "Con",
                str(1 + ((i - rows.start) // 4) % AREAS),
            ]
        )


async def prepare(dsn_holder: list[str]) -> int:
    from election import db
    from election.actor import Actor
    from election.cli import prepare_database
    from election.elections import services as elections
    from election.stations import services as stations

    server = db.EmbeddedPostgres(PGDATA)
    dsn = await db.ensure_database(server.start(), DATABASE, recreate=True)
    dsn_holder.append(dsn)
    await prepare_database(dsn, demo=False)
    await db.open_pool(dsn, size=2)
    actor = Actor.system("bench")
    election = await elections.create_election(name="Bench", election_day=ELECTION_DAY, actor=actor)
    async with db.transaction():
        for commune in await _communes():
            for number in range(1, AREAS + 1):
                await stations.save_polling_area(
                    election_id=election.id,
                    commune_code=commune,
                    number=number,
                    name="",
                    actor=actor,
                )
    await db.close_pool()
    return election.id


async def _communes() -> list[str]:
    """The communes the files are for: Phường Bạc Liêu first, then others."""
    from election import db

    others = await db.fetch(
        "SELECT code FROM commune WHERE code <> $1 ORDER BY code LIMIT $2", COMMUNE, FILES - 1
    )
    return [COMMUNE] + [r["code"] for r in others]


async def run_import(dsn: str, election_id: int, folder: Path) -> float:
    from election import db
    from election.actor import Actor
    from election.imports import services as imports
    from election.voters import bulk

    await db.open_pool(dsn, size=2)
    actor = Actor.system("bench")
    now = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    communes = await _communes()
    start = time.perf_counter()
    listed = 0
    for number, commune in enumerate(communes):
        with _file(folder, number).open("rb") as stream:
            batch = await bulk.stage_voters(
                election_id=election_id,
                commune_code=commune,
                stream=stream,
                filename="voters.csv",
                actor=actor,
                now=now,
            )
        listed += batch.counts["new"]
        await imports.commit(batch_id=batch.id, actor=actor, now=now)
    assert listed == ROWS, listed
    elapsed = time.perf_counter() - start
    await db.close_pool()
    return elapsed


async def run_baseline(dsn: str, election_id: int, folder: Path) -> float:
    """The same rows, parsed in advance, copied straight into an equivalent table."""
    import asyncpg

    conn = await asyncpg.connect(dsn)
    if COPY_INTO == "bench_voter":
        await conn.execute("DROP TABLE IF EXISTS bench_voter")
        await conn.execute("CREATE TABLE bench_voter (LIKE voter INCLUDING ALL)")
        await conn.execute(
            "ALTER TABLE bench_voter ADD FOREIGN KEY (polling_area, election, commune) "
            "REFERENCES polling_area (id, election, commune)"
        )
    areas = {
        (r["commune"], r["number"]): r["id"]
        for r in await conn.fetch(
            "SELECT commune, number, id FROM polling_area WHERE election = $1", election_id
        )
    }
    communes = sorted({commune for commune, _ in areas}, key=lambda c: (c != COMMUNE, c))
    from election.voters.queries.staging import NEW_ENTRY_COLUMNS
    from election.voters.rules import search_key

    # The rows the import writes: the same search key and list order
    # (households numbered per area by first appearance, members in file order).
    # The columns the import writes, less three left to their defaults: the
    # file has no exclusions, and the baseline belongs to no import batch.
    columns = [
        name
        for name in NEW_ENTRY_COLUMNS
        if name not in ("exclusion", "exclusion_evidence", "import_batch")
    ]
    # Parsed and copied a million rows at a time (5 M parsed rows would take
    # gigabytes); only the copies are timed.
    records = []
    elapsed = 0.0
    households_in_area: dict[int, int] = {}
    household_place: dict[str, list[int]] = {}
    for number, commune in enumerate(communes):
        with _file(folder, number).open(encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            for values in reader:
                day, month, year = values[2].split("/")
                area = areas[commune, int(values[10])]
                place = household_place.get(values[8])
                if place is None:
                    households_in_area[area] = households_in_area.get(area, 0) + 1
                    place = household_place[values[8]] = [households_in_area[area], 0]
                place[1] += 1
                records.append(
                    (
                        election_id,
                        area,
                        commune,
                        values[0],
                        values[1],
                        search_key(values[1]),
                        dt.date(int(year), int(month), int(day)),
                        "male" if values[3] == "Nam" else "female",
                        values[4],
                        values[5],
                        values[6],
                        "",
                        "",
                        None,
                        "permanent",
                        values[8],
                        values[9] == "Chủ hộ",
                        place[0],
                        place[1],
                        True,
                        True,
                        True,
                        "listed",
                    )
                )
                if len(records) == 1_000_000:
                    start = time.perf_counter()
                    await conn.copy_records_to_table(COPY_INTO, records=records, columns=columns)
                    elapsed += time.perf_counter() - start
                    records = []
    start = time.perf_counter()
    await conn.copy_records_to_table(COPY_INTO, records=records, columns=columns)
    elapsed += time.perf_counter() - start
    if COPY_INTO == "bench_voter":
        await conn.execute("DROP TABLE bench_voter")
    await conn.close()
    return elapsed


def child(mode: str, dsn: str, election_id: int, path: Path) -> None:
    """Each measurement runs in its own process, so its peak memory is its own."""
    import logging

    # The import's phase timings, passed on as notes.
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="# %(message)s")
    runner = run_import if mode == "import" else run_baseline
    elapsed = asyncio.run(runner(dsn, election_id, path))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed} {peak_mb}")


def measure(mode: str, dsn: str, election_id: int, path: Path) -> tuple[float, float]:
    # Each measurement starts with no dirty pages left over from the one before.
    _execute(dsn, "CHECKPOINT")
    process = subprocess.run(
        [sys.executable, "-m", "bench.bench_voter_import", mode, dsn, str(election_id), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if process.returncode:
        raise RuntimeError(f"the {mode} failed:\n{process.stderr[-3000:]}")
    for line in process.stderr.splitlines():
        if line.startswith("# voter import"):
            print(line, flush=True)
    out = process.stdout.split()
    return float(out[-2]), float(out[-1])


def _execute(dsn: str, statement: str) -> None:
    import asyncpg

    async def run():
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run())


def main() -> None:
    if len(sys.argv) == 5:
        child(sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
        return
    for rows in sorted(SIZES):
        # Each size in a process of its own: the module's sizes follow BENCH_ROWS_NOW.
        subprocess.run(
            [sys.executable, "-m", "bench.bench_voter_import", "size"],
            env={
                **os.environ,
                "BENCH_ROWS_NOW": str(rows),
                "BENCH_LOOKUP": str(rows == max(SIZES)),
            },
            cwd=ROOT,
            check=True,
        )


def _label(rows: int) -> str:
    return f"{rows // 1_000_000}m" if rows % 1_000_000 == 0 else f"{rows // 1000}k"


def one_size() -> None:
    from election import db

    rounds = ROUNDS if ROWS <= 1_000_000 else 1
    with tempfile.TemporaryDirectory(dir=ROOT / ".data") as folder:
        path = Path(folder)
        generate(path)
        holder: list[str] = []
        election_id = asyncio.run(prepare(holder))
        dsn = holder[0]
        if os.environ.get("BENCH_LOOKUP_ONLY") == "1":
            os.environ["BENCH_COPY_INTO"] = "voter"
            seconds, _ = measure("baseline", dsn, election_id, path)
            print(f"# {ROWS:,} voters copied into the list in {seconds:.1f} s", flush=True)
            from bench.voter_lookup import measure_lookups

            measure_lookups(dsn, _label(ROWS))
            return
        # Two rounds of baseline then import, each figure the better of its
        # two: the disk of a shared machine drifts by 10 % or more between
        # runs, and the best run is the one least disturbed by it.
        runs: dict[str, list[tuple[float, float]]] = {"baseline": [], "import": []}
        for _ in range(rounds):
            runs["baseline"].append(measure("baseline", dsn, election_id, path))
            # The election's list emptied again, so each import lists every row anew.
            _execute(dsn, "TRUNCATE voter CASCADE")
            runs["import"].append(measure("import", dsn, election_id, path))
        baseline_seconds = min(seconds for seconds, _ in runs["baseline"])
        import_seconds = min(seconds for seconds, _ in runs["import"])
        baseline_mb = max(mb for _, mb in runs["baseline"])
        import_mb = max(mb for _, mb in runs["import"])
        for mode, measured in runs.items():
            listed = ", ".join(f"{seconds:.1f} s" for seconds, _ in measured)
            print(f"# voter_import {mode} runs: {listed}", flush=True)
        label = _label(ROWS)
        report(f"voter_import_{label}", ROWS / import_seconds, "rows/s", ROWS / baseline_seconds)
        report(
            f"voter_import_{label}_peak_memory",
            import_mb,
            "MB",
            baseline_mb,
            higher_is_better=False,
        )
        db.EmbeddedPostgres(PGDATA).start()
        if os.environ.get("BENCH_LOOKUP") == "True":
            from bench.voter_lookup import measure_lookups

            measure_lookups(dsn, label)


if __name__ == "__main__":
    if sys.argv[1:] == ["size"]:
        one_size()
    else:
        main()
