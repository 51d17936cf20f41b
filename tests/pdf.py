"""Reading printed forms back: the text of a PDF, normalized for comparison."""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def squash(text: str) -> str:
    """Collapse whitespace, since extraction breaks lines where the layout wraps."""
    return re.sub(r"\s+", " ", text)
