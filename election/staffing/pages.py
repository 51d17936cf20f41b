"""Pages of staffing: the overview against the calendar, each body with its
members, a commune's teams and the assignment helper, the staff registry."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.elections import services as elections
from election.elections.tables import Sex
from election.errors import DomainError
from election.geography import services as geography
from election.staffing import assignment, printing, rules, services
from election.staffing.controllers import contacts_csv, export_people
from election.staffing.tables import BodyKind, MemberRole
from election.web import form_date, form_int, form_text, messages_of, page, pdf_response, redirect

TEAM_KINDS = [kind for kind in BodyKind if kind in rules.TEAM_KINDS]
COMMITTEE_KINDS = [BodyKind.PROVINCE_COMMITTEE, BodyKind.COMMUNE_COMMITTEE]


def no_store(response: Template) -> Template:
    """A page showing initial passwords is kept by no cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _optional_int(form: Any, name: str, label: str) -> int | None:
    return form_int(form, name, label) if form_text(form, name) else None


def _kind(form: Any, name: str = "kind") -> BodyKind | None:
    value = form_text(form, name)
    if not value:
        return None
    if value not in BodyKind.labels():
        raise DomainError("Loại tổ chức phụ trách bầu cử không hợp lệ.")
    return BodyKind(value)


def _role(form: Any) -> MemberRole:
    value = form_text(form, "role")
    if value not in MemberRole.labels():
        raise DomainError("Cần chọn chức danh.")
    return MemberRole(value)


class StaffingPages(Controller):
    path = "/staffing"

    @get("/", include_in_schema=False)
    async def overview(
        self,
        request: Request,
        election_id: Annotated[int | None, QueryParameter(name="election")] = None,
    ) -> Template:
        return await self._overview(request, election_id, errors=[])

    async def _overview(
        self,
        request: Request,
        election_id: int | None,
        *,
        errors: list[str],
        status: int = 200,
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
        committee_options = []
        if overview is not None and not actor.is_read_only:
            have = {(b.kind, b.province_code, b.commune_code) for b in overview.committees}
            if actor.role in (Role.ADMIN, Role.PROVINCE_STAFF) and actor.province_code:
                key = (BodyKind.PROVINCE_COMMITTEE, actor.province_code, None)
                if key not in have:
                    committee_options.append(key)
            if actor.role == Role.COMMUNE_STAFF and actor.commune_code:
                key = (BodyKind.COMMUNE_COMMITTEE, actor.province_code, actor.commune_code)
                if key not in have:
                    committee_options.append(key)
        return page(
            request,
            "staffing/overview.html",
            status_code=status,
            election=election,
            overview=overview,
            rules_table=rules.BODY_RULES,
            committee_options=committee_options,
            committee_kinds=COMMITTEE_KINDS,
            is_admin=actor.role == Role.ADMIN,
            errors=errors,
        )

    @post("/bodies", include_in_schema=False)
    async def create_body(self, request: Request) -> Template | Redirect:
        form = await request.form()
        election_id = _optional_int(form, "election_id", "Cuộc bầu cử")
        try:
            if election_id is None:
                raise DomainError("Cần chọn cuộc bầu cử.")
            result = await services.create_body(
                election_id=election_id,
                kind=_kind(form),
                province_code=form_text(form, "province_code") or None,
                commune_code=form_text(form, "commune_code") or None,
                unit_id=_optional_int(form, "unit_id", "Đơn vị bầu cử"),
                polling_area_id=_optional_int(form, "polling_area_id", "Khu vực bỏ phiếu"),
                forming_authority=form_text(form, "forming_authority"),
                decision_number=form_text(form, "decision_number"),
                decision_date=form_date(form, "decision_date", "Ngày quyết định"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._overview(request, election_id, errors=messages_of(error), status=422)
        return redirect(f"/staffing/bodies/{result.body.id}", notice="saved")

    # ---------------------------------------------------------------- bodies

    async def _body(
        self,
        request: Request,
        body_id: int,
        *,
        errors: list[str],
        status: int = 200,
        credentials: list[services.IssuedCredential] | None = None,
        query: str = "",
    ) -> Template:
        actor: Actor = request.user
        report = await services.body_report(body_id=body_id, actor=actor)
        body = report.body
        election = await elections.get_election(election_id=body.election_id)
        can_manage = services.may_manage(actor, body)
        choices = (
            await services.people_for_body(body_id=body_id, actor=actor, query=query)
            if can_manage
            else []
        )
        history = await audit.history(entity_type="election_body", entity_id=body_id, limit=30)
        return page(
            request,
            "staffing/body.html",
            status_code=status,
            election=election,
            report=report,
            body=body,
            can_manage=can_manage,
            choices=choices,
            query=query,
            team_kinds=TEAM_KINDS,
            credentials=credentials,
            history=history,
            errors=errors,
        )

    @get("/bodies/{body_id:int}", include_in_schema=False)
    async def body(
        self,
        request: Request,
        body_id: FromPath[int],
        q: Annotated[str, QueryParameter(max_length=100)] = "",
    ) -> Template:
        return await self._body(request, body_id, errors=[], query=q)

    @post("/bodies/{body_id:int}", include_in_schema=False)
    async def update_body(self, request: Request, body_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            await services.update_body(
                body_id=body_id,
                kind=_kind(form),
                name=form_text(form, "name"),
                forming_authority=form_text(form, "forming_authority"),
                decision_number=form_text(form, "decision_number"),
                decision_date=form_date(form, "decision_date", "Ngày quyết định"),
                notes=form_text(form, "notes"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._body(request, body_id, errors=messages_of(error), status=422)
        return redirect(f"/staffing/bodies/{body_id}", notice="saved")

    @post("/bodies/{body_id:int}/delete", include_in_schema=False)
    async def delete_body(self, request: Request, body_id: FromPath[int]) -> Template | Redirect:
        body = await services.get_body(body_id=body_id, actor=request.user)
        try:
            await services.delete_body(body_id=body_id, actor=request.user)
        except DomainError as error:
            return await self._body(request, body_id, errors=messages_of(error), status=422)
        if body.is_team and body.commune_code:
            return redirect(
                f"/staffing/elections/{body.election_id}/communes/{body.commune_code}",
                notice="deleted",
            )
        return redirect(f"/staffing?election={body.election_id}", notice="deleted")

    @post("/bodies/{body_id:int}/members", include_in_schema=False)
    async def add_member(self, request: Request, body_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            person_id = _optional_int(form, "person_id", "Người được chọn")
            if person_id is None:
                raise DomainError("Cần chọn người trong danh sách nhân sự.")
            await services.add_member(
                body_id=body_id,
                person_id=person_id,
                role=_role(form),
                appointed_on=form_date(form, "appointed_on", "Ngày bổ nhiệm"),
                appointment_decision=form_text(form, "appointment_decision"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._body(
                request, body_id, errors=messages_of(error), status=422, query=form_text(form, "q")
            )
        return redirect(f"/staffing/bodies/{body_id}", notice="member_added")

    @post("/bodies/{body_id:int}/training", include_in_schema=False)
    async def training(self, request: Request, body_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            day = form_date(form, "trained_on", "Ngày tập huấn")
            if day is None:
                raise DomainError("Cần nhập ngày tập huấn.")
            present = {int(v) for v in form.getall("present", []) if str(v).isdigit()}
            members = await services.list_members(body_id=body_id, actor=request.user)
            attended: dict[int, dt.date | None] = {}
            for member in members:
                if member.id in present:
                    attended[member.id] = day
                elif member.trained_on == day:
                    attended[member.id] = None
            await services.record_training(body_id=body_id, attended=attended, actor=request.user)
        except DomainError as error:
            return await self._body(request, body_id, errors=messages_of(error), status=422)
        return redirect(f"/staffing/bodies/{body_id}", notice="saved")

    @post("/bodies/{body_id:int}/accounts", include_in_schema=False)
    async def accounts(self, request: Request, body_id: FromPath[int]) -> Template:
        try:
            issued = await services.issue_station_accounts(body_id=body_id, actor=request.user)
        except DomainError as error:
            return await self._body(request, body_id, errors=messages_of(error), status=422)
        # Rendered, not redirected: the passwords are shown this once and kept nowhere.
        return no_store(await self._body(request, body_id, errors=[], credentials=issued))

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
    async def update_member(
        self, request: Request, member_id: FromPath[int]
    ) -> Template | Redirect:
        body_id = await self._member_body(request, member_id)
        form = await request.form()
        try:
            await services.update_member(
                member_id=member_id,
                role=_role(form),
                appointment_decision=form_text(form, "appointment_decision") or None,
                actor=request.user,
            )
        except DomainError as error:
            return await self._body(request, body_id, errors=messages_of(error), status=422)
        return redirect(f"/staffing/bodies/{body_id}", notice="saved")

    @post("/members/{member_id:int}/leave", include_in_schema=False)
    async def leave(self, request: Request, member_id: FromPath[int]) -> Template | Redirect:
        body_id = await self._member_body(request, member_id)
        form = await request.form()
        try:
            await services.remove_member(
                member_id=member_id,
                left_on=form_date(form, "left_on", "Ngày thôi tham gia"),
                reason=form_text(form, "reason"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._body(request, body_id, errors=messages_of(error), status=422)
        return redirect(f"/staffing/bodies/{body_id}", notice="member_left")

    @post("/members/{member_id:int}/account", include_in_schema=False)
    async def link_account(self, request: Request, member_id: FromPath[int]) -> Template | Redirect:
        body_id = await self._member_body(request, member_id)
        form = await request.form()
        try:
            await services.link_member_account(
                member_id=member_id, username=form_text(form, "username"), actor=request.user
            )
        except DomainError as error:
            return await self._body(request, body_id, errors=messages_of(error), status=422)
        return redirect(f"/staffing/bodies/{body_id}", notice="saved")


class CommuneTeamPages(Controller):
    path = "/staffing/elections/{election_id:int}/communes/{commune_code:str}"

    async def _render(
        self,
        request: Request,
        election_id: int,
        commune_code: str,
        *,
        errors: list[str],
        status: int = 200,
        credentials: list[services.IssuedCredential] | None = None,
    ) -> Template:
        actor: Actor = request.user
        election = await elections.get_election(election_id=election_id)
        commune = await geography.get_commune(commune_code)
        rows = await services.commune_teams(
            election_id=election_id, commune_code=commune_code, actor=actor
        )
        can_manage = services.may_manage_body(
            actor,
            kind=BodyKind.TEAM,
            province_code=commune.province_code,
            commune_code=commune.code,
        )
        runs = await assignment.latest_assignments(
            election_id=election_id, commune_code=commune_code, actor=actor
        )
        return page(
            request,
            "staffing/commune.html",
            status_code=status,
            election=election,
            commune=commune,
            rows=rows,
            can_manage=can_manage,
            runs=runs,
            deadline=rules.forming_deadline(BodyKind.TEAM, election.election_day),
            members=sum(b.member_count for _, b, _ in rows if b is not None),
            team_count=sum(1 for _, b, _ in rows if b is not None),
            lacking=[area for area, _, _ in rows if area.get("needs_logins")],
            credentials=credentials,
            errors=errors,
        )

    @get("/", include_in_schema=False)
    async def teams(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template:
        return await self._render(request, election_id, commune_code, errors=[])

    @post("/teams", include_in_schema=False)
    async def form_teams(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await services.form_commune_teams(
                election_id=election_id,
                commune_code=commune_code,
                decision_number=form_text(form, "decision_number"),
                decision_date=form_date(form, "decision_date", "Ngày quyết định"),
                forming_authority=form_text(form, "forming_authority"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(
                request, election_id, commune_code, errors=messages_of(error), status=422
            )
        return redirect(
            f"/staffing/elections/{election_id}/communes/{commune_code}", notice="teams_formed"
        )

    @post("/accounts", include_in_schema=False)
    async def accounts(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template:
        form = await request.form()
        try:
            issued = await services.issue_commune_station_accounts(
                election_id=election_id,
                commune_code=commune_code,
                polling_area_ids=[int(v) for v in form.getall("area", []) if str(v).isdigit()],
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(
                request, election_id, commune_code, errors=messages_of(error), status=422
            )
        return no_store(
            await self._render(request, election_id, commune_code, errors=[], credentials=issued)
        )

    @post("/assign", include_in_schema=False)
    async def assign(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            view = await assignment.propose_assignment(
                election_id=election_id,
                commune_code=commune_code,
                team_size=form_int(form, "team_size", "Số thành viên mỗi Tổ"),
                seed=_optional_int(form, "seed", "Hạt giống"),
                reserve_size=_optional_int(form, "reserve_size", "Số người dự phòng"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(
                request, election_id, commune_code, errors=messages_of(error), status=422
            )
        return redirect(f"/staffing/assignments/{view.id}")

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
        self, request: Request, run_id: int, *, errors: list[str], status: int = 200
    ) -> Template:
        view = await assignment.get_assignment(run_id=run_id, actor=request.user)
        election = await elections.get_election(election_id=view.election_id)
        commune = await geography.get_commune(view.commune_code)
        can_manage = services.may_manage_body(
            request.user,
            kind=BodyKind.TEAM,
            province_code=commune.province_code,
            commune_code=commune.code,
        )
        return page(
            request,
            "staffing/assignment.html",
            status_code=status,
            view=view,
            election=election,
            commune=commune,
            can_manage=can_manage,
            errors=errors,
        )

    @get("/{run_id:int}", include_in_schema=False)
    async def assignment(self, request: Request, run_id: FromPath[int]) -> Template:
        return await self._render(request, run_id, errors=[])

    @post("/{run_id:int}/swap", include_in_schema=False)
    async def swap(self, request: Request, run_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            seat = form_text(form, "seat")
            area, _, person = seat.partition(":")
            if not (area.isdigit() and person.isdigit()):
                raise DomainError("Cần chọn người cần thay.")
            incoming = _optional_int(form, "in_person_id", "Người thay thế")
            if incoming is None:
                raise DomainError("Cần chọn người thay thế.")
            await assignment.swap_assignment(
                run_id=run_id,
                polling_area_id=int(area),
                out_person_id=int(person),
                in_person_id=incoming,
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(request, run_id, errors=messages_of(error), status=422)
        return redirect(f"/staffing/assignments/{run_id}", notice="swapped")

    @post("/{run_id:int}/accept", include_in_schema=False)
    async def accept(self, request: Request, run_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            view = await assignment.accept_assignment(
                run_id=run_id,
                appointed_on=form_date(form, "appointed_on", "Ngày bổ nhiệm"),
                appointment_decision=form_text(form, "appointment_decision"),
                decision_number=form_text(form, "decision_number"),
                decision_date=form_date(form, "decision_date", "Ngày quyết định"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(request, run_id, errors=messages_of(error), status=422)
        return redirect(
            f"/staffing/elections/{view.election_id}/communes/{view.commune_code}",
            notice="assignment_accepted",
        )

    @post("/{run_id:int}/discard", include_in_schema=False)
    async def discard(self, request: Request, run_id: FromPath[int]) -> Template | Redirect:
        try:
            view = await assignment.discard_assignment(run_id=run_id, actor=request.user)
        except DomainError as error:
            return await self._render(request, run_id, errors=messages_of(error), status=422)
        return redirect(
            f"/staffing/elections/{view.election_id}/communes/{view.commune_code}",
            notice="assignment_discarded",
        )


def _register_of(actor: Actor, province: str | None, commune: str | None):
    """The register a page shows: the one asked for, else the actor's own."""
    if province:
        return province, commune or None
    if actor.scope_level == ScopeLevel.NATIONAL:
        return None, None
    if actor.scope_level == ScopeLevel.PROVINCE:
        return actor.province_code, commune or None
    return actor.province_code, actor.commune_code


def _person_fields(form: Any) -> dict[str, Any]:
    sex = form_text(form, "sex")
    if sex not in Sex.labels():
        raise DomainError("Cần chọn giới tính.")
    born = form_date(form, "date_of_birth", "Ngày sinh")
    if born is None:
        raise DomainError("Cần nhập ngày sinh.")
    return {
        "personal_id": form_text(form, "personal_id"),
        "full_name": form_text(form, "full_name"),
        "date_of_birth": born,
        "sex": sex,
        "phone": form_text(form, "phone"),
        "organisation": form_text(form, "organisation"),
        "position": form_text(form, "position"),
        "home_commune_code": form_text(form, "home_commune_code") or None,
        "armed_forces": form_text(form, "armed_forces") == "1",
        "notes": form_text(form, "notes"),
    }


class PeoplePages(Controller):
    path = "/staffing/people"

    async def _render(
        self,
        request: Request,
        province: str | None,
        commune: str | None,
        *,
        query: str = "",
        errors: list[str],
        form: dict | None = None,
        status: int = 200,
    ) -> Template:
        actor: Actor = request.user
        province, commune = _register_of(actor, province, commune)
        provinces = await geography.list_provinces() if actor.scope_level == "national" else []
        communes = await geography.list_communes(province_code=province) if province else []
        people: list[services.PersonRow] = []
        readable = province is not None and services.may_read_register(
            actor, province_code=province, commune_code=commune
        )
        if readable:
            people = await services.list_people(
                province_code=province, commune_code=commune, actor=actor, query=query
            )
        commune_name = next((c.name for c in communes if c.code == commune), None)
        return page(
            request,
            "staffing/people.html",
            status_code=status,
            province=province,
            commune=commune,
            commune_name=commune_name,
            provinces=provinces,
            communes=communes,
            people=people,
            readable=readable,
            can_manage=province is not None
            and services.may_manage_register(actor, province_code=province, commune_code=commune),
            query=query,
            sexes=list(Sex),
            errors=errors,
            form=form or {},
        )

    @get("/", include_in_schema=False)
    async def people(
        self,
        request: Request,
        province: Annotated[str | None, QueryParameter(pattern=r"^\d{2}$")] = None,
        commune: Annotated[str | None, QueryParameter(pattern=r"^(\d{5})?$")] = None,
        q: Annotated[str, QueryParameter(max_length=100)] = "",
    ) -> Template:
        return await self._render(request, province, commune, query=q, errors=[])

    @post("/", include_in_schema=False)
    async def add(self, request: Request) -> Template | Redirect:
        form = await request.form()
        province = form_text(form, "province_code")
        commune = form_text(form, "commune_code") or None
        try:
            if not province:
                raise DomainError("Cần chọn tỉnh, thành phố của danh sách.")
            person = await services.save_person(
                province_code=province,
                commune_code=commune,
                data=_person_fields(form),
                actor=request.user,
            )
        except DomainError as error:
            values = {k: form_text(form, k) for k in form}
            return await self._render(
                request,
                province or None,
                commune,
                errors=messages_of(error),
                form=values,
                status=422,
            )
        query = f"?province={person.province_code}" + (
            f"&commune={person.commune_code}" if person.commune_code else ""
        )
        return Redirect(path=f"/staffing/people{query}&notice=saved", status_code=303)

    @post("/import", include_in_schema=False)
    async def upload(self, request: Request) -> Template | Redirect:
        form = await request.form()
        province = form_text(form, "province_code")
        commune = form_text(form, "commune_code") or None
        upload = form.get("file")
        try:
            if not province:
                raise DomainError("Cần chọn tỉnh, thành phố của danh sách.")
            if upload is None or isinstance(upload, str) or not upload.filename:
                raise DomainError("Hãy chọn tệp CSV hoặc XLSX.")
            from election.staffing.controllers import stage_people

            batch = await stage_people(
                province, commune, upload.file, upload.filename, request.user
            )
        except DomainError as error:
            return await self._render(
                request, province or None, commune, errors=messages_of(error), status=422
            )
        return redirect(f"/imports/{batch.id}")

    @get(["/export.csv", "/export.xlsx"], include_in_schema=False)
    async def export(
        self,
        request: Request,
        province: Annotated[str, QueryParameter(pattern=r"^\d{2}$")],
        commune: Annotated[str | None, QueryParameter(pattern=r"^(\d{5})?$")] = None,
    ) -> Response[bytes]:
        fmt = request.url.path.rsplit(".", 1)[-1]
        return await export_people(province, commune or None, fmt, request.user)

    async def _person(
        self, request: Request, person_id: int, *, errors: list[str], status: int = 200
    ) -> Template:
        actor: Actor = request.user
        person = await services.get_person(person_id=person_id, actor=actor)
        memberships = await services.person_memberships(person_id=person_id, actor=actor)
        return page(
            request,
            "staffing/person.html",
            status_code=status,
            person=person,
            memberships=memberships,
            communes=await geography.list_communes(province_code=person.province_code),
            sexes=list(Sex),
            can_manage=services.may_manage_register(
                actor, province_code=person.province_code, commune_code=person.commune_code
            ),
            history=await audit.history(entity_type="staff_person", entity_id=person_id),
            errors=errors,
        )

    @get("/{person_id:int}", include_in_schema=False)
    async def person(self, request: Request, person_id: FromPath[int]) -> Template:
        return await self._person(request, person_id, errors=[])

    @post("/{person_id:int}", include_in_schema=False)
    async def update(self, request: Request, person_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        current = await services.get_person(person_id=person_id, actor=request.user)
        try:
            await services.save_person(
                province_code=current.province_code,
                commune_code=current.commune_code,
                data=_person_fields(form),
                person_id=person_id,
                actor=request.user,
            )
        except DomainError as error:
            return await self._person(request, person_id, errors=messages_of(error), status=422)
        return redirect(f"/staffing/people/{person_id}", notice="saved")

    @post("/{person_id:int}/delete", include_in_schema=False)
    async def delete(self, request: Request, person_id: FromPath[int]) -> Template | Redirect:
        current = await services.get_person(person_id=person_id, actor=request.user)
        try:
            await services.delete_person(person_id=person_id, actor=request.user)
        except DomainError as error:
            return await self._person(request, person_id, errors=messages_of(error), status=422)
        query = f"?province={current.province_code}" + (
            f"&commune={current.commune_code}" if current.commune_code else ""
        )
        return Redirect(path=f"/staffing/people{query}&notice=deleted", status_code=303)
