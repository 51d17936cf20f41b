"""PDF rendering: a 4,000-row voter-list-shaped table through forms.render against
raw reportlab canvas drawString doing the same page layout."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bench.common import report
from forms.base import Column, Table
from forms.render import BOLD, REGULAR, register_fonts, render_blocks

ROWS = [
    [
        i,
        f"Nguyễn Thị Phương Thảo {i}",
        f"{1950 + i % 50}-0{1 + i % 9}-1{i % 9}",
        "Nữ" if i % 2 else "Nam",
        "Kinh",
        "Công nhân",
        f"Số {i}, khóm {i % 12 + 1}, Phường Bạc Liêu",
        "x",
    ]
    for i in range(1, 4001)
]
HEADERS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Nghề nghiệp",
    "Nơi thường trú",
    "Ghi chú",
]
WEIGHTS = [0.5, 2.2, 1.0, 0.7, 0.7, 1.2, 3.0, 0.8]


def ours() -> int:
    table = Table([Column(h, w) for h, w in zip(HEADERS, WEIGHTS, strict=True)], ROWS, size=8.5)
    content = render_blocks([table], orientation="landscape")
    return len(content)


def raw_canvas() -> int:
    width, height = landscape(A4)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    left, top, bottom = 20 * mm, height - 15 * mm, 15 * mm
    total = sum(WEIGHTS)
    widths = [(width - 35 * mm) * w / total for w in WEIGHTS]
    row_h = 8.5 * 1.32 + 4.4

    def header(y: float) -> float:
        c.setFont(BOLD, 8.5)
        x = left
        for title, w in zip(HEADERS, widths, strict=True):
            c.drawString(x + 2, y - 10, title)
            c.rect(x, y - row_h, w, row_h)
            x += w
        return y - row_h

    y = header(top)
    for row in ROWS:
        if y - row_h < bottom:
            c.showPage()
            y = header(top)
        c.setFont(REGULAR, 8.5)
        x = left
        for value, w in zip(row, widths, strict=True):
            c.drawString(x + 2, y - 10, str(value))
            c.rect(x, y - row_h, w, row_h)
            x += w
        y -= row_h
    c.save()
    return len(buffer.getvalue())


def best_of(fn: Callable[[], int], runs: int = 3) -> float:
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    register_fonts()
    raw = best_of(raw_canvas)
    mine = best_of(ours)
    report("pdf_voter_table_4000_rows", 4000 / mine, "rows/s", 4000 / raw)


if __name__ == "__main__":
    main()
