"""What the public lookup tells a citizen after a match (§4 and §6 of the
domain reference): when voting runs (Art. 71(1)), what to bring and who may
ask for the mobile box (Art. 69), why they receive the ballots they do (Art.
29, 30, 34), and how to ask for a certificate to vote elsewhere (Art. 34,
Mẫu số 11/HĐBC). Pure: every moment is given, never read from a clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.clock import VIETNAM
from election.voters.rules.ballots import (
    NATIONAL_AND_PROVINCE,
    OUTSIDE_PROVINCE_POLICIES,
    BallotScope,
    ballot_scope,
)
from election.voters.rules.windows import EARLIEST_OPENING, LATEST_CLOSING, voting_opening
from election.voters.tables import ResidenceCategory


def _hour(value: dt.time) -> str:
    return f"{value:%H:%M}"


@dataclass(frozen=True)
class VotingHours:
    text: str
    note: str
    article: str


def voting_hours(
    election_day: dt.date,
    opens: dt.time,
    closes: dt.time,
    early_voting_date: dt.date | None = None,
) -> VotingHours:
    """Art. 71(1): voting runs from 07:00 to 19:00 of election day without a
    break; the polling team may start earlier, never before 05:00, or end
    later, never after 21:00. An area the NEC let vote early (Art. 72) votes
    on its own date."""
    day = early_voting_date or election_day
    text = f"Từ {_hour(opens)} đến {_hour(closes)} ngày {day:%d/%m/%Y}"
    if early_voting_date is not None and early_voting_date != election_day:
        text += f" (bỏ phiếu sớm; ngày bầu cử chung là {election_day:%d/%m/%Y})"
    note = (
        "Tùy tình hình địa phương, Tổ bầu cử có thể cho bắt đầu bỏ phiếu sớm hơn nhưng "
        f"không trước {_hour(EARLIEST_OPENING)}, hoặc kết thúc muộn hơn nhưng không sau "
        f"{_hour(LATEST_CLOSING)}; Tổ bầu cử sẽ thông báo trước tại khu vực bỏ phiếu."
    )
    return VotingHours(text=text, note=note, article="Điều 71 khoản 1")


# Art. 69: in person with the voter card, no proxy but the two helps the law
# allows (writing the ballot, casting it), and the mobile box of 69(4).
ON_THE_DAY = (
    "Mang theo thẻ cử tri và tự mình đi bầu, không nhờ người khác bầu thay; ai không tự viết "
    "được phiếu bầu thì nhờ người khác viết hộ rồi tự bỏ vào hòm phiếu, ai vì khuyết tật không "
    "tự bỏ phiếu được thì nhờ người khác bỏ vào hòm phiếu (Điều 69).",
    "Cử tri ốm đau, già yếu, khuyết tật không thể đến phòng bỏ phiếu báo Tổ bầu cử để "
    "được mang hòm phiếu phụ và phiếu bầu đến chỗ ở (Điều 69 khoản 4).",
)


# Why a category receives the ballots it does, with the article that says so.
_REASONS = {
    ResidenceCategory.PERMANENT: "Cử tri có tên ở nơi thường trú (Điều 29 khoản 2)",
    ResidenceCategory.TEMPORARY_LONG: (
        "Cử tri tạm trú từ 12 tháng trở lên có tên ở nơi tạm trú (Điều 29 khoản 2)"
    ),
    ResidenceCategory.TEMPORARY_SHORT: "Cử tri tạm trú dưới 12 tháng (Điều 29 khoản 3)",
    ResidenceCategory.ARMED_FORCES: (
        "Quân nhân có tên trong danh sách cử tri của đơn vị vũ trang (Điều 29 khoản 3)"
    ),
    ResidenceCategory.DETENTION: (
        "Cử tri đang bị tạm giam, tạm giữ hoặc ở cơ sở giáo dục, cai nghiện bắt buộc "
        "(Điều 29 khoản 5)"
    ),
    ResidenceCategory.RETURNED_PERMANENT: (
        "Công dân từ nước ngoài về, có tên ở nơi thường trú (Điều 29 khoản 4)"
    ),
    ResidenceCategory.RETURNED_TEMPORARY: (
        "Công dân từ nước ngoài về, có tên ở nơi tạm trú (Điều 29 khoản 4)"
    ),
    ResidenceCategory.CERTIFICATE: (
        "Cử tri có giấy chứng nhận bỏ phiếu ở nơi khác, có tên ở nơi bỏ phiếu mới (Điều 34)"
    ),
    ResidenceCategory.CURRENT_RESIDENCE: (
        "Cử tri có tên ở nơi ở hiện tại, chưa đăng ký thường trú, tạm trú (Mẫu số 31/HĐBC)"
    ),
}
_MOVED = "Theo danh sách cử tri nơi bạn có tên, sau khi chuyển nơi cư trú (Điều 30 khoản 3)"

BALLOT_NAMES = {
    "ĐBQH": "Đại biểu Quốc hội",
    "HĐND tỉnh": "Đại biểu Hội đồng nhân dân tỉnh, thành phố",
    "HĐND xã": "Đại biểu Hội đồng nhân dân xã, phường, đặc khu",
}


@dataclass(frozen=True)
class BallotsExplained:
    received: list[str]
    not_received: list[str]
    reason: str


def explain_ballots(category: ResidenceCategory | str, given: BallotScope) -> BallotsExplained:
    """The ballots the list gives the voter (its flags decide), in contest
    order, the ones it does not, and why: the category's rule (Art. 29, 34),
    or a move after the list was posted (Art. 30(3)) when the flags say less
    than the category would."""
    category = ResidenceCategory(category)
    rule = ballot_scope(category)
    reason = _REASONS[category]
    if category is not ResidenceCategory.CERTIFICATE and given != rule:
        reason = _MOVED
    every = ["ĐBQH", "HĐND tỉnh", "HĐND xã"]
    received = given.labels
    return BallotsExplained(
        received=[BALLOT_NAMES[b] for b in received],
        not_received=[BALLOT_NAMES[b] for b in every if b not in received],
        reason=reason,
    )


@dataclass(frozen=True)
class CertificateAdvice:
    open: bool
    where: str
    until: str
    text: str
    ballots: str
    article: str


def certificate_advice(
    now: dt.datetime,
    *,
    commune: str,
    province: str,
    election_day: dt.date,
    voting_opens: dt.time,
    posted_on: dt.date | None,
    outside_province_policy: str = "dbqh",
) -> CertificateAdvice:
    """Art. 34, Mẫu số 11/HĐBC: a voter who cannot vote where they are listed
    asks the commune UBND of that list for a certificate, from the posting of
    the list until voting opens (the window `check_certificate_issue`
    enforces); with it they are added to the list where they will vote and
    receive the ĐBQH and HĐND tỉnh ballots there in the same province, outside
    it what the election's policy gives (§4: the law is silent), never the
    HĐND xã one. `now` must be timezone-aware."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    outside = OUTSIDE_PROVINCE_POLICIES[outside_province_policy]
    opening = voting_opening(election_day, voting_opens)
    until = f"trước {_hour(voting_opens)} ngày {election_day:%d/%m/%Y}"
    where = f"Ủy ban nhân dân {commune}, {province}"
    from_posting = f" (từ ngày {posted_on:%d/%m/%Y})" if posted_on is not None else ""
    is_open = now.astimezone(VIETNAM) < opening
    if is_open:
        text = (
            f"Nếu không thể bỏ phiếu ở nơi có tên trong danh sách cử tri, bạn đến {where} "
            "(nơi bạn có tên trong danh sách cử tri), mang theo thẻ cử tri và căn cước, đề nghị "
            "cấp Giấy chứng nhận để cử tri tham gia bỏ phiếu ở nơi khác (Mẫu số 11/HĐBC), hoặc "
            f"đề nghị trên ứng dụng VNeID. Nhận đề nghị sau khi niêm yết danh sách cử tri"
            f"{from_posting} đến {until}."
        )
    else:
        text = (
            "Đã hết thời hạn đề nghị cấp Giấy chứng nhận để cử tri tham gia bỏ phiếu ở nơi "
            f"khác: chỉ cấp {until} (giờ bắt đầu bỏ phiếu)."
        )
    return CertificateAdvice(
        open=is_open,
        where=where,
        until=until,
        text=text,
        ballots=(
            "Với giấy chứng nhận, bạn được ghi tên vào danh sách cử tri nơi bỏ phiếu mới và "
            f"nhận phiếu bầu {' và '.join(NATIONAL_AND_PROVINCE.labels)} nếu nơi đó cùng tỉnh, "
            f"phiếu bầu {' và '.join(outside.labels)} nếu ở tỉnh khác; không nhận phiếu "
            "bầu HĐND xã."
        ),
        article="Điều 34",
    )
