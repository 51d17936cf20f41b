"""In a real browser: sign in, see the 2026 calendar, download its PDF, sign out."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from tests.pdf import pdf_text, squash

pytestmark = pytest.mark.browser


async def test_commune_staff_signs_in_sees_the_calendar_downloads_it_and_signs_out(
    page, demo, tmp_path
):
    await sign_in(page, "phuong.baclieu")

    heading = page.get_by_role("heading", level=1)
    assert "Bầu cử đại biểu Quốc hội khóa XVI" in await heading.inner_text()
    assert "Phường Bạc Liêu" in await page.locator("#scope-place").inner_text()
    calendar = page.get_by_role("table", name="Lịch các mốc thời gian theo luật")
    assert await calendar.get_by_role("row").count() > 20
    row = calendar.get_by_role("row").filter(has_text="D−43")
    assert "31/01/2026" in await row.inner_text()
    assert "Thành lập Tổ bầu cử" in await row.inner_text()

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Tải lịch bầu cử (PDF)").click()
    download = await download_info.value
    target = tmp_path / download.suggested_filename
    await download.save_as(target)
    assert download.suggested_filename == "lich-bau-cu-20260315.pdf"
    text = squash(pdf_text(target.read_bytes()))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ỦY BAN BẦU CỬ PHƯỜNG BẠC LIÊU" in text
    assert "Thành lập Tổ bầu cử" in text

    await page.get_by_role("button", name="Đăng xuất").click()
    await page.wait_for_url("**/login?notice=signed_out")
    assert await page.get_by_role("status").inner_text() == "Bạn đã đăng xuất."
    await page.goto("/")
    assert "/login" in page.url


async def test_sign_in_works_with_the_keyboard_alone(page, demo):
    await page.goto("/login")
    # The username field has focus on arrival.
    await page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'username'"
    )
    await page.keyboard.type("tinh.camau")
    await page.keyboard.press("Tab")
    await page.keyboard.type("demo-2026-baucu")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/")
    assert "Cà Mau" in await page.locator("#scope-place").inner_text()


async def test_a_wrong_password_is_announced_to_the_user(page, demo):
    await page.goto("/login")
    await page.get_by_label("Tên đăng nhập").fill("phuong.baclieu")
    await page.get_by_label("Mật khẩu").fill("sai-mat-khau-roi")
    await page.get_by_role("button", name="Đăng nhập").click()
    alert = page.get_by_role("alert")
    assert await alert.inner_text() == "Tên đăng nhập hoặc mật khẩu không đúng."
