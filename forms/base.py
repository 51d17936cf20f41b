"""The vocabulary of printable forms: a definition and the blocks of its layout."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel

NATIONAL_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

Model = TypeVar("Model", bound=BaseModel)

Align = Literal["left", "center", "right"]
# What a table cell or the value of a key-value line holds: printed as text,
# None as nothing.
Cell = str | int | None


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
    align: Align = "left"
    size: float = 10.5
    indent: float = 0  # millimetres
    space_after: float = 3


@dataclass(frozen=True)
class KeyValues:
    pairs: Sequence[tuple[str, Cell]]
    size: float = 10.5


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 1.0  # relative weight
    align: Align = "left"


@dataclass(frozen=True)
class Table:
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
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


@dataclass(frozen=True)
class NeedSpace:
    """Begin a new page unless `height` millimetres are left, so that what follows
    (a footnote and the signatures under a long table) stays together."""

    height: float


@dataclass(frozen=True)
class Box:
    """An empty framed area with a small label inside, e.g. where a seal is stamped.

    `beside` lines are printed, centred and bold, in the width left over on the
    other side of the box (for a ballot: the issuing body on the left, the
    polling team's seal box on the right), with the short rule under them that
    official letterheads have.
    """

    label: str = ""
    width_mm: float = 35
    height_mm: float = 25
    align: Align = "right"
    dashed: bool = True
    size: float = 8
    beside: Sequence[str] = ()
    beside_size: float = 10.5


@dataclass(frozen=True)
class CandidateLines:
    """One framed, ruled row per line in large type: the names on a ballot.

    Rows are `row_height_mm` high; when they do not all fit in what is left
    of the page they are evenly tightened, down to `min_row_height_mm`, so a
    ballot stays on one sheet. A line too long for the row wraps inside it.
    """

    lines: Sequence[str]
    size: float = 14
    bold: bool = False
    row_height_mm: float = 13
    min_row_height_mm: float = 8
    indent_mm: float = 6  # from the left rule to the text


@dataclass(frozen=True)
class CardGrid:
    """Cards cut from a sheet (voter cards, badges): `columns` × `rows` cards a page,
    each `width_mm` × `height_mm`, the grid centred on the sheet with `gap_mm`
    between cards. Each card lays out its own list of blocks inside
    `padding_mm`, never breaking a page: what does not fit is clipped at the
    card's edge, so a layout must be sized for its card. Crop marks outside
    each corner guide the guillotine; `frame` draws the card's edge as well.
    The grid takes whole pages: it begins on a fresh page and whatever follows
    it begins on the next. A card may not hold another CardGrid."""

    cards: Sequence[Sequence[Block]]  # one list of blocks per card
    width_mm: float
    height_mm: float
    columns: int = 2
    rows: int = 2
    gap_mm: float = 6
    padding_mm: float = 5
    cut_marks: bool = True
    frame: bool = False


@dataclass(frozen=True)
class QrCode:
    """A QR code of `payload` (a URL that identifies the document), `size_mm`
    square including its quiet zone, drawn with reportlab's own encoder as
    vector modules in a form XObject, with a short `caption` in small type
    under it. `beside` lines are printed, small, in the width left over on the
    other side (a reference number, what the code opens)."""

    payload: str
    size_mm: float = 25
    caption: str = ""
    align: Literal["left", "right"] = "right"
    beside: Sequence[str] = ()
    size: float = 7  # type size of the caption and the beside lines
    level: Literal["L", "M", "Q", "H"] = "M"  # error correction


Block = (
    Letterhead
    | Title
    | Paragraph
    | KeyValues
    | Table
    | Signatures
    | Spacer
    | PageBreak
    | NeedSpace
    | Box
    | CandidateLines
    | CardGrid
    | QrCode
)

PageSize = Literal["A4", "A5", "A6"]
Orientation = Literal["portrait", "landscape"]


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
    page_size: PageSize = "A4"
    orientation: Orientation = "portrait"
    # When set, chooses the page for each document from its data (a ballot is
    # A5 for a few candidates, A4 for more); `page_size`/`orientation` otherwise.
    page_for: Callable[[Model], tuple[PageSize, Orientation]] | None = None
    margins_mm: tuple[float, float, float, float] = (15, 15, 15, 20)
    # The form code and "Trang n/N" at the foot of each page; a ballot prints none.
    print_footer: bool = True
