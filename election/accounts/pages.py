"""Pages of accounts: sign-in, sign-out, one's own account and password.

The pages managing other accounts are in `user_pages` (`UserPages`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from election.accounts import services
from election.accounts.guards import PASSWORD_CHANGE_PAGE, SESSION_COOKIE
from election.accounts.schemas import Credentials, PasswordChange
from election.accounts.tables import TokenKind
from election.accounts.user_pages import UserPages
from election.actor import Actor
from election.errors import DomainError
from election.settings import Settings
from election.web import FormState, form_action, page, redirect, safe_next


def _after_change(next: str | None) -> Redirect:
    """Where a changed password leads: on from the change page, else back to the account."""
    target = safe_next(next) if next is not None else "/account"
    return redirect(target) if "?" in target else redirect(target, notice="password_changed")


class LoginPages(Controller):
    @get("/login", opt={"public": True}, include_in_schema=False)
    async def login_form(self, request: Request, next: FromQuery[str] = "/") -> Template:
        return page(request, "login.html", next=safe_next(next), error="")

    @post("/login", opt={"public": True}, include_in_schema=False)
    async def login(self, request: Request, settings: NamedDependency[Settings]) -> Response[Any]:
        posted_next = (await request.form()).get("next")
        target = safe_next(posted_next if isinstance(posted_next, str) else None)

        address = request.client.host if request.client else ""

        async def sign_in(credentials: Credentials) -> services.IssuedToken:
            user = await services.authenticate(
                username=credentials.username,
                password=credentials.password,
                client_address=address,
            )
            return await services.issue_token(
                user=user,
                kind=TokenKind.SESSION,
                lifetime=dt.timedelta(hours=settings.session_hours),
                client_address=address,
                request_id=request.scope["state"].get("request_id", ""),
            )

        def signed_in(issued: services.IssuedToken) -> Redirect:
            # A one-time password leads to its change before anything else.
            response = (
                Redirect(path=PASSWORD_CHANGE_PAGE, query_params={"next": target}, status_code=303)
                if issued.user.must_change_password
                else Redirect(path=target, status_code=303)
            )
            response.cookies.append(
                Cookie(
                    key=SESSION_COOKIE,
                    value=issued.token,
                    httponly=True,
                    samesite="lax",
                    secure=settings.secure_cookies,
                    path="/",
                    max_age=settings.session_hours * 3600,
                )
            )
            return response

        async def refused(state: FormState) -> Template:
            return page(
                request,
                "login.html",
                status_code=401,
                next=target,
                error=" ".join(state.messages),
                username=state.values.get("username", ""),
            )

        return await form_action(request, Credentials, sign_in, done=signed_in, refused=refused)

    @post("/logout", opt={"any_role": True}, include_in_schema=False)
    async def logout(self, request: Request) -> Redirect:
        await services.revoke_token(
            token=request.cookies.get(SESSION_COOKIE, ""), actor=request.user
        )
        response = Redirect(path="/login", query_params={"notice": "signed_out"}, status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response


class AccountPages(Controller):
    path = "/account"

    async def _render(
        self, request: Request, *, errors: list[str], status: int = 200, next: str | None = None
    ) -> Template:
        user = await services.current_user(actor=request.user)
        if next is None:
            sign_ins = await services.own_sign_ins(actor=request.user)
            return page(
                request,
                "account.html",
                status_code=status,
                user=user,
                errors=errors,
                sign_ins=sign_ins,
            )
        # The change page alone: while a one-time password is in force, nothing else opens.
        return page(
            request,
            "accounts/password_change.html",
            status_code=status,
            user=user,
            errors=errors,
            next=safe_next(next),
            **({"navigation": []} if user.must_change_password else {}),
        )

    @get("/", include_in_schema=False)
    async def account(self, request: Request) -> Template:
        return await self._render(request, errors=[])

    @get("/password", include_in_schema=False)
    async def password_page(self, request: Request, next: FromQuery[str] = "/") -> Template:
        return await self._render(request, errors=[], next=next)

    @post("/password", opt={"any_role": True}, include_in_schema=False)
    async def change_password(self, request: Request) -> Response[Any]:
        actor: Actor = request.user

        async def change(data: PasswordChange) -> None:
            # The page asks for the new password twice; the API takes it once.
            repeated = (await request.form()).get("repeat_password")
            if not isinstance(repeated, str) or repeated.strip() != data.new_password:
                raise DomainError("Mật khẩu nhập lại không khớp.")
            await services.change_password(
                current_password=data.current_password,
                new_password=data.new_password,
                actor=actor,
                keep_token_hash=request.auth.token_hash,
            )

        posted_next = (await request.form()).get("next")
        next = posted_next if isinstance(posted_next, str) else None

        async def refused(state: FormState) -> Template:
            return await self._render(request, errors=state.messages, status=422, next=next)

        return await form_action(
            request,
            PasswordChange,
            change,
            done=lambda _: _after_change(next),
            refused=refused,
        )


__all__ = ["AccountPages", "LoginPages", "UserPages"]
