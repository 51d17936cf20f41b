"""Pages of the election structure: contests, units, candidates, lists and ballots."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from election import db
from election.actor import Actor, ScopeLevel
from election.audit import services as audit
from election.elections import imports as structure_imports
from election.elections import rules, services, structure
from election.elections.tables import ContestLevel, RemovalReason, Sex
from election.errors import DomainError, NotFound
from election.geography import services as geography
from election.imports import services as imports
from election.printing import services as printing
from election.web import form_date, form_int, form_text, messages_of, page, pdf_response, redirect


async def _election_for(request: Request, election_id: int | None):
    if election_id is not None:
        return await services.get_election(election_id=election_id)
    return await services.default_election()


class StructurePages(Controller):
    path = "/structure"

    @get("/", include_in_schema=False)
    async def overview(
        self,
        request: Request,
        election_id: Annotated[int | None, QueryParameter(name="election")] = None,
    ) -> Template:
        actor: Actor = request.user
        election = await _election_for(request, election_id)
        contests = []
        communes = []
        if election is not None:
            for contest in await services.list_contests(election_id=election.id, actor=actor):
                units = await structure.list_units(contest_id=contest.id, actor=actor)
                contests.append(
                    {
                        "contest": contest,
                        "units": len(units),
                        "seats": sum(u.seats for u in units),
                        "candidates": sum(u.candidate_count for u in units),
                        "finalized": sum(1 for u in units if u.finalized),
                    }
                )
            if (
                actor.scope_level in (ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA)
                and actor.commune_code
            ):
                communes = [await geography.get_commune(actor.commune_code)]
            elif actor.scope_level == ScopeLevel.PROVINCE and actor.province_code:
                communes = await geography.list_communes(province_code=actor.province_code)
        area_counts = {}
        if election is not None and communes:
            rows = await db.fetch(
                "SELECT commune, count(*) AS n FROM polling_area WHERE election = $1 "
                "AND commune = ANY($2::text[]) GROUP BY commune",
                election.id,
                [c.code for c in communes],
            )
            area_counts = {r["commune"]: r["n"] for r in rows}
        return page(
            request,
            "structure/overview.html",
            election=election,
            contests=contests,
            communes=communes,
            area_counts=area_counts,
        )


class ContestPages(Controller):
    path = "/contests"

    async def _render(
        self,
        request: Request,
        contest_id: int,
        *,
        errors: list[str],
        form: dict | None = None,
        status: int = 200,
    ) -> Template:
        actor: Actor = request.user
        contest = await services.get_contest(contest_id=contest_id)
        election = await services.get_election(election_id=contest.election_id)
        units = await structure.list_units(contest_id=contest_id, actor=actor)
        province_code = contest.province_code or (
            actor.province_code if actor.scope_level != ScopeLevel.NATIONAL else None
        )
        communes = (
            await geography.list_communes(province_code=province_code) if province_code else []
        )
        can_manage = (
            structure.may_manage(
                actor,
                level=contest.level,
                province_code=province_code or "",
                commune_code=contest.commune_code,
            )
            if (province_code or actor.role.value == "admin")
            else False
        )
        compositions = []
        if contest.level == ContestLevel.NATIONAL_ASSEMBLY:
            compositions.append(await structure.national_list_composition(contest_id=contest_id))
            if province_code:
                report = await structure.national_list_composition(
                    contest_id=contest_id, province_code=province_code
                )
                compositions.append(
                    structure.CompositionReport(
                        province_code, report.composition, report.violations
                    )
                )
        return page(
            request,
            "structure/contest.html",
            status_code=status,
            contest=contest,
            election=election,
            units=units,
            communes=communes,
            province_code=province_code,
            can_manage=can_manage,
            compositions=compositions,
            women_target=rules.WOMEN_SHARE_TARGET,
            minority_target=rules.MINORITY_SHARE_TARGET,
            errors=errors,
            form=form or {},
            max_seats=rules.MAX_SEATS[contest.level.value],
        )

    @get("/{contest_id:int}", include_in_schema=False)
    async def contest(self, request: Request, contest_id: FromPath[int]) -> Template:
        return await self._render(request, contest_id, errors=[])

    @post("/{contest_id:int}/units", include_in_schema=False)
    async def create_unit(self, request: Request, contest_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            result = await structure.save_unit(
                contest_id=contest_id,
                number=form_int(form, "number", "Số đơn vị"),
                name=form_text(form, "name"),
                seats=form_int(form, "seats", "Số đại biểu được bầu"),
                province_code=form_text(form, "province_code") or None,
                commune_codes=[c for c in form.getall("commune_codes", []) if isinstance(c, str)],
                description=form_text(form, "description"),
                announced_on=form_date(form, "announced_on", "Ngày công bố"),
                actor=request.user,
            )
        except DomainError as error:
            values: dict[str, Any] = {
                k: form_text(form, k)
                for k in ("number", "name", "seats", "description", "announced_on")
            }
            values["commune_codes"] = list(form.getall("commune_codes", []))
            return await self._render(
                request, contest_id, errors=messages_of(error), form=values, status=422
            )
        return redirect(f"/units/{result.unit.id}", notice="saved")

    @get(
        [
            "/{contest_id:int}/export/units.csv",
            "/{contest_id:int}/export/units.xlsx",
            "/{contest_id:int}/export/candidates.csv",
            "/{contest_id:int}/export/candidates.xlsx",
        ],
        include_in_schema=False,
    )
    async def export(self, request: Request, contest_id: FromPath[int]) -> Response[bytes]:
        from election.elections.structure_controllers import export_contest

        stem, fmt = request.url.path.rsplit("/", 1)[-1].split(".")
        return await export_contest(contest_id, stem, fmt, request.user)

    @post("/{contest_id:int}/imports/{kind:str}", include_in_schema=False)
    async def upload(
        self, request: Request, contest_id: FromPath[int], kind: FromPath[str]
    ) -> Template | Redirect:
        kinds = {
            "units": structure_imports.UnitImporter.kind,
            "candidates": structure_imports.CandidateImporter.kind,
        }
        if kind not in kinds:
            raise NotFound("Không có loại dữ liệu nhập này.")
        form = await request.form()
        upload = form.get("file")
        try:
            if upload is None or isinstance(upload, str) or not upload.filename:
                raise DomainError("Hãy chọn tệp CSV hoặc XLSX.")
            importer = await imports.importer_for(
                kinds[kind], f"contest:{contest_id}", request.user
            )
            batch = await imports.stage(
                importer, stream=upload.file, filename=upload.filename, actor=request.user
            )
        except DomainError as error:
            return await self._render(request, contest_id, errors=messages_of(error), status=422)
        return redirect(f"/imports/{batch.id}")


class UnitPages(Controller):
    path = "/units"

    async def _render(
        self,
        request: Request,
        unit_id: int,
        *,
        errors: list[str],
        form: dict | None = None,
        status: int = 200,
    ) -> Template:
        actor: Actor = request.user
        report = await structure.list_report(unit_id=unit_id, actor=actor)
        unit = report.unit
        contest = await services.get_contest(contest_id=unit.contest_id)
        election = await services.get_election(election_id=unit.election_id)
        candidates = await structure.list_candidates(unit_id=unit_id, actor=actor)
        communes = (
            await geography.list_communes(province_code=unit.province_code)
            if unit.level != ContestLevel.COMMUNE_COUNCIL
            else []
        )
        history = await audit.history(entity_type="electoral_unit", entity_id=unit_id, limit=20)
        from election.voters import services as voter_services

        voter_counts = await voter_services.unit_counts(unit_id=unit_id)
        return page(
            request,
            "structure/unit.html",
            status_code=status,
            unit=unit,
            contest=contest,
            election=election,
            report=report,
            candidates=candidates,
            communes=communes,
            can_manage=structure.may_manage(
                actor,
                level=unit.level,
                province_code=unit.province_code,
                commune_code=unit.commune_code,
            ),
            minimum=rules.minimum_candidates(unit.level, unit.seats),
            sexes=list(Sex),
            reasons=list(RemovalReason),
            history=history,
            voters_on_list=voter_counts.for_level(unit.level.value),
            errors=errors,
            form=form or {},
        )

    @get("/{unit_id:int}", include_in_schema=False)
    async def unit(self, request: Request, unit_id: FromPath[int]) -> Template:
        return await self._render(request, unit_id, errors=[])

    @post("/{unit_id:int}", include_in_schema=False)
    async def update_unit(self, request: Request, unit_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        unit = await structure.get_unit(unit_id=unit_id, actor=request.user)
        try:
            await structure.save_unit(
                contest_id=unit.contest_id,
                unit_id=unit_id,
                number=form_int(form, "number", "Số đơn vị"),
                name=form_text(form, "name"),
                seats=form_int(form, "seats", "Số đại biểu được bầu"),
                province_code=unit.province_code,
                commune_codes=[c for c in form.getall("commune_codes", []) if isinstance(c, str)],
                description=form_text(form, "description"),
                announced_on=form_date(form, "announced_on", "Ngày công bố"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(request, unit_id, errors=messages_of(error), status=422)
        return redirect(f"/units/{unit_id}", notice="saved")

    @post("/{unit_id:int}/candidates", include_in_schema=False)
    async def add_candidate(self, request: Request, unit_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        values = {name: form_text(form, name) for name in structure.CANDIDATE_FIELDS}
        try:
            born = form_date(form, "date_of_birth", "Ngày sinh")
            if born is None:
                raise DomainError("Cần nhập ngày sinh.")
            if values["sex"] not in Sex.labels():
                raise DomainError("Cần chọn giới tính.")
            data: dict[str, Any] = dict(values)
            data["date_of_birth"] = born
            data["party_joined"] = form_date(form, "party_joined", "Ngày vào Đảng")
            if data["personal_id"] and not (
                data["personal_id"].isdigit() and len(data["personal_id"]) == 12
            ):
                raise DomainError("Số định danh cá nhân phải gồm đúng 12 chữ số.")
            await structure.save_candidate(unit_id=unit_id, data=data, actor=request.user)
        except DomainError as error:
            return await self._render(
                request, unit_id, errors=messages_of(error), form=values, status=422
            )
        return redirect(f"/units/{unit_id}", notice="saved")

    @post("/{unit_id:int}/candidates/{candidate_id:int}/delete", include_in_schema=False)
    async def delete_candidate(
        self, request: Request, unit_id: FromPath[int], candidate_id: FromPath[int]
    ) -> Template | Redirect:
        try:
            await structure.delete_candidate(candidate_id=candidate_id, actor=request.user)
        except DomainError as error:
            return await self._render(request, unit_id, errors=messages_of(error), status=422)
        return redirect(f"/units/{unit_id}", notice="deleted")

    @post("/{unit_id:int}/candidates/{candidate_id:int}/removal", include_in_schema=False)
    async def remove_candidate(
        self, request: Request, unit_id: FromPath[int], candidate_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            reason = form_text(form, "reason")
            if reason not in RemovalReason.labels():
                raise DomainError("Cần chọn lý do xóa tên (Điều 60).")
            removed_on = form_date(form, "removed_on", "Ngày xóa tên") or dt.date.today()
            await structure.remove_candidate(
                candidate_id=candidate_id,
                reason=RemovalReason(reason),
                removed_on=removed_on,
                decision=form_text(form, "decision"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(request, unit_id, errors=messages_of(error), status=422)
        return redirect(f"/units/{unit_id}", notice="removed")

    @post("/{unit_id:int}/finalize", include_in_schema=False)
    async def finalize(self, request: Request, unit_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            await structure.finalize_list(
                unit_id=unit_id,
                actor=request.user,
                shortfall_decision=form_text(form, "shortfall_decision"),
            )
        except DomainError as error:
            return await self._render(request, unit_id, errors=messages_of(error), status=422)
        return redirect(f"/units/{unit_id}", notice="finalized")

    @post("/{unit_id:int}/reopen", include_in_schema=False)
    async def reopen(self, request: Request, unit_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            await structure.reopen_list(
                unit_id=unit_id, actor=request.user, reason=form_text(form, "reason")
            )
        except DomainError as error:
            return await self._render(request, unit_id, errors=messages_of(error), status=422)
        return redirect(f"/units/{unit_id}", notice="reopened")

    @post("/{unit_id:int}/delete", include_in_schema=False)
    async def delete_unit(self, request: Request, unit_id: FromPath[int]) -> Template | Redirect:
        unit = await structure.get_unit(unit_id=unit_id, actor=request.user)
        try:
            await structure.delete_unit(unit_id=unit_id, actor=request.user)
        except DomainError as error:
            return await self._render(request, unit_id, errors=messages_of(error), status=422)
        return redirect(f"/contests/{unit.contest_id}", notice="deleted")

    @get("/{unit_id:int}/candidate-list.pdf", include_in_schema=False)
    async def candidate_list_pdf(self, request: Request, unit_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(await printing.candidate_list_pdf(unit_id=unit_id, actor=request.user))

    @get("/{unit_id:int}/ballot.pdf", include_in_schema=False)
    async def ballot_pdf(self, request: Request, unit_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(await printing.ballot_pdf(unit_id=unit_id, actor=request.user))
