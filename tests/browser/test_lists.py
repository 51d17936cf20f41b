"""In a real browser: a polling area of 952 voters, paged by its numbered links,
shown 200 a page, searched without diacritics and filtered, the state kept in
the URL (back and forward give the same lists)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from election import db
from election.actor import Role
from election.voters import rules
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_user
from tests.test_lists_paging import AREA_SIZE, area_of_952

pytestmark = pytest.mark.browser


async def _row(sql: str, *args: object) -> tuple[Any, ...]:
    """The one row a demo query must find."""
    row = await db.fetchrow(sql, *args)
    assert row is not None, sql
    return tuple(row)


async def test_a_952_voter_list_is_paged_and_searched(page, clean_db):
    made = await area_of_952()
    await make_user(Role.COMMUNE_STAFF, username="xa.baclieu")
    await sign_in(page, "xa.baclieu", PASSWORD)

    await page.goto(f"/polling-areas/{made.big_area_id}/voters")
    rows = page.locator('table[aria-labelledby="list-heading"] tbody tr')
    count = page.locator(".pager-count").first
    await expect(count).to_contain_text(f"{AREA_SIZE} cử tri")
    await expect(count).to_contain_text("hiển thị 1–50")
    await expect(rows).to_have_count(50)

    # The last page by its number, then 200 a page.
    await page.get_by_role("link", name="Trang 20", exact=True).first.click()
    await page.wait_for_url(re.compile(r"page=20"))
    await expect(rows).to_have_count(2)
    await expect(count).to_contain_text("hiển thị 951–952")
    await page.locator(".pager-sizes").first.get_by_role("link", name="200").click()
    await page.wait_for_url(re.compile(r"size=200"))
    await expect(rows).to_have_count(200)
    await page.get_by_role("link", name="Trang 5", exact=True).first.click()
    await expect(rows).to_have_count(AREA_SIZE - 800)

    # Search without diacritics, with a filter: the URL holds both.
    name, sex = await _row(
        "SELECT full_name, sex FROM voter WHERE polling_area = $1 ORDER BY id LIMIT 1",
        made.big_area_id,
    )
    typed = " ".join(rules.search_key(name).split()[-2:])
    search = page.get_by_role("search", name="Tìm trong danh sách")
    await search.get_by_label("Số định danh hoặc họ tên (có thể không dấu)").fill(typed)
    await search.get_by_label("Giới tính").select_option(sex)
    await search.get_by_role("button", name="Tìm").click()
    await page.wait_for_url(re.compile(r"q="))
    assert f"sex={sex}" in page.url
    await expect(rows.filter(has_text=name).first).to_be_visible()
    found = int(re.sub(r"\D", "", (await count.inner_text()).split("cử tri")[0]))
    assert 1 <= found < AREA_SIZE
    await expect(search.get_by_label("Số định danh hoặc họ tên (có thể không dấu)")).to_have_value(
        typed
    )

    # Back in history: the 200-a-page list, page 5, as it was.
    await page.go_back()
    await expect(rows).to_have_count(AREA_SIZE - 800)
    await expect(count).to_contain_text(f"{AREA_SIZE} cử tri")
