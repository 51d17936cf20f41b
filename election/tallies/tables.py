"""Tally sheets (biên bản kết quả kiểm phiếu): documents with states and versions.

A sheet is one polling area × one contest × one round. Every typed entry of
the paper is kept as its own row (`tally_entry`) with its candidate votes in
`tally_vote`; the sheet points to the entries that were submitted, verified
(matched by a second, independent entry) and approved. Nothing is updated in
place: a correction is a new entry with a reason.
"""

from piccolo.columns import (
    JSONB,
    Array,
    BigInt,
    BigSerial,
    Boolean,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    Serial,
    SmallInt,
    Text,
    Time,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from election.choices import LabelledChoice
from election.elections.tables import Candidate, Contest, ElectoralUnit
from election.stations.tables import PollingArea


class RoundKind(LabelledChoice):
    FIRST = "first", "Bầu cử lần đầu"
    SUPPLEMENTARY = "supplementary", "Bầu cử thêm (Điều 79)"
    RERUN = "rerun", "Bầu cử lại (Điều 80)"
    ANNULMENT = "annulment", "Bầu cử lại sau khi hủy bỏ kết quả (Điều 81)"


class SheetState(LabelledChoice):
    DRAFT = "draft", "Chưa nhập"
    SUBMITTED = "submitted", "Đã nhập, chờ kiểm tra chéo"
    VERIFIED = "verified", "Đã kiểm tra chéo"
    APPROVED = "approved", "Ban bầu cử đã phê duyệt"
    LOCKED = "locked", "Đã khóa"


class EntryKind(LabelledChoice):
    ENTRY = "entry", "Nhập lần đầu"
    VERIFICATION = "verification", "Nhập kiểm tra chéo"
    CORRECTION = "correction", "Đính chính sau phê duyệt"


class UnitRound(Table, tablename="unit_round"):
    """A follow-up round of one electoral unit: bầu cử thêm (Art. 79), bầu cử
    lại (Art. 80), or the re-run the National Election Council orders after
    annulling the result of some polling areas or of the whole unit (Art. 81).

    The decision is recorded with its number (`decision`), date and reason.
    An Art. 81 round of some polling areas lists them in `polling_areas`: only
    they vote again, and the round's result counts the other areas' first
    round. NULL: the whole unit votes again.
    """

    id = Serial(primary_key=True)
    unit = ForeignKey(references=ElectoralUnit, on_delete=OnDelete.restrict, null=False, index=True)
    kind = Varchar(length=16, choices=RoundKind)
    voting_day = Date()
    decision = Varchar(length=200, default="")
    decision_date = Date(null=True, default=None)
    reason = Text(default="")
    polling_areas = Array(base_column=Integer(), null=True, default=None)
    created_by = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())


class TallySheet(Table, tablename="tally_sheet"):
    id = Serial(primary_key=True)
    polling_area = ForeignKey(references=PollingArea, on_delete=OnDelete.restrict, null=False)
    contest = ForeignKey(references=Contest, on_delete=OnDelete.restrict, null=False)
    unit = ForeignKey(references=ElectoralUnit, on_delete=OnDelete.restrict, null=False, index=True)
    # None for the first round.
    unit_round = ForeignKey(
        references=UnitRound, on_delete=OnDelete.restrict, null=True, default=None
    )
    state = Varchar(length=12, choices=SheetState, default=SheetState.DRAFT)
    submitted_entry = BigInt(null=True, default=None)
    verified_entry = BigInt(null=True, default=None)
    approved_entry = BigInt(null=True, default=None)
    # Warnings send a sheet to review: a board member decides with a comment.
    needs_review = Boolean(default=False)
    review_comment = Text(default="")
    reviewed_by = Varchar(length=64, default="")
    approved_by = Varchar(length=64, default="")
    approved_at = Timestamptz(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())


class TallyEntry(Table, tablename="tally_entry"):
    """One typed copy of the paper minutes (Art. 76(2) fields)."""

    id = BigSerial(primary_key=True)
    sheet = ForeignKey(references=TallySheet, on_delete=OnDelete.restrict, null=False, index=True)
    version = Integer()
    kind = Varchar(length=16, choices=EntryKind)
    voters_on_list = Integer()
    voters_took_part = Integer()
    ballots_issued = Integer()
    ballots_received = Integer()
    valid = Integer()
    invalid = Integer()
    complaints_received = Integer(default=0)
    complaints_settled = Integer(default=0)
    complaints_forwarded = Integer(default=0)
    unused_ballots = Integer(null=True, default=None)
    ballots_delivered = Integer(null=True, default=None)
    # Ballots a voter spoiled and exchanged for a new one (Mẫu số 32/HĐBC).
    spoiled_ballots = Integer(null=True, default=None)
    # When voting opened and closed, and when the count ended (the minutes'
    # times, Mẫu số 18/23).
    voting_opened = Time(null=True, default=None)
    voting_closed = Time(null=True, default=None)
    closing_time = Time(null=True, default=None)
    # The team members present, and the witnesses of the box check and of the
    # count with where they live; the head, the secretary, the witnesses sign.
    signatories = JSONB(default="{}")
    # What happened on the day and in the count, and how the team settled it;
    # what it could not settle, and its recommendations (Art. 75, 76(2)(h)).
    incidents = Text(default="")
    recommendations = Text(default="")
    # Why voters_on_list differs from the voter list, or why a correction.
    reason = Text(default="")
    warnings = JSONB(default="[]")
    entered_by = Varchar(length=64)
    entered_by_id = Integer(null=True, default=None)
    entered_at = Timestamptz(default=TimestamptzNow())
    # A client-chosen key: a retried submission returns the stored response.
    idempotency_key = Varchar(length=100, null=True, default=None)
    response = JSONB(null=True, default=None)
    matches_entry = BigInt(null=True, default=None)


class TallyVote(Table, tablename="tally_vote"):
    entry = ForeignKey(references=TallyEntry, on_delete=OnDelete.restrict, null=False)
    # A candidate's id, kept to an existing candidate by triggers rather than a
    # foreign key, whose row locks on a unit's few candidates serialized its
    # entries (migration 2026-12-04T18:50).
    candidate = Integer()
    votes = Integer()


class TallyAttachment(Table, tablename="tally_attachment"):
    """A photo or scan of the signed paper minutes, kept beside the numbers."""

    id = Serial(primary_key=True)
    sheet = ForeignKey(references=TallySheet, on_delete=OnDelete.restrict, null=False, index=True)
    filename = Varchar(length=255)
    content_type = Varchar(length=64)
    size = Integer()
    sha256 = Varchar(length=64)
    content = Bytea()
    uploaded_by = Varchar(length=64)
    uploaded_at = Timestamptz(default=TimestamptzNow())


class UnitResult(Table, tablename="unit_result"):
    """The board's determination for a unit and round, as finalized (Art. 77)."""

    id = Serial(primary_key=True)
    unit = ForeignKey(references=ElectoralUnit, on_delete=OnDelete.restrict, null=False)
    unit_round = ForeignKey(
        references=UnitRound, on_delete=OnDelete.restrict, null=True, default=None
    )
    determination = JSONB()
    finalized_by = Varchar(length=64)
    finalized_at = Timestamptz(default=TimestamptzNow())


class UnitTally(Table, tablename="unit_tally"):
    """Running sums of one unit's sheets in one round, over the entry each
    sheet stands for (approved, else verified, else submitted).

    Kept by the transactions that move a sheet's entry (submission,
    verification, approval), so a national aggregate reads one row per unit
    instead of every sheet; `rebuild_unit_tallies` recomputes them from the
    sheets, and a test checks both agree.
    """

    id = Serial(primary_key=True)
    unit = ForeignKey(references=ElectoralUnit, on_delete=OnDelete.restrict, null=False)
    # 0 for the first round, else the unit_round id.
    round_key = Integer(default=0)
    # A sheet's changes go to the shard `sheet id % UNIT_TALLY_SHARDS` (services), so the
    # sheets of one unit do not queue on one row; readers sum the shards.
    shard = SmallInt(default=0)
    reported = Integer(default=0)
    approved = Integer(default=0)
    locked = Boolean(default=False)
    voters_on_list = BigInt(default=0)
    voters_took_part = BigInt(default=0)
    ballots_issued = BigInt(default=0)
    ballots_received = BigInt(default=0)
    valid = BigInt(default=0)
    invalid = BigInt(default=0)


class UnitCandidateTally(Table, tablename="unit_candidate_tally"):
    """Running sum of one candidate's votes in one unit and round (see UnitTally)."""

    id = BigSerial(primary_key=True)
    unit = ForeignKey(references=ElectoralUnit, on_delete=OnDelete.restrict, null=False)
    round_key = Integer(default=0)
    shard = SmallInt(default=0)
    candidate = ForeignKey(references=Candidate, on_delete=OnDelete.restrict, null=False)
    votes = BigInt(default=0)
