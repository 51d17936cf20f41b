"""Pure rules about accounts: which scope fits which role, what a valid login
looks like, and how failed sign-ins slow the next ones."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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


# --------------------------------------------------------------------------
# Sign-in throttling
#
# Failed sign-ins delay the next attempt, exponentially, under three keys at
# once; nothing ever locks an account. Whoever types wrong passwords for
# someone else's username slows themselves: the account from their address,
# and their address. The account as a whole (from any address) is slowed only
# briefly, and never at an address the account has signed in from before, so
# guessing from many machines cannot keep its user out either.


@dataclass(frozen=True)
class Throttle:
    """How the failures counted under one key delay the next attempt."""

    free_failures: int
    first_delay: dt.timedelta
    longest_delay: dt.timedelta
    # Failures older than this (counted from the latest) are forgotten.
    forget_after: dt.timedelta


# An account from one address: its user mistyping, or someone guessing there.
ACCOUNT_FROM_ADDRESS = Throttle(
    free_failures=5,
    first_delay=dt.timedelta(seconds=2),
    longest_delay=dt.timedelta(minutes=15),
    forget_after=dt.timedelta(hours=1),
)
# One address, whichever accounts: one machine trying many of them. Generous:
# the staff of a whole office may reach the service from one address.
ADDRESS = Throttle(
    free_failures=30,
    first_delay=dt.timedelta(seconds=1),
    longest_delay=dt.timedelta(minutes=5),
    forget_after=dt.timedelta(hours=1),
)
# One account from addresses it never signed in from: guessing spread over
# many machines. Short, so that nobody can keep its user out for long.
ACCOUNT = Throttle(
    free_failures=10,
    first_delay=dt.timedelta(seconds=1),
    longest_delay=dt.timedelta(minutes=1),
    forget_after=dt.timedelta(hours=1),
)
# An address an account signed in from is remembered this long.
KNOWN_ADDRESS_FOR = dt.timedelta(days=90)


def delay_after(throttle: Throttle, failures: int) -> dt.timedelta:
    """The wait before the next attempt after `failures` failures in a row:
    none for the first few, then doubling up to the longest."""
    if failures < throttle.free_failures:
        return dt.timedelta(0)
    doublings = min(failures - throttle.free_failures, 40)
    return min(throttle.first_delay * 2**doublings, throttle.longest_delay)


def wait_left(
    throttle: Throttle, failures: int, last_failure_at: dt.datetime | None, now: dt.datetime
) -> dt.timedelta:
    """How much longer the next attempt must wait (zero when it may go now)."""
    if last_failure_at is None:
        return dt.timedelta(0)
    return max(last_failure_at + delay_after(throttle, failures) - now, dt.timedelta(0))


@dataclass(frozen=True)
class ThrottleKeys:
    """The keys an attempt is counted under (the username as typed: unknown
    usernames are counted like real ones, so the answers never tell them apart)."""

    account_from_address: str
    address: str
    account: str
    # Present when the account has signed in from this address.
    known_address: str

    @property
    def all(self) -> list[str]:
        return [self.account_from_address, self.address, self.account, self.known_address]


def throttle_keys(username: str, address: str) -> ThrottleKeys:
    username, address = username[:64], address[:64]
    return ThrottleKeys(
        account_from_address=f"account-address:{username} {address}",
        address=f"address:{address}",
        account=f"account:{username}",
        known_address=f"known:{username} {address}",
    )


def sign_in_wait(
    keys: ThrottleKeys,
    failures: dict[str, tuple[int, dt.datetime | None]],
    *,
    known_address: bool,
    now: dt.datetime,
) -> dt.timedelta:
    """How long an attempt must wait, given the failures counted under its keys."""
    throttles = [(keys.account_from_address, ACCOUNT_FROM_ADDRESS), (keys.address, ADDRESS)]
    if not known_address:
        throttles.append((keys.account, ACCOUNT))
    waits = [wait_left(throttle, *failures.get(key, (0, None)), now) for key, throttle in throttles]
    return max(waits)


def failure_keys(keys: ThrottleKeys, *, known_address: bool) -> list[tuple[str, Throttle]]:
    """The keys a failed attempt counts under, with their throttles."""
    counted = [(keys.account_from_address, ACCOUNT_FROM_ADDRESS), (keys.address, ADDRESS)]
    if not known_address:
        counted.append((keys.account, ACCOUNT))
    return counted
