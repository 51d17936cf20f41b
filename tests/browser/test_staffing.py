"""In a real browser: the assignment helper for the demo ward, accepted and
printed; a station officer created here signs in and sees only their area."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from tests.pdf import pdf_text, squash

pytestmark = pytest.mark.browser


async def test_the_ward_runs_the_helper_accepts_it_and_downloads_the_decision(page, demo, tmp_path):
    await sign_in(page, "phuong.baclieu")
    await page.get_by_role("link", name="Nhân sự bầu cử").click()
    await page.get_by_role("link", name="Phường Bạc Liêu", exact=True).click()
    await page.wait_for_url("**/communes/31825")

    await page.get_by_label("Số thành viên mỗi Tổ").fill("12")
    await page.get_by_label("Số bốc thăm (để trống: ngẫu nhiên)").fill("515")
    await page.get_by_role("button", name="Lập phương án phân công").click()
    await page.wait_for_url("**/staffing/assignments/*")
    assert await page.locator("#assignment-added").inner_text() == "42"
    assert await page.locator("#assignment-seed").inner_text() == "515"

    # Change the proposal before committing it: the first reserve takes a seat.
    reserve = (
        await page.get_by_label("Người thay thế (dự phòng)").locator("option").first.inner_text()
    )
    newcomer = reserve.split(" — ")[0].removesuffix(" ★").strip()
    await page.get_by_role("button", name="Thay người").click()
    await page.wait_for_selector("text=Đã thay người trong phương án.")
    assert newcomer in await page.locator("tr[data-area='1'] .plan-added").inner_text()

    await page.get_by_role("button", name="Xác nhận phân công").click()
    await page.wait_for_url("**/communes/31825?notice=*")
    await page.wait_for_selector("text=Đã xác nhận phương án phân công")
    sizes = await page.locator("td.team-size").all_inner_texts()
    assert len(sizes) == 42 and all(s.startswith("12 ") for s in sizes)

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Tải quyết định thành lập (PDF)").click()
    download = await download_info.value
    target = tmp_path / download.suggested_filename
    await download.save_as(target)
    text = squash(pdf_text(target.read_bytes()))
    assert "QUYẾT ĐỊNH" in text
    assert "Về việc thành lập các Tổ bầu cử ở phường Bạc Liêu" in text
    assert "Thành lập 42 Tổ bầu cử tại 42 khu vực bỏ phiếu" in text
    assert "gồm 504 thành viên" in text
    assert "DANH SÁCH THÀNH VIÊN CÁC TỔ BẦU CỬ" in text
    assert "Tổ bầu cử khu vực bỏ phiếu số 1" in text
    assert "Tổ bầu cử khu vực bỏ phiếu số 42" in text
    assert newcomer in text


async def test_a_station_officer_created_here_signs_in_and_sees_only_their_area(page, demo):
    await sign_in(page, "phuong.baclieu")
    await page.goto("/staffing")
    await page.get_by_role("link", name="Phường Bạc Liêu", exact=True).click()
    other_team = await page.get_by_role(
        "link", name="Tổ bầu cử khu vực bỏ phiếu số 6", exact=True
    ).get_attribute("href")
    await page.get_by_role("link", name="Tổ bầu cử khu vực bỏ phiếu số 5", exact=True).click()
    await page.get_by_role("button", name="Cấp tài khoản cho Tổ trưởng, Thư ký").click()
    table = page.locator("#credentials-table")
    await table.wait_for()
    username = await table.locator("code.username").first.inner_text()
    password = await table.locator("code.password").first.inner_text()
    assert username == "to.31825.kv05.totruong"

    await page.get_by_role("button", name="Đăng xuất").click()
    await page.wait_for_url("**/login**")
    # The password handed over on paper opens only its own change.
    await page.goto("/login")
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(password)
    await page.get_by_role("button", name="Đăng nhập").click()
    await page.wait_for_url("**/account/password*")
    await page.get_by_label("Mật khẩu hiện tại").fill(password)
    await page.get_by_label("Mật khẩu mới (ít nhất 10 ký tự)").fill("mat-khau-rieng-to-truong")
    await page.get_by_label("Nhập lại mật khẩu mới").fill("mat-khau-rieng-to-truong")
    await page.get_by_role("button", name="Đổi mật khẩu").click()
    await page.goto("/")
    # A station officer's home is their own area's sheets.
    assert "Khu vực bỏ phiếu số 5" in await page.locator("h1").first.inner_text()
    await page.get_by_role("link", name="Nhân sự bầu cử").click()
    await page.get_by_role("link", name="Xem Tổ bầu cử của khu vực bỏ phiếu").click()
    # evaluate_all does not wait: let the list page arrive first.
    await page.locator("tr[data-area]").first.wait_for()
    areas = await page.locator("tr[data-area]").evaluate_all(
        "rows => rows.map(r => r.dataset.area)"
    )
    assert areas == ["5"]
    await page.get_by_role("link", name="Tổ bầu cử khu vực bỏ phiếu số 5", exact=True).click()
    assert "Tổ trưởng" in await page.locator("td.member-role").first.inner_text()
    # Another area's team does not exist for this login.
    response = await page.goto(other_team)
    assert response.status == 404
