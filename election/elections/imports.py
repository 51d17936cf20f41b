"""Importers (CSV/XLSX) of electoral units and candidates, one contest at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from election.actor import Actor
from election.elections import rules, structure
from election.elections.queries import candidates as candidate_queries
from election.elections.queries import units as unit_queries
from election.elections.services import get_contest
from election.elections.structure.candidates import name_and_birth
from election.elections.tables import ContestLevel
from election.errors import NotFound
from election.geography import services as geography
from election.imports import services as imports
from election.imports.mapping import ColumnSpec, header_key
from election.imports.services import Change, Record
from election.parsing import (
    clean_person_name,
    clean_text,
    parse_int,
    parse_optional_date,
    parse_personal_id,
    parse_sex,
)
from election.text import normalize_tone_marks

UNIT_COLUMNS = (
    ColumnSpec("province_code", "Mã tỉnh", aliases=("Mã tỉnh, thành phố", "Tỉnh")),
    ColumnSpec("number", "Số đơn vị", required=True, aliases=("Đơn vị số", "Số thứ tự đơn vị")),
    ColumnSpec("name", "Tên đơn vị", aliases=("Đơn vị bầu cử",)),
    ColumnSpec("seats", "Số đại biểu được bầu", required=True, aliases=("Số đại biểu",)),
    ColumnSpec(
        "communes", "Các xã, phường", aliases=("Gồm các xã, phường", "Xã, phường", "Địa bàn")
    ),
    ColumnSpec("description", "Mô tả", aliases=("Gồm thôn, tổ dân phố", "Thôn, tổ dân phố")),
    ColumnSpec("announced_on", "Ngày công bố"),
)

CANDIDATE_COLUMNS = (
    ColumnSpec("province_code", "Mã tỉnh", aliases=("Mã tỉnh, thành phố",)),
    ColumnSpec(
        "unit_number", "Số đơn vị", required=True, aliases=("Đơn vị số", "Đơn vị bầu cử số")
    ),
    ColumnSpec("full_name", "Họ và tên", required=True, aliases=("Họ tên",)),
    ColumnSpec("other_name", "Tên gọi khác", aliases=("Bí danh", "Pháp danh")),
    ColumnSpec("date_of_birth", "Ngày sinh", required=True, aliases=("Ngày, tháng, năm sinh",)),
    ColumnSpec("sex", "Giới tính", required=True),
    ColumnSpec("personal_id", "Số định danh cá nhân", aliases=("Số CCCD", "Căn cước công dân")),
    ColumnSpec("nationality", "Quốc tịch"),
    ColumnSpec("hometown", "Quê quán"),
    ColumnSpec("residence", "Nơi ở hiện nay", aliases=("Nơi thường trú", "Nơi cư trú")),
    ColumnSpec("ethnicity", "Dân tộc"),
    ColumnSpec("religion", "Tôn giáo"),
    ColumnSpec("education", "Trình độ giáo dục phổ thông", aliases=("Giáo dục phổ thông",)),
    ColumnSpec(
        "qualification",
        "Trình độ chuyên môn, nghiệp vụ",
        aliases=("Trình độ chuyên môn", "Chuyên môn, nghiệp vụ"),
    ),
    ColumnSpec("academic_title", "Học hàm, học vị"),
    ColumnSpec("political_theory", "Lý luận chính trị", aliases=("Trình độ lý luận chính trị",)),
    ColumnSpec("foreign_language", "Ngoại ngữ", aliases=("Trình độ ngoại ngữ",)),
    ColumnSpec("occupation_position", "Nghề nghiệp, chức vụ", aliases=("Nghề nghiệp", "Chức vụ")),
    ColumnSpec("workplace", "Nơi công tác"),
    ColumnSpec("party_joined", "Ngày vào Đảng", aliases=("Ngày vào Đảng (nếu có)",)),
    ColumnSpec(
        "assembly_deputy",
        "Là đại biểu QH (nếu có)",
        aliases=("Là đại biểu QH", "Là đại biểu Quốc hội", "Đại biểu Quốc hội"),
    ),
    ColumnSpec(
        "current_deputy",
        "Là đại biểu HĐND (nếu có)",
        aliases=("Là đại biểu HĐND", "Là đại biểu QH, HĐND", "Đại biểu đương nhiệm"),
    ),
    ColumnSpec("note", "Ghi chú"),
)


@dataclass
class _ContestScope:
    contest_id: int
    level: ContestLevel
    province_code: str | None  # the contest's province (HĐND) or None (ĐBQH)
    commune_code: str | None
    actor: Actor
    communes_by_key: dict[str, str] = field(default_factory=dict[str, str])  # name/code key → code

    @property
    def scope(self) -> str:
        return f"contest:{self.contest_id}"

    def province_of_row(
        self,
        value: Callable[[str], str],
        record: dict[str, Any],
        errors: list[tuple[str, str]],
    ) -> str | None:
        code = value("province_code") or self.province_code or ""
        code = code.zfill(2) if code.isdigit() else code
        if self.level == ContestLevel.NATIONAL_ASSEMBLY:
            if not code:
                errors.append(("province_code", "Đơn vị ĐBQH cần mã tỉnh."))
                return None
        elif code != self.province_code:
            errors.append(("province_code", "Mã tỉnh không khớp tỉnh của cuộc bầu cử."))
            return None
        if not structure.may_manage(
            self.actor, level=self.level, province_code=code, commune_code=self.commune_code
        ):
            errors.append(("province_code", "Tỉnh này nằm ngoài phạm vi quản lý của bạn."))
            return None
        record["province_code"] = code
        return code


async def _scope(scope: str, actor: Actor) -> _ContestScope:
    kind, _, raw_id = scope.partition(":")
    if kind != "contest" or not raw_id.isdigit():
        raise NotFound("Phạm vi nhập không hợp lệ.")
    contest = await get_contest(contest_id=int(raw_id))
    province = contest.province_code
    # Who may change which row is checked row by row (`province_of_row`).
    communes = await geography.commune_places(
        province_code=province
        if contest.level != ContestLevel.NATIONAL_ASSEMBLY
        else actor.province_code
    )
    by_key: dict[str, str] = {}
    for commune in communes:
        by_key[commune.code] = commune.code
        by_key[header_key(commune.name)] = commune.code
    return _ContestScope(
        contest_id=contest.id,
        level=contest.level,
        province_code=province,
        commune_code=contest.commune_code,
        actor=actor,
        communes_by_key=by_key,
    )


class UnitImporter:
    kind = "electoral_units"
    title = "Đơn vị bầu cử"
    columns: Sequence[ColumnSpec] = UNIT_COLUMNS

    def __init__(self, scope: _ContestScope):
        self.context = scope
        self.scope = scope.scope
        self._ids: dict[str, int] = {}

    def parse(self, value: Callable[[str], str]) -> imports.ParsedRow:
        record: dict[str, Any] = {}
        errors: list[tuple[str, str]] = []
        self.context.province_of_row(value, record, errors)
        imports.collect(
            record, errors, "number", lambda: parse_int(value("number"), minimum=1, maximum=999)
        )
        imports.collect(
            record, errors, "seats", lambda: parse_int(value("seats"), minimum=1, maximum=5)
        )
        if "seats" in record:
            for violation in rules.check_unit_seats(self.context.level, record["seats"]):
                errors.append(("seats", f"{violation.message} ({violation.article})"))
        imports.collect(record, errors, "name", lambda: clean_text(value("name"), max_length=200))
        imports.collect(
            record, errors, "description", lambda: clean_text(value("description"), max_length=2000)
        )
        imports.collect(
            record, errors, "announced_on", lambda: parse_optional_date(value("announced_on"))
        )
        codes: list[str] = []
        if self.context.level != ContestLevel.COMMUNE_COUNCIL:
            for part in value("communes").replace(",", ";").split(";"):
                if not part.strip():
                    continue
                code = self.context.communes_by_key.get(
                    part.strip()
                ) or self.context.communes_by_key.get(header_key(part))
                if code is None:
                    errors.append(("communes", f"Không tìm thấy xã, phường «{part.strip()}»."))
                else:
                    codes.append(code)
            if not codes and not any(f == "communes" for f, _ in errors):
                errors.append(("communes", "Cần liệt kê các xã, phường của đơn vị."))
        record["communes"] = sorted(set(codes))
        if record.get("name") == "" and "number" in record:
            record["name"] = f"Đơn vị bầu cử số {record['number']}"
        return imports.ParsedRow(record if not errors else None, errors)

    def key(self, record: dict[str, Any]) -> str:
        return f"{record['province_code']}:{record['number']}"

    async def existing(self) -> dict[str, dict[str, Any]]:
        units = await structure.list_units(
            contest_id=self.context.contest_id, actor=self.context.actor
        )
        found: dict[str, dict[str, Any]] = {}
        for unit in units:
            record = {
                "province_code": unit.province_code,
                "number": unit.number,
                "seats": unit.seats,
                "name": unit.name,
                "description": unit.description,
                "announced_on": unit.announced_on.isoformat() if unit.announced_on else None,
                "communes": [code for code, _ in unit.communes],
            }
            key = self.key(record)
            self._ids[key] = unit.id
            found[key] = record
        return found

    async def apply(self, new: list[Record], changed: list[Change], actor: Actor) -> None:
        for record in imports.records_to_write(new, changed):
            await structure.save_unit(
                contest_id=self.context.contest_id,
                unit_id=self._ids.get(self.key(record)),
                province_code=record["province_code"],
                number=record["number"],
                name=record["name"],
                seats=record["seats"],
                commune_codes=record["communes"],
                description=record["description"],
                announced_on=imports.staged_date(record["announced_on"]),
                actor=actor,
            )

    def export_rows(self, units: list[structure.UnitRow]) -> list[list[Any]]:
        return [
            [
                u.province_code,
                u.number,
                u.name,
                u.seats,
                "; ".join(name for _, name in u.communes),
                u.description,
                imports.export_date(u.announced_on),
            ]
            for u in units
        ]


class CandidateImporter:
    kind = "candidates"
    title = "Người ứng cử"
    columns: Sequence[ColumnSpec] = CANDIDATE_COLUMNS

    def __init__(self, scope: _ContestScope):
        self.context = scope
        self.scope = scope.scope
        self._ids: dict[str, int] = {}
        self._units: dict[str, int] = {}

    def parse(self, value: Callable[[str], str]) -> imports.ParsedRow:
        record: dict[str, Any] = {}
        errors: list[tuple[str, str]] = []
        self.context.province_of_row(value, record, errors)
        imports.collect(
            record,
            errors,
            "unit_number",
            lambda: parse_int(value("unit_number"), minimum=1, maximum=999),
        )
        imports.collect(record, errors, "full_name", lambda: clean_person_name(value("full_name")))
        imports.collect(
            record,
            errors,
            "other_name",
            lambda: normalize_tone_marks(clean_text(value("other_name"), max_length=150)),
        )
        imports.collect(
            record, errors, "date_of_birth", lambda: _required_date(value("date_of_birth"))
        )
        imports.collect(record, errors, "sex", lambda: parse_sex(value("sex")))
        imports.collect(
            record, errors, "personal_id", lambda: parse_personal_id(value("personal_id"))
        )
        for name, limit in (
            ("nationality", 50),
            ("hometown", 300),
            ("residence", 300),
            ("ethnicity", 50),
            ("religion", 50),
            ("education", 50),
            ("qualification", 300),
            ("academic_title", 200),
            ("political_theory", 100),
            ("foreign_language", 200),
            ("occupation_position", 300),
            ("workplace", 300),
            ("assembly_deputy", 200),
            ("current_deputy", 200),
            ("note", 300),
        ):
            imports.collect(
                record,
                errors,
                name,
                lambda name=name, limit=limit: clean_text(value(name), max_length=limit),
            )
        imports.collect(
            record, errors, "party_joined", lambda: parse_optional_date(value("party_joined"))
        )
        record["nationality"] = record.get("nationality") or "Việt Nam"
        record["ethnicity"] = record.get("ethnicity") or "Kinh"
        record["religion"] = record.get("religion") or "Không"
        return imports.ParsedRow(record if not errors else None, errors)

    def key(self, record: dict[str, Any]) -> str:
        # The date is a date as parsed, ISO text once staged.
        born = dt.date.fromisoformat(str(record["date_of_birth"]))
        person = record.get("personal_id") or name_and_birth(record["full_name"], born)
        return f"{record['province_code']}:{record['unit_number']}:{person}"

    async def existing(self) -> dict[str, dict[str, Any]]:
        contest_id = self.context.contest_id
        candidates = await candidate_queries.contest_candidates(contest_id=contest_id)
        units = await unit_queries.unit_keys(contest_id=contest_id)
        self._units = {f"{u.province_code}:{u.number}": u.id for u in units}
        found: dict[str, dict[str, Any]] = {}
        for c in candidates:
            record = {
                "province_code": c.province_code,
                "unit_number": c.unit_number,
                "full_name": c.full_name,
                "other_name": c.other_name,
                "date_of_birth": c.date_of_birth.isoformat(),
                "sex": c.sex.value,
                "personal_id": c.personal_id,
                "nationality": c.nationality,
                "hometown": c.hometown,
                "residence": c.residence,
                "ethnicity": c.ethnicity,
                "religion": c.religion,
                "education": c.education,
                "qualification": c.qualification,
                "academic_title": c.academic_title,
                "political_theory": c.political_theory,
                "foreign_language": c.foreign_language,
                "occupation_position": c.occupation_position,
                "workplace": c.workplace,
                "party_joined": c.party_joined.isoformat() if c.party_joined else None,
                "assembly_deputy": c.assembly_deputy,
                "current_deputy": c.current_deputy,
                "note": c.note,
            }
            key = self.key(record)
            self._ids[key] = c.id
            found[key] = record
        return found

    async def apply(self, new: list[Record], changed: list[Change], actor: Actor) -> None:
        for record in imports.records_to_write(new, changed):
            unit_id = self._units.get(f"{record['province_code']}:{record['unit_number']}")
            if unit_id is None:
                raise ValueError(
                    f"Chưa có đơn vị bầu cử số {record['unit_number']} (tỉnh {record['province_code']}); "
                    "hãy nhập đơn vị bầu cử trước."
                )
            data = dict(record)
            data["date_of_birth"] = dt.date.fromisoformat(record["date_of_birth"])
            data["party_joined"] = imports.staged_date(record["party_joined"])
            await structure.save_candidate(
                unit_id=unit_id,
                data=data,
                actor=actor,
                candidate_id=self._ids.get(self.key(record)),
            )

    def export_rows(
        self, rows: list[tuple[structure.UnitRow, structure.CandidateRow]]
    ) -> list[list[Any]]:
        return [
            [
                unit.province_code,
                unit.number,
                c.full_name,
                c.other_name,
                imports.export_date(c.date_of_birth),
                c.sex.label,
                c.personal_id or "",
                c.nationality,
                c.hometown,
                c.residence,
                c.ethnicity,
                c.religion,
                c.education,
                c.qualification,
                c.academic_title,
                c.political_theory,
                c.foreign_language,
                c.occupation_position,
                c.workplace,
                imports.export_date(c.party_joined),
                c.assembly_deputy,
                c.current_deputy,
                c.note,
            ]
            for unit, c in rows
        ]


def _required_date(text: str) -> dt.date:
    if not text.strip():
        raise ValueError("Thiếu ngày sinh.")
    value = parse_optional_date(text)
    assert value is not None
    return value


async def unit_importer(scope: str, actor: Actor) -> UnitImporter:
    return UnitImporter(await _scope(scope, actor))


async def candidate_importer(scope: str, actor: Actor) -> CandidateImporter:
    return CandidateImporter(await _scope(scope, actor))


imports.register(UnitImporter.kind, unit_importer)
imports.register(CandidateImporter.kind, candidate_importer)
