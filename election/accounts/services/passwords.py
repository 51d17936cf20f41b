"""Passwords: a user changes their own; a manager sets a new one for a user.

Either way the user's other sessions and API tokens end: whoever knew the
old password (or holds a token issued with it) is out, in every server
process once the change commits (the token cache hears the revocation).
"""

from __future__ import annotations

from election import db
from election.accounts import queries, rules, security
from election.accounts.services.tokens import announce_revocation
from election.accounts.services.users import current_user, get_user, may_manage
from election.actor import Actor
from election.audit import services as audit
from election.errors import Forbidden, RuleViolation


async def _set_password(*, user_id: int, password: str, keep_token_hash: str | None) -> None:
    """The new hash, and every token of the user but `keep_token_hash` revoked;
    inside the caller's transaction."""
    await queries.set_password_hash(
        user_id=user_id, password_hash=await security.hash_password(password)
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
    other session and token of theirs ends, the one in use (`keep_token_hash`) stays."""
    user = await current_user(actor=actor)
    stored = await queries.password_hash_of(user_id=user.id)
    if not await security.verify_password(stored, current_password):
        raise Forbidden("Mật khẩu hiện tại không đúng.")
    violations = rules.check_password(new_password, username=user.username)
    if violations:
        raise RuleViolation(violations)
    async with db.transaction():
        await _set_password(user_id=user.id, password=new_password, keep_token_hash=keep_token_hash)
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user.id,
            action="change_password",
            summary=f"Đổi mật khẩu tài khoản {user.username}",
        )


async def reset_password(*, user_id: int, new_password: str, actor: Actor) -> None:
    """A manager of the account sets a new password (the user forgot theirs, or
    it leaked); every session and token of the user ends."""
    user = await get_user(user_id=user_id)
    may_manage(
        actor, role=user.role, province_code=user.province_code, commune_code=user.commune_code
    )
    violations = rules.check_password(new_password, username=user.username)
    if violations:
        raise RuleViolation(violations)
    async with db.transaction():
        await _set_password(user_id=user.id, password=new_password, keep_token_hash=None)
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user.id,
            action="reset_password",
            summary=f"Đặt lại mật khẩu tài khoản {user.username}",
        )
