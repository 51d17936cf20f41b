"""Who a voter is: the 12-digit personal ID, the age to vote (Art. 2), the
name as printed, and the key that finds a name typed without diacritics."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from election.elections.rules import age_on
from election.errors import Violation

ELECTION_AGE = 18

# --------------------------------------------------------------------------
# The 12-digit personal ID (số định danh cá nhân)

# Circular 59/2021/TT-BCA, Art. 7: the 4th digit encodes sex and the century
# of birth, from the 20th (1900–1999) to the 24th (2300–2399). First year of
# the century -> the digit for a man (a woman's is one more).
_CENTURY_BASE = {1900: 0, 2000: 2, 2100: 4, 2200: 6, 2300: 8}
FIRST_ENCODED_YEAR = 1900
LAST_ENCODED_YEAR = 2399
_SEXES = {"male": 0, "nam": 0, "female": 1, "nữ": 1}
_SEX_LABELS = ("Nam", "Nữ")
# The codes of the provinces where births are registered: 001–096. A citizen
# whose birth was registered abroad has a country code there instead.
PROVINCE_CODE_MIN = 1
PROVINCE_CODE_MAX = 96
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
ID_ARTICLE = "Thông tư 59/2021/TT-BCA, Điều 7"
BIRTH_CODE_WARNING = "personal_id_birth_code"


def _sex_index(sex: str) -> int:
    """0 for a man, 1 for a woman; the stored codes and the printed labels both work."""
    key = unicodedata.normalize("NFC", str(sex)).strip().casefold()
    if key not in _SEXES:
        raise ValueError(f'sex must be "male" or "female", got {sex!r}')
    return _SEXES[key]


def century_sex_digit(sex: str, birth_year: int) -> int:
    """The 4th digit of a 12-digit citizen ID (Circular 59/2021/TT-BCA, Art. 7):
    men even, women odd; 0/1 for 1900–1999, 2/3 2000–2099, 4/5 2100–2199,
    6/7 2200–2299, 8/9 2300–2399. No digit exists for a birth before 1900."""
    century = birth_year // 100 * 100
    if century not in _CENTURY_BASE:
        raise ValueError(
            f"birth year {birth_year} is outside {FIRST_ENCODED_YEAR}–{LAST_ENCODED_YEAR}"
        )
    return _CENTURY_BASE[century] + _sex_index(sex)


def _birth_code(personal_id: str) -> list[Violation]:
    """The first three digits: a province code 001–096, else (a country code of a
    birth registered abroad, or a mistake) a warning the user may accept."""
    code = personal_id[:3]
    if PROVINCE_CODE_MIN <= int(code) <= PROVINCE_CODE_MAX:
        return []
    return [
        Violation(
            BIRTH_CODE_WARNING,
            f"Ba chữ số đầu của số định danh cá nhân ({code}) không phải mã tỉnh, thành phố "
            "nơi đăng ký khai sinh (001–096); có thể là mã quốc gia của công dân đăng ký khai "
            "sinh ở nước ngoài. Kiểm tra lại với Căn cước; nếu đúng, xác nhận để ghi tên.",
            ID_ARTICLE,
            "personal_id",
            severity="warning",
        )
    ]


def _sex_century(personal_id: str, sex: str | None, born: dt.date | None) -> list[Violation]:
    """The 4th digit against what is known of the sex and the year of birth."""
    digit = int(personal_id[3])
    if born is not None and not FIRST_ENCODED_YEAR <= born.year <= LAST_ENCODED_YEAR:
        born = None  # no encoding exists; nothing to compare with
    if sex is not None and born is not None:
        expected = {century_sex_digit(sex, born.year)}
        described = f"giới tính {_SEX_LABELS[_sex_index(sex)]}, sinh năm {born.year}"
    elif born is not None:
        base = century_sex_digit("male", born.year)
        expected = {base, base + 1}
        described = f"năm sinh {born.year}"
    elif sex is not None:
        expected = set(range(_sex_index(sex), 10, 2))
        described = f"giới tính {_SEX_LABELS[_sex_index(sex)]}"
    else:
        return []
    if digit in expected:
        return []
    allowed = " hoặc ".join(str(value) for value in sorted(expected))
    return [
        Violation(
            "personal_id_sex_century",
            f"Chữ số thứ tư của số định danh cá nhân (mã giới tính và thế kỷ sinh) là "
            f"{digit}, không khớp với {described} (phải là {allowed}).",
            ID_ARTICLE,
            "personal_id",
        )
    ]


def check_personal_id(
    personal_id: str, *, sex: str | None = None, date_of_birth: dt.date | None = None
) -> list[Violation]:
    """The structure of the ID (Circular 59/2021/TT-BCA, Art. 7): the code of the
    place of birth registration, a sex-and-century digit, the last two digits
    of the birth year, a serial.

    The place code is a province's, 001–096; a code outside (a country's, for
    a birth registered abroad) is a warning the user may accept, not an error.
    Codes inside 001–096 that no province uses are not questioned: birth
    registration codes outlive the 2025 merger of provinces, and a stricter
    list would turn away real citizens. Without `sex` only the century is
    checked; without `date_of_birth` only the sex; the year digits need the
    date. `sex` is "male"/"female" (or the labels "Nam"/"Nữ"); another value
    is a ValueError, a programming error rather than a data one.
    """
    if not _TWELVE_DIGITS.fullmatch(personal_id):
        return [
            Violation(
                "personal_id_format",
                "Số định danh cá nhân phải gồm đúng 12 chữ số.",
                ID_ARTICLE,
                "personal_id",
            )
        ]
    violations = _birth_code(personal_id) + _sex_century(personal_id, sex, date_of_birth)
    if date_of_birth is not None and personal_id[4:6] != f"{date_of_birth.year % 100:02d}":
        violations.append(
            Violation(
                "personal_id_year",
                "Chữ số thứ năm và thứ sáu của số định danh cá nhân phải là hai số cuối của "
                f"năm sinh ({date_of_birth.year % 100:02d}); nhận được {personal_id[4:6]}.",
                ID_ARTICLE,
                "personal_id",
            )
        )
    return violations


# --------------------------------------------------------------------------
# Age and name


def latest_birth_date(election_day: dt.date) -> dt.date:
    """The last date of birth that still votes: election day minus 18 years
    (28 February when election day is a 29 February)."""
    try:
        return election_day.replace(year=election_day.year - ELECTION_AGE)
    except ValueError:
        return election_day.replace(year=election_day.year - ELECTION_AGE, day=28)


def check_voter_age(date_of_birth: dt.date, election_day: dt.date) -> list[Violation]:
    """Art. 2: 18 or older on election day; a birthday on election day counts.

    Someone born on 29 February reaches 18 on 1 March in a year that has no
    29 February (the completed-years count of `age_on`): with election day
    28 February they may not vote yet, on 1 March they may.
    """
    if age_on(date_of_birth, election_day) >= ELECTION_AGE:
        return []
    latest = latest_birth_date(election_day)
    return [
        Violation(
            "voter_too_young",
            f"Cử tri phải đủ {ELECTION_AGE} tuổi trở lên tính đến ngày bầu cử "
            f"(sinh từ ngày {latest:%d/%m/%Y} trở về trước).",
            "Điều 2",
            "date_of_birth",
        )
    ]


# Apostrophes of ethnic-minority names (K'Nhiễu, H′Dơk), the hyphen, the period.
_NAME_PUNCTUATION = frozenset("'’′-. ")


def _stray_characters(name: str) -> list[str]:
    stray: list[str] = []
    for char in name:
        if char in _NAME_PUNCTUATION or unicodedata.category(char)[0] in "LM":
            continue
        if char not in stray:
            stray.append(char)
    return stray


def _shown(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"«{char}»"
    return f"U+{ord(char):04X}"


def check_voter_name(full_name: str) -> list[Violation]:
    """A full name as it is printed on the list and the card: letters (Vietnamese
    and others), spaces, apostrophes ' ’ ′, hyphen and period; already NFC,
    because the PDF renderer draws decomposed tone marks in the wrong place
    and search keys would differ."""
    field = "full_name"
    if not full_name or not full_name.strip():
        return [Violation("name_empty", "Họ và tên không được để trống.", None, field)]
    violations: list[Violation] = []
    if not unicodedata.is_normalized("NFC", full_name):
        violations.append(
            Violation(
                "name_not_nfc",
                "Họ và tên chưa ở dạng Unicode dựng sẵn (NFC): dấu thanh được lưu tách rời "
                "khỏi chữ cái.",
                None,
                field,
            )
        )
    composed = unicodedata.normalize("NFC", full_name.strip())
    stray = _stray_characters(composed)
    if stray:
        violations.append(
            Violation(
                "name_stray_characters",
                "Họ và tên không được chứa chữ số hoặc ký tự đặc biệt: "
                + ", ".join(_shown(char) for char in stray)
                + ".",
                None,
                field,
            )
        )
    elif not any(unicodedata.category(char)[0] == "L" for char in composed):
        violations.append(
            Violation("name_stray_characters", "Họ và tên phải có chữ cái.", None, field)
        )
    return violations


_APOSTROPHES = str.maketrans({"’": "'", "′": "'", "ʼ": "'", "‘": "'"})
# Đ and its look-alike Ð (the Icelandic eth) are letters of their own, not D
# with a mark, so decomposition keeps them.
_D_LETTERS = str.maketrans({"đ": "d", "ð": "d"})


def search_key(text: str) -> str:
    """Lower case without diacritics, đ→d, apostrophes as ', whitespace collapsed:
    'Nguyễn Thị Hồng' → 'nguyen thi hong', for searching without diacritics.
    Idempotent, so a key can be searched with a key."""
    lowered = unicodedata.normalize("NFD", str(text).lower())
    stripped = "".join(char for char in lowered if not unicodedata.combining(char))
    return " ".join(stripped.translate(_D_LETTERS).translate(_APOSTROPHES).split())
