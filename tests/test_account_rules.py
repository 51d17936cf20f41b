"""Which scope fits which role; what a username and a password must look like;
how failed sign-ins delay the next attempt."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election.accounts import rules
from election.accounts.rules import check_password, check_role_scope, check_username
from election.actor import Role, ScopeLevel

PLACES = {
    ScopeLevel.NATIONAL: {"province_code": None, "commune_code": None, "polling_area_id": None},
    ScopeLevel.PROVINCE: {"province_code": "96", "commune_code": None, "polling_area_id": None},
    ScopeLevel.COMMUNE: {"province_code": "96", "commune_code": "31825", "polling_area_id": None},
    ScopeLevel.POLLING_AREA: {"province_code": "96", "commune_code": "31825", "polling_area_id": 1},
}

ALLOWED = {
    (Role.ADMIN, ScopeLevel.NATIONAL),
    (Role.PROVINCE_STAFF, ScopeLevel.PROVINCE),
    (Role.COMMUNE_STAFF, ScopeLevel.COMMUNE),
    (Role.BOARD_MEMBER, ScopeLevel.PROVINCE),
    (Role.BOARD_MEMBER, ScopeLevel.COMMUNE),
    (Role.STATION_OFFICER, ScopeLevel.POLLING_AREA),
    (Role.OBSERVER, ScopeLevel.NATIONAL),
    (Role.OBSERVER, ScopeLevel.PROVINCE),
    (Role.OBSERVER, ScopeLevel.COMMUNE),
    (Role.OBSERVER, ScopeLevel.POLLING_AREA),
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("scope", list(ScopeLevel))
def test_each_role_accepts_exactly_its_scopes(role, scope):
    violations = check_role_scope(role, scope, **PLACES[scope])
    assert (not violations) == ((role, scope) in ALLOWED)


def test_a_commune_scope_needs_its_commune():
    violations = check_role_scope(
        Role.COMMUNE_STAFF,
        ScopeLevel.COMMUNE,
        province_code="96",
        commune_code=None,
        polling_area_id=None,
    )
    assert [v.field for v in violations] == ["commune_code"]


def test_a_national_scope_names_no_place():
    violations = check_role_scope(
        Role.ADMIN, ScopeLevel.NATIONAL, province_code="96", commune_code=None, polling_area_id=None
    )
    assert [v.code for v in violations] == ["scope_overspecified"]


@pytest.mark.parametrize(
    ("username", "valid"),
    [
        ("to.kv01", True),
        ("admin", True),
        ("ab", False),
        ("Admin", False),
        ("nguyễn", False),
        (".hidden", False),
        ("a" * 65, False),
    ],
)
def test_usernames_are_plain_lowercase_ascii(username, valid):
    assert (not check_username(username)) == valid


def test_passwords_need_ten_characters_and_not_the_username():
    assert check_password("short") != []
    assert [v.code for v in check_password("quantri-2026-x", username="quantri")] == [
        "password_contains_username"
    ]
    assert check_password("mật-khẩu-đủ-dài") == []


# --------------------------------------------------------------------------
# Sign-in throttling

SECOND = dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(0, 0), (4, 0), (5, 2), (6, 4), (7, 8), (13, 512), (14, 900), (1000, 900)],
)
def test_an_account_at_one_address_waits_double_after_each_failure_up_to_15_minutes(
    failures, seconds
):
    assert rules.delay_after(rules.ACCOUNT_FROM_ADDRESS, failures) == seconds * SECOND


@given(st.integers(min_value=0, max_value=10_000))
def test_no_delay_is_ever_longer_than_its_longest_or_shrinks_with_more_failures(failures):
    for throttle in (rules.ACCOUNT_FROM_ADDRESS, rules.ADDRESS, rules.ACCOUNT):
        delay = rules.delay_after(throttle, failures)
        assert dt.timedelta(0) <= delay <= throttle.longest_delay
        assert rules.delay_after(throttle, failures + 1) >= delay


def test_the_account_as_a_whole_is_never_slowed_for_more_than_a_minute():
    assert rules.ACCOUNT.longest_delay == dt.timedelta(minutes=1)
    assert rules.delay_after(rules.ACCOUNT, 10**6) == dt.timedelta(minutes=1)


def test_the_wait_runs_from_the_last_failure():
    now = dt.datetime(2026, 5, 24, 20, 0, tzinfo=dt.UTC)
    throttle = rules.ACCOUNT_FROM_ADDRESS
    assert rules.wait_left(throttle, 6, now - SECOND, now) == 3 * SECOND
    assert rules.wait_left(throttle, 6, now - 10 * SECOND, now) == dt.timedelta(0)
    assert rules.wait_left(throttle, 6, None, now) == dt.timedelta(0)


def test_an_attempt_waits_for_the_slowest_of_its_keys_and_known_addresses_skip_the_account():
    now = dt.datetime(2026, 5, 24, 20, 0, tzinfo=dt.UTC)
    keys = rules.throttle_keys("to.kv01", "203.0.113.10")
    counts = {keys.account: (11, now), keys.address: (30, now)}
    assert rules.sign_in_wait(keys, counts, known_address=False, now=now) == 2 * SECOND
    assert rules.sign_in_wait(keys, counts, known_address=True, now=now) == SECOND
    assert [k for k, _ in rules.failure_keys(keys, known_address=True)] == [
        keys.account_from_address,
        keys.address,
    ]


def test_keys_name_the_username_as_typed_and_the_address():
    keys = rules.throttle_keys("no.such.user", "198.51.100.7")
    assert keys.account_from_address == "account-address:no.such.user 198.51.100.7"
    assert keys.address == "address:198.51.100.7"
    assert keys.account == "account:no.such.user"
    assert keys.known_address == "known:no.such.user 198.51.100.7"
    assert len(rules.throttle_keys("x" * 500, "y" * 500).account_from_address) <= 200
