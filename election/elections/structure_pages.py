"""Pages of the election structure: contests, units, candidates, lists and ballots.

Forms go through the API's Input schemas (`election.elections.schemas`) and
the same services; a refusal re-renders the page with what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.elections import imports as structure_imports
from election.elections import rules, services, structure, training_clock
from election.elections.schemas import (
    CandidateIn,
    ContestDetailsIn,
    FinalizeIn,
    RemovalIn,
    ReopenIn,
    UnitIn,
)
from election.elections.services import ContestRow, ElectionRow
from election.elections.structure_controllers import export_contest, stage_form_file
from election.elections.tables import ContestLevel, RemovalReason, Sex
from election.errors import DomainError, InvalidInput, NotFound
from election.geography import services as geography
from election.geography.services import CommuneRow
from election.imports.pages import preview_upload
from election.masking import mask_personal_id
from election.printing import services as printing
from election.stations import services as stations
from election.voters import services as voters
from election.web import (
    FormState,
    form_action,
    form_text,
    form_values,
    page,
    parse_form,
    pdf_response,
    redirect,
    refusing,
    status_of,
)

_NO_REFUSAL = FormState()


async def _election_for(election_id: int | None) -> ElectionRow | None:
    if election_id is not None:
        return await services.get_election(election_id=election_id)
    return await services.default_election()


async def _communes_in_scope(actor: Actor, province: str | None = None) -> list[CommuneRow]:
    """The communes whose polling areas the overview counts: the actor's own;
    a national reader's of the province they picked."""
    if actor.scope_level in (ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA) and actor.commune_code:
        return [await geography.get_commune(actor.commune_code)]
    if actor.scope_level == ScopeLevel.PROVINCE and actor.province_code:
        return await geography.list_communes(province_code=actor.province_code)
    if actor.scope_level == ScopeLevel.NATIONAL and province:
        return await geography.list_communes(province_code=province)
    return []


def _shown(contests: list[ContestRow], actor: Actor, province: str | None) -> list[ContestRow]:
    """The contests the overview counts: a national reader's are the ĐBQH and
    the provinces' councils, with the communes' of the province picked (a
    general election holds thousands)."""
    if actor.scope_level != ScopeLevel.NATIONAL:
        return contests
    if province:
        return [c for c in contests if c.province_code in (None, province)]
    return [c for c in contests if c.level != ContestLevel.COMMUNE_COUNCIL]


def _candidate_values(candidate: structure.CandidateRow) -> dict[str, Any]:
    """A candidate's fields as the form shows them (dates dd/mm/yyyy, the ID left out)."""
    values: dict[str, Any] = {}
    for name in CandidateIn.model_fields:
        value = getattr(candidate, name)
        if name == "personal_id" or value is None:
            continue
        values[name] = f"{value:%d/%m/%Y}" if isinstance(value, dt.date) else str(value)
    values["sex"] = candidate.sex.value
    return values


class StructurePages(Controller):
    path = "/structure"

    @get("/", include_in_schema=False)
    async def overview(
        self,
        request: Request,
        election_id: Annotated[int | None, QueryParameter(name="election")] = None,
        province: Annotated[str | None, QueryParameter(pattern=r"^\d{2}$")] = None,
    ) -> Template:
        actor: Actor = request.user
        election = await _election_for(election_id)
        contests: list[dict[str, Any]] = []
        communes: list[CommuneRow] = []
        area_counts: dict[str, int] = {}
        if election is not None:
            for contest in _shown(
                await services.list_contests(election_id=election.id, actor=actor), actor, province
            ):
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
            communes = await _communes_in_scope(actor, province)
            if communes:
                area_counts = await stations.area_counts(
                    election_id=election.id, commune_codes=[c.code for c in communes]
                )
        return page(
            request,
            "structure/overview.html",
            election=election,
            contests=contests,
            communes=communes,
            area_counts=area_counts,
            province=province,
            provinces=await geography.list_provinces()
            if actor.scope_level == ScopeLevel.NATIONAL and election is not None
            else [],
        )


class ContestPages(Controller):
    path = "/contests"

    async def _render(
        self,
        request: Request,
        contest_id: int,
        *,
        state: FormState = _NO_REFUSAL,
        status: int = 200,
        province: str | None = None,
    ) -> Template:
        actor: Actor = request.user
        contest = await services.get_contest(contest_id=contest_id)
        election = await services.get_election(election_id=contest.election_id)
        units = await structure.list_units(contest_id=contest_id, actor=actor)
        # A national reader of the ĐBQH contest picks the province by name.
        chosen = province or state.values.get("province_code")
        province_code = contest.province_code or (
            actor.province_code
            if actor.scope_level != ScopeLevel.NATIONAL
            else (await geography.get_province(chosen)).code
            if isinstance(chosen, str) and chosen
            else None
        )
        communes = (
            await geography.list_communes(province_code=province_code) if province_code else []
        )
        can_manage = bool(province_code or actor.role == Role.ADMIN) and structure.may_manage(
            actor,
            level=contest.level,
            province_code=province_code or "",
            commune_code=contest.commune_code,
        )
        # Art. 8 for the ĐBQH (nationally, and in the actor's province), Art. 9
        # for an HĐND list.
        compositions = [await structure.list_composition(contest_id=contest_id)]
        if contest.level == ContestLevel.NATIONAL_ASSEMBLY and province_code:
            compositions.append(
                await structure.list_composition(contest_id=contest_id, province_code=province_code)
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
            errors=state.messages,
            form=state.values,
            max_seats=rules.MAX_SEATS[contest.level.value],
            provinces=await geography.list_provinces()
            if contest.province_code is None and actor.scope_level == ScopeLevel.NATIONAL
            else [],
        )

    async def _refused(self, request: Request, contest_id: int, state: FormState) -> Template:
        return await self._render(request, contest_id, state=state, status=422)

    @get("/{contest_id:int}", include_in_schema=False)
    async def contest(
        self,
        request: Request,
        contest_id: FromPath[int],
        province: Annotated[str | None, QueryParameter(pattern=r"^\d{2}$")] = None,
    ) -> Template:
        return await self._render(request, contest_id, province=province)

    @post("/{contest_id:int}/units", include_in_schema=False)
    async def create_unit(self, request: Request, contest_id: FromPath[int]) -> Response[Any]:
        async def save(data: UnitIn) -> structure.UnitResult:
            return await structure.save_unit(
                contest_id=contest_id, actor=request.user, **data.model_dump()
            )

        return await form_action(
            request,
            UnitIn,
            save,
            done=lambda result: redirect(f"/units/{result.unit.id}", notice="saved"),
            refused=lambda state: self._refused(request, contest_id, state),
        )

    @post("/{contest_id:int}/details", include_in_schema=False)
    async def set_details(self, request: Request, contest_id: FromPath[int]) -> Response[Any]:
        async def save(data: ContestDetailsIn) -> ContestRow:
            return await structure.set_contest_details(
                contest_id=contest_id, actor=request.user, **data.model_dump()
            )

        return await form_action(
            request,
            ContestDetailsIn,
            save,
            done=lambda _: redirect(f"/contests/{contest_id}", notice="saved"),
            refused=lambda state: self._refused(request, contest_id, state),
        )

    @get("/{contest_id:int}/allocation-report.pdf", include_in_schema=False)
    async def allocation_report_pdf(
        self,
        request: Request,
        contest_id: FromPath[int],
        province: Annotated[str | None, QueryParameter(pattern=r"^\d{2}$")] = None,
    ) -> Response[bytes]:
        """Model 16/HĐBC-QH: the province's planned allocation of ĐBQH candidates."""
        return pdf_response(
            await printing.allocation_report_pdf(
                contest_id=contest_id, province_code=province, actor=request.user
            )
        )

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
        stem, fmt = request.url.path.rsplit("/", 1)[-1].split(".")
        return await export_contest(contest_id, stem, fmt, request.user)

    @post("/{contest_id:int}/imports/{kind:str}", include_in_schema=False)
    async def upload(
        self, request: Request, contest_id: FromPath[int], kind: FromPath[str]
    ) -> Response[Any]:
        kinds = {
            "units": structure_imports.UnitImporter.kind,
            "candidates": structure_imports.CandidateImporter.kind,
        }
        if kind not in kinds:
            raise NotFound("Không có loại dữ liệu nhập này.")
        form = await request.form()
        return await preview_upload(
            stage_form_file(kinds[kind], f"contest:{contest_id}", form, request.user),
            lambda state: self._refused(request, contest_id, state),
        )


class UnitPages(Controller):
    path = "/units"

    async def _render(
        self,
        request: Request,
        unit_id: int,
        *,
        state: FormState = _NO_REFUSAL,
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
        voter_counts = await voters.unit_counts(unit_id=unit_id)
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
            errors=state.messages,
            form=state.values,
        )

    def _refused(
        self, request: Request, unit_id: int, *, keep_values: bool = False
    ) -> Callable[[FormState], Awaitable[Template]]:
        """The unit page re-rendered with a refusal; the candidate form keeps
        what was typed only when it was the form posted."""

        async def refused(state: FormState) -> Template:
            shown = state if keep_values else FormState(messages=state.messages)
            return await self._render(request, unit_id, state=shown, status=422)

        return refused

    def _done(self, unit_id: int, notice: str) -> Callable[[object], Response[Any]]:
        return lambda _: redirect(f"/units/{unit_id}", notice=notice)

    @get("/{unit_id:int}", include_in_schema=False)
    async def unit(self, request: Request, unit_id: FromPath[int]) -> Template:
        return await self._render(request, unit_id)

    @post("/{unit_id:int}", include_in_schema=False)
    async def update_unit(self, request: Request, unit_id: FromPath[int]) -> Response[Any]:
        unit = await structure.get_unit(unit_id=unit_id, actor=request.user)

        async def save(data: UnitIn) -> structure.UnitResult:
            return await structure.save_unit(
                contest_id=unit.contest_id,
                unit_id=unit_id,
                actor=request.user,
                **data.model_copy(update={"province_code": unit.province_code}).model_dump(),
            )

        return await form_action(
            request,
            UnitIn,
            save,
            done=self._done(unit_id, "saved"),
            refused=self._refused(request, unit_id),
        )

    @post("/{unit_id:int}/candidates", include_in_schema=False)
    async def add_candidate(self, request: Request, unit_id: FromPath[int]) -> Response[Any]:
        async def save(data: CandidateIn) -> structure.CandidateRow:
            return await structure.save_candidate(
                unit_id=unit_id, data=data.model_dump(), actor=request.user
            )

        return await form_action(
            request,
            CandidateIn,
            save,
            done=self._done(unit_id, "saved"),
            refused=self._refused(request, unit_id, keep_values=True),
        )

    @post("/{unit_id:int}/candidates/{candidate_id:int}/delete", include_in_schema=False)
    async def delete_candidate(
        self, request: Request, unit_id: FromPath[int], candidate_id: FromPath[int]
    ) -> Response[Any]:
        deleted = await refusing(
            structure.delete_candidate(candidate_id=candidate_id, actor=request.user),
            self._refused(request, unit_id),
        )
        if isinstance(deleted, Template):
            return deleted
        return redirect(f"/units/{unit_id}", notice="deleted")

    @post("/{unit_id:int}/candidates/{candidate_id:int}/removal", include_in_schema=False)
    async def remove_candidate(
        self, request: Request, unit_id: FromPath[int], candidate_id: FromPath[int]
    ) -> Response[Any]:
        # The page may leave the date blank: the name is struck today.
        values = form_values(await request.form(), RemovalIn)
        unit = await structure.get_unit(unit_id=unit_id, actor=request.user)
        today = await training_clock.today_for(unit.election_id)
        values.setdefault("removed_on", today.isoformat())
        try:
            data = parse_form(RemovalIn, values)
            await structure.remove_candidate(
                candidate_id=candidate_id, actor=request.user, **data.model_dump()
            )
        except DomainError as error:
            return await self._refused(request, unit_id)(FormState.refused(values, error))
        return redirect(f"/units/{unit_id}", notice="removed")

    @post("/{unit_id:int}/finalize", include_in_schema=False)
    async def finalize(self, request: Request, unit_id: FromPath[int]) -> Response[Any]:
        confirmed = form_text(await request.form(), "confirm") == "1"

        async def finalize(data: FinalizeIn) -> structure.ListReport:
            if not confirmed:
                # The official list cannot be changed once fixed: asked twice.
                raise InvalidInput("Đánh dấu ô xác nhận trước khi chốt danh sách chính thức.")
            return await structure.finalize_list(
                unit_id=unit_id, actor=request.user, shortfall_decision=data.shortfall_decision
            )

        return await form_action(
            request,
            FinalizeIn,
            finalize,
            done=self._done(unit_id, "finalized"),
            refused=self._refused(request, unit_id),
        )

    @post("/{unit_id:int}/reopen", include_in_schema=False)
    async def reopen(self, request: Request, unit_id: FromPath[int]) -> Response[Any]:
        async def reopen(data: ReopenIn) -> structure.UnitRow:
            return await structure.reopen_list(
                unit_id=unit_id, actor=request.user, **data.model_dump()
            )

        return await form_action(
            request,
            ReopenIn,
            reopen,
            done=self._done(unit_id, "reopened"),
            refused=self._refused(request, unit_id),
        )

    @post("/{unit_id:int}/delete", include_in_schema=False)
    async def delete_unit(self, request: Request, unit_id: FromPath[int]) -> Response[Any]:
        unit = await structure.get_unit(unit_id=unit_id, actor=request.user)
        deleted = await refusing(
            structure.delete_unit(unit_id=unit_id, actor=request.user),
            self._refused(request, unit_id),
        )
        if isinstance(deleted, Template):
            return deleted
        return redirect(f"/contests/{unit.contest_id}", notice="deleted")

    # A candidate's page: the Art. 57(5) fields, changed while the list is open.

    async def _candidate_page(
        self, request: Request, unit_id: int, candidate_id: int, state: FormState | None = None
    ) -> Template:
        actor: Actor = request.user
        candidate = await structure.get_candidate(candidate_id=candidate_id, actor=actor)
        if candidate.unit_id != unit_id:
            raise NotFound("Không có người ứng cử này ở đơn vị bầu cử.")
        unit = await structure.get_unit(unit_id=unit_id, actor=actor)
        return page(
            request,
            "structure/candidate.html",
            status_code=status_of(state),
            unit=unit,
            candidate=candidate,
            form=state.values if state else _candidate_values(candidate),
            errors=state.messages if state else [],
            sexes=list(Sex),
            masked_id=mask_personal_id(candidate.personal_id),
            can_edit=not unit.finalized
            and structure.may_manage(
                actor,
                level=unit.level,
                province_code=unit.province_code,
                commune_code=unit.commune_code,
            ),
        )

    @get("/{unit_id:int}/candidates/{candidate_id:int}", include_in_schema=False)
    async def candidate(
        self, request: Request, unit_id: FromPath[int], candidate_id: FromPath[int]
    ) -> Template:
        return await self._candidate_page(request, unit_id, candidate_id)

    @post("/{unit_id:int}/candidates/{candidate_id:int}", include_in_schema=False)
    async def update_candidate(
        self, request: Request, unit_id: FromPath[int], candidate_id: FromPath[int]
    ) -> Response[Any] | Template:
        current = await structure.get_candidate(candidate_id=candidate_id, actor=request.user)

        async def save(data: CandidateIn) -> structure.CandidateRow:
            values = data.model_dump()
            # The page shows the ID masked: left blank, the stored one stays.
            if "personal_id" not in data.model_fields_set:
                values["personal_id"] = current.personal_id
            return await structure.save_candidate(
                unit_id=unit_id, candidate_id=candidate_id, data=values, actor=request.user
            )

        return await form_action(
            request,
            CandidateIn,
            save,
            done=self._done(unit_id, "saved"),
            refused=lambda state: self._candidate_page(request, unit_id, candidate_id, state),
        )

    @get("/{unit_id:int}/candidate-list.pdf", include_in_schema=False)
    async def candidate_list_pdf(self, request: Request, unit_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(await printing.candidate_list_pdf(unit_id=unit_id, actor=request.user))

    @get("/{unit_id:int}/ballot.pdf", include_in_schema=False)
    async def ballot_pdf(self, request: Request, unit_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(await printing.ballot_pdf(unit_id=unit_id, actor=request.user))
