"""Live progress of the count: a scope the actor may see, a short shared cache
of the progress query, and the stream of updates fed by PostgreSQL
LISTEN/NOTIFY (through litestar's channels plugin).

Every sheet change is NOTIFYed once committed (db.notify_after_commit, several
changes to a message), so every server process hears about it after the
commit, and only then.

A burst of changes costs each server process one computation per scope
watched, however many pages watch it: the figures (progress, and the rows of
a page's standings through a `Rows` source) are computed once, and every
stream carries them in its event, so no page re-reads the server to follow
the count. A page's standings go out as the rows that changed since the
viewer's last event (`_Board`): the texts of their figures where the row
keeps its shape, else their HTML, encoded once for all the viewers.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from html import unescape
from typing import Any, Generic, TypeVar

from litestar.channels import ChannelsPlugin
from litestar.response import ServerSentEvent, Stream

from election.actor import Actor, ScopeLevel
from election.elections import services as elections
from election.errors import Forbidden
from election.tallies import services

# A dashboard refreshes at most this often, however many sheets arrive: twice
# a second keeps a change within 2 s of its viewers (p99 1.6-1.8 s with 1,000
# viewers and 200 entries/s, against 2.1-2.2 s at once a second), for two
# national standings a second per process (150 ms each).
REFRESH_SECONDS = 0.5
# How long a burst of changes gathers before its figures are computed.
SETTLE_SECONDS = 0.2
# A comment line this often keeps proxies from closing an idle stream.
KEEPALIVE_SECONDS = 15.0


@dataclass(frozen=True)
class Scope:
    """Which part of an election a view covers; None means all of it."""

    province_code: str | None = None
    commune_code: str | None = None
    unit_id: int | None = None

    @classmethod
    def of(
        cls,
        actor: Actor,
        province_code: str | None,
        commune_code: str | None,
        unit_id: int | None,
    ) -> Scope:
        """The requested scope, narrowed to what the actor may see."""
        if actor.scope_level == ScopeLevel.NATIONAL:
            return cls(province_code, commune_code, unit_id)
        if province_code and province_code != actor.province_code:
            raise Forbidden("Bạn chỉ xem được kết quả trong phạm vi được giao.")
        if actor.scope_level == ScopeLevel.PROVINCE:
            return cls(actor.province_code, commune_code, unit_id)
        if commune_code and commune_code != actor.commune_code:
            raise Forbidden("Bạn chỉ xem được kết quả trong phạm vi được giao.")
        return cls(actor.province_code, actor.commune_code, unit_id)

    def covers(self, event: dict) -> bool:
        return (
            (self.province_code is None or event.get("province") == self.province_code)
            and (self.commune_code is None or event.get("commune") == self.commune_code)
            and (self.unit_id is None or event.get("unit") == self.unit_id)
        )


T = TypeVar("T")

# Every scope cache of the process, for `forget_cache`.
_caches: list[ScopeCache] = []


class ScopeCache(Generic[T]):
    """A figure of a scope, computed at most once per REFRESH_SECONDS for all
    the pages watching it (one computation at a time per scope)."""

    def __init__(self, compute: Callable[[int, Scope], Awaitable[T]]) -> None:
        self._compute = compute
        self._entries: dict[tuple[int, Scope], tuple[float, T]] = {}
        self._locks: dict[tuple[int, Scope], asyncio.Lock] = {}
        _caches.append(self)

    async def get(self, election_id: int, scope: Scope, *, after: float | None = None) -> T:
        """The figure, computed less than REFRESH_SECONDS ago; given `after`
        (a `time.monotonic()` moment: when a change was heard), one whose
        computation began after it: the next computation, which waits until
        REFRESH_SECONDS have passed since the one before."""
        key = (election_id, scope)
        lock = self._locks.setdefault(key, asyncio.Lock())
        while True:
            async with lock:
                hit = self._entries.get(key)
                now = time.monotonic()
                if hit is not None and (
                    hit[0] > after if after is not None else now - hit[0] < REFRESH_SECONDS
                ):
                    return hit[1]
                wait = 0.0 if hit is None or after is None else hit[0] + REFRESH_SECONDS - now
                if wait <= 0:
                    await elections.get_election(election_id=election_id)
                    value = await self._compute(election_id, scope)
                    self._entries[key] = (now, value)
                    return value
            await asyncio.sleep(wait)

    def forget(self) -> None:
        self._entries.clear()


async def _progress(election_id: int, scope: Scope) -> services.Progress:
    return await services.progress(
        election_id=election_id,
        province_code=scope.province_code,
        commune_code=scope.commune_code,
        unit_id=scope.unit_id,
    )


_progress_cache = ScopeCache(_progress)


async def cached_progress(election_id: int, scope: Scope) -> services.Progress:
    """The progress of `scope`, shared by the dashboards watching it."""
    return await _progress_cache.get(election_id, scope)


def forget_cache() -> None:
    """Forget every figure cached for the live pages (progress, standings, turnout)."""
    for cache in _caches:
        cache.forget()


@dataclass(eq=False)
class _Watcher:
    election_id: int
    scope: Scope
    changed: asyncio.Event


class _Hub:
    """One subscription to a channel per server process, fanned out to every
    open stream.

    Each stream subscribing and unsubscribing on its own would LISTEN and
    UNLISTEN on the shared connection as dashboards come and go; a stream
    cancelled halfway through its UNLISTEN (a closed browser tab) left the
    channels backend believing it still listened when it no longer did, and
    every later dashboard went silent. The hub subscribes once and stays.
    """

    def __init__(self, channel: str) -> None:
        self.channel = channel
        # By what they watch: a burst is matched once per scope, not once per
        # open page (a thousand pages of the nation are one scope).
        self.watchers: dict[tuple[int, Scope], set[_Watcher]] = {}
        self.task: asyncio.Task | None = None

    def add(self, watcher: _Watcher) -> None:
        self.watchers.setdefault((watcher.election_id, watcher.scope), set()).add(watcher)

    def discard(self, watcher: _Watcher) -> None:
        key = (watcher.election_id, watcher.scope)
        group = self.watchers.get(key)
        if group is not None:
            group.discard(watcher)
            if not group:
                del self.watchers[key]

    def ensure_running(self, channels: ChannelsPlugin) -> None:
        if self.task is None or self.task.done():
            # A context of its own: the hub outlives the request that starts it.
            self.task = asyncio.create_task(self._run(channels), context=contextvars.Context())

    async def _run(self, channels: ChannelsPlugin) -> None:
        subscriber = await channels.subscribe([self.channel])
        async for message in subscriber.iter_events():
            # A JSON array of changes (see db.notify_after_commit).
            events = json.loads(message)
            for (election_id, scope), group in list(self.watchers.items()):
                if any(e.get("election") == election_id and scope.covers(e) for e in events):
                    for watcher in list(group):
                        watcher.changed.set()


_hubs: dict[tuple[int, str], _Hub] = {}


class _Subscription:
    """An open page's share of its process's hub: the moments bursts of
    changes in its scope were heard."""

    def __init__(self, channels: ChannelsPlugin, channel: str, election_id: int, scope: Scope):
        self.hub = _hubs.setdefault((id(channels), channel), _Hub(channel))
        self.hub.ensure_running(channels)
        self.watcher = _Watcher(election_id, scope, asyncio.Event())
        self.hub.add(self.watcher)

    async def next(self) -> float | None:
        """When the next burst was heard, once it has gathered; None after
        KEEPALIVE_SECONDS of quiet."""
        try:
            await asyncio.wait_for(self.watcher.changed.wait(), KEEPALIVE_SECONDS)
        except TimeoutError:
            return None
        heard = time.monotonic()
        await asyncio.sleep(SETTLE_SECONDS)
        self.watcher.changed.clear()
        return heard

    def close(self) -> None:
        self.hub.discard(self.watcher)


async def scope_events(
    channels: ChannelsPlugin, channel: str, cache: ScopeCache[T], election_id: int, scope: Scope
) -> AsyncIterator[T | None]:
    """The scope's current figure, then a new one after each burst of changes
    NOTIFYed on `channel` in the scope (computed after the burst was heard,
    shared with every page of the scope); None now and then when nothing
    happened (a keep-alive). Tally progress and turnout both stream this way."""
    subscription = _Subscription(channels, channel, election_id, scope)
    try:
        yield await cache.get(election_id, scope)
        while True:
            heard = await subscription.next()
            yield None if heard is None else await cache.get(election_id, scope, after=heard)
    finally:
        subscription.close()


def progress_events(
    channels: ChannelsPlugin, election_id: int, scope: Scope
) -> AsyncIterator[services.Progress | None]:
    """The current progress, then a new one after each burst of sheet changes."""
    return scope_events(channels, services.PROGRESS_CHANNEL, _progress_cache, election_id, scope)


async def withheld(actor: Actor, election_id: int, scope: Scope) -> services.Withheld:
    """What the scope's figures keep from this reader (blind double entry):
    nothing, without a query, for anyone who types no sheet. The progress is
    cached for everyone; this part is the reader's own."""
    return await services.withheld_in_scope(
        actor=actor,
        election_id=election_id,
        province_code=scope.province_code,
        commune_code=scope.commune_code,
        unit_id=scope.unit_id,
    )


def progress_json(progress: services.Progress, *, figures_withheld: bool = False) -> str:
    """The progress; without the voters' figures (they come from the typed
    sheets) for a reader they are withheld from, whose page then keeps its note."""
    return json.dumps(progress_data(progress, figures_withheld=figures_withheld))


def progress_data(progress: services.Progress, *, figures_withheld: bool) -> dict[str, object]:
    data: dict[str, object] = {
        "sheets_total": progress.sheets_total,
        "reported": progress.reported,
        "verified": progress.verified,
        "approved": progress.approved,
        "needs_review": progress.needs_review,
        "figures_withheld": figures_withheld,
    }
    if not figures_withheld:
        data |= {
            "voters_on_list": progress.voters_on_list,
            "voters_took_part": progress.voters_took_part,
            "turnout": str(progress.turnout),
        }
    return data


async def reader_progress_json(
    progress: services.Progress, actor: Actor, election_id: int, scope: Scope
) -> str:
    """One `progress` event of a reader's stream. Whether the figures are
    withheld is asked at each update: the reader's own entry lifts it."""
    kept = services.may_type_any(actor) and bool(await withheld(actor, election_id, scope))
    return progress_json(progress, figures_withheld=kept)


# How many bursts of changed rows a board remembers: a viewer further behind
# (a stream that stalled) receives every row again.
BOARD_HISTORY = 32

# A figure of a live row: the text of one of its `<span data-cell>` (see
# tallies/_standings_rows.html), which the page's script sets in place.
_CELL = re.compile(r"<span data-cell>([^<]*)</span>")


def row_cells(html: str) -> tuple[str, list[str]]:
    """A rendered row's shape (its HTML with the cells' texts taken out) and
    those texts in order, unescaped (the page's script sets them as text)."""
    return _CELL.sub("<span data-cell></span>", html), [unescape(t) for t in _CELL.findall(html)]


def sse_message(event: str, data: str) -> bytes:
    """One Server-Sent Event; `data` is JSON, on one line."""
    return f"event: {event}\r\ndata: {data}\r\n\r\n".encode()


KEEPALIVE_MESSAGE = b": keepalive\r\n\r\n"


@functools.lru_cache(maxsize=64)
def _progress_message(progress: services.Progress, figures_withheld: bool) -> bytes:
    # One encoding per figure for every viewer of the scope.
    return sse_message("progress", progress_json(progress, figures_withheld=figures_withheld))


class _Board:
    """The rows of one scope's page, rendered once per new figure whichever
    stream asks first; each stream then sends the rows changed since the
    version its viewer shows: a row whose shape the viewer already has as its
    cells' texts (some 50 bytes), another as its HTML (some 700)."""

    def __init__(self) -> None:
        self.figure: object = None
        self.version = 0
        self.rows: dict[str, str] = {}
        self.shapes: dict[str, str] = {}
        self.cells: dict[str, list[str]] = {}
        # The version in which each row took its shape.
        self.reshaped: dict[str, int] = {}
        self.changes: deque[tuple[int, frozenset[str]]] = deque(maxlen=BOARD_HISTORY)
        # The event of the viewers at a version with a progress figure, up to
        # this version: the viewers of a scope mostly stand at the same
        # version, and one encoding serves them all.
        self.messages: dict[tuple[services.Progress, int | None], bytes] = {}

    def update(self, figure: object, render: Callable[[Any], dict[str, str]]) -> None:
        # Synchronous: no other stream of this process runs in between.
        if figure is self.figure:
            return
        rows = render(figure)
        self.version += 1
        changed = frozenset(k for k, html in rows.items() if self.rows.get(k) != html)
        for key in self.rows.keys() - rows.keys():
            del self.shapes[key], self.cells[key], self.reshaped[key]
        for key in changed:
            shape, self.cells[key] = row_cells(rows[key])
            if self.shapes.get(key) != shape:
                self.shapes[key], self.reshaped[key] = shape, self.version
        self.figure, self.rows = figure, rows
        self.changes.append((self.version, changed))
        self.messages = {}

    def since(self, version: int | None) -> dict[str, str | list[str]]:
        """The rows changed after `version`: each as its cells' texts where
        the viewer's row has the same shape, else as its HTML (every row, as
        HTML, for a new viewer or one too far behind)."""
        if version is None or not self.changes or version < self.changes[0][0] - 1:
            return dict(self.rows)
        keys: set[str] = set()
        for at, changed in self.changes:
            if at > version:
                keys |= changed
        return {
            key: self.rows[key] if self.reshaped[key] > version else self.cells[key]
            for key in keys
            if key in self.rows
        }

    def message(self, progress: services.Progress, version: int | None) -> bytes:
        """The `progress` event of a viewer at `version`: the figures and the
        rows changed since, encoded once for every viewer at that version."""
        key = (progress, version)
        if key not in self.messages:
            figures = progress_json(progress)
            rows = json.dumps(self.since(version), ensure_ascii=False, separators=(",", ":"))
            self.messages[key] = sse_message("progress", f'{figures[:-1]}, "rows": {rows}}}')
        return self.messages[key]


@dataclass(eq=False)
class Rows(Generic[T]):
    """The rows a live page keeps up to date from its stream: a figure of the
    scope (cached for every page watching it) and how its rows look."""

    cache: ScopeCache[T]
    render: Callable[[T], dict[str, str]]
    boards: dict[tuple[int, Scope], _Board] = field(default_factory=dict)

    async def since(
        self,
        election_id: int,
        scope: Scope,
        version: int | None,
        after: float | None,
        progress: services.Progress,
    ) -> tuple[int, bytes]:
        """The board's version now (its figure computed after `after`, as in
        `ScopeCache.get`) and the event of a viewer at `version`."""
        board = self.boards.setdefault((election_id, scope), _Board())
        board.update(await self.cache.get(election_id, scope, after=after), self.render)
        return board.version, board.message(progress, version)


class EncodedEvents(ServerSentEvent):
    """A Server-Sent Events response of events already encoded: one encoding
    serves every viewer at the same point, where litestar's own would encode
    each message again for each stream."""

    def __init__(self, events: AsyncIterator[bytes]) -> None:
        Stream.__init__(
            self,
            content=events,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
        self.headers["Connection"] = "keep-alive"


async def progress_stream(
    channels: ChannelsPlugin,
    election_id: int,
    scope: Scope,
    *,
    actor: Actor,
    rows: Rows | None = None,
) -> ServerSentEvent:
    """Server-Sent Events: `progress` events with the JSON of /tally-progress
    and, given `rows`, the page's rows changed since the viewer's last event
    (`rows`: key → the row's cells' texts or its HTML, see `_Board`). A reader
    some figures are withheld from gets no rows: their page reads its own."""
    await cached_progress(election_id, scope)  # a 404 before the stream opens

    async def events() -> AsyncIterator[bytes]:
        subscription = _Subscription(channels, services.PROGRESS_CHANNEL, election_id, scope)
        shown: int | None = None
        heard: float | None = None
        try:
            while True:
                progress = await _progress_cache.get(election_id, scope, after=heard)
                kept = services.may_type_any(actor) and bool(
                    await withheld(actor, election_id, scope)
                )
                if rows is not None and not kept:
                    shown, message = await rows.since(election_id, scope, shown, heard, progress)
                else:
                    message = _progress_message(progress, kept)
                yield message
                while (heard := await subscription.next()) is None:
                    yield KEEPALIVE_MESSAGE
        finally:
            subscription.close()

    return EncodedEvents(events())
