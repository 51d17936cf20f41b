"""Use cases of staffing: the registry of people, election bodies and their
members, the Art. 27 conflicts, station-officer accounts, and the overview
against the calendar (the assignment helper is in `assignment.py`).

Who may change what (checked here, with the explicit actor):
- admins: everything;
- province staff: their province's committee and the boards of their
  province's ĐBQH and HĐND tỉnh units; the registry of their province;
- commune staff: their commune's committee, HĐND xã boards and teams; the
  registry of their commune;
- board members, station officers and observers read what lies in their scope.
"""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from election import db
from election.accounts import services as accounts
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.elections import rules as election_rules
from election.elections import structure
from election.elections.ballot_order import ballot_sort_key
from election.elections.services import ElectionRow, get_election
from election.elections.tables import ContestLevel, Sex
from election.errors import Conflict, Forbidden, NotFound, RuleViolation, Violation
from election.geography import services as geography
from election.staffing import rules
from election.staffing.tables import BodyFamily, BodyKind, MemberRole
from election.stations.tables import PollingAreaKind
from election.voters.tables import Exclusion

PROVINCE_KINDS = frozenset(
    {BodyKind.PROVINCE_COMMITTEE, BodyKind.BOARD_DBQH, BodyKind.BOARD_PROVINCE}
)
# Who reads the registry: it holds personal IDs and phone numbers.
REGISTER_READERS = frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF, Role.OBSERVER})


def tidy(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def lower_first(name: str) -> str:
    """'Phường Bạc Liêu' → 'phường Bạc Liêu', as written inside a title."""
    return name[:1].lower() + name[1:] if name else name


def province_title(name: str) -> str:
    """'Cà Mau' → 'tỉnh Cà Mau'; 'Thành phố Hà Nội' → 'thành phố Hà Nội'."""
    return lower_first(name) if name.startswith("Thành phố") else f"tỉnh {name}"


# --------------------------------------------------------------------------
# Permissions


def may_manage_body(
    actor: Actor, *, kind: BodyKind, province_code: str, commune_code: str | None
) -> bool:
    if actor.is_read_only:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.PROVINCE_STAFF:
        return kind in PROVINCE_KINDS and actor.province_code == province_code
    if actor.role == Role.COMMUNE_STAFF:
        return (
            kind not in PROVINCE_KINDS
            and commune_code is not None
            and actor.commune_code == commune_code
        )
    return False


def may_manage_register(actor: Actor, *, province_code: str, commune_code: str | None) -> bool:
    if actor.is_read_only:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.PROVINCE_STAFF:
        return actor.province_code == province_code
    if actor.role == Role.COMMUNE_STAFF:
        return commune_code is not None and actor.commune_code == commune_code
    return False


def may_read_register(actor: Actor, *, province_code: str, commune_code: str | None) -> bool:
    if actor.role not in REGISTER_READERS:
        return False
    if actor.scope_level == ScopeLevel.NATIONAL:
        return True
    if actor.province_code != province_code:
        return False
    if actor.scope_level == ScopeLevel.PROVINCE:
        return True
    return commune_code is not None and actor.commune_code == commune_code


def _require_register(actor: Actor, province_code: str, commune_code: str | None) -> None:
    if not may_manage_register(actor, province_code=province_code, commune_code=commune_code):
        raise Forbidden("Bạn không có quyền thay đổi danh sách nhân sự ở phạm vi này.")


# --------------------------------------------------------------------------
# The staff registry


PERSON_FIELDS = (
    "personal_id",
    "full_name",
    "date_of_birth",
    "sex",
    "phone",
    "organisation",
    "position",
    "home_commune_code",
    "armed_forces",
    "notes",
)


@dataclass(frozen=True)
class PersonRow:
    id: int
    province_code: str
    commune_code: str | None
    commune_name: str | None
    personal_id: str | None
    full_name: str
    date_of_birth: dt.date
    sex: Sex
    phone: str
    organisation: str
    position: str
    home_commune_code: str | None
    home_commune_name: str | None
    armed_forces: bool
    notes: str

    @property
    def sex_label(self) -> str:
        return self.sex.label

    @property
    def register_label(self) -> str:
        return self.commune_name or "Danh sách cấp tỉnh"

    @property
    def work_text(self) -> str:
        """'Chức vụ, cơ quan' as printed in member lists."""
        return ", ".join(part for part in (self.position, self.organisation) if part)

    def public(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in PERSON_FIELDS}
        data["province_code"] = self.province_code
        data["commune_code"] = self.commune_code
        return data


_PERSON_SELECT = """
    SELECT s.id, s.province AS province_code, s.commune AS commune_code, c.name AS commune_name,
           s.personal_id, s.full_name, s.date_of_birth, s.sex, s.phone, s.organisation, s.position,
           s.home_commune AS home_commune_code, h.name AS home_commune_name, s.armed_forces, s.notes
    FROM staff_person s
    LEFT JOIN commune c ON c.code = s.commune
    LEFT JOIN commune h ON h.code = s.home_commune
"""


def _person_row(record) -> PersonRow:
    data = dict(record)
    data["sex"] = Sex(data["sex"])
    return PersonRow(**data)


async def get_person(*, person_id: int, actor: Actor) -> PersonRow:
    record = await db.fetchrow(_PERSON_SELECT + " WHERE s.id = $1", person_id)
    if record is None or not may_read_register(
        actor, province_code=record["province_code"], commune_code=record["commune_code"]
    ):
        raise NotFound(f"Không có người số hiệu {person_id} trong danh sách nhân sự.")
    return _person_row(record)


async def list_people(
    *,
    province_code: str,
    commune_code: str | None,
    actor: Actor,
    query: str = "",
    limit: int = 1000,
) -> list[PersonRow]:
    """One register (a commune's, or the province's with `commune_code` None),
    in Vietnamese name order; `query` matches a name, personal ID or phone."""
    if not may_read_register(actor, province_code=province_code, commune_code=commune_code):
        raise Forbidden("Danh sách nhân sự này nằm ngoài phạm vi của bạn.")
    needle = rules.normalize_name(query)
    records = await db.fetch(
        _PERSON_SELECT
        + """
        WHERE s.province = $1 AND s.commune IS NOT DISTINCT FROM $2
          AND ($3 = '' OR s.person_key LIKE '%' || $3 || '%' OR s.personal_id LIKE $3 || '%'
               OR s.phone LIKE '%' || $3 || '%')
        ORDER BY s.sort_key COLLATE "C", s.id LIMIT $4
        """,
        province_code,
        commune_code,
        needle,
        limit,
    )
    return [_person_row(r) for r in records]


async def check_register_place(province_code: str, commune_code: str | None) -> None:
    await geography.get_province(province_code)
    if commune_code is not None:
        commune = await geography.get_commune(commune_code)
        if commune.province_code != province_code:
            raise RuleViolation(
                Violation(
                    "commune_outside_province",
                    "Xã, phường của danh sách nhân sự không thuộc tỉnh đã chọn.",
                    field="commune_code",
                )
            )


def normalize_person(data: dict[str, Any]) -> dict[str, Any]:
    """NFC, single-spaced text; the personal ID as 12 digits or None."""
    clean = {name: data.get(name) for name in PERSON_FIELDS}
    for name in ("full_name", "phone", "organisation", "position", "notes"):
        clean[name] = tidy(clean[name])
    clean["personal_id"] = tidy(clean["personal_id"]) or None
    clean["home_commune_code"] = clean["home_commune_code"] or None
    clean["armed_forces"] = bool(clean["armed_forces"])
    clean["sex"] = Sex(clean["sex"])
    violations = []
    if not clean["full_name"]:
        violations.append(Violation("name_required", "Cần nhập họ và tên.", field="full_name"))
    if clean["personal_id"] and not (
        clean["personal_id"].isdigit() and len(clean["personal_id"]) == 12
    ):
        violations.append(
            Violation(
                "personal_id_invalid",
                "Số định danh cá nhân phải gồm đúng 12 chữ số.",
                field="personal_id",
            )
        )
    if not isinstance(clean["date_of_birth"], dt.date):
        violations.append(
            Violation("birth_date_required", "Cần nhập ngày sinh.", field="date_of_birth")
        )
    if violations:
        raise RuleViolation(violations)
    return clean


async def _check_person_unique(
    province_code: str, commune_code: str | None, clean: dict[str, Any], person_id: int | None
) -> None:
    if clean["personal_id"]:
        other = await db.fetchrow(
            "SELECT s.id, s.full_name, COALESCE(c.name, p.name) AS place FROM staff_person s "
            "JOIN province p ON p.code = s.province LEFT JOIN commune c ON c.code = s.commune "
            "WHERE s.personal_id = $1 AND ($2::int IS NULL OR s.id <> $2)",
            clean["personal_id"],
            person_id,
        )
        if other:
            raise Conflict(
                f"Số định danh {clean['personal_id']} đã có trong danh sách nhân sự "
                f"({other['full_name']}, {other['place']})."
            )
        return
    key = rules.person_key(clean["full_name"], clean["date_of_birth"])
    if await db.fetchval(
        "SELECT 1 FROM staff_person WHERE province = $1 AND commune IS NOT DISTINCT FROM $2 "
        "AND person_key = $3 AND personal_id IS NULL AND ($4::int IS NULL OR id <> $4)",
        province_code,
        commune_code,
        key,
        person_id,
    ):
        raise Conflict(
            f"Đã có {clean['full_name']} sinh ngày {clean['date_of_birth']:%d/%m/%Y} "
            "trong danh sách nhân sự này; hãy ghi số định danh cá nhân để phân biệt."
        )


async def _check_home(clean: dict[str, Any]) -> None:
    if clean["home_commune_code"]:
        await geography.get_commune(clean["home_commune_code"])


_PERSON_COLUMNS = (
    "personal_id, full_name, person_key, sort_key, date_of_birth, sex, phone, organisation, "
    "position, home_commune, armed_forces, notes"
)


def _person_values(clean: dict[str, Any]) -> tuple:
    return (
        clean["personal_id"],
        clean["full_name"],
        rules.person_key(clean["full_name"], clean["date_of_birth"]),
        ballot_sort_key(clean["full_name"], clean["date_of_birth"]),
        clean["date_of_birth"],
        str(clean["sex"]),
        clean["phone"],
        clean["organisation"],
        clean["position"],
        clean["home_commune_code"],
        clean["armed_forces"],
        clean["notes"],
    )


async def save_person(
    *,
    province_code: str,
    commune_code: str | None,
    data: dict[str, Any],
    actor: Actor,
    person_id: int | None = None,
) -> PersonRow:
    """Add a person to a register (person_id None) or change one."""
    _require_register(actor, province_code, commune_code)
    await check_register_place(province_code, commune_code)
    clean = normalize_person(data)
    await _check_home(clean)
    async with db.transaction():
        before = None
        if person_id is not None:
            before = await get_person(person_id=person_id, actor=actor)
            _require_register(actor, before.province_code, before.commune_code)
        await _check_person_unique(province_code, commune_code, clean, person_id)
        values = _person_values(clean)
        if person_id is None:
            person_id = await db.fetchval(
                f"INSERT INTO staff_person (province, commune, {_PERSON_COLUMNS}) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                province_code,
                commune_code,
                *values,
            )
        else:
            await db.execute(
                """
                UPDATE staff_person SET province = $2, commune = $3, personal_id = $4,
                    full_name = $5, person_key = $6, sort_key = $7, date_of_birth = $8, sex = $9,
                    phone = $10, organisation = $11, position = $12, home_commune = $13,
                    armed_forces = $14, notes = $15, updated_at = now()
                WHERE id = $1
                """,
                person_id,
                province_code,
                commune_code,
                *values,
            )
        person = await get_person(person_id=person_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="staff_person",
            entity_id=person_id,
            action="create" if before is None else "update",
            before=before.public() if before else None,
            after=person.public(),
            summary=f"{'Thêm' if before is None else 'Sửa'} {person.full_name} "
            f"(danh sách nhân sự {person.register_label})",
        )
    return person


async def delete_person(*, person_id: int, actor: Actor) -> None:
    person = await get_person(person_id=person_id, actor=actor)
    _require_register(actor, person.province_code, person.commune_code)
    if await db.fetchval("SELECT 1 FROM body_member WHERE person = $1", person_id):
        raise Conflict(
            "Người này đã từng là thành viên tổ chức phụ trách bầu cử; không xóa khỏi danh sách."
        )
    async with db.transaction():
        await db.execute("DELETE FROM staff_person WHERE id = $1", person_id)
        await audit.record(
            actor=actor,
            entity_type="staff_person",
            entity_id=person_id,
            action="delete",
            before=person.public(),
            summary=f"Xóa {person.full_name} khỏi danh sách nhân sự",
        )


async def save_people(
    *,
    province_code: str,
    commune_code: str | None,
    new: list[dict[str, Any]],
    changed: list[tuple[int, dict[str, Any]]],
    actor: Actor,
    source: str = "",
) -> int:
    """Add and change many people of one register at once (file import, demo):
    set-based statements and one audit event."""
    _require_register(actor, province_code, commune_code)
    await check_register_place(province_code, commune_code)
    clean_new = [normalize_person(d) for d in new]
    clean_changed = [(pid, normalize_person(d)) for pid, d in changed]
    homes = {c["home_commune_code"] for c in clean_new + [c for _, c in clean_changed]}
    homes.discard(None)
    if homes:
        found = {
            r["code"]
            for r in await db.fetch(
                "SELECT code FROM commune WHERE code = ANY($1::text[])", sorted(homes)
            )
        }
        if homes - found:
            raise ValueError(f"Không có xã, phường mã: {', '.join(sorted(homes - found))}.")
    ids = [c["personal_id"] for c in clean_new if c["personal_id"]]
    ids += [c["personal_id"] for _, c in clean_changed if c["personal_id"]]
    if ids:
        taken = await db.fetch(
            "SELECT s.id, s.personal_id, s.full_name, COALESCE(c.name, p.name) AS place "
            "FROM staff_person s JOIN province p ON p.code = s.province "
            "LEFT JOIN commune c ON c.code = s.commune WHERE s.personal_id = ANY($1::text[])",
            ids,
        )
        own = {pid for pid, _ in clean_changed}
        clashes = [r for r in taken if r["id"] not in own]
        if clashes:
            r = clashes[0]
            raise ValueError(
                f"Số định danh {r['personal_id']} đã có trong danh sách nhân sự "
                f"({r['full_name']}, {r['place']}); {len(clashes)} trường hợp trùng."
            )
    async with db.transaction(), db.connection() as conn:
        if clean_new:
            await conn.executemany(
                f"INSERT INTO staff_person (province, commune, {_PERSON_COLUMNS}) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                [(province_code, commune_code, *_person_values(c)) for c in clean_new],
            )
        if clean_changed:
            await conn.executemany(
                """
                UPDATE staff_person SET personal_id = $2, full_name = $3, person_key = $4,
                    sort_key = $5, date_of_birth = $6, sex = $7, phone = $8, organisation = $9,
                    position = $10, home_commune = $11, armed_forces = $12, notes = $13,
                    updated_at = now()
                WHERE id = $1
                """,
                [(pid, *_person_values(c)) for pid, c in clean_changed],
            )
        place = (await geography.get_commune(commune_code)).name if commune_code else province_code
        await audit.record(
            actor=actor,
            entity_type="staff_register",
            entity_id=commune_code or province_code,
            action="bulk_save",
            after={
                "source": source,
                "added": [c["full_name"] for c in clean_new],
                "changed": [c["full_name"] for _, c in clean_changed],
            },
            summary=f"Danh sách nhân sự {place}: thêm {len(clean_new)}, sửa {len(clean_changed)}"
            + (f" ({source})" if source else ""),
        )
    return len(clean_new) + len(clean_changed)


# --------------------------------------------------------------------------
# Bodies


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
    unit_communes: list[str] = field(default_factory=list)

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


_BODY_SELECT = """
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

_BODY_ORDER = """
    ORDER BY CASE WHEN b.kind LIKE '%committee' THEN 0 WHEN b.kind LIKE 'board%' THEN 1 ELSE 2 END,
             b.province, b.commune NULLS FIRST,
             CASE ct.level WHEN 'dbqh' THEN 0 WHEN 'hdnd_tinh' THEN 1 ELSE 2 END,
             u.number, pa.number, b.id
"""


def _body_row(record) -> BodyRow:
    data = dict(record)
    data["kind"] = BodyKind(data["kind"])
    data["unit_level"] = ContestLevel(data["unit_level"]) if data["unit_level"] else None
    data["polling_area_kind"] = (
        PollingAreaKind(data["polling_area_kind"]) if data["polling_area_kind"] else None
    )
    data["unit_communes"] = list(data["unit_communes"])
    return BodyRow(**data)


def may_read_body(actor: Actor, body: BodyRow) -> bool:
    if actor.scope_level == ScopeLevel.NATIONAL:
        return True
    if actor.province_code != body.province_code:
        return False
    if actor.scope_level == ScopeLevel.PROVINCE:
        return True
    if actor.scope_level == ScopeLevel.POLLING_AREA:
        return body.polling_area_id is not None and body.polling_area_id == actor.polling_area_id
    if body.commune_code is not None:
        return body.commune_code == actor.commune_code
    # A board of a ĐBQH or HĐND tỉnh unit supervises the teams of its communes.
    return actor.commune_code in body.unit_communes


def may_manage(actor: Actor, body: BodyRow) -> bool:
    return may_manage_body(
        actor, kind=body.kind, province_code=body.province_code, commune_code=body.commune_code
    )


def _require_manage(actor: Actor, body: BodyRow) -> None:
    if not may_manage(actor, body):
        raise Forbidden(f"Bạn không có quyền thay đổi {body.name}.")


async def get_body(*, body_id: int, actor: Actor) -> BodyRow:
    record = await db.fetchrow(_BODY_SELECT + " WHERE b.id = $1", body_id)
    if record is None:
        raise NotFound(f"Không có tổ chức phụ trách bầu cử số hiệu {body_id}.")
    body = _body_row(record)
    if not may_read_body(actor, body):
        raise NotFound(f"Không có tổ chức phụ trách bầu cử số hiệu {body_id}.")
    return body


async def list_bodies(
    *,
    election_id: int,
    actor: Actor,
    family: BodyFamily | None = None,
    kind: BodyKind | None = None,
    commune_code: str | None = None,
    unit_id: int | None = None,
) -> list[BodyRow]:
    """The bodies of an election the actor may read, committees first."""
    await get_election(election_id=election_id)
    kinds = (
        [str(kind)]
        if kind
        else [str(r.kind) for r in rules.BODY_RULES if r.family == family]
        if family
        else None
    )
    records = await db.fetch(
        _BODY_SELECT
        + """
        WHERE b.election = $1 AND ($2::text IS NULL OR b.province = $2)
          AND ($3::text[] IS NULL OR b.kind = ANY($3::text[]))
          AND ($4::text IS NULL OR b.commune = $4) AND ($5::int IS NULL OR b.unit = $5)
        """
        + _BODY_ORDER,
        election_id,
        None if actor.scope_level == ScopeLevel.NATIONAL else actor.province_code,
        kinds,
        commune_code,
        unit_id,
    )
    return [b for b in (_body_row(r) for r in records) if may_read_body(actor, b)]


@dataclass(frozen=True)
class BodyPlace:
    kind: BodyKind
    province_code: str
    commune_code: str | None
    unit_id: int | None
    polling_area_id: int | None
    default_name: str
    default_authority: str


async def body_place(
    election: ElectionRow,
    kind: BodyKind | None,
    *,
    province_code: str | None,
    commune_code: str | None,
    unit_id: int | None,
    polling_area_id: int | None,
) -> BodyPlace:
    """Where a new body sits, its kind checked against what it serves."""
    if polling_area_id is not None:
        area = await db.fetchrow(
            "SELECT pa.id, pa.number, pa.kind, pa.election, pa.commune, c.name, c.province "
            "FROM polling_area pa JOIN commune c ON c.code = pa.commune WHERE pa.id = $1",
            polling_area_id,
        )
        if area is None or area["election"] != election.id:
            raise NotFound(
                f"Không có khu vực bỏ phiếu số hiệu {polling_area_id} trong cuộc bầu cử."
            )
        kind = kind or rules.default_team_kind(area["kind"], election.kind)
        if kind not in rules.TEAM_KINDS:
            raise RuleViolation(
                Violation("kind_needs_team", "Khu vực bỏ phiếu có Tổ bầu cử.", field="kind")
            )
        violations = rules.check_team_kind(kind, area["kind"], election.kind)
        if violations:
            raise RuleViolation(violations)
        return BodyPlace(
            kind,
            area["province"],
            area["commune"],
            None,
            area["id"],
            f"Tổ bầu cử khu vực bỏ phiếu số {area['number']}",
            f"Ủy ban nhân dân {lower_first(area['name'])}",
        )
    if unit_id is not None:
        unit = await db.fetchrow(
            "SELECT u.id, u.number, u.province, u.commune, ct.level, ct.election, c.name AS commune_name "
            "FROM electoral_unit u JOIN contest ct ON ct.id = u.contest "
            "LEFT JOIN commune c ON c.code = u.commune WHERE u.id = $1",
            unit_id,
        )
        if unit is None or unit["election"] != election.id:
            raise NotFound(f"Không có đơn vị bầu cử số hiệu {unit_id} trong cuộc bầu cử.")
        board_kind = rules.BOARD_KIND_OF_LEVEL[ContestLevel(unit["level"])]
        if kind is not None and kind != board_kind:
            raise RuleViolation(
                Violation(
                    "board_kind_mismatch",
                    f"Đơn vị bầu cử này có {board_kind.label}.",
                    field="kind",
                )
            )
        province = await geography.get_province(unit["province"])
        if board_kind == BodyKind.BOARD_COMMUNE:
            body = f"đại biểu HĐND {lower_first(unit['commune_name'])}"
            authority = f"Ủy ban nhân dân {lower_first(unit['commune_name'])}"
        else:
            body = (
                "đại biểu Quốc hội"
                if board_kind == BodyKind.BOARD_DBQH
                else f"đại biểu HĐND {province_title(province.name)}"
            )
            authority = f"Ủy ban nhân dân {province_title(province.name)}"
        return BodyPlace(
            board_kind,
            unit["province"],
            unit["commune"],
            unit["id"],
            None,
            f"Ban bầu cử {body} đơn vị bầu cử số {unit['number']}",
            authority,
        )
    if kind == BodyKind.COMMUNE_COMMITTEE:
        if not commune_code:
            raise RuleViolation(
                Violation("commune_required", "Cần chọn xã, phường, đặc khu.", field="commune_code")
            )
        commune = await geography.get_commune(commune_code)
        return BodyPlace(
            kind,
            commune.province_code,
            commune.code,
            None,
            None,
            f"Ủy ban bầu cử {lower_first(commune.name)}",
            f"Ủy ban nhân dân {lower_first(commune.name)}",
        )
    if kind == BodyKind.PROVINCE_COMMITTEE:
        if not province_code:
            raise RuleViolation(
                Violation("province_required", "Cần chọn tỉnh, thành phố.", field="province_code")
            )
        province = await geography.get_province(province_code)
        return BodyPlace(
            kind,
            province.code,
            None,
            None,
            None,
            f"Ủy ban bầu cử {province_title(province.name)}",
            f"Ủy ban nhân dân {province_title(province.name)}",
        )
    raise RuleViolation(
        Violation(
            "body_place_required",
            "Ban bầu cử cần một đơn vị bầu cử; Tổ bầu cử cần một khu vực bỏ phiếu.",
            field="kind",
        )
    )


@dataclass(frozen=True)
class BodyResult:
    body: BodyRow
    warnings: list[Violation]


async def insert_body(
    election_id: int,
    place: BodyPlace,
    *,
    name: str,
    forming_authority: str,
    decision_number: str,
    decision_date: dt.date | None,
    notes: str,
) -> int:
    return await db.fetchval(
        """
        INSERT INTO election_body (election, kind, name, province, commune, unit, polling_area,
            forming_authority, decision_number, decision_date, notes)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id
        """,
        election_id,
        str(place.kind),
        name or place.default_name,
        place.province_code,
        place.commune_code,
        place.unit_id,
        place.polling_area_id,
        forming_authority or place.default_authority,
        decision_number,
        decision_date,
        notes,
    )


async def _existing_body(election_id: int, place: BodyPlace) -> str | None:
    return await db.fetchval(
        """
        SELECT name FROM election_body WHERE election = $1 AND (
            (unit IS NOT NULL AND unit = $2) OR (polling_area IS NOT NULL AND polling_area = $3)
            OR (kind = 'province_committee' AND $4 = 'province_committee' AND province = $5)
            OR (kind = 'commune_committee' AND $4 = 'commune_committee' AND commune = $6))
        """,
        election_id,
        place.unit_id,
        place.polling_area_id,
        str(place.kind),
        place.province_code,
        place.commune_code,
    )


async def create_body(
    *,
    election_id: int,
    actor: Actor,
    kind: BodyKind | None = None,
    province_code: str | None = None,
    commune_code: str | None = None,
    unit_id: int | None = None,
    polling_area_id: int | None = None,
    name: str = "",
    forming_authority: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    notes: str = "",
) -> BodyResult:
    """Form a committee (a province or commune), a board (a unit) or a team (an area)."""
    election = await get_election(election_id=election_id)
    place = await body_place(
        election,
        kind,
        province_code=province_code,
        commune_code=commune_code,
        unit_id=unit_id,
        polling_area_id=polling_area_id,
    )
    if not may_manage_body(
        actor, kind=place.kind, province_code=place.province_code, commune_code=place.commune_code
    ):
        raise Forbidden(f"Bạn không có quyền thành lập {place.kind.label} ở phạm vi này.")
    warnings = rules.check_body_decision(place.kind, decision_date, election.election_day)
    async with db.transaction():
        existing = await _existing_body(election_id, place)
        if existing:
            raise Conflict(f"Đã có {existing}.")
        body_id = await insert_body(
            election_id,
            place,
            name=tidy(name),
            forming_authority=tidy(forming_authority),
            decision_number=tidy(decision_number),
            decision_date=decision_date,
            notes=tidy(notes),
        )
        body = await get_body(body_id=body_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="election_body",
            entity_id=body_id,
            action="create",
            after=body.public(),
            summary=f"Thành lập {body.name}",
        )
    return BodyResult(body, warnings)


async def update_body(
    *,
    body_id: int,
    actor: Actor,
    name: str,
    forming_authority: str,
    decision_number: str,
    decision_date: dt.date | None,
    notes: str = "",
    kind: BodyKind | None = None,
) -> BodyResult:
    """Change the decision forming a body, its name, or the kind of a team."""
    before = await get_body(body_id=body_id, actor=actor)
    _require_manage(actor, before)
    election = await get_election(election_id=before.election_id)
    kind = kind or before.kind
    if kind != before.kind:
        if not before.is_team or kind not in rules.TEAM_KINDS:
            raise RuleViolation(
                Violation(
                    "kind_fixed",
                    "Chỉ đổi được loại của Tổ bầu cử (thông thường, đơn vị vũ trang, chung).",
                    field="kind",
                )
            )
        assert before.polling_area_kind is not None
        violations = rules.check_team_kind(kind, before.polling_area_kind, election.kind)
        if violations:
            raise RuleViolation(violations)
    warnings = rules.check_body_decision(kind, decision_date, election.election_day)
    async with db.transaction():
        await db.execute(
            "UPDATE election_body SET kind = $2, name = $3, forming_authority = $4, "
            "decision_number = $5, decision_date = $6, notes = $7 WHERE id = $1",
            body_id,
            str(kind),
            tidy(name) or before.name,
            tidy(forming_authority) or before.forming_authority,
            tidy(decision_number),
            decision_date,
            tidy(notes),
        )
        body = await get_body(body_id=body_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="election_body",
            entity_id=body_id,
            action="update",
            before=before.public(),
            after=body.public(),
            summary=f"Sửa {body.name}",
        )
    return BodyResult(body, warnings)


async def delete_body(*, body_id: int, actor: Actor) -> None:
    body = await get_body(body_id=body_id, actor=actor)
    _require_manage(actor, body)
    if await db.fetchval("SELECT 1 FROM body_member WHERE body = $1", body_id):
        raise Conflict(f"{body.name} đã có thành viên; không thể xóa.")
    async with db.transaction():
        await db.execute("DELETE FROM election_body WHERE id = $1", body_id)
        await audit.record(
            actor=actor,
            entity_type="election_body",
            entity_id=body_id,
            action="delete",
            before=body.public(),
            summary=f"Xóa {body.name}",
        )


async def commune_areas(election_id: int, commune_code: str) -> list:
    return await db.fetch(
        """
        SELECT pa.id, pa.number, pa.kind, pa.station_address, b.id AS body_id, b.kind AS body_kind
        FROM polling_area pa LEFT JOIN election_body b ON b.polling_area = pa.id
        WHERE pa.election = $1 AND pa.commune = $2 ORDER BY pa.number
        """,
        election_id,
        commune_code,
    )


def require_commune_teams(actor: Actor, province_code: str, commune_code: str) -> None:
    if not may_manage_body(
        actor, kind=BodyKind.TEAM, province_code=province_code, commune_code=commune_code
    ):
        raise Forbidden("Bạn không có quyền thành lập, phân công Tổ bầu cử của xã, phường này.")


async def form_commune_teams(
    *,
    election_id: int,
    commune_code: str,
    actor: Actor,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    forming_authority: str = "",
) -> list[BodyRow]:
    """One decision forms the teams of every polling area of a commune (Art. 25):
    teams still missing are created, and teams without a decision get this one."""
    election = await get_election(election_id=election_id)
    commune = await geography.get_commune(commune_code)
    require_commune_teams(actor, commune.province_code, commune.code)
    number, authority = tidy(decision_number), tidy(forming_authority)
    async with db.transaction():
        created = []
        for area in await commune_areas(election_id, commune_code):
            if area["body_id"] is not None:
                continue
            place = await body_place(
                election,
                None,
                province_code=None,
                commune_code=None,
                unit_id=None,
                polling_area_id=area["id"],
            )
            body_id = await insert_body(
                election_id,
                place,
                name="",
                forming_authority=authority,
                decision_number=number,
                decision_date=decision_date,
                notes="",
            )
            created.append(body_id)
        updated = []
        if number or decision_date:
            updated = await db.fetch(
                """
                UPDATE election_body SET decision_number = $3, decision_date = $4,
                    forming_authority = CASE WHEN $5 = '' THEN forming_authority ELSE $5 END
                WHERE election = $1 AND commune = $2 AND polling_area IS NOT NULL
                  AND decision_number = '' AND decision_date IS NULL AND NOT (id = ANY($6::int[]))
                RETURNING id
                """,
                election_id,
                commune_code,
                number,
                decision_date,
                authority,
                created,
            )
        await audit.record(
            actor=actor,
            entity_type="commune_teams",
            entity_id=f"{election_id}:{commune_code}",
            action="form_teams",
            after={
                "created": created,
                "decided": [r["id"] for r in updated],
                "decision_number": number,
                "decision_date": decision_date,
            },
            summary=f"Thành lập {len(created)} Tổ bầu cử {commune.name}"
            + (f" (quyết định {number})" if number else ""),
        )
    return await list_bodies(
        election_id=election_id, actor=actor, family=BodyFamily.TEAM, commune_code=commune_code
    )


# --------------------------------------------------------------------------
# Members


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


_MEMBER_SELECT = """
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
_MEMBER_ORDER = """
    ORDER BY m.left_on IS NOT NULL, m.left_on DESC,
             CASE m.role WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 WHEN 'secretary' THEN 2 ELSE 3 END,
             s.sort_key COLLATE "C", m.id
"""


def _member_row(record) -> MemberRow:
    data = dict(record)
    data["body_kind"] = BodyKind(data["body_kind"])
    data["role"] = MemberRole(data["role"])
    data["sex"] = Sex(data["sex"])
    return MemberRow(**data)


async def list_members(
    *, body_id: int, actor: Actor, include_left: bool = False
) -> list[MemberRow]:
    """A body's members: head, deputies, secretary, members, in name order."""
    await get_body(body_id=body_id, actor=actor)
    records = await db.fetch(
        _MEMBER_SELECT + " WHERE m.body = $1 AND ($2 OR m.left_on IS NULL)" + _MEMBER_ORDER,
        body_id,
        include_left,
    )
    return [_member_row(r) for r in records]


async def get_member(*, member_id: int, actor: Actor) -> MemberRow:
    record = await db.fetchrow(_MEMBER_SELECT + " WHERE m.id = $1", member_id)
    if record is None:
        raise NotFound(f"Không có thành viên số hiệu {member_id}.")
    await get_body(body_id=record["body_id"], actor=actor)
    return _member_row(record)


async def _covering_units(body: BodyRow) -> list[int]:
    """The electoral units whose candidates may not sit on this body (Art. 27)."""
    if body.unit_id is not None:
        return [body.unit_id]
    if body.polling_area_id is not None:
        rows = await db.fetch(
            "SELECT unit FROM polling_area_unit WHERE polling_area = $1", body.polling_area_id
        )
        return [r["unit"] for r in rows]
    return []


async def _candidacies(
    units: list[int], personal_id: str | None, full_name: str, born: dt.date
) -> list[tuple[str, str]]:
    """(unit name, contest label) of the person's candidacies in these units."""
    if not units:
        return []
    rows = await db.fetch(
        """
        SELECT k.personal_id, k.full_name, k.date_of_birth, u.name AS unit_name, ct.level
        FROM candidate k JOIN electoral_unit u ON u.id = k.unit JOIN contest ct ON ct.id = u.contest
        WHERE k.unit = ANY($1::int[]) AND k.removed_on IS NULL
          AND (k.personal_id = $2 OR k.date_of_birth = $3)
        """,
        units,
        personal_id,
        born,
    )
    return [
        (r["unit_name"], ContestLevel(r["level"]).label)
        for r in rows
        if rules.same_person(
            personal_id, full_name, born, r["personal_id"], r["full_name"], r["date_of_birth"]
        )
    ]


def _in_register(person: PersonRow, body: BodyRow) -> bool:
    """Commune-level bodies take people of the commune's register; province-level
    bodies any register of the province."""
    if person.province_code != body.province_code:
        return False
    return body.commune_code is None or person.commune_code == body.commune_code


async def _other_team(election_id: int, person_id: int, body_id: int) -> str | None:
    return await db.fetchval(
        "SELECT b.name FROM body_member m JOIN election_body b ON b.id = m.body "
        "WHERE m.election = $1 AND m.person = $2 AND m.family = 'team' AND m.left_on IS NULL "
        "AND m.body <> $3",
        election_id,
        person_id,
        body_id,
    )


async def excluded_voters(election_id: int, personal_ids: list[str]) -> dict[str, str]:
    """Personal ID → why the person is kept off the election's voter list (Art. 30(1))."""
    if not personal_ids:
        return {}
    rows = await db.fetch(
        "SELECT personal_id, exclusion FROM voter WHERE election = $1 AND status = 'excluded' "
        "AND personal_id = ANY($2::text[])",
        election_id,
        personal_ids,
    )
    return {r["personal_id"]: Exclusion(r["exclusion"]).label for r in rows if r["exclusion"]}


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
    _require_manage(actor, body)
    election = await get_election(election_id=body.election_id)
    record = await db.fetchrow(_PERSON_SELECT + " WHERE s.id = $1", person_id)
    if record is None:
        raise NotFound(f"Không có người số hiệu {person_id} trong danh sách nhân sự.")
    person = _person_row(record)
    async with db.transaction():
        # One appointment at a time per body: the counts below stay true.
        await db.execute("SELECT 1 FROM election_body WHERE id = $1 FOR UPDATE", body_id)
        current = await db.fetch(
            "SELECT person, role FROM body_member WHERE body = $1 AND left_on IS NULL", body_id
        )
        appointment = rules.Appointment(
            kind=body.kind,
            role=MemberRole(role),
            current_roles=tuple(MemberRole(r["role"]) for r in current),
            date_of_birth=person.date_of_birth,
            election_day=election.election_day,
            already_in_body=any(r["person"] == person_id for r in current),
            other_team=await _other_team(body.election_id, person_id, body_id)
            if body.is_team
            else None,
            candidacies=tuple(
                await _candidacies(
                    await _covering_units(body),
                    person.personal_id,
                    person.full_name,
                    person.date_of_birth,
                )
            ),
            in_register=_in_register(person, body),
            armed_forces=person.armed_forces,
            excluded=(
                await excluded_voters(body.election_id, [person.personal_id])
                if person.personal_id
                else {}
            ).get(person.personal_id or ""),
        )
        violations = [v for v in rules.check_appointment(appointment) if v.severity == "error"]
        if violations:
            raise RuleViolation(violations)
        member_id = await db.fetchval(
            """
            INSERT INTO body_member (body, election, family, person, role, appointed_on,
                appointment_decision)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """,
            body_id,
            body.election_id,
            str(body.family),
            person_id,
            str(role),
            appointed_on,
            tidy(appointment_decision),
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
    before = await get_member(member_id=member_id, actor=actor)
    body = await get_body(body_id=before.body_id, actor=actor)
    _require_manage(actor, body)
    if not before.active:
        raise Conflict("Thành viên này đã thôi tham gia.")
    role = MemberRole(role) if role else before.role
    async with db.transaction():
        if role != before.role:
            await db.execute("SELECT 1 FROM election_body WHERE id = $1 FOR UPDATE", body.id)
            others = await db.fetch(
                "SELECT role FROM body_member WHERE body = $1 AND left_on IS NULL AND id <> $2",
                body.id,
                member_id,
            )
            violations = rules.check_roles(
                body.family, [MemberRole(r["role"]) for r in others] + [role], complete=False
            )
            if violations:
                raise RuleViolation(violations)
        await db.execute(
            "UPDATE body_member SET role = $2, appointed_on = $3, appointment_decision = $4, "
            "trained_on = $5 WHERE id = $1",
            member_id,
            str(role),
            appointed_on if appointed_on is not None else before.appointed_on,
            tidy(appointment_decision)
            if appointment_decision is not None
            else before.appointment_decision,
            trained_on if set_trained else before.trained_on,
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
    before = await get_member(member_id=member_id, actor=actor)
    body = await get_body(body_id=before.body_id, actor=actor)
    _require_manage(actor, body)
    if not before.active:
        raise Conflict("Thành viên này đã thôi tham gia.")
    left_on = left_on or dt.datetime.now(election_rules.VIETNAM).date()
    async with db.transaction():
        await db.execute(
            "UPDATE body_member SET left_on = $2, leave_reason = $3 WHERE id = $1",
            member_id,
            left_on,
            tidy(reason),
        )
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
    _require_manage(actor, body)
    members = {m.id: m for m in await list_members(body_id=body_id, actor=actor)}
    unknown = [mid for mid in attended if mid not in members]
    if unknown:
        raise NotFound(f"Không có thành viên số hiệu {unknown[0]} trong {body.name}.")
    changes = [(mid, day) for mid, day in attended.items() if members[mid].trained_on != day]
    if changes:
        async with db.transaction(), db.connection() as conn:
            await conn.executemany("UPDATE body_member SET trained_on = $2 WHERE id = $1", changes)
            await audit.record(
                actor=actor,
                entity_type="election_body",
                entity_id=body_id,
                action="record_training",
                after={members[mid].full_name: day for mid, day in changes},
                summary=f"{body.name}: ghi nhận tập huấn ({len(changes)} thành viên)",
            )
    return await list_members(body_id=body_id, actor=actor)


# --------------------------------------------------------------------------
# Art. 27 conflicts


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
    rows = await db.fetch(
        """
        WITH active AS (
            SELECT m.id AS member_id, b.id AS body_id, b.name AS body_name, b.unit,
                   b.polling_area, s.id AS person_id, s.personal_id, s.full_name,
                   s.date_of_birth, e.election_day
            FROM body_member m JOIN election_body b ON b.id = m.body
            JOIN staff_person s ON s.id = m.person JOIN election e ON e.id = b.election
            WHERE m.left_on IS NULL AND m.family IN ('board', 'team')
              AND ($1::int IS NULL OR b.election = $1) AND ($2::int IS NULL OR b.id = $2)
        ), covering AS (
            SELECT a.member_id, a.unit FROM active a WHERE a.unit IS NOT NULL
            UNION ALL
            SELECT a.member_id, pu.unit FROM active a
            JOIN polling_area_unit pu ON pu.polling_area = a.polling_area
        )
        SELECT a.*, k.id AS candidate_id, k.personal_id AS k_personal_id,
               k.full_name AS k_full_name, k.date_of_birth AS k_date_of_birth,
               u.id AS unit_id, u.name AS unit_name, ct.level
        FROM active a JOIN covering c ON c.member_id = a.member_id
        JOIN candidate k ON k.unit = c.unit AND k.removed_on IS NULL
             AND (k.personal_id = a.personal_id OR k.date_of_birth = a.date_of_birth)
        JOIN electoral_unit u ON u.id = k.unit JOIN contest ct ON ct.id = u.contest
        WHERE ($3::int IS NULL OR k.unit = $3)
        ORDER BY a.body_id, a.member_id, u.id
        """,
        election_id,
        body_id,
        unit_id,
    )
    return [
        ConflictFlag(
            member_id=r["member_id"],
            body_id=r["body_id"],
            body_name=r["body_name"],
            person_id=r["person_id"],
            person_name=r["full_name"],
            candidate_id=r["candidate_id"],
            unit_id=r["unit_id"],
            unit_name=r["unit_name"],
            level=ContestLevel(r["level"]),
            replace_by=rules.replacement_deadline(r["election_day"]),
        )
        for r in rows
        if rules.same_person(
            r["personal_id"],
            r["full_name"],
            r["date_of_birth"],
            r["k_personal_id"],
            r["k_full_name"],
            r["k_date_of_birth"],
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
            changed = await db.fetchval(
                "UPDATE body_member SET conflict_candidate = $2, replace_by = $3 "
                "WHERE id = $1 AND conflict_candidate IS DISTINCT FROM $2 RETURNING id",
                flag.member_id,
                flag.candidate_id,
                flag.replace_by,
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


async def list_conflicts(*, election_id: int, actor: Actor) -> list[ConflictFlag]:
    flags = await find_conflicts(election_id=election_id)
    if actor.scope_level == ScopeLevel.NATIONAL:
        return flags
    readable = {b.id for b in await list_bodies(election_id=election_id, actor=actor)}
    return [f for f in flags if f.body_id in readable]


# --------------------------------------------------------------------------
# A body's report: members and every rule


@dataclass(frozen=True)
class BodyReport:
    body: BodyRow
    members: list[MemberRow]
    violations: list[Violation]
    conflicts: list[ConflictFlag]
    deadline: dt.date

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "error"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity != "error"]

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
    return BodyReport(
        body=body,
        members=members,
        violations=_body_violations(
            body,
            members,
            election.election_day,
            conflicts,
            await excluded_voters(
                body.election_id,
                [m.personal_id for m in members if m.active and m.personal_id],
            ),
        ),
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
    needle = rules.normalize_name(query)
    records = await db.fetch(
        _PERSON_SELECT
        + """
        WHERE s.province = $1 AND ($2::text IS NULL OR s.commune = $2)
          AND ($3 = '' OR s.person_key LIKE '%' || $3 || '%' OR s.personal_id LIKE $3 || '%')
          AND NOT EXISTS (SELECT 1 FROM body_member m WHERE m.person = s.id AND m.body = $4
                          AND m.left_on IS NULL)
        ORDER BY EXISTS (SELECT 1 FROM body_member m WHERE m.person = s.id AND m.election = $6
                         AND m.left_on IS NULL),
                 s.sort_key COLLATE "C", s.id
        LIMIT $5
        """,
        body.province_code,
        body.commune_code,
        needle,
        body_id,
        limit,
        body.election_id,
    )
    people = [_person_row(r) for r in records]
    busy = {
        r["person"]: r["name"]
        for r in await db.fetch(
            "SELECT m.person, b.name FROM body_member m JOIN election_body b ON b.id = m.body "
            "WHERE m.election = $1 AND m.left_on IS NULL AND m.person = ANY($2::int[])",
            body.election_id,
            [p.id for p in people],
        )
    }
    return [Choice(p, busy.get(p.id)) for p in people]


async def person_memberships(*, person_id: int, actor: Actor) -> list[tuple[BodyRow, MemberRow]]:
    await get_person(person_id=person_id, actor=actor)
    records = await db.fetch(_MEMBER_SELECT + " WHERE m.person = $1 ORDER BY m.id", person_id)
    result = []
    for record in records:
        member = _member_row(record)
        body = _body_row(await db.fetchrow(_BODY_SELECT + " WHERE b.id = $1", member.body_id))
        if may_read_body(actor, body):
            result.append((body, member))
    return result


# --------------------------------------------------------------------------
# Station-officer accounts of team heads and secretaries

_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def initial_password() -> str:
    """Twelve random letters and digits in three groups, easy to read aloud."""
    raw = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@dataclass(frozen=True)
class IssuedCredential:
    member_id: int
    full_name: str
    role_title: str
    body_name: str
    username: str
    # Shown once to whoever issued it; only its hash is stored.
    password: str | None
    note: str = ""


async def _free_username(base: str) -> str:
    taken = {
        r["username"]
        for r in await db.fetch(
            "SELECT username FROM user_account WHERE username = $1 OR username LIKE $1 || '-%'",
            base,
        )
    }
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


async def _issue_for_team(body: BodyRow, actor: Actor) -> list[IssuedCredential]:
    issued = []
    members = await list_members(body_id=body.id, actor=actor)
    for member in members:
        if not member.needs_account:
            continue
        if member.account_id is not None:
            if member.account_active:
                continue
            await accounts.set_user_active(user_id=member.account_id, active=True, actor=actor)
            issued.append(
                IssuedCredential(
                    member.id,
                    member.full_name,
                    member.role_title,
                    body.name,
                    member.account_username or "",
                    None,
                    "Đã mở khóa lại tài khoản cũ (mật khẩu không đổi).",
                )
            )
            continue
        suffix = "totruong" if member.role == MemberRole.HEAD else "thuky"
        username = await _free_username(
            f"to.{body.commune_code}.kv{body.polling_area_number:02d}.{suffix}"
        )
        password = initial_password()
        user = await accounts.create_user(
            username=username,
            full_name=member.full_name,
            password=password,
            role=Role.STATION_OFFICER,
            scope_level=ScopeLevel.POLLING_AREA,
            province_code=body.province_code,
            commune_code=body.commune_code,
            polling_area_id=body.polling_area_id,
            actor=actor,
        )
        await db.execute("UPDATE body_member SET account = $2 WHERE id = $1", member.id, user.id)
        await audit.record(
            actor=actor,
            entity_type="election_body",
            entity_id=body.id,
            action="issue_station_account",
            after={"member_id": member.id, "username": username},
            summary=f"{body.name}: cấp tài khoản {username} cho {member.full_name} "
            f"({member.role_title})",
        )
        issued.append(
            IssuedCredential(
                member.id, member.full_name, member.role_title, body.name, username, password
            )
        )
    return issued


async def issue_station_accounts(*, body_id: int, actor: Actor) -> list[IssuedCredential]:
    """Station-officer logins, scoped to the team's polling area, for its head and
    secretary, so that they can submit its tallies. Passwords are returned once."""
    body = await get_body(body_id=body_id, actor=actor)
    _require_manage(actor, body)
    if not body.is_team:
        raise Conflict("Chỉ Tổ trưởng, Thư ký Tổ bầu cử được cấp tài khoản thành viên Tổ bầu cử.")
    async with db.transaction():
        return await _issue_for_team(body, actor)


async def issue_commune_station_accounts(
    *, election_id: int, commune_code: str, polling_area_ids: list[int], actor: Actor
) -> list[IssuedCredential]:
    """Logins for the heads and secretaries of the chosen teams of a commune (an
    explicit choice: each login costs a deliberate, slow password hash)."""
    commune = await geography.get_commune(commune_code)
    require_commune_teams(actor, commune.province_code, commune.code)
    if not polling_area_ids:
        raise RuleViolation(
            Violation("teams_required", "Chọn ít nhất một Tổ bầu cử.", field="polling_area_ids")
        )
    chosen = set(polling_area_ids)
    teams = [
        team
        for team in await list_bodies(
            election_id=election_id, actor=actor, family=BodyFamily.TEAM, commune_code=commune_code
        )
        if team.polling_area_id in chosen
    ]
    issued = []
    async with db.transaction():
        for team in teams:
            issued += await _issue_for_team(team, actor)
    return issued


async def link_member_account(*, member_id: int, username: str, actor: Actor) -> MemberRow:
    """Link an existing station-officer login of the team's polling area."""
    member = await get_member(member_id=member_id, actor=actor)
    body = await get_body(body_id=member.body_id, actor=actor)
    _require_manage(actor, body)
    if not member.active or not member.needs_account:
        raise Conflict("Chỉ Tổ trưởng, Thư ký đang làm nhiệm vụ được gắn tài khoản.")
    user = await accounts.find_user(username=username.strip().lower())
    if user is None:
        raise NotFound(f"Không có tài khoản «{username}».")
    if user.role != Role.STATION_OFFICER or user.polling_area_id != body.polling_area_id:
        raise RuleViolation(
            Violation(
                "account_scope_mismatch",
                "Tài khoản phải có vai trò Thành viên Tổ bầu cử, phạm vi đúng khu vực bỏ phiếu này.",
                field="username",
            )
        )
    other = await db.fetchval(
        "SELECT id FROM body_member WHERE account = $1 AND left_on IS NULL AND id <> $2",
        user.id,
        member_id,
    )
    if other:
        raise Conflict(f"Tài khoản «{user.username}» đã gắn với thành viên khác.")
    async with db.transaction():
        await db.execute("UPDATE body_member SET account = $2 WHERE id = $1", member_id, user.id)
        if not user.is_active:
            await accounts.set_user_active(user_id=user.id, active=True, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="election_body",
            entity_id=body.id,
            action="link_station_account",
            after={"member_id": member_id, "username": user.username},
            summary=f"{body.name}: gắn tài khoản {user.username} cho {member.full_name}",
        )
    return await get_member(member_id=member_id, actor=actor)


# --------------------------------------------------------------------------
# Overview: the forming deadlines on the calendar, and what is in scope


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
class Overview:
    election: ElectionRow
    deadlines: list[DeadlineRow]
    committees: list[BodyRow]
    boards: list[BodyRow]
    communes: list[CommuneTeams]
    conflicts: list[ConflictFlag]
    missing_boards: list[dict[str, Any]]


async def _missing_boards(election_id: int, actor: Actor) -> list[dict[str, Any]]:
    rows = await db.fetch(
        """
        SELECT u.id, u.name, u.province, u.commune, ct.level,
               COALESCE((SELECT array_agg(uc.commune::text) FROM electoral_unit_commune uc
                         WHERE uc.unit = u.id), '{}') AS communes
        FROM electoral_unit u JOIN contest ct ON ct.id = u.contest
        WHERE ct.election = $1 AND NOT EXISTS (SELECT 1 FROM election_body b WHERE b.unit = u.id)
          AND ($2::text IS NULL OR u.province = $2)
        ORDER BY CASE ct.level WHEN 'dbqh' THEN 0 WHEN 'hdnd_tinh' THEN 1 ELSE 2 END, u.commune,
                 u.number
        """,
        election_id,
        None if actor.scope_level == ScopeLevel.NATIONAL else actor.province_code,
    )
    result = []
    for r in rows:
        level = ContestLevel(r["level"])
        if actor.scope_level in (ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA):
            inside = r["commune"] == actor.commune_code or actor.commune_code in r["communes"]
            if not inside or actor.scope_level == ScopeLevel.POLLING_AREA:
                continue
        kind = rules.BOARD_KIND_OF_LEVEL[level]
        result.append(
            {
                "unit_id": r["id"],
                "unit_name": r["name"],
                "level": level,
                "kind": kind,
                "can_form": may_manage_body(
                    actor, kind=kind, province_code=r["province"], commune_code=r["commune"]
                ),
            }
        )
    return result


async def staffing_overview(
    *, election_id: int, actor: Actor, now: dt.datetime | None = None
) -> Overview:
    election = await get_election(election_id=election_id)
    bodies = await list_bodies(election_id=election_id, actor=actor)
    committees = [b for b in bodies if b.family == BodyFamily.COMMITTEE]
    boards = [b for b in bodies if b.family == BodyFamily.BOARD]
    teams = [b for b in bodies if b.family == BodyFamily.TEAM]
    missing_boards = await _missing_boards(election_id, actor)
    communes: list[CommuneTeams] = []
    if actor.scope_level in (ScopeLevel.COMMUNE, ScopeLevel.PROVINCE) or (
        actor.scope_level == ScopeLevel.NATIONAL
    ):
        rows = await db.fetch(
            """
            SELECT c.code, c.name, count(pa.id) AS areas, count(b.id) AS teams,
                   COALESCE(sum((SELECT count(*) FROM body_member m
                                 WHERE m.body = b.id AND m.left_on IS NULL)), 0) AS members
            FROM polling_area pa JOIN commune c ON c.code = pa.commune
            LEFT JOIN election_body b ON b.polling_area = pa.id
            WHERE pa.election = $1 AND ($2::text IS NULL OR c.province = $2)
              AND ($3::text IS NULL OR c.code = $3)
            GROUP BY c.code, c.name ORDER BY c.code
            """,
            election_id,
            None if actor.scope_level == ScopeLevel.NATIONAL else actor.province_code,
            actor.commune_code if actor.scope_level == ScopeLevel.COMMUNE else None,
        )
        problems: Counter[str] = Counter()
        for team in teams:
            if team.commune_code and not (
                team.rule.minimum <= team.member_count <= team.rule.maximum
            ):
                problems[team.commune_code] += 1
        communes = [
            CommuneTeams(
                r["code"], r["name"], r["areas"], r["teams"], r["members"], problems[r["code"]]
            )
            for r in rows
        ]
    calendar = {
        m.code: m
        for m in election_rules.election_calendar(
            election.election_day,
            now=now or dt.datetime.now(dt.UTC),
            voting_opens=election.voting_opens,
        )
    }
    deadlines = []
    areas_without_team = sum(c.areas - c.teams for c in communes)
    for code, family, group, missing in (
        ("D-105", BodyFamily.COMMITTEE, committees, 0),
        ("D-70", BodyFamily.BOARD, boards, len(missing_boards)),
        ("D-43", BodyFamily.TEAM, teams, areas_without_team),
    ):
        if code not in calendar:
            continue
        decided = [b for b in group if b.decision_date is not None]
        late = [
            b
            for b in decided
            if b.decision_date > rules.forming_deadline(b.kind, election.election_day)
        ]
        deadlines.append(
            DeadlineRow(calendar[code], family, len(group), len(decided), len(late), missing)
        )
    conflicts = await list_conflicts(election_id=election_id, actor=actor)
    return Overview(
        election=election,
        deadlines=deadlines,
        committees=committees,
        boards=boards,
        communes=communes,
        conflicts=conflicts,
        missing_boards=missing_boards,
    )


async def commune_teams(
    *, election_id: int, commune_code: str, actor: Actor
) -> list[tuple[dict[str, Any], BodyRow | None, list[Violation]]]:
    """Every polling area of a commune with its team (or None) and the team's problems."""
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise Forbidden("Xã, phường này nằm ngoài phạm vi của bạn.")
    election = await get_election(election_id=election_id)
    areas = await commune_areas(election_id, commune_code)
    bodies = {
        b.polling_area_id: b
        for b in await list_bodies(
            election_id=election_id, actor=actor, family=BodyFamily.TEAM, commune_code=commune_code
        )
    }
    roles = await db.fetch(
        "SELECT m.body, m.role, s.full_name, COALESCE(a.is_active, false) AS has_login "
        "FROM body_member m JOIN staff_person s ON s.id = m.person "
        "JOIN election_body b ON b.id = m.body LEFT JOIN user_account a ON a.id = m.account "
        "WHERE b.election = $1 AND b.commune = $2 "
        "AND b.polling_area IS NOT NULL AND m.left_on IS NULL",
        election_id,
        commune_code,
    )
    by_body: dict[int, list] = {}
    for r in roles:
        by_body.setdefault(r["body"], []).append(r)
    conflicts: dict[int, list[ConflictFlag]] = {}
    for flag in await find_conflicts(election_id=election_id):
        conflicts.setdefault(flag.body_id, []).append(flag)
    result = []
    for area in areas:
        if actor.scope_level == ScopeLevel.POLLING_AREA and area["id"] != actor.polling_area_id:
            continue
        body = bodies.get(area["id"])
        problems: list[Violation] = []
        info = dict(area)
        if body is not None:
            members = by_body.get(body.id, [])
            info["head"] = next((m["full_name"] for m in members if m["role"] == "head"), "")
            info["secretary"] = next(
                (m["full_name"] for m in members if m["role"] == "secretary"), ""
            )
            info["needs_logins"] = any(
                m["role"] in ("head", "secretary") and not m["has_login"] for m in members
            )
            problems = rules.check_body_size(body.kind, len(members))
            problems += rules.check_roles(body.family, [m["role"] for m in members])
            problems += rules.check_body_decision(
                body.kind, body.decision_date, election.election_day
            )
            problems += [f.violation for f in conflicts.get(body.id, [])]
        result.append((info, body, problems))
    return result


async def _flag_conflicts_of_finalized_list(unit_id: int, actor: Actor) -> None:
    await flag_candidate_conflicts(unit_id=unit_id, actor=actor)


structure.on_list_finalized(_flag_conflicts_of_finalized_list)
