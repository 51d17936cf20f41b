"""The public lookup: what a citizen may learn about themselves (where and when
to vote, which ballots), rate-limited, and as slow when nothing is found as
when something is, so it cannot be used to probe which IDs exist."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from election.errors import TooManyRequests
from election.ratelimit import RateLimiter
from election.voters.queries import entries as queries
from election.voters.queries.entries import LookupRow

LOOKUP_LIMIT = RateLimiter(limit=10, window_seconds=60)
LOOKUP_MIN_SECONDS = 0.35


async def lookup(*, personal_id: str, date_of_birth: dt.date) -> LookupRow | None:
    """Both the ID and the birth date must match."""
    return await queries.lookup(personal_id=personal_id, date_of_birth=date_of_birth)


async def public_lookup(
    *, personal_id: str, date_of_birth: dt.date, client: str
) -> LookupRow | None:
    """`lookup` for anyone, without signing in: LOOKUP_LIMIT a minute per client,
    and never answered in less than LOOKUP_MIN_SECONDS."""
    started = time.monotonic()
    if not LOOKUP_LIMIT.allow(client):
        raise TooManyRequests("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau một phút.")
    result = await lookup(personal_id=personal_id, date_of_birth=date_of_birth)
    remaining = LOOKUP_MIN_SECONDS - (time.monotonic() - started)
    if remaining > 0:
        await asyncio.sleep(remaining)
    return result
