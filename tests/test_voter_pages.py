"""Pages of voter lists."""

from __future__ import annotations

import datetime as dt

from election import db
from election.actor import Role
from election.stations import services as stations
from election.voters import rules
from election.voters import services as voters
from election.voters.tables import ResidenceCategory
from tests.builders import BAC_LIEU, login_page, make_structure, make_user, post_form, system
from tests.pdf import pdf_text

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
    await client.get("/tra-cuu")
    form = {"personal_id": "123", "date_of_birth": "01/01/1990"}
    page = await client.post(
        "/tra-cuu", data={**form, "_csrf_token": client.cookies.get("csrftoken")}
    )
    assert page.status_code == 422
    assert "12 chữ số" in page.text
    assert 'value="123"' in page.text


async def test_a_soldier_votes_at_home_through_the_pages(client, clean_db):
    """Art. 31(2), Mẫu số 12/HĐBC: the voter page records the commander's
    certificate, the area page of the residence writes the soldier on its list."""
    election_id, area_id = await _clerk_with_an_area(client)
    home = await stations.save_polling_area(
        election_id=election_id, commune_code=BAC_LIEU, number=2, name="", actor=system()
    )
    soldier = await voters.add_voter(
        polling_area_id=area_id,
        data=voters.NewVoter(
            personal_id=_personal_id(dt.date(2004, 8, 21), "male", 7),
            full_name="Danh Hoàng Phúc",
            date_of_birth=dt.date(2004, 8, 21),
            sex="male",
            residence_category=ResidenceCategory.ARMED_FORCES,
        ),
        reason="Danh sách của đơn vị",
        document="Công văn 1",
        actor=system(),
    )
    page = await client.get(f"/voters/{soldier.id}")
    assert "Giấy chứng nhận quân nhân bỏ phiếu ở nơi cư trú (Điều 31 khoản 2)" in page.text
    fields = {
        "home_address": "Số 9, khóm 9",
        "home_category": "permanent",
        "destination_commune_code": BAC_LIEU,
        "commander": "Trần Quốc Việt",
    }
    refused = await post_form(client, f"/voters/{soldier.id}/soldier-certificate", fields)
    assert refused.status_code == 422
    assert "Đơn vị vũ trang nhân dân" in refused.text
    issued = await post_form(
        client,
        f"/voters/{soldier.id}/soldier-certificate",
        {**fields, "unit_name": "Tiểu đoàn 1"},
    )
    assert issued.status_code == 303, issued.text[:500]
    certificate = await db.fetchrow("SELECT id, number, kind FROM vote_certificate")
    assert certificate["kind"] == "soldier"
    pdf = await client.get(f"/certificates/{certificate['id']}/certificate.pdf")
    assert pdf.status_code == 200, (pdf.status_code, pdf.text[:300])
    assert "Mẫu số 12/HĐBC" in pdf_text(pdf.content)
    area_page = await client.get(f"/polling-areas/{home.area.id}/voters")
    assert "Ghi tên người có giấy chứng nhận" in area_page.text
    unknown = await post_form(
        client, f"/polling-areas/{home.area.id}/voters/register-certificate", {"number": "x"}
    )
    assert unknown.status_code == 422
    assert "Không có giấy chứng nhận số x." in unknown.text
    written = await post_form(
        client,
        f"/polling-areas/{home.area.id}/voters/register-certificate",
        {"number": certificate["number"]},
    )
    assert written.status_code == 303, written.text[:500]
    entry = await db.fetchrow(
        "SELECT ballot_xa, permanent_address FROM voter WHERE polling_area = $1", home.area.id
    )
    assert (entry["ballot_xa"], entry["permanent_address"]) == (True, "Số 9, khóm 9")


async def test_the_add_form_accepts_a_birth_code_abroad_only_when_ticked(client, clean_db):
    _, area_id = await _clerk_with_an_area(client)
    fields = {
        "personal_id": "840" + _personal_id(dt.date(1980, 5, 17), "male", 1)[3:],
        "full_name": "Nguyễn Văn Kiều",
        "date_of_birth": "17/05/1980",
        "sex": "male",
        "residence_category": "returned_permanent",
        "current_address": "Số 3, khóm 2",
        "reason": "Từ nước ngoài về",
        "document": "Hộ chiếu C1234567",
    }
    refused = await post_form(client, f"/polling-areas/{area_id}/voters/add", fields)
    assert refused.status_code == 422
    assert "mã quốc gia" in refused.text
    added = await post_form(
        client, f"/polling-areas/{area_id}/voters/add", {**fields, "accept_birth_code": "1"}
    )
    assert added.status_code == 303, added.text[:500]
    assert await db.fetchval("SELECT current_address FROM voter") == "Số 3, khóm 2"
