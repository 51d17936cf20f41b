"""The dashboard: the selected election, its contests and its legal calendar;
for a polling area's team, their area's sheets to enter instead. The
election's own pages: a national administrator creates an election with its
contests, changes it while the law's calendar allows (`event_rules`), and
adds contests; everyone signed in reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from election.accounts import services as accounts
from election.accounts.guards import roles
from election.actor import Actor, Role, ScopeLevel
from election.elections import services
from election.elections.schemas import ContestsIn, ElectionCreate, ElectionSetupIn
from election.elections.services import ElectionRow
from election.elections.tables import ElectionKind
from election.geography import services as geography
from election.printing import services as printing
from election.tallies import services as tallies
from election.tallies.tables import SheetState
from election.web import FormState, form_action, page, pdf_response, redirect, status_of


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


CONTESTS_SHOWN = 40


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
            # A general election holds thousands of councils: the first few, and a link.
            contests_shown=CONTESTS_SHOWN,
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


# --------------------------------------------------------------------------
# The election's own pages


_ELECTION_FIELDS = set(ElectionCreate.model_fields)


def contest_plan(data: ContestsIn) -> services.ContestPlan:
    """The contests a form asks for: the councils everywhere, or in the provinces ticked."""
    return services.ContestPlan(
        national_assembly=data.national_assembly,
        province_council=data.province_council,
        province_council_term=data.province_council_term,
        commune_council=data.commune_council,
        commune_council_term=data.commune_council_term,
        provinces=None if data.everywhere else list(data.province_codes),
        communes=list(data.commune_codes) or None,
    )


def typed_date(value: object) -> str:
    """A date as its field shows it (dd/mm/yyyy); what was typed stays as typed."""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str) and "/" not in value:
        try:
            return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    return value if isinstance(value, str) else ""


def _is_national_admin(actor: Actor) -> bool:
    return actor.role == Role.ADMIN and actor.scope_level == ScopeLevel.NATIONAL


class ElectionPages(Controller):
    path = "/elections"

    @get("/", include_in_schema=False)
    async def index(self, request: Request) -> Template:
        return page(
            request,
            "elections/index.html",
            elections=await services.list_elections(),
            may_create=_is_national_admin(request.user),
        )

    @get("/new", opt=roles(Role.ADMIN), include_in_schema=False)
    async def new(self, request: Request) -> Template:
        return await self._new_page(request)

    async def _new_page(self, request: Request, state: FormState | None = None) -> Template:
        services.require_admin(request.user)
        form = state or FormState()
        return page(
            request,
            "elections/new.html",
            status_code=status_of(state),
            form=form,
            fresh=state is None,
            election_day=typed_date(form.values.get("election_day")),
            kinds=list(ElectionKind),
            provinces=await geography.list_provinces(),
        )

    @post("/", opt=roles(Role.ADMIN), include_in_schema=False)
    async def create(self, request: Request) -> Response[Any] | Template:
        async def act(data: ElectionSetupIn) -> ElectionRow:
            return await services.set_up_election(
                plan=contest_plan(data),
                actor=request.user,
                **data.model_dump(include=_ELECTION_FIELDS),
            )

        return await form_action(
            request,
            ElectionSetupIn,
            act,
            done=lambda election: redirect(f"/elections/{election.id}", notice="saved"),
            refused=lambda state: self._new_page(request, state),
        )

    @get("/{election_id:int}", include_in_schema=False)
    async def show(
        self,
        request: Request,
        election_id: FromPath[int],
        province: Annotated[str | None, QueryParameter(pattern=r"^\d{2}$")] = None,
    ) -> Template:
        return await self._show(request, election_id, province=province)

    async def _show(
        self,
        request: Request,
        election_id: int,
        *,
        edit: FormState | None = None,
        contests: FormState | None = None,
        province: str | None = None,
    ) -> Template:
        actor: Actor = request.user
        election = await services.get_election(election_id=election_id)
        # The communes of one province, for a council elected in a few of them.
        typed = (contests.values.get("province_codes") if contests else None) or []
        province = province or (typed[0] if len(typed) == 1 else None)
        communes = await geography.list_communes(province_code=province) if province else []
        places = await services.contests_by_province(election_id=election_id)
        if actor.scope_level != ScopeLevel.NATIONAL:
            places = [p for p in places if p.code == actor.province_code]
        edit_form = edit or FormState()
        return page(
            request,
            "elections/election.html",
            status_code=status_of(edit or contests),
            election=election,
            places=places,
            national_contest_id=await services.national_contest_id(election_id=election_id),
            may_change=await services.may_change_election(election_id=election_id),
            is_admin=_is_national_admin(actor),
            edit=edit_form,
            election_day=typed_date(edit_form.values.get("election_day", election.election_day)),
            contests_form=contests or FormState(values={"province_codes": [province]})
            if province
            else contests or FormState(),
            province=province,
            communes=communes,
            kinds=list(ElectionKind),
            provinces=await geography.list_provinces(),
        )

    @post("/{election_id:int}", opt=roles(Role.ADMIN), include_in_schema=False)
    async def update(
        self, request: Request, election_id: FromPath[int]
    ) -> Response[Any] | Template:
        async def act(data: ElectionCreate) -> ElectionRow:
            return await services.update_election(
                election_id=election_id, actor=request.user, **data.model_dump()
            )

        return await form_action(
            request,
            ElectionCreate,
            act,
            done=lambda _: redirect(f"/elections/{election_id}", notice="saved"),
            refused=lambda state: self._show(request, election_id, edit=state),
        )

    @post("/{election_id:int}/contests", opt=roles(Role.ADMIN), include_in_schema=False)
    async def add_contests(
        self, request: Request, election_id: FromPath[int]
    ) -> Response[Any] | Template:
        async def act(data: ContestsIn) -> object:
            return await services.add_contests(
                election_id=election_id, plan=contest_plan(data), actor=request.user
            )

        return await form_action(
            request,
            ContestsIn,
            act,
            done=lambda _: redirect(f"/elections/{election_id}", notice="saved"),
            refused=lambda state: self._show(request, election_id, contests=state),
        )
