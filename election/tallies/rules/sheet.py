"""The arithmetic of one tally sheet (biên bản kết quả kiểm phiếu) of one polling
area for one contest, Art. 73–76; the three sheets of an area against each
other; and what two independent entries of one sheet disagree on.

Hard errors block the sheet; warnings send it to review, because the law
does not fix them (a voter may leave without dropping the ballot in the box,
so "took part" and "received" can honestly differ). No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import cast

from election.elections.tables import ContestLevel
from election.errors import Violation
from forms import formatting

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


def vn_count(value: int) -> str:
    """1234567 -> '1.234.567', as numbers are written in Vietnamese."""
    return formatting.vn_number(value)


# --------------------------------------------------------------------------
# Where a violation points on the sheet

# Besides the field a violation names (where its message sits), the figures
# its rule compares: a form marks them all. "votes" stands for every
# candidate's cell.
RELATED_FIELDS: dict[str, tuple[str, ...]] = {
    VALID_INVALID_SUM: ("ballots_received", "valid", "invalid"),
    RECEIVED_OVER_ISSUED: ("ballots_received", "ballots_issued"),
    CANDIDATE_OVER_VALID: ("valid",),
    VOTES_UNDER_VALID: ("votes", "valid"),
    VOTES_OVER_SEATS: ("votes", "valid"),
    COMPLAINTS_OVER_RECEIVED: (
        "complaints_received",
        "complaints_settled",
        "complaints_forwarded",
    ),
    TOOK_PART_NOT_RECEIVED: ("voters_took_part", "ballots_received"),
    TOOK_PART_OVER_LIST: ("voters_took_part", "voters_on_list"),
    ISSUED_OVER_LIST: ("ballots_issued", "voters_on_list"),
    BALLOT_STOCK_MISMATCH: (
        "unused_ballots",
        "ballots_delivered",
        "ballots_issued",
        "spoiled_ballots",
    ),
    # Art. 76: the list's count differs from the typed one, so a reason is due.
    "voters_on_list_reason": ("reason", "voters_on_list"),
}


def fields_of(violation: Violation) -> tuple[str, ...]:
    """The fields a violation concerns: its own field first (where its
    message belongs), then the other figures its rule compares."""
    own = (violation.field,) if violation.field else ()
    related = RELATED_FIELDS.get(violation.code, ())
    return own + tuple(name for name in related if name not in own)


def candidate_ref(candidate: object) -> str:
    """A candidate in a message of the rules, which know only the ids; a page
    that knows the names puts them in (`with_candidate_names`)."""
    return f"người ứng cử mã {candidate}"


_CANDIDATE_REF = re.compile(r"([Nn])gười ứng cử mã (\d+)\b")


def with_candidate_names(message: str, names: Mapping[int, str]) -> str:
    """The message with each known candidate's id replaced by their name."""

    def named(match: re.Match[str]) -> str:
        return names.get(int(match.group(2)), match.group(0))

    return _CANDIDATE_REF.sub(named, message)


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
    # Ballots voters spoiled and exchanged for new ones (Art. 69(5); Mẫu số 32/HĐBC).
    spoiled_ballots: int | None = None


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
    "spoiled_ballots": "Số phiếu cử tri đổi do gạch hỏng",
}

# The comparable fields, in the order of entry: Art. 76(2)(a)–(h), then the
# ballot stock. "votes" stands for one entry per candidate ("votes:<id>").
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SheetFigures))
_COUNTS = tuple(name for name in FIELDS if name != "votes")
_OPTIONAL = frozenset({"unused_ballots", "ballots_delivered", "spoiled_ballots"})


def is_whole_number(value: object) -> bool:
    # bool is an int in Python, never a count here.
    return isinstance(value, int) and not isinstance(value, bool)


def _shape(figures: SheetFigures) -> list[Violation]:
    """Every figure a whole number, none negative."""
    violations: list[Violation] = []
    for name in _COUNTS:
        # Figures typed by hand or sent by a client: any value may arrive here.
        value: object = getattr(figures, name)
        if value is None and name in _OPTIONAL:
            continue
        if not is_whole_number(value):
            violations.append(
                Violation(
                    NOT_INTEGER,
                    f"{FIELD_LABELS[name]} phải là một số nguyên; nhận được {value!r}.",
                    ART_MINUTES,
                    name,
                )
            )
        elif isinstance(value, int) and value < 0:
            violations.append(
                Violation(
                    NEGATIVE,
                    f"{FIELD_LABELS[name]} không được là số âm ({vn_count(value)}).",
                    ART_MINUTES,
                    name,
                )
            )
    votes = cast(object, figures.votes)  # a client may send anything
    if not isinstance(votes, Mapping):
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
        if not is_whole_number(candidate):
            violations.append(
                Violation(
                    NOT_INTEGER,
                    f"Mã người ứng cử phải là một số nguyên; nhận được {candidate!r}.",
                    ART_MINUTES,
                    "votes",
                )
            )
        elif not is_whole_number(count):
            violations.append(
                Violation(
                    NOT_INTEGER,
                    f"Số phiếu bầu của {candidate_ref(candidate)} phải là một số nguyên; "
                    f"nhận được {count!r}.",
                    ART_MINUTES,
                    f"votes:{candidate}",
                )
            )
        elif count < 0:
            violations.append(
                Violation(
                    NEGATIVE,
                    f"Số phiếu bầu của {candidate_ref(candidate)} không được là số âm "
                    f"({vn_count(count)}).",
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
    the ballot stock does not add up (`_ballot_stock`).

    When a figure is not a whole number the arithmetic is meaningless: only
    the shape errors are returned.
    """
    if not is_whole_number(seats) or seats < 1:
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
                f"Có số phiếu bầu ({vn_count(f.votes[candidate])}) cho người mã {candidate}, "
                "không phải là người ứng cử của đơn vị bầu cử này.",
                ART_MINUTES,
                f"votes:{candidate}",
            )
        )
    for candidate in sorted(known - set(f.votes)):
        violations.append(
            Violation(
                MISSING_CANDIDATE,
                f"Thiếu số phiếu bầu của {candidate_ref(candidate)} "
                "(ghi 0 nếu không có phiếu nào).",
                ART_MINUTES,
                f"votes:{candidate}",
            )
        )
    if f.valid + f.invalid != f.ballots_received:
        violations.append(
            Violation(
                VALID_INVALID_SUM,
                f"Số phiếu hợp lệ ({vn_count(f.valid)}) cộng số phiếu không hợp lệ "
                f"({vn_count(f.invalid)}) là {vn_count(f.valid + f.invalid)}, khác số phiếu thu vào "
                f"({vn_count(f.ballots_received)}).",
                ART_MINUTES,
                "ballots_received",
            )
        )
    if f.ballots_received > f.ballots_issued:
        violations.append(
            Violation(
                RECEIVED_OVER_ISSUED,
                f"Số phiếu thu vào ({vn_count(f.ballots_received)}) lớn hơn số phiếu phát ra "
                f"({vn_count(f.ballots_issued)}).",
                ART_MINUTES,
                "ballots_received",
            )
        )
    for candidate, count in sorted(f.votes.items()):
        if count > f.valid:
            violations.append(
                Violation(
                    CANDIDATE_OVER_VALID,
                    f"Số phiếu bầu của {candidate_ref(candidate)} ({vn_count(count)}) nhiều hơn số "
                    f"phiếu hợp lệ ({vn_count(f.valid)}): mỗi phiếu chỉ bầu một người một lần.",
                    ART_BALLOT,
                    f"votes:{candidate}",
                )
            )
    total = sum(f.votes.values())
    if total < f.valid:
        violations.append(
            Violation(
                VOTES_UNDER_VALID,
                f"Tổng số phiếu bầu cho các người ứng cử ({vn_count(total)}) ít hơn số phiếu "
                f"hợp lệ ({vn_count(f.valid)}): mỗi phiếu hợp lệ còn ít nhất một tên "
                "(phiếu gạch hết tên là phiếu không hợp lệ).",
                ART_BALLOT,
                "votes",
            )
        )
    if total > f.valid * seats:
        violations.append(
            Violation(
                VOTES_OVER_SEATS,
                f"Tổng số phiếu bầu cho các người ứng cử ({vn_count(total)}) vượt quá số phiếu "
                f"hợp lệ nhân với số đại biểu được bầu ({vn_count(f.valid)} × {seats} = "
                f"{vn_count(f.valid * seats)}): mỗi phiếu hợp lệ giữ lại không quá {seats} tên.",
                ART_BALLOT,
                "votes",
            )
        )
    handled = f.complaints_settled + f.complaints_forwarded
    if handled > f.complaints_received:
        violations.append(
            Violation(
                COMPLAINTS_OVER_RECEIVED,
                f"Số khiếu nại, tố cáo đã giải quyết ({vn_count(f.complaints_settled)}) cộng số "
                f"chuyển Ban bầu cử ({vn_count(f.complaints_forwarded)}) là {vn_count(handled)}, nhiều "
                f"hơn số nhận được ({vn_count(f.complaints_received)}).",
                ART_MINUTES,
                "complaints_received",
            )
        )

    if f.voters_took_part != f.ballots_received:
        violations.append(
            Violation(
                TOOK_PART_NOT_RECEIVED,
                f"Số cử tri đã tham gia bỏ phiếu ({vn_count(f.voters_took_part)}) khác số phiếu "
                f"thu vào ({vn_count(f.ballots_received)}); cần kiểm tra lại.",
                ART_MINUTES,
                "voters_took_part",
                "warning",
            )
        )
    if f.voters_took_part > f.voters_on_list:
        violations.append(
            Violation(
                TOOK_PART_OVER_LIST,
                f"Số cử tri đã tham gia bỏ phiếu ({vn_count(f.voters_took_part)}) lớn hơn tổng số "
                f"cử tri trong danh sách ({vn_count(f.voters_on_list)}).",
                ART_MINUTES,
                "voters_took_part",
                "warning",
            )
        )
    if f.ballots_issued > f.voters_on_list:
        violations.append(
            Violation(
                ISSUED_OVER_LIST,
                f"Số phiếu phát ra ({vn_count(f.ballots_issued)}) lớn hơn tổng số cử tri trong "
                f"danh sách ({vn_count(f.voters_on_list)}); phiếu đổi do gạch hỏng phải được thu "
                "hồi, không tính thêm.",
                "Điều 69",
                "ballots_issued",
                "warning",
            )
        )
    stock = _ballot_stock(f)
    if stock is not None:
        violations.append(stock)
    return violations


def _ballot_stock(f: SheetFigures) -> Violation | None:
    """Mẫu số 32/HĐBC, Art. 69, 73: the ballots the team received are those
    issued, those voters spoiled and exchanged for new ones, and those left
    unused: delivered = issued + spoiled + unused. Checked when the ballots
    delivered and unused are both given. When the spoiled ballots are not
    given, a shortfall may be them and only an excess is flagged: more
    issued and unused than delivered."""
    if f.unused_ballots is None or f.ballots_delivered is None:
        return None
    if f.spoiled_ballots is None:
        accounted = f.ballots_issued + f.unused_ballots
        if accounted <= f.ballots_delivered:
            return None
        parts = (
            f"Số phiếu phát ra ({vn_count(f.ballots_issued)}) cộng số phiếu không sử dụng "
            f"({vn_count(f.unused_ballots)}) là {vn_count(accounted)}, nhiều hơn"
        )
    else:
        accounted = f.ballots_issued + f.spoiled_ballots + f.unused_ballots
        if accounted == f.ballots_delivered:
            return None
        parts = (
            f"Số phiếu phát ra ({vn_count(f.ballots_issued)}) cộng số phiếu cử tri đổi do gạch "
            f"hỏng ({vn_count(f.spoiled_ballots)}) và số phiếu không sử dụng "
            f"({vn_count(f.unused_ballots)}) là {vn_count(accounted)}, khác"
        )
    return Violation(
        BALLOT_STOCK_MISMATCH,
        f"{parts} số phiếu Tổ bầu cử đã nhận ({vn_count(f.ballots_delivered)}).",
        "Điều 73; Mẫu số 32/HĐBC",
        "unused_ballots",
        "warning",
    )


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
                        f"Số cử tri đã tham gia {narrow_name} ({vn_count(took_part[narrow])}) lớn "
                        f"hơn số cử tri đã tham gia {wide_name} ({vn_count(took_part[wide])}), "
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
                        f"Số cử tri đã tham gia {wide_name} ({vn_count(took_part[wide])}) nhiều hơn "
                        f"{narrow_name} ({vn_count(took_part[narrow])}) là {vn_count(gap)} người, vượt "
                        f"quá số cử tri chỉ được phát phiếu {wide_name} "
                        f"({vn_count(on_list[wide])} − {vn_count(on_list[narrow])} = {vn_count(listed_gap)}).",
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
    if isinstance(candidate, int) and is_whole_number(candidate):
        return (0, candidate, "")
    return (1, 0, repr(candidate))
