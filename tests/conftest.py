"""Test fixtures: a real PostgreSQL, a known state before every test, the app.

The database is the embedded PostgreSQL under `.data/test-pg` (never the
`make run` one under `.data/pg`), or the server named by
ELECTION_DATABASE_URL; either way the suite works in its own database
`election_test`, recreated at the start of each session. Before every test
that uses the database, every table except the reference map is truncated.
"""

from __future__ import annotations

import asyncio
import os
import warnings
from collections.abc import AsyncIterator

import httpx
import pytest

from election import db
from election.app import create_app
from election.settings import PROJECT_ROOT, Settings

warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

TEST_DATABASE = "election_test"
# Reference data survives between tests; everything else is truncated.
KEEP_TABLES = {"province", "commune", "migration"}


@pytest.fixture(scope="session")
def database_url() -> str:
    server_url = os.environ.get("ELECTION_DATABASE_URL")
    server = None
    if not server_url:
        server = db.EmbeddedPostgres(PROJECT_ROOT / ".data" / "test-pg")
        server_url = server.start()
    url = asyncio.run(db.ensure_database(server_url, TEST_DATABASE, recreate=True))
    yield url
    if server is not None:
        server.stop()


@pytest.fixture(scope="session")
async def database(database_url: str) -> AsyncIterator[str]:
    from election.geography.services import ensure_geography

    await db.open_pool(database_url, size=10)
    await db.migrate()
    await ensure_geography()
    yield database_url
    await db.close_pool()


@pytest.fixture(scope="session")
async def truncate_sql(database: str) -> str:
    rows = await db.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    tables = sorted(r["tablename"] for r in rows if r["tablename"] not in KEEP_TABLES)
    return "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"


@pytest.fixture
async def clean_db(database: str, truncate_sql: str) -> str:
    """A known state: the map loaded, nothing else."""
    await db.execute(truncate_sql)
    return database


@pytest.fixture
async def demo(clean_db: str) -> None:
    """The demo data set (Phường Bạc Liêu) on top of a clean database."""
    from election.demo import load_demo

    await load_demo()


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
