"""One way to write numbers, percentages, dates and times (issue 16, item 1):
`forms.formatting`, used by the pages (Jinja filters), the printed forms and
the exports. Table tests pin the style; property tests check that what is
written reads back as what it was (the pages parse 40.000 and 15/03/2026)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election import web
from election.parsing import parse_date, parse_int, parse_optional_time
from forms.formatting import (
    VIETNAM,
    vn_date,
    vn_datetime,
    vn_decimal,
    vn_number,
    vn_percent,
    vn_time,
)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (40000, 0, "40.000"),
        (1234567, 0, "1.234.567"),
        (-1234, 0, "-1.234"),
        (None, 0, ""),
        (93.0234, 2, "93,02"),
        (Decimal("93.025"), 2, "93,03"),  # half up, as the law's percentages
        (0.125, 2, "0,13"),
        (1234.5, 1, "1.234,5"),
        (1234.5, 0, "1.235"),
        (Decimal("100.00"), 2, "100,00"),
        (-0.5, 1, "-0,5"),
        (float("nan"), 2, "—"),
        (float("inf"), 0, "—"),
    ],
)
def test_numbers(value: int | float | Decimal | None, decimals: int, text: str) -> None:
    assert vn_number(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("93.02"), "93,02 %"),
        (93.0234, "93,02 %"),
        (Decimal("0.00"), "0,00 %"),
        (100, "100,00 %"),
        (Decimal("13.685"), "13,69 %"),
        (None, "—"),
        (float("nan"), "—"),
    ],
)
def test_percentages(value: int | float | Decimal | None, text: str) -> None:
    assert vn_percent(value) == text


def test_percentages_with_fewer_decimals() -> None:
    assert vn_percent(35.0, 1) == "35,0 %"
    assert vn_percent(35.04, 0) == "35 %"
    assert vn_decimal(Decimal("54.32")) == "54,32"


@pytest.mark.parametrize(
    ("value", "date", "time", "moment"),
    [
        # Election day, opening: 07:00 in Vietnam is 00:00 UTC.
        (dt.datetime(2026, 3, 15, 0, 0, tzinfo=dt.UTC), "15/03/2026", "07:00", "07:00 15/03/2026"),
        # Late on 14 March UTC is already 15 March in Vietnam.
        (dt.datetime(2026, 3, 14, 20, 5, tzinfo=dt.UTC), "15/03/2026", "03:05", "03:05 15/03/2026"),
        # A moment without a zone is taken as written.
        (dt.datetime(2026, 1, 2, 19, 30), "02/01/2026", "19:30", "19:30 02/01/2026"),
    ],
)
def test_moments(value: dt.datetime, date: str, time: str, moment: str) -> None:
    assert vn_date(value) == date
    assert vn_time(value) == time
    assert vn_datetime(value) == moment


def test_dates_and_times() -> None:
    assert vn_date(dt.date(2026, 3, 5)) == "05/03/2026"
    assert vn_date(None) == ""
    assert vn_time(dt.time(7, 0)) == "07:00"
    assert vn_time(None) == ""
    assert vn_datetime(None) == ""


def test_the_pages_use_the_module() -> None:
    """The Jinja filters are the module's functions: a page, a PDF and an
    export cannot write one figure two ways."""
    filters = web.TEMPLATE_FILTERS
    assert filters["vn_number"] is vn_number
    assert filters["vn_percent"] is vn_percent
    assert filters["vn_date"] is vn_date
    assert filters["vn_time"] is vn_time
    assert filters["vn_datetime"] is vn_datetime


# --------------------------------------------------------------------------
# Properties


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_a_written_count_reads_back(value: int) -> None:
    text = vn_number(value)
    # A count typed on a page is never negative; the sign is written apart.
    assert parse_int(text.lstrip("-")) == abs(value)
    assert text.startswith("-") == (value < 0)
    # Groups of three digits after the first, no comma in a whole number.
    head, *groups = text.lstrip("-").split(".")
    assert 1 <= len(head) <= 3
    assert all(len(g) == 3 for g in groups)
    assert "," not in text


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=4, allow_nan=False))
def test_a_percentage_has_two_decimals_after_a_comma(value: Decimal) -> None:
    text = vn_percent(value)
    assert text.endswith(" %")
    figure = text.removesuffix(" %")
    whole, fraction = figure.split(",")
    assert len(fraction) == 2
    assert Decimal(whole.replace(".", "") + "." + fraction) == value.quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP"
    )


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_a_written_date_reads_back(value: dt.date) -> None:
    text = vn_date(value)
    assert len(text) == 10
    assert parse_date(text) == value


@given(st.times())
def test_a_written_time_reads_back(value: dt.time) -> None:
    assert parse_optional_time(vn_time(value)) == value.replace(second=0, microsecond=0)


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_a_moment_is_dated_in_vietnam(value: dt.datetime) -> None:
    moment = value.replace(tzinfo=dt.UTC)
    local = moment.astimezone(VIETNAM)
    time, date = vn_datetime(moment).split(" ")
    assert parse_date(date) == local.date()
    assert parse_optional_time(time) == local.time().replace(second=0, microsecond=0)


# --------------------------------------------------------------------------
# On the pages


async def test_a_council_unit_shows_its_own_turnout_not_the_national_ones(client, demo):
    """The progress box counts turnout from the ĐBQH sheets; on an HĐND xã
    unit's page it showed "0.00% cử tri đi bầu (theo biên bản ĐBQH)". That
    page now shows its own contest's turnout only, a ĐBQH unit's page both,
    each written 0,00 %."""
    from election import db
    from election.demo_data import DEMO_PASSWORD
    from tests.builders import login_page

    async def unit_of(level: str) -> int:
        return await db.fetchval(
            "SELECT min(u.id) FROM electoral_unit u JOIN contest c ON c.id = u.contest "
            "WHERE c.level = $1",
            level,
        )

    await login_page(client, "quantri", DEMO_PASSWORD)
    council = await client.get(f"/units/{await unit_of('hdnd_xa')}/result")
    national = await client.get(f"/units/{await unit_of('dbqh')}/result")
    assert council.status_code == national.status_code == 200
    assert "theo biên bản ĐBQH" not in council.text
    assert "cử tri đi bầu (tạm tính theo biên bản ĐBQH đã nhập)" in national.text
    for page in (council, national):
        assert "cử tri đã bỏ phiếu (0,00 %" in page.text
        assert not re.search(r"\d\.\d\d ?%", page.text)  # no 0.00% nor 93.02 %
