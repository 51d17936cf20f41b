"""What a sheet's state means to the people working on it: one phase per
state of the double entry and the board's check, each worded once with its
next step, so that every message a page shows agrees with the sheet.

A sheet is typed from the paper minutes (Art. 76(2)), typed again by someone
else to verify it, checked and approved by the unit's board (Art. 77(1)) and
locked when the board fixes the unit's result (Art. 77). Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from election.tallies.tables import SheetState


class SheetPhase(StrEnum):
    NOT_ENTERED = "not_entered"
    FIRST_ENTRY = "first_entry"  # typed once, waiting for the second typing
    MISMATCH = "mismatch"  # typed twice, the typings differ
    CORRECTION = "correction"  # an approved sheet's correction, typed once
    VERIFIED = "verified"  # two typings matched, waiting for the board
    REVIEW = "review"  # verified with warnings: the board decides with a comment
    APPROVED = "approved"
    LOCKED = "locked"


class Tone(StrEnum):
    """How a message about the phase is shown: done, waiting for someone, or
    needing attention."""

    DONE = "done"
    WAITING = "waiting"
    ATTENTION = "attention"


@dataclass(frozen=True)
class SheetStatus:
    phase: SheetPhase
    label: str  # the state, short
    next_step: str  # what happens next, and who does it
    after_entry: str  # the notice to whoever has just saved an entry
    tone: Tone


def sheet_phase(
    state: SheetState, *, needs_review: bool, version: int, mismatched: bool
) -> SheetPhase:
    """The phase of a sheet: its state, whether its warnings send it to the
    board, the version being typed (1: the minutes, then one per correction)
    and whether the latest two typings of that version by different people
    differ."""
    if state == SheetState.DRAFT:
        return SheetPhase.NOT_ENTERED
    if state == SheetState.SUBMITTED:
        if mismatched:
            return SheetPhase.MISMATCH
        return SheetPhase.CORRECTION if version > 1 else SheetPhase.FIRST_ENTRY
    if state == SheetState.VERIFIED:
        return SheetPhase.REVIEW if needs_review else SheetPhase.VERIFIED
    if state == SheetState.APPROVED:
        return SheetPhase.APPROVED
    return SheetPhase.LOCKED


_VERIFY = "Hai lần nhập khớp nhau: biên bản đã được kiểm tra chéo"

STATUSES: dict[SheetPhase, SheetStatus] = {
    status.phase: status
    for status in (
        SheetStatus(
            SheetPhase.NOT_ENTERED,
            "Chưa nhập",
            "Tổ bầu cử nhập các số trên biên bản giấy đã ký.",
            "Chưa có lần nhập nào được lưu.",
            Tone.WAITING,
        ),
        SheetStatus(
            SheetPhase.FIRST_ENTRY,
            "Đã nhập lần thứ nhất, chờ kiểm tra chéo",
            "Một người khác nhập lại độc lập từ biên bản giấy để kiểm tra chéo.",
            "Đã ghi biên bản. Cần một người khác nhập lại độc lập từ biên bản giấy "
            "để kiểm tra chéo.",
            Tone.WAITING,
        ),
        SheetStatus(
            SheetPhase.MISMATCH,
            "Hai lần nhập khác nhau, chưa kiểm tra chéo",
            "Đối chiếu các ô khác nhau với biên bản giấy; người nhập sai nhập lại cho đúng "
            "để hai lần nhập khớp nhau.",
            "Lần nhập của bạn đã được lưu nhưng khác lần nhập trước, nên biên bản chưa được "
            "kiểm tra chéo. Đối chiếu các ô khác nhau với biên bản giấy; người nhập sai nhập "
            "lại cho đúng.",
            Tone.ATTENTION,
        ),
        SheetStatus(
            SheetPhase.CORRECTION,
            "Đang đính chính, chờ kiểm tra chéo",
            "Một người khác nhập lại bản đính chính từ biên bản giấy để kiểm tra chéo, "
            "rồi Ban bầu cử phê duyệt lại.",
            "Đã ghi bản đính chính. Cần một người khác nhập lại độc lập để kiểm tra chéo, "
            "rồi Ban bầu cử phê duyệt lại.",
            Tone.WAITING,
        ),
        SheetStatus(
            SheetPhase.VERIFIED,
            "Đã kiểm tra chéo, chờ Ban bầu cử phê duyệt",
            "Thành viên Ban bầu cử của đơn vị phê duyệt biên bản.",
            f"{_VERIFY}, chờ Ban bầu cử phê duyệt.",
            Tone.DONE,
        ),
        SheetStatus(
            SheetPhase.REVIEW,
            "Đã kiểm tra chéo, có cảnh báo cần Ban bầu cử xem xét",
            "Thành viên Ban bầu cử của đơn vị xem xét các cảnh báo và ghi ý kiến khi phê duyệt.",
            f"{_VERIFY}. Biên bản có cảnh báo: Ban bầu cử xem xét và ghi ý kiến khi phê duyệt.",
            Tone.ATTENTION,
        ),
        SheetStatus(
            SheetPhase.APPROVED,
            "Ban bầu cử đã phê duyệt",
            "Biên bản được tính vào kết quả của đơn vị. Sai sót phát hiện sau được đính chính "
            "thành phiên bản mới, có ghi lý do.",
            "Biên bản đã được Ban bầu cử phê duyệt.",
            Tone.DONE,
        ),
        SheetStatus(
            SheetPhase.LOCKED,
            "Đã khóa",
            "Ban bầu cử đã xác định kết quả bầu cử của đơn vị (Điều 77); biên bản không thể sửa.",
            "Biên bản đã khóa sau khi Ban bầu cử xác định kết quả (Điều 77).",
            Tone.DONE,
        ),
    )
}


def sheet_status(
    state: SheetState, *, needs_review: bool, version: int, mismatched: bool
) -> SheetStatus:
    """The wording of a sheet's phase (`sheet_phase`)."""
    return STATUSES[
        sheet_phase(state, needs_review=needs_review, version=version, mismatched=mismatched)
    ]
