"""The sheets of a polling area in the order they are entered, each with
whether a given user still has to enter it: the "next contest" after a
submission."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.elections.tables import ContestLevel
from election.sql import query
from election.tallies.tables import RoundKind, SheetState


@dataclass(frozen=True)
class AreaSheetToEnter:
    """One sheet of an area (or its contest, while no sheet exists yet)."""

    contest_id: int
    round_id: int | None
    round_kind: RoundKind
    sheet_id: int | None
    level: ContestLevel
    state: SheetState
    counting_day: dt.date
    # Open for entry and holding no entry of its current version by the user.
    to_enter: bool


# The user has an entry of the sheet's current version (the latest entered).
_ENTERED_BY_USER = """EXISTS (
    SELECT 1 FROM tally_entry mine
    WHERE mine.sheet = s.id AND mine.entered_by = :username
      AND mine.version = (SELECT max(v.version) FROM tally_entry v WHERE v.sheet = s.id))"""


@query(f"""
    SELECT pu.contest AS contest_id, NULL::int AS round_id, 'first' AS round_kind,
           s.id AS sheet_id, ct.level, COALESCE(s.state, 'draft') AS state,
           COALESCE(pa.early_voting_date, el.election_day) AS counting_day,
           s.id IS NULL OR (s.state IN ('draft', 'submitted') AND NOT {_ENTERED_BY_USER})
             AS to_enter
    FROM polling_area_unit pu
    JOIN polling_area pa ON pa.id = pu.polling_area
    JOIN contest ct ON ct.id = pu.contest
    JOIN election el ON el.id = ct.election
    LEFT JOIN tally_sheet s
      ON s.polling_area = pu.polling_area AND s.contest = pu.contest AND s.unit_round IS NULL
    WHERE pu.polling_area = :polling_area_id
    UNION ALL
    SELECT s.contest, s.unit_round, r.kind, s.id, ct.level, s.state, r.voting_day,
           s.state IN ('draft', 'submitted') AND NOT {_ENTERED_BY_USER}
    FROM tally_sheet s
    JOIN unit_round r ON r.id = s.unit_round
    JOIN contest ct ON ct.id = s.contest
    WHERE s.polling_area = :polling_area_id
    ORDER BY round_id NULLS FIRST, counting_day, contest_id, sheet_id
""")
async def area_sheets_to_enter(
    *, polling_area_id: int, username: str
) -> list[AreaSheetToEnter]: ...
