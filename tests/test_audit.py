"""The audit log: append-only, hash-chained, written with the change."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from election import db
from election.audit import services as audit
from tests.builders import make_user, system


async def test_every_event_names_actor_role_request_entity_and_action(clean_db):
    actor = system().with_request("req-123")
    async with db.transaction():
        await audit.record(
            actor=actor,
            entity_type="thing",
            entity_id=7,
            action="update",
            before={"a": 1},
            after={"a": 2},
        )
    [event] = await audit.history(entity_type="thing", entity_id=7)
    assert event.actor_username == "system:test"
    assert event.actor_role == "admin"
    assert event.request_id == "req-123"
    assert (event.before, event.after) == ({"a": 1}, {"a": 2})
    assert event.occurred_at is not None


async def test_recording_outside_a_transaction_is_a_programming_error(clean_db):
    with pytest.raises(RuntimeError):
        await audit.record(actor=system(), entity_type="x", entity_id=1, action="y")


async def test_the_chain_verifies_after_many_changes(clean_db):
    for index in range(5):
        await make_user(username=f"chain{index}")
    report = await audit.verify_chain()
    assert report.intact
    assert report.events == 5


async def test_updating_or_deleting_an_event_is_refused(clean_db):
    await make_user(username="immutable")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await db.execute("UPDATE audit_event SET summary = 'rewritten'")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await db.execute("DELETE FROM audit_event")


async def test_a_rewritten_event_is_detected(clean_db):
    for index in range(3):
        await make_user(username=f"tamper{index}")
    # Simulate an attacker with superuser rights bypassing the trigger.
    async with db.connection() as conn, conn.transaction():
        await conn.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        await conn.execute("UPDATE audit_event SET summary = 'forged' WHERE id = 2")
        await conn.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    report = await audit.verify_chain()
    assert not report.intact
    assert report.first_broken_id == 2


async def test_concurrent_appends_to_one_chain_keep_it_intact(clean_db):
    """Twenty transactions at once on one entity (so one chain), some rolled
    back: every committed event follows the one before it."""

    async def change(index: int) -> None:
        try:
            async with db.transaction():
                await audit.record(actor=system(), entity_type="sheet", entity_id=1, action="edit")
                if index % 5 == 0:
                    raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    await asyncio.gather(*(change(index) for index in range(20)))
    report = await audit.verify_chain()
    assert report.intact
    assert report.events == 16
    chain = audit.chain_of("sheet", 1)
    head = await db.fetchval("SELECT last_hash FROM audit_chain_head WHERE chain = $1", chain)
    last = await db.fetchval(
        "SELECT hash FROM audit_event WHERE chain = $1 ORDER BY id DESC LIMIT 1", chain
    )
    assert head == last


async def test_a_lost_chain_head_continues_from_the_last_event(clean_db):
    async def change() -> None:
        async with db.transaction():
            await audit.record(actor=system(), entity_type="thing", entity_id=1, action="edit")

    await change()
    await db.execute("TRUNCATE audit_chain_head")
    await change()
    report = await audit.verify_chain()
    assert report.intact
    assert report.events == 2
