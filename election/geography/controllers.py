"""JSON API of the administrative map."""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromPath

from election.geography import services
from election.geography.schemas import CommuneOut, ProvinceOut


class GeographyController(Controller):
    path = "/api/v1/geography"
    tags = ["Địa giới hành chính"]

    @get("/provinces", summary="34 tỉnh, thành phố")
    async def list_provinces(self) -> list[ProvinceOut]:
        return [ProvinceOut.model_validate(p) for p in await services.list_provinces()]

    @get("/provinces/{code:str}", summary="Một tỉnh, thành phố")
    async def get_province(self, code: FromPath[str]) -> ProvinceOut:
        return ProvinceOut.model_validate(await services.get_province(code))

    @get("/provinces/{code:str}/communes", summary="Các xã, phường, đặc khu của tỉnh")
    async def list_communes(self, code: FromPath[str]) -> list[CommuneOut]:
        communes = await services.list_communes(province_code=code)
        return [CommuneOut.model_validate(c) for c in communes]

    @get("/communes/{code:str}", summary="Một xã, phường, đặc khu")
    async def get_commune(self, code: FromPath[str]) -> CommuneOut:
        return CommuneOut.model_validate(await services.get_commune(code))
