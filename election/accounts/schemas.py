"""Input and output of accounts, shared by the JSON API and the pages."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

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


class UserCreate(Input):
    username: str = Field(min_length=3, max_length=64, title="Tên đăng nhập")
    full_name: Text = Field(min_length=1, max_length=150, title="Họ và tên")
    password: str = Field(min_length=1, max_length=200, title="Mật khẩu ban đầu")
    role: Role = Field(title="Vai trò")
    scope_level: ScopeLevel = Field(title="Phạm vi")
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$", title="Mã tỉnh")
    commune_code: str | None = Field(default=None, pattern=r"^\d{5}$", title="Mã xã")
    polling_area_id: int | None = Field(default=None, ge=1, title="Mã khu vực bỏ phiếu")


class PasswordChange(Input):
    current_password: str = Field(min_length=1, max_length=200, title="Mật khẩu hiện tại")
    new_password: str = Field(min_length=1, max_length=200, title="Mật khẩu mới")


class PasswordReset(Input):
    new_password: str = Field(min_length=1, max_length=200, title="Mật khẩu mới")


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
