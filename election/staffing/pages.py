"""Pages of staffing: the overview against the calendar, each body with its
members, a commune's teams and the assignment helper, the staff registry.

Forms are validated by the API's Input schemas (`election.web.form_action`)
and handled by the same services; a refusal re-renders the page with its
messages (status 422)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from election.accounts import services as accounts
from election.accounts.guards import STAFF
from election.actor import Actor, Role
from election.audit import services as audit
from election.elections import services as elections
from election.errors import DomainError
from election.geography import services as geography
from election.paging import Page, filters, fold, page_request, text_param
from election.printing import staffing as printing
from election.schemas import Input
from election.staffing import rules, services
from election.staffing.controllers import contacts_csv, update_member_input
from election.staffing.people_pages import PeoplePages
from election.staffing.schemas import (
    AcceptIn,
    AssignmentIn,
    BodyUpdate,
    ElectionBodyIn,
    LeaveIn,
    LinkAccountIn,
    MemberIn,
    MemberUpdate,
    StationAccountsIn,
    SwapIn,
    TeamsIn,
    TrainingIn,
)
from election.staffing.tables import BodyKind
from election.web import (
    FormState,
    form_action,
    form_values,
    page,
    parse_form,
    pdf_response,
    redirect,
    refusing,
    status_of,
)

TEAM_KINDS = [kind for kind in BodyKind if kind in rules.TEAM_KINDS]
COMMITTEE_KINDS = [BodyKind.PROVINCE_COMMITTEE, BodyKind.COMMUNE_COMMITTEE]

# Renders a page again with a refused form's messages.
Refused = Callable[[FormState], Awaitable[Template]]
FormIn = TypeVar("FormIn", bound=Input)


def no_store(response: Template) -> Template:
    """A page showing initial passwords is kept by no cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _messages(state: FormState | None) -> list[str]:
    return state.messages if state is not None else []


def _communes_page(request: Request, communes: list[Any]) -> Page[Any]:
    """The overview's communes (a national reader: every commune of the
    country) found by name with or without diacritics, a page at a time."""
    wanted = page_request(request.query_params)
    typed = text_param(request.query_params)
    key = fold(typed)
    found = [c for c in communes if key in fold(c.name)]
    wanted = wanted.clamped(len(found))
    return Page.of(
        found[wanted.offset : wanted.offset + wanted.limit],
        total=len(found),
        request=wanted,
        filters=filters(election=request.query_params.get("election"), q=typed),
        noun="xã, phường",
    )


async def _station_accounts(actor: Actor, body: services.BodyRow) -> list[str]:
    """The logins a team's leader or secretary may be linked to: the station
    officers' accounts of the team's polling area (chosen, not typed)."""
    if not body.is_team or actor.role not in STAFF:
        return []
    return sorted(
        u.username
        for u in await accounts.list_users(actor=actor)
        if u.role == Role.STATION_OFFICER and u.polling_area_id == body.polling_area_id
    )


class StaffingPages(Controller):
    path = "/staffing"

    @get("/", include_in_schema=False)
    async def overview(
        self,
        request: Request,
        election_id: Annotated[int | None, QueryParameter(name="election")] = None,
    ) -> Template:
        return await self._overview(request, election_id)

    async def _overview(
        self, request: Request, election_id: int | None, state: FormState | None = None
    ) -> Template:
        actor: Actor = request.user
        election = (
            await elections.get_election(election_id=election_id)
            if election_id is not None
            else await elections.default_election()
        )
        overview = (
            await services.staffing_overview(election_id=election.id, actor=actor)
            if election
            else None
        )
        is_admin = actor.role == Role.ADMIN
        # A committee's place is chosen by name, never typed as a code.
        provinces = await geography.list_provinces() if is_admin else []
        return page(
            request,
            "staffing/overview.html",
            provinces=provinces,
            province_names={p.code: p.name for p in provinces},
            communes=await geography.commune_places(province_code=None) if is_admin else [],
            status_code=status_of(state),
            election=election,
            overview=overview,
            team_communes=_communes_page(request, overview.communes if overview else []),
            commune_query=text_param(request.query_params),
            rules_table=rules.BODY_RULES,
            committee_options=services.committees_to_form(actor, overview.committees)
            if overview is not None
            else [],
            committee_kinds=COMMITTEE_KINDS,
            is_admin=is_admin,
            errors=_messages(state),
        )

    @post("/bodies", include_in_schema=False)
    async def create_body(self, request: Request) -> Response[Any]:
        raw = str(form_values(await request.form(), ElectionBodyIn).get("election_id", ""))
        election_id = int(raw) if raw.isdigit() else None

        async def refused(state: FormState) -> Template:
            return await self._overview(request, election_id, state)

        return await form_action(
            request,
            ElectionBodyIn,
            lambda data: services.create_body(actor=request.user, **data.model_dump()),
            done=lambda result: redirect(f"/staffing/bodies/{result.body.id}", notice="saved"),
            refused=refused,
        )

    # ---------------------------------------------------------------- bodies

    async def _body(
        self,
        request: Request,
        body_id: int,
        state: FormState | None = None,
        *,
        credentials: list[services.IssuedCredential] | None = None,
        query: str = "",
    ) -> Template:
        actor: Actor = request.user
        report = await services.body_report(body_id=body_id, actor=actor)
        body = report.body
        can_manage = services.may_manage(actor, body)
        return page(
            request,
            "staffing/body.html",
            station_accounts=await _station_accounts(actor, body) if can_manage else [],
            status_code=status_of(state),
            election=await elections.get_election(election_id=body.election_id),
            report=report,
            body=body,
            can_manage=can_manage,
            choices=await services.people_for_body(body_id=body_id, actor=actor, query=query)
            if can_manage
            else [],
            query=query,
            team_kinds=TEAM_KINDS,
            credentials=credentials,
            history=await audit.history(entity_type="election_body", entity_id=body_id, limit=30),
            errors=_messages(state),
        )

    def _body_refused(self, request: Request, body_id: int, query: str = "") -> Refused:
        async def refused(state: FormState) -> Template:
            return await self._body(request, body_id, state, query=query)

        return refused

    @get("/bodies/{body_id:int}", include_in_schema=False)
    async def body(
        self,
        request: Request,
        body_id: FromPath[int],
        q: Annotated[str, QueryParameter(max_length=100)] = "",
    ) -> Template:
        return await self._body(request, body_id, query=q)

    async def _body_form(
        self,
        request: Request,
        body_id: int,
        schema: type[FormIn],
        act: Callable[[FormIn], Awaitable[object]],
        *,
        notice: str = "saved",
        query: str = "",
    ) -> Response[Any]:
        """A form posted from the body's page: back to the page with `notice`,
        or the page again (with the people search `query`) and the refusal."""
        return await form_action(
            request,
            schema,
            act,
            done=lambda _: redirect(f"/staffing/bodies/{body_id}", notice=notice),
            refused=self._body_refused(request, body_id, query),
        )

    @post("/bodies/{body_id:int}", include_in_schema=False)
    async def update_body(self, request: Request, body_id: FromPath[int]) -> Response[Any]:
        return await self._body_form(
            request,
            body_id,
            BodyUpdate,
            lambda data: services.update_body(
                body_id=body_id, actor=request.user, **data.model_dump()
            ),
        )

    @post("/bodies/{body_id:int}/delete", include_in_schema=False)
    async def delete_body(self, request: Request, body_id: FromPath[int]) -> Response[Any]:
        body = await refusing(
            services.delete_body(body_id=body_id, actor=request.user),
            self._body_refused(request, body_id),
        )
        if isinstance(body, Template):
            return body
        if body.is_team and body.commune_code:
            return redirect(
                f"/staffing/elections/{body.election_id}/communes/{body.commune_code}",
                notice="deleted",
            )
        return redirect(f"/staffing?election={body.election_id}", notice="deleted")

    @post("/bodies/{body_id:int}/members", include_in_schema=False)
    async def add_member(self, request: Request, body_id: FromPath[int]) -> Response[Any]:
        query = (await request.form()).get("q")
        return await self._body_form(
            request,
            body_id,
            MemberIn,
            lambda data: services.add_member(
                body_id=body_id, actor=request.user, **data.model_dump()
            ),
            notice="member_added",
            query=query if isinstance(query, str) else "",
        )

    @post("/bodies/{body_id:int}/training", include_in_schema=False)
    async def training(self, request: Request, body_id: FromPath[int]) -> Response[Any]:
        return await self._body_form(
            request,
            body_id,
            TrainingIn,
            lambda data: services.record_training_day(
                body_id=body_id, day=data.trained_on, present=data.present, actor=request.user
            ),
        )

    @post("/bodies/{body_id:int}/accounts", include_in_schema=False)
    async def accounts(self, request: Request, body_id: FromPath[int]) -> Template:
        issued = await refusing(
            services.issue_station_accounts(body_id=body_id, actor=request.user),
            self._body_refused(request, body_id),
        )
        if isinstance(issued, Template):
            return issued
        # Rendered, not redirected: the passwords are shown this once and kept nowhere.
        return no_store(await self._body(request, body_id, credentials=issued))

    @get("/bodies/{body_id:int}/roster.pdf", include_in_schema=False)
    async def roster(self, request: Request, body_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(await printing.team_roster_pdf(body_id=body_id, actor=request.user))

    @get("/bodies/{body_id:int}/members.pdf", include_in_schema=False)
    async def members_pdf(self, request: Request, body_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(await printing.body_members_pdf(body_id=body_id, actor=request.user))

    @get("/bodies/{body_id:int}/contacts.csv", include_in_schema=False)
    async def contacts(self, request: Request, body_id: FromPath[int]) -> Response[bytes]:
        body = await services.get_body(body_id=body_id, actor=request.user)
        return contacts_csv(body, await services.list_members(body_id=body_id, actor=request.user))

    # --------------------------------------------------------------- members

    async def _member_body(self, request: Request, member_id: int) -> int:
        member = await services.get_member(member_id=member_id, actor=request.user)
        return member.body_id

    @post("/members/{member_id:int}", include_in_schema=False)
    async def update_member(self, request: Request, member_id: FromPath[int]) -> Response[Any]:
        body_id = await self._member_body(request, member_id)
        return await self._body_form(
            request,
            body_id,
            MemberUpdate,
            lambda data: update_member_input(member_id, data, request.user),
        )

    @post("/members/{member_id:int}/leave", include_in_schema=False)
    async def leave(self, request: Request, member_id: FromPath[int]) -> Response[Any]:
        body_id = await self._member_body(request, member_id)
        return await self._body_form(
            request,
            body_id,
            LeaveIn,
            lambda data: services.remove_member(
                member_id=member_id, actor=request.user, **data.model_dump()
            ),
            notice="member_left",
        )

    @post("/members/{member_id:int}/account", include_in_schema=False)
    async def link_account(self, request: Request, member_id: FromPath[int]) -> Response[Any]:
        body_id = await self._member_body(request, member_id)
        return await self._body_form(
            request,
            body_id,
            LinkAccountIn,
            lambda data: services.link_member_account(
                member_id=member_id, username=data.username, actor=request.user
            ),
        )


class CommuneTeamPages(Controller):
    path = "/staffing/elections/{election_id:int}/communes/{commune_code:str}"

    async def _render(
        self,
        request: Request,
        election_id: int,
        commune_code: str,
        state: FormState | None = None,
        *,
        credentials: list[services.IssuedCredential] | None = None,
    ) -> Template:
        actor: Actor = request.user
        election = await elections.get_election(election_id=election_id)
        commune = await geography.get_commune(commune_code)
        rows = await services.commune_teams(
            election_id=election_id, commune_code=commune_code, actor=actor
        )
        return page(
            request,
            "staffing/commune.html",
            status_code=status_of(state),
            election=election,
            commune=commune,
            rows=rows,
            can_manage=services.may_manage_body(
                actor,
                kind=BodyKind.TEAM,
                province_code=commune.province_code,
                commune_code=commune.code,
            ),
            runs=await services.latest_assignments(
                election_id=election_id, commune_code=commune_code, actor=actor
            ),
            deadline=rules.forming_deadline(BodyKind.TEAM, election.election_day),
            members=sum(b.member_count for _, b, _ in rows if b is not None),
            team_count=sum(1 for _, b, _ in rows if b is not None),
            lacking=[area for area, _, _ in rows if area.needs_logins],
            credentials=credentials,
            errors=_messages(state),
        )

    def _refused(self, request: Request, election_id: int, commune_code: str) -> Refused:
        async def refused(state: FormState) -> Template:
            return await self._render(request, election_id, commune_code, state)

        return refused

    @get("/", include_in_schema=False)
    async def teams(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template:
        return await self._render(request, election_id, commune_code)

    @post("/teams", include_in_schema=False)
    async def form_teams(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Response[Any]:
        return await form_action(
            request,
            TeamsIn,
            lambda data: services.form_commune_teams(
                election_id=election_id,
                commune_code=commune_code,
                actor=request.user,
                **data.model_dump(),
            ),
            done=lambda _: redirect(
                f"/staffing/elections/{election_id}/communes/{commune_code}", notice="teams_formed"
            ),
            refused=self._refused(request, election_id, commune_code),
        )

    @post("/accounts", include_in_schema=False)
    async def accounts(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template:
        refused = self._refused(request, election_id, commune_code)
        try:
            data = parse_form(
                StationAccountsIn, form_values(await request.form(), StationAccountsIn)
            )
            issued = await services.issue_commune_station_accounts(
                election_id=election_id,
                commune_code=commune_code,
                polling_area_ids=data.polling_area_ids,
                actor=request.user,
            )
        except DomainError as error:
            return await refused(FormState.refused({}, error))
        # Rendered, not redirected: the passwords are shown this once and kept nowhere.
        return no_store(await self._render(request, election_id, commune_code, credentials=issued))

    @post("/assign", include_in_schema=False)
    async def assign(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Response[Any]:
        return await form_action(
            request,
            AssignmentIn,
            lambda data: services.propose_assignment(
                election_id=election_id,
                commune_code=commune_code,
                actor=request.user,
                **data.model_dump(),
            ),
            done=lambda view: redirect(f"/staffing/assignments/{view.id}"),
            refused=self._refused(request, election_id, commune_code),
        )

    @get("/decision.pdf", include_in_schema=False)
    async def decision(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Response[bytes]:
        return pdf_response(
            await printing.team_decision_pdf(
                election_id=election_id, commune_code=commune_code, actor=request.user
            )
        )


class AssignmentPages(Controller):
    path = "/staffing/assignments"

    async def _render(
        self, request: Request, run_id: int, state: FormState | None = None
    ) -> Template:
        view = await services.get_assignment(run_id=run_id, actor=request.user)
        commune = await geography.get_commune(view.commune_code)
        return page(
            request,
            "staffing/assignment.html",
            status_code=status_of(state),
            view=view,
            election=await elections.get_election(election_id=view.election_id),
            commune=commune,
            can_manage=services.may_manage_body(
                request.user,
                kind=BodyKind.TEAM,
                province_code=commune.province_code,
                commune_code=commune.code,
            ),
            errors=_messages(state),
        )

    def _refused(self, request: Request, run_id: int) -> Refused:
        async def refused(state: FormState) -> Template:
            return await self._render(request, run_id, state)

        return refused

    @get("/{run_id:int}", include_in_schema=False)
    async def assignment(self, request: Request, run_id: FromPath[int]) -> Template:
        return await self._render(request, run_id)

    @post("/{run_id:int}/swap", include_in_schema=False)
    async def swap(self, request: Request, run_id: FromPath[int]) -> Response[Any]:
        form = await request.form()
        # One choice names the seat: "polling area:person".
        seat = form.get("seat")
        area, _, person = (seat if isinstance(seat, str) else "").partition(":")
        values = {
            **form_values(form, SwapIn),
            **({"polling_area_id": area, "out_person_id": person} if person else {}),
        }
        try:
            data = parse_form(SwapIn, values)
            await services.swap_assignment(run_id=run_id, actor=request.user, **data.model_dump())
        except DomainError as error:
            return await self._refused(request, run_id)(FormState.refused(values, error))
        return redirect(f"/staffing/assignments/{run_id}", notice="swapped")

    @post("/{run_id:int}/accept", include_in_schema=False)
    async def accept(self, request: Request, run_id: FromPath[int]) -> Response[Any]:
        return await form_action(
            request,
            AcceptIn,
            lambda data: services.accept_assignment(
                run_id=run_id, actor=request.user, **data.model_dump()
            ),
            done=lambda view: redirect(
                f"/staffing/elections/{view.election_id}/communes/{view.commune_code}",
                notice="assignment_accepted",
            ),
            refused=self._refused(request, run_id),
        )

    @post("/{run_id:int}/discard", include_in_schema=False)
    async def discard(self, request: Request, run_id: FromPath[int]) -> Response[Any]:
        view = await refusing(
            services.discard_assignment(run_id=run_id, actor=request.user),
            self._refused(request, run_id),
        )
        if isinstance(view, Template):
            return view
        return redirect(
            f"/staffing/elections/{view.election_id}/communes/{view.commune_code}",
            notice="assignment_discarded",
        )


__all__ = ["AssignmentPages", "CommuneTeamPages", "PeoplePages", "StaffingPages"]
