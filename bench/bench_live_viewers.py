"""Election night's live pages (issue 17 #5): BENCH_VIEWERS (default 1,000)
concurrent viewers of the national results page's event stream while tally
entries arrive at BENCH_ENTRY_RATE (default 200/s) for BENCH_LIVE_SECONDS
(default 30), on a national scene of BENCH_LIVE_AREAS polling areas (default
72,195: 34 provinces, three contests, every sheet a draft).

The server is `election serve --workers BENCH_LIVE_WORKERS` (default 2). The
entries come from a process of their own at a fixed rate (open loop: request
i leaves at t0 + i / rate, whatever the answers) over 100 kept-alive raw
HTTP/1.1 connections, one entering user per province, sheets taken round the
provinces; the viewers are raw HTTP/1.1 connections in this process sharing
one signed-in session, reading the `progress` events (the figures and the
changed rows of the page). Both clients are lean so that the cores go to the
server being measured.

Prints:
- live_entry_rate: entries answered 201 per second, against the rate asked;
- live_delay_p50 / live_delay_p99: from an entry's answer to the first event
  of a viewer counting it, over every viewer and every entry, against the
  goal of 2 s;
- live_event_kb: the mean size of an event a viewer received (a note), and
  in the last third of the run, when most units have had their first sheet
  and their rows travel as figures rather than HTML.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.bench_tally_submit import _body, _election_day
from bench.common import ROOT, Server, free_port, python, report

AREAS = int(os.environ.get("BENCH_LIVE_AREAS", "72195"))
VIEWERS = int(os.environ.get("BENCH_VIEWERS", "1000"))
RATE = float(os.environ.get("BENCH_ENTRY_RATE", "200"))
SECONDS = int(os.environ.get("BENCH_LIVE_SECONDS", "30"))
WORKERS = int(os.environ.get("BENCH_LIVE_WORKERS", "2"))
GOAL_SECONDS = 2.0
DATABASE = "election_bench_live"
PASSWORD = "bench-live-" + "p" * 12
VIEWER = "xem.quocgia"
REPORTED = re.compile(rb'"reported": (\d+)')


def note(text: str) -> None:
    print(f"# {text}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# The scene


async def prepare(dsn: str, bodies: Path) -> int:
    """The national scene, a national viewer and an entering user per
    province; writes the bodies (user, sheet, JSON) round the provinces."""
    import asyncpg

    from bench import dataset
    from election import db
    from election.accounts import services as accounts
    from election.actor import Actor, Role, ScopeLevel
    from election.cli import prepare_database

    await prepare_database(dsn, demo=False)
    conn = await asyncpg.connect(dsn)
    try:
        start = time.perf_counter()
        async with conn.transaction():
            data = await dataset.generate(
                conn, election_day=_election_day(), areas=AREAS, approved_entries=False
            )
        # Statistics for the scene; the tables the night fills stay unanalyzed
        # (see bench_tally_submit).
        filled = {"tally_entry", "tally_vote", "audit_event", "audit_chain_head"}
        filled |= {"unit_tally", "unit_candidate_tally"}
        for (table,) in await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ):
            if table not in filled:
                await conn.execute(f'VACUUM ANALYZE "{table}"')
        note(
            f"live scene in {time.perf_counter() - start:.1f} s: {data.areas:,} areas, "
            f"{data.units:,} units, {data.sheets:,} sheets"
        )
        sheets = await conn.fetch(
            "SELECT s.id, u.province FROM tally_sheet s JOIN electoral_unit u ON u.id = s.unit"
        )
    finally:
        await conn.close()
    by_province: dict[str, list[int]] = {}
    for sheet_id, province in sheets:
        by_province.setdefault(province, []).append(sheet_id)
    await db.open_pool(dsn, size=2)
    try:
        system = Actor.system("bench")
        await accounts.create_user(
            username=VIEWER,
            full_name="Theo dõi toàn quốc (bench)",
            password=PASSWORD,
            role=Role.OBSERVER,
            scope_level=ScopeLevel.NATIONAL,
            actor=system,
        )
        for province in by_province:
            await accounts.create_user(
                username=f"nhap.{province}",
                full_name="Cán bộ nhập biên bản (bench)",
                password=PASSWORD,
                role=Role.PROVINCE_STAFF,
                scope_level=ScopeLevel.PROVINCE,
                province_code=province,
                actor=system,
            )
    finally:
        await db.close_pool()
    rng = random.Random(17)
    for ids in by_province.values():
        rng.shuffle(ids)
    order = sorted(
        (
            (i, province, sheet)
            for province, ids in by_province.items()
            for i, sheet in enumerate(ids)
        ),
    )
    needed = int(RATE * SECONDS * 1.2) + 100
    with bodies.open("w", encoding="utf-8") as handle:
        for _, province, sheet_id in order[:needed]:
            candidates, seats = data.sheet_ballots[sheet_id]
            body = json.dumps(_body(rng, candidates, seats), ensure_ascii=False)
            handle.write(f"nhap.{province}\t{sheet_id}\t{body}\n")
    return len(order)


# --------------------------------------------------------------------------
# The entries (a process of their own)


# Connections the entries share, as a pool of phones' would: more requests
# than connections wait for one here.
ENTRY_CONNECTIONS = 100


async def _tokens(url: str, usernames: list[str]) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        tokens: dict[str, str] = {}
        for username in usernames:
            response = await client.post(
                "/api/v1/auth/token", json={"username": username, "password": PASSWORD}
            )
            tokens[username] = response.json()["access_token"]
        return tokens


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def _exchange(connection: Connection, request: bytes) -> tuple[int, bool]:
    """One request on a kept-alive HTTP/1.1 connection: the status, and
    whether the server closes the connection after it."""
    reader, writer = connection
    writer.write(request)
    head = (await reader.readuntil(b"\r\n\r\n")).lower()
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"\r\ncontent-length: *(\d+)", head)
    if length:
        await reader.readexactly(int(length.group(1)))
    else:  # chunked
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return status, b"\r\nconnection: close" in head


async def _enter(url: str, lines: list[list[str]]) -> list[tuple[float, float, int]]:
    """The entries over raw kept-alive connections: httpx's pool of a hundred
    connections took most of a core at 100 requests a second, on the cores
    the server being measured needs."""
    tokens = await _tokens(url, list(dict.fromkeys(u for u, _, _ in lines)))
    host, port = url.removeprefix("http://").split(":")
    pool: asyncio.Queue[Connection | None] = asyncio.Queue()
    for _ in range(ENTRY_CONNECTIONS):
        pool.put_nowait(None)
    answered: list[tuple[float, float, int]] = []

    async def one(index: int) -> None:
        username, sheet_id, body = lines[index]
        content = body.encode()
        request = (
            f"POST /api/v1/tally-sheets/{sheet_id}/entries HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {tokens[username]}\r\nContent-Type: application/json\r\n"
            f"Idempotency-Key: live-{index}\r\nContent-Length: {len(content)}\r\n\r\n"
        ).encode() + content
        began = time.time()
        status = 0
        connection = await pool.get()
        try:
            # A connection the server closed as it was reused: the entry is
            # sent again with its idempotency key, as a phone would.
            for _ in range(3):
                try:
                    if connection is None:
                        connection = await asyncio.open_connection(host, int(port))
                    status, closing = await _exchange(connection, request)
                except (OSError, asyncio.IncompleteReadError):
                    closing = True
                if closing and connection is not None:
                    connection[1].close()
                    connection = None
                if status:
                    break
        finally:
            pool.put_nowait(connection)
        answered.append((began, time.time(), status))

    tasks = []
    start = time.monotonic()
    for index in range(min(len(lines), int(RATE * SECONDS))):
        delay = start + index / RATE - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(index)))
    await asyncio.gather(*tasks)
    while not pool.empty():
        if (connection := pool.get_nowait()) is not None:
            connection[1].close()
    return answered


def enter(url: str, bodies: Path, out: Path) -> None:
    """The entries at a fixed rate; (sent, answered, status) of each to `out`."""
    lines = [line.split("\t", 2) for line in bodies.read_text(encoding="utf-8").splitlines()]
    out.write_text(json.dumps(asyncio.run(_enter(url, lines))))


# --------------------------------------------------------------------------
# The viewers


class Viewer:
    """One event stream on a raw connection: (time, reported, size) per event."""

    def __init__(self) -> None:
        self.events: list[tuple[float, int, int]] = []
        self.failed = ""
        # Why and when the stream ended before the benchmark closed it.
        self.ended = ""

    async def watch(self, port: int, path: str, cookie: str, opened: asyncio.Event) -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 24)
        except OSError as error:
            self.failed = str(error)
            opened.set()
            return
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                self.failed = head.split(b"\r\n", 1)[0].decode()
                return
            opened.set()
            await self._read(reader, b"transfer-encoding: chunked" in head.lower())
            self.ended = f"closed by the server at {time.time():.1f}"
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            self.ended = f"{type(error).__name__} at {time.time():.1f}"
        finally:
            opened.set()
            writer.close()

    async def _read(self, reader: asyncio.StreamReader, chunked: bool) -> None:
        pending = b""
        while True:
            if chunked:
                size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                if size == 0:
                    return
                chunk = await reader.readexactly(size + 2)
                pending += chunk[:-2]
            else:
                chunk = await reader.read(1 << 16)
                if not chunk:
                    return
                pending += chunk
            *lines, pending = pending.split(b"\n")
            now = time.time()
            for line in lines:
                if line.startswith(b"data:"):
                    match = REPORTED.search(line, 0, 200)
                    if match:
                        self.events.append((now, int(match.group(1)), len(line)))


async def _sign_in(url: str) -> str:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        await client.get("/login")
        response = await client.post(
            "/login",
            data={
                "username": VIEWER,
                "password": PASSWORD,
                "_csrf_token": client.cookies.get("csrftoken") or "",
                "next": "/",
            },
        )
        if response.status_code >= 400:
            raise RuntimeError(f"sign-in failed: {response.status_code}")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


async def _watch_while_entering(url: str, port: int, bodies: Path, answers: Path, election: int):
    cookie = await _sign_in(url)
    path = f"/elections/{election}/results/stream"
    viewers = [Viewer() for _ in range(VIEWERS)]
    tasks = []
    start = time.perf_counter()
    for batch in range(0, VIEWERS, 50):
        opened = [asyncio.Event() for _ in viewers[batch : batch + 50]]
        for viewer, event in zip(viewers[batch : batch + 50], opened, strict=True):
            tasks.append(asyncio.create_task(viewer.watch(port, path, cookie, event)))
        await asyncio.gather(*(event.wait() for event in opened))
    failed = [v.failed for v in viewers if v.failed]
    if failed:
        raise RuntimeError(f"{len(failed)} viewers could not connect: {failed[0]}")
    # Every viewer has its first event (every row of the page) before the load.
    while any(not v.events for v in viewers):
        await asyncio.sleep(0.2)
        if time.perf_counter() - start > 300:
            raise RuntimeError("some viewers never received their first event")
    note(f"{VIEWERS} viewers connected in {time.perf_counter() - start:.1f} s")
    entering = await asyncio.create_subprocess_exec(
        python(),
        "-m",
        "bench.bench_live_viewers",
        "enter",
        url,
        str(bodies),
        str(answers),
        cwd=ROOT,
    )
    await entering.wait()
    # The last burst reaches everyone, however late (a late one counts in the
    # delays); a minute without it and the rest count as never seen.
    entered = _entered(answers)
    for _ in range(300):
        if all(v.events and v.events[-1][1] >= entered for v in viewers):
            break
        await asyncio.sleep(0.2)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return viewers


def _entered(answers: Path) -> int:
    """How many entries were answered 201."""
    rows = json.loads(answers.read_text()) if answers.exists() else []
    return sum(1 for _, _, status in rows if status == 201)


def _delays(viewers: list[Viewer], answered: list[float]) -> tuple[list[float], int]:
    """From each entry's answer to the first event of each viewer counting it
    (the k-th answer is counted once `reported` reaches k); and how many
    (viewer, entry) pairs were never seen."""
    delays: list[float] = []
    missed = 0
    for viewer in viewers:
        events = viewer.events
        i = 0
        for k, at in enumerate(answered, start=1):
            while i < len(events) and events[i][1] < k:
                i += 1
            if i == len(events):
                missed += len(answered) - k + 1
                break
            delays.append(max(0.0, events[i][0] - at))
    return delays, missed


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    from election import db

    server = db.EmbeddedPostgres(ROOT / ".data" / "bench-pg")
    server_dsn = server.start()
    dsn = asyncio.run(db.ensure_database(server_dsn, DATABASE, recreate=True))
    try:
        with tempfile.TemporaryDirectory(dir=ROOT / ".data") as folder:
            bodies, answers = Path(folder) / "bodies.tsv", Path(folder) / "answers.json"
            asyncio.run(prepare(dsn, bodies))
            port = free_port()
            with Server(
                [python(), "-m", "election", "serve", "--workers", str(WORKERS)],
                port,
                {
                    "ELECTION_DATABASE_URL": dsn,
                    "ELECTION_PORT": str(port),
                    "ELECTION_SECRET_KEY": "bench-" + "z" * 40,
                    "ELECTION_DB_POOL_SIZE": os.environ.get("ELECTION_DB_POOL_SIZE", "20"),
                },
                "/api/v1/health",
            ) as served:
                election = _election_id(dsn)
                viewers = asyncio.run(
                    _watch_while_entering(served.url, port, bodies, answers, election)
                )
            answered = json.loads(answers.read_text()) if answers.exists() else []
        _report(viewers, answered)
    finally:
        asyncio.run(db.drop_database(server_dsn, DATABASE))
        server.stop()


def _election_id(dsn: str) -> int:
    import asyncpg

    async def read() -> int:
        conn = await asyncpg.connect(dsn)
        try:
            return await conn.fetchval("SELECT id FROM election")
        finally:
            await conn.close()

    return asyncio.run(read())


def _report(viewers: list[Viewer], answers: list[list[float]]) -> None:
    ok = sorted(done for _, done, status in answers if status == 201)
    if not ok:
        raise RuntimeError(f"no entry succeeded: {answers[:3]}")
    failed = len(answers) - len(ok)
    began = min(b for b, _, _ in answers)
    rate = len(ok) / (max(ok) - began)
    delays, missed = _delays(viewers, ok)
    short = [v for v in viewers if not v.events or v.events[-1][1] < len(ok)]
    if short:
        note(
            f"{len(short)} viewers short of the final count; the first: last count "
            f"{short[0].events[-1][1] if short[0].events else None}, "
            f"stream {short[0].ended or 'still open'}"
        )
    sizes = [size for v in viewers for _, _, size in v.events[1:]]
    note(
        f"{len(ok):,} entries ({failed} refused) in {max(ok) - began:.1f} s; "
        f"{len(delays):,} (viewer, entry) deliveries, {missed:,} never seen; "
        f"{sum(len(v.events) for v in viewers):,} events"
    )
    report("live_entry_rate", rate, "entries/s", RATE)
    report(
        "live_delay_p50",
        _percentile(delays, 0.5) * 1000,
        "ms",
        GOAL_SECONDS * 1000,
        higher_is_better=False,
    )
    report(
        "live_delay_p99",
        _percentile(delays, 0.99) * 1000,
        "ms",
        GOAL_SECONDS * 1000,
        higher_is_better=False,
    )
    if sizes:
        note(f"live_event_kb: {statistics.mean(sizes) / 1024:.1f} KB per event after the first")
    last_third = began + (max(ok) - began) * 2 / 3
    late = [size for v in viewers for at, _, size in v.events[1:] if at > last_third]
    if late:
        note(f"live_event_kb: {statistics.mean(late) / 1024:.1f} KB in the last third")
    if missed or failed:
        raise RuntimeError(f"{missed} deliveries never seen, {failed} entries refused")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "enter":
        enter(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
