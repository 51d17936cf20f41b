"""Use cases of accounts: users, sign-in, sessions and API tokens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election import db
from election.accounts import rules, security, token_cache
from election.accounts.tables import AccessToken, TokenKind, UserAccount
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.errors import Conflict, Forbidden, NotFound, RuleViolation, Unauthenticated

_USER_SELECT = """
    SELECT u.id, u.username, u.full_name, u.role, u.scope_level,
           u.scope_province AS province_code, u.scope_commune AS commune_code,
           u.scope_polling_area AS polling_area_id, u.is_active, u.created_at,
           u.last_login_at, p.name AS province_name, c.name AS commune_name,
           pa.number AS polling_area_number
    FROM user_account u
    LEFT JOIN province p ON p.code = u.scope_province
    LEFT JOIN commune c ON c.code = u.scope_commune
    LEFT JOIN polling_area pa ON pa.id = u.scope_polling_area
"""


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    role: Role
    scope_level: ScopeLevel
    province_code: str | None
    commune_code: str | None
    polling_area_id: int | None
    is_active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None
    province_name: str | None
    commune_name: str | None
    polling_area_number: int | None

    @property
    def scope_label(self) -> str:
        if self.scope_level == ScopeLevel.NATIONAL:
            return "Toàn quốc"
        if self.scope_level == ScopeLevel.PROVINCE:
            return self.province_name or ""
        place = f"{self.commune_name}, {self.province_name}"
        if self.scope_level == ScopeLevel.POLLING_AREA:
            return f"Khu vực bỏ phiếu số {self.polling_area_number}, {place}"
        return place

    def actor(self, request_id: str = "") -> Actor:
        return Actor(
            user_id=self.id,
            username=self.username,
            full_name=self.full_name,
            role=self.role,
            scope_level=self.scope_level,
            province_code=self.province_code,
            commune_code=self.commune_code,
            polling_area_id=self.polling_area_id,
            request_id=request_id,
        )


def _user_row(row) -> UserRow:
    data = dict(row)
    data["role"] = Role(data["role"])
    data["scope_level"] = ScopeLevel(data["scope_level"])
    return UserRow(**data)


def _public(user: UserRow) -> dict:
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
    row = await db.fetchrow(_USER_SELECT + " WHERE u.id = $1", user_id)
    if row is None:
        raise NotFound(f"Không có người dùng số {user_id}.")
    return _user_row(row)


async def find_user(*, username: str) -> UserRow | None:
    row = await db.fetchrow(_USER_SELECT + " WHERE u.username = $1", username)
    return _user_row(row) if row else None


def _may_manage(actor: Actor, *, role: Role, province_code: str | None, commune_code: str | None):
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
    _may_manage(actor, role=role, province_code=province_code, commune_code=commune_code)
    if commune_code is not None:
        province_of_commune = await db.fetchval(
            "SELECT province FROM commune WHERE code = $1", commune_code
        )
        if province_of_commune is None:
            raise NotFound(f"Không có xã, phường, đặc khu mã {commune_code}.")
        if province_of_commune != province_code:
            raise RuleViolation(
                rules.Violation(
                    "scope_mismatch",
                    "Xã, phường đã chọn không thuộc tỉnh đã chọn.",
                    field="commune_code",
                )
            )
    if polling_area_id is not None:
        area_commune = await db.fetchval(
            "SELECT commune FROM polling_area WHERE id = $1", polling_area_id
        )
        if area_commune is None:
            raise NotFound(f"Không có khu vực bỏ phiếu số hiệu {polling_area_id}.")
        if area_commune != commune_code:
            raise RuleViolation(
                rules.Violation(
                    "scope_mismatch",
                    "Khu vực bỏ phiếu đã chọn không thuộc xã, phường đã chọn.",
                    field="polling_area_id",
                )
            )
    if province_code is not None and not await db.fetchval(
        "SELECT 1 FROM province WHERE code = $1", province_code
    ):
        raise NotFound(f"Không có tỉnh, thành phố mã {province_code}.")
    async with db.transaction():
        if await db.fetchval("SELECT 1 FROM user_account WHERE username = $1", username):
            raise Conflict(f"Tên đăng nhập «{username}» đã được dùng.")
        user = UserAccount(
            username=username,
            full_name=full_name,
            password_hash=security.hash_password(password),
            role=role,
            scope_level=scope_level,
            scope_province=province_code,
            scope_commune=commune_code,
            scope_polling_area=polling_area_id,
        )
        await user.save()
        row = await get_user(user_id=user.id)
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user.id,
            action="create",
            after=_public(row),
            summary=f"Tạo tài khoản {username} ({role.label})",
        )
    return row


async def list_users(*, actor: Actor) -> list[UserRow]:
    if actor.role not in (Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF):
        raise Forbidden("Bạn không có quyền xem danh sách tài khoản.")
    rows = await db.fetch(
        _USER_SELECT
        + """
        WHERE ($1::text IS NULL OR u.scope_province = $1)
          AND ($2::text IS NULL OR u.scope_commune = $2)
        ORDER BY u.role, u.username
        """,
        actor.province_code if actor.scope_level != ScopeLevel.NATIONAL else None,
        actor.commune_code if actor.role == Role.COMMUNE_STAFF else None,
    )
    return [_user_row(row) for row in rows]


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
        await UserAccount.update({UserAccount.is_active: active}).where(UserAccount.id == user_id)
        if not active:
            await _revoke_all(user_id)
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


async def change_password(
    *, user_id: int, current_password: str, new_password: str, actor: Actor
) -> None:
    if actor.user_id != user_id:
        raise Forbidden("Chỉ chủ tài khoản được đổi mật khẩu của mình.")
    user = await get_user(user_id=user_id)
    stored = await db.fetchval("SELECT password_hash FROM user_account WHERE id = $1", user_id)
    if not security.verify_password(stored, current_password):
        raise Forbidden("Mật khẩu hiện tại không đúng.")
    violations = rules.check_password(new_password, username=user.username)
    if violations:
        raise RuleViolation(violations)
    async with db.transaction():
        await UserAccount.update(
            {UserAccount.password_hash: security.hash_password(new_password)}
        ).where(UserAccount.id == user_id)
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user_id,
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


async def authenticate(*, username: str, password: str, client_address: str = "") -> UserRow:
    """Check a username and password; lock the account after repeated failures."""
    username = username.strip().lower()
    now = dt.datetime.now(dt.UTC)
    stored = await db.fetchrow(
        "SELECT id, password_hash, is_active, failed_logins, locked_until FROM user_account "
        "WHERE username = $1",
        username,
    )
    # Verify even for unknown users so timing does not reveal which exist.
    ok = security.verify_password(stored["password_hash"] if stored else None, password)
    if stored is None:
        raise Unauthenticated("Tên đăng nhập hoặc mật khẩu không đúng.")
    if stored["locked_until"] is not None and stored["locked_until"] > now:
        raise Unauthenticated(
            "Tài khoản tạm bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau "
            f"{rules.LOCK_MINUTES} phút."
        )
    if not ok:
        failures = stored["failed_logins"] + 1
        locked_until = (
            now + dt.timedelta(minutes=rules.LOCK_MINUTES)
            if failures >= rules.MAX_FAILED_LOGINS
            else None
        )
        await db.execute(
            "UPDATE user_account SET failed_logins = $2, locked_until = $3 WHERE id = $1",
            stored["id"],
            0 if locked_until else failures,
            locked_until,
        )
        raise Unauthenticated("Tên đăng nhập hoặc mật khẩu không đúng.")
    if not stored["is_active"]:
        raise Unauthenticated("Tài khoản đã bị khóa. Liên hệ quản trị viên.")
    new_hash = (
        security.hash_password(password) if security.needs_rehash(stored["password_hash"]) else None
    )
    await db.execute(
        "UPDATE user_account SET failed_logins = 0, locked_until = NULL, last_login_at = $2, "
        "password_hash = COALESCE($3, password_hash) WHERE id = $1",
        stored["id"],
        now,
        new_hash,
    )
    return await get_user(user_id=stored["id"])


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
        await AccessToken(
            token_hash=security.token_digest(token),
            kind=kind,
            account=user.id,
            csrf_token=csrf,
            name=name,
            expires_at=expires_at,
            client_address=client_address[:64],
        ).save()
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


@dataclass(frozen=True)
class ResolvedToken:
    user: UserRow
    kind: TokenKind
    token_hash: str
    expires_at: dt.datetime


async def resolve_token(*, token: str, kind: TokenKind) -> ResolvedToken | None:
    """The user behind a live token of that kind, or None."""
    if not token or len(token) > 200:
        return None
    digest = security.token_digest(token)
    cached = token_cache.TOKENS.get(digest, kind)
    if cached is not None:
        return cached
    row = await db.fetchrow(
        _USER_SELECT.replace("SELECT u.id", "SELECT t.expires_at AS token_expires_at, u.id")
        + """
        JOIN access_token t ON t.account = u.id
        WHERE t.token_hash = $1 AND t.kind = $2 AND t.revoked_at IS NULL
          AND t.expires_at > now() AND u.is_active
        """,
        digest,
        str(kind),
    )
    if row is None:
        return None
    data = dict(row)
    expires_at = data.pop("token_expires_at")
    resolved = ResolvedToken(
        user=_user_row(data), kind=kind, token_hash=digest, expires_at=expires_at
    )
    token_cache.TOKENS.put(resolved)
    return resolved


async def _announce_revocation(*, token_hash: str | None = None, user_id: int | None = None):
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
        revoked = await db.fetchval(
            "UPDATE access_token SET revoked_at = now() WHERE token_hash = $1 "
            "AND revoked_at IS NULL RETURNING kind",
            digest,
        )
        if revoked is not None:
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


async def _revoke_all(user_id: int) -> None:
    await db.execute(
        "UPDATE access_token SET revoked_at = now() WHERE account = $1 AND revoked_at IS NULL",
        user_id,
    )
    await _announce_revocation(user_id=user_id)


async def purge_expired_tokens() -> int:
    status = await db.execute(
        "DELETE FROM access_token WHERE expires_at < now() - interval '30 days'"
    )
    return int(status.split()[-1])
