"""Live turnout: the rollup of a scope, cached briefly for every page watching
it, and a stream of updates after each burst of reports. The same machinery as
the tally progress (`tallies.live`): a report is NOTIFYed once committed, one
subscription per server process fans it out to the open streams."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from litestar.channels import ChannelsPlugin
from litestar.response import ServerSentEvent, ServerSentEventMessage

from election.tallies.live import Scope, ScopeCache, scope_events
from election.turnout import rules, services

__all__ = ["Scope", "cached_rollup", "rollup_json", "turnout_stream"]


async def _rollup(election_id: int, scope: Scope) -> services.Rollup:
    return await services.rollup(
        election_id=election_id,
        province_code=scope.province_code,
        commune_code=scope.commune_code,
    )


_rollup_cache = ScopeCache(_rollup)


async def cached_rollup(election_id: int, scope: Scope) -> services.Rollup:
    """The rollup of `scope`, shared by the pages watching it."""
    return await _rollup_cache.get(election_id, scope)


def forget_cache() -> None:
    _rollup_cache.forget()


def rollup_events(
    channels: ChannelsPlugin, election_id: int, scope: Scope
) -> AsyncIterator[services.Rollup | None]:
    """The current rollup, then a new one after each burst of reports in the
    scope; None now and then when nothing happened (a keep-alive)."""
    return scope_events(channels, services.TURNOUT_CHANNEL, _rollup_cache, election_id, scope)


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
