"""Staged imports: a batch per uploaded file, one row per data row."""

from piccolo.columns import JSONB, BigSerial, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from election.choices import LabelledChoice


class BatchStatus(LabelledChoice):
    STAGED = "staged", "Đã tải lên, chờ xác nhận"
    COMMITTED = "committed", "Đã nhập"
    DISCARDED = "discarded", "Đã hủy"


class RowOutcome(LabelledChoice):
    NEW = "new", "Thêm mới"
    UPDATE = "update", "Cập nhật"
    UNCHANGED = "unchanged", "Không đổi"
    ERROR = "error", "Lỗi"


class ImportBatch(Table, tablename="import_batch"):
    id = Serial(primary_key=True)
    kind = Varchar(length=32)
    # What the file is for, e.g. "contest:3" or "commune:31825".
    scope = Varchar(length=64)
    filename = Varchar(length=255)
    sha256 = Varchar(length=64)
    status = Varchar(length=16, choices=BatchStatus, default=BatchStatus.STAGED)
    total_rows = Integer(default=0)
    counts = JSONB(default="{}")
    column_map = JSONB(default="{}")
    created_by = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())
    finished_by = Varchar(length=64, default="")
    finished_at = Timestamptz(null=True, default=None)


class ImportRow(Table, tablename="import_row"):
    id = BigSerial(primary_key=True)
    batch = ForeignKey(references=ImportBatch, on_delete=OnDelete.cascade, null=False, index=True)
    row_number = Integer()
    key = Varchar(length=200, default="")
    outcome = Varchar(length=16, choices=RowOutcome)
    data = JSONB(null=True, default=None)
    errors = JSONB(null=True, default=None)
