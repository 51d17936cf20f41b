from __future__ import annotations

import datetime as dt

from pydantic import Field

from election.elections.rules import MilestoneState
from election.elections.tables import ContestLevel, ElectionKind
from election.schemas import Input, Output, Text


class ElectionCreate(Input):
    name: Text = Field(min_length=1, max_length=300)
    election_day: dt.date
    kind: ElectionKind = ElectionKind.GENERAL
    term: str = Field(default="", max_length=20)
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
