"""Database engine, connection pool, transactions, heavy reads, notices, migrations.

One Piccolo engine serves the whole process; its DSN is set at start-up from
`Settings`, never at import, so the same code runs against the embedded
PostgreSQL (`election.embedded`), the CI service or production. Heavy reads
(`reading`) may go to a streaming replica (`election.replica`); the pool may
sit behind PgBouncer in transaction mode: the application keeps no session
state, LISTEN and COPY's reader use `Settings.database_direct_url`, and the
statement cache is off when the pooler cannot route prepared statements.

The application's statements run as the least-privileged role APP_ROLE,
which may only append to the audit log (see the migration that makes it).
Given the DSN of a role that could do more (a superuser, the tables' owner),
the pool logs in as APP_ROLE instead (`application_dsn`); migrations alone
run as the role the DSN names.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import hashlib
import hmac
import json
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator
from typing import Any, ParamSpec, TypeVar, cast, overload
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

from election import replica as replicas
from election.embedded import EmbeddedPostgres as EmbeddedPostgres
from election.embedded import database_url_for as database_url_for
from election.embedded import drop_database as drop_database
from election.embedded import ensure_database as ensure_database
from election.settings import Settings

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
U = TypeVar("U")
V = TypeVar("V")


class ElectionEngine(PostgresEngine):
    """Piccolo's engine without its import-time version probe.

    Piccolo connects to the database when an engine is constructed; ours is
    constructed at import with no DSN yet, so that probe is skipped.
    """

    async def check_version(self) -> None:
        return None

    async def prep_database(self) -> None:
        return None


ENGINE = ElectionEngine(config={})


def configure(dsn: str) -> None:
    ENGINE.config = {"dsn": dsn}


# A connection as the pool lends it, or one opened directly.
Connection = asyncpg.Connection | PoolConnectionProxy


# The DSN the pool was opened with: migrations run as the role it names.
_given_dsn: str | None = None
# asyncpg's statement cache (0 behind a transaction-mode pooler), and PostgreSQL
# itself when the pool's DSN names a pooler (`Settings.database_direct_url`).
_statement_cache_size = 100
_direct_dsn: str | None = None
# The replica of the heavy reads (`reading`), when one is configured.
_replica: replicas.Replica | None = None
# For each open pool, its companion whose connections plan each prepared
# statement once (`connection(planned_once=True)`): it comes and goes with it.
_planned_once: dict[asyncpg.Pool, asyncpg.Pool] = {}


async def connect(dsn: str) -> asyncpg.Connection:
    """A connection of its own, with the pool's statement cache (none behind a pooler)."""
    return await asyncpg.connect(dsn, statement_cache_size=_statement_cache_size)


async def open_pool(
    dsn: str,
    *,
    size: int = 10,
    statement_cache_size: int = 100,
    direct_dsn: str | None = None,
    planned_once_size: int = 4,
) -> bool:
    """Start the pool unless one is running; returns whether this call opened it.

    The pool's connections log in as the application's role (`application_dsn`).
    """
    global _given_dsn, _statement_cache_size, _direct_dsn
    if ENGINE.pool is not None:
        return False
    _given_dsn, _statement_cache_size, _direct_dsn = dsn, statement_cache_size, direct_dsn
    if direct_dsn:
        # Grant the role's login on PostgreSQL itself: a pooler remembers a refusal.
        await application_dsn(direct_dsn)
    configure(await application_dsn(dsn))
    # Piccolo passes these on to asyncpg's pool (its signature says **kwargs).
    start = cast(Callable[..., Awaitable[None]], ENGINE.start_connection_pool)  # pyright: ignore[reportUnknownMemberType]
    await start(
        min_size=1, max_size=size, reset=_rollback_only, statement_cache_size=statement_cache_size
    )
    if statement_cache_size > 0 and ENGINE.pool is not None:
        _planned_once[ENGINE.pool] = await _planned_once_pool(planned_once_size)
    return True


async def _planned_once_pool(size: int) -> asyncpg.Pool:
    """The pool of `connection(planned_once=True)`.

    PostgreSQL plans a prepared statement anew on each execution whenever its
    generic plan looks dearer than the custom ones it built first, and that
    comparison turns once autovacuum analyzes tables that grew from empty, as
    the tally tables do on election night (docs/performance.md). Statements
    whose plans do not depend on their parameters' values (keyed reads and
    writes) run here, where every connection keeps one plan per statement.
    Behind a pooler without prepared statements there is no plan to keep:
    the main pool serves.
    """
    return await asyncpg.create_pool(
        ENGINE.config["dsn"],
        min_size=0,
        max_size=size,
        reset=_rollback_only,
        statement_cache_size=_statement_cache_size,
        server_settings={"plan_cache_mode": "force_generic_plan"},
    )


async def open_databases(settings: Settings) -> bool:
    """The pool as `settings` say (pooler, direct DSN), and the replica when one is named."""
    global _replica
    assert settings.database_url is not None
    opened = await open_pool(
        settings.database_url,
        size=settings.database_pool_size,
        statement_cache_size=settings.database_statement_cache,
        direct_dsn=settings.database_direct_url,
        # The tally entries' write slots (`Settings.tally_entry_concurrency`).
        planned_once_size=settings.tally_entry_concurrency,
    )
    if opened and settings.database_replica_url:
        _replica = replicas.Replica(
            _same_role(settings.database_replica_url),
            size=settings.database_pool_size,
            max_lag_seconds=settings.replica_max_lag_seconds,
            check_seconds=settings.replica_check_seconds,
            statement_cache_size=settings.database_statement_cache,
            reset=_rollback_only,
        )
        await _replica.open()
    return opened


def _same_role(dsn: str) -> str:
    """`dsn` (the replica, PostgreSQL behind the pooler) signed in as the pool is,
    when it names the role the pool's DSN named: the application's role and
    password are the same on every server of the cluster."""
    pool_dsn: str | None = ENGINE.config.get("dsn")
    if pool_dsn is None or _given_dsn is None:
        return dsn
    if urlsplit(dsn).username != urlsplit(_given_dsn).username:
        return dsn
    pool = urlsplit(pool_dsn)
    return _as_role(dsn, pool.username or APP_ROLE, pool.password)


async def listening_connection(dsn: str) -> asyncpg.Connection:
    """A connection of its own for LISTEN (never through a transaction-mode
    pooler: name PostgreSQL's own DSN), signed in as the pool's role."""
    if ENGINE.config.get("dsn") is None:
        return await connect(await application_dsn(dsn))
    return await connect(_same_role(dsn))


async def _rollback_only(connection: Connection) -> None:
    """Reset a connection on its way back to the pool.

    asyncpg's default reset (RESET ALL, UNLISTEN *, advisory unlock, CLOSE ALL)
    costs a round trip on every release, some 14 per tally submission. The
    application keeps no session state (only transaction-scoped advisory locks,
    no LISTEN on pooled connections, no SET), so ending an interrupted
    transaction is all a returned connection needs.
    """
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")


async def close_pool() -> None:
    global _replica
    if _replica is not None:
        await _replica.close()
        _replica = None
    if ENGINE.pool is not None:
        planned = _planned_once.pop(ENGINE.pool, None)
        if planned is not None:
            await planned.close()
        await ENGINE.close_connection_pool()


def transaction() -> contextlib.AbstractAsyncContextManager[PostgresTransaction, None]:
    """The unit of work: services wrap every change in one of these.

    Nested calls join the outer transaction, so a service can call another
    service and both commit or roll back together. (Typed as never swallowing
    an exception, which it does not: Piccolo's annotation says `bool`.)
    """
    return cast(
        contextlib.AbstractAsyncContextManager[PostgresTransaction, None], ENGINE.transaction()
    )


def in_transaction() -> bool:
    return ENGINE.current_transaction.get() is not None


# The connection a `connection()` block holds, for the statements run inside it.
_held_connection: contextvars.ContextVar[Connection | None] = contextvars.ContextVar(
    "held_connection", default=None
)


# Whether statements here are heavy reads that a replica may answer.
_reading: contextvars.ContextVar[bool] = contextvars.ContextVar("reading", default=False)


@contextlib.asynccontextmanager
async def reading() -> AsyncGenerator[None]:
    """Heavy reads: in the block, statements outside a transaction and outside a
    held connection run on the replica while it is healthy, else on the
    primary (`election.replica`). Transactions, and the blocks that read back
    what they wrote (a held connection), stay on the primary."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads(function: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """`function`, a service of heavy reads, run inside `reading()`."""

    @functools.wraps(function)
    async def inside_reading(*args: P.args, **kwargs: P.kwargs) -> T:
        async with reading():
            return await function(*args, **kwargs)

    return inside_reading


@contextlib.asynccontextmanager
async def connection(*, planned_once: bool = False) -> AsyncGenerator[Connection]:
    """A raw asyncpg connection: the current transaction's, the one an enclosing
    block holds, or one from the pool (inside `reading`, a replica's lease;
    with `planned_once`, one that keeps a single plan per prepared statement,
    for keyed statements run thousands of times), held (for the statements
    of the query layer too) until the block ends."""
    current = ENGINE.current_transaction.get()
    if current is not None:
        yield current.connection
        return
    held = _held_connection.get()
    if held is not None:
        yield held
        return
    if ENGINE.pool is None:
        raise RuntimeError("database pool is not open")
    if _reading.get():
        async with replicas.ReadLease(_replica, ENGINE.pool) as lease:
            token = _held_connection.set(cast(Connection, lease))
            try:
                yield cast(Connection, lease)
            finally:
                _held_connection.reset(token)
        return
    pool = _planned_once.get(ENGINE.pool, ENGINE.pool) if planned_once else ENGINE.pool
    async with pool.acquire() as conn:
        token = _held_connection.set(conn)
        try:
            yield conn
        finally:
            _held_connection.reset(token)


def on_one_connection() -> bool:
    """Whether statements here share one connection (a transaction's or a held one)."""
    return in_transaction() or _held_connection.get() is not None


@overload
async def concurrently(first: Awaitable[T], second: Awaitable[U], /) -> tuple[T, U]: ...
@overload
async def concurrently(
    first: Awaitable[T], second: Awaitable[U], third: Awaitable[V], /
) -> tuple[T, U, V]: ...
async def concurrently(*awaitables: Awaitable[Any]) -> tuple[Any, ...]:
    """Await independent statements at once, on separate pool connections; on one
    connection (a transaction's, or a held one) one after another."""
    if on_one_connection():
        return tuple([await awaitable for awaitable in awaitables])
    return tuple(await asyncio.gather(*awaitables))


# --------------------------------------------------------------------------
# Notifications to LISTENers, sent after the commit

# How long an event may wait to share a NOTIFY with the events after it.
NOTIFY_DELAY_SECONDS = 0.05
# A NOTIFY payload must stay under 8,000 bytes.
_NOTIFY_PAYLOAD_BYTES = 7000
_pending_notices: list[tuple[str, str]] = []
_notice_sender: asyncio.Task[None] | None = None


async def notify_after_commit(channel: str, event: dict[str, Any]) -> None:
    """Send `event` to the LISTENers of `channel` once it is committed.

    Outside a transaction (the change has committed) the event waits up to
    NOTIFY_DELAY_SECONDS and goes out with the others of that moment: a
    transaction that NOTIFYs takes PostgreSQL's database-wide notify lock
    until its commit is flushed, so NOTIFY inside every change made all
    changes commit one after another. Events are hints for live views: one
    that a crashing process had not sent yet is lost, never a change. Inside a
    transaction the NOTIFY is part of it. Listeners receive a JSON array of
    events.
    """
    global _notice_sender
    payload = json.dumps(event, ensure_ascii=False)
    if in_transaction():
        await execute("SELECT pg_notify($1, $2)", channel, f"[{payload}]")
        return
    _pending_notices.append((channel, payload))
    loop = asyncio.get_running_loop()
    if _notice_sender is None or _notice_sender.done() or _notice_sender.get_loop() is not loop:
        # A context of its own: the sender outlives any connection held here.
        _notice_sender = loop.create_task(_send_notices(), context=contextvars.Context())


async def _send_notices() -> None:
    while _pending_notices:
        await asyncio.sleep(NOTIFY_DELAY_SECONDS)
        batch = list(_pending_notices)
        _pending_notices.clear()
        channels: list[str] = []
        payloads: list[str] = []
        for channel in dict.fromkeys(c for c, _ in batch):
            for chunk in _chunks([p for c, p in batch if c == channel]):
                channels.append(channel)
                payloads.append(chunk)
        try:
            # A transaction of its own, committed without waiting for the disk:
            # a notice lost in a crash costs a dashboard one refresh.
            await execute(
                "SELECT set_config('synchronous_commit', 'off', true), pg_notify(c, p) "
                "FROM unnest($1::text[], $2::text[]) AS n(c, p)",
                channels,
                payloads,
            )
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, RuntimeError) as error:
            log.warning("live notices not sent: %s", error)


def _chunks(payloads: list[str]) -> Iterator[str]:
    """JSON arrays of the payloads, each under the NOTIFY size limit."""
    chunk: list[str] = []
    size = 2
    for payload in payloads:
        length = len(payload.encode()) + 1
        if chunk and size + length > _NOTIFY_PAYLOAD_BYTES:
            yield "[" + ",".join(chunk) + "]"
            chunk, size = [], 2
        chunk.append(payload)
        size += length
    if chunk:
        yield "[" + ",".join(chunk) + "]"


async def fetch(sql: str, *args: Any) -> list[asyncpg.Record]:
    async with connection() as conn:
        return await conn.fetch(sql, *args)


async def fetchrow(sql: str, *args: Any) -> asyncpg.Record | None:
    async with connection() as conn:
        return await conn.fetchrow(sql, *args)


async def fetchval(sql: str, *args: Any) -> Any:
    async with connection() as conn:
        return await conn.fetchval(sql, *args)


async def execute(sql: str, *args: Any) -> str:
    async with connection() as conn:
        return await conn.execute(sql, *args)


async def direct_connection() -> asyncpg.Connection:
    """A session of its own on PostgreSQL itself (never through a transaction-mode
    pooler), signed in as the pool's role: COPY's second reader."""
    return await connect(_same_role(_direct_dsn) if _direct_dsn else ENGINE.config["dsn"])


# --------------------------------------------------------------------------
# Migrations


async def migrate(dsn: str | None = None) -> None:
    """Apply every migration of the single stream that has not run yet, all in one
    transaction, as the role `dsn` names (by default the DSN the pool was opened
    with, whichever role the pool logs in as): the tables' owner."""
    owner_dsn = dsn or _given_dsn
    if owner_dsn is None:
        raise RuntimeError("no database to migrate: open the pool or name a DSN")
    conn = await connect(owner_dsn)
    try:
        async with conn.transaction():
            # Piccolo's statements, and each migration's own transaction,
            # join this one: it is the engine's current transaction here.
            joined = PostgresTransaction(ENGINE)
            joined.connection = conn
            token = ENGINE.current_transaction.set(joined)
            try:
                with contextlib.redirect_stdout(_LogWriter()):
                    result = await run_forwards(app_name="election")
            finally:
                ENGINE.current_transaction.reset(token)
            if not result.success:
                raise RuntimeError(f"migrations failed: {result.message}")
    finally:
        await conn.close()


class _LogWriter:
    """Piccolo prints progress with emoji; keep it in the debug log."""

    def write(self, text: str) -> int:
        if text.strip():
            log.debug("piccolo: %s", text.strip())
        return len(text)

    def flush(self) -> None:
        return None


# --------------------------------------------------------------------------
# The application's role

APP_ROLE = "election_app"

# What the role of a DSN may do, and whether the application's role is set up
# in its database: no row before the migrations have made the role and its grants.
_ROLE_STATE = """
    SELECT me.rolsuper OR pg_has_role(current_user, audit.relowner, 'USAGE') AS privileged,
           app.rolcanlogin AS app_can_login,
           me.rolsuper OR me.rolcreaterole AS may_grant_login
    FROM pg_roles me
    JOIN pg_class audit ON audit.oid = to_regclass('public.audit_event')
    JOIN pg_roles app ON app.rolname = $1
    WHERE me.rolname = current_user
      AND has_table_privilege(app.oid, audit.oid, 'INSERT')
"""


async def application_dsn(dsn: str) -> str:
    """The DSN the application's statements use on the database of `dsn`.

    `dsn` itself when its role cannot disable the audit log's protections
    (the application's role, or one like it), or when the database has not
    been migrated yet. Otherwise (a superuser, the tables' owner) the same
    server and database as APP_ROLE: the first time, this role's login is
    granted here, with a password derived from the one in `dsn` (none when
    `dsn` has none: the server then lets the role in the way it let `dsn`'s in,
    as the embedded server and a trusting local one do). A login the operator
    gave the role is never changed: give the application its DSN instead.
    """
    conn = await connect(dsn)
    try:
        state = await conn.fetchrow(_ROLE_STATE, APP_ROLE)
        if state is None or not state["privileged"]:
            return dsn
        password = _derived_password(dsn)
        app_dsn = _as_role(dsn, APP_ROLE, password)
        if await _can_connect(app_dsn):
            return app_dsn
        if state["app_can_login"] or not state["may_grant_login"]:
            raise RuntimeError(
                f"cannot sign in as {APP_ROLE}, the application's role: give the application "
                f"{APP_ROLE}'s own DSN in ELECTION_DATABASE_URL (ALTER ROLE {APP_ROLE} LOGIN "
                "PASSWORD '…' once, as a superuser); the owner's DSN is for migrations"
            )
        secret = f"PASSWORD '{password}'" if password else "PASSWORD NULL"
        with contextlib.suppress(asyncpg.PostgresError):  # granted meanwhile by another process
            await conn.execute(f"ALTER ROLE {APP_ROLE} LOGIN {secret}")
    finally:
        await conn.close()
    if not await _can_connect(app_dsn):
        raise RuntimeError(f"{APP_ROLE} was granted a login but cannot sign in with it")
    log.info("the application signs in as %s", APP_ROLE)
    return app_dsn


def _derived_password(dsn: str) -> str | None:
    """A password for APP_ROLE known to whoever knows the owner's, and to nobody else."""
    parts = urlsplit(dsn)
    secret = parts.password or dict(parse_qsl(parts.query)).get("password")
    if not secret:
        return None
    message = f"{APP_ROLE}@{parts.hostname or ''}:{parts.port or ''}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _as_role(dsn: str, role: str, password: str | None) -> str:
    """`dsn` with another role and password (also when the DSN named them in its query)."""
    parts = urlsplit(dsn)
    host = parts.netloc.rpartition("@")[2]
    user = quote(role, safe="") + (":" + quote(password, safe="") if password else ":")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if k not in ("user", "password")]
    return urlunsplit(
        (
            parts.scheme,
            f"{user}@{host}",
            parts.path,
            parts.query if len(kept) == len(query) else urlencode(kept),
            parts.fragment,
        )
    )


async def _can_connect(dsn: str) -> bool:
    try:
        conn = await connect(dsn)
    except (
        asyncpg.InvalidPasswordError,
        asyncpg.InvalidAuthorizationSpecificationError,
        asyncpg.ProtocolViolationError,  # how PgBouncer passes the server's refusal on
    ):
        return False
    await conn.close()
    return True
