"""Every printable form renders its sample, with correct Vietnamese text."""

from __future__ import annotations

import unicodedata

import pytest

from forms import all_forms
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


@pytest.mark.parametrize(("count", "size"), [(5, (420, 595)), (8, (420, 595)), (12, (595, 842))])
def test_ballot_is_a5_for_few_candidates_and_a4_for_more(count, size):
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
    assert "Số người ứng cử: 30" in texts[0]
    assert "Nguyễn Văn Ứng 30" in with_rows[-1]
    # The footnote and the signature stay together.
    assert "Danh sách được xếp theo vần chữ cái" in texts[-1]
    assert "TM. ỦY BAN BẦU CỬ" in texts[-1]


def test_long_dates_follow_decree_30():
    import datetime as dt

    from forms.common import vn_long_date

    assert vn_long_date(dt.date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert vn_long_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert vn_long_date(dt.date(2025, 12, 1)) == "ngày 01 tháng 12 năm 2025"
