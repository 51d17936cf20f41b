"""After a submission, the area's next contest still to enter: in the area's
order, wrapping round, per reader, and none left at the end."""

from __future__ import annotations

import datetime as dt

from election import db
from election.accounts import services as accounts
from election.actor import Actor
from election.tallies import services
from election.tallies.queries import next_sheet as queries
from election.tallies.services.next_sheet import next_step
from tests.tally_helpers import consistent_figures

NIGHT = dt.datetime(2026, 3, 15, 21, tzinfo=dt.UTC)


async def actor_of(username: str) -> Actor:
    user = await accounts.find_user(username=username)
    assert user is not None
    return user.actor()


async def area_one() -> int:
    return await db.fetchval("SELECT id FROM polling_area WHERE commune = '31825' AND number = 1")


async def enter(sheet: services.SheetContext, actor: Actor) -> None:
    await services.submit(
        sheet_id=sheet.id,
        submission=services.Submission(figures=consistent_figures(sheet)),
        actor=actor,
        now=NIGHT,
    )


async def test_the_three_contests_follow_one_another_then_none_is_left(demo):
    officer = await actor_of("to.kv01")
    first, second, third = await services.area_sheets(
        polling_area_id=await area_one(), actor=officer
    )

    await enter(first, officer)
    step = await next_step(sheet=first, actor=officer)
    assert step is not None and not step.done
    assert step.href == f"/tally-sheets/{second.id}"
    assert step.label == f"Tiếp theo: {second.level.label} →"

    await enter(second, officer)
    step = await next_step(sheet=second, actor=officer)
    assert step is not None and step.href == f"/tally-sheets/{third.id}"

    await enter(third, officer)
    step = await next_step(sheet=third, actor=officer)
    assert step is not None and step.done
    assert step.label == "Đã nhập xong cả ba biên bản"
    assert step.href == f"/polling-areas/{first.polling_area_id}/tally"


async def test_the_next_contest_wraps_round_to_one_left_earlier(demo):
    officer = await actor_of("to.kv01")
    first, second, third = await services.area_sheets(
        polling_area_id=await area_one(), actor=officer
    )
    await enter(third, officer)
    step = await next_step(sheet=third, actor=officer)
    assert step is not None and step.href == f"/tally-sheets/{first.id}"
    await enter(first, officer)
    # Entered: the last and the first; left: the second.
    step = await next_step(sheet=first, actor=officer)
    assert step is not None and step.href == f"/tally-sheets/{second.id}"


async def test_each_reader_has_their_own_next_sheet(demo):
    officer, secretary = await actor_of("to.kv01"), await actor_of("to.kv01.thuky")
    first, second, third = await services.area_sheets(
        polling_area_id=await area_one(), actor=officer
    )
    for sheet in (first, second, third):
        await enter(sheet, officer)
    # The head's entries leave the second reading to the secretary.
    await enter(first, secretary)
    step = await next_step(sheet=first, actor=secretary)
    assert step is not None and step.href == f"/tally-sheets/{second.id}"
    # A verified sheet (two matching entries) is not to enter for anyone else.
    staff = await actor_of("phuong.baclieu")
    step = await next_step(sheet=third, actor=staff)
    assert step is not None and step.href == f"/tally-sheets/{second.id}"


async def test_a_reader_who_may_not_enter_gets_no_next_step(demo):
    officer = await actor_of("to.kv01")
    (first, *_) = await services.area_sheets(polling_area_id=await area_one(), actor=officer)
    board = await actor_of("ban.baclieu")
    assert await next_step(sheet=first, actor=board) is None


async def test_a_contest_without_its_sheet_yet_gets_one(demo):
    officer = await actor_of("to.kv01")
    area_id = await area_one()
    contests = await db.fetch(
        "SELECT contest FROM polling_area_unit WHERE polling_area = $1 ORDER BY contest", area_id
    )
    first = await services.sheet_for(
        polling_area_id=area_id, contest_id=contests[0]["contest"], actor=officer
    )
    await db.execute(
        "DELETE FROM tally_sheet WHERE polling_area = $1 AND contest <> $2 AND state = 'draft'",
        area_id,
        first.contest_id,
    )
    rows = await queries.area_sheets_to_enter(polling_area_id=area_id, username="to.kv01")
    assert [r.sheet_id is None for r in rows] == [False, True, True]
    assert all(r.to_enter for r in rows)

    step = await next_step(sheet=first, actor=officer)
    assert step is not None and not step.done
    made = await db.fetchval(
        "SELECT id FROM tally_sheet WHERE polling_area = $1 AND contest = $2",
        area_id,
        contests[1]["contest"],
    )
    assert step.href == f"/tally-sheets/{made}"
