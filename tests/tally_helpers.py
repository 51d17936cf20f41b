"""Figures that pass the arithmetic of a tally sheet, and sheets entered and
approved through the real services, for the tests."""

from __future__ import annotations

import datetime as dt

from election import db
from election.accounts import services as accounts
from election.actor import Actor
from election.tallies import rules, services
from election.tallies.services import SheetContext
from tests.builders import system

# Election night, after voting closed: when the demo's sheets are entered.
NIGHT = dt.datetime(2026, 3, 15, 20, 0, tzinfo=dt.UTC)


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


async def demo_actor(username: str) -> Actor:
    user = await accounts.find_user(username=username)
    return user.actor()


async def submit(sheet, figures, actor, **kwargs):
    return await services.submit(
        sheet_id=sheet.id,
        submission=services.Submission(figures=figures, reason=kwargs.pop("reason", "")),
        actor=actor,
        now=kwargs.pop("now", NIGHT),
        **kwargs,
    )


async def approve_unit(unit_id: int, board: Actor, figures_for=consistent_figures) -> int:
    """Enter, verify and approve every sheet of a demo unit; the number of sheets."""
    staff = await demo_actor("phuong.baclieu")
    province = await demo_actor("tinh.camau")
    rows = await db.fetch(
        "SELECT polling_area, contest FROM polling_area_unit WHERE unit = $1", unit_id
    )
    for row in rows:
        sheet = await services.sheet_for(
            polling_area_id=row["polling_area"], contest_id=row["contest"], actor=system()
        )
        figures = figures_for(sheet)
        await submit(sheet, figures, staff)
        await submit(sheet, figures, province)
        await services.approve(sheet_id=sheet.id, actor=board)
    return len(rows)
