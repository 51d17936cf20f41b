"""Users: their accounts, who may manage whom, and switching an account on or off."""

from __future__ import annotations

from typing import Any

from election import db
from election.accounts import queries, rules, security
from election.accounts.queries import UserRow
from election.accounts.services.tokens import announce_revocation
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.errors import Conflict, Forbidden, NotFound, RuleViolation


def _public(user: UserRow) -> dict[str, Any]:
    """What the audit log keeps of a user (never the password hash)."""
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "scope_level": user.scope_level,
        "province_code": user.province_code,
        "commune_code": user.commune_code,
        "polling_area_id": user.polling_area_id,
        "is_active": user.is_active,
        "change_at_next_sign_in": user.must_change_password,
    }


async def get_user(*, user_id: int) -> UserRow:
    user = await queries.user_by_id(user_id=user_id)
    if user is None:
        raise NotFound(f"Không có người dùng số {user_id}.")
    return user


async def find_user(*, username: str) -> UserRow | None:
    return await queries.user_by_username(username=username)


async def current_user(*, actor: Actor) -> UserRow:
    """The signed-in actor's own account (system actors have none)."""
    if actor.user_id is None:
        raise Forbidden("Thao tác này cần một tài khoản người dùng.")
    return await get_user(user_id=actor.user_id)


def may_manage(
    actor: Actor, *, role: Role, province_code: str | None, commune_code: str | None
) -> None:
    """Admins manage everyone; province staff manage accounts inside their province
    below their own level; commune staff manage station officers and observers of
    their commune."""
    if actor.role == Role.ADMIN:
        return
    if (
        actor.role == Role.PROVINCE_STAFF
        and role not in (Role.ADMIN, Role.PROVINCE_STAFF)
        and province_code is not None
        and actor.covers_province(province_code)
    ):
        return
    if (
        actor.role == Role.COMMUNE_STAFF
        and role in (Role.STATION_OFFICER, Role.OBSERVER)
        and commune_code is not None
        and commune_code == actor.commune_code
    ):
        return
    raise Forbidden("Bạn không có quyền quản lý tài khoản với vai trò và phạm vi này.")


def _check_new_user(
    *,
    username: str,
    full_name: str,
    password: str,
    role: Role,
    scope_level: ScopeLevel,
    province_code: str | None,
    commune_code: str | None,
    polling_area_id: int | None,
) -> None:
    """The rules a new account breaks, all at once."""
    violations = (
        rules.check_username(username)
        + rules.check_password(password, username=username)
        + rules.check_role_scope(
            role,
            scope_level,
            province_code=province_code,
            commune_code=commune_code,
            polling_area_id=polling_area_id,
        )
    )
    if not full_name:
        violations.append(
            rules.Violation("full_name_required", "Cần nhập họ và tên.", field="full_name")
        )
    if violations:
        raise RuleViolation(violations)


async def _check_scope_places(
    *, province_code: str | None, commune_code: str | None, polling_area_id: int | None
) -> None:
    """The scope's places exist and lie inside one another."""
    places = await queries.scope_places(
        province_code=province_code, commune_code=commune_code, polling_area_id=polling_area_id
    )
    if commune_code is not None:
        if places.commune_province is None:
            raise NotFound(f"Không có xã, phường, đặc khu mã {commune_code}.")
        if places.commune_province != province_code:
            raise RuleViolation(
                rules.Violation(
                    "scope_mismatch",
                    "Xã, phường đã chọn không thuộc tỉnh đã chọn.",
                    field="commune_code",
                )
            )
    if polling_area_id is not None:
        if places.area_commune is None:
            raise NotFound(f"Không có khu vực bỏ phiếu số hiệu {polling_area_id}.")
        if places.area_commune != commune_code:
            raise RuleViolation(
                rules.Violation(
                    "scope_mismatch",
                    "Khu vực bỏ phiếu đã chọn không thuộc xã, phường đã chọn.",
                    field="polling_area_id",
                )
            )
    if province_code is not None and not places.province_exists:
        raise NotFound(f"Không có tỉnh, thành phố mã {province_code}.")


async def create_user(
    *,
    username: str,
    full_name: str,
    password: str,
    role: Role,
    scope_level: ScopeLevel,
    province_code: str | None = None,
    commune_code: str | None = None,
    polling_area_id: int | None = None,
    one_time_password: bool = False,
    actor: Actor,
) -> UserRow:
    """A new account. With `one_time_password` (accounts made by a person from
    the pages or the API), its user must change the password at first sign-in."""
    username = username.strip().lower()
    full_name = " ".join(full_name.split())
    scope = {
        "province_code": province_code,
        "commune_code": commune_code,
        "polling_area_id": polling_area_id,
    }
    _check_new_user(
        username=username,
        full_name=full_name,
        password=password,
        role=role,
        scope_level=scope_level,
        **scope,
    )
    may_manage(actor, role=role, province_code=province_code, commune_code=commune_code)
    await _check_scope_places(**scope)
    async with db.transaction():
        if await queries.username_taken(username=username):
            raise Conflict(f"Tên đăng nhập «{username}» đã được dùng.")
        user_id = await queries.insert_user(
            username=username,
            full_name=full_name,
            password_hash=await security.hash_password(password),
            role=role,
            scope_level=scope_level,
            must_change_password=one_time_password,
            **scope,
        )
        user = await get_user(user_id=user_id)
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user_id,
            action="create",
            after=_public(user),
            summary=f"Tạo tài khoản {username} ({role.label})",
        )
        return user


async def list_users(*, actor: Actor) -> list[UserRow]:
    if actor.role not in (Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF):
        raise Forbidden("Bạn không có quyền xem danh sách tài khoản.")
    return await queries.users_in_scope(
        province_code=actor.province_code if actor.scope_level != ScopeLevel.NATIONAL else None,
        commune_code=actor.commune_code if actor.role == Role.COMMUNE_STAFF else None,
    )


async def set_user_active(*, user_id: int, active: bool, actor: Actor) -> UserRow:
    before = await get_user(user_id=user_id)
    may_manage(
        actor,
        role=before.role,
        province_code=before.province_code,
        commune_code=before.commune_code,
    )
    if before.id == actor.user_id and not active:
        raise Conflict("Không thể tự khóa tài khoản của chính mình.")
    async with db.transaction():
        await queries.set_active(user_id=user_id, active=active)
        if not active:
            await queries.revoke_user_tokens(user_id=user_id, keep_token_hash=None)
            await announce_revocation(user_id=user_id)
        after = await get_user(user_id=user_id)
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user_id,
            action="activate" if active else "deactivate",
            before=_public(before),
            after=_public(after),
            summary=("Mở khóa" if active else "Khóa") + f" tài khoản {before.username}",
        )
        return after


async def update_user(
    *,
    user_id: int,
    full_name: str,
    role: Role,
    scope_level: ScopeLevel,
    province_code: str | None = None,
    commune_code: str | None = None,
    polling_area_id: int | None = None,
    actor: Actor,
) -> UserRow:
    """Change an account's name, role and scope. The actor must manage the account
    both as it was and as it becomes (nobody hands out more than they hold);
    nobody changes their own role or scope. Every server process forgets the
    user's cached tokens, so their sessions carry the new role at once."""
    before = await get_user(user_id=user_id)
    may_manage(
        actor,
        role=before.role,
        province_code=before.province_code,
        commune_code=before.commune_code,
    )
    full_name = " ".join(full_name.split())
    scope = {
        "province_code": province_code,
        "commune_code": commune_code,
        "polling_area_id": polling_area_id,
    }
    violations = rules.check_role_scope(role, scope_level, **scope)
    if not full_name:
        violations.append(
            rules.Violation("full_name_required", "Cần nhập họ và tên.", field="full_name")
        )
    if violations:
        raise RuleViolation(violations)
    may_manage(actor, role=role, province_code=province_code, commune_code=commune_code)
    changes_scope = (role, scope_level, province_code, commune_code, polling_area_id) != (
        before.role,
        before.scope_level,
        before.province_code,
        before.commune_code,
        before.polling_area_id,
    )
    if changes_scope and before.id == actor.user_id:
        raise Conflict("Không thể tự đổi vai trò hoặc phạm vi của chính mình.")
    await _check_scope_places(**scope)
    async with db.transaction():
        await queries.update_user(
            user_id=user_id, full_name=full_name, role=role, scope_level=scope_level, **scope
        )
        after = await get_user(user_id=user_id)
        await announce_revocation(user_id=user_id)
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user_id,
            action="update",
            before=_public(before),
            after=_public(after),
            summary=f"Sửa tài khoản {before.username}: {after.role.label}, {after.scope_label}",
        )
        return after
