"""Writing and reading the audit log.

Every service that changes state calls `record` inside its own transaction,
so the event commits or rolls back with the change. Each event is signed
with the audit key (an HMAC made here, before the statement: the key never
reaches the database) and chained to the one before it in its chain, so
`verification.verify_chain` finds a rewritten, removed or added row.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from election import db
from election.actor import Actor, Role, ScopeLevel
from election.audit import keys, queries
from election.audit.checkpoints import (
    Checkpoint,
    CheckpointError,
    checkpoint_directory,
    checkpoint_soon,
    configured_checkpoint_directory,
    latest_checkpoint,
    latest_checkpoint_digest,
    write_checkpoint,
)
from election.audit.sealing import canonical, event_hash, mac_message, sealed
from election.audit.verification import ChainReport, Finding, verify_chain
from election.errors import Forbidden
from election.jsonable import jsonable

__all__ = [
    "AUDIT_CHAINS",
    "AuditEntry",
    "ChainReport",
    "Checkpoint",
    "CheckpointError",
    "Finding",
    "PendingEvent",
    "chain_of",
    "checkpoint_directory",
    "checkpoint_soon",
    "configured_checkpoint_directory",
    "event_hash",
    "history",
    "latest_checkpoint",
    "latest_checkpoint_digest",
    "pending_event",
    "record",
    "require_reader",
    "verify_chain",
    "write_checkpoint",
]

# The log is AUDIT_CHAINS hash chains; an entity's events go to one chain (by
# a stable hash of the entity), and the chain's row in audit_chain_head,
# locked to the commit, serializes its appends. One global chain made every
# change in the country wait for the previous one to commit; with 16 chains,
# concurrent tally entries still queued on them. Verification follows each
# event's stored chain, so the count only decides where new events go.
AUDIT_CHAINS = 64


def chain_of(entity_type: str, entity_id: Any) -> int:
    return zlib.crc32(f"{entity_type}:{entity_id}".encode()) % AUDIT_CHAINS


@dataclass(frozen=True)
class PendingEvent:
    """An event ready to append: the parameters of `queries.append_ctes`."""

    audit_payload: str
    audit_chain: int


def pending_event(
    *,
    actor: Actor,
    entity_type: str,
    entity_id: Any,
    action: str,
    before: Any = None,
    after: Any = None,
    summary: str = "",
) -> PendingEvent:
    """One event, signed now and chained when appended."""
    # The application's clock, so that the whole payload, and with it the
    # MAC, is known before the statement: PostgreSQL chains it in the same
    # round trip as the change. Within a chain, the id orders events; the
    # times of two concurrent changes may come in either order.
    payload = {
        "occurred_at": datetime.now(UTC).isoformat(),
        "actor_user_id": actor.user_id,
        "actor_username": actor.username,
        "actor_role": str(actor.role),
        "request_id": actor.request_id,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "action": action,
        "summary": summary,
        "before": jsonable(before),
        "after": jsonable(after),
    }
    chain = chain_of(entity_type, entity_id)
    text = canonical(payload)
    mac = keys.keys().sign(mac_message(chain, text))
    return PendingEvent(audit_payload=sealed(text, mac), audit_chain=chain)


async def record(
    *,
    actor: Actor,
    entity_type: str,
    entity_id: Any,
    action: str,
    before: Any = None,
    after: Any = None,
    summary: str = "",
) -> int:
    """Append one event; must run inside the transaction making the change."""
    if not db.in_transaction():
        raise RuntimeError("audit events are written inside the changing transaction")
    event = pending_event(
        actor=actor,
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        before=before,
        after=after,
        summary=summary,
    )
    return await queries.append_event(
        audit_payload=event.audit_payload, audit_chain=event.audit_chain
    )


AuditEntry = queries.EventRow


def require_reader(actor: Actor) -> None:
    """The whole log: national administrators and national observers (inspection)."""
    if actor.scope_level != ScopeLevel.NATIONAL or actor.role not in (Role.ADMIN, Role.OBSERVER):
        raise Forbidden("Chỉ quản trị viên và giám sát cấp quốc gia được xem toàn bộ nhật ký.")


async def history(*, entity_type: str, entity_id: Any, limit: int = 200) -> list[AuditEntry]:
    """An entity's history, newest first.

    No actor check here: callers show the history of an entity they have
    already checked the actor may see.
    """
    return await queries.entity_history(
        entity_type=entity_type, entity_id=str(entity_id), limit=limit
    )
