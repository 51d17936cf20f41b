"""Sign-in that cannot be turned against users (issue 15): failures slow the next
attempts by account and by address, never lock an account; unknown users and
wrong passwords get the same answers; argon2 runs off the event loop; a
password change or reset ends the user's other sessions and tokens."""

from __future__ import annotations

import threading

import pytest
from argon2 import PasswordHasher

from election import db
from election.accounts import security
from election.accounts import services as accounts
from election.actor import Role
from election.audit import services as audit
from election.errors import Forbidden, TooManyRequests, Unauthenticated
from tests.builders import PASSWORD, bearer, login_page, make_user, system

OFFICE = "203.0.113.10"
ELSEWHERE = "198.51.100.7"


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch):
    """argon2 at its lowest cost: these tests type hundreds of passwords, and
    what they check does not depend on how slow a hash is."""
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(security, "_HASHER", quick)
    monkeypatch.setattr(security, "_DUMMY_HASH", quick.hash("not-a-real-password"))


async def attempt(username: str, password: str, address: str) -> str:
    """What the attempt answered: "ok", or the refusal's class and message."""
    try:
        await accounts.authenticate(username=username, password=password, client_address=address)
    except (Unauthenticated, TooManyRequests) as error:
        return f"{type(error).__name__}: {error.detail}"
    return "ok"


async def forget_the_waits() -> None:
    """As if the delays had passed (the failures stay counted)."""
    await db.execute(
        "UPDATE sign_in_throttle SET last_failure_at = last_failure_at - interval '1 hour', "
        "forget_at = forget_at + interval '1 hour' WHERE failures > 0"
    )


async def test_wrong_passwords_slow_that_account_at_that_address_only(clean_db):
    await make_user(username="to.kv01")
    answers = [await attempt("to.kv01", "wrong-password", OFFICE) for _ in range(6)]
    assert answers[:5] == ["Unauthenticated: Tên đăng nhập hoặc mật khẩu không đúng."] * 5
    assert answers[5] == "TooManyRequests: Đăng nhập sai nhiều lần. Vui lòng thử lại sau 2 giây."
    # The user, at their own desk, is not kept out by what was typed elsewhere.
    assert await attempt("to.kv01", PASSWORD, ELSEWHERE) == "ok"


async def test_the_delay_doubles_with_each_failure_and_never_becomes_a_lock(clean_db):
    await make_user(username="patient")
    for _ in range(5):
        await attempt("patient", "wrong-password", OFFICE)
    waits = []
    for _ in range(11):
        waits.append(seconds(await attempt("patient", "wrong-password", OFFICE)))
        await forget_the_waits()
        assert (await attempt("patient", "wrong-password", OFFICE)).startswith("Unauth")
    assert waits == [2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
    # Once the wait is over, the right password opens the account.
    await forget_the_waits()
    assert await attempt("patient", PASSWORD, OFFICE) == "ok"


def seconds(answer: str) -> int:
    """The wait a TooManyRequests answer asks for."""
    assert answer.startswith("TooManyRequests"), answer
    return int(answer.rsplit("sau ", 1)[-1].split()[0])


async def test_unknown_users_get_exactly_the_answers_of_real_ones(clean_db):
    await make_user(username="real.user")
    real = [await attempt("real.user", "wrong-password", OFFICE) for _ in range(7)]
    unknown = [await attempt("no.such.user", "wrong-password", ELSEWHERE) for _ in range(7)]
    assert real == unknown
    assert "tạm bị khóa" not in " ".join(real)


async def test_one_address_trying_many_accounts_is_slowed_for_all_of_them(clean_db):
    await make_user(username="victim")
    for index in range(32):
        await attempt(f"guess{index}", "wrong-password", OFFICE)
    assert seconds(await attempt("victim", PASSWORD, OFFICE)) > 0
    assert await attempt("victim", PASSWORD, ELSEWHERE) == "ok"


async def test_guessing_from_many_addresses_cannot_keep_a_user_out(clean_db):
    await make_user(username="ban.bau.cu")
    assert await attempt("ban.bau.cu", PASSWORD, OFFICE) == "ok"
    for index in range(12):
        await attempt("ban.bau.cu", "wrong-password", f"192.0.2.{index}")
    # From an address the account never used, a short wait (at most a minute)...
    assert 0 < seconds(await attempt("ban.bau.cu", PASSWORD, ELSEWHERE)) <= 60
    # ...and none at all from the office it signed in from before.
    assert await attempt("ban.bau.cu", PASSWORD, OFFICE) == "ok"


async def test_a_slowed_attempt_is_refused_before_any_password_is_hashed(clean_db, monkeypatch):
    await make_user(username="hasher")
    for _ in range(5):
        await attempt("hasher", "wrong-password", OFFICE)
    verified = []
    monkeypatch.setattr(security, "_verify", lambda *args: verified.append(args) or False)
    assert (await attempt("hasher", PASSWORD, OFFICE)).startswith("TooManyRequests")
    assert verified == []


async def test_argon2_runs_in_worker_threads_not_on_the_event_loop(clean_db, monkeypatch):
    threads = []
    real_verify = security._verify

    def spying(*args):
        threads.append(threading.current_thread())
        return real_verify(*args)

    monkeypatch.setattr(security, "_verify", spying)
    await make_user(username="threaded")
    assert await attempt("threaded", PASSWORD, OFFICE) == "ok"
    assert await attempt("nobody.here", PASSWORD, OFFICE) != "ok"
    assert len(threads) == 2
    assert all(t is not threading.main_thread() and t.name.startswith("argon2") for t in threads)


async def test_the_api_answers_429_with_the_wait(client):
    await make_user(username="api.user")
    for _ in range(5):
        await client.post("/api/v1/auth/token", json={"username": "api.user", "password": "x"})
    response = await client.post(
        "/api/v1/auth/token", json={"username": "api.user", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert response.json()["retry_after"] == 2


async def test_the_sign_in_page_says_to_wait(client):
    await make_user(username="page.user")
    for _ in range(5):
        await login_page(client, "page.user", "wrong-password")
    response = await login_page(client, "page.user")
    assert response.status_code == 401
    assert "Vui lòng thử lại sau 2 giây" in response.text


async def test_changing_ones_password_ends_the_other_sessions_and_tokens(client):
    await make_user(username="changer")
    kept = await bearer(client, "changer")
    other = await bearer(client, "changer")
    assert (await login_page(client, "changer")).status_code == 303
    assert (await client.get("/account/", follow_redirects=False)).status_code == 200
    assert (await client.get("/api/v1/me", headers=other)).status_code == 200
    response = await client.post(
        "/api/v1/me/password",
        headers=kept,
        json={"current_password": PASSWORD, "new_password": "a-new-long-password"},
    )
    assert response.status_code == 204
    assert (await client.get("/api/v1/me", headers=other)).status_code == 401
    assert (await client.get("/account/", follow_redirects=False)).status_code != 200
    assert (await client.get("/api/v1/me", headers=kept)).status_code == 200
    await bearer(client, "changer", "a-new-long-password")


async def test_the_password_page_ends_the_other_sessions_and_keeps_this_one(client):
    await make_user(username="page.changer")
    token = await bearer(client, "page.changer")
    assert (await login_page(client, "page.changer")).status_code == 303
    response = await client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "another-long-password",
            "repeat_password": "another-long-password",
            "_csrf_token": client.cookies.get("csrftoken"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert (await client.get("/account/", follow_redirects=False)).status_code == 200
    assert (await client.get("/api/v1/me", headers=token)).status_code == 401


async def test_a_reset_by_an_administrator_ends_every_session_and_token(client):
    user = await make_user(username="forgetful")
    admin = await make_user(username="the.admin")
    token = await bearer(client, "forgetful")
    admin_token = await bearer(client, admin.username)
    response = await client.post(
        f"/api/v1/users/{user.id}/password",
        headers=admin_token,
        json={"new_password": "set-by-the-admin"},
    )
    assert response.status_code == 204, response.text
    assert (await client.get("/api/v1/me", headers=token)).status_code == 401
    assert await attempt("forgetful", PASSWORD, OFFICE) != "ok"
    assert await attempt("forgetful", "set-by-the-admin", OFFICE) == "ok"
    history = await audit.history(entity_type="user", entity_id=user.id)
    [event] = [e for e in history if e.action == "reset_password"]
    assert event.actor_username == "the.admin"


async def test_only_managers_of_the_account_may_reset_its_password(clean_db):
    target = await make_user(Role.PROVINCE_STAFF, username="province.clerk")
    commune_staff = (await make_user(Role.COMMUNE_STAFF, username="commune.clerk")).actor()
    with pytest.raises(Forbidden):
        await accounts.reset_password(
            user_id=target.id, new_password="long-enough-pass", actor=commune_staff
        )
    await accounts.reset_password(
        user_id=target.id, new_password="long-enough-pass", actor=system()
    )


async def test_a_deactivated_account_is_refused_only_after_its_password(clean_db):
    user = await make_user(username="switched.off")
    await accounts.set_user_active(user_id=user.id, active=False, actor=system())
    assert await attempt("switched.off", "wrong-password", OFFICE) == (
        "Unauthenticated: Tên đăng nhập hoặc mật khẩu không đúng."
    )
    assert await attempt("switched.off", PASSWORD, OFFICE) == (
        "Unauthenticated: Tài khoản đã bị khóa. Liên hệ quản trị viên."
    )
