"""JSON API of the election structure: units, candidates, lists, ballots, imports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.datastructures import UploadFile
from litestar.params import FromPath, JSONBody, MultipartBody, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.elections import imports as structure_imports
from election.elections import structure
from election.elections.rules import MINORITY_SHARE_TARGET, WOMEN_SHARE_TARGET
from election.elections.schemas import (
    CandidateIn,
    CandidateOut,
    CandidatePersonalIdOut,
    CompositionOut,
    ContestDetailsIn,
    ContestOut,
    FinalizeIn,
    ListReportOut,
    RemovalIn,
    ReopenIn,
    UnitIn,
    UnitOut,
    UnitSaved,
)
from election.elections.services import get_contest
from election.errors import Forbidden, InvalidInput, NotFound
from election.imports import services as imports
from election.imports.controllers import CSV, XLSX, ImportUpload, attachment
from election.imports.mapping import ColumnSpec
from election.imports.schemas import BatchOut
from election.imports.services import BatchSummary
from election.masking import mask_personal_id, mask_phone
from election.printing import services as printing
from election.schemas import RevealIn, ViolationOut
from election.web import pdf_response, uploaded_file


def unit_out(unit: structure.UnitRow) -> UnitOut:
    return UnitOut.model_validate(unit)


def unit_saved(result: structure.UnitResult) -> UnitSaved:
    return UnitSaved(
        unit=unit_out(result.unit),
        warnings=[ViolationOut.model_validate(w) for w in result.warnings],
    )


def report_out(report: structure.ListReport) -> ListReportOut:
    return ListReportOut(
        unit=unit_out(report.unit),
        candidates=[CandidateOut.model_validate(c) for c in report.candidates],
        violations=[ViolationOut.model_validate(v) for v in report.violations],
    )


async def stage_file(kind: str, scope: str, upload: UploadFile, actor: Actor) -> BatchSummary:
    """Read an uploaded file into an import batch of `kind`, to preview and commit."""
    importer = await imports.importer_for(kind, scope, actor)
    return await imports.stage(
        importer,
        # A SpooledTemporaryFile is typed IO[bytes], which is all `stage` reads from.
        stream=upload.file,  # pyright: ignore[reportArgumentType]
        filename=upload.filename or "",
        actor=actor,
    )


async def stage_upload(kind: str, scope: str, upload: ImportUpload, request: Request) -> BatchOut:
    """The API's upload: a multipart body with the file."""
    return BatchOut.model_validate(await stage_file(kind, scope, upload.file, request.user))


async def stage_form_file(kind: str, scope: str, form: Any, actor: Actor) -> BatchSummary:
    """A page's upload: the file chosen in the form, or a refusal to show on the page."""
    return await stage_file(kind, scope, uploaded_file(form), actor)


class ContestStructureController(Controller):
    path = "/api/v1/contests"
    tags = ["Cơ cấu bầu cử"]

    @get("/{contest_id:int}", summary="Một cuộc bầu cử (ĐBQH, HĐND tỉnh hoặc HĐND xã)")
    async def get_contest(self, contest_id: FromPath[int]) -> ContestOut:
        return ContestOut.model_validate(await get_contest(contest_id=contest_id))

    @put(
        "/{contest_id:int}/details",
        summary="Khóa HĐND; nghị quyết công bố danh sách chính thức ĐBQH (in trên mẫu văn bản)",
    )
    async def set_details(
        self, contest_id: FromPath[int], data: JSONBody[ContestDetailsIn], request: Request
    ) -> ContestOut:
        contest = await structure.set_contest_details(
            contest_id=contest_id, actor=request.user, **data.model_dump()
        )
        return ContestOut.model_validate(contest)

    @get(
        "/{contest_id:int}/allocation-report.pdf",
        summary="Báo cáo dự kiến phân bổ người ứng cử ĐBQH theo đơn vị bầu cử (Mẫu số 16/HĐBC-QH)",
    )
    async def allocation_report_pdf(
        self,
        contest_id: FromPath[int],
        request: Request,
        province: Annotated[str | None, QueryParameter(pattern=r"^\d{2}$")] = None,
    ) -> Response[bytes]:
        return pdf_response(
            await printing.allocation_report_pdf(
                contest_id=contest_id, province_code=province, actor=request.user
            )
        )

    @get("/{contest_id:int}/units", summary="Các đơn vị bầu cử của cuộc bầu cử")
    async def list_units(
        self,
        contest_id: FromPath[int],
        request: Request,
        province: Annotated[str | None, QueryParameter(pattern=r"^\d{2}$")] = None,
    ) -> list[UnitOut]:
        units = await structure.list_units(
            contest_id=contest_id, actor=request.user, province_code=province
        )
        return [unit_out(u) for u in units]

    @post("/{contest_id:int}/units", summary="Tạo đơn vị bầu cử")
    async def create_unit(
        self, contest_id: FromPath[int], data: JSONBody[UnitIn], request: Request
    ) -> UnitSaved:
        result = await structure.save_unit(
            contest_id=contest_id, actor=request.user, **data.model_dump()
        )
        return unit_saved(result)

    @get(
        "/{contest_id:int}/composition",
        summary="Tỷ lệ phụ nữ, người dân tộc thiểu số trong danh sách (Điều 8, Điều 9)",
    )
    async def composition(
        self,
        contest_id: FromPath[int],
        province: Annotated[str | None, QueryParameter(pattern=r"^\d{2}$")] = None,
    ) -> CompositionOut:
        report = await structure.list_composition(contest_id=contest_id, province_code=province)
        c = report.composition
        return CompositionOut(
            total=c.total,
            women=c.women,
            minorities=c.minorities,
            women_share=round(c.women_share, 4),
            minority_share=round(c.minority_share, 4),
            women_target=WOMEN_SHARE_TARGET,
            minority_target=MINORITY_SHARE_TARGET if report.national else None,
            articles=report.articles,
            violations=[ViolationOut.model_validate(v) for v in report.violations],
        )

    @post("/{contest_id:int}/imports/units", summary="Tải lên tệp đơn vị bầu cử (CSV, XLSX)")
    async def import_units(
        self, contest_id: FromPath[int], data: MultipartBody[ImportUpload], request: Request
    ) -> BatchOut:
        return await stage_upload(
            structure_imports.UnitImporter.kind, f"contest:{contest_id}", data, request
        )

    @post("/{contest_id:int}/imports/candidates", summary="Tải lên tệp người ứng cử (CSV, XLSX)")
    async def import_candidates(
        self, contest_id: FromPath[int], data: MultipartBody[ImportUpload], request: Request
    ) -> BatchOut:
        return await stage_upload(
            structure_imports.CandidateImporter.kind, f"contest:{contest_id}", data, request
        )

    @get(
        ["/{contest_id:int}/units.csv", "/{contest_id:int}/units.xlsx"],
        summary="Xuất danh sách đơn vị bầu cử (csv, xlsx)",
    )
    async def export_units(self, contest_id: FromPath[int], request: Request) -> Response[bytes]:
        fmt = request.url.path.rsplit(".", 1)[-1]
        return await export_contest(contest_id, "units", fmt, request.user)

    @get(
        ["/{contest_id:int}/candidates.csv", "/{contest_id:int}/candidates.xlsx"],
        summary="Xuất danh sách người ứng cử (csv, xlsx)",
    )
    async def export_candidates(
        self,
        contest_id: FromPath[int],
        request: Request,
        full: Annotated[bool, QueryParameter(description="Đầy đủ số định danh")] = False,
        reason: Annotated[str, QueryParameter(max_length=500)] = "",
    ) -> Response[bytes]:
        fmt = request.url.path.rsplit(".", 1)[-1]
        return await export_contest(
            contest_id, "candidates", fmt, request.user, full=full, reason=reason
        )


async def export_contest(
    contest_id: int, what: str, fmt: str, actor: Actor, *, full: bool = False, reason: str = ""
) -> Response[bytes]:
    """Units or candidates of a contest as CSV/XLSX, in the import layout."""
    await get_contest(contest_id=contest_id)
    units = await structure.list_units(contest_id=contest_id, actor=actor)
    if what == "units":
        importer = await structure_imports.unit_importer(f"contest:{contest_id}", actor)
        return export(
            importer.columns, importer.export_rows(units), fmt, f"don-vi-bau-cu-{contest_id}"
        )
    if actor.role not in imports.IMPORTING_ROLES:
        # Personal IDs, births and addresses: for the staff who prepare the lists;
        # the others have the printed list of each unit (candidate-list.pdf).
        raise Forbidden("Chỉ cán bộ lập danh sách mới xuất được tệp người ứng cử.")
    importer = await structure_imports.candidate_importer(f"contest:{contest_id}", actor)
    rows = [
        (unit, candidate)
        for unit in units
        for candidate in await structure.list_candidates(
            unit_id=unit.id, actor=actor, include_removed=False
        )
    ]
    stem = f"nguoi-ung-cu-{contest_id}"
    full = await full_export_allowed(
        full, reason, actor=actor, what="candidate_export", stem=stem, count=len(rows)
    )
    return export(importer.columns, importer.export_rows(rows), fmt, stem, full=full)


def masked_rows(columns: Sequence[ColumnSpec], rows: list[list[Any]]) -> list[list[Any]]:
    """Rows with their personal IDs and phones masked (issue 15, #4)."""
    maskers = {
        index: mask_personal_id if column.field.endswith("personal_id") else mask_phone
        for index, column in enumerate(columns)
        if column.field.endswith("personal_id") or "phone" in column.field
    }
    return [
        [
            maskers[index](value) if index in maskers and isinstance(value, str) else value
            for index, value in enumerate(row)
        ]
        for row in rows
    ]


async def full_export_allowed(
    full: bool, reason: str, *, actor: Actor, what: str, stem: str, count: int
) -> bool:
    """Whether an export carries full IDs and phones: only when asked for, with
    a reason (re-importing the file needs them), and each such export audited."""
    if not full:
        return False
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Cần ghi lý do khi xuất tệp có đầy đủ số định danh và số điện thoại.")
    async with db.transaction():
        await audit.record(
            actor=actor,
            entity_type=what,
            entity_id=stem,
            action="export_full",
            after={"count": count, "reason": reason},
            summary=f"Xuất tệp {stem} có đầy đủ dữ liệu cá nhân ({count} dòng): {reason}",
        )
    return True


def export(
    columns: Sequence[ColumnSpec],
    rows: list[list[Any]],
    fmt: str,
    stem: str,
    *,
    full: bool = False,
) -> Response[bytes]:
    """Rows in an import layout as a CSV or XLSX download; IDs and phones
    masked unless `full` (see `full_export_allowed`)."""
    if not full:
        rows = masked_rows(columns, rows)
    if fmt == "csv":
        return attachment(imports.export_csv(columns, rows), f"{stem}.csv", CSV)
    if fmt == "xlsx":
        return attachment(imports.export_xlsx(columns, rows, title=stem), f"{stem}.xlsx", XLSX)
    raise NotFound("Chỉ xuất được định dạng csv hoặc xlsx.")


class UnitController(Controller):
    path = "/api/v1/units"
    tags = ["Cơ cấu bầu cử"]

    @get("/{unit_id:int}", summary="Một đơn vị bầu cử")
    async def get_unit(self, unit_id: FromPath[int], request: Request) -> UnitOut:
        return unit_out(await structure.get_unit(unit_id=unit_id, actor=request.user))

    @put("/{unit_id:int}", summary="Sửa đơn vị bầu cử")
    async def update_unit(
        self, unit_id: FromPath[int], data: JSONBody[UnitIn], request: Request
    ) -> UnitSaved:
        unit = await structure.get_unit(unit_id=unit_id, actor=request.user)
        result = await structure.save_unit(
            contest_id=unit.contest_id, unit_id=unit_id, actor=request.user, **data.model_dump()
        )
        return unit_saved(result)

    @delete("/{unit_id:int}", status_code=HTTP_204_NO_CONTENT, summary="Xóa đơn vị bầu cử")
    async def delete_unit(self, unit_id: FromPath[int], request: Request) -> None:
        await structure.delete_unit(unit_id=unit_id, actor=request.user)

    @get("/{unit_id:int}/candidates", summary="Người ứng cử theo thứ tự trên phiếu bầu (Điều 57)")
    async def candidates(self, unit_id: FromPath[int], request: Request) -> list[CandidateOut]:
        rows = await structure.list_candidates(unit_id=unit_id, actor=request.user)
        return [CandidateOut.model_validate(c) for c in rows]

    @post("/{unit_id:int}/candidates", summary="Thêm người ứng cử")
    async def add_candidate(
        self, unit_id: FromPath[int], data: JSONBody[CandidateIn], request: Request
    ) -> CandidateOut:
        candidate = await structure.save_candidate(
            unit_id=unit_id, data=data.model_dump(), actor=request.user
        )
        return CandidateOut.model_validate(candidate)

    @get("/{unit_id:int}/list-report", summary="Kiểm tra danh sách theo Điều 8, 36, 57, 58")
    async def list_report(self, unit_id: FromPath[int], request: Request) -> ListReportOut:
        return report_out(await structure.list_report(unit_id=unit_id, actor=request.user))

    @post("/{unit_id:int}/finalize", status_code=200, summary="Chốt danh sách chính thức")
    async def finalize(
        self, unit_id: FromPath[int], data: JSONBody[FinalizeIn], request: Request
    ) -> ListReportOut:
        report = await structure.finalize_list(
            unit_id=unit_id, actor=request.user, shortfall_decision=data.shortfall_decision
        )
        return report_out(report)

    @post("/{unit_id:int}/reopen", status_code=200, summary="Mở lại danh sách đã chốt")
    async def reopen(
        self, unit_id: FromPath[int], data: JSONBody[ReopenIn], request: Request
    ) -> UnitOut:
        return unit_out(
            await structure.reopen_list(unit_id=unit_id, actor=request.user, **data.model_dump())
        )

    @get("/{unit_id:int}/candidate-list.pdf", summary="Danh sách chính thức người ứng cử (PDF)")
    async def candidate_list_pdf(self, unit_id: FromPath[int], request: Request) -> Response[bytes]:
        return pdf_response(await printing.candidate_list_pdf(unit_id=unit_id, actor=request.user))

    @get("/{unit_id:int}/ballot.pdf", summary="Phiếu bầu cử (PDF)")
    async def ballot_pdf(self, unit_id: FromPath[int], request: Request) -> Response[bytes]:
        return pdf_response(await printing.ballot_pdf(unit_id=unit_id, actor=request.user))


class CandidateController(Controller):
    path = "/api/v1/candidates"
    tags = ["Cơ cấu bầu cử"]

    @get("/{candidate_id:int}", summary="Một người ứng cử")
    async def get_candidate(self, candidate_id: FromPath[int], request: Request) -> CandidateOut:
        return CandidateOut.model_validate(
            await structure.get_candidate(candidate_id=candidate_id, actor=request.user)
        )

    @put("/{candidate_id:int}", summary="Sửa thông tin người ứng cử")
    async def update_candidate(
        self, candidate_id: FromPath[int], data: JSONBody[CandidateIn], request: Request
    ) -> CandidateOut:
        current = await structure.get_candidate(candidate_id=candidate_id, actor=request.user)
        values = data.model_dump()
        # Answers show the ID masked: a change that leaves it out keeps it.
        if "personal_id" not in data.model_fields_set:
            values["personal_id"] = current.personal_id
        candidate = await structure.save_candidate(
            unit_id=current.unit_id, candidate_id=candidate_id, data=values, actor=request.user
        )
        return CandidateOut.model_validate(candidate)

    @post(
        "/{candidate_id:int}/personal-id",
        status_code=200,
        summary="Xem số định danh đầy đủ của người ứng cử (ghi lý do, ghi nhật ký)",
    )
    async def reveal_personal_id(
        self, candidate_id: FromPath[int], data: JSONBody[RevealIn], request: Request
    ) -> CandidatePersonalIdOut:
        candidate = await structure.reveal_candidate(
            candidate_id=candidate_id, reason=data.reason, actor=request.user
        )
        return CandidatePersonalIdOut(personal_id=candidate.personal_id)

    @delete(
        "/{candidate_id:int}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Xóa người ứng cử (trước khi chốt)",
    )
    async def delete_candidate(self, candidate_id: FromPath[int], request: Request) -> None:
        await structure.delete_candidate(candidate_id=candidate_id, actor=request.user)

    @post(
        "/{candidate_id:int}/removal",
        status_code=200,
        summary="Xóa tên khỏi danh sách chính thức (Điều 60)",
    )
    async def remove(
        self, candidate_id: FromPath[int], data: JSONBody[RemovalIn], request: Request
    ) -> CandidateOut:
        candidate = await structure.remove_candidate(
            candidate_id=candidate_id, actor=request.user, **data.model_dump()
        )
        return CandidateOut.model_validate(candidate)
