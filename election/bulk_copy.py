"""Bulk writes with COPY: rows computed by a query on a second session and
copied into a table inside the caller's transaction."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg

from election import db
from election.db import Connection


async def copy_query_into(
    conn: Connection,
    query: str,
    args: tuple[Any, ...],
    *,
    table: str,
    columns: list[str],
) -> int | None:
    """Write the rows of `query` into `table` inside `conn`'s transaction with
    COPY, reading them on a second session; returns the row count.

    COPY writes a page of rows at a time where INSERT … SELECT writes one row
    at a time, and the second session computes the rows on another core while
    this one writes. `query` must read only committed tables and yield the
    exact column types of `columns` (binary COPY). Returns None, having done
    nothing, when the second session cannot see the tables `query` reads.
    """
    reader = await db.direct_connection()
    chunks: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=32)
    failures: list[Exception] = []

    async def produce() -> None:
        try:
            await reader.copy_from_query(query, *args, output=chunks.put, format="binary")
        except Exception as error:
            failures.append(error)
        # The writer's COPY always ends normally (asyncpg answers an error
        # raised by the source with a cancel request that can race the next
        # statement); a failed read is raised after it, and the savepoint
        # below takes back whatever rows came before the failure.
        await chunks.put(None)

    async def source() -> AsyncIterator[bytes]:
        while (chunk := await chunks.get()) is not None:
            yield chunk

    producer: asyncio.Task[None] | None = None
    try:
        # The same memory for joins as the importing transaction: a join of a
        # large file would otherwise spill to disk in batches.
        await reader.execute("SET work_mem = '256MB'")
        try:
            await reader.execute(f"EXPLAIN {query}", *args)
        except asyncpg.UndefinedTableError:
            return None
        try:
            async with conn.transaction():
                producer = asyncio.create_task(produce())
                status = await conn.copy_to_table(
                    table, source=source(), columns=columns, format="binary"
                )
                await producer
                if failures:
                    raise failures[0]
        except Exception:
            if failures:
                raise failures[0] from None
            raise
        return int(status.split()[-1])
    finally:
        if producer is not None and not producer.done():
            producer.cancel()
        reader.terminate()
