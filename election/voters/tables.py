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
    # NQ 40, Mẫu số 31/HĐBC, column (7c): listed where they live now, having
    # registered neither a permanent nor a temporary residence.
    CURRENT_RESIDENCE = "current_residence", "Nơi ở hiện tại (chưa đăng ký thường trú, tạm trú)"


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
    # Nơi ở hiện tại (Mẫu số 31/HĐBC, column 7c): where the voter lives now.
    current_address = Varchar(length=300, default="")
    # When the temporary residence was registered: the list's remark for a
    # voter listed there (Mẫu số 31/HĐBC, column 11).
    temporary_since = Date(null=True, default=None)
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
    # Why a listed entry was struck off (Art. 30(3)-(5)): the list's remark.
    removal_reason = Varchar(length=300, default="")
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


class CertificateKind(LabelledChoice):
    """The two certificates that let a listed voter vote on another list."""

    ELSEWHERE = "elsewhere", "Giấy chứng nhận để cử tri tham gia bỏ phiếu ở nơi khác"
    SOLDIER = "soldier", "Giấy chứng nhận cử tri là quân nhân tham gia bỏ phiếu ở nơi cư trú"


class VoteCertificate(Table, tablename="vote_certificate"):
    """A certificate to vote on another list, numbered per commune and kind:
    to vote elsewhere (Art. 34, Mẫu số 11/HĐBC), issued by the commune of the
    list; or a soldier's to vote at home (Art. 31(2), Mẫu số 12/HĐBC), issued
    by the unit's commander and recorded by the commune where the unit is."""

    id = Serial(primary_key=True)
    election = ForeignKey(references=Election, on_delete=OnDelete.restrict, null=False)
    kind = Varchar(length=12, choices=CertificateKind, default=CertificateKind.ELSEWHERE)
    number = Varchar(length=32)
    voter = ForeignKey(references=Voter, on_delete=OnDelete.restrict, null=False, index=True)
    issued_on = Date()
    issued_by = Varchar(length=64)
    electronic = Boolean(default=False)
    # The commune where the holder will vote (both models name it).
    destination_commune = ForeignKey(
        references=Commune, on_delete=OnDelete.restrict, null=True, default=None
    )
    # Mẫu số 11: "Nơi ở hiện nay", where the voter now lives, if not the card's.
    current_address = Varchar(length=300, default="")
    # Mẫu số 12: the armed-forces unit, and the soldier's residence outside it
    # (its address and kind, which decide the ballots at home).
    unit_name = Varchar(length=200, default="")
    home_address = Varchar(length=300, default="")
    home_category = Varchar(length=24, null=True, default=None, choices=ResidenceCategory)
    commander = Varchar(length=150, default="")
    destination_voter = BigInt(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
