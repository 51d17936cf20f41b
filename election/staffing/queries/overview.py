"""What a scope's staffing looks like: units still without a board, and the
teams of each commune."""

from __future__ import annotations

from dataclasses import dataclass

from election.elections.tables import ContestLevel
from election.sql import query
from election.staffing.tables import MemberRole


@dataclass(frozen=True)
class UnitWithoutBoard:
    id: int
    name: str
    province_code: str
    commune_code: str | None
    level: ContestLevel
    # The communes the unit spans (ĐBQH and HĐND tỉnh units).
    communes: list[str]


@query("""
    SELECT u.id, u.name, u.province AS province_code, u.commune AS commune_code, ct.level,
           COALESCE((SELECT array_agg(uc.commune::text) FROM electoral_unit_commune uc
                     WHERE uc.unit = u.id), '{}') AS communes
    FROM electoral_unit u JOIN contest ct ON ct.id = u.contest
    WHERE ct.election = :election_id
      AND NOT EXISTS (SELECT 1 FROM election_body b WHERE b.unit = u.id)
      AND (:province_code::text IS NULL OR u.province = :province_code)
    ORDER BY CASE ct.level WHEN 'dbqh' THEN 0 WHEN 'hdnd_tinh' THEN 1 ELSE 2 END, u.commune,
             u.number
""")
async def units_without_board(
    *, election_id: int, province_code: str | None
) -> list[UnitWithoutBoard]:
    """Units still without their Ban bầu cử (Art. 24), in a province or everywhere."""
    ...


@dataclass(frozen=True)
class CommuneCounts:
    code: str
    name: str
    areas: int
    teams: int
    members: int


@query("""
    SELECT c.code, c.name, count(pa.id) AS areas, count(b.id) AS teams,
           COALESCE(sum((SELECT count(*) FROM body_member m
                         WHERE m.body = b.id AND m.left_on IS NULL)), 0)::bigint AS members
    FROM polling_area pa JOIN commune c ON c.code = pa.commune
    LEFT JOIN election_body b ON b.polling_area = pa.id
    WHERE pa.election = :election_id AND (:province_code::text IS NULL OR c.province = :province_code)
      AND (:commune_code::text IS NULL OR c.code = :commune_code)
    GROUP BY c.code, c.name ORDER BY c.code
""")
async def commune_counts(
    *, election_id: int, province_code: str | None, commune_code: str | None
) -> list[CommuneCounts]:
    """Each commune's polling areas, teams and serving team members."""
    ...


@dataclass(frozen=True)
class TeamSeat:
    """A serving team member of a commune, as the commune's team list shows them."""

    body_id: int
    role: MemberRole
    full_name: str
    has_login: bool


@query("""
    SELECT m.body AS body_id, m.role, s.full_name, COALESCE(a.is_active, false) AS has_login
    FROM body_member m JOIN staff_person s ON s.id = m.person
    JOIN election_body b ON b.id = m.body LEFT JOIN user_account a ON a.id = m.account
    WHERE b.election = :election_id AND b.commune = :commune_code
      AND b.polling_area IS NOT NULL AND m.left_on IS NULL
""")
async def commune_team_seats(*, election_id: int, commune_code: str) -> list[TeamSeat]: ...
