"""Resolved tokens, kept a few seconds by each server process.

Every request resolves its token. A client sending a burst (a province's
data-entry staff on election night, an integration posting tally sheets)
sends the same token hundreds of times a second, and its lookup would be one
of a tally entry's round trips to PostgreSQL.

A resolved token is kept at most TTL_SECONDS and never past its expiry.
Revoking a token or deactivating a user forgets it here at once and, through
a NOTIFY on REVOKED_CHANNEL once committed, in every other server process.
The bound left: a request that read the token just before the revocation
committed may keep it cached until its TTL runs out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from litestar.channels import ChannelsPlugin

from election import notices
from election.accounts.queries import UserRow
from election.accounts.tables import TokenKind

REVOKED_CHANNEL = "access_revoked"
TTL_SECONDS = 5.0
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class ResolvedToken:
    """A live token and the user behind it, as the cache keeps it."""

    user: UserRow
    kind: TokenKind
    token_hash: str
    expires_at: dt.datetime


class TokenCache:
    """Token digest → (when it was resolved, the resolved token), oldest first."""

    def __init__(self, *, ttl_seconds: float = TTL_SECONDS, max_entries: int = MAX_ENTRIES):
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[float, ResolvedToken]] = OrderedDict()

    def get(self, digest: str, kind: str) -> ResolvedToken | None:
        entry = self._entries.get(digest)
        if entry is None:
            return None
        resolved_at, resolved = entry
        if (
            time.monotonic() - resolved_at > self.ttl_seconds
            or resolved.expires_at <= dt.datetime.now(dt.UTC)
            or resolved.kind != kind
        ):
            del self._entries[digest]
            return None
        return resolved

    def put(self, resolved: ResolvedToken) -> None:
        self._entries[resolved.token_hash] = (time.monotonic(), resolved)
        self._entries.move_to_end(resolved.token_hash)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def forget(self, *, token_hash: str | None = None, user_id: int | None = None) -> None:
        if token_hash is not None:
            self._entries.pop(token_hash, None)
        if user_id is not None:
            for digest in [d for d, (_, r) in self._entries.items() if r.user.id == user_id]:
                del self._entries[digest]

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


TOKENS = TokenCache()


def forget_revoked(events: list[dict[str, Any]]) -> None:
    for event in events:
        TOKENS.forget(token_hash=event.get("token_hash"), user_id=event.get("user_id"))


def revocations_heard(channels: ChannelsPlugin) -> contextlib.AbstractAsyncContextManager[None]:
    """While the app runs: hear every server process's revocations, each
    message a JSON array of them (see db.notify_after_commit); after any
    gap in listening, start afresh."""
    return notices.heard(
        channels,
        REVOKED_CHANNEL,
        on_message=lambda message: forget_revoked(json.loads(message)),
        on_gap=TOKENS.clear,
    )
