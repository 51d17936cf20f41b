"""The one renderer of printable forms, and the only module that imports reportlab.

A form's layout is a list of blocks (letterhead, title, paragraphs, tables,
signature boxes). This module flows them onto pages with reportlab's canvas,
which keeps long lists (a voter list of 4,000 names) close to raw canvas
speed. Fonts: Be Vietnam Pro regular, bold and italic; every string is
normalized to NFC first, because reportlab does no mark positioning and
decomposed text would draw its tone marks in the wrong place.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, A5, A6, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from forms.base import (
    Block,
    Box,
    CandidateLines,
    CardGrid,
    Column,
    FormDefinition,
    KeyValues,
    Letterhead,
    NeedSpace,
    PageBreak,
    Paragraph,
    QrCode,
    Signatures,
    Spacer,
    Table,
    Title,
)

REGULAR = "BeVietnamPro"
BOLD = "BeVietnamPro-Bold"
ITALIC = "BeVietnamPro-Italic"
BOLD_ITALIC = "BeVietnamPro-BoldItalic"

_PAGE_SIZES = {"A4": A4, "A5": A5, "A6": A6}


@lru_cache(maxsize=1)
def register_fonts() -> None:
    import fontpkg

    for name, weight, style in (
        (REGULAR, 400, "normal"),
        (BOLD, 700, "normal"),
        (ITALIC, 400, "italic"),
        (BOLD_ITALIC, 700, "italic"),
    ):
        path = fontpkg.path("be-vietnam-pro", weight=weight, style=style)
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


def nfc(text: Any) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def font_for(bold: bool = False, italic: bool = False) -> str:
    if bold and italic:
        return BOLD_ITALIC
    if bold:
        return BOLD
    if italic:
        return ITALIC
    return REGULAR


@lru_cache(maxsize=65536)
def _string_width(text: str, font: str, size: float) -> float:
    # Cached: a voter list measures the same dates, names and marks over and over.
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word longer than the line is cut by characters."""
    text = nfc(text)
    # Most table cells fit on one line: measure once and return.
    if "\n" not in text and _string_width(text, font, size) <= width:
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        current = ""
        for word in words:
            candidate = word if not current else current + " " + word
            if _string_width(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while _string_width(current, font, size) > width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and _string_width(current[:cut], font, size) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


@dataclass
class _Page:
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right


@dataclass
class _Flow:
    """Cursor state while blocks are laid out onto pages."""

    canvas: Canvas
    page: _Page
    footer: str
    page_numbers: bool = True
    y: float = 0.0
    page_number: int = 0
    # Set when a block took the whole page (a card grid): the next block starts a new one.
    full: bool = False

    def new_page(self) -> None:
        if self.page_number > 0:
            self.canvas.showPage()
        self.page_number += 1
        self.full = False
        self.y = self.page.height - self.page.top
        self._draw_footer()

    def _draw_footer(self) -> None:
        c = self.canvas
        c.setFont(REGULAR, 7.5)
        c.setFillGray(0.35)
        if self.footer:
            c.drawString(self.page.left, self.page.bottom / 2, self.footer)
        if not self.page_numbers:
            c.setFillGray(0)
            return
        text = f"Trang {self.page_number}/"
        x = self.page.width - self.page.right - 12
        c.drawRightString(x, self.page.bottom / 2, text)
        c.saveState()
        c.translate(x, self.page.bottom / 2)
        c.doForm("page_total")
        c.restoreState()
        c.setFillGray(0)

    def ensure(self, height: float) -> bool:
        """Start a new page unless `height` fits; returns whether a page began."""
        if self.y - height < self.page.bottom:
            self.new_page()
            return True
        return False


def _line_height(size: float) -> float:
    return size * 1.32


def _draw_lines(
    flow: _Flow,
    lines: Sequence[str],
    *,
    font: str,
    size: float,
    align: str,
    x: float,
    width: float,
) -> None:
    c = flow.canvas
    c.setFont(font, size)
    leading = _line_height(size)
    for line in lines:
        flow.ensure(leading)
        baseline = flow.y - size
        if align == "center":
            c.drawCentredString(x + width / 2, baseline, line)
        elif align == "right":
            c.drawRightString(x + width, baseline, line)
        else:
            c.drawString(x, baseline, line)
        flow.y -= leading


def _letterhead(flow: _Flow, block: Letterhead) -> None:
    c = flow.canvas
    page = flow.page
    column = page.content_width * 0.46
    right_x = page.left + page.content_width - column
    size = block.size
    leading = _line_height(size)
    top = flow.y

    def column_lines(lines: Sequence[tuple[str, bool]], x: float) -> float:
        y = top
        for text, bold in lines:
            for piece in wrap(text, font_for(bold), size, column):
                c.setFont(font_for(bold), size)
                c.drawCentredString(x + column / 2, y - size, piece)
                y -= leading
        # The short rule under the last line, as on Vietnamese official documents.
        last_text, last_bold = lines[-1]
        rule = min(_string_width(nfc(last_text), font_for(last_bold), size), column) * 0.6
        c.setLineWidth(0.6)
        rule_y = y + leading - size - 5
        c.line(x + column / 2 - rule / 2, rule_y, x + column / 2 + rule / 2, rule_y)
        return y - 2

    left_bottom = column_lines(
        [(nfc(line), i == len(block.left) - 1) for i, line in enumerate(block.left)], page.left
    )
    right_bottom = column_lines([(nfc(line), True) for line in block.right], right_x)
    flow.y = min(left_bottom, right_bottom) - 4
    if block.place_and_date:
        c.setFont(ITALIC, size)
        c.drawCentredString(right_x + column / 2, flow.y - size, nfc(block.place_and_date))
        flow.y -= leading
    if block.reference:
        c.setFont(REGULAR, size)
        c.drawCentredString(page.left + column / 2, left_bottom - 4 - size, nfc(block.reference))
        if not block.place_and_date:
            flow.y -= leading
    flow.y -= 8


def _title(flow: _Flow, block: Title) -> None:
    width = flow.page.content_width
    lines = wrap(block.text, BOLD, block.size, width)
    flow.ensure(_line_height(block.size) * (len(lines) + 1))
    flow.y -= 4
    _draw_lines(
        flow, lines, font=BOLD, size=block.size, align="center", x=flow.page.left, width=width
    )
    for subtitle in block.subtitles:
        sub_lines = wrap(subtitle, font_for(bold=True), block.size - 2, width)
        _draw_lines(
            flow,
            sub_lines,
            font=BOLD,
            size=block.size - 2,
            align="center",
            x=flow.page.left,
            width=width,
        )
    flow.y -= 6


def _paragraph(flow: _Flow, block: Paragraph) -> None:
    font = font_for(block.bold, block.italic)
    x = flow.page.left + block.indent * mm
    width = flow.page.content_width - block.indent * mm
    lines = wrap(block.text, font, block.size, width)
    _draw_lines(flow, lines, font=font, size=block.size, align=block.align, x=x, width=width)
    flow.y -= block.space_after


def _key_values(flow: _Flow, block: KeyValues) -> None:
    c = flow.canvas
    x = flow.page.left
    width = flow.page.content_width
    leading = _line_height(block.size)
    for key, value in block.pairs:
        key_text = nfc(key) + ": "
        key_width = _string_width(key_text, REGULAR, block.size)
        lines = wrap(nfc(value), BOLD, block.size, width - key_width)
        flow.ensure(leading * len(lines))
        c.setFont(REGULAR, block.size)
        c.drawString(x, flow.y - block.size, key_text)
        c.setFont(BOLD, block.size)
        for line in lines:
            c.drawString(x + key_width, flow.y - block.size, line)
            flow.y -= leading
    flow.y -= 4


_PAD = 2.2


def _column_widths(columns: Sequence[Column], total: float) -> list[float]:
    weight = sum(col.width for col in columns)
    return [total * col.width / weight for col in columns]


def _row_cells(
    values: Sequence[Any],
    columns: Sequence[Column],
    widths: Sequence[float],
    font: str,
    size: float,
) -> list[list[str]]:
    return [
        wrap(value, font, size, width - 2 * _PAD)
        for value, col, width in zip(values, columns, widths, strict=True)
    ]


class _Grid:
    """The rules of one table on one page: a horizontal rule under each row as it
    is drawn, and the column rules once, top to bottom, when the page's part of
    the table is complete. The same lines as a frame around every cell, for a
    fraction of the path operators (a 4,000-name voter list draws ~50,000 cells)."""

    def __init__(self, flow: _Flow, edges: Sequence[float]) -> None:
        self.flow = flow
        self.edges = edges
        self.top = flow.y
        flow.canvas.setLineWidth(0.4)

    def rule(self, y: float) -> None:
        self.flow.canvas.line(self.edges[0], y, self.edges[-1], y)

    def close(self) -> None:
        """The top rule (drawn last, so that a header's shading does not cover it)
        and the column rules."""
        top, bottom = self.top, self.flow.y
        if bottom < top:
            self.rule(top)
            self.flow.canvas.lines([(x, top, x, bottom) for x in self.edges])


def _draw_row(
    flow: _Flow,
    cells: list[list[str]],
    columns: Sequence[Column],
    edges: Sequence[float],
    grid: _Grid,
    *,
    font: str,
    size: float,
    header: bool = False,
) -> None:
    c = flow.canvas
    leading = _line_height(size)
    height = max(len(lines) for lines in cells) * leading + 2 * _PAD
    top = flow.y
    if header:
        c.setFillGray(0.9)
        c.rect(edges[0], top - height, edges[-1] - edges[0], height, stroke=0, fill=1)
        c.setFillGray(0)
    # One text object per row: the font is set once and each line is placed by
    # its origin; empty lines draw nothing and are skipped.
    text = c.beginText()
    text.setFont(font, size)
    for index, (lines, col) in enumerate(zip(cells, columns, strict=True)):
        align = "center" if header else col.align
        x, right = edges[index], edges[index + 1]
        baseline = top - _PAD - size + 1
        for line in lines:
            if line:
                if align == "center":
                    origin = (x + right) / 2 - _string_width(line, font, size) / 2
                elif align == "right":
                    origin = right - _PAD - _string_width(line, font, size)
                else:
                    origin = x + _PAD
                text.setTextOrigin(origin, baseline)
                text.textOut(line)
            baseline -= leading
    c.drawText(text)
    flow.y -= height
    grid.rule(flow.y)


def _table(flow: _Flow, block: Table) -> None:
    widths = _column_widths(block.columns, flow.page.content_width)
    edges = [flow.page.left]
    for width in widths:
        edges.append(edges[-1] + width)
    leading = _line_height(block.size)
    header_cells = _row_cells(
        [col.title for col in block.columns], block.columns, widths, BOLD, block.size
    )
    header_height = max(len(lines) for lines in header_cells) * leading + 2 * _PAD
    # Never leave a header alone at the foot of a page.
    flow.ensure(header_height + leading + 2 * _PAD)
    grid = _Grid(flow, edges)
    _draw_row(
        flow, header_cells, block.columns, edges, grid, font=BOLD, size=block.size, header=True
    )
    last = len(block.rows) - 1
    for index, row in enumerate(block.rows):
        font = BOLD if block.bold_last_row and index == last else REGULAR
        cells = _row_cells(row, block.columns, widths, font, block.size)
        height = max(len(lines) for lines in cells) * leading + 2 * _PAD
        if flow.y - height < flow.page.bottom:
            grid.close()
            flow.new_page()
            grid = _Grid(flow, edges)
            if block.repeat_header:
                _draw_row(
                    flow,
                    header_cells,
                    block.columns,
                    edges,
                    grid,
                    font=BOLD,
                    size=block.size,
                    header=True,
                )
        _draw_row(flow, cells, block.columns, edges, grid, font=font, size=block.size)
    grid.close()
    flow.y -= 6


def _signatures(flow: _Flow, block: Signatures) -> None:
    c = flow.canvas
    count = len(block.boxes)
    # A single signer signs on the right half, as on official documents.
    slots = max(count, 2) if count == 1 else count
    width = flow.page.content_width / slots
    offset = slots - count
    size = block.size
    leading = _line_height(size)
    needed = leading * (3 + block.space_lines) + 10
    flow.ensure(needed)
    top = flow.y
    lowest = top
    for index, box in enumerate(block.boxes):
        x = flow.page.left + (index + offset) * width
        y = top
        for text, font in (
            (box.title, BOLD),
            (box.note, ITALIC),
        ):
            if not text:
                continue
            for line in wrap(text, font, size, width - 4):
                c.setFont(font, size)
                c.drawCentredString(x + width / 2, y - size, line)
                y -= leading
        y -= leading * block.space_lines
        if box.name:
            for line in wrap(box.name, BOLD, size, width - 4):
                c.setFont(BOLD, size)
                c.drawCentredString(x + width / 2, y - size, line)
                y -= leading
        lowest = min(lowest, y)
    flow.y = lowest - 6


def _box(flow: _Flow, block: Box) -> None:
    c = flow.canvas
    page = flow.page
    width = block.width_mm * mm
    height = block.height_mm * mm
    gap = 4 * mm
    if block.align == "right":
        x = page.left + page.content_width - width
        beside_x, beside_width = page.left, page.content_width - width - gap
    elif block.align == "left":
        x = page.left
        beside_x, beside_width = x + width + gap, page.content_width - width - gap
    else:
        x = page.left + (page.content_width - width) / 2
        beside_x, beside_width = x, 0.0
    beside: list[str] = []
    if beside_width > 0:
        for line in block.beside:
            beside += wrap(line, BOLD, block.beside_size, beside_width)
    beside_leading = _line_height(block.beside_size)
    beside_height = len(beside) * beside_leading + (6 if beside else 0)
    flow.ensure(max(height, beside_height))
    top = flow.y
    c.saveState()
    c.setLineWidth(0.6)
    if block.dashed:
        c.setDash(3, 2)
    c.rect(x, top - height, width, height, stroke=1, fill=0)
    c.restoreState()
    if block.label:
        c.setFont(ITALIC, block.size)
        c.setFillGray(0.35)
        baseline = top - 2.5 * mm - block.size * 0.75
        for line in wrap(block.label, ITALIC, block.size, width - 4):
            c.drawCentredString(x + width / 2, baseline, line)
            baseline -= _line_height(block.size)
        c.setFillGray(0)
    if beside:
        c.setFont(BOLD, block.beside_size)
        y = top
        for line in beside:
            c.drawCentredString(beside_x + beside_width / 2, y - block.beside_size, line)
            y -= beside_leading
        rule = min(_string_width(beside[-1], BOLD, block.beside_size), beside_width) * 0.6
        rule_y = y + beside_leading - block.beside_size - 5
        c.setLineWidth(0.6)
        centre = beside_x + beside_width / 2
        c.line(centre - rule / 2, rule_y, centre + rule / 2, rule_y)
    flow.y = top - max(height, beside_height) - 4


def _candidate_lines(flow: _Flow, block: CandidateLines) -> None:
    c = flow.canvas
    page = flow.page
    font = font_for(bold=block.bold)
    size = block.size
    leading = _line_height(size)
    indent = block.indent_mm * mm
    text_width = page.content_width - indent - 3 * mm
    wrapped = [wrap(line, font, size, text_width) for line in block.lines]
    if not wrapped:
        return
    # A row never gets lower than its text needs.
    needs = [len(lines) * leading + 0.3 * size + 2 * _PAD for lines in wrapped]
    row = block.row_height_mm * mm
    floor = min(block.min_row_height_mm * mm, row)
    available = flow.y - page.bottom
    # Tighten every row evenly until the list fits what is left of the page.
    while row > floor and sum(max(row, need) for need in needs) > available:
        row = max(floor, row - 0.25 * mm)
    c.setLineWidth(0.6)
    for lines, need in zip(wrapped, needs, strict=True):
        height = max(row, need)
        flow.ensure(height)
        top = flow.y
        c.rect(page.left, top - height, page.content_width, height, stroke=1, fill=0)
        # Centre the text block: its visual middle sits about a third of the
        # type size above the baseline.
        middle = top - height / 2
        baseline = middle + (len(lines) - 1) * leading / 2 - 0.34 * size
        c.setFont(font, size)
        for line in lines:
            c.drawString(page.left + indent, baseline, line)
            baseline -= leading
        flow.y -= height
    flow.y -= 6


class _CardFlow(_Flow):
    """The flow inside one card: it never breaks a page (the card clips)."""

    def new_page(self) -> None:
        return None

    def ensure(self, height: float) -> bool:
        return False


_CUT_MARK_OFFSET = 1 * mm
_CUT_MARK_LENGTH = 3 * mm


def _card_grid(flow: _Flow, block: CardGrid) -> None:
    c = flow.canvas
    page = flow.page
    width, height = block.width_mm * mm, block.height_mm * mm
    gap, pad = block.gap_mm * mm, block.padding_mm * mm
    per_page = block.columns * block.rows
    left = (page.width - (block.columns * width + (block.columns - 1) * gap)) / 2
    top = (page.height + (block.rows * height + (block.rows - 1) * gap)) / 2
    if not block.cards:
        return
    if flow.y < page.height - page.top:
        flow.new_page()
    marks: list[tuple[float, float, float, float]] = []
    for index, card in enumerate(block.cards):
        slot = index % per_page
        if index and not slot:
            _cut_marks(c, marks)
            marks = []
            flow.new_page()
        x = left + (slot % block.columns) * (width + gap)
        card_top = top - (slot // block.columns) * (height + gap)
        bottom = card_top - height
        c.saveState()
        clip = c.beginPath()
        clip.rect(x, bottom, width, height)
        c.clipPath(clip, stroke=0, fill=0)
        inner = _CardFlow(
            canvas=c,
            page=_Page(x + width, card_top, x + pad, pad, pad, bottom + pad),
            footer="",
            page_numbers=False,
            y=card_top - pad,
            page_number=flow.page_number,
        )
        for item in card:
            if isinstance(item, CardGrid):
                raise TypeError("a card cannot hold another CardGrid")
            _block(inner, item)
        c.restoreState()
        if block.frame:
            c.setLineWidth(0.5)
            c.rect(x, bottom, width, height, stroke=1, fill=0)
        if block.cut_marks:
            for cx, sx in ((x, -1), (x + width, 1)):
                for cy, sy in ((bottom, -1), (card_top, 1)):
                    near, far = _CUT_MARK_OFFSET, _CUT_MARK_OFFSET + _CUT_MARK_LENGTH
                    marks.append((cx + sx * near, cy, cx + sx * far, cy))
                    marks.append((cx, cy + sy * near, cx, cy + sy * far))
    _cut_marks(c, marks)
    flow.full = True


def _cut_marks(c: Canvas, marks: list[tuple[float, float, float, float]]) -> None:
    if marks:
        c.setLineWidth(0.3)
        c.lines(marks)


def qr_form_name(payload: str, level: str = "M") -> str:
    """The name of the form XObject that holds the QR code of `payload`: one per
    payload and level, drawn once however often it is placed."""
    digest = hashlib.sha256(f"{level}:{payload}".encode()).hexdigest()[:16]
    return f"qr{digest}"


def _qr_code(flow: _Flow, block: QrCode) -> None:
    c = flow.canvas
    page = flow.page
    side = block.size_mm * mm
    size = block.size
    leading = _line_height(size)
    caption = wrap(block.caption, ITALIC, size, side + 12 * mm) if block.caption else []
    beside_width = page.content_width - side - 4 * mm
    beside = [piece for line in block.beside for piece in wrap(line, REGULAR, size, beside_width)]
    height = max(side + len(caption) * leading + (1 if caption else 0), len(beside) * leading)
    flow.ensure(height)
    top = flow.y
    x = page.left + page.content_width - side if block.align == "right" else page.left
    payload = nfc(block.payload)
    name = qr_form_name(payload, block.level)
    if not c.hasForm(name):
        widget = QrCodeWidget(payload, barLevel=block.level, barBorder=2)
        left, bottom, right, upper = widget.getBounds()
        drawing = Drawing(
            side, side, transform=[side / (right - left), 0, 0, side / (upper - bottom), 0, 0]
        )
        drawing.add(widget)
        c.beginForm(name, 0, 0, side, side)
        renderPDF.draw(drawing, c, 0, 0)
        c.endForm()
    c.saveState()
    c.translate(x, top - side)
    c.doForm(name)
    c.restoreState()
    baseline = top - side - 1
    c.setFont(ITALIC, size)
    c.setFillGray(0.3)
    for line in caption:
        # Centred under the code; a line wider than the code keeps to the margin.
        if _string_width(line, ITALIC, size) <= side:
            c.drawCentredString(x + side / 2, baseline - size, line)
        elif block.align == "right":
            c.drawRightString(x + side, baseline - size, line)
        else:
            c.drawString(x, baseline - size, line)
        baseline -= leading
    y = top
    c.setFont(REGULAR, size)
    for piece in beside:
        if block.align == "right":
            c.drawRightString(page.left + beside_width, y - size, piece)
        else:
            c.drawString(page.left + side + 4 * mm, y - size, piece)
        y -= leading
    c.setFillGray(0)
    flow.y = top - height - 2


def _block(flow: _Flow, block: Block) -> None:
    if flow.full:
        # The page is taken (by a card grid): what follows begins a new one.
        flow.new_page()
        if isinstance(block, (PageBreak, NeedSpace)):
            return
    if isinstance(block, Letterhead):
        _letterhead(flow, block)
    elif isinstance(block, Title):
        _title(flow, block)
    elif isinstance(block, Paragraph):
        _paragraph(flow, block)
    elif isinstance(block, KeyValues):
        _key_values(flow, block)
    elif isinstance(block, Table):
        _table(flow, block)
    elif isinstance(block, Signatures):
        _signatures(flow, block)
    elif isinstance(block, Spacer):
        flow.y -= block.height * mm
        if flow.y < flow.page.bottom:
            flow.new_page()
    elif isinstance(block, PageBreak):
        flow.new_page()
    elif isinstance(block, NeedSpace):
        flow.ensure(block.height * mm)
    elif isinstance(block, Box):
        _box(flow, block)
    elif isinstance(block, CandidateLines):
        _candidate_lines(flow, block)
    elif isinstance(block, CardGrid):
        _card_grid(flow, block)
    elif isinstance(block, QrCode):
        _qr_code(flow, block)
    else:  # pragma: no cover - a new block type without a renderer
        raise TypeError(f"no renderer for block {type(block).__name__}")


def page_size(size: str, orientation: Literal["portrait", "landscape"]) -> tuple[float, float]:
    base = _PAGE_SIZES[size]
    return landscape(base) if orientation == "landscape" else portrait(base)


def render_blocks(
    blocks: Sequence[Block],
    *,
    size: str = "A4",
    orientation: Literal["portrait", "landscape"] = "portrait",
    margins_mm: tuple[float, float, float, float] = (15, 15, 15, 20),
    title: str = "",
    footer: str = "",
    page_numbers: bool = True,
) -> bytes:
    """Lay `blocks` out on pages and return the PDF bytes."""
    register_fonts()
    width, height = page_size(size, orientation)
    top, right, bottom, left = (value * mm for value in margins_mm)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    canvas.setTitle(nfc(title))
    canvas.setAuthor("Hệ thống quản lý bầu cử")
    canvas.setCreator("election-ops")
    flow = _Flow(
        canvas=canvas,
        page=_Page(width, height, left, right, top, bottom),
        footer=nfc(footer),
        page_numbers=page_numbers,
    )
    flow.new_page()
    for block in blocks:
        _block(flow, block)
    if page_numbers:
        # "Trang n/N": N is known only now; every page drew the same form object.
        canvas.beginForm("page_total")
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillGray(0.35)
        canvas.drawString(0, 0, str(flow.page_number))
        canvas.endForm()
    canvas.save()
    return buffer.getvalue()


def render(form: FormDefinition, data: Any) -> bytes:
    """Render one form for `data` (an instance of the form's model)."""
    model = form.model.model_validate(data)
    blocks = form.layout(model)
    if form.page_for is not None:
        size, orientation = form.page_for(model)
    else:
        size, orientation = form.page_size, form.orientation
    return render_blocks(
        blocks,
        size=size,
        orientation=orientation,
        margins_mm=form.margins_mm,
        title=form.title,
        footer=f"{form.code} · {form.title}" if form.print_footer else "",
        page_numbers=form.print_footer,
    )
