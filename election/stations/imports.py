"""Importer (CSV/XLSX) of one commune's polling areas for one election."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from election.actor import Actor
from election.elections import structure
from election.errors import NotFound
from election.geography import services as geography
from election.imports import services as imports
from election.imports.mapping import ColumnSpec, header_key
from election.imports.services import Change, Record
from election.parsing import clean_text, parse_int, parse_optional_date
from election.stations import services
from election.stations.tables import PollingAreaKind

AREA_COLUMNS = (
    ColumnSpec(
        "number", "Số khu vực", required=True, aliases=("Khu vực số", "Số khu vực bỏ phiếu")
    ),
    ColumnSpec("name", "Tên khu vực", aliases=("Khu vực bỏ phiếu",)),
    ColumnSpec("station_address", "Địa điểm bỏ phiếu", aliases=("Địa chỉ", "Điểm bỏ phiếu")),
    ColumnSpec("kind", "Loại khu vực"),
    ColumnSpec("planned_voters", "Số cử tri dự kiến", aliases=("Số cử tri",)),
    ColumnSpec(
        "commune_unit",
        "Đơn vị bầu cử HĐND xã",
        aliases=("Đơn vị HĐND xã", "Đơn vị bầu cử HĐND cấp xã"),
    ),
    ColumnSpec("early_voting_date", "Ngày bỏ phiếu sớm"),
    ColumnSpec("decided_on", "Ngày quyết định", aliases=("Ngày ấn định",)),
    ColumnSpec("notes", "Ghi chú"),
)

_KINDS = (
    {header_key(kind.label): kind.value for kind in PollingAreaKind}
    | {header_key(kind.value): kind.value for kind in PollingAreaKind}
    | {"": PollingAreaKind.ORDINARY.value, "thong thuong": PollingAreaKind.ORDINARY.value}
)


def _kind(text: str) -> str:
    value = _KINDS.get(header_key(text))
    if value is None:
        allowed = "; ".join(kind.label for kind in PollingAreaKind)
        raise ValueError(f"Loại khu vực «{text}» không hợp lệ. Dùng một trong: {allowed}.")
    return value


def scope_of(election_id: int, commune_code: str) -> str:
    """The import scope of one commune's polling areas for one election."""
    return f"election:{election_id}:commune:{commune_code}"


class PollingAreaImporter:
    kind = "polling_areas"
    title = "Khu vực bỏ phiếu"
    columns: Sequence[ColumnSpec] = AREA_COLUMNS

    def __init__(self, *, election_id: int, commune_code: str, actor: Actor, units: dict[int, int]):
        self.election_id = election_id
        self.commune_code = commune_code
        self.actor = actor
        self.scope = scope_of(election_id, commune_code)
        self._units = units  # HĐND xã unit number → id
        self._ids: dict[str, int] = {}

    def parse(self, value: Callable[[str], str]) -> imports.ParsedRow:
        record: dict[str, Any] = {}
        errors: list[tuple[str, str]] = []
        imports.collect(
            record, errors, "number", lambda: parse_int(value("number"), minimum=1, maximum=9999)
        )
        imports.collect(record, errors, "name", lambda: clean_text(value("name"), max_length=200))
        imports.collect(
            record,
            errors,
            "station_address",
            lambda: clean_text(value("station_address"), max_length=300),
        )
        imports.collect(record, errors, "kind", lambda: _kind(value("kind")))
        imports.collect(
            record,
            errors,
            "planned_voters",
            lambda: parse_int(value("planned_voters"), minimum=0) if value("planned_voters") else 0,
        )
        imports.collect(
            record,
            errors,
            "early_voting_date",
            lambda: parse_optional_date(value("early_voting_date")),
        )
        imports.collect(
            record, errors, "decided_on", lambda: parse_optional_date(value("decided_on"))
        )
        imports.collect(
            record, errors, "notes", lambda: clean_text(value("notes"), max_length=2000)
        )
        unit_text = value("commune_unit")
        if unit_text:
            try:
                number = parse_int(unit_text, minimum=1)
                if number not in self._units:
                    errors.append(("commune_unit", f"Chưa có đơn vị bầu cử HĐND xã số {number}."))
                record["commune_unit"] = number
            except ValueError as error:
                errors.append(("commune_unit", str(error)))
        else:
            record["commune_unit"] = None
        if not record.get("name") and "number" in record:
            record["name"] = f"Khu vực bỏ phiếu số {record['number']}"
        return imports.ParsedRow(record if not errors else None, errors)

    def key(self, record: dict[str, Any]) -> str:
        return str(record["number"])

    async def existing(self) -> dict[str, dict[str, Any]]:
        areas = await services.list_polling_areas(
            election_id=self.election_id, commune_code=self.commune_code, actor=self.actor
        )
        unit_numbers = {v: k for k, v in self._units.items()}
        found: dict[str, dict[str, Any]] = {}
        for area in areas:
            commune_unit = area.unit_for("hdnd_xa")
            record = {
                "number": area.number,
                "name": area.name,
                "station_address": area.station_address,
                "kind": area.kind.value,
                "planned_voters": area.planned_voters,
                "early_voting_date": area.early_voting_date.isoformat()
                if area.early_voting_date
                else None,
                "decided_on": area.decided_on.isoformat() if area.decided_on else None,
                "notes": area.notes,
                "commune_unit": unit_numbers.get(commune_unit.unit_id) if commune_unit else None,
            }
            self._ids[self.key(record)] = area.id
            found[self.key(record)] = record
        return found

    async def apply(self, new: list[Record], changed: list[Change], actor: Actor) -> None:
        for record in imports.records_to_write(new, changed):
            await services.save_polling_area(
                election_id=self.election_id,
                commune_code=self.commune_code,
                polling_area_id=self._ids.get(self.key(record)),
                number=record["number"],
                name=record["name"],
                station_address=record["station_address"],
                kind=PollingAreaKind(record["kind"]),
                planned_voters=record["planned_voters"],
                early_voting_date=imports.staged_date(record["early_voting_date"]),
                decided_on=imports.staged_date(record["decided_on"]),
                notes=record["notes"],
                commune_unit_id=self._units.get(record["commune_unit"])
                if record["commune_unit"]
                else None,
                actor=actor,
            )

    def export_rows(self, areas: list[services.PollingAreaRow]) -> list[list[Any]]:
        unit_numbers = {v: k for k, v in self._units.items()}
        rows: list[list[Any]] = []
        for area in areas:
            commune_unit = area.unit_for("hdnd_xa")
            rows.append(
                [
                    area.number,
                    area.name,
                    area.station_address,
                    area.kind.label,
                    area.planned_voters,
                    unit_numbers.get(commune_unit.unit_id, "") if commune_unit else "",
                    imports.export_date(area.early_voting_date),
                    imports.export_date(area.decided_on),
                    area.notes,
                ]
            )
        return rows


async def polling_area_importer(scope: str, actor: Actor) -> PollingAreaImporter:
    parts = scope.split(":")
    if len(parts) != 4 or parts[0] != "election" or parts[2] != "commune" or not parts[1].isdigit():
        raise NotFound("Phạm vi nhập không hợp lệ.")
    election_id, commune_code = int(parts[1]), parts[3]
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise NotFound("Xã, phường này nằm ngoài phạm vi của bạn.")
    units = await structure.commune_council_units(
        election_id=election_id, commune_code=commune_code
    )
    return PollingAreaImporter(
        election_id=election_id,
        commune_code=commune_code,
        actor=actor,
        units={u.number: u.id for u in units},
    )


imports.register(PollingAreaImporter.kind, polling_area_importer)
