"""Live turnout: the rollup of a scope, cached briefly for every page watching
it, and a stream of updates after each burst of reports. The same machinery as
the tally progress (`tallies.live`): a report is NOTIFYed once committed, one
subscription per server process fans it out to the open streams."""

from __future__ import annotations

import asyncio
import contextvars
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

from litestar.channels import ChannelsPlugin
from litestar.response import ServerSentEvent, ServerSentEventMessage

from election.elections import services as elections
from election.tallies.live import KEEPALIVE_SECONDS, REFRESH_SECONDS, Scope
from election.turnout import rules, services

__all__ = ["Scope", "cached_rollup", "rollup_json", "turnout_stream"]

_cache: dict[tuple[int, Scope], tuple[float, services.Rollup]] = {}
_locks: dict[tuple[int, Scope], asyncio.Lock] = {}


async def cached_rollup(election_id: int, scope: Scope) -> services.Rollup:
    """The rollup of `scope`, computed at most once per REFRESH_SECONDS for all
    the pages watching it."""
    key = (election_id, scope)
    lock = _locks.setdefault(key, asyncio.Lock())
    async with lock:
        hit = _cache.get(key)
        if hit is not None and time.monotonic() - hit[0] < REFRESH_SECONDS:
            return hit[1]
        await elections.get_election(election_id=election_id)
        rollup = await services.rollup(
            election_id=election_id,
            province_code=scope.province_code,
            commune_code=scope.commune_code,
        )
        _cache[key] = (time.monotonic(), rollup)
        return rollup


def forget_cache() -> None:
    _cache.clear()


@dataclass(eq=False)
class _Watcher:
    election_id: int
    scope: Scope
    changed: asyncio.Event


class _Hub:
    """One subscription per server process, fanned out to every open stream
    (see tallies.live._Hub for why it subscribes once and stays)."""

    def __init__(self) -> None:
        self.watchers: set[_Watcher] = set()
        self.task: asyncio.Task | None = None

    def ensure_running(self, channels: ChannelsPlugin) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._run(channels), context=contextvars.Context())

    async def _run(self, channels: ChannelsPlugin) -> None:
        subscriber = await channels.subscribe([services.TURNOUT_CHANNEL])
        async for message in subscriber.iter_events():
            for event in json.loads(message):
                for watcher in list(self.watchers):
                    if event.get("election") == watcher.election_id and watcher.scope.covers(event):
                        watcher.changed.set()


_hubs: dict[int, _Hub] = {}


async def rollup_events(
    channels: ChannelsPlugin, election_id: int, scope: Scope
) -> AsyncIterator[services.Rollup | None]:
    """The current rollup, then a new one after each burst of reports in the
    scope; None now and then when nothing happened (a keep-alive)."""
    hub = _hubs.setdefault(id(channels), _Hub())
    hub.ensure_running(channels)
    watcher = _Watcher(election_id, scope, asyncio.Event())
    hub.watchers.add(watcher)
    try:
        yield await cached_rollup(election_id, scope)
        while True:
            try:
                await asyncio.wait_for(watcher.changed.wait(), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield None
                continue
            await asyncio.sleep(REFRESH_SECONDS)
            watcher.changed.clear()
            yield await cached_rollup(election_id, scope)
    finally:
        hub.watchers.discard(watcher)


def rollup_json(rollup: services.Rollup) -> str:
    """The whole scope's figures per hour (what the page's numbers show)."""
    return json.dumps(
        {
            "hours": [
                {
                    "at": rules.hh_mm(h.at),
                    "areas_total": h.areas_total,
                    "areas_reporting": h.areas_reporting,
                    "reporting_share": str(h.reporting_share),
                    "voted": h.voted,
                    "voters_on_list": h.voters_on_list,
                    "turnout": str(h.turnout),
                }
                for h in rollup.total.hours
            ]
        }
    )


async def turnout_stream(
    channels: ChannelsPlugin, election_id: int, scope: Scope
) -> ServerSentEvent:
    """Server-Sent Events: `turnout` events with the scope's figures per hour."""
    await cached_rollup(election_id, scope)  # a 404 before the stream opens

    async def events():
        async for rollup in rollup_events(channels, election_id, scope):
            if rollup is None:
                yield ServerSentEventMessage(comment="keepalive")
            else:
                yield ServerSentEventMessage(event="turnout", data=rollup_json(rollup))

    return ServerSentEvent(
        events(), headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )
