"""Voter lists (danh sách cử tri): entries, list state per polling area,
complaints (Art. 33) and certificates to vote elsewhere (Art. 34)."""

from piccolo.columns import (
    BigInt,
    BigSerial,
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

from election.choices import LabelledChoice
from election.elections.tables import Election
from election.geography.tables import Commune
from election.stations.tables import PollingArea


class ResidenceCategory(LabelledChoice):
    """Where and why a voter is listed; decides the ballots (Art. 29–30, 34)."""

    PERMANENT = "permanent", "Thường trú"
    TEMPORARY_LONG = "temporary_long", "Tạm trú từ 12 tháng trở lên"
    TEMPORARY_SHORT = "temporary_short", "Tạm trú dưới 12 tháng"
    ARMED_FORCES = "armed_forces", "Quân nhân ở đơn vị vũ trang"
    DETENTION = "detention", "Tạm giam, tạm giữ, cơ sở giáo dục, cai nghiện bắt buộc"
    RETURNED_PERMANENT = "returned_permanent", "Từ nước ngoài về, nơi thường trú"
    RETURNED_TEMPORARY = "returned_temporary", "Từ nước ngoài về, nơi tạm trú"
    CERTIFICATE = "certificate", "Có giấy chứng nhận bỏ phiếu ở nơi khác"


class VoterStatus(LabelledChoice):
    LISTED = "listed", "Có tên trong danh sách"
    STRUCK_OFF = "struck_off", "Đã xóa tên"
    EXCLUDED = "excluded", "Không được ghi tên"


class Exclusion(LabelledChoice):
    """Art. 30(1): who is not written on a voter list."""

    COURT_DEPRIVED = "court_deprived", "Bị tước quyền bầu cử theo bản án, quyết định của Tòa án"
    DEATH_SENTENCE = "death_sentence", "Bị kết án tử hình đang chờ thi hành án"
    IMPRISONED = "imprisoned", "Đang chấp hành hình phạt tù mà không được hưởng án treo"
    LOST_CAPACITY = "lost_capacity", "Mất năng lực hành vi dân sự"


class Voter(Table, tablename="voter"):
    """One citizen's entry. Only one active entry per citizen in an election
    (Art. 29(2)): a partial unique index over listed entries not voting
    elsewhere."""

    id = BigSerial(primary_key=True)
    election = ForeignKey(references=Election, on_delete=OnDelete.restrict, null=False)
    polling_area = ForeignKey(references=PollingArea, on_delete=OnDelete.restrict, null=False)
    commune = ForeignKey(references=Commune, on_delete=OnDelete.restrict, null=False)
    personal_id = Varchar(length=12)
    full_name = Varchar(length=150)
    # Lower case without diacritics, for search.
    search_name = Varchar(length=150)
    date_of_birth = Date()
    sex = Varchar(length=8)
    ethnicity = Varchar(length=50, default="")
    occupation = Varchar(length=150, default="")
    permanent_address = Varchar(length=300, default="")
    temporary_address = Varchar(length=300, default="")
    residence_category = Varchar(length=24, choices=ResidenceCategory)
    household_id = Varchar(length=40, default="")
    is_household_head = Boolean(default=False)
    # List order (by household, head first): set on import, kept afterwards.
    household_order = Integer(default=0)
    member_order = Integer(default=0)
    ballot_dbqh = Boolean(default=True)
    ballot_tinh = Boolean(default=True)
    ballot_xa = Boolean(default=True)
    status = Varchar(length=12, choices=VoterStatus, default=VoterStatus.LISTED)
    exclusion = Varchar(length=20, null=True, default=None, choices=Exclusion)
    exclusion_evidence = Varchar(length=300, default="")
    # The voter-card number = the sequence number in the posted list.
    card_number = Integer(null=True, default=None)
    voting_elsewhere = Boolean(default=False)
    voted_at = Timestamptz(null=True, default=None)
    import_batch = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class VoterList(Table, tablename="voter_list"):
    """The state of one polling area's list: finalized for posting (card
    numbers frozen from then on) and posted (niêm yết, Art. 32)."""

    id = Serial(primary_key=True)
    polling_area = ForeignKey(
        references=PollingArea, on_delete=OnDelete.cascade, null=False, unique=True
    )
    finalized_at = Timestamptz(null=True, default=None)
    finalized_by = Varchar(length=64, default="")
    posted_on = Date(null=True, default=None)
    posted_at_place = Varchar(length=300, default="")


class ComplaintOutcome(LabelledChoice):
    PENDING = "pending", "Đang giải quyết"
    ACCEPTED = "accepted", "Chấp nhận, sửa danh sách"
    REJECTED = "rejected", "Không chấp nhận"


class VoterComplaint(Table, tablename="voter_complaint"):
    """Art. 33: a complaint about the list, decided within five days."""

    id = Serial(primary_key=True)
    election = ForeignKey(references=Election, on_delete=OnDelete.restrict, null=False)
    commune = ForeignKey(references=Commune, on_delete=OnDelete.restrict, null=False, index=True)
    voter = ForeignKey(references=Voter, on_delete=OnDelete.restrict, null=True, default=None)
    complainant = Varchar(length=150)
    complainant_personal_id = Varchar(length=12, default="")
    received_on = Date()
    content = Text()
    decision_due = Date()
    outcome = Varchar(length=12, choices=ComplaintOutcome, default=ComplaintOutcome.PENDING)
    decided_on = Date(null=True, default=None)
    decision = Text(default="")
    created_by = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())


class VoteCertificate(Table, tablename="vote_certificate"):
    """Art. 34: the certificate to vote elsewhere, numbered per commune."""

    id = Serial(primary_key=True)
    election = ForeignKey(references=Election, on_delete=OnDelete.restrict, null=False)
    number = Varchar(length=32)
    voter = ForeignKey(references=Voter, on_delete=OnDelete.restrict, null=False, index=True)
    issued_on = Date()
    issued_by = Varchar(length=64)
    electronic = Boolean(default=False)
    destination_voter = BigInt(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
