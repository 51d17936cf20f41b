"""Pure rules of counting and results (§7–§8 of the domain reference).

* `check_sheet`: the arithmetic of one tally sheet (biên bản kết quả kiểm
  phiếu) of one polling area for one contest, Art. 73–76. Hard errors block
  the sheet; warnings send it to review, because the law does not fix them
  (a voter may leave without dropping the ballot in the box, so "took part"
  and "received" can honestly differ).
* `check_contest_consistency`: the three sheets of one polling area against
  each other, as far as the ballot scopes of the voters explain differences.
* `differing_fields`: what two independent entries of one sheet disagree on
  (double entry).
* `determine_winners`: the result of one electoral unit, Art. 78–80.
* `percent`: every percentage printed or stored, two decimals, half up.

No I/O: the services call these with plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from election.elections.tables import ContestLevel
from election.errors import Violation
from election.tallies.tables import RoundKind  # first / supplementary / rerun, defined once

# --------------------------------------------------------------------------
# Codes of the violations, one per rule

NOT_INTEGER = "tally_not_integer"
NEGATIVE = "tally_negative"
UNKNOWN_CANDIDATE = "tally_unknown_candidate"
MISSING_CANDIDATE = "tally_missing_candidate"
VALID_INVALID_SUM = "tally_valid_invalid_sum"
RECEIVED_OVER_ISSUED = "tally_received_over_issued"
CANDIDATE_OVER_VALID = "tally_candidate_over_valid"
VOTES_UNDER_VALID = "tally_votes_under_valid"
VOTES_OVER_SEATS = "tally_votes_over_seats"
COMPLAINTS_OVER_RECEIVED = "tally_complaints_over_received"

TOOK_PART_NOT_RECEIVED = "tally_took_part_not_received"
TOOK_PART_OVER_LIST = "tally_took_part_over_list"
ISSUED_OVER_LIST = "tally_issued_over_list"
BALLOT_STOCK_MISMATCH = "tally_ballot_stock_mismatch"

CONTEST_ORDER = "tally_contest_order"
CONTEST_GAP = "tally_contest_gap"

# The hard rules, in the order they are checked.
ERROR_CODES = (
    NOT_INTEGER,
    NEGATIVE,
    UNKNOWN_CANDIDATE,
    MISSING_CANDIDATE,
    VALID_INVALID_SUM,
    RECEIVED_OVER_ISSUED,
    CANDIDATE_OVER_VALID,
    VOTES_UNDER_VALID,
    VOTES_OVER_SEATS,
    COMPLAINTS_OVER_RECEIVED,
)
WARNING_CODES = (
    TOOK_PART_NOT_RECEIVED,
    TOOK_PART_OVER_LIST,
    ISSUED_OVER_LIST,
    BALLOT_STOCK_MISMATCH,
    CONTEST_ORDER,
    CONTEST_GAP,
)

ART_BALLOT = "Điều 74"
ART_MINUTES = "Điều 76 khoản 2"


def _n(value: int) -> str:
    """1234567 -> '1.234.567', as numbers are written in Vietnamese."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


# --------------------------------------------------------------------------
# One tally sheet


@dataclass(frozen=True)
class SheetFigures:
    """The figures of one tally sheet, Art. 76(2), letters (a)–(h)."""

    voters_on_list: int  # (a) for this contest's ballot scope
    voters_took_part: int  # (b)
    ballots_issued: int  # (c)
    ballots_received: int  # (d)
    valid: int  # (đ)
    invalid: int  # (e)
    votes: dict[int, int]  # (g) candidate id -> votes
    complaints_received: int = 0  # (h)
    complaints_settled: int = 0
    complaints_forwarded: int = 0
    unused_ballots: int | None = None  # counted before opening the box (Art. 73)
    ballots_delivered: int | None = None  # ballots the team received from the board


# Vietnamese names of the fields, for messages.
FIELD_LABELS: dict[str, str] = {
    "voters_on_list": "Tổng số cử tri",
    "voters_took_part": "Số cử tri đã tham gia bỏ phiếu",
    "ballots_issued": "Số phiếu phát ra",
    "ballots_received": "Số phiếu thu vào",
    "valid": "Số phiếu hợp lệ",
    "invalid": "Số phiếu không hợp lệ",
    "votes": "Số phiếu bầu cho mỗi người ứng cử",
    "complaints_received": "Số khiếu nại, tố cáo nhận được",
    "complaints_settled": "Số khiếu nại, tố cáo đã giải quyết",
    "complaints_forwarded": "Số khiếu nại, tố cáo chuyển Ban bầu cử",
    "unused_ballots": "Số phiếu không sử dụng",
    "ballots_delivered": "Số phiếu Tổ bầu cử đã nhận",
}

# The comparable fields, in the order of entry: Art. 76(2)(a)–(h), then the
# ballot stock. "votes" stands for one entry per candidate ("votes:<id>").
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SheetFigures))
_COUNTS = tuple(name for name in FIELDS if name != "votes")
_OPTIONAL = frozenset({"unused_ballots", "ballots_delivered"})


def _is_int(value: object) -> bool:
    # bool is an int in Python, never a count here.
    return isinstance(value, int) and not isinstance(value, bool)


def _shape(figures: SheetFigures) -> list[Violation]:
    """Every figure a whole number, none negative."""
    violations: list[Violation] = []
    for name in _COUNTS:
        value = getattr(figures, name)
        if value is None and name in _OPTIONAL:
            continue
        if not _is_int(value):
            violations.append(
                Violation(
                    NOT_INTEGER,
                    f"{FIELD_LABELS[name]} phải là một số nguyên; nhận được {value!r}.",
                    ART_MINUTES,
                    name,
                )
            )
        elif value < 0:
            violations.append(
                Violation(
                    NEGATIVE,
                    f"{FIELD_LABELS[name]} không được là số âm ({_n(value)}).",
                    ART_MINUTES,
                    name,
                )
            )
    if not isinstance(figures.votes, Mapping):
        violations.append(
            Violation(
                NOT_INTEGER,
                "Số phiếu bầu phải là bảng số phiếu của từng người ứng cử.",
                ART_MINUTES,
                "votes",
            )
        )
        return violations
    for candidate, count in figures.votes.items():
        if not _is_int(candidate):
            violations.append(
                Violation(
                    NOT_INTEGER,
                    f"Mã người ứng cử phải là một số nguyên; nhận được {candidate!r}.",
                    ART_MINUTES,
                    "votes",
                )
            )
        elif not _is_int(count):
            violations.append(
                Violation(
                    NOT_INTEGER,
                    f"Số phiếu bầu của người ứng cử mã {candidate} phải là một số nguyên; "
                    f"nhận được {count!r}.",
                    ART_MINUTES,
                    f"votes:{candidate}",
                )
            )
        elif count < 0:
            violations.append(
                Violation(
                    NEGATIVE,
                    f"Số phiếu bầu của người ứng cử mã {candidate} không được là số âm "
                    f"({_n(count)}).",
                    ART_MINUTES,
                    f"votes:{candidate}",
                )
            )
    return violations


def check_sheet(
    figures: SheetFigures, *, seats: int, candidate_ids: frozenset[int] | set[int]
) -> list[Violation]:
    """Art. 73–76: the arithmetic of one tally sheet of a unit with `seats` seats
    and the candidates `candidate_ids`.

    Errors ("error"): a figure that is not a whole number or is negative;
    votes for someone not standing in the unit, or a candidate left out;
    valid + invalid ≠ received; more received than issued; a candidate with
    more votes than valid ballots; fewer votes in all than valid ballots (a
    valid ballot keeps at least one name, Art. 74(1)(d)) or more than valid
    ballots × seats (it keeps at most as many names as seats, Art. 74(1)(c));
    more complaints settled and forwarded than received.

    Warnings ("warning", the sheet goes to review): took part ≠ received;
    more voters took part, or more ballots were issued, than voters listed;
    unused + issued ≠ ballots delivered (when both are given).

    When a figure is not a whole number the arithmetic is meaningless: only
    the shape errors are returned.
    """
    if not _is_int(seats) or seats < 1:
        raise ValueError(f"seats must be a positive integer, got {seats!r}")
    violations = _shape(figures)
    if any(v.code == NOT_INTEGER for v in violations):
        return violations

    f = figures
    known = frozenset(candidate_ids)
    for candidate in sorted(set(f.votes) - known):
        violations.append(
            Violation(
                UNKNOWN_CANDIDATE,
                f"Có số phiếu bầu ({_n(f.votes[candidate])}) cho người mã {candidate}, "
                "không phải là người ứng cử của đơn vị bầu cử này.",
                ART_MINUTES,
                f"votes:{candidate}",
            )
        )
    for candidate in sorted(known - set(f.votes)):
        violations.append(
            Violation(
                MISSING_CANDIDATE,
                f"Thiếu số phiếu bầu của người ứng cử mã {candidate} "
                "(ghi 0 nếu không có phiếu nào).",
                ART_MINUTES,
                f"votes:{candidate}",
            )
        )
    if f.valid + f.invalid != f.ballots_received:
        violations.append(
            Violation(
                VALID_INVALID_SUM,
                f"Số phiếu hợp lệ ({_n(f.valid)}) cộng số phiếu không hợp lệ "
                f"({_n(f.invalid)}) là {_n(f.valid + f.invalid)}, khác số phiếu thu vào "
                f"({_n(f.ballots_received)}).",
                ART_MINUTES,
                "ballots_received",
            )
        )
    if f.ballots_received > f.ballots_issued:
        violations.append(
            Violation(
                RECEIVED_OVER_ISSUED,
                f"Số phiếu thu vào ({_n(f.ballots_received)}) lớn hơn số phiếu phát ra "
                f"({_n(f.ballots_issued)}).",
                ART_MINUTES,
                "ballots_received",
            )
        )
    for candidate, count in sorted(f.votes.items()):
        if count > f.valid:
            violations.append(
                Violation(
                    CANDIDATE_OVER_VALID,
                    f"Người ứng cử mã {candidate} có {_n(count)} phiếu bầu, nhiều hơn số "
                    f"phiếu hợp lệ ({_n(f.valid)}): mỗi phiếu chỉ bầu một người một lần.",
                    ART_BALLOT,
                    f"votes:{candidate}",
                )
            )
    total = sum(f.votes.values())
    if total < f.valid:
        violations.append(
            Violation(
                VOTES_UNDER_VALID,
                f"Tổng số phiếu bầu cho các người ứng cử ({_n(total)}) ít hơn số phiếu "
                f"hợp lệ ({_n(f.valid)}): mỗi phiếu hợp lệ còn ít nhất một tên "
                "(phiếu gạch hết tên là phiếu không hợp lệ).",
                ART_BALLOT,
                "votes",
            )
        )
    if total > f.valid * seats:
        violations.append(
            Violation(
                VOTES_OVER_SEATS,
                f"Tổng số phiếu bầu cho các người ứng cử ({_n(total)}) vượt quá số phiếu "
                f"hợp lệ nhân với số đại biểu được bầu ({_n(f.valid)} × {seats} = "
                f"{_n(f.valid * seats)}): mỗi phiếu hợp lệ giữ lại không quá {seats} tên.",
                ART_BALLOT,
                "votes",
            )
        )
    handled = f.complaints_settled + f.complaints_forwarded
    if handled > f.complaints_received:
        violations.append(
            Violation(
                COMPLAINTS_OVER_RECEIVED,
                f"Số khiếu nại, tố cáo đã giải quyết ({_n(f.complaints_settled)}) cộng số "
                f"chuyển Ban bầu cử ({_n(f.complaints_forwarded)}) là {_n(handled)}, nhiều "
                f"hơn số nhận được ({_n(f.complaints_received)}).",
                ART_MINUTES,
                "complaints_received",
            )
        )

    if f.voters_took_part != f.ballots_received:
        violations.append(
            Violation(
                TOOK_PART_NOT_RECEIVED,
                f"Số cử tri đã tham gia bỏ phiếu ({_n(f.voters_took_part)}) khác số phiếu "
                f"thu vào ({_n(f.ballots_received)}); cần kiểm tra lại.",
                ART_MINUTES,
                "voters_took_part",
                "warning",
            )
        )
    if f.voters_took_part > f.voters_on_list:
        violations.append(
            Violation(
                TOOK_PART_OVER_LIST,
                f"Số cử tri đã tham gia bỏ phiếu ({_n(f.voters_took_part)}) lớn hơn tổng số "
                f"cử tri trong danh sách ({_n(f.voters_on_list)}).",
                ART_MINUTES,
                "voters_took_part",
                "warning",
            )
        )
    if f.ballots_issued > f.voters_on_list:
        violations.append(
            Violation(
                ISSUED_OVER_LIST,
                f"Số phiếu phát ra ({_n(f.ballots_issued)}) lớn hơn tổng số cử tri trong "
                f"danh sách ({_n(f.voters_on_list)}); phiếu đổi do gạch hỏng phải được thu "
                "hồi, không tính thêm.",
                "Điều 69",
                "ballots_issued",
                "warning",
            )
        )
    if f.unused_ballots is not None and f.ballots_delivered is not None:
        accounted = f.unused_ballots + f.ballots_issued
        if accounted != f.ballots_delivered:
            violations.append(
                Violation(
                    BALLOT_STOCK_MISMATCH,
                    f"Số phiếu không sử dụng ({_n(f.unused_ballots)}) cộng số phiếu phát ra "
                    f"({_n(f.ballots_issued)}) là {_n(accounted)}, khác số phiếu Tổ bầu cử "
                    f"đã nhận ({_n(f.ballots_delivered)}).",
                    "Điều 73",
                    "unused_ballots",
                    "warning",
                )
            )
    return violations


# --------------------------------------------------------------------------
# The three sheets of one polling area

LEVELS: tuple[str, ...] = (
    ContestLevel.NATIONAL_ASSEMBLY.value,
    ContestLevel.PROVINCE_COUNCIL.value,
    ContestLevel.COMMUNE_COUNCIL.value,
)
_LEVEL_NAMES = {
    ContestLevel.NATIONAL_ASSEMBLY.value: "bầu cử ĐBQH",
    ContestLevel.PROVINCE_COUNCIL.value: "bầu cử HĐND tỉnh",
    ContestLevel.COMMUNE_COUNCIL.value: "bầu cử HĐND xã",
}


def check_contest_consistency(
    took_part: dict[str, int], on_list: dict[str, int]
) -> list[Violation]:
    """Warnings when the three contests of one polling area disagree more than
    the ballot scopes explain.

    Every voter with a HĐND xã ballot also has the tỉnh and ĐBQH ballots, and
    every one with a tỉnh ballot the ĐBQH one (§4 of the domain reference).
    So for a wider contest W and a narrower N, both present:
    took_part[W] ≥ took_part[N], and the voters of W outside N can explain at
    most on_list[W] − on_list[N] of the difference. Keys are the contest
    levels "dbqh", "hdnd_tinh", "hdnd_xa"; a level missing from either dict
    is not compared.
    """
    for key in (*took_part, *on_list):
        if key not in LEVELS:
            raise ValueError(f"unknown contest level {key!r}")
    present = [level for level in LEVELS if level in took_part and level in on_list]
    violations: list[Violation] = []
    for index, wide in enumerate(present):
        for narrow in present[index + 1 :]:
            wide_name, narrow_name = _LEVEL_NAMES[wide], _LEVEL_NAMES[narrow]
            gap = took_part[wide] - took_part[narrow]
            listed_gap = on_list[wide] - on_list[narrow]
            if gap < 0:
                violations.append(
                    Violation(
                        CONTEST_ORDER,
                        f"Số cử tri đã tham gia {narrow_name} ({_n(took_part[narrow])}) lớn "
                        f"hơn số cử tri đã tham gia {wide_name} ({_n(took_part[wide])}), "
                        f"trong khi mọi cử tri được phát phiếu {narrow_name} đều được phát "
                        f"phiếu {wide_name}.",
                        ART_MINUTES,
                        f"voters_took_part:{narrow}",
                        "warning",
                    )
                )
            elif gap > listed_gap:
                violations.append(
                    Violation(
                        CONTEST_GAP,
                        f"Số cử tri đã tham gia {wide_name} ({_n(took_part[wide])}) nhiều hơn "
                        f"{narrow_name} ({_n(took_part[narrow])}) là {_n(gap)} người, vượt "
                        f"quá số cử tri chỉ được phát phiếu {wide_name} "
                        f"({_n(on_list[wide])} − {_n(on_list[narrow])} = {_n(listed_gap)}).",
                        ART_MINUTES,
                        f"voters_took_part:{narrow}",
                        "warning",
                    )
                )
    return violations


# --------------------------------------------------------------------------
# Double entry


def differing_fields(first: SheetFigures, second: SheetFigures) -> list[str]:
    """The names of the fields two entries of one sheet disagree on, in entry
    order; the votes are compared candidate by candidate ("votes:<id>", ids in
    ascending order, a candidate missing from one entry counts as differing)."""
    differing: list[str] = []
    for name in FIELDS:
        if name != "votes":
            if getattr(first, name) != getattr(second, name):
                differing.append(name)
            continue
        for candidate in sorted(set(first.votes) | set(second.votes), key=_id_order):
            if first.votes.get(candidate, _MISSING) != second.votes.get(candidate, _MISSING):
                differing.append(f"votes:{candidate}")
    return differing


_MISSING = object()


def _id_order(candidate: object) -> tuple[int, int, str]:
    # Ids are ints; a stray other key still sorts, after them.
    if _is_int(candidate):
        return (0, int(candidate), "")
    return (1, 0, repr(candidate))


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
            f"Bằng số phiếu ({_n(c.votes)}) với người không trúng cử; trúng cử vì nhiều "
            "tuổi hơn (Điều 78 khoản 4)."
        )
    for c in by_age_out:
        tie_notes[c.candidate_id] = (
            f"Bằng số phiếu ({_n(c.votes)}) với người trúng cử; không trúng cử vì ít tuổi "
            "hơn (Điều 78 khoản 4)."
        )
    if by_age_in and (by_age_out or same_birth):
        notes.append(
            f"{_names(tied)} có số phiếu bằng nhau ({_n(last.votes)}) ở vị trí trúng cử cuối "
            f"cùng: người nhiều tuổi hơn trúng cử (Điều 78 khoản 4): {_names(by_age_in)}."
        )
    elif by_age_out:
        notes.append(
            f"{_names(tied)} có số phiếu bằng nhau ({_n(last.votes)}) ở vị trí trúng cử cuối "
            "cùng: người nhiều tuổi hơn trúng cử (Điều 78 khoản 4)."
        )
    if not unresolved:
        return False
    empty = sum(1 for c in same_birth if c.candidate_id in elected)
    elected.difference_update(c.candidate_id for c in same_birth)
    for c in same_birth:
        tie_notes[c.candidate_id] = (
            f"Bằng số phiếu ({_n(c.votes)}) và cùng ngày sinh ({c.date_of_birth:%d/%m/%Y}) "
            "với người khác ở vị trí trúng cử cuối cùng; luật không quy định cách xác định "
            "người trúng cử."
        )
    notes.append(
        f"{_names(same_birth)} có số phiếu bằng nhau ({_n(last.votes)}) và cùng ngày sinh "
        f"({last.date_of_birth:%d/%m/%Y}) cho {empty} ghế cuối cùng. Điều 78 khoản 4 chỉ quy "
        "định người nhiều tuổi hơn trúng cử, luật không quy định trường hợp cùng ngày sinh: "
        f"{empty} ghế để trống, Ban bầu cử báo cáo cơ quan có thẩm quyền xem xét, quyết định."
    )
    return True


def determine_winners(totals: UnitTotals) -> Determination:
    """Art. 78–80: who is elected in one electoral unit, and which round follows.

    * The result counts only if more than half of the listed voters took part
      (Art. 78(1); exactly half is not enough), except in a re-run, which
      counts whatever the turnout (Art. 80(3)). Otherwise nobody is elected
      and, after a first round, a re-run is needed (Art. 80(1)).
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
    if not _is_int(t.seats) or t.seats < 1:
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
            f"Số cử tri đã tham gia bỏ phiếu ({_n(t.voters_took_part)}, đạt "
            f"{_vn_percent(turnout)}%) chưa quá một nửa tổng số cử tri trong danh sách "
            f"({_n(t.voters_on_list)}): kết quả bầu cử ở đơn vị bầu cử không được công nhận "
            "(Điều 78 khoản 1)."
        )
        if kind is RoundKind.FIRST:
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
                f"Bầu cử lại: số cử tri đã tham gia bỏ phiếu ({_vn_percent(turnout)}%) chưa "
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
        if t.level == ContestLevel.NATIONAL_ASSEMBLY:
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
        needs_rerun=not result_valid and kind is RoundKind.FIRST,
        unresolved_tie=unresolved,
        notes=tuple(notes),
    )


def _vn_percent(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")
