"""Cards cut from a sheet (voter cards): a grid of cards a page, each card
laid out by the ordinary blocks inside its own clipped frame, with crop marks
for the guillotine.

The crop marks keep `MARK_CLEARANCE` from the sheet's edge: an office printer
leaves the outer few millimetres of a sheet blank, and a mark it does not
print is no guide. A grid too large for that is refused (`ValueError`) rather
than printed with marks missing."""

from __future__ import annotations

from collections.abc import Callable

from forms.base import Block, CardGrid
from forms.render.flow import CARD_FORM_NUMBER_SIZE, Flow, Page, draw_form_number
from forms.render.pdf import MM, Line, PdfCanvas

CUT_MARK_OFFSET = 1 * MM  # from the card's edge to the mark
CUT_MARK_LENGTH = 3 * MM
MARK_CLEARANCE = 10 * MM  # from the sheet's edge to the nearest mark


class _CardFlow(Flow):
    """The flow inside one card: it never breaks a page (the card clips)."""

    def new_page(self) -> None:
        return None

    def ensure(self, height: float) -> bool:
        return False


def grid_origin(page: Page, block: CardGrid) -> tuple[float, float]:
    """The left edge and the top of the grid, centred on the sheet; refuses a
    grid whose crop marks would come nearer the sheet's edge than
    `MARK_CLEARANCE`."""
    width, height = block.width_mm * MM, block.height_mm * MM
    gap = block.gap_mm * MM
    grid_width = block.columns * width + (block.columns - 1) * gap
    grid_height = block.rows * height + (block.rows - 1) * gap
    left = (page.width - grid_width) / 2
    top = (page.height + grid_height) / 2
    if block.cut_marks:
        reach = CUT_MARK_OFFSET + CUT_MARK_LENGTH
        margin = min(left, page.height - top) - reach
        if margin < MARK_CLEARANCE - 0.01:
            raise ValueError(
                f"crop marks {margin / MM:.1f} mm from the sheet's edge: a grid of "
                f"{block.columns} × {block.rows} cards of {block.width_mm} × "
                f"{block.height_mm} mm leaves less than {MARK_CLEARANCE / MM:.0f} mm"
            )
    return left, top


def draw_card_grid(flow: Flow, block: CardGrid, draw_block: Callable[[Flow, Block], None]) -> None:
    """Lay the cards out, `draw_block` drawing each card's blocks."""
    c = flow.canvas
    page = flow.page
    width, height = block.width_mm * MM, block.height_mm * MM
    gap, pad = block.gap_mm * MM, block.padding_mm * MM
    per_page = block.columns * block.rows
    left, top = grid_origin(page, block)
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
            page_numbers=False,
            y=card_top - pad,
            page_number=flow.page_number,
        )
        if flow.card_number:
            draw_form_number(inner, flow.card_number, CARD_FORM_NUMBER_SIZE)
        for item in card:
            if isinstance(item, CardGrid):
                raise TypeError("a card cannot hold another CardGrid")
            draw_block(inner, item)
        c.restoreState()
        if block.frame:
            c.setLineWidth(0.5)
            c.rect(x, bottom, width, height, stroke=1, fill=0)
        if block.cut_marks:
            marks += corner_marks(x, bottom, x + width, card_top)
    _cut_marks(c, marks)
    flow.full = True


def corner_marks(left: float, bottom: float, right: float, top: float) -> list[Line]:
    """Two short strokes outside each corner of a card, along its edges."""
    marks: list[Line] = []
    near, far = CUT_MARK_OFFSET, CUT_MARK_OFFSET + CUT_MARK_LENGTH
    for cx, sx in ((left, -1), (right, 1)):
        for cy, sy in ((bottom, -1), (top, 1)):
            marks.append((cx + sx * near, cy, cx + sx * far, cy))
            marks.append((cx, cy + sy * near, cx, cy + sy * far))
    return marks


def _cut_marks(c: PdfCanvas, marks: list[Line]) -> None:
    if marks:
        c.setLineWidth(0.3)
        c.lines(marks)
