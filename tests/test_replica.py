"""Heavy reads on a real streaming replica, and the primary when it cannot serve.

A primary and a streaming replica of it (pg_basebackup -R) run for this
module (`tests.pg_servers`), holding the demo data set. The app runs in this
process on them, its pool and replica opened by its own lifespan (the test
session's pool is put aside meanwhile). Where a statement ran is read from the
statement itself (`pg_is_in_recovery()`) and from the counters of reads by
target; the replica then lags (its replay paused) and dies under concurrent
requests, and no request fails.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
from prometheus_client import REGISTRY

from election import db
from election.app import create_app
from election.elections import training_clock
from election.settings import Settings
from election.tallies import live, standings
from election.turnout import live as turnout_live
from tests.builders import bearer
from tests.pg_servers import Cluster, demo_primary, with_database

DEMO_PASSWORD = "demo-2026-baucu"
DATABASE = "election"


@dataclass
class Servers:
    cluster: Cluster
    primary: str
    replica: str
    replica_superuser: str


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    try:
        yield cluster
    finally:
        cluster.close()


_built: dict[int, Servers] = {}


async def demo_cluster(cluster: Cluster, owner: asyncpg.Connection) -> Servers:
    """A primary holding the demo, and a streaming replica of it."""
    if id(cluster) in _built:
        return _built[id(cluster)]
    primary, port = await demo_primary(cluster, owner, DATABASE)
    replica_server = await asyncio.to_thread(cluster.replica, port)
    replica = with_database(replica_server, DATABASE)
    _built[id(cluster)] = Servers(cluster, primary, replica, replica)
    return _built[id(cluster)]


def _forget_caches() -> None:
    """The process's caches hold the other database's figures (same ids)."""
    training_clock.forget()
    for module in (live, standings, turnout_live):
        forget = getattr(module, "forget_cache", None)
        if forget is not None:
            forget()


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app on `settings`' databases, its lifespan run, called over HTTP."""
    saved = (db.ENGINE.pool, db.ENGINE.config, db._given_dsn)
    db.ENGINE.pool = None
    _forget_caches()
    app = create_app(settings)
    try:
        async with app.lifespan():
            transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))  # pyright: ignore[reportArgumentType]
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                yield c
    finally:
        if db.ENGINE.pool is not None:
            await db.close_pool()
        db.ENGINE.pool, db.ENGINE.config, db._given_dsn = saved
        _forget_caches()


def settings_for(servers: Servers, **changes: object) -> Settings:
    values: dict[str, object] = {
        "database_url": servers.primary,
        "database_replica_url": servers.replica,
        "database_pool_size": 8,
        "replica_max_lag_seconds": 1.0,
        "replica_check_seconds": 0.2,
        "secret_key": "replica-test-secret-" + "r" * 32,
    }
    values.update(changes)
    return Settings(**values)  # pyright: ignore[reportArgumentType]


def reads(target: str) -> float:
    return REGISTRY.get_sample_value("election_database_reads_total", {"target": target}) or 0.0


def fallbacks(reason: str) -> float:
    value = REGISTRY.get_sample_value(
        "election_database_replica_fallbacks_total", {"reason": reason}
    )
    return value or 0.0


def replica_healthy(servers: Servers) -> float | None:
    address = urlsplit(servers.replica)
    return REGISTRY.get_sample_value(
        "election_database_replica_healthy", {"replica": f"{address.hostname}:{address.port}"}
    )


async def in_recovery() -> bool:
    return await db.fetchval("SELECT pg_is_in_recovery()")


async def until(condition, seconds: float = 8.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def heavy_paths(headers: dict) -> list[str]:
    election_id = await db.fetchval("SELECT id FROM election")
    area = await db.fetchval("SELECT id FROM polling_area ORDER BY id LIMIT 1")
    return [
        f"/api/v1/elections/{election_id}/results.json",
        f"/api/v1/elections/{election_id}/results.csv",
        f"/api/v1/polling-areas/{area}/voter-list.pdf",
    ]


async def statements_run_where_they_should() -> None:
    """Where each statement runs, as the statement itself sees it."""
    assert not await in_recovery()
    async with db.reading():
        assert await in_recovery()
        a, b = await db.concurrently(in_recovery(), in_recovery())
        assert a and b
        async with db.transaction():
            assert not await in_recovery()  # transactions: the primary
    async with db.connection(), db.reading():
        assert not await in_recovery()  # a held connection reads its own writes
    # A write slipped into a block of reads runs on the primary, and the
    # rest of the block with it.
    async with db.reading(), db.connection():
        assert await in_recovery()
        writes = fallbacks("write")
        await db.execute("CREATE TEMP TABLE written_by_mistake (x int) ON COMMIT DROP")
        assert fallbacks("write") == writes + 1
        assert not await in_recovery()


async def test_heavy_reads_go_to_the_replica_and_leave_a_lagging_one(
    cluster: Cluster, demo, owner: asyncpg.Connection
):
    servers = await demo_cluster(cluster, owner)
    async with serving(settings_for(servers)) as client:
        replica = db._replica
        assert replica is not None
        await until(lambda: replica.health.healthy)

        await statements_run_where_they_should()

        # Signing in writes (primary); the heavy pages read on the replica.
        headers = await bearer(client, "quantri", DEMO_PASSWORD)
        for path in await heavy_paths(headers):
            before = reads("replica"), reads("primary")
            response = await client.get(path, headers=headers)
            assert response.status_code == 200, (path, response.text[:300])
            assert reads("replica") > before[0], path
            assert reads("primary") == before[1], path
        # The public lookup: its budgets written on the primary, its search read
        # on the replica.
        voter = await db.fetchrow(
            "SELECT personal_id, date_of_birth, full_name FROM voter ORDER BY id LIMIT 1"
        )
        assert voter is not None
        before = reads("replica"), reads("primary")
        found = await client.post(
            "/api/v1/lookup",
            json={
                "personal_id": voter["personal_id"],
                "date_of_birth": voter["date_of_birth"].isoformat(),
                "second_factor": voter["full_name"],
            },
        )
        assert found.status_code == 200 and found.json()["found"] is True, found.text
        assert reads("replica") > before[0] and reads("primary") == before[1]
        metrics = (await client.get("/metrics")).text
        assert 'election_database_reads_total{target="replica"}' in metrics
        assert "election_database_replica_healthy{replica=" in metrics
        assert replica_healthy(servers) == 1

        # The replica stops replaying while the primary commits: once it lags
        # more than a second, heavy reads go to the primary; then back.
        repl = await asyncpg.connect(servers.replica_superuser)
        try:
            await repl.execute("SELECT pg_wal_replay_pause()")
            # One commit the replica does not replay: its last replayed one,
            # the demo's, is seconds old.
            primary_owner = await asyncpg.connect(servers.primary)
            try:
                await primary_owner.execute("SELECT txid_current()")
            finally:
                await primary_owner.close()
            await until(lambda: "behind" in replica.health.reason)
            async with db.reading():
                assert not await in_recovery()
            before = reads("primary")
            response = await client.get((await heavy_paths(headers))[0], headers=headers)
            assert response.status_code == 200
            assert reads("primary") > before
            await repl.execute("SELECT pg_wal_replay_resume()")
            await until(lambda: replica.health.healthy)
            async with db.reading():
                assert await in_recovery()
        finally:
            with contextlib.suppress(asyncpg.PostgresError):
                await repl.execute("SELECT pg_wal_replay_resume()")
            await repl.close()


async def test_killing_the_replica_under_load_fails_no_request(
    cluster: Cluster, demo, owner: asyncpg.Connection
):
    servers = await demo_cluster(cluster, owner)
    # Checks far apart: the requests themselves must find the replica dead.
    async with serving(settings_for(servers, replica_check_seconds=60.0)) as client:
        replica = db._replica
        assert replica is not None and replica.health.healthy
        headers = await bearer(client, "quantri", DEMO_PASSWORD)
        paths = (await heavy_paths(headers))[:2]
        statuses: list[int] = []
        stop = asyncio.Event()

        async def keep_reading(index: int) -> None:
            while not stop.is_set():
                response = await client.get(paths[index % len(paths)], headers=headers)
                statuses.append(response.status_code)

        replica_reads, failed_queries = reads("replica"), fallbacks("query")
        workers = [asyncio.create_task(keep_reading(i)) for i in range(6)]
        try:
            await until(lambda: len(statuses) >= 12 and reads("replica") > replica_reads)
            served_before_kill = len(statuses)
            await asyncio.to_thread(servers.cluster.kill, "replica")
            await until(lambda: len(statuses) >= served_before_kill + 12)
        finally:
            stop.set()
            await asyncio.gather(*workers)

        assert set(statuses) == {200}, statuses
        # Statements in flight or on pooled connections met the dead replica
        # and ran again on the primary; the requests after it went there.
        assert fallbacks("query") > failed_queries
        assert not replica.health.healthy
        primary_reads = reads("primary")
        response = await client.get(paths[0], headers=headers)
        assert response.status_code == 200
        assert reads("primary") > primary_reads
        await replica.refresh()
        assert "unreachable" in replica.health.reason
        assert replica_healthy(servers) == 0

    # A process that starts while the replica is down serves from the primary.
    async with serving(settings_for(servers)) as client:
        assert db._replica is not None and not db._replica.health.healthy
        primary_reads = reads("primary")
        response = await client.get(paths[0], headers=headers)
        assert response.status_code == 200
        assert reads("primary") > primary_reads
