"""`election backup` and `election restore`: a populated database dumped, restored
into a fresh one, and compared table by table and by its audit chain."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import asyncpg
import pytest

from election import db
from election.audit.services import verify_chain
from election.ops import backup
from election.settings import PROJECT_ROOT


async def election_command(database: str, *args: str) -> tuple[int, str]:
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


async def row_counts(dsn: str) -> dict[str, int]:
    conn = await asyncpg.connect(dsn)
    try:
        tables = await conn.fetch(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
        )
        return {
            f"{t['schemaname']}.{t['tablename']}": await conn.fetchval(
                f'SELECT count(*) FROM "{t["schemaname"]}"."{t["tablename"]}"'
            )
            for t in tables
        }
    finally:
        await conn.close()


@pytest.fixture
async def fresh_database(database: str):
    name = f"election_restore_{os.getpid()}"
    url = await db.ensure_database(database, name, recreate=True)
    yield url
    await db.drop_database(database, name)


async def test_a_backup_restores_into_a_fresh_database_row_for_row(
    database: str, demo, fresh_database: str, tmp_path: Path
):
    report = await verify_chain()
    assert report.intact and report.events > 0
    archive = tmp_path / "election.dump"

    status, output = await election_command(database, "backup", "--output", str(archive))
    assert status == 0, output
    assert "Backup written" in output and archive.stat().st_size > 0

    status, output = await election_command(fresh_database, "restore", str(archive))
    assert status == 0, output
    assert f"Audit chain intact: {report.events} events." in output

    source, restored = await row_counts(database), await row_counts(fresh_database)
    assert restored == source
    assert source["public.voter"] > 0 and source["public.audit_event"] == report.events

    # A database that holds anything is never restored over.
    status, output = await election_command(fresh_database, "restore", str(archive))
    assert status == 1
    assert "not empty" in output


async def test_a_missing_archive_is_reported(fresh_database: str, tmp_path: Path):
    status, output = await election_command(fresh_database, "restore", str(tmp_path / "none"))
    assert status == 1
    assert "no such archive" in output


def test_the_tools_are_of_the_lowest_major_version_at_or_above_the_server(monkeypatch):
    tools = [
        backup.Tool(Path("/embedded/bin/pg_dump"), 18),
        backup.Tool(Path("/usr/lib/postgresql/15/bin/pg_dump"), 15),
        backup.Tool(Path("/usr/lib/postgresql/16/bin/pg_dump"), 16),
    ]
    monkeypatch.setattr(backup, "installed", lambda name, pg_bin_dir=None: tools)
    assert backup.choose("pg_dump", 15).major == 15
    assert backup.choose("pg_dump", 17).major == 18
    with pytest.raises(backup.BackupError, match="PostgreSQL 19 or newer"):
        backup.choose("pg_dump", 19)


def test_the_password_reaches_the_tools_through_the_environment():
    url, env = backup._without_password("postgresql://election:s3cret@db.internal:5433/election")
    assert url == "postgresql://election@db.internal:5433/election"
    assert env["PGPASSWORD"] == "s3cret"
