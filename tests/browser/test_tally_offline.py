"""Entry that survives the network, in a real browser on a phone: figures
typed offline stay on the device through a reload served by the service
worker, a submission made offline is queued and sent once when the network
returns, and a phone without network relays its sheet as a signed QR code
that the commune's staff post for it."""

from __future__ import annotations

import asyncio

import pytest

from election import db
from election.tallies import services
from tests.browser.conftest import SCREENSHOTS, WAIT_MS, sign_in
from tests.browser.test_tallies import fill_minutes, phone
from tests.builders import system
from tests.tally_helpers import consistent_figures

pytestmark = pytest.mark.browser

PAGES_CACHE = "election-pages-v1"


async def area_one_sheet(level: str) -> services.SheetContext:
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 1"
    )
    sheets = await services.area_sheets(polling_area_id=area_id, actor=system())
    return next(s for s in sheets if s.level.value == level)


async def entries_of(sheet_id: int) -> list[tuple[str, str | None]]:
    rows = await db.fetch(
        "SELECT entered_by, idempotency_key FROM tally_entry WHERE sheet = $1 ORDER BY id",
        sheet_id,
    )
    return [(r["entered_by"], r["idempotency_key"]) for r in rows]


async def until(check, seconds: float = WAIT_MS / 1000):
    """Poll `check` (an async callable) until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        value = await check()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.2)


async def open_kept(page, path: str) -> None:
    """Open an entry page once the service worker controls it and has kept it."""
    await page.goto(path)
    await page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not await page.evaluate("!!navigator.serviceWorker.controller"):
        await page.reload()
    await until(
        lambda: page.evaluate(
            f"caches.open('{PAGES_CACHE}').then(c => c.match(location.pathname)).then(r => !!r)"
        )
    )


async def test_an_entry_made_offline_survives_a_reload_and_is_sent_once(browser, live_server, demo):
    sheet = await area_one_sheet("hdnd_xa")
    figures = consistent_figures(sheet)
    context, officer = await phone(browser, live_server)
    try:
        await sign_in(officer, "to.kv01")
        await open_kept(officer, f"/tally-sheets/{sheet.id}")

        await context.set_offline(True)
        await fill_minutes(officer, figures, sheet)
        # A reload without network: the kept page, with the figures as typed.
        await officer.reload()
        assert await officer.input_value("#f-valid") == str(figures.valid)
        first = sheet.candidates[0].id
        assert await officer.input_value(f"#f-vote-{first}") == str(figures.votes[first])
        # A page never kept: the Vietnamese offline page, not the browser's error.
        await officer.goto("/voters")
        await officer.get_by_role("heading", name="Không có kết nối mạng").wait_for()
        await officer.screenshot(path=str(SCREENSHOTS / "tally_offline_fallback.png"))
        await officer.go_back()
        assert await officer.input_value("#f-valid") == str(figures.valid)

        await officer.get_by_role("button", name="Gửi biên bản").click()
        status = officer.locator("[data-offline-status]")
        await status.filter(has_text="Đã lưu trên máy, sẽ gửi khi có mạng").wait_for()
        await officer.screenshot(path=str(SCREENSHOTS / "tally_offline_queued.png"), full_page=True)
        queued = await officer.evaluate("localStorage.getItem('offline-queue:v1')")
        assert queued and await entries_of(sheet.id) == []

        # The network returns: the queue is sent, the redirect followed.
        async with officer.expect_navigation():
            await context.set_offline(False)
        await status.filter(has_text="Đã gửi").wait_for()
        entries = await until(lambda: entries_of(sheet.id))
        assert len(entries) == 1 and entries[0][0] == "to.kv01"
        await officer.screenshot(path=str(SCREENSHOTS / "tally_offline_sent.png"), full_page=True)

        # The same queued submission replayed (a phone that lost the answer):
        # the server finds it by its key and writes nothing more.
        async with officer.expect_navigation():
            await officer.evaluate(
                "(q) => { localStorage.setItem('offline-queue:v1', q); "
                "window.electionOffline.flush(); }",
                queued,
            )
        assert await officer.evaluate("localStorage.getItem('offline-queue:v1')") is None
        assert await entries_of(sheet.id) == entries

        # Signing out forgets the kept pages: the next user of the phone never
        # gets this officer's copy of the sheet.
        await officer.get_by_role("button", name="Đăng xuất").click()
        await officer.wait_for_url("**/login**")
        kept = await officer.evaluate(
            f"caches.open('{PAGES_CACHE}').then(c => c.keys()).then(k => k.length)"
        )
        assert kept == 0
    finally:
        await context.close()


async def test_a_phone_without_network_relays_its_sheet_by_a_signed_qr_code(
    browser, live_server, demo
):
    sheet = await area_one_sheet("dbqh")
    figures = consistent_figures(sheet)
    context, officer = await phone(browser, live_server)
    staff_context, staff = await phone(browser, live_server)
    try:
        await sign_in(officer, "to.kv01")
        await open_kept(officer, f"/tally-sheets/{sheet.id}")
        # The relay key came while online.
        await officer.locator("[data-relay][data-relay-ready]").wait_for(state="attached")

        await context.set_offline(True)
        await officer.reload()
        await fill_minutes(officer, figures, sheet)
        # Text and times the page and the server must encode alike.
        reason = "Cử tri 'Lý Thanh Tâm' (đi công tác) dùng giấy chứng nhận; 100% ~ ổn!*"
        await officer.fill("#f-reason", reason)
        await officer.evaluate(
            "document.querySelector('[name=voting_closed]').value = '19h30';"
            "document.querySelector('[name=closing_time]').value = '20 giờ 5'"
        )
        await officer.get_by_role("button", name="Tạo mã QR để chuyển biên bản").click()
        dialog = officer.get_by_role("dialog")
        await dialog.get_by_role("img", name="Mã QR của biên bản đã ký").wait_for()
        payload = await officer.locator("[data-relay]").get_attribute("data-relay-payload")
        assert payload and payload.startswith(f"BBKP1|s={sheet.id}|v=1|")
        await officer.screenshot(path=str(SCREENSHOTS / "tally_relay_qr.png"), full_page=False)

        # The commune's staff, with network, post the scanned text.
        await sign_in(staff, "phuong.baclieu")
        await staff.goto("/tally-relay")
        # A tampered text is refused, nothing written.
        tampered = payload.replace("|v=1|u=", "|v=1|u=9", 1)
        await staff.get_by_label("Nội dung mã QR").fill(tampered)
        await staff.get_by_role("button", name="Chuyển biên bản").click()
        await (
            staff.get_by_text("Chữ ký của mã QR không hợp lệ")
            .or_(staff.get_by_text("Người tạo mã QR"))
            .first.wait_for()
        )
        assert await entries_of(sheet.id) == []
        await staff.get_by_label("Nội dung mã QR").fill(payload)
        await staff.get_by_role("button", name="Chuyển biên bản").click()
        await staff.get_by_text("Đã chuyển biên bản").first.wait_for()
        await staff.screenshot(path=str(SCREENSHOTS / "tally_relay_page.png"), full_page=True)
        entries = await entries_of(sheet.id)
        assert len(entries) == 1 and entries[0][0] == "to.kv01"
        recorded = await db.fetchrow(
            "SELECT reason, voting_closed, closing_time FROM tally_entry WHERE sheet = $1",
            sheet.id,
        )
        assert recorded["reason"] == reason
        assert str(recorded["voting_closed"]) == "19:30:00"
        assert str(recorded["closing_time"]) == "20:05:00"

        # Back online, the officer sends the same form: the relayed entry
        # already carries its key, so nothing is written twice.
        await context.set_offline(False)
        await officer.get_by_role("button", name="Đóng").click()
        async with officer.expect_navigation():
            await officer.get_by_role("button", name="Gửi biên bản").click()
        await officer.locator("[data-offline-status]").filter(has_text="Đã gửi").wait_for()
        assert await entries_of(sheet.id) == entries
    finally:
        await context.close()
        await staff_context.close()


async def test_a_queued_sheet_is_sent_from_another_page_when_the_network_returns(
    browser, live_server, demo
):
    sheet = await area_one_sheet("hdnd_tinh")
    figures = consistent_figures(sheet)
    context, officer = await phone(browser, live_server)
    try:
        await sign_in(officer, "to.kv01")
        await open_kept(officer, f"/tally-sheets/{sheet.id}")
        await context.set_offline(True)
        await fill_minutes(officer, figures, sheet)
        await officer.get_by_role("button", name="Gửi biên bản").click()
        await (
            officer.locator("[data-offline-status]")
            .filter(has_text="Đã lưu trên máy, sẽ gửi khi có mạng")
            .wait_for()
        )
        # The officer moves on, still offline; the network comes back there.
        await officer.goto("/voters")
        await officer.get_by_role("heading", name="Không có kết nối mạng").wait_for()
        # The offline page does not know who is signed in, so it sends nothing;
        # the next page of the officer's session does.
        await context.set_offline(False)
        await officer.goto(f"/polling-areas/{sheet.polling_area_id}/tally")
        await officer.get_by_text("Đã gửi số liệu đã lưu trên máy lúc mất mạng.").wait_for()
        entries = await until(lambda: entries_of(sheet.id))
        assert [e[0] for e in entries] == ["to.kv01"]
        assert await officer.evaluate("localStorage.getItem('offline-queue:v1')") is None
    finally:
        await context.close()
