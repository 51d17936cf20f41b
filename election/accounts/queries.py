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
    # A one-time password is in force: nothing but changing it is allowed.
    must_change_password: bool = False

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
    pa.number AS polling_area_number, u.must_change_password
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
        last_login_at, must_change_password)
    VALUES (:username, :full_name, :password_hash, :role, :scope_level, :province_code,
        :commune_code, :polling_area_id, true, now(), NULL, :must_change_password)
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
    must_change_password: bool,
) -> int: ...


@query("""
    UPDATE user_account SET full_name = :full_name, role = :role, scope_level = :scope_level,
        scope_province = :province_code, scope_commune = :commune_code,
        scope_polling_area = :polling_area_id
    WHERE id = :user_id
""")
async def update_user(
    *,
    user_id: int,
    full_name: str,
    role: Role,
    scope_level: ScopeLevel,
    province_code: str | None,
    commune_code: str | None,
    polling_area_id: int | None,
) -> None: ...


@query("UPDATE user_account SET is_active = :active WHERE id = :user_id")
async def set_active(*, user_id: int, active: bool) -> None: ...


@query("SELECT password_hash FROM user_account WHERE id = :user_id")
async def password_hash_of(*, user_id: int) -> str | None: ...


@query("""
    UPDATE user_account SET password_hash = :password_hash,
        must_change_password = :must_change_password
    WHERE id = :user_id
""")
async def set_password_hash(
    *, user_id: int, password_hash: str, must_change_password: bool
) -> None: ...


# --------------------------------------------------------------------------
# The places a scope picker offers


@dataclass(frozen=True)
class PlaceOption:
    """A province or a commune as a picker lists it."""

    code: str
    name: str


@query("""
    SELECT code, name FROM province
    WHERE :province_code::text IS NULL OR code = :province_code
    ORDER BY name
""")
async def province_options(*, province_code: str | None) -> list[PlaceOption]: ...


@query("""
    SELECT code, name FROM commune
    WHERE province = :province_code AND (:commune_code::text IS NULL OR code = :commune_code)
    ORDER BY name
""")
async def commune_options(*, province_code: str, commune_code: str | None) -> list[PlaceOption]: ...


@dataclass(frozen=True)
class AreaOption:
    """A polling area as a picker lists it: its number and name, and its election."""

    id: int
    number: int
    name: str
    election_name: str


@query("""
    SELECT pa.id, pa.number, pa.name, e.name AS election_name
    FROM polling_area pa JOIN election e ON e.id = pa.election
    WHERE pa.commune = :commune_code
    ORDER BY e.election_day DESC, e.id DESC, pa.number
""")
async def area_options(*, commune_code: str) -> list[AreaOption]: ...


# --------------------------------------------------------------------------
# Sign-in


@dataclass(frozen=True)
class ThrottleCountRow:
    """Failures counted under one key and not forgotten yet (`failures` 0: an address
    the account has signed in from)."""

    key: str
    failures: int
    last_failure_at: dt.datetime | None


@dataclass(frozen=True)
class SignInStateRow:
    """What an attempt to sign in needs: the account if the username exists, the
    failures counted under the attempt's keys, and the database's time."""

    user_id: int | None
    password_hash: str | None
    is_active: bool | None
    counts: list[ThrottleCountRow]
    now: dt.datetime


@query("""
    SELECT u.id AS user_id, u.password_hash, u.is_active,
        COALESCE((SELECT json_agg(json_build_object('key', t.key, 'failures', t.failures,
                                                    'last_failure_at', t.last_failure_at))
                  FROM sign_in_throttle t WHERE t.key = ANY(:keys) AND t.forget_at > now()),
                 '[]')::text AS counts,
        now() AS now
    FROM (SELECT 1) attempt LEFT JOIN user_account u ON u.username = :username
""")
async def sign_in_state(*, username: str, keys: list[str]) -> SignInStateRow: ...


@query("""
    WITH counted AS (
        INSERT INTO sign_in_throttle AS t (key, failures, last_failure_at, forget_at)
        SELECT key, 1, now(), now() + forget_after
        FROM unnest(:keys::text[], :forget_after::interval[]) AS failed(key, forget_after)
        ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN t.forget_at > now() THEN t.failures + 1 ELSE 1 END,
            last_failure_at = now(), forget_at = EXCLUDED.forget_at
    ),
    forgotten AS (
        DELETE FROM sign_in_throttle WHERE key IN (
            SELECT key FROM sign_in_throttle
            WHERE forget_at < now() AND key <> ALL(:keys::text[])
            ORDER BY forget_at LIMIT 100)
    )
    SELECT 1
""")
async def record_failed_sign_in(*, keys: list[str], forget_after: list[dt.timedelta]) -> None: ...


@query("""
    WITH cleared AS (
        DELETE FROM sign_in_throttle WHERE key = :account_from_address
    ),
    known AS (
        INSERT INTO sign_in_throttle (key, failures, last_failure_at, forget_at)
        VALUES (:known_address, 0, NULL, now() + :remember::interval)
        ON CONFLICT (key) DO UPDATE SET forget_at = EXCLUDED.forget_at
    )
    UPDATE user_account SET last_login_at = now(),
        password_hash = COALESCE(:new_hash, password_hash)
    WHERE id = :user_id
""")
async def record_sign_in(
    *,
    user_id: int,
    new_hash: str | None,
    account_from_address: str,
    known_address: str,
    remember: dt.timedelta,
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


_LONG_PAST = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class TokenUserRow(UserRow):
    """The user behind a live token, with the token's expiry (always read; the
    default, long past, only satisfies the dataclass)."""

    token_expires_at: dt.datetime = _LONG_PAST


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


@query("""
    UPDATE access_token SET revoked_at = now()
    WHERE account = :user_id AND revoked_at IS NULL
      AND token_hash IS DISTINCT FROM :keep_token_hash
""")
async def revoke_user_tokens(*, user_id: int, keep_token_hash: str | None) -> None: ...


@dataclass(frozen=True)
class TokenRow:
    """A session or API token of a user, as their managers see it (never the secret;
    `token_hash` names it for revocation)."""

    token_hash: str
    kind: TokenKind
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    client_address: str
    live: bool


@query("""
    SELECT token_hash, kind, name, created_at, expires_at, revoked_at, client_address,
        (revoked_at IS NULL AND expires_at > now()) AS live
    FROM access_token WHERE account = :user_id
    ORDER BY created_at DESC, token_hash LIMIT :limit
""")
async def tokens_of_user(*, user_id: int, limit: int) -> list[TokenRow]: ...


@query("""
    UPDATE access_token SET revoked_at = now()
    WHERE token_hash = :token_hash AND account = :user_id AND revoked_at IS NULL
    RETURNING kind
""")
async def revoke_token_of_user(*, user_id: int, token_hash: str) -> TokenKind | None: ...
