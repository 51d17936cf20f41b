"""The sheet and what it needs (its place, unit, round, listed voters and
ballot), and the entries typed from its paper minutes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from election.elections.tables import ContestLevel
from election.sql import query
from election.tallies import rules
from election.tallies.queries import counted_in_round, stands_for
from election.tallies.queries.results import STANDING_RESULT
from election.tallies.rules.status import SheetStatus, sheet_status
from election.tallies.tables import EntryKind, RoundKind, SheetState
from election.voters.queries import holds_ballot, on_list

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
    # who took part, voters on the list, who typed the entry, whether two
    # typings confirmed it), for the checks of Art. 76(2).
    other_contests: list[tuple[str, int, int, str, bool]]
    # The version typed last (1: the minutes, then one per correction) and
    # how many people have typed it: a submitted sheet typed by two is a
    # mismatch, since matching typings would have verified it.
    entry_version: int
    typists_of_version: int

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def status(self) -> SheetStatus:
        """What the state means and what comes next, worded once (rules.status)."""
        return sheet_status(
            self.state,
            needs_review=self.needs_review,
            version=self.entry_version,
            mismatched=self.state == SheetState.SUBMITTED and self.typists_of_version >= 2,
        )

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def next_step(self) -> str:
        return self.status.next_step

    @property
    def level_label(self) -> str:
        return self.level.label


# Columns of a sheet `s` (with the joins of SHEET_JOINS) that both the sheet's
# context and a submission's read carry.
COUNTING_DAY = "COALESCE(r.voting_day, pa.early_voting_date, el.election_day)"
LISTED_VOTERS = f"""
    (SELECT count(*) FROM voter v
     WHERE v.polling_area = s.polling_area AND {on_list("v")}
       AND {holds_ballot("ct.level", "v")})
"""
OTHER_CONTESTS = f"""
    COALESCE((SELECT json_agg(json_build_array(
                  oc.level, oe.voters_took_part, oe.voters_on_list, oe.entered_by,
                  COALESCE(oe.id IN (os.approved_entry, os.verified_entry), false)))
              FROM tally_sheet os JOIN contest oc ON oc.id = os.contest
              JOIN tally_entry oe ON oe.id = {stands_for("os")}
              WHERE os.polling_area = s.polling_area AND os.unit_round IS NULL
                AND os.id <> s.id)::text,
             '[]')
"""
SHEET_COLUMNS = f"""
    s.id, s.state, s.polling_area AS polling_area_id, pa.number AS polling_area_number,
    pa.name AS polling_area_name, pa.commune AS commune_code, c.name AS commune_name,
    c.province AS province_code, s.contest AS contest_id, ct.name AS contest_name, ct.level,
    s.unit AS unit_id, u.name AS unit_name, u.number AS unit_number, u.seats,
    ct.election AS election_id, s.unit_round AS round_id,
    COALESCE(r.kind, 'first') AS round_kind, s.needs_review, s.review_comment,
    s.submitted_entry, s.verified_entry, s.approved_entry,
    {COUNTING_DAY} AS counting_day, el.voting_opens,
    {LISTED_VOTERS} AS voters_on_list_from_list,
    COALESCE((SELECT json_agg(json_build_object('id', cd.id, 'full_name', cd.full_name,
                                                'date_of_birth', cd.date_of_birth, 'sex', cd.sex)
                              ORDER BY cd.ballot_sort_key COLLATE "C", cd.id)
              FROM candidate cd WHERE cd.unit = s.unit AND cd.removed_on IS NULL)::text,
             '[]') AS candidates,
    {OTHER_CONTESTS} AS other_contests,
    COALESCE((SELECT max(tv.version) FROM tally_entry tv WHERE tv.sheet = s.id), 1)
        AS entry_version,
    (SELECT count(DISTINCT te.entered_by) FROM tally_entry te
     WHERE te.sheet = s.id
       AND te.version = (SELECT max(tv.version) FROM tally_entry tv WHERE tv.sheet = s.id))
        AS typists_of_version
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


@query(f"""
    SELECT jsonb_array_elements_text(determination -> 'winners')::int
    FROM ({STANDING_RESULT}) standing
""")
async def standing_winners(*, unit_id: int) -> list[int]: ...


@query("""
    SELECT unit FROM polling_area_unit WHERE polling_area = :polling_area_id AND contest = :contest_id
""")
async def unit_of_area(*, polling_area_id: int, contest_id: int) -> int | None: ...


@query("""
    SELECT r.unit FROM unit_round r JOIN polling_area_unit pu ON pu.unit = r.unit
    WHERE r.id = :round_id AND pu.polling_area = :polling_area_id AND pu.contest = :contest_id
      AND (r.polling_areas IS NULL OR pu.polling_area = ANY(r.polling_areas))
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


@query("""
    SELECT s.id FROM tally_sheet s JOIN unit_round r ON r.id = s.unit_round
    WHERE s.polling_area = :polling_area_id ORDER BY r.voting_day, s.contest, s.id
""")
async def round_sheets_of_area(*, polling_area_id: int) -> list[int]: ...


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
    spoiled_ballots: int | None
    voting_opened: dt.time | None
    voting_closed: dt.time | None
    closing_time: dt.time | None
    signatories: dict[str, Any]
    incidents: str
    recommendations: str
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
            spoiled_ballots=self.spoiled_ballots,
        )


ENTRY_COLUMNS = """
    e.id, e.sheet AS sheet_id, e.version, e.kind, e.voters_on_list, e.voters_took_part,
    e.ballots_issued, e.ballots_received, e.valid, e.invalid, e.complaints_received,
    e.complaints_settled, e.complaints_forwarded, e.unused_ballots, e.ballots_delivered,
    e.spoiled_ballots, e.voting_opened, e.voting_closed, e.closing_time, e.signatories,
    e.incidents, e.recommendations, e.reason, e.warnings, e.entered_by, e.entered_at,
    e.matches_entry,
    COALESCE((SELECT json_object_agg(v.candidate, v.votes) FROM tally_vote v WHERE v.entry = e.id),
             '{}'::json) AS votes
"""


@query(f"SELECT {ENTRY_COLUMNS} FROM tally_entry e WHERE e.id = :entry_id")
async def entry(*, entry_id: int) -> EntryRow | None: ...


@query(f"SELECT {ENTRY_COLUMNS} FROM tally_entry e WHERE e.sheet = :sheet_id ORDER BY e.id")
async def entries_of_sheet(*, sheet_id: int) -> list[EntryRow]: ...


@dataclass(frozen=True)
class EntryMark:
    """What an entry tells without its figures: who typed which version, when,
    and whether it verified another (blind double entry shows these to all)."""

    id: int
    version: int
    kind: EntryKind
    entered_by: str
    entered_at: dt.datetime
    matches_entry: int | None

    @property
    def kind_label(self) -> str:
        return self.kind.label


@query("""
    SELECT id, version, kind, entered_by, entered_at, matches_entry
    FROM tally_entry WHERE sheet = :sheet_id ORDER BY id
""")
async def entry_marks_of_sheet(*, sheet_id: int) -> list[EntryMark]: ...


@query(f"""
    SELECT {ENTRY_COLUMNS} FROM tally_entry e
    WHERE e.sheet = :sheet_id AND e.id = ANY(:entry_ids::bigint[]) ORDER BY e.id
""")
async def entries_of_sheet_by_id(*, sheet_id: int, entry_ids: list[int]) -> list[EntryRow]: ...


@dataclass(frozen=True)
class SheetInEntry:
    """A sheet whose counted typing is not confirmed yet (typed, neither
    verified nor approved), with its place and whether the reader has typed
    its current version."""

    id: int
    unit_id: int
    polling_area_id: int
    commune_code: str
    province_code: str
    typed_by_reader: bool


# The sums count such a sheet's latest typing (`stands_for`): a correction of
# an approved sheet still counts the approved entry, so it is not in entry here.
_IN_ENTRY = """
    SELECT s.id, s.unit AS unit_id, s.polling_area AS polling_area_id,
           pa.commune AS commune_code, c.province AS province_code,
           EXISTS (SELECT 1 FROM tally_entry e
                   WHERE e.sheet = s.id AND e.entered_by = :username
                     AND e.version = (SELECT max(v.version) FROM tally_entry v
                                      WHERE v.sheet = s.id)) AS typed_by_reader
    FROM tally_sheet s
    JOIN polling_area pa ON pa.id = s.polling_area
    JOIN commune c ON c.code = pa.commune
    WHERE s.state = 'submitted' AND s.approved_entry IS NULL
"""


@query(f"""{_IN_ENTRY} AND s.unit = :unit_id AND {counted_in_round("s")} ORDER BY s.id""")
async def unit_sheets_in_entry(
    *, unit_id: int, round_id: int | None, username: str
) -> list[SheetInEntry]: ...


# Every round's sheets of a scope (a province, a commune, a unit; NULL for all).
@query(f"""{_IN_ENTRY} AND pa.election = :election_id
      AND (:province_code::text IS NULL OR c.province = :province_code)
      AND (:commune_code::text IS NULL OR pa.commune = :commune_code)
      AND (:unit_id::int IS NULL OR s.unit = :unit_id)
    ORDER BY s.id""")
async def scope_sheets_in_entry(
    *,
    election_id: int,
    province_code: str | None,
    commune_code: str | None,
    unit_id: int | None,
    username: str,
) -> list[SheetInEntry]: ...
