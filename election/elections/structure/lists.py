"""A unit's official candidate list: its report against the law, its
finalization (Art. 57-58) and reopening, and the composition of a contest's
lists (Art. 8 for the ĐBQH, Art. 9 for the HĐND)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from election import db
from election.actor import Actor, Role
from election.audit import services as audit
from election.elections import rules
from election.elections.queries import candidates as candidate_queries
from election.elections.queries import units as queries
from election.elections.queries.candidates import CandidateRow
from election.elections.queries.units import UnitRow
from election.elections.services import get_contest, get_election
from election.elections.structure.access import require_manage
from election.elections.structure.candidates import list_candidates, other_candidacies
from election.elections.structure.integrity import Change, Decision, require_change_allowed
from election.elections.structure.units import get_unit
from election.elections.tables import ContestLevel
from election.errors import Conflict, Forbidden, RuleViolation, Violation, blocking, warnings_of
from election.geography import services as geography
from election.text import tidy

# What other domains do when a unit's official candidate list is finalized,
# inside the finalizing transaction. Staffing registers the Art. 27 check at
# import (election.staffing.services): staffing depends on elections, not
# the other way round.
ListFinalized = Callable[[int, Actor], Awaitable[object]]
_LIST_FINALIZED: list[ListFinalized] = []


def on_list_finalized(react: ListFinalized) -> None:
    if react not in _LIST_FINALIZED:
        _LIST_FINALIZED.append(react)


@dataclass(frozen=True)
class ListReport:
    unit: UnitRow
    candidates: list[CandidateRow]
    violations: list[Violation]

    @property
    def errors(self) -> list[Violation]:
        return blocking(self.violations)

    @property
    def warnings(self) -> list[Violation]:
        return warnings_of(self.violations)


def _of(candidate: CandidateRow, violations: list[Violation]) -> list[Violation]:
    """The candidate's violations, each message led by the candidate's name."""
    return [Violation(v.code, f"{candidate.full_name}: {v.message}", v.article) for v in violations]


async def list_report(*, unit_id: int, actor: Actor) -> ListReport:
    """Every rule of the list: numbers (Art. 57–58), ages, standing limits (Art. 36)."""
    unit = await get_unit(unit_id=unit_id, actor=actor)
    election = await get_election(election_id=unit.election_id)
    candidates = await list_candidates(unit_id=unit_id, actor=actor, include_removed=False)
    violations = rules.check_candidate_count(
        unit.level, unit.seats, len(candidates), shortfall_decision=unit.shortfall_decision
    )
    violations += rules.check_unit_announced(unit.announced_on, election.election_day)
    for candidate in candidates:
        violations += _of(
            candidate, rules.check_candidate_age(candidate.date_of_birth, election.election_day)
        )
        others = await other_candidacies(
            election_id=unit.election_id,
            personal_id=candidate.personal_id,
            full_name=candidate.full_name,
            date_of_birth=candidate.date_of_birth,
            exclude_id=candidate.id,
        )
        violations += _of(candidate, rules.check_standing_limits([*others, unit.level.value]))
    return ListReport(unit=unit, candidates=candidates, violations=violations)


async def finalize_list(*, unit_id: int, actor: Actor, shortfall_decision: str = "") -> ListReport:
    """Fix the official list; errors refuse it, warnings are shown with it."""
    unit = await get_unit(unit_id=unit_id, actor=actor)
    require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    if unit.finalized:
        raise Conflict("Danh sách của đơn vị này đã được chốt.")
    decision = tidy(shortfall_decision)
    async with db.transaction():
        if decision:
            await queries.set_shortfall_decision(unit_id=unit_id, decision=decision)
        report = await list_report(unit_id=unit_id, actor=actor)
        if report.errors:
            raise RuleViolation(
                report.errors, detail="Chưa thể chốt danh sách: " + report.errors[0].message
            )
        await queries.mark_list_finalized(unit_id=unit_id)
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="finalize_list",
            after={
                "candidates": [c.full_name for c in report.candidates],
                "shortfall_decision": decision,
                "warnings": [w.message for w in report.warnings],
            },
            summary=f"Chốt danh sách chính thức người ứng cử {unit.name}",
        )
        # Art. 27: a candidate may not serve on the unit's board or its teams;
        # staffing flags them in the same transaction.
        for react in _LIST_FINALIZED:
            await react(unit_id, actor)
    return await list_report(unit_id=unit_id, actor=actor)


async def reopen_list(
    *,
    unit_id: int,
    actor: Actor,
    reason: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> UnitRow:
    """Undo a finalization (admins and province staff) on the decision of the
    competent body (number, date, reason), before voting opens and before any
    sheet of the unit is counted (`integrity`); the audit records the
    decision with the list's new version."""
    unit = await get_unit(unit_id=unit_id, actor=actor)
    if actor.role not in (Role.ADMIN, Role.PROVINCE_STAFF):
        raise Forbidden("Chỉ quản trị viên hoặc cán bộ cấp tỉnh được mở lại danh sách đã chốt.")
    require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    reason = tidy(reason)
    if not reason:
        raise RuleViolation(
            Violation("reason_required", "Cần ghi lý do mở lại danh sách.", field="reason")
        )
    if not unit.finalized:
        raise Conflict("Danh sách chưa được chốt.")
    decision = Decision(number=tidy(decision_number), date=decision_date, reason=reason)
    await require_change_allowed(
        Change.REOPEN_LIST,
        unit_id=unit_id,
        election_id=unit.election_id,
        list_finalized=True,
        decision=decision,
        now=now,
    )
    async with db.transaction():
        await queries.reopen_list(unit_id=unit_id)
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="reopen_list",
            before={"list_finalized_at": unit.list_finalized_at},
            after={"reason": reason, "decision": decision.public()},
            summary=f"Mở lại danh sách người ứng cử {unit.name} theo quyết định số "
            f"{decision.number}: {reason}",
        )
    return await get_unit(unit_id=unit_id, actor=actor)


@dataclass(frozen=True)
class CompositionReport:
    scope_label: str
    level: ContestLevel
    composition: rules.ListComposition
    violations: list[Violation]

    @property
    def national(self) -> bool:
        return self.level == ContestLevel.NATIONAL_ASSEMBLY

    @property
    def articles(self) -> str:
        return rules.composition_articles(self.level.value)


async def list_composition(
    *, contest_id: int, province_code: str | None = None
) -> CompositionReport:
    """The shares of a contest's official lists: women and ethnic minorities on
    the ĐBQH list, nationally or in a province (Art. 8(2)-(3)); women on an
    HĐND tỉnh or HĐND xã list (Art. 9, as amended by Law 83/2025/QH15)."""
    contest = await get_contest(contest_id=contest_id)
    national = contest.level == ContestLevel.NATIONAL_ASSEMBLY
    scope = province_code if national else None
    people = await candidate_queries.list_people(contest_id=contest_id, province_code=scope)
    composition = rules.list_composition(list(people))
    violations = (
        rules.check_list_composition(composition, contest.level.value) if composition.total else []
    )
    if not national:
        label = contest.commune_name or contest.province_name or ""
    else:
        # A province by its name ("Cà Mau"), never by its code.
        label = "Toàn quốc" if scope is None else (await geography.get_province(scope)).name
    return CompositionReport(
        scope_label=label, level=contest.level, composition=composition, violations=violations
    )
