"""Tampering with the audit log as a superuser, and the verifier catching it (issue 15).

The attacker here controls the database (a superuser connection, triggers
off with `session_replication_role = replica`) and knows how the chain is
hashed (SHA-256 is public), but not the audit key, which never reaches the
database. The application's own role can do none of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from election import db
from election.audit import keys
from election.audit import services as audit
from election.audit.queries import ChainedEventRow, events_after
from election.audit.sealing import canonical, event_hash, sealed
from election.settings import PROJECT_ROOT
from election.sql import bind
from tests.builders import system

ENTITY = ("tally_sheet", 42)


async def changes(count: int, entity: tuple[str, int] = ENTITY) -> list[int]:
    """`count` events on one entity, so on one chain; their ids."""
    ids = []
    for index in range(count):
        async with db.transaction():
            ids.append(
                await audit.record(
                    actor=system(),
                    entity_type=entity[0],
                    entity_id=entity[1],
                    action=f"edit{index}",
                )
            )
    return ids


async def some_history() -> list[int]:
    """Events on a few chains: three of other entities and five edits of one
    sheet; the sheet's ids."""
    for index in range(3):
        await changes(1, ("polling_area", index))
    return await changes(5)


@contextlib.asynccontextmanager
async def as_attacker(owner: asyncpg.Connection) -> AsyncIterator[asyncpg.Connection]:
    """A superuser's transaction with every trigger off."""
    async with owner.transaction():
        await owner.execute("SET LOCAL session_replication_role = replica")
        yield owner


async def chain_events(conn: asyncpg.Connection, chain: int) -> list[ChainedEventRow]:
    """The chain's events as `conn` (inside its transaction) sees them."""
    text, args = bind(events_after, after_id=0, limit=100_000)
    events = []
    for row in await conn.fetch(text, *args):
        values = dict(row)
        values["before"] = json.loads(values["before"]) if values["before"] else None
        values["after"] = json.loads(values["after"]) if values["after"] else None
        events.append(ChainedEventRow(**values))
    return [e for e in events if e.chain == chain]


async def rechain(conn: asyncpg.Connection, chain: int) -> None:
    """What an attacker without the key can still do: recompute every hash of a
    chain from the events as they now are, and move its head to match."""
    previous = ""
    for event in await chain_events(conn, chain):
        text = canonical(event.payload())
        content = sealed(text, event.mac) if event.mac else text
        new_hash = event_hash(previous, content)
        await conn.execute(
            "UPDATE audit_event SET prev_hash = $1, hash = $2 WHERE id = $3",
            previous,
            new_hash,
            event.id,
        )
        previous = new_hash
    await conn.execute(
        "UPDATE audit_chain_head SET last_hash = $1 WHERE chain = $2", previous, chain
    )


SHEET_CHAIN = audit.chain_of(*ENTITY)


# --------------------------------------------------------------------------
# The application's role cannot touch the log


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET summary = 'x'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
        "TRUNCATE audit_chain_head",
        "DELETE FROM audit_chain_head",
        "SET session_replication_role = replica",
        "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
        "DROP TRIGGER audit_event_no_truncate ON audit_event",
        "ALTER TABLE audit_event DROP COLUMN mac",
        "CREATE TABLE audit_event_copy (id int)",
    ],
)
async def test_the_application_role_may_only_append(clean_db, statement):
    await some_history()
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await db.execute(statement)
    assert (await audit.verify_chain()).intact


async def test_the_application_signs_in_as_its_own_role(clean_db):
    assert await db.fetchval("SELECT current_user") == db.APP_ROLE
    assert not await db.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")


async def test_even_the_owner_may_truncate_only_by_saying_it_is_maintenance(clean_db, owner):
    await some_history()
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="TRUNCATE is refused"):
        await owner.execute("TRUNCATE audit_event")
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="TRUNCATE is refused"):
        await owner.execute("TRUNCATE audit_chain_head")


# --------------------------------------------------------------------------
# Tampering as a superuser


async def test_an_event_rewritten_with_every_hash_recomputed_is_caught(clean_db, owner):
    ids = await some_history()
    async with as_attacker(owner) as conn:
        await conn.execute(
            "UPDATE audit_event SET summary = 'nothing happened' WHERE id = $1", ids[2]
        )
        await rechain(conn, SHEET_CHAIN)
    report = await audit.verify_chain()
    assert not report.intact
    assert report.first_broken_id == ids[2]
    assert [(f.problem, f.event_id) for f in report.findings] == [("altered", ids[2])]


async def test_the_newest_event_deleted_and_its_head_moved_back_is_caught_by_a_checkpoint(
    clean_db, owner, tmp_path
):
    ids = await some_history()
    await audit.write_checkpoint(tmp_path)
    async with as_attacker(owner) as conn:
        await conn.execute("DELETE FROM audit_event WHERE id = $1", ids[-1])
        await rechain(conn, SHEET_CHAIN)
    # The database alone now tells a consistent story...
    assert (await audit.verify_chain()).intact
    # ...which the checkpoint, outside it, contradicts.
    report = await audit.verify_chain(tmp_path)
    assert not report.intact
    assert report.first_broken_id == ids[-1]
    assert report.first_finding.problem == "missing"


async def test_the_newest_events_deleted_behind_the_head_are_caught_by_the_head(clean_db, owner):
    ids = await some_history()
    async with as_attacker(owner) as conn:
        await conn.execute("DELETE FROM audit_event WHERE id = ANY($1)", ids[-2:])
    report = await audit.verify_chain()
    assert [(f.problem, f.chain) for f in report.findings] == [("head", SHEET_CHAIN)]


async def test_an_event_deleted_from_the_middle_is_caught(clean_db, owner, tmp_path):
    ids = await some_history()
    await audit.write_checkpoint(tmp_path)
    async with as_attacker(owner) as conn:
        await conn.execute("DELETE FROM audit_event WHERE id = $1", ids[1])
    # Left as it was, the next event points at a hash that is gone.
    report = await audit.verify_chain()
    assert [(f.problem, f.event_id) for f in report.findings] == [("unlinked", ids[2])]
    # With the chain recomputed, the checkpoint names the missing event.
    async with as_attacker(owner) as conn:
        await rechain(conn, SHEET_CHAIN)
    report = await audit.verify_chain(tmp_path)
    assert report.first_broken_id == ids[1]
    assert report.first_finding.problem == "missing"


async def test_a_truncated_log_is_caught_by_the_checkpoint_with_its_first_event(
    clean_db, owner, tmp_path
):
    await some_history()
    first = await db.fetchval("SELECT min(id) FROM audit_event")
    checkpoint = await audit.write_checkpoint(tmp_path)
    async with as_attacker(owner) as conn:
        await conn.execute("TRUNCATE audit_event, audit_chain_head")
    assert (await audit.verify_chain()).intact  # nothing left to contradict itself
    report = await audit.verify_chain(tmp_path)
    assert not report.intact
    assert report.first_broken_id == first
    missing = sum(int(f.detail.split()[0]) for f in report.findings if f.problem == "missing")
    assert missing == checkpoint.events == 8


async def test_checkpoints_written_after_the_tampering_still_name_what_was_lost(
    clean_db, owner, tmp_path
):
    ids = await some_history()
    await audit.write_checkpoint(tmp_path)
    async with as_attacker(owner) as conn:
        await conn.execute("DELETE FROM audit_event WHERE id = $1", ids[-1])
        await rechain(conn, SHEET_CHAIN)
    await changes(2, ("other", 1))
    await audit.write_checkpoint(tmp_path)
    report = await audit.verify_chain(tmp_path)
    assert report.first_broken_id == ids[-1]
    assert report.checkpoints == 2


async def test_a_forged_or_unsigned_event_is_caught(clean_db, owner):
    ids = await some_history()
    async with as_attacker(owner) as conn:
        await conn.execute(
            """INSERT INTO audit_event (occurred_at, actor_user_id, actor_username, actor_role,
                   request_id, entity_type, entity_id, action, summary, prev_hash, hash, chain, mac)
               VALUES (now(), NULL, 'system:test', 'admin', '', $1, $2, 'approve',
                   'approved', '', '', $3, repeat('0', 64))""",
            ENTITY[0],
            str(ENTITY[1]),
            SHEET_CHAIN,
        )
        await conn.execute("UPDATE audit_event SET mac = '' WHERE id = $1", ids[0])
        await rechain(conn, SHEET_CHAIN)
    report = await audit.verify_chain()
    assert [(f.problem, f.event_id) for f in report.findings][:1] == [("unsigned", ids[0])]
    forged = await db.fetchval("SELECT max(id) FROM audit_event")
    assert ("altered", forged) in [(f.problem, f.event_id) for f in report.findings]


async def test_a_copied_event_is_caught(clean_db, owner):
    ids = await some_history()
    async with as_attacker(owner) as conn:
        await conn.execute(
            """INSERT INTO audit_event (occurred_at, actor_user_id, actor_username, actor_role,
                   request_id, entity_type, entity_id, action, summary, before, after,
                   prev_hash, hash, chain, mac)
               SELECT occurred_at, actor_user_id, actor_username, actor_role, request_id,
                   entity_type, entity_id, action, summary, before, after, '', '', chain, mac
               FROM audit_event WHERE id = $1""",
            ids[0],
        )
        await rechain(conn, SHEET_CHAIN)
    copy = await db.fetchval("SELECT max(id) FROM audit_event")
    report = await audit.verify_chain()
    assert [(f.problem, f.event_id) for f in report.findings] == [("unexpected", copy)]


async def test_an_altered_or_missing_checkpoint_is_reported(clean_db, tmp_path):
    await changes(1)
    await audit.write_checkpoint(tmp_path)
    await changes(1)
    second = await audit.write_checkpoint(tmp_path)
    await changes(1)
    await audit.write_checkpoint(tmp_path)
    assert (await audit.verify_chain(tmp_path)).intact
    assert second.path is not None
    original = second.path.read_bytes()
    second.path.write_bytes(original.replace(b'"events":2', b'"events":1', 1))
    report = await audit.verify_chain(tmp_path)
    assert [f.problem for f in report.findings] == ["checkpoint", "checkpoint"]
    assert "altered" in report.findings[0].detail
    second.path.unlink()
    report = await audit.verify_chain(tmp_path)
    assert [f.detail for f in report.findings] == [
        "checkpoint 2 is missing before audit-checkpoint-000003.json"
    ]


async def test_another_key_verifies_nothing_and_a_rotated_key_keeps_old_events_valid(clean_db):
    await some_history()
    old = keys.keys()
    new = keys.AuditKeys(b"another-audit-key-" + b"n" * 32)
    try:
        keys.use(new)
        report = await audit.verify_chain()
        assert {f.problem for f in report.findings} == {"altered"}
        keys.use(keys.AuditKeys(new.current, (old.current,)))
        await changes(1, ("after", "rotation"))
        assert (await audit.verify_chain()).intact
    finally:
        keys.use(old)


# --------------------------------------------------------------------------
# The commands


async def election(database: str, *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "election",
        *args,
        env={**os.environ, "ELECTION_DATABASE_URL": database},
        cwd=PROJECT_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_the_commands_write_a_checkpoint_and_verify_against_it(
    database, clean_db, owner, tmp_path: Path
):
    ids = await some_history()
    status, output = await election(database, "audit-checkpoint", "--out", str(tmp_path))
    assert status == 0, output
    assert "Audit checkpoint 1 written" in output and "for the minutes:" in output
    digest = audit.latest_checkpoint_digest(tmp_path)
    assert digest is not None and f"digest: {digest}" in output

    status, output = await election(database, "audit-verify", "--checkpoints", str(tmp_path))
    assert (status, output.strip()) == (
        0,
        "Audit chain intact: 8 events. Checked against 1 checkpoint(s).",
    )
    async with as_attacker(owner) as conn:
        await conn.execute("DELETE FROM audit_event WHERE id = $1", ids[-1])
        await rechain(conn, SHEET_CHAIN)
    status, output = await election(database, "audit-verify", "--checkpoints", str(tmp_path))
    assert status == 1
    assert output.startswith(f"Audit chain BROKEN at event {ids[-1]}.")
    assert "missing" in output
