"""SQL on the audit log's tables: appending an event to its hash chain, and reading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from election.sql import Json, query


def append_ctes(condition: str = "true") -> str:
    """The CTEs that append one event to its chain, for a statement of the caller's.

    Parameters: `:audit_payload`, the sealed event (`services.sealed`: the
    event's canonical JSON and its MAC; the columns are read from it, so the
    stored event is what was signed and hashed), and `:audit_chain`.
    `audit_event_row` yields the event's id. The head's upsert locks the
    chain's row to the commit and computes the new hash from the latest
    committed one (ON CONFLICT sees the newest row version, not the statement's
    snapshot): sha256(prev_hash + "\\n" + sealed event), as `services.event_hash`.
    A missing head (an emptied table) starts from the chain's last event.
    `condition` (SQL over the caller's earlier CTEs) appends only where it
    holds, so a change that turns out not to apply writes no event either.
    The key never reaches the database: the MAC comes made.
    """
    return f"""
    audit_head AS (
        INSERT INTO audit_chain_head AS h (chain, prev_hash, last_hash)
        SELECT :audit_chain::smallint, p.hash,
               encode(sha256(convert_to(p.hash || E'\\n' || :audit_payload::text, 'UTF8')), 'hex')
        -- OFFSET 0 keeps `p` a subquery of its own: pulled up, its lookup
        -- would run once for each of the two places that read p.hash.
        FROM (SELECT COALESCE((SELECT hash FROM audit_event WHERE chain = :audit_chain::smallint
                               ORDER BY id DESC LIMIT 1), '') AS hash OFFSET 0) p
        WHERE {condition}
        ON CONFLICT (chain) DO UPDATE SET prev_hash = h.last_hash,
            last_hash = encode(sha256(convert_to(h.last_hash || E'\\n' || :audit_payload::text,
                                                 'UTF8')), 'hex')
        RETURNING h.prev_hash, h.last_hash
    ),
    audit_event_row AS (
        INSERT INTO audit_event (occurred_at, actor_user_id, actor_username, actor_role,
            request_id, entity_type, entity_id, action, summary, before, after,
            prev_hash, hash, chain, mac)
        SELECT e.occurred_at, e.actor_user_id, e.actor_username, e.actor_role, e.request_id,
            e.entity_type, e.entity_id, e.action, e.summary, e.before, e.after,
            audit_head.prev_hash, audit_head.last_hash, :audit_chain::smallint, sealed.mac
        -- The payload is parsed once, by the function scan; an expression
        -- `:audit_payload::jsonb ->> …` would parse it again for every column.
        -- A JSON null becomes SQL NULL.
        FROM audit_head,
             jsonb_to_record(:audit_payload::text::jsonb) AS sealed(event jsonb, mac text),
             jsonb_to_record(sealed.event) AS e(occurred_at timestamptz, actor_user_id int,
                 actor_username text, actor_role text, request_id text, entity_type text,
                 entity_id text, action text, summary text, before jsonb, after jsonb)
        RETURNING id
    )
    """


@query(f"WITH {append_ctes()} SELECT id FROM audit_event_row")
async def append_event(*, audit_payload: str, audit_chain: int) -> int: ...


@dataclass(frozen=True)
class EventRow:
    id: int
    occurred_at: dt.datetime
    actor_username: str
    actor_role: str
    request_id: str
    entity_type: str
    entity_id: str
    action: str
    summary: str
    before: Json
    after: Json


_EVENT_COLUMNS = """
    e.id, e.occurred_at, e.actor_username, e.actor_role, e.request_id, e.entity_type,
    e.entity_id, e.action, e.summary, e.before, e.after
"""


@query(f"""
    SELECT {_EVENT_COLUMNS} FROM audit_event e
    WHERE entity_type = :entity_type AND entity_id = :entity_id
    ORDER BY id DESC LIMIT :limit
""")
async def entity_history(*, entity_type: str, entity_id: str, limit: int) -> list[EventRow]: ...


# --------------------------------------------------------------------------
# The log as investigators search it (audit.search)

# One filter for the page, its count and its export. Each condition is off
# when its parameter is NULL; the custom plans PostgreSQL makes for the first
# executions use the index of the condition given: (actor_username, id),
# (entity_type, entity_id, id), (action, id), (actor_user_id, id) and the
# BRIN index on occurred_at. A place is the acting account's scope: its
# province, or a commune or polling area in it; its accounts are read first
# (an array, not a subquery), so the count walks the (actor_user_id, id)
# index for them rather than the whole log.
_SEARCH = """
    (CAST(:since AS timestamptz) IS NULL OR e.occurred_at >= :since)
    AND (CAST(:until AS timestamptz) IS NULL OR e.occurred_at < :until)
    AND (CAST(:actor_username AS text) IS NULL OR e.actor_username = :actor_username)
    AND (CAST(:actor_role AS text) IS NULL OR e.actor_role = :actor_role)
    AND (CAST(:action AS text) IS NULL OR e.action = :action)
    AND (CAST(:entity_type AS text) IS NULL OR e.entity_type = :entity_type)
    AND (CAST(:entity_id AS text) IS NULL OR e.entity_id = :entity_id)
    AND (CAST(:province_code AS text) IS NULL OR e.actor_user_id = ANY(ARRAY(
        SELECT u.id FROM user_account u
        LEFT JOIN commune c ON c.code = u.scope_commune
        LEFT JOIN polling_area pa ON pa.id = u.scope_polling_area
        LEFT JOIN commune pc ON pc.code = pa.commune
        WHERE :province_code IN (u.scope_province, c.province, pc.province))))
    AND (CAST(:commune_code AS text) IS NULL OR e.actor_user_id = ANY(ARRAY(
        SELECT u.id FROM user_account u
        LEFT JOIN polling_area pa ON pa.id = u.scope_polling_area
        WHERE :commune_code IN (u.scope_commune, pa.commune))))
"""


@query(f"""
    SELECT {_EVENT_COLUMNS} FROM audit_event e WHERE {_SEARCH}
    ORDER BY e.id DESC LIMIT :limit OFFSET :offset
""")
async def search_events(
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    actor_username: str | None,
    actor_role: str | None,
    action: str | None,
    entity_type: str | None,
    entity_id: str | None,
    province_code: str | None,
    commune_code: str | None,
    limit: int,
    offset: int,
) -> list[EventRow]: ...


@query(f"""
    SELECT count(*) FROM (SELECT 1 FROM audit_event e WHERE {_SEARCH} LIMIT :cap) found
""")
async def count_events(
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    actor_username: str | None,
    actor_role: str | None,
    action: str | None,
    entity_type: str | None,
    entity_id: str | None,
    province_code: str | None,
    commune_code: str | None,
    cap: int,
) -> int: ...


@query(f"""
    SELECT {_EVENT_COLUMNS} FROM audit_event e
    WHERE {_SEARCH} AND (CAST(:before_id AS bigint) IS NULL OR e.id < :before_id)
    ORDER BY e.id DESC LIMIT :limit
""")
async def events_before(
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    actor_username: str | None,
    actor_role: str | None,
    action: str | None,
    entity_type: str | None,
    entity_id: str | None,
    province_code: str | None,
    commune_code: str | None,
    before_id: int | None,
    limit: int,
) -> list[EventRow]: ...


# --------------------------------------------------------------------------
# Verification and checkpoints


@dataclass(frozen=True)
class ChainedEventRow:
    """An event with everything its MAC and its hash cover."""

    id: int
    occurred_at: dt.datetime
    actor_user_id: int | None
    actor_username: str
    actor_role: str
    request_id: str
    entity_type: str
    entity_id: str
    action: str
    summary: str
    before: Json
    after: Json
    prev_hash: str
    hash: str
    chain: int
    mac: str

    def payload(self) -> dict[str, Any]:
        return {
            "occurred_at": self.occurred_at.isoformat(),
            "actor_user_id": self.actor_user_id,
            "actor_username": self.actor_username,
            "actor_role": self.actor_role,
            "request_id": self.request_id,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "action": self.action,
            "summary": self.summary,
            "before": self.before,
            "after": self.after,
        }


@query("""
    SELECT id, occurred_at, actor_user_id, actor_username, actor_role, request_id,
           entity_type, entity_id, action, summary, before, after, prev_hash, hash, chain, mac
    FROM audit_event WHERE id > :after_id ORDER BY id LIMIT :limit
""")
async def events_after(*, after_id: int, limit: int) -> list[ChainedEventRow]: ...


@dataclass(frozen=True)
class LinkedEventRow(ChainedEventRow):
    """An event with the event before it in its chain (its id and hash; none at the start)."""

    previous_id: int | None
    previous_hash: str


@query("""
    SELECT e.id, e.occurred_at, e.actor_user_id, e.actor_username, e.actor_role, e.request_id,
           e.entity_type, e.entity_id, e.action, e.summary, e.before, e.after, e.prev_hash,
           e.hash, e.chain, e.mac, p.id AS previous_id, COALESCE(p.hash, '') AS previous_hash
    FROM audit_event e
    LEFT JOIN LATERAL (
        SELECT q.id, q.hash FROM audit_event q WHERE q.chain = e.chain AND q.id < e.id
        ORDER BY q.id DESC LIMIT 1
    ) p ON true
    WHERE e.id = ANY(:ids::bigint[]) ORDER BY e.id
""")
async def linked_events(*, ids: list[int]) -> list[LinkedEventRow]: ...


@dataclass(frozen=True)
class ChainHeadRow:
    chain: int
    prev_hash: str
    last_hash: str


@query("SELECT chain::int, prev_hash, last_hash FROM audit_chain_head ORDER BY chain")
async def chain_heads() -> list[ChainHeadRow]: ...


@dataclass(frozen=True)
class ChainGrowthRow:
    """A chain's events after a checkpoint's head, in order, and its new head."""

    chain: int
    ids: list[int]
    head_hash: str


@query("""
    SELECT e.chain::int, array_agg(e.id ORDER BY e.id) AS ids,
           (array_agg(e.hash ORDER BY e.id DESC))[1] AS head_hash
    FROM audit_event e
    LEFT JOIN unnest(:chains::int[], :after_ids::bigint[]) AS seen(chain, after_id)
           ON seen.chain = e.chain
    WHERE e.id > COALESCE(seen.after_id, 0)
    GROUP BY e.chain ORDER BY e.chain
""")
async def chain_growth(*, chains: list[int], after_ids: list[int]) -> list[ChainGrowthRow]: ...


@query("SELECT current_database()::text")
async def database_name() -> str: ...
