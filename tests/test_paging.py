"""election.paging and the `paging` macro of templates/_paging.html: pure, no database."""

from __future__ import annotations

import itertools
from pathlib import Path
from urllib.parse import parse_qsl

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from election.paging import (
    BadListQuery,
    Page,
    PageRequest,
    choice_param,
    contains_pattern,
    filters,
    int_param,
    page_links,
    page_request,
    text_param,
)
from election.voters.tables import VoterStatus
from election.web import TEMPLATE_FILTERS

TEMPLATES = Path(__file__).parent.parent / "election" / "templates"


def test_defaults_when_absent_or_empty() -> None:
    assert page_request({}) == PageRequest(number=1, size=50)
    assert page_request({"page": "", "size": ""}) == PageRequest(number=1, size=50)
    assert page_request({}, default_size=25).size == 25


def test_reads_page_and_size() -> None:
    request = page_request({"page": "3", "size": "100"})
    assert (request.number, request.size, request.offset, request.limit) == (3, 100, 200, 100)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"page": "abc"}, "Số trang"),
        ({"page": "0"}, "Số trang"),
        ({"page": "-1"}, "Số trang"),
        ({"page": "1.5"}, "Số trang"),
        ({"page": "٣"}, "Số trang"),  # an Arabic-Indic digit: isdigit() but not ASCII
        ({"page": "9" * 40}, "Số trang"),
        ({"size": "7"}, "Số dòng mỗi trang"),
        ({"size": "100000"}, "Số dòng mỗi trang"),
        ({"size": "x"}, "Số dòng mỗi trang"),
    ],
)
def test_malformed_values_are_a_400_in_vietnamese(query: dict[str, str], words: str) -> None:
    with pytest.raises(BadListQuery) as refused:
        page_request(query)
    assert refused.value.status_code == 400
    assert words in refused.value.detail


def test_a_page_past_the_last_is_the_last() -> None:
    assert PageRequest(number=40, size=50).clamped(952) == PageRequest(number=20, size=50)
    assert PageRequest(number=20, size=50).clamped(952).number == 20
    assert PageRequest(number=3, size=50).clamped(0).number == 1


def test_filter_parameters() -> None:
    assert int_param({"area": "12"}, "area", "Khu vực") == 12
    assert int_param({"area": ""}, "area", "Khu vực") is None
    assert int_param({}, "area", "Khu vực") is None
    with pytest.raises(BadListQuery, match="Khu vực"):
        int_param({"area": "x"}, "area", "Khu vực")
    status = choice_param({"status": "struck_off"}, "status", VoterStatus, "Tình trạng")
    assert status is VoterStatus.STRUCK_OFF
    assert choice_param({"status": ""}, "status", VoterStatus, "Tình trạng") is None
    with pytest.raises(BadListQuery, match="Tình trạng"):
        choice_param({"status": "gone"}, "status", VoterStatus, "Tình trạng")
    assert text_param({"q": "  nguyen  "}) == "nguyen"
    with pytest.raises(BadListQuery):
        text_param({"q": "a" * 101})


@pytest.mark.parametrize(
    ("number", "pages", "links"),
    [
        (1, 1, [1]),
        (1, 0, [1]),
        (1, 3, [1, 2, 3]),
        (1, 20, [1, 2, 3, None, 20]),
        (10, 20, [1, None, 8, 9, 10, 11, 12, None, 20]),
        (20, 20, [1, None, 18, 19, 20]),
        (4, 20, [1, 2, 3, 4, 5, 6, None, 20]),  # a gap of one is the number itself
    ],
)
def test_page_links(number: int, pages: int, links: list[int | None]) -> None:
    assert page_links(number, pages) == links


@given(st.integers(1, 500), st.integers(1, 500))
def test_page_links_always_hold_first_last_current_in_order(pages: int, raw: int) -> None:
    number = min(raw, pages)
    links = page_links(number, pages)
    numbers = [n for n in links if n is not None]
    assert numbers == sorted(set(numbers))
    assert {1, pages, number} <= set(numbers)
    assert len(links) <= 9
    # No two gaps together and never a gap hiding a single number.
    for a, b in itertools.pairwise(links):
        assert a is not None or b is not None
        if a is not None and b is not None:
            assert b == a + 1


def test_filters_leave_out_empty_values() -> None:
    assert filters(q="Nguyễn", area=None, status=VoterStatus.LISTED, sex="", open=False) == (
        ("q", "Nguyễn"),
        ("status", "listed"),
    )


def _page(number: int, *, size: int = 50, total: int = 952) -> Page[int]:
    request = PageRequest(number=number, size=size)
    return Page.of(
        range(request.offset, min(total, request.offset + size)),
        total=total,
        request=request,
        filters=filters(q="nguyen van", area=7),
        noun="cử tri",
    )


def test_page_figures_and_links_keep_the_filters() -> None:
    page = _page(2)
    assert (page.pages, page.first, page.last, page.has_previous, page.has_next) == (
        20,
        51,
        100,
        True,
        True,
    )
    assert dict(parse_qsl(page.href(5)[1:])) == {"q": "nguyen van", "area": "7", "page": "5"}
    assert page.href(1) == "?q=nguyen+van&area=7"  # defaults stay out of the URL
    # A new size starts from the first page.
    assert dict(parse_qsl(page.href(size=200)[1:])) == {
        "q": "nguyen van",
        "area": "7",
        "size": "200",
    }
    last = _page(20)
    assert (last.first, last.last, last.has_next, len(last.items)) == (951, 952, False, 2)
    empty = _page(1, total=0)
    assert (empty.pages, empty.first, empty.last, empty.links) == (1, 0, 0, [1])


def _render(page: Page[int]) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.filters.update(TEMPLATE_FILTERS)
    template = env.from_string('{% from "_paging.html" import paging %}{{ paging(p, "Trang") }}')
    return template.render(p=page)


def test_macro_shows_total_numbered_links_and_sizes() -> None:
    html = _render(_page(10))
    assert "952 cử tri" in html
    assert "hiển thị 451–500" in html
    assert 'aria-current="page"' in html
    assert 'href="?q=nguyen+van&amp;area=7&amp;page=20"' in html  # the last page
    assert 'href="?q=nguyen+van&amp;area=7"' in html  # the first page
    assert "…" in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert 'href="?q=nguyen+van&amp;area=7&amp;size=200"' in html


def test_macro_on_a_short_list_shows_only_the_count() -> None:
    html = _render(_page(1, total=12))
    assert "12 cử tri" in html
    assert "<nav" not in html
    assert "Số dòng mỗi trang" not in html
    assert "1.234 cử tri" in _render(_page(1, total=1234))


def test_a_contains_pattern_takes_wildcards_literally() -> None:
    assert contains_pattern("") is None
    assert contains_pattern("van an") == "%van an%"
    assert contains_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_the_folded_letters_are_the_voters_search_key() -> None:
    from election.paging import _MARKED, _PLAIN
    from election.voters.rules import search_key

    assert len(_MARKED) == len(_PLAIN) > 130  # Vietnamese has 134 marked letters with đ
    for marked, plain in zip(_MARKED, _PLAIN, strict=True):
        assert search_key(marked) == plain, marked
    assert "'" not in _MARKED + _PLAIN  # safe inside the SQL literal


def test_fold_is_the_voters_search_key_for_names() -> None:
    from election.paging import fold
    from election.voters.rules import search_key

    for name in ("Nguyễn Thị  Ánh Tuyết", "ĐẶNG VĂN ĐỨC", "Lưu Thị Ỷ Lan", " Ông Ích Khiêm "):
        assert fold(name) == search_key(name)


def test_a_second_pager_gives_the_links_alone() -> None:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.filters.update(TEMPLATE_FILTERS)
    template = env.from_string(
        '{% from "_paging.html" import paging %}{{ paging(p, "Trang", full=false) }}'
    )
    html = template.render(p=_page(3))
    assert "952 cử tri" not in html and "Số dòng mỗi trang" not in html
    assert 'aria-current="page"' in html
