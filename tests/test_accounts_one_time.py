"""One-time passwords: set by a manager (a new account, a reset), they open
nothing but their own change, by page or by API token, until the user has
chosen a password of their own."""

from __future__ import annotations

import pytest

from election.accounts import services as accounts
from election.accounts.guards import PASSWORD_PENDING_MESSAGE
from election.actor import Role, ScopeLevel
from election.audit import services as audit
from election.demo_data import DEMO_PASSWORD
from election.errors import Forbidden
from tests.builders import BAC_LIEU, CA_MAU, bearer, login_page, make_actor, post_form

ONE_TIME = "mot-lan-duy-nhat"
OWN = "mat-khau-cua-rieng-toi"


async def _new_account(client, username: str) -> int:
    """Created by the ward's staff through the API, as a person would."""
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    response = await client.post(
        "/api/v1/users",
        headers=headers,
        json={
            "username": username,
            "full_name": "Nguyễn Thị Mới",
            "password": ONE_TIME,
            "role": "observer",
            "scope_level": "commune",
            "province_code": CA_MAU,
            "commune_code": BAC_LIEU,
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["must_change_password"] is True
    return response.json()["id"]


async def test_an_api_token_does_nothing_but_change_the_one_time_password(client, demo):
    await _new_account(client, "obs.api.first")
    headers = await bearer(client, "obs.api.first", ONE_TIME)
    for path in ["/api/v1/elections", "/api/v1/users", "/api/v1/geography/provinces"]:
        response = await client.get(path, headers=headers)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["detail"] == PASSWORD_PENDING_MESSAGE
    me = await client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    # Signing in again issues a token (the route is public); it opens no more.
    second = await bearer(client, "obs.api.first", ONE_TIME)
    assert (await client.get("/api/v1/elections", headers=second)).status_code == 403

    response = await client.post(
        "/api/v1/me/password",
        headers=headers,
        json={"current_password": ONE_TIME, "new_password": ONE_TIME},
    )
    assert response.status_code == 422
    assert "phải khác mật khẩu hiện tại" in response.text
    response = await client.post(
        "/api/v1/me/password",
        headers=headers,
        json={"current_password": ONE_TIME, "new_password": OWN},
    )
    assert response.status_code == 204
    assert (await client.get("/api/v1/elections", headers=headers)).status_code == 200
    assert (await client.get("/api/v1/elections", headers=second)).status_code == 401


async def test_the_sign_in_page_leads_to_the_change_and_nowhere_else(client, demo):
    await _new_account(client, "obs.page.first")
    response = await login_page(client, "obs.page.first", ONE_TIME)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/account/password?next=")
    for path in ["/", "/users", "/account", "/voters", "/results", "/staffing"]:
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/account/password"), path
    page = await client.get("/account/password")
    assert page.status_code == 200
    assert "mật khẩu dùng một lần" in page.text
    assert 'href="/structure"' not in page.text  # no navigation while the change is due
    refused = await post_form(client, "/users/1/active", {"active": "0"})
    assert refused.status_code == 303
    assert refused.headers["location"].startswith("/account/password")

    response = await post_form(
        client,
        "/account/password",
        {
            "current_password": ONE_TIME,
            "new_password": OWN,
            "repeat_password": OWN,
            "next": "/",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/")
    assert not response.headers["location"].startswith("/account")
    assert (await client.get("/", follow_redirects=False)).status_code == 200


async def test_a_reset_sets_a_one_time_password_and_ends_every_session(client, demo):
    user_id = await _new_account(client, "obs.forgetful")
    headers = await bearer(client, "obs.forgetful", ONE_TIME)
    await client.post(
        "/api/v1/me/password",
        headers=headers,
        json={"current_password": ONE_TIME, "new_password": OWN},
    )
    assert (await client.get("/api/v1/elections", headers=headers)).status_code == 200

    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    response = await post_form(
        client, f"/users/{user_id}/password", {"new_password": "dat-lai-1-lan"}
    )
    assert response.status_code == 303, response.text
    assert (await client.get("/api/v1/elections", headers=headers)).status_code == 401
    page = await client.get(f"/users/{user_id}")
    assert "Mật khẩu dùng một lần: người dùng phải đổi khi đăng nhập" in page.text

    fresh = await bearer(client, "obs.forgetful", "dat-lai-1-lan")
    response = await client.get("/api/v1/elections", headers=fresh)
    assert response.status_code == 403
    [event] = [
        e
        for e in await audit.history(entity_type="user", entity_id=user_id)
        if e.action == "reset_password"
    ]
    assert event.actor_username == "phuong.baclieu"
    assert "dat-lai" not in str(event.after)


async def test_a_manager_cannot_reset_their_own_password_nor_one_beyond_them(clean_db):
    clerk = await make_actor(Role.COMMUNE_STAFF, username="xa.self")
    with pytest.raises(Forbidden):
        await accounts.reset_password(
            user_id=clerk.user_id or 0, new_password="mot-mat-khau-dai", actor=clerk
        )
    province = await accounts.create_user(
        username="tinh.target",
        full_name="Cán Bộ Tỉnh",
        password="mot-mat-khau-dai",
        role=Role.PROVINCE_STAFF,
        scope_level=ScopeLevel.PROVINCE,
        province_code=CA_MAU,
        actor=await make_actor(Role.ADMIN, username="a.maker"),
    )
    with pytest.raises(Forbidden):
        await accounts.reset_password(user_id=province.id, new_password=None, actor=clerk)
    assert not (await accounts.get_user(user_id=province.id)).must_change_password
