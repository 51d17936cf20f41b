"""Filtering the results grids by the state of their sheets (kept in the URL)."""

from __future__ import annotations

from collections.abc import Iterable

from election.tallies.tables import SheetState

# The choices of the filter: each state, and "needs review" (a verified sheet
# with warnings, waiting for the board's comment).
REVIEW = "review"
STATE_FILTERS: list[tuple[str, str]] = [
    *((state.value, state.label) for state in SheetState),
    (REVIEW, "Có cảnh báo, cần Ban bầu cử xem xét"),
]
_KNOWN = {value for value, _ in STATE_FILTERS}


def wanted_state(value: str) -> str:
    """The filter asked for in the URL, or "" (everything) for anything unknown."""
    return value if value in _KNOWN else ""


def sheet_matches(state: str, needs_review: bool, wanted: str) -> bool:
    if not wanted:
        return True
    if wanted == REVIEW:
        return needs_review and state == SheetState.VERIFIED.value
    return state == wanted


def sheet_counts(sheets: Iterable[tuple[str, bool]]) -> dict[str, int]:
    """How many of the sheets (state, needs review) each choice of the filter shows."""
    counts = dict.fromkeys(_KNOWN, 0)
    for state, needs_review in sheets:
        for value in _KNOWN:
            if sheet_matches(state, needs_review, value):
                counts[value] += 1
    return counts
