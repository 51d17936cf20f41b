"""Fixing a unit's result in a real browser: with 1 of its sheets approved
the page says "Đang kiểm phiếu" with the progress, shows no verdict, and the
board's button is disabled with the reason; once the last sheet is approved
the button opens (live), asks for confirmation, and only then fixes the
result (Art. 77)."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from election import db
from election.tallies import services
from tests.browser.conftest import SCREENSHOTS, new_page, sign_in
from tests.builders import system
from tests.tally_helpers import consistent_figures, demo_actor, submit

pytestmark = pytest.mark.browser

FINALIZE = "Xác định kết quả bầu cử (Điều 77)"


async def ward_unit() -> tuple[int, list]:
    """A ward council unit of the demo and its (polling area, contest) rows."""
    unit_id = await db.fetchval(
        """
        SELECT u.id FROM electoral_unit u JOIN contest c ON c.id = u.contest
        WHERE c.level = 'hdnd_xa' AND EXISTS (SELECT 1 FROM polling_area_unit WHERE unit = u.id)
        ORDER BY u.number LIMIT 1
        """
    )
    rows = await db.fetch(
        "SELECT polling_area, contest FROM polling_area_unit WHERE unit = $1 ORDER BY polling_area",
        unit_id,
    )
    assert len(rows) > 1
    return unit_id, rows


async def approve(rows) -> None:
    """Enter twice and approve the sheets of these areas through the services."""
    staff = await demo_actor("phuong.baclieu")
    province = await demo_actor("tinh.camau")
    board = await demo_actor("ban.baclieu")
    for row in rows:
        sheet = await services.sheet_for(
            polling_area_id=row["polling_area"], contest_id=row["contest"], actor=system()
        )
        figures = consistent_figures(sheet)
        await submit(sheet, figures, staff)
        await submit(sheet, figures, province)
        await services.approve(sheet_id=sheet.id, actor=board)


async def test_the_board_fixes_a_unit_only_on_a_complete_count_and_confirmed(page, demo):
    unit_id, rows = await ward_unit()
    total = len(rows)
    await approve(rows[:1])

    await sign_in(page, "ban.baclieu")
    await page.goto(f"/units/{unit_id}/result")
    await expect(page.get_by_text("Đang kiểm phiếu").first).to_be_visible()
    await expect(page.get_by_text(f"1/{total} biên bản đã phê duyệt").first).to_be_visible()
    standings = page.locator('[data-live="unit-standings"]')
    await expect(standings).not_to_contain_text("Trúng cử")
    await expect(standings).not_to_contain_text("Phải tổ chức bầu cử lại")
    await expect(standings).not_to_contain_text("không được công nhận")
    await expect(standings).to_contain_text("tạm tính")
    button = page.get_by_role("button", name=FINALIZE)
    await expect(button).to_be_disabled()
    reason = page.locator("#finalize-reason")
    await expect(reason).to_have_text(
        f"Mới phê duyệt 1/{total} biên bản kiểm phiếu; cần phê duyệt tất cả trước khi xác "
        "định kết quả (Điều 77)."
    )
    assert await button.get_attribute("aria-describedby") == "finalize-reason"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "unit_result_counting.png"), full_page=True)

    # The results grid says the same: provisional, with the progress, no verdict.
    election_id = await db.fetchval("SELECT id FROM election")
    commune = await db.fetchval("SELECT commune FROM electoral_unit WHERE id = $1", unit_id)
    await page.goto(f"/elections/{election_id}/results?commune={commune}")
    row = page.locator(f'tr[data-unit-stage]:has(a[href="/units/{unit_id}/result"])')
    await expect(row).to_contain_text("Tạm tính")
    await expect(row).to_contain_text(f"1/{total} biên bản đã phê duyệt")
    await expect(row).to_contain_text("chưa xác định")
    await expect(page.locator('[data-live="units"]')).not_to_contain_text("cần bầu cử lại")
    await page.screenshot(path=str(SCREENSHOTS / "results_grid_provisional.png"), full_page=True)
    await page.goto(f"/units/{unit_id}/result")

    # The last sheets arrive: the live page opens the button without a reload.
    await approve(rows[1:])
    await expect(button).to_be_enabled(timeout=20_000)
    await expect(page.locator("#finalize-reason")).to_have_count(0)
    await expect(page.locator('[data-live="unit-stage"]')).to_contain_text("Đã đủ biên bản")
    await page.reload()
    await expect(page.get_by_text("Trúng cử").first).to_be_visible()
    await expect(page.get_by_text("Đã đủ biên bản").first).to_be_visible()

    # It asks first; "Hủy" leaves everything as it was.
    await page.get_by_role("button", name=FINALIZE).click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    await expect(dialog).to_contain_text("sẽ bị khóa, không sửa được nữa")
    await page.screenshot(path=str(SCREENSHOTS / "unit_result_confirm.png"), full_page=True)
    await dialog.get_by_role("button", name="Hủy").click()
    await expect(dialog).to_be_hidden()
    assert not await db.fetchval(
        "SELECT bool_or(state = 'locked') FROM tally_sheet WHERE unit = $1", unit_id
    )

    await page.get_by_role("button", name=FINALIZE).click()
    await page.get_by_role("dialog").get_by_role("button", name="Xác định kết quả").click()
    await page.wait_for_url(f"**/units/{unit_id}/result?notice=result_finalized")
    await expect(page.get_by_text("Ban bầu cử đã xác định kết quả").first).to_be_visible()
    assert await db.fetchval(
        "SELECT bool_and(state = 'locked') FROM tally_sheet WHERE unit = $1", unit_id
    )
    await page.screenshot(path=str(SCREENSHOTS / "unit_result_fixed.png"), full_page=True)


async def test_without_scripts_the_checkbox_asks(browser, live_server, demo):
    """No JavaScript: the required checkbox is the confirmation step."""
    unit_id, rows = await ward_unit()
    await approve(rows)
    context = await browser.new_context(
        base_url=live_server, locale="vi-VN", java_script_enabled=False
    )
    page = await new_page(context)
    try:
        await sign_in(page, "ban.baclieu")
        await page.goto(f"/units/{unit_id}/result")
        check = page.get_by_label("Tôi xác nhận", exact=False)
        await expect(check).to_be_visible()
        await page.get_by_role("button", name=FINALIZE).click()
        # The browser keeps the form until the box is ticked.
        assert page.url.endswith(f"/units/{unit_id}/result")
        assert not await db.fetchval(
            "SELECT bool_or(state = 'locked') FROM tally_sheet WHERE unit = $1", unit_id
        )
        await check.check()
        await page.get_by_role("button", name=FINALIZE).click()
        await page.wait_for_url(f"**/units/{unit_id}/result?notice=result_finalized")
        await expect(page.get_by_text("Ban bầu cử đã xác định kết quả").first).to_be_visible()
        await page.screenshot(path=str(SCREENSHOTS / "unit_result_no_script.png"), full_page=True)
    finally:
        await context.close()
