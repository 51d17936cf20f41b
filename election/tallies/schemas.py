"""I/O models of tallying: the minutes an officer enters and what comes back."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from election.parsing import parse_optional_time
from election.schemas import Count, Date, Input, Output, Text, ViolationOut
from election.tallies import rules
from election.tallies.services import Submission


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


class SignatoriesIn(Input):
    """Who signed the paper minutes (Art. 76(1)): the team head, the secretary and
    two voters who witnessed the count."""

    head: Text = Field(default="", max_length=150)
    secretary: Text = Field(default="", max_length=150)
    witnesses: list[Text] = Field(default_factory=list, max_length=4)


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
    closing_time: ClockTime | None = Field(default=None, title="Giờ kết thúc kiểm phiếu")
    signatories: SignatoriesIn = Field(default_factory=SignatoriesIn, title="Người ký biên bản")
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
        )

    def submission(self) -> Submission:
        return Submission(
            figures=self.figures(),
            closing_time=self.closing_time,
            signatories=self.signatories.model_dump(),
            reason=self.reason,
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
    id: int
    version: int
    kind: str
    kind_label: str
    figures: dict[str, Any]
    closing_time: dt.time | None
    signatories: dict[str, Any]
    reason: str
    warnings: list[dict[str, Any]]
    entered_by: str
    entered_at: dt.datetime
    matches_entry: int | None


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
    kind: rules.RoundKind = Field(title="Loại bầu cử")
    voting_day: Date = Field(title="Ngày bỏ phiếu")
    decision: Text = Field(
        min_length=1, max_length=200, description="Số, ngày quyết định", title="Quyết định"
    )


class RoundOut(Output):
    id: int
    unit_id: int
    kind: rules.RoundKind
    kind_label: str
    voting_day: dt.date
    decision: str
    created_by: str
    created_at: dt.datetime


class ProgressOut(Output):
    sheets_total: int
    reported: int
    verified: int
    approved: int
    needs_review: int
    voters_on_list: int
    voters_took_part: int
    turnout: str
