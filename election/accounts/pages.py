"""Pages of accounts: sign-in, sign-out, the user list, one's own account."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from election.accounts import services
from election.accounts.guards import SESSION_COOKIE, STAFF, roles
from election.accounts.tables import TokenKind
from election.actor import Actor, Role, ScopeLevel
from election.errors import DomainError
from election.settings import Settings
from election.web import PageForm, messages_of, page, redirect, safe_next


class LoginForm(PageForm):
    username: str = ""
    password: str = ""
    next: str = "/"


class UserForm(PageForm):
    username: str = ""
    full_name: str = ""
    password: str = ""
    role: str = ""
    scope_level: str = ""
    province_code: str = ""
    commune_code: str = ""
    polling_area_id: str = ""


class PasswordForm(PageForm):
    current_password: str = ""
    new_password: str = ""
    repeat_password: str = ""


class LoginPages(Controller):
    @get("/login", opt={"public": True}, include_in_schema=False)
    async def login_form(self, request: Request, next: FromQuery[str] = "/") -> Template:
        return page(request, "login.html", next=safe_next(next), error="")

    @post("/login", opt={"public": True}, include_in_schema=False)
    async def login(
        self,
        request: Request,
        settings: NamedDependency[Settings],
        data: URLEncodedBody[LoginForm],
    ) -> Template | Redirect:
        try:
            user = await services.authenticate(username=data.username, password=data.password)
        except DomainError as error:
            return page(
                request,
                "login.html",
                status_code=401,
                next=safe_next(data.next),
                error=error.detail,
                username=data.username,
            )
        issued = await services.issue_token(
            user=user,
            kind=TokenKind.SESSION,
            lifetime=dt.timedelta(hours=settings.session_hours),
            client_address=request.client.host if request.client else "",
            request_id=request.scope["state"].get("request_id", ""),
        )
        response = Redirect(path=safe_next(data.next), status_code=303)
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

    @get("/", include_in_schema=False)
    async def account(self, request: Request) -> Template:
        actor: Actor = request.user
        user = await services.get_user(user_id=actor.user_id)
        return page(request, "account.html", user=user, errors=[])

    @post("/password", opt={"any_role": True}, include_in_schema=False)
    async def change_password(
        self, request: Request, data: URLEncodedBody[PasswordForm]
    ) -> Template | Redirect:
        actor: Actor = request.user
        try:
            if data.new_password != data.repeat_password:
                raise DomainError("Mật khẩu nhập lại không khớp.")
            await services.change_password(
                user_id=actor.user_id,
                current_password=data.current_password,
                new_password=data.new_password,
                actor=actor,
            )
        except DomainError as error:
            user = await services.get_user(user_id=actor.user_id)
            return page(
                request, "account.html", status_code=422, user=user, errors=messages_of(error)
            )
        return redirect("/account", notice="password_changed")


class UserPages(Controller):
    path = "/users"
    opt = roles(*STAFF)

    async def _render(
        self, request: Request, *, form: UserForm | None, errors: list[str], status: int = 200
    ) -> Template:
        users = await services.list_users(actor=request.user)
        return page(
            request,
            "users.html",
            status_code=status,
            users=users,
            roles=list(Role),
            scopes=list(ScopeLevel),
            form=form or UserForm(),
            errors=errors,
        )

    @get("/", include_in_schema=False)
    async def list_users(self, request: Request) -> Template:
        return await self._render(request, form=None, errors=[])

    @post("/", include_in_schema=False)
    async def create_user(
        self, request: Request, data: URLEncodedBody[UserForm]
    ) -> Template | Redirect:
        try:
            role = Role(data.role) if data.role in Role.labels() else None
            scope = (
                ScopeLevel(data.scope_level) if data.scope_level in ScopeLevel.labels() else None
            )
            if role is None or scope is None:
                raise DomainError("Cần chọn vai trò và phạm vi.")
            if data.polling_area_id and not data.polling_area_id.isdigit():
                raise DomainError("Mã khu vực bỏ phiếu phải là số.")
            await services.create_user(
                username=data.username,
                full_name=data.full_name,
                password=data.password,
                role=role,
                scope_level=scope,
                province_code=data.province_code or None,
                commune_code=data.commune_code or None,
                polling_area_id=int(data.polling_area_id) if data.polling_area_id else None,
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(request, form=data, errors=messages_of(error), status=422)
        return redirect("/users", notice="user_created")

    @post("/{user_id:int}/active", include_in_schema=False)
    async def toggle_active(self, request: Request, user_id: FromPath[int]) -> Redirect:
        form = await request.form()
        await services.set_user_active(
            user_id=user_id, active=form.get("active") == "1", actor=request.user
        )
        return redirect("/users", notice="user_updated")
