"""The team assignment helper (Art. 25, 27): fill a commune's teams from its
registry, check a plan against every rule, and swap one proposed member.

Deterministic: the same data and seed give the same plan.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from election.errors import Violation
from election.staffing.rules.bodies import (
    RULES_BY_KIND,
    BodyRule,
    accepts,
    check_body_size,
    check_composition,
    check_roles,
)
from election.staffing.rules.members import VOTER_MIN_AGE
from election.staffing.tables import BodyKind, MemberRole


@dataclass(frozen=True)
class TeamNeed:
    """One polling area's team as it stands: its kind and serving members."""

    area_id: int
    area_number: int
    kind: BodyKind
    current: tuple[tuple[int, MemberRole], ...] = ()
    # People who stand in a unit covering the area (Art. 27).
    blocked: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PoolPerson:
    """A registry person as the helper sees them."""

    id: int
    # Lives in the commune of the polling areas: preferred.
    local: bool
    armed_forces: bool = False
    # 18 or older on election day (Art. 2).
    eligible: bool = True
    # Already serving on a team or another body of the election.
    busy: bool = False


@dataclass(frozen=True)
class TeamPlan:
    area_id: int
    target: int
    added: tuple[tuple[int, MemberRole], ...]
    shortfall: int


@dataclass(frozen=True)
class AssignmentPlan:
    seed: int
    team_size: int
    teams: tuple[TeamPlan, ...]
    reserve: tuple[int, ...] = field(default=())

    @property
    def placed(self) -> list[int]:
        return [person for team in self.teams for person, _ in team.added]

    @property
    def shortfall(self) -> int:
        return sum(team.shortfall for team in self.teams)


def team_target(
    kind: BodyKind | str, team_size: int, rules: Mapping[BodyKind, BodyRule] = RULES_BY_KIND
) -> int:
    """The chosen size, kept within the kind's legal range."""
    rule = rules[BodyKind(kind)]
    return max(rule.minimum, min(rule.maximum, team_size))


def _next_role(present: set[MemberRole]) -> MemberRole:
    if MemberRole.HEAD not in present:
        return MemberRole.HEAD
    if MemberRole.SECRETARY not in present:
        return MemberRole.SECRETARY
    return MemberRole.MEMBER


def assign_teams(
    teams: Sequence[TeamNeed],
    people: Sequence[PoolPerson],
    *,
    team_size: int,
    seed: int,
    reserve_size: int = 0,
    rules: Mapping[BodyKind, BodyRule] = RULES_BY_KIND,
) -> AssignmentPlan:
    """Fill every team up to `team_size` (kept within its kind's range) from the
    registry, respecting every rule, local people first; the rest of the free,
    eligible people (local first) form the reserve.

    Deterministic: the people are shuffled by `seed` after sorting by id, then
    taken in that order, so the same data and seed give the same plan.
    """
    order = sorted(people, key=lambda p: p.id)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda p: not p.local)  # stable: shuffled within each group
    available = [p for p in order if p.eligible and not p.busy]
    used: set[int] = {person for team in teams for person, _ in team.current}
    plans: list[TeamPlan] = []
    for team in sorted(teams, key=lambda t: (t.area_number, t.area_id)):
        target = team_target(team.kind, team_size, rules)
        need = target - len(team.current)
        present = {role for _, role in team.current}
        added: list[tuple[int, MemberRole]] = []
        for person in available:
            if need <= 0:
                break
            if person.id in used or person.id in team.blocked:
                continue
            if not accepts(team.kind, person.armed_forces):
                continue
            role = _next_role(present)
            added.append((person.id, role))
            present.add(role)
            used.add(person.id)
            need -= 1
        plans.append(TeamPlan(team.area_id, target, tuple(added), max(need, 0)))
    reserve = tuple(p.id for p in available if p.id not in used)[: max(reserve_size, 0)]
    return AssignmentPlan(seed=seed, team_size=team_size, teams=tuple(plans), reserve=reserve)


def check_assignment(
    teams: Sequence[TeamNeed],
    people: Sequence[PoolPerson],
    plan: AssignmentPlan,
    rules: Mapping[BodyKind, BodyRule] = RULES_BY_KIND,
) -> list[Violation]:
    """Every rule a plan must keep: one team per person, eligible voters only,
    no candidate in their own unit, the team's kind, its size and roles."""
    by_id = {p.id: p for p in people}
    needs = {t.area_id: t for t in teams}
    violations: list[Violation] = []
    seen: set[int] = {person for team in teams for person, _ in team.current}
    for team_plan in plan.teams:
        team = needs.get(team_plan.area_id)
        if team is None:
            violations.append(
                Violation("unknown_team", f"Không có khu vực bỏ phiếu số hiệu {team_plan.area_id}.")
            )
            continue
        label = f"Tổ bầu cử khu vực số {team.area_number}"
        rule = rules[team.kind]
        for person_id, _ in team_plan.added:
            person = by_id.get(person_id)
            if person is None:
                violations.append(
                    Violation("unknown_person", f"{label}: người số hiệu {person_id} không có.")
                )
                continue
            if person_id in seen:
                violations.append(
                    Violation(
                        "one_team_per_person",
                        f"{label}: người số hiệu {person_id} đã ở một Tổ bầu cử khác.",
                    )
                )
            seen.add(person_id)
            if person.busy:
                violations.append(
                    Violation(
                        "person_busy",
                        f"{label}: người số hiệu {person_id} đang là thành viên tổ chức phụ trách "
                        "bầu cử khác.",
                    )
                )
            if not person.eligible:
                violations.append(
                    Violation(
                        "member_not_a_voter",
                        f"{label}: người số hiệu {person_id} không phải là cử tri (chưa đủ "
                        f"{VOTER_MIN_AGE} tuổi hoặc không được ghi tên vào danh sách cử tri).",
                        "Điều 2",
                    )
                )
            if person_id in team.blocked:
                violations.append(
                    Violation(
                        "candidate_in_own_unit",
                        f"{label}: người số hiệu {person_id} ứng cử ở đơn vị bầu cử có khu vực này.",
                        "Điều 27",
                    )
                )
            if not accepts(team.kind, person.armed_forces):
                violations += check_composition(team.kind, [person.armed_forces])
        total = len(team.current) + len(team_plan.added)
        if total > rule.maximum:
            violations += check_body_size(team.kind, total, rules)
        roles = [role for _, role in team.current] + [role for _, role in team_plan.added]
        violations += [
            Violation(v.code, f"{label}: {v.message}", v.article, v.field)
            for v in check_roles(rule.family, roles, complete=False)
        ]
    placed = set(plan.placed)
    for person_id in plan.reserve:
        if person_id in placed:
            violations.append(
                Violation(
                    "reserve_also_placed",
                    f"Người số hiệu {person_id} vừa ở danh sách dự phòng vừa được phân công.",
                )
            )
    return violations


def swap_in_plan(
    plan: AssignmentPlan, *, area_id: int, out_person: int, in_person: int
) -> AssignmentPlan:
    """Replace one proposed member by another, who takes the same role; the one
    replaced goes to the head of the reserve."""
    teams: list[TeamPlan] = []
    found = False
    for team in plan.teams:
        if team.area_id == area_id:
            added: list[tuple[int, MemberRole]] = []
            for person, role in team.added:
                if person == out_person:
                    found = True
                    added.append((in_person, role))
                else:
                    added.append((person, role))
            team = TeamPlan(team.area_id, team.target, tuple(added), team.shortfall)
        teams.append(team)
    if not found:
        raise ValueError("Người cần thay không có trong phương án của Tổ bầu cử này.")
    reserve = (out_person, *(p for p in plan.reserve if p not in (in_person, out_person)))
    return AssignmentPlan(plan.seed, plan.team_size, tuple(teams), reserve)
