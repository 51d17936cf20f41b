"""Pure rules about accounts: which scope fits which role, what a valid login looks like."""

from __future__ import annotations

import re

from election.actor import Role, ScopeLevel
from election.errors import Violation

# Which scopes each role may hold. A board serves an electoral unit of a
# province-level contest (ĐBQH, HĐND tỉnh) or of a commune contest (HĐND xã).
ALLOWED_SCOPES: dict[Role, frozenset[ScopeLevel]] = {
    Role.ADMIN: frozenset({ScopeLevel.NATIONAL}),
    Role.PROVINCE_STAFF: frozenset({ScopeLevel.PROVINCE}),
    Role.COMMUNE_STAFF: frozenset({ScopeLevel.COMMUNE}),
    Role.BOARD_MEMBER: frozenset({ScopeLevel.PROVINCE, ScopeLevel.COMMUNE}),
    Role.STATION_OFFICER: frozenset({ScopeLevel.POLLING_AREA}),
    Role.OBSERVER: frozenset(
        {ScopeLevel.NATIONAL, ScopeLevel.PROVINCE, ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA}
    ),
}

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD_LENGTH = 10
# Failed logins in a row before the account is locked for a while.
MAX_FAILED_LOGINS = 10
LOCK_MINUTES = 15


def check_role_scope(
    role: Role,
    scope_level: ScopeLevel,
    *,
    province_code: str | None,
    commune_code: str | None,
    polling_area_id: int | None,
) -> list[Violation]:
    violations: list[Violation] = []
    if scope_level not in ALLOWED_SCOPES[role]:
        allowed = ", ".join(sorted(s.label for s in ALLOWED_SCOPES[role]))
        violations.append(
            Violation(
                "scope_not_allowed_for_role",
                f"Vai trò «{role.label}» chỉ được gán phạm vi: {allowed}.",
                field="scope_level",
            )
        )
    needs = {
        ScopeLevel.NATIONAL: (False, False, False),
        ScopeLevel.PROVINCE: (True, False, False),
        ScopeLevel.COMMUNE: (True, True, False),
        ScopeLevel.POLLING_AREA: (True, True, True),
    }[scope_level]
    given = (province_code is not None, commune_code is not None, polling_area_id is not None)
    names = ("province_code", "commune_code", "polling_area_id")
    labels = ("tỉnh", "xã", "khu vực bỏ phiếu")
    for needed, present, name, label in zip(needs, given, names, labels, strict=True):
        if needed and not present:
            violations.append(
                Violation("scope_incomplete", f"Phạm vi này cần chỉ rõ {label}.", field=name)
            )
        if present and not needed:
            violations.append(
                Violation(
                    "scope_overspecified", f"Phạm vi này không gắn với một {label}.", field=name
                )
            )
    return violations


def check_username(username: str) -> list[Violation]:
    if USERNAME_PATTERN.fullmatch(username):
        return []
    return [
        Violation(
            "username_invalid",
            "Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, "
            "gạch dưới; bắt đầu bằng chữ hoặc số.",
            field="username",
        )
    ]


def check_password(password: str, *, username: str = "") -> list[Violation]:
    violations: list[Violation] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        violations.append(
            Violation(
                "password_too_short",
                f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
                field="password",
            )
        )
    if username and username.lower() in password.lower():
        violations.append(
            Violation(
                "password_contains_username",
                "Mật khẩu không được chứa tên đăng nhập.",
                field="password",
            )
        )
    return violations
