"""Who may sit on an election body (Art. 2, 22, 24, 25, 27, 30): members are
voters, a candidate leaves the Ban and Tổ of their own unit, one team per
person; and who a registry person is when matched with a candidate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from election.elections.rules import age_on
from election.errors import Violation
from election.staffing.rules.bodies import (
    RULES_BY_KIND,
    BodyRule,
    accepts,
    check_composition,
    check_roles,
)
from election.staffing.tables import BodyFamily, BodyKind, MemberRole
from election.text import tidy

# Members of election bodies are voters (Art. 2).
VOTER_MIN_AGE = 18


# --------------------------------------------------------------------------
# People


def normalize_name(full_name: str) -> str:
    """NFC, single-spaced, case-folded: a name as names are compared."""
    return tidy(full_name).casefold()


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
# Appointments


def replacement_deadline(election_day: dt.date) -> dt.date:
    """Art. 27 with 57, 58: a candidate leaves the Ban or Tổ of their unit by the
    day the official list is published (D−17)."""
    return election_day - dt.timedelta(days=17)


def conflict_violation(
    person_name: str, unit_name: str, level_label: str, replace_by: dt.date
) -> Violation:
    """A candidate serving on the Ban or Tổ of their own unit (Art. 27)."""
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
