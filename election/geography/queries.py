"""SQL on the administrative map: provinces and communes."""

from __future__ import annotations

from dataclasses import dataclass

from election.sql import query

# --------------------------------------------------------------------------
# Loading the official map


@query("""
    INSERT INTO province (code, name, division_type, codename, phone_code)
    SELECT * FROM unnest(:codes::text[], :names::text[], :division_types::text[],
                         :codenames::text[], :phone_codes::int[])
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,
        division_type = EXCLUDED.division_type, codename = EXCLUDED.codename,
        phone_code = EXCLUDED.phone_code
    WHERE (province.name, province.division_type, province.codename, province.phone_code)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.division_type, EXCLUDED.codename,
                          EXCLUDED.phone_code)
""")
async def upsert_provinces(
    *,
    codes: list[str],
    names: list[str],
    division_types: list[str],
    codenames: list[str],
    phone_codes: list[int | None],
) -> None: ...


@query("""
    INSERT INTO commune (code, name, division_type, codename, province)
    SELECT * FROM unnest(:codes::text[], :names::text[], :division_types::text[],
                         :codenames::text[], :province_codes::text[])
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,
        division_type = EXCLUDED.division_type, codename = EXCLUDED.codename,
        province = EXCLUDED.province
    WHERE (commune.name, commune.division_type, commune.codename, commune.province)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.division_type, EXCLUDED.codename,
                          EXCLUDED.province)
""")
async def upsert_communes(
    *,
    codes: list[str],
    names: list[str],
    division_types: list[str],
    codenames: list[str],
    province_codes: list[str],
) -> None: ...


@dataclass(frozen=True)
class MapSize:
    provinces: int
    communes: int


@query("""
    SELECT (SELECT count(*) FROM province) AS provinces, (SELECT count(*) FROM commune) AS communes
""")
async def map_size() -> MapSize: ...


# --------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class ProvinceRow:
    code: str
    name: str
    division_type: str
    commune_count: int


_PROVINCE = """
    SELECT p.code, p.name, p.division_type, count(c.code) AS commune_count
    FROM province p LEFT JOIN commune c ON c.province = p.code
"""


@query(f"{_PROVINCE} GROUP BY p.code ORDER BY p.code")
async def provinces() -> list[ProvinceRow]: ...


@query(f"{_PROVINCE} WHERE p.code = :code GROUP BY p.code")
async def province(*, code: str) -> ProvinceRow | None: ...


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    division_type: str
    province_code: str
    province_name: str


_COMMUNE = """
    SELECT c.code, c.name, c.division_type, p.code AS province_code, p.name AS province_name
    FROM commune c JOIN province p ON p.code = c.province
"""


@query(f"{_COMMUNE} WHERE c.province = :province_code ORDER BY c.code")
async def communes_of(*, province_code: str) -> list[CommuneRow]: ...


@query(f"{_COMMUNE} WHERE c.code = :code")
async def commune(*, code: str) -> CommuneRow | None: ...


@dataclass(frozen=True)
class CommunePlace:
    """A commune's code, name and province, for matching typed names and codes."""

    code: str
    name: str
    province_code: str


@query("""
    SELECT code, name, province AS province_code FROM commune
    WHERE (:province_code::text IS NULL OR province = :province_code)
""")
async def commune_places(*, province_code: str | None) -> list[CommunePlace]: ...


@query("""
    SELECT code, name, province AS province_code FROM commune WHERE code = ANY(:codes::text[])
""")
async def commune_places_of(*, codes: list[str]) -> list[CommunePlace]: ...
