"""Rate-limit counters shared by every server process (`election.ratelimit`)."""

from __future__ import annotations

import datetime as dt

from election.sql import query


@query("""
    INSERT INTO rate_limit_hit (bucket, window_start) VALUES (:bucket, :window_start)
    ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hit.hits + 1
    RETURNING hits
""")
async def hit(*, bucket: str, window_start: dt.datetime) -> int:
    """Count one hit in the bucket's window; the count including it."""
    ...


@query("DELETE FROM rate_limit_hit WHERE window_start < :before")
async def forget_before(*, before: dt.datetime) -> None: ...
