"""Use cases of accounts: users, sign-in, sessions and API tokens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from election import db
from election.accounts import queries, rules, security, token_cache
from election.accounts.queries import UserRow
from election.accounts.tables import TokenKind
from election.accounts.token_cache import ResolvedToken
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.errors import Conflict, Forbidden, NotFound, RuleViolation, Unauthenticated

__all__ = [
    "IssuedToken",
    "ResolvedToken",
    "UserRow",
    "authenticate",
    "change_password",
    "create_user",
    "current_user",
    "find_user",
    "get_user",
    "issue_token",
    "list_users",
    "resolve_token",
    "revoke_token",
    "set_user_active",
]


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


def _may_manage(
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
    actor: Actor,
) -> UserRow:
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
    _may_manage(actor, role=role, province_code=province_code, commune_code=commune_code)
    await _check_scope_places(**scope)
    async with db.transaction():
        if await queries.username_taken(username=username):
            raise Conflict(f"Tên đăng nhập «{username}» đã được dùng.")
        user_id = await queries.insert_user(
            username=username,
            full_name=full_name,
            password_hash=security.hash_password(password),
            role=role,
            scope_level=scope_level,
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
    _may_manage(
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
            await queries.revoke_user_tokens(user_id=user_id)
            await _announce_revocation(user_id=user_id)
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


async def change_password(*, current_password: str, new_password: str, actor: Actor) -> None:
    """The actor changes their own password (nobody changes another's)."""
    user = await current_user(actor=actor)
    stored = await queries.password_hash_of(user_id=user.id)
    if not security.verify_password(stored, current_password):
        raise Forbidden("Mật khẩu hiện tại không đúng.")
    violations = rules.check_password(new_password, username=user.username)
    if violations:
        raise RuleViolation(violations)
    async with db.transaction():
        await queries.set_password_hash(
            user_id=user.id, password_hash=security.hash_password(new_password)
        )
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user.id,
            action="change_password",
            summary=f"Đổi mật khẩu tài khoản {user.username}",
        )


# --------------------------------------------------------------------------
# Sign-in and tokens


@dataclass(frozen=True)
class IssuedToken:
    token: str
    kind: TokenKind
    csrf_token: str | None
    expires_at: dt.datetime
    user: UserRow


_WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


async def authenticate(*, username: str, password: str) -> UserRow:
    """Check a username and password; lock the account after repeated failures."""
    username = username.strip().lower()
    now = dt.datetime.now(dt.UTC)
    stored = await queries.login_state(username=username)
    # Verify even for unknown users so timing does not reveal which exist.
    ok = security.verify_password(stored.password_hash if stored else None, password)
    if stored is None:
        raise Unauthenticated(_WRONG_CREDENTIALS)
    if stored.locked_until is not None and stored.locked_until > now:
        raise Unauthenticated(
            "Tài khoản tạm bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau "
            f"{rules.LOCK_MINUTES} phút."
        )
    if not ok:
        failures = stored.failed_logins + 1
        locked_until = (
            now + dt.timedelta(minutes=rules.LOCK_MINUTES)
            if failures >= rules.MAX_FAILED_LOGINS
            else None
        )
        await queries.record_failed_login(
            user_id=stored.id,
            failed_logins=0 if locked_until else failures,
            locked_until=locked_until,
        )
        raise Unauthenticated(_WRONG_CREDENTIALS)
    if not stored.is_active:
        raise Unauthenticated("Tài khoản đã bị khóa. Liên hệ quản trị viên.")
    new_hash = (
        security.hash_password(password) if security.needs_rehash(stored.password_hash) else None
    )
    await queries.record_sign_in(user_id=stored.id, signed_in_at=now, new_hash=new_hash)
    return await get_user(user_id=stored.id)


async def issue_token(
    *,
    user: UserRow,
    kind: TokenKind,
    lifetime: dt.timedelta,
    client_address: str = "",
    name: str = "",
    request_id: str = "",
) -> IssuedToken:
    token = security.new_token()
    csrf = security.new_token() if kind == TokenKind.SESSION else None
    expires_at = dt.datetime.now(dt.UTC) + lifetime
    async with db.transaction():
        await queries.insert_token(
            token_hash=security.token_digest(token),
            kind=kind,
            user_id=user.id,
            csrf_token=csrf,
            name=name,
            expires_at=expires_at,
            client_address=client_address[:64],
        )
        await audit.record(
            actor=user.actor(request_id),
            entity_type="user",
            entity_id=user.id,
            action="sign_in" if kind == TokenKind.SESSION else "issue_api_token",
            after={"kind": kind, "expires_at": expires_at, "client_address": client_address},
            summary=f"{user.username} đăng nhập"
            if kind == TokenKind.SESSION
            else f"Cấp mã truy cập API cho {user.username}",
        )
    return IssuedToken(token=token, kind=kind, csrf_token=csrf, expires_at=expires_at, user=user)


async def resolve_token(*, token: str, kind: TokenKind) -> ResolvedToken | None:
    """The user behind a live token of that kind, or None."""
    if not token or len(token) > 200:
        return None
    digest = security.token_digest(token)
    cached = token_cache.TOKENS.get(digest, kind)
    if cached is not None:
        return cached
    user = await queries.live_token_user(token_hash=digest, kind=kind)
    if user is None:
        return None
    resolved = ResolvedToken(
        user=user, kind=kind, token_hash=digest, expires_at=user.token_expires_at
    )
    token_cache.TOKENS.put(resolved)
    return resolved


async def _announce_revocation(
    *, token_hash: str | None = None, user_id: int | None = None
) -> None:
    """Forget the revoked tokens here now, and in every server process once
    the revocation commits (called inside the revoking transaction, whose
    NOTIFY goes out with its commit)."""
    token_cache.TOKENS.forget(token_hash=token_hash, user_id=user_id)
    await db.notify_after_commit(
        token_cache.REVOKED_CHANNEL, {"token_hash": token_hash, "user_id": user_id}
    )


async def revoke_token(*, token: str, actor: Actor) -> None:
    digest = security.token_digest(token)
    async with db.transaction():
        revoked = await queries.revoke_token(token_hash=digest)
        if revoked is None:
            return
        await _announce_revocation(token_hash=digest)
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=actor.user_id,
            action="sign_out" if revoked == TokenKind.SESSION else "revoke_api_token",
            summary=f"{actor.username} đăng xuất"
            if revoked == TokenKind.SESSION
            else f"Thu hồi mã truy cập API của {actor.username}",
        )
