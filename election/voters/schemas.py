"""Input and output models of voter lists: the JSON API and the pages validate through the same Inputs."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.schemas import Date, Input, Output, Text, ViolationOut
from election.voters.tables import Exclusion, ResidenceCategory, VoterStatus


class Change(Input):
    reason: Text = Field(min_length=1, max_length=300, title="Lý do")
    document: Text = Field(
        min_length=1,
        max_length=200,
        title="Văn bản làm căn cứ",
        description="Số, ngày văn bản làm căn cứ",
    )


class VoterIn(Change):
    personal_id: str = Field(pattern=r"^\d{12}$", title="Số định danh cá nhân")
    full_name: Text = Field(min_length=1, max_length=150, title="Họ và tên")
    date_of_birth: Date = Field(title="Ngày sinh")
    sex: str = Field(pattern=r"^(male|female)$", title="Giới tính")
    ethnicity: Text = Field(default="Kinh", max_length=50, title="Dân tộc")
    occupation: Text = Field(default="", max_length=150, title="Nghề nghiệp")
    permanent_address: Text = Field(default="", max_length=300, title="Nơi thường trú")
    temporary_address: Text = Field(default="", max_length=300, title="Nơi tạm trú")
    residence_category: ResidenceCategory = Field(
        default=ResidenceCategory.PERMANENT, title="Loại cư trú"
    )
    household_id: Text = Field(default="", max_length=40, title="Mã hộ")
    is_household_head: bool = Field(default=False, title="Là chủ hộ")


class StrikeOffIn(Change):
    exclusion: Exclusion | None = Field(default=None, title="Không được ghi tên (Điều 30)")


class MoveIn(Change):
    to_polling_area_id: int = Field(ge=1, title="Khu vực bỏ phiếu mới")
    residence_category: ResidenceCategory = Field(title="Nơi cư trú mới")
    new_address: Text = Field(default="", max_length=300, title="Địa chỉ mới")


class CertificateIn(Input):
    electronic: bool = Field(default=False, title="Giấy chứng nhận điện tử")


class RegisterCertificateIn(Input):
    polling_area_id: int = Field(ge=1, title="Khu vực bỏ phiếu")


class CheckInIn(Input):
    personal_id: str = Field(pattern=r"^\d{12}$", title="Số định danh cá nhân")


class PostListIn(Input):
    posted_on: Date = Field(title="Ngày niêm yết")
    place: Text = Field(default="", max_length=300, title="Nơi niêm yết")


class ComplaintIn(Input):
    complainant: Text = Field(min_length=1, max_length=150, title="Người khiếu nại")
    complainant_personal_id: str = Field(
        default="", pattern=r"^(\d{12})?$", title="Số định danh người khiếu nại"
    )
    voter_id: int | None = Field(default=None, ge=1, title="Mã cử tri liên quan")
    received_on: Date = Field(title="Ngày nhận")
    content: Text = Field(min_length=1, max_length=5000, title="Nội dung")


class DecisionIn(Input):
    accepted: bool = Field(title="Kết quả")
    decision: Text = Field(min_length=1, max_length=5000, title="Nội dung quyết định")
    decided_on: Date = Field(title="Ngày giải quyết")


class LookupIn(Input):
    personal_id: str = Field(pattern=r"^\d{12}$", title="Số định danh cá nhân")
    date_of_birth: Date = Field(title="Ngày sinh")


class ElectionSettingsIn(Input):
    certificate_outside_province: str = Field(title="Phiếu của người có giấy chứng nhận ngoài tỉnh")


class VoterOut(Output):
    id: int
    election_id: int
    polling_area_id: int
    polling_area_number: int
    commune_code: str
    personal_id: str
    full_name: str
    date_of_birth: dt.date
    sex: str
    ethnicity: str
    occupation: str
    permanent_address: str
    temporary_address: str
    residence_category: ResidenceCategory
    household_id: str
    is_household_head: bool
    ballot_dbqh: bool
    ballot_tinh: bool
    ballot_xa: bool
    status: VoterStatus
    exclusion: Exclusion | None
    card_number: int | None
    voting_elsewhere: bool
    voted_at: dt.datetime | None


class VoterPageOut(Output):
    total: int
    voters: list[VoterOut]


class CountsOut(Output):
    total: int
    male: int
    female: int
    dbqh: int
    tinh: int
    xa: int
    voted: int
    elsewhere: int = 0


class ListStateOut(Output):
    polling_area_id: int
    finalized_at: dt.datetime | None
    finalized_by: str
    posted_on: dt.date | None
    posted_at_place: str


class PostedOut(Output):
    state: ListStateOut
    warnings: list[ViolationOut]


class CertificateOut(Output):
    id: int
    election_id: int
    number: str
    voter_id: int
    issued_on: dt.date
    issued_by: str
    electronic: bool
    destination_voter: int | None


class ComplaintOut(Output):
    id: int
    election_id: int
    commune_code: str
    voter_id: int | None
    complainant: str
    received_on: dt.date
    content: str
    decision_due: dt.date
    outcome: str
    decided_on: dt.date | None
    decision: str


class ComplaintSaved(Output):
    complaint: ComplaintOut
    warnings: list[ViolationOut]


class LookupOut(Output):
    found: bool
    polling_area: str | None = None
    commune: str | None = None
    province: str | None = None
    station_address: str | None = None
    election_day: dt.date | None = None
    voting_hours: str | None = None
    early_voting_date: dt.date | None = None
    ballots: list[str] = []
    voting_elsewhere: bool = False
    message: str = ""
