"""The database helpers: bulk_copy.copy_query_into (rows computed on a second session,
written by COPY inside the caller's transaction, all or nothing), notices
sent after the commit, and the application's own role."""

from __future__ import annotations

import asyncio
import json

import asyncpg
import pytest

from election import bulk_copy, db


@pytest.fixture
async def scratch(clean_db, owner):
    # Made by the owner, as migrations make tables: the application's role
    # reads and writes them (default privileges) but may not create tables.
    await owner.execute("DROP TABLE IF EXISTS copy_source, copy_target")
    await owner.execute("CREATE TABLE copy_source (n int NOT NULL, label text NOT NULL)")
    await owner.execute(
        "INSERT INTO copy_source SELECT n, 'hàng ' || n FROM generate_series(1, 5000) AS n"
    )
    await owner.execute("CREATE TABLE copy_target (n int PRIMARY KEY, label varchar(20) NOT NULL)")
    yield
    await owner.execute("DROP TABLE IF EXISTS copy_source, copy_target")


async def copy(query: str, *args) -> int | None:
    async with db.transaction(), db.connection() as conn:
        return await bulk_copy.copy_query_into(
            conn, query, args, table="copy_target", columns=["n", "label"]
        )


async def test_the_rows_arrive_whole(scratch):
    copied = await copy("SELECT n, label FROM copy_source WHERE n > $1", 1000)
    assert copied == 4000
    assert await db.fetchval("SELECT count(*) FROM copy_target") == 4000
    assert await db.fetchval("SELECT label FROM copy_target WHERE n = 4321") == "hàng 4321"


async def test_a_failure_while_reading_writes_nothing(scratch):
    with pytest.raises(asyncpg.DivisionByZeroError):
        await copy("SELECT n / (n - 4000), label FROM copy_source")
    assert await db.fetchval("SELECT count(*) FROM copy_target") == 0


async def test_a_failure_while_writing_writes_nothing(scratch):
    with pytest.raises(asyncpg.UniqueViolationError):
        await copy("SELECT n % 3000, label FROM copy_source")
    assert await db.fetchval("SELECT count(*) FROM copy_target") == 0


async def test_tables_the_second_session_cannot_see_are_left_to_the_caller(scratch):
    async with db.transaction(), db.connection() as conn:
        await conn.execute(
            "CREATE TEMP TABLE uncommitted_source AS SELECT 1 AS n, 'x'::text AS label"
        )
        copied = await bulk_copy.copy_query_into(
            conn,
            "SELECT n, label FROM uncommitted_source",
            (),
            table="copy_target",
            columns=["n", "label"],
        )
        assert copied is None
        await conn.execute("DROP TABLE uncommitted_source")
    assert await db.fetchval("SELECT count(*) FROM copy_target") == 0


@pytest.fixture
async def listener(database):
    """A second session LISTENing on channel `test_notices`; yields the received payloads."""
    received: asyncio.Queue[str] = asyncio.Queue()
    conn = await asyncpg.connect(database)
    await conn.add_listener("test_notices", lambda *args: received.put_nowait(args[3]))
    yield received
    await conn.close()


async def next_events(received: asyncio.Queue[str]) -> list[dict]:
    return json.loads(await asyncio.wait_for(received.get(), timeout=5))


async def test_notices_after_commit_go_out_together(listener):
    for n in range(3):
        await db.notify_after_commit("test_notices", {"n": n, "tên": "Bạc Liêu"})
    assert await next_events(listener) == [{"n": n, "tên": "Bạc Liêu"} for n in range(3)]


async def test_a_notice_inside_a_transaction_goes_with_its_commit(listener):
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await db.notify_after_commit("test_notices", {"n": "rolled back"})
            raise RuntimeError("rolled back")
    async with db.transaction():
        await db.notify_after_commit("test_notices", {"n": "committed"})
        await asyncio.sleep(0.2)
        assert listener.empty()
    assert await next_events(listener) == [{"n": "committed"}]
    assert listener.empty()


def test_notice_payloads_stay_under_the_notify_limit():
    payloads = [json.dumps({"n": n, "text": "ệ" * 100}, ensure_ascii=False) for n in range(200)]
    chunks = list(db._chunks(payloads))
    assert len(chunks) > 1
    assert all(len(chunk.encode()) < 8000 for chunk in chunks)
    assert [event for chunk in chunks for event in json.loads(chunk)] == [
        json.loads(p) for p in payloads
    ]


# --------------------------------------------------------------------------
# The application's role


async def test_the_pool_signs_in_as_the_application_role_given_the_owners_dsn(database):
    app_dsn = await db.application_dsn(database)
    assert app_dsn != database
    conn = await asyncpg.connect(app_dsn)
    try:
        assert await conn.fetchval("SELECT current_user") == db.APP_ROLE
    finally:
        await conn.close()
    # Given the application's own DSN, that is the one used.
    assert await db.application_dsn(app_dsn) == app_dsn


def test_the_application_role_takes_the_owners_place_in_the_dsn():
    assert (
        db._as_role("postgresql://postgres:@/election?host=/tmp/pg", db.APP_ROLE, None)
        == "postgresql://election_app:@/election?host=/tmp/pg"
    )
    assert (
        db._as_role(
            "postgresql://owner:s3cret@db.internal:5433/election?user=x&sslmode=require",
            db.APP_ROLE,
            "derived",
        )
        == "postgresql://election_app:derived@db.internal:5433/election?sslmode=require"
    )


def test_the_application_password_is_derived_from_the_owners_and_absent_without_one():
    password = db._derived_password("postgresql://owner:s3cret@db.internal:5433/one")
    assert password is not None and len(password) == 64
    # One role per server: every database there derives the same password.
    assert password == db._derived_password("postgresql://owner:s3cret@db.internal:5433/two")
    assert password != db._derived_password("postgresql://owner:other@db.internal:5433/one")
    assert db._derived_password("postgresql://postgres@127.0.0.1:5432/test") is None
