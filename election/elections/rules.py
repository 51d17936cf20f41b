"""Pure rules of the election event: the legal calendar and the election day.

Every milestone is computed from election day D (§11 of the domain
reference); offsets are the amended values of Law 83/2025/QH15, never the
old ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from election.choices import LabelledChoice
from election.errors import Violation

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
LAW = "Luật Bầu cử ĐBQH và đại biểu HĐND (85/2015/QH13, sửa đổi bởi 83/2025/QH15)"

# A milestone counts as "due" from this many days before its date.
DUE_WINDOW_DAYS = 7


class MilestoneState(LabelledChoice):
    PASSED = "passed", "Đã qua"
    DUE = "due", "Đến hạn"
    UPCOMING = "upcoming", "Sắp tới"


@dataclass(frozen=True)
class MilestoneRule:
    code: str
    title: str
    legal_basis: str
    offset_days: int = 0
    # Measured from the opening of voting instead of from the day (D−24h).
    offset_hours_before_opening: int | None = None
    responsible: str = ""


# The calendar of the law, in order. Titles are the UI text.
CALENDAR_RULES: tuple[MilestoneRule, ...] = (
    MilestoneRule(
        "D-105",
        "Thành lập Ủy ban bầu cử ở tỉnh và ở xã; ấn định cơ cấu, thành phần, số lượng đại biểu",
        "Điều 8, 9, 22",
        -105,
        responsible="UBND tỉnh, UBND xã; UBTVQH; Thường trực HĐND",
    ),
    MilestoneRule(
        "D-95", "Hội nghị hiệp thương lần thứ nhất", "Điều 38, 39, 50", -95, responsible="UBMTTQ"
    ),
    MilestoneRule(
        "D-90",
        "Điều chỉnh lần thứ nhất cơ cấu, thành phần, số lượng người ứng cử",
        "Điều 40, 51",
        -90,
        responsible="UBTVQH; Thường trực HĐND",
    ),
    MilestoneRule(
        "D-80",
        "Công bố đơn vị bầu cử, danh sách đơn vị và số đại biểu được bầu ở mỗi đơn vị",
        "Điều 10",
        -80,
        responsible="Hội đồng bầu cử quốc gia; Ủy ban bầu cử",
    ),
    MilestoneRule(
        "D-70",
        "Thành lập Ban bầu cử ĐBQH, HĐND tỉnh, HĐND xã",
        "Điều 24",
        -70,
        responsible="UBND tỉnh; UBND xã",
    ),
    MilestoneRule(
        "D-44",
        "Ấn định khu vực bỏ phiếu (trước khi thành lập Tổ bầu cử), báo cáo UBND tỉnh",
        "Điều 11(4)",
        -44,
        responsible="UBND xã",
    ),
    MilestoneRule("D-43", "Thành lập Tổ bầu cử", "Điều 25", -43, responsible="UBND xã"),
    MilestoneRule("D-42", "Hạn chót nộp hồ sơ ứng cử", "Điều 35", -42, responsible="Người ứng cử"),
    MilestoneRule(
        "D-40",
        "Niêm yết danh sách cử tri; bắt đầu thời hạn khiếu nại 30 ngày; hiệp thương lần thứ hai",
        "Điều 32, 33, 43, 44, 53",
        -40,
        responsible="UBND xã; UBMTTQ",
    ),
    MilestoneRule(
        "D-38", "Điều chỉnh lần thứ hai cơ cấu ĐBQH", "Điều 47", -38, responsible="UBTVQH"
    ),
    MilestoneRule(
        "D-35",
        "Kết thúc xác minh, trả lời các vụ việc cử tri nêu về người ứng cử",
        "Điều 46, 55",
        -35,
        responsible="Cơ quan, tổ chức có thẩm quyền",
    ),
    MilestoneRule(
        "D-23", "Hội nghị hiệp thương lần thứ ba", "Điều 48, 49, 56", -23, responsible="UBMTTQ"
    ),
    MilestoneRule(
        "D-21",
        "UBMTTQ gửi danh sách người đủ tiêu chuẩn ứng cử",
        "Điều 57, 58",
        -21,
        responsible="UBMTTQ",
    ),
    MilestoneRule(
        "D-17",
        "Công bố danh sách chính thức người ứng cử; Ủy ban bầu cử giao phiếu bầu, "
        "tài liệu cho Ban bầu cử",
        "Điều 23, 57, 58",
        -17,
        responsible="Hội đồng bầu cử quốc gia; Ủy ban bầu cử",
    ),
    MilestoneRule(
        "D-16",
        "Ủy ban bầu cử tỉnh công bố danh sách ĐBQH tại địa phương; "
        "Tổ bầu cử niêm yết danh sách người ứng cử",
        "Điều 57(7), 59",
        -16,
        responsible="Ủy ban bầu cử tỉnh; Tổ bầu cử",
    ),
    MilestoneRule(
        "D-13",
        "Ban bầu cử giao phiếu bầu, tài liệu cho Tổ bầu cử",
        "Điều 24(3)(d)",
        -13,
        responsible="Ban bầu cử",
    ),
    MilestoneRule(
        "D-10",
        "Tổ bầu cử thông báo ngày, giờ, địa điểm bỏ phiếu hằng ngày; bắt đầu phát thẻ cử tri; "
        "ngừng xem xét khiếu nại về người ứng cử",
        "Điều 61, 70; Thông tư 21/2025/TT-BNV",
        -10,
        responsible="Tổ bầu cử",
    ),
    MilestoneRule(
        "D-5",
        "Hạn cuối giải quyết khiếu nại về danh sách cử tri",
        "Điều 33",
        -5,
        responsible="UBND xã",
    ),
    MilestoneRule(
        "D-3",
        "Kết thúc phát thẻ cử tri",
        "Thông tư 21/2025/TT-BNV",
        -3,
        responsible="Tổ bầu cử",
    ),
    MilestoneRule(
        "D-24h",
        "Hạn chót bổ sung, chuyển, xóa tên trong danh sách cử tri; kết thúc vận động bầu cử",
        "Điều 29(4), 30, 64",
        offset_hours_before_opening=24,
        responsible="UBND xã",
    ),
    MilestoneRule(
        "D",
        "Ngày bầu cử: bỏ phiếu và kiểm phiếu tại khu vực bỏ phiếu",
        "Điều 71, 73",
        0,
        responsible="Tổ bầu cử",
    ),
    MilestoneRule(
        "D+3",
        "Tổ bầu cử gửi biên bản kết quả kiểm phiếu đến Ban bầu cử, UBND và Ban thường trực "
        "UBMTTQ xã",
        "Điều 76(3)",
        3,
        responsible="Tổ bầu cử",
    ),
    MilestoneRule(
        "D+5",
        "Ban bầu cử gửi biên bản xác định kết quả bầu cử ở đơn vị bầu cử",
        "Điều 77",
        5,
        responsible="Ban bầu cử",
    ),
    MilestoneRule(
        "D+7",
        "Biên bản kết quả bầu cử ĐBQH ở tỉnh; hạn chót tổ chức bầu cử thêm, bầu cử lại",
        "Điều 79, 80, 81, 83",
        7,
        responsible="Ủy ban bầu cử tỉnh",
    ),
    MilestoneRule(
        "D+10",
        "Công bố kết quả bầu cử và danh sách người trúng cử",
        "Điều 86",
        10,
        responsible="Hội đồng bầu cử quốc gia; Ủy ban bầu cử",
    ),
)


@dataclass(frozen=True)
class Milestone:
    code: str
    title: str
    legal_basis: str
    responsible: str
    due_date: dt.date
    # Set only for milestones that fall at a precise moment (D−24h).
    due_at: dt.datetime | None
    state: MilestoneState
    days_left: int

    @property
    def label(self) -> str:
        return self.code.replace("-", "−")


def milestone_date(
    rule: MilestoneRule, election_day: dt.date, voting_opens: dt.time
) -> tuple[dt.date, dt.datetime | None]:
    if rule.offset_hours_before_opening is not None:
        opening = dt.datetime.combine(election_day, voting_opens, tzinfo=VIETNAM)
        moment = opening - dt.timedelta(hours=rule.offset_hours_before_opening)
        return moment.date(), moment
    return election_day + dt.timedelta(days=rule.offset_days), None


def milestone_state(
    due_date: dt.date, due_at: dt.datetime | None, now: dt.datetime
) -> MilestoneState:
    """Passed once the day (or the precise moment) is over; due within the window."""
    local_now = now.astimezone(VIETNAM)
    today = local_now.date()
    if due_at is not None:
        if local_now >= due_at:
            return MilestoneState.PASSED
    elif due_date < today:
        return MilestoneState.PASSED
    if (due_date - today).days <= DUE_WINDOW_DAYS:
        return MilestoneState.DUE
    return MilestoneState.UPCOMING


def election_calendar(
    election_day: dt.date,
    *,
    now: dt.datetime,
    voting_opens: dt.time = dt.time(7, 0),
    rules: tuple[MilestoneRule, ...] = CALENDAR_RULES,
) -> list[Milestone]:
    """Every legal milestone of the election, dated from D and stated relative to `now`."""
    today = now.astimezone(VIETNAM).date()
    calendar = []
    for rule in rules:
        due_date, due_at = milestone_date(rule, election_day, voting_opens)
        calendar.append(
            Milestone(
                code=rule.code,
                title=rule.title,
                legal_basis=rule.legal_basis,
                responsible=rule.responsible,
                due_date=due_date,
                due_at=due_at,
                state=milestone_state(due_date, due_at, now),
                days_left=(due_date - today).days,
            )
        )
    return sorted(calendar, key=lambda m: (m.due_date, m.due_at is None))


def check_election_day(election_day: dt.date) -> list[Violation]:
    """Art. 5: election day is a Sunday."""
    if election_day.weekday() != 6:
        return [
            Violation(
                code="election_day_not_sunday",
                message="Ngày bầu cử phải là ngày Chủ nhật.",
                article="Điều 5",
                field="election_day",
            )
        ]
    return []


def check_voting_hours(opens: dt.time, closes: dt.time) -> list[Violation]:
    """Art. 71(1): voting may open from 05:00 and must close by 21:00."""
    violations = []
    if opens < dt.time(5, 0):
        violations.append(
            Violation(
                "voting_opens_too_early",
                "Giờ bắt đầu bỏ phiếu không được sớm hơn 05:00.",
                "Điều 71(1)",
                "voting_opens",
            )
        )
    if closes > dt.time(21, 0):
        violations.append(
            Violation(
                "voting_closes_too_late",
                "Giờ kết thúc bỏ phiếu không được muộn hơn 21:00.",
                "Điều 71(1)",
                "voting_closes",
            )
        )
    if opens >= closes:
        violations.append(
            Violation(
                "voting_hours_inverted",
                "Giờ kết thúc bỏ phiếu phải sau giờ bắt đầu.",
                "Điều 71(1)",
                "voting_closes",
            )
        )
    return violations
