"""Art. 27: a candidate may not serve on the Ban of their unit nor on the Tổ of
a polling area voting in it; they must be replaced by the day the official
list is published (D−17)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election import db
from election.actor import Actor, ScopeLevel
from election.audit import services as audit
from election.elections.tables import ContestLevel
from election.errors import Violation
from election.staffing import rules
from election.staffing.queries import conflicts as queries
from election.staffing.services.bodies import list_bodies


@dataclass(frozen=True)
class ConflictFlag:
    member_id: int
    body_id: int
    body_name: str
    person_id: int
    person_name: str
    candidate_id: int
    unit_id: int
    unit_name: str
    level: ContestLevel
    replace_by: dt.date

    @property
    def violation(self) -> Violation:
        return rules.conflict_violation(
            self.person_name, self.unit_name, self.level.label, self.replace_by
        )


async def find_conflicts(
    *, election_id: int | None = None, body_id: int | None = None, unit_id: int | None = None
) -> list[ConflictFlag]:
    """Serving members of a Ban or Tổ who stand as candidates in a unit the body
    serves (Art. 27). Narrowed in SQL by personal ID or birth date, matched here."""
    found = await queries.possible_conflicts(
        election_id=election_id, body_id=body_id, unit_id=unit_id
    )
    return [
        ConflictFlag(
            member_id=r.member_id,
            body_id=r.body_id,
            body_name=r.body_name,
            person_id=r.person_id,
            person_name=r.full_name,
            candidate_id=r.candidate_id,
            unit_id=r.unit_id,
            unit_name=r.unit_name,
            level=r.level,
            replace_by=rules.replacement_deadline(r.election_day),
        )
        for r in found
        if rules.same_person(
            r.personal_id,
            r.full_name,
            r.date_of_birth,
            r.candidate_personal_id,
            r.candidate_full_name,
            r.candidate_date_of_birth,
        )
    ]


async def flag_candidate_conflicts(
    *, unit_id: int, actor: Actor | None = None
) -> list[ConflictFlag]:
    """When a unit's candidate list is finalized: flag every serving member of the
    unit's Ban and of the Tổ of its polling areas who stands in it, with the day
    by which they must be replaced (Art. 27: the day the official list is
    published, D−17). Runs inside the caller's transaction when there is one."""
    actor = actor or Actor.system("staffing")
    flags = await find_conflicts(unit_id=unit_id)
    async with db.transaction():
        for flag in flags:
            changed = await queries.flag_member(
                member_id=flag.member_id, candidate_id=flag.candidate_id, replace_by=flag.replace_by
            )
            if changed:
                await audit.record(
                    actor=actor,
                    entity_type="election_body",
                    entity_id=flag.body_id,
                    action="flag_conflict",
                    after={
                        "member_id": flag.member_id,
                        "candidate_id": flag.candidate_id,
                        "replace_by": flag.replace_by,
                    },
                    summary=f"{flag.body_name}: {flag.person_name} ứng cử ở {flag.unit_name}, "
                    f"phải thay thế trước {flag.replace_by:%d/%m/%Y} (Điều 27)",
                )
    return flags


async def flag_conflicts_of_finalized_list(unit_id: int, actor: Actor) -> None:
    """The reaction to `structure.on_list_finalized`, in the finalizing transaction."""
    await flag_candidate_conflicts(unit_id=unit_id, actor=actor)


async def list_conflicts(*, election_id: int, actor: Actor) -> list[ConflictFlag]:
    """The conflicts of an election on the bodies the actor may read."""
    flags = await find_conflicts(election_id=election_id)
    if actor.scope_level == ScopeLevel.NATIONAL:
        return flags
    readable = {b.id for b in await list_bodies(election_id=election_id, actor=actor)}
    return [f for f in flags if f.body_id in readable]
