"""JSON API of the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import QueryParameter
from pydantic import computed_field

from election.accounts.guards import roles
from election.actor import Role
from election.audit import labels, search, services
from election.audit.filters import read_filters
from election.schemas import Output


class AuditEventOut(Output):
    id: int
    occurred_at: dt.datetime
    actor_username: str
    actor_role: str
    request_id: str
    entity_type: str
    entity_id: str
    action: str
    summary: str
    before: Any
    after: Any

    # What the log page shows for the codes (audit.labels).
    @computed_field
    @property
    def action_label(self) -> str:
        return labels.action_label(self.action, self.entity_type)

    @computed_field
    @property
    def entity_label(self) -> str:
        return labels.entity_text(self.entity_type, self.entity_id)

    @computed_field
    @property
    def actor_role_label(self) -> str:
        return labels.role_label(self.actor_role)


class FindingOut(Output):
    problem: str
    detail: str
    event_id: int | None
    chain: int | None


class ChainOut(Output):
    events: int
    intact: bool
    first_broken_id: int | None
    checkpoints: int
    findings: list[FindingOut]


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ["Nhật ký"]
    opt = roles(Role.ADMIN, Role.OBSERVER)

    @get(
        "/",
        summary="Nhật ký thay đổi (mới nhất trước), lọc như trang Nhật ký",
        description=(
            "Các bộ lọc như trang /audit: from, to (thời điểm), user, role, action, "
            "entity_type, entity_id, province, commune (địa bàn của người thực hiện)."
        ),
    )
    async def list_events(
        self,
        request: Request,
        entity_type: Annotated[str | None, QueryParameter(max_length=64)] = None,
        entity_id: Annotated[str | None, QueryParameter(max_length=64)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
        offset: Annotated[int, QueryParameter(ge=0, le=search.COUNT_CAP)] = 0,
    ) -> list[AuditEventOut]:
        services.require_reader(request.user)
        chosen = read_filters(request.query_params).filter
        found = await search.search(actor=request.user, filters=chosen, limit=limit, offset=offset)
        return [AuditEventOut.model_validate(e) for e in found.events]

    @get(
        "/verify",
        opt=roles(Role.ADMIN),
        summary="Kiểm tra nhật ký: từng sự kiện, đầu chuỗi và các điểm kiểm (checkpoint)",
    )
    async def verify(self) -> ChainOut:
        report = await services.verify_chain(services.configured_checkpoint_directory())
        return ChainOut(
            events=report.events,
            intact=report.intact,
            first_broken_id=report.first_broken_id,
            checkpoints=report.checkpoints,
            findings=[
                FindingOut(problem=f.problem, detail=f.detail, event_id=f.event_id, chain=f.chain)
                for f in report.findings
            ],
        )
