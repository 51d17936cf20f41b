"""Which scope fits which role; what a username and a password must look like."""

from __future__ import annotations

import pytest

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
