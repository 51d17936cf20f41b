"""In a real browser: an investigator filters the audit log, pages through it with
the filters kept, reads a change, and exports the filtered events as CSV."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from election import db
from election.audit import services as audit
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


async def test_an_investigator_filters_pages_and_exports_the_log(page, demo):
    expected = await db.fetchval(
        "SELECT count(*) FROM audit_event WHERE actor_role = 'commune_staff' AND action = 'report'"
    )
    assert expected > 50
    await sign_in(page, "quantri")
    await page.get_by_role("link", name="Nhật ký", exact=True).click()
    await page.wait_for_url("**/audit")

    await page.get_by_label("Từ thời điểm").fill("2020-01-01T00:00")
    await page.get_by_label("Vai trò").select_option(label="Cán bộ cấp xã")
    await page.get_by_label("Thao tác").select_option(label="Báo cáo số cử tri đã bỏ phiếu")
    await page.get_by_role("button", name="Lọc", exact=True).click()
    await page.wait_for_url("**/audit?*action=report*")
    query = parse_qs(urlparse(page.url).query)
    assert query["role"] == ["commune_staff"] and query["from"] == ["2020-01-01T00:00"]

    rows = page.locator("#audit-events > tbody > tr")
    assert await rows.count() == 50
    assert await page.get_by_text(f"{expected} sự kiện", exact=True).first.is_visible()
    for text in await page.locator(
        "#audit-events > tbody > tr > td:nth-child(4)"
    ).all_inner_texts():
        assert text.strip() == "Báo cáo số cử tri đã bỏ phiếu"
    assert (
        "Chuỗi kiểm chứng nguyên vẹn từ sự kiện số"
        in await page.locator("#audit-chain").inner_text()
    )

    # A change, field by field.
    first = rows.first
    await first.locator("summary").click()
    assert await first.get_by_text("Số cử tri đã bỏ phiếu", exact=True).is_visible()

    # The next page keeps the filters.
    await page.get_by_role("link", name="Trang 2", exact=True).first.click()
    await page.wait_for_url("**page=2*")
    assert parse_qs(urlparse(page.url).query)["action"] == ["report"]
    assert await page.get_by_label("Vai trò").input_value() == "commune_staff"

    # The export: the same filters, every matching event, readable by Excel.
    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Tải tệp CSV các sự kiện đã lọc").click()
    download = await download_info.value
    assert download.suggested_filename.startswith("nhat-ky-thay-doi-")
    content = await asyncio.to_thread(Path(await download.path()).read_bytes)
    assert content.startswith(b"\xef\xbb\xbf")
    exported = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert exported[0][0] == "Số sự kiện"
    assert len(exported) - 1 == expected
    assert {row[4] for row in exported[1:]} == {"Báo cáo số cử tri đã bỏ phiếu"}
    [event] = await audit.history(entity_type="audit_log", entity_id="csv")
    assert event.actor_username == "quantri"
    assert event.after["filters"]["action"] == "report"
