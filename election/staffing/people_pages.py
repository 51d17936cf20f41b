"""Pages of the staff registry: a register (a commune's or the province's)
with its people, adding one, importing and exporting a file, one person.

Forms are validated by the API's Input schemas and handled by the same
services; a refusal re-renders the page with its messages (status 422)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from election.actor import Actor
from election.audit import services as audit
from election.elections.tables import Sex
from election.errors import DomainError
from election.geography import services as geography
from election.paging import Page, filters, page_request
from election.staffing import services
from election.staffing.controllers import export_people, save_person_input
from election.staffing.queries.people import PersonRow
from election.staffing.schemas import PersonIn, RegisterIn
from election.staffing.services import listing
from election.web import (
    FormState,
    form_action,
    form_values,
    page,
    parse_form,
    redirect,
    refusing,
    status_of,
    uploaded_file,
)


def _register_path(
    province_code: str, commune_code: str | None, notice: str, *, found: str = ""
) -> Redirect:
    """Back to the register; after adding someone, searched for them (the
    register is paged: they may not be on its first page)."""
    query = filters(province=province_code, commune=commune_code, q=found, notice=notice)
    return Redirect(path=f"/staffing/people?{urlencode(query)}", status_code=303)


async def _people_page(
    request: Request, actor: Actor, province: str, commune: str | None, where: listing.PeopleFilter
) -> Page[PersonRow]:
    """The page of the register the URL asks for (`?q=&sex=&role=&page=&size=`)."""
    result = await listing.people_page(
        province_code=province,
        commune_code=commune,
        actor=actor,
        where=where,
        page=page_request(request.query_params),
    )
    return Page.of(
        result.people,
        total=result.total,
        request=result.request,
        # The register stays chosen on every page.
        filters=filters(province=province, commune=commune) + where.url_filters(),
        noun="người",
    )


class PeoplePages(Controller):
    path = "/staffing/people"

    async def _render(
        self,
        request: Request,
        province: str | None,
        commune: str | None,
        state: FormState | None = None,
    ) -> Template:
        actor: Actor = request.user
        where = listing.PeopleFilter.from_query(request.query_params)
        province, commune = services.register_shown(actor, province, commune)
        communes = await geography.list_communes(province_code=province) if province else []
        readable = province is not None and services.may_read_register(
            actor, province_code=province, commune_code=commune
        )
        return page(
            request,
            "staffing/people.html",
            status_code=status_of(state),
            province=province,
            commune=commune,
            commune_name=next((c.name for c in communes if c.code == commune), None),
            provinces=await geography.list_provinces() if actor.scope_level == "national" else [],
            communes=communes,
            people=await _people_page(request, actor, province, commune, where)
            if readable and province is not None
            else None,
            readable=readable,
            can_manage=province is not None
            and services.may_manage_register(actor, province_code=province, commune_code=commune),
            where=where,
            roles=listing.ROLE_CHOICES,
            sexes=list(Sex),
            errors=state.messages if state is not None else [],
            form=state.values if state is not None else {},
        )

    async def _register_refused(self, request: Request, state: FormState) -> Template:
        """The register the form was posted for, shown again with the refusal."""
        form = await request.form()
        register = form_values(form, RegisterIn)
        return await self._render(
            request, register.get("province_code"), register.get("commune_code"), state
        )

    @get("/", include_in_schema=False)
    async def people(
        self,
        request: Request,
        province: Annotated[str | None, QueryParameter(pattern=r"^\d{2}$")] = None,
        commune: Annotated[str | None, QueryParameter(pattern=r"^(\d{5})?$")] = None,
        q: Annotated[str, QueryParameter(max_length=100)] = "",
    ) -> Template:
        # q (with sex, role, page and size) is read by PeopleFilter and paging.
        return await self._render(request, province, commune)

    @post("/", include_in_schema=False)
    async def add(self, request: Request) -> Response[Any]:
        return await form_action(
            request,
            PersonIn,
            lambda data: save_person_input(data, request.user),
            done=lambda person: _register_path(
                person.province_code, person.commune_code, "saved", found=person.full_name
            ),
            refused=lambda state: self._register_refused(request, state),
        )

    @post("/import", include_in_schema=False)
    async def upload(self, request: Request) -> Response[Any]:
        form = await request.form()
        try:
            register = parse_form(RegisterIn, form_values(form, RegisterIn))
            upload = uploaded_file(form)
            batch = await services.stage_people(
                province_code=register.province_code,
                commune_code=register.commune_code,
                stream=upload.file,
                filename=upload.filename,
                actor=request.user,
            )
        except DomainError as error:
            return await self._register_refused(request, FormState.refused({}, error))
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
        self, request: Request, person_id: int, state: FormState | None = None
    ) -> Template:
        actor: Actor = request.user
        person = await services.get_person(person_id=person_id, actor=actor)
        return page(
            request,
            "staffing/person.html",
            status_code=status_of(state),
            person=person,
            memberships=await services.person_memberships(person_id=person_id, actor=actor),
            communes=await geography.list_communes(province_code=person.province_code),
            sexes=list(Sex),
            can_manage=services.may_manage_register(
                actor, province_code=person.province_code, commune_code=person.commune_code
            ),
            history=await audit.history(entity_type="staff_person", entity_id=person_id),
            errors=state.messages if state is not None else [],
        )

    @get("/{person_id:int}", include_in_schema=False)
    async def person(self, request: Request, person_id: FromPath[int]) -> Template:
        return await self._person(request, person_id)

    @post("/{person_id:int}", include_in_schema=False)
    async def update(self, request: Request, person_id: FromPath[int]) -> Response[Any]:
        current = await services.get_person(person_id=person_id, actor=request.user)
        # The register stays: the form changes the person, not where they are kept.
        values = {
            **form_values(await request.form(), PersonIn),
            "province_code": current.province_code,
            "commune_code": current.commune_code,
        }
        # The form shows the stored ID masked: left empty, it stays as stored.
        sent = {k: v for k, v in values.items() if k != "personal_id" or str(v or "").strip()}
        try:
            await save_person_input(parse_form(PersonIn, sent), request.user, person_id)
        except DomainError as error:
            return await self._person(request, person_id, FormState.refused(values, error))
        return redirect(f"/staffing/people/{person_id}", notice="saved")

    @post("/{person_id:int}/delete", include_in_schema=False)
    async def delete(self, request: Request, person_id: FromPath[int]) -> Response[Any]:
        current = await services.get_person(person_id=person_id, actor=request.user)
        done = await refusing(
            services.delete_person(person_id=person_id, actor=request.user),
            lambda state: self._person(request, person_id, state),
        )
        if isinstance(done, Template):
            return done
        return _register_path(current.province_code, current.commune_code, "deleted")
