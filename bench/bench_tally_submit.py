"""Tally submission over HTTP: `POST /api/v1/tally-sheets/{id}/entries` loaded
with 50 concurrent connections, half first entries and half verifications by a
second user (each BENCH_LAG sheets, default 100, after the sheet's first entry:
some 0.2 s later at the measured rates), against a raw litestar + asyncpg
handler that only writes the same entry row and vote rows in one transaction.

The scene is one province (Cà Mau), its ĐBQH units and candidates, one
draft sheet per polling area, written with COPY; no voters are listed, so each
submission carries a reason (Art. 76). There are BENCH_SHEETS_PER_RUN sheets
(default 9,000: more than a run submits) for each measured run of our
servers, plus a few for their warm-ups; BENCH_AREAS overrides the total.

The baseline and our servers (one for each count of processes in
BENCH_TALLY_WORKERS, default "1,2": `election serve --workers N` sharing one
socket) run side by side on loopback against the same PostgreSQL and are
loaded one at a time, in BENCH_TALLY_ROUNDS rounds (default 3) of baseline,
then each of ours, by the same client (wrk with a Lua script; a Python client
stands in when wrk is missing) for BENCH_SECONDS each (default 10), after a
CHECKPOINT so that no server's run pays for another's writes. Each figure is
the median of its rounds: the machine's drift during the benchmark then
weighs on both sides of a ratio alike.

Prints throughput and the p50 and p99 latency of each of our servers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

from bench.common import ROOT, Server, free_port, python, report

WORKERS = [int(n) for n in os.environ.get("BENCH_TALLY_WORKERS", "1,2").split(",")]
ROUNDS = int(os.environ.get("BENCH_TALLY_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
SHEETS_PER_RUN = int(os.environ.get("BENCH_SHEETS_PER_RUN", "9000"))
WARM_UP_SHEETS = 600
AREAS = int(
    os.environ.get("BENCH_AREAS", str((SHEETS_PER_RUN * ROUNDS + WARM_UP_SHEETS) * len(WORKERS)))
)
# Sheets between a first entry and its verification by the second user (see
# tally_submit.lua); 0 sends the two entries of a sheet at the same instant.
LAG = int(os.environ.get("BENCH_LAG", "100"))
CONNECTIONS = 50
DATABASE = "election_bench_tally"
PROVINCE = "96"  # Cà Mau
PASSWORD = "bench-tally-" + "p" * 12
USERS = ("nhap.camau1", "nhap.camau2")
REASON = "Danh sách cử tri chưa nhập vào hệ thống; tổng số theo biên bản của Tổ bầu cử."
WITNESSES = [
    {"name": "Lý Thanh Tâm", "residence": "Khóm 3, Phường Bạc Liêu"},
    {"name": "Châu Ngọc Hân", "residence": "Khóm 5, Phường Bạc Liêu"},
]


def _election_day() -> dt.date:
    """The latest Sunday before today: counting has started (Art. 73)."""
    day = dt.date.today() - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def _body(rng: random.Random, candidates: list[int], seats: int) -> dict:
    """Minutes that pass the arithmetic of Art. 76; every ballot keeps `seats` names."""
    listed = rng.randrange(800, 1600)
    took_part = int(listed * rng.uniform(0.92, 0.99))
    invalid = rng.randrange(0, 8)
    valid = took_part - invalid
    spoiled = rng.randrange(0, 3)
    weights = [rng.uniform(0.3, 1.0) for _ in candidates]
    names = valid * seats
    votes = [min(valid, int(names * w / sum(weights))) for w in weights]
    return {
        "voters_on_list": listed,
        "voters_took_part": took_part,
        "ballots_issued": took_part,
        "ballots_received": took_part,
        "valid": valid,
        "invalid": invalid,
        "votes": [{"candidate_id": c, "votes": v} for c, v in zip(candidates, votes, strict=True)],
        "complaints_received": 0,
        "complaints_settled": 0,
        "complaints_forwarded": 0,
        # The ballots' use (Mẫu số 32) and what the minutes record besides
        # the figures (Mẫu số 18): times, people, incidents.
        "ballots_delivered": listed + 20,
        "spoiled_ballots": spoiled,
        "unused_ballots": listed + 20 - took_part - spoiled,
        "voting_opened": "07:00",
        "voting_closed": "19:00",
        "closing_time": "20:30",
        "signatories": {
            "head": "Võ Thị Hồng",
            "secretary": "Đặng Minh Khoa",
            "members": ["Trịnh Văn Sơn", "Lâm Thị Tuyết"],
            "box_witnesses": WITNESSES,
            "witnesses": WITNESSES,
        },
        "incidents": "",
        "reason": REASON,
    }


async def prepare(dsn: str, bodies: Path) -> int:
    """The scene, the two entering users and the baseline's tables; returns the sheet count."""
    import asyncpg

    from bench import dataset
    from election import db
    from election.accounts import services as accounts
    from election.actor import Actor, Role, ScopeLevel
    from election.cli import prepare_database

    await prepare_database(dsn, demo=False)
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            data = await dataset.generate(
                conn,
                election_day=_election_day(),
                areas=AREAS,
                province_codes=[PROVINCE],
                levels=("dbqh",),
                dbqh_units=5,
                dbqh_seats=13,
                approved_entries=False,
            )
        await conn.execute("DROP TABLE IF EXISTS bench_tally_vote, bench_tally_entry")
        await conn.execute("CREATE TABLE bench_tally_entry (LIKE tally_entry INCLUDING ALL)")
        await conn.execute(
            "ALTER TABLE bench_tally_entry ADD FOREIGN KEY (sheet) REFERENCES tally_sheet (id)"
        )
        await conn.execute("CREATE TABLE bench_tally_vote (LIKE tally_vote INCLUDING ALL)")
        await conn.execute(
            "ALTER TABLE bench_tally_vote ADD FOREIGN KEY (entry) REFERENCES bench_tally_entry (id)"
        )
        # The candidate check of tally_vote (a trigger, not a foreign key).
        await conn.execute(
            "CREATE TRIGGER bench_tally_vote_candidates_exist AFTER INSERT ON bench_tally_vote "
            "REFERENCING NEW TABLE AS added "
            "FOR EACH STATEMENT EXECUTE FUNCTION tally_vote_candidates_exist()"
        )
        # Statistics for the scene; the tables the load fills stay never
        # analyzed, as on a real election night before autovacuum first
        # visits them. Analyzed while empty, they would make PostgreSQL plan
        # the foreign-key checks against them as sequential scans, and keep
        # those plans for the whole run.
        filled_by_load = {
            "tally_entry",
            "tally_vote",
            "audit_event",
            "audit_chain_head",
            "unit_tally",
            "unit_candidate_tally",
            "bench_tally_entry",
            "bench_tally_vote",
        }
        tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for (table,) in tables:
            if table not in filled_by_load:
                await conn.execute(f'VACUUM ANALYZE "{table}"')
    finally:
        await conn.close()
    await db.open_pool(dsn, size=2)
    try:
        for username in USERS:
            await accounts.create_user(
                username=username,
                full_name="Cán bộ nhập biên bản (bench)",
                password=PASSWORD,
                role=Role.PROVINCE_STAFF,
                scope_level=ScopeLevel.PROVINCE,
                province_code=PROVINCE,
                actor=Actor.system("bench"),
            )
    finally:
        await db.close_pool()
    rng = random.Random(7)
    with bodies.open("w", encoding="utf-8") as handle:
        for sheet_id, (candidates, seats) in data.sheet_ballots.items():
            body = json.dumps(_body(rng, candidates, seats), ensure_ascii=False)
            handle.write(f"{sheet_id}\t{body}\n")
    return data.sheets


def load(url: str, bodies: Path, tokens: tuple[str, str], *, start: int, seconds: int, key: str):
    """(requests per second, p50 ms, p99 ms) of `seconds` of load, by wrk, or by
    a Python client when wrk is not installed (it takes a core of its own and
    measures less than half the throughput)."""
    if shutil.which("wrk"):
        env = {
            **os.environ,
            "BENCH_BODIES": str(bodies),
            "BENCH_TOKEN_A": tokens[0],
            "BENCH_TOKEN_B": tokens[1],
            "BENCH_START": str(start),
            "BENCH_KEY_PREFIX": key,
            "BENCH_LAG": str(LAG),
        }
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                str(ROOT / "bench" / "tally_submit.lua"),
                url,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        match = re.search(
            r"RESULT requests=(\d+) non2xx=(\d+) errors=(\d+) seconds=([\d.]+) "
            r"p50_ms=([\d.]+) p99_ms=([\d.]+)",
            out,
        )
        if not match:
            raise RuntimeError(out)
        for line in out.splitlines():
            if line.startswith("DIST "):
                print(f"# {url} latency in ms: {line[5:]}", file=sys.stderr, flush=True)
        requests, failed, errors = (int(match.group(i)) for i in (1, 2, 3))
        if failed or errors:
            raise RuntimeError(f"{failed} failed responses, {errors} socket errors from {url}")
        return requests / float(match.group(4)), float(match.group(5)), float(match.group(6))
    lines = [line.split("\t", 1) for line in bodies.read_text(encoding="utf-8").splitlines()]
    return asyncio.run(_python_load(url, lines, tokens, start=start, seconds=seconds, key=key))


def request_headers(token: str, key: str) -> dict[str, str]:
    """The headers of one submission; no Authorization for the baseline, which
    takes no token (an empty "Bearer " is not a valid header value)."""
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


async def _python_load(url, lines: list[list[str]], tokens, *, start: int, seconds: int, key: str):
    latencies: list[float] = []
    sent = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker():
            nonlocal sent
            while time.monotonic() < deadline:
                n, sent = sent, sent + 1
                sheet_id, body = lines[(start + n // 2 - (n % 2) * LAG) % len(lines)]
                began = time.perf_counter()
                response = await client.post(
                    f"/api/v1/tally-sheets/{sheet_id}/entries",
                    content=body.encode(),
                    headers=request_headers(tokens[n % 2], f"{key}-{n + 1}"),
                )
                response.raise_for_status()
                latencies.append((time.perf_counter() - began) * 1000)

        began = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
        elapsed = time.monotonic() - began
    latencies.sort()
    return (
        len(latencies) / elapsed,
        latencies[len(latencies) // 2],
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    )


Figures = tuple[float, float, float]  # requests per second, p50 ms, p99 ms


def median_figures(runs: list[Figures]) -> Figures:
    """Each figure's median over the rounds."""
    return (
        statistics.median(run[0] for run in runs),
        statistics.median(run[1] for run in runs),
        statistics.median(run[2] for run in runs),
    )


async def _checkpoint(dsn: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("CHECKPOINT")
    finally:
        await conn.close()


class Contender:
    """A server under load and the sheets it submits: a warm-up share, then one
    share a measured run, so that every run of ours finds fresh draft sheets
    (the baseline, which writes rows of its own, reuses its share)."""

    def __init__(self, name: str, url: str, tokens: tuple[str, str], first_sheet: int):
        self.name, self.url, self.tokens = name, url, tokens
        # Idempotency keys distinct between servers (both of ours sign in as the same users).
        self.key = "".join(ch for ch in name if ch.isalnum())
        self.next_sheet = first_sheet
        self.runs: list[Figures] = []

    def run(self, dsn: str, bodies: Path, *, reuse_sheets: bool = False) -> None:
        if not self.runs:
            load(
                self.url,
                bodies,
                self.tokens,
                start=self.next_sheet,
                seconds=1,
                key=f"{self.key}-warm",
            )
            self.next_sheet += WARM_UP_SHEETS
        asyncio.run(_checkpoint(dsn))
        key = f"{self.key}-run{len(self.runs)}"
        figures = load(
            self.url, bodies, self.tokens, start=self.next_sheet, seconds=SECONDS, key=key
        )
        note(
            f"{self.name} round {len(self.runs) + 1}: {figures[0]:,.1f} req/s, p50 {figures[1]:.1f} ms"
        )
        self.runs.append(figures)
        if not reuse_sheets:
            self.next_sheet += SHEETS_PER_RUN


def note(text: str) -> None:
    print(f"# {text}", file=sys.stderr, flush=True)


def main() -> None:
    from election import db

    server = db.EmbeddedPostgres(ROOT / ".data" / "bench-pg")
    server_dsn = server.start()
    dsn = asyncio.run(db.ensure_database(server_dsn, DATABASE, recreate=True))
    try:
        with tempfile.TemporaryDirectory(dir=ROOT / ".data") as folder, ExitStack() as servers:
            bodies = Path(folder) / "bodies.tsv"
            asyncio.run(prepare(dsn, bodies))
            port = free_port()
            baseline = servers.enter_context(
                Server(
                    [python(), "bench/baseline_tally_submit.py"],
                    port,
                    {"BENCH_DSN": dsn, "BENCH_PORT": str(port)},
                    "/api/v1/health",
                )
            )
            raw = Contender("baseline", baseline.url, ("", ""), first_sheet=0)
            share = SHEETS_PER_RUN * ROUNDS + WARM_UP_SHEETS
            ours = {
                workers: _our_server(servers, dsn, workers, first_sheet=part * share)
                for part, workers in enumerate(WORKERS)
            }
            for _ in range(ROUNDS):
                raw.run(dsn, bodies, reuse_sheets=True)
                for contender in ours.values():
                    contender.run(dsn, bodies)
            _check(dsn)
        bare = median_figures(raw.runs)
        for workers, contender in ours.items():
            served = median_figures(contender.runs)
            suffix = "" if workers == 1 else f"_{workers}w"
            report(f"tally_submit{suffix}", served[0], "req/s", bare[0])
            report(f"tally_submit{suffix}_p50", served[1], "ms", bare[1], higher_is_better=False)
            report(f"tally_submit{suffix}_p99", served[2], "ms", bare[2], higher_is_better=False)
    finally:
        asyncio.run(db.drop_database(server_dsn, DATABASE))
        server.stop()


def _our_server(servers: ExitStack, dsn: str, workers: int, *, first_sheet: int) -> Contender:
    """Our server with `workers` processes, signed in as the two entering users."""
    port = free_port()
    ours = servers.enter_context(
        Server(
            [python(), "-m", "election", "serve", "--workers", str(workers)],
            port,
            {
                "ELECTION_DATABASE_URL": dsn,
                "ELECTION_PORT": str(port),
                "ELECTION_SECRET_KEY": "bench-" + "z" * 40,
                "ELECTION_DB_POOL_SIZE": os.environ.get("ELECTION_DB_POOL_SIZE", "20"),
                "ELECTION_TALLY_CONCURRENCY": os.environ.get("ELECTION_TALLY_CONCURRENCY", "4"),
            },
            "/api/v1/health",
        )
    )
    tokens = tuple(
        httpx.post(
            ours.url + "/api/v1/auth/token",
            json={"username": username, "password": PASSWORD},
            timeout=30,
        ).json()["access_token"]
        for username in USERS
    )
    return Contender(f"{workers} process(es)", ours.url, (tokens[0], tokens[1]), first_sheet)


def _check(dsn: str) -> None:
    """The load did real work: entries written, about half of them verifications."""
    import asyncpg

    async def counts():
        conn = await asyncpg.connect(dsn)
        try:
            return await conn.fetchrow(
                "SELECT count(*) AS entries, count(*) FILTER (WHERE kind = 'verification') AS "
                "verifications, count(DISTINCT sheet) AS sheets FROM tally_entry"
            )
        finally:
            await conn.close()

    row = asyncio.run(counts())
    print(
        f"# tally_submit wrote {row['entries']} entries ({row['verifications']} verifications) "
        f"on {row['sheets']} of {AREAS} sheets",
        file=sys.stderr,
        flush=True,
    )
    if row["entries"] == 0 or row["verifications"] == 0:
        raise RuntimeError("the load wrote no entries or no verifications")


if __name__ == "__main__":
    main()
