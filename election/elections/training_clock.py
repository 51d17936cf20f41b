"""The training clock of each election: the one function deadline checks ask.

`await now_for(election_id)` is the election's moment: the real one, or in
training mode (Chế độ diễn tập) the real one shifted by the offset the
national administrator set (`elections.services.set_training_clock`,
audited with before and after). Every deadline check of the services asks
it; a test or a replay that passes its own `now` keeps it.

The offsets of the elections in training are few and read by hot paths (a
tally entry checks that counting has begun), so each server process keeps
them, for at most TTL_SECONDS, and forgets them at once when one changes:
here, and through a NOTIFY on CHANNEL once committed, in every other process
(`changes_heard`, entered with the app's lifespan). A page shows the banner
of every election in training (`training_clocks`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time

from litestar.channels import ChannelsPlugin

from election import notices
from election.clock import VIETNAM, ElectionClock
from election.elections.queries import clock as queries

CHANNEL = "training_clock"
TTL_SECONDS = 5.0


class _Cache:
    """Election id → its clock, for the elections in training; when read."""

    def __init__(self) -> None:
        self.clocks: dict[int, ElectionClock] = {}
        self.read_at: float | None = None
        # Bumped by every forget(): a read begun before it is not kept.
        self.generation = 0

    def fresh(self) -> bool:
        return self.read_at is not None and time.monotonic() - self.read_at <= TTL_SECONDS


_CACHE = _Cache()


def forget() -> None:
    """Read the offsets again at the next question (a change, a database emptied)."""
    _CACHE.read_at = None
    _CACHE.generation += 1


async def _clocks() -> dict[int, ElectionClock]:
    if _CACHE.fresh():
        return _CACHE.clocks
    generation, read_at = _CACHE.generation, time.monotonic()
    rows = await queries.training_clocks()
    clocks = {
        r.election_id: ElectionClock(r.election_id, r.training_offset, r.election_name)
        for r in rows
    }
    if generation == _CACHE.generation:
        _CACHE.clocks, _CACHE.read_at = clocks, read_at
    return clocks


async def training_clocks() -> list[ElectionClock]:
    """The clocks of the elections in training mode (for the banner)."""
    return list((await _clocks()).values())


async def clock_of(election_id: int) -> ElectionClock:
    return (await _clocks()).get(election_id) or ElectionClock(election_id)


async def now_for(election_id: int, now: dt.datetime | None = None) -> dt.datetime:
    """The election's moment: `now` when a caller pins it, else its clock's."""
    if now is not None:
        return now
    return (await clock_of(election_id)).now()


async def today_for(election_id: int, now: dt.datetime | None = None) -> dt.date:
    """The election's day in Vietnam (printed dates, a form's default date)."""
    return (await now_for(election_id, now)).astimezone(VIETNAM).date()


# --------------------------------------------------------------------------
# Hearing other processes' changes


def changes_heard(channels: ChannelsPlugin) -> contextlib.AbstractAsyncContextManager[None]:
    """While the app runs: forget the offsets when any process changes one,
    and after any gap in listening (what came then is unknown)."""
    return notices.heard(channels, CHANNEL, on_message=lambda _message: forget(), on_gap=forget)
