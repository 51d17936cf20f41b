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


# Characters a name may not hold: controls (Cc), format characters (Cf: the
# zero-width space and joiners, the bidi overrides and isolates that reorder
# what a reader sees), private-use and unassigned code points, and line or
# paragraph separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
# Marks and punctuation a name may have besides letters and spaces (the
# apostrophe of "H'Hen Niê", the hyphen of "Ksor Y-Bhin", dots of initials).
_NAME_PUNCTUATION = frozenset("'’-.()")


def person_name(text: str) -> str:
    """A person's name as stored, or ValueError with the reason in Vietnamese.

    One normalization for every path a name comes by (API, page, import):
    NFKC, so a full-width or compatibility letter becomes the letter it
    looks like and two look-alike spellings are one string for the
    duplicate checks; single spaces; one placement of the tone mark
    (`normalize_tone_marks`). Refused: control, zero-width and bidi
    characters (a name made of U+200B looks empty; a bidi override shows
    one name and stores another), letters of another script than the
    Latin one Vietnamese is written in (a Cyrillic "а" passes for a Latin
    "a"), digits and symbols, and a name without a letter.
    """
    if any(unicodedata.category(ch) in _HIDDEN_CATEGORIES and not ch.isspace() for ch in text):
        raise ValueError("Họ và tên có ký tự ẩn hoặc ký tự điều khiển (ví dụ ký tự độ rộng 0).")
    name = normalize_tone_marks(" ".join(unicodedata.normalize("NFKC", text).split()))
    if not name:
        raise ValueError("Họ và tên không được để trống.")
    if not any(ch.isalpha() for ch in name):
        raise ValueError(f"Họ và tên «{name}» không có chữ cái nào.")
    for ch in name:
        if ch.isalpha():
            if not unicodedata.name(unicodedata.normalize("NFD", ch)[0], "").startswith("LATIN"):
                raise ValueError(f"Họ và tên «{name}» có chữ cái không thuộc bảng chữ tiếng Việt.")
        elif ch != " " and ch not in _NAME_PUNCTUATION and unicodedata.category(ch) != "Mn":
            raise ValueError(f"Họ và tên «{name}» có ký tự không hợp lệ.")
    return name
