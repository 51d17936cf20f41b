"""Voter-list rules: the citizen ID, age, names, ballot scope and the legal windows (§4)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election.clock import VIETNAM
from election.errors import blocking
from election.voters.rules import (
    ELECTION_AGE,
    BallotScope,
    ballot_scope,
    century_sex_digit,
    certificate_number,
    check_certificate_issue,
    check_check_in,
    check_complaint_received,
    check_list_change_allowed,
    check_personal_id,
    check_soldier_certificate_issue,
    check_strike_off_allowed,
    check_voter_age,
    check_voter_name,
    complaint_decision_due,
    complaint_window_closes,
    list_change_cutoff,
    moved_scope,
    search_key,
)
from election.voters.tables import CertificateKind, Exclusion, ResidenceCategory

D = dt.date(2026, 3, 15)
OPENS = dt.time(7, 0)
CLOSES = dt.time(19, 0)
POSTED = dt.date(2026, 2, 3)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def codes(violations) -> list[str]:
    return [violation.code for violation in violations]


def an_id(province: str, sex: str, born: dt.date, serial: str = "012345") -> str:
    return f"{province}{century_sex_digit(sex, born.year)}{born.year % 100:02d}{serial}"


# --------------------------------------------------------------------------
# Personal ID


@pytest.mark.parametrize(
    ("sex", "year", "digit"),
    [
        ("male", 1900, 0),
        ("female", 1900, 1),
        ("male", 1999, 0),
        ("female", 1999, 1),
        ("male", 2000, 2),
        ("female", 2000, 3),
        ("male", 2099, 2),
        ("female", 2099, 3),
        ("male", 2100, 4),
        ("female", 2100, 5),
        ("male", 2199, 4),
        ("female", 2199, 5),
        ("male", 2200, 6),
        ("female", 2200, 7),
        ("male", 2299, 6),
        ("female", 2299, 7),
        # Circular 59/2021/TT-BCA, Art. 7: 8/9 is the 24th century, not the 1800s.
        ("male", 2300, 8),
        ("female", 2300, 9),
        ("male", 2399, 8),
        ("female", 2399, 9),
    ],
)
def test_the_fourth_digit_encodes_sex_and_century_of_birth(sex, year, digit):
    """Circular 59/2021/TT-BCA, Art. 7: the 20th to the 24th century."""
    assert century_sex_digit(sex, year) == digit


@pytest.mark.parametrize("year", [1800, 1899, 2400, 0])
def test_no_century_digit_exists_outside_1900_to_2399(year):
    with pytest.raises(ValueError):
        century_sex_digit("male", year)


def test_an_unknown_sex_has_no_century_digit():
    with pytest.raises(ValueError):
        century_sex_digit("other", 1990)


def test_the_printed_sex_labels_are_understood_like_the_codes():
    assert century_sex_digit("Nam", 1990) == century_sex_digit("male", 1990)
    assert century_sex_digit("Nữ", 2001) == century_sex_digit("female", 2001)


@pytest.mark.parametrize(
    ("sex", "born", "personal_id"),
    [
        ("male", dt.date(1985, 6, 1), "096085000123"),
        ("female", dt.date(1985, 6, 1), "001185000123"),
        ("female", dt.date(1900, 1, 1), "079100000001"),
        ("male", dt.date(1999, 12, 31), "079099000001"),
        ("female", dt.date(2000, 1, 1), "079300000001"),
        ("male", dt.date(2099, 5, 5), "079299000001"),
        ("female", dt.date(2100, 5, 5), "079500000001"),
        ("male", dt.date(2300, 1, 1), "079800000001"),
        ("female", dt.date(2399, 12, 31), "079999000001"),
        # Born before 1900: no digit encodes it, nothing to compare.
        ("male", dt.date(1899, 12, 31), "079899000001"),
        ("male", dt.date(1899, 12, 31), "079099000001"),
    ],
)
def test_a_well_formed_id_that_agrees_with_sex_and_birth_passes(sex, born, personal_id):
    assert check_personal_id(personal_id, sex=sex, date_of_birth=born) == []


@pytest.mark.parametrize(
    "personal_id",
    [
        "",
        "09608500012",  # 11 digits
        "0960850001234",  # 13 digits
        "09608500012A",
        "O96085000123",  # a letter O for a zero
        " 096085000123",
        "096 085 000 123",
        "０９６０８５０００１２３",  # full-width digits
        "٠٩٦٠٨٥٠٠٠١٢٣",  # Arabic-Indic digits are digits to str.isdigit, not here
    ],
)
def test_an_id_that_is_not_exactly_twelve_ascii_digits_is_a_format_violation(personal_id):
    violations = check_personal_id(personal_id, sex="male", date_of_birth=dt.date(1985, 6, 1))
    assert codes(violations) == ["personal_id_format"]
    assert violations[0].message == "Số định danh cá nhân phải gồm đúng 12 chữ số."
    assert violations[0].field == "personal_id"
    assert violations[0].article == "Thông tư 59/2021/TT-BCA, Điều 7"


@pytest.mark.parametrize(
    ("code", "known"),
    [("000", False), ("001", True), ("048", True), ("096", True), ("097", False), ("999", False)],
)
def test_a_birth_code_outside_the_provinces_is_a_warning_the_user_may_accept(code, known):
    """Circular 59/2021/TT-BCA, Art. 7: the first three digits are the province,
    or the country, where the birth was registered; a code no province has is
    a warning (a birth abroad, or a typing error), never a refusal."""
    personal_id = an_id(code, "male", dt.date(1985, 6, 1))
    violations = check_personal_id(personal_id, sex="male", date_of_birth=dt.date(1985, 6, 1))
    assert codes(violations) == ([] if known else ["personal_id_birth_code"])
    assert blocking(violations) == []
    if not known:
        (warning,) = violations
        assert warning.severity == "warning"
        assert code in warning.message and "nước ngoài" in warning.message
        assert warning.article == "Thông tư 59/2021/TT-BCA, Điều 7"


@pytest.mark.parametrize(
    ("fourth", "sex", "born", "valid"),
    [
        ("0", "male", dt.date(1985, 1, 1), True),
        ("1", "male", dt.date(1985, 1, 1), False),
        ("2", "male", dt.date(1985, 1, 1), False),
        ("1", "female", dt.date(1985, 1, 1), True),
        ("0", "female", dt.date(1985, 1, 1), False),
        ("3", "female", dt.date(2005, 1, 1), True),
        ("1", "female", dt.date(2005, 1, 1), False),
        ("8", "male", dt.date(2350, 1, 1), True),
        ("9", "female", dt.date(2350, 1, 1), True),
        ("6", "male", dt.date(2350, 1, 1), False),
        # Not the 1800s: before 1900 no digit is expected, any one passes.
        ("8", "male", dt.date(1899, 1, 1), True),
        ("0", "male", dt.date(1899, 1, 1), True),
    ],
)
def test_the_fourth_digit_must_agree_with_sex_and_century(fourth, sex, born, valid):
    personal_id = f"079{fourth}{born.year % 100:02d}000001"
    violations = check_personal_id(personal_id, sex=sex, date_of_birth=born)
    assert codes(violations) == ([] if valid else ["personal_id_sex_century"])


def test_without_sex_only_the_century_of_the_fourth_digit_is_checked():
    born = dt.date(2004, 2, 2)
    assert check_personal_id("079204000001", date_of_birth=born) == []
    assert check_personal_id("079304000001", date_of_birth=born) == []
    assert codes(check_personal_id("079004000001", date_of_birth=born)) == [
        "personal_id_sex_century"
    ]


def test_without_a_date_of_birth_only_the_sex_of_the_fourth_digit_is_checked():
    assert check_personal_id("079304000001", sex="female") == []
    assert codes(check_personal_id("079204000001", sex="female")) == ["personal_id_sex_century"]
    assert check_personal_id("079904000001") == []


@pytest.mark.parametrize(
    ("year_digits", "born", "valid"),
    [
        ("85", dt.date(1985, 12, 31), True),
        ("86", dt.date(1985, 12, 31), False),
        ("00", dt.date(1900, 1, 1), True),
        ("99", dt.date(1999, 7, 7), True),
        ("09", dt.date(2009, 7, 7), True),
        ("90", dt.date(2009, 7, 7), False),
    ],
)
def test_the_fifth_and_sixth_digits_are_the_last_two_of_the_birth_year(year_digits, born, valid):
    personal_id = f"079{century_sex_digit('male', born.year)}{year_digits}000001"
    violations = check_personal_id(personal_id, sex="male", date_of_birth=born)
    assert codes(violations) == ([] if valid else ["personal_id_year"])


def test_every_broken_part_of_an_id_is_its_own_violation():
    violations = check_personal_id("097186000001", sex="male", date_of_birth=dt.date(1985, 1, 1))
    assert codes(violations) == [
        "personal_id_birth_code",
        "personal_id_sex_century",
        "personal_id_year",
    ]
    assert [v.severity for v in violations] == ["warning", "error", "error"]
    assert all(violation.field == "personal_id" for violation in violations)
    assert "097" in violations[0].message


@given(
    sex=st.sampled_from(["male", "female"]),
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2399, 12, 31)),
    province=st.integers(min_value=1, max_value=96),
    serial=st.integers(min_value=0, max_value=999_999),
)
def test_every_id_built_from_the_encoding_is_accepted(sex, born, province, serial):
    personal_id = an_id(f"{province:03d}", sex, born, f"{serial:06d}")
    assert check_personal_id(personal_id, sex=sex, date_of_birth=born) == []


@given(
    sex=st.sampled_from(["male", "female"]),
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2399, 12, 31)),
    other=st.integers(min_value=0, max_value=9),
)
def test_any_other_fourth_digit_is_rejected(sex, born, other):
    personal_id = an_id("079", sex, born)
    if int(personal_id[3]) == other:
        return
    changed = personal_id[:3] + str(other) + personal_id[4:]
    assert codes(check_personal_id(changed, sex=sex, date_of_birth=born)) == [
        "personal_id_sex_century"
    ]


# --------------------------------------------------------------------------
# Age


@pytest.mark.parametrize(
    ("born", "may_vote"),
    [
        (dt.date(2008, 3, 14), True),  # 18 the day before
        (dt.date(2008, 3, 15), True),  # 18 on election day
        (dt.date(2008, 3, 16), False),  # 18 the day after
        (dt.date(1930, 1, 1), True),
        (dt.date(2026, 3, 16), False),  # not even born
    ],
)
def test_a_voter_is_18_or_older_on_election_day(born, may_vote):
    violations = check_voter_age(born, D)
    assert codes(violations) == ([] if may_vote else ["voter_too_young"])


def test_the_too_young_message_names_the_last_eligible_birth_date():
    (violation,) = check_voter_age(dt.date(2008, 3, 16), D)
    assert violation.article == "Điều 2"
    assert violation.field == "date_of_birth"
    assert "15/03/2008" in violation.message
    assert f"{ELECTION_AGE} tuổi" in violation.message


@pytest.mark.parametrize(
    ("election_day", "may_vote"),
    [
        (dt.date(2026, 2, 28), False),  # no 29 February in 2026: not yet 18
        (dt.date(2026, 3, 1), True),  # reaches 18 on 1 March
        (dt.date(2026, 3, 15), True),
    ],
)
def test_someone_born_on_29_february_reaches_18_on_1_march(election_day, may_vote):
    assert (check_voter_age(dt.date(2008, 2, 29), election_day) == []) is may_vote


def test_someone_born_on_29_february_of_a_leap_year_votes_on_that_birthday():
    assert check_voter_age(dt.date(2010, 2, 28), dt.date(2028, 2, 29)) == []
    (violation,) = check_voter_age(dt.date(2010, 3, 1), dt.date(2028, 2, 29))
    assert "28/02/2010" in violation.message


# --------------------------------------------------------------------------
# Names


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Thị Hồng",
        "Trần Văn Đức",
        "H′Dơk Niê",
        "K'Nhiễu",
        "K’Bròh",
        "Y-Moan Ênuôl",
        "Nguyễn T. Bình",
        "Thạch Thị Sô Phia",
        "Lò Văn Pâng",
        "Ksor H'Bơ Khăp",
    ],
)
def test_vietnamese_and_ethnic_minority_names_are_accepted(name):
    assert check_voter_name(name) == []


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_an_empty_name_is_a_violation(name):
    assert codes(check_voter_name(name)) == ["name_empty"]


def test_a_decomposed_name_is_reported_but_not_as_stray_characters():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    assert decomposed != "Nguyễn Thị Hồng"
    violations = check_voter_name(decomposed)
    assert codes(violations) == ["name_not_nfc"]
    assert violations[0].field == "full_name"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Nguyễn Văn 3", "«3»"),
        ("Trần@Bình", "«@»"),
        ("Lê Văn (Tư)", "«(»"),
        ("Phạm_Hùng", "«_»"),
        ("Võ Thị\tSáu", "U+0009"),
    ],
)
def test_digits_and_symbols_in_a_name_are_stray_characters(name, shown):
    violations = check_voter_name(name)
    assert codes(violations) == ["name_stray_characters"]
    assert shown in violations[0].message


def test_a_name_of_punctuation_only_is_rejected():
    assert codes(check_voter_name("- . '")) == ["name_stray_characters"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nguyễn Thị Hồng", "nguyen thi hong"),
        ("ĐẶNG VĂN ĐỨC", "dang van duc"),
        ("  Trần   Thị\tBình  ", "tran thi binh"),
        ("K’Nhiễu", "k'nhieu"),
        ("H′Dơk Niê", "h'dok nie"),
        (unicodedata.normalize("NFD", "Lưu Quý Ỷ"), "luu quy y"),
        ("Ðỗ Ngọc Ánh", "do ngoc anh"),  # Ð (U+00D0) typed for Đ
    ],
)
def test_the_search_key_drops_case_diacritics_and_extra_spaces(text, key):
    assert search_key(text) == key


VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VIETNAMESE_TEXT = st.text(
    alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " \t'’′-.", max_size=40
)


@given(text=VIETNAMESE_TEXT)
def test_the_search_key_of_vietnamese_text_is_ascii(text):
    assert search_key(text).isascii()
    assert search_key(unicodedata.normalize("NFD", text)) == search_key(text)


@given(text=st.one_of(VIETNAMESE_TEXT, st.text()))
def test_the_search_key_is_idempotent(text):
    assert search_key(search_key(text)) == search_key(text)


# --------------------------------------------------------------------------
# Ballot scope

ALL = BallotScope(True, True, True)
TWO = BallotScope(True, True, False)
NA = BallotScope(True, False, False)


@pytest.mark.parametrize(
    ("category", "outside", "policy", "scope"),
    [
        (category, outside, policy, scope)
        for category, scope in [
            (ResidenceCategory.PERMANENT, ALL),
            (ResidenceCategory.TEMPORARY_LONG, ALL),
            (ResidenceCategory.TEMPORARY_SHORT, TWO),
            (ResidenceCategory.ARMED_FORCES, TWO),
            (ResidenceCategory.DETENTION, TWO),
            (ResidenceCategory.RETURNED_PERMANENT, ALL),
            (ResidenceCategory.RETURNED_TEMPORARY, TWO),
            # Mẫu số 31/HĐBC, notes to columns 7c-10: "the other voters" get (8), (9).
            (ResidenceCategory.CURRENT_RESIDENCE, TWO),
        ]
        for outside in (False, True)
        for policy in ("dbqh", "dbqh_tinh")
    ]
    + [
        (ResidenceCategory.CERTIFICATE, False, "dbqh", TWO),
        (ResidenceCategory.CERTIFICATE, False, "dbqh_tinh", TWO),
        (ResidenceCategory.CERTIFICATE, True, "dbqh", NA),
        (ResidenceCategory.CERTIFICATE, True, "dbqh_tinh", TWO),
    ],
)
def test_the_ballots_follow_the_table_of_articles_29_30_and_34(category, outside, policy, scope):
    assert ballot_scope(category, outside_province=outside, outside_province_policy=policy) == scope


def test_every_residence_category_has_a_ballot_scope():
    for category in ResidenceCategory:
        assert ballot_scope(category).dbqh


def test_a_category_may_be_given_by_its_code():
    assert ballot_scope("temporary_short") == TWO
    assert ballot_scope("certificate", outside_province=True) == NA


def test_an_unknown_category_or_policy_is_refused():
    with pytest.raises(ValueError):
        ballot_scope("tourist")
    with pytest.raises(ValueError):
        ballot_scope("certificate", outside_province=True, outside_province_policy="all")


def test_a_scope_names_its_ballots_in_vietnamese():
    assert ALL.labels == ["ĐBQH", "HĐND tỉnh", "HĐND xã"]
    assert TWO.labels == ["ĐBQH", "HĐND tỉnh"]
    assert NA.labels == ["ĐBQH"]


@pytest.mark.parametrize(
    ("category", "after_posting", "scope"),
    [
        # Art. 30(3): after posting, a new permanent residence keeps all three...
        (ResidenceCategory.PERMANENT, True, ALL),
        # ...and a new temporary one gives ĐBQH + HĐND tỉnh, however long the stay.
        (ResidenceCategory.TEMPORARY_LONG, True, TWO),
        (ResidenceCategory.TEMPORARY_SHORT, True, TWO),
        # Before posting the list is still drawn up by residence (Art. 29).
        (ResidenceCategory.PERMANENT, False, ALL),
        (ResidenceCategory.TEMPORARY_LONG, False, ALL),
        (ResidenceCategory.TEMPORARY_SHORT, False, TWO),
    ],
)
def test_a_move_to_a_temporary_residence_after_posting_gives_two_ballots(
    category, after_posting, scope
):
    """Art. 30(3) (Law 85/2015 as amended by 83/2025)."""
    assert moved_scope(category, after_posting=after_posting) == scope


@given(category=st.sampled_from(list(ResidenceCategory)), after=st.booleans())
def test_a_move_never_gives_more_ballots_than_the_residence(category, after):
    moved = moved_scope(category, after_posting=after)
    plain = ballot_scope(category)
    assert (moved.dbqh, moved.tinh, moved.xa) <= (plain.dbqh, plain.tinh, plain.xa)
    assert moved.dbqh and moved.tinh


# --------------------------------------------------------------------------
# List changes, complaints, certificates, check-in


def test_the_list_closes_to_changes_24_hours_before_voting_opens_in_vietnam_time():
    cutoff = list_change_cutoff(D, OPENS)
    assert cutoff == at(2026, 3, 14, 7, 0)
    assert cutoff.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        (at(2026, 3, 14, 6, 59), True),
        (at(2026, 3, 14, 7, 0), False),
        (at(2026, 3, 15, 6, 0), False),
        (at(2026, 2, 20, 9, 0), True),
        # 23:59 UTC on 13 March is 06:59 on 14 March in Vietnam.
        (dt.datetime(2026, 3, 13, 23, 59, tzinfo=dt.UTC), True),
        (dt.datetime(2026, 3, 14, 0, 0, tzinfo=dt.UTC), False),
    ],
)
def test_list_changes_are_allowed_only_before_the_cutoff(now, allowed):
    violations = check_list_change_allowed(now, D, OPENS)
    assert codes(violations) == ([] if allowed else ["list_cutoff_passed"])


def test_the_cutoff_message_names_the_moment_and_the_articles():
    (violation,) = check_list_change_allowed(at(2026, 3, 14, 8, 0), D, OPENS)
    assert "trước 07:00 ngày 14/03/2026" in violation.message
    assert violation.article == "Điều 29 khoản 4; Điều 30"


def test_a_naive_now_is_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        check_list_change_allowed(dt.datetime(2026, 3, 14, 6, 0), D, OPENS)


def test_a_complaint_is_decided_within_five_days_and_accepted_for_thirty_days():
    assert complaint_decision_due(dt.date(2026, 3, 5)) == dt.date(2026, 3, 10)
    assert complaint_window_closes(POSTED) == dt.date(2026, 3, 5)
    assert complaint_decision_due(dt.date(2026, 2, 27)) == dt.date(2026, 3, 4)


@pytest.mark.parametrize(
    ("received", "posted", "expected"),
    [
        (dt.date(2026, 2, 3), POSTED, []),
        (dt.date(2026, 3, 5), POSTED, []),
        (dt.date(2026, 3, 6), POSTED, ["complaint_after_window"]),
        (dt.date(2026, 2, 2), POSTED, ["complaint_before_posting"]),
        (dt.date(2026, 2, 2), None, ["complaint_before_posting"]),
    ],
)
def test_a_complaint_outside_the_window_is_a_warning(received, posted, expected):
    violations = check_complaint_received(received, posted)
    assert codes(violations) == expected
    assert all(v.severity == "warning" and v.article == "Điều 33" for v in violations)


@pytest.mark.parametrize(
    ("now", "posted", "expected"),
    [
        (at(2026, 2, 3, 8, 0), POSTED, []),
        (at(2026, 2, 2, 23, 59), POSTED, ["certificate_before_posting"]),
        (at(2026, 3, 10), None, ["certificate_list_not_posted"]),
        (at(2026, 3, 15, 6, 59), POSTED, []),
        (at(2026, 3, 15, 7, 0), POSTED, ["certificate_after_opening"]),
        # 23:59 UTC on 14 March is 06:59 on election day in Vietnam; 00:00 UTC is 07:00.
        (dt.datetime(2026, 3, 14, 23, 59, tzinfo=dt.UTC), POSTED, []),
        (dt.datetime(2026, 3, 15, 0, 0, tzinfo=dt.UTC), POSTED, ["certificate_after_opening"]),
    ],
)
def test_a_certificate_is_issued_from_posting_until_voting_opens(now, posted, expected):
    violations = check_certificate_issue(now, D, OPENS, posted)
    assert codes(violations) == expected
    assert all(v.article == "Điều 34" for v in violations)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2026, 3, 15, 4, 59), ["check_in_outside_voting"]),
        (at(2026, 3, 15, 5, 0), ["check_in_outside_announced_hours"]),
        (at(2026, 3, 15, 7, 0), []),
        (at(2026, 3, 15, 12, 0), []),
        (at(2026, 3, 15, 19, 0), []),
        (at(2026, 3, 15, 21, 0), ["check_in_outside_announced_hours"]),
        (at(2026, 3, 15, 21, 1), ["check_in_outside_voting"]),
        (at(2026, 3, 14, 12, 0), ["check_in_outside_voting"]),
        (at(2026, 3, 16, 8, 0), ["check_in_outside_voting"]),
        # 02:00 UTC is 09:00 in Vietnam.
        (dt.datetime(2026, 3, 15, 2, 0, tzinfo=dt.UTC), []),
    ],
)
def test_check_in_is_accepted_on_election_day_from_05_00_to_21_00(now, expected):
    violations = check_check_in(now, D, OPENS, CLOSES)
    assert codes(violations) == expected
    assert all(v.severity == "warning" for v in violations if v.code.endswith("hours"))


def test_check_in_is_accepted_on_the_approved_early_voting_day():
    early = dt.date(2026, 3, 8)
    assert check_check_in(at(2026, 3, 8, 9, 0), D, OPENS, CLOSES, early_voting_date=early) == []
    assert check_check_in(at(2026, 3, 15, 9, 0), D, OPENS, CLOSES, early_voting_date=early) == []
    assert codes(
        check_check_in(at(2026, 3, 9, 9, 0), D, OPENS, CLOSES, early_voting_date=early)
    ) == ["check_in_outside_voting"]
    assert codes(check_check_in(at(2026, 3, 8, 9, 0), D, OPENS, CLOSES)) == [
        "check_in_outside_voting"
    ]


def test_a_refused_check_in_says_when_voting_is_open():
    (violation,) = check_check_in(at(2026, 3, 15, 21, 1), D, OPENS, CLOSES)
    assert violation.article == "Điều 71"
    assert "15/03/2026" in violation.message and "05:00" in violation.message
    assert "21:00" in violation.message


@pytest.mark.parametrize(
    ("now", "exclusion", "expected"),
    [
        (at(2026, 3, 14, 6, 59), None, []),
        (at(2026, 3, 14, 7, 0), None, ["list_cutoff_passed"]),
        (at(2026, 3, 14, 7, 0), Exclusion.DEATH_SENTENCE, ["list_cutoff_passed"]),
        # Art. 30(5): a court takes the right, a prison term, lost capacity: until
        # voting opens, not only until 24 hours before.
        (at(2026, 3, 14, 7, 0), Exclusion.COURT_DEPRIVED, []),
        (at(2026, 3, 15, 6, 59), Exclusion.IMPRISONED, []),
        (at(2026, 3, 15, 6, 59), "lost_capacity", []),
        (at(2026, 3, 15, 7, 0), Exclusion.LOST_CAPACITY, ["strike_off_after_opening"]),
        (at(2026, 3, 15, 12, 0), Exclusion.IMPRISONED, ["strike_off_after_opening"]),
    ],
)
def test_the_strike_offs_of_article_30_5_are_made_until_voting_opens(now, exclusion, expected):
    violations = check_strike_off_allowed(now, D, OPENS, exclusion)
    assert codes(violations) == expected
    if expected == ["strike_off_after_opening"]:
        assert violations[0].article == "Điều 30 khoản 5"
        assert "07:00 ngày 15/03/2026" in violations[0].message


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2026, 2, 1), []),
        (at(2026, 3, 14, 6, 59), []),
        (at(2026, 3, 14, 7, 0), ["soldier_certificate_cutoff_passed"]),
    ],
)
def test_a_soldier_is_written_at_home_until_24_hours_before_voting(now, expected):
    """Art. 31(2): a change of two lists, until the cut-off of Art. 29(4), 30."""
    assert codes(check_soldier_certificate_issue(now, D, OPENS)) == expected


def test_a_soldiers_certificate_is_numbered_apart():
    assert certificate_number("31825", 3, CertificateKind.SOLDIER) == "31825-QN000003"
    assert certificate_number("31825", 3, "elsewhere") == "31825-000003"


def test_certificate_numbers_carry_the_commune_and_a_six_digit_sequence():
    assert certificate_number("31825", 12) == "31825-000012"
    assert certificate_number("00004", 1) == "00004-000001"
    with pytest.raises(ValueError):
        certificate_number("31825", 0)
    with pytest.raises(ValueError):
        certificate_number("PBL", 3)
