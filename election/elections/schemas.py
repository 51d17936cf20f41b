from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.elections.rules import MilestoneState
from election.elections.tables import ContestLevel, ElectionKind, RemovalReason, Sex
from election.schemas import Input, Output, Text, ViolationOut


class ElectionCreate(Input):
    name: Text = Field(min_length=1, max_length=300)
    election_day: dt.date
    kind: ElectionKind = ElectionKind.GENERAL
    term: str = Field(default="", max_length=20)
    assembly_term: str = Field(default="", max_length=10, pattern=r"^[IVXLCivxlc]*$")
    voting_opens: dt.time = dt.time(7, 0)
    voting_closes: dt.time = dt.time(19, 0)


class ContestCreate(Input):
    level: ContestLevel
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$")
    commune_code: str | None = Field(default=None, pattern=r"^\d{5}$")


class ElectionOut(Output):
    id: int
    name: str
    kind: ElectionKind
    election_day: dt.date
    voting_opens: dt.time
    voting_closes: dt.time
    term: str
    assembly_term: str


class ContestOut(Output):
    id: int
    election_id: int
    level: ContestLevel
    name: str
    province_code: str | None
    commune_code: str | None


class MilestoneOut(Output):
    code: str
    title: str
    legal_basis: str
    responsible: str
    due_date: dt.date
    due_at: dt.datetime | None
    state: MilestoneState
    days_left: int


class CalendarOut(Output):
    election: ElectionOut
    milestones: list[MilestoneOut]


class UnitIn(Input):
    number: int = Field(ge=1, le=999)
    name: Text = Field(default="", max_length=200)
    seats: int = Field(ge=1, le=5)
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$")
    commune_codes: list[str] = Field(default_factory=list, max_length=500)
    description: Text = Field(default="", max_length=2000)
    announced_on: dt.date | None = None


class UnitOut(Output):
    id: int
    contest_id: int
    level: ContestLevel
    province_code: str
    commune_code: str | None
    number: int
    name: str
    seats: int
    description: str
    announced_on: dt.date | None
    list_finalized_at: dt.datetime | None
    shortfall_decision: str
    commune_codes: list[str]
    candidate_count: int
    polling_area_count: int


class UnitSaved(Output):
    unit: UnitOut
    warnings: list[ViolationOut]


class CandidateIn(Input):
    full_name: Text = Field(min_length=1, max_length=150)
    other_name: Text = Field(default="", max_length=150)
    date_of_birth: dt.date
    sex: Sex
    personal_id: str | None = Field(default=None, pattern=r"^\d{12}$")
    hometown: Text = Field(default="", max_length=300)
    residence: Text = Field(default="", max_length=300)
    ethnicity: Text = Field(default="Kinh", max_length=50)
    religion: Text = Field(default="Không", max_length=50)
    education: Text = Field(default="", max_length=50)
    qualification: Text = Field(default="", max_length=300)
    occupation_position: Text = Field(default="", max_length=300)
    workplace: Text = Field(default="", max_length=300)
    party_joined: dt.date | None = None
    current_deputy: Text = Field(default="", max_length=200)


class CandidateOut(CandidateIn):
    model_config = Output.model_config
    id: int
    unit_id: int
    removed_on: dt.date | None
    removal_reason: RemovalReason | None
    removal_decision: str


class RemovalIn(Input):
    reason: RemovalReason
    removed_on: dt.date
    decision: Text = Field(min_length=1, max_length=200)


class FinalizeIn(Input):
    shortfall_decision: Text = Field(default="", max_length=200)


class ReopenIn(Input):
    reason: Text = Field(min_length=1, max_length=500)


class ListReportOut(Output):
    unit: UnitOut
    candidates: list[CandidateOut]
    violations: list[ViolationOut]


class CompositionOut(Output):
    total: int
    women: int
    minorities: int
    women_share: float
    minority_share: float
    women_target: float
    minority_target: float
    violations: list[ViolationOut]
