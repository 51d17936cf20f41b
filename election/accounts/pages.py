"""Pages of accounts: sign-in, sign-out, the user list, one's own account."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from election.accounts import services
from election.accounts.guards import SESSION_COOKIE, STAFF, roles
from election.accounts.schemas import Credentials, PasswordChange, UserCreate
from election.accounts.tables import TokenKind
from election.actor import Actor, Role, ScopeLevel
from election.errors import DomainError
from election.settings import Settings
from election.web import FormState, form_action, page, redirect, safe_next


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
            response = Redirect(path=target, status_code=303)
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

    async def _render(self, request: Request, *, errors: list[str], status: int = 200) -> Template:
        user = await services.current_user(actor=request.user)
        return page(request, "account.html", status_code=status, user=user, errors=errors)

    @get("/", include_in_schema=False)
    async def account(self, request: Request) -> Template:
        return await self._render(request, errors=[])

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

        async def refused(state: FormState) -> Template:
            return await self._render(request, errors=state.messages, status=422)

        return await form_action(
            request,
            PasswordChange,
            change,
            done=lambda _: redirect("/account", notice="password_changed"),
            refused=refused,
        )


class UserPages(Controller):
    path = "/users"
    opt = roles(*STAFF)

    async def _render(
        self, request: Request, *, form: dict[str, Any], errors: list[str], status: int = 200
    ) -> Template:
        users = await services.list_users(actor=request.user)
        return page(
            request,
            "users.html",
            status_code=status,
            users=users,
            roles=list(Role),
            scopes=list(ScopeLevel),
            form=form,
            errors=errors,
        )

    @get("/", include_in_schema=False)
    async def list_users(self, request: Request) -> Template:
        return await self._render(request, form={}, errors=[])

    @post("/", include_in_schema=False)
    async def create_user(self, request: Request) -> Response[Any]:
        async def create(data: UserCreate) -> services.UserRow:
            return await services.create_user(**data.model_dump(), actor=request.user)

        async def refused(state: FormState) -> Template:
            return await self._render(request, form=state.values, errors=state.messages, status=422)

        return await form_action(
            request,
            UserCreate,
            create,
            done=lambda _: redirect("/users", notice="user_created"),
            refused=refused,
        )

    @post("/{user_id:int}/active", include_in_schema=False)
    async def toggle_active(self, request: Request, user_id: FromPath[int]) -> Redirect:
        form = await request.form()
        await services.set_user_active(
            user_id=user_id, active=form.get("active") == "1", actor=request.user
        )
        return redirect("/users", notice="user_updated")
