"""Figures that pass the arithmetic of a tally sheet, for the tests."""

from __future__ import annotations

from election.tallies import rules
from election.tallies.services import SheetContext


def consistent_figures(
    sheet: SheetContext,
    *,
    took_part: int | None = None,
    invalid: int = 2,
    shares: list[int] | None = None,
) -> rules.SheetFigures:
    """A sheet where every ballot keeps `seats` names, split by `shares` (weights)."""
    listed = sheet.voters_on_list_from_list
    took_part = listed - 1 if took_part is None else took_part
    valid = took_part - invalid
    ids = [c.id for c in sheet.candidates]
    weights = shares or [len(ids) - i for i in range(len(ids))]
    total_names = valid * min(sheet.seats, len(ids))
    votes = {
        cid: min(valid, total_names * w // sum(weights))
        for cid, w in zip(ids, weights, strict=True)
    }
    return rules.SheetFigures(
        voters_on_list=listed,
        voters_took_part=took_part,
        ballots_issued=took_part,
        ballots_received=took_part,
        valid=valid,
        invalid=invalid,
        votes=votes,
    )
