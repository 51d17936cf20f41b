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
