"""The administrative map after the 2025 reform: 34 provinces, 3,321 communes."""

from __future__ import annotations

from election import db
from election.geography import services as geography
from tests.builders import bearer, make_user


async def test_all_provinces_and_communes_are_loaded(clean_db):
    assert await geography.geography_counts() == (34, 3321)


async def test_commune_types_match_the_official_list(clean_db):
    rows = await db.fetch("SELECT division_type, count(*) AS n FROM commune GROUP BY 1")
    assert {r["division_type"]: r["n"] for r in rows} == {"xa": 2621, "phuong": 687, "dac_khu": 13}


async def test_loading_twice_changes_nothing(clean_db):
    before = await db.fetch("SELECT * FROM commune ORDER BY code")
    await geography.load_geography()
    await geography.load_geography()
    assert await db.fetch("SELECT * FROM commune ORDER BY code") == before


async def test_phuong_bac_lieu_is_a_ward_of_ca_mau(clean_db):
    commune = await geography.get_commune("31825")
    assert commune.name == "Phường Bạc Liêu"
    assert commune.division_type == "phuong"
    assert commune.province_code == "96"
    assert commune.province_name == "Cà Mau"


async def test_the_api_lists_a_province_communes(client):
    await make_user(username="geo")
    headers = await bearer(client, "geo")
    response = await client.get("/api/v1/geography/provinces/96/communes", headers=headers)
    assert response.status_code == 200
    names = {c["name"] for c in response.json()}
    assert "Phường Bạc Liêu" in names
    assert len(names) == 64


async def test_an_unknown_province_is_a_vietnamese_404(client):
    await make_user(username="geo2")
    headers = await bearer(client, "geo2")
    response = await client.get("/api/v1/geography/provinces/99", headers=headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "Không có tỉnh, thành phố mã 99."
