"""Checkpoints: the audit log's state, signed and written outside the database.

The chain hashes and the events' MACs show a rewritten event; they cannot show
that the newest events of a chain, or all of them, were removed by someone
who controls the database. A checkpoint can: it records, for each chain, how
many events it holds, its head (id and hash) and the ids added since the
previous checkpoint, signed with the audit key and written to a directory the
operator chooses (ELECTION_AUDIT_CHECKPOINT_DIR, or `audit-checkpoints` in the
data directory). `verification.verify_chain` compares the database with every
checkpoint and names the first event missing.

Checkpoints form a chain of their own: each names its sequence number and the
digest (SHA-256 of the file) of the one before, so a checkpoint removed from
the middle, or altered, is found too. The digest of the newest one is short
enough to print on a result's minutes (`Checkpoint.short_digest`): a paper
copy that no database or file change can follow.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg

from election import db
from election.audit import keys, queries
from election.audit.sealing import canonical
from election.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

FORMAT = "election-audit-checkpoint/1"
DIRECTORY_VARIABLE = "ELECTION_AUDIT_CHECKPOINT_DIR"
_FILE = re.compile(r"audit-checkpoint-(\d{6,})\.json")


class CheckpointError(Exception):
    """A checkpoint could not be written, or one already written does not verify."""


@dataclass(frozen=True)
class ChainMark:
    """One chain at a checkpoint."""

    chain: int
    events: int
    head_id: int
    head_hash: str
    # The chain's events since the previous checkpoint, in order.
    new_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    # The digest of the previous checkpoint's file ("" for the first).
    previous: str
    written_at: dt.datetime
    database: str
    key_id: str
    chains: tuple[ChainMark, ...]
    mac: str
    # SHA-256 of the file as written: what the result minutes print.
    digest: str
    path: Path | None = field(default=None, compare=False)

    @property
    def events(self) -> int:
        return sum(mark.events for mark in self.chains)

    @property
    def short_digest(self) -> str:
        """The first 80 bits of the digest in groups of four, to read aloud or compare by eye."""
        return " ".join(self.digest[i : i + 4] for i in range(0, 20, 4)).upper()

    def body(self) -> dict[str, Any]:
        """What the MAC covers: everything but the MAC and the digest."""
        return {
            "format": FORMAT,
            "sequence": self.sequence,
            "previous": self.previous,
            "written_at": self.written_at.isoformat(),
            "database": self.database,
            "key_id": self.key_id,
            "events": self.events,
            "chains": [
                {
                    "chain": m.chain,
                    "events": m.events,
                    "head_id": m.head_id,
                    "head_hash": m.head_hash,
                    "new_ids": list(m.new_ids),
                }
                for m in self.chains
            ],
        }


def _mac_message(body: dict[str, Any]) -> bytes:
    return f"{FORMAT}\n{canonical(body)}".encode()


def file_name(sequence: int) -> str:
    return f"audit-checkpoint-{sequence:06d}.json"


def configured_checkpoint_directory() -> Path | None:
    """The directory ELECTION_AUDIT_CHECKPOINT_DIR names, if it names one."""
    configured = os.environ.get(DIRECTORY_VARIABLE, "").strip()
    return Path(configured) if configured else None


def checkpoint_directory() -> Path:
    """Where checkpoints go unless a command names another directory."""
    if configured := configured_checkpoint_directory():
        return configured
    return Path(os.environ.get("ELECTION_DATA_DIR", str(PROJECT_ROOT / ".data"))) / (
        "audit-checkpoints"
    )


# --------------------------------------------------------------------------
# Reading


def parse(content: bytes, *, path: Path | None = None) -> Checkpoint:
    """A checkpoint file's content; CheckpointError unless it is one, signed by an audit key."""
    name = path.name if path else "checkpoint"
    try:
        data = json.loads(content)
        body = {k: v for k, v in data.items() if k != "mac"}
        chains = tuple(
            ChainMark(
                chain=int(c["chain"]),
                events=int(c["events"]),
                head_id=int(c["head_id"]),
                head_hash=str(c["head_hash"]),
                new_ids=tuple(int(i) for i in c["new_ids"]),
            )
            for c in body["chains"]
        )
        checkpoint = Checkpoint(
            sequence=int(body["sequence"]),
            previous=str(body["previous"]),
            written_at=dt.datetime.fromisoformat(body["written_at"]),
            database=str(body["database"]),
            key_id=str(body["key_id"]),
            chains=chains,
            mac=str(data["mac"]),
            digest=hashlib.sha256(content).hexdigest(),
            path=path,
        )
    except (ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"{name} is not an audit checkpoint ({error})") from None
    if body.get("format") != FORMAT:
        raise CheckpointError(f"{name} is not an audit checkpoint of format {FORMAT}")
    if checkpoint.body() != body or not keys.keys().verifies(_mac_message(body), checkpoint.mac):
        raise CheckpointError(f"{name} was altered or not signed with the audit key")
    return checkpoint


def checkpoint_files(directory: Path) -> list[tuple[int, Path]]:
    """The directory's checkpoint files by sequence number."""
    if not directory.is_dir():
        return []
    found = [
        (int(match[1]), path)
        for path in directory.iterdir()
        if (match := _FILE.fullmatch(path.name)) is not None
    ]
    return sorted(found)


def read_all(directory: Path) -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints of `directory` to verify against, and what is wrong with the others.

    Those used are the run from the first that all verify and follow one
    another; after a checkpoint that is missing or does not verify, the later
    ones are still checked, but their lists of new events would leave a gap,
    so they are not used.
    """
    used: list[Checkpoint] = []
    problems: list[str] = []
    previous: Checkpoint | None = None
    expected_sequence = 1
    for sequence, path in checkpoint_files(directory):
        try:
            checkpoint = parse(path.read_bytes(), path=path)
        except CheckpointError as error:
            problems.append(str(error))
            expected_sequence = sequence + 1
            previous = None
            continue
        if checkpoint.sequence != sequence:
            problems.append(f"{path.name} holds checkpoint {checkpoint.sequence}")
        elif sequence != expected_sequence:
            problems.append(f"checkpoint {expected_sequence} is missing before {path.name}")
        elif checkpoint.previous != (previous.digest if previous else ""):
            problems.append(f"{path.name} does not follow the checkpoint before it")
        elif not problems:
            used.append(checkpoint)
        previous, expected_sequence = checkpoint, sequence + 1
    return used, problems


def latest_checkpoint(directory: Path | None = None) -> Checkpoint | None:
    """The newest checkpoint, for printing its digest; CheckpointError if it does not verify."""
    files = checkpoint_files(directory or checkpoint_directory())
    if not files:
        return None
    _, path = files[-1]
    return parse(path.read_bytes(), path=path)


def latest_checkpoint_digest(directory: Path | None = None) -> str | None:
    """The digest to print on a result's minutes (as text and as a QR code)."""
    checkpoint = latest_checkpoint(directory)
    return checkpoint.digest if checkpoint else None


# --------------------------------------------------------------------------
# Writing


async def _growth(previous: Checkpoint | None) -> tuple[list[queries.ChainGrowthRow], str]:
    """Each chain's events after the previous checkpoint's head, from one snapshot."""
    marks = previous.chains if previous else ()
    async with (
        db.connection() as conn,
        conn.transaction(readonly=True, isolation="repeatable_read"),
    ):
        growth = await queries.chain_growth(
            chains=[m.chain for m in marks], after_ids=[m.head_id for m in marks]
        )
        return growth, await queries.database_name()


def _signed(
    previous: Checkpoint | None, growth: list[queries.ChainGrowthRow], database: str
) -> tuple[int, bytes]:
    """The next checkpoint's sequence number and file content."""
    audit_keys = keys.keys()
    marks = {
        m.chain: ChainMark(m.chain, m.events, m.head_id, m.head_hash)
        for m in (previous.chains if previous else ())
    }
    for row in growth:
        before = marks.get(row.chain)
        marks[row.chain] = ChainMark(
            chain=row.chain,
            events=(before.events if before else 0) + len(row.ids),
            head_id=row.ids[-1],
            head_hash=row.head_hash,
            new_ids=tuple(row.ids),
        )
    sequence = previous.sequence + 1 if previous else 1
    body = Checkpoint(
        sequence=sequence,
        previous=previous.digest if previous else "",
        written_at=dt.datetime.now(dt.UTC),
        database=database,
        key_id=audit_keys.key_id,
        chains=tuple(marks[chain] for chain in sorted(marks)),
        mac="",
        digest="",
    ).body()
    mac = audit_keys.sign(_mac_message(body))
    return sequence, (canonical({**body, "mac": mac}) + "\n").encode()


def _create(path: Path, content: bytes) -> bool:
    """Write a new file whole and to the disk; False if it exists already."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    return True


async def write_checkpoint(directory: Path | None = None) -> Checkpoint:
    """Sign the log's present state and write it as the directory's next checkpoint.

    Writers in other processes may race for the same sequence number: the
    file is created exclusively, and the loser starts again from the winner's.
    """
    directory = directory or checkpoint_directory()
    await asyncio.to_thread(directory.mkdir, parents=True, exist_ok=True)
    for _attempt in range(10):
        previous = await asyncio.to_thread(latest_checkpoint, directory)
        growth, database = await _growth(previous)
        if previous is not None and previous.database != database:
            raise CheckpointError(
                f"the checkpoints in {directory} are of database {previous.database}, "
                f"not {database}: give each database a directory of its own"
            )
        sequence, content = _signed(previous, growth, database)
        path = directory / file_name(sequence)
        if await asyncio.to_thread(_create, path, content):
            return parse(content, path=path)
    raise CheckpointError(f"could not write a checkpoint in {directory}: too many writers")


_writer: asyncio.Task[None] | None = None
_requested = False


def checkpoint_soon() -> None:
    """Write a checkpoint in the background, after the caller's change has committed,
    if ELECTION_AUDIT_CHECKPOINT_DIR names the checkpoints' directory.

    For the moments worth a checkpoint, such as a unit's result being fixed:
    call it once the transaction has committed. Calls that come while a
    checkpoint is being written are covered by one more written after it. A
    failure is logged, never raised: the change has been made.
    """
    global _writer, _requested
    if configured_checkpoint_directory() is None:
        return
    _requested = True
    loop = asyncio.get_running_loop()
    if _writer is None or _writer.done() or _writer.get_loop() is not loop:
        # A context of its own: the writer outlives any connection held here.
        _writer = loop.create_task(_write_requested(), context=contextvars.Context())


async def _write_requested() -> None:
    global _requested
    while _requested:
        _requested = False
        try:
            checkpoint = await write_checkpoint(configured_checkpoint_directory())
        except (
            CheckpointError,
            OSError,
            asyncpg.PostgresError,
            asyncpg.InterfaceError,
            RuntimeError,
        ) as error:
            log.error("audit checkpoint not written: %s", error)
            continue
        log.info("audit checkpoint %d written: %s", checkpoint.sequence, checkpoint.digest)
