"""SQL on the accounts' tables: users, their sign-in state, and their tokens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.accounts.tables import TokenKind
from election.actor import Actor, Role, ScopeLevel
from election.sql import query

# --------------------------------------------------------------------------
# Users


@dataclass(frozen=True)
class UserRow:
    """A user with the names of the places of their scope (never the password hash)."""

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


_USER_COLUMNS = """
    u.id, u.username, u.full_name, u.role, u.scope_level,
    u.scope_province AS province_code, u.scope_commune AS commune_code,
    u.scope_polling_area AS polling_area_id, u.is_active, u.created_at,
    u.last_login_at, p.name AS province_name, c.name AS commune_name,
    pa.number AS polling_area_number
"""

_USER_PLACES = """
    LEFT JOIN province p ON p.code = u.scope_province
    LEFT JOIN commune c ON c.code = u.scope_commune
    LEFT JOIN polling_area pa ON pa.id = u.scope_polling_area
"""


@query(f"SELECT {_USER_COLUMNS} FROM user_account u {_USER_PLACES} WHERE u.id = :user_id")
async def user_by_id(*, user_id: int) -> UserRow | None: ...


@query(f"SELECT {_USER_COLUMNS} FROM user_account u {_USER_PLACES} WHERE u.username = :username")
async def user_by_username(*, username: str) -> UserRow | None: ...


@query(f"""
    SELECT {_USER_COLUMNS} FROM user_account u {_USER_PLACES}
    WHERE (:province_code::text IS NULL OR u.scope_province = :province_code)
      AND (:commune_code::text IS NULL OR u.scope_commune = :commune_code)
    ORDER BY u.role, u.username
""")
async def users_in_scope(
    *, province_code: str | None, commune_code: str | None
) -> list[UserRow]: ...


@dataclass(frozen=True)
class ScopePlacesRow:
    """What the database knows of the places named by a new user's scope."""

    province_exists: bool
    commune_province: str | None
    area_commune: str | None


@query("""
    SELECT EXISTS (SELECT 1 FROM province WHERE code = :province_code) AS province_exists,
           (SELECT province FROM commune WHERE code = :commune_code) AS commune_province,
           (SELECT commune FROM polling_area WHERE id = :polling_area_id) AS area_commune
""")
async def scope_places(
    *, province_code: str | None, commune_code: str | None, polling_area_id: int | None
) -> ScopePlacesRow: ...


@query("SELECT EXISTS (SELECT 1 FROM user_account WHERE username = :username)")
async def username_taken(*, username: str) -> bool: ...


@query("""
    INSERT INTO user_account (username, full_name, password_hash, role, scope_level,
        scope_province, scope_commune, scope_polling_area, is_active, created_at,
        last_login_at, failed_logins, locked_until)
    VALUES (:username, :full_name, :password_hash, :role, :scope_level, :province_code,
        :commune_code, :polling_area_id, true, now(), NULL, 0, NULL)
    RETURNING id
""")
async def insert_user(
    *,
    username: str,
    full_name: str,
    password_hash: str,
    role: Role,
    scope_level: ScopeLevel,
    province_code: str | None,
    commune_code: str | None,
    polling_area_id: int | None,
) -> int: ...


@query("UPDATE user_account SET is_active = :active WHERE id = :user_id")
async def set_active(*, user_id: int, active: bool) -> None: ...


@query("SELECT password_hash FROM user_account WHERE id = :user_id")
async def password_hash_of(*, user_id: int) -> str | None: ...


@query("UPDATE user_account SET password_hash = :password_hash WHERE id = :user_id")
async def set_password_hash(*, user_id: int, password_hash: str) -> None: ...


# --------------------------------------------------------------------------
# Sign-in


@dataclass(frozen=True)
class LoginStateRow:
    id: int
    password_hash: str
    is_active: bool
    failed_logins: int
    locked_until: dt.datetime | None


@query("""
    SELECT id, password_hash, is_active, failed_logins, locked_until
    FROM user_account WHERE username = :username
""")
async def login_state(*, username: str) -> LoginStateRow | None: ...


@query("""
    UPDATE user_account SET failed_logins = :failed_logins, locked_until = :locked_until
    WHERE id = :user_id
""")
async def record_failed_login(
    *, user_id: int, failed_logins: int, locked_until: dt.datetime | None
) -> None: ...


@query("""
    UPDATE user_account SET failed_logins = 0, locked_until = NULL, last_login_at = :signed_in_at,
        password_hash = COALESCE(:new_hash, password_hash)
    WHERE id = :user_id
""")
async def record_sign_in(
    *, user_id: int, signed_in_at: dt.datetime, new_hash: str | None
) -> None: ...


# --------------------------------------------------------------------------
# Tokens


@query("""
    INSERT INTO access_token (token_hash, kind, account, csrf_token, name, created_at,
        expires_at, last_used_at, revoked_at, client_address)
    VALUES (:token_hash, :kind, :user_id, :csrf_token, :name, now(), :expires_at, NULL, NULL,
        :client_address)
""")
async def insert_token(
    *,
    token_hash: str,
    kind: TokenKind,
    user_id: int,
    csrf_token: str | None,
    name: str,
    expires_at: dt.datetime,
    client_address: str,
) -> None: ...


@dataclass(frozen=True)
class TokenUserRow(UserRow):
    """The user behind a live token, with the token's expiry."""

    token_expires_at: dt.datetime


@query(f"""
    SELECT {_USER_COLUMNS}, t.expires_at AS token_expires_at
    FROM user_account u {_USER_PLACES}
    JOIN access_token t ON t.account = u.id
    WHERE t.token_hash = :token_hash AND t.kind = :kind AND t.revoked_at IS NULL
      AND t.expires_at > now() AND u.is_active
""")
async def live_token_user(*, token_hash: str, kind: TokenKind) -> TokenUserRow | None: ...


@query("""
    UPDATE access_token SET revoked_at = now()
    WHERE token_hash = :token_hash AND revoked_at IS NULL
    RETURNING kind
""")
async def revoke_token(*, token_hash: str) -> TokenKind | None: ...


@query("UPDATE access_token SET revoked_at = now() WHERE account = :user_id AND revoked_at IS NULL")
async def revoke_user_tokens(*, user_id: int) -> None: ...
