"""Heavy reads on a streaming replica, the primary when the replica cannot serve.

`db.reading()` marks a block of heavy reads (the public lookup, dashboards,
results pages, exports, the PDFs of lists). Its statements that run outside a
transaction run on a `ReadLease`: a connection of the replica's pool while the
replica is healthy, else one of the primary's. Everything else (writes, every
transaction, and the pages that read back what their user just wrote) runs on
the primary, as before.

Health is checked in the background, every `check_seconds`, never per
statement: the replica is healthy when it answers, is still in recovery (a
promoted replica is no longer ours to read), streams from the primary, and
has replayed what it received, or lags less than `max_lag_seconds` behind
(`pg_last_xact_replay_timestamp`). A lease that meets a failure of the
replica (its connection refused or lost, the server shutting down, a recovery
conflict, or a statement that writes) marks it unhealthy at once and runs
that statement, and the rest of its block, on the primary: read-only
statements may run twice, a request never fails for the replica's sake.
The next good check takes the replica back.

Reads are counted by the server that answered them
(`election_database_reads_total{target}`), the reasons for falling back
(`election_database_replica_fallbacks_total{reason}`), and the replica's
state at the last check (`election_database_replica_healthy`).

This module knows no other part of the application: `db` gives it the
primary's pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from prometheus_client import Counter, Gauge

log = logging.getLogger(__name__)

READS = Counter(
    "election_database_reads",
    "Statements of heavy reads (db.reading), by the server that answered them",
    ["target"],
)
FALLBACKS = Counter(
    "election_database_replica_fallbacks",
    "Heavy reads sent to the primary instead of the replica, by reason",
    ["reason"],
)
HEALTHY = Gauge(
    "election_database_replica_healthy",
    "Whether the replica (host:port) could serve reads at its last check (1) or not (0)",
    ["replica"],
    multiprocess_mode="livemin",
)
_READ_REPLICA = READS.labels("replica")
_READ_PRIMARY = READS.labels("primary")

# Seconds to open a connection to the replica or to answer a health check:
# beyond this the replica counts as failed and the primary serves.
CONNECT_TIMEOUT_SECONDS = 2.0

# Whether the server is a replica, streams from its primary, and how far
# behind it is: none when it has replayed all it received, else the age of
# the last transaction it replayed.
HEALTH_SQL = """
    SELECT pg_is_in_recovery() AS in_recovery,
           EXISTS (SELECT 1 FROM pg_stat_wal_receiver) AS streaming,
           CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn()
                THEN 0
                ELSE COALESCE(
                    EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
           END::float8 AS lag_seconds
"""

# A failure of the replica rather than of the statement: the statement is run
# again on the primary. (A statement the primary would refuse too, such as a
# unique violation or bad input, is raised as it is.)
FAILOVER_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.InterfaceError,  # the connection closed or lost under the statement
    asyncpg.PostgresConnectionError,  # class 08
    asyncpg.exceptions.OperatorInterventionError,  # class 57: shutdown, cancel, crash
    asyncpg.exceptions.ReadOnlySQLTransactionError,  # a write sent to the replica
    asyncpg.exceptions.SerializationError,  # "conflict with recovery" on a replica
)

Connection = asyncpg.Connection | PoolConnectionProxy
Reset = Callable[[Connection], Awaitable[None]]


@dataclass(frozen=True)
class Health:
    healthy: bool
    # Why the replica is not read from ("" when it is).
    reason: str
    lag_seconds: float | None = None


UNKNOWN = Health(False, "unchecked")


class Replica:
    """The replica's pool and what its last health check found."""

    def __init__(
        self,
        dsn: str,
        *,
        size: int,
        max_lag_seconds: float,
        check_seconds: float,
        statement_cache_size: int = 100,
        reset: Reset | None = None,
    ) -> None:
        self.dsn = dsn
        self.size = size
        self.max_lag_seconds = max_lag_seconds
        self.check_seconds = check_seconds
        self.statement_cache_size = statement_cache_size
        self.reset = reset
        self.health = UNKNOWN
        self.checked_at = 0.0
        self.pool: asyncpg.Pool | None = None
        # The checks' own connection: a pool busy with reads does not fail them.
        self._probe: asyncpg.Connection | None = None
        self._watcher: asyncio.Task[None] | None = None
        # Labelled by where the replica is: no series at all without one.
        address = urlsplit(dsn)
        self._healthy = HEALTHY.labels(f"{address.hostname or ''}:{address.port or 5432}")

    async def open(self) -> None:
        """Make the pool (its connections open on demand), check once, then
        keep checking in the background."""
        self.pool = await asyncpg.create_pool(
            self.dsn,
            min_size=0,
            max_size=self.size,
            timeout=CONNECT_TIMEOUT_SECONDS,
            statement_cache_size=self.statement_cache_size,
            reset=self.reset,
        )
        await self.refresh()
        self._watcher = asyncio.get_running_loop().create_task(self._watch())

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
            self._watcher = None
        self._drop_probe()
        if self.pool is not None:
            pool, self.pool = self.pool, None
            try:
                await asyncio.wait_for(pool.close(), CONNECT_TIMEOUT_SECONDS)
            except (TimeoutError, *FAILOVER_ERRORS):
                pool.terminate()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.check_seconds)
            await self.refresh()

    async def refresh(self) -> Health:
        was = self.health
        self.health = await self.check()
        self.checked_at = time.monotonic()
        self._healthy.set(1 if self.health.healthy else 0)
        if self.health.healthy != was.healthy:
            if self.health.healthy:
                log.info("replica: reads go to the replica again")
            else:
                log.warning("replica: reads go to the primary (%s)", self.health.reason)
        return self.health

    async def check(self) -> Health:
        if self.pool is None:
            return Health(False, "closed")
        try:
            if self._probe is None or self._probe.is_closed():
                self._probe = await asyncpg.connect(
                    self.dsn,
                    timeout=CONNECT_TIMEOUT_SECONDS,
                    statement_cache_size=self.statement_cache_size,
                )
            row = await self._probe.fetchrow(HEALTH_SQL, timeout=CONNECT_TIMEOUT_SECONDS)
        except (*FAILOVER_ERRORS, asyncpg.PostgresError) as error:
            self._drop_probe()
            return Health(False, f"unreachable: {type(error).__name__}")
        assert row is not None
        lag = float(row["lag_seconds"])
        if not row["in_recovery"]:
            return Health(False, "not in recovery (promoted?)", lag)
        if not row["streaming"]:
            return Health(False, "not streaming from the primary", lag)
        if lag > self.max_lag_seconds:
            return Health(False, f"{lag:.1f} s behind", lag)
        return Health(True, "", lag)

    def _drop_probe(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None:
            probe.terminate()

    def failed(self, reason: str) -> None:
        """A lease met a failure: read from the primary until a check says otherwise."""
        if self.health.healthy:
            log.warning("replica: reads go to the primary (%s)", reason)
        self.health = Health(False, reason)
        self._healthy.set(0)


class ReadLease:
    """The connection a `db.connection()` block holds inside `db.reading()`.

    It offers what the query layer and the exports call (`fetch`, `fetchrow`,
    `fetchval`, `execute`, `copy_from_query` into a file), each moved to the
    primary when the replica fails under it; any other attribute (`cursor`,
    …) is the current connection's, without that failover.
    """

    def __init__(self, replica: Replica | None, primary: asyncpg.Pool) -> None:
        self._replica = replica
        self._primary = primary
        self._conn: Any = None
        self._pool: asyncpg.Pool | None = None
        self.target = "primary"

    async def __aenter__(self) -> ReadLease:
        replica = self._replica
        if replica is not None and replica.pool is not None and replica.health.healthy:
            try:
                self._conn = await replica.pool.acquire(timeout=CONNECT_TIMEOUT_SECONDS)
            except TimeoutError:
                # Every connection busy (or the replica silent: the checks
                # will say): this block reads on the primary.
                FALLBACKS.labels("busy").inc()
            except FAILOVER_ERRORS as error:
                replica.failed(f"connect: {type(error).__name__}")
                FALLBACKS.labels("connect").inc()
            else:
                self._pool, self.target = replica.pool, "replica"
                return self
        elif replica is not None:
            FALLBACKS.labels("unhealthy").inc()
        self._conn = await self._primary.acquire()
        self._pool, self.target = self._primary, "primary"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._release()

    async def _release(self) -> None:
        conn, pool, self._conn, self._pool = self._conn, self._pool, None, None
        if conn is None or pool is None:
            return
        if pool is self._primary:
            await pool.release(conn)
            return
        try:
            await asyncio.wait_for(pool.release(conn), CONNECT_TIMEOUT_SECONDS)
        except (TimeoutError, asyncpg.InternalClientError, *FAILOVER_ERRORS):
            # A lost connection has gone back to its pool by itself.
            with contextlib.suppress(asyncpg.InterfaceError):
                conn.terminate()

    async def _to_primary(self, error: BaseException) -> None:
        reason = "write" if isinstance(error, asyncpg.ReadOnlySQLTransactionError) else "query"
        if reason == "write":
            log.warning("replica: a write inside db.reading() (%s); run on the primary", error)
        elif self._replica is not None:
            self._replica.failed(f"query: {type(error).__name__}")
        FALLBACKS.labels(reason).inc()
        await self._release()
        self._conn = await self._primary.acquire()
        self._pool, self.target = self._primary, "primary"

    async def _run(
        self, method: str, *args: Any, undo: Callable[[], object] | None = None, **kwargs: Any
    ) -> Any:
        if self.target == "replica":
            try:
                result = await getattr(self._conn, method)(*args, **kwargs)
            except FAILOVER_ERRORS as error:
                if undo is not None:
                    undo()
                await self._to_primary(error)
            else:
                _READ_REPLICA.inc()
                return result
        result = await getattr(self._conn, method)(*args, **kwargs)
        _READ_PRIMARY.inc()
        return result

    async def fetch(self, query: str, *args: Any, **kwargs: Any) -> list[asyncpg.Record]:
        return await self._run("fetch", query, *args, **kwargs)

    async def fetchrow(self, query: str, *args: Any, **kwargs: Any) -> asyncpg.Record | None:
        return await self._run("fetchrow", query, *args, **kwargs)

    async def fetchval(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await self._run("fetchval", query, *args, **kwargs)

    async def execute(self, query: str, *args: Any, **kwargs: Any) -> str:
        return await self._run("execute", query, *args, **kwargs)

    async def copy_from_query(self, query: str, *args: Any, output: Any, **kwargs: Any) -> str:
        """COPY out; moved to the primary only when `output` is a file it can
        take back to where it stood (a callable output has no failover)."""
        if not (hasattr(output, "truncate") and hasattr(output, "tell")):
            return await self._conn.copy_from_query(query, *args, output=output, **kwargs)
        start = output.tell()

        def undo() -> None:
            output.seek(start)
            output.truncate()

        return await self._run("copy_from_query", query, *args, output=output, undo=undo, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)
