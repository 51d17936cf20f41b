"""Every printable form renders its sample, with correct Vietnamese text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms import all_forms
from forms.base import CardGrid
from forms.render import nfc, render, wrap
from tests.pdf import pdf_text, squash

FORMS = all_forms()


def test_there_is_at_least_one_form():
    assert FORMS


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.code)
def test_form_sample_renders_with_its_text(form):
    content = render(form, form.sample())
    assert content.startswith(b"%PDF")
    text = squash(pdf_text(content))
    for phrase in form.sample_must_contain:
        assert phrase in text, phrase


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.code)
def test_form_declares_its_legal_basis_and_title(form):
    assert form.title and form.legal_basis and form.code


def test_decomposed_input_is_drawn_as_composed_text():
    decomposed = unicodedata.normalize("NFD", "Phường Bạc Liêu")
    assert nfc(decomposed) == "Phường Bạc Liêu"
    from forms.base import Paragraph
    from forms.render import render_blocks

    text = pdf_text(render_blocks([Paragraph(decomposed)]))
    assert "Phường Bạc Liêu" in text


def test_long_words_are_cut_to_fit_the_line():
    from forms.render import REGULAR, register_fonts

    register_fonts()
    lines = wrap("x" * 300, REGULAR, 10, 100)
    assert len(lines) > 1
    assert "".join(lines) == "x" * 300


def test_long_tables_continue_on_new_pages_with_page_numbers():
    from forms.base import Column, Table
    from forms.render import render_blocks
    from tests.pdf import pdf_pages

    rows = [[i, f"Nguyễn Văn {i}"] for i in range(1, 301)]
    content = render_blocks([Table([Column("STT"), Column("Họ và tên", 4)], rows)])
    pages = pdf_pages(content)
    assert pages > 3
    text = pdf_text(content)
    assert f"Trang 1/{pages}" in squash(text).replace("/ ", "/")
    assert "Nguyễn Văn 300" in text


def _pdf_reader(content: bytes):
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(content))


def _ballot_with(count: int):
    from forms import ballot

    data = ballot.sample()
    data.candidates = [
        ballot.BallotCandidate(full_name=f"Nguyễn Thị Hồng {i}", sex="Nữ" if i % 2 else "Nam")
        for i in range(1, count + 1)
    ]
    return data


@pytest.mark.parametrize(("count", "size"), [(5, (420, 595)), (10, (420, 595)), (12, (595, 842))])
def test_ballot_is_a5_as_the_model_up_to_ten_names_and_a4_beyond(count, size):
    from forms import ballot

    reader = _pdf_reader(render(ballot.FORM, _ballot_with(count)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    text = squash(reader.pages[0].extract_text())
    assert "Trang" not in text  # a ballot prints nothing but itself


def test_ballot_lines_name_the_candidates_as_printed():
    import datetime as dt

    from forms.ballot import BallotCandidate, ballot_line

    assert ballot_line(BallotCandidate(full_name="Nguyễn Văn An", sex="Nam")) == "Ông Nguyễn Văn An"
    assert (
        ballot_line(BallotCandidate(full_name="Trần Thị Bình", other_name="Diệu Hạnh", sex="Nữ"))
        == "Bà Trần Thị Bình (Diệu Hạnh)"
    )
    born = dt.date(1980, 9, 2)
    assert ballot_line(
        BallotCandidate(full_name="Lê Văn Cường", sex="Nam", date_of_birth=born)
    ) == ("Ông Lê Văn Cường")
    assert ballot_line(
        BallotCandidate(
            full_name="Lê Văn Cường", sex="Nam", date_of_birth=born, show_birth_date=True
        )
    ) == ("Ông Lê Văn Cường (sinh ngày 02/09/1980)")
    with pytest.raises(ValueError):
        BallotCandidate(full_name="Lê Văn Cường", sex="Nam", show_birth_date=True)
    with pytest.raises(ValueError):
        BallotCandidate(full_name="Lê Văn Cường", sex="Khác")


def test_candidate_list_of_thirty_continues_with_its_header_on_every_page():
    from forms import candidate_list

    data = candidate_list.sample()
    first = data.candidates[0]
    data.candidates = [
        first.model_copy(update={"order": i, "full_name": f"Nguyễn Văn Ứng {i}"})
        for i in range(1, 31)
    ]
    reader = _pdf_reader(render(candidate_list.FORM, data))
    assert len(reader.pages) > 1
    texts = [squash(page.extract_text()) for page in reader.pages]
    with_rows = [text for text in texts if "Nguyễn Văn Ứng" in text]
    assert len(with_rows) > 1
    for text in with_rows:
        assert "Họ và tên" in text and "Quê quán" in text and "Nơi công tác" in text
    assert "DANH SÁCH CHÍNH THỨC NHỮNG NGƯỜI ỨNG CỬ" in texts[0]
    assert "Nguyễn Văn Ứng 30" in with_rows[-1]
    # The totals and the signature stay together.
    assert "trong danh sách này là: 30 người" in texts[-1]
    assert "TM. ỦY BAN BẦU CỬ" in texts[-1]


def test_long_dates_follow_decree_30():
    import datetime as dt

    from forms.common import vn_long_date

    assert vn_long_date(dt.date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert vn_long_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert vn_long_date(dt.date(2025, 12, 1)) == "ngày 01 tháng 12 năm 2025"


# --------------------------------------------------------------------------
# The typeface


def vietnamese_letters() -> set[str]:
    """Every letter of Vietnamese that is not plain ASCII: the twelve vowels with
    each of the five tones, the six vowels with a mark of their own, and đ; in
    lower and upper case (134)."""
    vowels = "aăâeêioôơuưy"
    tones = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    letters |= set("ăâêôơưđ")
    return letters | {letter.upper() for letter in letters}


def test_the_typeface_has_a_glyph_for_every_vietnamese_letter():
    from reportlab.pdfbase.ttfonts import TTFontFile

    from forms.render.fonts import FONT_DIR, FONT_FILES

    letters = vietnamese_letters()
    assert len(letters) == 134
    assert all(len(letter) == 1 for letter in letters)
    for name, filename in FONT_FILES.items():
        cmap = TTFontFile(str(FONT_DIR / filename)).charToGlyph
        missing = sorted(letter for letter in letters if ord(letter) not in cmap)
        assert not missing, (name, missing)


def test_the_typeface_ships_with_its_licence():
    from forms.render.fonts import FONT_DIR, FONT_FILES

    assert len(FONT_FILES) == 4
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONT_DIR / "OFL.txt").read_text()
    readme = (FONT_DIR / "README.md").read_text()
    assert "fonts-croscore" in readme and "Tinos" in readme


# --------------------------------------------------------------------------
# The form number, the footer


def _first_page_strings(content: bytes) -> list[tuple[str, float, float]]:
    """(text, x, y) of the strings drawn on the first page."""
    found: list[tuple[str, float, float]] = []

    def visit(text, _cm, tm, _font, _size):
        if text.strip():
            found.append((unicodedata.normalize("NFC", text.strip()), tm[4], tm[5]))

    _pdf_reader(content).pages[0].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("form", [f for f in FORMS if f.number_on_page], ids=lambda f: f.code)
def test_the_form_number_is_in_the_top_right_corner_of_the_first_page(form):
    data = form.model.model_validate(form.sample())
    number = form.number_of(data)
    content = render(form, data)
    texts = [squash(page.extract_text()) for page in _pdf_reader(content).pages]
    if not number:
        assert "Mẫu số" not in " ".join(texts)
        return
    assert number in texts[0]
    if form.layout(data) and not isinstance(form.layout(data)[0], CardGrid):
        assert all(number not in text for text in texts[1:])
        box = _pdf_reader(content).pages[0].mediabox
        strings = _first_page_strings(content)
        x, y = next((x, y) for text, x, y in strings if text == number)
        assert x > float(box.width) / 2  # on the right
        assert y == max(y for _, _, y in strings)  # above everything else


def test_the_ballot_prints_no_form_number():
    from forms import ballot

    assert ballot.FORM.number_of(ballot.sample()) == "Mẫu số 14/HĐBC-HĐND"
    assert "Mẫu số" not in pdf_text(render(ballot.FORM, ballot.sample()))


@pytest.mark.parametrize("form", [f for f in FORMS if f.print_footer], ids=lambda f: f.code)
def test_footers_carry_the_page_number_and_no_internal_code(form):
    content = render(form, form.sample())
    for page in _pdf_reader(content).pages:
        text = page.extract_text()
        assert form.code not in text
        assert "·" not in text
        assert "Trang " in text


# --------------------------------------------------------------------------
# The letterhead


def test_a_heading_breaks_only_between_whole_names():
    from forms.render.heading import name_phrases

    assert name_phrases("ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU") == ["ỦY BAN NHÂN DÂN", "PHƯỜNG BẠC LIÊU"]
    assert name_phrases("BAN BẦU CỬ ĐẠI BIỂU QUỐC HỘI ĐƠN VỊ BẦU CỬ SỐ 1") == [
        "BAN BẦU CỬ",
        "ĐẠI BIỂU QUỐC HỘI",
        "ĐƠN VỊ BẦU CỬ SỐ 1",
    ]
    assert name_phrases("TỔ BẦU CỬ KHU VỰC BỎ PHIẾU SỐ 3") == ["TỔ BẦU CỬ", "KHU VỰC BỎ PHIẾU SỐ 3"]
    assert name_phrases("ỦY BAN NHÂN DÂN THỊ XÃ GIÁ RAI") == ["ỦY BAN NHÂN DÂN", "THỊ XÃ GIÁ RAI"]
    assert name_phrases("Bạc Liêu, ngày 15 tháng 3 năm 2026") == [
        "Bạc Liêu,",
        "ngày 15 tháng 3 năm 2026",
    ]


@pytest.mark.parametrize("size", ["A4", "A5", "A6"])
def test_the_letterhead_never_breaks_a_place_name(size):
    from forms.base import Letterhead
    from forms.render import render_blocks

    issuer = ["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"]
    content = render_blocks(
        [Letterhead(left=issuer, place_and_date="Phường Bạc Liêu, ngày 15 tháng 3 năm 2026")],
        size=size,
        margins_mm=(8, 8, 8, 8),
    )
    lines = [line.strip() for line in pdf_text(content).splitlines()]
    assert any("BẠC LIÊU" in line for line in lines)
    assert any("CÀ MAU" in line for line in lines)
    assert not any(line.endswith(("BẠC", "CÀ", "Bạc")) for line in lines)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert any("ngày 15 tháng 3 năm 2026" in line for line in lines)


def test_a_name_too_wide_for_its_column_is_set_smaller():
    from forms.render import register_fonts
    from forms.render.heading import MIN_SIZE, fit_column

    register_fonts()
    column = fit_column([("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", True)], 12, 90, breakable=True)
    assert [text for text, _ in column.lines] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert MIN_SIZE <= column.size < 12


def test_the_place_and_date_line_has_blanks_when_the_date_is_not_known():
    import datetime as dt

    from forms.common import place_and_date

    assert place_and_date("Bạc Liêu", dt.date(2026, 3, 15)) == "Bạc Liêu, ngày 15 tháng 3 năm 2026"
    assert place_and_date("Bạc Liêu", None, year=2026) == "Bạc Liêu, ngày …… tháng …… năm 2026"
    assert place_and_date("", None) == "……, ngày …… tháng …… năm ……"


# --------------------------------------------------------------------------
# Signature blocks


def _signature_pages(blocks) -> list[str]:
    from forms.render import render_blocks

    return [squash(page.extract_text()) for page in _pdf_reader(render_blocks(blocks)).pages]


@pytest.mark.parametrize("lines", range(30, 62))
def test_signature_blocks_are_never_alone_on_a_page(lines):
    from forms.base import Paragraph, SignatureBox, Signatures, Spacer

    blocks = [
        *(Paragraph(f"Dòng nội dung số {i}", space_after=1) for i in range(1, lines + 1)),
        Paragraph(f"Đoạn cuối gồm hai dòng: {'chữ ' * 40}kết thúc đoạn."),
        Spacer(2),
        Signatures(
            [
                SignatureBox("THƯ KÝ"),
                SignatureBox(
                    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", name="Trần Thị Thu Hà"
                ),
            ],
            place_and_date="Bạc Liêu, ngày 15 tháng 3 năm 2026",
        ),
    ]
    pages = _signature_pages(blocks)
    signed = [page for page in pages if "PHÓ CHỦ TỊCH" in page]
    assert len(signed) == 1
    page = signed[0]
    # The whole block on one page, with the last lines of the content above it.
    for part in ("Bạc Liêu, ngày 15", "THƯ KÝ", "TM. ỦY BAN NHÂN DÂN", "Trần Thị Thu Hà"):
        assert part in page
    assert "kết thúc đoạn." in page


@pytest.mark.parametrize("rows", range(38, 52))
def test_a_table_keeps_its_last_row_with_the_signatures(rows):
    from forms.base import Column, SignatureBox, Signatures, Table

    blocks = [
        Table(
            [Column("STT"), Column("Họ và tên", 4)],
            [[i, f"Nguyễn Văn {i}"] for i in range(1, rows + 1)],
        ),
        Signatures([SignatureBox("NGƯỜI LẬP BIỂU", name="Lê Văn Phúc")]),
    ]
    pages = _signature_pages(blocks)
    last = pages[-1]
    assert "NGƯỜI LẬP BIỂU" in last and "Lê Văn Phúc" in last
    assert f"Nguyễn Văn {rows}" in last


def test_signers_in_rows_with_the_models_notes():
    from forms.base import SIGN_NOTE, Signatures
    from forms.common import collective_signer, personal_signer

    assert SIGN_NOTE == "(Ký, ghi rõ họ và tên)"
    chair = collective_signer("ỦY BAN BẦU CỬ", "CHỦ TỊCH", seal_of="Ủy ban bầu cử")
    assert chair.title == "TM. ỦY BAN BẦU CỬ\nCHỦ TỊCH"
    assert chair.note == "(Ký, ghi rõ họ và tên, đóng dấu của Ủy ban bầu cử)"
    deputy = collective_signer("ỦY BAN NHÂN DÂN", "CHỦ TỊCH", deputy="PHÓ CHỦ TỊCH")
    assert deputy.title == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    boxes = [
        personal_signer("CỬ TRI THỨ NHẤT\nCHỨNG KIẾN VIỆC KIỂM PHIẾU"),
        collective_signer("TỔ BẦU CỬ", "TỔ TRƯỞNG", seal_of="Tổ bầu cử"),
        personal_signer("THƯ KÝ\nTỔ BẦU CỬ"),
        personal_signer("CỬ TRI THỨ HAI\nCHỨNG KIẾN VIỆC KIỂM PHIẾU"),
    ]
    text = squash(" ".join(_signature_pages([Signatures(boxes, columns=3)])))
    order = [
        "CỬ TRI THỨ NHẤT",
        "TM. TỔ BẦU CỬ TỔ TRƯỞNG (Ký, ghi rõ họ và tên, đóng dấu của Tổ bầu cử)",
        "THƯ KÝ TỔ BẦU CỬ",
        "CỬ TRI THỨ HAI",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


# --------------------------------------------------------------------------
# Crop marks


def test_voter_card_crop_marks_keep_10_mm_from_the_sheet_edge():
    from forms import voter_card
    from forms.render import page_size
    from forms.render.cards import MARK_CLEARANCE, corner_marks, grid_origin
    from forms.render.flow import Page
    from forms.render.pdf import MM

    data = voter_card.sample()
    (grid,) = voter_card.layout(data)
    assert isinstance(grid, CardGrid)
    width, height = page_size(voter_card.FORM.page_size, voter_card.FORM.orientation)
    page = Page(width, height, 0, 0, 0, 0)
    left, top = grid_origin(page, grid)
    for row in range(grid.rows):
        card_top = top - row * (grid.height_mm + grid.gap_mm) * MM
        for mark in corner_marks(
            left, card_top - grid.height_mm * MM, left + grid.width_mm * MM, card_top
        ):
            for x in mark[0::2]:
                assert MARK_CLEARANCE - 0.01 <= x <= width - MARK_CLEARANCE + 0.01
            for y in mark[1::2]:
                assert MARK_CLEARANCE - 0.01 <= y <= height - MARK_CLEARANCE + 0.01
    # The card is the model's: A6 landscape.
    assert (grid.width_mm, grid.height_mm) == (148, 105)


def test_a_card_grid_whose_crop_marks_would_reach_the_edge_is_refused():
    from forms.base import Paragraph
    from forms.render import render_blocks

    cards = [[Paragraph("Thẻ")]] * 4
    with pytest.raises(ValueError, match="crop marks"):
        render_blocks([CardGrid(cards, width_mm=140, height_mm=98)], orientation="landscape")


# --------------------------------------------------------------------------
# "gồm" lists, the model number of a contest


def test_a_members_list_never_doubles_gom():
    from forms.common import members_clause, with_members

    assert members_clause("Gồm khóm 1, khóm 2") == "gồm: khóm 1, khóm 2"
    assert members_clause("gồm: Gồm khóm 1") == "gồm: khóm 1"
    assert members_clause("khóm 1") == "gồm: khóm 1"
    assert members_clause("  ") == ""
    assert with_members("Đơn vị bầu cử số 1", "gồm: Gồm: Phường Bạc Liêu") == (
        "Đơn vị bầu cử số 1 gồm: Phường Bạc Liêu"
    )
    assert with_members("Đơn vị bầu cử số 1", "") == "Đơn vị bầu cử số 1"


def test_printed_areas_never_say_gom_twice():
    import re

    from forms import board_members

    data = board_members.sample().model_copy(update={"area": "gồm: Gồm khóm 1, khóm 2"})
    text = squash(pdf_text(render(board_members.FORM, data)))
    assert "gồm: khóm 1, khóm 2" in text
    for form in FORMS:
        sample_text = squash(pdf_text(render(form, form.sample())))
        assert not re.search(r"\bgồm\b\W+gồm\b", sample_text, re.IGNORECASE), form.code


def test_the_model_number_follows_the_contest():
    from forms.common import ballot_number, contest_number

    assert ballot_number("ĐẠI BIỂU QUỐC HỘI KHÓA XVI") == "Mẫu số 13/HĐBC-QH"
    assert ballot_number("ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU") == "Mẫu số 14/HĐBC-HĐND"
    assert ballot_number("ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI") == "Mẫu số 14/HĐBC-HĐND"
    assert ballot_number("ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN PHƯỜNG TÂN THÀNH") == "Mẫu số 15/HĐBC-HĐND"
    assert ballot_number("ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN ĐẶC KHU PHÚ QUỐC") == "Mẫu số 15/HĐBC-HĐND"
    national, council = "18/HĐBC-QH", "23/HĐBC-HĐND"
    assert contest_number(
        "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI", national=national, council=council
    ) == ("Mẫu số 18/HĐBC-QH")
    assert contest_number(
        "BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN XÃ ĐẦM DƠI", national=national, council=council
    ) == ("Mẫu số 23/HĐBC-HĐND")


# --------------------------------------------------------------------------
# Numbers in words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (1_000, "một nghìn"),
        (1_005, "một nghìn không trăm linh năm"),
        (1_010, "một nghìn không trăm mười"),
        (1_015, "một nghìn không trăm mười lăm"),
        (2_026, "hai nghìn không trăm hai mươi sáu"),
        (10_000, "mười nghìn"),
        (186_452, "một trăm tám mươi sáu nghìn bốn trăm năm mươi hai"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
        (1_000_000_000, "một tỷ"),
        (1_000_000_005, "một tỷ không trăm linh năm"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (10**18, "một tỷ tỷ"),
    ],
)
def test_numbers_in_vietnamese_words(number, words):
    from forms.words import number_words

    assert number_words(number) == words


def test_in_words_is_capitalized_and_refuses_negatives():
    from forms.words import in_words, number_words

    assert in_words(105) == "Một trăm linh năm"
    with pytest.raises(ValueError):
        number_words(-1)
    with pytest.raises(ValueError):
        number_words(True)


_DIGIT_VALUES = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4,
    "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_VOCABULARY = set(_DIGIT_VALUES) | {"mười", "mươi", "trăm", "linh", "nghìn", "triệu", "tỷ"}


def _parse_group(words: list[str]) -> int:
    """'ba trăm linh năm' → 305: a group under a thousand."""
    value = 0
    if "trăm" in words:
        at = words.index("trăm")
        assert at == 1, words
        value, words = 100 * _DIGIT_VALUES[words[0]], words[2:]
    if words[:1] == ["linh"]:
        assert len(words) == 2, words
        return value + _DIGIT_VALUES[words[1]]
    if words[:1] == ["mười"]:
        value, words = value + 10, words[1:]
    elif "mươi" in words:
        assert words.index("mươi") == 1, words
        value, words = value + 10 * _DIGIT_VALUES[words[0]], words[2:]
    assert len(words) <= 1, words
    return value + (_DIGIT_VALUES[words[0]] if words else 0)


def _parse(words: list[str]) -> int:
    """Words back to the number, splitting at the last 'tỷ', then 'triệu', 'nghìn'."""
    if "tỷ" in words:
        at = len(words) - 1 - words[::-1].index("tỷ")
        return _parse(words[:at]) * 10**9 + (_parse(words[at + 1 :]) if words[at + 1 :] else 0)
    for scale, name in ((10**6, "triệu"), (10**3, "nghìn")):
        if name in words:
            at = words.index(name)
            rest = words[at + 1 :]
            return _parse_group(words[:at]) * scale + (_parse(rest) if rest else 0)
    return _parse_group(words)


@given(st.integers(min_value=0, max_value=10**12) | st.integers(min_value=0, max_value=10**21))
def test_number_words_read_back_to_the_number(number):
    from forms.words import number_words

    words = number_words(number)
    assert words == unicodedata.normalize("NFC", words)
    assert set(words.split()) <= _VOCABULARY
    assert _parse(words.split()) == number
