"""One placement of the tone mark in Vietnamese text (issue 13, item 5):
`normalize_tone_marks` puts the tone of a final oa, oe, uy on its first
vowel, as Resolution 40/NQ-HĐBCQG writes it ("Hòa", "Thúy", "khỏe")."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from election.parsing import clean_person_name
from election.schemas import PersonName, Text
from election.text import normalize_tone_marks


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        # The tone moves from the second vowel of a final oa, oe, uy to the first.
        ("Hoà", "Hòa"),
        ("Thuý", "Thúy"),
        ("Khoẻ", "Khỏe"),
        ("Thuỳ", "Thùy"),
        ("Thuỷ", "Thủy"),
        ("Hoạ", "Họa"),
        ("Xoè", "Xòe"),
        ("Loã", "Lõa"),
        ("Tuỵ", "Tụy"),
        ("HOÀ", "HÒA"),
        ("THUÝ", "THÚY"),
        ("Lê Văn Hoà", "Lê Văn Hòa"),
        ("Nguyễn Thị Thuý Hoà", "Nguyễn Thị Thúy Hòa"),
        ("Hoà-Bình", "Hòa-Bình"),
        ("Hoà.", "Hòa."),
        (nfd("Hoà"), "Hòa"),
        # Already in the kept placement: unchanged.
        ("Hòa", "Hòa"),
        ("Thúy", "Thúy"),
        ("khỏe", "khỏe"),
        # Closed or longer syllables are written the same in both styles.
        ("Hoàng", "Hoàng"),
        ("Đoàn", "Đoàn"),
        ("ngoài", "ngoài"),
        ("Khuyến", "Khuyến"),
        ("Huỳnh", "Huỳnh"),
        ("hoặc", "hoặc"),
        ("khuya", "khuya"),
        ("thuở", "thuở"),
        # qu- is a consonant: the tone of "quý" is on y, whatever the style.
        ("Quý", "Quý"),
        ("Quỳnh", "Quỳnh"),
        ("quỹ", "quỹ"),
        # No tone, no change.
        ("Hoa", "Hoa"),
        ("Thuy", "Thuy"),
        ("", ""),
    ],
)
def test_the_tone_of_a_final_oa_oe_uy_is_on_its_first_vowel(written, normalized):
    assert normalize_tone_marks(written) == normalized


def test_the_result_is_nfc():
    assert normalize_tone_marks(nfd("Nguyễn Thị Ngọc Ánh")) == unicodedata.normalize(
        "NFC", "Nguyễn Thị Ngọc Ánh"
    )


def test_names_are_normalized_at_input():
    """The schema of names (API and pages) and the import's name parser."""
    assert TypeAdapter(PersonName).validate_python("  Lê Thị Thuý ") == "Lê Thị Thúy"
    assert clean_person_name("Trần  Văn Hoà") == "Trần Văn Hòa"
    # Other text keeps what was typed.
    assert TypeAdapter(Text).validate_python("Hoà") == "Hoà"


LETTERS = "aàảãáạăâbcdđeèẻẽéẹêghiklmnoòỏõóọôơpqrstuùủũúụưvxyỳỷỹýỵ"
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(LETTERS + LETTERS.upper() + " -'.")),
        st.sampled_from(["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306"]),
        st.characters(),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_normalizing_twice_is_normalizing_once(text):
    once = normalize_tone_marks(text)
    assert normalize_tone_marks(once) == once
    assert once == unicodedata.normalize("NFC", once)


ONSETS = ["", "b", "ch", "đ", "gi", "h", "kh", "l", "ng", "nh", "th", "tr", "x"]
TONES = ["\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(ONSETS),
    st.sampled_from(["oa", "oe", "uy"]),
    st.sampled_from(TONES),
    st.sampled_from([str.lower, str.upper, str.title]),
)
def test_both_spellings_normalize_to_one(onset, pair, tone, case):
    on_first = case(unicodedata.normalize("NFC", onset + pair[0] + tone + pair[1]))
    on_second = case(unicodedata.normalize("NFC", onset + pair + tone))
    assert on_first != on_second
    assert normalize_tone_marks(on_second) == normalize_tone_marks(on_first) == on_first
