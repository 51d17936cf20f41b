"""The baseline for the voter lookup benchmark: raw litestar + raw asyncpg
reading one voter by primary key (a pool of 10) and answering its JSON,
without our middleware, tokens, scope check or masking."""

from __future__ import annotations

import os

import asyncpg
import uvicorn
from litestar import Litestar, get
from litestar.exceptions import NotFoundException

POOL: asyncpg.Pool | None = None
COLUMNS = (
    "id, election, polling_area, commune, personal_id, full_name, date_of_birth, sex, "
    "ethnicity, occupation, permanent_address, temporary_address, current_address, "
    "residence_category, household_id, is_household_head, ballot_dbqh, ballot_tinh, "
    "ballot_xa, status, card_number"
)


async def open_pool(app: Litestar) -> None:
    global POOL
    POOL = await asyncpg.create_pool(os.environ["BENCH_DSN"], min_size=1, max_size=10)


async def close_pool(app: Litestar) -> None:
    if POOL is not None:
        await POOL.close()


@get("/api/v1/health")
async def health() -> dict:
    return {"status": "ok"}


@get("/api/v1/voters/{voter_id:int}")
async def voter(voter_id: int) -> dict:
    assert POOL is not None
    async with POOL.acquire() as conn:
        row = await conn.fetchrow(f"SELECT {COLUMNS} FROM voter WHERE id = $1", voter_id)
    if row is None:
        raise NotFoundException()
    return dict(row)


app = Litestar([health, voter], on_startup=[open_pool], on_shutdown=[close_pool])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["BENCH_PORT"]), log_level="warning")
