"""What a unit's result may show, from the count of its tally sheets. No I/O.

The board fixes a unit's result only once every tally sheet of the unit is
approved (Art. 77); until then the sums are provisional, and no verdict of
Art. 78–80 (turnout over half, majority of the valid ballots, winners, bầu cử
thêm or lại) may be read off them: 1 sheet of 7 with few voters would "fail"
the turnout test of Art. 78(1) that the whole count passes. Every page, API
response, export and printed form asks `unit_state` and shows a verdict only
where `shows_verdict` says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from election.choices import LabelledChoice


class UnitStage(LabelledChoice):
    NO_AREAS = "no_areas", "Chưa có khu vực bỏ phiếu"
    NO_SHEETS = "no_sheets", "Chưa có biên bản"
    COUNTING = "counting", "Đang kiểm phiếu"
    COMPLETE = "complete", "Đã đủ biên bản"
    FIXED = "fixed", "Đã xác định kết quả"


@dataclass(frozen=True)
class UnitState:
    """A unit's stage with the counts it was decided from."""

    stage: UnitStage
    areas_total: int
    reported: int
    approved: int

    @property
    def shows_verdict(self) -> bool:
        """Turnout and majority verdicts, winners and the rounds that follow
        (Art. 78–80) are shown only on a complete count."""
        return self.stage in (UnitStage.COMPLETE, UnitStage.FIXED)

    @property
    def provisional(self) -> bool:
        """The figures are partial sums ("tạm tính"): some sheets not approved."""
        return not self.shows_verdict

    @property
    def may_finalize(self) -> bool:
        """The board may fix the result (Art. 77): every sheet approved, not yet fixed."""
        return self.stage is UnitStage.COMPLETE

    @property
    def label(self) -> str:
        return self.stage.label

    @property
    def progress(self) -> str:
        """ "1/7 biên bản đã phê duyệt"; empty where there is nothing to count."""
        if self.stage is UnitStage.NO_AREAS:
            return ""
        return f"{self.approved}/{self.areas_total} biên bản đã phê duyệt"

    @property
    def summary(self) -> str:
        """The stage in one phrase: "Đang kiểm phiếu (1/7 biên bản đã phê duyệt)"."""
        if self.stage is UnitStage.NO_AREAS:
            return "Chưa có khu vực bỏ phiếu, chưa có biên bản"
        if self.stage in (UnitStage.NO_SHEETS, UnitStage.COUNTING):
            return f"{self.label} ({self.progress})"
        if self.stage is UnitStage.COMPLETE:
            return "Đã đủ biên bản, chờ Ban bầu cử xác định kết quả"
        return self.label

    @property
    def finalize_refusal(self) -> str:
        """Why the board may not fix the result yet (Art. 77); empty when it may."""
        if self.stage is UnitStage.NO_AREAS:
            return (
                "Đơn vị bầu cử chưa có khu vực bỏ phiếu, chưa có biên bản kiểm phiếu để xác "
                "định kết quả (Điều 77)."
            )
        if self.stage is UnitStage.FIXED:
            return "Kết quả của đơn vị đã được xác định."
        if self.stage is UnitStage.COMPLETE:
            return ""
        return (
            f"Mới phê duyệt {self.approved}/{self.areas_total} biên bản kiểm phiếu; cần phê "
            "duyệt tất cả trước khi xác định kết quả (Điều 77)."
        )


def unit_state(*, areas_total: int, reported: int, approved: int, fixed: bool) -> UnitState:
    """The stage of a unit's result from its sheets (one per polling area in
    the round): how many the unit has, how many were entered, how many the
    board approved, and whether the board fixed the result (Art. 77).

    A verdict needs approved == areas_total > 0. Counts that do not fit
    together (more approved than areas, as a polling area moved out of the
    unit would leave) are not a complete count: the unit stays counting.
    """
    for name, value in (
        ("areas_total", areas_total),
        ("reported", reported),
        ("approved", approved),
    ):
        if value < 0:
            raise ValueError(f"{name} must not be negative, got {value}")
    if areas_total == 0:
        stage = UnitStage.NO_AREAS
    elif approved == areas_total:
        stage = UnitStage.FIXED if fixed else UnitStage.COMPLETE
    elif reported == 0 and approved == 0:
        stage = UnitStage.NO_SHEETS
    else:
        stage = UnitStage.COUNTING
    return UnitState(stage=stage, areas_total=areas_total, reported=reported, approved=approved)
