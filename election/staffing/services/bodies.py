"""Election bodies: forming a committee (a province or a commune), a board (an
electoral unit) or a team (a polling area), and the decision forming it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election import db
from election.actor import Actor, ScopeLevel
from election.audit import services as audit
from election.elections.services import ElectionRow, get_election
from election.errors import Conflict, Forbidden, NotFound, RuleViolation, Violation
from election.geography import services as geography
from election.staffing import rules
from election.staffing.queries import bodies as queries
from election.staffing.queries.bodies import BodyRow
from election.staffing.services.access import (
    may_manage_body,
    may_read_body,
    require_commune_teams,
    require_manage,
)
from election.staffing.services.common import lower_first, province_title, tidy
from election.staffing.tables import BodyFamily, BodyKind


async def get_body(*, body_id: int, actor: Actor) -> BodyRow:
    body = await queries.body(body_id=body_id)
    if body is None or not may_read_body(actor, body):
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
    found = await queries.election_bodies(
        election_id=election_id,
        province_code=None if actor.scope_level == ScopeLevel.NATIONAL else actor.province_code,
        kinds=kinds,
        commune_code=commune_code,
        unit_id=unit_id,
    )
    return [body for body in found if may_read_body(actor, body)]


# --------------------------------------------------------------------------
# Where a new body sits


@dataclass(frozen=True)
class BodyPlace:
    kind: BodyKind
    province_code: str
    commune_code: str | None
    unit_id: int | None
    polling_area_id: int | None
    default_name: str
    default_authority: str


async def _team_place(
    election: ElectionRow, kind: BodyKind | None, polling_area_id: int
) -> BodyPlace:
    """A team serves one polling area; its kind follows the area and the election (Art. 25, 90)."""
    area = await queries.area_place(polling_area_id=polling_area_id)
    if area is None or area.election_id != election.id:
        raise NotFound(f"Không có khu vực bỏ phiếu số hiệu {polling_area_id} trong cuộc bầu cử.")
    kind = kind or rules.default_team_kind(area.kind, election.kind)
    if kind not in rules.TEAM_KINDS:
        raise RuleViolation(
            Violation("kind_needs_team", "Khu vực bỏ phiếu có Tổ bầu cử.", field="kind")
        )
    violations = rules.check_team_kind(kind, area.kind, election.kind)
    if violations:
        raise RuleViolation(violations)
    return BodyPlace(
        kind,
        area.province_code,
        area.commune_code,
        None,
        area.id,
        f"Tổ bầu cử khu vực bỏ phiếu số {area.number}",
        f"Ủy ban nhân dân {lower_first(area.commune_name)}",
    )


async def _board_place(election: ElectionRow, kind: BodyKind | None, unit_id: int) -> BodyPlace:
    """A board serves one electoral unit, of its contest's level (Art. 24)."""
    unit = await queries.unit_place(unit_id=unit_id)
    if unit is None or unit.election_id != election.id:
        raise NotFound(f"Không có đơn vị bầu cử số hiệu {unit_id} trong cuộc bầu cử.")
    board_kind = rules.BOARD_KIND_OF_LEVEL[unit.level]
    if kind is not None and kind != board_kind:
        raise RuleViolation(
            Violation(
                "board_kind_mismatch", f"Đơn vị bầu cử này có {board_kind.label}.", field="kind"
            )
        )
    if board_kind == BodyKind.BOARD_COMMUNE:
        commune = lower_first(unit.commune_name or "")
        body, authority = f"đại biểu HĐND {commune}", f"Ủy ban nhân dân {commune}"
    else:
        province = province_title((await geography.get_province(unit.province_code)).name)
        body = (
            "đại biểu Quốc hội"
            if board_kind == BodyKind.BOARD_DBQH
            else f"đại biểu HĐND {province}"
        )
        authority = f"Ủy ban nhân dân {province}"
    return BodyPlace(
        board_kind,
        unit.province_code,
        unit.commune_code,
        unit.id,
        None,
        f"Ban bầu cử {body} đơn vị bầu cử số {unit.number}",
        authority,
    )


def _committee_of(
    kind: BodyKind, province_code: str, commune_code: str | None, place: str
) -> BodyPlace:
    """A committee is named after its place and formed by the place's Ủy ban nhân dân."""
    return BodyPlace(
        kind,
        province_code,
        commune_code,
        None,
        None,
        f"Ủy ban bầu cử {place}",
        f"Ủy ban nhân dân {place}",
    )


async def _committee_place(
    kind: BodyKind | None, province_code: str | None, commune_code: str | None
) -> BodyPlace:
    """A committee serves a province or a commune (Art. 22)."""
    if kind == BodyKind.COMMUNE_COMMITTEE:
        if not commune_code:
            raise RuleViolation(
                Violation("commune_required", "Cần chọn xã, phường, đặc khu.", field="commune_code")
            )
        commune = await geography.get_commune(commune_code)
        return _committee_of(kind, commune.province_code, commune.code, lower_first(commune.name))
    if kind == BodyKind.PROVINCE_COMMITTEE:
        if not province_code:
            raise RuleViolation(
                Violation("province_required", "Cần chọn tỉnh, thành phố.", field="province_code")
            )
        province = await geography.get_province(province_code)
        return _committee_of(kind, province.code, None, province_title(province.name))
    raise RuleViolation(
        Violation(
            "body_place_required",
            "Ban bầu cử cần một đơn vị bầu cử; Tổ bầu cử cần một khu vực bỏ phiếu.",
            field="kind",
        )
    )


async def body_place(
    election: ElectionRow,
    kind: BodyKind | None,
    *,
    province_code: str | None = None,
    commune_code: str | None = None,
    unit_id: int | None = None,
    polling_area_id: int | None = None,
) -> BodyPlace:
    """Where a new body sits, its kind checked against what it serves."""
    if polling_area_id is not None:
        return await _team_place(election, kind, polling_area_id)
    if unit_id is not None:
        return await _board_place(election, kind, unit_id)
    return await _committee_place(kind, province_code, commune_code)


# --------------------------------------------------------------------------
# Forming and changing


@dataclass(frozen=True)
class BodyResult:
    body: BodyRow
    warnings: list[Violation]


async def insert_body(
    election_id: int,
    place: BodyPlace,
    *,
    name: str = "",
    forming_authority: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    notes: str = "",
) -> int:
    """A body in its place; the default name and authority where none is given."""
    return await queries.insert_body(
        election_id=election_id,
        kind=place.kind,
        name=name or place.default_name,
        province_code=place.province_code,
        commune_code=place.commune_code,
        unit_id=place.unit_id,
        polling_area_id=place.polling_area_id,
        forming_authority=forming_authority or place.default_authority,
        decision_number=decision_number,
        decision_date=decision_date,
        notes=notes,
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
        existing = await queries.body_in_place(
            election_id=election_id,
            unit_id=place.unit_id,
            polling_area_id=place.polling_area_id,
            kind=place.kind,
            province_code=place.province_code,
            commune_code=place.commune_code,
        )
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


async def _check_kind_change(before: BodyRow, kind: BodyKind, election: ElectionRow) -> None:
    """Only a team's kind changes, and only to a kind its area allows (Art. 25(1), 90)."""
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
    require_manage(actor, before)
    election = await get_election(election_id=before.election_id)
    kind = kind or before.kind
    if kind != before.kind:
        await _check_kind_change(before, kind, election)
    warnings = rules.check_body_decision(kind, decision_date, election.election_day)
    async with db.transaction():
        await queries.update_body(
            body_id=body_id,
            kind=kind,
            name=tidy(name) or before.name,
            forming_authority=tidy(forming_authority) or before.forming_authority,
            decision_number=tidy(decision_number),
            decision_date=decision_date,
            notes=tidy(notes),
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


async def delete_body(*, body_id: int, actor: Actor) -> BodyRow:
    """Delete a body nobody has served on; the body as it was."""
    body = await get_body(body_id=body_id, actor=actor)
    require_manage(actor, body)
    if await queries.has_members(body_id=body_id):
        raise Conflict(f"{body.name} đã có thành viên; không thể xóa.")
    async with db.transaction():
        await queries.delete_body(body_id=body_id)
        await audit.record(
            actor=actor,
            entity_type="election_body",
            entity_id=body_id,
            action="delete",
            before=body.public(),
            summary=f"Xóa {body.name}",
        )
    return body


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
        created: list[int] = []
        for area in await queries.commune_areas(election_id=election_id, commune_code=commune_code):
            if area.body_id is not None:
                continue
            place = await body_place(election, None, polling_area_id=area.id)
            created.append(
                await insert_body(
                    election_id,
                    place,
                    forming_authority=authority,
                    decision_number=number,
                    decision_date=decision_date,
                )
            )
        decided: list[int] = []
        if number or decision_date:
            decided = await queries.decide_undecided_teams(
                election_id=election_id,
                commune_code=commune_code,
                decision_number=number,
                decision_date=decision_date,
                forming_authority=authority,
                created=created,
            )
        await audit.record(
            actor=actor,
            entity_type="commune_teams",
            entity_id=f"{election_id}:{commune_code}",
            action="form_teams",
            after={
                "created": created,
                "decided": decided,
                "decision_number": number,
                "decision_date": decision_date,
            },
            summary=f"Thành lập {len(created)} Tổ bầu cử {commune.name}"
            + (f" (quyết định {number})" if number else ""),
        )
    return await list_bodies(
        election_id=election_id, actor=actor, family=BodyFamily.TEAM, commune_code=commune_code
    )
