"""db.copy_query_into: rows computed on a second session, written by COPY inside
the caller's transaction, all or nothing."""

from __future__ import annotations

import asyncpg
import pytest

from election import db


@pytest.fixture
async def scratch(clean_db):
    await db.execute("DROP TABLE IF EXISTS copy_source, copy_target")
    await db.execute("CREATE TABLE copy_source (n int NOT NULL, label text NOT NULL)")
    await db.execute(
        "INSERT INTO copy_source SELECT n, 'hàng ' || n FROM generate_series(1, 5000) AS n"
    )
    await db.execute("CREATE TABLE copy_target (n int PRIMARY KEY, label varchar(20) NOT NULL)")
    yield
    await db.execute("DROP TABLE IF EXISTS copy_source, copy_target")


async def copy(query: str, *args) -> int | None:
    async with db.transaction(), db.connection() as conn:
        return await db.copy_query_into(
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
        await conn.execute("CREATE TABLE uncommitted_source AS SELECT 1 AS n, 'x'::text AS label")
        copied = await db.copy_query_into(
            conn,
            "SELECT n, label FROM uncommitted_source",
            (),
            table="copy_target",
            columns=["n", "label"],
        )
        assert copied is None
        await conn.execute("DROP TABLE uncommitted_source")
    assert await db.fetchval("SELECT count(*) FROM copy_target") == 0


def test_shift_parameters_renumbers_every_placeholder_once():
    sql = "SELECT $1, $2::int, $10 FROM t WHERE a = $1 AND b = '$x'"
    assert (
        db.shift_parameters(sql, 12)
        == "SELECT $13, $14::int, $22 FROM t WHERE a = $13 AND b = '$x'"
    )
    assert db.shift_parameters(sql, 0) == sql
