"""The result of one electoral unit, Art. 78–80, and every percentage printed
or stored (two decimals, half up). No I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from election.elections.tables import ContestLevel
from election.tallies.rules.sheet import LEVELS, is_whole_number, vn_count
from election.tallies.tables import RoundKind  # first / supplementary / rerun, defined once
from forms import formatting

# --------------------------------------------------------------------------
# Percentages

_HUNDREDTHS = Decimal("0.01")


def percent(part: int, whole: int) -> Decimal:
    """part / whole as a percentage with two decimals, rounded half up
    (1/8 -> 12.50, 1/800 -> 0.13); whole 0 -> 0.00. Exact: integer arithmetic,
    no intermediate rounding."""
    if whole == 0:
        return Decimal("0.00")
    negative = (part < 0) != (whole < 0)
    quotient, remainder = divmod(abs(part) * 10_000, abs(whole))
    if 2 * remainder >= abs(whole):
        quotient += 1
    if quotient <= 10_000 and not negative:
        return _PERCENTS[quotient]  # 0.00 … 100.00: the usual case, looked up
    value = Decimal(quotient).scaleb(-2).quantize(_HUNDREDTHS)
    return -value if negative and quotient else value


# Every percentage from 0.00 to 100.00, built once: a national aggregate asks
# for a few hundred thousand of them.
_PERCENTS = tuple(Decimal(q).scaleb(-2).quantize(_HUNDREDTHS) for q in range(10_001))


# --------------------------------------------------------------------------
# Winners, Art. 78–80


# Named tuples, not frozen dataclasses: a national aggregate builds a few
# hundred thousand of these, and a tuple is built several times faster.
class CandidateResult(NamedTuple):
    candidate_id: int
    full_name: str
    date_of_birth: date
    votes: int


@dataclass(frozen=True)
class UnitTotals:
    """The totals of one electoral unit in one round.

    In a SUPPLEMENTARY round (bầu cử thêm, Art. 79) `candidates` holds only
    the first-round candidates who were not elected (the caller guarantees
    it) and `seats_already_filled` the first round's winners; in a FIRST or
    RERUN round `seats_already_filled` is 0.
    """

    level: str
    seats: int
    voters_on_list: int
    voters_took_part: int
    ballots_issued: int
    ballots_received: int
    valid: int
    invalid: int
    candidates: tuple[CandidateResult, ...]
    round_kind: RoundKind = RoundKind.FIRST
    seats_already_filled: int = 0


class Standing(NamedTuple):
    candidate_id: int
    full_name: str
    votes: int
    percent: Decimal  # of valid ballots
    rank: int  # 1-based position in the standings
    over_half: bool
    elected: bool
    tie_note: str = ""


@dataclass(frozen=True)
class Determination:
    turnout: Decimal  # % of listed voters who took part
    result_valid: bool  # Art. 78(1); a re-run counts whatever the turnout (Art. 80(3))
    standings: tuple[Standing, ...]  # by votes, most first, then the older first
    winners: tuple[int, ...]  # candidate ids, in standings order
    seats_to_fill: int
    empty_seats: int
    needs_supplementary: bool  # Art. 79
    needs_rerun: bool  # Art. 80
    unresolved_tie: bool  # equal votes and the same date of birth for the last seat
    notes: tuple[str, ...]  # Vietnamese explanations with the articles


# The rounds whose low turnout calls for a bầu cử lại (Art. 80(1)): the first,
# and its re-run after an annulment (Art. 81), which is held like the first
# with the same candidates. Art. 80's own re-run counts whatever the turnout.
_RERUN_AFTER = frozenset({RoundKind.FIRST, RoundKind.ANNULMENT})


def _names(candidates: Iterable[CandidateResult]) -> str:
    return ", ".join(c.full_name for c in candidates)


def _break_tie(
    eligible: list[CandidateResult],
    seats: int,
    elected: set[int],
    tie_notes: dict[int, str],
    notes: list[str],
) -> bool:
    """Art. 78(4) for the last seat, when more candidates passed half than there
    are seats: `eligible` is in standings order (votes, then older first) and
    `elected` its first `seats`. Adjusts `elected` and writes the notes;
    returns whether a tie stays unresolved (the same date of birth)."""
    last, first_out = eligible[seats - 1], eligible[seats]
    if last.votes != first_out.votes:
        return False
    tied = [c for c in eligible if c.votes == last.votes]
    unresolved = first_out.date_of_birth == last.date_of_birth
    same_birth = [c for c in tied if unresolved and c.date_of_birth == last.date_of_birth]
    by_age_in = [c for c in tied if c.candidate_id in elected and c not in same_birth]
    by_age_out = [c for c in tied if c.candidate_id not in elected and c not in same_birth]
    for c in by_age_in:
        tie_notes[c.candidate_id] = (
            f"Bằng số phiếu ({vn_count(c.votes)}) với người không trúng cử; trúng cử vì nhiều "
            "tuổi hơn (Điều 78 khoản 4)."
        )
    for c in by_age_out:
        tie_notes[c.candidate_id] = (
            f"Bằng số phiếu ({vn_count(c.votes)}) với người trúng cử; không trúng cử vì ít tuổi "
            "hơn (Điều 78 khoản 4)."
        )
    if by_age_in and (by_age_out or same_birth):
        notes.append(
            f"{_names(tied)} có số phiếu bằng nhau ({vn_count(last.votes)}) ở vị trí trúng cử cuối "
            f"cùng: người nhiều tuổi hơn trúng cử (Điều 78 khoản 4): {_names(by_age_in)}."
        )
    elif by_age_out:
        notes.append(
            f"{_names(tied)} có số phiếu bằng nhau ({vn_count(last.votes)}) ở vị trí trúng cử cuối "
            "cùng: người nhiều tuổi hơn trúng cử (Điều 78 khoản 4)."
        )
    if not unresolved:
        return False
    empty = sum(1 for c in same_birth if c.candidate_id in elected)
    elected.difference_update(c.candidate_id for c in same_birth)
    for c in same_birth:
        tie_notes[c.candidate_id] = (
            f"Bằng số phiếu ({vn_count(c.votes)}) và cùng ngày sinh ({c.date_of_birth:%d/%m/%Y}) "
            "với người khác ở vị trí trúng cử cuối cùng; luật không quy định cách xác định "
            "người trúng cử."
        )
    notes.append(
        f"{_names(same_birth)} có số phiếu bằng nhau ({vn_count(last.votes)}) và cùng ngày sinh "
        f"({last.date_of_birth:%d/%m/%Y}) cho {empty} ghế cuối cùng. Điều 78 khoản 4 chỉ quy "
        "định người nhiều tuổi hơn trúng cử, luật không quy định trường hợp cùng ngày sinh: "
        f"{empty} ghế để trống, Ban bầu cử báo cáo cơ quan có thẩm quyền xem xét, quyết định."
    )
    return True


def determine_winners(totals: UnitTotals) -> Determination:
    """Art. 78–80: who is elected in one electoral unit, and which round follows.

    * The result counts only if more than half of the listed voters took part
      (Art. 78(1); exactly half is not enough), except in a re-run for low
      turnout, which counts whatever the turnout (Art. 80(3)). Otherwise
      nobody is elected and, after a first round or its re-run ordered by an
      annulment (ANNULMENT, Art. 81: the same candidates, the same rules), a
      re-run is needed (Art. 80(1)).
    * A candidate needs more than half of the valid ballots (Art. 78(2); 2 ×
      votes > valid, exactly half is not enough); among them the most votes
      fill the seats (Art. 78(3)).
    * A tie for the last seat goes to the older candidate by full date of
      birth (Art. 78(4)). With the same date of birth the law gives no rule:
      the tied seats stay empty, `unresolved_tie` is set and the notes say
      that the election body must decide.
    * Bầu cử thêm (Art. 79): for ĐBQH whenever a seat stays empty; for HĐND
      only when fewer than two thirds of the unit's seats are filled, that is
      3 × winners < 2 × seats (5 seats: 4 winners are enough, 3 are not;
      4 seats: 3 enough, 2 not; 3 seats: 2 enough). A supplementary round is
      never followed by another, and only fills the seats the first round
      left: seats − seats_already_filled. `needs_supplementary` is computed as
      if a seat left by an unresolved tie stayed empty.
    """
    t = totals
    if t.level not in LEVELS:
        raise ValueError(f"unknown contest level {t.level!r}")
    if not is_whole_number(t.seats) or t.seats < 1:
        raise ValueError(f"seats must be a positive integer, got {t.seats!r}")
    kind = RoundKind(t.round_kind)
    if kind is RoundKind.SUPPLEMENTARY:
        if t.seats_already_filled < 0:
            raise ValueError(
                f"seats_already_filled must not be negative, got {t.seats_already_filled}"
            )
        # Nothing to fill when the first round filled every seat (no such round is due).
        seats_to_fill = max(0, t.seats - t.seats_already_filled)
    else:
        if t.seats_already_filled:
            raise ValueError("seats_already_filled applies to a supplementary round only")
        seats_to_fill = t.seats
    ids = [c.candidate_id for c in t.candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("a candidate appears twice in the unit totals")

    turnout = percent(t.voters_took_part, t.voters_on_list)
    quorum = 2 * t.voters_took_part > t.voters_on_list
    result_valid = quorum or kind is RoundKind.RERUN
    notes: list[str] = []

    ordered = sorted(t.candidates, key=lambda c: (-c.votes, c.date_of_birth, c.candidate_id))
    over_half = {c.candidate_id for c in ordered if 2 * c.votes > t.valid}
    elected: set[int] = set()
    tie_notes: dict[int, str] = {}
    unresolved = False

    if not result_valid:
        notes.append(
            f"Số cử tri đã tham gia bỏ phiếu ({vn_count(t.voters_took_part)}, đạt "
            f"{formatting.vn_percent(turnout)}) chưa quá một nửa tổng số cử tri trong danh sách "
            f"({vn_count(t.voters_on_list)}): kết quả bầu cử ở đơn vị bầu cử không được công nhận "
            "(Điều 78 khoản 1)."
        )
        if kind in _RERUN_AFTER:
            notes.append(
                "Phải tổ chức bầu cử lại với những người ứng cử như lần đầu, chậm nhất 07 "
                "ngày sau ngày bầu cử đầu tiên (Điều 80)."
            )
        else:
            notes.append(
                "Luật không quy định tổ chức thêm vòng bầu cử sau bầu cử thêm: Ban bầu cử "
                "báo cáo Ủy ban bầu cử và Hội đồng bầu cử quốc gia xem xét, quyết định "
                "(Điều 79)."
            )
    else:
        if kind is RoundKind.RERUN and not quorum:
            notes.append(
                f"Bầu cử lại: số cử tri đã tham gia bỏ phiếu ({formatting.vn_percent(turnout)}) chưa "
                "quá một nửa nhưng kết quả vẫn được công nhận, không tổ chức bầu cử lại lần "
                "nữa (Điều 80 khoản 3)."
            )
        eligible = [c for c in ordered if c.candidate_id in over_half]
        elected = {c.candidate_id for c in eligible[:seats_to_fill]}
        if 0 < seats_to_fill < len(eligible):
            unresolved = _break_tie(eligible, seats_to_fill, elected, tie_notes, notes)
        if t.valid == 0:
            notes.append(
                "Không có phiếu hợp lệ: không người ứng cử nào đạt quá một nửa số phiếu hợp "
                "lệ (Điều 78 khoản 2)."
            )

    winners = tuple(c.candidate_id for c in ordered if c.candidate_id in elected)
    empty_seats = seats_to_fill - len(winners)

    needs_supplementary = False
    if result_valid and kind is not RoundKind.SUPPLEMENTARY and empty_seats > 0:
        if t.level == ContestLevel.NATIONAL_ASSEMBLY.value:
            needs_supplementary = True
            notes.append(
                f"Số người trúng cử ({len(winners)}) chưa đủ số đại biểu được bầu ({t.seats}): "
                "Ban bầu cử ghi vào biên bản; Ủy ban bầu cử ở tỉnh đề nghị Hội đồng bầu cử "
                "quốc gia quyết định bầu cử thêm, chậm nhất 07 ngày sau ngày bầu cử đầu tiên "
                "(Điều 79)."
            )
        elif 3 * len(winners) < 2 * t.seats:
            needs_supplementary = True
            notes.append(
                f"Số người trúng cử ({len(winners)}) chưa đủ hai phần ba số đại biểu được bầu "
                f"({t.seats}): Ủy ban bầu cử quyết định ngày bầu cử thêm, chậm nhất 07 ngày "
                "sau ngày bầu cử đầu tiên (Điều 79)."
            )
        else:
            notes.append(
                f"Số người trúng cử ({len(winners)}) đã đạt ít nhất hai phần ba số đại biểu "
                f"được bầu ({t.seats}): không tổ chức bầu cử thêm, {empty_seats} ghế còn "
                "trống (Điều 79)."
            )
    elif result_valid and kind is RoundKind.SUPPLEMENTARY and empty_seats > 0:
        notes.append(
            f"Sau bầu cử thêm vẫn còn {empty_seats} ghế trống: không tổ chức bầu cử thêm "
            "lần thứ hai (Điều 79)."
        )
    if unresolved and needs_supplementary:
        notes.append(
            "Việc bầu cử thêm chỉ được xem xét sau khi cơ quan có thẩm quyền quyết định "
            "trường hợp bằng phiếu, cùng ngày sinh nêu trên."
        )

    standings = tuple(
        Standing(
            candidate_id=c.candidate_id,
            full_name=c.full_name,
            votes=c.votes,
            percent=percent(c.votes, t.valid),
            rank=position,
            over_half=c.candidate_id in over_half,
            elected=c.candidate_id in elected,
            tie_note=tie_notes.get(c.candidate_id, ""),
        )
        for position, c in enumerate(ordered, start=1)
    )
    return Determination(
        turnout=turnout,
        result_valid=result_valid,
        standings=standings,
        winners=winners,
        seats_to_fill=seats_to_fill,
        empty_seats=empty_seats,
        needs_supplementary=needs_supplementary,
        needs_rerun=not result_valid and kind in _RERUN_AFTER,
        unresolved_tie=unresolved,
        notes=tuple(notes),
    )
