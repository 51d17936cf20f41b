"""Staging, preview, error report and atomic commit of tabular imports.

An importer (one per kind of record: electoral units, polling areas,
candidates, staff...) says which columns it reads, how one row becomes a
record, the key that identifies a record, what already exists, and how to
apply new and changed records. This module does the rest, the same way for
every kind:

1. `stage`: read the file row by row, validate each row, classify it against
   what exists (new, update, unchanged, error), keep everything in a batch;
2. the user sees the counts and downloads the error report;
3. `commit`: in one transaction, re-classify against the current data and
   apply; any error refuses the whole file. Re-importing the same file finds
   every row unchanged and changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

import anyio.to_thread
from openpyxl import Workbook

from election import db
from election.actor import Actor, Role
from election.audit import services as audit
from election.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation, Violation
from election.imports import queries
from election.imports.limits import REGISTER, inspect_upload, let_the_loop_run, parsing_slot
from election.imports.mapping import ColumnMap, ColumnSpec, column_of, map_columns
from election.imports.queries import BatchRow, StagedRow
from election.imports.readers import Row, UnreadableFile, iter_rows
from election.imports.tables import BatchStatus, RowOutcome
from election.jsonable import jsonable
from election.masking import mask_ids_in, mask_personal_record
from forms import formatting

MAX_ROWS = 200_000  # per file for these small registers; voter lists have their own path


@dataclass
class ParsedRow:
    record: dict[str, Any] | None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, message)


def collect(
    record: dict[str, Any], errors: list[tuple[str, str]], name: str, parse: Callable[[], Any]
) -> None:
    """Parse one field into `record`, or note its error for the row report."""
    try:
        record[name] = parse()
    except ValueError as error:
        errors.append((name, str(error)))


Record = dict[str, Any]
"""One row of a file as an importer reads it: field → value. Staged records
are kept as JSON, so their dates come back as ISO text (`staged_date`)."""
Change = tuple[Record, Record]
"""A record as it is now, and as the file has it."""


def records_to_write(new: list[Record], changed: list[Change]) -> list[Record]:
    """What an importer writes: the new records, then the changed ones as the file has them."""
    return [*new, *(after for _, after in changed)]


def staged_date(text: str | None) -> dt.date | None:
    """A date of a staged record, or None when the file left it empty."""
    return dt.date.fromisoformat(text) if text else None


class Importer(Protocol):
    kind: str
    title: str
    scope: str
    columns: Sequence[ColumnSpec]

    def parse(self, value: Callable[[str], str]) -> ParsedRow: ...

    def key(self, record: dict[str, Any]) -> str: ...

    async def existing(self) -> dict[str, dict[str, Any]]: ...

    async def apply(self, new: list[Record], changed: list[Change], actor: Actor) -> None: ...


ImporterFactory = Callable[[str, Actor], Awaitable[Importer]]
_FACTORIES: dict[str, ImporterFactory] = {}


class BatchHandler(Protocol):
    """A kind of import whose rows do not live in `import_row` (voter lists are
    staged in tables of their own, up to millions of rows at a time)."""

    title: str

    async def check_access(self, scope: str, actor: Actor) -> None: ...

    async def rows(self, batch: Any, outcome: str | None, limit: int) -> list[Any]: ...

    async def error_lines(self, batch: Any) -> Any: ...

    async def commit(self, batch: Any, actor: Actor, now: dt.datetime | None) -> dict[str, Any]: ...

    async def discard(self, batch: Any) -> None: ...


_HANDLERS: dict[str, BatchHandler] = {}


def register_handler(kind: str, handler: BatchHandler) -> None:
    _HANDLERS[kind] = handler


def register(kind: str, factory: ImporterFactory) -> None:
    """Domains register how to rebuild their importer from a batch's scope."""
    _FACTORIES[kind] = factory


async def importer_for(kind: str, scope: str, actor: Actor) -> Importer:
    factory = _FACTORIES.get(kind)
    if factory is None:
        raise NotFound(f"Không có loại dữ liệu nhập «{kind}».")
    return await factory(scope, actor)


def _comparable(record: dict[str, Any]) -> str:
    return json.dumps(jsonable(record), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class BatchSummary(BatchRow):
    """A batch as pages and the API show it: its row, and the title of its kind."""

    title: str

    @property
    def error_count(self) -> int:
        return self.counts.get(RowOutcome.ERROR, 0)

    @property
    def change_count(self) -> int:
        return self.counts.get(RowOutcome.NEW, 0) + self.counts.get(RowOutcome.UPDATE, 0)

    @property
    def status_label(self) -> str:
        return self.status.label


def _classify(
    importer: Importer, parsed: list[tuple[int, ParsedRow]], existing: dict[str, dict[str, Any]]
) -> list[StagedRow]:
    staged: list[StagedRow] = []
    first_row_of: dict[str, int] = {}
    for row_number, result in parsed:
        if result.errors or result.record is None:
            errors = [{"field": f, "message": m} for f, m in result.errors]
            staged.append(StagedRow(row_number, "", RowOutcome.ERROR, result.record, errors))
            continue
        key = importer.key(result.record)
        if key in first_row_of:
            message = f"Trùng với dòng {first_row_of[key]} của tệp."
            staged.append(
                StagedRow(
                    row_number,
                    key,
                    RowOutcome.ERROR,
                    result.record,
                    [{"field": "", "message": message}],
                )
            )
            continue
        first_row_of[key] = row_number
        current = existing.get(key)
        if current is None:
            outcome = RowOutcome.NEW
        elif _comparable(current) == _comparable(result.record):
            outcome = RowOutcome.UNCHANGED
        else:
            outcome = RowOutcome.UPDATE
        staged.append(StagedRow(row_number, key, outcome, jsonable(result.record), []))
    return staged


def _counts(rows: list[StagedRow]) -> dict[str, int]:
    counts = {outcome.value: 0 for outcome in RowOutcome}
    for row in rows:
        counts[row.outcome.value] += 1
    return counts


def parse_file(
    importer: Importer, stream: BinaryIO, filename: str, overrides: dict[str, str] | None = None
) -> tuple[ColumnMap, list[tuple[int, ParsedRow]]]:
    """Check the file against the registers' limits, then read and parse each row.
    Blocking: `stage` runs it in a worker thread."""
    inspect_upload(stream, filename, REGISTER)
    rows = iter_rows(stream, filename)
    try:
        return _parse_rows(importer, rows, overrides)
    finally:
        rows.close()


def _parse_rows(
    importer: Importer, rows: Iterator[Row], overrides: dict[str, str] | None
) -> tuple[ColumnMap, list[tuple[int, ParsedRow]]]:
    header = next(rows, None)
    if header is None:
        raise UnreadableFile("Tệp không có dữ liệu.")
    columns = map_columns(header.values, importer.columns, overrides)
    parsed: list[tuple[int, ParsedRow]] = []
    for row in rows:
        if not row.number & 7:
            let_the_loop_run()  # parse_file runs in a worker thread
        if len(parsed) >= MAX_ROWS:
            raise InvalidInput(f"Tệp có quá {formatting.vn_number(MAX_ROWS)} dòng.")

        def value(name: str, values: list[str] = row.values) -> str:
            return columns.value(values, name)

        try:
            result = importer.parse(value)
        except ValueError as error:
            result = ParsedRow(None, [("", str(error))])
        parsed.append((row.number, result))
    return columns, parsed


def _digest_and_parse(
    importer: Importer, stream: BinaryIO, filename: str, overrides: dict[str, str] | None
) -> tuple[str, tuple[ColumnMap, list[tuple[int, ParsedRow]]]]:
    """The file's SHA-256 and its parsed rows; off the event loop, since a
    large or hostile file keeps the CPU busy for seconds."""
    with parsing_slot():
        stream.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
        stream.seek(0)
        return digest.hexdigest(), parse_file(importer, stream, filename, overrides)


async def stage(
    importer: Importer,
    *,
    stream: BinaryIO,
    filename: str,
    actor: Actor,
    overrides: dict[str, str] | None = None,
) -> BatchSummary:
    """Read and check a whole file into a batch; nothing is applied yet."""
    if actor.is_read_only:
        raise Forbidden("Tài khoản chỉ xem không được nhập dữ liệu.")
    sha256, (columns, parsed) = await anyio.to_thread.run_sync(
        _digest_and_parse, importer, stream, filename, overrides
    )
    existing = await importer.existing()
    staged = _classify(importer, parsed, existing)
    counts = _counts(staged)
    column_map = columns.column_names(importer.columns)
    async with db.transaction(), db.connection() as conn:
        batch_id = await queries.insert_batch(
            kind=importer.kind,
            scope=importer.scope,
            filename=filename[:255],
            sha256=sha256,
            total_rows=len(staged),
            counts=counts,
            column_map=column_map,
            created_by=actor.username,
        )
        await conn.copy_records_to_table(
            "import_row",
            columns=["batch", "row_number", "key", "outcome", "data", "errors"],
            records=[
                (
                    batch_id,
                    row.row_number,
                    row.key[:200],
                    row.outcome.value,
                    json.dumps(jsonable(row.data), ensure_ascii=False)
                    if row.data is not None
                    else None,
                    json.dumps(row.errors, ensure_ascii=False) if row.errors else None,
                )
                for row in staged
            ],
        )
        await audit.record(
            actor=actor,
            entity_type="import_batch",
            entity_id=batch_id,
            action="stage",
            after={
                "kind": importer.kind,
                "scope": importer.scope,
                "filename": filename,
                "counts": counts,
            },
            summary=f"Tải lên tệp {filename} ({importer.title})",
        )
    return await get_batch(batch_id=batch_id, actor=actor)


# Only staff import (every importer's `may_manage` says so); a staged batch holds
# whole rows, personal IDs and phones included, so only they see or finish one.
IMPORTING_ROLES = frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF})


def require_importer(actor: Actor) -> None:
    if actor.role not in IMPORTING_ROLES:
        raise Forbidden("Chỉ cán bộ Ủy ban bầu cử, Ủy ban nhân dân mới xem và xử lý được tệp nhập.")


async def get_batch(*, batch_id: int, actor: Actor) -> BatchSummary:
    require_importer(actor)
    row = await queries.batch(batch_id=batch_id)
    if row is None:
        raise NotFound(f"Không có lượt nhập số {batch_id}.")
    # Scope: whoever may import into this scope may see the batch.
    handler = _HANDLERS.get(row.kind)
    if handler is not None:
        await handler.check_access(row.scope, actor)
        title = handler.title
    else:
        title = (await importer_for(row.kind, row.scope, actor)).title
    return BatchSummary(**vars(row), title=title)


async def create_batch(*, kind: str, scope: str, filename: str, actor: Actor) -> int:
    """A batch for a kind staged outside `import_row` (see `BatchHandler`), empty
    until `record_staged` says what it holds."""
    return await queries.insert_batch(
        kind=kind,
        scope=scope,
        filename=filename[:255],
        sha256="",
        total_rows=0,
        counts={},
        column_map={},
        created_by=actor.username,
    )


async def record_staged(
    *, batch_id: int, sha256: str, counts: dict[str, int], column_map: dict[str, str]
) -> None:
    await queries.record_staged(
        batch_id=batch_id,
        sha256=sha256,
        total_rows=sum(counts.values()),
        counts=counts,
        column_map=column_map,
    )


async def batch_rows(
    *, batch_id: int, actor: Actor, outcome: RowOutcome | None = None, limit: int = 200
) -> list[StagedRow]:
    """The staged rows, their IDs and phones masked (issue 15, #4): checking a
    file needs the row and its errors, not the person's full number."""
    batch = await get_batch(batch_id=batch_id, actor=actor)
    if batch.kind in _HANDLERS:
        if batch.status != BatchStatus.STAGED:
            return []
        rows = await _HANDLERS[batch.kind].rows(batch, outcome.value if outcome else None, limit)
    else:
        rows = await queries.rows(batch_id=batch_id, outcome=outcome, limit=limit)
    column_names = await queries.column_map(batch_id=batch_id)
    return [_masked(row, column_names) for row in rows]


def _masked(row: StagedRow, column_names: dict[str, str]) -> StagedRow:
    """A row as shown: IDs and phones masked, each error with its `column`
    named as the file heads it."""
    errors: list[dict[str, str]] = mask_personal_record(row.errors)
    return StagedRow(
        row_number=row.row_number,
        key=mask_ids_in(row.key),
        outcome=row.outcome,
        data=mask_personal_record(row.data),
        errors=[e | {"column": column_of(column_names, e.get("field", ""))} for e in errors],
    )


async def error_report(*, batch_id: int, actor: Actor) -> tuple[str, bytes]:
    """CSV (UTF-8 with BOM, so Excel shows the diacritics): row, column, reason."""
    batch = await get_batch(batch_id=batch_id, actor=actor)
    column_map = await queries.column_map(batch_id=batch_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Dòng", "Cột", "Lý do"])
    if batch.kind in _HANDLERS:
        if batch.status == BatchStatus.STAGED:
            for row_number, field_name, message in await _HANDLERS[batch.kind].error_lines(batch):
                writer.writerow([row_number, column_of(column_map, field_name), message])
    else:
        for row in await queries.row_errors(batch_id=batch_id):
            for error in row.errors:
                writer.writerow(
                    [
                        row.row_number,
                        column_of(column_map, error["field"]),
                        error["message"],
                    ]
                )
    name = f"loi-nhap-{batch.id}.csv"
    return name, ("\ufeff" + buffer.getvalue()).encode("utf-8")


async def commit(*, batch_id: int, actor: Actor, now: dt.datetime | None = None) -> BatchSummary:
    """Apply a staged batch in one transaction, or nothing at all."""
    batch = await get_batch(batch_id=batch_id, actor=actor)
    if actor.is_read_only:
        raise Forbidden("Tài khoản chỉ xem không được nhập dữ liệu.")
    handler = _HANDLERS.get(batch.kind)
    importer = None if handler else await importer_for(batch.kind, batch.scope, actor)
    async with db.transaction():
        status = await queries.lock_batch(batch_id=batch_id)
        if status != BatchStatus.STAGED:
            label = status.label if status else ""
            raise Conflict(f"Lượt nhập này đã ở trạng thái «{label}».")
        if batch.error_count:
            raise Conflict(
                f"Tệp còn {batch.error_count} dòng lỗi. Hãy tải báo cáo lỗi, sửa tệp và tải lên lại; "
                "không có dòng nào được nhập."
            )
        if handler is not None:
            result = await handler.commit(batch, actor, now)
        else:
            assert importer is not None
            result = await _apply_rows(importer, batch_id, actor)
        await queries.finish_batch(
            batch_id=batch_id, status=BatchStatus.COMMITTED, finished_by=actor.username
        )
        await audit.record(
            actor=actor,
            entity_type="import_batch",
            entity_id=batch_id,
            action="commit",
            after={**result, "kind": batch.kind, "scope": batch.scope},
            summary=f"Nhập tệp {batch.filename}: "
            f"{formatting.vn_number(result.get('new', 0))} mới, "
            f"{formatting.vn_number(result.get('updated', 0))} cập nhật",
        )
    return await get_batch(batch_id=batch_id, actor=actor)


async def _apply_rows(importer: Importer, batch_id: int, actor: Actor) -> dict[str, Any]:
    records = await queries.rows_to_apply(batch_id=batch_id)
    # Re-classify against the data as it is now, inside the transaction.
    existing = await importer.existing()
    new: list[Record] = []
    changed: list[Change] = []
    for record in records:
        current = existing.get(importer.key(record))
        if current is None:
            new.append(record)
        elif _comparable(current) != _comparable(record):
            changed.append((current, record))
    try:
        await importer.apply(new, changed, actor)
    except ValueError as error:
        raise RuleViolation(Violation("import_rejected", str(error))) from error
    return {"new": len(new), "updated": len(changed)}


async def discard(*, batch_id: int, actor: Actor) -> BatchSummary:
    batch = await get_batch(batch_id=batch_id, actor=actor)
    if batch.status != BatchStatus.STAGED:
        raise Conflict(f"Lượt nhập này đã ở trạng thái «{batch.status.label}».")
    async with db.transaction():
        await queries.finish_batch(
            batch_id=batch_id, status=BatchStatus.DISCARDED, finished_by=actor.username
        )
        await queries.delete_rows(batch_id=batch_id)
        if batch.kind in _HANDLERS:
            await _HANDLERS[batch.kind].discard(batch)
        await audit.record(
            actor=actor,
            entity_type="import_batch",
            entity_id=batch_id,
            action="discard",
            summary=f"Hủy lượt nhập tệp {batch.filename}",
        )
    return await get_batch(batch_id=batch_id, actor=actor)


# --------------------------------------------------------------------------
# Export in the import's own layout, so an export re-imports unchanged.


def export_date(value: dt.date | None) -> str:
    """A date as exports write it (dd/mm/yyyy), which imports read back."""
    return formatting.vn_date(value)


def export_csv(columns: Sequence[ColumnSpec], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.label for c in columns])
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(columns: Sequence[ColumnSpec], rows: list[list[Any]], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([c.label for c in columns])
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
