"""Who may change and read what in staffing (checked here, with the explicit actor):

- admins: everything;
- province staff: their province's committee and the boards of their
  province's ĐBQH and HĐND tỉnh units; the registry of their province;
- commune staff: their commune's committee, HĐND xã boards and teams; the
  registry of their commune;
- board members, station officers and observers read what lies in their scope.
"""

from __future__ import annotations

from election.actor import Actor, Role, ScopeLevel
from election.errors import Forbidden
from election.staffing.queries.bodies import BodyRow
from election.staffing.tables import BodyKind

PROVINCE_KINDS = frozenset(
    {BodyKind.PROVINCE_COMMITTEE, BodyKind.BOARD_DBQH, BodyKind.BOARD_PROVINCE}
)
# Who reads the registry: it holds personal IDs and phone numbers.
REGISTER_READERS = frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF, Role.OBSERVER})


def may_manage_place(actor: Actor, *, province_code: str, commune_code: str | None) -> bool:
    """Admins manage everywhere, province staff in their province, commune staff
    in their commune; nobody else changes anything."""
    if actor.is_read_only:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.PROVINCE_STAFF:
        return actor.province_code == province_code
    if actor.role == Role.COMMUNE_STAFF:
        return commune_code is not None and actor.commune_code == commune_code
    return False


def may_manage_body(
    actor: Actor, *, kind: BodyKind, province_code: str, commune_code: str | None
) -> bool:
    """A body is managed in its place by the staff of its level: province staff
    the province's committee and boards, commune staff the other bodies."""
    if actor.role == Role.PROVINCE_STAFF and kind not in PROVINCE_KINDS:
        return False
    if actor.role == Role.COMMUNE_STAFF and kind in PROVINCE_KINDS:
        return False
    return may_manage_place(actor, province_code=province_code, commune_code=commune_code)


def may_manage(actor: Actor, body: BodyRow) -> bool:
    return may_manage_body(
        actor, kind=body.kind, province_code=body.province_code, commune_code=body.commune_code
    )


def require_manage(actor: Actor, body: BodyRow) -> None:
    if not may_manage(actor, body):
        raise Forbidden(f"Bạn không có quyền thay đổi {body.name}.")


def require_commune_teams(actor: Actor, province_code: str, commune_code: str) -> None:
    if not may_manage_body(
        actor, kind=BodyKind.TEAM, province_code=province_code, commune_code=commune_code
    ):
        raise Forbidden("Bạn không có quyền thành lập, phân công Tổ bầu cử của xã, phường này.")


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


def committees_to_form(
    actor: Actor, formed: list[BodyRow]
) -> list[tuple[BodyKind, str | None, str | None]]:
    """The committees of the actor's own place not formed yet, that the actor may form."""
    if actor.is_read_only:
        return []
    have = {(b.kind, b.province_code, b.commune_code) for b in formed}
    options: list[tuple[BodyKind, str | None, str | None]] = []
    if actor.role in (Role.ADMIN, Role.PROVINCE_STAFF) and actor.province_code:
        options.append((BodyKind.PROVINCE_COMMITTEE, actor.province_code, None))
    if actor.role == Role.COMMUNE_STAFF and actor.commune_code:
        options.append((BodyKind.COMMUNE_COMMITTEE, actor.province_code, actor.commune_code))
    return [option for option in options if option not in have]


# --------------------------------------------------------------------------
# The staff registry


def may_manage_register(actor: Actor, *, province_code: str, commune_code: str | None) -> bool:
    """A register is managed by whoever manages its place."""
    return may_manage_place(actor, province_code=province_code, commune_code=commune_code)


def require_register(actor: Actor, province_code: str, commune_code: str | None) -> None:
    if not may_manage_register(actor, province_code=province_code, commune_code=commune_code):
        raise Forbidden("Bạn không có quyền thay đổi danh sách nhân sự ở phạm vi này.")


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


def register_shown(
    actor: Actor, province_code: str | None, commune_code: str | None
) -> tuple[str | None, str | None]:
    """The register a page shows: the one asked for, else the actor's own."""
    if province_code:
        return province_code, commune_code or None
    if actor.scope_level == ScopeLevel.NATIONAL:
        return None, None
    if actor.scope_level == ScopeLevel.PROVINCE:
        return actor.province_code, commune_code or None
    return actor.province_code, actor.commune_code
