"""Election night in a real browser: a station officer enters the minutes on a
phone, the secretary verifies them, the board approves, a live board updates
and the unit's minutes are downloaded."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.async_api import expect

from election import db
from election.accounts import services as accounts
from election.tallies import services
from tests.browser.conftest import new_page, sign_in
from tests.pdf import pdf_text, squash
from tests.tally_helpers import consistent_figures

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


async def phone(browser, live_server):
    context = await browser.new_context(
        base_url=live_server, locale="vi-VN", accept_downloads=True, **PHONE
    )
    page = await new_page(context)
    return context, page


async def fill_minutes(page, figures, sheet) -> None:
    for name in (
        "voters_on_list",
        "voters_took_part",
        "ballots_issued",
        "ballots_received",
        "valid",
        "invalid",
    ):
        await page.fill(f"#f-{name}", str(getattr(figures, name)))
    for candidate in sheet.candidates:
        await page.fill(f"#f-vote-{candidate.id}", str(figures.votes[candidate.id]))


async def test_officer_enters_secretary_verifies_board_approves_on_phones(
    browser, live_server, page, demo, tmp_path
):
    officer_context, officer = await phone(browser, live_server)
    await sign_in(officer, "to.kv01")
    await officer.get_by_role("link", name="Kiểm phiếu").click()
    await officer.wait_for_url("**/polling-areas/*/tally")
    # The page fits the phone: no sideways scrolling.
    assert await officer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    area_id = int(officer.url.split("/")[-2])
    actor = (await accounts.find_user(username="to.kv01")).actor()
    sheets = {
        s.level.value: s for s in await services.area_sheets(polling_area_id=area_id, actor=actor)
    }
    sheet = sheets["hdnd_xa"]
    figures = consistent_figures(sheet)

    await officer.goto(f"/tally-sheets/{sheet.id}")
    await fill_minutes(officer, figures, sheet)
    # The running check catches a slip before sending.
    await officer.fill("#f-invalid", str(figures.invalid + 1))
    await officer.get_by_text("khác số phiếu thu vào").wait_for()
    await officer.fill("#f-invalid", str(figures.invalid))
    assert await officer.locator("#check-sum").inner_text() == ""
    await officer.get_by_role("button", name="Gửi biên bản").click()
    await officer.get_by_text("Cần một người khác nhập lại").wait_for()
    assert await officer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    await officer_context.close()

    secretary_context, secretary = await phone(browser, live_server)
    await sign_in(secretary, "to.kv01.thuky")
    await secretary.goto(f"/tally-sheets/{sheet.id}")
    # The second reader starts from a blank form.
    assert await secretary.input_value("#f-valid") == ""
    await fill_minutes(secretary, figures, sheet)
    await secretary.get_by_role("button", name="Gửi biên bản").click()
    await secretary.get_by_text("Hai lần nhập khớp nhau").first.wait_for()
    await secretary_context.close()

    await sign_in(page, "ban.baclieu")
    await page.goto(f"/tally-sheets/{sheet.id}")
    await page.get_by_role("button", name="Phê duyệt biên bản").click()
    await page.get_by_role("dialog").get_by_role("button", name="Xác nhận phê duyệt").click()
    await page.get_by_text("Đã phê duyệt biên bản kết quả kiểm phiếu.").wait_for()
    await page.get_by_role("link", name=sheet.unit_name).first.click()
    await page.wait_for_url(f"**/units/{sheet.unit_id}/result")
    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Biên bản xác định kết quả (PDF)").click()
    content = (await (await download_info.value).path()).read_bytes()
    text = squash(pdf_text(content))
    assert "Mẫu số 24/HĐBC-HĐND" in text
    assert "XÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN" in text
    assert "TẠM TÍNH — CHƯA ĐỦ BIÊN BẢN" in text and "Chưa kết luận" in text
    assert sheet.candidates[0].full_name in text


async def test_the_progress_board_updates_live_when_a_sheet_arrives(page, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    await sign_in(page, "phuong.baclieu")
    await page.goto(f"/elections/{election_id}/communes/31825/tally")
    await page.locator(".live-dot").wait_for(state="visible")
    reported = page.locator('[data-field="reported"]').first
    assert await reported.inner_text() == "0"

    actor = (await accounts.find_user(username="phuong.baclieu")).actor()
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 2"
    )
    sheet = (await services.area_sheets(polling_area_id=area_id, actor=actor))[0]
    await services.submit(
        sheet_id=sheet.id,
        submission=services.Submission(figures=consistent_figures(sheet)),
        actor=actor,
        now=dt.datetime(2026, 3, 15, 20, tzinfo=dt.UTC),
    )
    # The server hears the commit through LISTEN/NOTIFY and pushes the new count.
    await expect(reported).to_have_text("1")
    # Its turnout is written as the page writes it (93,02 %), not as sent (93.02).
    turnout = page.locator('[data-field="turnout"]').first
    await expect(turnout).to_have_text(re.compile(r"^\d{1,3},\d\d %$"))
    # The grid of sheets follows too, without a reload.
    await expect(page.locator('[data-live="grid"] a.sheet-state-submitted')).to_have_count(
        1, timeout=10_000
    )
