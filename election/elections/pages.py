"""The dashboard: the selected election, its contests and its legal calendar;
for a polling area's team, their area's sheets to enter instead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Protocol

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from election.accounts import services as accounts
from election.actor import Actor, Role
from election.elections import services
from election.printing import services as printing
from election.tallies import services as tallies
from election.tallies.tables import SheetState
from election.web import page, pdf_response


@dataclass(frozen=True)
class OfficerSheet:
    """One sheet on the team's home, with what the officer does next."""

    sheet: tallies.SheetContext
    # "enter", "verify", "re-enter" (the two entries differ), "wait" (for the
    # second entry), "approval" (verified, with the board), "done".
    step: str

    @property
    def to_enter(self) -> bool:
        return self.step in ("enter", "verify", "re-enter")


class Typing(Protocol):
    """Who typed which version of a sheet (all the step needs of an entry)."""

    @property
    def version(self) -> int: ...

    @property
    def entered_by(self) -> str: ...


def officer_step(sheet: tallies.SheetContext, entries: Sequence[Typing], username: str) -> str:
    """What the officer does next with a sheet: only the state and who entered
    decide it, never the figures (the second entry stays blind)."""
    if sheet.state in (SheetState.APPROVED, SheetState.LOCKED):
        return "done"
    if sheet.state == SheetState.VERIFIED:
        return "approval"
    if sheet.state == SheetState.DRAFT or not entries:
        return "enter"
    version = max(e.version for e in entries)
    typists = {e.entered_by for e in entries if e.version == version}
    if username not in typists:
        return "verify"
    return "re-enter" if len(typists) > 1 else "wait"


class DashboardPages(Controller):
    @get("/", include_in_schema=False)
    async def dashboard(
        self,
        request: Request,
        election_id: Annotated[int | None, QueryParameter(name="election")] = None,
    ) -> Template:
        actor: Actor = request.user
        if actor.role == Role.STATION_OFFICER and actor.polling_area_id and election_id is None:
            return await self._officer_home(request, actor, actor.polling_area_id)
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

    async def _officer_home(self, request: Request, actor: Actor, polling_area_id: int) -> Template:
        """A team's phone home: their area's sheets, each with its next step."""
        sheets = await tallies.area_sheets(polling_area_id=polling_area_id, actor=actor)
        cards = [
            OfficerSheet(
                sheet=sheet,
                step=officer_step(
                    sheet,
                    await tallies.sheet_entries(sheet_id=sheet.id, actor=actor),
                    actor.username,
                ),
            )
            for sheet in sheets
        ]
        return page(
            request,
            "officer_home.html",
            cards=cards,
            area=sheets[0] if sheets else None,
            remaining=sum(1 for c in cards if c.to_enter),
            may_enter=bool(sheets) and tallies.may_enter(actor, sheets[0]),
            election=await services.default_election(),
        )
