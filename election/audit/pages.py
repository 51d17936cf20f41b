"""The audit log page and an entity's history."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from election.accounts.guards import roles
from election.actor import Role
from election.audit import services
from election.web import page


class AuditPages(Controller):
    path = "/audit"
    opt = roles(Role.ADMIN, Role.OBSERVER)

    @get("/", include_in_schema=False)
    async def recent(
        self,
        request: Request,
        username: Annotated[str | None, QueryParameter(name="user", max_length=64)] = None,
    ) -> Template:
        events = await services.recent(
            actor=request.user, limit=200, actor_username=username or None
        )
        return page(
            request, "audit.html", events=events, title="Nhật ký thay đổi", username=username or ""
        )

    @get("/{entity_type:str}/{entity_id:str}", include_in_schema=False)
    async def history(
        self, request: Request, entity_type: FromPath[str], entity_id: FromPath[str]
    ) -> Template:
        services.require_reader(request.user)
        events = await services.history(entity_type=entity_type, entity_id=entity_id)
        return page(
            request,
            "audit.html",
            events=events,
            title=f"Lịch sử thay đổi: {entity_type} #{entity_id}",
            username="",
        )
