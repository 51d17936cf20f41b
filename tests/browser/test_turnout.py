"""Turnout during voting day in a real browser: a team reports its 09:00 count
from a phone, queued while offline and sent when the network returns, and the
province's page, open in another browser, sees it arrive without a reload."""

from __future__ import annotations

import json

import httpx
import pytest
from playwright.async_api import expect

from election import db
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.browser.test_tallies import phone

pytestmark = pytest.mark.browser


async def reported(area_id: int, hour: str) -> int | None:
    return await db.fetchval(
        "SELECT voted FROM turnout_report WHERE polling_area = $1 AND at = $2::text::time",
        area_id,
        hour,
    )


async def test_an_offline_report_arrives_live_at_the_province(browser, live_server, page, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 1"
    )
    areas = await db.fetchval("SELECT count(*) FROM polling_area")

    # The province's committee watches its page.
    await sign_in(page, "tinh.camau")
    await page.goto(f"/elections/{election_id}/turnout?province=96")
    await page.locator(".live-dot").wait_for(state="visible")
    nine = page.locator('[data-live="curve"] tr[data-hour="09:00"] td').first
    await expect(nine).to_contain_text(f"{areas - 1}/{areas}")
    assert await page.locator("figure.chart-figure svg[role=img]").count() >= 1

    # The team's phone: the 09:00 count first, typed while the network is down.
    context, officer = await phone(browser, live_server)
    await sign_in(officer, "to.kv01")
    await officer.goto(f"/polling-areas/{area_id}/turnout")
    await expect(officer.locator("#current-heading")).to_have_text("Giờ cần báo cáo: 09:00")
    assert await officer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    await officer.screenshot(path=str(SCREENSHOTS / "turnout_phone_page.png"), full_page=True)

    await context.set_offline(True)
    form = officer.locator(f"form#turnout-{area_id}-0900")
    await form.get_by_label("Số cử tri đã bỏ phiếu đến 09:00").fill("11")
    await form.get_by_role("button", name="Gửi số lúc 09:00").click()
    await expect(form.locator("[data-offline-status]")).to_have_text(
        "Đã lưu trên máy, sẽ gửi khi có mạng"
    )
    assert await reported(area_id, "09:00") is None
    await officer.screenshot(path=str(SCREENSHOTS / "turnout_phone_offline.png"), full_page=True)

    # The network returns: the page's own "online" handler sends the queue
    # and follows the redirect (nothing in the test asks it to).
    async with officer.expect_navigation():
        await context.set_offline(False)
    await officer.wait_for_url("**/turnout?sent=09*")
    await expect(officer.locator("#current-heading")).to_have_text("Giờ cần báo cáo: 11:00")
    assert await reported(area_id, "09:00") == 11
    assert (
        await db.fetchval("SELECT count(*) FROM turnout_report WHERE polling_area = $1", area_id)
        == 1
    )

    # The province's page heard it (LISTEN/NOTIFY → SSE) and re-read its tables.
    await expect(nine).to_contain_text(f"{areas}/{areas}")
    await page.screenshot(path=str(SCREENSHOTS / "turnout_province_live.png"), full_page=True)

    # Online, the 11:00 count goes straight through; the same count again is harmless.
    form = officer.locator(f"form#turnout-{area_id}-1100")
    await form.get_by_label("Số cử tri đã bỏ phiếu đến 11:00").fill("19")
    await form.get_by_role("button", name="Gửi số lúc 11:00").click()
    await officer.wait_for_url("**/turnout?sent=11*")
    assert await reported(area_id, "11:00") == 19
    eleven = page.locator('[data-live="curve"] tr[data-hour="11:00"] td').first
    await expect(eleven).to_contain_text(f"{areas}/{areas}")
    await context.close()


async def test_a_count_lower_than_the_hour_before_is_refused_on_the_phone(
    browser, live_server, demo
):
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 1"
    )
    context, officer = await phone(browser, live_server)
    await sign_in(officer, "to.kv01")
    await officer.goto(f"/polling-areas/{area_id}/turnout")
    form = officer.locator(f"form#turnout-{area_id}-0900")
    await form.get_by_label("Số cử tri đã bỏ phiếu đến 09:00").fill("12")
    await form.get_by_role("button", name="Gửi số lúc 09:00").click()
    await officer.wait_for_url("**/turnout?sent=09*")
    form = officer.locator(f"form#turnout-{area_id}-1100")
    await form.get_by_label("Số cử tri đã bỏ phiếu đến 11:00").fill("10")
    await form.get_by_role("button", name="Gửi số lúc 11:00").click()
    await officer.get_by_text("nhỏ hơn số đã báo cáo lúc 09:00").first.wait_for()
    assert await reported(area_id, "11:00") is None
    await officer.screenshot(path=str(SCREENSHOTS / "turnout_phone_refused.png"), full_page=True)
    await context.close()


async def test_the_national_page_and_the_hours_settings(page, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    await sign_in(page, "quantri")
    await page.goto(f"/elections/{election_id}/turnout")
    await page.get_by_role("heading", name="Cử tri đi bầu trong ngày — Toàn quốc").wait_for()
    await page.screenshot(path=str(SCREENSHOTS / "turnout_national.png"), full_page=True)
    await page.get_by_role("link", name="Giờ báo cáo").click()
    await page.get_by_label("Các giờ báo cáo, cách nhau bởi dấu phẩy").fill("9, 11, 14, 16, 19, 20")
    await page.get_by_role("button", name="Lưu giờ báo cáo").click()
    await page.get_by_text("Đã lưu giờ báo cáo.").wait_for()
    await page.get_by_text("ngoài khoảng 7 giờ – 19 giờ").wait_for()
    await page.screenshot(path=str(SCREENSHOTS / "turnout_hours.png"), full_page=True)


async def test_the_api_stream_sends_a_new_rollup_after_a_report(live_server, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 1"
    )
    async with httpx.AsyncClient(base_url=live_server, timeout=20) as client:

        async def token(username: str) -> dict:
            response = await client.post(
                "/api/v1/auth/token", json={"username": username, "password": "demo-2026-baucu"}
            )
            return {"Authorization": f"Bearer {response.json()['access_token']}"}

        watcher = await token("tinh.camau")
        officer = await token("to.kv01")
        path = f"/api/v1/elections/{election_id}/turnout/stream"
        async with client.stream("GET", path, headers=watcher) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            events = stream.aiter_lines()

            async def next_rollup() -> dict:
                async for line in events:
                    if line.startswith("data: "):
                        return json.loads(line[len("data: ") :])
                raise AssertionError("the stream ended")

            first = await next_rollup()
            assert first["hours"][0]["at"] == "09:00"
            before = first["hours"][0]["areas_reporting"]
            sent = await client.post(
                f"/api/v1/polling-areas/{area_id}/turnout",
                json={"at": "09:00", "voted": 5},
                headers=officer,
            )
            assert sent.status_code == 200, sent.text
            second = await next_rollup()
            assert second["hours"][0]["areas_reporting"] == before + 1
