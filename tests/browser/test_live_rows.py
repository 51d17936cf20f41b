"""The national results page follows the count from its stream alone: the
changed unit's row arrives in the event and is swapped in, and the page is
never read again (issue 17 #5)."""

from __future__ import annotations

import datetime as dt

from playwright.async_api import expect

from election import db
from election.accounts import services as accounts
from election.tallies import services
from tests.browser.conftest import sign_in
from tests.tally_helpers import consistent_figures


async def test_a_unit_row_follows_the_count_without_reading_the_page(page, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    await sign_in(page, "quantri")
    reads: list[str] = []
    page.on(
        "request",
        lambda request: (
            reads.append(request.url)
            if request.url.split("?")[0].endswith(f"/elections/{election_id}/results")
            else None
        ),
    )
    await page.goto(f"/elections/{election_id}/results")
    await page.locator(".live-dot").wait_for(state="visible")

    user = await accounts.find_user(username="phuong.baclieu")
    assert user is not None
    actor = user.actor()
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 2"
    )
    sheets = await services.area_sheets(polling_area_id=area_id, actor=actor)
    sheet = next(s for s in sheets if s.level.value == "dbqh")
    row = page.locator(f'[data-row="unit-{sheet.unit_id}"]')
    await expect(row).to_contain_text("0/")
    await services.submit(
        sheet_id=sheet.id,
        submission=services.Submission(figures=consistent_figures(sheet)),
        actor=actor,
        now=dt.datetime(2026, 3, 15, 20, tzinfo=dt.UTC),
    )
    await expect(page.locator('[data-field="reported"]').first).to_have_text("1", timeout=10_000)
    await expect(row).to_contain_text("1/", timeout=10_000)
    # The page was loaded once; the row came in the stream's event.
    assert len(reads) == 1, reads
