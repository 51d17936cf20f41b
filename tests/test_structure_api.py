"""The election structure through the JSON API, including uploads and PDFs."""

from __future__ import annotations

from election import db
from election.actor import Role
from tests.builders import bearer, make_structure, make_user, pin_to_preparation
from tests.pdf import pdf_text, squash

DEMO_PASSWORD = "demo-2026-baucu"


async def test_province_staff_create_a_unit_and_see_the_warnings(client):
    _, national, *_ = await make_structure()
    await make_user(username="camau")
    headers = await bearer(client, "camau")
    response = await client.post(
        f"/api/v1/contests/{national.id}/units",
        headers=headers,
        json={
            "number": 1,
            "seats": 3,
            "province_code": "96",
            "commune_codes": ["31825", "31834"],
            "announced_on": "2026-01-20",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["unit"]["name"] == "Đơn vị bầu cử số 1"
    assert body["unit"]["commune_codes"] == ["31825", "31834"]
    assert [w["code"] for w in body["warnings"]] == ["unit_announced_late"]


async def test_too_many_seats_get_a_422_with_the_article(client):
    _, national, *_ = await make_structure()
    await make_user(username="admin1")
    headers = await bearer(client, "admin1")
    response = await client.post(
        f"/api/v1/contests/{national.id}/units",
        headers=headers,
        json={"number": 1, "seats": 4, "province_code": "96", "commune_codes": ["31825"]},
    )
    assert response.status_code == 422
    assert response.json()["article"] == "Điều 10 khoản 4"


async def test_the_demo_unit_prints_its_list_and_ballot_in_ballot_order(client, demo):
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    elections = (await client.get("/api/v1/elections", headers=headers)).json()
    contests = (
        await client.get(f"/api/v1/elections/{elections[0]['id']}/contests", headers=headers)
    ).json()
    commune_contest = next(c for c in contests if c["level"] == "hdnd_xa")
    units = (
        await client.get(f"/api/v1/contests/{commune_contest['id']}/units", headers=headers)
    ).json()
    assert len(units) == 6
    unit = units[0]
    candidates = (
        await client.get(f"/api/v1/units/{unit['id']}/candidates", headers=headers)
    ).json()
    assert len(candidates) == 8
    ballot = await client.get(f"/api/v1/units/{unit['id']}/ballot.pdf", headers=headers)
    assert ballot.status_code == 200
    text = squash(pdf_text(ballot.content))
    assert "PHIẾU BẦU CỬ" in text
    assert "ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN PHƯỜNG BẠC LIÊU" in text
    positions = []
    for candidate in candidates:
        prefix = "Ông" if candidate["sex"] == "male" else "Bà"
        line = f"{prefix} {candidate['full_name']}"
        assert line in text
        positions.append(text.index(line))
    assert positions == sorted(positions)
    listing = await client.get(f"/api/v1/units/{unit['id']}/candidate-list.pdf", headers=headers)
    list_text = squash(pdf_text(listing.content))
    assert "DANH SÁCH CHÍNH THỨC NHỮNG NGƯỜI ỨNG CỬ" in list_text
    assert candidates[0]["full_name"] in list_text


async def test_station_officers_read_but_cannot_create_areas(client, demo):
    headers = await bearer(client, "to.kv01", DEMO_PASSWORD)
    election_id = (await client.get("/api/v1/elections", headers=headers)).json()[0]["id"]
    response = await client.post(
        f"/api/v1/elections/{election_id}/communes/31825/polling-areas",
        headers=headers,
        json={"number": 99},
    )
    assert response.status_code == 403


async def test_a_station_officer_sees_only_their_polling_area(client, demo):
    headers = await bearer(client, "to.kv01", DEMO_PASSWORD)
    election_id = (await client.get("/api/v1/elections", headers=headers)).json()[0]["id"]
    areas = (
        await client.get(
            f"/api/v1/elections/{election_id}/communes/31825/polling-areas", headers=headers
        )
    ).json()
    assert [a["number"] for a in areas] == [1]
    other = await db.fetchval("SELECT id FROM polling_area WHERE number = 2")
    assert (await client.get(f"/api/v1/polling-areas/{other}", headers=headers)).status_code == 404


async def test_the_demo_areas_each_belong_to_one_unit_per_contest(client, demo):
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    election_id = (await client.get("/api/v1/elections", headers=headers)).json()[0]["id"]
    areas = (
        await client.get(
            f"/api/v1/elections/{election_id}/communes/31825/polling-areas", headers=headers
        )
    ).json()
    assert len(areas) == 42
    assert all(
        sorted(u["level"] for u in a["units"]) == ["dbqh", "hdnd_tinh", "hdnd_xa"] for a in areas
    )
    gaps = (
        await client.get(
            f"/api/v1/elections/{election_id}/communes/31825/membership-gaps", headers=headers
        )
    ).json()
    assert gaps == []


async def test_areas_import_through_upload_preview_and_commit(client):
    election, *_ = await make_structure()
    await pin_to_preparation(election.id)
    await make_user(username="importer")
    headers = await bearer(client, "importer")
    content = "Số khu vực,Tên khu vực,Số cử tri dự kiến\n1,Khu vực số 1,1200\n2,Khu vực số 2,abc\n".encode()
    response = await client.post(
        f"/api/v1/elections/{election.id}/communes/31825/imports/polling-areas",
        headers=headers,
        files={"file": ("kv.csv", content, "text/csv")},
    )
    assert response.status_code == 201, response.text
    batch = response.json()
    assert batch["counts"]["error"] == 1
    rows = (
        await client.get(f"/api/v1/imports/{batch['id']}/rows?outcome=error", headers=headers)
    ).json()
    assert rows[0]["row_number"] == 3
    assert rows[0]["errors"][0]["field"] == "planned_voters"
    report = await client.get(f"/api/v1/imports/{batch['id']}/errors.csv", headers=headers)
    assert "«abc» không phải là số nguyên." in report.content.decode("utf-8-sig")
    refused = await client.post(f"/api/v1/imports/{batch['id']}/commit", headers=headers)
    assert refused.status_code == 409
    fixed = "Số khu vực,Tên khu vực,Số cử tri dự kiến\n1,Khu vực số 1,1200\n2,Khu vực số 2,900\n".encode()
    batch = (
        await client.post(
            f"/api/v1/elections/{election.id}/communes/31825/imports/polling-areas",
            headers=headers,
            files={"file": ("kv.csv", fixed, "text/csv")},
        )
    ).json()
    committed = await client.post(f"/api/v1/imports/{batch['id']}/commit", headers=headers)
    assert committed.status_code == 200
    assert committed.json()["status"] == "committed"
    export = await client.get(
        f"/api/v1/elections/{election.id}/communes/31825/polling-areas.xlsx", headers=headers
    )
    assert export.status_code == 200
    assert export.content[:2] == b"PK"


async def test_a_garbage_upload_is_a_clear_4xx(client):
    _, national, *_ = await make_structure()
    await make_user(username="garbage")
    headers = await bearer(client, "garbage")
    response = await client.post(
        f"/api/v1/contests/{national.id}/imports/units",
        headers=headers,
        files={"file": ("x.pdf", b"%PDF-1.4 binary", "application/pdf")},
    )
    assert response.status_code == 422
    assert "Chỉ nhận tệp .csv hoặc .xlsx." in response.json()["detail"]


async def test_finalize_via_api_reports_the_shortfall(client):
    _, national, *_ = await make_structure()
    await make_user(username="finalizer")
    headers = await bearer(client, "finalizer")
    unit = (
        await client.post(
            f"/api/v1/contests/{national.id}/units",
            headers=headers,
            json={"number": 1, "seats": 2, "province_code": "96", "commune_codes": ["31825"]},
        )
    ).json()["unit"]
    await client.post(
        f"/api/v1/units/{unit['id']}/candidates",
        headers=headers,
        json={"full_name": "Nguyễn Văn An", "date_of_birth": "1970-01-01", "sex": "male"},
    )
    response = await client.post(f"/api/v1/units/{unit['id']}/finalize", headers=headers, json={})
    assert response.status_code == 422
    assert response.json()["violations"][0]["code"] == "too_few_candidates"


async def test_a_candidate_keeps_the_columns_of_the_official_list(client):
    """Art. 57(5) and models 17, 22: nationality, the five "Trình độ" columns,
    being a deputy of the National Assembly or of a council, a remark; the name
    with one tone placement (issue 13, item 5)."""
    _, national, *_ = await make_structure()
    await make_user(username="lists")
    headers = await bearer(client, "lists")
    unit = (
        await client.post(
            f"/api/v1/contests/{national.id}/units",
            headers=headers,
            json={"number": 1, "seats": 2, "province_code": "96", "commune_codes": ["31825"]},
        )
    ).json()["unit"]
    fields = {
        "nationality": "Việt Nam",
        "education": "12/12",
        "qualification": "Luật kinh tế",
        "academic_title": "Thạc sĩ",
        "political_theory": "Cao cấp",
        "foreign_language": "Tiếng Anh B2",
        "assembly_deputy": "Đại biểu Quốc hội khóa XV",
        "current_deputy": "Đại biểu HĐND tỉnh nhiệm kỳ 2021-2026",
        "note": "Tái cử",
    }
    created = await client.post(
        f"/api/v1/units/{unit['id']}/candidates",
        headers=headers,
        json={
            "full_name": "Lê Thị Thuý",
            "date_of_birth": "1975-04-02",
            "sex": "female",
            **fields,
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["full_name"] == "Lê Thị Thúy"
    assert {name: body[name] for name in fields} == fields
    listing = await client.get(f"/api/v1/units/{unit['id']}/candidate-list.pdf", headers=headers)
    text = squash(pdf_text(listing.content))
    for value in ("Lê Thị Thúy", "Thạc sĩ", "Cao cấp", "Tiếng Anh B2", "Đại biểu Quốc hội khóa XV"):
        assert value in text


async def test_the_contest_details_print_on_the_ballots_and_lists(client):
    """Models 14, 15, 22 print the council's term ("KHÓA X"); model 17 the
    National Election Council's resolution fixing the list."""
    _, national, provincial, _ = await make_structure()
    await make_user(username="details")
    headers = await bearer(client, "details")
    saved = await client.put(
        f"/api/v1/contests/{provincial.id}/details", headers=headers, json={"council_term": "x"}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["council_term"] == "X"
    refused = await client.put(
        f"/api/v1/contests/{national.id}/details", headers=headers, json={"council_term": "XVI"}
    )
    assert refused.status_code == 422
    resolution = await client.put(
        f"/api/v1/contests/{national.id}/details",
        headers=headers,
        json={"list_resolution_number": "151/NQ-HĐBCQG", "list_resolution_date": "26/02/2026"},
    )
    assert resolution.json()["list_resolution_date"] == "2026-02-26"
    unit = (
        await client.post(
            f"/api/v1/contests/{provincial.id}/units",
            headers=headers,
            json={"number": 1, "seats": 3, "commune_codes": ["31825"], "province_code": "96"},
        )
    ).json()["unit"]
    ballot = squash(
        pdf_text(
            (await client.get(f"/api/v1/units/{unit['id']}/ballot.pdf", headers=headers)).content
        )
    )
    assert "Tỉnh Cà Mau Đơn vị bầu cử số: 1" in ballot
    assert "ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU KHÓA X NHIỆM KỲ 2026-2031" in ballot
    assert "Được bầu 3 đại biểu" in ballot
    national_unit = (
        await client.post(
            f"/api/v1/contests/{national.id}/units",
            headers=headers,
            json={"number": 1, "seats": 2, "province_code": "96", "commune_codes": ["31825"]},
        )
    ).json()["unit"]
    listing = squash(
        pdf_text(
            (
                await client.get(
                    f"/api/v1/units/{national_unit['id']}/candidate-list.pdf", headers=headers
                )
            ).content
        )
    )
    assert "Mẫu số 17/HĐBC-QH" in listing
    assert (
        "(Theo Nghị quyết số 151/NQ-HĐBCQG ngày 26 tháng 02 năm 2026 của Hội đồng bầu cử quốc gia)"
        in listing
    )


async def test_a_commune_may_not_set_another_communes_council_term(client):
    *_, communal = await make_structure()
    await make_user(Role.COMMUNE_STAFF, province_code="96", commune_code="31834", username="other")
    headers = await bearer(client, "other")
    response = await client.put(
        f"/api/v1/contests/{communal.id}/details", headers=headers, json={"council_term": "I"}
    )
    assert response.status_code == 403


async def test_the_province_reports_its_planned_allocation_of_national_candidates(client, demo):
    """Model 16/HĐBC-QH: every ĐBQH unit of the province with its candidates."""
    headers = await bearer(client, "tinh.camau", DEMO_PASSWORD)
    elections = (await client.get("/api/v1/elections", headers=headers)).json()
    contests = (
        await client.get(f"/api/v1/elections/{elections[0]['id']}/contests", headers=headers)
    ).json()
    national = next(c for c in contests if c["level"] == "dbqh")
    units = (await client.get(f"/api/v1/contests/{national['id']}/units", headers=headers)).json()
    response = await client.get(
        f"/api/v1/contests/{national['id']}/allocation-report.pdf", headers=headers
    )
    assert response.status_code == 200, response.text
    text = squash(pdf_text(response.content))
    assert "Mẫu số 16/HĐBC-QH" in text
    assert "BÁO CÁO VỀ DỰ KIẾN PHÂN BỔ NHỮNG NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI" in text
    headings = [
        text.index(f"{i}. Đơn vị bầu cử số {u['number']} (gồm") for i, u in enumerate(units, 1)
    ]
    assert headings == sorted(headings) and len(headings) == len(units)
    candidates = (
        await client.get(f"/api/v1/units/{units[0]['id']}/candidates", headers=headers)
    ).json()
    assert all(c["full_name"] in text for c in candidates)
