"""I/O models of tallying: the minutes an officer enters and what comes back."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from election.parsing import parse_optional_time
from election.schemas import Count, Date, Input, Output, Text, ViolationOut
from election.tallies import rules
from election.tallies.services import BoardAccount, Submission


def _clock_time(value: Any) -> Any:
    """A time as written on the minutes (19:30, 19h30, 19 giờ 30)."""
    if isinstance(value, str) and value.strip():
        try:
            return parse_optional_time(value)
        except ValueError:
            return value  # the schema's own message follows
    return value


ClockTime = Annotated[dt.time, BeforeValidator(_clock_time)]


class CandidateVotesIn(Input):
    candidate_id: int = Field(ge=1)
    votes: Count = Field(title="Số phiếu bầu")


def _named(value: Any) -> Any:
    """A witness given by name alone ("Lý Thanh Tâm"), as clients sent it before
    the minutes recorded where witnesses live."""
    return {"name": value} if isinstance(value, str) else value


class WitnessIn(Input):
    """A voter who is not a candidate, invited to witness (Art. 73; Mẫu số 18/23:
    "Ông/Bà … Nơi ở hiện nay: …")."""

    name: Text = Field(default="", max_length=150, title="Họ và tên cử tri chứng kiến")
    residence: Text = Field(default="", max_length=300, title="Nơi ở hiện nay")


Witness = Annotated[WitnessIn, BeforeValidator(_named)]


class SignatoriesIn(Input):
    """The people of the paper minutes (Mẫu số 18/23, Art. 73, 76(3)): the team
    members present (the head, the secretary and the members), the two voters
    who witnessed the check of the ballot box before voting, and the two who
    witnessed the count. The head, the secretary and the count's witnesses sign."""

    head: Text = Field(default="", max_length=150, title="Tổ trưởng")
    secretary: Text = Field(default="", max_length=150, title="Thư ký")
    members: list[Text] = Field(default_factory=list, max_length=19, title="Ủy viên")
    box_witnesses: list[Witness] = Field(
        default_factory=list, max_length=2, title="Cử tri chứng kiến việc kiểm tra hòm phiếu"
    )
    witnesses: list[Witness] = Field(
        default_factory=list, max_length=4, title="Cử tri chứng kiến việc kiểm phiếu"
    )


class SheetIn(Input):
    """The figures of one biên bản kết quả kiểm phiếu (Art. 76)."""

    voters_on_list: Count = Field(title=rules.FIELD_LABELS["voters_on_list"])
    voters_took_part: Count = Field(title=rules.FIELD_LABELS["voters_took_part"])
    ballots_issued: Count = Field(title=rules.FIELD_LABELS["ballots_issued"])
    ballots_received: Count = Field(title=rules.FIELD_LABELS["ballots_received"])
    valid: Count = Field(title=rules.FIELD_LABELS["valid"])
    invalid: Count = Field(title=rules.FIELD_LABELS["invalid"])
    votes: list[CandidateVotesIn] = Field(max_length=100, title="Số phiếu bầu")
    complaints_received: Count = Field(title=rules.FIELD_LABELS["complaints_received"])
    complaints_settled: Count = Field(title=rules.FIELD_LABELS["complaints_settled"])
    complaints_forwarded: Count = Field(title=rules.FIELD_LABELS["complaints_forwarded"])
    unused_ballots: Count | None = Field(default=None, title=rules.FIELD_LABELS["unused_ballots"])
    ballots_delivered: Count | None = Field(
        default=None, title=rules.FIELD_LABELS["ballots_delivered"]
    )
    spoiled_ballots: Count | None = Field(default=None, title=rules.FIELD_LABELS["spoiled_ballots"])
    voting_opened: ClockTime | None = Field(default=None, title="Giờ bắt đầu bỏ phiếu")
    voting_closed: ClockTime | None = Field(default=None, title="Giờ kết thúc bỏ phiếu")
    closing_time: ClockTime | None = Field(default=None, title="Giờ kết thúc kiểm phiếu")
    signatories: SignatoriesIn = Field(default_factory=SignatoriesIn, title="Người ký biên bản")
    incidents: Text = Field(
        default="",
        max_length=4000,
        title="Sự việc xảy ra, khiếu nại, tố cáo và cách giải quyết của Tổ bầu cử",
    )
    recommendations: Text = Field(
        default="",
        max_length=4000,
        title="Vấn đề, khiếu nại, tố cáo Tổ bầu cử chưa giải quyết được và kiến nghị",
    )
    reason: Text = Field(default="", max_length=500, title="Lý do")

    @field_validator("votes")
    @classmethod
    def _one_line_per_candidate(cls, value: list[CandidateVotesIn]) -> list[CandidateVotesIn]:
        seen = [line.candidate_id for line in value]
        if len(seen) != len(set(seen)):
            raise ValueError("Mỗi người ứng cử chỉ có một dòng số phiếu bầu.")
        return value

    def figures(self) -> rules.SheetFigures:
        return rules.SheetFigures(
            voters_on_list=self.voters_on_list,
            voters_took_part=self.voters_took_part,
            ballots_issued=self.ballots_issued,
            ballots_received=self.ballots_received,
            valid=self.valid,
            invalid=self.invalid,
            votes={line.candidate_id: line.votes for line in self.votes},
            complaints_received=self.complaints_received,
            complaints_settled=self.complaints_settled,
            complaints_forwarded=self.complaints_forwarded,
            unused_ballots=self.unused_ballots,
            ballots_delivered=self.ballots_delivered,
            spoiled_ballots=self.spoiled_ballots,
        )

    def submission(self) -> Submission:
        return Submission(
            figures=self.figures(),
            closing_time=self.closing_time,
            signatories=self.signatories.model_dump(),
            reason=self.reason,
            voting_opened=self.voting_opened,
            voting_closed=self.voting_closed,
            incidents=self.incidents,
            recommendations=self.recommendations,
        )


class SubmitOut(Output):
    sheet_id: int
    entry_id: int
    state: str
    mismatches: list[str]
    warnings: list[ViolationOut]


class CandidateOut(Output):
    id: int
    full_name: str
    date_of_birth: dt.date
    sex: str


class SheetOut(Output):
    id: int
    state: str
    state_label: str
    # What the state means to the people working on the sheet (rules.status).
    status_label: str
    next_step: str
    polling_area_id: int
    polling_area_number: int
    polling_area_name: str
    commune_code: str
    commune_name: str
    contest_id: int
    contest_name: str
    level: str
    level_label: str
    unit_id: int
    unit_name: str
    seats: int
    round_id: int | None
    round_kind: str
    needs_review: bool
    review_comment: str
    submitted_entry: int | None
    verified_entry: int | None
    approved_entry: int | None
    voters_on_list_from_list: int
    candidates: list[CandidateOut]


class EntryOut(Output):
    """One typing of the minutes. While the blind double entry keeps another
    person's typing from the reader, `hidden` is true and only who typed which
    version and when is given: `figures` is null, the rest empty."""

    id: int
    version: int
    kind: str
    kind_label: str
    hidden: bool = False
    figures: dict[str, Any] | None
    voting_opened: dt.time | None
    voting_closed: dt.time | None
    closing_time: dt.time | None
    signatories: dict[str, Any]
    incidents: str
    recommendations: str
    reason: str
    warnings: list[dict[str, Any]]
    entered_by: str
    entered_at: dt.datetime
    matches_entry: int | None


class FinalizeIn(Input):
    """The board's account in its minutes of the unit's result (Mẫu số 19/24,
    d, e, g, and the attached documents); empty fields print "Không có"."""

    events: Text = Field(default="", max_length=4000, title="Tóm tắt những việc xảy ra")
    complaints_settled: Text = Field(
        default="",
        max_length=4000,
        title="Khiếu nại, tố cáo do Ban bầu cử đã giải quyết, cách giải quyết",
    )
    complaints_forwarded: Text = Field(
        default="", max_length=4000, title="Khiếu nại, tố cáo chuyển đến Ủy ban bầu cử"
    )
    attachments: list[Text] = Field(
        default_factory=list, max_length=20, title="Các tài liệu kèm theo"
    )

    def account(self) -> BoardAccount:
        return BoardAccount(
            events=self.events,
            complaints_settled=self.complaints_settled,
            complaints_forwarded=self.complaints_forwarded,
            attachments=tuple(a for a in self.attachments if a),
        )


class ApproveIn(Input):
    comment: Text = Field(default="", max_length=500, title="Ý kiến của Ban bầu cử")


class AttachmentOut(Output):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime


class RoundIn(Input):
    """A decision to vote again in a unit (Art. 79–81), recorded with its
    number, date and reason; an annulment (Art. 81) names the polling areas
    whose result it strikes out, or none for the whole unit."""

    kind: rules.RoundKind = Field(title="Loại bầu cử")
    voting_day: Date = Field(title="Ngày bỏ phiếu")
    decision: Text = Field(
        min_length=1, max_length=200, description="Số quyết định", title="Số quyết định"
    )
    decision_date: Date | None = Field(default=None, title="Ngày quyết định")
    reason: Text = Field(default="", max_length=2000, title="Lý do")
    polling_area_ids: list[int] = Field(
        default_factory=list, max_length=500, title="Khu vực bỏ phiếu bị hủy bỏ kết quả"
    )


class RoundOut(Output):
    id: int
    unit_id: int
    kind: rules.RoundKind
    kind_label: str
    voting_day: dt.date
    decision: str
    decision_date: dt.date | None
    reason: str
    polling_areas: list[int] | None
    created_by: str
    created_at: dt.datetime


class ProgressOut(Output):
    sheets_total: int
    reported: int
    verified: int
    approved: int
    needs_review: int
    # Null, with figures_withheld, for a typist the blind double entry keeps
    # them from: they count a typing of a sheet the reader has still to type.
    voters_on_list: int | None
    voters_took_part: int | None
    turnout: str | None
    figures_withheld: bool = False
