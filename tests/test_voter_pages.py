"""Pages of voter lists."""

from __future__ import annotations

import datetime as dt

from election import db
from election.actor import Role
from election.stations import services as stations
from election.voters import rules
from election.voters import services as voters
from tests.builders import BAC_LIEU, login_page, make_structure, make_user, system

DEMO_PASSWORD = "demo-2026-baucu"


async def test_a_voter_file_uploads_through_the_page(client, clean_db):
    election, *_ = await make_structure(dt.date(2031, 5, 25))
    await stations.save_polling_area(
        election_id=election.id, commune_code=BAC_LIEU, number=1, name="", actor=system()
    )
    from election.actor import Role

    await make_user(Role.COMMUNE_STAFF, username="clerk")
    await login_page(client, "clerk")
    await client.get(f"/elections/{election.id}/communes/{BAC_LIEU}/voters")
    token = client.cookies.get("csrftoken")
    content = (
        "Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Khu vực bỏ phiếu\n"
        "096080000001,Nguyễn Văn An,17/05/1980,Nam,1\n"
    ).encode()
    response = await client.post(
        f"/elections/{election.id}/communes/{BAC_LIEU}/voters/import",
        data={"_csrf_token": token},
        files={"file": ("ds.csv", content, "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]


async def test_voter_pages_render_for_the_demo_ward(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    page = await client.get(f"/elections/{election_id}/communes/31825/voters?q=nguyen")
    assert page.status_code == 200
    assert "Danh sách cử tri — Phường Bạc Liêu" in page.text
    area_id = await db.fetchval("SELECT id FROM polling_area WHERE number = 1")
    area = await client.get(f"/polling-areas/{area_id}/voters")
    assert "Đã chốt, đánh số thẻ" in area.text
    voter_id = await db.fetchval("SELECT id FROM voter ORDER BY id LIMIT 1")
    detail = await client.get(f"/voters/{voter_id}")
    assert "Lịch sử" in detail.text
    complaints = await client.get(f"/elections/{election_id}/communes/31825/complaints")
    assert complaints.status_code == 200


async def test_the_lookup_page_is_public(client, demo):
    page = await client.get("/tra-cuu")
    assert page.status_code == 200
    assert "Tra cứu nơi bỏ phiếu" in page.text


async def _clerk_with_an_area(client) -> tuple[int, int]:
    """A commune clerk signed in, and an election (far ahead) with one polling area."""
    election, *_ = await make_structure(dt.date(2031, 5, 25))
    saved = await stations.save_polling_area(
        election_id=election.id, commune_code=BAC_LIEU, number=1, name="", actor=system()
    )
    await make_user(Role.COMMUNE_STAFF, username="clerk")
    await login_page(client, "clerk")
    return election.id, saved.area.id


def _personal_id(born: dt.date, sex: str, serial: int) -> str:
    return f"096{rules.century_sex_digit(sex, born.year)}{born.year % 100:02d}{serial:06d}"


async def test_a_voter_added_through_the_page_is_checked_by_the_api_schema(client, clean_db):
    _, area_id = await _clerk_with_an_area(client)
    token = client.cookies.get("csrftoken")
    fields = {
        "_csrf_token": token,
        "personal_id": _personal_id(dt.date(1980, 5, 17), "male", 1),
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "17/05/1980",
        "residence_category": "permanent",
        "is_household_head": "1",
        "reason": "Thường trú tại khóm 1",
        "document": "Tờ khai số 12",
    }
    refused = await client.post(f"/polling-areas/{area_id}/voters/add", data=fields)
    assert refused.status_code == 422
    assert "Giới tính" in refused.text
    added = await client.post(
        f"/polling-areas/{area_id}/voters/add",
        data={**fields, "sex": "male"},
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text[:500]
    voter_id = int(added.headers["location"].split("/")[2].split("?")[0])
    voter = await db.fetchrow(
        "SELECT full_name, is_household_head FROM voter WHERE id = $1", voter_id
    )
    assert (voter["full_name"], voter["is_household_head"]) == ("Nguyễn Văn An", True)

    struck = await client.post(
        f"/voters/{voter_id}/strike-off",
        data={"_csrf_token": token, "reason": "Chuyển đi", "document": "Đơn 1", "exclusion": ""},
        follow_redirects=False,
    )
    assert struck.status_code == 303
    assert await db.fetchval("SELECT status FROM voter WHERE id = $1", voter_id) == "struck_off"
    no_document = await client.post(
        f"/voters/{voter_id}/restore", data={"_csrf_token": token, "reason": "Nhầm"}
    )
    assert no_document.status_code == 422
    assert "Văn bản làm căn cứ" in no_document.text


async def test_complaints_through_the_page_take_today_when_no_date_is_typed(client, clean_db):
    election_id, _ = await _clerk_with_an_area(client)
    token = client.cookies.get("csrftoken")
    target = f"/elections/{election_id}/communes/{BAC_LIEU}/complaints"
    saved = await client.post(
        target,
        data={"_csrf_token": token, "complainant": "Lê Văn Tám", "content": "Thiếu tên"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text[:500]
    complaint_id = await db.fetchval("SELECT id FROM voter_complaint")
    assert await db.fetchval("SELECT received_on FROM voter_complaint") is not None
    decided = await client.post(
        f"/complaints/{complaint_id}/decision",
        data={"_csrf_token": token, "outcome": "rejected", "decision": "Đúng quy định"},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    assert await db.fetchval("SELECT outcome FROM voter_complaint") == "rejected"


async def test_the_lookup_page_asks_again_for_a_malformed_id(client, clean_db):
    voters.LOOKUP_LIMIT._hits.clear()
    await client.get("/tra-cuu")
    form = {"personal_id": "123", "date_of_birth": "01/01/1990"}
    page = await client.post(
        "/tra-cuu", data={**form, "_csrf_token": client.cookies.get("csrftoken")}
    )
    assert page.status_code == 422
    assert "12 chữ số" in page.text
    assert 'value="123"' in page.text
