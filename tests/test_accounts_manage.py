"""Managing accounts: scope limited to the manager's own, forged roles and
scopes refused, edits of role and scope, token revocation, and the audit trail.

The one-time password and its forced change are in test_accounts_one_time.py.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from election import db
from election.accounts import queries, security, token_cache
from election.accounts import services as accounts
from election.accounts.tables import TokenKind
from election.actor import Role, ScopeLevel
from election.audit import services as audit
from election.demo_data import DEMO_PASSWORD
from election.errors import Conflict, Forbidden, NotFound
from tests.builders import (
    BAC_LIEU,
    CA_MAU,
    HA_NOI,
    HOAN_KIEM,
    PASSWORD,
    bearer,
    login_page,
    make_actor,
    make_user,
    post_form,
)


async def _exists(username: str) -> bool:
    return await queries.username_taken(username=username)


# --------------------------------------------------------------------------
# A province staffer creates inside their province, never an administrator


async def test_a_province_staffer_creates_accounts_inside_their_province_only(clean_db):
    staffer = await make_actor(Role.PROVINCE_STAFF, username="tinh.staff")
    created = await accounts.create_user(
        username="xa.moi",
        full_name="Trần Văn Mới",
        password=PASSWORD,
        role=Role.COMMUNE_STAFF,
        scope_level=ScopeLevel.COMMUNE,
        province_code=CA_MAU,
        commune_code=BAC_LIEU,
        one_time_password=True,
        actor=staffer,
    )
    assert created.must_change_password
    forged = [
        # An administrator, the staffer's own level, or a place in another province.
        (Role.ADMIN, ScopeLevel.NATIONAL, None, None),
        (Role.PROVINCE_STAFF, ScopeLevel.PROVINCE, CA_MAU, None),
        (Role.OBSERVER, ScopeLevel.NATIONAL, None, None),
        (Role.COMMUNE_STAFF, ScopeLevel.COMMUNE, HA_NOI, HOAN_KIEM),
    ]
    for n, (role, level, province, commune) in enumerate(forged):
        with pytest.raises(Forbidden):
            await accounts.create_user(
                username=f"forged{n}",
                full_name="Kẻ Giả Mạo",
                password=PASSWORD,
                role=role,
                scope_level=level,
                province_code=province,
                commune_code=commune,
                actor=staffer,
            )
        assert not await _exists(f"forged{n}")


async def test_a_forged_role_or_scope_posted_to_the_page_creates_nothing(client, demo):
    await login_page(client, "tinh.camau", DEMO_PASSWORD)
    base = {"full_name": "Kẻ Giả Mạo", "password": "mot-mat-khau-dai"}
    forged = [
        {"username": "forged.admin", "role": "admin", "scope_level": "national"},
        {
            "username": "forged.hanoi",
            "role": "commune_staff",
            "scope_level": "commune",
            "province_code": HA_NOI,
            "commune_code": HOAN_KIEM,
        },
        {
            # Cà Mau's code with a commune of Hà Nội: the place check refuses it.
            "username": "forged.mixed",
            "role": "commune_staff",
            "scope_level": "commune",
            "province_code": CA_MAU,
            "commune_code": HOAN_KIEM,
        },
    ]
    for fields in forged:
        response = await post_form(client, "/users", {**base, **fields})
        assert 400 <= response.status_code < 500, response.text
        assert "Bạn không có quyền" in response.text or "không thuộc tỉnh" in response.text
        assert not await _exists(fields["username"])


async def test_a_forged_api_body_creates_nothing(client, demo):
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    response = await client.post(
        "/api/v1/users",
        headers=headers,
        json={
            "username": "forged.api",
            "full_name": "Kẻ Giả Mạo",
            "password": "mot-mat-khau-dai",
            "role": "province_staff",
            "scope_level": "province",
            "province_code": CA_MAU,
        },
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Bạn không có quyền")
    assert not await _exists("forged.api")


async def test_the_pickers_offer_only_the_managers_own_scope(client, demo):
    await login_page(client, "tinh.camau", DEMO_PASSWORD)
    page = await client.get(
        "/users/new",
        params={"role": "station_officer", "scope_level": "polling_area", "commune_code": BAC_LIEU},
    )
    assert page.status_code == 200
    text = page.text
    assert "Quản trị hệ thống" not in text.split('name="role"')[1].split("</select>")[0]
    assert f'value="{CA_MAU}" selected' in text  # the only province offered
    assert f'value="{HA_NOI}"' not in text
    assert "Phường Bạc Liêu" in text
    assert "Khu vực số 1 — " in text
    assert 'name="password"' in text

    client.cookies.clear()
    await login_page(client, "quantri", DEMO_PASSWORD)
    page = await client.get("/users/new", params={"role": "province_staff"})
    assert f'value="{HA_NOI}"' in page.text and "Thành phố Hà Nội" in page.text


async def test_the_picker_posted_back_keeps_what_was_typed(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    response = await post_form(
        client,
        "/users",
        {
            "refresh": "1",
            "username": "giamsat.kv1",
            "full_name": "Lê Thị Giám Sát",
            "password": "mot-mat-khau-dai",
            "role": "observer",
            "scope_level": "polling_area",
        },
    )
    assert response.status_code == 200
    assert 'value="giamsat.kv1"' in response.text
    assert 'value="mot-mat-khau-dai"' in response.text
    assert f'value="{BAC_LIEU}" selected' in response.text
    assert 'name="polling_area_id"' in response.text
    assert not await _exists("giamsat.kv1")


# --------------------------------------------------------------------------
# Editing role and scope


async def test_an_edit_of_role_and_scope_reaches_the_live_token_and_the_log(client, demo):
    clerk = await make_user(Role.COMMUNE_STAFF, username="xa.clerk")
    clerk_token = await bearer(client, "xa.clerk")
    assert (await client.get("/api/v1/me", headers=clerk_token)).json()["role"] == "commune_staff"
    area = await db.fetchval(
        "SELECT scope_polling_area FROM user_account WHERE username = 'to.kv01'"
    )
    admin = await bearer(client, "quantri", DEMO_PASSWORD)
    response = await client.put(
        f"/api/v1/users/{clerk.id}",
        headers=admin,
        json={
            "full_name": "Trần Văn Tổ",
            "role": "station_officer",
            "scope_level": "polling_area",
            "province_code": CA_MAU,
            "commune_code": BAC_LIEU,
            "polling_area_id": area,
        },
    )
    assert response.status_code == 200, response.text
    me = (await client.get("/api/v1/me", headers=clerk_token)).json()
    assert (me["role"], me["polling_area_id"], me["full_name"]) == (
        "station_officer",
        area,
        "Trần Văn Tổ",
    )
    [event] = [
        e
        for e in await audit.history(entity_type="user", entity_id=clerk.id)
        if e.action == "update"
    ]
    assert event.before["role"] == "commune_staff"
    assert event.after["role"] == "station_officer"
    assert event.actor_username == "quantri"


async def test_nobody_moves_an_account_beyond_their_scope_or_changes_their_own(clean_db):
    staffer = await make_actor(Role.PROVINCE_STAFF, username="tinh.editor")
    clerk = await make_user(Role.COMMUNE_STAFF, username="xa.moved")
    with pytest.raises(Forbidden):
        await accounts.update_user(
            user_id=clerk.id,
            full_name=clerk.full_name,
            role=Role.COMMUNE_STAFF,
            scope_level=ScopeLevel.COMMUNE,
            province_code=HA_NOI,
            commune_code=HOAN_KIEM,
            actor=staffer,
        )
    with pytest.raises(Forbidden):
        await accounts.update_user(
            user_id=clerk.id,
            full_name=clerk.full_name,
            role=Role.ADMIN,
            scope_level=ScopeLevel.NATIONAL,
            actor=staffer,
        )
    assert (await accounts.get_user(user_id=clerk.id)).commune_code == BAC_LIEU
    admin = await make_actor(Role.ADMIN, username="self.admin")
    with pytest.raises(Conflict):
        await accounts.update_user(
            user_id=admin.user_id or 0,
            full_name="Quản Trị",
            role=Role.OBSERVER,
            scope_level=ScopeLevel.NATIONAL,
            actor=admin,
        )


async def test_an_account_outside_the_scope_is_not_found(client, demo):
    other = await make_user(
        Role.OBSERVER,
        ScopeLevel.COMMUNE,
        province_code=HA_NOI,
        commune_code=HOAN_KIEM,
        username="obs.hanoi",
    )
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    assert (await client.get(f"/users/{other.id}")).status_code == 404
    with pytest.raises(NotFound):
        await accounts.user_detail(
            user_id=other.id, actor=await make_actor(Role.PROVINCE_STAFF, username="tinh.x")
        )


# --------------------------------------------------------------------------
# Sign-ins, tokens, revocation, deactivation


async def test_a_manager_sees_the_sign_ins_and_revokes_one_token(client, demo):
    user = await make_user(Role.OBSERVER, ScopeLevel.COMMUNE, username="obs.two.tokens")
    first = await bearer(client, user.username)
    second = await bearer(client, user.username)
    admin = await bearer(client, "quantri", DEMO_PASSWORD)
    detail = (await client.get(f"/api/v1/users/{user.id}", headers=admin)).json()
    assert [t["kind_label"] for t in detail["tokens"]] == ["Mã truy cập API"] * 2
    assert all(t["live"] for t in detail["tokens"])
    await client.get("/api/v1/me", headers=first)  # cached in this process
    oldest = detail["tokens"][-1]["id"]
    response = await client.post(
        f"/api/v1/users/{user.id}/tokens/revoke", headers=admin, json={"token_id": oldest}
    )
    assert response.status_code == 204
    assert (await client.get("/api/v1/me", headers=first)).status_code == 401
    assert (await client.get("/api/v1/me", headers=second)).status_code == 200
    events = await audit.history(entity_type="user", entity_id=user.id)
    assert "revoke_api_token" in [e.action for e in events]

    await login_page(client, "quantri", DEMO_PASSWORD)
    page = await client.get(f"/users/{user.id}")
    assert "Các lần đăng nhập gần đây" in page.text
    assert page.text.count("Thu hồi</button>") == 1
    assert "Đã chấm dứt lúc" in page.text


async def test_a_token_of_another_user_cannot_be_revoked_through_this_one(client, demo):
    victim = await make_user(Role.OBSERVER, ScopeLevel.COMMUNE, username="obs.victim")
    mine = await make_user(Role.OBSERVER, ScopeLevel.COMMUNE, username="obs.mine")
    victim_token = await bearer(client, victim.username)
    [token] = await queries.tokens_of_user(user_id=victim.id, limit=5)
    clerk = await make_actor(Role.COMMUNE_STAFF, username="xa.revoker")
    assert not await accounts.revoke_user_token(
        user_id=mine.id, token_hash=token.token_hash, actor=clerk
    )
    assert (await client.get("/api/v1/me", headers=victim_token)).status_code == 200


async def test_deactivation_is_heard_by_every_process_at_once(client, demo, owner):
    user = await make_user(Role.OBSERVER, ScopeLevel.COMMUNE, username="obs.leaving")
    headers = await bearer(client, user.username)
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
    # Another process's cache: the same token resolved, and its LISTEN.
    digest = security.token_digest(headers["Authorization"].removeprefix("Bearer "))
    cached = token_cache.TOKENS.get(digest, TokenKind.BEARER)
    assert cached is not None
    other_process = token_cache.TokenCache()
    other_process.put(cached)
    heard: asyncio.Queue[str] = asyncio.Queue()

    def listener(*args) -> None:
        heard.put_nowait(args[3])

    await owner.add_listener(token_cache.REVOKED_CHANNEL, listener)
    try:
        await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
        response = await post_form(client, f"/users/{user.id}/active", {"active": "0"})
        assert response.status_code == 303
        message = await asyncio.wait_for(heard.get(), timeout=5)
    finally:
        await owner.remove_listener(token_cache.REVOKED_CHANNEL, listener)
    other_process_forgets = json.loads(message)
    for event in other_process_forgets:
        other_process.forget(token_hash=event.get("token_hash"), user_id=event.get("user_id"))
    assert other_process.get(cached.token_hash, cached.kind) is None
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401
    client.cookies.clear()
    assert (await login_page(client, user.username)).status_code == 401
    # Reactivated, the user signs in again; the old token stays ended.
    await accounts.set_user_active(
        user_id=user.id, active=True, actor=await make_actor(Role.ADMIN, username="a.react")
    )
    assert (await login_page(client, user.username)).status_code == 303
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401
    actions = [e.action for e in await audit.history(entity_type="user", entity_id=user.id)]
    assert actions[:2] == ["sign_in", "activate"]
    assert "deactivate" in actions


async def test_ones_own_account_page_lists_ones_recent_sign_ins(client, demo):
    user = await make_user(Role.OBSERVER, ScopeLevel.COMMUNE, username="obs.self")
    await bearer(client, user.username)
    await login_page(client, user.username)
    page = await client.get("/account")
    assert page.status_code == 200
    assert "Các lần đăng nhập gần đây" in page.text
    assert "Phiên đăng nhập web" in page.text and "Mã truy cập API" in page.text
    assert "<title>Tài khoản của tôi · " in page.text
    assert page.text.count("<td>Đang hiệu lực</td>") == 2


@pytest.mark.parametrize(
    ("manager", "role", "levels"),
    [
        (Role.ADMIN, Role.OBSERVER, list(ScopeLevel)),
        (Role.ADMIN, Role.PROVINCE_STAFF, [ScopeLevel.PROVINCE]),
        (
            Role.PROVINCE_STAFF,
            Role.OBSERVER,
            [ScopeLevel.PROVINCE, ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA],
        ),
        (Role.PROVINCE_STAFF, Role.BOARD_MEMBER, [ScopeLevel.PROVINCE, ScopeLevel.COMMUNE]),
        (Role.PROVINCE_STAFF, Role.ADMIN, []),
        (Role.COMMUNE_STAFF, Role.OBSERVER, [ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA]),
        (Role.COMMUNE_STAFF, Role.STATION_OFFICER, [ScopeLevel.POLLING_AREA]),
        (Role.COMMUNE_STAFF, Role.BOARD_MEMBER, []),
    ],
)
async def test_the_picker_offers_no_role_or_level_beyond_the_manager(
    clean_db, manager, role, levels
):
    actor = await make_actor(manager, username=f"m.{manager.value}")
    choices = await accounts.scope_choices(actor=actor, role=role)
    if not levels:
        assert role not in choices.roles and choices.role is None
        return
    assert choices.levels == levels
    for level in levels:
        chosen = await accounts.scope_choices(actor=actor, role=role, scope_level=level)
        assert chosen.scope_level == level
