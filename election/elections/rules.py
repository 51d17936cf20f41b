"""Pure rules of the election event: the legal calendar and the election day.

Every milestone is computed from election day D (§11 of the domain
reference); offsets are the amended values of Law 83/2025/QH15, never the
old ones.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from election.choices import LabelledChoice
from election.clock import VIETNAM
from election.errors import Violation

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
        "D-115",
        "Công bố ngày bầu cử (chậm nhất 115 ngày trước ngày bầu cử)",
        "Điều 5",
        -115,
        responsible="Quốc hội",
    ),
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
    # Art. 87: counted from the announcement, which is at the latest D+10.
    MilestoneRule(
        "D+13",
        "Hạn chót khiếu nại về kết quả bầu cử: 03 ngày kể từ ngày công bố kết quả "
        "(công bố chậm nhất D+10)",
        "Điều 87",
        10 + 3,
        responsible="Người khiếu nại; Hội đồng bầu cử quốc gia; Ủy ban bầu cử",
    ),
    MilestoneRule(
        "D+20",
        "Hạn chót giải quyết khiếu nại về kết quả bầu cử: 07 ngày kể từ ngày nhận khiếu "
        "nại (nhận chậm nhất D+13); quyết định là quyết định cuối cùng",
        "Điều 87",
        10 + 3 + 7,
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
    calendar: list[Milestone] = []
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


def check_before_voting(
    what: str,
    *,
    moment: dt.datetime,
    election_day: dt.date,
    voting_opens: dt.time,
    article: str,
) -> list[Violation]:
    """Preparations end when voting opens (Art. 69): from then on, `what` (in
    words: "sửa khu vực bỏ phiếu") would change what voters have already voted
    on, and is refused; what follows needs a new round, not an edit."""
    opening = dt.datetime.combine(election_day, voting_opens, tzinfo=VIETNAM)
    if moment < opening:
        return []
    return [
        Violation(
            "after_voting_opened",
            f"Đã bắt đầu bỏ phiếu ({opening:%H:%M} ngày {opening:%d/%m/%Y}): "
            f"không còn được {what}.",
            article,
        )
    ]


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
    violations: list[Violation] = []
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


# --------------------------------------------------------------------------
# Electoral units and candidate lists (Art. 8, 10, 36, 57, 58)

# Art. 10(4): at most 3 ĐBQH seats and at most 5 HĐND seats per unit.
MAX_SEATS = {"dbqh": 3, "hdnd_tinh": 5, "hdnd_xa": 5}
CANDIDATE_MIN_AGE = 21
# Art. 8(2)-(3): shares of the official ĐBQH list; Art. 9 (as amended by
# Law 83/2025/QH15): the same share of women on every official HĐND list.
WOMEN_SHARE_TARGET = 0.35
MINORITY_SHARE_TARGET = 0.18
MAJORITY_ETHNICITY = "kinh"


def check_unit_seats(level: str, seats: int) -> list[Violation]:
    """Art. 10(4): ĐBQH units elect at most 3 deputies, HĐND units at most 5."""
    limit = MAX_SEATS[str(level)]
    if seats < 1:
        return [
            Violation(
                "unit_seats_positive", "Số đại biểu được bầu phải ít nhất là 1.", "Điều 10", "seats"
            )
        ]
    if seats > limit:
        body = "đại biểu Quốc hội" if str(level) == "dbqh" else "đại biểu HĐND"
        return [
            Violation(
                "unit_seats_over_limit",
                f"Mỗi đơn vị bầu cử {body} được bầu không quá {limit} đại biểu.",
                "Điều 10 khoản 4",
                "seats",
            )
        ]
    return []


def check_unit_announced(announced_on: dt.date | None, election_day: dt.date) -> list[Violation]:
    """Art. 10(2)-(3): units and their seats are announced at least 80 days before D."""
    deadline = election_day - dt.timedelta(days=80)
    if announced_on is not None and announced_on > deadline:
        return [
            Violation(
                "unit_announced_late",
                f"Đơn vị bầu cử phải được công bố chậm nhất 80 ngày trước ngày bầu cử "
                f"({deadline:%d/%m/%Y}).",
                "Điều 10",
                "announced_on",
                severity="warning",
            )
        ]
    return []


def minimum_candidates(level: str, seats: int) -> int:
    """Art. 57(6) for ĐBQH: seats + 2. Art. 58(3) for HĐND: more than the seats;
    at least seats + 2 with 3 seats, seats + 3 with 4 or more."""
    if str(level) == "dbqh":
        return seats + 2
    if seats >= 4:
        return seats + 3
    if seats == 3:
        return seats + 2
    return seats + 1


def check_candidate_count(
    level: str, seats: int, count: int, *, shortfall_decision: str = ""
) -> list[Violation]:
    needed = minimum_candidates(level, seats)
    if count >= needed:
        return []
    article = "Điều 57 khoản 6" if str(level) == "dbqh" else "Điều 58 khoản 3"
    decided = bool(shortfall_decision.strip())
    message = f"Đơn vị bầu {seats} đại biểu cần ít nhất {needed} người ứng cử; hiện có {count}."
    if decided:
        message += f" Đã có quyết định xử lý trường hợp bất khả kháng: {shortfall_decision}."
    return [
        Violation(
            "too_few_candidates",
            message,
            article,
            "candidates",
            severity="warning" if decided else "error",
        )
    ]


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Completed years on `day` (a birthday on `day` counts)."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def check_candidate_age(date_of_birth: dt.date, election_day: dt.date) -> list[Violation]:
    """A candidate is at least 21 on election day (Art. 2; Constitution Art. 27)."""
    if age_on(date_of_birth, election_day) >= CANDIDATE_MIN_AGE:
        return []
    return [
        Violation(
            "candidate_too_young",
            f"Người ứng cử phải đủ {CANDIDATE_MIN_AGE} tuổi trở lên tính đến ngày bầu cử.",
            "Điều 2",
            "date_of_birth",
        )
    ]


def check_standing_limits(levels: list[str]) -> list[Violation]:
    """Art. 36(3) and 57(5): one ĐBQH list at most; at most two HĐND levels, only one
    if the person also stands for the National Assembly."""
    violations: list[Violation] = []
    national = sum(1 for level in levels if str(level) == "dbqh")
    councils = [str(level) for level in levels if str(level) != "dbqh"]
    if national > 1:
        violations.append(
            Violation(
                "two_national_lists",
                "Một người chỉ được ứng cử đại biểu Quốc hội ở một đơn vị bầu cử.",
                "Điều 57 khoản 5",
            )
        )
    if len(councils) != len(set(councils)):
        violations.append(
            Violation(
                "same_council_twice",
                "Một người không được ứng cử hai lần ở cùng một cấp HĐND.",
                "Điều 36 khoản 3",
            )
        )
    limit = 1 if national else 2
    if len(set(councils)) > limit:
        message = (
            "Người ứng cử đại biểu Quốc hội chỉ được ứng cử đại biểu HĐND ở một cấp."
            if national
            else "Một người chỉ được ứng cử đại biểu HĐND không quá hai cấp."
        )
        violations.append(Violation("too_many_council_levels", message, "Điều 36 khoản 3"))
    return violations


def is_ethnic_minority(ethnicity: str) -> bool:
    return unicodedata.normalize("NFC", ethnicity).strip().casefold() not in (
        "",
        MAJORITY_ETHNICITY,
    )


@dataclass(frozen=True)
class ListComposition:
    total: int
    women: int
    minorities: int

    @property
    def women_share(self) -> float:
        return self.women / self.total if self.total else 0.0

    @property
    def minority_share(self) -> float:
        return self.minorities / self.total if self.total else 0.0

    @property
    def women_target_met(self) -> bool:
        return self.total > 0 and self.women_share >= WOMEN_SHARE_TARGET

    @property
    def minority_target_met(self) -> bool:
        return self.total > 0 and self.minority_share >= MINORITY_SHARE_TARGET


def list_composition(people: list[tuple[str, str]]) -> ListComposition:
    """Women and ethnic-minority counts of a list of (sex, ethnicity), for Art. 8(2)-(3)."""
    return ListComposition(
        total=len(people),
        women=sum(1 for sex, _ in people if str(sex) == "female"),
        minorities=sum(1 for _, ethnicity in people if is_ethnic_minority(ethnicity)),
    )


def composition_articles(level: str) -> str:
    """The articles that set the shares of a level's official list."""
    return "Điều 8" if str(level) == "dbqh" else "Điều 9"


def check_list_composition(composition: ListComposition, level: str = "dbqh") -> list[Violation]:
    """The shares of an official list of candidates.

    ĐBQH (Art. 8(2)-(3)): at least 35 % women and 18 % ethnic minorities.
    HĐND tỉnh and HĐND xã (Art. 9, as amended by Law 83/2025/QH15): at least
    35 % women; the share of ethnic minorities is left to each place.
    """
    national = str(level) == "dbqh"
    violations: list[Violation] = []
    if not composition.women_target_met:
        violations.append(
            Violation(
                "women_share_below_target",
                f"Tỷ lệ người ứng cử là phụ nữ {composition.women_share:.1%} thấp hơn mức "
                f"{WOMEN_SHARE_TARGET:.0%}.",
                "Điều 8 khoản 3" if national else "Điều 9",
                severity="warning",
            )
        )
    if national and not composition.minority_target_met:
        violations.append(
            Violation(
                "minority_share_below_target",
                f"Tỷ lệ người ứng cử là người dân tộc thiểu số {composition.minority_share:.1%} "
                f"thấp hơn mức {MINORITY_SHARE_TARGET:.0%}.",
                "Điều 8 khoản 2",
                severity="warning",
            )
        )
    return violations
