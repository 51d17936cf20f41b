"""The election structure through the JSON API, including uploads and PDFs."""

from __future__ import annotations

from election import db
from tests.builders import bearer, make_structure, make_user
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
