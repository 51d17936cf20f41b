"""JSON API of staged imports (the upload endpoints live with each domain)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, QueryParameter

from election.accounts.guards import STAFF, roles
from election.imports import services
from election.imports.schemas import BatchOut, BatchRowOut
from election.imports.tables import RowOutcome
from election.web import download_response


@dataclass
class ImportUpload:
    """A file uploaded for import. Its size is bounded by Litestar's request
    body limit (10,000,000 bytes unless an endpoint sets its own, as the voter-list
    uploads do), then its content by `election.imports.limits` before parsing."""

    file: UploadFile


def attachment(content: bytes, filename: str, media_type: str) -> Response[bytes]:
    return download_response(content, filename, media_type)


CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportController(Controller):
    path = "/api/v1/imports"
    # Staged rows carry personal IDs and phones: staff only (`services.require_importer`).
    opt = roles(*STAFF)
    tags = ["Nhập dữ liệu"]

    @get("/{batch_id:int}", summary="Kết quả kiểm tra một tệp đã tải lên")
    async def get_batch(self, batch_id: FromPath[int], request: Request) -> BatchOut:
        return BatchOut.model_validate(
            await services.get_batch(batch_id=batch_id, actor=request.user)
        )

    @get("/{batch_id:int}/rows", summary="Các dòng của tệp và kết quả từng dòng")
    async def rows(
        self,
        batch_id: FromPath[int],
        request: Request,
        outcome: Annotated[RowOutcome | None, QueryParameter()] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=5000)] = 200,
    ) -> list[BatchRowOut]:
        rows = await services.batch_rows(
            batch_id=batch_id, actor=request.user, outcome=outcome, limit=limit
        )
        return [BatchRowOut.model_validate(r) for r in rows]

    @get("/{batch_id:int}/errors.csv", summary="Báo cáo lỗi (dòng, cột, lý do)")
    async def errors(self, batch_id: FromPath[int], request: Request) -> Response[bytes]:
        name, content = await services.error_report(batch_id=batch_id, actor=request.user)
        return attachment(content, name, CSV)

    @post(
        "/{batch_id:int}/commit", status_code=200, summary="Nhập toàn bộ tệp (hoặc không nhập gì)"
    )
    async def commit(self, batch_id: FromPath[int], request: Request) -> BatchOut:
        return BatchOut.model_validate(await services.commit(batch_id=batch_id, actor=request.user))

    @post("/{batch_id:int}/discard", status_code=200, summary="Hủy tệp đã tải lên")
    async def discard(self, batch_id: FromPath[int], request: Request) -> BatchOut:
        return BatchOut.model_validate(
            await services.discard(batch_id=batch_id, actor=request.user)
        )
