"""The legal ballot order of candidates (Art. 57(5) of the election law)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import unicodedata
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from election.elections.ballot_order import (
    ballot_order_key,
    ballot_sort_key,
    name_parts,
    needs_birth_date,
    sort_for_ballot,
    word_key,
)
from election.text import normalize_tone_marks

NFD = "NFD"
NFC = "NFC"


def nfd(text: str) -> str:
    return unicodedata.normalize(NFD, text)


# Every lowercase letter of the collation, in order, precomposed: an
# independent oracle for words written only with these letters.
ORACLE_ALPHABET = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệfghiìỉĩíịjklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvwxyỳỷỹýỵz"
)


def oracle_word(word: str) -> tuple[int, ...]:
    """The word's letters in the oracle alphabet, once the tone of a final oa,
    oe, uy is on its first vowel (tested on its own in tests/test_text.py)."""
    return tuple(ORACLE_ALPHABET.index(c) for c in normalize_tone_marks(word.lower()))


def sign(a, b) -> int:
    return (a > b) - (a < b)


# --- pairs: (earlier, later) in ballot order -----------------------------------------

# Words, compared alone.
EARLIER_WORDS = [
    ("Hoan", "Hòa"),
    ("Nghiệm", "Nghĩa"),
    ("Thanh", "Thái"),
    ("Duy", "Dũng"),
    ("Hiển", "Hiệp"),
    ("An", "Anh"),
    ("Dũng", "Đức"),
    ("Ông", "Ơn"),
    ("Uyên", "Ưng"),
    ("Anh", "Ánh"),
    ("Ánh", "Ạnh"),
    ("Ảnh", "Ánh"),
    ("Ãnh", "Ánh"),
    ("Hà", "Hả"),
    ("Hả", "Hã"),
    ("Hạ", "Hăng"),
    ("Hặng", "Hâng"),
    ("Hằng", "Hẳng"),
    ("Hấn", "Hận"),
    ("Lan", "Lăng"),
    ("Lâm", "Lê"),
    ("Dương", "Đào"),
    ("Đạt", "Em"),
    ("Ê", "Fô"),
    ("Fô", "Giang"),
    ("Hương", "Í"),
    ("Ịt", "Jơ"),
    ("Jơ", "Kim"),
    ("Oanh", "Ôn"),
    ("Ợt", "Phúc"),
    ("Phúc", "Quang"),
    ("Ụt", "Ư"),
    ("Vũ", "Wơi"),
    ("Wơi", "Xuân"),
    ("Ỵ", "Zơ"),
    ("Tư", "Tưa"),
    ("Tùng", "Tủa"),
    ("Thu", "Thư"),
    ("Thuỷ", "Thúy"),
    ("Minh", "Mính"),
    ("Long", "Lòng"),
    ("Cường", "Cưỡng"),
    ("Trang", "Trâm"),
    ("Yên", "Yến"),
]


@pytest.mark.parametrize(("earlier", "later"), EARLIER_WORDS)
def test_a_word_sorts_before_the_next_word_letter_by_letter(earlier, later):
    assert word_key(earlier) < word_key(later)
    assert oracle_word(earlier) < oracle_word(later)


# Full names, compared as candidates without a date of birth.
EARLIER_NAMES = [
    # Given name first, whatever the family name.
    ("Trần Văn An", "Nguyễn Văn Bình"),
    ("Nguyễn Văn An", "Trần Thị An"),
    ("Lê Thị Bình", "Lê Văn Bình"),
    ("Nguyễn Thị Hoan", "Nguyễn Thị Hòa"),
    ("Phạm Văn Nghiệm", "Phạm Văn Nghĩa"),
    ("Võ Thanh", "Võ Thái"),
    ("Đặng Duy", "Đặng Dũng"),
    ("Bùi Quang Hiển", "Bùi Quang Hiệp"),
    ("Vũ Thị An", "Vũ Thị Anh"),
    ("Hoàng Văn Dũng", "Hoàng Văn Đức"),
    ("Lý Ông", "Lý Ơn"),
    ("Mai Thị Uyên", "Mai Thị Ưng"),
    # Same given name: the family name decides, đ after d, ư after u.
    ("Dương Văn Hải", "Đỗ Văn Hải"),
    ("Đỗ Văn Hải", "Lê Văn Hải"),
    ("Uông Thị Lan", "Ưng Thị Lan"),
    ("Ô Văn Tâm", "Ơ Văn Tâm"),
    ("Oanh Văn Tâm", "Ô Văn Tâm"),
    ("Hà Thị Mai", "Hồ Thị Mai"),
    ("Lê Văn Tùng", "Lò Văn Tùng"),
    # Same given and family name: the middle names, word by word.
    ("Nguyễn Thị Mai", "Nguyễn Văn Mai"),
    ("Nguyễn Ngọc Lan", "Nguyễn Thị Lan"),
    ("Nguyễn Thị Lan", "Nguyễn Thị Ngọc Lan"),
    ("Nguyễn Thị Ngọc Lan", "Nguyễn Thị Phương Lan"),
    ("Trần Lan", "Trần Thị Lan"),
    ("Trần Đức Minh", "Trần Đức Anh Minh"),
    ("Trần Anh Đức Minh", "Trần Bảo Minh"),
    ("Trần An Minh", "Trần Anh Minh"),
    ("Phan Văn Ân", "Phan Vân Ân"),
    # A one-word name has an empty family name.
    ("Ksor", "Nay Ksor"),
    ("Siu", "Rơ Châm Siu"),
    ("Blông", "H'Blông"),
    # Ethnic-minority names: f, j, w, z at their Latin places, punctuation ignored.
    ("Rơ Mah Hen", "H′Hen Niê"),
    ("K’ Nhiễu", "Ka Nhiễu"),
    ("Y Jut", "Y-Moan Niê"),
    ("Ka Wơn", "Ka Xuân"),
    ("Ka Zin", "Kpă Zin"),
    ("A Fing", "A Ging"),
    # The other name never counts.
    ("Nguyễn Văn An (Thích Minh Tâm)", "Nguyễn Văn Bình (Thích An)"),
    ("Trần Văn Tâm (Thích Quảng Đức)", "Nguyễn Văn Tín"),
]


@pytest.mark.parametrize(("earlier", "later"), EARLIER_NAMES)
def test_a_candidate_sorts_before_the_next_by_given_then_family_then_middle_name(earlier, later):
    assert ballot_order_key(earlier, None) < ballot_order_key(later, None)
    assert ballot_sort_key(earlier, None) < ballot_sort_key(later, None)
    assert sort_for_ballot([later, earlier], name=str, birth=lambda _: None) == [earlier, later]


# Names that are the same for the ballot order.
SAME_NAMES = [
    ("ĐÀO", "Đào"),
    ("nguyễn văn an", "NGUYỄN VĂN AN"),
    ("H′Dry", "H'Dry"),
    ("H′Dry", "HDry"),
    ("K’ Nhiễu", "K' Nhiễu"),
    ("K’ Nhiễu", "K Nhiễu"),
    ("H'Hen Niê", "HHen Niê"),
    ("Y-Moan Niê", "YMoan Niê"),
    ("Nguyễn Văn An (Thích Minh Tâm)", "Nguyễn Văn An"),
    ("Nguyễn Văn An (Thích Minh Tâm", "Nguyễn Văn An"),
    ("Nguyễn Văn An（Thích Minh Tâm）", "Nguyễn Văn An"),
    ("  Nguyễn \t Văn\u00a0  An ", "Nguyễn Văn An"),
    ("Nguyễn - Văn An", "Nguyễn Văn An"),
    ("Nguyễn Văn An.", "Nguyễn Văn An"),
    (nfd("Nguyễn Thị Ngọc Ánh"), "Nguyễn Thị Ngọc Ánh"),
    ("\u00d0ỗ Văn Hải", "Đỗ Văn Hải"),
    # Issue 13, item 5: the two placements of the tone mark are one name.
    ("Lê Văn Hoà", "Lê Văn Hòa"),
    ("Nguyễn Thị Thuý", "Nguyễn Thị Thúy"),
    ("Trần Thị Thuỳ", "Trần Thị Thùy"),
    ("Đỗ Văn Khoẻ", "Đỗ Văn Khỏe"),
    ("HOÀNG THỊ HOÀ", "Hoàng Thị Hòa"),
    (nfd("Phạm Văn Hoạ"), "Phạm Văn Họa"),
    ("Đinh Thị Xoè", "Đinh Thị Xòe"),
]


@pytest.mark.parametrize(("one", "other"), SAME_NAMES)
def test_names_differing_only_in_case_punctuation_spacing_form_or_other_name_are_equal(one, other):
    assert ballot_order_key(one, None) == ballot_order_key(other, None)
    assert ballot_sort_key(one, None) == ballot_sort_key(other, None)
    assert needs_birth_date([one, other], name=str) == {0, 1}


def test_the_tone_placement_does_not_change_the_order_of_a_given_name():
    """Art. 57(5): both are given name Hòa, so the family name decides: Lê before Trần."""
    assert sort_for_ballot(["Trần Văn Hoà", "Lê Văn Hòa"]) == ["Lê Văn Hòa", "Trần Văn Hoà"]
    assert sort_for_ballot(["Trần Văn Hòa", "Lê Văn Hoà"]) == ["Lê Văn Hoà", "Trần Văn Hòa"]
    # Hòa is Hòa whichever the spelling: after Hoan, before Hoàng's neighbours by letter.
    assert sort_for_ballot(["Lê Hoà", "Lê Hoan"]) == ["Lê Hoan", "Lê Hoà"]


def test_identical_names_need_the_date_of_birth_whatever_the_tone_placement():
    """Art. 57(5): the same full name, written both ways, is printed with the dates."""
    assert needs_birth_date(["Nguyễn Thị Thuý", "Nguyễn Thị Thúy"]) == {0, 1}
    assert needs_birth_date(["Nguyễn Thị Thuý", "Nguyễn Thị Thủy"]) == set()


def test_identical_names_are_ordered_by_the_earlier_date_of_birth_first():
    older = ("Nguyễn Văn An", dt.date(1965, 4, 30))
    younger = ("NGUYỄN VĂN AN", dt.date(1980, 9, 2))
    unknown = ("Nguyễn Văn An", None)

    ordered = sort_for_ballot([unknown, younger, older], name=lambda c: c[0], birth=lambda c: c[1])

    assert ordered == [older, younger, unknown]
    assert ballot_sort_key(*older) < ballot_sort_key(*younger) < ballot_sort_key(*unknown)


def test_the_date_of_birth_only_decides_between_identical_names():
    assert ballot_order_key("Nguyễn Văn An", dt.date(2000, 1, 1)) < ballot_order_key(
        "Nguyễn Văn Bình", dt.date(1950, 1, 1)
    )
    assert ballot_sort_key("Nguyễn Văn An", None) < ballot_sort_key(
        "Nguyễn Văn Bình", dt.date(1950, 1, 1)
    )


def test_a_missing_date_of_birth_sorts_after_the_latest_possible_date():
    assert ballot_order_key("An", dt.date.max) < ballot_order_key("An", None)
    assert ballot_sort_key("An", dt.date.max) < ballot_sort_key("An", None)
    assert ballot_sort_key("An", dt.date.min) < ballot_sort_key("An", dt.date(1, 1, 2))


def test_a_vowel_without_tone_comes_before_the_toned_vowel_in_the_tone_order():
    for vowel in "aăâeêioôơuưy":
        toned = [
            unicodedata.normalize(NFC, vowel + tone) for tone in "\u0300\u0309\u0303\u0301\u0323"
        ]
        keys = [word_key(v) for v in [vowel, *toned]]
        assert keys == sorted(keys)
        assert len(set(keys)) == 6


def test_the_vietnamese_alphabet_is_in_its_legal_order():
    letters = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
    keys = [word_key(letter) for letter in letters]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(letters)


def test_the_oracle_alphabet_agrees_with_word_key_letter_by_letter():
    keys = [word_key(letter) for letter in ORACLE_ALPHABET]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(ORACLE_ALPHABET) == 93


def test_the_name_is_split_into_given_family_and_middle_names():
    assert name_parts("Nguyễn Thị Minh Khai") == ("Khai", "Nguyễn", ("Thị", "Minh"))
    assert name_parts("Lê Anh") == ("Anh", "Lê", ())
    assert name_parts("Ksor") == ("Ksor", "", ())
    assert name_parts("  ") == ("", "", ())
    assert name_parts("'' -") == ("", "", ())


def test_name_parts_drops_the_other_name_and_punctuation_words_and_keeps_the_written_form():
    assert name_parts("  Nguyễn  Văn An (Thích Minh Tâm) ") == ("An", "Nguyễn", ("Văn",))
    assert name_parts("K’ Nhiễu") == ("Nhiễu", "K’", ())
    assert name_parts("Y-Moan ' Niê") == ("Niê", "Y-Moan", ())
    assert name_parts(nfd("ĐẶNG Thùy")) == ("Thùy", "ĐẶNG", ())


def test_name_parts_are_in_nfc():
    given, family, middle = name_parts(nfd("Nguyễn Thị Ngọc Ánh"))
    assert given == unicodedata.normalize(NFC, "Ánh")
    assert family == unicodedata.normalize(NFC, "Nguyễn")
    assert middle == (unicodedata.normalize(NFC, "Thị"), unicodedata.normalize(NFC, "Ngọc"))


def test_word_key_ignores_punctuation_and_a_punctuation_word_has_an_empty_key():
    assert word_key("H′Dry") == word_key("HDry") == word_key("h'dry")
    assert word_key("’") == ()
    assert word_key("") == ()


def test_characters_outside_the_alphabet_sort_after_z_and_ignore_foreign_marks():
    assert word_key("z") < word_key("ß") < word_key("ø")
    assert word_key("Müller") == word_key("Muller")
    assert word_key("Ç") == word_key("c")
    assert word_key("zz") < word_key("z1")
    assert ballot_sort_key("z", None) < ballot_sort_key("ß", None) < ballot_sort_key("ø", None)


def test_the_sort_key_has_the_documented_encoding():
    assert ballot_sort_key("Lê An", dt.date(1970, 1, 2)) == "0130.!2e1d.!!19700102"
    assert ballot_sort_key("An", None) == "0130.!.!!99999999"
    assert ballot_sort_key("Lê Văn An", dt.date(1970, 1, 2)) == "0130.!2e1d.!540730.!19700102"


def test_the_sort_key_is_short_for_a_long_realistic_name():
    key = ballot_sort_key("Tôn Nữ Thị Hoàng Phương Nguyên (Thích Nữ Diệu Nghiêm)", None)
    assert key.isascii()
    assert len(key) < 300


# --- a full ballot, ordered by hand --------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    full_name: str
    date_of_birth: dt.date | None


BALLOT_IN_ORDER = [
    Candidate("Nguyễn Văn An", dt.date(1968, 5, 19)),
    Candidate("Nguyễn Văn An", dt.date(1975, 3, 8)),
    Candidate("Trần Thị An", dt.date(1980, 1, 1)),
    Candidate("Lê Anh", dt.date(1979, 12, 2)),
    Candidate("Phạm Thị Ánh", dt.date(1990, 6, 15)),
    Candidate("Đỗ Văn Bình", dt.date(1971, 7, 7)),
    Candidate("Lê Thị Bình", dt.date(1985, 2, 3)),
    Candidate("Lê Văn Bình", dt.date(1962, 11, 20)),
    Candidate("Hoàng Văn Dũng", dt.date(1970, 4, 4)),
    Candidate("Nguyễn Minh Đức", dt.date(1983, 8, 30)),
    Candidate("H′Hen Niê", dt.date(1988, 9, 9)),
    Candidate("Y-Moan Niê", dt.date(1976, 10, 10)),
]


def test_a_realistic_ballot_is_sorted_into_the_legal_order():
    shuffled = [BALLOT_IN_ORDER[i] for i in (7, 10, 2, 0, 11, 5, 9, 1, 3, 8, 6, 4)]

    ordered = sort_for_ballot(shuffled, name=lambda c: c.full_name, birth=lambda c: c.date_of_birth)

    assert ordered == BALLOT_IN_ORDER
    by_string = sorted(shuffled, key=lambda c: ballot_sort_key(c.full_name, c.date_of_birth))
    assert by_string == BALLOT_IN_ORDER


def test_only_the_namesakes_on_a_ballot_need_their_date_of_birth():
    assert needs_birth_date(BALLOT_IN_ORDER, name=lambda c: c.full_name) == {0, 1}


def test_needs_birth_date_marks_exactly_the_duplicates():
    names = [
        "Nguyễn Văn An",
        "Lê Thị Bình",
        "NGUYỄN VĂN AN (Thích Minh Tâm)",
        "Lê Văn Bình",
        nfd("nguyễn văn an"),
        "H′Dry",
        "H'Dry",
        "Ksor",
        "Nay Ksor",
    ]
    assert needs_birth_date(names, name=str) == {0, 2, 4, 5, 6}
    assert needs_birth_date([], name=str) == set()
    assert needs_birth_date(["Nguyễn Văn An"], name=str) == set()


# --- properties -----------------------------------------------------------------------

ONSETS = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
    "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x", "f", "j", "w", "z",
]  # fmt: skip
NUCLEI = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "oa", "oe", "uy", "iê", "yê", "ươ", "uô", "ưa", "ia", "ua",
]  # fmt: skip
CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y"]
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
PUNCTUATION = ["'", "’", "′", "-", "ʼ", "."]
# A small pool makes equal words, prefixes and shared parts frequent.
COMMON_WORDS = [
    "an", "anh", "ánh", "ân", "bình", "dũng", "duy", "đức", "hòa", "hoan", "hà", "hạ",
    "lan", "lê", "nguyễn", "trần", "văn", "thị", "ngọc", "ông", "ơn", "uyên", "ưng", "y",
]  # fmt: skip
CASES = [str.lower, str.upper, str.title, str.capitalize, str.swapcase]
EXTRAS = ["", "", "", "-", "'", "’", "(Thích Minh Tâm)", "(Thích"]
SEPARATORS = [" ", "  ", "\t", "\u00a0"]
FOREIGN_LETTERS = "abzđ0179ßøłçüαωжя中ʼ'"
SOME_BIRTHS = [dt.date(1970, 1, 1), dt.date(1970, 1, 2), dt.date(1999, 12, 31), None]


def make_syllable(onset: str, nucleus: str, at: int, tone: str, coda: str) -> str:
    at = min(at, len(nucleus) - 1)
    toned = nucleus[: at + 1] + tone + nucleus[at + 1 :]
    return unicodedata.normalize(NFC, onset + toned + coda)


def make_name(words: list[str], extra: str, separator: str, form: str) -> str:
    tokens = list(words)
    if extra:
        tokens.insert(len(tokens) if extra.startswith("(") else 0, extra)
    return unicodedata.normalize(form, " " + separator.join(tokens) + separator)


def decorate(word: str, case, mark: str, at: int) -> str:
    word = case(word)
    at = min(at, len(word))
    return word[:at] + mark + word[at:]


# Hypothesis strategies: shrinkable, for the pairwise properties.

syllables = st.builds(
    make_syllable,
    st.sampled_from(ONSETS),
    st.sampled_from(NUCLEI),
    st.integers(0, 2),
    st.sampled_from(TONES),
    st.sampled_from(CODAS),
)
vietnamese_words = st.one_of(st.sampled_from(COMMON_WORDS), syllables)
written_words = st.builds(
    decorate,
    vietnamese_words,
    st.sampled_from(CASES),
    st.sampled_from(["", "", *PUNCTUATION]),
    st.integers(0, 8),
)
names = st.builds(
    make_name,
    st.lists(written_words, min_size=1, max_size=5),
    st.sampled_from(EXTRAS),
    st.sampled_from(SEPARATORS),
    st.sampled_from([NFC, NFD]),
)
foreign_words = st.text(alphabet=st.sampled_from(list(FOREIGN_LETTERS)), min_size=1, max_size=6)
any_names = st.one_of(
    names, st.lists(st.one_of(vietnamese_words, foreign_words), max_size=4).map(" ".join)
)
births = st.one_of(st.sampled_from(SOME_BIRTHS), st.dates())
candidates = st.tuples(any_names, births)


# A seeded generator: cheap, for properties over whole ballots of many candidates.


def random_word(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(COMMON_WORDS)
    if roll < 0.9:
        return make_syllable(
            rng.choice(ONSETS),
            rng.choice(NUCLEI),
            rng.randrange(3),
            rng.choice(TONES),
            rng.choice(CODAS),
        )
    return "".join(rng.choices(FOREIGN_LETTERS, k=rng.randint(1, 5)))


def random_writing(rng: random.Random, words: list[str]) -> str:
    written = [
        decorate(w, rng.choice(CASES), rng.choice(["", "", "", *PUNCTUATION]), rng.randrange(8))
        for w in words
    ]
    return make_name(written, rng.choice(EXTRAS), rng.choice(SEPARATORS), rng.choice([NFC, NFD]))


def random_ballot(seed: int, size: int) -> list[tuple[str, dt.date | None]]:
    """Candidates sharing many words, many written twice in different ways."""
    rng = random.Random(seed)
    spellings: list[list[str]] = []
    ballot = []
    for _ in range(size):
        if spellings and rng.random() < 0.3:
            words = rng.choice(spellings)
        else:
            words = [random_word(rng) for _ in range(rng.randint(1, 5))]
            spellings.append(words)
        if rng.random() < 0.5:
            birth = rng.choice(SOME_BIRTHS)
        else:
            birth = dt.date.fromordinal(rng.randint(1, dt.date.max.toordinal()))
        ballot.append((random_writing(rng, words), birth))
    return ballot


FAST = settings(max_examples=50, deadline=None)
CRITICAL = settings(max_examples=100, deadline=None)
BALLOTS = settings(max_examples=12, deadline=None)
seeds = st.integers(0, 2**32 - 1)


@CRITICAL
@given(candidates, candidates)
def test_the_sort_string_orders_exactly_as_the_order_key(a, b):
    assert sign(ballot_sort_key(*a), ballot_sort_key(*b)) == sign(
        ballot_order_key(*a), ballot_order_key(*b)
    )


@CRITICAL
@given(
    st.lists(vietnamese_words, min_size=1, max_size=4),
    st.lists(vietnamese_words, max_size=3),
    births,
    births,
)
def test_the_sort_string_orders_exactly_as_the_order_key_for_names_sharing_words(
    words, more, birth, other_birth
):
    # The same name, extended or shortened, with a shared or different date.
    one = " ".join(words)
    for other in (" ".join(words + more), " ".join(more + words), " ".join(words[:-1] + more)):
        for dates in ((birth, other_birth), (birth, birth)):
            left, right = (one, dates[0]), (other, dates[1])
            assert sign(ballot_sort_key(*left), ballot_sort_key(*right)) == sign(
                ballot_order_key(*left), ballot_order_key(*right)
            )


@BALLOTS
@given(seeds)
def test_on_whole_ballots_the_sort_string_orders_exactly_as_the_order_key(seed):
    ballot = random_ballot(seed, 400)
    order_keys = [ballot_order_key(*c) for c in ballot]
    string_keys = [ballot_sort_key(*c) for c in ballot]

    by_order = sorted(range(len(ballot)), key=order_keys.__getitem__)
    by_string = sorted(range(len(ballot)), key=string_keys.__getitem__)

    # Both sorts are stable: the same permutation and the same ties mean the
    # two orders agree on every pair of the ballot.
    assert by_string == by_order
    for i, j in itertools.pairwise(by_order):
        assert (order_keys[i] == order_keys[j]) == (string_keys[i] == string_keys[j])
    assert all(key.isascii() for key in string_keys)


@FAST
@given(candidates)
def test_the_sort_string_is_pure_ascii(candidate):
    assert ballot_sort_key(*candidate).isascii()


@FAST
@given(candidates, candidates)
def test_the_order_is_total_and_antisymmetric(a, b):
    ka, kb = ballot_order_key(*a), ballot_order_key(*b)
    assert [ka < kb, ka == kb, ka > kb].count(True) == 1
    assert (ka < kb) == (kb > ka)
    sa, sb = ballot_sort_key(*a), ballot_sort_key(*b)
    assert [sa < sb, sa == sb, sa > sb].count(True) == 1
    assert (sa < sb) == (sb > sa)


@FAST
@given(candidates, candidates, candidates)
def test_the_order_is_transitive(a, b, c):
    ka, kb, kc = (ballot_order_key(*x) for x in (a, b, c))
    if ka <= kb <= kc:
        assert ka <= kc
    if ka < kb <= kc:
        assert ka < kc
    sa, sb, sc = (ballot_sort_key(*x) for x in (a, b, c))
    if sa <= sb <= sc:
        assert sa <= sc


@BALLOTS
@given(seeds)
def test_the_order_is_transitive_over_whole_ballots(seed):
    keys = sorted(ballot_order_key(*c) for c in random_ballot(seed, 60))
    for i, a in enumerate(keys):
        for b in keys[i:]:
            assert a <= b


@BALLOTS
@given(seeds)
def test_the_ballot_order_does_not_depend_on_the_input_order(seed):
    ballot = random_ballot(seed, 60)
    shuffled = list(ballot)
    random.Random(seed).shuffle(shuffled)

    def ordered(cands):
        return sort_for_ballot(cands, name=lambda c: c[0], birth=lambda c: c[1])

    def keys(cands):
        return [ballot_order_key(*c) for c in cands]

    assert keys(ordered(ballot)) == keys(ordered(shuffled))
    # Candidates that differ for the order come out in the same places.
    first, second = ordered(ballot), ordered(shuffled)
    first_keys = keys(first)
    for i, key in enumerate(first_keys):
        if first_keys.count(key) == 1:
            assert first[i] == second[i]


@FAST
@given(
    st.lists(
        st.tuples(st.sampled_from(COMMON_WORDS[:6]), st.sampled_from(SOME_BIRTHS)), max_size=15
    )
)
def test_candidates_with_equal_keys_keep_their_input_order(ballot):
    indexed = [(i, name, birth) for i, (name, birth) in enumerate(ballot)]

    ordered = sort_for_ballot(indexed, name=lambda c: c[1], birth=lambda c: c[2])

    for before, after in itertools.pairwise(ordered):
        before_key = ballot_order_key(before[1], before[2])
        after_key = ballot_order_key(after[1], after[2])
        assert before_key <= after_key
        if before_key == after_key:
            assert before[0] < after[0]


@FAST
@given(candidates)
def test_nfc_and_nfd_input_give_identical_keys(candidate):
    name, birth = candidate
    composed = unicodedata.normalize(NFC, name)
    decomposed = unicodedata.normalize(NFD, name)
    assert ballot_order_key(composed, birth) == ballot_order_key(decomposed, birth)
    assert ballot_sort_key(composed, birth) == ballot_sort_key(decomposed, birth)
    assert name_parts(composed) == name_parts(decomposed)


@FAST
@given(names, births)
def test_case_never_changes_the_key(name, birth):
    key = ballot_order_key(name, birth)
    assert ballot_order_key(name.upper(), birth) == key == ballot_order_key(name.lower(), birth)


@FAST
@given(st.lists(vietnamese_words, min_size=1, max_size=4), st.data())
def test_punctuation_case_spacing_and_the_other_name_never_change_the_key(words, data):
    decorations = st.tuples(st.sampled_from(CASES), st.sampled_from(PUNCTUATION), st.integers(0, 8))
    written = [decorate(w, *data.draw(decorations)) for w in words]
    plain = " ".join(words)
    decorated = make_name(
        written,
        data.draw(st.sampled_from(EXTRAS)),
        data.draw(st.sampled_from(SEPARATORS)),
        data.draw(st.sampled_from([NFC, NFD])),
    )
    assert ballot_order_key(plain, None) == ballot_order_key(decorated, None)
    assert needs_birth_date([plain, decorated, plain + " x"], name=str) == {0, 1}


@FAST
@given(vietnamese_words, vietnamese_words)
def test_words_compare_as_in_the_hand_written_alphabet(a, b):
    assert sign(word_key(a), word_key(b)) == sign(oracle_word(a), oracle_word(b))


def oracle_name(words: list[str]) -> tuple:
    if len(words) == 1:
        return (oracle_word(words[0]), (), ())
    return (
        oracle_word(words[-1]),
        oracle_word(words[0]),
        tuple(oracle_word(w) for w in words[1:-1]),
    )


@FAST
@given(
    st.lists(vietnamese_words, min_size=1, max_size=4),
    st.lists(vietnamese_words, min_size=1, max_size=4),
)
def test_names_compare_given_then_family_then_middle_words(a, b):
    assert sign(ballot_order_key(" ".join(a), None), ballot_order_key(" ".join(b), None)) == sign(
        oracle_name(a), oracle_name(b)
    )


FINAL_PAIRS = ["oa", "oe", "uy"]
TONE_MARKS = ["\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def both_placements(onset: str, pair: str, tone: str) -> tuple[str, str]:
    """A syllable ending in oa/oe/uy with its tone on the first and on the second vowel."""
    first = unicodedata.normalize(NFC, onset + pair[0] + tone + pair[1])
    second = unicodedata.normalize(NFC, onset + pair + tone)
    return first, second


@FAST
@given(
    st.sampled_from([o for o in ONSETS if o != "qu"]),
    st.sampled_from(FINAL_PAIRS),
    st.sampled_from(TONE_MARKS),
    st.lists(vietnamese_words, min_size=1, max_size=3),
    st.sampled_from(CASES),
)
def test_both_tone_placements_give_the_same_key(onset, pair, tone, family, case):
    first, second = both_placements(onset, pair, tone)
    one, other = case(" ".join([*family, first])), case(" ".join([*family, second]))
    assert word_key(first) == word_key(second)
    assert ballot_order_key(one, None) == ballot_order_key(other, None)
    assert ballot_sort_key(one, None) == ballot_sort_key(other, None)
    assert needs_birth_date([one, other]) == {0, 1}


@BALLOTS
@given(seeds)
def test_needs_birth_date_marks_the_names_that_are_equal_for_the_order(seed):
    ballot = [name for name, _ in random_ballot(seed, 40)]
    marked = needs_birth_date(ballot, name=str)
    keys = [ballot_order_key(n, None) for n in ballot]
    assert marked == {i for i, key in enumerate(keys) if keys.count(key) > 1}
