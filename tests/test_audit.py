"""The audit log: append-only, signed and hash-chained, written with the change.

Tampering by someone who controls the database is in test_audit_tamper.py.
"""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from election import db
from election.audit import services as audit
from tests.builders import bearer, make_user, system


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


async def test_every_event_is_signed_with_the_audit_key(clean_db):
    await make_user(username="signed")
    [row] = await db.fetch("SELECT chain, mac FROM audit_event")
    assert len(row["mac"]) == 64
    report = await audit.verify_chain()
    assert report.intact and report.findings == ()


async def test_updating_or_deleting_an_event_is_refused(clean_db, owner):
    await make_user(username="immutable")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await db.execute("UPDATE audit_event SET summary = 'rewritten'")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await db.execute("DELETE FROM audit_event")
    # Not even the owner, while the triggers are on.
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
        await owner.execute("DELETE FROM audit_event")


async def test_a_rewritten_event_is_detected(clean_db, owner):
    for index in range(3):
        await make_user(username=f"tamper{index}")
    # Someone with superuser rights, past the trigger.
    async with owner.transaction():
        await owner.execute("SET LOCAL session_replication_role = replica")
        await owner.execute("UPDATE audit_event SET summary = 'forged' WHERE id = 2")
    report = await audit.verify_chain()
    assert not report.intact
    assert report.first_broken_id == 2
    assert {f.problem for f in report.findings} == {"altered"}


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


async def test_a_lost_chain_head_continues_from_the_last_event(clean_db, owner):
    async def change() -> None:
        async with db.transaction():
            await audit.record(actor=system(), entity_type="thing", entity_id=1, action="edit")

    await change()
    # Maintenance by the owner, who says so (the table refuses TRUNCATE otherwise).
    async with owner.transaction():
        await owner.execute("SELECT set_config('election.audit_truncate', 'allowed', true)")
        await owner.execute("TRUNCATE audit_chain_head")
    assert not (await audit.verify_chain()).intact
    await change()
    report = await audit.verify_chain()
    assert report.intact
    assert report.events == 2


async def test_a_checkpoint_is_written_in_the_background_where_one_is_configured(
    clean_db, tmp_path, monkeypatch
):
    await make_user(username="checkpointed")
    audit.checkpoint_soon()  # no directory configured: nothing
    monkeypatch.setenv("ELECTION_AUDIT_CHECKPOINT_DIR", str(tmp_path))
    audit.checkpoint_soon()
    for _ in range(100):
        if audit.latest_checkpoint(tmp_path) is not None:
            break
        await asyncio.sleep(0.05)
    checkpoint = audit.latest_checkpoint(tmp_path)
    assert checkpoint is not None and checkpoint.events == 1
    assert audit.latest_checkpoint_digest(tmp_path) == checkpoint.digest
    assert len(checkpoint.short_digest.split()) == 5
    assert (await audit.verify_chain(tmp_path)).intact


async def test_the_api_reports_the_findings_to_national_administrators(client, owner):
    await make_user(username="national.admin")
    headers = await bearer(client, "national.admin")
    response = await client.get("/api/v1/audit/verify", headers=headers)
    assert response.status_code == 200
    assert response.json()["intact"] and response.json()["findings"] == []
    async with owner.transaction():
        await owner.execute("SET LOCAL session_replication_role = replica")
        await owner.execute("UPDATE audit_event SET summary = 'forged' WHERE id = 1")
    body = (await client.get("/api/v1/audit/verify", headers=headers)).json()
    assert not body["intact"] and body["first_broken_id"] == 1
    assert body["findings"][0]["problem"] == "altered"
