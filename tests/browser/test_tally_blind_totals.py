"""Blind double entry reaches the unit's result in a real browser: with the
head's sheet the only one in, the secretary's unit page shows the progress
and the note, no sums, and the live stream adds none; the secretary's own
entry, heard through the stream, brings the standings in."""

from __future__ import annotations

import dataclasses

import pytest
from playwright.async_api import expect

from election.tallies import services
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.tally_helpers import NIGHT, consistent_figures, demo_actor

pytestmark = pytest.mark.browser

NOTE = "Số liệu tổng hợp sẽ hiện sau khi bạn nhập biên bản của mình"


async def test_the_secretary_sees_the_units_sums_only_after_their_own_entry(page, demo):
    head = await demo_actor("to.kv01")
    secretary = await demo_actor("to.kv01.thuky")
    assert head.polling_area_id is not None
    sheets = await services.area_sheets(polling_area_id=head.polling_area_id, actor=head)
    sheet = next(s for s in sheets if s.level.value == "hdnd_xa")
    figures = consistent_figures(sheet)
    await services.submit(
        sheet_id=sheet.id, submission=services.Submission(figures=figures), actor=head, now=NIGHT
    )
    names = [c.full_name for c in sheet.candidates]

    await sign_in(page, "to.kv01.thuky")
    await page.goto(f"/units/{sheet.unit_id}/result")
    standings = page.locator('[data-live="unit-standings"]')
    await expect(standings).to_contain_text(NOTE)
    await expect(page.locator("[data-figures-withheld]")).to_contain_text(NOTE)
    # The live stream's first update arrives and adds no figure.
    await page.wait_for_selector("[data-progress-stream][data-updated]")
    assert await page.locator('[data-field="turnout"]').count() == 0
    for name in names:
        await expect(page.get_by_text(name)).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(
        path=str(SCREENSHOTS / "tally_blind_unit_sums_withheld.png"), full_page=True
    )

    # The secretary's own typing (one cell read differently): the stream tells
    # the page, which re-reads its live regions and now shows the standings.
    first = sheet.candidates[0].id
    misread = dataclasses.replace(figures, votes={**figures.votes, first: figures.votes[first] - 3})
    await services.submit(
        sheet_id=sheet.id,
        submission=services.Submission(figures=misread),
        actor=secretary,
        now=NIGHT,
    )
    await expect(standings).not_to_contain_text(NOTE)
    for name in names:
        await expect(standings).to_contain_text(name)
