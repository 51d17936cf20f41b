"""Tables and framed rows: the fast path of the long lists.

A 4,000-name voter list is some 50,000 cells. Each row is one text object
(the font set once, each line placed by its origin), the grid is a rule per
row and the column rules once a page, and the widths of repeated strings are
cached: the whole list renders close to what hand-written canvas code does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from forms.base import CandidateLines, Cell, Column, Table
from forms.render.flow import Flow
from forms.render.fonts import BOLD, REGULAR, font_for, line_height, text_width, wrap
from forms.render.pdf import MM

PAD = 2.2  # points between a cell's rules and its text


def column_widths(columns: Sequence[Column], total: float) -> list[float]:
    weight = sum(col.width for col in columns)
    return [total * col.width / weight for col in columns]


def _row_cells(
    values: Sequence[Cell], widths: Sequence[float], font: str, size: float
) -> list[list[str]]:
    return [
        wrap(value, font, size, width - 2 * PAD)
        for value, width in zip(values, widths, strict=True)
    ]


class _Grid:
    """The rules of one table on one page: a horizontal rule under each row as it
    is drawn, and the column rules once, top to bottom, when the page's part of
    the table is complete. The same lines as a frame around every cell, for a
    fraction of the path operators (a 4,000-name voter list draws ~50,000 cells).
    A rule between two columns of one group begins under the group's heading
    (`starts`: edge index to the y it begins at)."""

    def __init__(self, flow: Flow, edges: Sequence[float]) -> None:
        self.flow = flow
        self.edges = edges
        self.top = flow.y
        self.starts: dict[int, float] = {}
        flow.canvas.setLineWidth(0.4)

    def rule(self, y: float) -> None:
        self.flow.canvas.line(self.edges[0], y, self.edges[-1], y)

    def close(self) -> None:
        """The top rule (drawn last, so that a header's shading does not cover it)
        and the column rules."""
        top, bottom = self.top, self.flow.y
        if bottom < top:
            self.rule(top)
            self.flow.canvas.lines(
                [(x, self.starts.get(i, top), x, bottom) for i, x in enumerate(self.edges)]
            )


def _draw_row(
    flow: Flow,
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
    leading = line_height(size)
    height = max(len(lines) for lines in cells) * leading + 2 * PAD
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
        baseline = top - PAD - size + 1
        for line in lines:
            if line:
                if align == "center":
                    origin = (x + right) / 2 - text_width(line, font, size) / 2
                elif align == "right":
                    origin = right - PAD - text_width(line, font, size)
                else:
                    origin = x + PAD
                text.setTextOrigin(origin, baseline)
                text.textOut(line)
            baseline -= leading
    c.drawText(text)
    flow.y -= height
    grid.rule(flow.y)


@dataclass(frozen=True)
class _Span:
    """A cell of a two-row header: columns `first` to `last`, its lines, and
    whether it takes both rows (a column outside any group)."""

    first: int
    last: int
    lines: list[str]
    both_rows: bool


@dataclass(frozen=True)
class _Header:
    """A table's header: one row of cells, or two rows when columns are grouped."""

    cells: list[list[str]]
    spans: list[_Span]
    top_height: float  # the first row's height (0 without groups)
    height: float


def _header(columns: Sequence[Column], widths: Sequence[float], size: float) -> _Header:
    leading = line_height(size)
    cells = _row_cells([col.title for col in columns], widths, BOLD, size)
    if not any(col.group for col in columns):
        height = max(len(lines) for lines in cells) * leading + 2 * PAD
        return _Header(cells, [], 0.0, height)
    spans: list[_Span] = []
    index = 0
    while index < len(columns):
        group = columns[index].group
        last = index
        while group and last + 1 < len(columns) and columns[last + 1].group == group:
            last += 1
        if group:
            width = sum(widths[index : last + 1])
            spans.append(_Span(index, last, wrap(group, BOLD, size, width - 2 * PAD), False))
        else:
            spans.append(_Span(index, index, cells[index], True))
        index = last + 1
    grouped = [i for span in spans if not span.both_rows for i in range(span.first, span.last + 1)]
    top_lines = max((len(s.lines) for s in spans if not s.both_rows), default=1)
    top_height = top_lines * leading + 2 * PAD
    bottom_lines = max(len(cells[i]) for i in grouped)
    alone = max((len(s.lines) for s in spans if s.both_rows), default=1)
    height = max(top_height + bottom_lines * leading + 2 * PAD, alone * leading + 2 * PAD)
    return _Header(cells, spans, top_height, height)


def _draw_grouped_header(
    flow: Flow, header: _Header, edges: Sequence[float], grid: _Grid, size: float
) -> None:
    """The two rows of a grouped header: first every cell of the top row, left to
    right (a title across both rows centred in its height), then the titles
    under the groups; the rules inside a group begin under its heading."""
    c = flow.canvas
    leading = line_height(size)
    top = flow.y
    bottom = top - header.height
    c.setFillGray(0.9)
    c.rect(edges[0], bottom, edges[-1] - edges[0], header.height, stroke=0, fill=1)
    c.setFillGray(0)
    text = c.beginText()
    text.setFont(BOLD, size)

    def place(lines: list[str], left: float, right: float, first_baseline: float) -> None:
        baseline = first_baseline
        for line in lines:
            if line:
                origin = (left + right) / 2 - text_width(line, BOLD, size) / 2
                text.setTextOrigin(origin, baseline)
                text.textOut(line)
            baseline -= leading

    under = top - header.top_height
    for span in header.spans:
        left, right = edges[span.first], edges[span.last + 1]
        if span.both_rows:
            block = len(span.lines) * leading
            place(span.lines, left, right, top - (header.height - block) / 2 - size + 1)
        else:
            place(span.lines, left, right, top - PAD - size + 1)
            c.line(left, under, right, under)
            for edge in range(span.first + 1, span.last + 1):
                grid.starts[edge] = under
    for span in header.spans:
        if not span.both_rows:
            for index in range(span.first, span.last + 1):
                place(header.cells[index], edges[index], edges[index + 1], under - PAD - size + 1)
    c.drawText(text)
    flow.y = bottom
    grid.rule(flow.y)


def _draw_header(
    flow: Flow,
    header: _Header,
    columns: Sequence[Column],
    edges: Sequence[float],
    grid: _Grid,
    size: float,
) -> None:
    if header.spans:
        _draw_grouped_header(flow, header, edges, grid, size)
    else:
        _draw_row(flow, header.cells, columns, edges, grid, font=BOLD, size=size, header=True)


def draw_table(flow: Flow, block: Table, keep: float = 0) -> None:
    """The table, its header repeated on every page it continues on. With `keep`
    (the height of what must follow on the same page), the last row moves to
    the next page with it rather than leave it alone there."""
    widths = column_widths(block.columns, flow.page.content_width)
    edges = [flow.page.left]
    for width in widths:
        edges.append(edges[-1] + width)
    leading = line_height(block.size)
    header = _header(block.columns, widths, block.size)
    # Never leave a header alone at the foot of a page.
    flow.ensure(header.height + leading + 2 * PAD)
    grid = _Grid(flow, edges)
    _draw_header(flow, header, block.columns, edges, grid, block.size)
    last = len(block.rows) - 1
    for index, row in enumerate(block.rows):
        font = BOLD if block.bold_last_row and index == last else REGULAR
        cells = _row_cells(row, widths, font, block.size)
        height = max(len(lines) for lines in cells) * leading + 2 * PAD
        needed = height + 6 + keep if keep and index == last else height
        if flow.y - needed < flow.page.bottom:
            grid.close()
            flow.new_page()
            grid = _Grid(flow, edges)
            if block.repeat_header:
                _draw_header(flow, header, block.columns, edges, grid, block.size)
        _draw_row(flow, cells, block.columns, edges, grid, font=font, size=block.size)
    grid.close()
    flow.y -= 6


def draw_candidate_lines(flow: Flow, block: CandidateLines) -> None:
    c = flow.canvas
    page = flow.page
    font = font_for(bold=block.bold)
    size = block.size
    leading = line_height(size)
    indent = block.indent_mm * MM
    line_width = page.content_width - indent - 3 * MM
    wrapped = [wrap(line, font, size, line_width) for line in block.lines]
    if not wrapped:
        return
    # A row never gets lower than its text needs.
    needs = [len(lines) * leading + 0.3 * size + 2 * PAD for lines in wrapped]
    row = block.row_height_mm * MM
    floor = min(block.min_row_height_mm * MM, row)
    available = flow.y - page.bottom
    # Tighten every row evenly until the list fits what is left of the page.
    while row > floor and sum(max(row, need) for need in needs) > available:
        row = max(floor, row - 0.25 * MM)
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
