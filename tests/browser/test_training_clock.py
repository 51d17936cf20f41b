"""In a real browser: the administrator puts the demo in training mode and
moves it to election night; the banner follows on every page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, sign_in

pytestmark = pytest.mark.browser

BANNER = "Chế độ diễn tập — ngày giả lập"


async def test_the_administrator_moves_the_clock_to_election_night(page, demo):
    await sign_in(page, "quantri")
    banner = page.locator(".training-banner")
    assert await banner.count() == 0  # the tests' demo runs on the real clock
    card = page.get_by_role("region", name="Đồng hồ diễn tập")
    assert "dùng giờ thực" in await card.inner_text()
    try:
        # A moment that does not exist is refused next to its field.
        await card.get_by_label("Ngày giờ giả lập").fill("31/02/2026 08:00")
        await card.get_by_role("button", name="Đặt ngày giả lập").click()
        field = page.get_by_label("Ngày giờ giả lập")
        assert await field.get_attribute("aria-invalid") == "true"
        assert "không tồn tại" in await page.get_by_role("alert").inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SCREENSHOTS / "training_clock_refused.png"), full_page=True)

        # Typed as people write it: 30 days before election day.
        await field.fill("13/02/2026 08:00")
        await page.get_by_role("button", name="Đặt ngày giả lập").click()
        await page.wait_for_url("**/?election=*")
        assert (await banner.inner_text()).startswith(BANNER + " 13/02/2026 08:0")
        assert await page.get_by_role("status").inner_text() == "Đã lưu."
        await page.screenshot(path=str(SCREENSHOTS / "training_clock_before.png"), full_page=True)

        # One press: election night, when the teams count.
        await page.get_by_role("button", name="Tối ngày bầu cử (kiểm phiếu)").click()
        await page.wait_for_url("**/?election=*")
        assert (await banner.inner_text()).startswith(BANNER + " 15/03/2026 19:3")
        calendar = page.get_by_role("table", name="Lịch các mốc thời gian theo luật")
        row = calendar.get_by_role("row").filter(has_text="D+3")
        assert "còn 3 ngày" in await row.inner_text()
        await page.screenshot(path=str(SCREENSHOTS / "training_clock_night.png"), full_page=True)

        # Every page says so, for every user.
        await page.goto("/structure")
        assert (await banner.inner_text()).startswith(BANNER + " 15/03/2026 19:3")
        await page.get_by_role("link", name="Đổi ngày giả lập").click()
        await page.wait_for_url("**/training-clock")
        assert "Chế độ diễn tập" in await page.get_by_role("heading", level=1).inner_text()
        await page.screenshot(path=str(SCREENSHOTS / "training_clock_page.png"), full_page=True)
        await page.get_by_role("button", name="Đăng xuất").click()
        await page.wait_for_url("**/login?notice=signed_out")
        assert (await banner.inner_text()).startswith(BANNER)
    finally:
        # Back to the real clock, so the server's clock cache is clean for the next test.
        await page.goto("/login")
        if "/login" in page.url and await page.get_by_label("Tên đăng nhập").count():
            await sign_in(page, "quantri")
        off = page.get_by_role("button", name="Tắt chế độ diễn tập (dùng giờ thực)")
        if await off.count():
            await off.click()
            await page.wait_for_url("**/?election=*")
    assert await banner.count() == 0
