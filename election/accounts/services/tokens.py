"""Tokens: web sessions and API bearer tokens, issued, resolved and revoked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election import db
from election.accounts import queries, security, token_cache
from election.accounts.queries import UserRow
from election.accounts.tables import TokenKind
from election.accounts.token_cache import ResolvedToken
from election.actor import Actor
from election.audit import services as audit


@dataclass(frozen=True)
class IssuedToken:
    token: str
    kind: TokenKind
    csrf_token: str | None
    expires_at: dt.datetime
    user: UserRow


async def issue_token(
    *,
    user: UserRow,
    kind: TokenKind,
    lifetime: dt.timedelta,
    client_address: str = "",
    name: str = "",
    request_id: str = "",
) -> IssuedToken:
    token = security.new_token()
    csrf = security.new_token() if kind == TokenKind.SESSION else None
    expires_at = dt.datetime.now(dt.UTC) + lifetime
    async with db.transaction():
        await queries.insert_token(
            token_hash=security.token_digest(token),
            kind=kind,
            user_id=user.id,
            csrf_token=csrf,
            name=name,
            expires_at=expires_at,
            client_address=client_address[:64],
        )
        await audit.record(
            actor=user.actor(request_id),
            entity_type="user",
            entity_id=user.id,
            action="sign_in" if kind == TokenKind.SESSION else "issue_api_token",
            after={"kind": kind, "expires_at": expires_at, "client_address": client_address},
            summary=f"{user.username} đăng nhập"
            if kind == TokenKind.SESSION
            else f"Cấp mã truy cập API cho {user.username}",
        )
    return IssuedToken(token=token, kind=kind, csrf_token=csrf, expires_at=expires_at, user=user)


async def resolve_token(*, token: str, kind: TokenKind) -> ResolvedToken | None:
    """The user behind a live token of that kind, or None."""
    if not token or len(token) > 200:
        return None
    digest = security.token_digest(token)
    cached = token_cache.TOKENS.get(digest, kind)
    if cached is not None:
        return cached
    user = await queries.live_token_user(token_hash=digest, kind=kind)
    if user is None:
        return None
    resolved = ResolvedToken(
        user=user, kind=kind, token_hash=digest, expires_at=user.token_expires_at
    )
    token_cache.TOKENS.put(resolved)
    return resolved


async def announce_revocation(*, token_hash: str | None = None, user_id: int | None = None) -> None:
    """Forget the revoked tokens here now, and in every server process once
    the revocation commits (called inside the revoking transaction, whose
    NOTIFY goes out with its commit)."""
    token_cache.TOKENS.forget(token_hash=token_hash, user_id=user_id)
    await db.notify_after_commit(
        token_cache.REVOKED_CHANNEL, {"token_hash": token_hash, "user_id": user_id}
    )


async def revoke_token(*, token: str, actor: Actor) -> None:
    digest = security.token_digest(token)
    async with db.transaction():
        revoked = await queries.revoke_token(token_hash=digest)
        if revoked is None:
            return
        await announce_revocation(token_hash=digest)
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=actor.user_id,
            action="sign_out" if revoked == TokenKind.SESSION else "revoke_api_token",
            summary=f"{actor.username} đăng xuất"
            if revoked == TokenKind.SESSION
            else f"Thu hồi mã truy cập API của {actor.username}",
        )
