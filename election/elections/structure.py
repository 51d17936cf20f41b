"""Use cases of the election structure: electoral units, their communes, candidates.

Who may change what (checked here, with the explicit actor):
- ĐBQH and HĐND tỉnh units and candidates: national admins, and province
  staff of the unit's province;
- HĐND xã units and candidates: the above, and commune staff of the commune;
- everyone signed in reads what lies in their scope; observers only read.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from election import db
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.elections import rules
from election.elections.ballot_order import ballot_sort_key, name_parts
from election.elections.services import get_contest, get_election
from election.elections.tables import ContestLevel, RemovalReason, Sex
from election.errors import Conflict, Forbidden, NotFound, RuleViolation, Violation

# --------------------------------------------------------------------------
# Permissions

# What other domains do when a unit's official candidate list is finalized,
# inside the finalizing transaction. Staffing registers the Art. 27 check at
# import (election.staffing.services): staffing depends on elections, not
# the other way round.
ListFinalized = Callable[[int, Actor], Awaitable[object]]
_LIST_FINALIZED: list[ListFinalized] = []


def on_list_finalized(react: ListFinalized) -> None:
    if react not in _LIST_FINALIZED:
        _LIST_FINALIZED.append(react)


def may_manage(
    actor: Actor, *, level: ContestLevel, province_code: str, commune_code: str | None
) -> bool:
    if actor.is_read_only:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.PROVINCE_STAFF:
        return actor.province_code == province_code
    if actor.role == Role.COMMUNE_STAFF:
        return level == ContestLevel.COMMUNE_COUNCIL and actor.commune_code == commune_code
    return False


def _require_manage(
    actor: Actor, *, level: ContestLevel, province_code: str, commune_code: str | None
):
    if not may_manage(actor, level=level, province_code=province_code, commune_code=commune_code):
        raise Forbidden("Bạn không có quyền thay đổi đơn vị bầu cử, người ứng cử ở phạm vi này.")


def may_read(actor: Actor, *, province_code: str, commune_codes: list[str]) -> bool:
    if actor.scope_level == ScopeLevel.NATIONAL:
        return True
    if actor.province_code != province_code:
        return False
    if actor.scope_level == ScopeLevel.PROVINCE:
        return True
    return actor.commune_code in commune_codes


# --------------------------------------------------------------------------
# Electoral units


@dataclass(frozen=True)
class UnitRow:
    id: int
    contest_id: int
    election_id: int
    level: ContestLevel
    contest_name: str
    province_code: str
    province_name: str
    commune_code: str | None
    commune_name: str | None
    number: int
    name: str
    seats: int
    description: str
    announced_on: dt.date | None
    list_finalized_at: dt.datetime | None
    shortfall_decision: str
    communes: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    candidate_count: int = 0
    polling_area_count: int = 0

    @property
    def level_label(self) -> str:
        return self.level.label

    @property
    def commune_codes(self) -> list[str]:
        if self.commune_code:
            return [self.commune_code]
        return [code for code, _ in self.communes]

    @property
    def area_text(self) -> str:
        """The unit's territory as printed on lists and ballots."""
        if self.level == ContestLevel.COMMUNE_COUNCIL:
            return self.description or (self.commune_name or "")
        return ", ".join(name for _, name in self.communes)

    @property
    def finalized(self) -> bool:
        return self.list_finalized_at is not None


_UNIT_SELECT = """
    SELECT u.id, u.contest AS contest_id, ct.election AS election_id, ct.level,
           ct.name AS contest_name, u.province AS province_code, p.name AS province_name,
           u.commune AS commune_code, c.name AS commune_name, u.number, u.name, u.seats,
           u.description, u.announced_on, u.list_finalized_at, u.shortfall_decision,
           (SELECT count(*) FROM candidate k WHERE k.unit = u.id AND k.removed_on IS NULL)
               AS candidate_count,
           (SELECT count(*) FROM polling_area_unit pu WHERE pu.unit = u.id) AS polling_area_count,
           COALESCE((SELECT json_agg(json_build_array(uc.commune, cc.name) ORDER BY uc.commune)
                     FROM electoral_unit_commune uc JOIN commune cc ON cc.code = uc.commune
                     WHERE uc.unit = u.id), '[]')::text AS communes
    FROM electoral_unit u
    JOIN contest ct ON ct.id = u.contest
    JOIN province p ON p.code = u.province
    LEFT JOIN commune c ON c.code = u.commune
"""


def _unit_row(record) -> UnitRow:
    import json

    data = dict(record)
    data["level"] = ContestLevel(data["level"])
    data["communes"] = [tuple(pair) for pair in json.loads(data["communes"])]
    return UnitRow(**data)


async def get_unit(*, unit_id: int, actor: Actor) -> UnitRow:
    record = await db.fetchrow(_UNIT_SELECT + " WHERE u.id = $1", unit_id)
    if record is None:
        raise NotFound(f"Không có đơn vị bầu cử số hiệu {unit_id}.")
    unit = _unit_row(record)
    if not may_read(actor, province_code=unit.province_code, commune_codes=unit.commune_codes):
        raise NotFound(f"Không có đơn vị bầu cử số hiệu {unit_id}.")
    return unit


async def list_units(
    *, contest_id: int, actor: Actor, province_code: str | None = None
) -> list[UnitRow]:
    await get_contest(contest_id=contest_id)
    records = await db.fetch(
        _UNIT_SELECT
        + " WHERE u.contest = $1 AND ($2::text IS NULL OR u.province = $2) ORDER BY u.province, u.number",
        contest_id,
        province_code,
    )
    units = [_unit_row(r) for r in records]
    return [
        u
        for u in units
        if may_read(actor, province_code=u.province_code, commune_codes=u.commune_codes)
    ]


def _unit_public(unit: UnitRow) -> dict[str, Any]:
    return {
        "contest_id": unit.contest_id,
        "province_code": unit.province_code,
        "commune_code": unit.commune_code,
        "number": unit.number,
        "name": unit.name,
        "seats": unit.seats,
        "description": unit.description,
        "announced_on": unit.announced_on,
        "communes": [code for code, _ in unit.communes],
    }


@dataclass(frozen=True)
class UnitPlace:
    level: ContestLevel
    province_code: str
    commune_code: str | None


async def _unit_place(contest_id: int, province_code: str | None) -> UnitPlace:
    contest = await get_contest(contest_id=contest_id)
    if contest.level == ContestLevel.NATIONAL_ASSEMBLY:
        if not province_code:
            raise RuleViolation(
                Violation(
                    "unit_province_required",
                    "Đơn vị bầu cử ĐBQH phải thuộc một tỉnh, thành phố.",
                    field="province_code",
                )
            )
        if not await db.fetchval("SELECT 1 FROM province WHERE code = $1", province_code):
            raise NotFound(f"Không có tỉnh, thành phố mã {province_code}.")
        return UnitPlace(contest.level, province_code, None)
    assert contest.province_code is not None
    if province_code and province_code != contest.province_code:
        raise RuleViolation(
            Violation(
                "unit_province_mismatch",
                "Đơn vị bầu cử phải thuộc tỉnh của cuộc bầu cử HĐND này.",
                field="province_code",
            )
        )
    return UnitPlace(contest.level, contest.province_code, contest.commune_code)


async def _check_unit_communes(place: UnitPlace, commune_codes: list[str]) -> list[str]:
    if place.level == ContestLevel.COMMUNE_COUNCIL:
        if commune_codes and commune_codes != [place.commune_code]:
            raise RuleViolation(
                Violation(
                    "commune_unit_has_no_communes",
                    "Đơn vị bầu cử HĐND cấp xã là một phần của xã; ghi các thôn, tổ dân phố trong phần mô tả.",
                    field="commune_codes",
                )
            )
        return []
    codes = sorted(set(commune_codes))
    if not codes:
        raise RuleViolation(
            Violation(
                "unit_needs_communes",
                "Đơn vị bầu cử ĐBQH, HĐND tỉnh phải gồm ít nhất một xã, phường, đặc khu.",
                "Điều 10",
                "commune_codes",
            )
        )
    rows = await db.fetch("SELECT code, province FROM commune WHERE code = ANY($1::text[])", codes)
    found = {r["code"]: r["province"] for r in rows}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise NotFound(f"Không có xã, phường, đặc khu mã: {', '.join(unknown)}.")
    outside = [c for c in codes if found[c] != place.province_code]
    if outside:
        raise RuleViolation(
            Violation(
                "commune_outside_province",
                f"Các xã, phường không thuộc tỉnh của đơn vị: {', '.join(outside)}.",
                field="commune_codes",
            )
        )
    return codes


async def _check_communes_free(contest_id: int, codes: list[str], unit_id: int | None) -> None:
    taken = await db.fetch(
        """
        SELECT uc.commune, c.name, u.name AS unit_name FROM electoral_unit_commune uc
        JOIN electoral_unit u ON u.id = uc.unit JOIN commune c ON c.code = uc.commune
        WHERE uc.contest = $1 AND uc.commune = ANY($2::text[]) AND ($3::int IS NULL OR uc.unit <> $3)
        """,
        contest_id,
        codes,
        unit_id,
    )
    if taken:
        names = "; ".join(f"{r['name']} (đã thuộc {r['unit_name']})" for r in taken)
        raise RuleViolation(
            Violation(
                "commune_in_two_units",
                f"Mỗi xã, phường chỉ thuộc một đơn vị bầu cử của cuộc bầu cử: {names}.",
                "Điều 10",
                "commune_codes",
            )
        )


async def _sync_area_units_for_communes(contest_id: int, codes: list[str]) -> None:
    """ĐBQH and HĐND tỉnh units are unions of whole communes, so every polling
    area of a covered commune belongs to the covering unit (Art. 11(1))."""
    await db.execute(
        """
        DELETE FROM polling_area_unit pu USING polling_area pa
        WHERE pu.polling_area = pa.id AND pu.contest = $1 AND pa.commune = ANY($2::text[])
          AND pu.unit NOT IN (SELECT uc.unit FROM electoral_unit_commune uc
                              WHERE uc.contest = $1 AND uc.commune = pa.commune)
        """,
        contest_id,
        codes,
    )
    await db.execute(
        """
        INSERT INTO polling_area_unit (polling_area, contest, unit)
        SELECT pa.id, uc.contest, uc.unit FROM polling_area pa
        JOIN electoral_unit_commune uc ON uc.commune = pa.commune AND uc.contest = $1
        WHERE pa.commune = ANY($2::text[])
        ON CONFLICT (polling_area, contest) DO UPDATE SET unit = EXCLUDED.unit
        """,
        contest_id,
        codes,
    )


@dataclass(frozen=True)
class UnitResult:
    unit: UnitRow
    warnings: list[Violation]


async def save_unit(
    *,
    contest_id: int,
    number: int,
    name: str,
    seats: int,
    actor: Actor,
    unit_id: int | None = None,
    province_code: str | None = None,
    commune_codes: list[str] | None = None,
    description: str = "",
    announced_on: dt.date | None = None,
) -> UnitResult:
    """Create (unit_id None) or change an electoral unit, with the rules of Art. 10."""
    place = await _unit_place(contest_id, province_code)
    _require_manage(
        actor, level=place.level, province_code=place.province_code, commune_code=place.commune_code
    )
    contest = await get_contest(contest_id=contest_id)
    election = await get_election(election_id=contest.election_id)
    name = " ".join(unicodedata.normalize("NFC", name).split()) or f"Đơn vị bầu cử số {number}"
    description = unicodedata.normalize("NFC", description).strip()
    errors = rules.check_unit_seats(place.level, seats)
    if number < 1:
        errors.append(
            Violation("unit_number_positive", "Số thứ tự đơn vị phải từ 1 trở lên.", field="number")
        )
    if errors:
        raise RuleViolation(errors)
    codes = await _check_unit_communes(place, commune_codes or [])
    warnings = rules.check_unit_announced(announced_on, election.election_day)
    async with db.transaction():
        before = None
        if unit_id is not None:
            before = await get_unit(unit_id=unit_id, actor=actor)
            if before.contest_id != contest_id:
                raise NotFound(f"Không có đơn vị bầu cử số hiệu {unit_id} trong cuộc bầu cử này.")
            if before.finalized and before.seats != seats:
                raise Conflict(
                    "Danh sách người ứng cử của đơn vị đã chốt; không thể đổi số đại biểu được bầu."
                )
        duplicate = await db.fetchval(
            "SELECT id FROM electoral_unit WHERE contest = $1 AND province = $2 AND number = $3 "
            "AND ($4::int IS NULL OR id <> $4)",
            contest_id,
            place.province_code,
            number,
            unit_id,
        )
        if duplicate:
            raise Conflict(f"Đã có đơn vị bầu cử số {number} trong cuộc bầu cử này.")
        await _check_communes_free(contest_id, codes, unit_id)
        if unit_id is None:
            unit_id = await db.fetchval(
                """
                INSERT INTO electoral_unit (contest, province, commune, number, name, seats,
                    description, announced_on, shortfall_decision)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '') RETURNING id
                """,
                contest_id,
                place.province_code,
                place.commune_code,
                number,
                name,
                seats,
                description,
                announced_on,
            )
        else:
            await db.execute(
                "UPDATE electoral_unit SET number = $2, name = $3, seats = $4, description = $5, "
                "announced_on = $6 WHERE id = $1",
                unit_id,
                number,
                name,
                seats,
                description,
                announced_on,
            )
        old_codes = (
            before.commune_codes if before and place.level != ContestLevel.COMMUNE_COUNCIL else []
        )
        if place.level != ContestLevel.COMMUNE_COUNCIL:
            await db.execute("DELETE FROM electoral_unit_commune WHERE unit = $1", unit_id)
            async with db.connection() as conn:
                await conn.executemany(
                    "INSERT INTO electoral_unit_commune (unit, commune, contest) VALUES ($1, $2, $3)",
                    [(unit_id, code, contest_id) for code in codes],
                )
            await _sync_area_units_for_communes(contest_id, sorted(set(codes) | set(old_codes)))
        unit = await get_unit(unit_id=unit_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="create" if before is None else "update",
            before=_unit_public(before) if before else None,
            after=_unit_public(unit),
            summary=f"{'Tạo' if before is None else 'Sửa'} {unit.name} ({unit.level.label})",
        )
    return UnitResult(unit=unit, warnings=warnings)


async def delete_unit(*, unit_id: int, actor: Actor) -> None:
    unit = await get_unit(unit_id=unit_id, actor=actor)
    _require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    if unit.candidate_count or await db.fetchval(
        "SELECT 1 FROM candidate WHERE unit = $1", unit_id
    ):
        raise Conflict("Đơn vị bầu cử đã có người ứng cử; hãy xóa người ứng cử trước.")
    async with db.transaction():
        await db.execute("DELETE FROM polling_area_unit WHERE unit = $1", unit_id)
        await db.execute("DELETE FROM electoral_unit_commune WHERE unit = $1", unit_id)
        await db.execute("DELETE FROM electoral_unit WHERE id = $1", unit_id)
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="delete",
            before=_unit_public(unit),
            summary=f"Xóa {unit.name}",
        )


# --------------------------------------------------------------------------
# Candidates


CANDIDATE_FIELDS = (
    "personal_id",
    "full_name",
    "other_name",
    "date_of_birth",
    "sex",
    "hometown",
    "residence",
    "ethnicity",
    "religion",
    "education",
    "qualification",
    "occupation_position",
    "workplace",
    "party_joined",
    "current_deputy",
)


@dataclass(frozen=True)
class CandidateRow:
    id: int
    unit_id: int
    personal_id: str | None
    full_name: str
    other_name: str
    date_of_birth: dt.date
    sex: Sex
    hometown: str
    residence: str
    ethnicity: str
    religion: str
    education: str
    qualification: str
    occupation_position: str
    workplace: str
    party_joined: dt.date | None
    current_deputy: str
    removed_on: dt.date | None
    removal_reason: RemovalReason | None
    removal_decision: str

    @property
    def sex_label(self) -> str:
        return self.sex.label

    @property
    def removed(self) -> bool:
        return self.removed_on is not None

    @property
    def removal_label(self) -> str:
        return self.removal_reason.label if self.removal_reason else ""

    def public(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in CANDIDATE_FIELDS}
        data["unit_id"] = self.unit_id
        return data


_CANDIDATE_SELECT = """
    SELECT id, unit AS unit_id, personal_id, full_name, other_name, date_of_birth, sex, hometown,
           residence, ethnicity, religion, education, qualification, occupation_position,
           workplace, party_joined, current_deputy, removed_on, removal_reason, removal_decision
    FROM candidate
"""


def _candidate_row(record) -> CandidateRow:
    data = dict(record)
    data["sex"] = Sex(data["sex"])
    data["removal_reason"] = (
        RemovalReason(data["removal_reason"]) if data["removal_reason"] else None
    )
    return CandidateRow(**data)


async def list_candidates(
    *, unit_id: int, actor: Actor, include_removed: bool = True
) -> list[CandidateRow]:
    """A unit's candidates in the official ballot order (Art. 57(5))."""
    await get_unit(unit_id=unit_id, actor=actor)
    records = await db.fetch(
        _CANDIDATE_SELECT
        + ' WHERE unit = $1 AND ($2 OR removed_on IS NULL) ORDER BY ballot_sort_key COLLATE "C", id',
        unit_id,
        include_removed,
    )
    return [_candidate_row(r) for r in records]


async def get_candidate(*, candidate_id: int, actor: Actor) -> CandidateRow:
    record = await db.fetchrow(_CANDIDATE_SELECT + " WHERE id = $1", candidate_id)
    if record is None:
        raise NotFound(f"Không có người ứng cử số hiệu {candidate_id}.")
    candidate = _candidate_row(record)
    await get_unit(unit_id=candidate.unit_id, actor=actor)
    return candidate


def normalize_candidate(data: dict[str, Any]) -> dict[str, Any]:
    """NFC, trimmed, single-spaced text; the personal ID as 12 digits or None."""
    clean: dict[str, Any] = {}
    for name in CANDIDATE_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            value = " ".join(unicodedata.normalize("NFC", value).split())
        clean[name] = value
    clean["personal_id"] = clean.get("personal_id") or None
    clean["other_name"] = clean.get("other_name") or ""
    clean["sex"] = Sex(clean["sex"])
    for name in (
        "hometown",
        "residence",
        "education",
        "qualification",
        "occupation_position",
        "workplace",
        "current_deputy",
    ):
        clean[name] = clean.get(name) or ""
    clean["ethnicity"] = clean.get("ethnicity") or "Kinh"
    clean["religion"] = clean.get("religion") or "Không"
    return clean


def _person_key(personal_id: str | None, full_name: str, date_of_birth: dt.date) -> str:
    """Identify a person across lists: the personal ID, else name and birth date."""
    if personal_id:
        return "id:" + personal_id
    given, family, middle = name_parts(full_name)
    return "name:" + " ".join([family, *middle, given]).casefold() + "|" + date_of_birth.isoformat()


async def _other_candidacies(
    election_id: int,
    person: str,
    exclude_id: int | None,
    *,
    personal_id: str | None,
    date_of_birth: dt.date,
) -> list[str]:
    """Levels of the person's other candidacies in the same election.

    The query narrows to the same personal ID or the same birth date (indexed
    columns); the exact person key is compared here.
    """
    rows = await db.fetch(
        """
        SELECT k.id, k.personal_id, k.full_name, k.date_of_birth, ct.level
        FROM candidate k JOIN electoral_unit u ON u.id = k.unit JOIN contest ct ON ct.id = u.contest
        WHERE ct.election = $1 AND k.removed_on IS NULL AND ($2::int IS NULL OR k.id <> $2)
          AND (k.personal_id = $3 OR k.date_of_birth = $4)
        """,
        election_id,
        exclude_id,
        personal_id,
        date_of_birth,
    )
    return [
        r["level"]
        for r in rows
        if _person_key(r["personal_id"], r["full_name"], r["date_of_birth"]) == person
    ]


async def _check_candidate(unit: UnitRow, data: dict[str, Any], candidate_id: int | None) -> None:
    election = await get_election(election_id=unit.election_id)
    violations = rules.check_candidate_age(data["date_of_birth"], election.election_day)
    person = _person_key(data["personal_id"], data["full_name"], data["date_of_birth"])
    others = await _other_candidacies(
        unit.election_id,
        person,
        candidate_id,
        personal_id=data["personal_id"],
        date_of_birth=data["date_of_birth"],
    )
    violations += rules.check_standing_limits([*others, unit.level.value])
    if violations:
        raise RuleViolation(violations)


def _require_open_list(unit: UnitRow) -> None:
    if unit.finalized:
        raise Conflict(
            "Danh sách chính thức của đơn vị đã chốt; chỉ có thể xóa tên người ứng cử theo Điều 60."
        )


async def save_candidate(
    *, unit_id: int, data: dict[str, Any], actor: Actor, candidate_id: int | None = None
) -> CandidateRow:
    unit = await get_unit(unit_id=unit_id, actor=actor)
    _require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    _require_open_list(unit)
    clean = normalize_candidate(data)
    clean["full_name"] = " ".join(clean["full_name"].split())
    if not clean["full_name"]:
        raise RuleViolation(Violation("name_required", "Cần nhập họ và tên.", field="full_name"))
    await _check_candidate(unit, clean, candidate_id)
    sort_key = ballot_sort_key(clean["full_name"], clean["date_of_birth"])
    async with db.transaction():
        before = None
        if candidate_id is None:
            candidate_id = await db.fetchval(
                f"""
                INSERT INTO candidate (unit, {", ".join(CANDIDATE_FIELDS)}, ballot_sort_key)
                VALUES ($1, {", ".join(f"${i}" for i in range(2, len(CANDIDATE_FIELDS) + 2))},
                        ${len(CANDIDATE_FIELDS) + 2})
                RETURNING id
                """,
                unit_id,
                *[clean[name] for name in CANDIDATE_FIELDS],
                sort_key,
            )
        else:
            before = await get_candidate(candidate_id=candidate_id, actor=actor)
            if before.unit_id != unit_id:
                raise NotFound(f"Không có người ứng cử số hiệu {candidate_id} ở đơn vị này.")
            assignments = ", ".join(
                f"{name} = ${i}" for i, name in enumerate(CANDIDATE_FIELDS, start=2)
            )
            await db.execute(
                f"UPDATE candidate SET {assignments}, ballot_sort_key = ${len(CANDIDATE_FIELDS) + 2} WHERE id = $1",
                candidate_id,
                *[clean[name] for name in CANDIDATE_FIELDS],
                sort_key,
            )
        candidate = await get_candidate(candidate_id=candidate_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="candidate",
            entity_id=candidate_id,
            action="create" if before is None else "update",
            before=before.public() if before else None,
            after=candidate.public(),
            summary=f"{'Thêm' if before is None else 'Sửa'} người ứng cử {candidate.full_name} ({unit.name})",
        )
    return candidate


async def delete_candidate(*, candidate_id: int, actor: Actor) -> None:
    candidate = await get_candidate(candidate_id=candidate_id, actor=actor)
    unit = await get_unit(unit_id=candidate.unit_id, actor=actor)
    _require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    _require_open_list(unit)
    async with db.transaction():
        await db.execute("DELETE FROM candidate WHERE id = $1", candidate_id)
        await audit.record(
            actor=actor,
            entity_type="candidate",
            entity_id=candidate_id,
            action="delete",
            before=candidate.public(),
            summary=f"Xóa người ứng cử {candidate.full_name} khỏi danh sách dự kiến ({unit.name})",
        )


async def remove_candidate(
    *,
    candidate_id: int,
    reason: RemovalReason,
    removed_on: dt.date,
    decision: str,
    actor: Actor,
    now: dt.datetime | None = None,
) -> CandidateRow:
    """Art. 60: strike a name from the official list, up to the opening of voting."""
    candidate = await get_candidate(candidate_id=candidate_id, actor=actor)
    unit = await get_unit(unit_id=candidate.unit_id, actor=actor)
    _require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    election = await get_election(election_id=unit.election_id)
    if not unit.finalized:
        raise Conflict("Danh sách chưa chốt: hãy sửa hoặc xóa người ứng cử thay vì xóa tên.")
    if candidate.removed:
        raise Conflict("Người ứng cử này đã bị xóa tên.")
    opening = dt.datetime.combine(
        election.election_day, election.voting_opens, tzinfo=rules.VIETNAM
    )
    moment = now or dt.datetime.now(dt.UTC)
    if moment >= opening or removed_on > election.election_day:
        raise RuleViolation(
            Violation(
                "removal_after_voting_opened",
                "Chỉ được xóa tên người ứng cử trước khi bắt đầu bỏ phiếu.",
                "Điều 60",
            )
        )
    decision = " ".join(unicodedata.normalize("NFC", decision).split())
    if not decision:
        raise RuleViolation(
            Violation(
                "removal_decision_required",
                "Cần ghi số, ngày quyết định xóa tên.",
                "Điều 60",
                "decision",
            )
        )
    async with db.transaction():
        await db.execute(
            "UPDATE candidate SET removed_on = $2, removal_reason = $3, removal_decision = $4 WHERE id = $1",
            candidate_id,
            removed_on,
            reason.value,
            decision,
        )
        after = await get_candidate(candidate_id=candidate_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="candidate",
            entity_id=candidate_id,
            action="remove",
            before={"removed_on": None},
            after={"removed_on": removed_on, "reason": reason, "decision": decision},
            summary=f"Xóa tên {candidate.full_name} khỏi danh sách chính thức ({reason.label})",
        )
    return after


# --------------------------------------------------------------------------
# The unit's list: its report and its finalization


@dataclass(frozen=True)
class ListReport:
    unit: UnitRow
    candidates: list[CandidateRow]
    violations: list[Violation]

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "error"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity != "error"]


async def list_report(*, unit_id: int, actor: Actor) -> ListReport:
    """Every rule of the list: numbers (Art. 57–58), ages, standing limits (Art. 36)."""
    unit = await get_unit(unit_id=unit_id, actor=actor)
    election = await get_election(election_id=unit.election_id)
    candidates = await list_candidates(unit_id=unit_id, actor=actor, include_removed=False)
    violations = rules.check_candidate_count(
        unit.level, unit.seats, len(candidates), shortfall_decision=unit.shortfall_decision
    )
    violations += rules.check_unit_announced(unit.announced_on, election.election_day)
    for candidate in candidates:
        for violation in rules.check_candidate_age(candidate.date_of_birth, election.election_day):
            violations.append(
                Violation(
                    violation.code, f"{candidate.full_name}: {violation.message}", violation.article
                )
            )
        person = _person_key(candidate.personal_id, candidate.full_name, candidate.date_of_birth)
        others = await _other_candidacies(
            unit.election_id,
            person,
            candidate.id,
            personal_id=candidate.personal_id,
            date_of_birth=candidate.date_of_birth,
        )
        for violation in rules.check_standing_limits([*others, unit.level.value]):
            violations.append(
                Violation(
                    violation.code, f"{candidate.full_name}: {violation.message}", violation.article
                )
            )
    return ListReport(unit=unit, candidates=candidates, violations=violations)


async def finalize_list(*, unit_id: int, actor: Actor, shortfall_decision: str = "") -> ListReport:
    """Fix the official list; errors refuse it, warnings are shown with it."""
    unit = await get_unit(unit_id=unit_id, actor=actor)
    _require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    if unit.finalized:
        raise Conflict("Danh sách của đơn vị này đã được chốt.")
    decision = " ".join(unicodedata.normalize("NFC", shortfall_decision).split())
    async with db.transaction():
        if decision:
            await db.execute(
                "UPDATE electoral_unit SET shortfall_decision = $2 WHERE id = $1", unit_id, decision
            )
        report = await list_report(unit_id=unit_id, actor=actor)
        if report.errors:
            raise RuleViolation(
                report.errors, detail="Chưa thể chốt danh sách: " + report.errors[0].message
            )
        await db.execute(
            "UPDATE electoral_unit SET list_finalized_at = now() WHERE id = $1", unit_id
        )
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="finalize_list",
            after={
                "candidates": [c.full_name for c in report.candidates],
                "shortfall_decision": decision,
                "warnings": [w.message for w in report.warnings],
            },
            summary=f"Chốt danh sách chính thức người ứng cử {unit.name}",
        )
        # Art. 27: a candidate may not serve on the unit's board or its teams;
        # staffing flags them in the same transaction.
        for react in _LIST_FINALIZED:
            await react(unit_id, actor)
    return await list_report(unit_id=unit_id, actor=actor)


async def reopen_list(*, unit_id: int, actor: Actor, reason: str) -> UnitRow:
    """Undo a finalization made in error (admins and province staff), with a reason."""
    unit = await get_unit(unit_id=unit_id, actor=actor)
    if actor.role not in (Role.ADMIN, Role.PROVINCE_STAFF):
        raise Forbidden("Chỉ quản trị viên hoặc cán bộ cấp tỉnh được mở lại danh sách đã chốt.")
    _require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    reason = " ".join(unicodedata.normalize("NFC", reason).split())
    if not reason:
        raise RuleViolation(
            Violation("reason_required", "Cần ghi lý do mở lại danh sách.", field="reason")
        )
    if not unit.finalized:
        raise Conflict("Danh sách chưa được chốt.")
    async with db.transaction():
        await db.execute(
            "UPDATE electoral_unit SET list_finalized_at = NULL WHERE id = $1", unit_id
        )
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="reopen_list",
            after={"reason": reason},
            summary=f"Mở lại danh sách người ứng cử {unit.name}: {reason}",
        )
    return await get_unit(unit_id=unit_id, actor=actor)


@dataclass(frozen=True)
class CompositionReport:
    scope_label: str
    composition: rules.ListComposition
    violations: list[Violation]


async def national_list_composition(
    *, contest_id: int, province_code: str | None = None
) -> CompositionReport:
    """Art. 8(2)-(3): women and ethnic minorities on the ĐBQH list, nationally or in a province."""
    contest = await get_contest(contest_id=contest_id)
    rows = await db.fetch(
        """
        SELECT k.sex, k.ethnicity FROM candidate k JOIN electoral_unit u ON u.id = k.unit
        WHERE u.contest = $1 AND k.removed_on IS NULL AND ($2::text IS NULL OR u.province = $2)
        """,
        contest_id,
        province_code,
    )
    composition = rules.list_composition([(r["sex"], r["ethnicity"]) for r in rows])
    violations = (
        rules.check_list_composition(composition)
        if contest.level == ContestLevel.NATIONAL_ASSEMBLY and composition.total
        else []
    )
    label = "Toàn quốc" if province_code is None else province_code
    return CompositionReport(scope_label=label, composition=composition, violations=violations)
