"""The reporting hours of an election and the teams' reports of how many have voted."""

from piccolo.columns import BigSerial, ForeignKey, Integer, Serial, Time, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from election.elections.tables import Election
from election.geography.tables import Province
from election.stations.tables import PollingArea


class TurnoutHour(Table, tablename="turnout_hour"):
    """An hour (Vietnam time) at which the teams report. The election's set
    (province NULL, set by the national committee) applies where a province
    has no set of its own (set by its committee); no rows at all means the
    default set (`rules.DEFAULT_HOURS`). A settings page replaces a whole set.
    Unique per (election, province, at)."""

    id = Serial(primary_key=True)
    election = ForeignKey(references=Election, on_delete=OnDelete.cascade, null=False, index=True)
    province = ForeignKey(references=Province, on_delete=OnDelete.cascade, null=True, default=None)
    at = Time()
    set_by = Varchar(length=64, default="")
    set_at = Timestamptz(default=TimestamptzNow())


class TurnoutReport(Table, tablename="turnout_report"):
    """How many had voted in a polling area at a reporting hour. One row per
    (polling area, hour): re-sending the same count changes nothing, a
    different count replaces it (audited, `revision` counts the changes)."""

    id = BigSerial(primary_key=True)
    election = ForeignKey(references=Election, on_delete=OnDelete.cascade, null=False)
    polling_area = ForeignKey(references=PollingArea, on_delete=OnDelete.cascade, null=False)
    at = Time()
    voted = Integer()
    # The area's list total when the count was checked against it: the
    # denominator of the rollups, which then never count the voter table.
    voters_on_list = Integer()
    reported_by = Varchar(length=64)
    reported_by_name = Varchar(length=150, default="")
    reported_at = Timestamptz(default=TimestamptzNow())
    revision = Integer(default=1)
