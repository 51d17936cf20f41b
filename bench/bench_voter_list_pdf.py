"""PDF rendering of the voter list: the DS-CT form for 4,000 voters against plain
reportlab canvas code drawing the same columns, rows, grid and header on every
page. Pages per second, best of three.

The baseline is what a careful hand-written report would do: the fonts set
once per row, one drawString per non-empty cell, one path per row for the
grid, the header repeated per page and a page-number footer.

Run: .venv/bin/python -m bench.bench_voter_list_pdf
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bench.common import report
from forms import voter_list
from forms.render import BOLD, REGULAR, register_fonts, render, wrap

VOTERS = 4000
SIZE = 8
PAD = 2.2
LEADING = SIZE * 1.32

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Thạch", "Quách", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thị Ngọc", "Quốc", "Thanh", "Thị Kim", "Hoàng"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hồng", "Lan", "Phúc", "Thảo", "Trí", "Yến"]
ETHNICITIES = ["Kinh", "Kinh", "Kinh", "Khmer", "Hoa"]


def synthetic_voters(count: int = VOTERS) -> list[voter_list.VoterRow]:
    voters: list[voter_list.VoterRow] = []
    for i in range(1, count + 1):
        temporary = i % 9 == 0
        address = f"Số {i // 4 + 1} Trần Phú, khóm {i % 12 + 1}"
        born = dt.date(1940 + i % 66, 1 + i % 12, 1 + i % 28)
        voters.append(
            voter_list.VoterRow(
                number=i,
                full_name=f"{FAMILY[i % 10]} {MIDDLE[i % 8]} {GIVEN[i * 7 % 10]}",
                date_of_birth=born,
                sex="Nữ" if i % 2 else "Nam",
                personal_id=f"096{(born.year - 1900) // 100 * 2 + i % 2}{born.year % 100:02d}"
                f"{i:06d}",
                ethnicity=ETHNICITIES[i % 5],
                permanent_address="" if temporary else address,
                temporary_address=address if temporary else "",
                dbqh=True,
                tinh=True,
                xa=not temporary,
                remark=voter_list.VOTING_ELSEWHERE if i % 97 == 0 else "",
            )
        )
    return voters


def data() -> voter_list.VoterListData:
    sample = voter_list.sample()
    return sample.model_copy(update={"voters": synthetic_voters()})


def ours(model: voter_list.VoterListData) -> bytes:
    return render(voter_list.FORM, model)


def plain_canvas(model: voter_list.VoterListData) -> int:
    """The same page, columns, header and rows with reportlab alone; returns the page count."""
    width, height = landscape(A4)
    top_margin, right_margin, bottom_margin, left_margin = (
        v * mm for v in voter_list.FORM.margins_mm
    )
    left, top, bottom = left_margin, height - top_margin, bottom_margin
    line = width - left_margin - right_margin
    weight = sum(col.width for col in voter_list.COLUMNS)
    widths = [line * col.width / weight for col in voter_list.COLUMNS]
    aligns = [col.align for col in voter_list.COLUMNS]
    edges = [left]
    for w in widths:
        edges.append(edges[-1] + w)
    header = [
        wrap(col.title, BOLD, SIZE, w - 2 * PAD)
        for col, w in zip(voter_list.COLUMNS, widths, strict=True)
    ]
    header_height = max(len(lines) for lines in header) * LEADING + 2 * PAD
    row_height = LEADING + 2 * PAD
    rows = voter_list.table_rows(model.voters)

    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    page = 1

    def start_page() -> float:
        c.setFont(REGULAR, 7.5)
        c.drawString(left, bottom / 2, "DS-CT · Danh sách cử tri")
        c.drawRightString(width - right_margin, bottom / 2, f"Trang {page}")
        c.setLineWidth(0.4)
        c.setFillGray(0.9)
        c.rect(left, top - header_height, line, header_height, stroke=0, fill=1)
        c.setFillGray(0)
        c.setFont(BOLD, SIZE)
        for lines, x, w in zip(header, edges, widths, strict=False):
            baseline = top - PAD - SIZE + 1
            for text in lines:
                c.drawCentredString(x + w / 2, baseline, text)
                baseline -= LEADING
        c.rect(left, top - header_height, line, header_height)
        c.lines([(x, top, x, top - header_height) for x in edges[1:-1]])
        return top - header_height

    y = start_page()
    for row in rows:
        if y - row_height < bottom:
            c.showPage()
            page += 1
            y = start_page()
        c.setFont(REGULAR, SIZE)
        baseline = y - PAD - SIZE + 1
        for text, x, w, align in zip(row, edges, widths, aligns, strict=False):
            if not text:
                continue
            if align == "center":
                c.drawCentredString(x + w / 2, baseline, text)
            else:
                c.drawString(x + PAD, baseline, text)
        bottom_y = y - row_height
        c.lines([(left, bottom_y, edges[-1], bottom_y)] + [(x, y, x, bottom_y) for x in edges])
        y = bottom_y
    c.save()
    return page


def best_times(*fns: Callable[[], object], runs: int = 3) -> list[float]:
    """Best of `runs` for each function, the runs interleaved so that a change of
    load on the machine affects both sides alike."""
    best = [float("inf")] * len(fns)
    for _ in range(runs):
        for index, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def main() -> None:
    register_fonts()
    model = data()
    baseline_pages = plain_canvas(model)
    our_pages = pdf_pages(ours(model))
    baseline_time, our_time = best_times(lambda: plain_canvas(model), lambda: ours(model))
    report(
        "voter_list_pdf",
        our_pages / our_time,
        "pages/s",
        baseline_pages / baseline_time,
    )


if __name__ == "__main__":
    main()
