"""What `/metrics` reads from the database at each scrape.

Read-only counts across domains, for operators: they answer "how far is the
count" and "what did the imports bring", not a question of any one domain's
rules, and they are read nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from election.sql import query
from election.tallies.tables import SheetState


@dataclass(frozen=True)
class SheetStateCount:
    election: int
    state: SheetState
    sheets: int


# Every sheet the first round expects (one per polling area and contest); a
# sheet not yet created counts as a draft, as on the progress board.
@query("""
    SELECT pa.election, COALESCE(s.state, 'draft') AS state, count(*) AS sheets
    FROM polling_area_unit pu
    JOIN polling_area pa ON pa.id = pu.polling_area
    LEFT JOIN tally_sheet s ON s.polling_area = pu.polling_area AND s.contest = pu.contest
         AND s.unit_round IS NULL
    GROUP BY 1, 2 ORDER BY 1, 2
""")
async def sheets_by_state() -> list[SheetStateCount]: ...


@dataclass(frozen=True)
class SheetsInReview:
    election: int
    sheets: int


@query("""
    SELECT c.election, count(*) AS sheets
    FROM tally_sheet s JOIN contest c ON c.id = s.contest
    WHERE s.needs_review AND s.state = 'verified'
    GROUP BY 1 ORDER BY 1
""")
async def sheets_in_review() -> list[SheetsInReview]: ...


@dataclass(frozen=True)
class ImportRowCount:
    kind: str
    status: str
    outcome: str
    rows: int


# Each batch keeps its row counts by outcome (new, update, unchanged, error).
@query("""
    SELECT b.kind, b.status, c.key AS outcome, sum(c.value::bigint)::bigint AS rows
    FROM import_batch b CROSS JOIN LATERAL jsonb_each_text(b.counts) AS c
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
""")
async def import_rows() -> list[ImportRowCount]: ...
