"""What the staffing API and pages accept and answer; the pages validate
their forms through the same Input schemas."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.elections.tables import Sex
from election.schemas import Date, Input, Output, Text, ViolationOut
from election.staffing.tables import AssignmentStatus, BodyFamily, BodyKind, MemberRole


class RegisterIn(Input):
    """One register: a commune's, or the province's when the commune is omitted."""

    province_code: str = Field(pattern=r"^\d{2}$", title="Tỉnh, thành phố")
    commune_code: str | None = Field(default=None, pattern=r"^\d{5}$", title="Xã, phường")


class PersonIn(RegisterIn):
    full_name: Text = Field(min_length=1, max_length=150, title="Họ và tên")
    date_of_birth: Date = Field(title="Ngày sinh")
    sex: Sex = Field(title="Giới tính")
    personal_id: str | None = Field(default=None, pattern=r"^\d{12}$", title="Số định danh cá nhân")
    phone: Text = Field(default="", max_length=20, title="Số điện thoại")
    organisation: Text = Field(default="", max_length=300, title="Cơ quan, đơn vị công tác")
    position: Text = Field(default="", max_length=200, title="Chức vụ")
    home_commune_code: str | None = Field(
        default=None, pattern=r"^\d{5}$", title="Nơi cư trú (xã, phường)"
    )
    armed_forces: bool = Field(default=False, title="Quân nhân")
    notes: Text = Field(default="", max_length=1000, title="Ghi chú")


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


class PersonalDataOut(Output):
    personal_id: str | None
    phone: str


class BodyDecision(Input):
    """What a body is formed and named by, as a new or a changed body sends it."""

    name: Text = Field(default="", max_length=300, title="Tên")
    forming_authority: Text = Field(default="", max_length=300, title="Cơ quan thành lập")
    decision_number: Text = Field(default="", max_length=100, title="Số quyết định")
    decision_date: Date | None = Field(default=None, title="Ngày quyết định")
    notes: Text = Field(default="", max_length=2000, title="Ghi chú")


class BodyIn(BodyDecision):
    """A committee names its province or commune; a board its unit; a team its
    polling area (the kind of a team may be chosen: military, mixed)."""

    kind: BodyKind | None = Field(default=None, title="Loại tổ chức")
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$", title="Mã tỉnh")
    commune_code: str | None = Field(default=None, pattern=r"^\d{5}$", title="Mã xã")
    unit_id: int | None = Field(default=None, ge=1, title="Đơn vị bầu cử")
    polling_area_id: int | None = Field(default=None, ge=1, title="Khu vực bỏ phiếu")


class ElectionBodyIn(BodyIn):
    """A body formed from the overview page, which names its election."""

    election_id: int = Field(ge=1, title="Cuộc bầu cử")


class BodyUpdate(BodyDecision):
    """The decision and name of a body, and the kind of a team (military, mixed)."""

    kind: BodyKind | None = Field(default=None, title="Loại Tổ bầu cử")


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
    person_id: int = Field(ge=1, title="Người được chọn")
    role: MemberRole = Field(title="Chức danh")
    appointed_on: Date | None = Field(default=None, title="Ngày bổ nhiệm")
    appointment_decision: Text = Field(default="", max_length=200, title="Quyết định bổ nhiệm")


class MemberUpdate(Input):
    """Only the fields sent are changed; `trained_on: null` records an absence."""

    role: MemberRole | None = Field(default=None, title="Chức danh")
    appointed_on: Date | None = Field(default=None, title="Ngày bổ nhiệm")
    appointment_decision: Text | None = Field(
        default=None, max_length=200, title="Quyết định bổ nhiệm"
    )
    trained_on: Date | None = Field(default=None, title="Ngày tập huấn")


class TrainingIn(Input):
    """One training session: its day and who attended."""

    trained_on: Date = Field(title="Ngày tập huấn")
    present: list[int] = Field(default_factory=list, max_length=100, title="Có mặt")


class LeaveIn(Input):
    left_on: Date | None = Field(default=None, title="Ngày thôi tham gia")
    reason: Text = Field(default="", max_length=300, title="Lý do thôi tham gia")


class LinkAccountIn(Input):
    username: str = Field(min_length=3, max_length=64, title="Tên đăng nhập")


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
    decision_number: Text = Field(default="", max_length=100, title="Số quyết định")
    decision_date: Date | None = Field(default=None, title="Ngày quyết định")
    forming_authority: Text = Field(default="", max_length=300, title="Cơ quan thành lập")


class StationAccountsIn(Input):
    polling_area_ids: list[int] = Field(min_length=1, max_length=10000, title="Tổ bầu cử")


class AssignmentIn(Input):
    team_size: int = Field(ge=1, le=50, title="Số thành viên mỗi Tổ")
    seed: int | None = Field(default=None, ge=0, le=2**62, title="Số bốc thăm")
    reserve_size: int | None = Field(default=None, ge=0, le=1000, title="Số người dự phòng")


class SwapIn(Input):
    polling_area_id: int = Field(ge=1, title="Khu vực bỏ phiếu")
    out_person_id: int = Field(ge=1, title="Người cần thay")
    in_person_id: int = Field(ge=1, title="Người thay thế")


class AcceptIn(Input):
    appointed_on: Date | None = Field(default=None, title="Ngày bổ nhiệm")
    appointment_decision: Text = Field(default="", max_length=200, title="Quyết định bổ nhiệm")
    decision_number: Text = Field(default="", max_length=100, title="Số quyết định")
    decision_date: Date | None = Field(default=None, title="Ngày quyết định")


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
