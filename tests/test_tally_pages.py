"""Pages of election night: entry form, comparison, approval, unit result, progress board."""

from __future__ import annotations

from election import db
from election.tallies import services
from tests.builders import login_page, post_form, system
from tests.pdf import pdf_text, squash

DEMO_PASSWORD = "demo-2026-baucu"


async def area_one_sheet(level: str) -> int:
    return await db.fetchval(
        """
        SELECT s.id FROM tally_sheet s JOIN contest c ON c.id = s.contest
        JOIN polling_area pa ON pa.id = s.polling_area
        WHERE pa.commune = '31825' AND pa.number = 1 AND c.level = $1
        """,
        level,
    )


def form_values(sheet: services.SheetContext, *, shift: int = 0) -> dict:
    listed = sheet.voters_on_list_from_list
    took_part = listed - 1
    valid = took_part - 2
    data = {
        "voters_on_list": str(listed),
        "voters_took_part": str(took_part),
        "ballots_issued": str(took_part),
        "ballots_received": str(took_part),
        "valid": str(valid),
        "invalid": "2",
        "complaints_received": "0",
        "complaints_settled": "0",
        "complaints_forwarded": "0",
        "closing_time": "20 giờ 15",
        "voting_opened": "7:00",
        "voting_closed": "19h00",
        "head": "Võ Thị Hồng",
        "secretary": "Đặng Minh Khoa",
        "members": "Trịnh Văn Sơn\nLâm Thị Tuyết",
        "box_witness_1": "Phạm Văn Tư",
        "box_witness_1_residence": "Khóm 1",
        "witness_1": "Lý Thanh Tâm",
        "witness_1_residence": "Khóm 3",
        "witness_2": "Châu Ngọc Hân",
        "ballots_delivered": str(took_part + 20),
        "spoiled_ballots": "1",
        "unused_ballots": "19",
        "incidents": "Một cử tri xin đổi phiếu vì gạch nhầm; Tổ bầu cử đổi phiếu khác.",
    }
    names = valid * min(sheet.seats, len(sheet.candidates))
    weights = [len(sheet.candidates) - i for i in range(len(sheet.candidates))]
    for c, w in zip(sheet.candidates, weights, strict=True):
        data[f"vote_{c.id}"] = str(min(valid, names * w // sum(weights)))
    first = sheet.candidates[0].id
    data[f"vote_{first}"] = str(int(data[f"vote_{first}"]) - shift)
    return data


async def test_the_area_page_lists_the_three_sheets_for_the_officer(client, demo):
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    home = await client.get("/results", follow_redirects=False)
    assert home.status_code == 303
    area_page = await client.get(home.headers["location"])
    assert area_page.status_code == 200
    text = area_page.text
    assert "Đại biểu Quốc hội" in text or "ĐBQH" in text
    assert text.count("Nhập biên bản") == 3


async def test_entry_through_the_form_then_comparison_and_approval(client, demo):
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    await client.get("/results", follow_redirects=True)
    sheet_id = await area_one_sheet("hdnd_xa")
    page = await client.get(f"/tally-sheets/{sheet_id}")
    assert page.status_code == 200
    assert 'inputmode="numeric"' in page.text
    sheet = await services.get_sheet(sheet_id=sheet_id, actor=system())

    # A typo in a cell: the page says which one, in Vietnamese, and keeps the input.
    bad = {**form_values(sheet), "valid": "12a"}
    response = await post_form(client, f"/tally-sheets/{sheet_id}/entries", bad)
    assert response.status_code == 422
    assert "Số phiếu hợp lệ: nhập số nguyên không âm." in response.text
    assert 'value="12a"' in response.text
    # Arithmetic that does not add up, with its article.
    wrong = {**form_values(sheet), "invalid": "5"}
    response = await post_form(client, f"/tally-sheets/{sheet_id}/entries", wrong)
    assert response.status_code == 422
    assert "Điều" in response.text

    response = await post_form(client, f"/tally-sheets/{sheet_id}/entries", form_values(sheet))
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Cần một người khác nhập lại" in page.text
    # The author's next typing starts from what they recorded: times, people, text.
    assert 'value="07:00"' in page.text and 'value="Khóm 3"' in page.text
    assert "Trịnh Văn Sơn\nLâm Thị Tuyết</textarea>" in page.text
    assert "Số phiếu cử tri đổi do gạch hỏng" in page.text

    # The secretary types a different figure for the first candidate.
    client.cookies.clear()
    await login_page(client, "to.kv01.thuky", DEMO_PASSWORD)
    await client.get(f"/tally-sheets/{sheet_id}")
    response = await post_form(
        client, f"/tally-sheets/{sheet_id}/entries", form_values(sheet, shift=3)
    )
    page = await client.get(response.headers["location"])
    assert "Hai lần nhập khác nhau ở 1 ô" in page.text
    assert 'class="mismatch"' in page.text
    response = await post_form(client, f"/tally-sheets/{sheet_id}/entries", form_values(sheet))
    page = await client.get(response.headers["location"])
    assert "Hai lần nhập khớp nhau" in page.text

    client.cookies.clear()
    await login_page(client, "ban.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/tally-sheets/{sheet_id}")
    assert "Phê duyệt biên bản" in page.text
    response = await post_form(client, f"/tally-sheets/{sheet_id}/approve", {"comment": ""})
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Ban bầu cử đã phê duyệt" in page.text

    unit = await client.get(f"/units/{sheet.unit_id}/result")
    assert unit.status_code == 200
    assert "số liệu tạm tính" in unit.text and "Trúng cử" not in unit.text
    assert sheet.candidates[0].full_name in unit.text

    # The minutes print what the entry recorded (Mẫu số 23), and the team's
    # ballot use (Mẫu số 32) counts the ballot exchanged.
    minutes = squash(pdf_text((await client.get(f"/tally-sheets/{sheet_id}/minutes.pdf")).content))
    assert "Mẫu số 23/HĐBC-HĐND" in minutes
    assert "ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN PHƯỜNG BẠC LIÊU KHÓA I, NHIỆM KỲ 2026" in minutes
    assert "Đúng 7 giờ 00 phút" in minutes and "Đúng 19 giờ 00 phút" in minutes
    assert "3. Ông/Bà Trịnh Văn Sơn, Ủy viên" in minutes
    assert "1. Ông/Bà: Phạm Văn Tư. Nơi ở hiện nay: Khóm 1" in minutes
    assert "2. Ông/Bà: Châu Ngọc Hân. Nơi ở hiện nay: …" in minutes
    assert "Một cử tri xin đổi phiếu vì gạch nhầm" in minutes
    use = await client.get(f"/polling-areas/{sheet.polling_area_id}/ballot-use-minutes.pdf")
    assert use.status_code == 200
    use_text = squash(pdf_text(use.content))
    assert "Mẫu số 32/HĐBC" in use_text
    assert "Phiếu bầu cử đại biểu HĐND cấp xã là: 1 phiếu" in use_text


async def test_progress_board_and_exports_for_the_province(client, demo):
    await login_page(client, "tinh.camau", DEMO_PASSWORD)
    home = await client.get("/results", follow_redirects=False)
    election_id = await db.fetchval("SELECT id FROM election")
    assert home.headers["location"] == f"/elections/{election_id}/results"
    page = await client.get(home.headers["location"])
    assert page.status_code == 200
    assert "Tiến độ nhận biên bản" in page.text
    assert "data-progress-stream" in page.text
    assert "Đơn vị bầu cử số 1" in page.text
    csv = await client.get(f"/elections/{election_id}/results/export.csv")
    assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
    board = await client.get(f"/elections/{election_id}/communes/31825/tally")
    assert board.status_code == 200
    assert "Biên bản theo khu vực bỏ phiếu" in board.text


async def test_a_ward_board_member_finalizes_a_unit_on_the_page(client, demo):
    from tests.test_tallies import approve_unit, demo_actor, ward_unit

    unit = await ward_unit()
    await approve_unit(unit["id"], await demo_actor("ban.baclieu"))
    await login_page(client, "ban.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/units/{unit['id']}/result")
    assert "Xác định kết quả bầu cử (Điều 77)" in page.text
    account = {
        "events": "Không có việc bất thường.",
        "complaints_settled": "01 đơn đề nghị kiểm tra lại biên bản khu vực số 2.",
        "attachments": "Biên bản kết quả kiểm phiếu của các Tổ bầu cử\nĐơn khiếu nại",
    }
    # Fixing the result locks every sheet: without the confirmation, nothing happens.
    refused = await post_form(client, f"/units/{unit['id']}/result/finalize", account)
    assert refused.status_code == 422
    assert "Đánh dấu ô xác nhận trước khi xác định kết quả bầu cử" in refused.text
    assert not await db.fetchval(
        "SELECT bool_or(state = 'locked') FROM tally_sheet WHERE unit = $1", unit["id"]
    )
    response = await post_form(
        client, f"/units/{unit['id']}/result/finalize", account | {"confirm": "1"}
    )
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Ban bầu cử đã xác định kết quả" in page.text
    assert page.text.count("Trúng cử") >= unit["seats"]
    minutes = squash(
        pdf_text((await client.get(f"/units/{unit['id']}/result-minutes.pdf")).content)
    )
    assert "Mẫu số 24/HĐBC-HĐND" in minutes
    assert "d) Tóm tắt những việc xảy ra: Không có việc bất thường." in minutes
    assert "cách giải quyết: 01 đơn đề nghị kiểm tra lại" in minutes
    assert "2. Đơn khiếu nại" in minutes

    # The committee's staff records an annulment of one area (Art. 81).
    client.cookies.clear()
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/units/{unit['id']}/result")
    assert "Hủy bỏ kết quả bầu cử và bầu cử lại (Điều 81)" in page.text
    area = await db.fetchval(
        "SELECT polling_area FROM polling_area_unit WHERE unit = $1 ORDER BY polling_area LIMIT 1",
        unit["id"],
    )
    response = await post_form(
        client,
        f"/units/{unit['id']}/rounds",
        {
            "kind": "annulment",
            "polling_area_ids": str(area),
            "decision": "12/NQ-HĐBCQG",
            "decision_date": "17/03/2026",
            "voting_day": "22/03/2026",
            "reason": "Vi phạm nghiêm trọng khi kiểm phiếu.",
        },
    )
    assert response.status_code == 303, response.text[:500]
    page = await client.get(response.headers["location"])
    assert "Bầu cử lại sau khi hủy bỏ kết quả (Điều 81): quyết định số 12/NQ-HĐBCQG" in page.text
    assert "các khu vực khác giữ kết quả lần đầu" in page.text
    assert "Hủy bỏ kết quả bầu cử và bầu cử lại (Điều 81)" not in page.text


async def test_a_photo_of_the_signed_minutes_is_shown_on_the_sheet(client, demo):
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    await client.get("/results", follow_redirects=True)
    sheet_id = await area_one_sheet("dbqh")
    await client.get(f"/tally-sheets/{sheet_id}")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = await post_form(
        client,
        f"/tally-sheets/{sheet_id}/attachments",
        {},
        files={"file": ("bien-ban.png", png, "image/png")},
    )
    assert response.status_code == 303, response.text[:300]
    page = await client.get(response.headers["location"])
    assert "Đã đính kèm ảnh biên bản." in page.text
    assert '<img src="/tally-sheets/' in page.text
    refused = await post_form(
        client,
        f"/tally-sheets/{sheet_id}/attachments",
        {},
        files={"file": ("ghi-chu.txt", b"hello", "text/plain")},
    )
    assert refused.status_code == 422
    assert "Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF" in refused.text
