"""JSON API of polling areas."""

from __future__ import annotations

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody, MultipartBody
from litestar.status_codes import HTTP_204_NO_CONTENT

from election.actor import Actor
from election.elections.structure_controllers import export, stage_upload
from election.imports.controllers import ImportUpload
from election.imports.schemas import BatchOut
from election.schemas import Output
from election.stations import imports as area_imports
from election.stations import services
from election.stations.schemas import PollingAreaIn, PollingAreaOut


class GapOut(Output):
    area_number: int
    level: str
    message: str


def area_out(area: services.PollingAreaRow) -> PollingAreaOut:
    return PollingAreaOut.model_validate(area)


async def export_areas(
    election_id: int, commune_code: str, fmt: str, actor: Actor
) -> Response[bytes]:
    """A commune's polling areas as CSV/XLSX, in the import layout."""
    importer = await area_imports.polling_area_importer(
        area_imports.scope_of(election_id, commune_code), actor
    )
    areas = await services.list_polling_areas(
        election_id=election_id, commune_code=commune_code, actor=actor
    )
    return export(
        importer.columns, importer.export_rows(areas), fmt, f"khu-vuc-bo-phieu-{commune_code}"
    )


class CommuneAreasController(Controller):
    path = "/api/v1/elections/{election_id:int}/communes/{commune_code:str}"
    tags = ["Khu vực bỏ phiếu"]

    @get("/polling-areas", summary="Khu vực bỏ phiếu của xã, phường")
    async def list_areas(
        self, election_id: FromPath[int], commune_code: FromPath[str], request: Request
    ) -> list[PollingAreaOut]:
        areas = await services.list_polling_areas(
            election_id=election_id, commune_code=commune_code, actor=request.user
        )
        return [area_out(a) for a in areas]

    @post("/polling-areas", summary="Tạo khu vực bỏ phiếu")
    async def create_area(
        self,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        data: JSONBody[PollingAreaIn],
        request: Request,
    ) -> PollingAreaOut:
        result = await services.save_polling_area(
            election_id=election_id,
            commune_code=commune_code,
            actor=request.user,
            **data.model_dump(),
        )
        return area_out(result.area)

    @get("/membership-gaps", summary="Khu vực chưa thuộc đơn vị bầu cử của một cuộc bầu cử")
    async def gaps(
        self, election_id: FromPath[int], commune_code: FromPath[str], request: Request
    ) -> list[GapOut]:
        gaps = await services.membership_gaps(
            election_id=election_id, commune_code=commune_code, actor=request.user
        )
        return [
            GapOut(area_number=g.area_number, level=g.level.value, message=g.message) for g in gaps
        ]

    @post("/imports/polling-areas", summary="Tải lên tệp khu vực bỏ phiếu (CSV, XLSX)")
    async def import_areas(
        self,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        data: MultipartBody[ImportUpload],
        request: Request,
    ) -> BatchOut:
        scope = area_imports.scope_of(election_id, commune_code)
        return await stage_upload(area_imports.PollingAreaImporter.kind, scope, data, request)

    @get(["/polling-areas.csv", "/polling-areas.xlsx"], summary="Xuất khu vực bỏ phiếu (csv, xlsx)")
    async def export_area_list(
        self,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        request: Request,
    ) -> Response[bytes]:
        fmt = request.url.path.rsplit(".", 1)[-1]
        return await export_areas(election_id, commune_code, fmt, request.user)


class PollingAreaController(Controller):
    path = "/api/v1/polling-areas"
    tags = ["Khu vực bỏ phiếu"]

    @get("/{area_id:int}", summary="Một khu vực bỏ phiếu")
    async def get_area(self, area_id: FromPath[int], request: Request) -> PollingAreaOut:
        return area_out(
            await services.get_polling_area(polling_area_id=area_id, actor=request.user)
        )

    @put("/{area_id:int}", summary="Sửa khu vực bỏ phiếu")
    async def update_area(
        self, area_id: FromPath[int], data: JSONBody[PollingAreaIn], request: Request
    ) -> PollingAreaOut:
        area = await services.get_polling_area(polling_area_id=area_id, actor=request.user)
        result = await services.save_polling_area(
            election_id=area.election_id,
            commune_code=area.commune_code,
            polling_area_id=area_id,
            actor=request.user,
            **data.model_dump(),
        )
        return area_out(result.area)

    @delete("/{area_id:int}", status_code=HTTP_204_NO_CONTENT, summary="Xóa khu vực bỏ phiếu")
    async def delete_area(self, area_id: FromPath[int], request: Request) -> None:
        await services.delete_polling_area(polling_area_id=area_id, actor=request.user)
