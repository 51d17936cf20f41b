"""The election event and its contests."""

from piccolo.columns import (
    Date,
    ForeignKey,
    Integer,
    Interval,
    Serial,
    Text,
    Time,
    Timestamptz,
    Varchar,
)
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
    # The National Assembly's term number in Roman numerals ("XVI"), for titles.
    assembly_term = Varchar(length=10, default="")
    # Uncertain in the law (Art. 34): which ballots a certificate holder gets
    # when voting outside the home province. Configurable: "dbqh" (National
    # Assembly only) or "dbqh_tinh" (also the HĐND tỉnh of the new place).
    certificate_outside_province = Varchar(length=16, default="dbqh")
    notes = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    # The training clock: NULL runs on the real clock; a value is training
    # mode, whose deadlines see the real time shifted by it (the banner of
    # every page says so; see election/elections/training_clock.py).
    training_offset = Interval(null=True, default=None)


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
    # What the official models print of the contest (Resolution 40/NQ-HĐBCQG):
    # the term number of the People's Council ("X", "I"), on the HĐND ballots
    # (models 14, 15) and lists (22); for the ĐBQH, the National Election
    # Council's resolution that fixed the official list (model 17: "Theo Nghị
    # quyết số … ngày …").
    council_term = Varchar(length=10, default="")
    list_resolution_number = Varchar(length=50, default="")
    list_resolution_date = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Sex(LabelledChoice):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class ElectoralUnit(Table, tablename="electoral_unit"):
    """Đơn vị bầu cử (Art. 10). ĐBQH and HĐND tỉnh units are unions of whole
    communes (listed in `electoral_unit_commune`); an HĐND xã unit is a part of
    one commune, described by the hamlets or residential groups it covers."""

    id = Serial(primary_key=True)
    contest = ForeignKey(references=Contest, on_delete=OnDelete.restrict, null=False, index=True)
    # The province the unit lies in (ĐBQH units are numbered per province).
    province = ForeignKey(references=Province, on_delete=OnDelete.restrict, null=False)
    # Only for HĐND xã units: the commune the unit is part of.
    commune = ForeignKey(references=Commune, on_delete=OnDelete.restrict, null=True, default=None)
    number = Integer()
    name = Varchar(length=200)
    seats = Integer()
    description = Text(default="")
    announced_on = Date(null=True, default=None)
    list_finalized_at = Timestamptz(null=True, default=None)
    # Force-majeure decision (NEC or Ủy ban) accepting a list short of the
    # legal minimum (Art. 57(6), 58(3)).
    shortfall_decision = Varchar(length=200, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class ElectoralUnitCommune(Table, tablename="electoral_unit_commune"):
    unit = ForeignKey(references=ElectoralUnit, on_delete=OnDelete.cascade, null=False, index=True)
    commune = ForeignKey(references=Commune, on_delete=OnDelete.restrict, null=False, index=True)
    # Denormalized from the unit so one commune belongs to one unit per contest
    # (a unique index on (contest, commune)).
    contest = ForeignKey(references=Contest, on_delete=OnDelete.restrict, null=False)


class RemovalReason(LabelledChoice):
    """Art. 60 and 61(2): why a name is struck from the official list."""

    PROSECUTED = "prosecuted", "Bị khởi tố bị can, bị bắt quả tang phạm tội"
    LOST_CAPACITY = "lost_capacity", "Mất năng lực hành vi dân sự"
    DEAD = "dead", "Chết"
    SERIOUS_VIOLATION = "serious_violation", "Vi phạm nghiêm trọng pháp luật về bầu cử"
    STANDARDS_NOT_MET = (
        "standards_not_met",
        "Không đủ tiêu chuẩn (qua giải quyết khiếu nại, tố cáo)",
    )


class Candidate(Table, tablename="candidate"):
    """A person on the official list of one electoral unit: the fields of Art.
    57(5) as the columns of the official lists print them (models 16, 17 and
    22 of Resolution 40/NQ-HĐBCQG)."""

    id = Serial(primary_key=True)
    unit = ForeignKey(references=ElectoralUnit, on_delete=OnDelete.restrict, null=False, index=True)
    # Số định danh cá nhân, when known: identifies the person across lists (Art. 36).
    personal_id = Varchar(length=12, null=True, default=None, index=True)
    full_name = Varchar(length=150)
    other_name = Varchar(length=150, default="")
    date_of_birth = Date()
    sex = Varchar(length=8, choices=Sex)
    nationality = Varchar(length=50, default="Việt Nam")
    hometown = Varchar(length=300, default="")
    residence = Varchar(length=300, default="")
    ethnicity = Varchar(length=50, default="Kinh")
    religion = Varchar(length=50, default="Không")
    # Trình độ: giáo dục phổ thông ("12/12"), chuyên môn, nghiệp vụ, học hàm,
    # học vị, lý luận chính trị, ngoại ngữ: the five columns of the models.
    education = Varchar(length=50, default="")
    qualification = Varchar(length=300, default="")
    academic_title = Varchar(length=200, default="")
    political_theory = Varchar(length=100, default="")
    foreign_language = Varchar(length=200, default="")
    occupation_position = Varchar(length=300, default="")
    workplace = Varchar(length=300, default="")
    party_joined = Date(null=True, default=None)
    # "Là đại biểu QH (nếu có)" and "Là đại biểu HĐND (nếu có)".
    assembly_deputy = Varchar(length=200, default="")
    current_deputy = Varchar(length=200, default="")
    note = Varchar(length=300, default="")
    # Art. 57(5) order as a byte-comparable string (see ballot_order.py).
    ballot_sort_key = Varchar(length=600, default="")
    removed_on = Date(null=True, default=None)
    removal_reason = Varchar(length=32, null=True, default=None, choices=RemovalReason)
    removal_decision = Varchar(length=200, default="")
    created_at = Timestamptz(default=TimestamptzNow())
