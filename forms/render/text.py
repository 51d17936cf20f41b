"""The blocks of an official document around its tables: titles, paragraphs,
key-value lines and framed boxes (a seal's place). The letterhead is in
`heading`, the signature blocks in `signatures`."""

from __future__ import annotations

from forms.base import Box, KeyValues, Paragraph, Title
from forms.render.flow import Flow, draw_lines
from forms.render.fonts import BOLD, ITALIC, REGULAR, font_for, line_height, nfc, text_width, wrap
from forms.render.heading import rule_under
from forms.render.pdf import MM


def draw_title(flow: Flow, block: Title, keep: float = 0) -> None:
    width = flow.page.content_width
    lines = wrap(block.text, BOLD, block.size, width)
    subtitles = [wrap(subtitle, BOLD, block.size - 2, width) for subtitle in block.subtitles]
    height = line_height(block.size) * (len(lines) + 1) + sum(
        line_height(block.size - 2) * len(sub) for sub in subtitles
    )
    # A title stays with its subtitles (and with what must follow it).
    flow.ensure(height + keep)
    flow.y -= 4
    draw_lines(
        flow, lines, font=BOLD, size=block.size, align="center", x=flow.page.left, width=width
    )
    for sub_lines in subtitles:
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


def with_leader(lines: list[str], leader: str, font: str, size: float, width: float) -> list[str]:
    """The last line filled with `leader` up to `width` (a dotted line to write
    on); a line too full for a few of them gets a line of its own."""
    unit = text_width(leader, font, size)
    if unit <= 0:
        return lines
    last = lines[-1].rstrip() if lines else ""
    prefix = last + " " if last else ""
    count = int((width - text_width(prefix, font, size)) // unit)
    if count >= 3:
        return [*lines[:-1], prefix + leader * count]
    return [*lines, leader * int(width // unit)]


def draw_paragraph(flow: Flow, block: Paragraph, keep: float = 0) -> None:
    font = font_for(block.bold, block.italic)
    x = flow.page.left + block.indent * MM
    width = flow.page.content_width - block.indent * MM
    lines = wrap(block.text, font, block.size, width) if block.text else []
    if block.leader:
        lines = with_leader(lines, nfc(block.leader), font, block.size, width)
    draw_lines(
        flow, lines, font=font, size=block.size, align=block.align, x=x, width=width, keep=keep
    )
    flow.y -= block.space_after


def draw_key_values(flow: Flow, block: KeyValues, keep: float = 0) -> None:
    c = flow.canvas
    x = flow.page.left
    width = flow.page.content_width
    leading = line_height(block.size)
    last = len(block.pairs) - 1
    for index, (key, value) in enumerate(block.pairs):
        key_text = nfc(key) + ": "
        key_width = text_width(key_text, REGULAR, block.size)
        lines = wrap(nfc(value), BOLD, block.size, width - key_width)
        flow.ensure(leading * len(lines) + (keep if index == last else 0))
        c.setFont(REGULAR, block.size)
        c.drawString(x, flow.y - block.size, key_text)
        c.setFont(BOLD, block.size)
        for line in lines:
            c.drawString(x + key_width, flow.y - block.size, line)
            flow.y -= leading
    flow.y -= 4


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
        # The issuing body's rule: a third to a half of its line (Decree 30/2020/NĐ-CP).
        last_width = text_width(beside[-1], BOLD, block.beside_size)
        rule_under(c, beside_x + beside_width / 2, y, block.beside_size, last_width * 0.4)
    flow.y = top - max(height, beside_height) - 4
