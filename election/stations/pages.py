"""Pages of polling areas: the list of a commune, one area, uploads.

Forms go through the API's Input schema (`PollingAreaIn`) and the same
services; a refusal re-renders the page with what was typed.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from election.actor import Actor
from election.audit import services as audit
from election.elections import services as elections
from election.elections import structure
from election.elections.structure_controllers import stage_form_file
from election.geography import services as geography
from election.imports.pages import preview_upload
from election.stations import imports as area_imports
from election.stations import services
from election.stations.controllers import export_areas
from election.stations.schemas import PollingAreaIn
from election.stations.tables import PollingAreaKind
from election.web import FormState, form_action, page, redirect, refusing

_NO_REFUSAL = FormState()


def _areas_path(election_id: int, commune_code: str) -> str:
    return f"/elections/{election_id}/communes/{commune_code}/areas"


class CommuneAreaPages(Controller):
    path = "/elections/{election_id:int}/communes/{commune_code:str}/areas"

    async def _render(
        self,
        request: Request,
        election_id: int,
        commune_code: str,
        *,
        state: FormState = _NO_REFUSAL,
        status: int = 200,
    ) -> Template:
        actor: Actor = request.user
        election = await elections.get_election(election_id=election_id)
        commune = await geography.get_commune(commune_code)
        areas = await services.list_polling_areas(
            election_id=election_id, commune_code=commune_code, actor=actor
        )
        gaps = await services.membership_gaps(
            election_id=election_id, commune_code=commune_code, actor=actor
        )
        return page(
            request,
            "structure/areas.html",
            status_code=status,
            election=election,
            commune=commune,
            areas=areas,
            gaps=gaps,
            kinds=list(PollingAreaKind),
            commune_units=await structure.commune_council_units(
                election_id=election_id, commune_code=commune_code
            ),
            can_manage=services.may_manage(actor, commune.code, commune.province_code),
            errors=state.messages,
            form=state.values,
            total_planned=sum(a.planned_voters for a in areas),
            total_listed=sum(a.listed_voters for a in areas),
        )

    async def _refused(
        self, request: Request, election_id: int, commune_code: str, state: FormState
    ) -> Template:
        return await self._render(request, election_id, commune_code, state=state, status=422)

    @get("/", include_in_schema=False)
    async def areas(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template:
        return await self._render(request, election_id, commune_code)

    @post("/", include_in_schema=False)
    async def create(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Response[Any]:
        async def save(data: PollingAreaIn) -> services.AreaResult:
            return await services.save_polling_area(
                election_id=election_id,
                commune_code=commune_code,
                actor=request.user,
                **data.model_dump(),
            )

        return await form_action(
            request,
            PollingAreaIn,
            save,
            done=lambda _: redirect(_areas_path(election_id, commune_code), notice="saved"),
            refused=lambda state: self._refused(request, election_id, commune_code, state),
        )

    @get(["/export.csv", "/export.xlsx"], include_in_schema=False)
    async def export(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Response[bytes]:
        fmt = request.url.path.rsplit(".", 1)[-1]
        return await export_areas(election_id, commune_code, fmt, request.user)

    @post("/import", include_in_schema=False)
    async def upload(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        return await preview_upload(
            stage_form_file(
                area_imports.PollingAreaImporter.kind,
                area_imports.scope_of(election_id, commune_code),
                form,
                request.user,
            ),
            lambda state: self._refused(request, election_id, commune_code, state),
        )


class AreaPages(Controller):
    path = "/polling-areas"

    async def _render(
        self,
        request: Request,
        area_id: int,
        *,
        state: FormState = _NO_REFUSAL,
        status: int = 200,
    ) -> Template:
        actor: Actor = request.user
        area = await services.get_polling_area(polling_area_id=area_id, actor=actor)
        return page(
            request,
            "structure/area.html",
            status_code=status,
            area=area,
            election=await elections.get_election(election_id=area.election_id),
            kinds=list(PollingAreaKind),
            commune_units=await structure.commune_council_units(
                election_id=area.election_id, commune_code=area.commune_code
            ),
            can_manage=services.may_manage(actor, area.commune_code, area.province_code),
            history=await audit.history(entity_type="polling_area", entity_id=area_id, limit=20),
            errors=state.messages,
        )

    async def _refused(self, request: Request, area_id: int, state: FormState) -> Template:
        return await self._render(request, area_id, state=state, status=422)

    @get("/{area_id:int}", include_in_schema=False)
    async def area(self, request: Request, area_id: FromPath[int]) -> Template:
        return await self._render(request, area_id)

    @post("/{area_id:int}", include_in_schema=False)
    async def update(self, request: Request, area_id: FromPath[int]) -> Response[Any]:
        area = await services.get_polling_area(polling_area_id=area_id, actor=request.user)

        async def save(data: PollingAreaIn) -> services.AreaResult:
            return await services.save_polling_area(
                election_id=area.election_id,
                commune_code=area.commune_code,
                polling_area_id=area_id,
                actor=request.user,
                **data.model_dump(),
            )

        return await form_action(
            request,
            PollingAreaIn,
            save,
            done=lambda _: redirect(f"/polling-areas/{area_id}", notice="saved"),
            refused=lambda state: self._refused(request, area_id, state),
        )

    @post("/{area_id:int}/delete", include_in_schema=False)
    async def delete(self, request: Request, area_id: FromPath[int]) -> Response[Any]:
        area = await services.get_polling_area(polling_area_id=area_id, actor=request.user)
        deleted = await refusing(
            services.delete_polling_area(polling_area_id=area_id, actor=request.user),
            lambda state: self._refused(request, area_id, state),
        )
        if isinstance(deleted, Template):
            return deleted
        return redirect(_areas_path(area.election_id, area.commune_code), notice="deleted")
