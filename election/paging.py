"""Paging, search and filters of list pages, kept in the URL.

Pure: no database, no HTTP framework. A list page reads its query string with
`page_request` (and `int_param` / `choice_param` for its filters), counts its
rows with the same WHERE as the page, asks `PageRequest.clamped(total)` for
the page that exists, reads that page (LIMIT/OFFSET) and hands a `Page` to
the `paging` macro of `templates/_paging.html`, which shows the total, the
numbered links (1 2 3 … last) and the page sizes, every link keeping the
filters (`Page.href`).

A malformed value (`?page=abc`, `?size=7`, `?area=x`) is refused with a 400
in Vietnamese; a page past the last one shows the last page.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Generic, TypeVar
from urllib.parse import urlencode

from election.errors import DomainError

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

SIZES: tuple[int, ...] = (25, 50, 100, 200)
DEFAULT_SIZE = 50
MAX_PAGE = 1_000_000  # 200 a page: 200 million rows, more than any list holds
PAGE_PARAM = "page"
SIZE_PARAM = "size"


class BadListQuery(DomainError):
    """A list page's query string that cannot be read (HTTP 400)."""

    problem = "bad-list-query"
    title = "Địa chỉ trang danh sách không hợp lệ"


def _number(text: str, what: str, *, low: int = 1, high: int = MAX_PAGE) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise BadListQuery(f"{what} không hợp lệ: «{text[:20]}» (phải là số từ {low} đến {high}).")
    return int(value)


@dataclass(frozen=True)
class PageRequest:
    """The page asked for: its number (from 1) and its size."""

    number: int = 1
    size: int = DEFAULT_SIZE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def limit(self) -> int:
        return self.size

    def clamped(self, total: int) -> PageRequest:
        """The same request, on the last page when it asked past it."""
        last = max(1, math.ceil(total / self.size))
        return self if self.number <= last else replace(self, number=last)


def page_request(
    query: Mapping[str, str],
    *,
    sizes: Sequence[int] = SIZES,
    default_size: int = DEFAULT_SIZE,
) -> PageRequest:
    """`?page=3&size=100` read from a query string; absent or empty values are
    the first page and `default_size`; anything else malformed is a 400."""
    page_text = query.get(PAGE_PARAM) or ""
    size_text = query.get(SIZE_PARAM) or ""
    number = _number(page_text, "Số trang") if page_text else 1
    size = default_size
    if size_text:
        size = _number(size_text, "Số dòng mỗi trang", high=max(sizes))
        if size not in sizes:
            shown = ", ".join(str(s) for s in sizes)
            raise BadListQuery(f"Số dòng mỗi trang phải là một trong {shown}.")
    return PageRequest(number=number, size=size)


def int_param(query: Mapping[str, str], name: str, what: str) -> int | None:
    """An optional whole-number filter (an id, a number): empty is None."""
    text = query.get(name) or ""
    return _number(text, what, high=2_147_483_647) if text else None


def choice_param(query: Mapping[str, str], name: str, choices: type[E], what: str) -> E | None:
    """An optional filter among an enum's values: empty is None."""
    text = query.get(name) or ""
    if not text:
        return None
    try:
        return choices(text)
    except ValueError:
        raise BadListQuery(f"{what} không hợp lệ: «{text[:20]}».") from None


def text_param(query: Mapping[str, str], name: str = "q", *, max_length: int = 100) -> str:
    """A search text: trimmed; a longer one is a 400."""
    text = (query.get(name) or "").strip()
    if len(text) > max_length:
        raise BadListQuery(f"Nội dung tìm kiếm dài quá {max_length} ký tự.")
    return text


def contains_pattern(text: str) -> str | None:
    """A LIKE pattern matching `text` anywhere, its own %, _ and \\ taken
    literally; None for an empty text (no filter)."""
    if not text:
        return None
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fold_letter(letter: str) -> str:
    """A letter lower-cased without its diacritics, đ as d (as the voters'
    `rules.search_key` folds a name)."""
    if letter in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", letter.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_MARKED = "".join(
    letter
    for letter in map(chr, range(0xC0, 0x1EFF + 1))
    if letter.isalpha()
    and len(plain := _fold_letter(letter)) == 1
    and plain.isascii()
    and plain.isalpha()
    and plain != letter
)
_PLAIN = "".join(_fold_letter(letter) for letter in _MARKED)


def fold(text: str) -> str:
    """A typed search text folded as `folded_sql` folds stored names: lower
    case, without diacritics, đ as d, single-spaced."""
    words = unicodedata.normalize("NFC", text).split()
    return " ".join("".join(map(_fold_letter, word)) for word in words)


def folded_sql(column: str) -> str:
    """SQL: the text `column` lower-cased without diacritics, as the voters'
    search key folds a name, so a stored name compares with a typed key with
    or without its diacritics ("Nguyễn" ~ "nguyen", "Đặng" ~ "dang") without
    a stored key column (small lists: a register, a contest's candidates)."""
    return f"lower(translate({column}, '{_MARKED}', '{_PLAIN}'))"


def page_links(number: int, pages: int, *, around: int = 2) -> list[int | None]:
    """Numbered links: the first, the last and `around` each side of `number`;
    None where numbers are left out (shown as "…"). A gap of one number is
    shown as that number rather than as "…"."""
    if pages <= 1:
        return [1]
    keep = {1, pages, *range(max(1, number - around), min(pages, number + around) + 1)}
    links: list[int | None] = []
    previous = 0
    for n in sorted(keep):
        if n - previous == 2:
            links.append(n - 1)
        elif n - previous > 2:
            links.append(None)
        links.append(n)
        previous = n
    return links


def filters(**values: object) -> tuple[tuple[str, str], ...]:
    """The filters of a list as query parameters, the empty ones left out,
    in the order given (`Page.filters`)."""
    kept: list[tuple[str, str]] = []
    for name, value in values.items():
        if value is None or value == "" or value is False:
            continue
        text = value.value if isinstance(value, Enum) else value
        kept.append((name, str(text)))
    return tuple(kept)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its rows, the total with the same filters, and what
    the `paging` macro needs to link to the other pages."""

    items: list[T]
    total: int
    number: int = 1
    size: int = DEFAULT_SIZE
    filters: tuple[tuple[str, str], ...] = ()
    sizes: tuple[int, ...] = SIZES
    default_size: int = DEFAULT_SIZE
    noun: str = field(default="mục")

    @classmethod
    def of(
        cls,
        items: Iterable[T],
        *,
        total: int,
        request: PageRequest,
        filters: tuple[tuple[str, str], ...] = (),
        noun: str = "mục",
        sizes: Sequence[int] = SIZES,
        default_size: int = DEFAULT_SIZE,
    ) -> Page[T]:
        return cls(
            items=list(items),
            total=total,
            number=request.number,
            size=request.size,
            filters=filters,
            sizes=tuple(sizes),
            default_size=default_size,
            noun=noun,
        )

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def first(self) -> int:
        """The position (from 1) of the page's first row; 0 on an empty list."""
        return 0 if self.total == 0 else (self.number - 1) * self.size + 1

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def links(self) -> list[int | None]:
        return page_links(self.number, self.pages)

    def href(self, number: int | None = None, *, size: int | None = None) -> str:
        """The query string of page `number` (this page by default) with the
        list's filters; a new size starts again from the first page. The
        defaults (page 1, the default size) are left out of the URL."""
        size = self.size if size is None else size
        number = (1 if size != self.size else self.number) if number is None else number
        params = list(self.filters)
        if size != self.default_size:
            params.append((SIZE_PARAM, str(size)))
        if number != 1:
            params.append((PAGE_PARAM, str(number)))
        return "?" + urlencode(params) if params else "?"
