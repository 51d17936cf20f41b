"""Candidates of a unit's list: reading, adding, changing and deleting them
while the list is open, and striking a name from the official list (Art. 60)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.audit.reveals import record_reveal
from election.clock import VIETNAM
from election.elections import rules, training_clock
from election.elections.ballot_order import ballot_sort_key, name_parts
from election.elections.queries import candidates as queries
from election.elections.queries.candidates import CANDIDATE_FIELDS, CandidateRow
from election.elections.queries.units import UnitRow
from election.elections.services import get_election
from election.elections.structure.access import require_manage
from election.elections.structure.integrity import Change, require_change_allowed
from election.elections.structure.units import get_unit
from election.elections.tables import RemovalReason, Sex
from election.errors import Conflict, NotFound, RuleViolation, Violation
from election.text import normalize_tone_marks, tidy


async def list_candidates(
    *, unit_id: int, actor: Actor, include_removed: bool = True
) -> list[CandidateRow]:
    """A unit's candidates in the official ballot order (Art. 57(5))."""
    await get_unit(unit_id=unit_id, actor=actor)
    return await queries.candidates_of_unit(unit_id=unit_id, include_removed=include_removed)


async def get_candidate(*, candidate_id: int, actor: Actor) -> CandidateRow:
    candidate = await queries.candidate(candidate_id=candidate_id)
    if candidate is None:
        raise NotFound(f"Không có người ứng cử số hiệu {candidate_id}.")
    await get_unit(unit_id=candidate.unit_id, actor=actor)
    return candidate


async def reveal_candidate(*, candidate_id: int, reason: str, actor: Actor) -> CandidateRow:
    """The candidate with their full ID, for those who manage the unit and say
    why (answers show it masked); the reveal is audited."""
    candidate = await get_candidate(candidate_id=candidate_id, actor=actor)
    unit = await get_unit(unit_id=candidate.unit_id, actor=actor)
    require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    await record_reveal(
        actor=actor,
        entity_type="candidate",
        entity_id=candidate_id,
        reason=reason,
        fields="số định danh",
    )
    return candidate


_OPTIONAL_TEXT = (
    "hometown",
    "residence",
    "education",
    "qualification",
    "academic_title",
    "political_theory",
    "foreign_language",
    "occupation_position",
    "workplace",
    "assembly_deputy",
    "current_deputy",
    "note",
)


# Names: one placement of the tone mark, whatever path they came by (API,
# page, import, demo), so that "Hoà" and "Hòa" are one person and one name.
_NAMES = ("full_name", "other_name")


def normalize_candidate(data: dict[str, Any]) -> dict[str, Any]:
    """NFC, trimmed, single-spaced text, names with one tone placement
    (`normalize_tone_marks`); the personal ID as 12 digits or None."""
    clean: dict[str, Any] = {}
    for name in CANDIDATE_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            value = tidy(value)
            if name in _NAMES:
                value = normalize_tone_marks(value)
        clean[name] = value
    clean["personal_id"] = clean.get("personal_id") or None
    clean["other_name"] = clean.get("other_name") or ""
    clean["sex"] = Sex(clean["sex"])
    for name in _OPTIONAL_TEXT:
        clean[name] = clean.get(name) or ""
    clean["nationality"] = clean.get("nationality") or "Việt Nam"
    clean["ethnicity"] = clean.get("ethnicity") or "Kinh"
    clean["religion"] = clean.get("religion") or "Không"
    return clean


# --------------------------------------------------------------------------
# One person on several lists (Art. 36)


def person_key(personal_id: str | None, full_name: str, date_of_birth: dt.date) -> str:
    """Identify a person across lists: the personal ID, else name and birth date."""
    if personal_id:
        return "id:" + personal_id
    return "name:" + name_and_birth(full_name, date_of_birth)


def name_and_birth(full_name: str, date_of_birth: dt.date) -> str:
    """Who a person is without a personal ID: the name, family name first and
    casefolded, with one tone placement ("Hoà" = "Hòa"), and the birth date."""
    given, family, middle = name_parts(normalize_tone_marks(full_name))
    return " ".join([family, *middle, given]).casefold() + "|" + date_of_birth.isoformat()


async def other_candidacies(
    *,
    election_id: int,
    personal_id: str | None,
    full_name: str,
    date_of_birth: dt.date,
    exclude_id: int | None,
) -> list[str]:
    """Levels of the person's other candidacies in the same election.

    The query narrows to the same personal ID or the same birth date (indexed
    columns); the exact person key is compared here.
    """
    person = person_key(personal_id, full_name, date_of_birth)
    candidacies = await queries.candidacies_like(
        election_id=election_id,
        exclude_id=exclude_id,
        personal_id=personal_id,
        date_of_birth=date_of_birth,
    )
    return [
        c.level.value
        for c in candidacies
        if person_key(c.personal_id, c.full_name, c.date_of_birth) == person
    ]


async def _check_candidate(unit: UnitRow, data: dict[str, Any], candidate_id: int | None) -> None:
    election = await get_election(election_id=unit.election_id)
    violations = rules.check_candidate_age(data["date_of_birth"], election.election_day)
    others = await other_candidacies(
        election_id=unit.election_id,
        personal_id=data["personal_id"],
        full_name=data["full_name"],
        date_of_birth=data["date_of_birth"],
        exclude_id=candidate_id,
    )
    violations += rules.check_standing_limits([*others, unit.level.value])
    if violations:
        raise RuleViolation(violations)


# --------------------------------------------------------------------------
# Changes while the list is open


def _require_open_list(unit: UnitRow) -> None:
    if unit.finalized:
        raise Conflict(
            "Danh sách chính thức của đơn vị đã chốt; chỉ có thể xóa tên người ứng cử theo Điều 60."
        )


async def save_candidate(
    *, unit_id: int, data: dict[str, Any], actor: Actor, candidate_id: int | None = None
) -> CandidateRow:
    """Add (candidate_id None) or change a candidate of an open list."""
    unit = await get_unit(unit_id=unit_id, actor=actor)
    require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    _require_open_list(unit)
    await require_change_allowed(
        Change.SAVE_CANDIDATE,
        unit_id=unit.id,
        election_id=unit.election_id,
        list_finalized=unit.finalized,
    )
    clean = normalize_candidate(data)
    if not clean["full_name"]:
        raise RuleViolation(Violation("name_required", "Cần nhập họ và tên.", field="full_name"))
    await _check_candidate(unit, clean, candidate_id)
    sort_key = ballot_sort_key(clean["full_name"], clean["date_of_birth"])
    async with db.transaction():
        before = None
        if candidate_id is not None:
            before = await get_candidate(candidate_id=candidate_id, actor=actor)
            if before.unit_id != unit_id:
                raise NotFound(f"Không có người ứng cử số hiệu {candidate_id} ở đơn vị này.")
        candidate_id = await queries.save_candidate(
            candidate_id=candidate_id, unit_id=unit_id, **clean, ballot_sort_key=sort_key
        )
        candidate = await get_candidate(candidate_id=candidate_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="candidate",
            entity_id=candidate_id,
            action="create" if before is None else "update",
            before=before.public() if before else None,
            after=candidate.public(),
            summary=f"{'Thêm' if before is None else 'Sửa'} người ứng cử {candidate.full_name} "
            f"({unit.name})",
        )
    return candidate


async def delete_candidate(*, candidate_id: int, actor: Actor) -> None:
    candidate = await get_candidate(candidate_id=candidate_id, actor=actor)
    unit = await get_unit(unit_id=candidate.unit_id, actor=actor)
    require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    _require_open_list(unit)
    await require_change_allowed(
        Change.DELETE_CANDIDATE,
        unit_id=unit.id,
        election_id=unit.election_id,
        list_finalized=unit.finalized,
    )
    async with db.transaction():
        await queries.delete_candidate(candidate_id=candidate_id)
        await audit.record(
            actor=actor,
            entity_type="candidate",
            entity_id=candidate_id,
            action="delete",
            before=candidate.public(),
            summary=f"Xóa người ứng cử {candidate.full_name} khỏi danh sách dự kiến ({unit.name})",
        )


# --------------------------------------------------------------------------
# Striking a name from the official list


async def remove_candidate(
    *,
    candidate_id: int,
    reason: RemovalReason,
    removed_on: dt.date,
    decision: str,
    actor: Actor,
    now: dt.datetime | None = None,
) -> CandidateRow:
    """Art. 60: strike a name from the official list, up to the opening of voting."""
    candidate = await get_candidate(candidate_id=candidate_id, actor=actor)
    unit = await get_unit(unit_id=candidate.unit_id, actor=actor)
    require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    election = await get_election(election_id=unit.election_id)
    if not unit.finalized:
        raise Conflict("Danh sách chưa chốt: hãy sửa hoặc xóa người ứng cử thay vì xóa tên.")
    if candidate.removed:
        raise Conflict("Người ứng cử này đã bị xóa tên.")
    opening = dt.datetime.combine(election.election_day, election.voting_opens, tzinfo=VIETNAM)
    moment = await training_clock.now_for(unit.election_id, now)
    if moment >= opening or removed_on > election.election_day:
        raise RuleViolation(
            Violation(
                "removal_after_voting_opened",
                "Chỉ được xóa tên người ứng cử trước khi bắt đầu bỏ phiếu.",
                "Điều 60",
            )
        )
    await require_change_allowed(
        Change.STRIKE_CANDIDATE,
        unit_id=unit.id,
        election_id=unit.election_id,
        list_finalized=True,
        now=now,
    )
    reason = RemovalReason(reason)
    decision = tidy(decision)
    if not decision:
        raise RuleViolation(
            Violation(
                "removal_decision_required",
                "Cần ghi số, ngày quyết định xóa tên.",
                "Điều 60",
                "decision",
            )
        )
    async with db.transaction():
        await queries.strike_from_list(
            candidate_id=candidate_id, removed_on=removed_on, reason=reason, decision=decision
        )
        after = await get_candidate(candidate_id=candidate_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="candidate",
            entity_id=candidate_id,
            action="remove",
            before={"removed_on": None},
            after={"removed_on": removed_on, "reason": reason, "decision": decision},
            summary=f"Xóa tên {candidate.full_name} khỏi danh sách chính thức ({reason.label})",
        )
    return after
