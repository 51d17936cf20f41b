"""In a real browser: create an electoral unit, fill its list, finalize it, download its ballot."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from tests.pdf import pdf_text, squash

pytestmark = pytest.mark.browser

CANDIDATES = [
    ("Trần Thị Hòa", "02/03/1980", "female"),
    ("Nguyễn Văn Hoan", "15/07/1975", "male"),
    ("Lê Minh Đức", "20/11/1969", "male"),
    ("Phạm Thị Duy", "01/01/1985", "female"),
    ("Võ Văn Dũng", "30/04/1978", "male"),
]


async def test_province_staff_create_a_unit_and_download_its_ballot(page, demo, tmp_path):
    await sign_in(page, "tinh.camau")
    await page.get_by_role("link", name="Cơ cấu bầu cử").click()
    await page.get_by_role("link", name="Bầu cử đại biểu HĐND Cà Mau nhiệm kỳ 2026–2031").click()

    await page.get_by_label("Số đơn vị").fill("2")
    await page.get_by_label("Số đại biểu được bầu").fill("3")
    await page.get_by_label("Ngày công bố (ngày/tháng/năm)").fill("20/12/2025")
    await page.get_by_label("Xã Hồng Dân").check()
    await page.get_by_label("Xã Ninh Quới").check()
    await page.get_by_role("button", name="Tạo đơn vị bầu cử").click()
    await page.wait_for_url("**/units/*")
    assert "Đơn vị bầu cử số 2" in await page.get_by_role("heading", level=1).inner_text()
    assert await page.locator("#unit-seats-value").inner_text() == "3"

    for name, born, sex in CANDIDATES:
        await page.get_by_label("Họ và tên", exact=True).fill(name)
        await page.get_by_label("Ngày sinh (ngày/tháng/năm)").fill(born)
        await page.get_by_label("Giới tính").select_option(sex)
        await page.get_by_role("button", name="Thêm người ứng cử").click()
        await page.wait_for_selector(f"text={name}")

    names = await page.locator(
        "table[aria-labelledby=candidates-heading] tbody td:nth-child(2) strong"
    ).all_inner_texts()
    assert names == [
        "Phạm Thị Duy",
        "Võ Văn Dũng",
        "Lê Minh Đức",
        "Nguyễn Văn Hoan",
        "Trần Thị Hòa",
    ]

    await page.get_by_role("button", name="Chốt danh sách").click()
    # The official list cannot be changed once fixed: a dialog asks once more.
    await page.get_by_role("dialog").get_by_role("button", name="Xác nhận chốt danh sách").click()
    await page.wait_for_selector("text=Đã chốt danh sách chính thức.")

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Tải phiếu bầu (PDF)").click()
    download = await download_info.value
    target = tmp_path / download.suggested_filename
    await download.save_as(target)
    text = squash(pdf_text(target.read_bytes()))
    assert "PHIẾU BẦU CỬ" in text
    assert "ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU" in text
    lines = [
        "Bà Phạm Thị Duy",
        "Ông Võ Văn Dũng",
        "Ông Lê Minh Đức",
        "Ông Nguyễn Văn Hoan",
        "Bà Trần Thị Hòa",
    ]
    positions = [text.index(line) for line in lines]
    assert positions == sorted(positions)


async def test_a_refused_unit_shows_the_article_on_the_page(page, demo):
    await sign_in(page, "tinh.camau")
    await page.goto("/structure")
    await page.get_by_role("link", name="Bầu cử đại biểu Quốc hội khóa XVI").click()
    await page.get_by_label("Số đơn vị").fill("6")
    await page.get_by_label("Số đại biểu được bầu").fill("3")
    await page.get_by_role("button", name="Tạo đơn vị bầu cử").click()
    alert = page.get_by_role("alert")
    assert "Điều 10" in await alert.inner_text()
