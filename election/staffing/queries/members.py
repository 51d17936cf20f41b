"""Members of election bodies: appointments, leaving, training, and the
station-officer logins of team heads and secretaries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from election.elections.tables import ContestLevel, Sex
from election.sql import query
from election.staffing import rules
from election.staffing.tables import BodyFamily, BodyKind, MemberRole
from election.voters.tables import Exclusion


@dataclass(frozen=True)
class MemberRow:
    id: int
    body_id: int
    body_kind: BodyKind
    person_id: int
    full_name: str
    date_of_birth: dt.date
    sex: Sex
    personal_id: str | None
    phone: str
    organisation: str
    position: str
    armed_forces: bool
    role: MemberRole
    appointed_on: dt.date | None
    appointment_decision: str
    left_on: dt.date | None
    leave_reason: str
    trained_on: dt.date | None
    account_id: int | None
    account_username: str | None
    account_active: bool | None
    conflict_candidate_id: int | None
    replace_by: dt.date | None

    @property
    def family(self) -> BodyFamily:
        return rules.family_of(self.body_kind)

    @property
    def role_title(self) -> str:
        return rules.role_title(self.family, self.role)

    @property
    def active(self) -> bool:
        return self.left_on is None

    @property
    def sex_label(self) -> str:
        return self.sex.label

    @property
    def work_text(self) -> str:
        return ", ".join(part for part in (self.position, self.organisation) if part)

    @property
    def needs_account(self) -> bool:
        """Team heads and secretaries enter the tally: they get a login."""
        return self.family == BodyFamily.TEAM and self.role in (
            MemberRole.HEAD,
            MemberRole.SECRETARY,
        )

    def public(self) -> dict[str, Any]:
        return {
            "body_id": self.body_id,
            "person_id": self.person_id,
            "full_name": self.full_name,
            "role": self.role,
            "appointed_on": self.appointed_on,
            "appointment_decision": self.appointment_decision,
            "left_on": self.left_on,
            "leave_reason": self.leave_reason,
            "trained_on": self.trained_on,
            "account_id": self.account_id,
        }


MEMBER_SELECT = """
    SELECT m.id, m.body AS body_id, b.kind AS body_kind, m.person AS person_id, s.full_name,
           s.date_of_birth, s.sex, s.personal_id, s.phone, s.organisation, s.position,
           s.armed_forces, m.role, m.appointed_on, m.appointment_decision, m.left_on,
           m.leave_reason, m.trained_on, m.account AS account_id, a.username AS account_username,
           a.is_active AS account_active, m.conflict_candidate AS conflict_candidate_id,
           m.replace_by
    FROM body_member m
    JOIN election_body b ON b.id = m.body
    JOIN staff_person s ON s.id = m.person
    LEFT JOIN user_account a ON a.id = m.account
"""

# Serving members first, head, deputies, secretary, members, each in name order.
MEMBER_ORDER = """
    ORDER BY m.left_on IS NOT NULL, m.left_on DESC,
             CASE m.role WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 WHEN 'secretary' THEN 2 ELSE 3 END,
             s.sort_key COLLATE "C", m.id
"""


@query(f"""
    {MEMBER_SELECT} WHERE m.body = :body_id AND (:include_left::bool OR m.left_on IS NULL)
    {MEMBER_ORDER}
""")
async def body_members(*, body_id: int, include_left: bool) -> list[MemberRow]: ...


@query(f"{MEMBER_SELECT} WHERE m.id = :member_id")
async def member(*, member_id: int) -> MemberRow | None: ...


@query(f"{MEMBER_SELECT} WHERE m.person = :person_id ORDER BY m.id")
async def person_members(*, person_id: int) -> list[MemberRow]: ...


# --------------------------------------------------------------------------
# What an appointment is checked against


@query("SELECT unit FROM polling_area_unit WHERE polling_area = :polling_area_id")
async def area_units(*, polling_area_id: int) -> list[int]:
    """The electoral units whose ballots are cast in a polling area."""
    ...


@dataclass(frozen=True)
class Candidacy:
    personal_id: str | None
    full_name: str
    date_of_birth: dt.date
    unit_name: str
    level: ContestLevel


@query("""
    SELECT k.personal_id, k.full_name, k.date_of_birth, u.name AS unit_name, ct.level
    FROM candidate k JOIN electoral_unit u ON u.id = k.unit JOIN contest ct ON ct.id = u.contest
    WHERE k.unit = ANY(:unit_ids::int[]) AND k.removed_on IS NULL
      AND (k.personal_id = :personal_id OR k.date_of_birth = :date_of_birth)
""")
async def candidacies(
    *, unit_ids: list[int], personal_id: str | None, date_of_birth: dt.date
) -> list[Candidacy]:
    """Candidates of these units who may be the person (narrowed by personal ID
    or birth date; `rules.same_person` decides)."""
    ...


@query("""
    SELECT b.name FROM body_member m JOIN election_body b ON b.id = m.body
    WHERE m.election = :election_id AND m.person = :person_id AND m.family = 'team'
      AND m.left_on IS NULL AND m.body <> :body_id
""")
async def other_team(*, election_id: int, person_id: int, body_id: int) -> str | None:
    """The other team the person serves on in this election (one team per person)."""
    ...


@dataclass(frozen=True)
class ExcludedVoter:
    personal_id: str
    exclusion: Exclusion


@query("""
    SELECT personal_id, exclusion FROM voter
    WHERE election = :election_id AND status = 'excluded' AND exclusion IS NOT NULL
      AND exclusion <> '' AND personal_id = ANY(:personal_ids::text[])
""")
async def excluded_voters(*, election_id: int, personal_ids: list[str]) -> list[ExcludedVoter]:
    """Which of these people the election's voter list keeps off, and why (Art.
    30(1)): members of election bodies are voters, so they may not serve."""
    ...


@query("SELECT 1 FROM election_body WHERE id = :body_id FOR UPDATE")
async def lock_body(*, body_id: int) -> int | None:
    """One appointment at a time per body: the counts read after it stay true."""
    ...


@dataclass(frozen=True)
class Seat:
    person: int
    role: MemberRole


@query("SELECT person, role FROM body_member WHERE body = :body_id AND left_on IS NULL")
async def serving_seats(*, body_id: int) -> list[Seat]: ...


@query("""
    SELECT role FROM body_member WHERE body = :body_id AND left_on IS NULL AND id <> :member_id
""")
async def other_roles(*, body_id: int, member_id: int) -> list[MemberRole]: ...


# --------------------------------------------------------------------------
# Changes


@query("""
    INSERT INTO body_member (body, election, family, person, role, appointed_on,
        appointment_decision)
    VALUES (:body_id, :election_id, :family, :person_id, :role, :appointed_on,
        :appointment_decision)
    RETURNING id
""")
async def insert_member(
    *,
    body_id: int,
    election_id: int,
    family: BodyFamily,
    person_id: int,
    role: MemberRole,
    appointed_on: dt.date | None,
    appointment_decision: str,
) -> int: ...


@query("""
    UPDATE body_member SET role = :role, appointed_on = :appointed_on,
        appointment_decision = :appointment_decision, trained_on = :trained_on
    WHERE id = :member_id
""")
async def update_member(
    *,
    member_id: int,
    role: MemberRole,
    appointed_on: dt.date | None,
    appointment_decision: str,
    trained_on: dt.date | None,
) -> None: ...


@query("UPDATE body_member SET left_on = :left_on, leave_reason = :reason WHERE id = :member_id")
async def leave(*, member_id: int, left_on: dt.date, reason: str) -> None: ...


@query("""
    UPDATE body_member m SET trained_on = t.trained_on
    FROM unnest(:member_ids::int[], :days::date[]) AS t(id, trained_on)
    WHERE m.id = t.id
""")
async def set_training(*, member_ids: list[int], days: list[dt.date | None]) -> None:
    """Training attendance of several members: a day each, or NULL for absent."""
    ...


# --------------------------------------------------------------------------
# Station-officer logins


@query("UPDATE body_member SET account = :account_id WHERE id = :member_id")
async def set_account(*, member_id: int, account_id: int) -> None: ...


@query("""
    SELECT id FROM body_member WHERE account = :account_id AND left_on IS NULL
      AND id <> :member_id
""")
async def account_holder(*, account_id: int, member_id: int) -> int | None:
    """Another serving member the login is linked to, if any."""
    ...


@query("""
    SELECT username FROM user_account WHERE username = :base OR username LIKE :base || '-%'
""")
async def usernames_like(*, base: str) -> list[str]:
    """Logins named `base` or `base-n`, to find a free name."""
    ...
