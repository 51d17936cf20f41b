"""Loading and reading the administrative map (34 provinces, 3,321 communes)."""

from __future__ import annotations

from vietnam_provinces import Province as PackageProvince
from vietnam_provinces import Ward as PackageWard

from election import db
from election.errors import NotFound
from election.geography import queries
from election.geography.queries import CommunePlace, CommuneRow, ProvinceRow
from election.geography.tables import DivisionType

_PACKAGE_TYPES = {
    "thành phố trung ương": DivisionType.MUNICIPALITY,
    "tỉnh": DivisionType.PROVINCE,
    "xã": DivisionType.COMMUNE,
    "phường": DivisionType.WARD,
    "đặc khu": DivisionType.SPECIAL_ZONE,
}

ProvinceTuple = tuple[str, str, str, str, int | None]
CommuneTuple = tuple[str, str, str, str, str]


def official_geography() -> tuple[list[ProvinceTuple], list[CommuneTuple]]:
    """Provinces (code, name, type, codename, phone code) and communes (code,
    name, type, codename, province), from the `vietnam-provinces` package."""
    provinces: list[ProvinceTuple] = [
        (
            f"{int(p.code):02d}",
            p.name,
            str(_PACKAGE_TYPES[p.division_type.value]),
            p.codename,
            p.phone_code,
        )
        for p in PackageProvince.iter_all()
    ]
    communes: list[CommuneTuple] = [
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
    codes, names, types, codenames, phone_codes = (list(c) for c in zip(*provinces, strict=True))
    async with db.transaction():
        await queries.upsert_provinces(
            codes=codes,
            names=names,
            division_types=types,
            codenames=codenames,
            phone_codes=phone_codes,
        )
        codes, names, types, codenames, province_codes = (
            list(c) for c in zip(*communes, strict=True)
        )
        await queries.upsert_communes(
            codes=codes,
            names=names,
            division_types=types,
            codenames=codenames,
            province_codes=province_codes,
        )
    return len(provinces), len(communes)


async def geography_counts() -> tuple[int, int]:
    size = await queries.map_size()
    return size.provinces, size.communes


async def ensure_geography() -> None:
    """Load the map when it is missing or incomplete (start-up and tests)."""
    provinces, communes = official_geography()
    if await geography_counts() != (len(provinces), len(communes)):
        await load_geography()


async def list_provinces() -> list[ProvinceRow]:
    return await queries.provinces()


async def list_communes(*, province_code: str) -> list[CommuneRow]:
    await get_province(province_code)
    return await queries.communes_of(province_code=province_code)


async def get_province(code: str) -> ProvinceRow:
    province = await queries.province(code=code)
    if province is None:
        raise NotFound(f"Không có tỉnh, thành phố mã {code}.")
    return province


async def get_commune(code: str) -> CommuneRow:
    commune = await queries.commune(code=code)
    if commune is None:
        raise NotFound(f"Không có xã, phường, đặc khu mã {code}.")
    return commune


async def commune_places(*, province_code: str | None) -> list[CommunePlace]:
    """Every commune (of a province, or of the country), for matching typed names."""
    return await queries.commune_places(province_code=province_code)


async def commune_places_of(codes: list[str]) -> list[CommunePlace]:
    """The communes among `codes` that exist, with their province."""
    return await queries.commune_places_of(codes=codes)
