"""The preview page of an uploaded file: counts, row errors, commit or discard."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from election.accounts.guards import STAFF, roles
from election.imports import services
from election.imports.controllers import CSV, attachment
from election.imports.tables import RowOutcome
from election.web import FormState, page, redirect, refusing


def return_path(scope: str, kind: str = "") -> str:
    """Where the user came from, by the batch's scope and kind."""
    parts = scope.split(":")
    if parts[0] == "contest":
        return f"/contests/{parts[1]}"
    if parts[0] == "election" and len(parts) == 4:
        page = "voters" if kind == "voters" else "areas"
        return f"/elections/{parts[1]}/communes/{parts[3]}/{page}"
    if parts[0] == "staff":
        query = f"province={parts[1]}" + (f"&commune={parts[2]}" if len(parts) > 2 else "")
        return f"/staffing/people?{query}"
    return "/structure"


class ImportPages(Controller):
    path = "/imports"
    # Staged rows carry personal IDs and phones: staff only (`services.require_importer`).
    opt = roles(*STAFF)

    async def _render(
        self, request: Request, batch_id: int, *, errors: list[str], status: int = 200
    ) -> Template:
        batch = await services.get_batch(batch_id=batch_id, actor=request.user)
        error_rows = await services.batch_rows(
            batch_id=batch_id, actor=request.user, outcome=RowOutcome.ERROR, limit=100
        )
        changes = await services.batch_rows(batch_id=batch_id, actor=request.user, limit=100)
        return page(
            request,
            "imports/batch.html",
            status_code=status,
            batch=batch,
            error_rows=error_rows,
            rows=[r for r in changes if r.outcome in (RowOutcome.NEW, RowOutcome.UPDATE)][:50],
            outcomes=list(RowOutcome),
            back=return_path(batch.scope, batch.kind),
            errors=errors,
        )

    @get("/{batch_id:int}", include_in_schema=False)
    async def batch(self, request: Request, batch_id: FromPath[int]) -> Template:
        return await self._render(request, batch_id, errors=[])

    @get("/{batch_id:int}/errors.csv", include_in_schema=False)
    async def errors(self, request: Request, batch_id: FromPath[int]) -> Response[bytes]:
        name, content = await services.error_report(batch_id=batch_id, actor=request.user)
        return attachment(content, name, CSV)

    async def _refused(self, request: Request, batch_id: int, state: FormState) -> Template:
        return await self._render(request, batch_id, errors=state.messages, status=422)

    async def _finish(
        self,
        request: Request,
        batch_id: int,
        finishing: Awaitable[services.BatchSummary],
        notice: str,
    ) -> Template | Redirect:
        """Commit or discard: back where the file came from, or the preview with the refusal."""
        batch = await refusing(finishing, lambda state: self._refused(request, batch_id, state))
        if isinstance(batch, Template):
            return batch
        return redirect(return_path(batch.scope, batch.kind), notice=notice)

    @post("/{batch_id:int}/commit", include_in_schema=False)
    async def commit(self, request: Request, batch_id: FromPath[int]) -> Template | Redirect:
        committing = services.commit(batch_id=batch_id, actor=request.user)
        return await self._finish(request, batch_id, committing, "imported")

    @post("/{batch_id:int}/discard", include_in_schema=False)
    async def discard(self, request: Request, batch_id: FromPath[int]) -> Template | Redirect:
        discarding = services.discard(batch_id=batch_id, actor=request.user)
        return await self._finish(request, batch_id, discarding, "discarded")


async def preview_upload(
    staging: Awaitable[services.BatchSummary], refused: Callable[[FormState], Awaitable[Template]]
) -> Template | Redirect:
    """A page's upload: on to the preview of the staged batch, or the page
    re-rendered with the refusal (no file, unreadable file, out of scope)."""
    batch = await refusing(staging, refused)
    if isinstance(batch, Template):
        return batch
    return redirect(f"/imports/{batch.id}")
