"""Fonts and the measuring of text.

Tinos, the free typeface with the metrics of Times New Roman (Decree
30/2020/NĐ-CP sets administrative documents in Times New Roman), in regular,
bold, italic and bold italic, vendored under `forms/fonts/` with its licence.
Every string is normalized to NFC first, because reportlab does no mark
positioning and decomposed text would draw its tone marks in the wrong place.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from forms.base import Cell
from forms.render.pdf import register_font, register_font_family, string_width

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"

REGULAR = "Tinos"
BOLD = "Tinos-Bold"
ITALIC = "Tinos-Italic"
BOLD_ITALIC = "Tinos-BoldItalic"

# Face name -> its file under FONT_DIR.
FONT_FILES = {
    REGULAR: "Tinos-Regular.ttf",
    BOLD: "Tinos-Bold.ttf",
    ITALIC: "Tinos-Italic.ttf",
    BOLD_ITALIC: "Tinos-BoldItalic.ttf",
}


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the four faces and their family with reportlab, once a process."""
    for name, filename in FONT_FILES.items():
        register_font(name, str(FONT_DIR / filename))
    register_font_family(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, bold_italic=BOLD_ITALIC)


def nfc(text: Cell) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def font_for(bold: bool = False, italic: bool = False) -> str:
    if bold and italic:
        return BOLD_ITALIC
    if bold:
        return BOLD
    if italic:
        return ITALIC
    return REGULAR


def line_height(size: float) -> float:
    return size * 1.32


@lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    # Cached: a voter list measures the same dates, names and marks over and over.
    return string_width(text, font, size)


def wrap(text: Cell, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word longer than the line is cut by characters."""
    text = nfc(text)
    # Most table cells fit on one line: measure once and return.
    if "\n" not in text and text_width(text, font, size) <= width:
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        current = ""
        for word in words:
            candidate = word if not current else current + " " + word
            if text_width(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while text_width(current, font, size) > width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and text_width(current[:cut], font, size) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines
