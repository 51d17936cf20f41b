"""Signing in: a username and password checked, without ever locking the account.

Failed attempts slow the next ones (`rules.sign_in_wait`): the account from
the same address, the address, and the account from addresses it never
signed in from. A slowed attempt is refused before its password is checked,
with the same answer whether or not the username exists; an unknown username
costs the same work as a known one (a dummy hash is verified) and its
failures are counted the same way.
"""

from __future__ import annotations

import math

from election.accounts import queries, rules, security
from election.accounts.queries import UserRow
from election.accounts.services.users import get_user
from election.errors import TooManyRequests, Unauthenticated

WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


def _slowed(seconds: int) -> TooManyRequests:
    return TooManyRequests(
        f"Đăng nhập sai nhiều lần. Vui lòng thử lại sau {seconds} giây.", retry_after=seconds
    )


async def authenticate(*, username: str, password: str, client_address: str = "") -> UserRow:
    """The user whose username and password these are; Unauthenticated (the same
    message for an unknown user and a wrong password) or TooManyRequests."""
    username = username.strip().lower()
    keys = rules.throttle_keys(username, client_address)
    state = await queries.sign_in_state(username=username, keys=keys.all)
    counts = {c.key: (c.failures, c.last_failure_at) for c in state.counts}
    known_address = keys.known_address in counts
    wait = rules.sign_in_wait(keys, counts, known_address=known_address, now=state.now)
    if wait.total_seconds() > 0:
        raise _slowed(math.ceil(wait.total_seconds()))
    if not await security.verify_password(state.password_hash, password):
        counted = rules.failure_keys(keys, known_address=known_address)
        await queries.record_failed_sign_in(
            keys=[key for key, _ in counted],
            forget_after=[throttle.forget_after for _, throttle in counted],
        )
        raise Unauthenticated(WRONG_CREDENTIALS)
    if state.user_id is None or state.password_hash is None:  # verified: never
        raise Unauthenticated(WRONG_CREDENTIALS)
    if not state.is_active:
        raise Unauthenticated("Tài khoản đã bị khóa. Liên hệ quản trị viên.")
    new_hash = (
        await security.hash_password(password)
        if security.needs_rehash(state.password_hash)
        else None
    )
    await queries.record_sign_in(
        user_id=state.user_id,
        new_hash=new_hash,
        account_from_address=keys.account_from_address,
        known_address=keys.known_address,
        remember=rules.KNOWN_ADDRESS_FOR,
    )
    return await get_user(user_id=state.user_id)
