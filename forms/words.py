"""Numbers in Vietnamese words, for the figures a form asks to write "bằng chữ".

The usage is that of Vietnamese administrative and accounting documents
(the "Số tiền viết bằng chữ" of invoices and State Treasury forms):

- "nghìn", not "ngàn"; "tỷ" for 10^9, repeated for larger numbers ("một nghìn
  tỷ", "một tỷ tỷ");
- "linh" for a zero tens digit after the hundreds: 105 → "một trăm linh năm";
- inside a number, a group of three digits after a higher one is read with
  its hundreds, even zero: 1.010 → "một nghìn không trăm mười"; a group that
  is all zeros is left out: 1.000.005 → "một triệu không trăm linh năm" (the
  customary reading, rather than "một triệu không nghìn không trăm linh
  năm");
- after "mươi" (20 and up), 1 is "mốt", 4 is "tư" and 5 is "lăm": 21 → "hai
  mươi mốt", 24 → "hai mươi tư", 25 → "hai mươi lăm" (so 1.234.567 → "một
  triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"); after "mười" 5 is
  "lăm" and 1 and 4 stay "một", "bốn": 15 → "mười lăm", 11 → "mười một".

num2words (`lang="vi"`) was checked against this table and not used: it
writes "lẻ" for "linh" (the southern spoken form), "hai mươi bốn", and reads
1.010 as "một nghìn lẻ mười" and 1.015 as "một nghìn lẻ mười lăm", which are
wrong.
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
BILLION = 1_000_000_000
# The groups of three digits under a billion, from the highest.
_SCALES = ((1_000_000, "triệu"), (1_000, "nghìn"), (1, ""))


def _units_after_tens(tens: int, units: int) -> str:
    """The units digit after "mười" (tens 1) or "mươi" (tens 2–9)."""
    if units == 5:
        return "lăm"
    if tens >= 2 and units == 1:
        return "mốt"
    if tens >= 2 and units == 4:
        return "tư"
    return DIGITS[units]


def _group(value: int, full: bool) -> list[str]:
    """The words of 1–999; `full` when a higher group precedes it, so that its
    hundreds are read even when zero ("không trăm")."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += ["linh", DIGITS[units]] if words else [DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append(_units_after_tens(1, units))
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append(_units_after_tens(tens, units))
    return words


def _below_billion(value: int, full: bool) -> list[str]:
    words: list[str] = []
    for scale, name in _SCALES:
        group, value = divmod(value, scale)
        if group:
            words += _group(group, full or bool(words))
            if name:
                words.append(name)
    return words


def _words(value: int, full: bool) -> list[str]:
    if value >= BILLION:
        high, low = divmod(value, BILLION)
        words = [*_words(high, full), "tỷ"]
        return words + _below_billion(low, True) if low else words
    return _below_billion(value, full)


def number_words(value: int) -> str:
    """A whole number ≥ 0 in Vietnamese words, lower case: 1234567 → 'một triệu
    hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy'."""
    if isinstance(value, bool) or value < 0:
        raise ValueError(f"not a count: {value!r}")
    if value == 0:
        return DIGITS[0]
    return " ".join(_words(value, False))


def in_words(value: int) -> str:
    """The form's "(bằng chữ: …)" text, capitalized: 105 → 'Một trăm linh năm'."""
    text = number_words(value)
    return text[0].upper() + text[1:]
