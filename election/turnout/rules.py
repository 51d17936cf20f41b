"""Turnout during voting day, as pure functions: the reporting hours and what a
team's count may be. No I/O.

Voting runs from 07:00 to 19:00; the team may open earlier, not before 05:00,
or close later, not after 21:00 (Art. 71(1)). A team counts the voters ticked
on its list (Art. 69(2): a voter shows the voter card and is on the list), so
the count never exceeds the list, and it is cumulative: it can only grow from
one hour to the next.

A count lower than an earlier hour's is refused, not warned: it can only be a
slip (in this hour or the earlier one), and accepting it would bend the curve
of every rollup above the area. The message names the other hour, so the team
corrects whichever count is wrong (a correction of the earlier hour is checked
the same way against the hours after it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from election.errors import Violation
from forms import formatting

ART_HOURS = "Điều 71 khoản 1"
ART_LIST = "Điều 69 khoản 2"
ART_EARLY = "Điều 72"

OPENING = dt.time(7, 0)
CLOSING = dt.time(19, 0)
EARLIEST_OPENING = dt.time(5, 0)
LATEST_CLOSING = dt.time(21, 0)

# The committee's default set: four hours of the day and the closing.
DEFAULT_HOURS = (dt.time(9), dt.time(11), dt.time(14), dt.time(16), CLOSING)
MAX_HOURS = 12

HOURS_EMPTY = "turnout_hours_empty"
HOURS_TOO_MANY = "turnout_hours_too_many"
HOUR_DUPLICATE = "turnout_hour_duplicate"
HOUR_OUTSIDE_LAW = "turnout_hour_outside_law"
HOUR_OUTSIDE_USUAL = "turnout_hour_outside_usual"
HOUR_UNKNOWN = "turnout_hour_unknown"
NO_LIST = "turnout_no_list"
OVER_LIST = "turnout_over_list"
BEFORE_VOTING_DAY = "turnout_before_voting_day"
BELOW_EARLIER = "turnout_below_earlier"
ABOVE_LATER = "turnout_above_later"


def hh_mm(at: dt.time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def vn_count(value: int) -> str:
    return formatting.vn_number(value)


def hour_label(at: dt.time) -> str:
    """How a page names an hour: "19:00 (kết thúc bỏ phiếu)" for the usual closing."""
    return f"{hh_mm(at)} (kết thúc bỏ phiếu)" if at == CLOSING else hh_mm(at)


def check_hours(hours: Sequence[dt.time]) -> list[Violation]:
    """Art. 71(1): every hour within the longest voting day the law allows
    (after 05:00, at the latest 21:00) is accepted; one outside the usual
    07:00–19:00 is a warning (only where a team opens early or closes late)."""
    if not hours:
        return [Violation(HOURS_EMPTY, "Cần ít nhất một giờ báo cáo.", None, "hours")]
    violations: list[Violation] = []
    if len(hours) > MAX_HOURS:
        violations.append(
            Violation(HOURS_TOO_MANY, f"Nhiều nhất {MAX_HOURS} giờ báo cáo.", None, "hours")
        )
    seen: set[dt.time] = set()
    for at in hours:
        if at in seen:
            violations.append(
                Violation(HOUR_DUPLICATE, f"Giờ {hh_mm(at)} được nhập hai lần.", None, "hours")
            )
        seen.add(at)
        if at <= EARLIEST_OPENING or at > LATEST_CLOSING:
            violations.append(
                Violation(
                    HOUR_OUTSIDE_LAW,
                    f"Giờ {hh_mm(at)} nằm ngoài thời gian bỏ phiếu: không bắt đầu trước 5 giờ "
                    "sáng, không kết thúc sau 21 giờ.",
                    ART_HOURS,
                    "hours",
                )
            )
        elif at <= OPENING or at > CLOSING:
            violations.append(
                Violation(
                    HOUR_OUTSIDE_USUAL,
                    f"Giờ {hh_mm(at)} ngoài khoảng 7 giờ – 19 giờ: chỉ có số liệu ở những khu "
                    "vực mở cửa sớm hoặc kết thúc muộn.",
                    ART_HOURS,
                    "hours",
                    "warning",
                )
            )
    return violations


def check_report(
    *,
    at: dt.time,
    voted: int,
    voters_on_list: int,
    hours: Sequence[dt.time],
    other_reports: Mapping[dt.time, int],
) -> list[Violation]:
    """One team's count at `at` against its list and the area's other hours.

    `other_reports` holds the area's counts at the other hours (the one at
    `at`, if any, is the one being replaced and is not consulted)."""
    if at not in hours:
        listed = ", ".join(hh_mm(h) for h in sorted(hours))
        return [
            Violation(
                HOUR_UNKNOWN,
                f"{hh_mm(at)} không phải giờ báo cáo của cuộc bầu cử (các giờ: {listed}).",
                None,
                "at",
            )
        ]
    if voters_on_list <= 0:
        return [
            Violation(
                NO_LIST,
                "Khu vực chưa có cử tri trong danh sách: chưa thể báo cáo số cử tri đã bỏ phiếu.",
                ART_LIST,
                "voted",
            )
        ]
    violations: list[Violation] = []
    if voted > voters_on_list:
        violations.append(
            Violation(
                OVER_LIST,
                f"Số cử tri đã bỏ phiếu ({vn_count(voted)}) lớn hơn số cử tri trong danh sách "
                f"của khu vực ({vn_count(voters_on_list)}).",
                ART_LIST,
                "voted",
            )
        )
    for other, count in sorted(other_reports.items()):
        if other == at:
            continue
        if other < at and count > voted:
            violations.append(
                Violation(
                    BELOW_EARLIER,
                    f"Số cử tri đã bỏ phiếu lúc {hh_mm(at)} ({vn_count(voted)}) nhỏ hơn số đã "
                    f"báo cáo lúc {hh_mm(other)} ({vn_count(count)}); số này chỉ tăng dần. "
                    f"Hãy sửa số lúc {hh_mm(other)} nếu số đó nhầm.",
                    None,
                    "voted",
                )
            )
        elif other > at and count < voted:
            violations.append(
                Violation(
                    ABOVE_LATER,
                    f"Số cử tri đã bỏ phiếu lúc {hh_mm(at)} ({vn_count(voted)}) lớn hơn số đã "
                    f"báo cáo lúc {hh_mm(other)} ({vn_count(count)}); số này chỉ tăng dần.",
                    None,
                    "voted",
                )
            )
    return violations


def check_report_day(
    today: dt.date, voting_day: dt.date, *, early: bool = False
) -> list[Violation]:
    """Counts of who has voted exist from the area's voting day on: election
    day, or the day the NEC allowed it to vote early (Art. 72). `today` is
    the election's day by its clock (a training clock moves it)."""
    if today >= voting_day:
        return []
    day = f"{voting_day.day:02d}/{voting_day.month:02d}/{voting_day.year}"
    return [
        Violation(
            BEFORE_VOTING_DAY,
            f"Chưa đến ngày bỏ phiếu của khu vực ({day}): chưa thể báo cáo số cử tri đã bỏ phiếu.",
            ART_EARLY if early else ART_HOURS,
            "at",
        )
    ]


def current_hour(hours: Sequence[dt.time], reported: set[dt.time]) -> dt.time | None:
    """The hour a team's page puts first: the earliest not reported yet (teams
    report in turn), else the last (a correction of the closing count)."""
    ordered = sorted(hours)
    if not ordered:
        return None
    return next((h for h in ordered if h not in reported), ordered[-1])


_HUNDREDTHS = Decimal("0.01")


def percent(part: int, whole: int) -> Decimal:
    """part / whole in percent with two decimals, rounded half up; 0 of 0 is 0.00."""
    if whole <= 0:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_HUNDREDTHS, rounding=ROUND_HALF_UP)
