"""The election event and its contests."""

from piccolo.columns import Date, ForeignKey, Serial, Text, Time, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.time import TimeCustom
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from election.choices import LabelledChoice
from election.geography.tables import Commune, Province


class ElectionKind(LabelledChoice):
    GENERAL = "general", "Bầu cử chung (cả nhiệm kỳ)"
    BY_ELECTION = "by_election", "Bầu cử bổ sung"


class ContestLevel(LabelledChoice):
    """The three contests of an election after the 2025 reform (Art. 76(1))."""

    NATIONAL_ASSEMBLY = "dbqh", "Đại biểu Quốc hội"
    PROVINCE_COUNCIL = "hdnd_tinh", "Đại biểu HĐND cấp tỉnh"
    COMMUNE_COUNCIL = "hdnd_xa", "Đại biểu HĐND cấp xã"


class Election(Table, tablename="election"):
    """One election event, fixed by its election day (a Sunday, Art. 5)."""

    id = Serial(primary_key=True)
    name = Varchar(length=300)
    kind = Varchar(length=16, choices=ElectionKind, default=ElectionKind.GENERAL)
    election_day = Date()
    # Art. 71(1): voting runs 07:00-19:00; a team may open from 05:00 and
    # close as late as 21:00.
    voting_opens = Time(default=TimeCustom(hour=7, minute=0, second=0))
    voting_closes = Time(default=TimeCustom(hour=19, minute=0, second=0))
    term = Varchar(length=20, default="")
    notes = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class Contest(Table, tablename="contest"):
    """ĐBQH (national), HĐND tỉnh (one province) or HĐND xã (one commune)."""

    id = Serial(primary_key=True)
    election = ForeignKey(references=Election, on_delete=OnDelete.restrict, null=False, index=True)
    level = Varchar(length=16, choices=ContestLevel)
    province = ForeignKey(
        references=Province, on_delete=OnDelete.restrict, null=True, default=None, index=True
    )
    commune = ForeignKey(
        references=Commune, on_delete=OnDelete.restrict, null=True, default=None, index=True
    )
    name = Varchar(length=300)
    created_at = Timestamptz(default=TimestamptzNow())
