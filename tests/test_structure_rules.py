"""Pure rules of the election structure: seats, list sizes, standing limits, areas."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election.elections import rules
from election.stations.rules import (
    check_early_voting,
    check_polling_area_decided,
    check_polling_area_size,
)
from election.stations.tables import PollingAreaKind

D = dt.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("level", "seats", "ok"),
    [
        ("dbqh", 1, True),
        ("dbqh", 3, True),
        ("dbqh", 4, False),
        ("hdnd_tinh", 5, True),
        ("hdnd_tinh", 6, False),
        ("hdnd_xa", 5, True),
        ("hdnd_xa", 0, False),
    ],
)
def test_seats_per_unit_follow_article_10(level, seats, ok):
    violations = rules.check_unit_seats(level, seats)
    assert (not violations) == ok
    if not ok and seats > 0:
        assert violations[0].article == "Điều 10 khoản 4"


@pytest.mark.parametrize(
    ("level", "seats", "minimum"),
    [
        ("dbqh", 2, 4),
        ("dbqh", 3, 5),
        ("hdnd_tinh", 1, 2),
        ("hdnd_tinh", 2, 3),
        ("hdnd_tinh", 3, 5),
        ("hdnd_tinh", 4, 7),
        ("hdnd_xa", 5, 8),
    ],
)
def test_minimum_candidates_follow_articles_57_and_58(level, seats, minimum):
    assert rules.minimum_candidates(level, seats) == minimum


def test_a_short_list_is_an_error_citing_the_article():
    [violation] = rules.check_candidate_count("dbqh", 3, 4)
    assert violation.severity == "error"
    assert violation.article == "Điều 57 khoản 6"
    [violation] = rules.check_candidate_count("hdnd_xa", 4, 6)
    assert violation.article == "Điều 58 khoản 3"


def test_a_force_majeure_decision_turns_the_shortfall_into_a_warning():
    [violation] = rules.check_candidate_count("dbqh", 3, 4, shortfall_decision="NQ 12/NQ-HĐBCQG")
    assert violation.severity == "warning"
    assert "NQ 12/NQ-HĐBCQG" in violation.message


@given(level=st.sampled_from(["dbqh", "hdnd_tinh", "hdnd_xa"]), seats=st.integers(1, 5))
def test_a_list_always_needs_more_candidates_than_seats(level, seats):
    assert rules.minimum_candidates(level, seats) > seats
    assert rules.check_candidate_count(level, seats, rules.minimum_candidates(level, seats)) == []
    assert rules.check_candidate_count(level, seats, rules.minimum_candidates(level, seats) - 1)


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        (dt.date(2005, 3, 15), True),  # 21 on the day itself
        (dt.date(2005, 3, 16), False),
        (dt.date(1960, 1, 1), True),
        (dt.date(2004, 2, 29), True),
    ],
)
def test_a_candidate_is_21_on_election_day(born, ok):
    assert (not rules.check_candidate_age(born, D)) == ok


@pytest.mark.parametrize(
    ("levels", "codes"),
    [
        (["dbqh"], set()),
        (["dbqh", "hdnd_tinh"], set()),
        (["hdnd_tinh", "hdnd_xa"], set()),
        (["dbqh", "dbqh"], {"two_national_lists"}),
        (["dbqh", "hdnd_tinh", "hdnd_xa"], {"too_many_council_levels"}),
        (["hdnd_xa", "hdnd_xa"], {"same_council_twice"}),
    ],
)
def test_standing_limits_of_article_36(levels, codes):
    assert {v.code for v in rules.check_standing_limits(levels)} == codes


def test_list_composition_against_the_thresholds_of_article_8():
    people = [("female", "Kinh")] * 7 + [("male", "Khmer")] * 4 + [("male", "Kinh")] * 9
    composition = rules.list_composition(people)
    assert (composition.total, composition.women, composition.minorities) == (20, 7, 4)
    assert composition.women_target_met
    assert composition.minority_target_met
    short = rules.list_composition([("female", "Kinh")] * 3 + [("male", "Kinh")] * 7)
    assert {v.code for v in rules.check_list_composition(short)} == {
        "women_share_below_target",
        "minority_share_below_target",
    }


@pytest.mark.parametrize(
    ("level", "women", "minorities", "codes", "article"),
    [
        # Art. 8(2)-(3): the ĐBQH list needs 35 % women and 18 % minorities.
        ("dbqh", 7, 4, set(), None),
        ("dbqh", 6, 4, {"women_share_below_target"}, "Điều 8 khoản 3"),
        ("dbqh", 7, 3, {"minority_share_below_target"}, "Điều 8 khoản 2"),
        # Art. 9 (as amended by Law 83/2025/QH15): 35 % women on HĐND lists too;
        # no statutory share of minorities.
        ("hdnd_tinh", 7, 0, set(), None),
        ("hdnd_tinh", 6, 0, {"women_share_below_target"}, "Điều 9"),
        ("hdnd_xa", 6, 5, {"women_share_below_target"}, "Điều 9"),
        ("hdnd_xa", 10, 0, set(), None),
    ],
)
def test_women_are_at_least_35_percent_of_every_official_list(
    level, women, minorities, codes, article
):
    people = (
        [("female", "Kinh")] * women
        + [("male", "Khmer")] * minorities
        + [("male", "Kinh")] * (20 - women - minorities)
    )
    violations = rules.check_list_composition(rules.list_composition(people), level)
    assert {v.code for v in violations} == codes
    if article:
        assert {v.article for v in violations} == {article}
    assert all(v.severity == "warning" for v in violations)


def test_kinh_in_any_form_is_not_a_minority():
    assert not rules.is_ethnic_minority("kinh")
    assert not rules.is_ethnic_minority(" KINH ")
    assert rules.is_ethnic_minority("Khmer")


def test_units_are_announced_80_days_before():
    assert rules.check_unit_announced(dt.date(2025, 12, 25), D) == []
    [warning] = rules.check_unit_announced(dt.date(2025, 12, 26), D)
    assert warning.severity == "warning"


@pytest.mark.parametrize(
    ("kind", "voters", "code"),
    [
        (PollingAreaKind.ORDINARY, 300, None),
        (PollingAreaKind.ORDINARY, 4000, None),
        (PollingAreaKind.ORDINARY, 299, "polling_area_too_small"),
        (PollingAreaKind.ORDINARY, 4001, "polling_area_too_large"),
        (PollingAreaKind.REMOTE, 120, None),
        (PollingAreaKind.REMOTE, 4001, "polling_area_too_large"),
        (PollingAreaKind.ORDINARY, 120, "polling_area_too_small"),
        (PollingAreaKind.HOSPITAL_CARE, 50, None),
        (PollingAreaKind.HOSPITAL_CARE, 49, "care_area_too_small"),
        (PollingAreaKind.ARMED_FORCES, 80, None),
        (PollingAreaKind.ORDINARY, 0, None),
    ],
)
def test_polling_area_size_of_article_11(kind, voters, code):
    violations = check_polling_area_size(kind, voters)
    assert [v.code for v in violations] == ([code] if code else [])
    assert all(v.severity == "warning" for v in violations)


def test_vung_cao_is_no_longer_an_exception_to_the_size_of_article_11():
    """Law 83/2025/QH15 left "miền núi, hải đảo, dân cư không tập trung" in Art. 11(2)."""
    [small] = check_polling_area_size(PollingAreaKind.ORDINARY, 120)
    assert "vùng cao" not in small.message
    assert "miền núi" in small.message and "hải đảo" in small.message
    assert "vùng cao" not in PollingAreaKind.REMOTE.label
    assert small.article == "Điều 11 khoản 2"


def test_areas_are_fixed_before_the_teams_are_formed():
    assert check_polling_area_decided(dt.date(2026, 1, 30), D) == []
    assert check_polling_area_decided(dt.date(2026, 1, 31), D)[0].article == "Điều 11 khoản 4"


def test_early_voting_is_before_election_day():
    assert check_early_voting(dt.date(2026, 3, 1), D) == []
    assert check_early_voting(D, D)[0].code == "early_voting_not_early"
