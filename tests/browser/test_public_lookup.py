"""In a real browser, without signing in: a citizen looks themselves up, sees
where, when and with which ballots they vote, opens a candidate of their
unit's published list and that unit's list."""

from __future__ import annotations

import pytest

from election import db

pytestmark = pytest.mark.browser


async def test_a_citizen_finds_where_to_vote_and_reads_a_candidate(page, demo):
    voter = await db.fetchrow(
        "SELECT v.personal_id, v.date_of_birth, v.full_name, pa.name AS area, pa.station_address "
        "FROM voter v JOIN polling_area pa ON pa.id = v.polling_area "
        "WHERE v.status = 'listed' AND v.residence_category = 'permanent' "
        "AND NOT v.voting_elsewhere ORDER BY v.id LIMIT 1"
    )
    assert voter is not None
    await page.goto("/tra-cuu")
    await page.get_by_label("Số định danh cá nhân (12 chữ số)").fill(voter["personal_id"])
    await page.get_by_label("Ngày sinh (ngày/tháng/năm)").fill(
        voter["date_of_birth"].strftime("%d/%m/%Y")
    )
    await page.get_by_label("Số thẻ cử tri hoặc họ và tên").fill(voter["full_name"].upper())
    await page.get_by_role("button", name="Tra cứu").click()

    result = page.locator("#lookup-result")
    await result.wait_for()
    assert await result.get_by_role("heading", level=2).inner_text() == voter["area"]
    assert voter["station_address"] in await result.inner_text()
    link = page.get_by_role("link", name="Xem trên bản đồ (OpenStreetMap)")
    assert (await link.get_attribute("href") or "").startswith(
        "https://www.openstreetmap.org/search?query="
    )
    assert "Từ 07:00 đến 19:00 ngày 15/03/2026" in await page.locator("#lookup-hours").inner_text()
    assert await page.locator("#lookup-ballots li").count() == 3
    lists = page.locator("#lookup-lists")
    assert await lists.locator("h3").count() == 3
    assert "Mẫu số 11/HĐBC" in await page.locator("#lookup-certificate").inner_text() or (
        "Đã hết thời hạn" in await page.locator("#lookup-certificate").inner_text()
    )

    first = lists.locator("ol.candidate-list a").first
    name = await first.inner_text()
    await first.click()
    await page.wait_for_url("**/tra-cuu/ung-cu-vien/*")
    assert await page.get_by_role("heading", level=1).inner_text() == name
    facts = await page.locator("#candidate-facts").inner_text()
    for label in ("Ngày sinh", "Quê quán", "Nơi cư trú", "Nghề nghiệp, chức vụ", "Nơi công tác"):
        assert label in facts
    assert "Căn cước" not in facts and "định danh" not in facts

    await page.get_by_role("link", name="‹ Danh sách người ứng cử").click()
    await page.wait_for_url("**/tra-cuu/don-vi/*")
    assert await page.get_by_role("link", name=name).count() == 1
