"""JSON API of tallying: entry of the minutes by the station officers, double
entry, approval by the board, results, follow-up rounds, live progress and
exports."""

from __future__ import annotations

import json
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, HeaderParameter, JSONBody, MultipartBody, QueryParameter
from litestar.response import ServerSentEvent

from election.actor import Role
from election.imports.controllers import ImportUpload, attachment
from election.printing import results as result_printing
from election.printing import tallies as printing
from election.schemas import ViolationOut
from election.tallies import exports, live, services
from election.tallies.schemas import (
    ApproveIn,
    AttachmentOut,
    EntryOut,
    FinalizeIn,
    ProgressOut,
    RoundIn,
    RoundOut,
    SheetIn,
    SheetOut,
    SubmitOut,
)
from election.tallies.tables import RoundKind
from election.web import pdf_response

ENTERING_ROLES = frozenset(
    {Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF, Role.STATION_OFFICER}
)


def sheet_out(sheet: services.SheetContext) -> SheetOut:
    return SheetOut.model_validate(sheet)


def entry_out(line: services.EntryLine) -> EntryOut:
    entry = line.row
    if entry is None:
        # Blind double entry: who typed which version and when, nothing typed.
        return EntryOut(
            id=line.id,
            version=line.version,
            kind=line.kind.value,
            kind_label=line.kind_label,
            hidden=True,
            figures=None,
            voting_opened=None,
            voting_closed=None,
            closing_time=None,
            signatories={},
            incidents="",
            recommendations="",
            reason="",
            warnings=[],
            entered_by=line.entered_by,
            entered_at=line.entered_at,
            matches_entry=line.mark.matches_entry,
        )
    return EntryOut(
        id=entry.id,
        version=entry.version,
        kind=entry.kind.value,
        kind_label=entry.kind_label,
        figures=services.figures_json(entry.figures),
        voting_opened=entry.voting_opened,
        voting_closed=entry.voting_closed,
        closing_time=entry.closing_time,
        signatories=entry.signatories,
        incidents=entry.incidents,
        recommendations=entry.recommendations,
        reason=entry.reason,
        warnings=entry.warnings,
        entered_by=entry.entered_by,
        entered_at=entry.entered_at,
        matches_entry=entry.matches_entry,
    )


def progress_out(progress: services.Progress, *, figures_withheld: bool = False) -> ProgressOut:
    """The progress; the voters' figures (from the typed sheets) null for a
    reader they are withheld from (blind double entry)."""
    return ProgressOut(
        sheets_total=progress.sheets_total,
        reported=progress.reported,
        verified=progress.verified,
        approved=progress.approved,
        needs_review=progress.needs_review,
        voters_on_list=None if figures_withheld else progress.voters_on_list,
        voters_took_part=None if figures_withheld else progress.voters_took_part,
        turnout=None if figures_withheld else str(progress.turnout),
        figures_withheld=figures_withheld,
    )


class AreaTallyController(Controller):
    path = "/api/v1/polling-areas/{polling_area_id:int}"
    tags = ["Kiểm phiếu"]

    @get(
        "/tally-sheets",
        summary="Các biên bản kiểm phiếu của khu vực (mỗi cuộc bầu cử một biên bản), rồi biên "
        "bản của các cuộc bầu cử thêm, bầu cử lại khu vực tham gia (round_id, round_kind)",
    )
    async def sheets(self, polling_area_id: FromPath[int], request: Request) -> list[SheetOut]:
        return [
            sheet_out(s)
            for s in await services.area_sheets(polling_area_id=polling_area_id, actor=request.user)
        ]

    @get(
        "/tally-minutes.pdf",
        summary="Mẫu biên bản kết quả kiểm phiếu để trống (in trước ngày bầu cử)",
    )
    async def blank_minutes(
        self,
        polling_area_id: FromPath[int],
        contest_id: Annotated[int, QueryParameter(name="contest", ge=1)],
        request: Request,
    ) -> Response[bytes]:
        sheet = await services.sheet_for(
            polling_area_id=polling_area_id, contest_id=contest_id, actor=request.user
        )
        return pdf_response(
            await printing.tally_minutes_pdf(
                sheet=sheet, actor=request.user, base_url=str(request.base_url), blank=True
            )
        )

    @get(
        "/ballot-use-minutes.pdf",
        summary="Biên bản kiểm kê việc sử dụng phiếu bầu cử của Tổ bầu cử (Mẫu số 32/HĐBC)",
        description="Theo số đã nhập trên các biên bản kiểm phiếu của khu vực; `blank=true` "
        "cho mẫu để trống.",
    )
    async def ballot_use_minutes(
        self,
        polling_area_id: FromPath[int],
        request: Request,
        blank: Annotated[bool, QueryParameter(name="blank")] = False,
    ) -> Response[bytes]:
        return pdf_response(
            await printing.ballot_use_minutes_pdf(
                polling_area_id=polling_area_id, actor=request.user, blank=blank
            )
        )


class TallySheetController(Controller):
    path = "/api/v1/tally-sheets/{sheet_id:int}"
    tags = ["Kiểm phiếu"]

    @get("", summary="Một biên bản kiểm phiếu")
    async def get_sheet(self, sheet_id: FromPath[int], request: Request) -> SheetOut:
        return sheet_out(await services.get_sheet(sheet_id=sheet_id, actor=request.user))

    @get(
        "/entries",
        summary="Các lần nhập, kiểm tra chéo và đính chính biên bản",
        description="Nhập hai lần độc lập: số liệu người khác nhập cho một phiên bản chỉ trả "
        "về sau khi người hỏi đã lưu lần nhập của mình cho phiên bản đó (thành viên Ban bầu cử: "
        "khi đã có hai lần nhập hoặc biên bản có cảnh báo; người khác: khi đã kiểm tra chéo). "
        "Trước đó bản nhập có `hidden: true`, chỉ cho biết ai nhập, lúc nào.",
    )
    async def entries(self, sheet_id: FromPath[int], request: Request) -> list[EntryOut]:
        return [
            entry_out(e)
            for e in await services.sheet_entries(sheet_id=sheet_id, actor=request.user)
        ]

    @post(
        "/entries",
        opt={"roles": ENTERING_ROLES},
        summary="Nhập biên bản kết quả kiểm phiếu (lần nhập thứ hai của người khác là kiểm tra chéo)",
        description="Gửi lại cùng một yêu cầu với cùng tiêu đề Idempotency-Key trả về kết quả "
        "của lần gửi đầu, không tạo bản nhập mới.",
    )
    async def submit(
        self,
        sheet_id: FromPath[int],
        data: JSONBody[SheetIn],
        request: Request,
        idempotency_key: Annotated[
            str | None, HeaderParameter(name="Idempotency-Key", max_length=100, required=False)
        ] = None,
    ) -> SubmitOut:
        response = await services.submit(
            sheet_id=sheet_id,
            submission=data.submission(),
            actor=request.user,
            idempotency_key=idempotency_key or None,
        )
        return SubmitOut(
            sheet_id=response["sheet_id"],
            entry_id=response["entry_id"],
            state=response["state"],
            mismatches=response["mismatches"],
            warnings=[ViolationOut.model_validate(w) for w in response["warnings"]],
        )

    @post(
        "/approve",
        status_code=200,
        opt={"roles": frozenset({Role.BOARD_MEMBER})},
        summary="Thành viên Ban bầu cử phê duyệt biên bản đã kiểm tra chéo",
    )
    async def approve(
        self, sheet_id: FromPath[int], data: JSONBody[ApproveIn], request: Request
    ) -> SheetOut:
        return sheet_out(
            await services.approve(sheet_id=sheet_id, actor=request.user, comment=data.comment)
        )

    @get("/attachments", summary="Ảnh, bản chụp biên bản đã ký")
    async def attachments(self, sheet_id: FromPath[int], request: Request) -> list[AttachmentOut]:
        rows = await services.attachments(sheet_id=sheet_id, actor=request.user)
        return [AttachmentOut.model_validate(r) for r in rows]

    @post(
        "/attachments",
        summary="Đính kèm ảnh biên bản đã ký (JPEG, PNG, PDF; tối đa 10 MB)",
        request_max_body_size=services.MAX_ATTACHMENT_BYTES + 64 * 1024,
    )
    async def attach(
        self, sheet_id: FromPath[int], data: MultipartBody[ImportUpload], request: Request
    ) -> AttachmentOut:
        content = await data.file.read()
        row = await services.attach(
            sheet_id=sheet_id,
            filename=data.file.filename or "",
            content=content,
            actor=request.user,
        )
        return AttachmentOut.model_validate(row)

    @get("/attachments/{attachment_id:int}", summary="Tải tệp đính kèm")
    async def attachment_file(
        self, sheet_id: FromPath[int], attachment_id: FromPath[int], request: Request
    ) -> Response[bytes]:
        row, content = await services.attachment_content(
            sheet_id=sheet_id, attachment_id=attachment_id, actor=request.user
        )
        return attachment(content, row.filename, row.content_type)

    @get(
        "/minutes.pdf",
        summary="Biên bản kết quả kiểm phiếu (PDF, theo bản đã nhập)",
        description="403 khi số liệu chưa được hiện với người hỏi (nhập hai lần độc lập); "
        "`blank=true` cho mẫu để trống.",
    )
    async def minutes(
        self,
        sheet_id: FromPath[int],
        request: Request,
        blank: Annotated[bool, QueryParameter(name="blank")] = False,
    ) -> Response[bytes]:
        sheet = await services.get_sheet(sheet_id=sheet_id, actor=request.user)
        return pdf_response(
            await printing.tally_minutes_pdf(
                sheet=sheet, actor=request.user, base_url=str(request.base_url), blank=blank
            )
        )


class UnitResultController(Controller):
    path = "/api/v1/units/{unit_id:int}"
    tags = ["Kết quả bầu cử"]

    @get("/result", summary="Kết quả bầu cử của đơn vị và người trúng cử (Điều 78)")
    async def result(
        self,
        unit_id: FromPath[int],
        request: Request,
        round_id: Annotated[int | None, QueryParameter(name="round", ge=1)] = None,
    ) -> dict[str, Any]:
        view = await services.unit_result(unit_id=unit_id, actor=request.user, round_id=round_id)
        return services.result_json(view)

    @post(
        "/result/finalize",
        status_code=200,
        opt={"roles": frozenset({Role.BOARD_MEMBER})},
        summary="Ban bầu cử xác định kết quả bầu cử của đơn vị (Điều 77); khóa các biên bản",
    )
    async def finalize(
        self,
        unit_id: FromPath[int],
        request: Request,
        round_id: Annotated[int | None, QueryParameter(name="round", ge=1)] = None,
        data: JSONBody[FinalizeIn | None] = None,
    ) -> dict[str, Any]:
        view = await services.finalize_unit(
            unit_id=unit_id,
            actor=request.user,
            round_id=round_id,
            account=data.account() if data else None,
        )
        return services.result_json(view)

    @get("/result-minutes.pdf", summary="Biên bản xác định kết quả bầu cử ở đơn vị (PDF)")
    async def result_minutes(
        self,
        unit_id: FromPath[int],
        request: Request,
        round_id: Annotated[int | None, QueryParameter(name="round", ge=1)] = None,
    ) -> Response[bytes]:
        return pdf_response(
            await result_printing.unit_result_minutes_pdf(
                unit_id=unit_id, round_id=round_id, actor=request.user
            )
        )

    @get(
        "/winners-report.pdf",
        summary="Báo cáo về danh sách những người trúng cử đại biểu Quốc hội của đơn vị "
        "(Mẫu số 21/HĐBC-QH)",
        description="Theo kết quả bầu cử Ban bầu cử đã xác định (kể cả bầu cử thêm, bầu cử lại).",
    )
    async def winners_report(self, unit_id: FromPath[int], request: Request) -> Response[bytes]:
        return pdf_response(
            await result_printing.winners_report_pdf(unit_id=unit_id, actor=request.user)
        )

    @get("/rounds", summary="Các cuộc bầu cử thêm, bầu cử lại của đơn vị")
    async def rounds(self, unit_id: FromPath[int], request: Request) -> list[RoundOut]:
        rounds = await services.unit_rounds(unit_id=unit_id, actor=request.user)
        return [RoundOut.model_validate(r) for r in rounds]

    @post(
        "/rounds",
        opt={"roles": frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF})},
        summary="Quyết định bầu cử thêm (Điều 79), bầu cử lại (Điều 80), hoặc hủy bỏ kết quả "
        "bầu cử của khu vực bỏ phiếu, đơn vị bầu cử và bầu cử lại (Điều 81)",
    )
    async def open_round(
        self, unit_id: FromPath[int], data: JSONBody[RoundIn], request: Request
    ) -> RoundOut:
        round_id = await services.open_round(
            unit_id=unit_id,
            kind=RoundKind(data.kind.value),
            voting_day=data.voting_day,
            decision=data.decision,
            decision_date=data.decision_date,
            reason=data.reason,
            polling_area_ids=data.polling_area_ids,
            actor=request.user,
        )
        rounds = await services.unit_rounds(unit_id=unit_id, actor=request.user)
        return RoundOut.model_validate(next(r for r in rounds if r.id == round_id))


ScopeProvince = Annotated[str | None, QueryParameter(name="province", pattern=r"^\d{2}$")]
ScopeCommune = Annotated[str | None, QueryParameter(name="commune", pattern=r"^\d{5}$")]
ScopeUnit = Annotated[int | None, QueryParameter(name="unit", ge=1)]


class ElectionTallyController(Controller):
    path = "/api/v1/elections/{election_id:int}"
    tags = ["Kết quả bầu cử"]

    @get("/tally-progress", summary="Tiến độ nhận biên bản và tỷ lệ cử tri đi bầu")
    async def progress(
        self,
        election_id: FromPath[int],
        request: Request,
        province: ScopeProvince = None,
        commune: ScopeCommune = None,
        unit: ScopeUnit = None,
    ) -> ProgressOut:
        scope = live.Scope.of(request.user, province, commune, unit)
        return progress_out(
            await live.cached_progress(election_id, scope),
            figures_withheld=bool(await live.withheld(request.user, election_id, scope)),
        )

    @get(
        "/tally-progress/stream",
        summary="Tiến độ theo thời gian thực (Server-Sent Events)",
        description="Mỗi sự kiện `progress` là một bản tiến độ mới (JSON như /tally-progress), "
        "gửi khi có biên bản được nhập, kiểm tra chéo hoặc phê duyệt trong phạm vi.",
    )
    async def progress_stream(
        self,
        election_id: FromPath[int],
        request: Request,
        channels: NamedDependency[ChannelsPlugin],
        province: ScopeProvince = None,
        commune: ScopeCommune = None,
        unit: ScopeUnit = None,
    ) -> ServerSentEvent:
        scope = live.Scope.of(request.user, province, commune, unit)
        return await live.progress_stream(channels, election_id, scope, actor=request.user)

    @get("/results.csv", summary="Kết quả kiểm phiếu theo khu vực bỏ phiếu (CSV)")
    async def results_csv(
        self,
        election_id: FromPath[int],
        request: Request,
        province: ScopeProvince = None,
        commune: ScopeCommune = None,
    ) -> Response[bytes]:
        scope = live.Scope.of(request.user, province, commune, None)
        content = await exports.results_csv(
            election_id=election_id, scope=scope, actor=request.user
        )
        return attachment(
            content, f"ket-qua-kiem-phieu-{election_id}.csv", "text/csv; charset=utf-8"
        )

    @get("/results.json", summary="Kết quả theo đơn vị bầu cử (JSON)")
    async def results_json(
        self,
        election_id: FromPath[int],
        request: Request,
        province: ScopeProvince = None,
        commune: ScopeCommune = None,
    ) -> list[dict[str, Any]]:
        scope = live.Scope.of(request.user, province, commune, None)
        return await exports.unit_results(election_id=election_id, scope=scope, actor=request.user)

    @get(
        "/results.cdf.json",
        summary="Kết quả theo định dạng NIST SP 1500-100 (Common Data Format v2, JSON)",
        # The body is JSON serialized by exports.cdf_report: documented as an
        # object, not as the bytes the handler returns.
        responses={200: ResponseSpec(data_container=dict[str, Any], description="Báo cáo CDF")},
    )
    async def results_cdf(
        self,
        election_id: FromPath[int],
        request: Request,
        province: ScopeProvince = None,
        commune: ScopeCommune = None,
        areas: Annotated[bool, QueryParameter(name="areas")] = False,
    ) -> Response[bytes]:
        scope = live.Scope.of(request.user, province, commune, None)
        report = await exports.cdf_report(
            election_id=election_id, scope=scope, actor=request.user, with_areas=areas
        )
        return attachment(
            json.dumps(report, ensure_ascii=False).encode(),
            f"ket-qua-cdf-{election_id}.json",
            "application/json",
        )

    @get(
        "/contests/{contest_id:int}/summary-minutes.pdf",
        summary="Biên bản tổng kết cuộc bầu cử (PDF)",
    )
    async def summary_minutes(
        self,
        election_id: FromPath[int],
        contest_id: FromPath[int],
        request: Request,
        province: ScopeProvince = None,
        commune: ScopeCommune = None,
    ) -> Response[bytes]:
        scope = live.Scope.of(request.user, province, commune, None)
        return pdf_response(
            await result_printing.summary_minutes_pdf(
                election_id=election_id, contest_id=contest_id, scope=scope, actor=request.user
            )
        )
