"""The app through PgBouncer in transaction mode, as a real server.

A primary holding the demo and PgBouncer (the Debian package, transaction
pooling, five server connections) in front of it (`tests.pg_servers`);
`election serve` in its own process reaches the database through the pooler
with asyncpg's statement cache off (PgBouncer before 1.21 cannot route named
prepared statements) and listens for live progress on a direct connection
(ELECTION_DATABASE_DIRECT_URL): LISTEN needs a session of its own. Sign-in,
tally entry, the public lookup, live progress and a burst of concurrent
requests all work, and PostgreSQL sees no more of the app's sessions than the
pooler's and the listener's.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import asyncpg
import httpx
import pytest

from election import db
from election.settings import PROJECT_ROOT
from tests.builders import bearer, login_page
from tests.pg_servers import Cluster, demo_primary, free_port, require, with_database
from tests.test_ops_serve import entry_body, open_stream

DEMO_PASSWORD = "demo-2026-baucu"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
POOLER_SERVER_CONNECTIONS = 5


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    try:
        yield cluster
    finally:
        cluster.close()


@contextlib.contextmanager
def served(env: dict[str, str]) -> Iterator[str]:
    """`election serve` (one worker) on `env`'s databases; its base URL."""
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"pgbouncer-server-{os.getpid()}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "election", "serve", "--workers", "1"],
            env={
                **os.environ,
                "ELECTION_SECRET_KEY": "pgbouncer-test-secret-" + "p" * 32,
                "ELECTION_PORT": str(port),
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "/api/v1/health/ready", timeout=2).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the server did not start: " + log_path.read_text()[-3000:])
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log_text = log_path.read_text()
    assert "Traceback" not in log_text, log_text[-3000:]
    assert "prepared statement" not in log_text, log_text[-3000:]


async def area_one_sheets(primary: asyncpg.Connection, client: httpx.AsyncClient, headers: dict):
    area = await primary.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 1"
    )
    response = await client.get(f"/api/v1/polling-areas/{area}/tally-sheets", headers=headers)
    assert response.status_code == 200, response.text
    return {s["level"]: s for s in response.json()}


async def test_the_app_works_through_pgbouncer_in_transaction_mode(
    cluster: Cluster, demo, owner: asyncpg.Connection
):
    primary_dsn, port = await demo_primary(cluster, owner, "election")
    # The application's role first signs in through the pooler too.
    bouncer = await asyncio.to_thread(cluster.pgbouncer, port, ["postgres", db.APP_ROLE])
    env = {
        "ELECTION_DATABASE_URL": with_database(bouncer, "election"),
        "ELECTION_DATABASE_DIRECT_URL": primary_dsn,
        "ELECTION_DATABASE_STATEMENT_CACHE": "0",
        "ELECTION_DB_POOL_SIZE": "20",
    }
    primary = await asyncpg.connect(primary_dsn)
    try:
        with served(env) as url:
            async with (
                httpx.AsyncClient(base_url=url, timeout=30) as api,
                httpx.AsyncClient(base_url=url, timeout=30) as browser,
            ):
                await through_the_pooler(primary, api, browser)
    finally:
        await primary.close()


async def through_the_pooler(
    primary: asyncpg.Connection, api: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    election_id = await primary.fetchval("SELECT id FROM election")

    # Sign-in: the form (session and CSRF cookies) and the API's token.
    signed_in = await login_page(browser, "quantri", DEMO_PASSWORD)
    assert signed_in.status_code == 303, signed_in.text[:300]
    assert (await browser.get("/")).status_code == 200
    officer = await bearer(api, "to.kv01", DEMO_PASSWORD)

    # Live progress: the stream hears of a tally entry through LISTEN on the
    # direct connection, which PostgreSQL shows as the app's listener.
    stream = await open_stream(browser, f"/elections/{election_id}/results/stream", "pooled")
    try:
        assert (await stream.next())["reported"] == 0
        sheet = (await area_one_sheets(primary, api, officer))["dbqh"]
        response = await api.post(
            f"/api/v1/tally-sheets/{sheet['id']}/entries", json=entry_body(sheet), headers=officer
        )
        assert response.status_code == 201, response.text
        assert (await stream.next())["reported"] == 1
    finally:
        assert stream.task is not None
        stream.task.cancel()
        with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
            await stream.task
    listeners = await primary.fetchval(
        "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND query ILIKE 'LISTEN%'",
        db.APP_ROLE,
    )
    assert listeners >= 1

    # The public lookup (its rate limit writes, its search reads).
    voter = await primary.fetchrow(
        "SELECT personal_id, date_of_birth, full_name FROM voter ORDER BY id LIMIT 1"
    )
    assert voter is not None
    found = await api.post(
        "/api/v1/lookup",
        json={
            "personal_id": voter["personal_id"],
            "date_of_birth": voter["date_of_birth"].isoformat(),
            "second_factor": voter["full_name"],
        },
    )
    assert found.status_code == 200, found.text
    assert found.json()["found"] is True

    # A burst of concurrent requests, more than the pooler has server
    # connections: each transaction takes one for its own length.
    admin = await bearer(api, "quantri", DEMO_PASSWORD)
    paths = [
        f"/api/v1/elections/{election_id}/results.json",
        f"/api/v1/elections/{election_id}/results.csv",
        f"/api/v1/tally-sheets/{sheet['id']}",
        "/api/v1/health/ready",
    ]
    sessions: list[int] = []

    async def count_sessions() -> None:
        for _ in range(20):
            sessions.append(
                await primary.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = $1", db.APP_ROLE
                )
            )
            await asyncio.sleep(0.02)

    responses, _ = await asyncio.gather(
        asyncio.gather(*(api.get(paths[i % len(paths)], headers=admin) for i in range(40))),
        count_sessions(),
    )
    assert [r.status_code for r in responses] == [200] * 40, [
        (r.status_code, r.text[:200]) for r in responses if r.status_code != 200
    ]
    # The pooler's server connections and the direct listener, never the
    # app's twenty pooled ones.
    assert max(sessions) <= POOLER_SERVER_CONNECTIONS + 1, sessions


def test_a_missing_service_fails_the_test_when_services_are_required(monkeypatch):
    """.ci/run sets ELECTION_REQUIRE_SERVICES=1: no silent skip there."""
    monkeypatch.setenv("ELECTION_REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception, match="missing"):
        require(False, "PgBouncer")
    monkeypatch.delenv("ELECTION_REQUIRE_SERVICES")
    with pytest.raises(pytest.skip.Exception):
        require(False, "PgBouncer")
    require(True, "PgBouncer")
