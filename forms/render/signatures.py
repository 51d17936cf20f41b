"""The signature blocks closing a document: each signer's title in bold, the
note in italics, room to sign, the name; in one row or in rows of `columns`,
with an optional place-and-date line above them.

The block is laid out once and measured before it is drawn, so that it never
breaks across pages, and so that the renderer can keep the last lines of the
content before it on the same page (`signatures_height`)."""

from __future__ import annotations

from dataclasses import dataclass

from forms.base import Signatures
from forms.render.flow import Flow, Page
from forms.render.fonts import (
    BOLD,
    BOLD_ITALIC,
    ITALIC,
    REGULAR,
    line_height,
    nfc,
    text_width,
    wrap,
)
from forms.render.heading import fit_column

GAP_AFTER = 6  # points under the block
ROW_GAP = 8  # points between two rows of signers
PADDING = 2  # points left free on each side of a signer's column


@dataclass(frozen=True)
class _Signer:
    """One signer's column: its left edge, width and lines (text, font);
    an empty text is the blank room to sign."""

    x: float
    width: float
    lines: list[tuple[str, str]]


@dataclass(frozen=True)
class _Layout:
    date: list[str]
    date_centre: float
    date_size: float
    rows: list[list[_Signer]]
    height: float
    # The "Nơi nhận:" block: its left edge and lines (text, font, size).
    recipients_x: float = 0.0
    recipients: tuple[tuple[str, str, float], ...] = ()


RECIPIENTS = "Nơi nhận:"


def _recipient_lines(block: Signatures, width: float) -> tuple[tuple[str, str, float], ...]:
    """'Nơi nhận:' in bold italics at the block's size, each recipient a size
    smaller, wrapped to the left half (Decree 30/2020/NĐ-CP: 12 and 11 pt)."""
    if not block.recipients:
        return ()
    small = block.size - 1
    lines = [(RECIPIENTS, BOLD_ITALIC, block.size)]
    for item in block.recipients:
        lines += [(line, REGULAR, small) for line in wrap(item, REGULAR, small, width)]
    return tuple(lines)


def _recipients_height(lines: tuple[tuple[str, str, float], ...]) -> float:
    return sum(line_height(size) for _, _, size in lines)


def _signer_lines(block: Signatures, index: int, width: float) -> list[tuple[str, str]]:
    box = block.boxes[index]
    size = block.size
    lines: list[tuple[str, str]] = []
    for text, font in ((box.title, BOLD), (box.note, ITALIC)):
        if text:
            lines += [(line, font) for line in wrap(text, font, size, width)]
    lines += [("", BOLD)] * block.space_lines
    if box.name:
        lines += [(line, BOLD) for line in wrap(box.name, BOLD, size, width)]
    return lines


def _layout(page: Page, block: Signatures) -> _Layout:
    count = len(block.boxes)
    per_row = block.columns or count
    leading = line_height(block.size)
    rows: list[list[_Signer]] = []
    for first in range(0, count, max(per_row, 1)):
        indexes = range(first, min(first + per_row, count))
        # A single signer signs on the right half, as on official documents.
        slots = 2 if per_row == 1 else per_row
        offset = slots - 1 if per_row == 1 else 0
        width = page.content_width / slots
        rows.append(
            [
                _Signer(
                    x=page.left + (offset + slot) * width,
                    width=width,
                    lines=_signer_lines(block, index, width - 2 * PADDING),
                )
                for slot, index in enumerate(indexes)
            ]
        )
    recipients = _recipient_lines(block, page.content_width / 2 - 2 * PADDING)
    row_heights = [max(len(s.lines) for s in row) * leading for row in rows]
    if recipients and row_heights:
        row_heights[0] = max(row_heights[0], _recipients_height(recipients))
    height = sum(row_heights)
    height += ROW_GAP * (len(rows) - 1) + GAP_AFTER
    date: list[str] = []
    centre = page.left + page.content_width * 0.75
    if block.place_and_date and rows:
        signers = rows[0]
        over = signers[block.date_over if -len(signers) <= block.date_over < len(signers) else -1]
        room = max(over.width, page.content_width / 2)
        fitted = fit_column(
            [(block.place_and_date, False)],
            block.size,
            room,
            breakable=True,
            fonts=(ITALIC, ITALIC),
        )
        date = [line for line, _ in fitted.lines]
        widest = max(text_width(line, ITALIC, block.size) for line in date)
        # Centred over the signer, but inside the margins.
        centre = over.x + over.width / 2
        centre = max(
            page.left + widest / 2, min(centre, page.left + page.content_width - widest / 2)
        )
        height += len(date) * leading + 2
        return _Layout(date, centre, fitted.size, rows, height, page.left + PADDING, recipients)
    return _Layout(date, centre, block.size, rows, height, page.left + PADDING, recipients)


def signatures_height(page: Page, block: Signatures) -> float:
    """The height the block takes, drawn whole."""
    return _layout(page, block).height


def draw_signatures(flow: Flow, block: Signatures) -> None:
    layout = _layout(flow.page, block)
    flow.ensure(layout.height)
    c = flow.canvas
    size = block.size
    leading = line_height(size)
    y = flow.y
    if layout.date:
        c.setFont(ITALIC, layout.date_size)
        for line in layout.date:
            c.drawCentredString(layout.date_centre, y - layout.date_size, nfc(line))
            y -= line_height(layout.date_size)
        y -= 2
    # "Nơi nhận:" first, so that the text reads as the document does: the
    # recipients, then the signer beside them.
    recipients_y = y
    for text, font, line_size in layout.recipients:
        c.setFont(font, line_size)
        c.drawString(layout.recipients_x, recipients_y - line_size, nfc(text))
        recipients_y -= line_height(line_size)
    for index, row in enumerate(layout.rows):
        for signer in row:
            baseline = y - size
            for text, font in signer.lines:
                if text:
                    c.setFont(font, size)
                    c.drawCentredString(signer.x + signer.width / 2, baseline, text)
                baseline -= leading
        row_height = max(len(s.lines) for s in row) * leading
        if index == 0 and layout.recipients:
            row_height = max(row_height, _recipients_height(layout.recipients))
        y -= row_height + ROW_GAP
    flow.y -= layout.height
