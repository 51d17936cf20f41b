"""Election bodies: Ủy ban (a province or a commune), Ban (an electoral unit),
Tổ (a polling area), with the decision forming each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from election.elections.tables import ContestLevel, ElectionKind
from election.sql import query
from election.staffing import rules
from election.staffing.tables import BodyFamily, BodyKind, MemberRole
from election.stations.tables import PollingAreaKind


@dataclass(frozen=True)
class BodyRow:
    id: int
    election_id: int
    kind: BodyKind
    name: str
    province_code: str
    province_name: str
    commune_code: str | None
    commune_name: str | None
    unit_id: int | None
    unit_number: int | None
    unit_name: str | None
    unit_level: ContestLevel | None
    polling_area_id: int | None
    polling_area_number: int | None
    polling_area_address: str | None
    polling_area_kind: PollingAreaKind | None
    forming_authority: str
    decision_number: str
    decision_date: dt.date | None
    notes: str
    member_count: int
    # The communes of the body's unit: a board supervises their teams.
    unit_communes: list[str]

    @property
    def rule(self) -> rules.BodyRule:
        return rules.RULES_BY_KIND[self.kind]

    @property
    def family(self) -> BodyFamily:
        return self.rule.family

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def is_team(self) -> bool:
        return self.family == BodyFamily.TEAM

    @property
    def size_text(self) -> str:
        return f"{self.rule.minimum}–{self.rule.maximum}"

    def role_title(self, role: MemberRole | str) -> str:
        return rules.role_title(self.family, role)

    @property
    def roles(self) -> list[MemberRole]:
        return rules.roles_of(self.family)

    def public(self) -> dict[str, Any]:
        return {
            "election_id": self.election_id,
            "kind": self.kind,
            "name": self.name,
            "province_code": self.province_code,
            "commune_code": self.commune_code,
            "unit_id": self.unit_id,
            "polling_area_id": self.polling_area_id,
            "forming_authority": self.forming_authority,
            "decision_number": self.decision_number,
            "decision_date": self.decision_date,
            "notes": self.notes,
        }


BODY_SELECT = """
    SELECT b.id, b.election AS election_id, b.kind, b.name, b.province AS province_code,
           p.name AS province_name, b.commune AS commune_code, c.name AS commune_name,
           b.unit AS unit_id, u.number AS unit_number, u.name AS unit_name, ct.level AS unit_level,
           b.polling_area AS polling_area_id, pa.number AS polling_area_number,
           pa.station_address AS polling_area_address, pa.kind AS polling_area_kind,
           b.forming_authority, b.decision_number, b.decision_date, b.notes,
           (SELECT count(*) FROM body_member m WHERE m.body = b.id AND m.left_on IS NULL)
               AS member_count,
           COALESCE((SELECT array_agg(uc.commune::text ORDER BY uc.commune)
                     FROM electoral_unit_commune uc WHERE uc.unit = b.unit), '{}') AS unit_communes
    FROM election_body b
    JOIN province p ON p.code = b.province
    LEFT JOIN commune c ON c.code = b.commune
    LEFT JOIN electoral_unit u ON u.id = b.unit
    LEFT JOIN contest ct ON ct.id = u.contest
    LEFT JOIN polling_area pa ON pa.id = b.polling_area
"""

# Committees, then boards (ĐBQH, HĐND tỉnh, HĐND xã), then teams, by place and number.
BODY_ORDER = """
    ORDER BY CASE WHEN b.kind LIKE '%committee' THEN 0 WHEN b.kind LIKE 'board%' THEN 1 ELSE 2 END,
             b.province, b.commune NULLS FIRST,
             CASE ct.level WHEN 'dbqh' THEN 0 WHEN 'hdnd_tinh' THEN 1 ELSE 2 END,
             u.number, pa.number, b.id
"""


@query(f"{BODY_SELECT} WHERE b.id = :body_id")
async def body(*, body_id: int) -> BodyRow | None: ...


@query(f"{BODY_SELECT} WHERE b.id = ANY(:body_ids::int[])")
async def bodies(*, body_ids: list[int]) -> list[BodyRow]: ...


@query(f"""
    {BODY_SELECT}
    WHERE b.election = :election_id AND (:province_code::text IS NULL OR b.province = :province_code)
      AND (:kinds::text[] IS NULL OR b.kind = ANY(:kinds::text[]))
      AND (:commune_code::text IS NULL OR b.commune = :commune_code)
      AND (:unit_id::int IS NULL OR b.unit = :unit_id)
    {BODY_ORDER}
""")
async def election_bodies(
    *,
    election_id: int,
    province_code: str | None,
    kinds: list[str] | None,
    commune_code: str | None,
    unit_id: int | None,
) -> list[BodyRow]: ...


# --------------------------------------------------------------------------
# Where a new body sits


@dataclass(frozen=True)
class AreaPlace:
    """The polling area a team serves (Art. 25)."""

    id: int
    number: int
    kind: PollingAreaKind
    election_id: int
    commune_code: str
    commune_name: str
    province_code: str


@query("""
    SELECT pa.id, pa.number, pa.kind, pa.election AS election_id, pa.commune AS commune_code,
           c.name AS commune_name, c.province AS province_code
    FROM polling_area pa JOIN commune c ON c.code = pa.commune WHERE pa.id = :polling_area_id
""")
async def area_place(*, polling_area_id: int) -> AreaPlace | None: ...


@dataclass(frozen=True)
class UnitPlace:
    """The electoral unit a board serves (Art. 24)."""

    id: int
    number: int
    province_code: str
    commune_code: str | None
    level: ContestLevel
    election_id: int
    commune_name: str | None


@query("""
    SELECT u.id, u.number, u.province AS province_code, u.commune AS commune_code, ct.level,
           ct.election AS election_id, c.name AS commune_name
    FROM electoral_unit u JOIN contest ct ON ct.id = u.contest
    LEFT JOIN commune c ON c.code = u.commune WHERE u.id = :unit_id
""")
async def unit_place(*, unit_id: int) -> UnitPlace | None: ...


@query("""
    SELECT name FROM election_body WHERE election = :election_id AND (
        (unit IS NOT NULL AND unit = :unit_id)
        OR (polling_area IS NOT NULL AND polling_area = :polling_area_id)
        OR (kind = 'province_committee' AND :kind::text = 'province_committee'
            AND province = :province_code)
        OR (kind = 'commune_committee' AND :kind::text = 'commune_committee'
            AND commune = :commune_code))
""")
async def body_in_place(
    *,
    election_id: int,
    unit_id: int | None,
    polling_area_id: int | None,
    kind: BodyKind,
    province_code: str,
    commune_code: str | None,
) -> str | None:
    """The name of the body already serving this place, if any: one body per place."""
    ...


# --------------------------------------------------------------------------
# Changes


@query("""
    INSERT INTO election_body (election, kind, name, province, commune, unit, polling_area,
        forming_authority, decision_number, decision_date, notes)
    VALUES (:election_id, :kind, :name, :province_code, :commune_code, :unit_id,
        :polling_area_id, :forming_authority, :decision_number, :decision_date, :notes)
    RETURNING id
""")
async def insert_body(
    *,
    election_id: int,
    kind: BodyKind,
    name: str,
    province_code: str,
    commune_code: str | None,
    unit_id: int | None,
    polling_area_id: int | None,
    forming_authority: str,
    decision_number: str,
    decision_date: dt.date | None,
    notes: str,
) -> int: ...


@query("""
    UPDATE election_body SET kind = :kind, name = :name, forming_authority = :forming_authority,
        decision_number = :decision_number, decision_date = :decision_date, notes = :notes
    WHERE id = :body_id
""")
async def update_body(
    *,
    body_id: int,
    kind: BodyKind,
    name: str,
    forming_authority: str,
    decision_number: str,
    decision_date: dt.date | None,
    notes: str,
) -> None: ...


@query("SELECT EXISTS (SELECT 1 FROM body_member WHERE body = :body_id)")
async def has_members(*, body_id: int) -> bool: ...


@query("DELETE FROM election_body WHERE id = :body_id")
async def delete_body(*, body_id: int) -> None: ...


# --------------------------------------------------------------------------
# A commune's teams


@dataclass(frozen=True)
class CommuneArea:
    """A polling area of a commune with its team, if it has one."""

    id: int
    number: int
    kind: PollingAreaKind
    station_address: str
    body_id: int | None
    body_kind: BodyKind | None

    def team_kind(self, election_kind: ElectionKind) -> BodyKind:
        """The team's kind, or the kind it would be formed with."""
        return self.body_kind or rules.default_team_kind(self.kind, election_kind)


@query("""
    SELECT pa.id, pa.number, pa.kind, pa.station_address, b.id AS body_id, b.kind AS body_kind
    FROM polling_area pa LEFT JOIN election_body b ON b.polling_area = pa.id
    WHERE pa.election = :election_id AND pa.commune = :commune_code ORDER BY pa.number
""")
async def commune_areas(*, election_id: int, commune_code: str) -> list[CommuneArea]: ...


@query("""
    UPDATE election_body SET decision_number = :decision_number, decision_date = :decision_date,
        forming_authority = CASE WHEN :forming_authority::text = '' THEN forming_authority
                                 ELSE :forming_authority END
    WHERE election = :election_id AND commune = :commune_code AND polling_area IS NOT NULL
      AND decision_number = '' AND decision_date IS NULL AND NOT (id = ANY(:created::int[]))
    RETURNING id
""")
async def decide_undecided_teams(
    *,
    election_id: int,
    commune_code: str,
    decision_number: str,
    decision_date: dt.date | None,
    forming_authority: str,
    created: list[int],
) -> list[int]:
    """Teams of the commune formed without a decision get this one (Art. 25)."""
    ...
