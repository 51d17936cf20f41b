"""I/O models of tallying: the minutes an officer enters and what comes back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, field_validator

from election.schemas import Input, Output, Text, ViolationOut
from election.tallies import rules

Count = Field(ge=0, le=10_000_000)


class CandidateVotesIn(Input):
    candidate_id: int = Field(ge=1)
    votes: int = Count


class SignatoriesIn(Input):
    """Who signed the paper minutes (Art. 76(1)): the team head, the secretary and
    two voters who witnessed the count."""

    head: Text = Field(default="", max_length=150)
    secretary: Text = Field(default="", max_length=150)
    witnesses: list[Text] = Field(default_factory=list, max_length=4)


class SheetIn(Input):
    """The figures of one biên bản kết quả kiểm phiếu (Art. 76)."""

    voters_on_list: int = Count
    voters_took_part: int = Count
    ballots_issued: int = Count
    ballots_received: int = Count
    valid: int = Count
    invalid: int = Count
    votes: list[CandidateVotesIn] = Field(max_length=100)
    complaints_received: int = Count
    complaints_settled: int = Count
    complaints_forwarded: int = Count
    unused_ballots: int | None = Field(default=None, ge=0, le=10_000_000)
    ballots_delivered: int | None = Field(default=None, ge=0, le=10_000_000)
    closing_time: dt.time | None = None
    signatories: SignatoriesIn = Field(default_factory=SignatoriesIn)
    reason: Text = Field(default="", max_length=500)

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
    comment: Text = Field(default="", max_length=500)


class AttachmentOut(Output):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime


class RoundIn(Input):
    kind: rules.RoundKind
    voting_day: dt.date
    decision: Text = Field(min_length=1, max_length=200, description="Số, ngày quyết định")


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
