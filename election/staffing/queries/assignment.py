"""The team assignment helper's runs for a commune, and the plain data the
helper works on: the commune's teams as they stand, its registry, and the
candidates of the units voting in its polling areas (Art. 27)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.sql import Json, query
from election.staffing.tables import AssignmentStatus, BodyKind, MemberRole

# --------------------------------------------------------------------------
# The helper's data


@dataclass(frozen=True)
class AreaSeat:
    polling_area: int
    person: int
    role: MemberRole


@query("""
    SELECT b.polling_area, m.person, m.role FROM body_member m
    JOIN election_body b ON b.id = m.body
    WHERE b.election = :election_id AND b.commune = :commune_code AND b.polling_area IS NOT NULL
      AND m.left_on IS NULL
    ORDER BY m.id
""")
async def area_seats(*, election_id: int, commune_code: str) -> list[AreaSeat]:
    """The serving members of the commune's teams, by polling area."""
    ...


@dataclass(frozen=True)
class PoolRow:
    """A person of the commune's registry as the helper sees them."""

    id: int
    personal_id: str | None
    full_name: str
    date_of_birth: dt.date
    home_commune: str | None
    armed_forces: bool
    position: str
    organisation: str
    # Serving on a body of this election already.
    busy: bool

    @property
    def work_text(self) -> str:
        return ", ".join(part for part in (self.position, self.organisation) if part)


@query("""
    SELECT s.id, s.personal_id, s.full_name, s.date_of_birth, s.home_commune, s.armed_forces,
           s.position, s.organisation,
           EXISTS (SELECT 1 FROM body_member m WHERE m.person = s.id
                   AND m.election = :election_id AND m.left_on IS NULL) AS busy
    FROM staff_person s WHERE s.commune = :commune_code ORDER BY s.id
""")
async def commune_pool(*, commune_code: str, election_id: int) -> list[PoolRow]: ...


@dataclass(frozen=True)
class AreaCandidate:
    polling_area: int
    id: int
    personal_id: str | None
    full_name: str
    date_of_birth: dt.date


@query("""
    SELECT pu.polling_area, k.id, k.personal_id, k.full_name, k.date_of_birth
    FROM polling_area_unit pu JOIN polling_area pa ON pa.id = pu.polling_area
    JOIN candidate k ON k.unit = pu.unit AND k.removed_on IS NULL
    WHERE pa.election = :election_id AND pa.commune = :commune_code
""")
async def area_candidates(*, election_id: int, commune_code: str) -> list[AreaCandidate]:
    """Candidates of the units voting in each of the commune's polling areas."""
    ...


# --------------------------------------------------------------------------
# Runs


@dataclass(frozen=True)
class ProposalTeam:
    area_id: int
    kind: BodyKind
    target: int
    added: list[tuple[int, MemberRole]]
    shortfall: int


@dataclass(frozen=True)
class Proposal:
    """A run's plan as stored (jsonb): what each team gets, and the reserve."""

    teams: list[ProposalTeam]
    reserve: list[int]


@dataclass(frozen=True)
class RunRow:
    id: int
    election_id: int
    commune_code: str
    commune_name: str
    province_code: str
    seed: int
    team_size: int
    reserve_size: int
    status: AssignmentStatus
    proposal: Proposal
    created_by: str
    created_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None


RUN_SELECT = """
    SELECT r.id, r.election AS election_id, r.commune AS commune_code, c.name AS commune_name,
           c.province AS province_code, r.seed, r.team_size, r.reserve_size, r.status,
           r.proposal::text AS proposal, r.created_by, r.created_at, r.decided_by, r.decided_at
    FROM staff_assignment r JOIN commune c ON c.code = r.commune
"""


@query(f"{RUN_SELECT} WHERE r.id = :run_id")
async def run(*, run_id: int) -> RunRow | None: ...


@query(f"{RUN_SELECT} WHERE r.id = :run_id FOR UPDATE OF r")
async def lock_run(*, run_id: int) -> RunRow | None:
    """The run, locked until the transaction ends: one decision per run."""
    ...


@dataclass(frozen=True)
class RunBrief:
    id: int
    seed: int
    team_size: int
    status: AssignmentStatus
    created_by: str
    created_at: dt.datetime


@query("""
    SELECT id, seed, team_size, status, created_by, created_at FROM staff_assignment
    WHERE election = :election_id AND commune = :commune_code ORDER BY id DESC LIMIT :limit
""")
async def latest_runs(*, election_id: int, commune_code: str, limit: int) -> list[RunBrief]: ...


@query("""
    UPDATE staff_assignment SET status = 'discarded', decided_by = :decided_by, decided_at = now()
    WHERE election = :election_id AND commune = :commune_code AND status = 'proposed'
""")
async def discard_proposed(*, election_id: int, commune_code: str, decided_by: str) -> None:
    """A new proposal replaces the commune's open one."""
    ...


@query("""
    INSERT INTO staff_assignment (election, commune, seed, team_size, reserve_size, status,
        proposal, created_by)
    VALUES (:election_id, :commune_code, :seed, :team_size, :reserve_size, 'proposed',
        :proposal, :created_by)
    RETURNING id
""")
async def insert_run(
    *,
    election_id: int,
    commune_code: str,
    seed: int,
    team_size: int,
    reserve_size: int,
    proposal: Json,
    created_by: str,
) -> int: ...


@query("UPDATE staff_assignment SET proposal = :proposal WHERE id = :run_id")
async def set_proposal(*, run_id: int, proposal: Json) -> None: ...


@query("""
    UPDATE staff_assignment SET status = :status, decided_by = :decided_by, decided_at = now()
    WHERE id = :run_id
""")
async def decide_run(*, run_id: int, status: AssignmentStatus, decided_by: str) -> None: ...


@query("""
    INSERT INTO body_member (body, election, family, person, role, appointed_on,
        appointment_decision)
    SELECT t.body, :election_id, 'team', t.person, t.role, :appointed_on, :appointment_decision
    FROM unnest(:body_ids::int[], :person_ids::int[], :roles::text[]) AS t(body, person, role)
""")
async def insert_team_members(
    *,
    election_id: int,
    body_ids: list[int],
    person_ids: list[int],
    roles: list[str],
    appointed_on: dt.date | None,
    appointment_decision: str,
) -> None:
    """The accepted plan's members, in one statement."""
    ...
