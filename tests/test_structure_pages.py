"""Pages of the election structure, as committee staff use them."""

from __future__ import annotations

from election import db
from tests.builders import login_page

DEMO_PASSWORD = "demo-2026-baucu"


async def csrf(client) -> str:
    return client.cookies.get("csrftoken")


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
    content = "Số khu vực,Tên khu vực,Số cử tri dự kiến\n43,Khu vực bỏ phiếu số 43,80\n".encode()
    response = await client.post(
        f"/elections/{election_id}/communes/31825/areas/import",
        data={"_csrf_token": await csrf(client)},
        files={"file": ("kv.csv", content, "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    preview = await client.get(response.headers["location"])
    assert 'data-outcome="new">1<' in preview.text
    batch_id = response.headers["location"].rsplit("/", 1)[-1]
    done = await client.post(
        f"/imports/{batch_id}/commit",
        data={"_csrf_token": await csrf(client)},
        follow_redirects=False,
    )
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
