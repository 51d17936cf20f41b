from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.elections.tables import Sex
from election.schemas import Input, Output, Text, ViolationOut
from election.staffing.tables import AssignmentStatus, BodyFamily, BodyKind, MemberRole


class PersonIn(Input):
    province_code: str = Field(pattern=r"^\d{2}$")
    # The register: a commune's, or the province's when omitted.
    commune_code: str | None = Field(default=None, pattern=r"^\d{5}$")
    full_name: Text = Field(min_length=1, max_length=150)
    date_of_birth: dt.date
    sex: Sex
    personal_id: str | None = Field(default=None, pattern=r"^\d{12}$")
    phone: Text = Field(default="", max_length=20)
    organisation: Text = Field(default="", max_length=300)
    position: Text = Field(default="", max_length=200)
    home_commune_code: str | None = Field(default=None, pattern=r"^\d{5}$")
    armed_forces: bool = False
    notes: Text = Field(default="", max_length=1000)


class PersonOut(Output):
    id: int
    province_code: str
    commune_code: str | None
    full_name: str
    date_of_birth: dt.date
    sex: Sex
    personal_id: str | None
    phone: str
    organisation: str
    position: str
    home_commune_code: str | None
    armed_forces: bool
    notes: str


class BodyIn(Input):
    """A committee names its province or commune; a board its unit; a team its
    polling area (the kind of a team may be chosen: military, mixed)."""

    kind: BodyKind | None = None
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$")
    commune_code: str | None = Field(default=None, pattern=r"^\d{5}$")
    unit_id: int | None = Field(default=None, ge=1)
    polling_area_id: int | None = Field(default=None, ge=1)
    name: Text = Field(default="", max_length=300)
    forming_authority: Text = Field(default="", max_length=300)
    decision_number: Text = Field(default="", max_length=100)
    decision_date: dt.date | None = None
    notes: Text = Field(default="", max_length=2000)


class BodyUpdate(Input):
    kind: BodyKind | None = None
    name: Text = Field(default="", max_length=300)
    forming_authority: Text = Field(default="", max_length=300)
    decision_number: Text = Field(default="", max_length=100)
    decision_date: dt.date | None = None
    notes: Text = Field(default="", max_length=2000)


class BodyOut(Output):
    id: int
    election_id: int
    kind: BodyKind
    family: BodyFamily
    name: str
    province_code: str
    commune_code: str | None
    unit_id: int | None
    polling_area_id: int | None
    polling_area_number: int | None
    forming_authority: str
    decision_number: str
    decision_date: dt.date | None
    notes: str
    member_count: int
    size_min: int
    size_max: int


class BodySaved(Output):
    body: BodyOut
    warnings: list[ViolationOut]


class MemberIn(Input):
    person_id: int = Field(ge=1)
    role: MemberRole
    appointed_on: dt.date | None = None
    appointment_decision: Text = Field(default="", max_length=200)


class MemberUpdate(Input):
    """Only the fields sent are changed; `trained_on: null` records an absence."""

    role: MemberRole | None = None
    appointed_on: dt.date | None = None
    appointment_decision: Text | None = Field(default=None, max_length=200)
    trained_on: dt.date | None = None


class LeaveIn(Input):
    left_on: dt.date | None = None
    reason: Text = Field(default="", max_length=300)


class LinkAccountIn(Input):
    username: str = Field(min_length=3, max_length=64)


class MemberOut(Output):
    id: int
    body_id: int
    person_id: int
    full_name: str
    date_of_birth: dt.date
    phone: str
    organisation: str
    position: str
    role: MemberRole
    role_title: str
    appointed_on: dt.date | None
    appointment_decision: str
    left_on: dt.date | None
    leave_reason: str
    trained_on: dt.date | None
    account_username: str | None
    account_active: bool | None
    replace_by: dt.date | None


class ConflictOut(Output):
    member_id: int
    body_id: int
    body_name: str
    person_id: int
    person_name: str
    candidate_id: int
    unit_id: int
    unit_name: str
    replace_by: dt.date


class BodyReportOut(Output):
    body: BodyOut
    members: list[MemberOut]
    violations: list[ViolationOut]
    conflicts: list[ConflictOut]
    deadline: dt.date


class CredentialOut(Output):
    """Shown once: only a hash of the password is kept."""

    member_id: int
    full_name: str
    role_title: str
    body_name: str
    username: str
    password: str | None
    note: str


class TeamsIn(Input):
    decision_number: Text = Field(default="", max_length=100)
    decision_date: dt.date | None = None
    forming_authority: Text = Field(default="", max_length=300)


class StationAccountsIn(Input):
    polling_area_ids: list[int] = Field(min_length=1, max_length=10000)


class AssignmentIn(Input):
    team_size: int = Field(ge=1, le=50)
    seed: int | None = Field(default=None, ge=0, le=2**62)
    reserve_size: int | None = Field(default=None, ge=0, le=1000)


class SwapIn(Input):
    polling_area_id: int = Field(ge=1)
    out_person_id: int = Field(ge=1)
    in_person_id: int = Field(ge=1)


class AcceptIn(Input):
    appointed_on: dt.date | None = None
    appointment_decision: Text = Field(default="", max_length=200)
    decision_number: Text = Field(default="", max_length=100)
    decision_date: dt.date | None = None


class PersonBriefOut(Output):
    id: int
    full_name: str
    work_text: str
    local: bool


class PlacedOut(Output):
    person: PersonBriefOut
    role: MemberRole
    role_title: str


class TeamProposalOut(Output):
    area_id: int
    area_number: int
    body_id: int | None
    kind: BodyKind
    target: int
    current_count: int
    added: list[PlacedOut]
    shortfall: int


class AssignmentOut(Output):
    id: int
    election_id: int
    commune_code: str
    seed: int
    team_size: int
    reserve_size: int
    status: AssignmentStatus
    created_by: str
    created_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None
    teams: list[TeamProposalOut]
    reserve: list[PersonBriefOut]
    violations: list[ViolationOut]
