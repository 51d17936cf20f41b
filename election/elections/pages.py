"""The dashboard: the selected election, its contests and its legal calendar."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from election.accounts import services as accounts
from election.elections import services
from election.printing import services as printing
from election.web import page, pdf_response


class DashboardPages(Controller):
    @get("/", include_in_schema=False)
    async def dashboard(
        self,
        request: Request,
        election_id: Annotated[int | None, QueryParameter(name="election")] = None,
    ) -> Template:
        elections = await services.list_elections()
        election = (
            await services.get_election(election_id=election_id)
            if election_id is not None
            else await services.default_election()
        )
        contests, milestones = [], []
        if election is not None:
            contests = await services.list_contests(election_id=election.id, actor=request.user)
            _, milestones = await services.election_calendar(election_id=election.id)
        user = await accounts.get_user(user_id=request.user.user_id)
        return page(
            request,
            "dashboard.html",
            scope_place=user.scope_label,
            elections=elections,
            election=election,
            contests=contests,
            milestones=milestones,
        )

    @get("/elections/{election_id:int}/calendar.pdf", include_in_schema=False)
    async def calendar_pdf(self, request: Request, election_id: FromPath[int]) -> Response[bytes]:
        document = await printing.election_calendar_pdf(election_id=election_id, actor=request.user)
        return pdf_response(document)
