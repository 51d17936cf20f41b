"""Members of election bodies: appointing a registry person with every rule of
Art. 2, 22, 24, 25, 27 and 30, changing a role, leaving, training."""

from __future__ import annotations

import datetime as dt

from election import db
from election.accounts import services as accounts
from election.actor import Actor
from election.audit import services as audit
from election.elections import training_clock
from election.elections.services import get_election
from election.errors import Conflict, NotFound, RuleViolation, blocking
from election.staffing import rules
from election.staffing.queries import members as queries
from election.staffing.queries import people as people_queries
from election.staffing.queries.bodies import BodyRow
from election.staffing.queries.members import MemberRow
from election.staffing.queries.people import PersonRow
from election.staffing.services.access import require_manage
from election.staffing.services.bodies import get_body
from election.staffing.services.common import tidy
from election.staffing.tables import MemberRole


async def list_members(
    *, body_id: int, actor: Actor, include_left: bool = False
) -> list[MemberRow]:
    """A body's members: head, deputies, secretary, members, in name order."""
    await get_body(body_id=body_id, actor=actor)
    return await queries.body_members(body_id=body_id, include_left=include_left)


async def get_member(*, member_id: int, actor: Actor) -> MemberRow:
    member = await queries.member(member_id=member_id)
    if member is None:
        raise NotFound(f"Không có thành viên số hiệu {member_id}.")
    await get_body(body_id=member.body_id, actor=actor)
    return member


async def managed_member(member_id: int, actor: Actor) -> tuple[MemberRow, BodyRow]:
    """A member and their body, which the actor may change."""
    member = await get_member(member_id=member_id, actor=actor)
    body = await get_body(body_id=member.body_id, actor=actor)
    require_manage(actor, body)
    return member, body


async def _serving_member(member_id: int, actor: Actor) -> tuple[MemberRow, BodyRow]:
    """A member still serving, and their body, which the actor may change."""
    member, body = await managed_member(member_id, actor)
    if not member.active:
        raise Conflict("Thành viên này đã thôi tham gia.")
    return member, body


async def excluded_voters(election_id: int, personal_ids: list[str]) -> dict[str, str]:
    """Personal ID → why the person is kept off the election's voter list (Art. 30(1))."""
    if not personal_ids:
        return {}
    found = await queries.excluded_voters(election_id=election_id, personal_ids=personal_ids)
    return {row.personal_id: row.exclusion.label for row in found}


# --------------------------------------------------------------------------
# Appointing


async def _candidacies(body: BodyRow, person: PersonRow) -> tuple[tuple[str, str], ...]:
    """(unit name, contest label) of the person's candidacies in the units the
    body serves: its own unit, or those voting in its polling area (Art. 27)."""
    if body.unit_id is not None:
        units = [body.unit_id]
    elif body.polling_area_id is not None:
        units = await queries.area_units(polling_area_id=body.polling_area_id)
    else:
        return ()
    if not units:
        return ()
    found = await queries.candidacies(
        unit_ids=units, personal_id=person.personal_id, date_of_birth=person.date_of_birth
    )
    return tuple(
        (k.unit_name, k.level.label)
        for k in found
        if rules.same_person(
            person.personal_id,
            person.full_name,
            person.date_of_birth,
            k.personal_id,
            k.full_name,
            k.date_of_birth,
        )
    )


def _in_register(person: PersonRow, body: BodyRow) -> bool:
    """Commune-level bodies take people of the commune's register; province-level
    bodies any register of the province."""
    if person.province_code != body.province_code:
        return False
    return body.commune_code is None or person.commune_code == body.commune_code


async def _appointment(
    body: BodyRow, person: PersonRow, role: MemberRole, election_day: dt.date
) -> rules.Appointment:
    """What the rules need to decide on the appointment, read under the body's lock."""
    await queries.lock_body(body_id=body.id)
    seats = await queries.serving_seats(body_id=body.id)
    excluded = (
        await excluded_voters(body.election_id, [person.personal_id]) if person.personal_id else {}
    )
    return rules.Appointment(
        kind=body.kind,
        role=role,
        current_roles=tuple(seat.role for seat in seats),
        date_of_birth=person.date_of_birth,
        election_day=election_day,
        already_in_body=any(seat.person == person.id for seat in seats),
        other_team=await queries.other_team(
            election_id=body.election_id, person_id=person.id, body_id=body.id
        )
        if body.is_team
        else None,
        candidacies=await _candidacies(body, person),
        in_register=_in_register(person, body),
        armed_forces=person.armed_forces,
        excluded=excluded.get(person.personal_id or ""),
    )


async def add_member(
    *,
    body_id: int,
    person_id: int,
    role: MemberRole,
    actor: Actor,
    appointed_on: dt.date | None = None,
    appointment_decision: str = "",
) -> MemberRow:
    """Appoint a registry person, with every rule of Art. 2, 22, 24, 25 and 27."""
    body = await get_body(body_id=body_id, actor=actor)
    require_manage(actor, body)
    election = await get_election(election_id=body.election_id)
    person = await people_queries.person(person_id=person_id)
    if person is None:
        raise NotFound(f"Không có người số hiệu {person_id} trong danh sách nhân sự.")
    role = MemberRole(role)
    async with db.transaction():
        appointment = await _appointment(body, person, role, election.election_day)
        violations = blocking(rules.check_appointment(appointment))
        if violations:
            raise RuleViolation(violations)
        member_id = await queries.insert_member(
            body_id=body_id,
            election_id=body.election_id,
            family=body.family,
            person_id=person_id,
            role=role,
            appointed_on=appointed_on,
            appointment_decision=tidy(appointment_decision),
        )
        member = await get_member(member_id=member_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="election_body",
            entity_id=body_id,
            action="add_member",
            after=member.public(),
            summary=f"{body.name}: thêm {member.full_name} ({member.role_title})",
        )
    return member


# --------------------------------------------------------------------------
# Changing, leaving, training


async def _lose_access(member: MemberRow, actor: Actor) -> None:
    """A team head or secretary who leaves the post loses the tally login."""
    if member.account_id is not None and member.account_active:
        await accounts.set_user_active(user_id=member.account_id, active=False, actor=actor)


async def update_member(
    *,
    member_id: int,
    actor: Actor,
    role: MemberRole | None = None,
    appointed_on: dt.date | None = None,
    appointment_decision: str | None = None,
    trained_on: dt.date | None = None,
    set_trained: bool = False,
) -> MemberRow:
    """Change a serving member's role, appointment or training attendance."""
    before, body = await _serving_member(member_id, actor)
    role = MemberRole(role) if role else before.role
    async with db.transaction():
        if role != before.role:
            await queries.lock_body(body_id=body.id)
            others = await queries.other_roles(body_id=body.id, member_id=member_id)
            violations = rules.check_roles(body.family, [*others, role], complete=False)
            if violations:
                raise RuleViolation(violations)
        await queries.update_member(
            member_id=member_id,
            role=role,
            appointed_on=appointed_on if appointed_on is not None else before.appointed_on,
            appointment_decision=tidy(appointment_decision)
            if appointment_decision is not None
            else before.appointment_decision,
            trained_on=trained_on if set_trained else before.trained_on,
        )
        after = await get_member(member_id=member_id, actor=actor)
        if before.needs_account and not after.needs_account:
            await _lose_access(before, actor)
        await audit.record(
            actor=actor,
            entity_type="election_body",
            entity_id=body.id,
            action="update_member",
            before=before.public(),
            after=after.public(),
            summary=f"{body.name}: sửa {after.full_name} ({after.role_title})",
        )
    return await get_member(member_id=member_id, actor=actor)


async def remove_member(
    *, member_id: int, actor: Actor, left_on: dt.date | None = None, reason: str = ""
) -> MemberRow:
    """A member leaves (relieved, replaced, Art. 27): the row stays as history and
    a station-officer login is deactivated."""
    before, body = await _serving_member(member_id, actor)
    left_on = left_on or await training_clock.today_for(body.election_id)
    async with db.transaction():
        await queries.leave(member_id=member_id, left_on=left_on, reason=tidy(reason))
        await _lose_access(before, actor)
        after = await get_member(member_id=member_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="election_body",
            entity_id=body.id,
            action="remove_member",
            before=before.public(),
            after=after.public(),
            summary=f"{body.name}: {after.full_name} thôi tham gia"
            + (f" ({tidy(reason)})" if reason.strip() else ""),
        )
    return after


async def record_training(
    *, body_id: int, attended: dict[int, dt.date | None], actor: Actor
) -> list[MemberRow]:
    """Training attendance of a body's members: a date, or None for absent."""
    body = await get_body(body_id=body_id, actor=actor)
    require_manage(actor, body)
    members = {m.id: m for m in await list_members(body_id=body_id, actor=actor)}
    unknown = [mid for mid in attended if mid not in members]
    if unknown:
        raise NotFound(f"Không có thành viên số hiệu {unknown[0]} trong {body.name}.")
    changes = [(mid, day) for mid, day in attended.items() if members[mid].trained_on != day]
    if changes:
        async with db.transaction():
            await queries.set_training(
                member_ids=[mid for mid, _ in changes], days=[day for _, day in changes]
            )
            await audit.record(
                actor=actor,
                entity_type="election_body",
                entity_id=body_id,
                action="record_training",
                after={members[mid].full_name: day for mid, day in changes},
                summary=f"{body.name}: ghi nhận tập huấn ({len(changes)} thành viên)",
            )
    return await list_members(body_id=body_id, actor=actor)


async def record_training_day(
    *, body_id: int, day: dt.date, present: list[int], actor: Actor
) -> list[MemberRow]:
    """One training session as its attendance sheet says: the members present
    trained that day; those absent who were recorded for that day, not."""
    attended: dict[int, dt.date | None] = {}
    for member in await list_members(body_id=body_id, actor=actor):
        if member.id in present:
            attended[member.id] = day
        elif member.trained_on == day:
            attended[member.id] = None
    return await record_training(body_id=body_id, attended=attended, actor=actor)
