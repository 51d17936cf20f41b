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
                errors.append(FieldError(spec.field, f"Không có cột «{wanted}» trong tệp."))
            elif spec.required:
                errors.append(FieldError(spec.field, f"Thiếu cột bắt buộc «{spec.label}»."))
    if errors:
        raise InvalidInput(
            "Tệp thiếu cột: "
            + "; ".join(e.message for e in errors)
            + " Dòng đầu tiên của tệp phải là tiêu đề cột.",
            errors=errors,
        )
    return ColumnMap(positions=positions, headers=headers)
