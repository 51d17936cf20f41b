from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.elections.tables import ContestLevel
from election.schemas import Input, Output, Text, ViolationOut
from election.stations.tables import PollingAreaKind


class PollingAreaIn(Input):
    number: int = Field(ge=1, le=9999)
    name: Text = Field(default="", max_length=200)
    station_address: Text = Field(default="", max_length=300)
    kind: PollingAreaKind = PollingAreaKind.ORDINARY
    planned_voters: int = Field(default=0, ge=0, le=1_000_000)
    early_voting_date: dt.date | None = None
    decided_on: dt.date | None = None
    notes: Text = Field(default="", max_length=2000)
    commune_unit_id: int | None = Field(default=None, ge=1)


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
