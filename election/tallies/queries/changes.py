"""A sheet's changes: a submission (one read, the checks in Python, one
guarded write) and an approval, each moving the unit's running sums."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.audit import queries as audit_queries
from election.elections.tables import ContestLevel
from election.sql import Json, query
from election.tallies.queries import UNIT_TALLY_SHARDS, stands_for
from election.tallies.queries.sheets import (
    COUNTING_DAY,
    ENTRY_COLUMNS,
    LISTED_VOTERS,
    OTHER_CONTESTS,
    SHEET_JOINS,
    EntryRow,
)
from election.tallies.tables import EntryKind, RoundKind, SheetState

# --------------------------------------------------------------------------
# A submission: one read, the checks in Python, one guarded write


@dataclass(frozen=True)
class SubmissionRead:
    """The sheet as a submission reads it: its place (who may enter it), what
    the checks of Art. 73-76 compare with, and what the decision needs: the
    latest version, an id for the new entry, a stored response to the request's
    idempotency key, and the latest entry of that version by someone else (the
    one to compare with). Only what a submission uses: every entry of the night
    runs this read (the sheet's page reads `SheetContext`)."""

    id: int
    state: SheetState
    polling_area_id: int
    polling_area_number: int
    commune_code: str
    commune_name: str
    province_code: str
    level: ContestLevel
    unit_id: int
    seats: int
    election_id: int
    round_id: int | None
    round_kind: RoundKind
    submitted_entry: int | None
    verified_entry: int | None
    approved_entry: int | None
    counting_day: dt.date
    voting_opens: dt.time
    voters_on_list_from_list: int
    # The unit's candidates; a bầu cử thêm's ballot leaves out the first
    # round's winners (services.sheets.ballot_ids).
    candidate_ids: list[int]
    other_contests: list[tuple[str, int, int, str, bool]]
    latest_version: int
    next_entry_id: int
    stored_response: Json
    previous: EntryRow | None

    @property
    def level_label(self) -> str:
        return self.level.label


@query(f"""
    SELECT s.id, s.state, s.polling_area AS polling_area_id, pa.number AS polling_area_number,
        pa.commune AS commune_code, c.name AS commune_name, c.province AS province_code,
        ct.level, s.unit AS unit_id, u.seats, ct.election AS election_id,
        s.unit_round AS round_id, COALESCE(r.kind, 'first') AS round_kind,
        s.submitted_entry, s.verified_entry, s.approved_entry,
        {COUNTING_DAY} AS counting_day, el.voting_opens,
        {LISTED_VOTERS} AS voters_on_list_from_list,
        ARRAY(SELECT cd.id FROM candidate cd WHERE cd.unit = s.unit AND cd.removed_on IS NULL)
            AS candidate_ids,
        {OTHER_CONTESTS} AS other_contests,
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
    sheet keeps standing for the same entry or one with the same figures, and
    only the counts move, if any: no row is written when nothing moves).
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
            AND (:new_entry::bigint IS NOT NULL OR :reported_change::int <> 0
                 OR :approved_change::int <> 0)
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
_SUBMITTED_SHEET = sheet_row(
    """
    UPDATE tally_sheet SET state = :new_state::text, submitted_entry = :entry_id,
        verified_entry = CASE WHEN :new_state::text = 'verified' THEN :entry_id::bigint END,
        needs_review = :needs_review,
        review_comment = CASE WHEN :new_state::text = 'verified' THEN '' ELSE review_comment END,
        reviewed_by = CASE WHEN :new_state::text = 'verified' THEN '' ELSE reviewed_by END,
        updated_at = now()
    """,
    guard="AND state = :read_state::text "
    "AND submitted_entry IS NOT DISTINCT FROM :read_submitted_entry::bigint",
)
_SUBMISSION_EVENT = audit_queries.append_ctes("EXISTS (SELECT 1 FROM sheet_row)")
_NEW_ENTRY = """
    entry_row AS (
        INSERT INTO tally_entry (id, sheet, version, kind, voters_on_list, voters_took_part,
            ballots_issued, ballots_received, valid, invalid, complaints_received,
            complaints_settled, complaints_forwarded, unused_ballots, ballots_delivered,
            spoiled_ballots, voting_opened, voting_closed, closing_time, signatories,
            incidents, recommendations, reason, warnings, entered_by, entered_by_id,
            entered_at, idempotency_key, matches_entry, response)
        SELECT :entry_id, :sheet_id, :version, :kind, :voters_on_list, :voters_took_part,
            :ballots_issued, :ballots_received, :valid, :invalid, :complaints_received,
            :complaints_settled, :complaints_forwarded, :unused_ballots, :ballots_delivered,
            :spoiled_ballots, :voting_opened, :voting_closed, :closing_time,
            :signatories::jsonb, :incidents, :recommendations, :reason, :warnings::jsonb,
            :entered_by, :entered_by_id, :entered_at, :idempotency_key, :matches_entry,
            :response::jsonb
        FROM audit_event_row
        RETURNING id, voters_on_list, voters_took_part, ballots_issued, ballots_received, valid,
            invalid
    ),
    vote_rows AS (
        INSERT INTO tally_vote (entry, candidate, votes)
        SELECT entry_row.id, t.candidate, t.votes
        FROM entry_row, unnest(:vote_candidates::int[], :vote_counts::int[]) AS t(candidate, votes)
        RETURNING candidate, votes
    )
"""
_SUBMISSION_SUMS = unit_sums(
    new_figures="SELECT * FROM entry_row WHERE :new_entry::bigint IS NOT NULL",
    new_votes="SELECT candidate, votes FROM vote_rows WHERE :new_entry::bigint IS NOT NULL",
    after_locks="(SELECT count(*) FROM audit_event_row) > 0",
)


@query(f"WITH {_SUBMITTED_SHEET}, {_SUBMISSION_EVENT}, {_NEW_ENTRY}, {_SUBMISSION_SUMS} {_CHANGED}")
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
    spoiled_ballots: int | None,
    voting_opened: dt.time | None,
    voting_closed: dt.time | None,
    closing_time: dt.time | None,
    signatories: Json,
    incidents: str,
    recommendations: str,
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
_APPROVED_SHEET = sheet_row(
    """
    UPDATE tally_sheet SET state = 'approved', approved_entry = verified_entry,
        approved_by = :approved_by::text, approved_at = now(), review_comment = :comment,
        reviewed_by = CASE WHEN needs_review THEN :approved_by::text ELSE '' END,
        updated_at = now()
    """
)
_APPROVAL_SUMS = unit_sums(
    new_figures="SELECT * FROM tally_entry WHERE id = :new_entry::bigint",
    new_votes="SELECT candidate, votes FROM tally_vote WHERE entry = :new_entry::bigint",
    after_locks="(SELECT count(*) FROM sheet_row) > 0",
)


@query(f"WITH {_APPROVED_SHEET}, {_APPROVAL_SUMS} {_CHANGED}")
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
