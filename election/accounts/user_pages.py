"""Pages managing accounts: the list, a new account, one account (role and
scope, a one-time password, switching it off and on, its sign-ins and tokens).

Scopes are chosen with pickers (province → commune → polling area), plain
<select>s filled by the server: a choice made, the form is posted back with
`refresh` (a button, or `static/scope_picker.js` on change) and comes back
with the next step's options, every typed value kept. The options stop at
the actor's own scope; the services check it again on every change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from election.accounts import security, services
from election.accounts.guards import STAFF, roles
from election.accounts.schemas import PasswordReset, TokenRevoke, UserCreate, UserUpdate
from election.actor import Role, ScopeLevel
from election.web import FormState, form_action, page, redirect

PICKED = ("role", "scope_level", "province_code", "commune_code", "polling_area_id")


def _text(values: Mapping[str, Any], name: str) -> str | None:
    value = values.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def picked(values: Mapping[str, Any]) -> dict[str, Any]:
    """The picker's choices among posted or queried values; anything that is not
    one of the choices is left out (the picker then offers its options again)."""
    role = _text(values, "role")
    level = _text(values, "scope_level")
    area = _text(values, "polling_area_id")
    return {
        "role": Role(role) if role in {r.value for r in Role} else None,
        "scope_level": ScopeLevel(level) if level in {s.value for s in ScopeLevel} else None,
        "province_code": _text(values, "province_code"),
        "commune_code": _text(values, "commune_code"),
        "polling_area_id": int(area) if area and area.isdigit() and len(area) < 10 else None,
    }


def typed(form: Any) -> dict[str, str]:
    """Every text field of a posted form, as typed (the CSRF token aside)."""
    return {
        key: value.strip()
        for key, value in form.items()
        if isinstance(value, str) and key != "_csrf_token"
    }


class UserPages(Controller):
    path = "/users"
    opt = roles(*STAFF)

    @get("/", include_in_schema=False)
    async def list_users(self, request: Request) -> Template:
        users = await services.list_users(actor=request.user)
        return page(request, "users.html", users=users)

    # ----------------------------------------------------------------------
    # A new account

    async def _new(
        self, request: Request, form: Mapping[str, Any], state: FormState | None = None
    ) -> Template:
        choices = await services.scope_choices(actor=request.user, **picked(form))
        values = {**form}
        values.setdefault("password", security.one_time_password())
        return page(
            request,
            "accounts/new.html",
            status_code=422 if state is not None else 200,
            choices=choices,
            form=values,
            errors=state.messages if state else [],
            fields=state.fields if state else {},
        )

    @get("/new", include_in_schema=False)
    async def new_user(self, request: Request) -> Template:
        return await self._new(request, dict(request.query_params))

    @post("/", include_in_schema=False)
    async def create_user(self, request: Request) -> Response[Any]:
        form = await request.form()
        if form.get("refresh"):
            return await self._new(request, typed(form))

        async def create(data: UserCreate) -> services.UserRow:
            return await services.create_user(
                **data.model_dump(), one_time_password=True, actor=request.user
            )

        async def refused(state: FormState) -> Template:
            return await self._new(request, typed(form), state)

        return await form_action(
            request,
            UserCreate,
            create,
            done=lambda user: redirect(f"/users/{user.id}", notice="user_created"),
            refused=refused,
        )

    # ----------------------------------------------------------------------
    # One account

    async def _user(
        self,
        request: Request,
        user_id: int,
        form: Mapping[str, Any] | None = None,
        state: FormState | None = None,
    ) -> Template:
        detail = await services.user_detail(user_id=user_id, actor=request.user)
        user = detail.user
        current = {
            "full_name": user.full_name,
            "role": user.role.value,
            "scope_level": user.scope_level.value,
            "province_code": user.province_code or "",
            "commune_code": user.commune_code or "",
            "polling_area_id": str(user.polling_area_id or ""),
        }
        values = {**current, **form} if form else current
        choices = await services.scope_choices(actor=request.user, **picked(values))
        return page(
            request,
            "accounts/user.html",
            status_code=422 if state is not None else 200,
            detail=detail,
            user=user,
            choices=choices,
            form=values,
            suggested_password=security.one_time_password(),
            errors=state.messages if state else [],
            fields=state.fields if state else {},
        )

    @get("/{user_id:int}", include_in_schema=False)
    async def user(self, request: Request, user_id: FromPath[int]) -> Template:
        return await self._user(request, user_id)

    @post("/{user_id:int}", include_in_schema=False)
    async def update_user(self, request: Request, user_id: FromPath[int]) -> Response[Any]:
        form = await request.form()
        if form.get("refresh"):
            return await self._user(request, user_id, typed(form))

        async def update(data: UserUpdate) -> services.UserRow:
            return await services.update_user(
                user_id=user_id, **data.model_dump(), actor=request.user
            )

        async def refused(state: FormState) -> Template:
            return await self._user(request, user_id, typed(form), state)

        return await form_action(
            request,
            UserUpdate,
            update,
            done=lambda _: redirect(f"/users/{user_id}", notice="user_updated"),
            refused=refused,
        )

    @post("/{user_id:int}/password", include_in_schema=False)
    async def reset_password(self, request: Request, user_id: FromPath[int]) -> Response[Any]:
        async def reset(data: PasswordReset) -> str:
            return await services.reset_password(
                user_id=user_id, new_password=data.new_password, actor=request.user
            )

        async def refused(state: FormState) -> Template:
            return await self._user(request, user_id, None, state)

        return await form_action(
            request,
            PasswordReset,
            reset,
            done=lambda _: redirect(f"/users/{user_id}", notice="user_updated"),
            refused=refused,
        )

    @post("/{user_id:int}/tokens/revoke", include_in_schema=False)
    async def revoke_token(self, request: Request, user_id: FromPath[int]) -> Response[Any]:
        async def revoke(data: TokenRevoke) -> bool:
            return await services.revoke_user_token(
                user_id=user_id, token_hash=data.token_id, actor=request.user
            )

        async def refused(state: FormState) -> Template:
            return await self._user(request, user_id, None, state)

        return await form_action(
            request,
            TokenRevoke,
            revoke,
            done=lambda _: redirect(f"/users/{user_id}", notice="user_updated"),
            refused=refused,
        )

    @post("/{user_id:int}/active", include_in_schema=False)
    async def toggle_active(self, request: Request, user_id: FromPath[int]) -> Redirect:
        form = await request.form()
        await services.set_user_active(
            user_id=user_id, active=form.get("active") == "1", actor=request.user
        )
        return redirect(f"/users/{user_id}", notice="user_updated")
