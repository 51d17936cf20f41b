"""Graceful shutdown: what a server process does between SIGTERM and its exit.

uvicorn, told to stop (SIGTERM or SIGINT), closes its listening socket, lets
every request in flight finish (tally entries included, those waiting for
their turn too) for up to `ELECTION_SHUTDOWN_SECONDS`, then runs the app's
shutdown. A live-progress stream never finishes by itself, so without more it
would hold every stopping process for the whole of that time and then be cut.
Here the signal also marks the process as draining, at once:

- the open event streams end cleanly (the middleware tells them the client
  left and closes the response); browsers reconnect, to a process that stays;
- `/api/v1/health/ready` answers 503, so a load balancer stops sending work.

A request that arrives once the socket is closed is refused before anything
is written, so a client may send it again: tally entries carry an
`Idempotency-Key`, and a retry of one that did commit returns the same entry.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import AsyncIterator, Callable
from types import FrameType
from typing import Any

from litestar.types import HTTPDisconnectEvent, Receive, ReceiveMessage

DISCONNECT: HTTPDisconnectEvent = {"type": "http.disconnect"}

_draining: asyncio.Event | None = None


def _event() -> asyncio.Event:
    global _draining
    if _draining is None:
        _draining = asyncio.Event()
    return _draining


def begin() -> None:
    """Mark this process as stopping (the signal handler calls it on the loop)."""
    _event().set()


def started() -> bool:
    return _draining is not None and _draining.is_set()


def reset() -> None:
    """Forget a drain (tests run several apps in one process)."""
    global _draining
    _draining = None


async def receive_or_disconnect(receive: Receive) -> ReceiveMessage:
    """The client's next message, or a disconnect as soon as the process drains."""
    if started():
        return DISCONNECT
    message = asyncio.ensure_future(receive())
    drained = asyncio.ensure_future(_event().wait())
    done, _ = await asyncio.wait((message, drained), return_when=asyncio.FIRST_COMPLETED)
    if message in done:
        drained.cancel()
        return message.result()
    message.cancel()
    return DISCONNECT


Handler = Callable[[int, FrameType | None], Any]


@contextlib.asynccontextmanager
async def on_termination(_app: object = None) -> AsyncIterator[None]:
    """While the app runs: SIGTERM and SIGINT start the drain, then reach the
    server's own handler (uvicorn's, which stops the server)."""
    loop = asyncio.get_running_loop()
    _event()
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGTERM, signal.SIGINT):
            previous = signal.getsignal(number)
            if callable(previous):
                signal.signal(number, _draining_first(loop, previous))
    yield


def _draining_first(loop: asyncio.AbstractEventLoop, previous: Handler) -> Handler:
    def handle(number: int, frame: FrameType | None) -> Any:
        # A signal handler interrupts the loop between two bytecodes: hand the
        # change to the loop rather than touching its objects from here.
        loop.call_soon_threadsafe(begin)
        return previous(number, frame)

    return handle
