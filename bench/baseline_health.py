"""The baseline for the health benchmark: raw litestar + raw asyncpg doing the same work
(one `SELECT 1` from a pool of 10, a small JSON answer), without our middleware."""

from __future__ import annotations

import os

import asyncpg
import uvicorn
from litestar import Litestar, get

POOL: asyncpg.Pool | None = None


async def open_pool(app: Litestar) -> None:
    global POOL
    POOL = await asyncpg.create_pool(os.environ["BENCH_DSN"], min_size=1, max_size=10)


async def close_pool(app: Litestar) -> None:
    if POOL is not None:
        await POOL.close()


@get("/api/v1/health")
async def health() -> dict:
    async with POOL.acquire() as conn:
        await conn.fetchval("SELECT 1")
    return {"status": "ok", "database": "ok", "version": "baseline"}


app = Litestar([health], on_startup=[open_pool], on_shutdown=[close_pool])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["BENCH_PORT"]), log_level="warning")
