"""Integrity after the fact: what a counted sheet or a result means (a unit,
its official candidate list) does not change once it counts.

- Once a unit's sheets hold figures (Art. 73, 76: the tally minutes count
  votes for the names on the list), its list, its candidates and the unit
  itself are refused, whatever the clock says: a new name would stand on
  minutes that never counted it.
- From the opening of voting on election day (the election's clock,
  `training_clock.now_for`), an official list is fixed: no reopening (Art.
  57, 60: names are struck only before voting starts), and a unit whose list
  is fixed keeps its seats and communes.
- Before then, reopening a fixed list needs the decision of the competent
  body (the NEC for the ĐBQH, the Ủy ban bầu cử for the HĐND: number, date,
  reason, Art. 57(6), 58(3), 60), recorded with the new version of the list
  in the audit log.
- From the opening of voting, the preparations of every polling area end:
  creating, changing or deleting an area and finalizing or posting its voter
  list are refused (`require_before_voting`), counted or not.

`check_change` is the pure rule, table-tested; `require_change_allowed`
asks the clock and the database and raises its violations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from election.clock import VIETNAM
from election.elections import training_clock
from election.elections.queries import units as queries
from election.elections.rules import check_before_voting
from election.elections.services import get_election
from election.errors import RuleViolation, Violation


class Change(StrEnum):
    """What a change does to a unit, and the words that name it."""

    REOPEN_LIST = "reopen_list"
    SAVE_CANDIDATE = "save_candidate"
    DELETE_CANDIDATE = "delete_candidate"
    STRIKE_CANDIDATE = "strike_candidate"
    SAVE_UNIT = "save_unit"
    DELETE_UNIT = "delete_unit"
    SAVE_AREA = "save_polling_area"
    DELETE_AREA = "delete_polling_area"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Change.REOPEN_LIST: "mở lại danh sách người ứng cử",
    Change.SAVE_CANDIDATE: "thêm hoặc sửa người ứng cử",
    Change.DELETE_CANDIDATE: "xóa người ứng cử",
    Change.STRIKE_CANDIDATE: "xóa tên người ứng cử",
    Change.SAVE_UNIT: "sửa đơn vị bầu cử",
    Change.DELETE_UNIT: "xóa đơn vị bầu cử",
    Change.SAVE_AREA: "sửa khu vực bỏ phiếu",
    Change.DELETE_AREA: "xóa khu vực bỏ phiếu",
}


@dataclass(frozen=True)
class Decision:
    """The decision of the competent body that allows a change: its number,
    its date and why."""

    number: str = ""
    date: dt.date | None = None
    reason: str = ""

    @property
    def complete(self) -> bool:
        return bool(self.number.strip() and self.date and self.reason.strip())

    def public(self) -> dict[str, object]:
        return {"number": self.number, "date": self.date, "reason": self.reason}


def check_change(
    change: Change,
    *,
    moment: dt.datetime,
    voting_opens: dt.datetime,
    counting_begun: bool,
    list_finalized: bool,
    decision: Decision | None = None,
) -> list[Violation]:
    """Whether a change to a unit may be made now (the rules of the module's
    docstring); the violations that refuse it, each citing its article."""
    if counting_begun:
        return [
            Violation(
                "counted_unit_fixed",
                f"Đơn vị bầu cử đã có biên bản kiểm phiếu: không được {change.label}.",
                "Điều 73, 76",
            )
        ]
    voting_started = moment >= voting_opens
    if voting_started and (list_finalized or change == Change.REOPEN_LIST):
        return [
            Violation(
                "list_fixed_on_election_day",
                f"Đã bắt đầu bỏ phiếu: danh sách chính thức không còn thay đổi, "
                f"không được {change.label}.",
                "Điều 57, 60",
            )
        ]
    if change == Change.REOPEN_LIST and not (decision and decision.complete):
        return [
            Violation(
                "decision_required",
                "Cần ghi số, ngày và lý do quyết định của cơ quan có thẩm quyền "
                "(Hội đồng bầu cử quốc gia hoặc Ủy ban bầu cử) cho phép mở lại danh sách.",
                "Điều 57, 58, 60",
                "decision_number",
            )
        ]
    return []


async def require_change_allowed(
    change: Change,
    *,
    unit_id: int,
    election_id: int,
    list_finalized: bool,
    decision: Decision | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Raise the violations of `check_change` for the unit at the election's moment."""
    election = await get_election(election_id=election_id)
    violations = check_change(
        change,
        moment=await training_clock.now_for(election_id, now),
        voting_opens=dt.datetime.combine(
            election.election_day, election.voting_opens, tzinfo=VIETNAM
        ),
        counting_begun=bool(await queries.unit_counting_begun(unit_id=unit_id)),
        list_finalized=list_finalized,
        decision=decision,
    )
    if violations:
        raise RuleViolation(violations, detail=violations[0].message)


async def require_area_unchanged(change: Change, *, polling_area_id: int) -> None:
    """A polling area whose sheets hold figures keeps its units and its
    fields: its minutes were counted for them (Art. 73, 76)."""
    if await queries.area_counting_begun(polling_area_id=polling_area_id):
        violation = Violation(
            "counted_area_fixed",
            f"Khu vực bỏ phiếu đã có biên bản kiểm phiếu: không được {change.label}.",
            "Điều 73, 76",
        )
        raise RuleViolation(violation)


async def require_before_voting(
    what: str, *, election_id: int, article: str, now: dt.datetime | None = None
) -> None:
    """Refuse a preparation (`what`, in words) once the election's voting has
    opened, at the election's moment (its training clock, or `now`)."""
    election = await get_election(election_id=election_id)
    violations = check_before_voting(
        what,
        moment=await training_clock.now_for(election_id, now),
        election_day=election.election_day,
        voting_opens=election.voting_opens,
        article=article,
    )
    if violations:
        raise RuleViolation(violations, detail=violations[0].message)
