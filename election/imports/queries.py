"""SQL on the import tables: a batch per uploaded file, and the staged rows of
the small registers (voter lists stage theirs in tables of their own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from election.imports.tables import BatchStatus, RowOutcome
from election.sql import Json, query

# --------------------------------------------------------------------------
# Batches


@query("""
    INSERT INTO import_batch (kind, scope, filename, sha256, status, total_rows, counts,
                              column_map, created_by)
    VALUES (:kind, :scope, :filename, :sha256, 'staged', :total_rows, :counts, :column_map,
            :created_by)
    RETURNING id
""")
async def insert_batch(
    *,
    kind: str,
    scope: str,
    filename: str,
    sha256: str,
    total_rows: int,
    counts: Json,
    column_map: Json,
    created_by: str,
) -> int: ...


@query("""
    UPDATE import_batch SET sha256 = :sha256, total_rows = :total_rows, counts = :counts,
        column_map = :column_map
    WHERE id = :batch_id
""")
async def record_staged(
    *, batch_id: int, sha256: str, total_rows: int, counts: Json, column_map: Json
) -> None:
    """What a batch staged outside `import_row` turned out to hold."""
    ...


@dataclass(frozen=True)
class BatchRow:
    id: int
    kind: str
    scope: str
    filename: str
    status: BatchStatus
    total_rows: int
    counts: dict[str, int]
    created_by: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


@query("""
    SELECT id, kind, scope, filename, status, total_rows, counts, created_by, created_at,
           finished_at
    FROM import_batch WHERE id = :batch_id
""")
async def batch(*, batch_id: int) -> BatchRow | None: ...


@query("SELECT column_map FROM import_batch WHERE id = :batch_id")
async def column_map(*, batch_id: int) -> dict[str, str]:
    """Each field's header in the file, for the error report."""
    ...


@query("SELECT status FROM import_batch WHERE id = :batch_id FOR UPDATE")
async def lock_batch(*, batch_id: int) -> BatchStatus | None:
    """The batch's status, its row locked to the commit: one commit or discard at a time."""
    ...


@query("""
    UPDATE import_batch SET status = :status, finished_by = :finished_by, finished_at = now()
    WHERE id = :batch_id
""")
async def finish_batch(*, batch_id: int, status: BatchStatus, finished_by: str) -> None: ...


# --------------------------------------------------------------------------
# Staged rows


@dataclass(frozen=True)
class StagedRow:
    """A row of a file as staged: its outcome, its record and its errors."""

    row_number: int
    key: str
    outcome: RowOutcome
    data: dict[str, Any] | None
    errors: list[dict[str, str]]


@query("""
    SELECT row_number, key, outcome, data, COALESCE(errors, '[]') AS errors
    FROM import_row WHERE batch = :batch_id AND (:outcome::text IS NULL OR outcome = :outcome)
    ORDER BY row_number LIMIT :limit
""")
async def rows(*, batch_id: int, outcome: RowOutcome | None, limit: int) -> list[StagedRow]: ...


@dataclass(frozen=True)
class RowErrors:
    row_number: int
    errors: list[dict[str, str]]


@query("""
    SELECT row_number, errors FROM import_row
    WHERE batch = :batch_id AND outcome = 'error' ORDER BY row_number
""")
async def row_errors(*, batch_id: int) -> list[RowErrors]: ...


@query("""
    SELECT data FROM import_row WHERE batch = :batch_id AND outcome <> 'error'
    ORDER BY row_number
""")
async def rows_to_apply(*, batch_id: int) -> list[Json]:
    """The records of the rows without errors, in file order."""
    ...


@query("DELETE FROM import_row WHERE batch = :batch_id")
async def delete_rows(*, batch_id: int) -> None: ...
