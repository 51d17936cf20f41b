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
from forms.render.flow import Flow, Page, draw_page_total
from forms.render.fonts import nfc, register_fonts
from forms.render.pdf import MM, new_canvas, page_size
from forms.render.qr import draw_qr_code
from forms.render.tables import draw_candidate_lines, draw_table
from forms.render.text import (
    draw_box,
    draw_key_values,
    draw_letterhead,
    draw_paragraph,
    draw_signatures,
    draw_title,
)


def draw_block(flow: Flow, block: Block) -> None:
    if flow.full:
        # The page is taken (by a card grid): what follows begins a new one.
        flow.new_page()
        if isinstance(block, (PageBreak, NeedSpace)):
            return
    match block:
        case Letterhead():
            draw_letterhead(flow, block)
        case Title():
            draw_title(flow, block)
        case Paragraph():
            draw_paragraph(flow, block)
        case KeyValues():
            draw_key_values(flow, block)
        case Table():
            draw_table(flow, block)
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


def render_blocks(
    blocks: Sequence[Block],
    *,
    size: PageSize = "A4",
    orientation: Orientation = "portrait",
    margins_mm: tuple[float, float, float, float] = (15, 15, 15, 20),
    title: str = "",
    footer: str = "",
    page_numbers: bool = True,
) -> bytes:
    """Lay `blocks` out on pages and return the PDF bytes."""
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
        footer=nfc(footer),
        page_numbers=page_numbers,
    )
    flow.new_page()
    for block in blocks:
        draw_block(flow, block)
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
        footer=f"{form.code} · {form.title}" if form.print_footer else "",
        page_numbers=form.print_footer,
    )
