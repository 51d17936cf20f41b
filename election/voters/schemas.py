from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.schemas import Input, Output, Text, ViolationOut
from election.voters.tables import Exclusion, ResidenceCategory, VoterStatus


class Change(Input):
    reason: Text = Field(min_length=1, max_length=300)
    document: Text = Field(min_length=1, max_length=200, description="Số, ngày văn bản làm căn cứ")


class VoterIn(Change):
    personal_id: str = Field(pattern=r"^\d{12}$")
    full_name: Text = Field(min_length=1, max_length=150)
    date_of_birth: dt.date
    sex: str = Field(pattern=r"^(male|female)$")
    ethnicity: Text = Field(default="Kinh", max_length=50)
    occupation: Text = Field(default="", max_length=150)
    permanent_address: Text = Field(default="", max_length=300)
    temporary_address: Text = Field(default="", max_length=300)
    residence_category: ResidenceCategory = ResidenceCategory.PERMANENT
    household_id: Text = Field(default="", max_length=40)
    is_household_head: bool = False


class StrikeOffIn(Change):
    exclusion: Exclusion | None = None


class MoveIn(Change):
    to_polling_area_id: int = Field(ge=1)
    residence_category: ResidenceCategory
    new_address: Text = Field(default="", max_length=300)


class CertificateIn(Input):
    electronic: bool = False


class RegisterCertificateIn(Input):
    polling_area_id: int = Field(ge=1)


class CheckInIn(Input):
    personal_id: str = Field(pattern=r"^\d{12}$")


class PostListIn(Input):
    posted_on: dt.date
    place: Text = Field(default="", max_length=300)


class ComplaintIn(Input):
    complainant: Text = Field(min_length=1, max_length=150)
    complainant_personal_id: str = Field(default="", pattern=r"^(\d{12})?$")
    voter_id: int | None = Field(default=None, ge=1)
    received_on: dt.date
    content: Text = Field(min_length=1, max_length=5000)


class DecisionIn(Input):
    accepted: bool
    decision: Text = Field(min_length=1, max_length=5000)
    decided_on: dt.date


class LookupIn(Input):
    personal_id: str = Field(pattern=r"^\d{12}$")
    date_of_birth: dt.date


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
