"""Use cases of tallying: entering the paper minutes, verifying them by a second
independent entry, approval by the board, corrections as new versions,
attachments, and the unit results with their winners.

Data-entry power is split: station officers (or commune staff) type the
paper; a different user must type it again identically before it counts as
verified; a board member of the unit approves; nobody overwrites a number.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import json
import weakref
from dataclasses import dataclass, field
from typing import Any

from election import db
from election.accounts.tables import Role, ScopeLevel
from election.actor import Actor
from election.audit import services as audit
from election.elections import services as elections
from election.elections.rules import VIETNAM
from election.elections.tables import ContestLevel
from election.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    RuleViolation,
    Violation,
)
from election.tallies import rules
from election.tallies.tables import EntryKind, RoundKind, SheetState

PROGRESS_CHANNEL = "tally_progress"

# Entries written at once per server process, first come first served. Each
# takes two round trips (read the sheet, then write if it is unchanged) with
# the checks between them; with dozens interleaved in one event loop, each
# waited for the loop between its steps and latency spread wide. Under the
# tally benchmark's 50 connections on 2 cores, 4 at a time gave p99 50-68 ms,
# 16 or 50 at a time 104-113 ms at no higher throughput. Settings.
# tally_entry_concurrency sets it at start-up.
_entry_concurrency = 4
_entry_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def set_entry_concurrency(limit: int) -> None:
    global _entry_concurrency
    _entry_concurrency = max(1, limit)
    _entry_slots.clear()


def entry_slots() -> asyncio.Semaphore:
    """The running event loop's queue for writing tally entries."""
    loop = asyncio.get_running_loop()
    slots = _entry_slots.get(loop)
    if slots is None:
        slots = _entry_slots[loop] = asyncio.Semaphore(_entry_concurrency)
    return slots


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}

# --------------------------------------------------------------------------
# The sheet and what it needs


@dataclass(frozen=True)
class CandidateLine:
    id: int
    full_name: str
    date_of_birth: dt.date
    sex: str


@dataclass(frozen=True)
class SheetContext:
    id: int
    state: SheetState
    polling_area_id: int
    polling_area_number: int
    polling_area_name: str
    commune_code: str
    commune_name: str
    province_code: str
    contest_id: int
    contest_name: str
    level: ContestLevel
    unit_id: int
    unit_name: str
    unit_number: int
    seats: int
    election_id: int
    round_id: int | None
    round_kind: RoundKind
    needs_review: bool
    review_comment: str
    submitted_entry: int | None
    verified_entry: int | None
    approved_entry: int | None
    candidates: list[CandidateLine]
    voters_on_list_from_list: int
    # The day this sheet's votes are counted (election day, an approved early
    # vote in the area, or a follow-up round's day) and when voting opens.
    counting_day: dt.date
    voting_opens: dt.time
    # The area's other first-round contests as entered so far: (level, voters
    # who took part, voters on the list), for the checks of Art. 76(2).
    other_contests: list[tuple[str, int, int]]

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def level_label(self) -> str:
        return self.level.label


_SHEET_FIELDS = tuple(f.name for f in dataclasses.fields(SheetContext))


# One query for everything a sheet needs: its place, unit, round, the listed
# voters of its ballot scope (Art. 76(2)(a)) and the names on its ballot.
_SHEET_COLUMNS = """
    s.id, s.state, s.polling_area AS polling_area_id, pa.number AS polling_area_number,
           pa.name AS polling_area_name, pa.commune AS commune_code, c.name AS commune_name,
           c.province AS province_code, s.contest AS contest_id, ct.name AS contest_name, ct.level,
           s.unit AS unit_id, u.name AS unit_name, u.number AS unit_number, u.seats,
           ct.election AS election_id, s.unit_round AS round_id,
           COALESCE(r.kind, 'first') AS round_kind, s.needs_review, s.review_comment,
           s.submitted_entry, s.verified_entry, s.approved_entry,
           COALESCE(r.voting_day, pa.early_voting_date, el.election_day) AS counting_day,
           el.voting_opens,
           (SELECT count(*) FROM voter v
            WHERE v.polling_area = s.polling_area AND v.status = 'listed' AND NOT v.voting_elsewhere
              AND CASE ct.level WHEN 'dbqh' THEN v.ballot_dbqh WHEN 'hdnd_tinh' THEN v.ballot_tinh
                  ELSE v.ballot_xa END) AS voters_on_list_from_list,
           (SELECT json_agg(json_build_object('id', cd.id, 'full_name', cd.full_name,
                                              'date_of_birth', cd.date_of_birth, 'sex', cd.sex)
                            ORDER BY cd.ballot_sort_key COLLATE "C", cd.id)
            FROM candidate cd WHERE cd.unit = s.unit AND cd.removed_on IS NULL)::text AS candidates,
           (SELECT json_agg(json_build_array(oc.level, oe.voters_took_part, oe.voters_on_list))
            FROM tally_sheet os JOIN contest oc ON oc.id = os.contest
            JOIN tally_entry oe
              ON oe.id = COALESCE(os.approved_entry, os.verified_entry, os.submitted_entry)
            WHERE os.polling_area = s.polling_area AND os.unit_round IS NULL AND os.id <> s.id
           )::text AS other_contests
"""
_SHEET_JOINS = """
    FROM tally_sheet s
    JOIN polling_area pa ON pa.id = s.polling_area
    JOIN commune c ON c.code = pa.commune
    JOIN contest ct ON ct.id = s.contest
    JOIN election el ON el.id = ct.election
    JOIN electoral_unit u ON u.id = s.unit
    LEFT JOIN unit_round r ON r.id = s.unit_round
"""
_SHEET_SELECT = f"SELECT {_SHEET_COLUMNS} {_SHEET_JOINS}"


async def _candidates(
    unit_id: int, round_id: int | None, round_kind: RoundKind
) -> list[CandidateLine]:
    """The names on this round's ballot: all listed candidates; in a bầu cử thêm
    only the first round's non-winners (Art. 79)."""
    rows = await db.fetch(
        """
        SELECT id, full_name, date_of_birth, sex FROM candidate
        WHERE unit = $1 AND removed_on IS NULL ORDER BY ballot_sort_key COLLATE "C", id
        """,
        unit_id,
    )
    lines = [CandidateLine(**dict(r)) for r in rows]
    if round_kind == RoundKind.SUPPLEMENTARY:
        winners = await _first_round_winners(unit_id)
        lines = [c for c in lines if c.id not in winners]
    return lines


async def _first_round_winners(unit_id: int) -> set[int]:
    snapshot = await db.fetchval(
        "SELECT determination::text FROM unit_result WHERE unit = $1 AND unit_round IS NULL "
        "ORDER BY id DESC LIMIT 1",
        unit_id,
    )
    if snapshot is None:
        return set()
    return set(json.loads(snapshot).get("winners", []))


def _voters_column(level: ContestLevel) -> str:
    return {"dbqh": "ballot_dbqh", "hdnd_tinh": "ballot_tinh", "hdnd_xa": "ballot_xa"}[level.value]


def _may_read(actor: Actor, sheet) -> bool:
    return actor.covers_polling_area(
        sheet["polling_area_id"], sheet["commune_code"], sheet["province_code"]
    )


async def get_sheet(*, sheet_id: int, actor: Actor) -> SheetContext:
    record = await db.fetchrow(_SHEET_SELECT + " WHERE s.id = $1", sheet_id)
    return await _sheet_context(record, sheet_id, actor)


async def _sheet_context(record, sheet_id: int, actor: Actor) -> SheetContext:
    """The sheet of a record with _SHEET_COLUMNS (and maybe more), if the actor may read it."""
    if record is None or not _may_read(actor, record):
        raise NotFound(f"Không có biên bản kiểm phiếu số hiệu {sheet_id}.")
    data = {name: record[name] for name in _SHEET_FIELDS}
    data["state"] = SheetState(data["state"])
    data["level"] = ContestLevel(data["level"])
    data["round_kind"] = RoundKind(data["round_kind"])
    candidates = [
        CandidateLine(
            id=c["id"],
            full_name=c["full_name"],
            date_of_birth=dt.date.fromisoformat(c["date_of_birth"]),
            sex=c["sex"],
        )
        for c in json.loads(data["candidates"] or "[]")
    ]
    if data["round_kind"] == RoundKind.SUPPLEMENTARY:
        # A bầu cử thêm lists only the first round's non-winners (Art. 79).
        winners = await _first_round_winners(data["unit_id"])
        candidates = [c for c in candidates if c.id not in winners]
    data["candidates"] = candidates
    data["other_contests"] = [tuple(row) for row in json.loads(data["other_contests"] or "[]")]
    return SheetContext(**data)


async def sheet_for(
    *, polling_area_id: int, contest_id: int, actor: Actor, round_id: int | None = None
) -> SheetContext:
    """The sheet of an area and contest (and round), created on first use."""
    from election.stations import services as stations

    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    if round_id is None:
        unit_id = await db.fetchval(
            "SELECT unit FROM polling_area_unit WHERE polling_area = $1 AND contest = $2",
            polling_area_id,
            contest_id,
        )
    else:
        unit_id = await db.fetchval(
            """
            SELECT r.unit FROM unit_round r JOIN polling_area_unit pu ON pu.unit = r.unit
            WHERE r.id = $1 AND pu.polling_area = $2 AND pu.contest = $3
            """,
            round_id,
            polling_area_id,
            contest_id,
        )
    if unit_id is None:
        raise NotFound(
            f"Khu vực bỏ phiếu số {area.number} không thuộc đơn vị bầu cử nào của cuộc bầu cử này."
        )
    sheet_id = await db.fetchval(
        """
        INSERT INTO tally_sheet (polling_area, contest, unit, unit_round, state, needs_review,
                                 review_comment, reviewed_by, approved_by)
        VALUES ($1, $2, $3, $4, 'draft', false, '', '', '')
        ON CONFLICT (polling_area, contest, COALESCE(unit_round, 0)) DO UPDATE SET unit = EXCLUDED.unit
        RETURNING id
        """,
        polling_area_id,
        contest_id,
        unit_id,
        round_id,
    )
    return await get_sheet(sheet_id=sheet_id, actor=actor)


async def area_sheets(*, polling_area_id: int, actor: Actor) -> list[SheetContext]:
    """The three first-round sheets of an area (one per contest it belongs to)."""
    contests = await db.fetch(
        "SELECT contest FROM polling_area_unit WHERE polling_area = $1 ORDER BY contest",
        polling_area_id,
    )
    return [
        await sheet_for(polling_area_id=polling_area_id, contest_id=r["contest"], actor=actor)
        for r in contests
    ]


# --------------------------------------------------------------------------
# Entries


@dataclass(frozen=True)
class EntryRow:
    id: int
    sheet_id: int
    version: int
    kind: EntryKind
    figures: rules.SheetFigures
    closing_time: dt.time | None
    signatories: dict[str, Any]
    reason: str
    warnings: list[dict[str, Any]]
    entered_by: str
    entered_at: dt.datetime
    matches_entry: int | None

    @property
    def kind_label(self) -> str:
        return self.kind.label


_ENTRY_COLUMNS = """
    e.id, e.sheet AS sheet_id, e.version, e.kind, e.voters_on_list, e.voters_took_part,
    e.ballots_issued, e.ballots_received, e.valid, e.invalid, e.complaints_received,
    e.complaints_settled, e.complaints_forwarded, e.unused_ballots, e.ballots_delivered,
    e.closing_time, e.signatories::text AS signatories, e.reason, e.warnings::text AS warnings,
    e.entered_by, e.entered_at, e.matches_entry,
    COALESCE((SELECT json_object_agg(v.candidate, v.votes) FROM tally_vote v WHERE v.entry = e.id),
             '{}')::text AS votes
"""


_ENTRY_NAMES = (
    "id", "sheet_id", "version", "kind", "voters_on_list", "voters_took_part", "ballots_issued",
    "ballots_received", "valid", "invalid", "complaints_received", "complaints_settled",
    "complaints_forwarded", "unused_ballots", "ballots_delivered", "closing_time", "signatories",
    "reason", "warnings", "entered_by", "entered_at", "matches_entry", "votes",
)  # fmt: skip

# What a submission reads before it writes, in one round trip: the sheet
# as get_sheet() reads it; a stored response to the request's idempotency key;
# the latest version; the latest entry of that version by someone else (the
# one to compare with, as previous_*); and an id for the new entry.
_SUBMIT_READ = f"""
    SELECT {_SHEET_COLUMNS},
        x.latest, nextval(pg_get_serial_sequence('tally_entry', 'id')) AS next_entry_id,
        (SELECT ir.response::text FROM tally_entry ir
         WHERE $3::text IS NOT NULL AND ir.entered_by = $2 AND ir.idempotency_key = $3)
            AS stored_response,
        {", ".join(f"o.{name} AS previous_{name}" for name in _ENTRY_NAMES)}
    {_SHEET_JOINS}
    CROSS JOIN LATERAL (
        SELECT COALESCE(max(version), 0) AS latest FROM tally_entry WHERE sheet = s.id
    ) x
    LEFT JOIN LATERAL (
        SELECT {_ENTRY_COLUMNS} FROM tally_entry e
        WHERE e.sheet = s.id AND e.version = GREATEST(x.latest, 1) AND e.entered_by <> $2
        ORDER BY e.id DESC LIMIT 1
    ) o ON true
    WHERE s.id = $1
"""


def _entry_row(record) -> EntryRow:
    votes = {int(k): v for k, v in json.loads(record["votes"]).items()}
    return EntryRow(
        id=record["id"],
        sheet_id=record["sheet_id"],
        version=record["version"],
        kind=EntryKind(record["kind"]),
        figures=rules.SheetFigures(
            voters_on_list=record["voters_on_list"],
            voters_took_part=record["voters_took_part"],
            ballots_issued=record["ballots_issued"],
            ballots_received=record["ballots_received"],
            valid=record["valid"],
            invalid=record["invalid"],
            votes=votes,
            complaints_received=record["complaints_received"],
            complaints_settled=record["complaints_settled"],
            complaints_forwarded=record["complaints_forwarded"],
            unused_ballots=record["unused_ballots"],
            ballots_delivered=record["ballots_delivered"],
        ),
        closing_time=record["closing_time"],
        signatories=json.loads(record["signatories"]),
        reason=record["reason"],
        warnings=json.loads(record["warnings"]),
        entered_by=record["entered_by"],
        entered_at=record["entered_at"],
        matches_entry=record["matches_entry"],
    )


async def get_entry(entry_id: int) -> EntryRow:
    record = await db.fetchrow(
        f"SELECT {_ENTRY_COLUMNS} FROM tally_entry e WHERE e.id = $1", entry_id
    )
    if record is None:
        raise NotFound(f"Không có bản nhập số hiệu {entry_id}.")
    return _entry_row(record)


async def sheet_entries(*, sheet_id: int, actor: Actor) -> list[EntryRow]:
    await get_sheet(sheet_id=sheet_id, actor=actor)
    records = await db.fetch(
        f"SELECT {_ENTRY_COLUMNS} FROM tally_entry e WHERE e.sheet = $1 ORDER BY e.id", sheet_id
    )
    return [_entry_row(r) for r in records]


@dataclass
class Submission:
    figures: rules.SheetFigures
    closing_time: dt.time | None = None
    signatories: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


def may_enter(actor: Actor, sheet: SheetContext) -> bool:
    if actor.is_read_only:
        return False
    if actor.role == Role.STATION_OFFICER:
        return actor.polling_area_id == sheet.polling_area_id
    return actor.role in (
        Role.ADMIN,
        Role.PROVINCE_STAFF,
        Role.COMMUNE_STAFF,
    ) and actor.covers_commune(sheet.commune_code, sheet.province_code)


def may_approve(actor: Actor, sheet: SheetContext) -> bool:
    """A board member of the unit: a province board for ĐBQH and HĐND tỉnh units,
    a commune board for HĐND xã units."""
    if actor.role != Role.BOARD_MEMBER or actor.is_read_only:
        return False
    if sheet.level == ContestLevel.COMMUNE_COUNCIL:
        return actor.scope_level == ScopeLevel.COMMUNE and actor.commune_code == sheet.commune_code
    return actor.scope_level == ScopeLevel.PROVINCE and actor.province_code == sheet.province_code


def _check_counting_started(sheet: SheetContext, now: dt.datetime) -> None:
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


def _area_consistency(sheet: SheetContext, figures: rules.SheetFigures) -> list:
    """Art. 76(2): the area's other contests, as entered so far, against this
    sheet — differences the ballot scopes cannot explain go to review."""
    if not sheet.other_contests:
        return []
    took_part = {level: voted for level, voted, _ in sheet.other_contests}
    on_list = {level: listed for level, _, listed in sheet.other_contests}
    took_part[sheet.level.value] = figures.voters_took_part
    on_list[sheet.level.value] = figures.voters_on_list
    return rules.check_contest_consistency(took_part, on_list)


def _response(
    sheet_id: int, entry_id: int, state: SheetState, mismatches: list[str], warnings
) -> dict[str, Any]:
    return {
        "sheet_id": sheet_id,
        "entry_id": entry_id,
        "state": state.value,
        "mismatches": mismatches,
        "warnings": [w.as_dict() for w in warnings],
    }


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

    The sheet is read, the minutes checked against it, and the entry written
    in one statement that applies only if the sheet has not changed since the
    read; otherwise it is read and checked again. No transaction stays open
    while the checks run, so no lock waits on this process's event loop.
    A retried request (same user, same idempotency key) carries the same
    minutes, so it passes the same checks and then finds the stored response;
    it never writes a second entry.
    """
    moment = now or dt.datetime.now(dt.UTC)
    async with entry_slots(), db.connection() as conn:
        for _ in range(_SUBMIT_ATTEMPTS):
            current = await conn.fetchrow(_SUBMIT_READ, sheet_id, actor.username, idempotency_key)
            sheet = await _sheet_context(current, sheet_id, actor)
            planned = _plan_submission(
                sheet, current, submission, actor=actor, key=idempotency_key, moment=moment
            )
            if isinstance(planned, dict):
                return planned  # the stored response to this idempotency key
            response, new_state, arguments = planned
            if await conn.fetchval(_SUBMIT, *arguments):
                break
        else:
            raise Conflict("Biên bản đang được cập nhật liên tục; hãy gửi lại sau ít phút.")
    await _announce(sheet, new_state)
    return response


def _plan_submission(
    sheet: SheetContext,
    current,
    submission: Submission,
    *,
    actor: Actor,
    key: str | None,
    moment: dt.datetime,
) -> dict[str, Any] | tuple[dict[str, Any], SheetState, tuple]:
    """The checks of a submission against the sheet as read (`current`, a row
    of _SUBMIT_READ), and then either the stored response to the request's
    idempotency key or (response, new state, the arguments of _SUBMIT)."""
    if not may_enter(actor, sheet):
        raise Forbidden(
            "Chỉ Tổ bầu cử của khu vực hoặc cán bộ xã, tỉnh được nhập biên bản kiểm phiếu này."
        )
    _check_counting_started(sheet, moment)
    figures = submission.figures
    candidate_ids = frozenset(c.id for c in sheet.candidates)
    violations = rules.check_sheet(figures, seats=sheet.seats, candidate_ids=candidate_ids)
    errors = [v for v in violations if v.severity == "error"]
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
    warnings = [v for v in violations if v.severity == "warning"]
    if sheet.round_id is None:
        warnings += _area_consistency(sheet, figures)
    if current["stored_response"] is not None:
        stored = json.loads(current["stored_response"])
        if stored["sheet_id"] != sheet.id:
            raise Conflict(
                f"Khóa Idempotency-Key này đã dùng cho biên bản số {stored['sheet_id']}; "
                "mỗi lần gửi một biên bản cần một khóa riêng."
            )
        return stored
    state = sheet.state
    if state == SheetState.LOCKED:
        raise Conflict("Biên bản đã khóa sau khi Ban bầu cử xác định kết quả; không thể sửa.")
    mismatches: list[str] = []
    matches = None
    if state == SheetState.APPROVED:
        if not reason:
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
        version = current["latest"] + 1
    else:
        kind = EntryKind.ENTRY
        version = max(current["latest"], 1)
        if current["previous_id"] is not None:
            previous = _entry_row({name: current["previous_" + name] for name in _ENTRY_NAMES})
            mismatches = rules.differing_fields(previous.figures, figures)
            if not mismatches:
                kind = EntryKind.VERIFICATION
                matches = previous.id
    new_state = SheetState.SUBMITTED if matches is None else SheetState.VERIFIED
    entry_id = current["next_entry_id"]
    response = _response(sheet.id, entry_id, new_state, mismatches, warnings)
    vote_candidates = list(figures.votes)
    votes = [figures.votes[c] for c in vote_candidates]
    # The sheet now stands for this entry, or, while a correction of an
    # approved sheet is pending, still for the approved one.
    old_entry = sheet.approved_entry or sheet.verified_entry or sheet.submitted_entry
    new_entry = sheet.approved_entry or entry_id
    event = audit.append_arguments(
        actor=actor,
        entity_type="tally_sheet",
        entity_id=sheet.id,
        action=kind.value,
        after={
            "entry_id": entry_id,
            "version": version,
            "state": new_state,
            "mismatches": mismatches,
        },
        summary=f"{kind.label} biên bản khu vực số {sheet.polling_area_number} ({sheet.level_label})"
        + (f": {len(mismatches)} ô không khớp" if mismatches else ""),
    )
    entry_arguments = (
        entry_id,
        sheet.id,
        version,
        kind.value,
        figures.voters_on_list,
        figures.voters_took_part,
        figures.ballots_issued,
        figures.ballots_received,
        figures.valid,
        figures.invalid,
        figures.complaints_received,
        figures.complaints_settled,
        figures.complaints_forwarded,
        figures.unused_ballots,
        figures.ballots_delivered,
        submission.closing_time,
        json.dumps(submission.signatories, ensure_ascii=False),
        reason,
        json.dumps([w.as_dict() for w in warnings], ensure_ascii=False),
        actor.username,
        actor.user_id,
        moment,
        key,
        matches,
        json.dumps(response, ensure_ascii=False),
        vote_candidates,
        votes,
    )
    change_arguments = (
        *_change_arguments(
            sheet,
            old_entry=old_entry,
            new_entry=new_entry,
            approved_change=-1 if state == SheetState.APPROVED else 0,
        ),
        new_state.value,
        entry_id,
        bool(warnings),
        # The sheet as read: the write applies only if it still is.
        state.value,
        sheet.submitted_entry,
    )
    return response, new_state, (*event, *entry_arguments, *change_arguments)


# A sheet's change of state: the sheet row (updated only where `guard` holds)
# and the unit's running sums (unit_tally) moved from the entry the sheet stood
# for ($4) to the one it stands for now ($3, whose figures and votes
# `new_figures` and `new_votes` read; both NULL when the sheet keeps standing
# for the same entry). $7 is the sheet; the sheet update's own values follow.
# `after_locks` orders the unit's lock after those the caller's earlier CTEs
# take. A sheet always changes the same shard of its unit's sums (sheet id %
# UNIT_TALLY_SHARDS): the sheets of one unit seldom wait on each other's row
# to commit.
UNIT_TALLY_SHARDS = 16
_SHEET_ROW = """
    sheet_row AS (
        {sheet_update} WHERE id = $7 {guard} RETURNING id
    )
"""
_UNIT_SUMS = """
    delta AS (
        SELECT COALESCE(n.voters_on_list, 0) - COALESCE(o.voters_on_list, 0) AS voters_on_list,
               COALESCE(n.voters_took_part, 0) - COALESCE(o.voters_took_part, 0) AS took_part,
               COALESCE(n.ballots_issued, 0) - COALESCE(o.ballots_issued, 0) AS issued,
               COALESCE(n.ballots_received, 0) - COALESCE(o.ballots_received, 0) AS received,
               COALESCE(n.valid, 0) - COALESCE(o.valid, 0) AS valid,
               COALESCE(n.invalid, 0) - COALESCE(o.invalid, 0) AS invalid
        FROM (SELECT 1) one
        LEFT JOIN ({new_figures}) n ON true
        LEFT JOIN tally_entry o ON o.id = $4
    ),
    unit_row AS (
        INSERT INTO unit_tally AS t (unit, round_key, shard, reported, approved, locked,
            voters_on_list, voters_took_part, ballots_issued, ballots_received, valid, invalid)
        SELECT $1, $2, $7 % {shards}, $5, $6, false, d.voters_on_list, d.took_part, d.issued,
               d.received, d.valid, d.invalid
        FROM delta d
        WHERE {after_locks}
        ON CONFLICT (unit, round_key, shard) DO UPDATE SET
            reported = t.reported + EXCLUDED.reported,
            approved = t.approved + EXCLUDED.approved,
            voters_on_list = t.voters_on_list + EXCLUDED.voters_on_list,
            voters_took_part = t.voters_took_part + EXCLUDED.voters_took_part,
            ballots_issued = t.ballots_issued + EXCLUDED.ballots_issued,
            ballots_received = t.ballots_received + EXCLUDED.ballots_received,
            valid = t.valid + EXCLUDED.valid,
            invalid = t.invalid + EXCLUDED.invalid
        RETURNING 1
    ),
    candidate_rows AS (
        -- The unit's shard row is locked first (the candidate rows wait for
        -- it), so two sheets of one shard never deadlock on the candidate rows.
        INSERT INTO unit_candidate_tally AS t (unit, round_key, shard, candidate, votes)
        SELECT $1, $2, $7 % {shards}, x.candidate, sum(x.votes)
        FROM (
            {new_votes}
            UNION ALL
            SELECT candidate, -votes FROM tally_vote WHERE entry = $4
        ) x
        WHERE (SELECT count(*) FROM unit_row) > 0
        GROUP BY x.candidate
        ORDER BY x.candidate
        ON CONFLICT (unit, round_key, candidate, shard) DO UPDATE SET votes = t.votes + EXCLUDED.votes
        RETURNING 1
    )
"""
_CHANGE_SHEET_END = (
    "SELECT (SELECT count(*) FROM sheet_row) + (SELECT count(*) FROM candidate_rows)"
)

# A submission in one statement, written only if the sheet is still as the
# submission read it (its state and the entry it last received, $11 and $12
# of the sheet's change): the sheet's row first (its lock), then the audit
# event ($1…), the entry and its votes, and the unit's running sums, which
# read the sheet's new figures and votes from the entry's own rows. It
# returns 0 when the sheet has changed meanwhile, having written nothing.
_ENTRY_INSERT = """
    entry_row AS (
        INSERT INTO tally_entry (id, sheet, version, kind, voters_on_list, voters_took_part,
            ballots_issued, ballots_received, valid, invalid, complaints_received,
            complaints_settled, complaints_forwarded, unused_ballots, ballots_delivered,
            closing_time, signatories, reason, warnings, entered_by, entered_by_id,
            entered_at, idempotency_key, matches_entry, response)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
               $17::jsonb, $18, $19::jsonb, $20, $21, $22, $23, $24, $25::jsonb
        FROM audit_event_row
        RETURNING id, voters_on_list, voters_took_part, ballots_issued, ballots_received, valid,
            invalid
    ),
    vote_rows AS (
        INSERT INTO tally_vote (entry, candidate, votes)
        SELECT entry_row.id, t.candidate, t.votes
        FROM entry_row, unnest($26::int[], $27::int[]) AS t(candidate, votes)
        RETURNING candidate, votes
    )
"""
_ENTRY_ARGUMENTS = 27
_SUBMIT_CHANGE_OFFSET = audit.APPEND_ARGUMENTS + _ENTRY_ARGUMENTS
_SUBMIT = (
    "WITH "
    + db.shift_parameters(
        _SHEET_ROW.format(
            sheet_update="""
                UPDATE tally_sheet SET state = $8::text, submitted_entry = $9,
                    verified_entry = CASE WHEN $8::text = 'verified' THEN $9::bigint END,
                    needs_review = $10,
                    review_comment = CASE WHEN $8::text = 'verified' THEN '' ELSE review_comment END,
                    reviewed_by = CASE WHEN $8::text = 'verified' THEN '' ELSE reviewed_by END,
                    updated_at = now()
            """,
            guard="AND state = $11::text AND submitted_entry IS NOT DISTINCT FROM $12::bigint",
        ),
        _SUBMIT_CHANGE_OFFSET,
    )
    + ","
    + audit.append_ctes("EXISTS (SELECT 1 FROM sheet_row)")
    + ","
    + db.shift_parameters(_ENTRY_INSERT, audit.APPEND_ARGUMENTS)
    + ","
    + db.shift_parameters(
        _UNIT_SUMS.format(
            new_figures="SELECT * FROM entry_row WHERE $3::bigint IS NOT NULL",
            new_votes="SELECT candidate, votes FROM vote_rows WHERE $3::bigint IS NOT NULL",
            after_locks="(SELECT count(*) FROM audit_event_row) > 0",
            shards=UNIT_TALLY_SHARDS,
        ),
        _SUBMIT_CHANGE_OFFSET,
    )
    + _CHANGE_SHEET_END
)

# An approval, after its audit event: the unit's sums move to the verified entry.
_APPROVE = (
    "WITH "
    + _SHEET_ROW.format(
        sheet_update="""
            UPDATE tally_sheet SET state = 'approved', approved_entry = verified_entry,
                approved_by = $8::text, approved_at = now(), review_comment = $9,
                reviewed_by = CASE WHEN needs_review THEN $8::text ELSE '' END, updated_at = now()
        """,
        guard="",
    )
    + ","
    + _UNIT_SUMS.format(
        new_figures="SELECT * FROM tally_entry WHERE id = $3",
        new_votes="SELECT candidate, votes FROM tally_vote WHERE entry = $3",
        after_locks="true",
        shards=UNIT_TALLY_SHARDS,
    )
    + _CHANGE_SHEET_END
)


def _change_arguments(
    sheet: SheetContext,
    *,
    old_entry: int | None,
    new_entry: int,
    approved_change: int,
) -> tuple:
    """The first seven arguments of a sheet's change (_SHEET_ROW and _UNIT_SUMS)."""
    same = old_entry == new_entry  # only the counts move: the figures cancel out
    return (
        sheet.unit_id,
        sheet.round_id or 0,
        None if same else new_entry,
        None if same else old_entry,
        1 if old_entry is None else 0,
        approved_change,
        sheet.id,
    )


async def _announce(sheet: SheetContext, state: SheetState) -> None:
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


async def approve(*, sheet_id: int, actor: Actor, comment: str = "") -> SheetContext:
    """A board member of the unit accepts a verified sheet; warnings need a comment."""
    sheet = await get_sheet(sheet_id=sheet_id, actor=actor)
    if not may_approve(actor, sheet):
        raise Forbidden("Chỉ thành viên Ban bầu cử của đơn vị được phê duyệt biên bản này.")
    comment = " ".join(comment.split())
    if sheet.state != SheetState.VERIFIED:
        raise Conflict("Chỉ phê duyệt biên bản đã được kiểm tra chéo (hai lần nhập khớp nhau).")
    if sheet.needs_review and not comment:
        raise RuleViolation(
            Violation(
                "review_comment_required",
                "Biên bản có cảnh báo: thành viên Ban bầu cử cần ghi ý kiến khi phê duyệt.",
                field="comment",
            )
        )
    async with db.transaction(), db.connection() as conn:
        current = await conn.fetchrow(
            "SELECT state, verified_entry, COALESCE(approved_entry, verified_entry, submitted_entry) "
            "AS effective FROM tally_sheet WHERE id = $1 FOR UPDATE",
            sheet_id,
        )
        if current["state"] != SheetState.VERIFIED.value:
            raise Conflict("Biên bản vừa được thay đổi; hãy tải lại trang.")
        await audit.record(
            actor=actor,
            entity_type="tally_sheet",
            entity_id=sheet_id,
            action="approve",
            after={"entry": sheet.verified_entry, "comment": comment},
            summary=f"Phê duyệt biên bản khu vực số {sheet.polling_area_number} ({sheet.level_label})",
        )
        # After the audit event: its chain's lock before the unit's, as in submit().
        await conn.fetchval(
            _APPROVE,
            *_change_arguments(
                sheet,
                old_entry=current["effective"],
                new_entry=current["verified_entry"],
                approved_change=1,
            ),
            actor.username,
            comment,
        )
    await _announce(sheet, SheetState.APPROVED)
    return await get_sheet(sheet_id=sheet_id, actor=actor)


# --------------------------------------------------------------------------
# Attachments: the signed paper, kept beside the numbers


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime


async def attach(*, sheet_id: int, filename: str, content: bytes, actor: Actor) -> AttachmentRow:
    sheet = await get_sheet(sheet_id=sheet_id, actor=actor)
    if not (may_enter(actor, sheet) or may_approve(actor, sheet)):
        raise Forbidden("Bạn không có quyền đính kèm ảnh biên bản này.")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise PayloadTooLarge(f"Tệp vượt quá {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB.")
    content_type = next(
        (kind for magic, kind in ATTACHMENT_TYPES.items() if content.startswith(magic)), None
    )
    if content_type is None:
        raise InvalidInput("Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF của biên bản đã ký.")
    digest = hashlib.sha256(content).hexdigest()
    async with db.transaction():
        attachment_id = await db.fetchval(
            """
            INSERT INTO tally_attachment (sheet, filename, content_type, size, sha256, content, uploaded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """,
            sheet_id,
            filename[:255] or "bien-ban",
            content_type,
            len(content),
            digest,
            content,
            actor.username,
        )
        await audit.record(
            actor=actor,
            entity_type="tally_sheet",
            entity_id=sheet_id,
            action="attach",
            after={"attachment": attachment_id, "sha256": digest, "size": len(content)},
            summary=f"Đính kèm ảnh biên bản đã ký ({content_type}, SHA-256 {digest[:12]}…)",
        )
    return (await attachments(sheet_id=sheet_id, actor=actor))[-1]


async def attachments(*, sheet_id: int, actor: Actor) -> list[AttachmentRow]:
    await get_sheet(sheet_id=sheet_id, actor=actor)
    rows = await db.fetch(
        "SELECT id, filename, content_type, size, sha256, uploaded_by, uploaded_at FROM tally_attachment "
        "WHERE sheet = $1 ORDER BY id",
        sheet_id,
    )
    return [AttachmentRow(**dict(r)) for r in rows]


async def attachment_content(
    *, sheet_id: int, attachment_id: int, actor: Actor
) -> tuple[AttachmentRow, bytes]:
    await get_sheet(sheet_id=sheet_id, actor=actor)
    row = await db.fetchrow(
        "SELECT id, filename, content_type, size, sha256, uploaded_by, uploaded_at, content "
        "FROM tally_attachment WHERE id = $1 AND sheet = $2",
        attachment_id,
        sheet_id,
    )
    if row is None:
        raise NotFound("Không có tệp đính kèm này.")
    data = dict(row)
    content = data.pop("content")
    return AttachmentRow(**data), content


# --------------------------------------------------------------------------
# Results per unit (Art. 77, 78)


@dataclass(frozen=True)
class UnitResultView:
    unit_id: int
    unit_name: str
    level: ContestLevel
    seats: int
    round_id: int | None
    round_kind: RoundKind
    areas_total: int
    areas_reported: int
    areas_verified: int
    areas_approved: int
    provisional: bool
    totals: rules.UnitTotals
    determination: rules.Determination
    finalized: bool


async def unit_result(*, unit_id: int, actor: Actor, round_id: int | None = None) -> UnitResultView:
    """Sums of the sheets (approved ones; the latest entries while some are not
    approved — then provisional) and the winners under Art. 78."""
    from election.elections import structure

    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    round_kind = RoundKind.FIRST
    if round_id is not None:
        round_kind = RoundKind(
            await db.fetchval(
                "SELECT kind FROM unit_round WHERE id = $1 AND unit = $2", round_id, unit_id
            )
            or "first"
        )
    row = await db.fetchrow(
        """
        WITH areas AS (SELECT polling_area FROM polling_area_unit WHERE unit = $1),
        sheets AS (
            SELECT s.*, COALESCE(s.approved_entry, s.verified_entry, s.submitted_entry) AS entry
            FROM tally_sheet s
            WHERE s.unit = $1 AND s.unit_round IS NOT DISTINCT FROM $2
        )
        SELECT (SELECT count(*) FROM areas) AS areas_total,
               count(*) FILTER (WHERE entry IS NOT NULL) AS reported,
               count(*) FILTER (WHERE state IN ('verified', 'approved', 'locked')) AS verified,
               count(*) FILTER (WHERE state IN ('approved', 'locked')) AS approved,
               COALESCE(sum(e.voters_on_list), 0) AS voters_on_list,
               COALESCE(sum(e.voters_took_part), 0) AS took_part,
               COALESCE(sum(e.ballots_issued), 0) AS issued,
               COALESCE(sum(e.ballots_received), 0) AS received,
               COALESCE(sum(e.valid), 0) AS valid,
               COALESCE(sum(e.invalid), 0) AS invalid,
               bool_or(s.state = 'locked') AS locked
        FROM sheets s LEFT JOIN tally_entry e ON e.id = s.entry
        """,
        unit_id,
        round_id,
    )
    votes = dict(
        await db.fetch(
            """
            SELECT v.candidate, sum(v.votes) FROM tally_sheet s
            JOIN tally_vote v ON v.entry = COALESCE(s.approved_entry, s.verified_entry, s.submitted_entry)
            WHERE s.unit = $1 AND s.unit_round IS NOT DISTINCT FROM $2 GROUP BY v.candidate
            """,
            unit_id,
            round_id,
        )
    )
    candidates = await _candidates(unit_id, round_id, round_kind)
    voters_on_list = row["voters_on_list"]
    if row["reported"] < row["areas_total"]:
        # Areas not yet reported still count in the list's total (Art. 78(1)).
        voters_on_list = max(voters_on_list, await _unit_listed(unit_id, unit.level))
    already = (
        len(await _first_round_winners(unit_id)) if round_kind == RoundKind.SUPPLEMENTARY else 0
    )
    totals = rules.UnitTotals(
        level=unit.level.value,
        seats=unit.seats,
        voters_on_list=voters_on_list,
        voters_took_part=row["took_part"],
        ballots_issued=row["issued"],
        ballots_received=row["received"],
        valid=row["valid"],
        invalid=row["invalid"],
        candidates=tuple(
            rules.CandidateResult(
                candidate_id=c.id,
                full_name=c.full_name,
                date_of_birth=c.date_of_birth,
                votes=votes.get(c.id, 0),
            )
            for c in candidates
        ),
        round_kind=rules.RoundKind(round_kind.value),
        seats_already_filled=already,
    )
    return UnitResultView(
        unit_id=unit_id,
        unit_name=unit.name,
        level=unit.level,
        seats=unit.seats,
        round_id=round_id,
        round_kind=round_kind,
        areas_total=row["areas_total"],
        areas_reported=row["reported"],
        areas_verified=row["verified"],
        areas_approved=row["approved"],
        provisional=row["approved"] < row["areas_total"],
        totals=totals,
        determination=rules.determine_winners(totals),
        finalized=bool(row["locked"]),
    )


async def _unit_listed(unit_id: int, level: ContestLevel) -> int:
    return await db.fetchval(
        f"""
        SELECT count(*) FROM voter WHERE polling_area IN (SELECT polling_area FROM polling_area_unit WHERE unit = $1)
          AND status = 'listed' AND NOT voting_elsewhere AND {_voters_column(level)}
        """,
        unit_id,
    )


def figures_json(figures: rules.SheetFigures) -> dict[str, Any]:
    data = dataclasses.asdict(figures)
    data["votes"] = {str(k): v for k, v in figures.votes.items()}
    return data


def result_json(view: UnitResultView) -> dict[str, Any]:
    """The unit's result as the API returns it: progress, totals and winners."""
    return {
        "unit_id": view.unit_id,
        "unit_name": view.unit_name,
        "level": view.level.value,
        "seats": view.seats,
        "round_id": view.round_id,
        "round_kind": view.round_kind.value,
        "areas_total": view.areas_total,
        "areas_reported": view.areas_reported,
        "areas_verified": view.areas_verified,
        "areas_approved": view.areas_approved,
        "provisional": view.provisional,
        "finalized": view.finalized,
        **determination_json(view),
    }


def determination_json(view: UnitResultView) -> dict[str, Any]:
    d = view.determination
    return {
        "turnout": str(d.turnout),
        "result_valid": d.result_valid,
        "winners": list(d.winners),
        "empty_seats": d.empty_seats,
        "needs_supplementary": d.needs_supplementary,
        "needs_rerun": d.needs_rerun,
        "unresolved_tie": d.unresolved_tie,
        "notes": list(d.notes),
        "standings": [
            {
                "candidate_id": s.candidate_id,
                "full_name": s.full_name,
                "votes": s.votes,
                "percent": str(s.percent),
                "elected": s.elected,
            }
            for s in d.standings
        ],
        "totals": {
            "voters_on_list": view.totals.voters_on_list,
            "voters_took_part": view.totals.voters_took_part,
            "ballots_issued": view.totals.ballots_issued,
            "ballots_received": view.totals.ballots_received,
            "valid": view.totals.valid,
            "invalid": view.totals.invalid,
        },
    }


async def finalize_unit(
    *, unit_id: int, actor: Actor, round_id: int | None = None
) -> UnitResultView:
    """The board fixes the unit's result (Art. 77): every sheet approved, then all locked."""
    view = await unit_result(unit_id=unit_id, actor=actor, round_id=round_id)
    from election.elections import structure

    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    board_actor = actor.role == Role.BOARD_MEMBER and (
        (unit.level == ContestLevel.COMMUNE_COUNCIL and actor.commune_code == unit.commune_code)
        or (
            unit.level != ContestLevel.COMMUNE_COUNCIL
            and actor.scope_level == ScopeLevel.PROVINCE
            and actor.province_code == unit.province_code
        )
    )
    if not board_actor:
        raise Forbidden("Chỉ thành viên Ban bầu cử của đơn vị được xác định kết quả bầu cử.")
    if view.finalized:
        raise Conflict("Kết quả của đơn vị đã được xác định.")
    if view.areas_approved < view.areas_total:
        raise Conflict(
            f"Mới phê duyệt {view.areas_approved}/{view.areas_total} biên bản kiểm phiếu; "
            "cần phê duyệt tất cả trước khi xác định kết quả (Điều 77)."
        )
    async with db.transaction():
        await db.execute(
            "UPDATE tally_sheet SET state = 'locked', updated_at = now() WHERE unit = $1 "
            "AND unit_round IS NOT DISTINCT FROM $2",
            unit_id,
            round_id,
        )
        await db.execute(
            "UPDATE unit_tally SET locked = true WHERE unit = $1 AND round_key = $2",
            unit_id,
            round_id or 0,
        )
        snapshot = determination_json(view)
        await db.execute(
            "INSERT INTO unit_result (unit, unit_round, determination, finalized_by) VALUES ($1, $2, $3::jsonb, $4)",
            unit_id,
            round_id,
            json.dumps(snapshot, ensure_ascii=False),
            actor.username,
        )
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="finalize_result",
            after=snapshot,
            summary=f"Xác định kết quả bầu cử {view.unit_name}",
        )
    return await unit_result(unit_id=unit_id, actor=actor, round_id=round_id)


async def open_round(
    *, unit_id: int, kind: RoundKind, voting_day: dt.date, decision: str, actor: Actor
) -> int:
    """Record a bầu cử thêm or bầu cử lại as its own round (Art. 79, 80), within 7 days."""
    from election.elections import structure

    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    if (
        actor.role not in (Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF)
        or actor.is_read_only
    ):
        raise Forbidden("Chỉ Ủy ban bầu cử được quyết định bầu cử thêm, bầu cử lại.")
    election = await elections.get_election(election_id=unit.election_id)
    kind = RoundKind(kind)
    if kind == RoundKind.FIRST:
        raise InvalidInput("Vòng bầu cử phải là bầu cử thêm hoặc bầu cử lại.")
    snapshot = await db.fetchval(
        "SELECT determination::text FROM unit_result WHERE unit = $1 AND unit_round IS NULL ORDER BY id DESC LIMIT 1",
        unit_id,
    )
    if snapshot is None:
        raise Conflict("Chưa xác định kết quả bầu cử lần đầu của đơn vị.")
    determination = json.loads(snapshot)
    wanted = "needs_supplementary" if kind == RoundKind.SUPPLEMENTARY else "needs_rerun"
    if not determination.get(wanted):
        article = "Điều 79" if kind == RoundKind.SUPPLEMENTARY else "Điều 80"
        raise RuleViolation(
            Violation(
                "round_not_needed",
                f"Kết quả lần đầu không thuộc trường hợp {kind.label.lower()}.",
                article,
            )
        )
    if await db.fetchval(
        "SELECT 1 FROM unit_round WHERE unit = $1 AND kind = $2", unit_id, kind.value
    ):
        raise Conflict("Mỗi đơn vị chỉ tổ chức bầu cử thêm hoặc bầu cử lại một lần.")
    if not (election.election_day < voting_day <= election.election_day + dt.timedelta(days=7)):
        raise RuleViolation(
            Violation(
                "round_date",
                "Bầu cử thêm, bầu cử lại được tổ chức chậm nhất 7 ngày sau ngày bầu cử đầu tiên.",
                "Điều 79, 80",
                "voting_day",
            )
        )
    async with db.transaction():
        round_id = await db.fetchval(
            "INSERT INTO unit_round (unit, kind, voting_day, decision, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            unit_id,
            kind.value,
            voting_day,
            " ".join(decision.split()),
            actor.username,
        )
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="open_round",
            after={"round": round_id, "kind": kind, "voting_day": voting_day},
            summary=f"Quyết định {kind.label.lower()} ngày {voting_day:%d/%m/%Y}",
        )
    return round_id


async def unit_rounds(*, unit_id: int, actor: Actor) -> list[dict[str, Any]]:
    from election.elections import structure

    await structure.get_unit(unit_id=unit_id, actor=actor)
    rows = await db.fetch(
        "SELECT id, kind, voting_day, decision, created_by, created_at FROM unit_round "
        "WHERE unit = $1 ORDER BY id",
        unit_id,
    )
    return [{**dict(r), "kind_label": RoundKind(r["kind"]).label, "unit_id": unit_id} for r in rows]


# --------------------------------------------------------------------------
# Progress (for the live dashboard)


@dataclass(frozen=True)
class Progress:
    sheets_total: int
    reported: int
    verified: int
    approved: int
    needs_review: int
    voters_on_list: int
    voters_took_part: int

    @property
    def turnout(self):
        return rules.percent(self.voters_took_part, self.voters_on_list)


async def progress(
    *,
    election_id: int,
    province_code: str | None = None,
    commune_code: str | None = None,
    unit_id: int | None = None,
) -> Progress:
    """Sheets by state and turnout so far (ĐBQH sheets count turnout: every voter has that ballot)."""
    row = await db.fetchrow(
        """
        WITH expected AS (
            SELECT pu.polling_area, pu.contest, pu.unit FROM polling_area_unit pu
            JOIN polling_area pa ON pa.id = pu.polling_area JOIN commune c ON c.code = pa.commune
            WHERE pa.election = $1 AND ($2::text IS NULL OR c.province = $2)
              AND ($3::text IS NULL OR pa.commune = $3) AND ($4::int IS NULL OR pu.unit = $4)
        )
        SELECT count(*) AS sheets_total,
               count(s.submitted_entry) AS reported,
               count(*) FILTER (WHERE s.state IN ('verified', 'approved', 'locked')) AS verified,
               count(*) FILTER (WHERE s.state IN ('approved', 'locked')) AS approved,
               count(*) FILTER (WHERE s.needs_review AND s.state = 'verified') AS needs_review,
               COALESCE(sum(e.voters_on_list) FILTER (WHERE ct.level = 'dbqh'), 0) AS voters_on_list,
               COALESCE(sum(e.voters_took_part) FILTER (WHERE ct.level = 'dbqh'), 0) AS voters_took_part
        FROM expected x
        JOIN contest ct ON ct.id = x.contest
        LEFT JOIN tally_sheet s ON s.polling_area = x.polling_area AND s.contest = x.contest AND s.unit_round IS NULL
        LEFT JOIN tally_entry e ON e.id = COALESCE(s.approved_entry, s.verified_entry, s.submitted_entry)
        """,
        election_id,
        province_code,
        commune_code,
        unit_id,
    )
    return Progress(**dict(row))


async def commune_sheet_states(
    *, election_id: int, commune_code: str, actor: Actor
) -> list[dict[str, Any]]:
    """Every polling area of a commune with the state of its first-round sheet
    per contest (None where nothing has been entered yet)."""
    from election.geography import services as geography

    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise NotFound(f"Không có xã, phường mã {commune_code} trong phạm vi của bạn.")
    rows = await db.fetch(
        """
        SELECT pa.id, pa.number, pa.name, c.name AS commune_name,
               json_object_agg(ct.level, json_build_object(
                   'sheet', s.id, 'state', COALESCE(s.state, 'draft'),
                   'needs_review', COALESCE(s.needs_review, false), 'unit', pu.unit)
               )::text AS sheets
        FROM polling_area pa
        JOIN commune c ON c.code = pa.commune
        JOIN polling_area_unit pu ON pu.polling_area = pa.id
        JOIN contest ct ON ct.id = pu.contest
        LEFT JOIN tally_sheet s ON s.polling_area = pa.id AND s.contest = pu.contest
             AND s.unit_round IS NULL
        WHERE pa.election = $1 AND pa.commune = $2
        GROUP BY pa.id, pa.number, pa.name, c.name
        ORDER BY pa.number
        """,
        election_id,
        commune_code,
    )
    result = []
    for r in rows:
        sheets = json.loads(r["sheets"])
        for cell in sheets.values():
            cell["state_label"] = SheetState(cell["state"]).label
        result.append({**dict(r), "sheets": sheets})
    return result


async def unit_sheet_states(*, unit_id: int, round_id: int | None = None) -> list[dict[str, Any]]:
    """The unit's polling areas, each with its sheet's state and figures (the
    entry the sheet stands for)."""
    rows = await db.fetch(
        """
        SELECT pa.id AS polling_area_id, pa.number, pa.name, c.name AS commune_name, s.id AS sheet_id,
               COALESCE(s.state, 'draft') AS state, COALESCE(s.needs_review, false) AS needs_review,
               e.voters_on_list, e.voters_took_part, e.valid, e.invalid
        FROM polling_area_unit pu
        JOIN polling_area pa ON pa.id = pu.polling_area
        JOIN commune c ON c.code = pa.commune
        LEFT JOIN tally_sheet s ON s.polling_area = pu.polling_area AND s.contest = pu.contest
             AND s.unit_round IS NOT DISTINCT FROM $2
        LEFT JOIN tally_entry e ON e.id = COALESCE(s.approved_entry, s.verified_entry, s.submitted_entry)
        WHERE pu.unit = $1
        ORDER BY c.code, pa.number
        """,
        unit_id,
        round_id,
    )
    return [{**dict(r), "state_label": SheetState(r["state"]).label} for r in rows]


async def unit_complaints(*, unit_id: int, round_id: int | None = None) -> tuple[int, int, int]:
    """Complaints received, settled and forwarded at the unit's teams (Art. 76(2)(h))."""
    row = await db.fetchrow(
        """
        SELECT COALESCE(sum(e.complaints_received), 0) AS received,
               COALESCE(sum(e.complaints_settled), 0) AS settled,
               COALESCE(sum(e.complaints_forwarded), 0) AS forwarded
        FROM tally_sheet s
        JOIN tally_entry e ON e.id = COALESCE(s.approved_entry, s.verified_entry, s.submitted_entry)
        WHERE s.unit = $1 AND s.unit_round IS NOT DISTINCT FROM $2
        """,
        unit_id,
        round_id,
    )
    return row["received"], row["settled"], row["forwarded"]
