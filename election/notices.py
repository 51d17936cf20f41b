"""Hearing what other server processes NOTIFY, for the whole life of the app.

Per-process caches (resolved tokens, training clocks) must forget what
another process changed. `heard` subscribes to a channel of the channels
plugin while the app runs: entered with the app's lifespan, before the
plugin has connected, it retries until the subscription takes; whatever
came while it was not listening is unknown, so `on_gap` runs each time
listening stops."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from litestar.channels import ChannelsPlugin

log = logging.getLogger(__name__)

# Between attempts to subscribe, and before listening again after a loss.
RETRY_SECONDS = 0.5


@contextlib.asynccontextmanager
async def heard(
    channels: ChannelsPlugin,
    channel: str,
    on_message: Callable[[bytes], None],
    on_gap: Callable[[], None],
) -> AsyncIterator[None]:
    """While the context is open, call `on_message` with each message on
    `channel`, and `on_gap` whenever listening stops."""
    task = asyncio.get_running_loop().create_task(_listen(channels, channel, on_message, on_gap))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _listen(
    channels: ChannelsPlugin,
    channel: str,
    on_message: Callable[[bytes], None],
    on_gap: Callable[[], None],
) -> None:
    while True:
        try:
            subscriber = await channels.subscribe([channel])
        except Exception as error:
            log.debug("%s: not subscribed yet (%s)", channel, error)
            await asyncio.sleep(RETRY_SECONDS)
            continue
        try:
            async for message in subscriber.iter_events():
                on_message(message)
        finally:
            on_gap()
            with contextlib.suppress(Exception):
                await channels.unsubscribe(subscriber)
        await asyncio.sleep(RETRY_SECONDS)
