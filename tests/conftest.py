"""Test fixtures: a real PostgreSQL, a known state before every test, the app.

The database is an embedded PostgreSQL of this session alone under
`.data/test-runs/<pid>` (never the `make run` one under `.data/pg`), or the
server named by ELECTION_DATABASE_URL, where the session creates its own
database `election_test_<pid>` and drops it at the end. Before every test
that uses the database, every table except the reference map is truncated.

The application under test, like the real one, signs in as the
least-privileged role `election_app` (`db.application_dsn`); the session's
own URL (a superuser's) migrates, and `owner` (a connection as that
superuser) empties and restores the tables and plays the attacker in the
audit tests.
"""

from __future__ import annotations

import asyncio
import io
import os
import warnings
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest

from election import db
from election.app import create_app
from election.settings import PROJECT_ROOT, Settings

warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
# The audit log's key of the test sessions, and of the commands they start.
os.environ.setdefault("ELECTION_AUDIT_KEY", "test-audit-key-" + "k" * 32)

TEST_DATABASE = "election_test"
# Reference data survives between tests; everything else is truncated.
KEEP_TABLES = {"province", "commune", "migration"}


def _stale_runs(root) -> None:
    """Remove the data of earlier test sessions whose process is gone (killed runs)."""
    import shutil

    if not root.exists():
        return
    for folder in root.iterdir():
        if folder.name.isdigit() and not _alive(int(folder.name)):
            server = db.EmbeddedPostgres(folder / "pg")
            if server.is_running():
                server.start()
                server.stop(only_if_started_here=False)
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def _trade_durability_for_speed(url: str, *, own_cluster: bool) -> None:
    """Tests commit thousands of small transactions and never survive a crash:
    no commit waits for its WAL flush. A cluster of this run's own also skips
    fsync; a shared server is changed only for this run's database."""
    conn = await asyncpg.connect(url)
    try:
        name = await conn.fetchval("SELECT current_database()")
        await conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        if own_cluster:
            await conn.execute("ALTER SYSTEM SET fsync = off")
            await conn.execute("ALTER SYSTEM SET full_page_writes = off")
            await conn.execute("SELECT pg_reload_conf()")
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def database_url() -> str:
    """A database of this test session alone, so parallel runs never meet."""
    import shutil

    server_url = os.environ.get("ELECTION_DATABASE_URL")
    server = None
    run_dir = None
    name = TEST_DATABASE
    if server_url:
        name = f"{TEST_DATABASE}_{os.getpid()}"
    else:
        root = PROJECT_ROOT / ".data" / "test-runs"
        _stale_runs(root)
        run_dir = root / str(os.getpid())
        run_dir.mkdir(parents=True, exist_ok=True)
        server = db.EmbeddedPostgres(run_dir / "pg")
        server_url = server.start()
    url = asyncio.run(db.ensure_database(server_url, name, recreate=True))
    asyncio.run(_trade_durability_for_speed(url, own_cluster=server is not None))
    yield url
    if server is not None:
        server.stop(only_if_started_here=False)
        shutil.rmtree(run_dir, ignore_errors=True)
    else:
        asyncio.run(db.drop_database(server_url, name))


@pytest.fixture(scope="session")
async def database(database_url: str) -> AsyncIterator[str]:
    from election.geography.services import ensure_geography

    await db.migrate(database_url)
    await db.open_pool(database_url, size=10)
    await ensure_geography()
    yield database_url
    await db.close_pool()


@pytest.fixture(scope="session")
async def owner(database: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection as the session's superuser, who owns the tables."""
    conn = await asyncpg.connect(database)
    yield conn
    await conn.close()


@pytest.fixture(scope="session")
async def truncate_sql(database: str, owner: asyncpg.Connection) -> str:
    """What empties every table but the map's, as a fresh database would be.

    DELETE rather than TRUNCATE: on tables of a few hundred rows it is five
    times faster (TRUNCATE makes new files for each table and index), and
    each test starts with it. As the superuser with triggers off, the audit
    log's append-only rule and the foreign keys stand aside; each table's
    sequences start again at 1."""
    tables = await _emptied_tables(owner)
    sequences = await owner.fetch(
        """
        SELECT format('%I.%I', n.nspname, s.relname) AS name
        FROM pg_class s
        JOIN pg_namespace n ON n.oid = s.relnamespace
        JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
        JOIN pg_class t ON t.oid = d.refobjid
        WHERE s.relkind = 'S' AND n.nspname = 'public' AND t.relname = ANY($1::text[])
        """,
        tables,
    )
    # Per-import staging tables live in their own schema; start it empty too.
    return (
        "BEGIN; SET LOCAL session_replication_role = replica; "
        + "".join(f'DELETE FROM "{t}"; ' for t in tables)
        + "".join(f"ALTER SEQUENCE {s['name']} RESTART; " for s in sequences)
        + "DROP SCHEMA IF EXISTS voter_staging CASCADE; CREATE SCHEMA voter_staging; "
        f"GRANT USAGE, CREATE ON SCHEMA voter_staging TO {db.APP_ROLE}; COMMIT;"
    )


async def _emptied_tables(owner: asyncpg.Connection) -> list[str]:
    rows = await owner.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return sorted(r["tablename"] for r in rows if r["tablename"] not in KEEP_TABLES)


# Each emptying leaves the deleted rows behind as dead tuples until a VACUUM.
# Autovacuum may be off (CI's PostgreSQL service runs without it), and over a
# session's thousand tests the tables then grew to tens of megabytes of dead
# rows, which every later query planned for a few hundred rows scanned over
# and over. Every few emptyings, the tables are vacuumed right after it, when
# every row in them is dead.
VACUUM_EVERY = 20
_emptyings = 0


@pytest.fixture(scope="session")
async def vacuum_sql(database: str, owner: asyncpg.Connection) -> str:
    return "VACUUM " + ", ".join(f'"{table}"' for table in await _emptied_tables(owner))


async def end_abandoned_sessions(owner: asyncpg.Connection) -> None:
    """End the application's sessions still busy from an earlier test.

    Each test runs on an event loop of its own, closed when it ends: a query
    a request or a background task of that test left in flight can never
    finish, and its session would hold its locks for ever, so the TRUNCATE
    below would wait for ever. Idle pooled sessions are left alone."""
    await owner.execute(
        """
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND usename = $1
          AND state <> 'idle' AND pid <> pg_backend_pid()
        """,
        db.APP_ROLE,
    )


@pytest.fixture
async def clean_db(
    database: str, owner: asyncpg.Connection, truncate_sql: str, vacuum_sql: str
) -> str:
    """A known state: the map loaded, nothing else."""
    from election.elections import training_clock
    from election.tallies import live as tally_live
    from election.turnout import live as turnout_live

    global _emptyings
    await end_abandoned_sessions(owner)
    await owner.execute(truncate_sql)
    _emptyings += 1
    if _emptyings % VACUUM_EVERY == 0:
        await owner.execute(vacuum_sql)
    # Emptied behind the services' back: read the training clocks afresh, and
    # recompute the live figures (cached for a second per process).
    training_clock.forget()
    tally_live.forget_cache()
    turnout_live.forget_cache()
    return database


class Snapshot:
    """The demo data set copied out once (binary COPY) and copied back per test,
    which is far faster than loading it through the services each time."""

    def __init__(self) -> None:
        self.tables: dict[str, bytes] = {}
        self.sequences: list[tuple[str, int]] = []

    async def take(self, tables: list[str]) -> None:
        async with db.connection() as conn:
            for table in tables:
                if not await conn.fetchval(f'SELECT EXISTS (SELECT FROM "{table}")'):
                    continue  # nothing to copy back: skip the round trip
                buffer = io.BytesIO()
                await conn.copy_from_table(table, output=buffer, format="binary")
                self.tables[table] = buffer.getvalue()
            rows = await conn.fetch(
                "SELECT schemaname || '.' || sequencename AS name, last_value FROM pg_sequences "
                "WHERE schemaname = 'public' AND last_value IS NOT NULL"
            )
            self.sequences = [(r["name"], r["last_value"]) for r in rows]

    async def restore(self, conn: asyncpg.Connection) -> None:
        async with conn.transaction():
            # Superuser only: skip foreign-key and append-only triggers while the
            # rows of every table come back in one go.
            await conn.execute("SET LOCAL session_replication_role = replica")
            for table, content in self.tables.items():
                await conn.copy_to_table(table, source=io.BytesIO(content), format="binary")
            await conn.execute(
                "SELECT setval(name, value) FROM unnest($1::text[], $2::bigint[]) AS s(name, value)",
                [name for name, _ in self.sequences],
                [value for _, value in self.sequences],
            )


_demo_snapshot: Snapshot | None = None
# The demo at a size that keeps each test's restore quick (make run loads ~950).
DEMO_VOTERS_PER_AREA = 30


@pytest.fixture
async def demo(clean_db: str, owner: asyncpg.Connection, truncate_sql: str) -> None:
    """The demo data set (Phường Bạc Liêu) on top of a clean database."""
    global _demo_snapshot
    from election.demo import load_demo

    if _demo_snapshot is not None:
        try:
            await _demo_snapshot.restore(owner)
            return
        except asyncpg.InsufficientPrivilegeError:
            _demo_snapshot = None
            await owner.execute(truncate_sql)
    # On the real clock: tests pin theirs (`now=`); training mode has its own tests.
    await load_demo(voters_per_area=DEMO_VOTERS_PER_AREA, training=False)
    snapshot = Snapshot()
    await snapshot.take(await _public_tables())
    _demo_snapshot = snapshot


async def _public_tables() -> list[str]:
    rows = await db.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return sorted(r["tablename"] for r in rows if r["tablename"] not in KEEP_TABLES)


_night_snapshot: Snapshot | None = None


@pytest.fixture
async def night(demo: None, owner: asyncpg.Connection, truncate_sql: str) -> int:
    """The demo's election night replayed (`tallies.demo.replay_tallies`: every
    sheet entered and checked as the script has it); built once per process,
    copied back afterwards. The election's id."""
    global _night_snapshot
    from election.tallies import live as tally_live
    from election.tallies.demo import replay_tallies

    if _night_snapshot is None:
        await replay_tallies()
        snapshot = Snapshot()
        await snapshot.take(await _public_tables())
        _night_snapshot = snapshot
    else:
        await owner.execute(truncate_sql)
        await _night_snapshot.restore(owner)
        tally_live.forget_cache()
    return await db.fetchval("SELECT id FROM election")


TEST_SETTINGS = Settings(database_url=None, secret_key="test-secret-key-" + "x" * 32)


@pytest.fixture(scope="session")
def app(database: str):
    return create_app(TEST_SETTINGS)


@pytest.fixture
async def client(app, clean_db: str) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client calling the app in this event loop, so it shares the pool.

    (litestar's AsyncTestClient runs the app on another loop in a thread.)
    """
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch):
    """The real clock stopped at the test's start: a budget counted per
    minute (the public lookup's) does not start a new window half-way
    through a test that spends it."""
    from election import clock

    moment = clock.real_now()
    monkeypatch.setattr(clock, "real_now", lambda: moment)
    return moment
