"""Many units at once: every unit of a scope with its running sums, every
candidate's votes, the CSV of every sheet, the areas of each unit, and the
rebuild of the running sums from the sheets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from election.choices import LabelledChoice
from election.elections.tables import ContestLevel
from election.sql import query
from election.tallies.queries import stands_for
from election.tallies.tables import RoundKind, SheetState
from election.voters.queries import holds_ballot, on_list

# The units of an election in a scope (a province, a commune, some contests;
# NULL for all). A commune's scope includes the units spanning several communes.
_UNITS_IN_SCOPE = """
    SELECT u.id, u.name, u.number, u.seats, u.province AS province_code, p.name AS province_name,
           u.commune AS commune_code, cm.name AS commune_name, ct.id AS contest_id,
           ct.name AS contest_name, ct.level
    FROM electoral_unit u
    JOIN contest ct ON ct.id = u.contest
    JOIN province p ON p.code = u.province
    LEFT JOIN commune cm ON cm.code = u.commune
    WHERE ct.election = :election_id
      AND (:province_code::text IS NULL OR u.province = :province_code)
      AND (:commune_code::text IS NULL OR u.commune = :commune_code
           OR u.id IN (SELECT unit FROM electoral_unit_commune WHERE commune = :commune_code))
      AND (:contest_ids::int[] IS NULL OR ct.id = ANY(:contest_ids::int[]))
"""


@dataclass(frozen=True)
class UnitRunningSums:
    """A unit with the running sums of its first round (unit_tally, kept by
    every sheet change: a few shard rows per unit)."""

    id: int
    name: str
    number: int
    seats: int
    province_code: str
    province_name: str
    commune_code: str | None
    commune_name: str | None
    contest_id: int
    contest_name: str
    level: ContestLevel
    areas_total: int
    reported: int
    approved: int
    locked: bool
    voters_on_list: int
    took_part: int
    issued: int
    received: int
    valid: int
    invalid: int


@query(f"""
    WITH units AS ({_UNITS_IN_SCOPE}),
    areas AS (
        SELECT pu.unit, count(*) AS areas_total FROM polling_area_unit pu
        WHERE pu.unit IN (SELECT id FROM units) GROUP BY pu.unit
    )
    SELECT u.*, COALESCE(a.areas_total, 0) AS areas_total,
           COALESCE(t.reported, 0) AS reported, COALESCE(t.approved, 0) AS approved,
           COALESCE(t.locked, false) AS locked,
           COALESCE(t.voters_on_list, 0) AS voters_on_list,
           COALESCE(t.voters_took_part, 0) AS took_part,
           COALESCE(t.ballots_issued, 0) AS issued,
           COALESCE(t.ballots_received, 0) AS received, COALESCE(t.valid, 0) AS valid,
           COALESCE(t.invalid, 0) AS invalid
    FROM units u LEFT JOIN areas a ON a.unit = u.id
    LEFT JOIN (
        SELECT unit, sum(reported)::int AS reported, sum(approved)::int AS approved,
               bool_or(locked) AS locked, sum(voters_on_list)::bigint AS voters_on_list,
               sum(voters_took_part)::bigint AS voters_took_part,
               sum(ballots_issued)::bigint AS ballots_issued,
               sum(ballots_received)::bigint AS ballots_received,
               sum(valid)::bigint AS valid, sum(invalid)::bigint AS invalid
        FROM unit_tally WHERE round_key = 0 AND unit IN (SELECT id FROM units)
        GROUP BY unit
    ) t ON t.unit = u.id
    ORDER BY u.contest_id, u.province_code, u.commune_code NULLS FIRST, u.number
""")
async def units_with_sums(
    *,
    election_id: int,
    province_code: str | None,
    commune_code: str | None,
    contest_ids: list[int] | None,
) -> list[UnitRunningSums]: ...


class CandidateVotes(NamedTuple):
    """A candidate's first-round votes from the running sums (a national count
    reads some 130,000 of these)."""

    id: int
    unit: int
    full_name: str
    date_of_birth: dt.date
    votes: int


@query(f"""
    WITH units AS ({_UNITS_IN_SCOPE})
    SELECT c.id, c.unit, c.full_name, c.date_of_birth, COALESCE(t.votes, 0)::bigint AS votes
    FROM candidate c
    LEFT JOIN (
        SELECT candidate, sum(votes)::bigint AS votes FROM unit_candidate_tally
        WHERE round_key = 0 AND unit IN (SELECT id FROM units) GROUP BY candidate
    ) t ON t.candidate = c.id
    WHERE c.unit IN (SELECT id FROM units) AND c.removed_on IS NULL
    ORDER BY c.unit, c.ballot_sort_key COLLATE "C", c.id
""")
async def candidate_votes(
    *,
    election_id: int,
    province_code: str | None,
    commune_code: str | None,
    contest_ids: list[int] | None,
) -> list[CandidateVotes]: ...


@dataclass(frozen=True)
class ListedVoters:
    unit: int
    listed: int


# Listed voters of the areas that have not reported yet: they count in the
# unit's total of voters (Art. 78(1)) before their sheets arrive.
@query(f"""
    SELECT pu.unit, count(v.id) AS listed
    FROM polling_area_unit pu
    JOIN contest ct ON ct.id = pu.contest
    JOIN voter v ON v.polling_area = pu.polling_area AND {on_list("v")}
         AND {holds_ballot("ct.level", "v")}
    WHERE pu.unit = ANY(:unit_ids::int[]) AND NOT EXISTS (
        SELECT 1 FROM tally_sheet s WHERE s.polling_area = pu.polling_area
          AND s.contest = pu.contest AND s.unit_round IS NULL AND s.submitted_entry IS NOT NULL)
    GROUP BY pu.unit
""")
async def listed_in_unreported_areas(*, unit_ids: list[int]) -> list[ListedVoters]: ...


def _label_of(column: str, choice: type[LabelledChoice]) -> str:
    """A coded column written as its Vietnamese label ("submitted" ->
    "Đã nhập, chờ kiểm tra chéo"): an export is read by people."""
    cases = " ".join(f"WHEN '{m.value}' THEN '{m.label}'" for m in choice)
    return f"CASE {column}::text {cases} ELSE {column}::text END"


def _unless_withheld(column: str) -> str:
    """A sheet's figure, empty for a sheet whose typing the reader may not see
    yet (blind double entry: `withheld_sheets`)."""
    return f"CASE WHEN s.id = ANY(:withheld_sheets::bigint[]) THEN NULL ELSE {column} END"


# Every entered sheet of a scope, one line per candidate, for PostgreSQL's
# COPY to write as CSV: column names are the file's Vietnamese headers.
@query(f"""
    SELECT p.code AS "Mã tỉnh", p.name AS "Tỉnh, thành phố", c.code AS "Mã xã",
           c.name AS "Xã, phường", pa.number AS "Khu vực bỏ phiếu số",
           pa.name AS "Khu vực bỏ phiếu", ct.name AS "Cuộc bầu cử",
           u.name AS "Đơn vị bầu cử",
           {_label_of("COALESCE(r.kind, 'first')", RoundKind)} AS "Vòng",
           {_label_of("s.state", SheetState)} AS "Trạng thái biên bản",
           {_unless_withheld("e.voters_on_list")} AS "Tổng số cử tri",
           {_unless_withheld("e.voters_took_part")} AS "Số cử tri đã tham gia bỏ phiếu",
           {_unless_withheld("e.ballots_issued")} AS "Số phiếu phát ra",
           {_unless_withheld("e.ballots_received")} AS "Số phiếu thu vào",
           {_unless_withheld("e.valid")} AS "Số phiếu hợp lệ",
           {_unless_withheld("e.invalid")} AS "Số phiếu không hợp lệ",
           cd.full_name AS "Người ứng cử", {_unless_withheld("v.votes")} AS "Số phiếu bầu",
           COALESCE(st.status, '') AS "Tình trạng kết quả đơn vị"
    FROM tally_sheet s
    JOIN tally_entry e ON e.id = {stands_for("s")}
    JOIN tally_vote v ON v.entry = e.id
    JOIN candidate cd ON cd.id = v.candidate
    JOIN polling_area pa ON pa.id = s.polling_area
    JOIN commune c ON c.code = pa.commune
    JOIN province p ON p.code = c.province
    JOIN contest ct ON ct.id = s.contest
    JOIN electoral_unit u ON u.id = s.unit
    LEFT JOIN unit_round r ON r.id = s.unit_round
    -- Each unit's stage in each round, decided in Python (rules.unit_state).
    LEFT JOIN unnest(:status_units::int[], :status_rounds::int[], :statuses::text[])
         AS st(unit, round_key, status)
         ON st.unit = s.unit AND st.round_key = COALESCE(s.unit_round, 0)
    WHERE pa.election = :election_id
      AND (:province_code::text IS NULL OR c.province = :province_code)
      AND (:commune_code::text IS NULL OR c.code = :commune_code)
    ORDER BY p.code, c.code, pa.number, ct.id, s.unit_round NULLS FIRST,
             cd.ballot_sort_key COLLATE "C"
""")
async def results_csv_rows(
    *,
    election_id: int,
    province_code: str | None,
    commune_code: str | None,
    status_units: list[int],
    status_rounds: list[int],
    statuses: list[str],
    withheld_sheets: list[int],
) -> None: ...


@dataclass(frozen=True)
class UnitRoundRef:
    id: int
    unit: int


# The follow-up rounds (Art. 79-81) of the units of a scope.
@query(f"""
    WITH units AS ({_UNITS_IN_SCOPE})
    SELECT r.id, r.unit FROM unit_round r WHERE r.unit IN (SELECT id FROM units) ORDER BY r.id
""")
async def rounds_in_scope(
    *,
    election_id: int,
    province_code: str | None,
    commune_code: str | None,
    contest_ids: list[int] | None,
) -> list[UnitRoundRef]: ...


@dataclass(frozen=True)
class AreaResult:
    unit: int
    id: int
    number: int
    name: str
    voters_on_list: int
    voters_took_part: int
    valid: int
    invalid: int
    votes: dict[int, int]


@query(f"""
    SELECT s.unit, pa.id, pa.number, pa.name, e.voters_on_list, e.voters_took_part, e.valid,
           e.invalid,
           COALESCE((SELECT json_object_agg(v.candidate, v.votes) FROM tally_vote v
                     WHERE v.entry = e.id), '{{}}'::json) AS votes
    FROM tally_sheet s
    JOIN tally_entry e ON e.id = {stands_for("s")}
    JOIN polling_area pa ON pa.id = s.polling_area
    WHERE s.unit_round IS NULL AND s.unit = ANY(:unit_ids::int[])
    ORDER BY s.unit, pa.commune, pa.number
""")
async def area_results(*, unit_ids: list[int]) -> list[AreaResult]: ...


# --------------------------------------------------------------------------
# Rebuilding the running sums from the sheets (after a bulk load, or a repair)

_UNITS_OF_ELECTION = """
    SELECT u.id FROM electoral_unit u JOIN contest c ON c.id = u.contest
    WHERE c.election = :election_id
"""


@query(f"DELETE FROM unit_candidate_tally WHERE unit IN ({_UNITS_OF_ELECTION})")
async def delete_candidate_sums(*, election_id: int) -> None: ...


@query(f"DELETE FROM unit_tally WHERE unit IN ({_UNITS_OF_ELECTION})")
async def delete_unit_sums(*, election_id: int) -> None: ...


@query(f"""
    WITH x AS (
        INSERT INTO unit_tally (unit, round_key, reported, approved, locked, voters_on_list,
            voters_took_part, ballots_issued, ballots_received, valid, invalid)
        SELECT s.unit, COALESCE(s.unit_round, 0), count(e.id),
               count(*) FILTER (WHERE s.state IN ('approved', 'locked')),
               bool_or(s.state = 'locked'),
               COALESCE(sum(e.voters_on_list), 0), COALESCE(sum(e.voters_took_part), 0),
               COALESCE(sum(e.ballots_issued), 0), COALESCE(sum(e.ballots_received), 0),
               COALESCE(sum(e.valid), 0), COALESCE(sum(e.invalid), 0)
        FROM tally_sheet s
        JOIN contest c ON c.id = s.contest
        LEFT JOIN tally_entry e ON e.id = {stands_for("s")}
        WHERE c.election = :election_id
        GROUP BY s.unit, COALESCE(s.unit_round, 0)
        RETURNING 1
    )
    SELECT count(*) FROM x
""")
async def insert_unit_sums(*, election_id: int) -> int: ...


@query(f"""
    INSERT INTO unit_candidate_tally (unit, round_key, candidate, votes)
    SELECT s.unit, COALESCE(s.unit_round, 0), v.candidate, sum(v.votes)
    FROM tally_sheet s
    JOIN contest c ON c.id = s.contest
    JOIN tally_vote v ON v.entry = {stands_for("s")}
    WHERE c.election = :election_id
    GROUP BY s.unit, COALESCE(s.unit_round, 0), v.candidate
""")
async def insert_candidate_sums(*, election_id: int) -> None: ...
