from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.elections.tables import ContestLevel
from election.schemas import Count, Date, Input, Output, Text, ViolationOut
from election.stations.tables import PollingAreaKind


class PollingAreaIn(Input):
    number: int = Field(ge=1, le=9999, title="Số khu vực")
    name: Text = Field(default="", max_length=200, title="Tên khu vực")
    station_address: Text = Field(default="", max_length=300, title="Địa điểm bỏ phiếu")
    kind: PollingAreaKind = Field(default=PollingAreaKind.ORDINARY, title="Loại khu vực")
    planned_voters: Count = Field(default=0, le=1_000_000, title="Số cử tri dự kiến")
    early_voting_date: Date | None = Field(default=None, title="Ngày bỏ phiếu sớm")
    decided_on: Date | None = Field(default=None, title="Ngày quyết định")
    notes: Text = Field(default="", max_length=2000, title="Ghi chú")
    commune_unit_id: int | None = Field(default=None, ge=1, title="Đơn vị bầu cử HĐND xã")


class AreaUnitOut(Output):
    contest_id: int
    level: ContestLevel
    unit_id: int
    unit_number: int
    unit_name: str


class PollingAreaOut(Output):
    id: int
    election_id: int
    commune_code: str
    number: int
    name: str
    station_address: str
    kind: PollingAreaKind
    planned_voters: int
    listed_voters: int
    early_voting_date: dt.date | None
    decided_on: dt.date | None
    notes: str
    units: list[AreaUnitOut]
    warnings: list[ViolationOut]
