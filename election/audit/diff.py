"""An event's before and after as a person reads them: field by field, labelled, formatted.

Pure: the stored JSON in, lines of text out. Field names are labelled from
`labels.FIELD_LABELS`; coded values ("male", "dbqh", "province_committee")
from the labels of the programme's choices (`choice_labels`); ISO dates and
times as 15/03/2026 and 07:00; numbers as 40.000; yes/no as "Có"/"Không".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from election.audit.labels import SCOPE_WORDS, VALUE_LABELS, field_label
from election.choices import LabelledChoice
from election.web import vn_date, vn_datetime, vn_number

EMPTY = "—"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{2}):(\d{2})(:\d{2}(\.\d+)?)?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_SCOPE = re.compile(r"^[a-z]+(:[0-9a-z]+)+$")


@dataclass(frozen=True)
class DiffLine:
    """One field: its label, its value before and after (None: not there)."""

    label: str
    before: str | None
    after: str | None

    @property
    def change(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "same" if self.before == self.after else "changed"


@dataclass(frozen=True)
class Diff:
    lines: tuple[DiffLine, ...]
    # Fields present before and after with the same value, not listed.
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not self.lines and not self.unchanged


def _choices(kind: type[LabelledChoice]) -> Iterator[type[LabelledChoice]]:
    for sub in kind.__subclasses__():
        yield sub
        yield from _choices(sub)


@cache
def choice_labels() -> Mapping[str, str]:
    """Every coded value of the programme's choices and its label (the first
    one, where two choices share a code)."""
    found: dict[str, str] = {}
    for kind in _choices(LabelledChoice):
        for member in kind:
            if member.label != member.value:
                found.setdefault(member.value, member.label)
    return VALUE_LABELS | found


def key_label(key: str, codes: Mapping[str, str]) -> str:
    """A field's label; a coded key (a contest level) by its choice's label;
    anything else (a person's name used as a key) as it is."""
    return field_label(key) or codes.get(key) or key


def _text(value: str, codes: Mapping[str, str]) -> str:
    if not value:
        return EMPTY
    if _DATE.match(value):
        return vn_date(dt.date.fromisoformat(value))
    if _DATETIME.match(value):
        try:
            return vn_datetime(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    if (time := _TIME.match(value)) is not None:
        return f"{time.group(1)}:{time.group(2)}"
    if _CODE.match(value) and value in codes:
        return codes[value]
    if _SCOPE.match(value):
        return " ".join(SCOPE_WORDS.get(part, part) for part in value.split(":"))
    return value


def format_value(value: Any, codes: Mapping[str, str] | None = None) -> str:
    """One stored value as text."""
    codes = choice_labels() if codes is None else codes
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        return vn_number(value)
    if isinstance(value, str):
        return _text(value, codes)
    if isinstance(value, list):
        items: list[Any] = list(value)  # pyright: ignore[reportUnknownArgumentType]
        if not items:
            return EMPTY
        if all(isinstance(i, list) and len(i) == 2 for i in items):  # pyright: ignore[reportUnknownArgumentType]
            return "; ".join(
                f"{format_value(a, codes)} ({format_value(b, codes)})" for a, b in items
            )
        return ", ".join(format_value(i, codes) for i in items)
    if isinstance(value, dict):
        pairs: dict[str, Any] = dict(value)  # pyright: ignore[reportUnknownArgumentType]
        return "; ".join(
            f"{key_label(k, codes)}: {format_value(v, codes)}" for k, v in pairs.items()
        )
    return str(value)


def diff(before: Any, after: Any, codes: Mapping[str, str] | None = None) -> Diff:
    """The fields that an event created, removed or changed, in the order stored."""
    codes = choice_labels() if codes is None else codes
    if before is None and after is None:
        return Diff(())
    if not isinstance(before, dict | None) or not isinstance(after, dict | None):
        old = None if before is None else format_value(before, codes)
        new = None if after is None else format_value(after, codes)
        return Diff((DiffLine("Giá trị", old, new),))
    old_fields: dict[str, Any] = dict(before or {})  # pyright: ignore[reportUnknownArgumentType]
    new_fields: dict[str, Any] = dict(after or {})  # pyright: ignore[reportUnknownArgumentType]
    lines: list[DiffLine] = []
    unchanged = 0
    for key in [*new_fields, *(k for k in old_fields if k not in new_fields)]:
        line = DiffLine(
            key_label(key, codes),
            format_value(old_fields[key], codes) if key in old_fields else None,
            format_value(new_fields[key], codes) if key in new_fields else None,
        )
        if before is not None and after is not None and line.change == "same":
            unchanged += 1
        else:
            lines.append(line)
    return Diff(tuple(lines), unchanged)
