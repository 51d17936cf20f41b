"""Accounts: tokens, sessions, the role guard, scope, lockout, and their audit trail."""

from __future__ import annotations

import pytest

from election import db
from election.accounts import services as accounts
from election.accounts.tables import Role, ScopeLevel
from election.audit import services as audit
from election.errors import Forbidden, RuleViolation
from tests.builders import HA_NOI, PASSWORD, bearer, login_page, make_actor, make_user, system


async def test_api_token_authenticates_the_api(client):
    user = await make_user(Role.COMMUNE_STAFF, username="xa.baclieu")
    headers = await bearer(client, user.username)
    response = await client.get("/api/v1/me", headers=headers)
    assert response.status_code == 200
    assert response.json()["username"] == "xa.baclieu"
    assert response.json()["commune_code"] == "31825"


async def test_wrong_password_gets_401_in_vietnamese(client):
    await make_user(username="someone")
    response = await client.post(
        "/api/v1/auth/token", json={"username": "someone", "password": "wrong-password"}
    )
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."


async def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client):
    response = await client.post(
        "/api/v1/auth/token", json={"username": "nobody", "password": "whatever-123"}
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."


async def test_api_without_a_token_is_refused(client):
    response = await client.get("/api/v1/elections")
    assert response.status_code == 401
    assert response.json()["detail"] == "Cần đăng nhập hoặc mã truy cập hợp lệ."


async def test_the_session_cookie_does_not_open_the_api(client):
    await make_user(username="cookieuser")
    response = await login_page(client, "cookieuser")
    assert response.status_code == 303
    assert (await client.get("/api/v1/me")).status_code == 401


async def test_a_revoked_token_stops_working(client):
    await make_user(username="leaver")
    headers = await bearer(client, "leaver")
    assert (await client.delete("/api/v1/auth/token", headers=headers)).status_code == 204
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401


async def test_a_deactivated_user_loses_access_immediately(client):
    user = await make_user(username="soon.locked")
    headers = await bearer(client, "soon.locked")
    await accounts.set_user_active(user_id=user.id, active=False, actor=system())
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401


async def test_repeated_failures_lock_the_account(clean_db):
    await make_user(username="target")
    for _ in range(10):
        with pytest.raises(Exception, match="không đúng"):
            await accounts.authenticate(username="target", password="nope-nope-nope")
    with pytest.raises(Exception, match="tạm bị khóa"):
        await accounts.authenticate(username="target", password=PASSWORD)


async def test_observer_reads_but_cannot_change_anything(client):
    await make_user(Role.OBSERVER, username="watcher")
    headers = await bearer(client, "watcher")
    assert (await client.get("/api/v1/elections", headers=headers)).status_code == 200
    response = await client.post(
        "/api/v1/elections",
        headers=headers,
        json={"name": "Bầu cử thử", "election_day": "2031-05-25"},
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền thực hiện thao tác này."


async def test_role_guard_refuses_roles_not_named_by_the_route(client):
    await make_user(Role.COMMUNE_STAFF, username="clerk")
    headers = await bearer(client, "clerk")
    response = await client.post(
        "/api/v1/elections", headers=headers, json={"name": "X", "election_day": "2031-05-25"}
    )
    assert response.status_code == 403


async def test_commune_staff_may_create_observers_of_their_commune_only(clean_db):
    clerk = await make_actor(Role.COMMUNE_STAFF)
    created = await accounts.create_user(
        username="obs.local",
        full_name="Trần Thị Giám Sát",
        password=PASSWORD,
        role=Role.OBSERVER,
        scope_level=ScopeLevel.COMMUNE,
        province_code="96",
        commune_code="31825",
        actor=clerk,
    )
    assert created.commune_name == "Phường Bạc Liêu"
    with pytest.raises(Forbidden):
        await accounts.create_user(
            username="obs.hanoi",
            full_name="Lê Văn Khác",
            password=PASSWORD,
            role=Role.OBSERVER,
            scope_level=ScopeLevel.COMMUNE,
            province_code=HA_NOI,
            commune_code="00070",
            actor=clerk,
        )


async def test_a_commune_must_lie_in_the_named_province(clean_db):
    with pytest.raises(RuleViolation, match="không thuộc tỉnh"):
        await make_user(Role.COMMUNE_STAFF, province_code=HA_NOI, commune_code="31825")


async def test_user_listing_is_limited_to_the_actor_scope(clean_db):
    await make_user(Role.PROVINCE_STAFF, username="camau.staff")
    await make_user(Role.PROVINCE_STAFF, username="hanoi.staff", province_code=HA_NOI)
    ca_mau = await make_actor(Role.PROVINCE_STAFF)
    names = {u.username for u in await accounts.list_users(actor=ca_mau)}
    assert "camau.staff" in names
    assert "hanoi.staff" not in names


async def test_creating_a_user_writes_an_audit_event_without_the_password(clean_db):
    user = await make_user(username="audited")
    events = await audit.history(entity_type="user", entity_id=user.id)
    assert [e.action for e in events] == ["create"]
    assert events[0].after["username"] == "audited"
    assert "password" not in str(events[0].after)
    assert "password_hash" not in str(events[0].after)


async def test_a_failed_change_leaves_no_audit_event_behind(clean_db):
    before = await db.fetchval("SELECT count(*) FROM audit_event")
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await make_user(username="rolled.back")
            raise RuntimeError("boom")
    assert await db.fetchval("SELECT count(*) FROM audit_event") == before
    assert await accounts.find_user(username="rolled.back") is None


async def test_tokens_are_stored_only_as_hashes(client):
    await make_user(username="hashme")
    headers = await bearer(client, "hashme")
    token = headers["Authorization"].split()[1]
    stored = await db.fetch("SELECT token_hash FROM access_token")
    assert all(token not in row["token_hash"] for row in stored)


async def test_create_admin_command_creates_a_national_admin(database_url, clean_db, monkeypatch):
    from election.cli import cmd_create_admin
    from election.settings import Settings

    monkeypatch.setenv("ELECTION_ADMIN_PASSWORD", "first-admin-password")

    class Args:
        username = "first.admin"
        full_name = "Quản trị đầu tiên"
        password_stdin = False

    # The command opens its own pool; run it in a worker thread with its own loop.
    import asyncio

    pool = db.ENGINE.pool
    db.ENGINE.pool = None
    try:
        code = await asyncio.to_thread(
            cmd_create_admin, Args(), Settings(database_url=database_url, secret_key="x")
        )
    finally:
        db.ENGINE.pool = pool
    assert code == 0
    user = await accounts.find_user(username="first.admin")
    assert user is not None
    assert user.role == Role.ADMIN
    assert user.scope_level == ScopeLevel.NATIONAL
