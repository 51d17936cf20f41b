"""Station-officer logins of team heads and secretaries: scoped to the team's
polling area, so that they can enter its tallies; deactivated when they leave
the post."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from election import db
from election.accounts import services as accounts
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.errors import Conflict, NotFound, RuleViolation, Violation
from election.geography import services as geography
from election.staffing.queries import members as queries
from election.staffing.queries.bodies import BodyRow
from election.staffing.queries.members import MemberRow
from election.staffing.services.access import require_commune_teams, require_manage
from election.staffing.services.bodies import get_body, list_bodies
from election.staffing.services.members import get_member, list_members, managed_member
from election.staffing.tables import BodyFamily, MemberRole

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
    taken = set(await queries.usernames_like(base=base))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


async def _reopen(
    body: BodyRow, member: MemberRow, account_id: int, actor: Actor
) -> IssuedCredential:
    """A member whose login was locked gets it back, with its password."""
    await accounts.set_user_active(user_id=account_id, active=True, actor=actor)
    return IssuedCredential(
        member.id,
        member.full_name,
        member.role_title,
        body.name,
        member.account_username or "",
        None,
        "Đã mở khóa lại tài khoản cũ (mật khẩu không đổi).",
    )


async def _create(body: BodyRow, member: MemberRow, actor: Actor) -> IssuedCredential:
    """A new login named after the area and the role, e.g. to.31825.kv07.totruong."""
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
        # Handed over on paper: only good for choosing the officer's own.
        one_time_password=True,
        actor=actor,
    )
    await queries.set_account(member_id=member.id, account_id=user.id)
    await audit.record(
        actor=actor,
        entity_type="election_body",
        entity_id=body.id,
        action="issue_station_account",
        after={"member_id": member.id, "username": username},
        summary=f"{body.name}: cấp tài khoản {username} cho {member.full_name} "
        f"({member.role_title})",
    )
    return IssuedCredential(
        member.id, member.full_name, member.role_title, body.name, username, password
    )


async def _issue_for_team(body: BodyRow, actor: Actor) -> list[IssuedCredential]:
    issued: list[IssuedCredential] = []
    for member in await list_members(body_id=body.id, actor=actor):
        if not member.needs_account:
            continue
        if member.account_id is None:
            issued.append(await _create(body, member, actor))
        elif not member.account_active:
            issued.append(await _reopen(body, member, member.account_id, actor))
    return issued


async def issue_station_accounts(*, body_id: int, actor: Actor) -> list[IssuedCredential]:
    """Station-officer logins, scoped to the team's polling area, for its head and
    secretary, so that they can submit its tallies. Passwords are returned once."""
    body = await get_body(body_id=body_id, actor=actor)
    require_manage(actor, body)
    if not body.is_team:
        raise Conflict("Chỉ Tổ trưởng, Thư ký Tổ bầu cử được cấp tài khoản thành viên Tổ bầu cử.")
    async with db.transaction():
        issued = await _issue_for_team(body, actor)
    return issued


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
    issued: list[IssuedCredential] = []
    async with db.transaction():
        for team in teams:
            issued += await _issue_for_team(team, actor)
    return issued


async def link_member_account(*, member_id: int, username: str, actor: Actor) -> MemberRow:
    """Link an existing station-officer login of the team's polling area."""
    member, body = await managed_member(member_id, actor)
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
    if await queries.account_holder(account_id=user.id, member_id=member_id):
        raise Conflict(f"Tài khoản «{user.username}» đã gắn với thành viên khác.")
    async with db.transaction():
        await queries.set_account(member_id=member_id, account_id=user.id)
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
