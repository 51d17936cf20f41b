"""A vote's candidate exists, kept by triggers that take no row lock on the
candidate (migration 2026-12-04T18:50): a vote for a missing candidate is
refused, a candidate with votes cannot go, and the two cannot race past each
other. Entries of one unit no longer lock its candidates' rows."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import asyncpg
import pytest

from election import db

MISSING = 2_000_000_000


@contextlib.asynccontextmanager
async def app_connection(database: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection of the application's own role, outside the pool."""
    conn = await asyncpg.connect(await db.application_dsn(database))
    try:
        yield conn
    finally:
        await conn.close()


async def an_entry_and_a_candidate_it_lacks() -> tuple[int, int]:
    """An entry, and a candidate of the same election without a vote in it."""
    row = await db.fetchrow(
        """
        SELECT e.id AS entry, c.id AS candidate FROM tally_entry e, candidate c
        WHERE NOT EXISTS (SELECT 1 FROM tally_vote v WHERE v.entry = e.id AND v.candidate = c.id)
        ORDER BY e.id, c.id LIMIT 1
        """
    )
    assert row is not None
    return row["entry"], row["candidate"]


async def waits(conn: asyncpg.Connection, statement: str, *args) -> asyncio.Task:
    """`statement` started on `conn`, checked to be waiting for a lock."""
    task = asyncio.create_task(conn.execute(statement, *args))
    for _ in range(100):
        await asyncio.sleep(0.02)
        waiting = await db.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query = $1",
            statement,
        )
        if waiting:
            return task
        assert not task.done(), "the statement should wait for the other transaction"
    raise AssertionError("the statement never waited")


async def test_a_vote_for_a_candidate_that_does_not_exist_is_refused(night, database):
    entry, candidate = await an_entry_and_a_candidate_it_lacks()
    before = await db.fetchval("SELECT count(*) FROM tally_vote")
    async with app_connection(database) as conn:
        with pytest.raises(asyncpg.ForeignKeyViolationError, match=str(MISSING)):
            await conn.execute(
                "INSERT INTO tally_vote (entry, candidate, votes) VALUES ($1, $2, 1)",
                entry,
                MISSING,
            )
        # Bulk loads (COPY) are checked as one statement.
        with pytest.raises(asyncpg.ForeignKeyViolationError):
            await conn.copy_records_to_table(
                "tally_vote", records=[(entry, MISSING, 1)], columns=["entry", "candidate", "votes"]
            )
        vote = await conn.fetchval(
            "INSERT INTO tally_vote (entry, candidate, votes) VALUES ($1, $2, 1) RETURNING id",
            entry,
            candidate,
        )
        with pytest.raises(asyncpg.ForeignKeyViolationError):
            await conn.execute("UPDATE tally_vote SET candidate = $2 WHERE id = $1", vote, MISSING)
        await conn.execute("DELETE FROM tally_vote WHERE id = $1", vote)
    assert await db.fetchval("SELECT count(*) FROM tally_vote") == before


async def test_a_candidate_with_votes_can_be_neither_deleted_nor_renumbered(night, database):
    candidate = await db.fetchval("SELECT candidate FROM tally_vote ORDER BY id LIMIT 1")
    async with app_connection(database) as conn:
        with pytest.raises(asyncpg.ForeignKeyViolationError, match="has votes"):
            await conn.execute("DELETE FROM candidate WHERE id = $1", candidate)
        with pytest.raises(asyncpg.ForeignKeyViolationError, match="has votes"):
            await conn.execute("UPDATE candidate SET id = $2 WHERE id = $1", candidate, MISSING)
        # Other changes to the row are not the check's business.
        await conn.execute("UPDATE candidate SET note = note WHERE id = $1", candidate)
    assert await db.fetchval("SELECT count(*) FROM candidate WHERE id = $1", candidate) == 1


async def test_a_candidate_without_votes_can_be_deleted(demo, database):
    candidate = await db.fetchval(
        "SELECT id FROM candidate c WHERE NOT EXISTS "
        "(SELECT 1 FROM unit_candidate_tally t WHERE t.candidate = c.id) ORDER BY id LIMIT 1"
    )
    async with app_connection(database) as conn:
        assert await conn.execute("DELETE FROM candidate WHERE id = $1", candidate) == "DELETE 1"


async def test_deleting_a_candidate_waits_for_a_vote_in_flight_then_refuses(night, database):
    entry, candidate = await an_entry_and_a_candidate_it_lacks()
    async with app_connection(database) as voter, app_connection(database) as remover:
        async with voter.transaction():
            await voter.execute(
                "INSERT INTO tally_vote (entry, candidate, votes) VALUES ($1, $2, 7)",
                entry,
                candidate,
            )
            # The vote is not committed yet: the candidate's removal waits for it.
            deleting = await waits(remover, "DELETE FROM candidate WHERE id = $1", candidate)
        with pytest.raises(asyncpg.ForeignKeyViolationError, match="has votes"):
            await deleting
    assert await db.fetchval("SELECT count(*) FROM candidate WHERE id = $1", candidate) == 1


async def test_a_vote_waits_for_a_candidate_being_deleted_then_refuses(demo, database):
    candidate = await db.fetchval(
        "SELECT id FROM candidate c WHERE NOT EXISTS "
        "(SELECT 1 FROM unit_candidate_tally t WHERE t.candidate = c.id) ORDER BY id LIMIT 1"
    )
    sheet = await db.fetchval(
        "INSERT INTO tally_sheet (polling_area, contest, unit, state, needs_review, "
        "review_comment, reviewed_by, approved_by) "
        "SELECT polling_area, contest, unit, 'draft', false, '', '', '' "
        "FROM polling_area_unit ORDER BY polling_area, contest LIMIT 1 RETURNING id"
    )
    async with app_connection(database) as voter, app_connection(database) as remover:
        entry = await voter.fetchval(
            "INSERT INTO tally_entry (sheet, version, kind, voters_on_list, voters_took_part, "
            "ballots_issued, ballots_received, valid, invalid, complaints_received, "
            "complaints_settled, complaints_forwarded, entered_by) "
            "VALUES ($1, 1, 'entry', 10, 9, 9, 9, 9, 0, 0, 0, 0, 'kiem.thu') RETURNING id",
            sheet,
        )
        async with remover.transaction():
            await remover.execute("DELETE FROM candidate WHERE id = $1", candidate)
            # The removal is not committed yet: a vote for the candidate waits.
            voting = await waits(
                voter,
                "INSERT INTO tally_vote (entry, candidate, votes) VALUES ($1, $2, 3)",
                entry,
                candidate,
            )
        with pytest.raises(asyncpg.ForeignKeyViolationError, match="does not exist"):
            await voting
        await voter.execute("DELETE FROM tally_entry WHERE id = $1", entry)
    assert await db.fetchval("SELECT count(*) FROM tally_vote WHERE candidate = $1", candidate) == 0


async def test_a_vote_leaves_its_candidates_row_unlocked(night, database):
    """Two entries of one unit in flight at once: neither locks the candidate's
    row (a foreign key's check would, and PostgreSQL would make a MultiXact
    of the two locks)."""
    entry, candidate = await an_entry_and_a_candidate_it_lacks()
    other_entry = await db.fetchval(
        "SELECT e.id FROM tally_entry e WHERE e.id <> $1 AND NOT EXISTS "
        "(SELECT 1 FROM tally_vote v WHERE v.entry = e.id AND v.candidate = $2) ORDER BY e.id LIMIT 1",
        entry,
        candidate,
    )
    async with app_connection(database) as first, app_connection(database) as second:
        typing = [first.transaction(), second.transaction()]
        for conn, transaction, typed in zip(
            (first, second), typing, (entry, other_entry), strict=True
        ):
            await transaction.start()
            await conn.execute(
                "INSERT INTO tally_vote (entry, candidate, votes) VALUES ($1, $2, 5)",
                typed,
                candidate,
            )
        try:
            assert await db.fetchval("SELECT xmax FROM candidate WHERE id = $1", candidate) == 0
        finally:
            for transaction in typing:
                await transaction.rollback()
