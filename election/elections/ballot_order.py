"""The legal order of an electoral unit's candidates on the ballot (Art. 57(5)).

Candidates are listed "in A, B, C order": by given name (Tên, the last word),
then family name (Họ, the first word), then middle name(s) (Tên đệm, the
words in between, word by word), then the earlier date of birth first.

Words compare letter by letter in the Vietnamese alphabet

    a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y

with f, j, w, z (ethnic-minority names) at their Latin positions, and every
vowel carrying a tone mark counted as its own letter right after the bare
vowel, in the tone order huyền, hỏi, ngã, sắc, nặng (a < à < ả < ã < á < ạ < ă).

Cleaning, applied before any comparison:

* Unicode is normalized to NFC, then every letter is split into its base and
  marks here, so NFC and NFD input give identical keys;
* the tone mark of a final oa, oe, uy is put on its first vowel
  (`election.text.normalize_tone_marks`): "Hoà" and "Hòa", "Thuý" and
  "Thúy" are the same name;
* case is ignored (ĐÀO = Đào);
* punctuation, symbols and modifier letters (apostrophes, primes, hyphens:
  H′Dry, K’ Nhiễu, Y-Moan) are ignored, and a word made only of them is dropped;
* a parenthesised part ("Nguyễn Văn An (Thích Minh Tâm)") is the other name,
  which never counts, and is removed; an unclosed "(" removes the rest;
* whitespace is collapsed.

A one-word name is a given name with an empty family name and no middle name.

Characters outside the Vietnamese-Latin alphabet (other letters, digits)
sort after z, by code point of their base letter; marks that are not
Vietnamese (cedilla, diaeresis, …) and tone marks on consonants are ignored;
Icelandic ð, the usual mistyping of đ, counts as đ.

Pure functions: no I/O, no database.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from election.text import normalize_tone_marks

__all__ = [
    "ballot_order_key",
    "ballot_sort_key",
    "name_parts",
    "needs_birth_date",
    "sort_for_ballot",
    "word_key",
]

T = TypeVar("T")

# Tone marks in their collation order: huyền, hỏi, ngã, sắc, nặng.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Marks that turn a Latin vowel into a distinct Vietnamese vowel.
_SHAPED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
_VOWELS = frozenset("aăâeêioôơuưy")
# The alphabet in collation order; each vowel is followed by its five tones.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"


def _letter_codes() -> dict[tuple[str, int], int]:
    codes: dict[tuple[str, int], int] = {}
    for letter in _ALPHABET:
        for tone in range(len(_TONES) + 1 if letter in _VOWELS else 1):
            codes[(letter, tone)] = len(codes) + 1
    return codes


# (base letter, tone index with 0 = no tone) -> code 1..93.
_LETTER_CODES = _letter_codes()
# Codes of characters outside the alphabet: this offset plus the code point.
_FOREIGN = 0x100
_NO_BIRTH_DATE = dt.date.max.toordinal() + 1

# ballot_sort_key's encoding; see its docstring.
_WORD_END = "."
_PART_END = "!"
_FOREIGN_MARK = "x"
_NO_BIRTH_DATE_TEXT = "99999999"

_PARENTHESISED = re.compile(r"[(（][^()（）]*[)）]")
_UNCLOSED = re.compile(r"[(（].*", re.DOTALL)


def _clusters(word: str) -> list[tuple[str, str]]:
    """Split into (base, marks) per letter, dropping what is not a letter; the
    tone of a final oa, oe, uy on its first vowel (`normalize_tone_marks`,
    applied once the punctuation is gone, so that punctuation never changes
    the key)."""
    letters: list[str] = []
    keep = False
    for char in unicodedata.normalize("NFD", unicodedata.normalize("NFC", word).lower()):
        if unicodedata.combining(char):
            if keep:
                letters.append(char)
            continue
        category = unicodedata.category(char)
        keep = (category[0] == "L" and category != "Lm") or category[0] == "N"
        if keep:
            letters.append(char)
    clusters: list[tuple[str, str]] = []
    for char in unicodedata.normalize("NFD", normalize_tone_marks("".join(letters))):
        if unicodedata.combining(char) and clusters:
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + char)
        else:
            clusters.append((char, ""))
    return clusters


def _letter_code(base: str, marks: str) -> int:
    if base == "ð":
        base = "đ"
    if not ("a" <= base <= "z" or base == "đ"):
        return _FOREIGN + ord(base)
    for mark in marks:
        if (base, mark) in _SHAPED:
            base = _SHAPED[(base, mark)]
            break
    tone = 0
    if base in _VOWELS:
        tone = next((_TONES.index(m) + 1 for m in marks if m in _TONES), 0)
    return _LETTER_CODES[(base, tone)]


def word_key(word: str) -> tuple[int, ...]:
    """Collation key of one word, letter by letter in the Vietnamese alphabet (Art. 57(5)).

    Known letters get codes 1..93 in alphabet order (toned vowels right after
    their bare vowel); other characters get 256 + their code point.
    Punctuation is ignored, so a word of punctuation only has the key ().
    """
    return tuple(_letter_code(base, marks) for base, marks in _clusters(word))


def name_parts(full_name: str) -> tuple[str, str, tuple[str, ...]]:
    """(given, family, middle) as compared for the ballot order (Art. 57(5)).

    In NFC and the original case; the parenthesised other name and words of
    punctuation only are removed, punctuation inside a word is kept as written
    (word_key ignores it). A one-word name is ("Word", "", ()).
    """
    text = unicodedata.normalize("NFC", full_name)
    while True:
        stripped = _PARENTHESISED.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    text = _UNCLOSED.sub(" ", text)
    words = [w for w in text.replace(")", " ").replace("）", " ").split() if word_key(w)]
    if not words:
        return "", "", ()
    if len(words) == 1:
        return words[0], "", ()
    return words[-1], words[0], tuple(words[1:-1])


def _name_key(full_name: str) -> tuple:
    given, family, middle = name_parts(full_name)
    return word_key(given), word_key(family), tuple(word_key(m) for m in middle)


def ballot_order_key(full_name: str, date_of_birth: dt.date | None) -> tuple:
    """Sort key of a candidate in the ballot order (Art. 57(5)).

    (word_key(given), word_key(family), tuple of word_key(middle word),
    ordinal of the date of birth); a missing date sorts after any date.
    """
    birth = _NO_BIRTH_DATE if date_of_birth is None else date_of_birth.toordinal()
    return (*_name_key(full_name), birth)


def _encode_word(key: tuple[int, ...]) -> str:
    return (
        "".join(
            f"{code:02x}" if code < _FOREIGN else f"{_FOREIGN_MARK}{code - _FOREIGN:06x}"
            for code in key
        )
        + _WORD_END
    )


def ballot_sort_key(full_name: str, date_of_birth: dt.date | None) -> str:
    """The ballot order (Art. 57(5)) as an ASCII string, for ORDER BY ... COLLATE "C".

    The embedded PostgreSQL has no ICU, so the database sorts this string by
    bytes; for any two candidates the string order equals the order of
    ballot_order_key (equal strings iff equal keys).

    Encoding, in this sequence:

        given-word "!" family-word "!" middle-word* "!" YYYYMMDD

    * a word is its letter codes followed by "." (so a word that is a prefix
      of another comes first);
    * a letter code 1..93 is two lowercase hex digits ("01".."5d"); a
      character outside the alphabet is "x" plus six hex digits of its code
      point (sorting after every letter, as "x" > "f");
    * "!" ends each name component and sorts below "." and every letter, so
      fewer middle words (a prefix) come first;
    * the date of birth is YYYYMMDD, or "99999999" when missing.

    Each token's first character tells its width, and "!" < "." < "0-9a-f" < "x",
    so the byte order follows the tuple order token by token.
    Example: "Lê An", 2 Jan 1970 -> "0130.!2e1d.!!19700102".
    """
    given, family, middle = _name_key(full_name)
    birth = (
        _NO_BIRTH_DATE_TEXT
        if date_of_birth is None
        else f"{date_of_birth.year:04d}{date_of_birth.month:02d}{date_of_birth.day:02d}"
    )
    return (
        _encode_word(given)
        + _PART_END
        + _encode_word(family)
        + _PART_END
        + "".join(_encode_word(word) for word in middle)
        + _PART_END
        + birth
    )


def _no_birth_date(_: object) -> dt.date | None:
    return None


def sort_for_ballot(
    candidates: Iterable[T],
    *,
    name: Callable[[T], str] = str,
    birth: Callable[[T], dt.date | None] = _no_birth_date,
) -> list[T]:
    """Candidates in ballot order (Art. 57(5)); ties keep their input order.

    `name` and `birth` read a candidate's full name and date of birth; by
    default the candidates are the names themselves:
    sort_for_ballot(["Trần Văn Hoà", "Lê Văn Hòa"]) == ["Lê Văn Hòa", "Trần Văn Hoà"]
    (the same given name Hòa, whichever its spelling, then the family name)."""
    return sorted(candidates, key=lambda c: ballot_order_key(name(c), birth(c)))


def needs_birth_date(candidates: Sequence[T], *, name: Callable[[T], str] = str) -> set[int]:
    """Indexes of candidates whose name is the same as another's (Art. 57(5)).

    Only they have the date of birth printed on the ballot. "The same" means
    the same for the ballot order: regardless of case, punctuation, NFC/NFD,
    whitespace, the placement of the tone mark ("Thuý" = "Thúy") and the
    parenthesised other name. By default the candidates are the names.
    """
    keys = [_name_key(name(c)) for c in candidates]
    counts: dict[tuple, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return {i for i, key in enumerate(keys) if counts[key] > 1}
