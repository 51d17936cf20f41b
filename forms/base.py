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
    """The heading of an official document (Decree 30/2020/NĐ-CP, Appendix I, and
    every model of Resolution 40/NQ-HĐBCQG), in two columns.

    Left, the issuing body: the parent body's lines in regular capitals, the
    body's own (last) line in bold, a rule a third to a half of its width
    under it, and `reference` ("Số: 15/QĐ-UBND") below. Right, the Quốc hiệu
    and the motto in bold, a rule as long as the motto under it, and
    `place_and_date` in italics below ("Bạc Liêu, ngày 15 tháng 3 năm 2026";
    `forms.common.place_and_date` writes it, with dotted blanks when the date
    is not known). A line too long for its column breaks only between whole
    names ("ỦY BAN NHÂN DÂN / PHƯỜNG BẠC LIÊU", never "BẠC / LIÊU"), and the
    column is set smaller when a name alone does not fit.
    """

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
    """Text wrapped to the line. With `leader` (e.g. "…"), the last line is filled
    with that character up to the right margin: a dotted line to write on by
    hand, as long as the line whatever the typeface."""

    text: str
    bold: bool = False
    italic: bool = False
    align: Align = "left"
    size: float = 10.5
    indent: float = 0  # millimetres
    space_after: float = 3
    leader: str = ""


@dataclass(frozen=True)
class KeyValues:
    pairs: Sequence[tuple[str, Cell]]
    size: float = 10.5


@dataclass(frozen=True)
class Column:
    """A table column. Consecutive columns with the same `group` share a
    heading over theirs, as the official lists of candidates head their five
    columns of "Trình độ": the header then has two rows, the group's title
    over its columns' titles, the other titles across both rows."""

    title: str
    width: float = 1.0  # relative weight
    align: Align = "left"
    group: str = ""


@dataclass(frozen=True)
class Table:
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    size: float = 9
    repeat_header: bool = True
    bold_last_row: bool = False


# The note under a signer's title in the models of Resolution 40/NQ-HĐBCQG.
SIGN_NOTE = "(Ký, ghi rõ họ và tên)"


@dataclass(frozen=True)
class SignatureBox:
    """One signer: the title in bold (lines split by "\n", e.g. "TM. ỦY BAN NHÂN
    DÂN\nCHỦ TỊCH"), the note in italics, room to sign, and the name in bold."""

    title: str
    note: str = SIGN_NOTE
    name: str = ""


@dataclass(frozen=True)
class Signatures:
    """The signature blocks closing a document, side by side, `columns` a row
    (0: all in one row; a single signer signs on the right half, as on official
    documents). `place_and_date`, when set, is printed in italics above the box
    at `date_over` (the last by default), as models 21, 22 and 32 do.

    `recipients`, when set, is the "Nơi nhận:" block of a decision or a letter
    (Decree 30/2020/NĐ-CP, Appendix I): on the left half, beside a single
    signer, "Nơi nhận:" in bold italics over its lines in smaller type
    ("- Như Điều 3;", …, "- Lưu: VT.").

    The block never breaks across pages, and it is never alone on a page: the
    renderer keeps it with the last lines of the content before it."""

    boxes: Sequence[SignatureBox]
    size: float = 10
    space_lines: int = 4
    columns: int = 0
    place_and_date: str = ""
    date_over: int = -1
    recipients: Sequence[str] = ()


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
    each corner guide the guillotine; they keep at least 10 mm from the sheet's
    edge, where office printers do print (the renderer refuses a grid that
    leaves them less). `frame` draws the card's edge as well. The form number,
    when the document has one, is printed in each card's top right corner.
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
    """One printable form: what it is, its legal basis, its page, and its layout.

    `form_number` is the number of the model it follows ("Mẫu số 18/HĐBC-QH",
    Resolution 40/NQ-HĐBCQG), printed in the top right corner of the first
    page (of each card, for cards) when `number_on_page`; `number_for`, when
    set, chooses it from the data instead (the same minutes follow model 18
    for the National Assembly and 23 for a People's Council). A form that
    follows no numbered model leaves both empty. `code` is the product's
    internal name of the form: it is never printed.
    """

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
    # "Trang n/N" at the foot of each page; a ballot prints none.
    print_footer: bool = True
    form_number: str = ""
    number_for: Callable[[Model], str] | None = None
    number_on_page: bool = True

    def number_of(self, data: Model) -> str:
        """The model number this document follows, for `data`."""
        return self.number_for(data) if self.number_for is not None else self.form_number
