"""Choices with their Vietnamese label, defined once for tables, schemas and pages."""

from __future__ import annotations

from enum import StrEnum


class LabelledChoice(StrEnum):
    """A `StrEnum` whose members carry the Vietnamese label shown to users.

    Declared as ``ADMIN = "admin", "Quản trị hệ thống"``: the value is the
    stable code stored in the database and the API; the label is UI text.
    """

    label: str

    def __new__(cls, value: str, label: str = "") -> LabelledChoice:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {member.value: member.label for member in cls}
