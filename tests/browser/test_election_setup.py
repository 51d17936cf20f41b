"""In a real browser, from an empty database to a first ĐBQH unit with its
candidates, all through pages: the national administrator creates the
election and its contests, province staff create a unit and list candidates."""

from __future__ import annotations

import datetime as dt

import pytest

from election import db
from election.actor import Role
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.builders import CA_MAU, PASSWORD, make_user

pytestmark = pytest.mark.browser

# (name, born, sex): Art. 57(6) wants at least seats + 2 names on a ĐBQH list.
CANDIDATES = [
    ("Trần Thị Hòa", dt.date(1980, 3, 2), "female"),
    ("Nguyễn Văn Hoan", dt.date(1975, 7, 15), "male"),
    ("Lê Thị Mai", dt.date(1984, 11, 20), "female"),
]


def election_day_ahead(today: dt.date) -> dt.date:
    """A Sunday far enough ahead of the live server's real clock for every
    step the test takes (the server runs in its own process, on that clock)."""
    day = today + dt.timedelta(days=200)
    return day + dt.timedelta(days=(6 - day.weekday()) % 7)


async def fill_date(field, day: dt.date) -> None:
    """A date as its input takes it: a picker's ISO value, else typed dd/mm/yyyy."""
    typed = day.isoformat() if await field.get_attribute("type") == "date" else f"{day:%d/%m/%Y}"
    await field.fill(typed)


async def test_from_an_empty_database_to_a_unit_with_candidates(page, clean_db):
    await make_user(Role.ADMIN, username="quantri.moi")
    await make_user(Role.PROVINCE_STAFF, username="tinh.camau.moi", province_code=CA_MAU)
    day = election_day_ahead(dt.date.today())

    # The administrator meets the empty state and follows it.
    await sign_in(page, "quantri.moi", PASSWORD)
    await page.get_by_role("link", name="Tạo cuộc bầu cử").click()
    await page.wait_for_url("**/elections/new")
    await page.get_by_label("Tên cuộc bầu cử").fill("Bầu cử thử nghiệm toàn trình")
    date_field = page.get_by_label("Ngày bầu cử (ngày/tháng/năm, Chủ nhật)")
    # The calendar writes its choice as Vietnamese write dates.
    assert await page.get_by_role("button", name="Chọn ngày trên lịch").count() == 1
    await page.locator(".date-picker-native").evaluate(
        "(picker, value) => { picker.value = value;"
        " picker.dispatchEvent(new Event('change', {bubbles: true})); }",
        day.isoformat(),
    )
    assert await date_field.input_value() == f"{day:%d/%m/%Y}"
    await page.get_by_label("Khóa Quốc hội (số La Mã, ví dụ XVI)").fill("XVI")
    await page.get_by_label("Nhiệm kỳ (ví dụ 2026–2031)").fill("2026–2031")
    await page.get_by_label("Khóa HĐND cấp tỉnh (số La Mã, ví dụ X)").fill("X")
    await page.get_by_label("Khóa HĐND cấp xã (số La Mã, ví dụ I)").fill("I")
    await page.get_by_label("Toàn quốc", exact=False).uncheck()
    await page.get_by_label("Cà Mau", exact=True).check()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "election_setup_form.png"), full_page=True)
    await page.get_by_role("button", name="Tạo cuộc bầu cử").click()
    await page.wait_for_url("**/elections/*?notice=saved")
    heading = await page.get_by_role("heading", level=1).inner_text()
    assert heading == "Bầu cử thử nghiệm toàn trình"
    assert f"{day:%d/%m/%Y}" in await page.locator(".lead").first.inner_text()
    assert await page.get_by_role("link", name="HĐND Cà Mau").count() == 1
    await page.screenshot(path=str(SCREENSHOTS / "election_setup_election.png"), full_page=True)

    # Province staff of Cà Mau take it from there.
    await page.context.clear_cookies()
    await sign_in(page, "tinh.camau.moi", PASSWORD)
    await page.get_by_role("link", name="Cơ cấu bầu cử").first.click()
    await page.get_by_role("link", name="Bầu cử đại biểu Quốc hội khóa XVI").click()
    await page.get_by_label("Số đại biểu được bầu").fill("1")
    await page.get_by_label("Phường Bạc Liêu").check()
    await page.get_by_role("button", name="Tạo đơn vị bầu cử").click()
    await page.wait_for_url("**/units/*")
    assert "Đơn vị bầu cử số 1" in await page.get_by_role("heading", level=1).inner_text()

    for name, born, sex in CANDIDATES:
        await page.get_by_label("Họ và tên", exact=True).fill(name)
        await fill_date(page.locator("#c-dob"), born)
        await page.get_by_label("Giới tính").select_option(sex)
        await page.get_by_role("button", name="Thêm người ứng cử").click()
        await page.wait_for_selector(f"text={name}")

    listed = await db.fetch(
        "SELECT c.full_name FROM candidate c JOIN electoral_unit u ON u.id = c.unit "
        "JOIN contest ct ON ct.id = u.contest WHERE ct.level = 'dbqh' AND u.province = $1",
        CA_MAU,
    )
    assert sorted(r["full_name"] for r in listed) == sorted(name for name, _, _ in CANDIDATES)
