"""Use cases of the team assignment helper: a proposal for a commune, recorded
with its seed, changed and accepted (or discarded) by the user.

The algorithm is the pure `rules.assign_teams`; this module gathers its plain
data (teams as they stand, the commune's registry, Art. 27 blocks), stores
the proposal and commits it in one transaction after checking it again.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any

from election import db
from election.actor import Actor, ScopeLevel
from election.audit import services as audit
from election.elections import rules as election_rules
from election.elections.services import ElectionRow, get_election
from election.errors import Conflict, NotFound, RuleViolation, Violation
from election.geography import services as geography
from election.staffing import rules, services
from election.staffing.tables import AssignmentStatus, BodyFamily, BodyKind, MemberRole

DEFAULT_RESERVE = 10

# --------------------------------------------------------------------------
# The team assignment helper


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


@dataclass
class _HelperData:
    election: ElectionRow
    commune_code: str
    province_code: str
    teams: list[rules.TeamNeed]
    people: list[rules.PoolPerson]
    areas: dict[int, Any]
    persons: dict[int, Any]


async def _helper_data(election_id: int, commune_code: str) -> _HelperData:
    """The commune's teams as they stand and its registry, as plain data."""
    election = await get_election(election_id=election_id)
    commune = await geography.get_commune(commune_code)
    areas = await services.commune_areas(election_id, commune_code)
    current = await db.fetch(
        "SELECT b.polling_area, m.person, m.role FROM body_member m "
        "JOIN election_body b ON b.id = m.body "
        "WHERE b.election = $1 AND b.commune = $2 AND b.polling_area IS NOT NULL "
        "AND m.left_on IS NULL ORDER BY m.id",
        election_id,
        commune_code,
    )
    persons = await db.fetch(
        "SELECT s.id, s.personal_id, s.full_name, s.date_of_birth, s.home_commune, s.armed_forces, "
        "s.position, s.organisation, EXISTS (SELECT 1 FROM body_member m WHERE m.person = s.id "
        "AND m.election = $2 AND m.left_on IS NULL) AS busy "
        "FROM staff_person s WHERE s.commune = $1 ORDER BY s.id",
        commune_code,
        election_id,
    )
    candidates = await db.fetch(
        """
        SELECT pu.polling_area, k.id, k.personal_id, k.full_name, k.date_of_birth
        FROM polling_area_unit pu JOIN polling_area pa ON pa.id = pu.polling_area
        JOIN candidate k ON k.unit = pu.unit AND k.removed_on IS NULL
        WHERE pa.election = $1 AND pa.commune = $2
        """,
        election_id,
        commune_code,
    )
    index = rules.PeopleIndex(
        rules.Identity(p["id"], p["personal_id"], p["full_name"], p["date_of_birth"])
        for p in persons
    )
    blocked: dict[int, set[int]] = {}
    for k in candidates:
        found = index.matches(
            rules.Identity(k["id"], k["personal_id"], k["full_name"], k["date_of_birth"])
        )
        blocked.setdefault(k["polling_area"], set()).update(found)
    by_area: dict[int, list[tuple[int, MemberRole]]] = {}
    for row in current:
        by_area.setdefault(row["polling_area"], []).append((row["person"], MemberRole(row["role"])))
    teams = [
        rules.TeamNeed(
            area_id=a["id"],
            area_number=a["number"],
            kind=BodyKind(a["body_kind"])
            if a["body_kind"]
            else rules.default_team_kind(a["kind"], election.kind),
            current=tuple(by_area.get(a["id"], ())),
            blocked=frozenset(blocked.get(a["id"], ())),
        )
        for a in areas
    ]
    excluded = await services.excluded_voters(
        election_id, [p["personal_id"] for p in persons if p["personal_id"]]
    )
    people = [
        rules.PoolPerson(
            id=p["id"],
            local=p["home_commune"] == commune_code,
            armed_forces=p["armed_forces"],
            eligible=election_rules.age_on(p["date_of_birth"], election.election_day)
            >= rules.VOTER_MIN_AGE
            and p["personal_id"] not in excluded,
            busy=p["busy"],
        )
        for p in persons
    ]
    return _HelperData(
        election=election,
        commune_code=commune_code,
        province_code=commune.province_code,
        teams=teams,
        people=people,
        areas={a["id"]: a for a in areas},
        persons={p["id"]: p for p in persons},
    )


def _plan_json(plan: rules.AssignmentPlan, data: _HelperData) -> dict[str, Any]:
    needs = {t.area_id: t for t in data.teams}
    return {
        "teams": [
            {
                "area_id": t.area_id,
                "kind": str(needs[t.area_id].kind),
                "target": t.target,
                "added": [[person, str(role)] for person, role in t.added],
                "shortfall": t.shortfall,
            }
            for t in plan.teams
        ],
        "reserve": list(plan.reserve),
    }


def _plan_of(proposal: dict[str, Any], seed: int, team_size: int) -> rules.AssignmentPlan:
    return rules.AssignmentPlan(
        seed=seed,
        team_size=team_size,
        teams=tuple(
            rules.TeamPlan(
                t["area_id"],
                t["target"],
                tuple((p, MemberRole(r)) for p, r in t["added"]),
                t["shortfall"],
            )
            for t in proposal["teams"]
        ),
        reserve=tuple(proposal["reserve"]),
    )


_RUN_SELECT = """
    SELECT r.id, r.election AS election_id, r.commune AS commune_code, c.name AS commune_name,
           c.province AS province_code, r.seed, r.team_size, r.reserve_size, r.status,
           r.proposal::text AS proposal, r.created_by, r.created_at, r.decided_by, r.decided_at
    FROM staff_assignment r JOIN commune c ON c.code = r.commune
"""


async def _run(run_id: int, actor: Actor, *, lock: bool = False):
    record = await db.fetchrow(
        _RUN_SELECT + " WHERE r.id = $1" + (" FOR UPDATE OF r" if lock else ""), run_id
    )
    if record is None or not actor.covers_commune(record["commune_code"], record["province_code"]):
        raise NotFound(f"Không có phương án phân công số {run_id}.")
    if actor.scope_level == ScopeLevel.POLLING_AREA:
        raise NotFound(f"Không có phương án phân công số {run_id}.")
    return record


def _view(record, data: _HelperData, plan: rules.AssignmentPlan) -> AssignmentView:
    def brief(person_id: int) -> PersonBrief:
        p = data.persons.get(person_id)
        if p is None:
            return PersonBrief(person_id, f"(số hiệu {person_id})", "", False)
        work = ", ".join(x for x in (p["position"], p["organisation"]) if x)
        return PersonBrief(person_id, p["full_name"], work, p["home_commune"] == data.commune_code)

    proposal = json.loads(record["proposal"])
    kinds = {t["area_id"]: BodyKind(t["kind"]) for t in proposal["teams"]}
    needs = {t.area_id: t for t in data.teams}
    teams = []
    for t in plan.teams:
        area = data.areas.get(t.area_id)
        need = needs.get(t.area_id)
        kind = kinds.get(t.area_id, BodyKind.TEAM)
        teams.append(
            TeamProposal(
                area_id=t.area_id,
                area_number=area["number"] if area else 0,
                area_address=area["station_address"] if area else "",
                body_id=area["body_id"] if area else None,
                kind=kind,
                target=t.target,
                current_count=len(need.current) if need else 0,
                added=[
                    PlacedMember(brief(p), r, rules.role_title(BodyFamily.TEAM, r))
                    for p, r in t.added
                ],
                shortfall=t.shortfall,
            )
        )
    status = AssignmentStatus(record["status"])
    violations = (
        rules.check_assignment(data.teams, data.people, plan)
        if status == AssignmentStatus.PROPOSED
        else []
    )
    return AssignmentView(
        id=record["id"],
        election_id=record["election_id"],
        commune_code=record["commune_code"],
        commune_name=record["commune_name"],
        seed=record["seed"],
        team_size=record["team_size"],
        reserve_size=record["reserve_size"],
        status=status,
        created_by=record["created_by"],
        created_at=record["created_at"],
        decided_by=record["decided_by"],
        decided_at=record["decided_at"],
        teams=teams,
        reserve=[brief(p) for p in plan.reserve],
        violations=violations,
    )


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
    services.require_commune_teams(actor, commune.province_code, commune.code)
    if not 1 <= team_size <= 50:
        raise RuleViolation(
            Violation(
                "team_size_range", "Số thành viên mỗi Tổ phải từ 1 đến 50.", field="team_size"
            )
        )
    seed = secrets.randbelow(1_000_000) + 1 if seed is None else seed
    if not 0 <= seed < 2**62:
        raise RuleViolation(Violation("seed_range", "Hạt giống phải là số tự nhiên.", field="seed"))
    reserve_size = DEFAULT_RESERVE if reserve_size is None else max(0, reserve_size)
    data = await _helper_data(election_id, commune_code)
    if not data.teams:
        raise Conflict(f"{commune.name} chưa có khu vực bỏ phiếu.")
    plan = rules.assign_teams(
        data.teams, data.people, team_size=team_size, seed=seed, reserve_size=reserve_size
    )
    async with db.transaction():
        await db.execute(
            "UPDATE staff_assignment SET status = 'discarded', decided_by = $3, decided_at = now() "
            "WHERE election = $1 AND commune = $2 AND status = 'proposed'",
            election_id,
            commune_code,
            actor.username,
        )
        run_id = await db.fetchval(
            """
            INSERT INTO staff_assignment (election, commune, seed, team_size, reserve_size, status,
                proposal, created_by)
            VALUES ($1, $2, $3, $4, $5, 'proposed', $6::jsonb, $7) RETURNING id
            """,
            election_id,
            commune_code,
            seed,
            team_size,
            reserve_size,
            json.dumps(_plan_json(plan, data)),
            actor.username,
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
            f"hạt giống {seed}",
        )
    return await get_assignment(run_id=run_id, actor=actor)


async def get_assignment(*, run_id: int, actor: Actor) -> AssignmentView:
    record = await _run(run_id, actor)
    data = await _helper_data(record["election_id"], record["commune_code"])
    plan = _plan_of(json.loads(record["proposal"]), record["seed"], record["team_size"])
    return _view(record, data, plan)


async def latest_assignments(
    *, election_id: int, commune_code: str, actor: Actor, limit: int = 10
) -> list[dict[str, Any]]:
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        return []
    rows = await db.fetch(
        "SELECT id, seed, team_size, status, created_by, created_at FROM staff_assignment "
        "WHERE election = $1 AND commune = $2 ORDER BY id DESC LIMIT $3",
        election_id,
        commune_code,
        limit,
    )
    return [{**dict(r), "status": AssignmentStatus(r["status"])} for r in rows]


def _require_proposed(record) -> None:
    status = AssignmentStatus(record["status"])
    if status != AssignmentStatus.PROPOSED:
        raise Conflict(f"Phương án này đã ở trạng thái «{status.label}».")


async def swap_assignment(
    *, run_id: int, polling_area_id: int, out_person_id: int, in_person_id: int, actor: Actor
) -> AssignmentView:
    """Change the proposal before it is committed: another person takes the seat."""
    record = await _run(run_id, actor)
    services.require_commune_teams(actor, record["province_code"], record["commune_code"])
    _require_proposed(record)
    data = await _helper_data(record["election_id"], record["commune_code"])
    if in_person_id not in data.persons:
        raise NotFound(
            f"Không có người số hiệu {in_person_id} trong danh sách nhân sự {record['commune_name']}."
        )
    plan = _plan_of(json.loads(record["proposal"]), record["seed"], record["team_size"])
    try:
        changed = rules.swap_in_plan(
            plan, area_id=polling_area_id, out_person=out_person_id, in_person=in_person_id
        )
    except ValueError as error:
        raise RuleViolation(Violation("swap_invalid", str(error))) from None
    violations = rules.check_assignment(data.teams, data.people, changed)
    if violations:
        raise RuleViolation(violations)
    proposal = json.loads(record["proposal"])
    for team, team_plan in zip(proposal["teams"], changed.teams, strict=True):
        team["added"] = [[p, str(r)] for p, r in team_plan.added]
    proposal["reserve"] = list(changed.reserve)
    async with db.transaction():
        await db.execute(
            "UPDATE staff_assignment SET proposal = $2::jsonb WHERE id = $1",
            run_id,
            json.dumps(proposal),
        )
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
    record = await _run(run_id, actor)
    services.require_commune_teams(actor, record["province_code"], record["commune_code"])
    async with db.transaction():
        record = await _run(run_id, actor, lock=True)
        _require_proposed(record)
        data = await _helper_data(record["election_id"], record["commune_code"])
        proposal = json.loads(record["proposal"])
        plan = _plan_of(proposal, record["seed"], record["team_size"])
        violations = rules.check_assignment(data.teams, data.people, plan)
        if violations:
            raise RuleViolation(
                violations,
                detail="Dữ liệu đã thay đổi từ khi lập phương án: " + violations[0].message,
            )
        kinds = {t["area_id"]: BodyKind(t["kind"]) for t in proposal["teams"]}
        rows = []
        for team in plan.teams:
            if not team.added:
                continue
            area = data.areas[team.area_id]
            body_id = area["body_id"]
            if body_id is None:
                place = await services.body_place(
                    data.election,
                    kinds[team.area_id],
                    province_code=None,
                    commune_code=None,
                    unit_id=None,
                    polling_area_id=team.area_id,
                )
                body_id = await services.insert_body(
                    data.election.id,
                    place,
                    name="",
                    forming_authority="",
                    decision_number=services.tidy(decision_number),
                    decision_date=decision_date,
                    notes="",
                )
            for person, role in team.added:
                rows.append(
                    (
                        body_id,
                        data.election.id,
                        person,
                        str(role),
                        appointed_on,
                        services.tidy(appointment_decision),
                    )
                )
            await audit.record(
                actor=actor,
                entity_type="election_body",
                entity_id=body_id,
                action="assign_members",
                after={
                    "run": run_id,
                    "members": [[data.persons[p]["full_name"], str(r)] for p, r in team.added],
                },
                summary=f"Tổ bầu cử khu vực bỏ phiếu số {area['number']}: phân công "
                f"{len(team.added)} thành viên (phương án số {run_id})",
            )
        async with db.connection() as conn:
            await conn.executemany(
                """
                INSERT INTO body_member (body, election, family, person, role, appointed_on,
                    appointment_decision)
                VALUES ($1, $2, 'team', $3, $4, $5, $6)
                """,
                rows,
            )
        await db.execute(
            "UPDATE staff_assignment SET status = 'accepted', decided_by = $2, decided_at = now() "
            "WHERE id = $1",
            run_id,
            actor.username,
        )
        await audit.record(
            actor=actor,
            entity_type="staff_assignment",
            entity_id=run_id,
            action="accept",
            after={"placed": len(rows), "seed": record["seed"]},
            summary=f"Xác nhận phương án phân công số {run_id} ({record['commune_name']}): "
            f"{len(rows)} thành viên",
        )
    return await get_assignment(run_id=run_id, actor=actor)


async def discard_assignment(*, run_id: int, actor: Actor) -> AssignmentView:
    record = await _run(run_id, actor)
    services.require_commune_teams(actor, record["province_code"], record["commune_code"])
    _require_proposed(record)
    async with db.transaction():
        await db.execute(
            "UPDATE staff_assignment SET status = 'discarded', decided_by = $2, decided_at = now() "
            "WHERE id = $1",
            run_id,
            actor.username,
        )
        await audit.record(
            actor=actor,
            entity_type="staff_assignment",
            entity_id=run_id,
            action="discard",
            summary=f"Hủy phương án phân công số {run_id}",
        )
    return await get_assignment(run_id=run_id, actor=actor)
