"""A unit's result (Art. 77, 78) and its follow-up rounds (Art. 79, 80)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.elections.tables import ContestLevel
from election.sql import Json, query
from election.tallies.queries import counted_in_round, stands_for
from election.tallies.tables import RoundKind
from election.voters.queries import holds_ballot, on_list

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
        -- `own`: the round's sheet, not a first-round one it counts (Art. 81).
        SELECT s.state, {stands_for("s")} AS entry,
               s.unit_round IS NOT DISTINCT FROM :round_id::int AS own
        FROM tally_sheet s
        WHERE s.unit = :unit_id AND {counted_in_round("s")}
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
           COALESCE(bool_or(s.state = 'locked' AND s.own), false) AS locked
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
    WHERE s.unit = :unit_id AND {counted_in_round("s")}
    GROUP BY v.candidate
""")
async def unit_votes(*, unit_id: int, round_id: int | None) -> list[CandidateVotes]: ...


@dataclass(frozen=True)
class CommuneVotes:
    """A commune of a unit: its polling areas in the unit and each candidate's
    votes there, in the round (Mẫu số 19/HĐBC-QH)."""

    commune_code: str
    commune_name: str
    areas: int
    votes: dict[int, int]


@query(f"""
    WITH areas AS (
        SELECT pa.id, pa.commune FROM polling_area_unit pu
        JOIN polling_area pa ON pa.id = pu.polling_area
        WHERE pu.unit = :unit_id
    ),
    votes AS (
        SELECT a.commune, v.candidate, sum(v.votes)::bigint AS votes
        FROM tally_sheet s
        JOIN areas a ON a.id = s.polling_area
        JOIN tally_vote v ON v.entry = {stands_for("s")}
        WHERE s.unit = :unit_id AND {counted_in_round("s")}
        GROUP BY a.commune, v.candidate
    )
    SELECT c.code AS commune_code, c.name AS commune_name,
           (SELECT count(*) FROM areas a WHERE a.commune = c.code) AS areas,
           COALESCE((SELECT json_object_agg(v.candidate, v.votes) FROM votes v
                     WHERE v.commune = c.code)::text, '{{}}') AS votes
    FROM commune c WHERE c.code IN (SELECT commune FROM areas)
    ORDER BY c.code
""")
async def unit_votes_by_commune(*, unit_id: int, round_id: int | None) -> list[CommuneVotes]: ...


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


@dataclass(frozen=True)
class FixedResult:
    """A unit's result as its board fixed it (Art. 77): the determination with
    the totals and the board's account, when and by whom."""

    round_id: int | None
    round_kind: RoundKind
    determination: Json
    finalized_by: str
    finalized_at: dt.datetime


@query("""
    SELECT r.unit_round AS round_id, COALESCE(ur.kind, 'first') AS round_kind, r.determination,
           r.finalized_by, r.finalized_at
    FROM unit_result r LEFT JOIN unit_round ur ON ur.id = r.unit_round
    WHERE r.unit = :unit_id ORDER BY r.id
""")
async def fixed_results(*, unit_id: int) -> list[FixedResult]: ...


@query("""
    SELECT determination FROM unit_result
    WHERE unit = :unit_id AND unit_round IS NULL ORDER BY id DESC LIMIT 1
""")
async def first_round_determination(*, unit_id: int) -> Json: ...


# The result a bầu cử thêm or lại follows: the first round's, or once its
# result is annulled (Art. 81), the re-run's (NULL until it is fixed).
STANDING_RESULT = """
    SELECT determination FROM unit_result
    WHERE unit = :unit_id AND unit_round IS NOT DISTINCT FROM (
        SELECT id FROM unit_round WHERE unit = :unit_id AND kind = 'annulment'
        ORDER BY id DESC LIMIT 1)
    ORDER BY id DESC LIMIT 1
"""


@query(STANDING_RESULT)
async def standing_determination(*, unit_id: int) -> Json: ...


# --------------------------------------------------------------------------
# Rounds (Art. 79, 80)


@query("SELECT EXISTS (SELECT 1 FROM unit_round WHERE unit = :unit_id AND kind = :kind)")
async def round_exists(*, unit_id: int, kind: RoundKind) -> bool: ...


@query("SELECT polling_area FROM polling_area_unit WHERE unit = :unit_id ORDER BY polling_area")
async def unit_polling_areas(*, unit_id: int) -> list[int]: ...


# The round, and a draft sheet for each of its areas and the unit's contest:
# every area of the unit, or the areas whose result an annulment struck out.
@query("""
    WITH new_round AS (
        INSERT INTO unit_round (unit, kind, voting_day, decision, decision_date, reason,
                                polling_areas, created_by)
        VALUES (:unit_id, :kind, :voting_day, :decision, :decision_date, :reason,
                :polling_areas::int[], :created_by)
        RETURNING id, polling_areas
    ),
    sheets AS (
        INSERT INTO tally_sheet (polling_area, contest, unit, unit_round, state, needs_review,
                                 review_comment, reviewed_by, approved_by)
        SELECT pu.polling_area, pu.contest, pu.unit, r.id, 'draft', false, '', '', ''
        FROM new_round r JOIN polling_area_unit pu ON pu.unit = :unit_id
        WHERE r.polling_areas IS NULL OR pu.polling_area = ANY(r.polling_areas)
    )
    SELECT id FROM new_round
""")
async def insert_round(
    *,
    unit_id: int,
    kind: RoundKind,
    voting_day: dt.date,
    decision: str,
    decision_date: dt.date | None,
    reason: str,
    polling_areas: list[int] | None,
    created_by: str,
) -> int: ...


@dataclass(frozen=True)
class RoundRow:
    id: int
    kind: RoundKind
    voting_day: dt.date
    decision: str
    decision_date: dt.date | None
    reason: str
    # The polling areas that vote again after an annulment (Art. 81); None: all.
    polling_areas: list[int] | None
    created_by: str
    created_at: dt.datetime
    unit_id: int

    @property
    def kind_label(self) -> str:
        return self.kind.label


@query("""
    SELECT id, kind, voting_day, decision, decision_date, reason, polling_areas, created_by,
           created_at, unit AS unit_id
    FROM unit_round WHERE unit = :unit_id ORDER BY id
""")
async def rounds_of_unit(*, unit_id: int) -> list[RoundRow]: ...


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
    WHERE s.unit = :unit_id AND {counted_in_round("s")}
""")
async def unit_complaints(*, unit_id: int, round_id: int | None) -> Complaints: ...
