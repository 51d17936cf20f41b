"""When a unit may vote again: bầu cử thêm (Art. 79), bầu cử lại for low
turnout (Art. 80), and the re-run the National Election Council orders after
annulling the result of polling areas or of a whole unit for serious
violations of the law (Art. 81). No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from election.errors import Violation
from election.tallies.tables import RoundKind

ROUND_NOT_NEEDED = "round_not_needed"
ROUND_DATE = "round_date"
DECISION_DATE = "round_decision_date"
DECISION_NUMBER = "round_decision_number"
ANNULMENT_REASON = "annulment_reason"
ANNULMENT_AREAS = "annulment_areas"

# Every follow-up round is held at the latest 7 days after the first election
# day (Art. 79(2), 80(2), 81(2), as amended by Law 83/2025/QH15).
FOLLOW_UP_DAYS = 7

ARTICLE = {
    RoundKind.SUPPLEMENTARY: "Điều 79",
    RoundKind.RERUN: "Điều 80",
    RoundKind.ANNULMENT: "Điều 81",
}


@dataclass(frozen=True)
class RoundRequest:
    """A decision to vote again in one unit.

    `polling_areas` are the areas whose result an annulment (Art. 81) struck
    out; empty, the whole unit's. The other kinds take the whole unit."""

    kind: RoundKind
    voting_day: dt.date
    decision: str  # the decision's number ("15/NQ-HĐBCQG")
    decision_date: dt.date | None = None
    reason: str = ""
    polling_areas: Sequence[int] = ()


@dataclass(frozen=True)
class RoundStanding:
    """What the result that stands calls for (Art. 79, 80)."""

    needs_supplementary: bool
    needs_rerun: bool


def check_round(
    request: RoundRequest,
    *,
    election_day: dt.date,
    standing: RoundStanding,
    unit_areas: Collection[int],
) -> list[Violation]:
    """The rules a new round must meet, as violations (empty: it may open).

    * Bầu cử thêm only where the result leaves seats the law fills again
      (Art. 79), bầu cử lại only where turnout did not pass half (Art. 80).
    * An annulment (Art. 81) needs no such ground: the National Election
      Council decides it for serious violations of the law, which the
      decision states (`reason`), with its number and date; it strikes out
      the result of some of the unit's polling areas, or of the whole unit.
    * The vote is held after the first election day and at the latest
      FOLLOW_UP_DAYS after it; the decision comes after election day and
      before the vote.
    """
    kind = RoundKind(request.kind)
    article = ARTICLE.get(kind)
    if article is None:
        raise ValueError(f"{kind} is not a follow-up round")
    violations: list[Violation] = []
    if kind is RoundKind.SUPPLEMENTARY and not standing.needs_supplementary:
        violations.append(_not_needed(kind, article))
    if kind is RoundKind.RERUN and not standing.needs_rerun:
        violations.append(_not_needed(kind, article))
    if not election_day < request.voting_day <= election_day + dt.timedelta(FOLLOW_UP_DAYS):
        violations.append(
            Violation(
                ROUND_DATE,
                f"{kind.label} được tổ chức sau ngày bầu cử đầu tiên, chậm nhất "
                f"{FOLLOW_UP_DAYS:02d} ngày sau ngày bầu cử ({election_day:%d/%m/%Y}).",
                article,
                "voting_day",
            )
        )
    if kind is RoundKind.ANNULMENT:
        violations += _annulment(request, election_day=election_day, unit_areas=unit_areas)
    elif request.polling_areas:
        violations.append(
            Violation(
                ANNULMENT_AREAS,
                f"{kind.label} được tổ chức trong cả đơn vị bầu cử; chỉ việc hủy bỏ kết quả "
                "bầu cử (Điều 81) mới áp dụng cho từng khu vực bỏ phiếu.",
                article,
                "polling_area_ids",
            )
        )
    return violations


def _not_needed(kind: RoundKind, article: str) -> Violation:
    return Violation(
        ROUND_NOT_NEEDED,
        f"Kết quả bầu cử của đơn vị không thuộc trường hợp {kind.label.lower()}.",
        article,
        "kind",
    )


def _annulment(
    request: RoundRequest, *, election_day: dt.date, unit_areas: Collection[int]
) -> list[Violation]:
    """Art. 81: the decision's number, date and reason, and the areas it names."""
    article = ARTICLE[RoundKind.ANNULMENT]
    violations: list[Violation] = []
    if not request.decision.strip():
        violations.append(
            Violation(
                DECISION_NUMBER,
                "Cần ghi số quyết định hủy bỏ kết quả bầu cử của Hội đồng bầu cử quốc gia.",
                article,
                "decision",
            )
        )
    day = request.decision_date
    if day is None or not election_day <= day <= request.voting_day:
        violations.append(
            Violation(
                DECISION_DATE,
                "Cần ghi ngày của quyết định hủy bỏ kết quả bầu cử: từ ngày bầu cử "
                f"({election_day:%d/%m/%Y}) đến trước ngày bầu cử lại.",
                article,
                "decision_date",
            )
        )
    if not request.reason.strip():
        violations.append(
            Violation(
                ANNULMENT_REASON,
                "Cần ghi lý do hủy bỏ kết quả bầu cử (vi phạm pháp luật nghiêm trọng).",
                article,
                "reason",
            )
        )
    areas = list(request.polling_areas)
    strangers = sorted(set(areas) - set(unit_areas))
    if strangers or len(set(areas)) != len(areas):
        violations.append(
            Violation(
                ANNULMENT_AREAS,
                "Các khu vực bỏ phiếu bị hủy bỏ kết quả phải thuộc đơn vị bầu cử này, mỗi khu "
                "vực ghi một lần.",
                article,
                "polling_area_ids",
            )
        )
    return violations
