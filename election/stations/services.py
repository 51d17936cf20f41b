"""Use cases of polling areas: fixing them per commune, their units, their warnings.

Commune staff manage their commune's areas, province staff their province's,
admins all. The ĐBQH and HĐND tỉnh units of an area follow from its commune
(those units are unions of whole communes); the HĐND xã unit is chosen,
since those units are parts of the commune (Art. 11(1)).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import asdict, dataclass

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.elections import services as elections
from election.elections import structure
from election.elections.structure import integrity
from election.elections.tables import ContestLevel
from election.errors import Conflict, Forbidden, NotFound, RuleViolation, Violation
from election.geography import services as geography
from election.geography.services import CommuneRow
from election.stations import queries, rules
from election.stations.queries import PollingAreaRow
from election.stations.tables import PollingAreaKind
from election.text import tidy


def may_manage(actor: Actor, commune_code: str, province_code: str) -> bool:
    """Staff manage the areas of the communes in their scope; observers only read."""
    return actor.manages_commune(commune_code, province_code)


def _require_manage(actor: Actor, commune_code: str, province_code: str) -> None:
    if not may_manage(actor, commune_code, province_code):
        raise Forbidden("Bạn không có quyền thay đổi khu vực bỏ phiếu của xã, phường này.")


async def get_polling_area(*, polling_area_id: int, actor: Actor) -> PollingAreaRow:
    area = await queries.polling_area(polling_area_id=polling_area_id)
    if area is None or not actor.covers_polling_area(
        area.id, area.commune_code, area.province_code
    ):
        raise NotFound(f"Không có khu vực bỏ phiếu số hiệu {polling_area_id}.")
    return area


async def list_polling_areas(
    *, election_id: int, commune_code: str, actor: Actor
) -> list[PollingAreaRow]:
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise Forbidden("Xã, phường này nằm ngoài phạm vi của bạn.")
    await elections.get_election(election_id=election_id)
    areas = await queries.polling_areas_of_commune(
        election_id=election_id, commune_code=commune_code
    )
    return [a for a in areas if actor.covers_polling_area(a.id, a.commune_code, a.province_code)]


async def area_counts(*, election_id: int, commune_codes: list[str]) -> dict[str, int]:
    """How many polling areas each commune has fixed for the election."""
    counts = await queries.area_counts(election_id=election_id, commune_codes=commune_codes)
    return {c.commune_code: c.areas for c in counts}


# --------------------------------------------------------------------------
# Saving an area


@dataclass(frozen=True)
class AreaResult:
    area: PollingAreaRow
    warnings: list[Violation]


@dataclass(frozen=True)
class _AreaFields:
    """An area's own columns, normalized."""

    number: int
    name: str
    station_address: str
    kind: PollingAreaKind
    planned_voters: int
    early_voting_date: dt.date | None
    decided_on: dt.date | None
    notes: str


def _check_fields(fields: _AreaFields, election_day: dt.date) -> None:
    errors = rules.check_early_voting(fields.early_voting_date, election_day)
    if fields.number < 1:
        errors.append(
            Violation(
                "area_number_positive", "Số khu vực bỏ phiếu phải từ 1 trở lên.", field="number"
            )
        )
    if fields.planned_voters < 0:
        errors.append(
            Violation(
                "planned_voters_negative",
                "Số cử tri dự kiến không được âm.",
                field="planned_voters",
            )
        )
    if errors:
        raise RuleViolation(errors)


async def _commune_unit(election_id: int, commune_code: str, unit_id: int | None) -> int | None:
    """Check that an HĐND xã unit belongs to this commune's contest."""
    if unit_id is None:
        return None
    contest = await structure.unit_contest(unit_id=unit_id)
    if (
        contest.level != ContestLevel.COMMUNE_COUNCIL
        or contest.election_id != election_id
        or contest.commune_code != commune_code
    ):
        raise RuleViolation(
            Violation(
                "area_unit_inconsistent",
                "Đơn vị bầu cử HĐND cấp xã của khu vực bỏ phiếu phải thuộc cuộc bầu cử HĐND "
                "của chính xã, phường đó.",
                "Điều 11 khoản 1",
                "commune_unit_id",
            )
        )
    return unit_id


async def save_polling_area(
    *,
    election_id: int,
    commune_code: str,
    number: int,
    name: str,
    actor: Actor,
    polling_area_id: int | None = None,
    station_address: str = "",
    kind: PollingAreaKind = PollingAreaKind.ORDINARY,
    planned_voters: int = 0,
    early_voting_date: dt.date | None = None,
    decided_on: dt.date | None = None,
    notes: str = "",
    commune_unit_id: int | None = None,
    now: dt.datetime | None = None,
) -> AreaResult:
    """Create (id None) or change a polling area of a commune for an election,
    before voting opens (the election's clock, or `now`)."""
    commune = await geography.get_commune(commune_code)
    _require_manage(actor, commune.code, commune.province_code)
    election = await elections.get_election(election_id=election_id)
    await integrity.require_before_voting(
        "tạo hoặc sửa khu vực bỏ phiếu", election_id=election_id, article="Điều 11, 69", now=now
    )
    fields = _AreaFields(
        number=number,
        name=tidy(name) or f"Khu vực bỏ phiếu số {number}",
        station_address=tidy(station_address),
        kind=PollingAreaKind(kind),
        planned_voters=planned_voters,
        early_voting_date=early_voting_date,
        decided_on=decided_on,
        notes=unicodedata.normalize("NFC", notes).strip(),
    )
    _check_fields(fields, election.election_day)
    unit_id = await _commune_unit(election_id, commune_code, commune_unit_id)
    async with db.transaction():
        before = None
        if polling_area_id is not None:
            before = await get_polling_area(polling_area_id=polling_area_id, actor=actor)
            if before.election_id != election_id or before.commune_code != commune_code:
                raise NotFound(f"Không có khu vực bỏ phiếu số hiệu {polling_area_id} ở xã này.")
            await integrity.require_area_unchanged(
                integrity.Change.SAVE_AREA, polling_area_id=polling_area_id
            )
        area = await _write_area(election_id, commune, polling_area_id, fields, unit_id, actor)
        await audit.record(
            actor=actor,
            entity_type="polling_area",
            entity_id=area.id,
            action="create" if before is None else "update",
            before=before.public() if before else None,
            after=area.public(),
            summary=f"{'Tạo' if before is None else 'Sửa'} khu vực bỏ phiếu số {number}, "
            f"{commune.name}",
        )
    return AreaResult(area=area, warnings=area.warnings)


async def _write_area(
    election_id: int,
    commune: CommuneRow,
    polling_area_id: int | None,
    fields: _AreaFields,
    unit_id: int | None,
    actor: Actor,
) -> PollingAreaRow:
    """Insert or update the area, then its units: derived ones and the chosen HĐND xã unit."""
    if await queries.area_number_taken(
        election_id=election_id,
        commune_code=commune.code,
        number=fields.number,
        polling_area_id=polling_area_id,
    ):
        raise Conflict(f"Đã có khu vực bỏ phiếu số {fields.number} ở {commune.name}.")
    polling_area_id = await queries.save_area(
        polling_area_id=polling_area_id,
        election_id=election_id,
        commune_code=commune.code,
        **asdict(fields),
    )
    place = {
        "polling_area_id": polling_area_id,
        "election_id": election_id,
        "commune_code": commune.code,
    }
    await queries.drop_uncovering_units(**place)
    await queries.give_covering_units(**place)
    if unit_id is None:
        await queries.clear_commune_unit(**place)
    else:
        await queries.set_commune_unit(**place, unit_id=unit_id)
    return await get_polling_area(polling_area_id=polling_area_id, actor=actor)


async def delete_polling_area(
    *, polling_area_id: int, actor: Actor, now: dt.datetime | None = None
) -> None:
    area = await get_polling_area(polling_area_id=polling_area_id, actor=actor)
    _require_manage(actor, area.commune_code, area.province_code)
    await integrity.require_before_voting(
        "xóa khu vực bỏ phiếu", election_id=area.election_id, article="Điều 11, 69", now=now
    )
    await integrity.require_area_unchanged(
        integrity.Change.DELETE_AREA, polling_area_id=polling_area_id
    )
    if area.listed_voters:
        raise Conflict("Khu vực bỏ phiếu đã có cử tri trong danh sách; không thể xóa.")
    if await queries.area_has_accounts(polling_area_id=polling_area_id):
        raise Conflict(
            "Khu vực bỏ phiếu đang gắn với tài khoản của Tổ bầu cử; "
            "hãy chuyển hoặc khóa tài khoản trước."
        )
    async with db.transaction():
        await queries.delete_area(polling_area_id=polling_area_id)
        await audit.record(
            actor=actor,
            entity_type="polling_area",
            entity_id=polling_area_id,
            action="delete",
            before=area.public(),
            summary=f"Xóa khu vực bỏ phiếu số {area.number}, {area.commune_name}",
        )


# --------------------------------------------------------------------------
# Areas without a unit


@dataclass(frozen=True)
class MembershipGap:
    area_number: int
    level: ContestLevel
    message: str


async def membership_gaps(
    *, election_id: int, commune_code: str, actor: Actor
) -> list[MembershipGap]:
    """Contests of the commune for which an area has no unit yet (Art. 11(1))."""
    commune = await geography.get_commune(commune_code)
    levels = await elections.levels_covering_commune(
        election_id=election_id, province_code=commune.province_code, commune_code=commune_code
    )
    areas = await list_polling_areas(
        election_id=election_id, commune_code=commune_code, actor=actor
    )
    return [
        MembershipGap(
            area.number,
            level,
            f"Khu vực bỏ phiếu số {area.number} chưa thuộc đơn vị bầu cử nào của cuộc bầu cử "
            f"{level.label}.",
        )
        for area in areas
        for level in levels
        if area.unit_for(level) is None
    ]
