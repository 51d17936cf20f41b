"""Accounts: tokens, sessions, the role guard, scope, and their audit trail.

Signing in (throttling, the same answers for everyone, passwords) is in test_sign_in.py.
"""

from __future__ import annotations

import pytest

from election import db
from election.accounts import services as accounts
from election.actor import Role, ScopeLevel
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


# --------------------------------------------------------------------------
# The cache of resolved tokens


def _resolved(digest: str = "d1", *, user_id: int = 1, kind=None, expires_in: float = 3600):
    import datetime as dt

    from election.accounts.queries import UserRow
    from election.accounts.tables import TokenKind
    from election.accounts.token_cache import ResolvedToken

    user = UserRow(
        id=user_id,
        username=f"user{user_id}",
        full_name="Người dùng",
        role=Role.COMMUNE_STAFF,
        scope_level=ScopeLevel.COMMUNE,
        province_code="96",
        commune_code="31825",
        polling_area_id=None,
        is_active=True,
        created_at=dt.datetime.now(dt.UTC),
        last_login_at=None,
        province_name="Cà Mau",
        commune_name="Phường Bạc Liêu",
        polling_area_number=None,
    )
    return ResolvedToken(
        user=user,
        kind=kind or TokenKind.BEARER,
        token_hash=digest,
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=expires_in),
    )


def test_the_token_cache_keeps_a_token_for_its_kind_until_its_ttl_or_expiry():
    from election.accounts.tables import TokenKind
    from election.accounts.token_cache import TokenCache

    cache = TokenCache(ttl_seconds=60)
    cache.put(_resolved("live"))
    cache.put(_resolved("expired", expires_in=-1))
    assert cache.get("live", TokenKind.BEARER).token_hash == "live"
    assert cache.get("live", TokenKind.SESSION) is None
    assert cache.get("expired", TokenKind.BEARER) is None
    assert cache.get("unknown", TokenKind.BEARER) is None
    stale = TokenCache(ttl_seconds=0)
    stale.put(_resolved("live"))
    assert stale.get("live", TokenKind.BEARER) is None
    assert len(stale) == 0


def test_the_token_cache_forgets_by_token_and_by_user_and_keeps_a_bounded_size():
    from election.accounts.tables import TokenKind
    from election.accounts.token_cache import TokenCache, forget_revoked

    cache = TokenCache(ttl_seconds=60, max_entries=3)
    for digest, user_id in (("a", 1), ("b", 1), ("c", 2)):
        cache.put(_resolved(digest, user_id=user_id))
    cache.forget(user_id=1)
    assert [cache.get(d, TokenKind.BEARER) is not None for d in "abc"] == [False, False, True]
    cache.forget(token_hash="c")
    assert len(cache) == 0
    for digest in "defg":
        cache.put(_resolved(digest))
    assert len(cache) == 3 and cache.get("d", TokenKind.BEARER) is None

    from election.accounts import token_cache

    token_cache.TOKENS.put(_resolved("revoked-elsewhere", user_id=99))
    forget_revoked([{"token_hash": "revoked-elsewhere", "user_id": None}])
    assert token_cache.TOKENS.get("revoked-elsewhere", TokenKind.BEARER) is None


async def test_a_token_revoked_by_another_server_process_stops_working_here(database_url, clean_db):
    """The revoking process NOTIFYs; this one, listening since start-up, forgets
    the token well before its cache would have let it go."""
    import asyncio
    import json
    import time

    import httpx

    from election.accounts import security, token_cache
    from election.app import create_app
    from election.settings import Settings

    app = create_app(Settings(database_url=database_url, secret_key="k" * 40))
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    await make_user(username="elsewhere")
    async with (
        app.lifespan(),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        headers = await bearer(client, "elsewhere")
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
        cached_at = time.monotonic()
        digest = security.token_digest(headers["Authorization"].split()[1])
        # The row alone, without the notice: this process still serves the
        # token from its cache (that is the cache at work).
        await db.execute("UPDATE access_token SET revoked_at = now() WHERE token_hash = $1", digest)
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
        notice = json.dumps([{"token_hash": digest, "user_id": None}])
        statuses = []
        # Well within the cache's TTL: a 401 here comes from the notice.
        while time.monotonic() - cached_at < token_cache.TTL_SECONDS - 1:
            await db.execute("SELECT pg_notify('access_revoked', $1)", notice)
            await asyncio.sleep(0.05)
            statuses.append((await client.get("/api/v1/me", headers=headers)).status_code)
            if statuses[-1] == 401:
                break
        assert statuses[-1] == 401, statuses
