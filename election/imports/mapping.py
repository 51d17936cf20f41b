"""Matching a file's header row to the fields an importer expects.

Headers are matched by their Vietnamese label as exported (e.g. "Số định
danh cá nhân", "Họ và tên"), by known aliases, or by the field code, ignoring
case, diacritics and punctuation. A user may override the match per field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from election.errors import FieldError, InvalidInput
from election.text import header_key


@dataclass(frozen=True)
class ColumnSpec:
    field: str
    label: str  # the header written on exports and shown to users
    required: bool = False
    # `dataclasses.field`: the name `field` is this class's first field.
    aliases: Sequence[str] = dataclasses.field(default_factory=tuple)


@dataclass(frozen=True)
class ColumnMap:
    positions: dict[str, int]  # field → column index
    headers: list[str]

    def value(self, values: list[str], field_name: str) -> str:
        index = self.positions.get(field_name)
        if index is None or index >= len(values):
            return ""
        return values[index]

    def column_names(self, specs: Sequence[ColumnSpec]) -> dict[str, str]:
        """Each field's column as the file heads it ("Số CCCD" where the file
        says so), else the header an export writes: what the error report and
        the preview name a field by, never its code ("personal_id")."""
        found = {name: self.headers[index] for name, index in self.positions.items()}
        return {spec.field: spec.label for spec in specs} | found


def column_of(column_names: dict[str, str], field_name: str) -> str:
    """The column a row's error belongs to, by the file's own header; "" for
    an error of the whole row or a field the file has no column for."""
    return column_names.get(field_name, "")


def map_columns(
    headers: list[str], specs: Sequence[ColumnSpec], overrides: dict[str, str] | None = None
) -> ColumnMap:
    """Find each field's column; missing required columns are refused up front."""
    keys = [header_key(h) for h in headers]
    positions: dict[str, int] = {}
    errors: list[FieldError] = []
    for spec in specs:
        wanted = overrides.get(spec.field) if overrides else None
        candidates = [wanted] if wanted else [spec.label, spec.field, *spec.aliases]
        for candidate in candidates:
            key = header_key(candidate)
            if key in keys:
                positions[spec.field] = keys.index(key)
                break
        else:
            if wanted:
                errors.append(
                    FieldError(spec.field, f"Không có cột «{wanted}» trong tệp.", spec.label)
                )
            elif spec.required:
                errors.append(
                    FieldError(spec.field, f"Thiếu cột bắt buộc «{spec.label}».", spec.label)
                )
    if errors:
        raise InvalidInput(
            "Tệp thiếu cột: "
            + "; ".join(e.message for e in errors)
            + " Dòng đầu tiên của tệp phải là tiêu đề cột.",
            errors=errors,
        )
    return ColumnMap(positions=positions, headers=headers)
