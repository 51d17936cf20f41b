"""The page and the cursor that flows blocks down it: page breaks, the footer
("Trang n/N" and nothing else: no internal code is printed), the form number
in the top right corner, and lines of text drawn one under the other."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from forms.base import Align
from forms.render.fonts import BOLD, REGULAR, line_height, nfc
from forms.render.pdf import PdfCanvas

# The form XObject every page's footer places after "Trang n/": it is drawn
# once the last page is known, by `draw_page_total`.
PAGE_TOTAL = "page_total"
FOOTER_SIZE = 7.5
FOOTER_GRAY = 0.35
# "Mẫu số 18/HĐBC-QH" in the top right corner of a page, and of a card.
FORM_NUMBER_SIZE = 10
CARD_FORM_NUMBER_SIZE = 7


@dataclass
class Page:
    """A sheet and its margins, in points."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right


@dataclass
class Flow:
    """Cursor state while blocks are laid out onto pages."""

    canvas: PdfCanvas
    page: Page
    page_numbers: bool = True
    y: float = 0.0
    page_number: int = 0
    # Set when a block took the whole page (a card grid): the next block starts a new one.
    full: bool = False
    # The form number each card of a card grid prints in its corner ("" for none).
    card_number: str = ""

    def new_page(self) -> None:
        if self.page_number > 0:
            self.canvas.showPage()
        self.page_number += 1
        self.full = False
        self.y = self.page.height - self.page.top
        if self.page_numbers:
            self._draw_footer()

    def _draw_footer(self) -> None:
        c = self.canvas
        c.setFont(REGULAR, FOOTER_SIZE)
        c.setFillGray(FOOTER_GRAY)
        text = f"Trang {self.page_number}/"
        x = self.page.width - self.page.right - 12
        c.drawRightString(x, self.page.bottom / 2, text)
        c.saveState()
        c.translate(x, self.page.bottom / 2)
        c.doForm(PAGE_TOTAL)
        c.restoreState()
        c.setFillGray(0)

    def ensure(self, height: float) -> bool:
        """Start a new page unless `height` fits; returns whether a page began."""
        if self.y - height < self.page.bottom:
            self.new_page()
            return True
        return False


def draw_page_total(canvas: PdfCanvas, pages: int) -> None:
    """The N of "Trang n/N", known only now: every page placed this form object."""
    canvas.beginForm(PAGE_TOTAL)
    canvas.setFont(REGULAR, FOOTER_SIZE)
    canvas.setFillGray(FOOTER_GRAY)
    canvas.drawString(0, 0, str(pages))
    canvas.endForm()


def draw_form_number(flow: Flow, number: str, size: float = FORM_NUMBER_SIZE) -> None:
    """The model's number ("Mẫu số 18/HĐBC-QH") in bold at the top right, on a
    line of its own above the letterhead, as the models of Resolution
    40/NQ-HĐBCQG print it."""
    c = flow.canvas
    c.setFont(BOLD, size)
    c.drawRightString(flow.page.width - flow.page.right, flow.y - size, nfc(number))
    flow.y -= line_height(size) + 1


def draw_lines(
    flow: Flow,
    lines: Sequence[str],
    *,
    font: str,
    size: float,
    align: Align,
    x: float,
    width: float,
    keep: float = 0,
) -> None:
    """Lines one under the other, a new page whenever one does not fit. With
    `keep` (the height of what must follow on the same page, e.g. signature
    blocks), the last two lines go to the next page together with it rather
    than leave it alone there."""
    c = flow.canvas
    c.setFont(font, size)
    leading = line_height(size)
    kept = len(lines) - min(2, len(lines)) if keep else len(lines)
    for index, line in enumerate(lines):
        if index == kept:
            if flow.ensure(leading * (len(lines) - index) + keep):
                c.setFont(font, size)
        elif flow.ensure(leading):
            c.setFont(font, size)
        baseline = flow.y - size
        if align == "center":
            c.drawCentredString(x + width / 2, baseline, line)
        elif align == "right":
            c.drawRightString(x + width, baseline, line)
        else:
            c.drawString(x, baseline, line)
        flow.y -= leading
