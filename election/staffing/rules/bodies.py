"""The election bodies as the law sets them (Art. 21–25, 90): the size and
forming deadline of each kind, the titles of their roles, the kind of team a
polling area has, and the checks of a body as it stands.

The sizes and deadlines of each kind of body are data (`BODY_RULES`), read by
generic checks: a new law changes the table, not the checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from election.elections.tables import ContestLevel, ElectionKind
from election.errors import Violation
from election.staffing.tables import BodyFamily, BodyKind, MemberRole
from election.stations.tables import PollingAreaKind


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

# Where each family's roles are set.
ROLES_ARTICLE: Mapping[BodyFamily, str] = {
    BodyFamily.COMMITTEE: "Điều 22",
    BodyFamily.BOARD: "Điều 24",
    BodyFamily.TEAM: "Điều 25 khoản 1",
}

# Each electoral unit has the Ban bầu cử of its contest's level (Art. 24).
BOARD_KIND_OF_LEVEL: Mapping[ContestLevel, BodyKind] = {
    ContestLevel.NATIONAL_ASSEMBLY: BodyKind.BOARD_DBQH,
    ContestLevel.PROVINCE_COUNCIL: BodyKind.BOARD_PROVINCE,
    ContestLevel.COMMUNE_COUNCIL: BodyKind.BOARD_COMMUNE,
}
TEAM_KINDS = frozenset(r.kind for r in BODY_RULES if r.family == BodyFamily.TEAM)


def family_of(
    kind: BodyKind | str, rules: Mapping[BodyKind, BodyRule] = RULES_BY_KIND
) -> BodyFamily:
    """Committee, board or team (Art. 21)."""
    return rules[BodyKind(kind)].family


def role_title(family: BodyFamily | str, role: MemberRole | str) -> str:
    """'Tổ trưởng', 'Phó Trưởng ban', … (Art. 22, 24, 25)."""
    return ROLE_TITLES.get((BodyFamily(family), MemberRole(role)), MemberRole(role).label)


def roles_of(family: BodyFamily | str) -> list[MemberRole]:
    """The roles a body of this family has, in print order."""
    return [role for role in MemberRole if (BodyFamily(family), role) in ROLE_TITLES]


# --------------------------------------------------------------------------
# Bodies: kind, size, roles, deadline


def default_team_kind(
    area_kind: PollingAreaKind | str, election_kind: ElectionKind | str
) -> BodyKind:
    """The team a polling area has unless chosen otherwise (Art. 25(1), 90)."""
    if ElectionKind(election_kind) == ElectionKind.BY_ELECTION:
        return BodyKind.TEAM_BY_ELECTION
    if PollingAreaKind(area_kind) == PollingAreaKind.ARMED_FORCES:
        return BodyKind.TEAM_MILITARY
    return BodyKind.TEAM


def check_team_kind(
    kind: BodyKind | str, area_kind: PollingAreaKind | str, election_kind: ElectionKind | str
) -> list[Violation]:
    """Art. 25(1), 90: the kind of team follows the election and the polling area."""
    team, area = BodyKind(kind), PollingAreaKind(area_kind)
    by_election = ElectionKind(election_kind) == ElectionKind.BY_ELECTION
    if by_election != (team == BodyKind.TEAM_BY_ELECTION):
        return [
            Violation(
                "team_kind_election",
                "Tổ bầu cử bầu cử bổ sung chỉ được thành lập cho cuộc bầu cử bổ sung, và cuộc bầu cử "
                "bổ sung chỉ có loại Tổ bầu cử này.",
                "Điều 90",
                "kind",
            )
        ]
    if team == BodyKind.TEAM_MILITARY and area != PollingAreaKind.ARMED_FORCES:
        return [
            Violation(
                "military_team_outside_armed_forces",
                "Tổ bầu cử chỉ gồm quân nhân được thành lập ở khu vực bỏ phiếu riêng của đơn vị vũ trang "
                "nhân dân.",
                "Điều 25 khoản 1",
                "kind",
            )
        ]
    if team == BodyKind.TEAM and area == PollingAreaKind.ARMED_FORCES:
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
    body = BodyFamily(family)
    held = [MemberRole(r) for r in roles]
    article = ROLES_ARTICLE[body]
    violations: list[Violation] = []
    for role in (MemberRole.HEAD, MemberRole.SECRETARY):
        count = held.count(role)
        title = role_title(body, role)
        if count > 1:
            violations.append(
                Violation(
                    f"two_{role.value}s",
                    f"{body.label} chỉ có một {title}; hiện có {count}.",
                    article,
                    "role",
                )
            )
        elif count == 0 and complete:
            violations.append(
                Violation(f"no_{role.value}", f"{body.label} chưa có {title}.", article, "role")
            )
    if body == BodyFamily.TEAM and MemberRole.DEPUTY in held:
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
    """The last day a body of this kind may be formed (Art. 22, 24, 25, 90)."""
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
    team = BodyKind(kind)
    if team == BodyKind.TEAM_MIXED or family_of(team) != BodyFamily.TEAM:
        return True
    if team == BodyKind.TEAM_MILITARY:
        return armed_forces
    return not armed_forces


def check_composition(kind: BodyKind | str, armed_forces: Sequence[bool]) -> list[Violation]:
    """Warnings when a team's members do not fit its kind (Art. 25(1))."""
    team = BodyKind(kind)
    wrong = sum(1 for flag in armed_forces if not accepts(team, flag))
    if not wrong:
        return []
    message = (
        f"Tổ bầu cử của đơn vị vũ trang gồm chỉ huy và quân nhân của đơn vị; có {wrong} thành viên "
        "không phải quân nhân."
        if team == BodyKind.TEAM_MILITARY
        else f"Có {wrong} thành viên là quân nhân trong Tổ bầu cử của địa phương; hãy dùng loại "
        "Tổ bầu cử chung nếu khu vực có đơn vị vũ trang."
    )
    return [Violation("team_composition", message, "Điều 25 khoản 1", severity="warning")]
