"""The windows of a list's life (§4 and §11 of the domain reference): changes
until 24 hours before voting opens (Art. 29(4), 30) and the strike-offs of
Art. 30(5) until it opens, complaints (Art. 33), certificates to vote
elsewhere (Art. 34) and a soldier's at home (Art. 31(2)), election-day
check-in (Art. 71). Every moment is compared in Vietnam's time zone (UTC+7,
no daylight saving); `now` must be timezone-aware.
"""

from __future__ import annotations

import datetime as dt

from election.clock import VIETNAM
from election.errors import Violation
from election.voters.tables import CertificateKind, Exclusion

LIST_CUTOFF_HOURS = 24
COMPLAINT_WINDOW_DAYS = 30
COMPLAINT_DECISION_DAYS = 5
# Art. 71(1): the team may open from 05:00 and must close by 21:00.
EARLIEST_OPENING = dt.time(5, 0)
LATEST_CLOSING = dt.time(21, 0)


def _local(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(VIETNAM)


def _moment(value: dt.datetime) -> str:
    return f"{value:%H:%M} ngày {value:%d/%m/%Y}"


def voting_opening(election_day: dt.date, voting_opens: dt.time) -> dt.datetime:
    return dt.datetime.combine(election_day, voting_opens, tzinfo=VIETNAM)


def list_change_cutoff(election_day: dt.date, voting_opens: dt.time) -> dt.datetime:
    """Art. 29(4), 30: 24 hours before voting opens, in Vietnam time."""
    return voting_opening(election_day, voting_opens) - dt.timedelta(hours=LIST_CUTOFF_HOURS)


def check_list_change_allowed(
    now: dt.datetime, election_day: dt.date, voting_opens: dt.time
) -> list[Violation]:
    """Art. 29(4), 30: additions, moves, strike-offs and restorations only until
    24 hours before voting opens; the cut-off moment itself is too late.
    `now` must be timezone-aware."""
    cutoff = list_change_cutoff(election_day, voting_opens)
    if _local(now) < cutoff:
        return []
    return [
        Violation(
            "list_cutoff_passed",
            "Đã hết thời hạn bổ sung, chuyển, xóa tên hoặc khôi phục tên trong danh sách "
            f"cử tri: chỉ được thực hiện trước {_moment(cutoff)} (24 giờ trước khi bắt đầu "
            "bỏ phiếu).",
            "Điều 29 khoản 4; Điều 30",
        )
    ]


# Art. 30(5): who loses the right to vote, starts a prison term or loses
# legal capacity by the time voting opens is struck off until it opens.
LATE_STRIKE_OFFS = frozenset(
    {Exclusion.COURT_DEPRIVED, Exclusion.IMPRISONED, Exclusion.LOST_CAPACITY}
)


def check_strike_off_allowed(
    now: dt.datetime,
    election_day: dt.date,
    voting_opens: dt.time,
    exclusion: Exclusion | str | None,
) -> list[Violation]:
    """A name is struck off until 24 hours before voting opens (Art. 30(3), (4)),
    except for the reasons of Art. 30(5): deprived of the right to vote by a
    court, a prison term to serve, lost legal capacity. Those strike-offs (and
    the voter card taken back) are made until voting opens."""
    reason = Exclusion(exclusion) if exclusion else None
    if reason not in LATE_STRIKE_OFFS:
        return check_list_change_allowed(now, election_day, voting_opens)
    opening = voting_opening(election_day, voting_opens)
    if _local(now) < opening:
        return []
    return [
        Violation(
            "strike_off_after_opening",
            "Đã bắt đầu bỏ phiếu: không còn xóa tên trong danh sách cử tri (chỉ xóa tên người "
            f"bị tước quyền bầu cử, phải chấp hành hình phạt tù hoặc mất năng lực hành vi dân "
            f"sự trước {_moment(opening)}).",
            "Điều 30 khoản 5",
        )
    ]


def check_soldier_certificate_issue(
    now: dt.datetime, election_day: dt.date, voting_opens: dt.time
) -> list[Violation]:
    """Art. 31(2): a soldier whose residence is near the unit may vote there with
    a certificate of the unit's commander; the soldier is then written on the
    list of that residence, a change of two lists: until 24 hours before
    voting opens (Art. 29(4), 30)."""
    cutoff = list_change_cutoff(election_day, voting_opens)
    if _local(now) < cutoff:
        return []
    return [
        Violation(
            "soldier_certificate_cutoff_passed",
            "Đã hết thời hạn ghi tên quân nhân vào danh sách cử tri ở nơi cư trú: chỉ thực hiện "
            f"trước {_moment(cutoff)} (24 giờ trước khi bắt đầu bỏ phiếu).",
            "Điều 31 khoản 2; Điều 30",
        )
    ]


def complaint_decision_due(received_on: dt.date) -> dt.date:
    """Art. 33: the body that made the list decides within 5 days of receipt."""
    return received_on + dt.timedelta(days=COMPLAINT_DECISION_DAYS)


def complaint_window_closes(posted_on: dt.date) -> dt.date:
    """Art. 33: complaints about the list within 30 days of its posting (the last day)."""
    return posted_on + dt.timedelta(days=COMPLAINT_WINDOW_DAYS)


def check_complaint_received(received_on: dt.date, posted_on: dt.date | None) -> list[Violation]:
    """Art. 33: a complaint arrives within 30 days of posting. Outside the window
    it is a warning: the complaint is still recorded in the register, and the
    body decides whether to consider it."""
    if posted_on is None or received_on < posted_on:
        return [
            Violation(
                "complaint_before_posting",
                "Danh sách cử tri chưa được niêm yết; thời hạn khiếu nại 30 ngày tính từ ngày "
                "niêm yết.",
                "Điều 33",
                "received_on",
                severity="warning",
            )
        ]
    closes = complaint_window_closes(posted_on)
    if received_on > closes:
        return [
            Violation(
                "complaint_after_window",
                "Khiếu nại về danh sách cử tri nhận sau thời hạn 30 ngày kể từ ngày niêm yết "
                f"({posted_on:%d/%m/%Y}); thời hạn đã kết thúc ngày {closes:%d/%m/%Y}.",
                "Điều 33",
                "received_on",
                severity="warning",
            )
        ]
    return []


def check_certificate_issue(
    now: dt.datetime, election_day: dt.date, voting_opens: dt.time, posted_on: dt.date | None
) -> list[Violation]:
    """Art. 34: a certificate to vote elsewhere is issued from the day the list is
    posted until voting opens on election day (VNeID took requests until 07:00
    on 15/3/2026). `now` must be timezone-aware."""
    local = _local(now)
    if posted_on is None:
        return [
            Violation(
                "certificate_list_not_posted",
                "Danh sách cử tri chưa được niêm yết: chưa thể cấp giấy chứng nhận để cử tri "
                "bỏ phiếu ở nơi khác.",
                "Điều 34",
            )
        ]
    if local.date() < posted_on:
        return [
            Violation(
                "certificate_before_posting",
                "Chỉ cấp giấy chứng nhận để cử tri bỏ phiếu ở nơi khác từ ngày niêm yết danh "
                f"sách cử tri ({posted_on:%d/%m/%Y}).",
                "Điều 34",
            )
        ]
    opening = voting_opening(election_day, voting_opens)
    if local >= opening:
        return [
            Violation(
                "certificate_after_opening",
                "Đã hết thời hạn cấp giấy chứng nhận để cử tri bỏ phiếu ở nơi khác: chỉ cấp "
                f"trước {_moment(opening)} (giờ bắt đầu bỏ phiếu).",
                "Điều 34",
            )
        ]
    return []


def check_check_in(
    now: dt.datetime,
    election_day: dt.date,
    voting_opens: dt.time,
    voting_closes: dt.time,
    early_voting_date: dt.date | None = None,
) -> list[Violation]:
    """Art. 71: a voter is marked "Đã bỏ phiếu" only while voting is open, on
    election day or on the approved early-voting date (both are accepted).

    The team may decide on the day to open earlier, from 05:00, or close
    later, by 21:00 (Art. 71(1)); so the legal bounds 05:00–21:00 inclusive
    are what is refused outside, and a check-in outside the announced
    `voting_opens`–`voting_closes` but within those bounds is only a
    warning, for the audit. `now` must be timezone-aware.
    """
    local = _local(now)
    days: set[dt.date] = {election_day} | ({early_voting_date} if early_voting_date else set())
    announced = f"{voting_opens:%H:%M}–{voting_closes:%H:%M}"
    day_text = ", ".join(f"{day:%d/%m/%Y}" for day in sorted(days))
    clock = local.time().replace(tzinfo=None)
    if local.date() not in days or not EARLIEST_OPENING <= clock <= LATEST_CLOSING:
        return [
            Violation(
                "check_in_outside_voting",
                "Chỉ ghi nhận cử tri «Đã bỏ phiếu» trong ngày bỏ phiếu "
                f"({day_text}), từ {EARLIEST_OPENING:%H:%M} đến {LATEST_CLOSING:%H:%M}; "
                f"thời điểm {_moment(local)} nằm ngoài thời gian đó.",
                "Điều 71",
                "voted_at",
            )
        ]
    if not voting_opens <= clock <= voting_closes:
        return [
            Violation(
                "check_in_outside_announced_hours",
                f"Thời điểm {_moment(local)} nằm ngoài giờ bỏ phiếu đã thông báo "
                f"({announced}); chỉ hợp lệ nếu Tổ bầu cử đã quyết định bắt đầu sớm hơn "
                "hoặc kết thúc muộn hơn.",
                "Điều 71",
                "voted_at",
                severity="warning",
            )
        ]
    return []


# Mẫu số 12/HĐBC numbers are told from those of Mẫu số 11/HĐBC by their letters.
_NUMBER_MARKS = {CertificateKind.ELSEWHERE: "", CertificateKind.SOLDIER: "QN"}


def certificate_number(
    commune_code: str, sequence: int, kind: CertificateKind | str = CertificateKind.ELSEWHERE
) -> str:
    """The certificate number: the commune code and a six-digit sequence of its
    kind, '31825-000012' for a certificate to vote elsewhere, '31825-QN000003'
    for a soldier's certificate."""
    code = str(commune_code).strip()
    if not code.isascii() or not code.isdigit():
        raise ValueError(f"commune_code must be digits, got {commune_code!r}")
    if sequence < 1:
        raise ValueError(f"sequence must be positive, got {sequence}")
    return f"{code}-{_NUMBER_MARKS[CertificateKind(kind)]}{sequence:06d}"
