"""Input and output of accounts, shared by the JSON API and the pages."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.accounts.tables import TokenKind
from election.actor import Role, ScopeLevel
from election.schemas import Input, Output, Text


class Credentials(Input):
    """A username and password: the sign-in page and the token request."""

    username: str = Field(min_length=1, max_length=64, title="Tên đăng nhập")
    password: str = Field(min_length=1, max_length=200, title="Mật khẩu")


class TokenRequest(Credentials):
    name: str = Field(
        default="",
        max_length=100,
        title="Tên gợi nhớ",
        description="Tên gợi nhớ của ứng dụng dùng mã",
    )


class TokenResponse(Output):
    access_token: str
    token_type: str = "bearer"
    expires_at: dt.datetime


class ScopeIn(Input):
    """A role and a scope, as the pickers post them."""

    role: Role = Field(title="Vai trò")
    scope_level: ScopeLevel = Field(title="Phạm vi")
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$", title="Mã tỉnh")
    commune_code: str | None = Field(default=None, pattern=r"^\d{5}$", title="Mã xã")
    polling_area_id: int | None = Field(default=None, ge=1, title="Khu vực bỏ phiếu")


class UserCreate(ScopeIn):
    """A new account. Its password is for one use: the user must change it at
    first sign-in."""

    username: str = Field(min_length=3, max_length=64, title="Tên đăng nhập")
    full_name: Text = Field(min_length=1, max_length=150, title="Họ và tên")
    password: str = Field(min_length=1, max_length=200, title="Mật khẩu dùng một lần")


class UserUpdate(ScopeIn):
    """An account's name, role and scope, changed by a manager."""

    full_name: Text = Field(min_length=1, max_length=150, title="Họ và tên")


class TokenRevoke(Input):
    token_id: str = Field(
        min_length=64, max_length=64, pattern=r"^[0-9a-f]{64}$", title="Phiên hoặc mã truy cập"
    )


class PasswordChange(Input):
    current_password: str = Field(min_length=1, max_length=200, title="Mật khẩu hiện tại")
    new_password: str = Field(min_length=1, max_length=200, title="Mật khẩu mới")


class PasswordReset(Input):
    """A one-time password set by a manager: its user must change it at next sign-in."""

    new_password: str = Field(min_length=1, max_length=200, title="Mật khẩu dùng một lần")


class UserOut(Output):
    id: int
    username: str
    full_name: str
    role: Role
    scope_level: ScopeLevel
    province_code: str | None
    commune_code: str | None
    polling_area_id: int | None
    is_active: bool
    scope_label: str
    must_change_password: bool
    last_login_at: dt.datetime | None


class TokenOut(Output):
    """A session or API token of a user (never its secret); `id` names it for revocation."""

    id: str
    kind: TokenKind
    kind_label: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    client_address: str
    live: bool


class UserDetailOut(Output):
    user: UserOut
    tokens: list[TokenOut]
