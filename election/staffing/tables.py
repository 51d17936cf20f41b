"""Election bodies (Ủy ban, Ban, Tổ bầu cử), their members, the staff registry
and the recorded runs of the team assignment helper."""

from piccolo.columns import (
    JSONB,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from election.accounts.tables import UserAccount
from election.choices import LabelledChoice
from election.elections.tables import Candidate, Election, ElectoralUnit, Sex
from election.geography.tables import Commune, Province
from election.stations.tables import PollingArea


class BodyFamily(LabelledChoice):
    """The three levels of election body under the NEC (Art. 21)."""

    COMMITTEE = "committee", "Ủy ban bầu cử"
    BOARD = "board", "Ban bầu cử"
    TEAM = "team", "Tổ bầu cử"


class BodyKind(LabelledChoice):
    """Each kind has its own size and deadline (see `rules.BODY_RULES`)."""

    PROVINCE_COMMITTEE = "province_committee", "Ủy ban bầu cử ở tỉnh"
    COMMUNE_COMMITTEE = "commune_committee", "Ủy ban bầu cử ở xã"
    BOARD_DBQH = "board_dbqh", "Ban bầu cử đại biểu Quốc hội"
    BOARD_PROVINCE = "board_hdnd_tinh", "Ban bầu cử đại biểu HĐND tỉnh"
    BOARD_COMMUNE = "board_hdnd_xa", "Ban bầu cử đại biểu HĐND xã"
    TEAM = "team", "Tổ bầu cử"
    TEAM_MILITARY = "team_military", "Tổ bầu cử ở đơn vị vũ trang nhân dân"
    TEAM_MIXED = "team_mixed", "Tổ bầu cử chung (đơn vị vũ trang và địa phương)"
    TEAM_BY_ELECTION = "team_by_election", "Tổ bầu cử (bầu cử bổ sung)"


class MemberRole(LabelledChoice):
    """A role in any body; its title depends on the body (`rules.role_title`):
    Chủ tịch / Trưởng ban / Tổ trưởng, Phó Chủ tịch / Phó Trưởng ban, Thư ký, Ủy viên."""

    HEAD = "head", "Người đứng đầu"
    DEPUTY = "deputy", "Cấp phó"
    SECRETARY = "secretary", "Thư ký"
    MEMBER = "member", "Ủy viên"


class AssignmentStatus(LabelledChoice):
    PROPOSED = "proposed", "Phương án, chờ xác nhận"
    ACCEPTED = "accepted", "Đã xác nhận"
    DISCARDED = "discarded", "Đã hủy"


class StaffPerson(Table, tablename="staff_person"):
    """One person of the staff registry of a province (commune NULL) or of one
    commune: who may be appointed to election bodies."""

    id = Serial(primary_key=True)
    province = ForeignKey(references=Province, on_delete=OnDelete.restrict, null=False, index=True)
    # The register the person is kept in: a commune's, or the province's (NULL).
    commune = ForeignKey(
        references=Commune, on_delete=OnDelete.restrict, null=True, default=None, index=True
    )
    personal_id = Varchar(length=12, null=True, default=None)
    full_name = Varchar(length=150)
    # Normalized full name and birth date ("nguyễn văn an|1980-05-01"): matches
    # a person with a candidate when either lacks a personal ID (Art. 27).
    person_key = Varchar(length=200, index=True)
    # Vietnamese order of names (elections.ballot_order), for sorting in SQL.
    sort_key = Varchar(length=600, default="")
    date_of_birth = Date()
    sex = Varchar(length=8, choices=Sex)
    phone = Varchar(length=20, default="")
    organisation = Varchar(length=300, default="")
    position = Varchar(length=200, default="")
    # Where the person lives: the assignment helper prefers the area's commune.
    home_commune = ForeignKey(
        references=Commune, on_delete=OnDelete.restrict, null=True, default=None
    )
    # Soldiers staff the teams of armed-forces polling areas (Art. 25(1)).
    armed_forces = Boolean(default=False)
    notes = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class ElectionBody(Table, tablename="election_body"):
    """An Ủy ban bầu cử (a province or a commune), a Ban bầu cử (one electoral
    unit) or a Tổ bầu cử (one polling area), with the decision forming it."""

    id = Serial(primary_key=True)
    election = ForeignKey(references=Election, on_delete=OnDelete.restrict, null=False, index=True)
    kind = Varchar(length=24, choices=BodyKind)
    name = Varchar(length=300)
    # Every body lies in one province; commune-level bodies also in one commune.
    province = ForeignKey(references=Province, on_delete=OnDelete.restrict, null=False)
    commune = ForeignKey(
        references=Commune, on_delete=OnDelete.restrict, null=True, default=None, index=True
    )
    unit = ForeignKey(
        references=ElectoralUnit, on_delete=OnDelete.restrict, null=True, default=None
    )
    polling_area = ForeignKey(
        references=PollingArea, on_delete=OnDelete.restrict, null=True, default=None
    )
    forming_authority = Varchar(length=300, default="")
    decision_number = Varchar(length=100, default="")
    decision_date = Date(null=True, default=None)
    notes = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class BodyMember(Table, tablename="body_member"):
    """One appointment of a registry person to a body. Leaving keeps the row
    (left_on set), so the history of who served stays."""

    id = Serial(primary_key=True)
    body = ForeignKey(references=ElectionBody, on_delete=OnDelete.restrict, null=False, index=True)
    # Denormalized from the body, for the unique index "one team per person".
    election = ForeignKey(references=Election, on_delete=OnDelete.restrict, null=False)
    family = Varchar(length=12, choices=BodyFamily)
    person = ForeignKey(references=StaffPerson, on_delete=OnDelete.restrict, null=False, index=True)
    role = Varchar(length=16, choices=MemberRole)
    appointed_on = Date(null=True, default=None)
    appointment_decision = Varchar(length=200, default="")
    left_on = Date(null=True, default=None)
    leave_reason = Varchar(length=300, default="")
    # Training attendance (tập huấn nghiệp vụ).
    trained_on = Date(null=True, default=None)
    # The station-officer login of a team head or secretary.
    account = ForeignKey(
        references=UserAccount, on_delete=OnDelete.restrict, null=True, default=None
    )
    # Art. 27: set when the member turns out to stand in the unit; replace by then.
    conflict_candidate = ForeignKey(
        references=Candidate, on_delete=OnDelete.restrict, null=True, default=None
    )
    replace_by = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class StaffAssignment(Table, tablename="staff_assignment"):
    """One run of the team assignment helper for a commune: its seed and size,
    and the proposal shown for acceptance (re-running the seed gives it again)."""

    id = Serial(primary_key=True)
    election = ForeignKey(references=Election, on_delete=OnDelete.restrict, null=False)
    commune = ForeignKey(references=Commune, on_delete=OnDelete.restrict, null=False, index=True)
    seed = BigInt()
    team_size = Integer()
    reserve_size = Integer(default=0)
    status = Varchar(length=12, choices=AssignmentStatus, default=AssignmentStatus.PROPOSED)
    proposal = JSONB(default="{}")
    created_by = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())
    decided_by = Varchar(length=64, default="")
    decided_at = Timestamptz(null=True, default=None)
