from __future__ import annotations

import datetime as dt
from typing import Any

from election.imports.tables import BatchStatus, RowOutcome
from election.schemas import Output


class BatchOut(Output):
    id: int
    kind: str
    title: str
    scope: str
    filename: str
    status: BatchStatus
    total_rows: int
    counts: dict[str, int]
    created_by: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


class RowErrorOut(Output):
    field: str
    message: str
    # The column as the file heads it ("Số CCCD"); "" for the whole row.
    column: str = ""


class BatchRowOut(Output):
    row_number: int
    key: str
    outcome: RowOutcome
    data: dict[str, Any] | None
    errors: list[RowErrorOut]
