"""Pure rules of setting an election up and changing it, dated by the law's calendar.

- Creating: election day is a Sunday (Art. 5) and still ahead: a day that has
  come or passed has no step of the calendar left to take (every milestone of
  `rules.CALENDAR_RULES` is dated from it). Data loads of past elections (the
  demo, history) are the programme's, not a person's, and the services let
  them by.
- Changing: nothing changes once voting has opened (Art. 71: the day and the
  hours the ballots and minutes carry). The day itself is the National
  Assembly's decision announced at least 115 days ahead (Art. 5): it may be
  moved only before that announcement (D−115 of the day set), to a Sunday at
  least 115 days ahead; a by-election's day only to a day still ahead. The
  voting hours are announced by the Tổ bầu cử daily from D−10 (Art. 70): they
  change only before then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.clock import VIETNAM
from election.elections.rules import check_election_day, check_voting_hours
from election.errors import Violation

# Art. 5: election day is announced at least 115 days before it.
ANNOUNCEMENT_DAYS = 115
# Art. 70: from D−10 the Tổ bầu cử announces the day, the hours and the place.
HOURS_ANNOUNCED_DAYS = 10


@dataclass(frozen=True)
class Schedule:
    """What of an election the calendar hangs on: its day and its hours."""

    election_day: dt.date
    voting_opens: dt.time
    voting_closes: dt.time
    general: bool = True

    def opening(self) -> dt.datetime:
        return dt.datetime.combine(self.election_day, self.voting_opens, tzinfo=VIETNAM)


def check_day_ahead(election_day: dt.date, today: dt.date) -> list[Violation]:
    """Art. 5: the day set for an election is still ahead of today."""
    if election_day > today:
        return []
    return [
        Violation(
            "election_day_past",
            f"Ngày bầu cử phải sau ngày hôm nay ({today:%d/%m/%Y}): mọi mốc của lịch bầu cử "
            "tính từ ngày bầu cử.",
            "Điều 5",
            "election_day",
        )
    ]


def check_new_election(schedule: Schedule, today: dt.date) -> list[Violation]:
    """A new election: a Sunday still ahead, with the hours of Art. 71(1)."""
    return (
        check_election_day(schedule.election_day)
        + check_day_ahead(schedule.election_day, today)
        + check_voting_hours(schedule.voting_opens, schedule.voting_closes)
    )


def _day_change(before: Schedule, after: Schedule, today: dt.date) -> list[Violation]:
    violations = check_election_day(after.election_day) + check_day_ahead(after.election_day, today)
    if violations or not after.general:
        return violations
    announced = before.election_day - dt.timedelta(days=ANNOUNCEMENT_DAYS)
    if today >= announced:
        return [
            Violation(
                "election_day_announced",
                f"Ngày bầu cử đã được công bố (chậm nhất ngày {announced:%d/%m/%Y}, 115 ngày "
                "trước ngày bầu cử): không đổi ngày bầu cử nữa.",
                "Điều 5",
                "election_day",
            )
        ]
    earliest = today + dt.timedelta(days=ANNOUNCEMENT_DAYS)
    if after.election_day < earliest:
        return [
            Violation(
                "election_day_too_close",
                f"Ngày bầu cử mới phải được công bố chậm nhất 115 ngày trước: chọn ngày từ "
                f"{earliest:%d/%m/%Y} trở đi.",
                "Điều 5",
                "election_day",
            )
        ]
    return []


def _hours_change(before: Schedule, after: Schedule, today: dt.date) -> list[Violation]:
    violations = check_voting_hours(after.voting_opens, after.voting_closes)
    announced = before.election_day - dt.timedelta(days=HOURS_ANNOUNCED_DAYS)
    if not violations and today >= announced:
        violations.append(
            Violation(
                "voting_hours_announced",
                f"Từ ngày {announced:%d/%m/%Y} (10 ngày trước ngày bầu cử) Tổ bầu cử đã thông "
                "báo giờ bỏ phiếu: không đổi giờ bỏ phiếu nữa.",
                "Điều 70",
                "voting_opens",
            )
        )
    return violations


def check_election_change(before: Schedule, after: Schedule, now: dt.datetime) -> list[Violation]:
    """Whether an election may be changed to `after` at the election's moment `now`."""
    if now.astimezone(VIETNAM) >= before.opening():
        return [
            Violation(
                "election_under_way",
                "Đã bắt đầu bỏ phiếu: không sửa thông tin cuộc bầu cử nữa.",
                "Điều 71",
            )
        ]
    today = now.astimezone(VIETNAM).date()
    violations: list[Violation] = []
    if after.election_day != before.election_day:
        violations += _day_change(before, after, today)
    if (after.voting_opens, after.voting_closes) != (before.voting_opens, before.voting_closes):
        violations += _hours_change(before, after, today)
    return violations


def may_change(before: Schedule, now: dt.datetime) -> bool:
    """Whether anything of the election may still change (voting not opened)."""
    return now.astimezone(VIETNAM) < before.opening()


def contest_title(
    level: str,
    *,
    assembly_term: str = "",
    term: str = "",
    province_name: str | None = None,
    commune_name: str | None = None,
) -> str:
    """The title of a contest as ballots and lists print it (Art. 76(1)): the
    National Assembly's with its term number, a council's with its place and
    the election's term of office."""
    if str(level) == "dbqh":
        return "Bầu cử đại biểu Quốc hội" + (f" khóa {assembly_term}" if assembly_term else "")
    if str(level) == "hdnd_tinh":
        name = f"Bầu cử đại biểu HĐND {province_name}"
    else:
        name = f"Bầu cử đại biểu HĐND {commune_name}, {province_name}"
    return name + (f" nhiệm kỳ {term}" if term else "")
