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


# The five tone marks, as combining characters (NFD).
_TONE = "\u0300\u0301\u0303\u0309\u0323"
# What may not follow the moved vowel: a letter or digit (a final consonant or
# another vowel: "hoàn", "ngoài") or a further mark on it ("hoặc").
_SYLLABLE_GOES_ON = r"(?![\w\u0300-\u036f])"
# The tone on the second vowel of a final oa, oe or uy (not the "uy" of "quy",
# where u belongs to the consonant qu- and the tone is always on y).
_TONE_ON_SECOND = re.compile(
    rf"(?:([oO])([aAeE])|(?<![qQ])([uU])([yY]))([{_TONE}]){_SYLLABLE_GOES_ON}"
)


def _on_first(match: re.Match[str]) -> str:
    first = match[1] or match[3]
    second = match[2] or match[4]
    return first + match[5] + second


def normalize_tone_marks(text: str) -> str:
    """One placement of the tone mark in the syllables that end in oa, oe or uy:
    on the first vowel ("Hòa", "Thúy", "khỏe"), the other placement ("Hoà",
    "Thuý", "khoẻ") moved to it; returned in NFC.

    The two placements are one name: whether "Hoà" and "Hòa" sort as one
    (Art. 57(5)), need the date of birth to tell them apart, are duplicates
    or match in a search must not depend on the keyboard that typed them.
    The placement kept is the one the 2026 official documents use: Resolution
    40/NQ-HĐBCQG, whose forms every printout follows, writes "hòa" (Cộng hòa,
    Khánh Hòa) 44 times and "hoà" never, "khóa" 77 times and "khoá" never,
    "ủy" 151 times and "uỷ" never, "khỏe" 4 times against 2 "khoẻ"; the
    Quốc hiệu of Decree 30/2020/NĐ-CP and the names of the provinces
    (Thanh Hóa, Khánh Hòa) are written the same way.

    Only a final oa/oe/uy moves: in a closed or longer syllable both styles
    agree ("hoàn", "ngoài", "khuyến", "hoặc"), and in "quý", "quỳnh" the u is
    part of qu-. Idempotent: normalizing twice is normalizing once.
    """
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _TONE_ON_SECOND.sub(_on_first, decomposed))
