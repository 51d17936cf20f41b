"""Pure parsers for values typed by people or exported by other systems.

Each returns the value or raises ValueError with a Vietnamese message; the
import machinery turns that into a row-level error.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from election.text import header_key, person_name, tidy

_DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)


def parse_date(text: str) -> dt.date:
    """dd/mm/yyyy (as written in Vietnam), d/m/yyyy, dd-mm-yyyy or ISO yyyy-mm-dd."""
    text = text.strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                raise ValueError(f"Ngày «{text}» không tồn tại.") from None
    raise ValueError(f"Ngày «{text}» sai định dạng (dùng ngày/tháng/năm, ví dụ 15/03/2026).")


def parse_optional_date(text: str) -> dt.date | None:
    return parse_date(text) if text.strip() else None


_TIME_PATTERN = re.compile(r"^(?P<h>\d{1,2})\s*(?::|h|g|giờ)\s*(?P<m>\d{1,2})?\s*(?:phút)?$")


def parse_optional_time(text: str) -> dt.time | None:
    """A clock time as written on minutes: 19:30, 19h30, 19 giờ 30 phút, 19g."""
    text = unicodedata.normalize("NFC", text).strip().casefold()
    if not text:
        return None
    match = _TIME_PATTERN.match(text)
    if match:
        hour, minute = int(match["h"]), int(match["m"] or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ValueError(f"Giờ «{text}» không hợp lệ (ví dụ 19:30 hoặc 19 giờ 30).")


def parse_int(text: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    cleaned = (
        text.strip().replace(".", "").replace(" ", "")
        if re.fullmatch(r"[\d. ]+", text.strip())
        else text.strip()
    )
    if not re.fullmatch(r"-?\d+", cleaned):
        raise ValueError(f"«{text}» không phải là số nguyên.")
    value = int(cleaned)
    if minimum is not None and value < minimum:
        raise ValueError(f"Giá trị {value} nhỏ hơn mức tối thiểu {minimum}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"Giá trị {value} lớn hơn mức tối đa {maximum}.")
    return value


_SEXES = {
    "nam": "male",
    "male": "male",
    "m": "male",
    "nu": "female",
    "female": "female",
    "f": "female",
}


def parse_sex(text: str) -> str:
    """'Nam'/'Nữ' (any case, with or without diacritics) → 'male'/'female'."""
    value = _SEXES.get(header_key(text))
    if value is None:
        raise ValueError(f"Giới tính «{text}» không hợp lệ (ghi Nam hoặc Nữ).")
    return value


_TRUE = {"x", "co", "1", "true", "yes", "dung"}
_FALSE = {"", "khong", "0", "false", "no", "sai"}


def parse_flag(text: str) -> bool:
    key = header_key(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"«{text}» không phải giá trị có/không.")


def clean_person_name(text: str) -> str:
    """A person's name as stored (`election.text.person_name`: NFKC, single
    spaces, one placement of the tone mark); refuses hidden characters,
    digits, symbols, letters of another script and a name without letters."""
    return person_name(text)


def clean_text(text: str, *, max_length: int) -> str:
    value = tidy(text)
    if len(value) > max_length:
        raise ValueError(f"Nội dung dài quá {max_length} ký tự.")
    return value


def parse_personal_id(text: str) -> str | None:
    """A 12-digit personal ID (số định danh cá nhân) as typed, or None when blank."""
    digits = text.strip()
    if not digits:
        return None
    if not (digits.isdigit() and len(digits) == 12):
        raise ValueError("Số định danh cá nhân phải gồm đúng 12 chữ số.")
    return digits
