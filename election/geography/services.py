"""Loading and reading the administrative map (34 provinces, 3,321 communes)."""

from __future__ import annotations

from dataclasses import dataclass

from election import db
from election.errors import NotFound
from election.geography.tables import DivisionType

_PACKAGE_TYPES = {
    "thành phố trung ương": DivisionType.MUNICIPALITY,
    "tỉnh": DivisionType.PROVINCE,
    "xã": DivisionType.COMMUNE,
    "phường": DivisionType.WARD,
    "đặc khu": DivisionType.SPECIAL_ZONE,
}


def official_geography() -> tuple[list[tuple], list[tuple]]:
    """Provinces and communes as rows, from the `vietnam-provinces` package."""
    from vietnam_provinces import Province as PackageProvince
    from vietnam_provinces import Ward as PackageWard

    provinces = [
        (
            f"{int(p.code):02d}",
            p.name,
            str(_PACKAGE_TYPES[p.division_type.value]),
            p.codename,
            p.phone_code,
        )
        for p in PackageProvince.iter_all()
    ]
    communes = [
        (
            f"{int(w.code):05d}",
            w.name,
            str(_PACKAGE_TYPES[w.division_type.value]),
            w.codename,
            f"{int(w.province_code):02d}",
        )
        for w in PackageWard.iter_all()
    ]
    return provinces, communes


async def load_geography() -> tuple[int, int]:
    """Insert or update every province and commune; safe to run any number of times.

    Reference data, not a user change, so it is not audited row by row.
    """
    provinces, communes = official_geography()
    async with db.transaction(), db.connection() as conn:
        await conn.executemany(
            """
            INSERT INTO province (code, name, division_type, codename, phone_code)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,
                division_type = EXCLUDED.division_type, codename = EXCLUDED.codename,
                phone_code = EXCLUDED.phone_code
            WHERE (province.name, province.division_type, province.codename, province.phone_code)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.division_type, EXCLUDED.codename,
                                  EXCLUDED.phone_code)
            """,
            provinces,
        )
        await conn.executemany(
            """
            INSERT INTO commune (code, name, division_type, codename, province)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,
                division_type = EXCLUDED.division_type, codename = EXCLUDED.codename,
                province = EXCLUDED.province
            WHERE (commune.name, commune.division_type, commune.codename, commune.province)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.division_type, EXCLUDED.codename,
                                  EXCLUDED.province)
            """,
            communes,
        )
    return len(provinces), len(communes)


async def geography_counts() -> tuple[int, int]:
    row = await db.fetchrow(
        "SELECT (SELECT count(*) FROM province) AS p, (SELECT count(*) FROM commune) AS c"
    )
    assert row is not None
    return row["p"], row["c"]


async def ensure_geography() -> None:
    """Load the map when it is missing or incomplete (start-up and tests)."""
    provinces, communes = official_geography()
    if await geography_counts() != (len(provinces), len(communes)):
        await load_geography()


@dataclass(frozen=True)
class ProvinceRow:
    code: str
    name: str
    division_type: str
    commune_count: int


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    division_type: str
    province_code: str
    province_name: str


async def list_provinces() -> list[ProvinceRow]:
    rows = await db.fetch(
        """
        SELECT p.code, p.name, p.division_type, count(c.code) AS commune_count
        FROM province p LEFT JOIN commune c ON c.province = p.code
        GROUP BY p.code ORDER BY p.code
        """
    )
    return [ProvinceRow(**dict(row)) for row in rows]


async def list_communes(*, province_code: str) -> list[CommuneRow]:
    await get_province(province_code)
    rows = await db.fetch(
        """
        SELECT c.code, c.name, c.division_type, p.code AS province_code, p.name AS province_name
        FROM commune c JOIN province p ON p.code = c.province
        WHERE c.province = $1 ORDER BY c.code
        """,
        province_code,
    )
    return [CommuneRow(**dict(row)) for row in rows]


async def get_province(code: str) -> ProvinceRow:
    row = await db.fetchrow(
        """
        SELECT p.code, p.name, p.division_type, count(c.code) AS commune_count
        FROM province p LEFT JOIN commune c ON c.province = p.code
        WHERE p.code = $1 GROUP BY p.code
        """,
        code,
    )
    if row is None:
        raise NotFound(f"Không có tỉnh, thành phố mã {code}.")
    return ProvinceRow(**dict(row))


async def get_commune(code: str) -> CommuneRow:
    row = await db.fetchrow(
        """
        SELECT c.code, c.name, c.division_type, p.code AS province_code, p.name AS province_name
        FROM commune c JOIN province p ON p.code = c.province WHERE c.code = $1
        """,
        code,
    )
    if row is None:
        raise NotFound(f"Không có xã, phường, đặc khu mã {code}.")
    return CommuneRow(**dict(row))
