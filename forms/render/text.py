"""The blocks of an official document around its tables: the letterhead,
titles, paragraphs, key-value lines, the signature blocks and framed boxes
(a seal's place)."""

from __future__ import annotations

from collections.abc import Sequence

from forms.base import Box, KeyValues, Letterhead, Paragraph, Signatures, Title
from forms.render.flow import Flow, draw_lines
from forms.render.fonts import BOLD, ITALIC, REGULAR, font_for, line_height, nfc, text_width, wrap
from forms.render.pdf import MM, PdfCanvas


def _rule_under(
    c: PdfCanvas, centre: float, y: float, line_width: float, width: float, size: float
) -> None:
    """The short rule under the last line of a heading, as on Vietnamese official
    documents: 60 % of the line's width (at most of the column's `width`), 5
    points under its baseline. `y` is where the next line would begin."""
    rule = min(line_width, width) * 0.6
    rule_y = y + line_height(size) - size - 5
    c.setLineWidth(0.6)
    c.line(centre - rule / 2, rule_y, centre + rule / 2, rule_y)


def draw_letterhead(flow: Flow, block: Letterhead) -> None:
    c = flow.canvas
    page = flow.page
    column = page.content_width * 0.46
    right_x = page.left + page.content_width - column
    size = block.size
    leading = line_height(size)
    top = flow.y

    def column_lines(lines: Sequence[tuple[str, bool]], x: float) -> float:
        y = top
        for text, bold in lines:
            for piece in wrap(text, font_for(bold), size, column):
                c.setFont(font_for(bold), size)
                c.drawCentredString(x + column / 2, y - size, piece)
                y -= leading
        last_text, last_bold = lines[-1]
        last_width = text_width(nfc(last_text), font_for(last_bold), size)
        _rule_under(c, x + column / 2, y, last_width, column, size)
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


def draw_title(flow: Flow, block: Title) -> None:
    width = flow.page.content_width
    lines = wrap(block.text, BOLD, block.size, width)
    flow.ensure(line_height(block.size) * (len(lines) + 1))
    flow.y -= 4
    draw_lines(
        flow, lines, font=BOLD, size=block.size, align="center", x=flow.page.left, width=width
    )
    for subtitle in block.subtitles:
        sub_lines = wrap(subtitle, font_for(bold=True), block.size - 2, width)
        draw_lines(
            flow,
            sub_lines,
            font=BOLD,
            size=block.size - 2,
            align="center",
            x=flow.page.left,
            width=width,
        )
    flow.y -= 6


def draw_paragraph(flow: Flow, block: Paragraph) -> None:
    font = font_for(block.bold, block.italic)
    x = flow.page.left + block.indent * MM
    width = flow.page.content_width - block.indent * MM
    lines = wrap(block.text, font, block.size, width)
    draw_lines(flow, lines, font=font, size=block.size, align=block.align, x=x, width=width)
    flow.y -= block.space_after


def draw_key_values(flow: Flow, block: KeyValues) -> None:
    c = flow.canvas
    x = flow.page.left
    width = flow.page.content_width
    leading = line_height(block.size)
    for key, value in block.pairs:
        key_text = nfc(key) + ": "
        key_width = text_width(key_text, REGULAR, block.size)
        lines = wrap(nfc(value), BOLD, block.size, width - key_width)
        flow.ensure(leading * len(lines))
        c.setFont(REGULAR, block.size)
        c.drawString(x, flow.y - block.size, key_text)
        c.setFont(BOLD, block.size)
        for line in lines:
            c.drawString(x + key_width, flow.y - block.size, line)
            flow.y -= leading
    flow.y -= 4


def draw_signatures(flow: Flow, block: Signatures) -> None:
    c = flow.canvas
    count = len(block.boxes)
    # A single signer signs on the right half, as on official documents.
    slots = max(count, 2) if count == 1 else count
    width = flow.page.content_width / slots
    offset = slots - count
    size = block.size
    leading = line_height(size)
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


def draw_box(flow: Flow, block: Box) -> None:
    c = flow.canvas
    page = flow.page
    width = block.width_mm * MM
    height = block.height_mm * MM
    gap = 4 * MM
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
    beside_leading = line_height(block.beside_size)
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
        baseline = top - 2.5 * MM - block.size * 0.75
        for line in wrap(block.label, ITALIC, block.size, width - 4):
            c.drawCentredString(x + width / 2, baseline, line)
            baseline -= line_height(block.size)
        c.setFillGray(0)
    if beside:
        c.setFont(BOLD, block.beside_size)
        y = top
        for line in beside:
            c.drawCentredString(beside_x + beside_width / 2, y - block.beside_size, line)
            y -= beside_leading
        last_width = text_width(beside[-1], BOLD, block.beside_size)
        _rule_under(c, beside_x + beside_width / 2, y, last_width, beside_width, block.beside_size)
    flow.y = top - max(height, beside_height) - 4
