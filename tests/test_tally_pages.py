"""Pages of election night: entry form, comparison, approval, unit result, progress board."""

from __future__ import annotations

from election import db
from election.tallies import services
from tests.builders import login_page, post_form, system

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
        "head": "Võ Thị Hồng",
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
    assert "Kết quả tạm thời" in unit.text
    assert sheet.candidates[0].full_name in unit.text


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
    response = await post_form(client, f"/units/{unit['id']}/result/finalize", {})
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Ban bầu cử đã xác định kết quả" in page.text
    assert page.text.count("Trúng cử") >= unit["seats"]


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
