"""Importer (CSV/XLSX) of the staff registry: one register (a commune's, or the
province's) at a time, through the shared staging, preview and commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from election.actor import Actor
from election.errors import Forbidden, NotFound
from election.geography import services as geography
from election.imports import services as imports
from election.imports.mapping import ColumnSpec, header_key
from election.parsing import (
    clean_person_name,
    clean_text,
    parse_date,
    parse_flag,
    parse_personal_id,
    parse_sex,
)
from election.staffing import rules, services
from election.staffing.queries import people as queries

STAFF_COLUMNS = (
    ColumnSpec("personal_id", "Số định danh cá nhân", aliases=("Số CCCD", "Căn cước công dân")),
    ColumnSpec("full_name", "Họ và tên", required=True, aliases=("Họ tên",)),
    ColumnSpec("date_of_birth", "Ngày sinh", required=True, aliases=("Ngày, tháng, năm sinh",)),
    ColumnSpec("sex", "Giới tính", required=True),
    ColumnSpec("phone", "Số điện thoại", aliases=("Điện thoại", "SĐT")),
    ColumnSpec(
        "organisation",
        "Cơ quan, đơn vị công tác",
        aliases=("Nơi công tác", "Cơ quan", "Đơn vị công tác"),
    ),
    ColumnSpec("position", "Chức vụ", aliases=("Chức danh", "Nghề nghiệp, chức vụ")),
    ColumnSpec(
        "home_commune",
        "Nơi cư trú (xã, phường)",
        aliases=("Nơi cư trú", "Xã, phường cư trú", "Mã xã cư trú"),
    ),
    ColumnSpec("armed_forces", "Quân nhân", aliases=("Lực lượng vũ trang",)),
    ColumnSpec("notes", "Ghi chú"),
)


def parse_scope(scope: str) -> tuple[str, str | None]:
    parts = scope.split(":")
    if parts[0] != "staff" or len(parts) not in (2, 3) or not parts[1].isdigit():
        raise NotFound("Phạm vi nhập không hợp lệ.")
    return parts[1], parts[2] if len(parts) == 3 else None


def _key(record: dict[str, Any]) -> str:
    if record.get("personal_id"):
        return "id:" + record["personal_id"]
    return "name:" + rules.person_key(
        record["full_name"], dt.date.fromisoformat(str(record["date_of_birth"]))
    )


class StaffImporter:
    kind: str = services.IMPORT_KIND
    title: str = "Danh sách nhân sự bầu cử"
    columns: Sequence[ColumnSpec] = STAFF_COLUMNS

    def __init__(self, province_code: str, commune_code: str | None, communes: dict[str, str]):
        self.province_code = province_code
        self.commune_code = commune_code
        self.scope = services.import_scope(province_code, commune_code)
        self._communes = communes  # code or name key → code
        self._ids: dict[str, int] = {}

    def _home(self, text: str) -> str | None:
        text = text.strip()
        if not text:
            return None
        code = self._communes.get(text) or self._communes.get(header_key(text))
        if code is None:
            raise ValueError(f"Không tìm thấy xã, phường «{text}» trong tỉnh.")
        return code

    def parse(self, value: Callable[[str], str]) -> imports.ParsedRow:
        record: dict[str, Any] = {}
        errors: list[tuple[str, str]] = []
        imports.collect(
            record, errors, "personal_id", lambda: parse_personal_id(value("personal_id"))
        )
        imports.collect(record, errors, "full_name", lambda: clean_person_name(value("full_name")))
        imports.collect(record, errors, "date_of_birth", lambda: parse_date(value("date_of_birth")))
        imports.collect(record, errors, "sex", lambda: parse_sex(value("sex")))
        for name, limit in (("phone", 20), ("organisation", 300), ("position", 200)):
            imports.collect(
                record,
                errors,
                name,
                lambda name=name, limit=limit: clean_text(value(name), max_length=limit),
            )
        imports.collect(record, errors, "home_commune", lambda: self._home(value("home_commune")))
        imports.collect(record, errors, "armed_forces", lambda: parse_flag(value("armed_forces")))
        imports.collect(
            record, errors, "notes", lambda: clean_text(value("notes"), max_length=1000)
        )
        return imports.ParsedRow(record if not errors else None, errors)

    def key(self, record: dict[str, Any]) -> str:
        return _key(record)

    async def existing(self) -> dict[str, dict[str, Any]]:
        rows = await queries.register_records(
            province_code=self.province_code, commune_code=self.commune_code
        )
        found: dict[str, dict[str, Any]] = {}
        for row in rows:
            record = {
                "personal_id": row.personal_id,
                "full_name": row.full_name,
                "date_of_birth": row.date_of_birth.isoformat(),
                "sex": row.sex,
                "phone": row.phone,
                "organisation": row.organisation,
                "position": row.position,
                "home_commune": row.home_commune,
                "armed_forces": row.armed_forces,
                "notes": row.notes,
            }
            key = self.key(record)
            self._ids[key] = row.id
            found[key] = record
        return found

    async def apply(
        self,
        new: list[dict[str, Any]],
        changed: list[tuple[dict[str, Any], dict[str, Any]]],
        actor: Actor,
    ) -> None:
        def data(record: dict[str, Any]) -> dict[str, Any]:
            return {
                **record,
                "date_of_birth": dt.date.fromisoformat(record["date_of_birth"]),
                "home_commune_code": record["home_commune"],
            }

        await services.save_people(
            province_code=self.province_code,
            commune_code=self.commune_code,
            new=[data(r) for r in new],
            changed=[(self._ids[self.key(after)], data(after)) for _, after in changed],
            actor=actor,
            source="nhập từ tệp",
        )

    def export_rows(self, people: list[services.PersonRow]) -> list[list[Any]]:
        return [
            [
                p.personal_id or "",
                p.full_name,
                imports.export_date(p.date_of_birth),
                p.sex.label,
                p.phone,
                p.organisation,
                p.position,
                p.home_commune_name or "",
                "x" if p.armed_forces else "",
                p.notes,
            ]
            for p in people
        ]


async def staff_importer(scope: str, actor: Actor) -> StaffImporter:
    province_code, commune_code = parse_scope(scope)
    await services.check_register_place(province_code, commune_code)
    # Whoever may read the register may see its batches; only managers commit.
    if not services.may_read_register(
        actor, province_code=province_code, commune_code=commune_code
    ) and not services.may_manage_register(
        actor, province_code=province_code, commune_code=commune_code
    ):
        raise Forbidden("Danh sách nhân sự này nằm ngoài phạm vi của bạn.")
    communes: dict[str, str] = {}
    for commune in await geography.list_communes(province_code=province_code):
        communes[commune.code] = commune.code
        communes[header_key(commune.name)] = commune.code
    return StaffImporter(province_code, commune_code, communes)


imports.register(StaffImporter.kind, staff_importer)
