"""Comparing Vietnamese text as people write it."""

from __future__ import annotations

import re
import unicodedata


def header_key(text: str) -> str:
    """Comparable form of a header: no diacritics, no case, no punctuation."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"[^0-9a-z]+", " ", text.casefold())
    return " ".join(text.split())


def tidy(text: str | None) -> str:
    """Text as stored: NFC (house rule 9), single-spaced, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())
