"""The national results page follows the count from its stream alone: a row
that changes shape (a unit's first sheet) arrives as HTML and is swapped in,
one that keeps it (the next sheet, the province's counts) arrives as its
figures and is filled in place; the page is never read again (issue 17 #5)."""

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
    areas = [
        await db.fetchval(
            "SELECT id FROM polling_area WHERE commune = '31825' AND number = $1", number
        )
        for number in (2, 3)
    ]
    first, second = [
        next(
            s
            for s in await services.area_sheets(polling_area_id=area_id, actor=actor)
            if s.level.value == "dbqh"
        )
        for area_id in areas
    ]
    assert first.unit_id == second.unit_id
    row = page.locator(f'[data-row="unit-{first.unit_id}"]')
    province = page.locator(f'[data-row="province-{first.province_code}"]')
    await expect(row).to_contain_text("0/")
    # A mark the server never sends: it stays on an element filled in place.
    await province.evaluate("row => row.setAttribute('data-kept', '')")

    async def enter(sheet) -> None:
        await services.submit(
            sheet_id=sheet.id,
            submission=services.Submission(figures=consistent_figures(sheet)),
            actor=actor,
            now=dt.datetime(2026, 3, 15, 20, tzinfo=dt.UTC),
        )

    await enter(first)
    await expect(page.locator('[data-field="reported"]').first).to_have_text("1")
    # The unit's first sheet changes its row's stage: the row's HTML came.
    await expect(row).to_have_attribute("data-unit-stage", "counting")
    await expect(row.locator("td").nth(2)).to_contain_text("1/")
    await expect(province.locator("td").nth(1)).to_contain_text("1/")
    await expect(province).to_have_attribute("data-kept", "")

    await row.evaluate("row => row.setAttribute('data-kept', '')")
    await enter(second)
    await expect(page.locator('[data-field="reported"]').first).to_have_text("2")
    # The same stage: the row's figures came and were set in its cells.
    await expect(row.locator("td").nth(2)).to_contain_text("2/")
    await expect(row).to_have_attribute("data-kept", "")
    await expect(province.locator("td").nth(1)).to_contain_text("2/")
    # The page was loaded once; the rows came in the stream's events.
    assert len(reads) == 1, reads
