from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.actor import Role, ScopeLevel
from election.schemas import Input, Output, Text


class TokenRequest(Input):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)
    name: str = Field(default="", max_length=100, description="Tên gợi nhớ của ứng dụng dùng mã")


class TokenResponse(Output):
    access_token: str
    token_type: str = "bearer"
    expires_at: dt.datetime


class UserCreate(Input):
    username: str = Field(min_length=3, max_length=64)
    full_name: Text = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=200)
    role: Role
    scope_level: ScopeLevel
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$")
    commune_code: str | None = Field(default=None, pattern=r"^\d{5}$")
    polling_area_id: int | None = Field(default=None, ge=1)


class PasswordChange(Input):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


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
