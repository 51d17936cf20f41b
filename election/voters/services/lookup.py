"""The public lookup: what a citizen may learn about themselves (where and when
to vote, which ballots).

It cannot be walked: a lookup needs the ID, the full date of birth and a
second thing the voter holds (the voter-card number or the full name); each
client address has a budget, and so has each ID whatever the address (both
counted in PostgreSQL, shared by every server process); and every answer that
reached the list takes the same time and says the same words when nothing
matched, so no answer tells which of the three was wrong, or whether the ID
exists.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from election import clock, db
from election.errors import TooManyRequests
from election.ratelimit import Budget, keyed_bucket
from election.voters import rules
from election.voters.queries import limits

# A person checks once or twice; a family at one address a few times more.
LOOKUP_PER_ADDRESS = Budget(limit=10, window=dt.timedelta(minutes=1))
# Whatever the address: ten tries a day for one ID, so rotating addresses (or
# forged headers a trusted proxy passed on) cannot walk 365 birth dates.
LOOKUP_PER_ID = Budget(limit=10, window=dt.timedelta(days=1))
LOOKUP_MIN_SECONDS = 0.35
T = TypeVar("T")
TOO_MANY = "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau."


def second_factor_keys(text: str) -> tuple[int | None, str | None]:
    """What the voter typed as the second factor: digits are the voter-card
    number, anything else the full name compared without case, diacritics or
    extra spaces ('NGUYEN  thi Hồng' matches 'Nguyễn Thị Hồng')."""
    cleaned = text.strip()
    if cleaned.isdigit() and len(cleaned) <= 9:
        return int(cleaned), None
    key = rules.search_key(cleaned)
    return None, (key or None)


async def _spend(bucket: str, budget: Budget, now: dt.datetime) -> bool:
    """Count one try against the bucket's budget; whether it was within it."""
    hits = await limits.hit(bucket=bucket, window_start=budget.window_start(now))
    if hits == 1 and bucket.startswith("address:"):
        # A new window of some address: drop windows no budget looks at any more.
        await limits.forget_before(before=now - 2 * LOOKUP_PER_ID.window)
    return hits <= budget.limit


async def guarded(
    *,
    personal_id: str,
    client: str,
    secret: str,
    search: Callable[[], Awaitable[T]],
    now: dt.datetime | None = None,
) -> T:
    """Run `search` for anyone, without signing in, within the client's and
    the ID's budgets, and never answer in less than LOOKUP_MIN_SECONDS, found
    or not. Every public way to look a citizen up goes through here.

    A try refused by the address budget does not spend the ID's, so one
    client cannot lock a citizen out of their own lookup by itself.
    """
    started = time.monotonic()
    moment = now or clock.real_now()
    if not await _spend(f"address:{client}", LOOKUP_PER_ADDRESS, moment):
        raise TooManyRequests(TOO_MANY)
    if not await _spend(keyed_bucket("id", personal_id, secret), LOOKUP_PER_ID, moment):
        raise TooManyRequests(TOO_MANY)
    async with db.reading():  # the budgets above write: on the primary
        result = await search()
    remaining = LOOKUP_MIN_SECONDS - (time.monotonic() - started)
    if remaining > 0:
        await asyncio.sleep(remaining)
    return result
