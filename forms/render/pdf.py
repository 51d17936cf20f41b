"""The typed face of reportlab: the only module of `forms` that imports it.

reportlab ships no type information. Pyright falls back on typeshed's stubs
for it, which leave some parameters unannotated (`Canvas.doForm`,
`Canvas.lines`, `Canvas.beginForm`, `pdfmetrics.registerFont`, …), so that
in strict mode every call to them is "partially unknown". Rather than
silence each call site, this module declares the part of reportlab the
renderer uses as protocols with precise types, and assigns reportlab's own
objects to them: pyright checks them against the stubs wherever the stubs
are typed. The protocols cost nothing at run time: the renderer calls
reportlab's methods directly, with no wrapper in between (a 4,000-name voter
list makes tens of thousands of text calls).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Final, Protocol

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, A5, A6, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from forms.base import Orientation, PageSize

__all__ = [
    "MM",
    "Line",
    "PdfCanvas",
    "PdfPath",
    "PdfText",
    "define_qr_form",
    "new_canvas",
    "page_size",
    "register_font",
    "register_font_family",
    "string_width",
]

MM: Final[float] = mm  # points in a millimetre

# A segment (x1, y1, x2, y2), for `PdfCanvas.lines`.
Line = tuple[float, float, float, float]

# reportlab's text object: its stubs type the three methods the tables use.
PdfText = PDFTextObject


class PdfPath(Protocol):
    """A path under construction (a card's clipping rectangle)."""

    def rect(self, x: float, y: float, width: float, height: float) -> None: ...


class PdfCanvas(Protocol):
    """The canvas operations the renderer uses, as reportlab's Canvas has them."""

    def setTitle(self, title: str | None) -> None: ...
    def setAuthor(self, author: str | None) -> None: ...
    def setCreator(self, creator: str | None) -> None: ...
    def showPage(self) -> None: ...
    def save(self) -> None: ...
    def saveState(self) -> None: ...
    def restoreState(self) -> None: ...
    def translate(self, dx: float, dy: float) -> None: ...
    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None: ...
    def setFillGray(self, gray: float, alpha: float | None = None) -> None: ...
    def setLineWidth(self, width: float) -> None: ...
    def setDash(
        self, array: list[float] | tuple[float, ...] | float = ..., phase: float = 0
    ) -> None: ...
    def drawString(self, x: float, y: float, text: str) -> None: ...
    def drawRightString(self, x: float, y: float, text: str) -> None: ...
    def drawCentredString(self, x: float, y: float, text: str) -> None: ...
    def line(self, x1: float, y1: float, x2: float, y2: float) -> None: ...
    def lines(self, linelist: Sequence[Line]) -> None: ...
    def rect(
        self, x: float, y: float, width: float, height: float, stroke: float = 1, fill: float = 0
    ) -> None: ...
    def beginText(self) -> PdfText: ...
    def drawText(self, aTextObject: PdfText) -> None: ...
    def beginPath(self) -> PdfPath: ...
    def clipPath(self, aPath: PdfPath, stroke: int = 1, fill: int = 0) -> None: ...
    def beginForm(
        self,
        name: str,
        lowerx: int = 0,
        lowery: int = 0,
        upperx: float | None = None,
        uppery: float | None = None,
    ) -> None: ...
    def endForm(self) -> None: ...
    def hasForm(self, name: str) -> bool: ...
    def doForm(self, name: str) -> None: ...


class _Metrics(Protocol):
    """The font registry of `reportlab.pdfbase.pdfmetrics` (a module satisfies it)."""

    def registerFont(self, font: TTFont) -> None: ...
    def registerFontFamily(
        self, family: str, normal: str, bold: str, italic: str, boldItalic: str
    ) -> None: ...


_metrics: _Metrics = pdfmetrics

# Called directly (no wrapper): the renderer measures text on its hottest path.
string_width: Final[Callable[[str, str, float], float]] = pdfmetrics.stringWidth

_PAGE_SIZES: Final[dict[PageSize, tuple[float, float]]] = {"A4": A4, "A5": A5, "A6": A6}


def page_size(size: PageSize, orientation: Orientation) -> tuple[float, float]:
    """The sheet's width and height in points."""
    base = _PAGE_SIZES[size]
    return landscape(base) if orientation == "landscape" else portrait(base)


def new_canvas(buffer: io.BytesIO, pagesize: tuple[float, float]) -> PdfCanvas:
    return Canvas(buffer, pagesize=pagesize, pageCompression=1)


def register_font(name: str, path: str) -> None:
    """Register the TrueType font at `path` under `name` (embedded as a subset)."""
    _metrics.registerFont(TTFont(name, path))


def register_font_family(
    family: str, *, normal: str, bold: str, italic: str, bold_italic: str
) -> None:
    _metrics.registerFontFamily(family, normal, bold, italic, bold_italic)


def define_qr_form(canvas: PdfCanvas, name: str, payload: str, level: str, side: float) -> None:
    """Define the form XObject `name`: the QR code of `payload`, `side` points
    square including its quiet zone, drawn by reportlab's own encoder as vector
    modules."""
    widget = QrCodeWidget(payload, barLevel=level, barBorder=2)
    left, bottom, right, upper = widget.getBounds()
    drawing = Drawing(
        side, side, transform=[side / (right - left), 0, 0, side / (upper - bottom), 0, 0]
    )
    drawing.add(widget)
    canvas.beginForm(name, 0, 0, side, side)
    _draw(drawing, canvas)
    canvas.endForm()


def _draw(drawing: Drawing, canvas: PdfCanvas) -> None:
    # renderPDF wants reportlab's Canvas itself, which every PdfCanvas is.
    if not isinstance(canvas, Canvas):  # pragma: no cover - every canvas comes from new_canvas
        raise TypeError("a drawing goes on a canvas made by new_canvas")
    renderPDF.draw(drawing, canvas, 0, 0)
