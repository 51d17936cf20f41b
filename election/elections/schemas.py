from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, field_serializer

from election.clock import VIETNAM
from election.elections.rules import MilestoneState
from election.elections.tables import ContestLevel, ElectionKind, RemovalReason, Sex
from election.elections.training_rules import TrainingPreset
from election.masking import mask_personal_id
from election.parsing import parse_date, parse_optional_time
from election.schemas import Date, Input, Output, PersonName, Text, ViolationOut


class ElectionCreate(Input):
    name: Text = Field(min_length=1, max_length=300, title="Tên cuộc bầu cử")
    election_day: Date = Field(title="Ngày bầu cử")
    kind: ElectionKind = Field(default=ElectionKind.GENERAL, title="Loại cuộc bầu cử")
    term: str = Field(default="", max_length=20, title="Nhiệm kỳ")
    assembly_term: str = Field(
        default="", max_length=10, pattern=r"^[IVXLCivxlc]*$", title="Khóa Quốc hội"
    )
    voting_opens: dt.time = Field(default=dt.time(7, 0), title="Giờ bắt đầu bỏ phiếu")
    voting_closes: dt.time = Field(default=dt.time(19, 0), title="Giờ kết thúc bỏ phiếu")


# A term number in Roman numerals ("XVI", "X", "I"), as titles print it.
_ROMAN = r"^[IVXLCivxlc]*$"


ProvinceCode = Annotated[str, Field(pattern=r"^\d{2}$")]
CommuneCode = Annotated[str, Field(pattern=r"^\d{5}$")]


class ContestsIn(Input):
    """The contests an election holds, and where (the election page's form)."""

    national_assembly: bool = Field(default=False, title="Bầu cử đại biểu Quốc hội")
    province_council: bool = Field(default=False, title="Bầu cử đại biểu HĐND cấp tỉnh")
    province_council_term: str = Field(
        default="", max_length=10, pattern=_ROMAN, title="Khóa HĐND cấp tỉnh"
    )
    commune_council: bool = Field(default=False, title="Bầu cử đại biểu HĐND cấp xã")
    commune_council_term: str = Field(
        default="", max_length=10, pattern=_ROMAN, title="Khóa HĐND cấp xã"
    )
    everywhere: bool = Field(default=False, title="Toàn quốc")
    province_codes: list[ProvinceCode] = Field(
        default_factory=list[str], max_length=100, title="Các tỉnh, thành phố"
    )
    # A by-election's council may be one commune's: empty, every commune.
    commune_codes: list[CommuneCode] = Field(
        default_factory=list[str], max_length=500, title="Các xã, phường, đặc khu"
    )


class ElectionSetupIn(ContestsIn, ElectionCreate):
    """A new election and its contests, from the page."""


class ContestCreate(Input):
    level: ContestLevel = Field(title="Cấp bầu cử")
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$", title="Mã tỉnh")
    commune_code: str | None = Field(default=None, pattern=r"^\d{5}$", title="Mã xã")
    council_term: str = Field(default="", max_length=10, pattern=_ROMAN, title="Khóa HĐND")


class ContestDetailsIn(Input):
    """What the official models print of a contest besides its name."""

    council_term: str = Field(default="", max_length=10, pattern=_ROMAN, title="Khóa HĐND")
    list_resolution_number: Text = Field(
        default="", max_length=50, title="Số nghị quyết công bố danh sách chính thức"
    )
    list_resolution_date: Date | None = Field(
        default=None, title="Ngày nghị quyết công bố danh sách chính thức"
    )


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
    council_term: str
    list_resolution_number: str
    list_resolution_date: dt.date | None


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
    number: int = Field(ge=1, le=999, title="Số đơn vị")
    name: Text = Field(default="", max_length=200, title="Tên đơn vị")
    seats: int = Field(ge=1, le=5, title="Số đại biểu được bầu")
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$", title="Mã tỉnh")
    commune_codes: list[str] = Field(
        default_factory=list[str], max_length=500, title="Các xã, phường, đặc khu"
    )
    description: Text = Field(default="", max_length=2000, title="Mô tả")
    announced_on: Date | None = Field(default=None, title="Ngày công bố")


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
    full_name: PersonName = Field(min_length=1, max_length=150, title="Họ và tên")
    other_name: PersonName = Field(default="", max_length=150, title="Tên gọi khác")
    date_of_birth: Date = Field(title="Ngày sinh")
    sex: Sex = Field(title="Giới tính")
    personal_id: str | None = Field(default=None, pattern=r"^\d{12}$", title="Số định danh cá nhân")
    nationality: Text = Field(default="Việt Nam", max_length=50, title="Quốc tịch")
    hometown: Text = Field(default="", max_length=300, title="Quê quán")
    residence: Text = Field(default="", max_length=300, title="Nơi ở hiện nay")
    ethnicity: Text = Field(default="Kinh", max_length=50, title="Dân tộc")
    religion: Text = Field(default="Không", max_length=50, title="Tôn giáo")
    education: Text = Field(default="", max_length=50, title="Trình độ giáo dục phổ thông")
    qualification: Text = Field(default="", max_length=300, title="Trình độ chuyên môn, nghiệp vụ")
    academic_title: Text = Field(default="", max_length=200, title="Học hàm, học vị")
    political_theory: Text = Field(default="", max_length=100, title="Trình độ lý luận chính trị")
    foreign_language: Text = Field(default="", max_length=200, title="Trình độ ngoại ngữ")
    occupation_position: Text = Field(default="", max_length=300, title="Nghề nghiệp, chức vụ")
    workplace: Text = Field(default="", max_length=300, title="Nơi công tác")
    party_joined: Date | None = Field(default=None, title="Ngày vào Đảng")
    assembly_deputy: Text = Field(default="", max_length=200, title="Là đại biểu Quốc hội")
    current_deputy: Text = Field(default="", max_length=200, title="Là đại biểu HĐND")
    note: Text = Field(default="", max_length=300, title="Ghi chú")


class CandidateOut(CandidateIn):
    """A candidate as answers show them: the ID masked (the full one only
    through the audited reveal)."""

    model_config = Output.model_config
    id: int
    unit_id: int
    removed_on: dt.date | None
    removal_reason: RemovalReason | None
    removal_decision: str

    @field_serializer("personal_id")
    def _masked(self, value: str | None) -> str | None:
        return mask_personal_id(value) or None


class CandidatePersonalIdOut(Output):
    personal_id: str | None


class RemovalIn(Input):
    reason: RemovalReason = Field(title="Lý do xóa tên")
    removed_on: Date = Field(title="Ngày xóa tên")
    decision: Text = Field(min_length=1, max_length=200, title="Số, ngày quyết định")


class FinalizeIn(Input):
    shortfall_decision: Text = Field(
        default="", max_length=200, title="Văn bản xử lý thiếu người ứng cử"
    )


class ReopenIn(Input):
    """Reopening a fixed list: the competent body's decision (structure.integrity)."""

    reason: Text = Field(min_length=1, max_length=500, title="Lý do")
    decision_number: Text = Field(default="", max_length=100, title="Số quyết định")
    decision_date: Date | None = Field(default=None, title="Ngày quyết định")


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
    # The ĐBQH list only (Art. 8(2)); an HĐND list has no statutory share (Art. 9).
    minority_target: float | None
    articles: str
    violations: list[ViolationOut]


# --------------------------------------------------------------------------
# The training clock


def _local_moment(value: Any) -> Any:
    """A moment typed as people write it, 15/03/2026 19:30, in Vietnam's time;
    ISO (2026-03-15T19:30, with or without its offset) from JSON and pickers."""
    if isinstance(value, str) and "/" in value:
        day, _, clock = value.strip().partition(" ")
        try:
            time = parse_optional_time(clock) or dt.time(0, 0)
            return dt.datetime.combine(parse_date(day), time, tzinfo=VIETNAM)
        except ValueError as error:
            raise ValueError(str(error)) from None  # parse_date's Vietnamese message
    return value


def _in_vietnam(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=VIETNAM) if value.tzinfo is None else value


LocalMoment = Annotated[dt.datetime, BeforeValidator(_local_moment), AfterValidator(_in_vietnam)]


class TrainingClockIn(Input):
    """Training mode at a typed moment or a quick one, or back to the real clock."""

    training: bool = Field(default=True, title="Chế độ diễn tập")
    at: LocalMoment | None = Field(default=None, title="Ngày giờ giả lập")
    preset: TrainingPreset | None = Field(default=None, title="Mốc nhanh")


class TrainingClockOut(Output):
    election_id: int
    training: bool
    offset_seconds: int | None
    simulated_at: dt.datetime | None = Field(
        description="The election's moment now (Vietnam's time), in training mode"
    )
    banner: str
