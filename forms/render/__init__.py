"""The one renderer of printable forms; its `pdf` module is the only one in
`forms` that imports reportlab.

A form's layout is a list of blocks (letterhead, title, paragraphs, tables,
signature blocks). The renderer flows them onto pages with reportlab's
canvas, which keeps long lists (a voter list of 4,000 names) close to raw
canvas speed. It adds what every official form shares: the model's number
("Mẫu số 18/HĐBC-QH") in the top right corner of the first page, "Trang
n/N" at the foot of each page (no internal code), signature blocks kept on
the page of the last lines before them, and crop marks clear of the sheet's
edge. Typeface: Tinos (the metrics of Times New Roman, which Decree
30/2020/NĐ-CP asks for), vendored under `forms/fonts/`; every string is
normalized to NFC first, because reportlab does no mark positioning and
decomposed text would draw its tone marks in the wrong place.

Modules: `pdf` (the typed face of reportlab), `fonts` (fonts, measuring and
wrapping text), `flow` (pages, the cursor, the footer, the form number),
`heading` (the letterhead), `text` (titles, paragraphs, key-value lines,
boxes), `signatures` (signature blocks), `tables` (tables and the ballot's
framed rows), `cards` (card grids and crop marks), `qr` (QR codes) and
`document` (blocks to a PDF).
"""

from __future__ import annotations

from forms.render.document import render, render_blocks
from forms.render.fonts import (
    BOLD,
    BOLD_ITALIC,
    ITALIC,
    REGULAR,
    font_for,
    nfc,
    register_fonts,
    wrap,
)
from forms.render.pdf import page_size
from forms.render.qr import qr_form_name

__all__ = [
    "BOLD",
    "BOLD_ITALIC",
    "ITALIC",
    "REGULAR",
    "font_for",
    "nfc",
    "page_size",
    "qr_form_name",
    "register_fonts",
    "render",
    "render_blocks",
    "wrap",
]
