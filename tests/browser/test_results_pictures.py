"""Pictures of the count in a real browser: the map of the provinces leads to
a province, whose bars and tables lead to the commune and the unit; the
unit's standings are drawn with the majority line; all within the CSP and
readable on a phone."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from election import db
from election.tallies.demo import replay_tallies
from tests.browser.conftest import SCREENSHOTS, new_page, sign_in

pytestmark = pytest.mark.browser

# Not `is_mobile`: its layout viewport widens to the widest element, so
# nothing would ever overflow 360 px.
PHONE = {"viewport": {"width": 360, "height": 780}, "device_scale_factor": 2, "has_touch": True}


async def fits(locator, width: int = 360) -> bool:
    box = await locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


def watch_csp(page) -> list[str]:
    """Console messages that report a Content-Security-Policy violation."""
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return violations


async def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


async def test_map_leads_to_the_province_and_on_to_commune_and_unit(page, demo):
    report = await replay_tallies()
    violations = watch_csp(page)
    await sign_in(page, "quantri")
    await page.goto(f"/elections/{report.election_id}/results")

    provinces = page.locator("section", has=page.locator("#provinces-heading"))
    chart = provinces.locator("svg.chart-map")
    await expect(chart).to_be_visible()
    await expect(chart.locator("[data-code]")).to_have_count(34)
    # The tile is drawn where the layout puts it and has a size on screen.
    box = await chart.locator('[data-code="96"] rect').bounding_box()
    assert box is not None and box["width"] > 40 and box["height"] > 30
    await expect(provinces.locator("tr[data-province]")).to_have_count(34)
    await shoot(page, "results-national-map")

    # Colouring by turnout is one link away.
    await provinces.get_by_role("link", name="Tỷ lệ cử tri đi bầu").click()
    await expect(page.locator("svg.chart-map title").first).to_contain_text("Tỷ lệ cử tri đi bầu")

    # A tile is a link to the province's page.
    await page.locator('svg.chart-map [data-code="96"] rect').click()
    await page.wait_for_url(f"**/elections/{report.election_id}/results/provinces/96")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm phiếu — Cà Mau")
    await expect(page.locator("svg.chart-bars")).to_have_count(4)
    await expect(page.locator("tr[data-commune]")).to_have_count(1)
    await shoot(page, "results-province")

    # The commune's bar leads to the commune's board, and so does its row.
    await page.locator("svg.chart-bars a").first.click()
    await page.wait_for_url("**/communes/31825/tally")
    await page.go_back()
    # A unit's row leads to its result, where the standings are drawn.
    await page.locator("tr[data-unit-stage='counting'] a").first.click()
    await page.wait_for_url("**/units/*/result")
    chart = page.locator("[data-standings-chart] svg")
    await expect(chart).to_be_visible()
    await expect(chart.locator("line.chart-reference")).to_have_count(1)
    await expect(page.locator("[data-unit-communes] svg")).to_be_visible()
    await shoot(page, "results-unit")
    assert violations == []


async def test_the_unit_standings_chart_reads_on_a_phone(browser, live_server, demo):
    await replay_tallies()
    unit_id = await db.fetchval(
        "SELECT s.unit FROM tally_sheet s JOIN contest c ON c.id = s.contest "
        "WHERE c.level = 'dbqh' LIMIT 1"
    )
    context = await browser.new_context(base_url=live_server, locale="vi-VN", **PHONE)
    phone = await new_page(context)
    try:
        violations = watch_csp(phone)
        await sign_in(phone, "quantri")
        await phone.goto(f"/units/{unit_id}/result")
        chart = phone.locator("[data-standings-chart] svg")
        await expect(chart).to_be_visible()
        assert await fits(chart)  # the picture fits a 360 px phone
        assert await chart.locator("rect.chart-bar").count() > 0
        await chart.scroll_into_view_if_needed()
        await shoot(phone, "results-unit-standings-phone")
        await phone.goto("/results")
        await phone.wait_for_url("**/results")
        assert await fits(phone.locator("svg.chart-map"))
        # The province table scrolls inside its box rather than widen the page.
        assert await fits(phone.locator(".table-scroll:has([data-province-table])"))
        election_id = await db.fetchval("SELECT id FROM election")
        await phone.goto(f"/elections/{election_id}/results/provinces/96")
        for chart in await phone.locator("svg.chart-bars").all():
            assert await fits(chart)
        assert await phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        await shoot(phone, "results-province-phone")
        await shoot(phone, "results-national-map-phone")
        assert violations == []
    finally:
        await context.close()
