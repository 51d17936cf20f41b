"""Pure rules of the election bodies (Art. 21–27, 90): sizes, roles, deadlines,
who may sit where, and the team assignment helper.

The sizes and deadlines of each kind of body are data (`BODY_RULES`), read by
generic checks: a new law changes the table, not the checks.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from election.elections.rules import age_on
from election.elections.tables import ContestLevel, ElectionKind
from election.errors import Violation
from election.staffing.tables import BodyFamily, BodyKind, MemberRole
from election.stations.tables import PollingAreaKind

VOTER_MIN_AGE = 18


@dataclass(frozen=True)
class BodyRule:
    """Size and forming deadline of one kind of body, with the articles."""

    kind: BodyKind
    family: BodyFamily
    minimum: int
    maximum: int
    size_article: str
    # Formed at least this many days before the (by-)election day.
    deadline_days: int
    deadline_article: str
    # The milestone of `elections.rules.CALENDAR_RULES` it is shown against.
    milestone: str
    # Who forms it (the default text of the decision).
    authority: str


# Law 85/2015/QH13 as amended by Law 83/2025/QH15 (domain reference §1).
BODY_RULES: tuple[BodyRule, ...] = (
    BodyRule(
        BodyKind.PROVINCE_COMMITTEE,
        BodyFamily.COMMITTEE,
        23,
        37,
        "Điều 22 khoản 1",
        105,
        "Điều 22 khoản 1",
        "D-105",
        "Ủy ban nhân dân tỉnh",
    ),
    BodyRule(
        BodyKind.COMMUNE_COMMITTEE,
        BodyFamily.COMMITTEE,
        9,
        17,
        "Điều 22 khoản 2",
        105,
        "Điều 22 khoản 2",
        "D-105",
        "Ủy ban nhân dân xã",
    ),
    BodyRule(
        BodyKind.BOARD_DBQH,
        BodyFamily.BOARD,
        9,
        17,
        "Điều 24 khoản 1",
        70,
        "Điều 24 khoản 1",
        "D-70",
        "Ủy ban nhân dân tỉnh",
    ),
    BodyRule(
        BodyKind.BOARD_PROVINCE,
        BodyFamily.BOARD,
        11,
        15,
        "Điều 24 khoản 2",
        70,
        "Điều 24 khoản 2",
        "D-70",
        "Ủy ban nhân dân tỉnh",
    ),
    BodyRule(
        BodyKind.BOARD_COMMUNE,
        BodyFamily.BOARD,
        9,
        15,
        "Điều 24 khoản 2",
        70,
        "Điều 24 khoản 2",
        "D-70",
        "Ủy ban nhân dân xã",
    ),
    BodyRule(
        BodyKind.TEAM,
        BodyFamily.TEAM,
        11,
        21,
        "Điều 25 khoản 1",
        43,
        "Điều 25 khoản 1",
        "D-43",
        "Ủy ban nhân dân xã",
    ),
    BodyRule(
        BodyKind.TEAM_MILITARY,
        BodyFamily.TEAM,
        5,
        9,
        "Điều 25 khoản 1",
        43,
        "Điều 25 khoản 1",
        "D-43",
        # The amended text does not name the decider (domain reference §1).
        "Ủy ban nhân dân xã (thống nhất với chỉ huy đơn vị vũ trang)",
    ),
    BodyRule(
        BodyKind.TEAM_MIXED,
        BodyFamily.TEAM,
        11,
        21,
        "Điều 25 khoản 1",
        43,
        "Điều 25 khoản 1",
        "D-43",
        "Ủy ban nhân dân xã (thống nhất với chỉ huy đơn vị vũ trang)",
    ),
    BodyRule(
        BodyKind.TEAM_BY_ELECTION,
        BodyFamily.TEAM,
        9,
        11,
        "Điều 90",
        15,
        "Điều 90",
        "",
        "Ủy ban nhân dân xã",
    ),
)

RULES_BY_KIND: Mapping[BodyKind, BodyRule] = {rule.kind: rule for rule in BODY_RULES}

# Titles of the roles in each family (Art. 22, 24, 25).
ROLE_TITLES: Mapping[tuple[BodyFamily, MemberRole], str] = {
    (BodyFamily.COMMITTEE, MemberRole.HEAD): "Chủ tịch",
    (BodyFamily.COMMITTEE, MemberRole.DEPUTY): "Phó Chủ tịch",
    (BodyFamily.COMMITTEE, MemberRole.SECRETARY): "Thư ký",
    (BodyFamily.COMMITTEE, MemberRole.MEMBER): "Ủy viên",
    (BodyFamily.BOARD, MemberRole.HEAD): "Trưởng ban",
    (BodyFamily.BOARD, MemberRole.DEPUTY): "Phó Trưởng ban",
    (BodyFamily.BOARD, MemberRole.SECRETARY): "Thư ký",
    (BodyFamily.BOARD, MemberRole.MEMBER): "Ủy viên",
    (BodyFamily.TEAM, MemberRole.HEAD): "Tổ trưởng",
    (BodyFamily.TEAM, MemberRole.SECRETARY): "Thư ký",
    (BodyFamily.TEAM, MemberRole.MEMBER): "Ủy viên",
}

# Print order of the roles in member lists.
ROLE_ORDER = {
    MemberRole.HEAD: 0,
    MemberRole.DEPUTY: 1,
    MemberRole.SECRETARY: 2,
    MemberRole.MEMBER: 3,
}

BOARD_KIND_OF_LEVEL: Mapping[ContestLevel, BodyKind] = {
    ContestLevel.NATIONAL_ASSEMBLY: BodyKind.BOARD_DBQH,
    ContestLevel.PROVINCE_COUNCIL: BodyKind.BOARD_PROVINCE,
    ContestLevel.COMMUNE_COUNCIL: BodyKind.BOARD_COMMUNE,
}
TEAM_KINDS = frozenset(r.kind for r in BODY_RULES if r.family == BodyFamily.TEAM)


def family_of(kind: BodyKind | str, rules: Mapping[BodyKind, BodyRule] = RULES_BY_KIND):
    return rules[BodyKind(kind)].family


def role_title(family: BodyFamily | str, role: MemberRole | str) -> str:
    return ROLE_TITLES.get((BodyFamily(family), MemberRole(role)), MemberRole(role).label)


def roles_of(family: BodyFamily | str) -> list[MemberRole]:
    """The roles a body of this family has, in print order."""
    return [role for role in MemberRole if (BodyFamily(family), role) in ROLE_TITLES]


# --------------------------------------------------------------------------
# People


def normalize_name(full_name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", full_name).split()).casefold()


def person_key(full_name: str, date_of_birth: dt.date) -> str:
    """Normalized full name and birth date: who a person is without a personal ID."""
    return f"{normalize_name(full_name)}|{date_of_birth.isoformat()}"


def same_person(
    a_personal_id: str | None,
    a_name: str,
    a_born: dt.date,
    b_personal_id: str | None,
    b_name: str,
    b_born: dt.date,
) -> bool:
    """Art. 27 matching: by personal ID when both have one, else by name and birth date."""
    if a_personal_id and b_personal_id:
        return a_personal_id == b_personal_id
    return a_born == b_born and normalize_name(a_name) == normalize_name(b_name)


@dataclass(frozen=True)
class Identity:
    """Who someone is, for matching a registry person with a candidate."""

    id: int
    personal_id: str | None
    full_name: str
    date_of_birth: dt.date


class PeopleIndex:
    """Find the registry people who are a given candidate (`same_person`) fast."""

    def __init__(self, people: Iterable[Identity]):
        self.by_id: dict[str, list[Identity]] = {}
        self.by_key: dict[str, list[Identity]] = {}
        for person in people:
            if person.personal_id:
                self.by_id.setdefault(person.personal_id, []).append(person)
            self.by_key.setdefault(person_key(person.full_name, person.date_of_birth), []).append(
                person
            )

    def matches(self, candidate: Identity) -> set[int]:
        found = {
            p.id
            for p in self.by_key.get(person_key(candidate.full_name, candidate.date_of_birth), [])
            if not (p.personal_id and candidate.personal_id)
        }
        if candidate.personal_id:
            found |= {p.id for p in self.by_id.get(candidate.personal_id, [])}
        return found


def check_member_age(date_of_birth: dt.date, election_day: dt.date) -> list[Violation]:
    """Members are voters: 18 or older on election day (Art. 2)."""
    if age_on(date_of_birth, election_day) >= VOTER_MIN_AGE:
        return []
    return [
        Violation(
            "member_not_a_voter",
            f"Thành viên tổ chức phụ trách bầu cử phải là cử tri, đủ {VOTER_MIN_AGE} tuổi trở lên "
            "tính đến ngày bầu cử.",
            "Điều 2",
            "person_id",
        )
    ]


def check_not_excluded(reason: str) -> list[Violation]:
    """Members are voters: nobody kept off the voter list (Art. 30(1)) may serve."""
    return [
        Violation(
            "member_excluded_from_list",
            f"Người này không được ghi tên vào danh sách cử tri ({reason}); thành viên tổ chức "
            "phụ trách bầu cử phải là cử tri.",
            "Điều 30 khoản 1",
            "person_id",
        )
    ]


# --------------------------------------------------------------------------
# Bodies: kind, size, roles, deadline


def default_team_kind(area_kind: PollingAreaKind | str, election_kind: ElectionKind | str):
    if ElectionKind(election_kind) == ElectionKind.BY_ELECTION:
        return BodyKind.TEAM_BY_ELECTION
    if PollingAreaKind(area_kind) == PollingAreaKind.ARMED_FORCES:
        return BodyKind.TEAM_MILITARY
    return BodyKind.TEAM


def check_team_kind(
    kind: BodyKind | str, area_kind: PollingAreaKind | str, election_kind: ElectionKind | str
) -> list[Violation]:
    """Art. 25(1), 90: the kind of team follows the election and the polling area."""
    kind, area_kind = BodyKind(kind), PollingAreaKind(area_kind)
    by_election = ElectionKind(election_kind) == ElectionKind.BY_ELECTION
    if by_election != (kind == BodyKind.TEAM_BY_ELECTION):
        return [
            Violation(
                "team_kind_election",
                "Tổ bầu cử bầu cử bổ sung chỉ được thành lập cho cuộc bầu cử bổ sung, và cuộc bầu cử "
                "bổ sung chỉ có loại Tổ bầu cử này.",
                "Điều 90",
                "kind",
            )
        ]
    if kind == BodyKind.TEAM_MILITARY and area_kind != PollingAreaKind.ARMED_FORCES:
        return [
            Violation(
                "military_team_outside_armed_forces",
                "Tổ bầu cử chỉ gồm quân nhân được thành lập ở khu vực bỏ phiếu riêng của đơn vị vũ trang "
                "nhân dân.",
                "Điều 25 khoản 1",
                "kind",
            )
        ]
    if kind == BodyKind.TEAM and area_kind == PollingAreaKind.ARMED_FORCES:
        return [
            Violation(
                "armed_forces_area_needs_military_team",
                "Khu vực bỏ phiếu riêng của đơn vị vũ trang có Tổ bầu cử của đơn vị (5–9 người) hoặc "
                "Tổ bầu cử chung với địa phương.",
                "Điều 25 khoản 1",
                "kind",
            )
        ]
    return []


def check_body_size(
    kind: BodyKind | str, count: int, rules: Mapping[BodyKind, BodyRule] = RULES_BY_KIND
) -> list[Violation]:
    """The size of each kind of body, from the table of limits."""
    rule = rules[BodyKind(kind)]
    if rule.minimum <= count <= rule.maximum:
        return []
    side = "ít hơn" if count < rule.minimum else "nhiều hơn"
    return [
        Violation(
            "body_size_out_of_range",
            f"{rule.kind.label} có từ {rule.minimum} đến {rule.maximum} thành viên; hiện có {count} "
            f"({side} quy định).",
            rule.size_article,
            "members",
        )
    ]


def check_roles(
    family: BodyFamily | str, roles: Iterable[MemberRole | str], *, complete: bool = True
) -> list[Violation]:
    """Exactly one head and one secretary; a team has no deputy (Art. 22, 24, 25).

    With `complete=False` only what can never be right is reported (two heads,
    a deputy in a team), for checking an appointment while a body fills up.
    """
    family = BodyFamily(family)
    roles = [MemberRole(r) for r in roles]
    article = {
        BodyFamily.COMMITTEE: "Điều 22",
        BodyFamily.BOARD: "Điều 24",
        BodyFamily.TEAM: "Điều 25 khoản 1",
    }[family]
    violations = []
    for role in (MemberRole.HEAD, MemberRole.SECRETARY):
        count = roles.count(role)
        title = role_title(family, role)
        if count > 1:
            violations.append(
                Violation(
                    f"two_{role.value}s",
                    f"{family.label} chỉ có một {title}; hiện có {count}.",
                    article,
                    "role",
                )
            )
        elif count == 0 and complete:
            violations.append(
                Violation(f"no_{role.value}", f"{family.label} chưa có {title}.", article, "role")
            )
    if family == BodyFamily.TEAM and MemberRole.DEPUTY in roles:
        violations.append(
            Violation(
                "team_has_no_deputy",
                "Tổ bầu cử gồm Tổ trưởng, Thư ký và các Ủy viên; không có Tổ phó.",
                "Điều 25 khoản 1",
                "role",
            )
        )
    return violations


def forming_deadline(
    kind: BodyKind | str,
    election_day: dt.date,
    rules: Mapping[BodyKind, BodyRule] = RULES_BY_KIND,
) -> dt.date:
    return election_day - dt.timedelta(days=rules[BodyKind(kind)].deadline_days)


def check_body_decision(
    kind: BodyKind | str,
    decision_date: dt.date | None,
    election_day: dt.date,
    rules: Mapping[BodyKind, BodyRule] = RULES_BY_KIND,
) -> list[Violation]:
    """Committees by D−105 (Art. 22), boards by D−70 (Art. 24), teams by D−43
    (Art. 25), by-election teams by D−15 (Art. 90)."""
    rule = rules[BodyKind(kind)]
    deadline = forming_deadline(kind, election_day, rules)
    if decision_date is None:
        return [
            Violation(
                "body_not_decided",
                f"Chưa ghi quyết định thành lập; hạn chót {deadline:%d/%m/%Y} "
                f"({rule.deadline_days} ngày trước ngày bầu cử).",
                rule.deadline_article,
                "decision_date",
                severity="warning",
            )
        ]
    if decision_date > deadline:
        return [
            Violation(
                "body_decided_late",
                f"{rule.kind.label} phải được thành lập chậm nhất {rule.deadline_days} ngày trước ngày "
                f"bầu cử ({deadline:%d/%m/%Y}); quyết định ngày {decision_date:%d/%m/%Y} là muộn.",
                rule.deadline_article,
                "decision_date",
                severity="warning",
            )
        ]
    return []


def accepts(kind: BodyKind | str, armed_forces: bool) -> bool:
    """Art. 25(1): a military-only team is unit commanders and soldiers; an
    ordinary team is staffed by local bodies and voters; a mixed team, both."""
    kind = BodyKind(kind)
    if kind == BodyKind.TEAM_MIXED or family_of(kind) != BodyFamily.TEAM:
        return True
    if kind == BodyKind.TEAM_MILITARY:
        return armed_forces
    return not armed_forces


def check_composition(kind: BodyKind | str, armed_forces: Sequence[bool]) -> list[Violation]:
    """Warnings when a team's members do not fit its kind (Art. 25(1))."""
    kind = BodyKind(kind)
    wrong = sum(1 for flag in armed_forces if not accepts(kind, flag))
    if not wrong:
        return []
    message = (
        f"Tổ bầu cử của đơn vị vũ trang gồm chỉ huy và quân nhân của đơn vị; có {wrong} thành viên "
        "không phải quân nhân."
        if kind == BodyKind.TEAM_MILITARY
        else f"Có {wrong} thành viên là quân nhân trong Tổ bầu cử của địa phương; hãy dùng loại "
        "Tổ bầu cử chung nếu khu vực có đơn vị vũ trang."
    )
    return [Violation("team_composition", message, "Điều 25 khoản 1", severity="warning")]


def replacement_deadline(election_day: dt.date) -> dt.date:
    """Art. 27 with 57, 58: a candidate leaves the Ban or Tổ of their unit by the
    day the official list is published (D−17)."""
    return election_day - dt.timedelta(days=17)


def conflict_violation(
    person_name: str, unit_name: str, level_label: str, replace_by: dt.date
) -> Violation:
    return Violation(
        "candidate_in_own_unit",
        f"{person_name} là người ứng cử {level_label} ở {unit_name}; không được là thành viên "
        f"Ban bầu cử, Tổ bầu cử của đơn vị đó và phải được thay thế chậm nhất ngày "
        f"{replace_by:%d/%m/%Y}.",
        "Điều 27",
        "person_id",
    )


@dataclass(frozen=True)
class Appointment:
    """Everything needed to decide whether a person may take a seat (plain data)."""

    kind: BodyKind
    role: MemberRole
    current_roles: tuple[MemberRole, ...]
    date_of_birth: dt.date
    election_day: dt.date
    already_in_body: bool = False
    # Name of another team the person serves on in this election, if any.
    other_team: str | None = None
    # (unit name, level label) of the units covering this body where the person stands.
    candidacies: tuple[tuple[str, str], ...] = ()
    in_register: bool = True
    armed_forces: bool = False
    # Why the person is kept off the voter list (Art. 30(1)), if they are.
    excluded: str | None = None


def check_appointment(
    appointment: Appointment, rules: Mapping[BodyKind, BodyRule] = RULES_BY_KIND
) -> list[Violation]:
    """Art. 2, 22, 24, 25, 27: may this person take this seat?"""
    a = appointment
    rule = rules[a.kind]
    violations: list[Violation] = []
    if not a.in_register:
        violations.append(
            Violation(
                "person_outside_register",
                "Người này không thuộc danh sách nhân sự của địa phương thành lập tổ chức này.",
                field="person_id",
            )
        )
    if a.already_in_body:
        violations.append(
            Violation("already_member", "Người này đã là thành viên.", field="person_id")
        )
    violations += check_roles(rule.family, [*a.current_roles, a.role], complete=False)
    if len(a.current_roles) + 1 > rule.maximum:
        violations.append(
            Violation(
                "body_full",
                f"{rule.kind.label} có tối đa {rule.maximum} thành viên.",
                rule.size_article,
                "members",
            )
        )
    violations += check_member_age(a.date_of_birth, a.election_day)
    if a.excluded:
        violations += check_not_excluded(a.excluded)
    if rule.family == BodyFamily.TEAM and a.other_team:
        violations.append(
            Violation(
                "one_team_per_person",
                f"Người này đã là thành viên {a.other_team}; mỗi người chỉ tham gia một Tổ bầu cử.",
                field="person_id",
            )
        )
    if rule.family != BodyFamily.COMMITTEE:
        replace_by = replacement_deadline(a.election_day)
        for unit_name, level_label in a.candidacies:
            violations.append(conflict_violation("Người này", unit_name, level_label, replace_by))
    if not accepts(a.kind, a.armed_forces):
        violations += check_composition(a.kind, [a.armed_forces])
    return violations


# --------------------------------------------------------------------------
# The team assignment helper


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
    plans = []
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
    teams = []
    found = False
    for team in plan.teams:
        if team.area_id == area_id:
            added = []
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
