"""Pages of voter lists."""

from __future__ import annotations

import datetime as dt

from election import db
from election.stations import services as stations
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
