"""Use cases of the team assignment helper: a proposal for a commune, recorded
with its seed, changed and accepted (or discarded) by the user.

The algorithm is the pure `rules.assign_teams`; this module gathers its plain
data (teams as they stand, the commune's registry, Art. 27 blocks), stores
the proposal and commits it in one transaction after checking it again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from dataclasses import dataclass

from election import db
from election.actor import Actor, ScopeLevel
from election.audit import services as audit
from election.elections import rules as election_rules
from election.elections.services import ElectionRow, get_election
from election.errors import Conflict, NotFound, RuleViolation, Violation
from election.geography import services as geography
from election.staffing import rules
from election.staffing.queries import assignment as queries
from election.staffing.queries import bodies as body_queries
from election.staffing.queries.assignment import (
    PoolRow,
    Proposal,
    ProposalTeam,
    RunBrief,
    RunRow,
)
from election.staffing.queries.bodies import CommuneArea
from election.staffing.services.access import require_commune_teams
from election.staffing.services.bodies import body_place, insert_body
from election.staffing.services.common import tidy
from election.staffing.services.members import excluded_voters
from election.staffing.tables import AssignmentStatus, BodyFamily, BodyKind, MemberRole

DEFAULT_RESERVE = 10


@dataclass(frozen=True)
class PersonBrief:
    id: int
    full_name: str
    work_text: str
    local: bool


@dataclass(frozen=True)
class PlacedMember:
    person: PersonBrief
    role: MemberRole
    role_title: str


@dataclass(frozen=True)
class TeamProposal:
    area_id: int
    area_number: int
    area_address: str
    body_id: int | None
    kind: BodyKind
    target: int
    current_count: int
    added: list[PlacedMember]
    shortfall: int


@dataclass(frozen=True)
class AssignmentView:
    id: int
    election_id: int
    commune_code: str
    commune_name: str
    seed: int
    team_size: int
    reserve_size: int
    status: AssignmentStatus
    created_by: str
    created_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None
    teams: list[TeamProposal]
    reserve: list[PersonBrief]
    violations: list[Violation]

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def added_count(self) -> int:
        return sum(len(t.added) for t in self.teams)

    @property
    def shortfall(self) -> int:
        return sum(t.shortfall for t in self.teams)


# --------------------------------------------------------------------------
# The helper's data


@dataclass(frozen=True)
class _HelperData:
    election: ElectionRow
    commune_code: str
    teams: list[rules.TeamNeed]
    people: list[rules.PoolPerson]
    areas: dict[int, CommuneArea]
    persons: dict[int, PoolRow]

    def brief(self, person_id: int) -> PersonBrief:
        person = self.persons.get(person_id)
        if person is None:
            return PersonBrief(person_id, f"(số hiệu {person_id})", "", False)
        local = person.home_commune == self.commune_code
        return PersonBrief(person_id, person.full_name, person.work_text, local)


async def _blocked(
    election_id: int, commune_code: str, persons: list[PoolRow]
) -> dict[int, set[int]]:
    """Polling area → the registry people who stand in a unit voting there (Art. 27)."""
    index = rules.PeopleIndex(
        rules.Identity(p.id, p.personal_id, p.full_name, p.date_of_birth) for p in persons
    )
    blocked: dict[int, set[int]] = {}
    for k in await queries.area_candidates(election_id=election_id, commune_code=commune_code):
        found = index.matches(rules.Identity(k.id, k.personal_id, k.full_name, k.date_of_birth))
        blocked.setdefault(k.polling_area, set()).update(found)
    return blocked


async def _helper_data(election_id: int, commune_code: str) -> _HelperData:
    """The commune's teams as they stand and its registry, as plain data."""
    election = await get_election(election_id=election_id)
    await geography.get_commune(commune_code)
    areas = await body_queries.commune_areas(election_id=election_id, commune_code=commune_code)
    seats: dict[int, list[tuple[int, MemberRole]]] = {}
    for seat in await queries.area_seats(election_id=election_id, commune_code=commune_code):
        seats.setdefault(seat.polling_area, []).append((seat.person, seat.role))
    persons = await queries.commune_pool(commune_code=commune_code, election_id=election_id)
    blocked = await _blocked(election_id, commune_code, persons)
    teams = [
        rules.TeamNeed(
            area_id=a.id,
            area_number=a.number,
            kind=a.team_kind(election.kind),
            current=tuple(seats.get(a.id, ())),
            blocked=frozenset(blocked.get(a.id, ())),
        )
        for a in areas
    ]
    excluded = await excluded_voters(election_id, [p.personal_id for p in persons if p.personal_id])
    people = [
        rules.PoolPerson(
            id=p.id,
            local=p.home_commune == commune_code,
            armed_forces=p.armed_forces,
            eligible=election_rules.age_on(p.date_of_birth, election.election_day)
            >= rules.VOTER_MIN_AGE
            and p.personal_id not in excluded,
            busy=p.busy,
        )
        for p in persons
    ]
    return _HelperData(
        election=election,
        commune_code=commune_code,
        teams=teams,
        people=people,
        areas={a.id: a for a in areas},
        persons={p.id: p for p in persons},
    )


def _proposal(plan: rules.AssignmentPlan, data: _HelperData) -> Proposal:
    """The plan as stored, with each team's kind."""
    needs = {t.area_id: t for t in data.teams}
    return Proposal(
        teams=[
            ProposalTeam(t.area_id, needs[t.area_id].kind, t.target, list(t.added), t.shortfall)
            for t in plan.teams
        ],
        reserve=list(plan.reserve),
    )


def _plan_of(run: RunRow) -> rules.AssignmentPlan:
    return rules.AssignmentPlan(
        seed=run.seed,
        team_size=run.team_size,
        teams=tuple(
            rules.TeamPlan(t.area_id, t.target, tuple(t.added), t.shortfall)
            for t in run.proposal.teams
        ),
        reserve=tuple(run.proposal.reserve),
    )


async def _run(run_id: int, actor: Actor, *, lock: bool = False) -> RunRow:
    run = await (queries.lock_run(run_id=run_id) if lock else queries.run(run_id=run_id))
    if (
        run is None
        or not actor.covers_commune(run.commune_code, run.province_code)
        or actor.scope_level == ScopeLevel.POLLING_AREA
    ):
        raise NotFound(f"Không có phương án phân công số {run_id}.")
    return run


def _view(run: RunRow, data: _HelperData, plan: rules.AssignmentPlan) -> AssignmentView:
    kinds = {t.area_id: t.kind for t in run.proposal.teams}
    needs = {t.area_id: t for t in data.teams}
    teams: list[TeamProposal] = []
    for t in plan.teams:
        area = data.areas.get(t.area_id)
        need = needs.get(t.area_id)
        teams.append(
            TeamProposal(
                area_id=t.area_id,
                area_number=area.number if area else 0,
                area_address=area.station_address if area else "",
                body_id=area.body_id if area else None,
                kind=kinds.get(t.area_id, BodyKind.TEAM),
                target=t.target,
                current_count=len(need.current) if need else 0,
                added=[
                    PlacedMember(data.brief(p), r, rules.role_title(BodyFamily.TEAM, r))
                    for p, r in t.added
                ],
                shortfall=t.shortfall,
            )
        )
    violations = (
        rules.check_assignment(data.teams, data.people, plan)
        if run.status == AssignmentStatus.PROPOSED
        else []
    )
    return AssignmentView(
        id=run.id,
        election_id=run.election_id,
        commune_code=run.commune_code,
        commune_name=run.commune_name,
        seed=run.seed,
        team_size=run.team_size,
        reserve_size=run.reserve_size,
        status=run.status,
        created_by=run.created_by,
        created_at=run.created_at,
        decided_by=run.decided_by,
        decided_at=run.decided_at,
        teams=teams,
        reserve=[data.brief(p) for p in plan.reserve],
        violations=violations,
    )


# --------------------------------------------------------------------------
# Proposing, changing, deciding


async def propose_assignment(
    *,
    election_id: int,
    commune_code: str,
    team_size: int,
    actor: Actor,
    seed: int | None = None,
    reserve_size: int | None = None,
) -> AssignmentView:
    """Fill every team of a commune up to `team_size` from its registry: a
    proposal, recorded with its seed, that the user accepts or changes."""
    commune = await geography.get_commune(commune_code)
    require_commune_teams(actor, commune.province_code, commune.code)
    if not 1 <= team_size <= 50:
        raise RuleViolation(
            Violation(
                "team_size_range", "Số thành viên mỗi Tổ phải từ 1 đến 50.", field="team_size"
            )
        )
    seed = secrets.randbelow(1_000_000) + 1 if seed is None else seed
    if not 0 <= seed < 2**62:
        raise RuleViolation(
            Violation("seed_range", "Số bốc thăm phải là số tự nhiên.", field="seed")
        )
    reserve_size = DEFAULT_RESERVE if reserve_size is None else max(0, reserve_size)
    data = await _helper_data(election_id, commune_code)
    if not data.teams:
        raise Conflict(f"{commune.name} chưa có khu vực bỏ phiếu.")
    plan = rules.assign_teams(
        data.teams, data.people, team_size=team_size, seed=seed, reserve_size=reserve_size
    )
    async with db.transaction():
        await queries.discard_proposed(
            election_id=election_id, commune_code=commune_code, decided_by=actor.username
        )
        run_id = await queries.insert_run(
            election_id=election_id,
            commune_code=commune_code,
            seed=seed,
            team_size=team_size,
            reserve_size=reserve_size,
            proposal=_proposal(plan, data),
            created_by=actor.username,
        )
        await audit.record(
            actor=actor,
            entity_type="staff_assignment",
            entity_id=run_id,
            action="propose",
            after={
                "commune": commune_code,
                "seed": seed,
                "team_size": team_size,
                "placed": len(plan.placed),
                "shortfall": plan.shortfall,
            },
            summary=f"Phương án phân công Tổ bầu cử {commune.name}: {len(plan.placed)} người, "
            f"số bốc thăm {seed}",
        )
    return await get_assignment(run_id=run_id, actor=actor)


async def get_assignment(*, run_id: int, actor: Actor) -> AssignmentView:
    run = await _run(run_id, actor)
    data = await _helper_data(run.election_id, run.commune_code)
    return _view(run, data, _plan_of(run))


async def latest_assignments(
    *, election_id: int, commune_code: str, actor: Actor, limit: int = 10
) -> list[RunBrief]:
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        return []
    return await queries.latest_runs(
        election_id=election_id, commune_code=commune_code, limit=limit
    )


def _require_proposed(run: RunRow) -> None:
    if run.status != AssignmentStatus.PROPOSED:
        raise Conflict(f"Phương án này đã ở trạng thái «{run.status.label}».")


async def swap_assignment(
    *, run_id: int, polling_area_id: int, out_person_id: int, in_person_id: int, actor: Actor
) -> AssignmentView:
    """Change the proposal before it is committed: another person takes the seat."""
    run = await _run(run_id, actor)
    require_commune_teams(actor, run.province_code, run.commune_code)
    _require_proposed(run)
    data = await _helper_data(run.election_id, run.commune_code)
    if in_person_id not in data.persons:
        raise NotFound(
            f"Không có người số hiệu {in_person_id} trong danh sách nhân sự {run.commune_name}."
        )
    try:
        changed = rules.swap_in_plan(
            _plan_of(run), area_id=polling_area_id, out_person=out_person_id, in_person=in_person_id
        )
    except ValueError as error:
        raise RuleViolation(Violation("swap_invalid", str(error))) from None
    violations = rules.check_assignment(data.teams, data.people, changed)
    if violations:
        raise RuleViolation(violations)
    proposal = Proposal(
        teams=[
            dataclasses.replace(team, added=list(plan.added))
            for team, plan in zip(run.proposal.teams, changed.teams, strict=True)
        ],
        reserve=list(changed.reserve),
    )
    async with db.transaction():
        await queries.set_proposal(run_id=run_id, proposal=proposal)
        await audit.record(
            actor=actor,
            entity_type="staff_assignment",
            entity_id=run_id,
            action="swap",
            after={"area": polling_area_id, "out": out_person_id, "in": in_person_id},
            summary=f"Phương án phân công số {run_id}: thay người số hiệu {out_person_id} "
            f"bằng {in_person_id}",
        )
    return await get_assignment(run_id=run_id, actor=actor)


async def _team_body(
    data: _HelperData,
    team: ProposalTeam,
    decision_number: str,
    decision_date: dt.date | None,
) -> int:
    """The team's body, formed now (with the given decision) if the area has none."""
    body_id = data.areas[team.area_id].body_id
    if body_id is not None:
        return body_id
    place = await body_place(data.election, team.kind, polling_area_id=team.area_id)
    return await insert_body(
        data.election.id,
        place,
        decision_number=tidy(decision_number),
        decision_date=decision_date,
    )


async def _commit_plan(
    run: RunRow,
    data: _HelperData,
    actor: Actor,
    *,
    appointed_on: dt.date | None,
    appointment_decision: str,
    decision_number: str,
    decision_date: dt.date | None,
) -> int:
    """Write every proposed member in one statement; the number placed."""
    body_ids: list[int] = []
    person_ids: list[int] = []
    roles: list[str] = []
    for team in run.proposal.teams:
        if not team.added:
            continue
        body_id = await _team_body(data, team, decision_number, decision_date)
        for person, role in team.added:
            body_ids.append(body_id)
            person_ids.append(person)
            roles.append(str(role))
        await audit.record(
            actor=actor,
            entity_type="election_body",
            entity_id=body_id,
            action="assign_members",
            after={
                "run": run.id,
                "members": [[data.persons[p].full_name, str(r)] for p, r in team.added],
            },
            summary=f"Tổ bầu cử khu vực bỏ phiếu số {data.areas[team.area_id].number}: "
            f"phân công {len(team.added)} thành viên (phương án số {run.id})",
        )
    await queries.insert_team_members(
        election_id=data.election.id,
        body_ids=body_ids,
        person_ids=person_ids,
        roles=roles,
        appointed_on=appointed_on,
        appointment_decision=tidy(appointment_decision),
    )
    return len(person_ids)


async def accept_assignment(
    *,
    run_id: int,
    actor: Actor,
    appointed_on: dt.date | None = None,
    appointment_decision: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> AssignmentView:
    """Commit a proposal in one transaction, after checking it again against the
    data as it is now; teams still missing are formed with the given decision."""
    run = await _run(run_id, actor)
    require_commune_teams(actor, run.province_code, run.commune_code)
    async with db.transaction():
        run = await _run(run_id, actor, lock=True)
        _require_proposed(run)
        data = await _helper_data(run.election_id, run.commune_code)
        violations = rules.check_assignment(data.teams, data.people, _plan_of(run))
        if violations:
            raise RuleViolation(
                violations,
                detail="Dữ liệu đã thay đổi từ khi lập phương án: " + violations[0].message,
            )
        placed = await _commit_plan(
            run,
            data,
            actor,
            appointed_on=appointed_on,
            appointment_decision=appointment_decision,
            decision_number=decision_number,
            decision_date=decision_date,
        )
        await queries.decide_run(
            run_id=run_id, status=AssignmentStatus.ACCEPTED, decided_by=actor.username
        )
        await audit.record(
            actor=actor,
            entity_type="staff_assignment",
            entity_id=run_id,
            action="accept",
            after={"placed": placed, "seed": run.seed},
            summary=f"Xác nhận phương án phân công số {run_id} ({run.commune_name}): "
            f"{placed} thành viên",
        )
    return await get_assignment(run_id=run_id, actor=actor)


async def discard_assignment(*, run_id: int, actor: Actor) -> AssignmentView:
    run = await _run(run_id, actor)
    require_commune_teams(actor, run.province_code, run.commune_code)
    _require_proposed(run)
    async with db.transaction():
        await queries.decide_run(
            run_id=run_id, status=AssignmentStatus.DISCARDED, decided_by=actor.username
        )
        await audit.record(
            actor=actor,
            entity_type="staff_assignment",
            entity_id=run_id,
            action="discard",
            summary=f"Hủy phương án phân công số {run_id}",
        )
    return await get_assignment(run_id=run_id, actor=actor)
