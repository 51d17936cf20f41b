"""Voter lists through the JSON API, and the public lookup."""

from __future__ import annotations

import datetime as dt

from election import db
from election.actor import Role
from election.stations import services as stations
from tests.builders import BAC_LIEU, bearer, make_structure, make_user, system
from tests.pdf import pdf_text

DEMO_PASSWORD = "demo-2026-baucu"


async def test_search_and_counts_through_the_api(client, demo):
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    page = (
        await client.get(
            f"/api/v1/elections/{election_id}/communes/31825/voters?q=nguyen&limit=5",
            headers=headers,
        )
    ).json()
    assert page["total"] > 0
    assert len(page["voters"]) == 5
    counts = (
        await client.get(
            f"/api/v1/elections/{election_id}/communes/31825/voter-counts", headers=headers
        )
    ).json()
    assert counts["total"] == counts["male"] + counts["female"]
    assert counts["dbqh"] == counts["total"]
    assert counts["xa"] <= counts["tinh"]


async def test_changes_after_the_cut_off_are_refused_with_the_article(client, demo):
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    voter_id = await db.fetchval("SELECT id FROM voter WHERE status = 'listed' ORDER BY id LIMIT 1")
    response = await client.post(
        f"/api/v1/voters/{voter_id}/strike-off",
        headers=headers,
        json={"reason": "Chuyển đi", "document": "Đơn 1"},
    )
    assert response.status_code == 422
    assert "Điều 29" in response.json()["article"]


async def test_a_station_officer_reads_only_their_area(client, demo):
    headers = await bearer(client, "to.kv01", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    page = (
        await client.get(
            f"/api/v1/elections/{election_id}/communes/31825/voters?limit=500", headers=headers
        )
    ).json()
    assert {v["polling_area_number"] for v in page["voters"]} == {1}
    other = await db.fetchval(
        "SELECT v.id FROM voter v JOIN polling_area pa ON pa.id = v.polling_area WHERE pa.number = 2 LIMIT 1"
    )
    assert (await client.get(f"/api/v1/voters/{other}", headers=headers)).status_code == 404


async def test_the_voter_history_shows_the_import(client, demo):
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    voter_id = await db.fetchval("SELECT id FROM voter ORDER BY id LIMIT 1")
    history = (await client.get(f"/api/v1/voters/{voter_id}/history", headers=headers)).json()
    assert any(e["entity_type"] == "import_batch" and e["action"] == "commit" for e in history)


async def test_the_public_lookup_answers_without_revealing_whether_an_id_exists(client, demo):
    voter = await db.fetchrow(
        "SELECT personal_id, date_of_birth, full_name FROM voter ORDER BY id LIMIT 1"
    )
    found = await client.post(
        "/api/v1/lookup",
        json={
            "personal_id": voter["personal_id"],
            "date_of_birth": voter["date_of_birth"].isoformat(),
            "second_factor": voter["full_name"],
        },
    )
    assert found.status_code == 200
    assert found.json()["found"] is True
    assert found.json()["polling_area"] == "Khu vực bỏ phiếu số 1"
    wrong_birth = await client.post(
        "/api/v1/lookup",
        json={
            "personal_id": voter["personal_id"],
            "date_of_birth": "1900-01-01",
            "second_factor": voter["full_name"],
        },
    )
    unknown = await client.post(
        "/api/v1/lookup",
        json={"personal_id": "001000000000", "date_of_birth": "1900-01-01", "second_factor": "A"},
    )
    assert wrong_birth.json() == unknown.json()
    assert wrong_birth.json()["found"] is False


async def test_the_public_lookup_is_rate_limited_per_client(client, demo, frozen_clock):
    codes = []
    for number in range(12):
        body = {
            "personal_id": f"0010000000{number:02d}",
            "date_of_birth": "1900-01-01",
            "second_factor": "A",
        }
        response = await client.post("/api/v1/lookup", json=body)
        codes.append(response.status_code)
    assert codes[:10] == [200] * 10
    assert codes[10:] == [429, 429]


async def test_admins_set_the_uncertain_certificate_policy(client, demo):
    headers = await bearer(client, "quantri", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    response = await client.put(
        f"/api/v1/elections/{election_id}/settings",
        headers=headers,
        json={"certificate_outside_province": "dbqh_tinh"},
    )
    assert response.status_code == 200
    bad = await client.put(
        f"/api/v1/elections/{election_id}/settings",
        headers=headers,
        json={"certificate_outside_province": "all"},
    )
    assert bad.status_code == 422


async def test_the_api_adds_a_birth_code_abroad_on_acceptance_and_issues_both_certificates(
    client, clean_db
):
    """Circular 59/2021/TT-BCA (a warning to accept), Art. 34 (Mẫu số 11/HĐBC names
    where the voter votes) and Art. 31(2) (Mẫu số 12/HĐBC)."""
    election, *_ = await make_structure(dt.date(2031, 5, 25))
    area = (
        await stations.save_polling_area(
            election_id=election.id, commune_code=BAC_LIEU, number=1, name="", actor=system()
        )
    ).area
    await make_user(Role.COMMUNE_STAFF, username="clerk")
    headers = await bearer(client, "clerk")
    body = {
        "personal_id": "840080000001",
        "full_name": "Trần Văn Hoà",
        "date_of_birth": "1980-05-17",
        "sex": "male",
        "residence_category": "armed_forces",
        "reason": "Danh sách của đơn vị",
        "document": "Công văn 1",
    }
    refused = await client.post(
        f"/api/v1/polling-areas/{area.id}/voters", json=body, headers=headers
    )
    assert refused.status_code == 422
    (violation,) = refused.json()["violations"]
    assert (violation["code"], violation["severity"]) == ("personal_id_birth_code", "warning")
    added = await client.post(
        f"/api/v1/polling-areas/{area.id}/voters",
        json={**body, "accept_birth_code": True},
        headers=headers,
    )
    assert added.status_code == 201, added.text
    voter = added.json()
    assert voter["full_name"] == "Trần Văn Hòa"
    assert voter["elsewhere_kind"] is None
    missing = await client.post(
        f"/api/v1/voters/{voter['id']}/certificate", json={}, headers=headers
    )
    assert missing.status_code == 422
    issued = await client.post(
        f"/api/v1/voters/{voter['id']}/soldier-certificate",
        json={
            "unit_name": "Tiểu đoàn 1",
            "home_address": "Số 9, khóm 9",
            "home_category": "temporary_long",
            "destination_commune_code": BAC_LIEU,
        },
        headers=headers,
    )
    assert issued.status_code == 201, issued.text
    certificate = issued.json()
    assert (certificate["kind"], certificate["home_category"]) == ("soldier", "temporary_long")
    entry = (await client.get(f"/api/v1/voters/{voter['id']}", headers=headers)).json()
    assert (entry["voting_elsewhere"], entry["elsewhere_kind"]) == (True, "soldier")
    pdf = await client.get(
        f"/api/v1/certificates/{certificate['id']}/certificate.pdf", headers=headers
    )
    assert pdf.status_code == 200
    assert "Mẫu số 12/HĐBC" in pdf_text(pdf.content)
