"""The overview of staffing in the actor's scope: the forming deadlines on the
calendar (D−105, D−70, D−43), the bodies, units without a board, and each
commune's teams."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from election.actor import Actor, ScopeLevel
from election.elections import rules as election_rules
from election.elections import training_clock
from election.elections.services import ElectionRow, get_election
from election.elections.tables import ContestLevel
from election.errors import Forbidden, Violation
from election.geography import services as geography
from election.staffing import rules
from election.staffing.queries import bodies as body_queries
from election.staffing.queries import overview as queries
from election.staffing.queries.bodies import BodyRow
from election.staffing.services.access import may_manage_body
from election.staffing.services.bodies import list_bodies
from election.staffing.services.conflicts import ConflictFlag, find_conflicts, list_conflicts
from election.staffing.tables import BodyFamily, BodyKind, MemberRole


@dataclass(frozen=True)
class DeadlineRow:
    """One forming milestone of the calendar with the state of the bodies it concerns."""

    milestone: election_rules.Milestone
    family: BodyFamily
    formed: int
    decided: int
    late: int
    missing: int


@dataclass(frozen=True)
class CommuneTeams:
    code: str
    name: str
    areas: int
    teams: int
    members: int
    problems: int


@dataclass(frozen=True)
class MissingBoard:
    """A unit still without its Ban bầu cử (Art. 24)."""

    unit_id: int
    unit_name: str
    level: ContestLevel
    kind: BodyKind
    can_form: bool


@dataclass(frozen=True)
class Overview:
    election: ElectionRow
    deadlines: list[DeadlineRow]
    committees: list[BodyRow]
    boards: list[BodyRow]
    communes: list[CommuneTeams]
    conflicts: list[ConflictFlag]
    missing_boards: list[MissingBoard]


def _national_or(actor: Actor, code: str | None) -> str | None:
    return None if actor.scope_level == ScopeLevel.NATIONAL else code


async def _missing_boards(election_id: int, actor: Actor) -> list[MissingBoard]:
    """Units in the actor's scope without a board; a commune sees the units it votes in."""
    units = await queries.units_without_board(
        election_id=election_id, province_code=_national_or(actor, actor.province_code)
    )
    result: list[MissingBoard] = []
    for unit in units:
        if actor.scope_level == ScopeLevel.POLLING_AREA:
            continue
        if actor.scope_level == ScopeLevel.COMMUNE and not (
            unit.commune_code == actor.commune_code or actor.commune_code in unit.communes
        ):
            continue
        kind = rules.BOARD_KIND_OF_LEVEL[unit.level]
        can_form = may_manage_body(
            actor, kind=kind, province_code=unit.province_code, commune_code=unit.commune_code
        )
        result.append(MissingBoard(unit.id, unit.name, unit.level, kind, can_form))
    return result


async def _commune_teams(
    actor: Actor, election_id: int, teams: list[BodyRow]
) -> list[CommuneTeams]:
    """Each commune's areas, teams and members, with its teams of a wrong size."""
    if actor.scope_level not in (ScopeLevel.COMMUNE, ScopeLevel.PROVINCE, ScopeLevel.NATIONAL):
        return []
    counts = await queries.commune_counts(
        election_id=election_id,
        province_code=_national_or(actor, actor.province_code),
        commune_code=actor.commune_code if actor.scope_level == ScopeLevel.COMMUNE else None,
    )
    problems: Counter[str] = Counter()
    for team in teams:
        if team.commune_code and not (team.rule.minimum <= team.member_count <= team.rule.maximum):
            problems[team.commune_code] += 1
    return [
        CommuneTeams(c.code, c.name, c.areas, c.teams, c.members, problems[c.code]) for c in counts
    ]


def _deadlines(
    election: ElectionRow,
    now: dt.datetime,
    groups: list[tuple[str, BodyFamily, list[BodyRow], int]],
) -> list[DeadlineRow]:
    """The bodies of each forming milestone: formed, decided, decided late, missing."""
    calendar = {
        m.code: m
        for m in election_rules.election_calendar(
            election.election_day, now=now, voting_opens=election.voting_opens
        )
    }
    deadlines: list[DeadlineRow] = []
    for code, family, group, missing in groups:
        if code not in calendar:
            continue
        decided = [b for b in group if b.decision_date is not None]
        late = [
            b
            for b in decided
            if b.decision_date is not None
            and b.decision_date > rules.forming_deadline(b.kind, election.election_day)
        ]
        deadlines.append(
            DeadlineRow(calendar[code], family, len(group), len(decided), len(late), missing)
        )
    return deadlines


async def staffing_overview(
    *, election_id: int, actor: Actor, now: dt.datetime | None = None
) -> Overview:
    election = await get_election(election_id=election_id)
    bodies = await list_bodies(election_id=election_id, actor=actor)
    committees = [b for b in bodies if b.family == BodyFamily.COMMITTEE]
    boards = [b for b in bodies if b.family == BodyFamily.BOARD]
    teams = [b for b in bodies if b.family == BodyFamily.TEAM]
    missing_boards = await _missing_boards(election_id, actor)
    communes = await _commune_teams(actor, election_id, teams)
    areas_without_team = sum(c.areas - c.teams for c in communes)
    deadlines = _deadlines(
        election,
        await training_clock.now_for(election_id, now),
        [
            ("D-105", BodyFamily.COMMITTEE, committees, 0),
            ("D-70", BodyFamily.BOARD, boards, len(missing_boards)),
            ("D-43", BodyFamily.TEAM, teams, areas_without_team),
        ],
    )
    return Overview(
        election=election,
        deadlines=deadlines,
        committees=committees,
        boards=boards,
        communes=communes,
        conflicts=await list_conflicts(election_id=election_id, actor=actor),
        missing_boards=missing_boards,
    )


# --------------------------------------------------------------------------
# A commune's teams


@dataclass(frozen=True)
class AreaTeam:
    """A polling area of a commune as its team list shows it."""

    id: int
    number: int
    station_address: str
    head: str = ""
    secretary: str = ""
    # The head or the secretary has no active login yet.
    needs_logins: bool = False


async def commune_teams(
    *, election_id: int, commune_code: str, actor: Actor
) -> list[tuple[AreaTeam, BodyRow | None, list[Violation]]]:
    """Every polling area of a commune with its team (or None) and the team's problems."""
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise Forbidden("Xã, phường này nằm ngoài phạm vi của bạn.")
    election = await get_election(election_id=election_id)
    areas = await body_queries.commune_areas(election_id=election_id, commune_code=commune_code)
    bodies = {
        b.polling_area_id: b
        for b in await list_bodies(
            election_id=election_id, actor=actor, family=BodyFamily.TEAM, commune_code=commune_code
        )
    }
    seats: dict[int, list[queries.TeamSeat]] = {}
    for seat in await queries.commune_team_seats(
        election_id=election_id, commune_code=commune_code
    ):
        seats.setdefault(seat.body_id, []).append(seat)
    conflicts: dict[int, list[ConflictFlag]] = {}
    for flag in await find_conflicts(election_id=election_id):
        conflicts.setdefault(flag.body_id, []).append(flag)
    result: list[tuple[AreaTeam, BodyRow | None, list[Violation]]] = []
    for area in areas:
        if actor.scope_level == ScopeLevel.POLLING_AREA and area.id != actor.polling_area_id:
            continue
        body = bodies.get(area.id)
        if body is None:
            result.append((AreaTeam(area.id, area.number, area.station_address), None, []))
            continue
        members = seats.get(body.id, [])
        shown = AreaTeam(
            area.id,
            area.number,
            area.station_address,
            head=next((m.full_name for m in members if m.role == MemberRole.HEAD), ""),
            secretary=next((m.full_name for m in members if m.role == MemberRole.SECRETARY), ""),
            needs_logins=any(
                m.role in (MemberRole.HEAD, MemberRole.SECRETARY) and not m.has_login
                for m in members
            ),
        )
        problems = rules.check_body_size(body.kind, len(members))
        problems += rules.check_roles(body.family, [m.role for m in members])
        problems += rules.check_body_decision(body.kind, body.decision_date, election.election_day)
        problems += [f.violation for f in conflicts.get(body.id, [])]
        result.append((shown, body, problems))
    return result
