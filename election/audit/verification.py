"""Verifying the audit log: every event, the chain heads, and the checkpoints.

- Each event's MAC must be the audit key's over its content: a rewritten
  event fails here even when its hashes were recomputed, since the key is not
  in the database.
- Each event's `prev_hash` must be the hash of the event before it in its
  chain, and its `hash` the hash of its own content: a removed event leaves
  the next one pointing at a hash that is no longer there.
- Each chain's head row must name the chain's last event.
- Each checkpoint (files outside the database, see `checkpoints`) names the
  events its chains held: every one of them must still be there, nothing else
  may have joined them, and each chain's head at the checkpoint must have the
  hash recorded. Removing the newest events, or all of them (TRUNCATE), is
  found here, with the first missing event.

The walk reads the events in id order, a batch at a time, in one read-only
snapshot; within a chain, ids follow the order of the appends (each append
holds the chain's head row until its commit).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from election import db
from election.audit import checkpoints, keys, queries
from election.audit.sealing import canonical, event_hash, mac_message, sealed

_VERIFY_BATCH = 2000
# Findings kept for the report; a truncated table would otherwise list every event.
MAX_FINDINGS = 200


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the log.

    `problem` is one of: altered (content or hash changed), unsigned (no MAC),
    unlinked (an event before it in its chain is gone), missing (named by a
    checkpoint, not in the database), unexpected (in the database, not where
    the checkpoints or the rest of the log allow: added, or a copy), head (a
    chain head row that disagrees with its chain), checkpoint (a checkpoint
    file altered, missing or out of sequence). `event_id` is the event concerned, when one is known.
    """

    problem: str
    detail: str
    event_id: int | None = None
    chain: int | None = None


@dataclass(frozen=True)
class ChainReport:
    events: int
    findings: tuple[Finding, ...] = ()
    checkpoints: int = 0
    # Findings beyond MAX_FINDINGS, counted only.
    more_findings: int = 0

    @property
    def intact(self) -> bool:
        return not self.findings

    @property
    def first_broken_id(self) -> int | None:
        """The first event (by id) missing, altered or out of place."""
        ids = [f.event_id for f in self.findings if f.event_id is not None]
        return min(ids) if ids else None

    @property
    def first_finding(self) -> Finding | None:
        first = self.first_broken_id
        for finding in self.findings:
            if first is None or finding.event_id == first:
                return finding
        return None


@dataclass
class _Expected:
    """What the checkpoints say one chain holds."""

    ids: array[int] = field(default_factory=lambda: array("q"))
    # (events, head id, head hash) at each checkpoint, in order.
    marks: list[tuple[int, int, str]] = field(default_factory=list[tuple[int, int, str]])
    next_id: int = 0
    next_mark: int = 0

    @property
    def last_id(self) -> int:
        return self.ids[-1] if self.ids else 0


@dataclass
class _Chain:
    events: int = 0
    last_hash: str = ""
    last_id: int = 0
    # Events the checkpoints name that are not in the database: how many, the first few.
    missing: int = 0
    missing_ids: list[int] = field(default_factory=list[int])


class _Walk:
    """The state of one verification: each chain's last event and what the checkpoints expect."""

    def __init__(self, expected: dict[int, _Expected]) -> None:
        self.keys = keys.keys()
        self.expected = expected
        self.chains: dict[int, _Chain] = {}
        self.findings: list[Finding] = []
        self.more_findings = 0
        self.events = 0
        # The first 64 bits of every MAC seen: a second event with the same MAC
        # is a copy of the first (the same content, time and request).
        self.macs: set[int] = set()

    def found(self, problem: str, detail: str, event_id: int | None, chain: int | None) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(Finding(problem, detail, event_id, chain))
        else:
            self.more_findings += 1

    def event(self, event: queries.ChainedEventRow) -> None:
        self.events += 1
        chain = self.chains.setdefault(event.chain, _Chain())
        chain.events += 1
        self._contents(event, chain)
        expected = self.expected.get(event.chain)
        if expected is not None:
            self._against_checkpoints(event, chain, expected)
        chain.last_hash, chain.last_id = event.hash, event.id

    def _contents(self, event: queries.ChainedEventRow, chain: _Chain) -> None:
        text = canonical(event.payload())
        content = sealed(text, event.mac) if event.mac else text
        if event.prev_hash != chain.last_hash:
            after = f"event {chain.last_id}" if chain.last_id else "the start of the chain"
            self.found(
                "unlinked",
                f"event {event.id} does not follow {after} in chain {event.chain}: "
                "an event between them is missing",
                event.id,
                event.chain,
            )
        if not event.mac:
            self.found("unsigned", f"event {event.id} carries no MAC", event.id, event.chain)
        elif not self.keys.verifies(mac_message(event.chain, text), event.mac):
            self.found(
                "altered",
                f"event {event.id} does not match its MAC: its content was changed",
                event.id,
                event.chain,
            )
        elif event.hash != event_hash(event.prev_hash, content):
            self.found(
                "altered",
                f"event {event.id} does not match its hash: the hash was changed",
                event.id,
                event.chain,
            )
        elif (seen := int(event.mac[:16], 16)) in self.macs:
            self.found(
                "unexpected",
                f"event {event.id} is a copy of an earlier event",
                event.id,
                event.chain,
            )
        else:
            self.macs.add(seen)

    def _against_checkpoints(
        self, event: queries.ChainedEventRow, chain: _Chain, expected: _Expected
    ) -> None:
        ids = expected.ids
        while expected.next_id < len(ids) and ids[expected.next_id] < event.id:
            self._missing(ids[expected.next_id], event.chain)
            expected.next_id += 1
        if expected.next_id < len(ids) and ids[expected.next_id] == event.id:
            expected.next_id += 1
        elif event.id < expected.last_id:
            self.found(
                "unexpected",
                f"event {event.id} is not among the events checkpointed in chain {event.chain}",
                event.id,
                event.chain,
            )
        marks = expected.marks
        while expected.next_mark < len(marks) and marks[expected.next_mark][1] <= event.id:
            count, head_id, head_hash = marks[expected.next_mark]
            if head_id == event.id and (count, head_hash) != (chain.events, event.hash):
                self.found(
                    "altered",
                    f"chain {event.chain} up to event {event.id} differs from its checkpoint "
                    f"({chain.events} events, {count} checkpointed)",
                    event.id,
                    event.chain,
                )
            expected.next_mark += 1

    def _missing(self, event_id: int, chain_number: int) -> None:
        chain = self.chains.setdefault(chain_number, _Chain())
        chain.missing += 1
        if len(chain.missing_ids) < 5:
            chain.missing_ids.append(event_id)

    def finish(self, heads: Iterable[queries.ChainHeadRow]) -> None:
        for chain_number, expected in sorted(self.expected.items()):
            for event_id in expected.ids[expected.next_id :]:
                self._missing(event_id, chain_number)
        for number, chain in sorted(self.chains.items()):
            if chain.missing:
                named = ", ".join(map(str, chain.missing_ids))
                more = ", …" if chain.missing > len(chain.missing_ids) else ""
                self.findings.append(
                    Finding(
                        "missing",
                        f"{chain.missing} event(s) of chain {number} named by the checkpoints "
                        f"are missing: {named}{more}",
                        chain.missing_ids[0],
                        number,
                    )
                )
        heads = list(heads)
        headless = set(self.chains) - {head.chain for head in heads}
        for number in sorted(headless):
            if self.chains[number].events:
                self.found(
                    "head",
                    f"chain {number} has events but no head row",
                    None,
                    number,
                )
        for head in heads:
            chain = self.chains.get(head.chain)
            if chain is None or not chain.events:
                self.found(
                    "head",
                    f"chain {head.chain} has a head but no events: its events are missing",
                    None,
                    head.chain,
                )
            elif head.last_hash != chain.last_hash:
                self.found(
                    "head",
                    f"chain {head.chain} ends at event {chain.last_id}, not where its head says: "
                    "its newest events are missing",
                    None,
                    head.chain,
                )


def _expected(found: list[checkpoints.Checkpoint]) -> dict[int, _Expected]:
    expected: dict[int, _Expected] = {}
    for checkpoint in found:
        for mark in checkpoint.chains:
            chain = expected.setdefault(mark.chain, _Expected())
            chain.ids.extend(mark.new_ids)
            chain.marks.append((mark.events, mark.head_id, mark.head_hash))
    return expected


async def verify_chain(checkpoint_directory: Path | None = None) -> ChainReport:
    """Check every event, chain head and (given a directory) checkpoint; report what is wrong."""
    found, problems = (
        checkpoints.read_all(checkpoint_directory) if checkpoint_directory else ([], [])
    )
    walk = _Walk(_expected(found))
    for problem in problems:
        walk.found("checkpoint", problem, None, None)
    last_id = 0
    async with (
        db.connection() as conn,
        conn.transaction(readonly=True, isolation="repeatable_read"),
    ):
        while batch := await queries.events_after(after_id=last_id, limit=_VERIFY_BATCH):
            for event in batch:
                walk.event(event)
            last_id = batch[-1].id
        walk.finish(await queries.chain_heads())
    findings = sorted(walk.findings, key=lambda f: (f.event_id is None, f.event_id or 0, f.problem))
    return ChainReport(
        events=walk.events,
        findings=tuple(findings),
        checkpoints=len(found),
        more_findings=walk.more_findings,
    )


# --------------------------------------------------------------------------
# The events a page shows


@dataclass(frozen=True)
class ShownReport:
    """The events of one page checked: each signed, unaltered and linked to
    the event before it in its chain (which need not be on the page)."""

    first_id: int | None
    last_id: int | None
    checked: int
    # The first broken event (by id) and what is wrong, in words for the page.
    broken_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def _problem(event: queries.LinkedEventRow, verifier: keys.AuditKeys) -> str:
    text = canonical(event.payload())
    if event.prev_hash != event.previous_hash:
        before = f"sự kiện số {event.previous_id}" if event.previous_id else "đầu chuỗi"
        return (
            f"sự kiện số {event.id} không nối tiếp {before} trong chuỗi của nó: "
            "có sự kiện ở giữa đã bị xóa hoặc bị sửa"
        )
    if not event.mac:
        return f"sự kiện số {event.id} không có chữ ký"
    if not verifier.verifies(mac_message(event.chain, text), event.mac):
        return f"nội dung sự kiện số {event.id} không khớp chữ ký: đã bị sửa"
    if event.hash != event_hash(event.prev_hash, sealed(text, event.mac)):
        return f"mã băm của sự kiện số {event.id} không khớp nội dung: đã bị sửa"
    return ""


async def verify_events(ids: list[int]) -> ShownReport:
    """Check the events `ids` (a page of the log) and their links, in one statement."""
    if not ids:
        return ShownReport(first_id=None, last_id=None, checked=0)
    verifier = keys.keys()
    events = await queries.linked_events(ids=ids)
    found = {event.id for event in events}
    for event in events:
        if problem := _problem(event, verifier):
            return ShownReport(min(ids), max(ids), len(events), event.id, problem)
    if missing := sorted(set(ids) - found):
        return ShownReport(
            min(ids), max(ids), len(events), missing[0], f"sự kiện số {missing[0]} đã bị xóa"
        )
    return ShownReport(min(ids), max(ids), len(events))
