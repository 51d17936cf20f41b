"""Electoral units (Art. 10): creating, changing, reading and deleting them.

ĐBQH and HĐND tỉnh units are unions of whole communes of one province; an
HĐND xã unit is a part of its commune, described by its hamlets.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.elections import rules
from election.elections.queries import candidates as candidate_queries
from election.elections.queries import units as queries
from election.elections.queries.units import CommuneUnit, UnitContest, UnitRow
from election.elections.services import ContestRow, get_contest, get_election
from election.elections.structure.access import may_read, require_manage
from election.elections.structure.integrity import Change, require_change_allowed
from election.elections.tables import ContestLevel
from election.errors import Conflict, NotFound, RuleViolation, Violation
from election.geography import services as geography
from election.text import tidy


async def get_unit(*, unit_id: int, actor: Actor) -> UnitRow:
    unit = await queries.unit(unit_id=unit_id)
    if unit is None or not may_read(
        actor, province_code=unit.province_code, commune_codes=unit.commune_codes
    ):
        raise NotFound(f"Không có đơn vị bầu cử số hiệu {unit_id}.")
    return unit


async def list_units(
    *, contest_id: int, actor: Actor, province_code: str | None = None
) -> list[UnitRow]:
    await get_contest(contest_id=contest_id)
    units = await queries.units_of_contest(contest_id=contest_id, province_code=province_code)
    return [
        u
        for u in units
        if may_read(actor, province_code=u.province_code, commune_codes=u.commune_codes)
    ]


async def unit_contest(*, unit_id: int) -> UnitContest:
    """The level, election and commune of the contest a unit belongs to."""
    contest = await queries.unit_contest(unit_id=unit_id)
    if contest is None:
        raise NotFound(f"Không có đơn vị bầu cử số hiệu {unit_id}.")
    return contest


async def commune_council_units(*, election_id: int, commune_code: str) -> list[CommuneUnit]:
    """The HĐND xã units of a commune in an election, by number."""
    return await queries.commune_council_units(election_id=election_id, commune_code=commune_code)


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


# --------------------------------------------------------------------------
# Saving a unit: checks, then the write


@dataclass(frozen=True)
class UnitPlace:
    level: ContestLevel
    province_code: str
    commune_code: str | None


@dataclass(frozen=True)
class UnitFields:
    """A unit's own columns, normalized."""

    number: int
    name: str
    seats: int
    description: str
    announced_on: dt.date | None


@dataclass(frozen=True)
class UnitResult:
    unit: UnitRow
    warnings: list[Violation]


async def _unit_place(contest: ContestRow, province_code: str | None) -> UnitPlace:
    if contest.level == ContestLevel.NATIONAL_ASSEMBLY:
        if not province_code:
            raise RuleViolation(
                Violation(
                    "unit_province_required",
                    "Đơn vị bầu cử ĐBQH phải thuộc một tỉnh, thành phố.",
                    field="province_code",
                )
            )
        await geography.get_province(province_code)
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


def _check_fields(level: ContestLevel, fields: UnitFields) -> None:
    errors = rules.check_unit_seats(level, fields.seats)
    if fields.number < 1:
        errors.append(
            Violation("unit_number_positive", "Số thứ tự đơn vị phải từ 1 trở lên.", field="number")
        )
    if errors:
        raise RuleViolation(errors)


async def _check_unit_communes(place: UnitPlace, commune_codes: list[str]) -> list[str]:
    """The unit's communes: none for an HĐND xã unit; for the others at least
    one, each of the unit's province (Art. 10)."""
    if place.level == ContestLevel.COMMUNE_COUNCIL:
        if commune_codes and commune_codes != [place.commune_code]:
            raise RuleViolation(
                Violation(
                    "commune_unit_has_no_communes",
                    "Đơn vị bầu cử HĐND cấp xã là một phần của xã; ghi các thôn, tổ dân phố "
                    "trong phần mô tả.",
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
    found = {c.code: c.province_code for c in await geography.commune_places_of(codes)}
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
    """Art. 10: a commune belongs to one unit of a contest."""
    taken = await queries.communes_taken(contest_id=contest_id, codes=codes, unit_id=unit_id)
    if taken:
        names = "; ".join(f"{t.name} (đã thuộc {t.unit_name})" for t in taken)
        raise RuleViolation(
            Violation(
                "commune_in_two_units",
                f"Mỗi xã, phường chỉ thuộc một đơn vị bầu cử của cuộc bầu cử: {names}.",
                "Điều 10",
                "commune_codes",
            )
        )


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
    contest = await get_contest(contest_id=contest_id)
    place = await _unit_place(contest, province_code)
    require_manage(
        actor, level=place.level, province_code=place.province_code, commune_code=place.commune_code
    )
    election = await get_election(election_id=contest.election_id)
    fields = UnitFields(
        number=number,
        name=tidy(name) or f"Đơn vị bầu cử số {number}",
        seats=seats,
        description=unicodedata.normalize("NFC", description).strip(),
        announced_on=announced_on,
    )
    _check_fields(place.level, fields)
    codes = await _check_unit_communes(place, commune_codes or [])
    warnings = rules.check_unit_announced(announced_on, election.election_day)
    async with db.transaction():
        before = None
        if unit_id is not None:
            before = await get_unit(unit_id=unit_id, actor=actor)
            if before.contest_id != contest_id:
                raise NotFound(f"Không có đơn vị bầu cử số hiệu {unit_id} trong cuộc bầu cử này.")
            await require_change_allowed(
                Change.SAVE_UNIT,
                unit_id=before.id,
                election_id=before.election_id,
                list_finalized=before.finalized,
            )
            if before.finalized and before.seats != seats:
                raise Conflict(
                    "Danh sách người ứng cử của đơn vị đã chốt; không thể đổi số đại biểu được bầu."
                )
        unit = await _write_unit(contest_id, place, fields, codes, before, actor)
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit.id,
            action="create" if before is None else "update",
            before=_unit_public(before) if before else None,
            after=_unit_public(unit),
            summary=f"{'Tạo' if before is None else 'Sửa'} {unit.name} ({unit.level.label})",
        )
    return UnitResult(unit=unit, warnings=warnings)


async def _write_unit(
    contest_id: int,
    place: UnitPlace,
    fields: UnitFields,
    codes: list[str],
    before: UnitRow | None,
    actor: Actor,
) -> UnitRow:
    """Insert or update the unit and its communes; the polling areas of the
    communes it gains or loses follow (Art. 11(1))."""
    unit_id = before.id if before else None
    if await queries.unit_number_taken(
        contest_id=contest_id,
        province_code=place.province_code,
        number=fields.number,
        unit_id=unit_id,
    ):
        raise Conflict(f"Đã có đơn vị bầu cử số {fields.number} trong cuộc bầu cử này.")
    await _check_communes_free(contest_id, codes, unit_id)
    unit_id = await queries.save_unit(
        unit_id=unit_id,
        contest_id=contest_id,
        province_code=place.province_code,
        commune_code=place.commune_code,
        **asdict(fields),
    )
    if place.level != ContestLevel.COMMUNE_COUNCIL:
        await queries.delete_unit_communes(unit_id=unit_id)
        await queries.insert_unit_communes(unit_id=unit_id, contest_id=contest_id, codes=codes)
        changed = sorted(set(codes) | set(before.commune_codes if before else []))
        await queries.drop_uncovered_area_units(contest_id=contest_id, codes=changed)
        await queries.give_areas_covering_units(contest_id=contest_id, codes=changed)
    return await get_unit(unit_id=unit_id, actor=actor)


async def delete_unit(*, unit_id: int, actor: Actor) -> None:
    unit = await get_unit(unit_id=unit_id, actor=actor)
    require_manage(
        actor, level=unit.level, province_code=unit.province_code, commune_code=unit.commune_code
    )
    await require_change_allowed(
        Change.DELETE_UNIT,
        unit_id=unit_id,
        election_id=unit.election_id,
        list_finalized=unit.finalized,
    )
    # Struck names (Art. 60) are not counted but still hold the unit.
    if unit.candidate_count or await candidate_queries.unit_has_candidates(unit_id=unit_id):
        raise Conflict("Đơn vị bầu cử đã có người ứng cử; hãy xóa người ứng cử trước.")
    async with db.transaction():
        await queries.delete_unit_areas(unit_id=unit_id)
        await queries.delete_unit_communes(unit_id=unit_id)
        await queries.delete_unit(unit_id=unit_id)
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="delete",
            before=_unit_public(unit),
            summary=f"Xóa {unit.name}",
        )
