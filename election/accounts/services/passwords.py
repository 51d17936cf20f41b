"""Passwords: a user changes their own; a manager sets a one-time password.

Either way the user's other sessions and API tokens end: whoever knew the
old password (or holds a token issued with it) is out, in every server
process once the change commits (the token cache hears the revocation).

A password set by a manager (a new account's, or a reset) is for one use:
until its user has chosen their own, every page leads to the change page
and the API answers nothing else (`guards.PasswordChangeMiddleware`).
"""

from __future__ import annotations

from election import db
from election.accounts import queries, rules, security
from election.accounts.services.tokens import announce_revocation
from election.accounts.services.users import current_user, get_user, may_manage
from election.actor import Actor
from election.audit import services as audit
from election.errors import Forbidden, RuleViolation, Violation


async def _set_password(
    *, user_id: int, password: str, keep_token_hash: str | None, one_time: bool
) -> None:
    """The new hash, and every token of the user but `keep_token_hash` revoked;
    inside the caller's transaction."""
    await queries.set_password_hash(
        user_id=user_id,
        password_hash=await security.hash_password(password),
        must_change_password=one_time,
    )
    await queries.revoke_user_tokens(user_id=user_id, keep_token_hash=keep_token_hash)
    await announce_revocation(user_id=user_id)


async def change_password(
    *,
    current_password: str,
    new_password: str,
    actor: Actor,
    keep_token_hash: str | None = None,
) -> None:
    """The actor changes their own password (nobody changes another's); every
    other session and token of theirs ends, the one in use (`keep_token_hash`)
    stays. A one-time password in force is then spent."""
    user = await current_user(actor=actor)
    stored = await queries.password_hash_of(user_id=user.id)
    if not await security.verify_password(stored, current_password):
        raise Forbidden("Mật khẩu hiện tại không đúng.")
    violations = rules.check_password(new_password, username=user.username)
    if new_password == current_password:
        violations.append(
            Violation(
                "password_unchanged",
                "Mật khẩu mới phải khác mật khẩu hiện tại.",
                field="new_password",
            )
        )
    if violations:
        raise RuleViolation(violations)
    async with db.transaction():
        await _set_password(
            user_id=user.id, password=new_password, keep_token_hash=keep_token_hash, one_time=False
        )
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user.id,
            action="change_password",
            summary=f"Đổi mật khẩu tài khoản {user.username}",
        )


async def reset_password(*, user_id: int, new_password: str | None, actor: Actor) -> str:
    """A manager of the account sets a one-time password (the user forgot theirs,
    or it leaked), typed or, when `new_password` is None, made here; every
    session and token of the user ends. Returns the password, to be handed over;
    its user must change it at their next sign-in."""
    user = await get_user(user_id=user_id)
    may_manage(
        actor, role=user.role, province_code=user.province_code, commune_code=user.commune_code
    )
    if user.id == actor.user_id:
        raise Forbidden("Hãy đổi mật khẩu của chính mình ở trang «Tài khoản của tôi».")
    password = new_password if new_password is not None else security.one_time_password()
    violations = rules.check_password(password, username=user.username)
    if violations:
        raise RuleViolation(violations)
    async with db.transaction():
        await _set_password(user_id=user.id, password=password, keep_token_hash=None, one_time=True)
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user.id,
            action="reset_password",
            after={"change_at_next_sign_in": True},
            summary=f"Đặt lại mật khẩu dùng một lần cho tài khoản {user.username}",
        )
    return password
