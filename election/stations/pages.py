"""Pages of polling areas: the list of a commune, one area, uploads."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.elections import services as elections
from election.errors import DomainError
from election.geography import services as geography
from election.imports import services as imports
from election.stations import imports as area_imports
from election.stations import services
from election.stations.tables import PollingAreaKind
from election.web import form_date, form_int, form_text, messages_of, page, redirect


async def _commune_units(election_id: int, commune_code: str) -> list[dict[str, Any]]:
    rows = await db.fetch(
        """
        SELECT u.id, u.number, u.name FROM electoral_unit u JOIN contest ct ON ct.id = u.contest
        WHERE ct.election = $1 AND ct.level = 'hdnd_xa' AND ct.commune = $2 ORDER BY u.number
        """,
        election_id,
        commune_code,
    )
    return [dict(r) for r in rows]


def _may_manage(actor: Actor, commune_code: str, province_code: str) -> bool:
    return (
        not actor.is_read_only
        and actor.role.value in ("admin", "province_staff", "commune_staff")
        and actor.covers_commune(commune_code, province_code)
    )


def _area_fields(form) -> dict[str, Any]:
    unit = form_text(form, "commune_unit_id")
    kind = form_text(form, "kind") or PollingAreaKind.ORDINARY.value
    if kind not in PollingAreaKind.labels():
        raise DomainError("Loại khu vực không hợp lệ.")
    return {
        "number": form_int(form, "number", "Số khu vực"),
        "name": form_text(form, "name"),
        "station_address": form_text(form, "station_address"),
        "kind": PollingAreaKind(kind),
        "planned_voters": form_int(form, "planned_voters", "Số cử tri dự kiến")
        if form_text(form, "planned_voters")
        else 0,
        "early_voting_date": form_date(form, "early_voting_date", "Ngày bỏ phiếu sớm"),
        "decided_on": form_date(form, "decided_on", "Ngày quyết định"),
        "notes": form_text(form, "notes"),
        "commune_unit_id": int(unit) if unit.isdigit() else None,
    }


class CommuneAreaPages(Controller):
    path = "/elections/{election_id:int}/communes/{commune_code:str}/areas"

    async def _render(
        self,
        request: Request,
        election_id: int,
        commune_code: str,
        *,
        errors: list[str],
        form: dict | None = None,
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
            commune_units=await _commune_units(election_id, commune_code),
            can_manage=_may_manage(actor, commune.code, commune.province_code),
            errors=errors,
            form=form or {},
            total_planned=sum(a.planned_voters for a in areas),
            total_listed=sum(a.listed_voters for a in areas),
        )

    @get("/", include_in_schema=False)
    async def areas(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template:
        return await self._render(request, election_id, commune_code, errors=[])

    @post("/", include_in_schema=False)
    async def create(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await services.save_polling_area(
                election_id=election_id,
                commune_code=commune_code,
                actor=request.user,
                **_area_fields(form),
            )
        except DomainError as error:
            values = {
                k: form_text(form, k)
                for k in ("number", "name", "station_address", "kind", "planned_voters")
            }
            return await self._render(
                request,
                election_id,
                commune_code,
                errors=messages_of(error),
                form=values,
                status=422,
            )
        return redirect(f"/elections/{election_id}/communes/{commune_code}/areas", notice="saved")

    @get(["/export.csv", "/export.xlsx"], include_in_schema=False)
    async def export(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Response[bytes]:
        from election.stations.controllers import export_areas

        fmt = request.url.path.rsplit(".", 1)[-1]
        return await export_areas(election_id, commune_code, fmt, request.user)

    @post("/import", include_in_schema=False)
    async def upload(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template | Redirect:
        form = await request.form()
        upload = form.get("file")
        try:
            if upload is None or isinstance(upload, str) or not upload.filename:
                raise DomainError("Hãy chọn tệp CSV hoặc XLSX.")
            importer = await area_imports.polling_area_importer(
                f"election:{election_id}:commune:{commune_code}", request.user
            )
            batch = await imports.stage(
                importer, stream=upload.file, filename=upload.filename, actor=request.user
            )
        except DomainError as error:
            return await self._render(
                request, election_id, commune_code, errors=messages_of(error), status=422
            )
        return redirect(f"/imports/{batch.id}")


class AreaPages(Controller):
    path = "/polling-areas"

    async def _render(
        self, request: Request, area_id: int, *, errors: list[str], status: int = 200
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
            commune_units=await _commune_units(area.election_id, area.commune_code),
            can_manage=_may_manage(actor, area.commune_code, area.province_code),
            history=await audit.history(entity_type="polling_area", entity_id=area_id, limit=20),
            errors=errors,
        )

    @get("/{area_id:int}", include_in_schema=False)
    async def area(self, request: Request, area_id: FromPath[int]) -> Template:
        return await self._render(request, area_id, errors=[])

    @post("/{area_id:int}", include_in_schema=False)
    async def update(self, request: Request, area_id: FromPath[int]) -> Template | Redirect:
        area = await services.get_polling_area(polling_area_id=area_id, actor=request.user)
        form = await request.form()
        try:
            await services.save_polling_area(
                election_id=area.election_id,
                commune_code=area.commune_code,
                polling_area_id=area_id,
                actor=request.user,
                **_area_fields(form),
            )
        except DomainError as error:
            return await self._render(request, area_id, errors=messages_of(error), status=422)
        return redirect(f"/polling-areas/{area_id}", notice="saved")

    @post("/{area_id:int}/delete", include_in_schema=False)
    async def delete(self, request: Request, area_id: FromPath[int]) -> Template | Redirect:
        area = await services.get_polling_area(polling_area_id=area_id, actor=request.user)
        try:
            await services.delete_polling_area(polling_area_id=area_id, actor=request.user)
        except DomainError as error:
            return await self._render(request, area_id, errors=messages_of(error), status=422)
        return redirect(
            f"/elections/{area.election_id}/communes/{area.commune_code}/areas", notice="deleted"
        )
