"""Entering the paper minutes: a first entry, its verification by a second
independent entry, and corrections after approval as new versions.

A submission reads the sheet, checks the minutes against it, decides what
the entry is, and writes it in one statement that applies only if the sheet
has not changed since the read; otherwise it reads and decides again. No
transaction stays open while the checks run, so no lock waits on this
process's event loop.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref
from dataclasses import dataclass, field
from typing import Any

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.clock import VIETNAM
from election.elections import training_clock
from election.errors import Conflict, Forbidden, RuleViolation, Violation, blocking, warnings_of
from election.tallies import rules
from election.tallies.queries import changes as queries
from election.tallies.queries.changes import SubmissionRead
from election.tallies.queries.sheets import SheetContext
from election.tallies.rules.visibility import blind_consistency
from election.tallies.services.sheets import PROGRESS_CHANNEL, ballot_ids, may_enter, readable
from election.tallies.tables import EntryKind, SheetState

# Entries written at once per server process, first come first served. Each
# takes two round trips (read the sheet, then write if it is unchanged) with
# the checks between them; with dozens interleaved in one event loop, each
# waited for the loop between its steps and latency spread wide (see
# docs/performance.md). Settings.tally_entry_concurrency sets it at start-up.
_entry_concurrency = 4
_entry_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def set_entry_concurrency(limit: int) -> None:
    global _entry_concurrency
    _entry_concurrency = max(1, limit)
    _entry_slots.clear()


def entry_concurrency() -> int:
    return _entry_concurrency


def entry_slots() -> asyncio.Semaphore:
    """The running event loop's queue for writing tally entries."""
    loop = asyncio.get_running_loop()
    slots = _entry_slots.get(loop)
    if slots is None:
        slots = _entry_slots[loop] = asyncio.Semaphore(_entry_concurrency)
    return slots


@dataclass
class Submission:
    """The paper minutes: their figures (compared by the double entry), and
    the times, people and text that are only recorded (Mẫu số 18/23)."""

    figures: rules.SheetFigures
    closing_time: dt.time | None = None
    signatories: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    voting_opened: dt.time | None = None
    voting_closed: dt.time | None = None
    incidents: str = ""
    recommendations: str = ""


# How often a submission reads the sheet again when it changed between the
# read and the write (another entry or an approval came in between).
_SUBMIT_ATTEMPTS = 8


async def submit(
    *,
    sheet_id: int,
    submission: Submission,
    actor: Actor,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Enter the paper minutes; a second entry by another user verifies them.

    A retried request (same user, same idempotency key) carries the same
    minutes, so it passes the same checks and then finds the stored response;
    it never writes a second entry.
    """
    # Keyed statements, run for every entry of the night: planned once.
    async with entry_slots(), db.connection(planned_once=True):
        for _ in range(_SUBMIT_ATTEMPTS):
            read = await queries.read_for_submission(
                sheet_id=sheet_id, username=actor.username, idempotency_key=idempotency_key
            )
            sheet = readable(read, sheet_id, actor)
            ballot = await ballot_ids(sheet)
            # The election's clock (a training clock shifts it), cached per process.
            moment = await training_clock.now_for(sheet.election_id, now)
            checked = check_submission(sheet, submission, ballot, actor=actor, moment=moment)
            if sheet.stored_response is not None:
                return _stored_response(sheet)
            decision = decide(sheet, checked)
            if await _write(sheet, decision, checked, actor, idempotency_key, moment):
                break
        else:
            raise Conflict("Biên bản đang được cập nhật liên tục; hãy gửi lại sau ít phút.")
    await announce(sheet, decision.new_state)
    return decision.response


# --------------------------------------------------------------------------
# Checks


@dataclass(frozen=True)
class Checked:
    """Minutes that passed the hard checks, with the warnings they carry."""

    submission: Submission
    reason: str
    warnings: list[Violation]

    @property
    def figures(self) -> rules.SheetFigures:
        return self.submission.figures


def check_submission(
    sheet: SubmissionRead,
    submission: Submission,
    ballot: frozenset[int],
    *,
    actor: Actor,
    moment: dt.datetime,
) -> Checked:
    """The permission, the counting day and the hard rules of Art. 73-76 (the
    votes go to the names on the `ballot`); the soft ones come back as
    warnings that send the sheet to review."""
    if not may_enter(actor, sheet):
        raise Forbidden(
            "Chỉ Tổ bầu cử của khu vực hoặc cán bộ xã, tỉnh được nhập biên bản kiểm phiếu này."
        )
    check_counting_started(sheet, moment)
    figures = submission.figures
    violations = rules.check_sheet(figures, seats=sheet.seats, candidate_ids=ballot)
    errors = blocking(violations)
    if errors:
        raise RuleViolation(errors, detail="Biên bản chưa thể gửi: " + errors[0].message)
    reason = " ".join(submission.reason.split())
    if figures.voters_on_list != sheet.voters_on_list_from_list and not reason:
        raise RuleViolation(
            Violation(
                "voters_on_list_reason",
                f"Tổng số cử tri ({figures.voters_on_list}) khác danh sách cử tri "
                f"({sheet.voters_on_list_from_list}); cần ghi lý do.",
                "Điều 76",
                "reason",
            )
        )
    warnings = warnings_of(violations)
    if sheet.round_id is None:
        warnings += _area_consistency(sheet, figures, actor)
    return Checked(submission=submission, reason=reason, warnings=warnings)


def check_counting_started(sheet: SubmissionRead, now: dt.datetime) -> None:
    """Counting starts when voting closes (Art. 73); on an early-voting area that day."""
    # Voting may end early once every listed voter has voted, so the earliest
    # counting can start is the opening of voting that day.
    opening = dt.datetime.combine(sheet.counting_day, sheet.voting_opens, tzinfo=VIETNAM)
    if now < opening:
        raise RuleViolation(
            Violation(
                "counting_not_started",
                f"Chỉ nhập kết quả kiểm phiếu từ ngày bỏ phiếu {sheet.counting_day:%d/%m/%Y}, "
                "sau khi kiểm phiếu.",
                "Điều 73",
            )
        )


def _area_consistency(
    sheet: SubmissionRead, figures: rules.SheetFigures, actor: Actor
) -> list[Violation]:
    """Art. 76(2): the area's other contests, as entered so far, against this
    sheet — differences the ballot scopes cannot explain go to review. The
    warnings quote no figures of another sheet the typist may not see yet
    (blind double entry)."""
    if not sheet.other_contests:
        return []
    took_part = {level: voted for level, voted, _, _, _ in sheet.other_contests}
    on_list = {level: listed for level, _, listed, _, _ in sheet.other_contests}
    hidden = frozenset(
        level
        for level, _, _, entered_by, confirmed in sheet.other_contests
        if not confirmed and entered_by != actor.username
    )
    took_part[sheet.level.value] = figures.voters_took_part
    on_list[sheet.level.value] = figures.voters_on_list
    return blind_consistency(took_part, on_list, hidden=hidden)


def _stored_response(sheet: SubmissionRead) -> dict[str, Any]:
    """The response already given to this idempotency key, for the same sheet only."""
    stored: dict[str, Any] = sheet.stored_response
    if stored["sheet_id"] != sheet.id:
        raise Conflict(
            f"Khóa Idempotency-Key này đã dùng cho biên bản số {stored['sheet_id']}; "
            "mỗi lần gửi một biên bản cần một khóa riêng."
        )
    return stored


# --------------------------------------------------------------------------
# Decision


@dataclass(frozen=True)
class Decision:
    """What a checked entry is and what it does to the sheet."""

    kind: EntryKind
    version: int
    matches: int | None
    mismatches: list[str]
    new_state: SheetState
    # The entries the sheet stands for before and after.
    old_entry: int | None
    new_entry: int
    response: dict[str, Any]


def decide(sheet: SubmissionRead, checked: Checked) -> Decision:
    """A first entry, the verification of the other user's entry of the same
    version (identical figures), or a correction of an approved sheet."""
    if sheet.state == SheetState.LOCKED:
        raise Conflict("Biên bản đã khóa sau khi Ban bầu cử xác định kết quả; không thể sửa.")
    mismatches: list[str] = []
    matches = None
    if sheet.state == SheetState.APPROVED:
        if not checked.reason:
            raise RuleViolation(
                Violation(
                    "correction_reason",
                    "Đính chính biên bản đã phê duyệt cần ghi lý do.",
                    "Điều 76",
                    "reason",
                )
            )
        # Version 1 is the first reading of the minutes; each correction
        # after approval opens the next version, entered and verified afresh.
        kind = EntryKind.CORRECTION
        version = sheet.latest_version + 1
    else:
        kind = EntryKind.ENTRY
        version = max(sheet.latest_version, 1)
        if sheet.previous is not None:
            mismatches = rules.differing_fields(sheet.previous.figures, checked.figures)
            if not mismatches:
                kind = EntryKind.VERIFICATION
                matches = sheet.previous.id
    new_state = SheetState.SUBMITTED if matches is None else SheetState.VERIFIED
    entry_id = sheet.next_entry_id
    return Decision(
        kind=kind,
        version=version,
        matches=matches,
        mismatches=mismatches,
        new_state=new_state,
        old_entry=sheet.approved_entry or sheet.verified_entry or sheet.submitted_entry,
        # While a correction of an approved sheet is pending, it still stands
        # for the approved entry.
        new_entry=sheet.approved_entry or entry_id,
        response={
            "sheet_id": sheet.id,
            "entry_id": entry_id,
            "state": new_state.value,
            "mismatches": mismatches,
            "warnings": [w.as_dict() for w in checked.warnings],
        },
    )


# --------------------------------------------------------------------------
# Write


async def _write(
    sheet: SubmissionRead,
    decision: Decision,
    checked: Checked,
    actor: Actor,
    idempotency_key: str | None,
    moment: dt.datetime,
) -> bool:
    """The entry, its votes, its audit event and the unit's sums, if the sheet
    is still as read; False (nothing written) if it changed meanwhile."""
    figures, minutes = checked.figures, checked.submission
    entry_id = sheet.next_entry_id
    event = audit.pending_event(
        actor=actor,
        entity_type="tally_sheet",
        entity_id=sheet.id,
        action=decision.kind.value,
        after={
            "entry_id": entry_id,
            "version": decision.version,
            "state": decision.new_state,
            "mismatches": decision.mismatches,
        },
        summary=f"{decision.kind.label} biên bản khu vực số {sheet.polling_area_number} "
        f"({sheet.level_label})"
        + (f": {len(decision.mismatches)} ô không khớp" if decision.mismatches else ""),
    )
    # Only the counts move when the sheet keeps standing for the same entry,
    # or when it verifies the entry it stood for: the two carry the same figures.
    same = decision.old_entry == decision.new_entry or (
        decision.matches is not None and decision.matches == decision.old_entry
    )
    written = await queries.write_submission(
        sheet_id=sheet.id,
        read_state=sheet.state,
        read_submitted_entry=sheet.submitted_entry,
        new_state=decision.new_state,
        needs_review=bool(checked.warnings),
        audit_payload=event.audit_payload,
        audit_chain=event.audit_chain,
        entry_id=entry_id,
        version=decision.version,
        kind=decision.kind,
        voters_on_list=figures.voters_on_list,
        voters_took_part=figures.voters_took_part,
        ballots_issued=figures.ballots_issued,
        ballots_received=figures.ballots_received,
        valid=figures.valid,
        invalid=figures.invalid,
        complaints_received=figures.complaints_received,
        complaints_settled=figures.complaints_settled,
        complaints_forwarded=figures.complaints_forwarded,
        unused_ballots=figures.unused_ballots,
        ballots_delivered=figures.ballots_delivered,
        spoiled_ballots=figures.spoiled_ballots,
        voting_opened=minutes.voting_opened,
        voting_closed=minutes.voting_closed,
        closing_time=minutes.closing_time,
        signatories=minutes.signatories,
        incidents=minutes.incidents,
        recommendations=minutes.recommendations,
        reason=checked.reason,
        warnings=[w.as_dict() for w in checked.warnings],
        entered_by=actor.username,
        entered_by_id=actor.user_id,
        entered_at=moment,
        idempotency_key=idempotency_key,
        matches_entry=decision.matches,
        response=decision.response,
        vote_candidates=list(figures.votes),
        vote_counts=list(figures.votes.values()),
        unit_id=sheet.unit_id,
        round_key=sheet.round_id or 0,
        old_entry=None if same else decision.old_entry,
        new_entry=None if same else decision.new_entry,
        reported_change=1 if decision.old_entry is None else 0,
        approved_change=-1 if sheet.state == SheetState.APPROVED else 0,
    )
    return bool(written)


async def announce(sheet: SheetContext | SubmissionRead, state: SheetState) -> None:
    """Tell the live dashboards of every server process, once committed."""
    await db.notify_after_commit(
        PROGRESS_CHANNEL,
        {
            "election": sheet.election_id,
            "sheet": sheet.id,
            "unit": sheet.unit_id,
            "commune": sheet.commune_code,
            "province": sheet.province_code,
            "state": state.value,
        },
    )
