"""What every staffing use case shares: tidy text, and the names of places as
a title writes them."""

from __future__ import annotations

import unicodedata


def tidy(text: str | None) -> str:
    """NFC, single-spaced text (house rule 9)."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def lower_first(name: str) -> str:
    """'Phường Bạc Liêu' → 'phường Bạc Liêu', as written inside a title."""
    return name[:1].lower() + name[1:] if name else name


def province_title(name: str) -> str:
    """'Cà Mau' → 'tỉnh Cà Mau'; 'Thành phố Hà Nội' → 'thành phố Hà Nội'."""
    return lower_first(name) if name.startswith("Thành phố") else f"tỉnh {name}"
