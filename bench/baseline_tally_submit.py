"""The baseline for the tally-submission benchmark: raw litestar + raw asyncpg doing
the writes of one submission (an entry row and its vote rows, in one transaction,
from a pool of 10) into tables equivalent to `tally_entry` and `tally_vote`
(same columns, indexes, foreign keys and candidate check), without our
authentication, scope checks, rules, double-entry comparison, audit chain or
notification."""

from __future__ import annotations

import json
import os
from typing import Any

import asyncpg
import uvicorn
from litestar import Litestar, get, post

POOL: asyncpg.Pool | None = None

INSERT_ENTRY = """
    INSERT INTO bench_tally_entry (sheet, version, kind, voters_on_list, voters_took_part,
        ballots_issued, ballots_received, valid, invalid, complaints_received,
        complaints_settled, complaints_forwarded, reason, entered_by, idempotency_key,
        ballots_delivered, spoiled_ballots, unused_ballots, voting_opened, voting_closed,
        closing_time, signatories, incidents)
    VALUES ($1, 1, 'entry', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
        $17::text::time, $18::text::time, $19::text::time, $20::jsonb, $21)
    RETURNING id
"""
INSERT_VOTES = """
    INSERT INTO bench_tally_vote (entry, candidate, votes)
    SELECT $1, unnest($2::int[]), unnest($3::int[])
"""


async def open_pool(app: Litestar) -> None:
    global POOL
    POOL = await asyncpg.create_pool(os.environ["BENCH_DSN"], min_size=1, max_size=10)


async def close_pool(app: Litestar) -> None:
    if POOL is not None:
        await POOL.close()


@get("/api/v1/health")
async def health() -> dict:
    return {"status": "ok"}


@post("/api/v1/tally-sheets/{sheet_id:int}/entries")
async def submit(sheet_id: int, data: dict[str, Any], headers: dict[str, str]) -> dict:
    votes = data["votes"]
    async with POOL.acquire() as conn, conn.transaction():
        entry_id = await conn.fetchval(
            INSERT_ENTRY,
            sheet_id,
            data["voters_on_list"],
            data["voters_took_part"],
            data["ballots_issued"],
            data["ballots_received"],
            data["valid"],
            data["invalid"],
            data["complaints_received"],
            data["complaints_settled"],
            data["complaints_forwarded"],
            data.get("reason", ""),
            "baseline",
            headers.get("idempotency-key"),
            data.get("ballots_delivered"),
            data.get("spoiled_ballots"),
            data.get("unused_ballots"),
            data.get("voting_opened"),
            data.get("voting_closed"),
            data.get("closing_time"),
            json.dumps(data.get("signatories", {}), ensure_ascii=False),
            data.get("incidents", ""),
        )
        await conn.execute(
            INSERT_VOTES,
            entry_id,
            [line["candidate_id"] for line in votes],
            [line["votes"] for line in votes],
        )
    return {"sheet_id": sheet_id, "entry_id": entry_id, "state": "submitted"}


app = Litestar([health, submit], on_startup=[open_pool], on_shutdown=[close_pool])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["BENCH_PORT"]), log_level="warning")
