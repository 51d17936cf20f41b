"""Polling areas (khu vực bỏ phiếu): one per polling station, inside one commune."""

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from election.choices import LabelledChoice
from election.elections.tables import Contest, Election, ElectoralUnit
from election.geography.tables import Commune


class PollingAreaKind(LabelledChoice):
    """Art. 11(2)-(3): the kinds of polling area the law distinguishes."""

    ORDINARY = "ordinary", "Khu vực bỏ phiếu thông thường"
    ARMED_FORCES = "armed_forces", "Đơn vị vũ trang nhân dân"
    HOSPITAL_CARE = "hospital_care", "Bệnh viện, nhà hộ sinh, nhà an dưỡng, cơ sở chăm sóc"
    DETENTION = "detention", "Cơ sở giáo dục bắt buộc, cai nghiện bắt buộc, trại tạm giam"
    REMOTE = "remote", "Miền núi, hải đảo, dân cư không tập trung"


class PollingArea(Table, tablename="polling_area"):
    """Fixed for one election by the commune UBND (Art. 11(4))."""

    id = Serial(primary_key=True)
    election = ForeignKey(references=Election, on_delete=OnDelete.restrict, null=False, index=True)
    commune = ForeignKey(references=Commune, on_delete=OnDelete.restrict, null=False, index=True)
    number = Integer()
    name = Varchar(length=200)
    station_address = Varchar(length=300, default="")
    kind = Varchar(length=20, choices=PollingAreaKind, default=PollingAreaKind.ORDINARY)
    planned_voters = Integer(default=0)
    # Early voting approved by the NEC (Art. 72), with its date.
    early_voting_date = Date(null=True, default=None)
    # The commune UBND decision fixing the area (Art. 11(4)), due before D−43.
    decided_on = Date(null=True, default=None)
    notes = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class PollingAreaUnit(Table, tablename="polling_area_unit"):
    """The one electoral unit of each contest a polling area belongs to (Art. 11(1))."""

    polling_area = ForeignKey(
        references=PollingArea, on_delete=OnDelete.cascade, null=False, index=True
    )
    contest = ForeignKey(references=Contest, on_delete=OnDelete.restrict, null=False)
    unit = ForeignKey(references=ElectoralUnit, on_delete=OnDelete.restrict, null=False, index=True)
