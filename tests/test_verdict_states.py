"""What a unit's result may show from the count of its sheets (Art. 77): no
verdict of Art. 78–80 before every sheet of the unit is approved."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election.tallies.rules import UnitStage, unit_state

S = UnitStage

# areas_total, reported, approved, fixed -> stage, shows a verdict, may finalize, summary
TABLE = [
    (0, 0, 0, False, S.NO_AREAS, False, False, "Chưa có khu vực bỏ phiếu, chưa có biên bản"),
    (0, 0, 0, True, S.NO_AREAS, False, False, "Chưa có khu vực bỏ phiếu, chưa có biên bản"),
    (7, 0, 0, False, S.NO_SHEETS, False, False, "Chưa có biên bản (0/7 biên bản đã phê duyệt)"),
    (7, 1, 0, False, S.COUNTING, False, False, "Đang kiểm phiếu (0/7 biên bản đã phê duyệt)"),
    (7, 1, 1, False, S.COUNTING, False, False, "Đang kiểm phiếu (1/7 biên bản đã phê duyệt)"),
    (7, 7, 6, False, S.COUNTING, False, False, "Đang kiểm phiếu (6/7 biên bản đã phê duyệt)"),
    # Every sheet entered is not a complete count: the board approves each.
    (7, 7, 0, False, S.COUNTING, False, False, "Đang kiểm phiếu (0/7 biên bản đã phê duyệt)"),
    (7, 7, 7, False, S.COMPLETE, True, True, "Đã đủ biên bản, chờ Ban bầu cử xác định kết quả"),
    (7, 7, 7, True, S.FIXED, True, False, "Đã xác định kết quả"),
    (1, 1, 1, False, S.COMPLETE, True, True, "Đã đủ biên bản, chờ Ban bầu cử xác định kết quả"),
    # A fixed flag over an incomplete count (an area added later) shows no verdict.
    (7, 6, 6, True, S.COUNTING, False, False, "Đang kiểm phiếu (6/7 biên bản đã phê duyệt)"),
    # More approved than areas: the counts disagree, so the count is not complete.
    (7, 8, 8, False, S.COUNTING, False, False, "Đang kiểm phiếu (8/7 biên bản đã phê duyệt)"),
]


@pytest.mark.parametrize(
    ("total", "reported", "approved", "fixed", "stage", "verdict", "may_finalize", "summary"),
    TABLE,
)
def test_every_state_of_a_unit(
    total, reported, approved, fixed, stage, verdict, may_finalize, summary
):
    state = unit_state(areas_total=total, reported=reported, approved=approved, fixed=fixed)
    assert state.stage is stage
    assert state.shows_verdict is verdict
    assert state.provisional is not verdict
    assert state.may_finalize is may_finalize
    assert state.summary == summary
    assert bool(state.finalize_refusal) is not may_finalize


def test_the_refusal_to_finalize_gives_the_progress_and_the_article():
    counting = unit_state(areas_total=7, reported=3, approved=1, fixed=False)
    assert counting.finalize_refusal == (
        "Mới phê duyệt 1/7 biên bản kiểm phiếu; cần phê duyệt tất cả trước khi xác định kết "
        "quả (Điều 77)."
    )
    empty = unit_state(areas_total=0, reported=0, approved=0, fixed=False)
    assert "chưa có khu vực bỏ phiếu" in empty.finalize_refusal
    assert "cần bầu cử lại" not in empty.summary.lower()
    fixed = unit_state(areas_total=2, reported=2, approved=2, fixed=True)
    assert fixed.finalize_refusal == "Kết quả của đơn vị đã được xác định."


def test_labels_are_vietnamese_and_every_stage_has_one():
    for stage in UnitStage:
        assert stage.label and stage.label != stage.value


@pytest.mark.parametrize("field", ["areas_total", "reported", "approved"])
def test_a_negative_count_is_refused(field):
    counts = {"areas_total": 3, "reported": 2, "approved": 1, field: -1}
    with pytest.raises(ValueError, match=field):
        unit_state(**counts, fixed=False)


counts = st.integers(min_value=0, max_value=10_000)


@given(total=counts, reported=counts, approved=counts, fixed=st.booleans())
def test_no_verdict_unless_every_sheet_is_approved(total, reported, approved, fixed):
    state = unit_state(areas_total=total, reported=reported, approved=approved, fixed=fixed)
    if state.shows_verdict or state.may_finalize:
        assert approved == total > 0
    if approved == total > 0:
        assert state.shows_verdict
        assert state.stage is (UnitStage.FIXED if fixed else UnitStage.COMPLETE)
    assert state.provisional is not state.shows_verdict


@given(total=st.integers(min_value=1, max_value=10_000), data=st.data())
def test_a_consistent_count_moves_only_forward_as_sheets_are_approved(total, data):
    """Approving sheets one by one never takes a verdict away, and it comes
    with the last one."""
    reported = data.draw(st.integers(min_value=0, max_value=total))
    stages = [
        unit_state(
            areas_total=total, reported=max(reported, approved), approved=approved, fixed=False
        ).shows_verdict
        for approved in range(total + 1)
    ]
    assert stages == [False] * total + [True]
