"""The `election` command: run, serve, migrate, load data, create the first admin, audit,
back up and restore, replay election night on the demo."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import os
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from election import db
from election.actor import Actor, Role, ScopeLevel
from election.demo_data import DEMO_LOGINS, DEMO_PASSWORD
from election.errors import DomainError, RuleViolation
from election.ops import logs
from election.settings import Settings

if TYPE_CHECKING:
    from litestar import Litestar

# The domains, the web application and uvicorn are imported by the commands
# that use them (the PLC0415 exceptions below): together they take a couple of
# seconds to import, which `election stop-db` and `election --help` need not wait.


EMBEDDED_DATABASE = "election"


@contextlib.contextmanager
def database(
    settings: Settings, *, owner: bool = False
) -> Iterator[tuple[str, db.EmbeddedPostgres | None]]:
    """The DSN to use: ELECTION_DATABASE_URL, or the embedded server under .data/pg.

    The server (`owner=True`) stops the embedded database when it exits, even
    one left running by a killed run; a one-off command stops it only if it
    started it, so it never stops the database of a running `make run`.
    """
    if settings.database_url:
        yield settings.database_url, None
        return
    server = db.EmbeddedPostgres(settings.data_dir / "pg")
    server_dsn = server.start()
    try:
        dsn = asyncio.run(db.ensure_database(server_dsn, EMBEDDED_DATABASE))
        yield dsn, server
    finally:
        server.stop(only_if_started_here=not owner)


async def prepare_database(dsn: str, *, demo: bool) -> bool:
    """Migrate, load the map, and the demo when asked and the database is empty."""
    from election.demo import load_demo  # noqa: PLC0415 (every domain: database commands only)
    from election.geography.services import ensure_geography  # noqa: PLC0415 (a domain: database commands only)

    await db.open_pool(dsn, size=2)
    try:
        await db.migrate()
        await ensure_geography()
        return await load_demo() if demo else False
    finally:
        await db.close_pool()


def _banner(settings: Settings, demo_loaded: bool) -> str:
    lines = [
        "",
        "  Hệ thống quản lý bầu cử ĐBQH và HĐND — election operations",
        f"  Web UI and API: http://{settings.host}:{settings.port}/",
        f"  API schema:     http://{settings.host}:{settings.port}/schema",
        "",
        "  Demo logins (password for all: " + DEMO_PASSWORD + "):",
    ]
    for login in DEMO_LOGINS:
        lines.append(f"    {login.username:<18} {login.description}")
    if demo_loaded:
        lines.append("  (demo data set loaded into the empty database)")
    lines += ["", "  Ctrl-C stops the server and the embedded database.", ""]
    return "\n".join(lines)


def _serve(settings: Settings) -> None:
    from election.ops import serving  # noqa: PLC0415 (uvicorn: serving commands only)

    serving.run(settings, "election.cli:worker_app")


def worker_app() -> Litestar:
    """The app of one server process, built from the environment (uvicorn's factory)."""
    from election.app import create_app  # noqa: PLC0415 (the web app: serving commands only)

    settings = Settings.from_env()
    logs.configure(log_format=settings.log_format, level=settings.log_level)
    return create_app(settings)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    with database(settings, owner=True) as (dsn, _server):
        loaded = asyncio.run(prepare_database(dsn, demo=not args.no_demo))
        settings = replace(settings, database_url=dsn)
        print(_banner(settings, loaded), flush=True)
        _serve(settings)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    with database(settings, owner=True) as (dsn, _server):
        _serve(replace(settings, database_url=dsn))
    return 0


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    with database(settings) as (dsn, _server):
        asyncio.run(prepare_database(dsn, demo=False))
    print("Migrations applied; geography loaded.")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    with database(settings) as (dsn, _server):
        loaded = asyncio.run(prepare_database(dsn, demo=True))
    print("Demo data set loaded." if loaded else "The database already holds an election.")
    return 0


def _refused(error: DomainError) -> int:
    """A domain error's Vietnamese messages on stderr; the exit status 2."""
    messages = (
        [v.message for v in error.violations]
        if isinstance(error, RuleViolation)
        else [error.detail]
    )
    for message in messages:
        print(f"Lỗi: {message}", file=sys.stderr)
    return 2


def cmd_create_admin(args: argparse.Namespace, settings: Settings) -> int:
    from election.accounts import services as accounts  # noqa: PLC0415 (a domain: this command only)

    password = os.environ.get("ELECTION_ADMIN_PASSWORD")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        password = getpass.getpass("Mật khẩu cho quản trị viên: ")
        if password != getpass.getpass("Nhập lại mật khẩu: "):
            print("Mật khẩu nhập lại không khớp.", file=sys.stderr)
            return 2

    async def create(dsn: str) -> None:
        await db.open_pool(dsn, size=2)
        try:
            await accounts.create_user(
                username=args.username,
                full_name=args.full_name,
                password=password,
                role=Role.ADMIN,
                scope_level=ScopeLevel.NATIONAL,
                actor=Actor.system("create-admin"),
            )
        finally:
            await db.close_pool()

    with database(settings) as (dsn, _server):
        asyncio.run(prepare_database(dsn, demo=False))
        try:
            asyncio.run(create(dsn))
        except DomainError as error:
            return _refused(error)
    print(f"Đã tạo quản trị viên «{args.username}».")
    return 0


def cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    from election.audit import commands  # noqa: PLC0415 (a domain: this command only)

    checkpoints = getattr(args, "checkpoints", None)
    with database(settings) as (dsn, _server):
        return commands.verify(dsn, Path(checkpoints) if checkpoints else None)


def cmd_audit_checkpoint(args: argparse.Namespace, settings: Settings) -> int:
    from election.audit import commands, services  # noqa: PLC0415 (a domain: this command only)

    with database(settings) as (dsn, _server):
        return commands.checkpoint(dsn, Path(args.out or services.checkpoint_directory()))


def cmd_replay_tallies(args: argparse.Namespace, settings: Settings) -> int:
    from election.tallies.demo import ReplayReport, replay_tallies  # noqa: PLC0415 (a domain: this command only)

    async def replay(dsn: str) -> ReplayReport:
        await db.open_pool(dsn, size=2)
        try:
            return await replay_tallies(delay=args.delay, echo=lambda line: print(line, flush=True))
        finally:
            await db.close_pool()

    with database(settings) as (dsn, _server):
        try:
            report = asyncio.run(replay(dsn))
        except DomainError as error:
            return _refused(error)
    print(
        f"Đã nhập {report.sheets} biên bản, phê duyệt {report.approved}"
        + (f", bỏ qua {report.skipped} biên bản đã có" if report.skipped else "")
        + "."
    )
    return 0


def cmd_training_clock(args: argparse.Namespace, settings: Settings) -> int:
    """Move an election's training clock (the demo's, by default) or stop it."""
    from pydantic import ValidationError  # noqa: PLC0415 (this command only)

    from election.elections import services as elections  # noqa: PLC0415 (a domain: this command only)
    from election.elections.schemas import TrainingClockIn  # noqa: PLC0415 (this command only)

    try:
        data = TrainingClockIn.model_validate(
            {"training": not args.off, "at": args.at, "preset": args.preset}
        )
    except ValidationError as error:
        print(f"Lỗi: {error.errors()[0]['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return 2

    async def move(dsn: str) -> str:
        await db.open_pool(dsn, size=2)
        try:
            election_id = args.election or (await elections.list_elections())[0].id
            clock = await elections.set_training_clock(
                election_id=election_id, actor=Actor.system("training-clock"), **data.model_dump()
            )
            return elections.training_summary(clock)
        finally:
            await db.close_pool()

    with database(settings) as (dsn, _server):
        try:
            summary = asyncio.run(move(dsn))
        except DomainError as error:
            return _refused(error)
        except IndexError:
            print("Lỗi: chưa có cuộc bầu cử nào.", file=sys.stderr)
            return 2
    print(summary + ".")
    return 0


def cmd_rebuild_tallies(args: argparse.Namespace, settings: Settings) -> int:
    from election.tallies.exports import rebuild_unit_tallies  # noqa: PLC0415 (a domain: this command only)

    async def rebuild(dsn: str) -> int:
        await db.open_pool(dsn, size=2)
        try:
            return await rebuild_unit_tallies(election_id=args.election)
        finally:
            await db.close_pool()

    with database(settings) as (dsn, _server):
        units = asyncio.run(rebuild(dsn))
    print(f"Đã tính lại tổng hợp của {units} đơn vị bầu cử (theo vòng) từ các biên bản.")
    return 0


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from election.ops import backup  # noqa: PLC0415 (pg_dump: this command only)

    archive = Path(args.output or time.strftime("election-%Y%m%d-%H%M%S.dump"))
    with database(settings) as (dsn, _server):
        try:
            major = asyncio.run(backup.server_major(dsn))
            tool = backup.choose("pg_dump", major, settings.pg_bin_dir)
            size = backup.dump(dsn, archive, tool)
        except backup.BackupError as error:
            print(f"Backup failed: {error}", file=sys.stderr)
            return 1
    print(f"Backup written: {archive} ({size:,} bytes, pg_dump {tool.major}, server {major}).")
    if tool.major != major:
        print(
            f"Note: restoring it needs pg_restore {tool.major} or newer, which may refuse "
            f"a PostgreSQL {major} server; install the PostgreSQL {major} client tools "
            "(or set ELECTION_PG_BIN) for archives that restore anywhere.",
            file=sys.stderr,
        )
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from election.ops import backup  # noqa: PLC0415 (pg_restore: this command only)

    archive = Path(args.archive)
    with database(settings) as (dsn, _server):
        try:
            if asyncio.run(backup.user_tables(dsn)):
                raise backup.BackupError(
                    "the database is not empty; restore into a new, empty database "
                    "(createdb, then point ELECTION_DATABASE_URL at it)"
                )
            major = asyncio.run(backup.server_major(dsn))
            backup.restore(dsn, archive, backup.choose("pg_restore", major, settings.pg_bin_dir))
        except backup.BackupError as error:
            print(f"Restore failed: {error}", file=sys.stderr)
            return 1
        print(f"Restored {archive}.")
    # The restored audit log must still verify: the archive was not altered.
    return cmd_audit_verify(args, settings)


def cmd_stop_database(args: argparse.Namespace, settings: Settings) -> int:
    server = db.EmbeddedPostgres(settings.data_dir / "pg")
    if server.is_running():
        server.start()
        server.stop(only_if_started_here=False)
        print("Embedded PostgreSQL stopped.")
    else:
        print("Embedded PostgreSQL is not running.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    listen = argparse.ArgumentParser(add_help=False)
    listen.add_argument("--host", help="listen address (ELECTION_HOST, default 127.0.0.1)")
    listen.add_argument("--port", type=int, help="listen port (ELECTION_PORT, default 8000)")
    listen.add_argument(
        "--workers", type=int, help="server processes (ELECTION_WORKERS, default 1)"
    )
    parser = argparse.ArgumentParser(prog="election", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run", parents=[listen], help="set up the database, load the demo if empty, serve"
    )
    run.add_argument("--no-demo", action="store_true", help="do not load the demo data set")
    run.set_defaults(func=cmd_run)
    sub.add_parser(
        "serve", parents=[listen], help="serve only (the database must be migrated)"
    ).set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="apply migrations and load the geography").set_defaults(
        func=cmd_migrate
    )
    sub.add_parser("demo", help="load the demo data set into an empty database").set_defaults(
        func=cmd_demo
    )
    admin = sub.add_parser("create-admin", help="create a national administrator")
    admin.add_argument("--username", required=True)
    admin.add_argument("--full-name", required=True)
    admin.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    admin.set_defaults(func=cmd_create_admin)
    replay = sub.add_parser(
        "replay-tallies",
        help="election night on the demo: enter, verify and approve every tally sheet",
    )
    replay.add_argument(
        "--delay", type=float, default=0.0, help="seconds between sheets (to watch the dashboard)"
    )
    replay.set_defaults(func=cmd_replay_tallies)
    training = sub.add_parser(
        "training-clock",
        help="training mode: move an election's simulated date (the demo's by default) or stop it",
    )
    training.add_argument("--election", type=int, help="election id (default: the latest)")
    moment = training.add_mutually_exclusive_group(required=True)
    moment.add_argument("--at", help='the simulated moment, Vietnam time: "15/03/2026 19:30"')
    moment.add_argument(
        "--preset",
        choices=["before", "morning", "night"],
        help="30 days before election day, its morning, or its night (counting)",
    )
    moment.add_argument("--off", action="store_true", help="back to the real clock")
    training.set_defaults(func=cmd_training_clock)
    rebuild = sub.add_parser(
        "rebuild-tallies",
        help="recompute the running unit tallies of an election from its tally sheets",
    )
    rebuild.add_argument("--election", type=int, required=True, help="the election's id")
    rebuild.set_defaults(func=cmd_rebuild_tallies)
    audit = sub.add_parser(
        "audit-verify", help="check every audit event, the chain heads and the checkpoints"
    )
    audit.add_argument(
        "--checkpoints", metavar="DIR", help="the directory of the audit checkpoints to check"
    )
    audit.set_defaults(func=cmd_audit_verify)
    checkpoint = sub.add_parser(
        "audit-checkpoint", help="sign the audit log's state and write it outside the database"
    )
    checkpoint.add_argument(
        "--out",
        metavar="DIR",
        help="the checkpoints' directory (ELECTION_AUDIT_CHECKPOINT_DIR, "
        "default .data/audit-checkpoints)",
    )
    checkpoint.set_defaults(func=cmd_audit_checkpoint)
    backup = sub.add_parser("backup", help="write the whole database to a pg_dump archive")
    backup.add_argument(
        "--output", help="the archive to write (default: election-<date>-<time>.dump here)"
    )
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser(
        "restore", help="load a backup into an empty database, then verify its audit log"
    )
    restore.add_argument("archive", help="an archive written by `election backup`")
    restore.set_defaults(func=cmd_restore)
    sub.add_parser("stop-db", help="stop the embedded PostgreSQL").set_defaults(
        func=cmd_stop_database
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); harmless here.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    if getattr(args, "host", None):
        settings = replace(settings, host=args.host)
    if getattr(args, "port", None):
        settings = replace(settings, port=args.port)
    if getattr(args, "workers", None):
        settings = replace(settings, workers=args.workers)
    logs.configure(
        log_format=settings.log_format, level="DEBUG" if settings.debug else settings.log_level
    )
    try:
        sys.exit(args.func(args, settings))
    except KeyboardInterrupt:
        sys.exit(130)
