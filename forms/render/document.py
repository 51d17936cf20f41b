"""A document from its blocks: each block to its renderer, page after page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import assert_never

from forms.base import (
    Block,
    Box,
    CandidateLines,
    CardGrid,
    FormDefinition,
    KeyValues,
    Letterhead,
    Model,
    NeedSpace,
    Orientation,
    PageBreak,
    PageSize,
    Paragraph,
    QrCode,
    Signatures,
    Spacer,
    Table,
    Title,
)
from forms.render.cards import draw_card_grid
from forms.render.flow import Flow, Page, draw_form_number, draw_page_total
from forms.render.fonts import nfc, register_fonts
from forms.render.heading import draw_letterhead
from forms.render.pdf import MM, new_canvas, page_size
from forms.render.qr import draw_qr_code
from forms.render.signatures import draw_signatures, signatures_height
from forms.render.tables import draw_candidate_lines, draw_table
from forms.render.text import draw_box, draw_key_values, draw_paragraph, draw_title


def draw_block(flow: Flow, block: Block, keep: float = 0) -> None:
    """Draw `block` at the cursor. `keep` is the height of what must follow it on
    the same page (signature blocks): the block's last lines go with it."""
    if flow.full:
        # The page is taken (by a card grid): what follows begins a new one.
        flow.new_page()
        if isinstance(block, (PageBreak, NeedSpace)):
            return
    match block:
        case Letterhead():
            draw_letterhead(flow, block)
        case Title():
            draw_title(flow, block, keep)
        case Paragraph():
            draw_paragraph(flow, block, keep)
        case KeyValues():
            draw_key_values(flow, block, keep)
        case Table():
            draw_table(flow, block, keep)
        case Signatures():
            draw_signatures(flow, block)
        case Spacer():
            flow.y -= block.height * MM
            if flow.y < flow.page.bottom:
                flow.new_page()
        case PageBreak():
            flow.new_page()
        case NeedSpace():
            flow.ensure(block.height * MM)
        case Box():
            draw_box(flow, block)
        case CandidateLines():
            draw_candidate_lines(flow, block)
        case CardGrid():
            draw_card_grid(flow, block, draw_block)
        case QrCode():
            draw_qr_code(flow, block)
        case _:  # pragma: no cover - pyright reports a block type without a case
            assert_never(block)


def keeps(page: Page, blocks: Sequence[Block]) -> list[float]:
    """For each block, the height that must follow it on its page: that of the
    signature blocks when they come next (past spacers), so that they are
    never alone on a page. A spacer before them keeps its own height too."""
    result = [0.0] * len(blocks)
    following = 0.0
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        result[index] = following
        if isinstance(block, Signatures):
            following = signatures_height(page, block)
        elif isinstance(block, Spacer):
            following = following + block.height * MM if following else 0.0
        elif not isinstance(block, NeedSpace):
            following = 0.0
    return result


def render_blocks(
    blocks: Sequence[Block],
    *,
    size: PageSize = "A4",
    orientation: Orientation = "portrait",
    margins_mm: tuple[float, float, float, float] = (15, 15, 15, 20),
    title: str = "",
    page_numbers: bool = True,
    form_number: str = "",
) -> bytes:
    """Lay `blocks` out on pages and return the PDF bytes. `form_number` ("Mẫu
    số 18/HĐBC-QH") is printed in the top right corner of the first page, or
    of each card when the document is a sheet of cards."""
    register_fonts()
    width, height = page_size(size, orientation)
    top, right, bottom, left = (value * MM for value in margins_mm)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (width, height))
    canvas.setTitle(nfc(title))
    canvas.setAuthor("Hệ thống quản lý bầu cử")
    canvas.setCreator("election-ops")
    flow = Flow(
        canvas=canvas,
        page=Page(width, height, left, right, top, bottom),
        page_numbers=page_numbers,
    )
    flow.new_page()
    if form_number and blocks and isinstance(blocks[0], CardGrid):
        flow.card_number = form_number
    elif form_number:
        draw_form_number(flow, form_number)
    for block, keep in zip(blocks, keeps(flow.page, blocks), strict=True):
        draw_block(flow, block, keep)
    if page_numbers:
        draw_page_total(canvas, flow.page_number)
    canvas.save()
    return buffer.getvalue()


def render(form: FormDefinition[Model], data: Model) -> bytes:
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
        page_numbers=form.print_footer,
        form_number=form.number_of(model) if form.number_on_page else "",
    )
