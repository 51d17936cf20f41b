"""What every staffing use case shares: tidy text, the names of places as a
title writes them, and the unit of work."""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import AsyncIterator

from election import db


def tidy(text: str | None) -> str:
    """NFC, single-spaced text (house rule 9)."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def lower_first(name: str) -> str:
    """'Phường Bạc Liêu' → 'phường Bạc Liêu', as written inside a title."""
    return name[:1].lower() + name[1:] if name else name


def province_title(name: str) -> str:
    """'Cà Mau' → 'tỉnh Cà Mau'; 'Thành phố Hà Nội' → 'thành phố Hà Nội'."""
    return lower_first(name) if name.startswith("Thành phố") else f"tỉnh {name}"


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    """`db.transaction()`, typed as a block that never swallows an exception, so
    that what is assigned inside it is known to be bound after it."""
    async with db.transaction():
        yield
