"""Cards cut from a sheet (voter cards): a grid of cards a page, each card
laid out by the ordinary blocks inside its own clipped frame, with crop marks
for the guillotine."""

from __future__ import annotations

from collections.abc import Callable

from forms.base import Block, CardGrid
from forms.render.flow import Flow, Page
from forms.render.pdf import MM, Line, PdfCanvas

_CUT_MARK_OFFSET = 1 * MM
_CUT_MARK_LENGTH = 3 * MM


class _CardFlow(Flow):
    """The flow inside one card: it never breaks a page (the card clips)."""

    def new_page(self) -> None:
        return None

    def ensure(self, height: float) -> bool:
        return False


def draw_card_grid(flow: Flow, block: CardGrid, draw_block: Callable[[Flow, Block], None]) -> None:
    """Lay the cards out, `draw_block` drawing each card's blocks."""
    c = flow.canvas
    page = flow.page
    width, height = block.width_mm * MM, block.height_mm * MM
    gap, pad = block.gap_mm * MM, block.padding_mm * MM
    per_page = block.columns * block.rows
    left = (page.width - (block.columns * width + (block.columns - 1) * gap)) / 2
    top = (page.height + (block.rows * height + (block.rows - 1) * gap)) / 2
    if not block.cards:
        return
    if flow.y < page.height - page.top:
        flow.new_page()
    marks: list[Line] = []
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
            page=Page(x + width, card_top, x + pad, pad, pad, bottom + pad),
            footer="",
            page_numbers=False,
            y=card_top - pad,
            page_number=flow.page_number,
        )
        for item in card:
            if isinstance(item, CardGrid):
                raise TypeError("a card cannot hold another CardGrid")
            draw_block(inner, item)
        c.restoreState()
        if block.frame:
            c.setLineWidth(0.5)
            c.rect(x, bottom, width, height, stroke=1, fill=0)
        if block.cut_marks:
            marks += _corner_marks(x, bottom, x + width, card_top)
    _cut_marks(c, marks)
    flow.full = True


def _corner_marks(left: float, bottom: float, right: float, top: float) -> list[Line]:
    """Two short strokes outside each corner of a card, along its edges."""
    marks: list[Line] = []
    near, far = _CUT_MARK_OFFSET, _CUT_MARK_OFFSET + _CUT_MARK_LENGTH
    for cx, sx in ((left, -1), (right, 1)):
        for cy, sy in ((bottom, -1), (top, 1)):
            marks.append((cx + sx * near, cy, cx + sx * far, cy))
            marks.append((cx, cy + sy * near, cx, cy + sy * far))
    return marks


def _cut_marks(c: PdfCanvas, marks: list[Line]) -> None:
    if marks:
        c.setLineWidth(0.3)
        c.lines(marks)
