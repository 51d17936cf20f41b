"""Pure rules of polling areas (Art. 11)."""

from __future__ import annotations

import datetime as dt

from election.errors import Violation
from election.stations.tables import PollingAreaKind
from forms import formatting

MIN_VOTERS = 300
MAX_VOTERS = 4000
MIN_VOTERS_CARE = 50
# Art. 25(1): teams are formed 43 days before election day, and the areas
# must be fixed before that (Art. 11(4)).
AREAS_FIXED_BEFORE_DAYS = 43


def check_polling_area_size(
    kind: PollingAreaKind, voters: int, *, counted: bool = False
) -> list[Violation]:
    """Art. 11(2)-(3): 300–4,000 voters; fewer only in mountain areas, on
    islands and where people live far apart (Law 83/2025/QH15 removed "vùng
    cao" from that list); a hospital or care-home area needs at least 50
    voters.

    These are warnings: the count is planned until the voter list exists.
    """
    basis = "danh sách cử tri" if counted else "số cử tri dự kiến"
    kind = PollingAreaKind(kind)
    if voters <= 0:
        return []
    if voters > MAX_VOTERS:
        return [
            Violation(
                "polling_area_too_large",
                f"Khu vực bỏ phiếu có {formatting.vn_number(voters)} cử tri ({basis}), "
                f"vượt quá {formatting.vn_number(MAX_VOTERS)}.",
                "Điều 11 khoản 2",
                "planned_voters",
                severity="warning",
            )
        ]
    if kind == PollingAreaKind.HOSPITAL_CARE:
        if voters < MIN_VOTERS_CARE:
            return [
                Violation(
                    "care_area_too_small",
                    f"Khu vực bỏ phiếu riêng ở bệnh viện, cơ sở chăm sóc cần từ {MIN_VOTERS_CARE} "
                    f"cử tri trở lên; hiện có {voters} ({basis}).",
                    "Điều 11 khoản 3",
                    "planned_voters",
                    severity="warning",
                )
            ]
        return []
    if kind in (PollingAreaKind.REMOTE, PollingAreaKind.ARMED_FORCES, PollingAreaKind.DETENTION):
        # Remote areas may be smaller (Art. 11(2)); separate areas of (a) and (c)
        # take whoever is there (Art. 11(3)).
        return []
    if voters < MIN_VOTERS:
        return [
            Violation(
                "polling_area_too_small",
                f"Khu vực bỏ phiếu có {voters} cử tri ({basis}), ít hơn {MIN_VOTERS}; chỉ miền núi, "
                "hải đảo, nơi dân cư không tập trung mới được ít hơn.",
                "Điều 11 khoản 2",
                "planned_voters",
                severity="warning",
            )
        ]
    return []


def check_polling_area_decided(
    decided_on: dt.date | None, election_day: dt.date
) -> list[Violation]:
    """Art. 11(4): areas are fixed before the election teams are formed (D−43)."""
    deadline = election_day - dt.timedelta(days=AREAS_FIXED_BEFORE_DAYS)
    if decided_on is not None and decided_on >= deadline:
        return [
            Violation(
                "polling_area_decided_late",
                f"Khu vực bỏ phiếu phải được ấn định trước khi thành lập Tổ bầu cử "
                f"(trước {deadline:%d/%m/%Y}).",
                "Điều 11 khoản 4",
                "decided_on",
                severity="warning",
            )
        ]
    return []


def check_early_voting(early_voting_date: dt.date | None, election_day: dt.date) -> list[Violation]:
    """Art. 72: early voting happens before election day, with NEC approval."""
    if early_voting_date is not None and early_voting_date >= election_day:
        return [
            Violation(
                "early_voting_not_early",
                "Ngày bỏ phiếu sớm phải trước ngày bầu cử.",
                "Điều 72",
                "early_voting_date",
            )
        ]
    return []
