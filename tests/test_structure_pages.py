"""Pages of the election structure, as committee staff use them."""

from __future__ import annotations

import datetime as dt

from election import db
from tests.builders import login_page, pin_to_preparation, post_form

DEMO_PASSWORD = "demo-2026-baucu"


async def test_the_overview_lists_contests_and_the_ward_areas(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    page = await client.get("/structure")
    assert page.status_code == 200
    assert "Bầu cử đại biểu Quốc hội khóa XVI" in page.text
    assert "Phường Bạc Liêu" in page.text


async def test_the_unit_page_lists_candidates_and_offers_both_pdfs(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    unit_id = await db.fetchval(
        "SELECT u.id FROM electoral_unit u JOIN contest c ON c.id = u.contest WHERE c.level = 'hdnd_xa' ORDER BY u.number LIMIT 1"
    )
    page = await client.get(f"/units/{unit_id}")
    assert page.status_code == 200
    assert "Tải phiếu bầu (PDF)" in page.text
    assert (await client.get(f"/units/{unit_id}/ballot.pdf")).headers[
        "content-type"
    ] == "application/pdf"


async def test_an_upload_goes_through_the_preview_page(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    await pin_to_preparation(election_id)
    content = "Số khu vực,Tên khu vực,Số cử tri dự kiến\n43,Khu vực bỏ phiếu số 43,80\n".encode()
    response = await post_form(
        client,
        f"/elections/{election_id}/communes/31825/areas/import",
        {},
        files={"file": ("kv.csv", content, "text/csv")},
    )
    assert response.status_code == 303
    preview = await client.get(response.headers["location"])
    assert 'data-outcome="new">1<' in preview.text
    batch_id = response.headers["location"].rsplit("/", 1)[-1]
    done = await post_form(client, f"/imports/{batch_id}/commit", {})
    assert done.status_code == 303
    areas = await client.get(done.headers["location"])
    assert "Khu vực bỏ phiếu số 43" in areas.text
    assert "ít hơn 300" in areas.text


async def test_the_export_of_areas_downloads_from_the_page(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    response = await client.get(f"/elections/{election_id}/communes/31825/areas/export.csv")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("Số khu vực,Tên khu vực")


async def _commune_contest_id() -> int:
    return await db.fetchval("SELECT id FROM contest WHERE level = 'hdnd_xa'")


async def test_a_refused_unit_keeps_what_was_typed_and_names_the_field(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    contest_id = await _commune_contest_id()
    response = await post_form(
        client,
        f"/contests/{contest_id}/units",
        {"number": "9", "seats": "nhiều", "description": "Khóm 9", "announced_on": "20/12/2025"},
    )
    assert response.status_code == 422
    assert "Số đại biểu được bầu: Phải là số nguyên" in response.text
    assert 'value="20/12/2025"' in response.text
    assert "Khóm 9</textarea>" in response.text


async def test_a_unit_and_a_candidate_are_added_from_the_pages(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    contest_id = await _commune_contest_id()
    created = await post_form(
        client,
        f"/contests/{contest_id}/units",
        {"number": "9", "seats": "3", "description": "Khóm 9", "announced_on": "20/12/2025"},
    )
    assert created.status_code == 303
    unit_path = created.headers["location"].split("?")[0]
    assert await db.fetchval(
        "SELECT announced_on FROM electoral_unit WHERE id = $1", int(unit_path.rsplit("/", 1)[1])
    ) == dt.date(2025, 12, 20)

    refused = await post_form(
        client, f"{unit_path}/candidates", {"full_name": "Trần Thị Hòa", "sex": "female"}
    )
    assert refused.status_code == 422
    assert "Ngày sinh: Thiếu trường bắt buộc" in refused.text
    assert 'value="Trần Thị Hòa"' in refused.text

    added = await post_form(
        client,
        f"{unit_path}/candidates",
        {"full_name": "Trần Thị Hòa", "date_of_birth": "02/03/1980", "sex": "female"},
    )
    assert added.status_code == 303
    page = await client.get(unit_path)
    assert "Trần Thị Hòa" in page.text
    assert "02/03/1980" in page.text


async def test_an_area_is_added_with_a_count_typed_as_people_write_it(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    await pin_to_preparation(election_id)
    response = await post_form(
        client,
        f"/elections/{election_id}/communes/31825/areas",
        {"number": "44", "planned_voters": "1.200", "kind": "ordinary", "commune_unit_id": ""},
    )
    assert response.status_code == 303
    assert (
        await db.fetchval(
            "SELECT planned_voters FROM polling_area WHERE commune = '31825' AND number = 44"
        )
        == 1200
    )


async def test_an_upload_without_a_file_is_refused_on_the_page(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    response = await post_form(
        client,
        f"/elections/{election_id}/communes/31825/areas/import",
        {},
        files={"file": ("", b"", "text/csv")},
    )
    assert response.status_code == 422
    assert "Tệp: Chưa chọn tệp." in response.text


async def test_the_ward_sets_its_councils_term_and_sees_the_women_share(client, demo):
    """The term prints on the ward's ballots (model 15); the share of women on
    the ward's council list is checked too (Art. 9, as amended in 2025)."""
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    contest_id = await db.fetchval("SELECT id FROM contest WHERE level = 'hdnd_xa'")
    page = await client.get(f"/contests/{contest_id}")
    assert "Cơ cấu danh sách người ứng cử đại biểu HĐND — Phường Bạc Liêu" in page.text
    assert "(Điều 9)" in page.text
    assert 'name="council_term"' in page.text
    saved = await post_form(client, f"/contests/{contest_id}/details", {"council_term": "ii"})
    assert saved.status_code == 303
    assert await db.fetchval("SELECT council_term FROM contest WHERE id = $1", contest_id) == "II"
    refused = await post_form(client, f"/contests/{contest_id}/details", {"council_term": "2"})
    assert refused.status_code == 422
    assert "Khóa HĐND" in refused.text
