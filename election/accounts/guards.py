"""Authentication of every request, and the one role guard.

API requests (`/api/...`) authenticate with a bearer token; pages with the
session cookie. Handlers marked `opt={"public": True}` (login, health, the
public voter lookup, static files) skip authentication.
"""

from __future__ import annotations

from urllib.parse import urlencode

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import (
    AbstractAuthenticationMiddleware,
    AbstractMiddleware,
    AuthenticationResult,
)
from litestar.types import Receive, Scope, Send

from election import access_matrix
from election.accounts import services
from election.accounts.tables import TokenKind
from election.accounts.token_cache import ResolvedToken
from election.actor import Actor, Role
from election.errors import Forbidden

SESSION_COOKIE = "election_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AuthenticationMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        request_id = connection.scope.get("state", {}).get("request_id", "")
        scheme, _, bearer = connection.headers.get("authorization", "").partition(" ")
        bearer = bearer.strip() if scheme.lower() == "bearer" else ""
        cookie = connection.cookies.get(SESSION_COOKIE, "")
        if connection.scope["path"].startswith("/api/") or (bearer and not cookie):
            # The API takes bearer tokens only: a cookie would need CSRF protection.
            if not bearer:
                raise NotAuthorizedException("bearer token required")
            resolved = await services.resolve_token(token=bearer, kind=TokenKind.BEARER)
        else:
            resolved = await services.resolve_token(token=cookie, kind=TokenKind.SESSION)
        if resolved is None:
            raise NotAuthorizedException("invalid or expired credentials")
        return AuthenticationResult(user=resolved.user.actor(request_id), auth=resolved)


# What a user whose one-time password is still in force may do: change it,
# see who they are, sign out. Nothing else, by page or by API token.
PASSWORD_CHANGE_PAGE = "/account/password"
WHILE_PASSWORD_PENDING = frozenset(
    {
        ("GET", PASSWORD_CHANGE_PAGE),
        ("POST", PASSWORD_CHANGE_PAGE),
        ("POST", "/logout"),
        ("GET", "/api/v1/me"),
        ("POST", "/api/v1/me/password"),
        ("DELETE", "/api/v1/auth/token"),
    }
)
PASSWORD_PENDING_MESSAGE = (
    "Mật khẩu của bạn là mật khẩu dùng một lần: hãy đổi mật khẩu trước khi tiếp tục."
)


def must_change_password(scope: Scope) -> bool:
    """Whether the request's user signed in with a one-time password still in force."""
    auth = scope.get("auth")
    return isinstance(auth, ResolvedToken) and auth.user.must_change_password


class PasswordChangeMiddleware(AbstractMiddleware):
    """A one-time password in force (a new account, a reset by a manager) opens
    nothing but the change of password: pages lead to the change page, the API
    answers 403. The flag travels with the resolved token, which every server
    process forgets when the password changes (`passwords._set_password`)."""

    exclude_opt_key = "public"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not must_change_password(scope):
            await self.app(scope, receive, send)
            return
        method = "GET" if scope["method"] == "HEAD" else scope["method"]
        path = scope["path"].rstrip("/") or "/"
        if (method, path) in WHILE_PASSWORD_PENDING:
            await self.app(scope, receive, send)
            return
        if path.startswith("/api/"):
            raise Forbidden(PASSWORD_PENDING_MESSAGE)
        target = PASSWORD_CHANGE_PAGE
        if method == "GET" and path != "/":
            query = scope.get("query_string", b"").decode("latin-1")
            target += "?" + urlencode({"next": path + ("?" + query if query else "")})
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [(b"location", target.encode()), (b"cache-control", b"no-store")],
            }
        )
        await send({"type": "http.response.body", "body": b""})


async def role_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Roles come from the route's `opt["roles"]`; observers never change state.

    Scope (which province, commune or polling area) is checked in services,
    which receive the actor explicitly. A coroutine although it never awaits:
    Litestar runs a plain function guard in a worker thread, a thread hop on
    every request.
    """
    if handler.opt.get("public"):
        return
    actor: Actor = connection.user
    roles: frozenset[Role] | None = handler.opt.get("roles")
    if roles is not None and actor.role not in roles:
        raise PermissionDeniedException("role not allowed")
    method = connection.scope.get("method", "GET")
    if actor.is_read_only and method not in SAFE_METHODS and not handler.opt.get("any_role"):
        raise PermissionDeniedException("read-only role")
    # The authorization matrix: a role it forbids never reaches the handler.
    template = connection.scope.get("path_template", "")
    if access_matrix.refused(method, template, actor.role, actor.scope_level):
        raise PermissionDeniedException("role not allowed")


def roles(*allowed: Role) -> dict[str, frozenset[Role]]:
    """Route metadata: `@get(..., opt=roles(Role.ADMIN))`."""
    return {"roles": frozenset(allowed)}


STAFF = (Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF)
