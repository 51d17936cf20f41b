"""Tallying through the JSON API: a station officer's phone, a second reader,
the board, results, exports and printed minutes."""

from __future__ import annotations

import json

from election import db
from tests.builders import bearer
from tests.pdf import pdf_text, squash

DEMO_PASSWORD = "demo-2026-baucu"


def body_for(sheet: dict, *, invalid: int = 3, shift: int = 0) -> dict:
    """A consistent sheet body: every valid ballot keeps `seats` names."""
    took_part = sheet["voters_on_list_from_list"] - 1
    valid = took_part - invalid
    candidates = sheet["candidates"]
    names = valid * min(sheet["seats"], len(candidates))
    weights = [len(candidates) - i for i in range(len(candidates))]
    votes = [min(valid, names * w // sum(weights)) for w in weights]
    votes[0] -= shift
    return {
        "voters_on_list": sheet["voters_on_list_from_list"],
        "voters_took_part": took_part,
        "ballots_issued": took_part,
        "ballots_received": took_part,
        "valid": valid,
        "invalid": invalid,
        "votes": [
            {"candidate_id": c["id"], "votes": v} for c, v in zip(candidates, votes, strict=True)
        ],
        "complaints_received": 0,
        "complaints_settled": 0,
        "complaints_forwarded": 0,
        "closing_time": "20:15",
        "voting_opened": "07:00",
        "voting_closed": "19:00",
        "ballots_delivered": took_part + 10,
        "spoiled_ballots": 2,
        "unused_ballots": 8,
        "signatories": {
            "head": "Võ Thị Hồng",
            "secretary": "Đặng Minh Khoa",
            "members": ["Trịnh Văn Sơn"],
            "box_witnesses": [{"name": "Phạm Văn Tư", "residence": "Khóm 1"}],
            # A witness given by name alone, as earlier clients sent it.
            "witnesses": ["Lý Thanh Tâm", {"name": "Châu Ngọc Hân", "residence": "Khóm 5"}],
        },
        "incidents": "Không có sự việc bất thường.",
    }


async def area_one(client, username="to.kv01"):
    headers = await bearer(client, username, DEMO_PASSWORD)
    area = await db.fetchval("SELECT id FROM polling_area WHERE commune = '31825' AND number = 1")
    response = await client.get(f"/api/v1/polling-areas/{area}/tally-sheets", headers=headers)
    assert response.status_code == 200, response.text
    return headers, {s["level"]: s for s in response.json()}


async def test_officer_enters_a_second_reader_verifies_the_board_approves(client, demo):
    officer, sheets = await area_one(client)
    secretary = await bearer(client, "to.kv01.thuky", DEMO_PASSWORD)
    board = await bearer(client, "ban.camau", DEMO_PASSWORD)
    sheet = sheets["dbqh"]
    url = f"/api/v1/tally-sheets/{sheet['id']}/entries"

    first = await client.post(
        url, json=body_for(sheet), headers={**officer, "Idempotency-Key": "kv01-dbqh-1"}
    )
    assert first.status_code == 201, first.text
    assert first.json()["state"] == "submitted"
    # A retry after a dropped connection returns the same entry.
    retry = await client.post(
        url, json=body_for(sheet), headers={**officer, "Idempotency-Key": "kv01-dbqh-1"}
    )
    assert retry.json()["entry_id"] == first.json()["entry_id"]

    mismatch = await client.post(url, json=body_for(sheet, shift=1), headers=secretary)
    assert mismatch.json()["state"] == "submitted"
    assert mismatch.json()["mismatches"] == [f"votes:{sheet['candidates'][0]['id']}"]
    verified = await client.post(url, json=body_for(sheet), headers=secretary)
    assert verified.json()["state"] == "verified"

    approved = await client.post(
        f"/api/v1/tally-sheets/{sheet['id']}/approve", json={}, headers=board
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "approved"
    entries = (await client.get(url, headers=officer)).json()
    assert [e["kind"] for e in entries] == ["entry", "entry", "verification"]

    minutes = await client.get(f"/api/v1/tally-sheets/{sheet['id']}/minutes.pdf", headers=officer)
    assert minutes.status_code == 200
    text = squash(pdf_text(minutes.content))
    assert "Mẫu số 18/HĐBC-QH" in text
    assert "BIÊN BẢN KẾT QUẢ KIỂM PHIẾU" in text
    assert "Khu vực bỏ phiếu số: 1" in text
    assert sheet["candidates"][0]["full_name"] in text
    assert "1. Ông/Bà Võ Thị Hồng, Tổ trưởng" in text
    assert "3. Ông/Bà Trịnh Văn Sơn, Ủy viên" in text
    assert "Đúng 7 giờ 00 phút" in text and "hoàn thành vào hồi 20 giờ 15 phút" in text
    assert "1. Ông/Bà: Lý Thanh Tâm. Nơi ở hiện nay: …" in text
    assert "2. Ông/Bà: Châu Ngọc Hân. Nơi ở hiện nay: Khóm 5" in text
    assert "sau đây: Không có sự việc bất thường." in text
    (entry,) = [e for e in entries if e["kind"] == "verification"]
    assert entry["figures"]["spoiled_ballots"] == 2
    assert entry["voting_opened"] == "07:00:00" and entry["incidents"]
    assert entry["signatories"]["witnesses"][0] == {"name": "Lý Thanh Tâm", "residence": ""}
    # The ballot stock counts the two ballots exchanged: no warning (Mẫu số 32).
    assert entry["warnings"] == []

    area = sheet["polling_area_id"]
    use = await client.get(f"/api/v1/polling-areas/{area}/ballot-use-minutes.pdf", headers=officer)
    assert use.status_code == 200
    use_text = squash(pdf_text(use.content))
    assert "Phiếu bầu cử đại biểu Quốc hội là: 2 phiếu" in use_text
    assert "Vào hồi 19 giờ 00 phút" in use_text
    blank = await client.get(
        f"/api/v1/polling-areas/{area}/ballot-use-minutes.pdf?blank=true", headers=officer
    )
    assert "Vào hồi …… giờ …… phút" in squash(pdf_text(blank.content))


async def test_bad_minutes_get_a_vietnamese_422_and_nothing_is_written(client, demo):
    officer, sheets = await area_one(client)
    sheet = sheets["hdnd_xa"]
    body = body_for(sheet)
    body["valid"] += 1
    response = await client.post(
        f"/api/v1/tally-sheets/{sheet['id']}/entries", json=body, headers=officer
    )
    assert response.status_code == 422
    problem = response.json()
    assert "phiếu" in problem["detail"]
    assert any(v["article"] for v in problem["violations"])
    body = body_for(sheet)
    body["votes"].append({"candidate_id": body["votes"][0]["candidate_id"], "votes": 1})
    duplicate = await client.post(
        f"/api/v1/tally-sheets/{sheet['id']}/entries", json=body, headers=officer
    )
    assert duplicate.status_code in (400, 422)
    unknown = await client.post(
        f"/api/v1/tally-sheets/{sheet['id']}/entries",
        json={**body_for(sheet), "turnout": 99},
        headers=officer,
    )
    assert unknown.status_code in (400, 422)
    assert await db.fetchval("SELECT count(*) FROM tally_entry") == 0


async def test_another_areas_officer_and_observers_cannot_enter(client, demo):
    _, sheets = await area_one(client)
    observer = await bearer(client, "giamsat.baclieu", DEMO_PASSWORD)
    response = await client.post(
        f"/api/v1/tally-sheets/{sheets['dbqh']['id']}/entries",
        json=body_for(sheets["dbqh"]),
        headers=observer,
    )
    assert response.status_code == 403
    commune_board = await bearer(client, "ban.baclieu", DEMO_PASSWORD)
    response = await client.post(
        f"/api/v1/tally-sheets/{sheets['dbqh']['id']}/approve", json={}, headers=commune_board
    )
    assert response.status_code in (403, 409)


async def test_attachments_through_the_api(client, demo):
    officer, sheets = await area_one(client)
    sheet_id = sheets["dbqh"]["id"]
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    response = await client.post(
        f"/api/v1/tally-sheets/{sheet_id}/attachments",
        files={"file": ("anh.jpg", jpeg, "image/jpeg")},
        headers=officer,
    )
    assert response.status_code == 201, response.text
    attachment = response.json()
    assert attachment["content_type"] == "image/jpeg"
    download = await client.get(
        f"/api/v1/tally-sheets/{sheet_id}/attachments/{attachment['id']}", headers=officer
    )
    assert download.content == jpeg
    refused = await client.post(
        f"/api/v1/tally-sheets/{sheet_id}/attachments",
        files={"file": ("x.exe", b"MZ\x90\x00", "application/octet-stream")},
        headers=officer,
    )
    assert refused.status_code == 422


async def test_results_progress_and_exports(client, demo):
    officer, sheets = await area_one(client)
    secretary = await bearer(client, "to.kv01.thuky", DEMO_PASSWORD)
    for sheet in sheets.values():
        url = f"/api/v1/tally-sheets/{sheet['id']}/entries"
        await client.post(url, json=body_for(sheet), headers=officer)
        await client.post(url, json=body_for(sheet), headers=secretary)
    staff = await bearer(client, "tinh.camau", DEMO_PASSWORD)
    election_id = sheets["dbqh"]["unit_id"] and await db.fetchval("SELECT id FROM election")

    progress = (
        await client.get(f"/api/v1/elections/{election_id}/tally-progress", headers=staff)
    ).json()
    assert progress["reported"] == 3 and progress["verified"] == 3
    assert progress["voters_took_part"] == body_for(sheets["dbqh"])["voters_took_part"]

    result = (
        await client.get(f"/api/v1/units/{sheets['hdnd_xa']['unit_id']}/result", headers=staff)
    ).json()
    assert result["provisional"] and result["areas_reported"] == 1
    assert result["standings"][0]["votes"] >= result["standings"][-1]["votes"]
    # No verdict on an incomplete count: the fields are there, null.
    assert result["status"] in ("no_sheets", "counting")
    assert result["status_label"].startswith(("Đang kiểm phiếu", "Chưa có biên bản"))
    for field in ("result_valid", "winners", "needs_rerun", "needs_supplementary"):
        assert result[field] is None, field
    assert result["notes"] == [] and {s["elected"] for s in result["standings"]} == {None}

    csv = await client.get(f"/api/v1/elections/{election_id}/results.csv", headers=staff)
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Mã tỉnh,")
    assert "Số phiếu bầu" in text.splitlines()[0]
    assert text.splitlines()[0].endswith(",Tình trạng kết quả đơn vị")
    assert sheets["dbqh"]["candidates"][0]["full_name"] in text
    lines = text.splitlines()[1:]
    assert lines and all(",Tạm tính: " in line for line in lines)

    units = (
        await client.get(f"/api/v1/elections/{election_id}/results.json", headers=staff)
    ).json()
    assert {u["level"] for u in units} == {"dbqh", "hdnd_tinh", "hdnd_xa"}
    assert all(u["provisional"] and u["winners"] is None for u in units)
    assert not any(u["needs_rerun"] for u in units)

    cdf = await client.get(
        f"/api/v1/elections/{election_id}/results.cdf.json?areas=true", headers=staff
    )
    report = json.loads(cdf.content)
    assert report["@type"] == "ElectionResults.ElectionReport"
    assert report["Status"] == "unofficial-partial"
    assert report["Notes"].startswith("Số liệu tạm tính")
    contests = report["Election"][0]["Contest"]
    assert {c["CountStatus"][0]["Status"] for c in contests} <= {"in-process", "not-processed"}
    assert all("PostElectionStatus" not in c for c in report["Election"][0]["Candidate"])

    contest = await db.fetchval("SELECT id FROM contest WHERE level = 'dbqh'")
    summary = await client.get(
        f"/api/v1/elections/{election_id}/contests/{contest}/summary-minutes.pdf", headers=staff
    )
    assert summary.status_code == 200, summary.text
    text = squash(pdf_text(summary.content))
    assert "BIÊN BẢN XÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU QUỐC HỘI" in text
    assert "TẠM TÍNH — CHƯA ĐỦ KẾT QUẢ CÁC ĐƠN VỊ" in text
    assert "Tạm tính: Đang kiểm phiếu" in text

    unit_minutes = await client.get(
        f"/api/v1/units/{sheets['hdnd_xa']['unit_id']}/result-minutes.pdf", headers=staff
    )
    unit_text = squash(pdf_text(unit_minutes.content))
    assert "XÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN" in unit_text
    assert "Ở ĐƠN VỊ BẦU CỬ SỐ" in unit_text and "TẠM TÍNH — CHƯA ĐỦ BIÊN BẢN" in unit_text
    assert "Chưa kết luận: mới phê duyệt 0/" in unit_text
    assert "đã trúng cử" not in unit_text and "Căn cứ vào kết quả ghi trên đây" not in unit_text


async def test_blank_minutes_carry_the_candidates_and_a_qr_link(client, demo):
    officer, sheets = await area_one(client)
    area = await db.fetchval("SELECT id FROM polling_area WHERE commune = '31825' AND number = 1")
    contest = sheets["hdnd_tinh"]["contest_id"]
    response = await client.get(
        f"/api/v1/polling-areas/{area}/tally-minutes.pdf?contest={contest}", headers=officer
    )
    assert response.status_code == 200
    text = squash(pdf_text(response.content))
    for candidate in sheets["hdnd_tinh"]["candidates"]:
        assert candidate["full_name"] in text


async def test_summary_minutes_for_the_assembly_need_a_province(client, demo):
    admin = await bearer(client, "quantri", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    contest = await db.fetchval("SELECT id FROM contest WHERE level = 'dbqh'")
    response = await client.get(
        f"/api/v1/elections/{election_id}/contests/{contest}/summary-minutes.pdf", headers=admin
    )
    assert response.status_code == 422
    assert "tỉnh" in response.json()["detail"]


async def test_the_board_fixes_a_national_unit_and_reports_its_winners(client, demo):
    from tests.test_tallies import approve_unit, demo_actor

    board = await demo_actor("ban.camau")
    unit_id = await db.fetchval(
        "SELECT pu.unit FROM polling_area_unit pu JOIN contest c ON c.id = pu.contest "
        "WHERE c.level = 'dbqh' LIMIT 1"
    )
    headers = await bearer(client, "ban.camau", DEMO_PASSWORD)
    early = await client.get(f"/api/v1/units/{unit_id}/winners-report.pdf", headers=headers)
    assert early.status_code == 409
    await approve_unit(unit_id, board)
    fixed = await client.post(
        f"/api/v1/units/{unit_id}/result/finalize",
        json={"events": "Không có.", "attachments": ["Biên bản kiểm phiếu của các Tổ bầu cử"]},
        headers=headers,
    )
    assert fixed.status_code == 200, fixed.text
    winners = fixed.json()["winners"]
    assert winners and fixed.json()["status"] == "fixed" and not fixed.json()["provisional"]
    report = await client.get(f"/api/v1/units/{unit_id}/winners-report.pdf", headers=headers)
    assert report.status_code == 200
    text = squash(pdf_text(report.content))
    assert "Mẫu số 21/HĐBC-QH" in text and "TRƯỞNG BAN BẦU CỬ" in text
    names = await db.fetch("SELECT id, full_name FROM candidate WHERE unit = $1", unit_id)
    for row in names:
        assert (row["full_name"] in text) == (row["id"] in winners)
    minutes = await client.get(f"/api/v1/units/{unit_id}/result-minutes.pdf", headers=headers)
    minutes_text = squash(pdf_text(minutes.content))
    assert (
        "Mẫu số 19/HĐBC-QH" in minutes_text and "SỐ PHIẾU BẦU CHO MỖI NGƯỜI ỨNG CỬ" in minutes_text
    )
    assert "1. Biên bản kiểm phiếu của các Tổ bầu cử" in minutes_text
    council = await db.fetchval(
        "SELECT u.id FROM electoral_unit u JOIN contest c ON c.id = u.contest "
        "WHERE c.level = 'hdnd_tinh' LIMIT 1"
    )
    refused = await client.get(f"/api/v1/units/{council}/winners-report.pdf", headers=headers)
    assert refused.status_code == 422
