"""SQL on the tally tables: sheets, entries and their votes, and the unit's running sums.

Two concepts every statement here shares are defined once: the entry a
sheet stands for (`stands_for`), and the change of a sheet's state with the
unit's running sums (`sheet_change`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from election.audit import queries as audit_queries
from election.elections.tables import ContestLevel
from election.sql import Json, query
from election.tallies import rules
from election.tallies.tables import EntryKind, RoundKind, SheetState
from election.voters.queries import holds_ballot, on_list


def stands_for(sheet: str = "s") -> str:
    """The entry a sheet stands for: the approved one, else the verified one,
    else the latest submitted one (NULL while nothing has been entered)."""
    return f"COALESCE({sheet}.approved_entry, {sheet}.verified_entry, {sheet}.submitted_entry)"


# A unit's running sums are spread over UNIT_TALLY_SHARDS rows per unit and
# round (sheet id % shards): the sheets of one unit seldom wait on each
# other's row to commit. Readers sum the shards.
UNIT_TALLY_SHARDS = 16


# --------------------------------------------------------------------------
# The sheet and what it needs


@dataclass(frozen=True)
class CandidateLine:
    id: int
    full_name: str
    date_of_birth: dt.date
    sex: str


@dataclass(frozen=True)
class SheetContext:
    """A sheet with its place, unit and round, the listed voters of its ballot
    scope (Art. 76(2)(a)) and the names on its ballot."""

    id: int
    state: SheetState
    polling_area_id: int
    polling_area_number: int
    polling_area_name: str
    commune_code: str
    commune_name: str
    province_code: str
    contest_id: int
    contest_name: str
    level: ContestLevel
    unit_id: int
    unit_name: str
    unit_number: int
    seats: int
    election_id: int
    round_id: int | None
    round_kind: RoundKind
    needs_review: bool
    review_comment: str
    submitted_entry: int | None
    verified_entry: int | None
    approved_entry: int | None
    # The day this sheet's votes are counted (election day, an approved early
    # vote in the area, or a follow-up round's day) and when voting opens.
    counting_day: dt.date
    voting_opens: dt.time
    voters_on_list_from_list: int
    candidates: list[CandidateLine]
    # The area's other first-round contests as entered so far: (level, voters
    # who took part, voters on the list), for the checks of Art. 76(2).
    other_contests: list[tuple[str, int, int]]

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def level_label(self) -> str:
        return self.level.label


SHEET_COLUMNS = f"""
    s.id, s.state, s.polling_area AS polling_area_id, pa.number AS polling_area_number,
    pa.name AS polling_area_name, pa.commune AS commune_code, c.name AS commune_name,
    c.province AS province_code, s.contest AS contest_id, ct.name AS contest_name, ct.level,
    s.unit AS unit_id, u.name AS unit_name, u.number AS unit_number, u.seats,
    ct.election AS election_id, s.unit_round AS round_id,
    COALESCE(r.kind, 'first') AS round_kind, s.needs_review, s.review_comment,
    s.submitted_entry, s.verified_entry, s.approved_entry,
    COALESCE(r.voting_day, pa.early_voting_date, el.election_day) AS counting_day,
    el.voting_opens,
    (SELECT count(*) FROM voter v
     WHERE v.polling_area = s.polling_area AND {on_list("v")}
       AND {holds_ballot("ct.level", "v")}) AS voters_on_list_from_list,
    COALESCE((SELECT json_agg(json_build_object('id', cd.id, 'full_name', cd.full_name,
                                                'date_of_birth', cd.date_of_birth, 'sex', cd.sex)
                              ORDER BY cd.ballot_sort_key COLLATE "C", cd.id)
              FROM candidate cd WHERE cd.unit = s.unit AND cd.removed_on IS NULL)::text,
             '[]') AS candidates,
    COALESCE((SELECT json_agg(json_build_array(oc.level, oe.voters_took_part, oe.voters_on_list))
              FROM tally_sheet os JOIN contest oc ON oc.id = os.contest
              JOIN tally_entry oe ON oe.id = {stands_for("os")}
              WHERE os.polling_area = s.polling_area AND os.unit_round IS NULL
                AND os.id <> s.id)::text,
             '[]') AS other_contests
"""
SHEET_JOINS = """
    FROM tally_sheet s
    JOIN polling_area pa ON pa.id = s.polling_area
    JOIN commune c ON c.code = pa.commune
    JOIN contest ct ON ct.id = s.contest
    JOIN election el ON el.id = ct.election
    JOIN electoral_unit u ON u.id = s.unit
    LEFT JOIN unit_round r ON r.id = s.unit_round
"""


@query(f"SELECT {SHEET_COLUMNS} {SHEET_JOINS} WHERE s.id = :sheet_id")
async def sheet(*, sheet_id: int) -> SheetContext | None: ...


@query("""
    SELECT id, full_name, date_of_birth, sex FROM candidate
    WHERE unit = :unit_id AND removed_on IS NULL ORDER BY ballot_sort_key COLLATE "C", id
""")
async def ballot_candidates(*, unit_id: int) -> list[CandidateLine]: ...


@query("""
    SELECT jsonb_array_elements_text(determination -> 'winners')::int FROM (
        SELECT determination FROM unit_result
        WHERE unit = :unit_id AND unit_round IS NULL ORDER BY id DESC LIMIT 1
    ) latest
""")
async def first_round_winners(*, unit_id: int) -> list[int]: ...


@query("""
    SELECT unit FROM polling_area_unit WHERE polling_area = :polling_area_id AND contest = :contest_id
""")
async def unit_of_area(*, polling_area_id: int, contest_id: int) -> int | None: ...


@query("""
    SELECT r.unit FROM unit_round r JOIN polling_area_unit pu ON pu.unit = r.unit
    WHERE r.id = :round_id AND pu.polling_area = :polling_area_id AND pu.contest = :contest_id
""")
async def unit_of_round(*, round_id: int, polling_area_id: int, contest_id: int) -> int | None: ...


@query("""
    INSERT INTO tally_sheet (polling_area, contest, unit, unit_round, state, needs_review,
                             review_comment, reviewed_by, approved_by)
    VALUES (:polling_area_id, :contest_id, :unit_id, :round_id, 'draft', false, '', '', '')
    ON CONFLICT (polling_area, contest, COALESCE(unit_round, 0)) DO UPDATE SET unit = EXCLUDED.unit
    RETURNING id
""")
async def ensure_sheet(
    *, polling_area_id: int, contest_id: int, unit_id: int, round_id: int | None
) -> int: ...


@query("""
    SELECT contest FROM polling_area_unit WHERE polling_area = :polling_area_id ORDER BY contest
""")
async def contests_of_area(*, polling_area_id: int) -> list[int]: ...


# --------------------------------------------------------------------------
# Entries


@dataclass(frozen=True)
class EntryRow:
    """One typing of the paper minutes (or its verification or correction)."""

    id: int
    sheet_id: int
    version: int
    kind: EntryKind
    voters_on_list: int
    voters_took_part: int
    ballots_issued: int
    ballots_received: int
    valid: int
    invalid: int
    complaints_received: int
    complaints_settled: int
    complaints_forwarded: int
    unused_ballots: int | None
    ballots_delivered: int | None
    closing_time: dt.time | None
    signatories: dict[str, Any]
    reason: str
    warnings: list[dict[str, Any]]
    entered_by: str
    entered_at: dt.datetime
    matches_entry: int | None
    votes: dict[int, int]

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def figures(self) -> rules.SheetFigures:
        return rules.SheetFigures(
            voters_on_list=self.voters_on_list,
            voters_took_part=self.voters_took_part,
            ballots_issued=self.ballots_issued,
            ballots_received=self.ballots_received,
            valid=self.valid,
            invalid=self.invalid,
            votes=self.votes,
            complaints_received=self.complaints_received,
            complaints_settled=self.complaints_settled,
            complaints_forwarded=self.complaints_forwarded,
            unused_ballots=self.unused_ballots,
            ballots_delivered=self.ballots_delivered,
        )


ENTRY_COLUMNS = """
    e.id, e.sheet AS sheet_id, e.version, e.kind, e.voters_on_list, e.voters_took_part,
    e.ballots_issued, e.ballots_received, e.valid, e.invalid, e.complaints_received,
    e.complaints_settled, e.complaints_forwarded, e.unused_ballots, e.ballots_delivered,
    e.closing_time, e.signatories, e.reason, e.warnings, e.entered_by, e.entered_at,
    e.matches_entry,
    COALESCE((SELECT json_object_agg(v.candidate, v.votes) FROM tally_vote v WHERE v.entry = e.id),
             '{}'::json) AS votes
"""


@query(f"SELECT {ENTRY_COLUMNS} FROM tally_entry e WHERE e.id = :entry_id")
async def entry(*, entry_id: int) -> EntryRow | None: ...


@query(f"SELECT {ENTRY_COLUMNS} FROM tally_entry e WHERE e.sheet = :sheet_id ORDER BY e.id")
async def entries_of_sheet(*, sheet_id: int) -> list[EntryRow]: ...


# --------------------------------------------------------------------------
# A submission: one read, the checks in Python, one guarded write


@dataclass(frozen=True)
class SubmissionRead(SheetContext):
    """The sheet as a submission reads it, with what the decision needs: the
    latest version, an id for the new entry, a stored response to the request's
    idempotency key, and the latest entry of that version by someone else (the
    one to compare with)."""

    latest_version: int
    next_entry_id: int
    stored_response: Json
    previous: EntryRow | None


@query(f"""
    SELECT {SHEET_COLUMNS},
        x.latest AS latest_version,
        nextval(pg_get_serial_sequence('tally_entry', 'id')) AS next_entry_id,
        (SELECT ir.response FROM tally_entry ir
         WHERE :idempotency_key::text IS NOT NULL AND ir.entered_by = :username
           AND ir.idempotency_key = :idempotency_key) AS stored_response,
        (SELECT row_to_json(o)::text FROM (
            SELECT {ENTRY_COLUMNS} FROM tally_entry e
            WHERE e.sheet = s.id AND e.version = GREATEST(x.latest, 1) AND e.entered_by <> :username
            ORDER BY e.id DESC LIMIT 1) o) AS previous
    {SHEET_JOINS}
    CROSS JOIN LATERAL (
        SELECT COALESCE(max(version), 0) AS latest FROM tally_entry WHERE sheet = s.id
    ) x
    WHERE s.id = :sheet_id
""")
async def read_for_submission(
    *, sheet_id: int, username: str, idempotency_key: str | None
) -> SubmissionRead | None: ...


def sheet_row(update: str, guard: str = "") -> str:
    """The CTE `sheet_row`: the sheet `:sheet_id` changed by `update` (an UPDATE
    … SET …), where `guard` (more conditions) holds. Its lock comes first."""
    return f"""
    sheet_row AS (
        {update} WHERE id = :sheet_id {guard} RETURNING id
    )
    """


def unit_sums(*, new_figures: str, new_votes: str, after_locks: str) -> str:
    """The CTEs moving the unit's running sums from the entry the sheet stood
    for (`:old_entry`) to the one it stands for now (`:new_entry`, whose
    figures and votes `new_figures` and `new_votes` read; both NULL when the
    sheet keeps standing for the same entry, and only the counts move).
    `after_locks` orders the unit's lock after those of the caller's earlier
    CTEs. Parameters: `:sheet_id`, `:unit_id`, `:round_key`, `:old_entry`,
    `:new_entry`, `:reported_change`, `:approved_change`."""
    return f"""
    delta AS (
        SELECT COALESCE(n.voters_on_list, 0) - COALESCE(o.voters_on_list, 0) AS voters_on_list,
               COALESCE(n.voters_took_part, 0) - COALESCE(o.voters_took_part, 0) AS took_part,
               COALESCE(n.ballots_issued, 0) - COALESCE(o.ballots_issued, 0) AS issued,
               COALESCE(n.ballots_received, 0) - COALESCE(o.ballots_received, 0) AS received,
               COALESCE(n.valid, 0) - COALESCE(o.valid, 0) AS valid,
               COALESCE(n.invalid, 0) - COALESCE(o.invalid, 0) AS invalid
        FROM (SELECT 1) one
        LEFT JOIN ({new_figures}) n ON true
        LEFT JOIN tally_entry o ON o.id = :old_entry::bigint
    ),
    unit_row AS (
        INSERT INTO unit_tally AS t (unit, round_key, shard, reported, approved, locked,
            voters_on_list, voters_took_part, ballots_issued, ballots_received, valid, invalid)
        SELECT :unit_id::int, :round_key::int, :sheet_id % {UNIT_TALLY_SHARDS},
               :reported_change::int, :approved_change::int, false, d.voters_on_list,
               d.took_part, d.issued, d.received, d.valid, d.invalid
        FROM delta d
        WHERE {after_locks}
        ON CONFLICT (unit, round_key, shard) DO UPDATE SET
            reported = t.reported + EXCLUDED.reported,
            approved = t.approved + EXCLUDED.approved,
            voters_on_list = t.voters_on_list + EXCLUDED.voters_on_list,
            voters_took_part = t.voters_took_part + EXCLUDED.voters_took_part,
            ballots_issued = t.ballots_issued + EXCLUDED.ballots_issued,
            ballots_received = t.ballots_received + EXCLUDED.ballots_received,
            valid = t.valid + EXCLUDED.valid,
            invalid = t.invalid + EXCLUDED.invalid
        RETURNING 1
    ),
    candidate_rows AS (
        -- The unit's shard row is locked first (the candidate rows wait for
        -- it), so two sheets of one shard never deadlock on the candidate rows.
        INSERT INTO unit_candidate_tally AS t (unit, round_key, shard, candidate, votes)
        SELECT :unit_id::int, :round_key::int, :sheet_id % {UNIT_TALLY_SHARDS}, x.candidate,
               sum(x.votes)
        FROM (
            {new_votes}
            UNION ALL
            SELECT candidate, -votes FROM tally_vote WHERE entry = :old_entry::bigint
        ) x
        WHERE (SELECT count(*) FROM unit_row) > 0
        GROUP BY x.candidate
        ORDER BY x.candidate
        ON CONFLICT (unit, round_key, candidate, shard) DO UPDATE SET votes = t.votes + EXCLUDED.votes
        RETURNING 1
    )
    """


# What a change returns: rows written, 0 when the sheet was not as read.
_CHANGED = "SELECT (SELECT count(*) FROM sheet_row) + (SELECT count(*) FROM candidate_rows)"


# A submission in one statement, written only if the sheet is still as the
# submission read it (its state and the entry it last received): the sheet's
# row first (its lock), then the audit event (its chain's lock), the entry
# and its votes, and the unit's running sums (the shard's lock), which read
# the sheet's new figures and votes from the entry's own rows. It returns 0,
# having written nothing, when the sheet has changed meanwhile.
@query(f"""
    WITH {
    sheet_row(
        '''
        UPDATE tally_sheet SET state = :new_state::text, submitted_entry = :entry_id,
            verified_entry = CASE WHEN :new_state::text = 'verified' THEN :entry_id::bigint END,
            needs_review = :needs_review,
            review_comment = CASE WHEN :new_state::text = 'verified' THEN '' ELSE review_comment END,
            reviewed_by = CASE WHEN :new_state::text = 'verified' THEN '' ELSE reviewed_by END,
            updated_at = now()
        ''',
        guard="AND state = :read_state::text "
        "AND submitted_entry IS NOT DISTINCT FROM :read_submitted_entry::bigint",
    )
},
    {audit_queries.append_ctes("EXISTS (SELECT 1 FROM sheet_row)")},
    entry_row AS (
        INSERT INTO tally_entry (id, sheet, version, kind, voters_on_list, voters_took_part,
            ballots_issued, ballots_received, valid, invalid, complaints_received,
            complaints_settled, complaints_forwarded, unused_ballots, ballots_delivered,
            closing_time, signatories, reason, warnings, entered_by, entered_by_id,
            entered_at, idempotency_key, matches_entry, response)
        SELECT :entry_id, :sheet_id, :version, :kind, :voters_on_list, :voters_took_part,
            :ballots_issued, :ballots_received, :valid, :invalid, :complaints_received,
            :complaints_settled, :complaints_forwarded, :unused_ballots, :ballots_delivered,
            :closing_time, :signatories::jsonb, :reason, :warnings::jsonb, :entered_by,
            :entered_by_id, :entered_at, :idempotency_key, :matches_entry, :response::jsonb
        FROM audit_event_row
        RETURNING id, voters_on_list, voters_took_part, ballots_issued, ballots_received, valid,
            invalid
    ),
    vote_rows AS (
        INSERT INTO tally_vote (entry, candidate, votes)
        SELECT entry_row.id, t.candidate, t.votes
        FROM entry_row, unnest(:vote_candidates::int[], :vote_counts::int[]) AS t(candidate, votes)
        RETURNING candidate, votes
    ),
    {
    unit_sums(
        new_figures="SELECT * FROM entry_row WHERE :new_entry::bigint IS NOT NULL",
        new_votes="SELECT candidate, votes FROM vote_rows WHERE :new_entry::bigint IS NOT NULL",
        after_locks="(SELECT count(*) FROM audit_event_row) > 0",
    )
}
    {_CHANGED}
""")
async def write_submission(
    *,
    # the sheet, as read and as it becomes
    sheet_id: int,
    read_state: SheetState,
    read_submitted_entry: int | None,
    new_state: SheetState,
    needs_review: bool,
    # the audit event
    audit_payload: str,
    audit_chain: int,
    # the entry
    entry_id: int,
    version: int,
    kind: EntryKind,
    voters_on_list: int,
    voters_took_part: int,
    ballots_issued: int,
    ballots_received: int,
    valid: int,
    invalid: int,
    complaints_received: int,
    complaints_settled: int,
    complaints_forwarded: int,
    unused_ballots: int | None,
    ballots_delivered: int | None,
    closing_time: dt.time | None,
    signatories: Json,
    reason: str,
    warnings: Json,
    entered_by: str,
    entered_by_id: int | None,
    entered_at: dt.datetime,
    idempotency_key: str | None,
    matches_entry: int | None,
    response: Json,
    vote_candidates: list[int],
    vote_counts: list[int],
    # the unit's running sums
    unit_id: int,
    round_key: int,
    old_entry: int | None,
    new_entry: int | None,
    reported_change: int,
    approved_change: int,
) -> int: ...


# An approval, after its audit event: the sheet stands for its verified entry,
# and the unit's sums move to it.
@query(f"""
    WITH {
    sheet_row(
        '''
        UPDATE tally_sheet SET state = 'approved', approved_entry = verified_entry,
            approved_by = :approved_by::text, approved_at = now(), review_comment = :comment,
            reviewed_by = CASE WHEN needs_review THEN :approved_by::text ELSE '' END,
            updated_at = now()
        '''
    )
},
    {
    unit_sums(
        new_figures="SELECT * FROM tally_entry WHERE id = :new_entry::bigint",
        new_votes="SELECT candidate, votes FROM tally_vote WHERE entry = :new_entry::bigint",
        after_locks="(SELECT count(*) FROM sheet_row) > 0",
    )
}
    {_CHANGED}
""")
async def write_approval(
    *,
    sheet_id: int,
    approved_by: str,
    comment: str,
    unit_id: int,
    round_key: int,
    old_entry: int | None,
    new_entry: int | None,
    reported_change: int,
    approved_change: int,
) -> int: ...


@dataclass(frozen=True)
class SheetForApproval:
    state: SheetState
    verified_entry: int | None
    stands_for: int | None


@query(f"""
    SELECT state, verified_entry, {stands_for("s")} AS stands_for
    FROM tally_sheet s WHERE id = :sheet_id FOR UPDATE
""")
async def lock_sheet_for_approval(*, sheet_id: int) -> SheetForApproval: ...


# --------------------------------------------------------------------------
# Attachments: the signed paper, kept beside the numbers


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime


_ATTACHMENT_COLUMNS = "id, filename, content_type, size, sha256, uploaded_by, uploaded_at"


@query("""
    INSERT INTO tally_attachment (sheet, filename, content_type, size, sha256, content, uploaded_by)
    VALUES (:sheet_id, :filename, :content_type, :size, :sha256, :content, :uploaded_by)
    RETURNING id
""")
async def insert_attachment(
    *,
    sheet_id: int,
    filename: str,
    content_type: str,
    size: int,
    sha256: str,
    content: bytes,
    uploaded_by: str,
) -> int: ...


@query(f"SELECT {_ATTACHMENT_COLUMNS} FROM tally_attachment WHERE sheet = :sheet_id ORDER BY id")
async def attachments_of_sheet(*, sheet_id: int) -> list[AttachmentRow]: ...


@dataclass(frozen=True)
class AttachmentWithContent(AttachmentRow):
    content: bytes


@query(f"""
    SELECT {_ATTACHMENT_COLUMNS}, content FROM tally_attachment
    WHERE id = :attachment_id AND sheet = :sheet_id
""")
async def attachment(*, attachment_id: int, sheet_id: int) -> AttachmentWithContent | None: ...


# --------------------------------------------------------------------------
# Results per unit (Art. 77, 78)


@query("SELECT kind FROM unit_round WHERE id = :round_id AND unit = :unit_id")
async def round_kind(*, round_id: int, unit_id: int) -> RoundKind | None: ...


@dataclass(frozen=True)
class UnitSums:
    """A unit's sheets counted by state, and the sums of the entries they stand for."""

    areas_total: int
    reported: int
    verified: int
    approved: int
    voters_on_list: int
    took_part: int
    issued: int
    received: int
    valid: int
    invalid: int
    locked: bool


@query(f"""
    WITH sheets AS (
        SELECT s.state, {stands_for("s")} AS entry FROM tally_sheet s
        WHERE s.unit = :unit_id AND s.unit_round IS NOT DISTINCT FROM :round_id::int
    )
    SELECT (SELECT count(*) FROM polling_area_unit WHERE unit = :unit_id) AS areas_total,
           count(*) FILTER (WHERE entry IS NOT NULL) AS reported,
           count(*) FILTER (WHERE state IN ('verified', 'approved', 'locked')) AS verified,
           count(*) FILTER (WHERE state IN ('approved', 'locked')) AS approved,
           COALESCE(sum(e.voters_on_list), 0)::bigint AS voters_on_list,
           COALESCE(sum(e.voters_took_part), 0)::bigint AS took_part,
           COALESCE(sum(e.ballots_issued), 0)::bigint AS issued,
           COALESCE(sum(e.ballots_received), 0)::bigint AS received,
           COALESCE(sum(e.valid), 0)::bigint AS valid,
           COALESCE(sum(e.invalid), 0)::bigint AS invalid,
           COALESCE(bool_or(s.state = 'locked'), false) AS locked
    FROM sheets s LEFT JOIN tally_entry e ON e.id = s.entry
""")
async def unit_sums_of_sheets(*, unit_id: int, round_id: int | None) -> UnitSums: ...


@dataclass(frozen=True)
class CandidateVotes:
    candidate: int
    votes: int


@query(f"""
    SELECT v.candidate, sum(v.votes)::bigint AS votes FROM tally_sheet s
    JOIN tally_vote v ON v.entry = {stands_for("s")}
    WHERE s.unit = :unit_id AND s.unit_round IS NOT DISTINCT FROM :round_id::int
    GROUP BY v.candidate
""")
async def unit_votes(*, unit_id: int, round_id: int | None) -> list[CandidateVotes]: ...


@query(f"""
    SELECT count(*) FROM voter v
    WHERE v.polling_area IN (SELECT polling_area FROM polling_area_unit WHERE unit = :unit_id)
      AND {on_list("v")} AND {holds_ballot(":level::text", "v")}
""")
async def unit_listed_voters(*, unit_id: int, level: ContestLevel) -> int: ...


@query("""
    UPDATE tally_sheet SET state = 'locked', updated_at = now()
    WHERE unit = :unit_id AND unit_round IS NOT DISTINCT FROM :round_id::int
""")
async def lock_unit_sheets(*, unit_id: int, round_id: int | None) -> None: ...


@query("UPDATE unit_tally SET locked = true WHERE unit = :unit_id AND round_key = :round_key")
async def lock_unit_tally(*, unit_id: int, round_key: int) -> None: ...


@query("""
    INSERT INTO unit_result (unit, unit_round, determination, finalized_by)
    VALUES (:unit_id, :round_id, :determination, :finalized_by)
""")
async def insert_unit_result(
    *, unit_id: int, round_id: int | None, determination: Json, finalized_by: str
) -> None: ...


@query("""
    SELECT determination FROM unit_result
    WHERE unit = :unit_id AND unit_round IS NULL ORDER BY id DESC LIMIT 1
""")
async def first_round_determination(*, unit_id: int) -> Json: ...


# --------------------------------------------------------------------------
# Rounds (Art. 79, 80)


@query("SELECT EXISTS (SELECT 1 FROM unit_round WHERE unit = :unit_id AND kind = :kind)")
async def round_exists(*, unit_id: int, kind: RoundKind) -> bool: ...


@query("""
    INSERT INTO unit_round (unit, kind, voting_day, decision, created_by)
    VALUES (:unit_id, :kind, :voting_day, :decision, :created_by) RETURNING id
""")
async def insert_round(
    *, unit_id: int, kind: RoundKind, voting_day: dt.date, decision: str, created_by: str
) -> int: ...


@dataclass(frozen=True)
class RoundRow:
    id: int
    kind: RoundKind
    voting_day: dt.date
    decision: str
    created_by: str
    created_at: dt.datetime
    unit_id: int

    @property
    def kind_label(self) -> str:
        return self.kind.label


@query("""
    SELECT id, kind, voting_day, decision, created_by, created_at, unit AS unit_id
    FROM unit_round WHERE unit = :unit_id ORDER BY id
""")
async def rounds_of_unit(*, unit_id: int) -> list[RoundRow]: ...


# --------------------------------------------------------------------------
# Progress


@dataclass(frozen=True)
class ProgressRow:
    sheets_total: int
    reported: int
    verified: int
    approved: int
    needs_review: int
    voters_on_list: int
    voters_took_part: int

    @property
    def turnout(self) -> Decimal:
        return rules.percent(self.voters_took_part, self.voters_on_list)


# ĐBQH sheets count turnout: every voter has that ballot.
@query(f"""
    WITH expected AS (
        SELECT pu.polling_area, pu.contest, pu.unit FROM polling_area_unit pu
        JOIN polling_area pa ON pa.id = pu.polling_area JOIN commune c ON c.code = pa.commune
        WHERE pa.election = :election_id
          AND (:province_code::text IS NULL OR c.province = :province_code)
          AND (:commune_code::text IS NULL OR pa.commune = :commune_code)
          AND (:unit_id::int IS NULL OR pu.unit = :unit_id)
    )
    SELECT count(*) AS sheets_total,
           count(s.submitted_entry) AS reported,
           count(*) FILTER (WHERE s.state IN ('verified', 'approved', 'locked')) AS verified,
           count(*) FILTER (WHERE s.state IN ('approved', 'locked')) AS approved,
           count(*) FILTER (WHERE s.needs_review AND s.state = 'verified') AS needs_review,
           COALESCE(sum(e.voters_on_list) FILTER (WHERE ct.level = 'dbqh'), 0)::bigint
               AS voters_on_list,
           COALESCE(sum(e.voters_took_part) FILTER (WHERE ct.level = 'dbqh'), 0)::bigint
               AS voters_took_part
    FROM expected x
    JOIN contest ct ON ct.id = x.contest
    LEFT JOIN tally_sheet s ON s.polling_area = x.polling_area AND s.contest = x.contest
         AND s.unit_round IS NULL
    LEFT JOIN tally_entry e ON e.id = {stands_for("s")}
""")
async def progress(
    *,
    election_id: int,
    province_code: str | None,
    commune_code: str | None,
    unit_id: int | None,
) -> ProgressRow: ...


@dataclass(frozen=True)
class AreaSheetStates:
    id: int
    number: int
    name: str
    commune_name: str
    # contest level → {"sheet", "state", "needs_review", "unit"}
    sheets: dict[str, dict[str, Any]]


@query("""
    SELECT pa.id, pa.number, pa.name, c.name AS commune_name,
           json_object_agg(ct.level, json_build_object(
               'sheet', s.id, 'state', COALESCE(s.state, 'draft'),
               'needs_review', COALESCE(s.needs_review, false), 'unit', pu.unit)
           ) AS sheets
    FROM polling_area pa
    JOIN commune c ON c.code = pa.commune
    JOIN polling_area_unit pu ON pu.polling_area = pa.id
    JOIN contest ct ON ct.id = pu.contest
    LEFT JOIN tally_sheet s ON s.polling_area = pa.id AND s.contest = pu.contest
         AND s.unit_round IS NULL
    WHERE pa.election = :election_id AND pa.commune = :commune_code
    GROUP BY pa.id, pa.number, pa.name, c.name
    ORDER BY pa.number
""")
async def commune_sheet_states(*, election_id: int, commune_code: str) -> list[AreaSheetStates]: ...


@dataclass(frozen=True)
class UnitAreaSheet:
    polling_area_id: int
    number: int
    name: str
    commune_name: str
    sheet_id: int | None
    state: SheetState
    needs_review: bool
    voters_on_list: int | None
    voters_took_part: int | None
    valid: int | None
    invalid: int | None

    @property
    def state_label(self) -> str:
        return self.state.label


@query(f"""
    SELECT pa.id AS polling_area_id, pa.number, pa.name, c.name AS commune_name,
           s.id AS sheet_id, COALESCE(s.state, 'draft') AS state,
           COALESCE(s.needs_review, false) AS needs_review,
           e.voters_on_list, e.voters_took_part, e.valid, e.invalid
    FROM polling_area_unit pu
    JOIN polling_area pa ON pa.id = pu.polling_area
    JOIN commune c ON c.code = pa.commune
    LEFT JOIN tally_sheet s ON s.polling_area = pu.polling_area AND s.contest = pu.contest
         AND s.unit_round IS NOT DISTINCT FROM :round_id::int
    LEFT JOIN tally_entry e ON e.id = {stands_for("s")}
    WHERE pu.unit = :unit_id
    ORDER BY c.code, pa.number
""")
async def unit_sheet_states(*, unit_id: int, round_id: int | None) -> list[UnitAreaSheet]: ...


@dataclass(frozen=True)
class Complaints:
    received: int
    settled: int
    forwarded: int


@query(f"""
    SELECT COALESCE(sum(e.complaints_received), 0)::bigint AS received,
           COALESCE(sum(e.complaints_settled), 0)::bigint AS settled,
           COALESCE(sum(e.complaints_forwarded), 0)::bigint AS forwarded
    FROM tally_sheet s
    JOIN tally_entry e ON e.id = {stands_for("s")}
    WHERE s.unit = :unit_id AND s.unit_round IS NOT DISTINCT FROM :round_id::int
""")
async def unit_complaints(*, unit_id: int, round_id: int | None) -> Complaints: ...
