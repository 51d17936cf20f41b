"""Use cases of polling areas (the full capability arrives with the election structure)."""

from __future__ import annotations

from dataclasses import dataclass

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.errors import Forbidden, NotFound
from election.geography import services as geography
from election.stations.tables import PollingArea, PollingAreaKind


@dataclass(frozen=True)
class PollingAreaRow:
    id: int
    commune_code: str
    commune_name: str
    province_code: str
    number: int
    name: str
    station_address: str
    kind: PollingAreaKind
    planned_voters: int

    @property
    def kind_label(self) -> str:
        return self.kind.label


_SELECT = """
    SELECT pa.id, pa.commune AS commune_code, c.name AS commune_name,
           c.province AS province_code, pa.number, pa.name, pa.station_address, pa.kind,
           pa.planned_voters
    FROM polling_area pa JOIN commune c ON c.code = pa.commune
"""


def _row(record) -> PollingAreaRow:
    data = dict(record)
    data["kind"] = PollingAreaKind(data["kind"])
    return PollingAreaRow(**data)


async def create_polling_area(
    *,
    commune_code: str,
    number: int,
    name: str,
    station_address: str = "",
    kind: PollingAreaKind = PollingAreaKind.ORDINARY,
    planned_voters: int = 0,
    actor: Actor,
) -> PollingAreaRow:
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code) or actor.is_read_only:
        raise Forbidden("Bạn không có quyền tạo khu vực bỏ phiếu ở xã, phường này.")
    async with db.transaction():
        area = PollingArea(
            commune=commune.code,
            number=number,
            name=name,
            station_address=station_address,
            kind=kind,
            planned_voters=planned_voters,
        )
        await area.save()
        row = await get_polling_area(polling_area_id=area.id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="polling_area",
            entity_id=area.id,
            action="create",
            after=row,
            summary=f"Tạo khu vực bỏ phiếu số {number}, {commune.name}",
        )
    return row


async def get_polling_area(*, polling_area_id: int, actor: Actor) -> PollingAreaRow:
    record = await db.fetchrow(_SELECT + " WHERE pa.id = $1", polling_area_id)
    if record is None:
        raise NotFound(f"Không có khu vực bỏ phiếu số hiệu {polling_area_id}.")
    row = _row(record)
    if not actor.covers_polling_area(row.id, row.commune_code, row.province_code):
        raise NotFound(f"Không có khu vực bỏ phiếu số hiệu {polling_area_id}.")
    return row


async def list_polling_areas(*, commune_code: str, actor: Actor) -> list[PollingAreaRow]:
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise Forbidden("Xã, phường này nằm ngoài phạm vi của bạn.")
    records = await db.fetch(_SELECT + " WHERE pa.commune = $1 ORDER BY pa.number", commune_code)
    rows = [_row(r) for r in records]
    return [r for r in rows if actor.covers_polling_area(r.id, r.commune_code, r.province_code)]
