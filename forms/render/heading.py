"""The letterhead of an official document (Decree 30/2020/NĐ-CP, Appendix I):
the issuing body on the left, the Quốc hiệu and the motto on the right, each
over its rule, the reference number and the place-and-date line under them.

A name is never broken across lines. A line too long for its column breaks
only where a new name begins (before "PHƯỜNG", "TỈNH", "KHU VỰC", …), and
when a name alone is wider than the column the column is set smaller, down to
`MIN_SIZE`; the Quốc hiệu and the motto are never broken at all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from forms.base import Letterhead
from forms.render.flow import Flow
from forms.render.fonts import BOLD, ITALIC, REGULAR, line_height, nfc, text_width, wrap
from forms.render.pdf import PdfCanvas

# Of the content width: the issuing body's column and the Quốc hiệu's, as in
# the Word models (the motto's line is the longer one).
LEFT_SHARE = 0.42
RIGHT_SHARE = 0.58
PADDING = 4  # points left free on each side of a column's text
MIN_SIZE = 6.5
STEP = 0.25

# The words that begin a name in an issuing body or a place: a line may break
# before them and nowhere else. Several words are matched whole first, so that
# "ỦY BAN" does not break before its "BAN" nor "THỊ XÃ" before its "XÃ".
_NAME_STARTS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(unicodedata.normalize("NFC", words).casefold().split())
            for words in (
                "ỦY BAN",
                "UỶ BAN",
                "HỘI ĐỒNG",
                "BAN",
                "TỔ",
                "ĐẠI BIỂU",
                "TỈNH",
                "THÀNH PHỐ",
                "PHƯỜNG",
                "XÃ",
                "ĐẶC KHU",
                "THỊ TRẤN",
                "THỊ XÃ",
                "QUẬN",
                "HUYỆN",
                "KHU VỰC",
                "ĐƠN VỊ",
            )
        ),
        key=len,
        reverse=True,
    )
)


def name_phrases(text: str) -> list[str]:
    """'ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU' → ['ỦY BAN NHÂN DÂN', 'PHƯỜNG BẠC LIÊU']:
    the pieces of a line between which it may break (before a name, and after
    a comma: 'Bạc Liêu,' | 'ngày 15 tháng 3 năm 2026')."""
    words = nfc(text).split()
    keys = [word.casefold() for word in words]
    starts = [0]
    index = 0
    while index < len(words):
        matched = next(
            (
                len(start)
                for start in _NAME_STARTS
                if tuple(keys[index : index + len(start)]) == start
            ),
            0,
        )
        if index > 0 and (matched or words[index - 1].endswith(",")):
            starts.append(index)
        index += matched or 1
    ends = [*starts[1:], len(words)]
    return [" ".join(words[start:end]) for start, end in zip(starts, ends, strict=True)]


def pack(phrases: Sequence[str], font: str, size: float, width: float) -> list[str]:
    """Whole phrases to lines, as many to a line as fit."""
    lines: list[str] = []
    for phrase in phrases:
        candidate = f"{lines[-1]} {phrase}" if lines else phrase
        if lines and text_width(candidate, font, size) <= width:
            lines[-1] = candidate
        else:
            lines.append(phrase)
    return lines


@dataclass(frozen=True)
class ColumnText:
    """The lines of one column, (text, bold), at the size they fit in."""

    lines: list[tuple[str, bool]]
    size: float


def _groups(text: str, breakable: bool) -> list[list[str]]:
    """The parts of a line between its forced breaks (a newline in the data), each
    as the phrases it may break between (one phrase when not `breakable`)."""
    parts = [" ".join(part.split()) for part in nfc(text).split("\n")]
    return [name_phrases(part) if breakable else [part] for part in parts if part]


def fit_column(
    lines: Sequence[tuple[str, bool]],
    size: float,
    width: float,
    *,
    breakable: bool,
    fonts: tuple[str, str] = (REGULAR, BOLD),
) -> ColumnText:
    """Each line broken between whole names (when `breakable`), the size lowered
    until every piece fits the column; at `MIN_SIZE` a piece still too wide
    wraps by words, the one case where a name may break. `fonts` are the
    faces of the regular and the bold lines."""
    pieces = [
        (_groups(text, breakable), fonts[1] if bold else fonts[0], bold) for text, bold in lines
    ]

    def too_wide(size: float) -> bool:
        return any(
            text_width(phrase, font, size) > width
            for groups, font, _ in pieces
            for group in groups
            for phrase in group
        )

    while size > MIN_SIZE and too_wide(size):
        size = max(MIN_SIZE, size - STEP)
    fitted: list[tuple[str, bool]] = []
    for groups, font, bold in pieces:
        for group in groups:
            for line in pack(group, font, size, width):
                fitted += [(piece, bold) for piece in wrap(line, font, size, width)]
    return ColumnText(fitted, size)


def rule_under(c: PdfCanvas, centre: float, y: float, size: float, length: float) -> None:
    """A rule of `length` centred under the last line of a heading, clear of its
    descenders. `y` is where the next line would begin."""
    rule_y = y + line_height(size) - size - max(4.0, 0.45 * size)
    c.setLineWidth(0.6)
    c.line(centre - length / 2, rule_y, centre + length / 2, rule_y)


def _draw_column(
    c: PdfCanvas, column: ColumnText, x: float, width: float, top: float, rule_share: float
) -> float:
    """The column's lines centred from `top`, its rule under them; returns the
    rule's y."""
    size = column.size
    leading = line_height(size)
    y = top
    for text, bold in column.lines:
        c.setFont(BOLD if bold else REGULAR, size)
        c.drawCentredString(x + width / 2, y - size, text)
        y -= leading
    if column.lines:
        last, bold = column.lines[-1]
        length = text_width(last, BOLD if bold else REGULAR, size) * rule_share
        rule_under(c, x + width / 2, y, size, length)
    return y - 3


def draw_letterhead(flow: Flow, block: Letterhead) -> None:
    c = flow.canvas
    page = flow.page
    left_width = page.content_width * LEFT_SHARE
    right_width = page.content_width * RIGHT_SHARE
    right_x = page.left + left_width
    top = flow.y
    # The parent bodies in regular type, the issuing body (the last line) in bold.
    left = fit_column(
        [(line, index == len(block.left) - 1) for index, line in enumerate(block.left)],
        block.size,
        left_width - 2 * PADDING,
        breakable=True,
    )
    right = fit_column(
        [(line, True) for line in block.right],
        block.size,
        right_width - 2 * PADDING,
        breakable=False,
    )
    # Decree 30: the issuing body's rule is a third to a half of its line, the
    # motto's as long as the motto.
    left_bottom = _draw_column(c, left, page.left, left_width, top, 0.4)
    right_bottom = _draw_column(c, right, right_x, right_width, top, 1.0)
    left_y, right_y = left_bottom - 2, right_bottom - 2
    if block.reference:
        left_y = _draw_plain(c, block.reference, REGULAR, left.size, page.left, left_width, left_y)
    if block.place_and_date:
        right_y = _draw_plain(
            c, block.place_and_date, ITALIC, block.size, right_x, right_width, right_y
        )
    flow.y = min(left_y, right_y) - 8


def _draw_plain(
    c: PdfCanvas, text: str, font: str, size: float, x: float, width: float, top: float
) -> float:
    """A line centred in its column under the heading (the reference number,
    the place and date), broken only between whole names and smaller if need be."""
    column = fit_column(
        [(text, False)], size, width - 2 * PADDING, breakable=True, fonts=(font, font)
    )
    leading = line_height(column.size)
    y = top
    c.setFont(font, column.size)
    for line, _ in column.lines:
        c.drawCentredString(x + width / 2, y - column.size, line)
        y -= leading
    return y
