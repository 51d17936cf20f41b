"""`election serve --workers 2` as a real server on the test database: live
progress across processes, metrics summed over the workers, JSON logs with
request IDs, and a graceful shutdown that lets tally entries in flight finish.

Each server is a subprocess on a free port of 127.0.0.1; its log is kept in
test-artifacts/.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import pytest

from election import db
from election.settings import PROJECT_ROOT
from tests.builders import bearer

DEMO_PASSWORD = "demo-2026-baucu"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
START_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log_path: Path
    ready_calls: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    def log_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line]


def start_server(database: str, name: str, **env: str) -> Server:
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # One file per test process: with pytest-xdist two may serve the same name.
    log_path = ARTIFACTS / f"{name}-{os.getpid()}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "election", "serve", "--workers", "2"],
            env={
                **os.environ,
                "ELECTION_DATABASE_URL": database,
                "ELECTION_SECRET_KEY": "ops-test-secret-" + "z" * 32,
                "ELECTION_PORT": str(port),
                "ELECTION_LOG_FORMAT": "json",
                "ELECTION_ACCESS_LOG": "1",
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_ROOT,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log_path)
    # Ready once both workers answer: the second to start is the slower.
    deadline = time.monotonic() + START_SECONDS
    while len(worker_pids(server)) < 2 or not _ready(server):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the server did not start; see {log_path}")
        time.sleep(0.2)
    return server


def _ready(server: Server) -> bool:
    try:
        server.ready_calls += 1
        return httpx.get(server.url + "/api/v1/health/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def worker_pids(server: Server) -> set[int]:
    return {
        line["pid"]
        for line in server.log_lines()
        if line["message"] == "Application startup complete."
    }


def stop_server(server: Server) -> int:
    server.process.send_signal(signal.SIGTERM)
    try:
        return server.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.process.kill()
        return server.process.wait()


@pytest.fixture(scope="module")
def served(database: str) -> Iterator[Server]:
    server = start_server(database, "ops-serve")
    yield server
    stop_server(server)


async def signed_in(base_url: str, username: str) -> httpx.AsyncClient:
    """A browser-like client of `base_url`, signed in through the login form."""
    client = httpx.AsyncClient(base_url=base_url, timeout=30)
    await client.get("/login")
    response = await client.post(
        "/login",
        data={
            "username": username,
            "password": DEMO_PASSWORD,
            "_csrf_token": client.cookies.get("csrftoken"),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert response.status_code in (302, 303), response.text
    return client


@dataclass
class Stream:
    """An open progress stream and the `progress` events it has received."""

    request_id: str
    events: asyncio.Queue[dict] = field(default_factory=asyncio.Queue)
    task: asyncio.Task[None] | None = None

    async def next(self) -> dict:
        return await asyncio.wait_for(self.events.get(), 15)


async def open_stream(client: httpx.AsyncClient, path: str, request_id: str) -> Stream:
    stream = Stream(request_id)
    opened = asyncio.Event()

    async def read() -> None:
        async with client.stream("GET", path, headers={"X-Request-ID": request_id}) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            opened.set()
            event = ""
            async for line in response.aiter_lines():
                if line.startswith("event:"):
                    event = line.removeprefix("event:").strip()
                elif line.startswith("data:") and event == "progress":
                    await stream.events.put(json.loads(line.removeprefix("data:")))
                elif not line:
                    event = ""

    stream.task = asyncio.create_task(read())
    await asyncio.wait_for(opened.wait(), 15)
    return stream


async def area_one_sheets(client: httpx.AsyncClient, headers: dict) -> dict[str, dict]:
    area = await db.fetchval("SELECT id FROM polling_area WHERE commune = '31825' AND number = 1")
    response = await client.get(f"/api/v1/polling-areas/{area}/tally-sheets", headers=headers)
    assert response.status_code == 200, response.text
    return {s["level"]: s for s in response.json()}


def entry_body(sheet: dict) -> dict:
    """Minutes that pass every check: each valid ballot keeps `seats` names."""
    took_part = sheet["voters_on_list_from_list"] - 1
    valid = took_part - 3
    candidates = sheet["candidates"]
    names = valid * min(sheet["seats"], len(candidates))
    weights = [len(candidates) - i for i in range(len(candidates))]
    return {
        "voters_on_list": sheet["voters_on_list_from_list"],
        "voters_took_part": took_part,
        "ballots_issued": took_part,
        "ballots_received": took_part,
        "valid": valid,
        "invalid": 3,
        "votes": [
            {"candidate_id": c["id"], "votes": min(valid, names * w // sum(weights))}
            for c, w in zip(candidates, weights, strict=True)
        ],
        "complaints_received": 0,
        "complaints_settled": 0,
        "complaints_forwarded": 0,
        "closing_time": "20:15",
        "signatories": {"head": "Võ Thị Hồng", "secretary": "Đặng Minh Khoa", "witnesses": []},
    }


@contextlib.asynccontextmanager
async def streams_of(base_url: str, path: str, count: int) -> AsyncIterator[list[Stream]]:
    """`count` streams, each on a connection of its own (so on either worker)."""
    clients = [await signed_in(base_url, "quantri") for _ in range(count)]
    streams: list[Stream] = []
    try:
        for index, client in enumerate(clients):
            streams.append(await open_stream(client, path, f"ops-stream-{index}"))
        yield streams
    finally:
        for stream in streams:
            if stream.task is not None:
                stream.task.cancel()
                with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
                    await stream.task
        for client in clients:
            await client.aclose()


async def test_live_progress_reaches_a_stream_whichever_worker_serves_it(
    served: Server, client: httpx.AsyncClient, demo
):
    election_id = await db.fetchval("SELECT id FROM election")
    path = f"/elections/{election_id}/results/stream"
    officer = await bearer(client, "to.kv01", DEMO_PASSWORD)
    sheets = await area_one_sheets(client, officer)
    async with streams_of(served.url, path, 4) as streams:
        for stream in streams:
            assert (await stream.next())["reported"] == 0

        # Entered through this test's own process: neither worker wrote it, so
        # every stream hears of it through PostgreSQL's NOTIFY.
        sheet = sheets["dbqh"]
        response = await client.post(
            f"/api/v1/tally-sheets/{sheet['id']}/entries", json=entry_body(sheet), headers=officer
        )
        assert response.status_code == 201, response.text
        for stream in streams:
            assert (await stream.next())["reported"] == 1

        # Entered through the server: one worker writes, every stream follows.
        async with httpx.AsyncClient(base_url=served.url, timeout=30) as api:
            sheet = sheets["hdnd_tinh"]
            response = await api.post(
                f"/api/v1/tally-sheets/{sheet['id']}/entries",
                json=entry_body(sheet),
                headers={**officer, "X-Request-ID": "ops-entry"},
            )
            assert response.status_code == 201, response.text
        for stream in streams:
            assert (await stream.next())["reported"] == 2

    # The streams were spread over the workers as the kernel handed them out.
    lines = served.log_lines()
    serving = {
        line["request_id"]: line["pid"]
        for line in lines
        if line.get("logger") == "election.access"
        and line["request_id"].startswith(("ops-stream-", "ops-entry"))
    }
    assert set(serving.values()) <= worker_pids(served)


async def test_metrics_add_up_every_worker_and_read_the_count(
    served: Server, client: httpx.AsyncClient, demo
):
    before = _ready_count((await fetch(served, "/metrics")).text)
    for _ in range(10):
        assert (await fetch(served, "/api/v1/health/ready")).status_code == 200
    text = (await fetch(served, "/metrics")).text
    assert _ready_count(text) == before + 10
    assert "election_database_up 1.0" in text

    officer = await bearer(client, "to.kv01", DEMO_PASSWORD)
    sheets = await area_one_sheets(client, officer)
    sheet = sheets["dbqh"]
    await client.post(
        f"/api/v1/tally-sheets/{sheet['id']}/entries", json=entry_body(sheet), headers=officer
    )
    await db.execute(
        "INSERT INTO import_batch (kind, scope, filename, sha256, status, total_rows, counts, "
        "column_map, created_by) VALUES ('units', 'contest:1', 'dv.csv', '', 'committed', 4, "
        """'{"new": 3, "update": 0, "unchanged": 0, "error": 1}', '{}', 'test')"""
    )
    election_id = await db.fetchval("SELECT id FROM election")
    text = (await fetch(served, "/metrics")).text
    assert f'election_tally_sheets{{election="{election_id}",state="submitted"}} 1.0' in text
    assert f'election_tally_sheets{{election="{election_id}",state="draft"}}' in text
    assert 'election_import_rows{kind="units",outcome="new",status="committed"} 3.0' in text
    assert 'election_import_rows{kind="units",outcome="error",status="committed"} 1.0' in text


async def fetch(server: Server, path: str) -> httpx.Response:
    """A GET on a connection of its own, so either worker may answer it."""
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        return await client.get(path)


def _ready_count(text: str) -> float:
    prefix = 'election_http_requests_total{method="GET",route="/api/v1/health/ready",status="200"}'
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line.split()[-1])
    return 0.0


def test_logs_are_json_lines_with_the_request_id(served: Server):
    response = httpx.get(served.url + "/api/v1/health", headers={"X-Request-ID": "ops-log-1"})
    assert response.headers["x-request-id"] == "ops-log-1"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = served.log_lines()  # every line is JSON, or this fails
        logged = [line for line in lines if line.get("request_id") == "ops-log-1"]
        if logged:
            break
        time.sleep(0.1)
    assert logged[0]["logger"] == "election.access"
    assert logged[0]["route"] == "/api/v1/health"
    assert logged[0]["status"] == 200
    assert logged[0]["pid"] in worker_pids(served)


async def _waiting_on_a_lock() -> int:
    return await db.fetchval(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )


async def test_a_stopping_server_finishes_the_entries_in_flight(
    database: str, client: httpx.AsyncClient, demo
):
    officer = await bearer(client, "to.kv01", DEMO_PASSWORD)
    sheets = await area_one_sheets(client, officer)
    election_id = await db.fetchval("SELECT id FROM election")
    server = start_server(database, "ops-shutdown", ELECTION_TALLY_CONCURRENCY="1")
    try:
        async with (
            streams_of(server.url, f"/elections/{election_id}/results/stream", 1) as streams,
            httpx.AsyncClient(base_url=server.url, timeout=60) as api,
        ):
            await streams[0].next()
            # Hold the sheet's row: its entry will wait in the middle of its write.
            holder = await asyncpg.connect(database)
            transaction = holder.transaction()
            await transaction.start()
            await holder.execute(
                "SELECT 1 FROM tally_sheet WHERE id = $1 FOR UPDATE", sheets["dbqh"]["id"]
            )
            entries = [
                asyncio.create_task(
                    api.post(
                        f"/api/v1/tally-sheets/{sheets[level]['id']}/entries",
                        json=entry_body(sheets[level]),
                        headers={**officer, "Idempotency-Key": f"phone-{level}"},
                    )
                )
                for level in ("dbqh", "hdnd_tinh")
            ]
            deadline = time.monotonic() + 15
            while await _waiting_on_a_lock() == 0:
                assert time.monotonic() < deadline, "the entry never reached its write"
                await asyncio.sleep(0.05)

            server.process.send_signal(signal.SIGTERM)
            # The live stream ends at once (the browser would reconnect elsewhere)…
            assert streams[0].task is not None
            await asyncio.wait_for(streams[0].task, 10)
            # …while the server waits for the entry in flight.
            await asyncio.sleep(1.0)
            assert server.process.poll() is None
            await transaction.rollback()
            await holder.close()
            answers = await asyncio.gather(*entries)
        assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
        assert server.process.wait(timeout=30) == 0
    finally:
        if server.process.poll() is None:
            stop_server(server)

    # A phone that never saw the answer sends the same entry again: another
    # process answers with the entry already written, and nothing is doubled.
    first = answers[0].json()
    retry = await client.post(
        f"/api/v1/tally-sheets/{sheets['dbqh']['id']}/entries",
        json=entry_body(sheets["dbqh"]),
        headers={**officer, "Idempotency-Key": "phone-dbqh"},
    )
    assert retry.json()["entry_id"] == first["entry_id"]
    assert (
        await db.fetchval("SELECT count(*) FROM tally_entry WHERE sheet = $1", sheets["dbqh"]["id"])
        == 1
    )
    lines = server.log_lines()
    assert any(line["message"] == "Shutting down" for line in lines)
    assert not any("timeout graceful shutdown exceeded" in line["message"] for line in lines)
