"""What every staffing use case shares: the names of places as a title writes
them (and tidy text, from election.text)."""

from __future__ import annotations

from election.text import tidy

__all__ = ["lower_first", "province_title", "tidy"]


def lower_first(name: str) -> str:
    """'Phường Bạc Liêu' → 'phường Bạc Liêu', as written inside a title."""
    return name[:1].lower() + name[1:] if name else name


def province_title(name: str) -> str:
    """'Cà Mau' → 'tỉnh Cà Mau'; 'Thành phố Hà Nội' → 'thành phố Hà Nội'."""
    return lower_first(name) if name.startswith("Thành phố") else f"tỉnh {name}"
