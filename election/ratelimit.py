"""Who is asking, and how often: the client's address behind the proxies the
operator trusts, and fixed-window budgets counted in PostgreSQL so that every
server process shares them (`voters.queries.limits`).

`X-Forwarded-For` is believed only as far as it was written by a trusted
proxy (`ELECTION_TRUSTED_PROXIES`): read from the right, each hop added by a
trusted proxy is skipped, and the first address not trusted is the client.
A client that forges the header only adds entries on the left, which are
never reached while an untrusted hop stands to their right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from election.settings import Network, parse_networks

__all__ = ["Budget", "Network", "client_address", "keyed_bucket", "parse_networks"]


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def client_address(peer: str, forwarded_for: Iterable[str], trusted: Sequence[Network]) -> str:
    """The client's address: the peer itself unless it is a trusted proxy; then
    the rightmost `X-Forwarded-For` hop not trusted (every header line, in
    order, comma-separated), or the leftmost when all are trusted."""
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for line in forwarded_for for hop in line.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # garbage written by a trusted proxy's client: no better answer
    return hops[0] if hops else peer


@dataclass(frozen=True)
class Budget:
    """At most `limit` hits per `window` for one bucket."""

    limit: int
    window: dt.timedelta

    def window_start(self, moment: dt.datetime) -> dt.datetime:
        """The fixed window `moment` falls in (aligned on the epoch)."""
        seconds = self.window.total_seconds()
        epoch = moment.timestamp()
        return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def keyed_bucket(kind: str, value: str, key: str) -> str:
    """A bucket name that does not carry `value` (a personal ID): a 12-digit ID
    is guessable from an unkeyed hash, so the hash is keyed with the server's
    secret."""
    digest = hmac.new(key.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:32]}"
