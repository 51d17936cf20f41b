"""Pages of election night: the area's sheets, entry of the minutes (made for a
phone), double-entry comparison, approval, the unit's result and the live
progress board."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, ServerSentEvent, Template

from election.actor import Actor, ScopeLevel
from election.elections import services as elections
from election.elections import structure
from election.elections.tables import ContestLevel
from election.errors import DomainError, InvalidInput, NotFound
from election.imports.controllers import attachment
from election.paging import Page, filters, fold, page_request
from election.printing import results as result_printing
from election.printing import tallies as printing
from election.tallies import exports, live, pictures, services, standings
from election.tallies.schemas import ApproveIn, FinalizeIn, RoundIn
from election.tallies.services.next_sheet import next_step
from election.tallies.sheet_form import (
    COMPLAINT_FIELDS,
    COUNT_FIELDS,
    STOCK_FIELDS,
    TEXT_FIELDS,
    TIME_FIELDS,
    WITNESS_GROUPS,
    EntryRefusal,
    compare_rows,
    minutes_values,
    refusal,
    submission_from_form,
)
from election.tallies.state_filter import (
    STATE_FILTERS,
    sheet_counts,
    sheet_matches,
    wanted_state,
)
from election.tallies.tables import RoundKind, SheetState
from election.web import (
    FormState,
    form_action,
    form_text,
    form_values,
    page,
    parse_form,
    pdf_response,
    redirect,
    uploaded_file,
)

# The figures of a unit's area row (services.unit_sheet_states), blanked for a
# reader the unit's sums are withheld from.
AREA_FIGURES = ("voters_on_list", "voters_took_part", "valid", "invalid")


def _standings_rows(engine: Any) -> live.Rows[standings.Standings]:
    """The results page's rows as its template draws them (one source per
    template engine: the rows are drawn once per burst for every stream)."""
    macros: Any = engine.get_template("tallies/_standings_rows.html").module
    # Each row as last drawn and from what: most do not change from burst to burst.
    drawn: dict[str, tuple[tuple[object, ...], str]] = {}

    def draw(key: str, macro: Any, *arguments: object) -> tuple[str, str]:
        if (last := drawn.get(key)) is None or last[0] != arguments:
            last = drawn[key] = (arguments, str(macro(*arguments)))
        return key, last[1]

    def render(board: standings.Standings) -> dict[str, str]:
        nothing, election_id = services.NOTHING_WITHHELD, board.election_id
        rows = [draw(f"unit-{a.unit_id}", macros.unit_row, a, nothing) for a in board.units]
        for p in board.provinces:
            rows.append(draw(f"province-{p.code}", macros.province_row, p, election_id, False))
        if board.ward_units_total:
            counts = (board.ward_units_total, board.ward_units_finalized)
            rows.append(draw("ward-units", macros.ward_units, *counts))
        return dict(rows)

    return standings.rows(render, engine)


def _area_matches(q: str, number: int, name: str) -> bool:
    """A polling area found by what was typed: its number, or a part of its
    name with or without diacritics."""
    key = fold(q)
    if not key:
        return True
    if key.isdigit():
        return int(key) == number
    return key in fold(f"số {number} {name}")


class TallyPages(Controller):
    @get("/results", include_in_schema=False)
    async def home(self, request: Request) -> Redirect:
        actor: Actor = request.user
        if actor.scope_level == ScopeLevel.POLLING_AREA and actor.polling_area_id:
            return redirect(f"/polling-areas/{actor.polling_area_id}/tally")
        election = await elections.default_election()
        if election is None:
            return redirect("/")
        if actor.scope_level == ScopeLevel.COMMUNE and actor.commune_code:
            return redirect(f"/elections/{election.id}/communes/{actor.commune_code}/tally")
        return redirect(f"/elections/{election.id}/results")

    @get("/elections/{election_id:int}/results", include_in_schema=False)
    async def results(
        self,
        request: Request,
        election_id: FromPath[int],
        province: Annotated[str, QueryParameter(max_length=2)] = "",
        commune: Annotated[str, QueryParameter(max_length=5)] = "",
        colour: Annotated[str, QueryParameter(name="map", max_length=10)] = "",
    ) -> Template:
        actor: Actor = request.user
        election = await elections.get_election(election_id=election_id)
        scope = live.Scope.of(actor, province or None, commune or None, None)
        # Computed once per burst of changes for every viewer of the scope (a
        # page render never recomputes the nation); a province's own page
        # breaks it down by commune.
        progress = await live.cached_progress(election_id, scope)
        board = await standings.cached(election_id, scope)
        # Blind double entry: a typist holding another's typing sees counts only.
        withheld = await live.withheld(actor, election_id, scope)
        query = "&".join(
            f"{k}={v}"
            for k, v in (("province", scope.province_code), ("commune", scope.commune_code))
            if v
        )
        return page(
            request,
            "tallies/results.html",
            election=election,
            scope=scope,
            progress=progress,
            aggregates=board.units,
            ward_units_total=board.ward_units_total,
            ward_units_finalized=board.ward_units_finalized,
            query=query,
            contests=await elections.list_contests(election_id=election_id, actor=actor),
            withheld=withheld,
            # The map shows reporting, not turnout, to a reader the figures are kept from.
            **pictures.national_context(
                board.provinces, election_id=election_id, colour="" if withheld else colour
            ),
        )

    @get("/elections/{election_id:int}/results/export.csv", include_in_schema=False)
    async def export_csv(
        self,
        request: Request,
        election_id: FromPath[int],
        province: Annotated[str, QueryParameter(max_length=2)] = "",
        commune: Annotated[str, QueryParameter(max_length=5)] = "",
    ) -> Response[bytes]:
        scope = live.Scope.of(request.user, province or None, commune or None, None)
        content = await exports.results_csv(
            election_id=election_id, scope=scope, actor=request.user
        )
        return attachment(
            content, f"ket-qua-kiem-phieu-{election_id}.csv", "text/csv; charset=utf-8"
        )

    @get("/elections/{election_id:int}/results/export.cdf.json", include_in_schema=False)
    async def export_cdf(
        self,
        request: Request,
        election_id: FromPath[int],
        province: Annotated[str, QueryParameter(max_length=2)] = "",
        commune: Annotated[str, QueryParameter(max_length=5)] = "",
    ) -> Response[bytes]:
        scope = live.Scope.of(request.user, province or None, commune or None, None)
        report = await exports.cdf_report(
            election_id=election_id, scope=scope, actor=request.user, with_areas=True
        )
        return attachment(
            json.dumps(report, ensure_ascii=False).encode(),
            f"ket-qua-cdf-{election_id}.json",
            "application/json",
        )

    @get("/elections/{election_id:int}/results/stream", include_in_schema=False)
    async def stream(
        self,
        request: Request,
        election_id: FromPath[int],
        channels: NamedDependency[ChannelsPlugin],
        province: Annotated[str, QueryParameter(max_length=2)] = "",
        commune: Annotated[str, QueryParameter(max_length=5)] = "",
        unit: Annotated[str, QueryParameter(max_length=10)] = "",
    ) -> ServerSentEvent:
        """The progress stream for the page (cookie-authenticated); the results
        page's own stream (no unit) carries its standings' changed rows too."""
        unit_id = int(unit) if unit.isdigit() else None
        scope = live.Scope.of(request.user, province or None, commune or None, unit_id)
        rows = None if unit_id else _standings_rows(request.app.template_engine)
        return await live.progress_stream(
            channels, election_id, scope, actor=request.user, rows=rows
        )

    @get("/elections/{election_id:int}/communes/{commune_code:str}/tally", include_in_schema=False)
    async def commune_board(
        self,
        request: Request,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        sheet_state: Annotated[str, QueryParameter(name="state", max_length=12)] = "",
        level: Annotated[str, QueryParameter(max_length=12)] = "",
        q: Annotated[str, QueryParameter(max_length=100)] = "",
    ) -> Template:
        actor: Actor = request.user
        wanted_page = page_request(request.query_params)  # a malformed page: 400 first
        election = await elections.get_election(election_id=election_id)
        scope = live.Scope.of(actor, None, commune_code, None)
        rows = await services.commune_sheet_states(
            election_id=election_id, commune_code=commune_code, actor=actor
        )
        # The grid filtered by state (of any sheet, or of one contest's), kept in the URL.
        wanted = wanted_state(sheet_state)
        levels = list(ContestLevel)
        wanted_level = next((lv for lv in levels if lv.value == level), None)
        looked_at = [wanted_level.value] if wanted_level else [lv.value for lv in levels]
        shown = [
            r
            for r in rows
            if _area_matches(q, r.number, r.name)
            and any(
                sheet_matches(cell["state"], cell["needs_review"], wanted)
                for name, cell in r.sheets.items()
                if name in looked_at
            )
        ]
        # One commune's areas are read whole (tens, a few hundred at most): paged here.
        wanted_page = wanted_page.clamped(len(shown))
        return page(
            request,
            "tallies/commune.html",
            election=election,
            commune_code=commune_code,
            commune_name=rows[0].commune_name if rows else commune_code,
            rows=Page.of(
                shown[wanted_page.offset : wanted_page.offset + wanted_page.limit],
                total=len(shown),
                request=wanted_page,
                filters=filters(
                    q=q.strip(), state=wanted, level=wanted_level.value if wanted_level else ""
                ),
                noun="khu vực",
            ),
            q=q.strip(),
            rows_total=len(rows),
            levels=levels,
            state_filters=STATE_FILTERS,
            wanted_state=wanted,
            wanted_level=wanted_level.value if wanted_level else "",
            state_counts=sheet_counts(
                (cell["state"], cell["needs_review"])
                for r in rows
                for name, cell in r.sheets.items()
                if name in looked_at
            ),
            progress=await live.cached_progress(election_id, scope),
            withheld=await live.withheld(actor, election_id, scope),
            scope=scope,
            query=f"commune={commune_code}",
        )

    @get("/polling-areas/{polling_area_id:int}/tally", include_in_schema=False)
    async def area(
        self,
        request: Request,
        polling_area_id: FromPath[int],
        sheet_state: Annotated[str, QueryParameter(name="state", max_length=12)] = "",
    ) -> Template:
        actor: Actor = request.user
        sheets = await services.area_sheets(polling_area_id=polling_area_id, actor=actor)
        if not sheets:
            raise NotFound("Khu vực bỏ phiếu chưa thuộc đơn vị bầu cử nào.")
        wanted = wanted_state(sheet_state)
        return page(
            request,
            "tallies/area.html",
            sheets=[s for s in sheets if sheet_matches(s.state.value, s.needs_review, wanted)],
            sheets_total=len(sheets),
            area=sheets[0],
            can_enter=any(services.may_enter(actor, s) for s in sheets),
            state_filters=STATE_FILTERS,
            wanted_state=wanted,
        )

    @get("/polling-areas/{polling_area_id:int}/ballot-use-minutes.pdf", include_in_schema=False)
    async def ballot_use_minutes(
        self,
        request: Request,
        polling_area_id: FromPath[int],
        blank: Annotated[str, QueryParameter(max_length=1)] = "",
    ) -> Response[bytes]:
        return pdf_response(
            await printing.ballot_use_minutes_pdf(
                polling_area_id=polling_area_id, actor=request.user, blank=blank == "1"
            )
        )

    async def _sheet_page(
        self,
        request: Request,
        sheet_id: int,
        *,
        state: FormState | None = None,
        code: int = 200,
    ) -> Template:
        actor: Actor = request.user
        form = state.values if state and state.values else None
        # The blind double entry: the view holds only the figures this reader may see.
        view = await services.sheet_view(sheet_id=sheet_id, actor=actor)
        sheet = view.sheet
        may_enter = services.may_enter(actor, sheet) and sheet.state != SheetState.LOCKED
        # A second reader types the paper afresh: the form is blank for them.
        prefill = None if form is not None else view.own_latest(actor.username)
        # A refused entry lists its problems above the form, linked to the cells.
        refused_entry = state if may_enter and isinstance(state, EntryRefusal) else None
        return page(
            request,
            "tallies/sheet.html",
            status_code=code,
            sheet=sheet,
            status=view.status,
            entries=view.entries,
            latest=view.latest,
            withheld_note=view.withheld_note,
            pair=view.compared,
            mismatch_count=len(view.mismatches),
            compare=compare_rows(sheet, *view.compared) if view.compared else [],
            shown=view.shown,
            shown_verified=view.shown_verified,
            warnings=view.shown.warnings if view.shown else [],
            attachments=await services.attachments(sheet_id=sheet_id, actor=actor),
            may_enter=may_enter,
            may_approve=services.may_approve(actor, sheet) and sheet.state == SheetState.VERIFIED,
            may_attach=may_enter or services.may_approve(actor, sheet),
            count_fields=COUNT_FIELDS,
            complaint_fields=COMPLAINT_FIELDS,
            stock_fields=STOCK_FIELDS,
            time_fields=TIME_FIELDS,
            witness_groups=WITNESS_GROUPS,
            text_fields=TEXT_FIELDS,
            form=form or minutes_values(prefill),
            prefill=prefill,
            correcting=sheet.state == SheetState.APPROVED,
            idempotency_key=uuid.uuid4().hex,
            errors=state.messages if state and not refused_entry else [],
            field_errors=state.fields if state else {},
            entry_refusal=refused_entry,
            next_step=await next_step(sheet=sheet, actor=actor)
            if "entered" in request.query_params
            else None,
            # After the reader's own submission: what the sheet's state now means.
            submit_notice=view.status.after_entry if "entered" in request.query_params else "",
            submit_tone=view.status.tone.value,
        )

    @get("/tally-sheets/{sheet_id:int}", include_in_schema=False)
    async def sheet(self, request: Request, sheet_id: FromPath[int]) -> Template:
        return await self._sheet_page(request, sheet_id)

    @post("/tally-sheets/{sheet_id:int}/entries", include_in_schema=False)
    async def enter(self, request: Request, sheet_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        sheet = await services.get_sheet(sheet_id=sheet_id, actor=request.user)
        try:
            response = await services.submit(
                sheet_id=sheet_id,
                submission=submission_from_form(form, sheet),
                actor=request.user,
                # offline.js replays a queued form with the header, as the API takes it.
                idempotency_key=(
                    request.headers.get("idempotency-key") or form_text(form, "idempotency_key")
                )[:100]
                or None,
            )
        except DomainError as error:
            return await self._sheet_page(
                request, sheet_id, state=refusal(form, error, sheet), code=422
            )
        return redirect(f"/tally-sheets/{sheet_id}", entered=response["state"])

    @post("/tally-sheets/{sheet_id:int}/approve", include_in_schema=False)
    async def approve(self, request: Request, sheet_id: FromPath[int]) -> Template | Redirect:
        return await form_action(
            request,
            ApproveIn,
            lambda data: services.approve(
                sheet_id=sheet_id, actor=request.user, comment=data.comment
            ),
            done=lambda _: redirect(f"/tally-sheets/{sheet_id}", notice="tally_approved"),
            refused=lambda state: self._sheet_page(request, sheet_id, state=state, code=422),
        )

    @post(
        "/tally-sheets/{sheet_id:int}/attachments",
        include_in_schema=False,
        request_max_body_size=services.MAX_ATTACHMENT_BYTES + 64 * 1024,
    )
    async def attach(self, request: Request, sheet_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            upload = uploaded_file(form)
            await services.attach(
                sheet_id=sheet_id,
                filename=upload.filename,
                content=await upload.read(),
                actor=request.user,
            )
        except DomainError as error:
            return await self._sheet_page(
                request, sheet_id, state=FormState.refused({}, error), code=422
            )
        return redirect(f"/tally-sheets/{sheet_id}", notice="attached")

    @get("/tally-sheets/{sheet_id:int}/attachments/{attachment_id:int}", include_in_schema=False)
    async def attachment_file(
        self, request: Request, sheet_id: FromPath[int], attachment_id: FromPath[int]
    ) -> Response[bytes]:
        row, content = await services.attachment_content(
            sheet_id=sheet_id, attachment_id=attachment_id, actor=request.user
        )
        return attachment(content, row.filename, row.content_type)

    @get("/tally-sheets/{sheet_id:int}/minutes.pdf", include_in_schema=False)
    async def minutes(
        self,
        request: Request,
        sheet_id: FromPath[int],
        blank: Annotated[str, QueryParameter(max_length=1)] = "",
    ) -> Response[bytes]:
        sheet = await services.get_sheet(sheet_id=sheet_id, actor=request.user)
        return pdf_response(
            await printing.tally_minutes_pdf(
                sheet=sheet,
                actor=request.user,
                base_url=str(request.base_url),
                blank=blank == "1",
            )
        )

    async def _unit_page(
        self,
        request: Request,
        unit_id: int,
        round_id: int | None = None,
        *,
        state: FormState | None = None,
        code: int = 200,
    ) -> Template:
        actor: Actor = request.user
        unit = await structure.get_unit(unit_id=unit_id, actor=actor)
        view = await services.unit_result(unit_id=unit_id, actor=actor, round_id=round_id)
        may_finalize = not actor.is_read_only and services.is_units_board(actor, unit)
        may_record = services.may_record_round(actor)
        rounds = await services.unit_rounds(unit_id=unit_id, actor=actor)
        scope = live.Scope.of(actor, None, None, unit_id)
        areas = await services.unit_sheet_states(unit_id=unit_id, round_id=round_id)
        if view.sums_withheld:
            # Blind double entry: each area's figures are in the sums kept from them.
            areas = [replace(a, **dict.fromkeys(AREA_FIGURES)) for a in areas]
        return page(
            request,
            "tallies/unit.html",
            status_code=code,
            election=await elections.get_election(election_id=unit.election_id),
            progress=await live.cached_progress(unit.election_id, scope),
            withheld=await live.withheld(actor, unit.election_id, scope),
            query=f"unit={unit_id}",
            unit=unit,
            view=view,
            areas=areas,
            rounds=rounds,
            round_id=round_id,
            round=next((r for r in rounds if r.id == round_id), None),
            may_finalize=may_finalize and not view.finalized,
            may_open_round=may_record
            and view.verdict is not None
            and view.finalized
            and (view.verdict.needs_supplementary or view.verdict.needs_rerun),
            may_annul=may_record
            and view.finalized
            and round_id is None
            and not any(r.kind == RoundKind.ANNULMENT for r in rounds),
            errors=state.messages if state else [],
        )

    @get("/units/{unit_id:int}/result", include_in_schema=False)
    async def unit(
        self,
        request: Request,
        unit_id: FromPath[int],
        round_id: Annotated[str, QueryParameter(name="round", max_length=10)] = "",
    ) -> Template:
        return await self._unit_page(
            request, unit_id, int(round_id) if round_id.isdigit() else None
        )

    @post("/units/{unit_id:int}/result/finalize", include_in_schema=False)
    async def finalize(self, request: Request, unit_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        round_text = form_text(form, "round")
        round_id = int(round_text) if round_text.isdigit() else None
        values = form_values(form, FinalizeIn) | {
            "attachments": form_text(form, "attachments").splitlines()
        }
        try:
            account = parse_form(FinalizeIn, values).account()
            if form_text(form, "confirm") != "1":
                # Fixing the result locks every sheet of the unit: asked twice.
                raise InvalidInput(
                    "Đánh dấu ô xác nhận trước khi xác định kết quả bầu cử: tất cả biên bản "
                    "của đơn vị sẽ bị khóa."
                )
            await services.finalize_unit(
                unit_id=unit_id, actor=request.user, round_id=round_id, account=account
            )
        except DomainError as error:
            return await self._unit_page(
                request, unit_id, round_id, state=FormState.refused({}, error), code=422
            )
        suffix = (
            f"?round={round_id}&notice=result_finalized" if round_id else "?notice=result_finalized"
        )
        return Redirect(path=f"/units/{unit_id}/result{suffix}", status_code=303)

    @post("/units/{unit_id:int}/rounds", include_in_schema=False)
    async def open_round(self, request: Request, unit_id: FromPath[int]) -> Template | Redirect:
        return await form_action(
            request,
            RoundIn,
            lambda data: services.open_round(
                unit_id=unit_id,
                kind=RoundKind(data.kind.value),
                voting_day=data.voting_day,
                decision=data.decision,
                decision_date=data.decision_date,
                reason=data.reason,
                polling_area_ids=data.polling_area_ids,
                actor=request.user,
            ),
            done=lambda round_id: redirect(f"/units/{unit_id}/result", round=str(round_id)),
            refused=lambda state: self._unit_page(request, unit_id, state=state, code=422),
        )

    @get("/units/{unit_id:int}/result-minutes.pdf", include_in_schema=False)
    async def unit_minutes(
        self,
        request: Request,
        unit_id: FromPath[int],
        round_id: Annotated[str, QueryParameter(name="round", max_length=10)] = "",
    ) -> Response[bytes]:
        return pdf_response(
            await result_printing.unit_result_minutes_pdf(
                unit_id=unit_id,
                round_id=int(round_id) if round_id.isdigit() else None,
                actor=request.user,
            )
        )

    @get("/units/{unit_id:int}/winners-report.pdf", include_in_schema=False)
    async def winners_report(self, request: Request, unit_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(
            await result_printing.winners_report_pdf(unit_id=unit_id, actor=request.user)
        )

    @get(
        "/elections/{election_id:int}/contests/{contest_id:int}/summary-minutes.pdf",
        include_in_schema=False,
    )
    async def summary_minutes(
        self,
        request: Request,
        election_id: FromPath[int],
        contest_id: FromPath[int],
        province: Annotated[str, QueryParameter(max_length=2)] = "",
        commune: Annotated[str, QueryParameter(max_length=5)] = "",
    ) -> Response[bytes]:
        scope = live.Scope.of(request.user, province or None, commune or None, None)
        return pdf_response(
            await result_printing.summary_minutes_pdf(
                election_id=election_id, contest_id=contest_id, scope=scope, actor=request.user
            )
        )
