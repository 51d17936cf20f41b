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
from election.accounts.tables import Role, ScopeLevel
from election.actor import Actor
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


def append_arguments(
    *,
    actor: Actor,
    entity_type: str,
    entity_id: Any,
    action: str,
    before: Any = None,
    after: Any = None,
    summary: str = "",
) -> tuple[Any, ...]:
    """The arguments of APPEND_CTES for one event."""
    before_json = jsonable(before)
    after_json = jsonable(after)
    # The application's clock, so that the whole payload, and with it the
    # hash, is known before the statement: PostgreSQL chains it in the same
    # round trip as the change. Within a chain, the id orders events; the
    # times of two concurrent changes may come in either order.
    occurred_at = datetime.now(UTC)
    payload = {
        "occurred_at": occurred_at.isoformat(),
        "actor_user_id": actor.user_id,
        "actor_username": actor.username,
        "actor_role": str(actor.role),
        "request_id": actor.request_id,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "action": action,
        "summary": summary,
        "before": before_json,
        "after": after_json,
    }
    return (
        occurred_at,
        actor.user_id,
        actor.username,
        str(actor.role),
        actor.request_id,
        entity_type,
        str(entity_id),
        action,
        summary,
        None if before_json is None else json.dumps(before_json, ensure_ascii=False),
        None if after_json is None else json.dumps(after_json, ensure_ascii=False),
        chain_of(entity_type, entity_id),
        _canonical(payload),
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
    arguments = append_arguments(
        actor=actor,
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        before=before,
        after=after,
        summary=summary,
    )
    async with db.connection() as conn:
        return await conn.fetchval(f"WITH {APPEND_CTES} SELECT id FROM audit_event_row", *arguments)


# One statement appends to a chain. The head's upsert locks the chain's row to
# the commit and computes the new hash from the latest committed one (ON
# CONFLICT works on the newest row version, not on the statement's snapshot):
# the same bytes as event_hash(), sha256(prev_hash + "\n" + canonical payload).
# A missing head (an emptied table) starts from the chain's last event.
# Callers may put these CTEs in a statement of their own (arguments
# $1…$APPEND_ARGUMENTS, from append_arguments()); `audit_event_row` yields the
# event's id. append_ctes(condition) appends only where `condition` (SQL over
# the statement's earlier CTEs) holds, so that a statement whose change turns
# out not to apply writes no event either.
_APPEND_CTES = """
    audit_head AS (
        INSERT INTO audit_chain_head AS h (chain, prev_hash, last_hash)
        SELECT $12, p.hash, encode(sha256(convert_to(p.hash || E'\\n' || $13, 'UTF8')), 'hex')
        FROM (SELECT COALESCE((SELECT hash FROM audit_event WHERE chain = $12
                               ORDER BY id DESC LIMIT 1), '') AS hash) p
        WHERE {condition}
        ON CONFLICT (chain) DO UPDATE SET prev_hash = h.last_hash,
            last_hash = encode(sha256(convert_to(h.last_hash || E'\\n' || $13, 'UTF8')), 'hex')
        RETURNING h.prev_hash, h.last_hash
    ),
    audit_event_row AS (
        INSERT INTO audit_event (occurred_at, actor_user_id, actor_username, actor_role,
            request_id, entity_type, entity_id, action, summary, before, after,
            prev_hash, hash, chain)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb,
            audit_head.prev_hash, audit_head.last_hash, $12
        FROM audit_head
        RETURNING id
    )
"""
APPEND_ARGUMENTS = 13


def append_ctes(condition: str = "true") -> str:
    return _APPEND_CTES.format(condition=condition)


APPEND_CTES = append_ctes()


@dataclass(frozen=True)
class AuditEntry:
    id: int
    occurred_at: datetime
    actor_username: str
    actor_role: str
    request_id: str
    entity_type: str
    entity_id: str
    action: str
    summary: str
    before: Any
    after: Any


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        occurred_at=row["occurred_at"],
        actor_username=row["actor_username"],
        actor_role=row["actor_role"],
        request_id=row["request_id"],
        entity_type=row["entity_type"],
        entity_id=row["entity_id"],
        action=row["action"],
        summary=row["summary"],
        before=json.loads(row["before"]) if row["before"] is not None else None,
        after=json.loads(row["after"]) if row["after"] is not None else None,
    )


def require_reader(actor: Actor) -> None:
    """The whole log: national administrators and national observers (inspection)."""
    if actor.scope_level != ScopeLevel.NATIONAL or actor.role not in (Role.ADMIN, Role.OBSERVER):
        raise Forbidden("Chỉ quản trị viên và giám sát cấp quốc gia được xem toàn bộ nhật ký.")


async def history(*, entity_type: str, entity_id: Any, limit: int = 200) -> list[AuditEntry]:
    """An entity's history, newest first.

    No actor check here: callers show the history of an entity they have
    already checked the actor may see.
    """
    rows = await db.fetch(
        """
        SELECT id, occurred_at, actor_username, actor_role, request_id, entity_type, entity_id,
               action, summary, before::text AS before, after::text AS after
        FROM audit_event WHERE entity_type = $1 AND entity_id = $2
        ORDER BY id DESC LIMIT $3
        """,
        entity_type,
        str(entity_id),
        limit,
    )
    return [_entry(row) for row in rows]


async def recent(
    *, actor: Actor, limit: int = 100, actor_username: str | None = None
) -> list[AuditEntry]:
    require_reader(actor)
    rows = await db.fetch(
        """
        SELECT id, occurred_at, actor_username, actor_role, request_id, entity_type, entity_id,
               action, summary, before::text AS before, after::text AS after
        FROM audit_event WHERE ($2::text IS NULL OR actor_username = $2)
        ORDER BY id DESC LIMIT $1
        """,
        limit,
        actor_username,
    )
    return [_entry(row) for row in rows]


@dataclass(frozen=True)
class ChainReport:
    events: int
    first_broken_id: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


async def verify_chain() -> ChainReport:
    """Recompute every hash, chain by chain in order; report the first row that
    does not match its chain."""
    prev_hashes: dict[int, str] = {}
    count = 0
    async with (
        db.connection() as conn,
        conn.transaction(readonly=True, isolation="repeatable_read"),
    ):
        cursor = conn.cursor(
            """
            SELECT id, occurred_at, actor_user_id, actor_username, actor_role, request_id,
                   entity_type, entity_id, action, summary, before::text AS before,
                   after::text AS after, prev_hash, hash, chain
            FROM audit_event ORDER BY id
            """,
            prefetch=2000,
        )
        async for row in cursor:
            count += 1
            payload = {
                "occurred_at": row["occurred_at"].isoformat(),
                "actor_user_id": row["actor_user_id"],
                "actor_username": row["actor_username"],
                "actor_role": row["actor_role"],
                "request_id": row["request_id"],
                "entity_type": row["entity_type"],
                "entity_id": row["entity_id"],
                "action": row["action"],
                "summary": row["summary"],
                "before": json.loads(row["before"]) if row["before"] is not None else None,
                "after": json.loads(row["after"]) if row["after"] is not None else None,
            }
            prev_hash = prev_hashes.get(row["chain"], "")
            if row["prev_hash"] != prev_hash or row["hash"] != event_hash(prev_hash, payload):
                return ChainReport(events=count, first_broken_id=row["id"])
            prev_hashes[row["chain"]] = row["hash"]
    return ChainReport(events=count, first_broken_id=None)
