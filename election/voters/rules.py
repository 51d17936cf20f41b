"""Pure rules of voter lists (§4 of the domain reference): who may vote, the
citizen ID, names, which ballots a voter receives, and the legal windows for
changing the list, complaints, certificates to vote elsewhere and election-day
check-in.

No I/O: the services and the SQL bulk path call these with plain values.
Every moment is compared in Vietnam's time zone (UTC+7, no daylight saving).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from election.clock import VIETNAM
from election.elections.rules import age_on
from election.errors import Violation
from election.voters.tables import ResidenceCategory

ELECTION_AGE = 18

# --------------------------------------------------------------------------
# The 12-digit personal ID (số định danh cá nhân)

# Circular 59/2021/TT-BCA: the 4th digit encodes sex and century of birth.
# First year of the century -> the digit for a man (a woman's is one more).
_CENTURY_BASE = {1900: 0, 2000: 2, 2100: 4, 2200: 6, 1800: 8}
_SEXES = {"male": 0, "nam": 0, "female": 1, "nữ": 1}
_SEX_LABELS = ("Nam", "Nữ")
PROVINCE_CODE_MIN = 1
PROVINCE_CODE_MAX = 96
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")


def _sex_index(sex: str) -> int:
    """0 for a man, 1 for a woman; the stored codes and the printed labels both work."""
    key = unicodedata.normalize("NFC", str(sex)).strip().casefold()
    if key not in _SEXES:
        raise ValueError(f'sex must be "male" or "female", got {sex!r}')
    return _SEXES[key]


def century_sex_digit(sex: str, birth_year: int) -> int:
    """The 4th digit of a 12-digit citizen ID (Circular 59/2021/TT-BCA): men even,
    women odd; 0/1 for 1900–1999, 2/3 2000–2099, 4/5 2100–2199, 6/7 2200–2299,
    8/9 1800–1899."""
    century = birth_year // 100 * 100
    if century not in _CENTURY_BASE:
        raise ValueError(f"birth year {birth_year} is outside 1800–2299")
    return _CENTURY_BASE[century] + _sex_index(sex)


def check_personal_id(
    personal_id: str, *, sex: str | None = None, date_of_birth: dt.date | None = None
) -> list[Violation]:
    """The structure of the ID (Circular 59/2021/TT-BCA): a province code 001–096,
    a sex-and-century digit, the last two digits of the birth year, a serial.

    Codes inside 001–096 that no province uses are not rejected: birth
    registration codes outlive the 2025 merger of provinces, and a stricter
    list would turn away real citizens. Without `sex` only the century is
    checked; without `date_of_birth` only the sex; the year digits need the date.
    `sex` is "male"/"female" (or the labels "Nam"/"Nữ"); another value is a
    ValueError, a programming error rather than a data one.
    """
    field = "personal_id"
    if not _TWELVE_DIGITS.fullmatch(personal_id):
        return [
            Violation(
                "personal_id_format",
                "Số định danh cá nhân phải gồm đúng 12 chữ số.",
                None,
                field,
            )
        ]
    violations: list[Violation] = []
    province = int(personal_id[:3])
    if not PROVINCE_CODE_MIN <= province <= PROVINCE_CODE_MAX:
        violations.append(
            Violation(
                "personal_id_province",
                "Ba chữ số đầu của số định danh cá nhân (mã tỉnh nơi đăng ký khai sinh) "
                f"phải từ 001 đến 096; nhận được {personal_id[:3]}.",
                None,
                field,
            )
        )
    digit = int(personal_id[3])
    expected: set[int] | None = None
    described = ""
    if date_of_birth is not None and not 1800 <= date_of_birth.year <= 2299:
        date_of_birth = None  # no encoding exists; nothing to compare with
    if sex is not None and date_of_birth is not None:
        expected = {century_sex_digit(sex, date_of_birth.year)}
        described = f"giới tính {_SEX_LABELS[_sex_index(sex)]}, sinh năm {date_of_birth.year}"
    elif date_of_birth is not None:
        base = century_sex_digit("male", date_of_birth.year)
        expected = {base, base + 1}
        described = f"năm sinh {date_of_birth.year}"
    elif sex is not None:
        expected = set(range(_sex_index(sex), 10, 2))
        described = f"giới tính {_SEX_LABELS[_sex_index(sex)]}"
    if expected is not None and digit not in expected:
        allowed = " hoặc ".join(str(value) for value in sorted(expected))
        violations.append(
            Violation(
                "personal_id_sex_century",
                f"Chữ số thứ tư của số định danh cá nhân (mã giới tính và thế kỷ sinh) là "
                f"{digit}, không khớp với {described} (phải là {allowed}).",
                None,
                field,
            )
        )
    if date_of_birth is not None and personal_id[4:6] != f"{date_of_birth.year % 100:02d}":
        violations.append(
            Violation(
                "personal_id_year",
                "Chữ số thứ năm và thứ sáu của số định danh cá nhân phải là hai số cuối của "
                f"năm sinh ({date_of_birth.year % 100:02d}); nhận được {personal_id[4:6]}.",
                None,
                field,
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


# --------------------------------------------------------------------------
# Which ballots a voter receives


@dataclass(frozen=True)
class BallotScope:
    dbqh: bool
    tinh: bool
    xa: bool

    @property
    def labels(self) -> list[str]:
        """The ballots by their short Vietnamese names, in contest order."""
        return [
            label
            for label, given in (
                ("ĐBQH", self.dbqh),
                ("HĐND tỉnh", self.tinh),
                ("HĐND xã", self.xa),
            )
            if given
        ]


ALL_BALLOTS = BallotScope(dbqh=True, tinh=True, xa=True)
NATIONAL_AND_PROVINCE = BallotScope(dbqh=True, tinh=True, xa=False)
NATIONAL_ONLY = BallotScope(dbqh=True, tinh=False, xa=False)

OUTSIDE_PROVINCE_POLICIES = {"dbqh": NATIONAL_ONLY, "dbqh_tinh": NATIONAL_AND_PROVINCE}

_SCOPES = {
    ResidenceCategory.PERMANENT: ALL_BALLOTS,
    ResidenceCategory.TEMPORARY_LONG: ALL_BALLOTS,
    ResidenceCategory.TEMPORARY_SHORT: NATIONAL_AND_PROVINCE,
    ResidenceCategory.ARMED_FORCES: NATIONAL_AND_PROVINCE,
    ResidenceCategory.DETENTION: NATIONAL_AND_PROVINCE,
    ResidenceCategory.RETURNED_PERMANENT: ALL_BALLOTS,
    ResidenceCategory.RETURNED_TEMPORARY: NATIONAL_AND_PROVINCE,
    ResidenceCategory.CERTIFICATE: NATIONAL_AND_PROVINCE,
}


def ballot_scope(
    category: ResidenceCategory | str,
    *,
    outside_province: bool = False,
    outside_province_policy: str = "dbqh",
) -> BallotScope:
    """The ballots a voter receives where they are listed (§4 table).

    Art. 29(3): a temporary stay under 12 months, and soldiers at their unit,
    vote for the National Assembly and the provincial council only (a stay of
    12 months or more votes like a permanent resident: an inference, since
    29(3) names only the shorter stays). Art. 29(5), 30(4): people in
    detention or compulsory centres likewise. Art. 29(4): a citizen back
    from abroad gets all three at the permanent address, two at a temporary
    one. Art. 34: a certificate holder gets ĐBQH + HĐND tỉnh at the new place
    in the same province; outside the province the law is uncertain, so the
    election chooses: policy "dbqh" gives ĐBQH only, "dbqh_tinh" ĐBQH + HĐND
    tỉnh. `outside_province` matters only for certificate holders.
    """
    category = ResidenceCategory(category)
    if outside_province_policy not in OUTSIDE_PROVINCE_POLICIES:
        raise ValueError(
            f"outside_province_policy must be one of {sorted(OUTSIDE_PROVINCE_POLICIES)}, "
            f"got {outside_province_policy!r}"
        )
    if category is ResidenceCategory.CERTIFICATE and outside_province:
        return OUTSIDE_PROVINCE_POLICIES[outside_province_policy]
    return _SCOPES[category]


# --------------------------------------------------------------------------
# Windows of the list's life cycle

LIST_CUTOFF_HOURS = 24
COMPLAINT_WINDOW_DAYS = 30
COMPLAINT_DECISION_DAYS = 5
# Art. 71(1): the team may open from 05:00 and must close by 21:00.
EARLIEST_OPENING = dt.time(5, 0)
LATEST_CLOSING = dt.time(21, 0)


def _local(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(VIETNAM)


def _moment(value: dt.datetime) -> str:
    return f"{value:%H:%M} ngày {value:%d/%m/%Y}"


def voting_opening(election_day: dt.date, voting_opens: dt.time) -> dt.datetime:
    return dt.datetime.combine(election_day, voting_opens, tzinfo=VIETNAM)


def list_change_cutoff(election_day: dt.date, voting_opens: dt.time) -> dt.datetime:
    """Art. 29(4), 30: 24 hours before voting opens, in Vietnam time."""
    return voting_opening(election_day, voting_opens) - dt.timedelta(hours=LIST_CUTOFF_HOURS)


def check_list_change_allowed(
    now: dt.datetime, election_day: dt.date, voting_opens: dt.time
) -> list[Violation]:
    """Art. 29(4), 30: additions, moves, strike-offs and restorations only until
    24 hours before voting opens; the cut-off moment itself is too late.
    `now` must be timezone-aware."""
    cutoff = list_change_cutoff(election_day, voting_opens)
    if _local(now) < cutoff:
        return []
    return [
        Violation(
            "list_cutoff_passed",
            "Đã hết thời hạn bổ sung, chuyển, xóa tên hoặc khôi phục tên trong danh sách "
            f"cử tri: chỉ được thực hiện trước {_moment(cutoff)} (24 giờ trước khi bắt đầu "
            "bỏ phiếu).",
            "Điều 29 khoản 4; Điều 30",
        )
    ]


def complaint_decision_due(received_on: dt.date) -> dt.date:
    """Art. 33: the body that made the list decides within 5 days of receipt."""
    return received_on + dt.timedelta(days=COMPLAINT_DECISION_DAYS)


def complaint_window_closes(posted_on: dt.date) -> dt.date:
    """Art. 33: complaints about the list within 30 days of its posting (the last day)."""
    return posted_on + dt.timedelta(days=COMPLAINT_WINDOW_DAYS)


def check_complaint_received(received_on: dt.date, posted_on: dt.date | None) -> list[Violation]:
    """Art. 33: a complaint arrives within 30 days of posting. Outside the window
    it is a warning: the complaint is still recorded in the register, and the
    body decides whether to consider it."""
    if posted_on is None or received_on < posted_on:
        return [
            Violation(
                "complaint_before_posting",
                "Danh sách cử tri chưa được niêm yết; thời hạn khiếu nại 30 ngày tính từ ngày "
                "niêm yết.",
                "Điều 33",
                "received_on",
                severity="warning",
            )
        ]
    closes = complaint_window_closes(posted_on)
    if received_on > closes:
        return [
            Violation(
                "complaint_after_window",
                "Khiếu nại về danh sách cử tri nhận sau thời hạn 30 ngày kể từ ngày niêm yết "
                f"({posted_on:%d/%m/%Y}); thời hạn đã kết thúc ngày {closes:%d/%m/%Y}.",
                "Điều 33",
                "received_on",
                severity="warning",
            )
        ]
    return []


def check_certificate_issue(
    now: dt.datetime, election_day: dt.date, voting_opens: dt.time, posted_on: dt.date | None
) -> list[Violation]:
    """Art. 34: a certificate to vote elsewhere is issued from the day the list is
    posted until voting opens on election day (VNeID took requests until 07:00
    on 15/3/2026). `now` must be timezone-aware."""
    local = _local(now)
    if posted_on is None:
        return [
            Violation(
                "certificate_list_not_posted",
                "Danh sách cử tri chưa được niêm yết: chưa thể cấp giấy chứng nhận để cử tri "
                "bỏ phiếu ở nơi khác.",
                "Điều 34",
            )
        ]
    if local.date() < posted_on:
        return [
            Violation(
                "certificate_before_posting",
                "Chỉ cấp giấy chứng nhận để cử tri bỏ phiếu ở nơi khác từ ngày niêm yết danh "
                f"sách cử tri ({posted_on:%d/%m/%Y}).",
                "Điều 34",
            )
        ]
    opening = voting_opening(election_day, voting_opens)
    if local >= opening:
        return [
            Violation(
                "certificate_after_opening",
                "Đã hết thời hạn cấp giấy chứng nhận để cử tri bỏ phiếu ở nơi khác: chỉ cấp "
                f"trước {_moment(opening)} (giờ bắt đầu bỏ phiếu).",
                "Điều 34",
            )
        ]
    return []


def check_check_in(
    now: dt.datetime,
    election_day: dt.date,
    voting_opens: dt.time,
    voting_closes: dt.time,
    early_voting_date: dt.date | None = None,
) -> list[Violation]:
    """Art. 71: a voter is marked "Đã bỏ phiếu" only while voting is open, on
    election day or on the approved early-voting date (both are accepted).

    The team may decide on the day to open earlier, from 05:00, or close
    later, by 21:00 (Art. 71(1)); so the legal bounds 05:00–21:00 inclusive
    are what is refused outside, and a check-in outside the announced
    `voting_opens`–`voting_closes` but within those bounds is only a
    warning, for the audit. `now` must be timezone-aware.
    """
    local = _local(now)
    days: set[dt.date] = {election_day} | ({early_voting_date} if early_voting_date else set())
    announced = f"{voting_opens:%H:%M}–{voting_closes:%H:%M}"
    day_text = ", ".join(f"{day:%d/%m/%Y}" for day in sorted(days))
    clock = local.time().replace(tzinfo=None)
    if local.date() not in days or not EARLIEST_OPENING <= clock <= LATEST_CLOSING:
        return [
            Violation(
                "check_in_outside_voting",
                "Chỉ ghi nhận cử tri «Đã bỏ phiếu» trong ngày bỏ phiếu "
                f"({day_text}), từ {EARLIEST_OPENING:%H:%M} đến {LATEST_CLOSING:%H:%M}; "
                f"thời điểm {_moment(local)} nằm ngoài thời gian đó.",
                "Điều 71",
                "voted_at",
            )
        ]
    if not voting_opens <= clock <= voting_closes:
        return [
            Violation(
                "check_in_outside_announced_hours",
                f"Thời điểm {_moment(local)} nằm ngoài giờ bỏ phiếu đã thông báo "
                f"({announced}); chỉ hợp lệ nếu Tổ bầu cử đã quyết định bắt đầu sớm hơn "
                "hoặc kết thúc muộn hơn.",
                "Điều 71",
                "voted_at",
                severity="warning",
            )
        ]
    return []


def certificate_number(commune_code: str, sequence: int) -> str:
    """The certificate number: the commune code and a six-digit sequence, '31825-000012'."""
    code = str(commune_code).strip()
    if not code.isascii() or not code.isdigit():
        raise ValueError(f"commune_code must be digits, got {commune_code!r}")
    if sequence < 1:
        raise ValueError(f"sequence must be positive, got {sequence}")
    return f"{code}-{sequence:06d}"
