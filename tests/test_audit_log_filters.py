"""The audit log's filters read from the URL: moments as picked or typed, codes
checked, and nothing but a 400 in Vietnamese for anything malformed."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from election.audit.filters import PARAMS, read_filters
from election.clock import VIETNAM
from election.paging import BadListQuery


def _at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=VIETNAM)


@pytest.mark.parametrize(
    ("query", "since", "until"),
    [
        ({"from": "2026-03-15T07:00"}, _at(2026, 3, 15, 7), None),
        ({"from": "15/03/2026 07:30"}, _at(2026, 3, 15, 7, 30), None),
        ({"from": "15/03/2026"}, _at(2026, 3, 15), None),
        # A day alone ends at its end; a minute includes itself.
        ({"to": "15/03/2026"}, None, _at(2026, 3, 16)),
        ({"to": "2026-03-15T19:00"}, None, _at(2026, 3, 15, 19, 1)),
        ({"from": "2026-03-15", "to": "2026-03-15"}, _at(2026, 3, 15), _at(2026, 3, 16)),
    ],
)
def test_moments_are_read_in_vietnams_time(query, since, until):
    chosen = read_filters(query).filter
    assert (chosen.since, chosen.until) == (since, until)


def test_typed_moments_are_given_back_as_the_picker_shows_them():
    form = read_filters({"from": "15/03/2026", "to": "15/03/2026 19:00"})
    assert form.values == {"from": "2026-03-15T00:00", "to": "2026-03-15T19:00"}
    again = read_filters(form.values).filter
    assert (again.since, again.until) == (form.filter.since, form.filter.until)
    whole_day = read_filters({"to": "15/03/2026"})
    assert whole_day.values == {"to": "2026-03-15T23:59"}
    assert read_filters(whole_day.values).filter.until == whole_day.filter.until


def test_the_filters_given_are_kept_for_the_links_in_order():
    form = read_filters({"action": "approve", "role": "observer", "page": "3", "from": ""})
    assert form.query == (("role", "observer"), ("action", "approve"))
    assert form.any and not read_filters({}).any
    chosen = read_filters({"province": "96", "commune": "31825", "user": "system:demo"}).filter
    assert (chosen.province_code, chosen.commune_code) == ("96", "31825")
    assert chosen.actor_username == "system:demo"


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(PARAMS), st.text(max_size=30)))
def test_any_query_is_read_or_refused_with_a_400(query):
    try:
        read_filters(query)
    except BadListQuery as refused:
        assert str(refused)
