"""Writing and reading the audit log.

Every service that changes state calls `record` inside its own transaction,
so the event commits or rolls back with the change. The chain hash makes a
rewritten or deleted row detectable by `verify_chain`.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from election import db
from election.actor import Actor, Role, ScopeLevel
from election.audit import queries
from election.errors import Forbidden
from election.jsonable import jsonable

# The log is AUDIT_CHAINS hash chains; an entity's events go to one chain (by
# a stable hash of the entity), and the chain's row in audit_chain_head,
# locked to the commit, serializes its appends. One global chain made every
# change in the country wait for the previous one to commit; with 16 chains,
# concurrent tally entries still queued on them. Verification follows each
# event's stored chain, so the count only decides where new events go.
AUDIT_CHAINS = 64


def chain_of(entity_type: str, entity_id: Any) -> int:
    return zlib.crc32(f"{entity_type}:{entity_id}".encode()) % AUDIT_CHAINS


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + "\n" + _canonical(payload)).encode()).hexdigest()


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
    """One event, hashed over its canonical JSON when appended."""
    # The application's clock, so that the whole payload, and with it the
    # hash, is known before the statement: PostgreSQL chains it in the same
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
    return PendingEvent(
        audit_payload=_canonical(payload), audit_chain=chain_of(entity_type, entity_id)
    )


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


async def recent(
    *, actor: Actor, limit: int = 100, actor_username: str | None = None
) -> list[AuditEntry]:
    require_reader(actor)
    return await queries.recent_events(actor_username=actor_username, limit=limit)


@dataclass(frozen=True)
class ChainReport:
    events: int
    first_broken_id: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


_VERIFY_BATCH = 2000


async def verify_chain() -> ChainReport:
    """Recompute every hash, chain by chain in order; report the first row that
    does not match its chain."""
    prev_hashes: dict[int, str] = {}
    count = 0
    last_id = 0
    async with (
        db.connection() as conn,
        conn.transaction(readonly=True, isolation="repeatable_read"),
    ):
        while batch := await queries.events_after(after_id=last_id, limit=_VERIFY_BATCH):
            for event in batch:
                count += 1
                prev_hash = prev_hashes.get(event.chain, "")
                if event.prev_hash != prev_hash or event.hash != event_hash(
                    prev_hash, event.payload()
                ):
                    return ChainReport(events=count, first_broken_id=event.id)
                prev_hashes[event.chain] = event.hash
            last_id = batch[-1].id
    return ChainReport(events=count, first_broken_id=None)
