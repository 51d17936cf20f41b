"""The QR code block: a code that identifies the document, with a caption under
it and a few lines beside it."""

from __future__ import annotations

import hashlib

from forms.base import QrCode
from forms.render.flow import Flow
from forms.render.fonts import ITALIC, REGULAR, line_height, nfc, text_width, wrap
from forms.render.pdf import MM, define_qr_form


def qr_form_name(payload: str, level: str = "M") -> str:
    """The name of the form XObject that holds the QR code of `payload`: one per
    payload and level, drawn once however often it is placed."""
    digest = hashlib.sha256(f"{level}:{payload}".encode()).hexdigest()[:16]
    return f"qr{digest}"


def draw_qr_code(flow: Flow, block: QrCode) -> None:
    c = flow.canvas
    page = flow.page
    side = block.size_mm * MM
    size = block.size
    leading = line_height(size)
    caption = wrap(block.caption, ITALIC, size, side + 12 * MM) if block.caption else []
    beside_width = page.content_width - side - 4 * MM
    beside = [piece for line in block.beside for piece in wrap(line, REGULAR, size, beside_width)]
    height = max(side + len(caption) * leading + (1 if caption else 0), len(beside) * leading)
    flow.ensure(height)
    top = flow.y
    x = page.left + page.content_width - side if block.align == "right" else page.left
    payload = nfc(block.payload)
    name = qr_form_name(payload, block.level)
    if not c.hasForm(name):
        define_qr_form(c, name, payload, block.level, side)
    c.saveState()
    c.translate(x, top - side)
    c.doForm(name)
    c.restoreState()
    baseline = top - side - 1
    c.setFont(ITALIC, size)
    c.setFillGray(0.3)
    for line in caption:
        # Centred under the code; a line wider than the code keeps to the margin.
        if text_width(line, ITALIC, size) <= side:
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
            c.drawString(page.left + side + 4 * MM, y - size, piece)
        y -= leading
    c.setFillGray(0)
    flow.y = top - height - 2
