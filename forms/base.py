"""The vocabulary of printable forms: a definition and the blocks of its layout."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

NATIONAL_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class Letterhead:
    """Issuing body on the left, the national motto on the right (Decree 30/2020/NĐ-CP style)."""

    left: Sequence[str]
    right: Sequence[str] = NATIONAL_MOTTO
    place_and_date: str = ""
    reference: str = ""
    size: float = 10.5


@dataclass(frozen=True)
class Title:
    text: str
    subtitles: Sequence[str] = ()
    size: float = 13


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: Literal["left", "center", "right"] = "left"
    size: float = 10.5
    indent: float = 0  # millimetres
    space_after: float = 3


@dataclass(frozen=True)
class KeyValues:
    pairs: Sequence[tuple[str, Any]]
    size: float = 10.5


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 1.0  # relative weight
    align: Literal["left", "center", "right"] = "left"


@dataclass(frozen=True)
class Table:
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    size: float = 9
    repeat_header: bool = True
    bold_last_row: bool = False


@dataclass(frozen=True)
class SignatureBox:
    title: str
    note: str = "(Ký, ghi rõ họ tên)"
    name: str = ""


@dataclass(frozen=True)
class Signatures:
    boxes: Sequence[SignatureBox]
    size: float = 10
    space_lines: int = 4


@dataclass(frozen=True)
class Spacer:
    height: float = 4  # millimetres


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Letterhead | Title | Paragraph | KeyValues | Table | Signatures | Spacer | PageBreak


@dataclass(frozen=True)
class FormDefinition(Generic[Model]):
    """One printable form: what it is, its legal basis, its page, and its layout."""

    code: str
    title: str
    legal_basis: str
    model: type[Model]
    layout: Callable[[Model], list[Block]]
    sample: Callable[[], Model]
    # Phrases the rendered sample must contain; checked by the test suite.
    sample_must_contain: Sequence[str] = ()
    page_size: Literal["A4", "A5", "A6"] = "A4"
    orientation: Literal["portrait", "landscape"] = "portrait"
    margins_mm: tuple[float, float, float, float] = (15, 15, 15, 20)
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
