"""Attachments: the signed paper, kept beside the numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.sql import query

# --------------------------------------------------------------------------
# Attachments: the signed paper, kept beside the numbers


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime


_ATTACHMENT_COLUMNS = "id, filename, content_type, size, sha256, uploaded_by, uploaded_at"


@query("""
    INSERT INTO tally_attachment (sheet, filename, content_type, size, sha256, content, uploaded_by)
    VALUES (:sheet_id, :filename, :content_type, :size, :sha256, :content, :uploaded_by)
    RETURNING id
""")
async def insert_attachment(
    *,
    sheet_id: int,
    filename: str,
    content_type: str,
    size: int,
    sha256: str,
    content: bytes,
    uploaded_by: str,
) -> int: ...


@query(f"SELECT {_ATTACHMENT_COLUMNS} FROM tally_attachment WHERE sheet = :sheet_id ORDER BY id")
async def attachments_of_sheet(*, sheet_id: int) -> list[AttachmentRow]: ...


@dataclass(frozen=True)
class AttachmentWithContent(AttachmentRow):
    content: bytes


@query(f"""
    SELECT {_ATTACHMENT_COLUMNS}, content FROM tally_attachment
    WHERE id = :attachment_id AND sheet = :sheet_id
""")
async def attachment(*, attachment_id: int, sheet_id: int) -> AttachmentWithContent | None: ...
