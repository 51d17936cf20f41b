"""How an event is signed and chained: the one definition the append and the
verifier share.

An event's MAC is HMAC-SHA-256, with the audit key, of its chain and its
canonical JSON (sorted keys, no spaces, UTF-8). The statement receives the
event sealed with its MAC (`sealed`) and reads the columns from it; the chain
hash of an event is sha256(previous hash + "\\n" + sealed event), computed by
PostgreSQL in the appending statement (`queries.append_ctes`) and again by
the verifier here.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def mac_message(chain: int, text: str) -> bytes:
    """What an event's MAC covers: its chain and its canonical JSON."""
    return f"election-audit-event/1\n{chain}\n{text}".encode()


def sealed(text: str, mac: str) -> str:
    """The event as the statement receives it and the chain hashes it."""
    return '{"event":' + text + ',"mac":"' + mac + '"}'


def event_hash(prev_hash: str, sealed_event: str) -> str:
    return hashlib.sha256((prev_hash + "\n" + sealed_event).encode()).hexdigest()
