"""What a body and a person look like against the rules: a body's members with
every check of Art. 2, 22, 24, 25, 27 and 30, the registry people who could
join it, and where a person serves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.actor import Actor
from election.elections.services import get_election
from election.errors import Violation, blocking, warnings_of
from election.staffing import rules
from election.staffing.queries import bodies as body_queries
from election.staffing.queries import members as member_queries
from election.staffing.queries import people as people_queries
from election.staffing.queries.bodies import BodyRow
from election.staffing.queries.members import MemberRow
from election.staffing.queries.people import PersonRow
from election.staffing.services.access import may_manage, may_read_body
from election.staffing.services.bodies import get_body
from election.staffing.services.conflicts import ConflictFlag, find_conflicts
from election.staffing.services.members import excluded_voters, list_members
from election.staffing.services.registry import get_person


@dataclass(frozen=True)
class BodyReport:
    body: BodyRow
    members: list[MemberRow]
    violations: list[Violation]
    conflicts: list[ConflictFlag]
    deadline: dt.date

    @property
    def errors(self) -> list[Violation]:
        return blocking(self.violations)

    @property
    def warnings(self) -> list[Violation]:
        return warnings_of(self.violations)

    @property
    def serving(self) -> list[MemberRow]:
        return [m for m in self.members if m.active]


def _body_violations(
    body: BodyRow,
    members: list[MemberRow],
    election_day: dt.date,
    conflicts: list[ConflictFlag],
    excluded: dict[str, str],
) -> list[Violation]:
    serving = [m for m in members if m.active]
    violations = rules.check_body_size(body.kind, len(serving))
    violations += rules.check_roles(body.family, [m.role for m in serving])
    violations += rules.check_body_decision(body.kind, body.decision_date, election_day)
    if body.is_team:
        violations += rules.check_composition(body.kind, [m.armed_forces for m in serving])
    for member in serving:
        found = rules.check_member_age(member.date_of_birth, election_day)
        if member.personal_id in excluded:
            found += rules.check_not_excluded(excluded[member.personal_id])
        for v in found:
            violations.append(Violation(v.code, f"{member.full_name}: {v.message}", v.article))
    violations += [flag.violation for flag in conflicts]
    return violations


async def body_report(*, body_id: int, actor: Actor) -> BodyReport:
    body = await get_body(body_id=body_id, actor=actor)
    election = await get_election(election_id=body.election_id)
    members = await list_members(body_id=body_id, actor=actor, include_left=True)
    conflicts = await find_conflicts(body_id=body_id)
    excluded = await excluded_voters(
        body.election_id, [m.personal_id for m in members if m.active and m.personal_id]
    )
    return BodyReport(
        body=body,
        members=members,
        violations=_body_violations(body, members, election.election_day, conflicts, excluded),
        conflicts=conflicts,
        deadline=rules.forming_deadline(body.kind, election.election_day),
    )


@dataclass(frozen=True)
class Choice:
    """A registry person offered for a seat, with what stands in the way."""

    person: PersonRow
    busy_in: str | None


async def people_for_body(
    *, body_id: int, actor: Actor, query: str = "", limit: int = 20
) -> list[Choice]:
    """Registry people who could join this body: its register, not yet members;
    `busy_in` names the body they already serve on in this election."""
    body = await get_body(body_id=body_id, actor=actor)
    if not may_manage(actor, body):
        return []
    people = await people_queries.people_for_body(
        province_code=body.province_code,
        commune_code=body.commune_code,
        needle=rules.normalize_name(query),
        body_id=body_id,
        election_id=body.election_id,
        limit=limit,
    )
    busy = {
        row.person: row.body_name
        for row in await people_queries.serving_in(
            election_id=body.election_id, person_ids=[p.id for p in people]
        )
    }
    return [Choice(p, busy.get(p.id)) for p in people]


async def person_memberships(*, person_id: int, actor: Actor) -> list[tuple[BodyRow, MemberRow]]:
    """Every appointment of a person, on the bodies the actor may read."""
    await get_person(person_id=person_id, actor=actor)
    members = await member_queries.person_members(person_id=person_id)
    bodies = {
        b.id: b for b in await body_queries.bodies(body_ids=sorted({m.body_id for m in members}))
    }
    return [(bodies[m.body_id], m) for m in members if may_read_body(actor, bodies[m.body_id])]
