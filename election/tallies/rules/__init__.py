"""Pure rules of counting and results (§7–§8 of the domain reference).

* `check_sheet`: the arithmetic of one tally sheet, Art. 73–76 (`sheet`).
* `check_contest_consistency`: the three sheets of one polling area against
  each other, as far as the ballot scopes of the voters explain differences.
* `differing_fields`: what two independent entries of one sheet disagree on.
* `determine_winners`: the result of one electoral unit, Art. 78–80 (`winners`).
* `check_round`: when a unit votes again, Art. 79–81 (`rounds`).
* `unit_state`: what a unit's result may show from the count of its sheets:
  no verdict before every sheet is approved, Art. 77 (`unit_state`).
* `percent`: every percentage printed or stored, two decimals, half up.

No I/O: the services call these with plain values.
"""

from election.tallies.rules.rounds import RoundRequest, RoundStanding, check_round
from election.tallies.rules.sheet import (
    BALLOT_STOCK_MISMATCH,
    CANDIDATE_OVER_VALID,
    COMPLAINTS_OVER_RECEIVED,
    CONTEST_GAP,
    CONTEST_ORDER,
    ERROR_CODES,
    FIELD_LABELS,
    FIELDS,
    ISSUED_OVER_LIST,
    LEVELS,
    MISSING_CANDIDATE,
    NEGATIVE,
    NOT_INTEGER,
    RECEIVED_OVER_ISSUED,
    TOOK_PART_NOT_RECEIVED,
    TOOK_PART_OVER_LIST,
    UNKNOWN_CANDIDATE,
    VALID_INVALID_SUM,
    VOTES_OVER_SEATS,
    VOTES_UNDER_VALID,
    WARNING_CODES,
    SheetFigures,
    check_contest_consistency,
    check_sheet,
    differing_fields,
)
from election.tallies.rules.unit_state import UnitStage, UnitState, unit_state
from election.tallies.rules.winners import (
    CandidateResult,
    Determination,
    Standing,
    UnitTotals,
    determine_winners,
    percent,
)
from election.tallies.tables import RoundKind

__all__ = [
    "BALLOT_STOCK_MISMATCH",
    "CANDIDATE_OVER_VALID",
    "COMPLAINTS_OVER_RECEIVED",
    "CONTEST_GAP",
    "CONTEST_ORDER",
    "ERROR_CODES",
    "FIELDS",
    "FIELD_LABELS",
    "ISSUED_OVER_LIST",
    "LEVELS",
    "MISSING_CANDIDATE",
    "NEGATIVE",
    "NOT_INTEGER",
    "RECEIVED_OVER_ISSUED",
    "TOOK_PART_NOT_RECEIVED",
    "TOOK_PART_OVER_LIST",
    "UNKNOWN_CANDIDATE",
    "VALID_INVALID_SUM",
    "VOTES_OVER_SEATS",
    "VOTES_UNDER_VALID",
    "WARNING_CODES",
    "CandidateResult",
    "Determination",
    "RoundKind",
    "RoundRequest",
    "RoundStanding",
    "SheetFigures",
    "Standing",
    "UnitStage",
    "UnitState",
    "UnitTotals",
    "check_contest_consistency",
    "check_round",
    "check_sheet",
    "determine_winners",
    "differing_fields",
    "percent",
    "unit_state",
]
