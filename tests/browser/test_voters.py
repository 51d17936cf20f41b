"""In a real browser: import a voter list with bad rows, fix it, find a voter, print the list and cards."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from election.actor import Role
from election.stations import services as stations
from tests.builders import BAC_LIEU, PASSWORD, make_structure, make_user, system
from tests.pdf import pdf_text, squash
from tests.test_voter_import import HEADER, row

pytestmark = pytest.mark.browser


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


async def sign_in(page, username: str) -> None:
    await page.goto("/login")
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(PASSWORD)
    await page.get_by_role("button", name="Đăng nhập").click()
    await page.wait_for_url("**/")


GOOD = [
    row(1, "Trần Văn Hùng", dt.date(1970, 1, 2), household="H1"),
    row(2, "Lê Thị Lan", dt.date(1972, 3, 4), "female", household="H1", relation="Vợ"),
    row(3, "Nguyễn Thị Hồng Nhung", dt.date(1990, 8, 9), "female", household="H2"),
]
BAD = [*GOOD, row(4, "Võ Văn Bé", dt.date(2015, 1, 1)), row(5, "Lê 5 Tư", dt.date(1980, 1, 1))]


async def test_commune_staff_import_a_list_fix_it_find_a_voter_and_print(page, clean_db, tmp_path):
    election, *_ = await make_structure(dt.date(2031, 5, 25))
    await stations.save_polling_area(
        election_id=election.id, commune_code=BAC_LIEU, number=1, name="", actor=system()
    )
    await make_user(Role.COMMUNE_STAFF, username="xa.baclieu")

    await sign_in(page, "xa.baclieu")
    await page.goto(f"/elections/{election.id}/communes/{BAC_LIEU}/voters")

    bad_file = tmp_path / "ds-loi.csv"
    bad_file.write_bytes(csv_bytes(BAD))
    await page.get_by_label("Tệp danh sách cử tri").set_input_files(str(bad_file))
    await page.get_by_role("button", name="Tải lên và kiểm tra").click()
    await page.wait_for_url("**/imports/*")
    assert await page.locator('[data-outcome="error"]').inner_text() == "2"
    assert await page.locator('[data-outcome="new"]').inner_text() == "3"
    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Tải báo cáo lỗi (CSV)").click()
    report = (await (await download_info.value).path()).read_text(encoding="utf-8-sig")
    assert "Chưa đủ 18 tuổi" in report
    assert "6,Họ và tên" in report
    await page.get_by_role("button", name="Hủy").click()

    good_file = tmp_path / "ds.csv"
    good_file.write_bytes(csv_bytes(GOOD))
    await page.get_by_label("Tệp danh sách cử tri").set_input_files(str(good_file))
    await page.get_by_role("button", name="Tải lên và kiểm tra").click()
    await page.wait_for_url("**/imports/*")
    await page.get_by_role("button", name="Xác nhận nhập 3 thay đổi").click()
    await page.wait_for_url("**/voters*")
    assert "3 cử tri" in await page.locator("#commune-totals").inner_text()

    await page.get_by_label("Số định danh hoặc họ tên (có thể không dấu)").fill("hong nhung")
    await page.get_by_role("button", name="Tìm").click()
    results = page.get_by_role("table", name="Kết quả tìm cử tri")
    assert "Nguyễn Thị Hồng Nhung" in await results.inner_text()

    await page.get_by_role("link", name="Số 1", exact=True).click()
    await page.get_by_role("button", name="Chốt và đánh số").click()
    # Card numbers cannot be taken back: a dialog asks once more.
    await page.get_by_role("dialog").get_by_role("button", name="Xác nhận chốt và đánh số").click()
    await page.wait_for_selector("text=Đã chốt, đánh số thẻ")
    for link, expected in (
        ("Tải danh sách cử tri (PDF)", "DANH SÁCH CỬ TRI"),
        ("Tải thẻ cử tri (PDF)", "THẺ CỬ TRI"),
    ):
        async with page.expect_download() as download_info:
            await page.get_by_role("link", name=link).click()
        target = tmp_path / (await download_info.value).suggested_filename
        await (await download_info.value).save_as(target)
        text = squash(pdf_text(target.read_bytes()))
        assert expected in text
        assert "Trần Văn Hùng" in text


async def test_a_citizen_looks_up_where_to_vote_without_signing_in(page, demo):
    from election import db

    voter = await db.fetchrow(
        "SELECT personal_id, date_of_birth, full_name FROM voter ORDER BY id LIMIT 1"
    )
    await page.goto("/tra-cuu")
    await page.get_by_label("Số định danh cá nhân (12 chữ số)").fill(voter["personal_id"])
    await page.get_by_label("Ngày sinh (ngày/tháng/năm)").fill(
        voter["date_of_birth"].strftime("%d/%m/%Y")
    )
    await page.get_by_label("Số thẻ cử tri hoặc họ và tên").fill(voter["full_name"].upper())
    await page.get_by_role("button", name="Tra cứu").click()
    result = page.locator("#lookup-result")
    text = await result.inner_text()
    assert "Khu vực bỏ phiếu số 1" in text
    assert "Phường Bạc Liêu" in text
    ballots = await page.locator("#lookup-ballots li").all_inner_texts()
    assert any("Quốc hội" in ballot for ballot in ballots), ballots


async def test_commune_staff_issue_a_certificate_to_vote_elsewhere_and_print_it(
    page, clean_db, tmp_path
):
    """Art. 34, Mẫu số 11/HĐBC: the voter page asks where the voter will vote."""
    from election import db
    from election.voters import services as voters

    election, *_ = await make_structure(dt.date(2031, 5, 25))
    area = (
        await stations.save_polling_area(
            election_id=election.id, commune_code=BAC_LIEU, number=1, name="", actor=system()
        )
    ).area
    values = row(1, "Trần Văn Hùng", dt.date(1970, 1, 2))
    voter = await voters.add_voter(
        polling_area_id=area.id,
        data=voters.NewVoter(
            personal_id=values[0],
            full_name=values[1],
            date_of_birth=dt.date(1970, 1, 2),
            sex="male",
            permanent_address="Số 1, khóm 1",
        ),
        reason="Thường trú",
        document="Tờ khai 1",
        actor=system(),
    )
    await voters.finalize_area_list(polling_area_id=area.id, actor=system())
    await voters.post_area_list(
        polling_area_id=area.id,
        posted_on=dt.date.today() - dt.timedelta(days=1),
        place="Nhà văn hóa khóm 1",
        actor=system(),
    )
    await make_user(Role.COMMUNE_STAFF, username="xa.baclieu")
    await sign_in(page, "xa.baclieu")

    await page.goto(f"/voters/{voter.id}")
    await page.get_by_text("Cấp giấy chứng nhận bỏ phiếu ở nơi khác (Điều 34)").click()
    await page.get_by_label("Xã, phường, đặc khu nơi đăng ký bỏ phiếu").select_option("31834")
    await page.get_by_label("Nơi ở hiện nay").fill("Ấp Thào Lạng")
    await page.get_by_role("button", name="Cấp giấy chứng nhận").click()
    await page.wait_for_selector("#voter-status:has-text('Bỏ phiếu ở nơi khác')")
    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Tải giấy chứng nhận (PDF)").click()
    target = tmp_path / (await download_info.value).suggested_filename
    await (await download_info.value).save_as(target)
    text = squash(pdf_text(target.read_bytes()))
    assert "Mẫu số 11/HĐBC" in text
    assert "Nơi ở hiện nay: Ấp Thào Lạng" in text
    commune = await db.fetchval("SELECT name FROM commune WHERE code = '31834'")
    assert f"Nay đăng ký bỏ phiếu tại xã/phường/đặc khu: {commune}" in text
