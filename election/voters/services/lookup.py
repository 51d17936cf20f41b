"""The public lookup: what a citizen may learn about themselves (where and when
to vote, which ballots), rate-limited, and as slow when nothing is found as
when something is, so it cannot be used to probe which IDs exist."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass

from election.errors import TooManyRequests
from election.ratelimit import RateLimiter
from election.voters import rules
from election.voters.queries import entries as queries

LOOKUP_LIMIT = RateLimiter(limit=10, window_seconds=60)
LOOKUP_MIN_SECONDS = 0.35


@dataclass(frozen=True)
class LookupResult:
    polling_area: str
    commune: str
    province: str
    station_address: str
    election_day: dt.date
    voting_opens: dt.time
    voting_closes: dt.time
    early_voting_date: dt.date | None
    ballots: list[str]
    voting_elsewhere: bool


async def lookup(*, personal_id: str, date_of_birth: dt.date) -> LookupResult | None:
    """Both the ID and the birth date must match."""
    row = await queries.lookup(personal_id=personal_id, date_of_birth=date_of_birth)
    if row is None:
        return None
    return LookupResult(
        polling_area=row.polling_area,
        commune=row.commune,
        province=row.province,
        station_address=row.station_address,
        election_day=row.election_day,
        voting_opens=row.voting_opens,
        voting_closes=row.voting_closes,
        early_voting_date=row.early_voting_date,
        ballots=rules.BallotScope(row.ballot_dbqh, row.ballot_tinh, row.ballot_xa).labels,
        voting_elsewhere=row.voting_elsewhere,
    )


async def public_lookup(
    *, personal_id: str, date_of_birth: dt.date, client: str
) -> LookupResult | None:
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
