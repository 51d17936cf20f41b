"""Input and output models of voter lists: the JSON API and the pages validate through the same Inputs."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.schemas import Date, Input, Output, PersonName, Text, ViolationOut
from election.voters.tables import CertificateKind, Exclusion, ResidenceCategory, VoterStatus


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
    full_name: PersonName = Field(min_length=1, max_length=150, title="Họ và tên")
    date_of_birth: Date = Field(title="Ngày sinh")
    sex: str = Field(pattern=r"^(male|female)$", title="Giới tính")
    ethnicity: Text = Field(default="Kinh", max_length=50, title="Dân tộc")
    occupation: Text = Field(default="", max_length=150, title="Nghề nghiệp")
    permanent_address: Text = Field(default="", max_length=300, title="Nơi thường trú")
    temporary_address: Text = Field(default="", max_length=300, title="Nơi tạm trú")
    current_address: Text = Field(default="", max_length=300, title="Nơi ở hiện tại")
    temporary_since: Date | None = Field(default=None, title="Ngày đăng ký tạm trú")
    residence_category: ResidenceCategory = Field(
        default=ResidenceCategory.PERMANENT, title="Loại cư trú"
    )
    household_id: Text = Field(default="", max_length=40, title="Mã hộ")
    is_household_head: bool = Field(default=False, title="Là chủ hộ")
    # Circular 59/2021/TT-BCA: an ID whose first three digits are no province's
    # (a country's, for a birth registered abroad) is written only once checked.
    accept_birth_code: bool = Field(
        default=False, title="Xác nhận mã nơi đăng ký khai sinh ngoài 001–096"
    )


class StrikeOffIn(Change):
    exclusion: Exclusion | None = Field(default=None, title="Không được ghi tên (Điều 30)")


class MoveIn(Change):
    to_polling_area_id: int = Field(ge=1, title="Khu vực bỏ phiếu mới")
    residence_category: ResidenceCategory = Field(title="Nơi cư trú mới")
    new_address: Text = Field(default="", max_length=300, title="Địa chỉ mới")


_COMMUNE_CODE = r"^\d{1,5}$"


class CertificateIn(Input):
    """Mẫu số 11/HĐBC: where the voter asks to vote, and lives now."""

    electronic: bool = Field(default=False, title="Giấy chứng nhận điện tử")
    destination_commune_code: str = Field(
        pattern=_COMMUNE_CODE, title="Xã, phường, đặc khu nơi đăng ký bỏ phiếu"
    )
    current_address: Text = Field(default="", max_length=300, title="Nơi ở hiện nay")


class SoldierCertificateIn(Input):
    """Mẫu số 12/HĐBC: the unit, the soldier's residence and its commune."""

    unit_name: Text = Field(min_length=1, max_length=200, title="Đơn vị vũ trang nhân dân")
    home_address: Text = Field(min_length=1, max_length=300, title="Nơi cư trú")
    home_category: ResidenceCategory = Field(
        default=ResidenceCategory.PERMANENT, title="Loại nơi cư trú"
    )
    destination_commune_code: str = Field(
        pattern=_COMMUNE_CODE, title="Xã, phường, đặc khu nơi cư trú"
    )
    commander: Text = Field(default="", max_length=150, title="Chỉ huy trưởng")


class RegisterCertificateIn(Input):
    polling_area_id: int = Field(ge=1, title="Khu vực bỏ phiếu")


class RegisterByNumberIn(RegisterCertificateIn):
    """The area page's form: the certificate is named by its number."""

    number: Text = Field(min_length=1, max_length=32, title="Số giấy chứng nhận")


class CheckInIn(Input):
    personal_id: str = Field(pattern=r"^\d{12}$", title="Số định danh cá nhân")


class PostListIn(Input):
    posted_on: Date = Field(title="Ngày niêm yết")
    place: Text = Field(default="", max_length=300, title="Nơi niêm yết")


class ComplaintIn(Input):
    complainant: PersonName = Field(min_length=1, max_length=150, title="Người khiếu nại")
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
    # What the voter holds besides the ID: the card's number, or their full name.
    second_factor: str = Field(min_length=1, max_length=150, title="Số thẻ cử tri hoặc họ và tên")


class RevealedOut(Output):
    personal_id: str


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
    current_address: str
    temporary_since: dt.date | None
    residence_category: ResidenceCategory
    household_id: str
    is_household_head: bool
    ballot_dbqh: bool
    ballot_tinh: bool
    ballot_xa: bool
    status: VoterStatus
    exclusion: Exclusion | None
    removal_reason: str
    card_number: int | None
    voting_elsewhere: bool
    elsewhere_kind: CertificateKind | None
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
    kind: CertificateKind
    number: str
    voter_id: int
    issued_on: dt.date
    issued_by: str
    electronic: bool
    destination_commune: str | None
    current_address: str
    unit_name: str
    home_address: str
    home_category: ResidenceCategory | None
    commander: str
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


class LookupHoursOut(Output):
    text: str
    note: str
    article: str


class LookupBallotsOut(Output):
    received: list[str]
    not_received: list[str]
    reason: str


class LookupCandidateOut(Output):
    """A name on the official list, as the lookup page shows it (Art. 57(5))."""

    id: int
    full_name: str
    other_name: str
    sex: str
    date_of_birth: dt.date
    page: str


class LookupUnitOut(Output):
    contest: str
    unit: str
    seats: int
    published: bool
    list_resolution: str
    candidates: list[LookupCandidateOut]
    page: str | None


class LookupCertificateOut(Output):
    """How to ask for a certificate to vote elsewhere (Art. 34)."""

    open: bool
    where: str
    until: str
    text: str
    ballots: str
    article: str


class LookupOut(Output):
    """The lookup page's answer: where, when, which ballots and why, the
    candidates of the voter's units, and voting elsewhere."""

    found: bool
    election: str | None = None
    polling_area: str | None = None
    commune: str | None = None
    province: str | None = None
    station_address: str | None = None
    map_link: str | None = None
    election_day: dt.date | None = None
    voting_hours: str | None = None
    hours: LookupHoursOut | None = None
    early_voting_date: dt.date | None = None
    ballots: list[str] = []
    ballots_explained: LookupBallotsOut | None = None
    on_the_day: list[str] = []
    candidate_lists: list[LookupUnitOut] = []
    certificate: LookupCertificateOut | None = None
    voting_elsewhere: bool = False
    message: str = ""
