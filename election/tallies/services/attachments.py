"""Attachments: the photo or PDF of the signed paper minutes, kept with its SHA-256."""

from __future__ import annotations

import hashlib

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.errors import Forbidden, InvalidInput, NotFound, PayloadTooLarge
from election.tallies.queries import attachments as queries
from election.tallies.queries.attachments import AttachmentRow
from election.tallies.services.sheets import get_sheet, may_approve, may_enter

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}


async def attach(*, sheet_id: int, filename: str, content: bytes, actor: Actor) -> AttachmentRow:
    sheet = await get_sheet(sheet_id=sheet_id, actor=actor)
    if not (may_enter(actor, sheet) or may_approve(actor, sheet)):
        raise Forbidden("Bạn không có quyền đính kèm ảnh biên bản này.")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise PayloadTooLarge(f"Tệp vượt quá {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB.")
    content_type = next(
        (kind for magic, kind in ATTACHMENT_TYPES.items() if content.startswith(magic)), None
    )
    if content_type is None:
        raise InvalidInput("Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF của biên bản đã ký.")
    digest = hashlib.sha256(content).hexdigest()
    async with db.transaction():
        attachment_id = await queries.insert_attachment(
            sheet_id=sheet_id,
            filename=filename[:255] or "bien-ban",
            content_type=content_type,
            size=len(content),
            sha256=digest,
            content=content,
            uploaded_by=actor.username,
        )
        await audit.record(
            actor=actor,
            entity_type="tally_sheet",
            entity_id=sheet_id,
            action="attach",
            after={"attachment": attachment_id, "sha256": digest, "size": len(content)},
            summary=f"Đính kèm ảnh biên bản đã ký ({content_type}, SHA-256 {digest[:12]}…)",
        )
    return (await attachments(sheet_id=sheet_id, actor=actor))[-1]


async def attachments(*, sheet_id: int, actor: Actor) -> list[AttachmentRow]:
    await get_sheet(sheet_id=sheet_id, actor=actor)
    return await queries.attachments_of_sheet(sheet_id=sheet_id)


async def attachment_content(
    *, sheet_id: int, attachment_id: int, actor: Actor
) -> tuple[AttachmentRow, bytes]:
    await get_sheet(sheet_id=sheet_id, actor=actor)
    found = await queries.attachment(attachment_id=attachment_id, sheet_id=sheet_id)
    if found is None:
        raise NotFound("Không có tệp đính kèm này.")
    return found, found.content
