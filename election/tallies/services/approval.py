"""Approval of a verified sheet by a board member of its unit."""

from __future__ import annotations

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.errors import Conflict, Forbidden, RuleViolation, Violation
from election.tallies.queries import changes as queries
from election.tallies.queries.sheets import SheetContext
from election.tallies.services.entry import announce
from election.tallies.services.sheets import get_sheet, may_approve
from election.tallies.tables import SheetState


async def approve(*, sheet_id: int, actor: Actor, comment: str = "") -> SheetContext:
    """A board member of the unit accepts a verified sheet; warnings need a comment."""
    sheet = await get_sheet(sheet_id=sheet_id, actor=actor)
    if not may_approve(actor, sheet):
        raise Forbidden("Chỉ thành viên Ban bầu cử của đơn vị được phê duyệt biên bản này.")
    comment = " ".join(comment.split())
    if sheet.state != SheetState.VERIFIED:
        raise Conflict("Chỉ phê duyệt biên bản đã được kiểm tra chéo (hai lần nhập khớp nhau).")
    if sheet.needs_review and not comment:
        raise RuleViolation(
            Violation(
                "review_comment_required",
                "Biên bản có cảnh báo: thành viên Ban bầu cử cần ghi ý kiến khi phê duyệt.",
                field="comment",
            )
        )
    async with db.transaction():
        current = await queries.lock_sheet_for_approval(sheet_id=sheet_id)
        if current.state != SheetState.VERIFIED:
            raise Conflict("Biên bản vừa được thay đổi; hãy tải lại trang.")
        await audit.record(
            actor=actor,
            entity_type="tally_sheet",
            entity_id=sheet_id,
            action="approve",
            after={"entry": sheet.verified_entry, "comment": comment},
            summary=f"Phê duyệt biên bản khu vực số {sheet.polling_area_number} ({sheet.level_label})",
        )
        # After the audit event: its chain's lock before the unit's, as in submit().
        same = current.stands_for == current.verified_entry
        await queries.write_approval(
            sheet_id=sheet_id,
            approved_by=actor.username,
            comment=comment,
            unit_id=sheet.unit_id,
            round_key=sheet.round_id or 0,
            old_entry=None if same else current.stands_for,
            new_entry=None if same else current.verified_entry,
            reported_change=1 if current.stands_for is None else 0,
            approved_change=1,
        )
    await announce(sheet, SheetState.APPROVED)
    return await get_sheet(sheet_id=sheet_id, actor=actor)
