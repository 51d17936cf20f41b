from __future__ import annotations

from election.schemas import Output


class ProvinceOut(Output):
    code: str
    name: str
    division_type: str
    commune_count: int


class CommuneOut(Output):
    code: str
    name: str
    division_type: str
    province_code: str
    province_name: str
