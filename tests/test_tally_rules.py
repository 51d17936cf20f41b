"""The arithmetic of tally sheets and the winners of a unit (Art. 73–80), pure."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from election.tallies import rules
from election.tallies.rules import (
    FIELDS,
    CandidateResult,
    RoundKind,
    SheetFigures,
    UnitTotals,
    check_contest_consistency,
    check_sheet,
    determine_winners,
    differing_fields,
    percent,
)

CANDIDATES = frozenset({1, 2, 3})


def sheet(**changes) -> SheetFigures:
    """A correct sheet of a unit with two seats and three candidates."""
    values = {
        "voters_on_list": 1000,
        "voters_took_part": 900,
        "ballots_issued": 900,
        "ballots_received": 900,
        "valid": 880,
        "invalid": 20,
        "votes": {1: 700, 2: 600, 3: 300},
        "complaints_received": 2,
        "complaints_settled": 1,
        "complaints_forwarded": 1,
    }
    values.update(changes)
    return SheetFigures(**values)


def errors(violations) -> set[str]:
    return {v.code for v in violations if v.severity == "error"}


def warnings(violations) -> set[str]:
    return {v.code for v in violations if v.severity == "warning"}


# --------------------------------------------------------------------------
# check_sheet, table-driven


def test_a_correct_sheet_has_no_violation():
    assert check_sheet(sheet(), seats=2, candidate_ids=CANDIDATES) == []


def test_an_empty_polling_area_balances():
    figures = sheet(
        voters_took_part=0,
        ballots_issued=0,
        ballots_received=0,
        valid=0,
        invalid=0,
        votes={1: 0, 2: 0, 3: 0},
        complaints_received=0,
        complaints_settled=0,
        complaints_forwarded=0,
    )
    assert check_sheet(figures, seats=2, candidate_ids=CANDIDATES) == []


ERROR_CASES = [
    # (name, changes, expected error codes)
    ("valid plus invalid equals received", {}, set()),
    ("valid plus invalid one short", {"invalid": 19}, {rules.VALID_INVALID_SUM}),
    ("valid plus invalid one over", {"invalid": 21}, {rules.VALID_INVALID_SUM}),
    ("received equals issued", {"ballots_issued": 900}, set()),
    ("received one over issued", {"ballots_issued": 899}, {rules.RECEIVED_OVER_ISSUED}),
    ("a candidate at exactly the valid ballots", {"votes": {1: 880, 2: 600, 3: 0}}, set()),
    (
        "a candidate one over the valid ballots",
        {"votes": {1: 881, 2: 600, 3: 0}},
        {rules.CANDIDATE_OVER_VALID},
    ),
    ("votes sum to exactly the valid ballots", {"votes": {1: 880, 2: 0, 3: 0}}, set()),
    (
        "votes sum one under the valid ballots",
        {"votes": {1: 879, 2: 0, 3: 0}},
        {rules.VOTES_UNDER_VALID},
    ),
    ("votes sum to exactly valid × seats", {"votes": {1: 880, 2: 880, 3: 0}}, set()),
    (
        "votes sum one over valid × seats",
        {"votes": {1: 880, 2: 880, 3: 1}},
        {rules.VOTES_OVER_SEATS},
    ),
    (
        "complaints handled equal received",
        {"complaints_settled": 2, "complaints_forwarded": 0},
        set(),
    ),
    (
        "complaints handled one over received",
        {"complaints_settled": 2, "complaints_forwarded": 1},
        {rules.COMPLAINTS_OVER_RECEIVED},
    ),
    (
        "votes for someone else",
        {"votes": {1: 700, 2: 600, 3: 300, 9: 1}},
        {rules.UNKNOWN_CANDIDATE},
    ),
    ("a candidate left out", {"votes": {1: 700, 2: 880}}, {rules.MISSING_CANDIDATE}),
    (
        "a negative count",
        {"invalid": -1, "valid": 901, "votes": {1: 901, 2: 600, 3: 300}},
        {rules.NEGATIVE},
    ),
    (
        "negative votes",
        {"votes": {1: 1000, 2: 600, 3: -1}},
        {rules.NEGATIVE, rules.CANDIDATE_OVER_VALID},
    ),
    ("negative complaints", {"complaints_forwarded": -1}, {rules.NEGATIVE}),
]


@pytest.mark.parametrize(
    ("changes", "expected"), [case[1:] for case in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_hard_rules(changes, expected):
    assert errors(check_sheet(sheet(**changes), seats=2, candidate_ids=CANDIDATES)) == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("valid", True),
        ("valid", 880.0),
        ("invalid", "20"),
        ("voters_on_list", None),
        ("unused_ballots", 1.5),
        ("votes", {1: 700, 2: 600, 3: False}),
        ("votes", {1: 700, 2: 600, 3: 300.0}),
        ("votes", {1: 700, 2: 600, "3": 300}),
        ("votes", [700, 600, 300]),
    ],
)
def test_a_figure_that_is_not_a_whole_number_is_an_error_and_stops_the_arithmetic(field, value):
    violations = check_sheet(sheet(**{field: value}), seats=2, candidate_ids=CANDIDATES)
    assert errors(violations) == {rules.NOT_INTEGER}
    assert not warnings(violations)


def test_a_negative_figure_is_named_in_vietnamese():
    (violation,) = check_sheet(
        sheet(complaints_forwarded=-1, complaints_settled=1), seats=2, candidate_ids=CANDIDATES
    )
    assert violation.code == rules.NEGATIVE
    assert violation.field == "complaints_forwarded"
    assert "không được là số âm (-1)" in violation.message


def test_messages_name_the_numbers_with_vietnamese_separators():
    figures = sheet(
        voters_on_list=12_000,
        voters_took_part=11_000,
        ballots_issued=11_000,
        ballots_received=11_000,
        valid=10_500,
        invalid=400,
        votes={1: 10_500, 2: 600, 3: 300},
    )
    (violation,) = check_sheet(figures, seats=2, candidate_ids=CANDIDATES)
    assert violation.code == rules.VALID_INVALID_SUM
    assert "(10.500)" in violation.message and "(400)" in violation.message
    assert "10.900" in violation.message and "(11.000)" in violation.message
    assert violation.article == "Điều 76 khoản 2"
    assert violation.severity == "error"


def test_vote_limits_cite_article_74():
    over = check_sheet(sheet(votes={1: 880, 2: 880, 3: 1}), seats=2, candidate_ids=CANDIDATES)
    assert [v.article for v in over] == ["Điều 74"]
    assert "880 × 2 = 1.760" in over[0].message


WARNING_CASES = [
    ("took part equals received and the list", {"voters_on_list": 900}, set()),
    (
        "took part differs from received",
        {"voters_took_part": 901},
        {rules.TOOK_PART_NOT_RECEIVED},
    ),
    ("issued equals the list", {"voters_on_list": 900}, set()),
    (
        "issued one over the list",
        {"voters_on_list": 900, "ballots_issued": 901},
        {rules.ISSUED_OVER_LIST},
    ),
    ("ballot stock balances", {"unused_ballots": 100, "ballots_delivered": 1000}, set()),
    ("only unused ballots given", {"unused_ballots": 5}, set()),
    ("only ballots delivered given", {"ballots_delivered": 5}, set()),
]

# Mẫu số 32/HĐBC (Art. 69, 73): delivered = issued + spoiled and exchanged + unused.
# The sheet issues 900 ballots.
BALLOT_STOCK_CASES = [
    ("no ballot exchanged", {"spoiled_ballots": 0, "unused_ballots": 100}, True),
    ("one ballot exchanged", {"spoiled_ballots": 1, "unused_ballots": 99}, True),
    ("three ballots exchanged", {"spoiled_ballots": 3, "unused_ballots": 97}, True),
    ("one ballot unaccounted for", {"spoiled_ballots": 1, "unused_ballots": 98}, False),
    ("one ballot too many", {"spoiled_ballots": 1, "unused_ballots": 100}, False),
    ("exchange not given, a shortfall may be it", {"unused_ballots": 99}, True),
    ("exchange not given, one too many", {"unused_ballots": 101}, False),
    ("only the exchanged given", {"spoiled_ballots": 4, "ballots_delivered": None}, True),
]


@pytest.mark.parametrize(
    ("changes", "balances"),
    [case[1:] for case in BALLOT_STOCK_CASES],
    ids=[c[0] for c in BALLOT_STOCK_CASES],
)
def test_the_ballot_stock_counts_the_ballots_exchanged(changes, balances):
    """Mẫu số 32/HĐBC: an exchanged ballot no longer sends a sheet to review."""
    figures = sheet(**{"ballots_delivered": 1000, **changes})
    violations = check_sheet(figures, seats=2, candidate_ids=CANDIDATES)
    assert errors(violations) == set()
    assert warnings(violations) == (set() if balances else {rules.BALLOT_STOCK_MISMATCH})
    for violation in violations:
        assert violation.article == "Điều 73; Mẫu số 32/HĐBC"
        assert "Số phiếu phát ra (900)" in violation.message


@given(
    issued=st.integers(0, 5000),
    spoiled=st.integers(0, 50),
    unused=st.integers(0, 5000),
)
def test_a_stock_that_adds_up_never_warns(issued, spoiled, unused):
    figures = SheetFigures(
        voters_on_list=issued,
        voters_took_part=issued,
        ballots_issued=issued,
        ballots_received=issued,
        valid=0,
        invalid=issued,
        votes={},
        spoiled_ballots=spoiled,
        unused_ballots=unused,
        ballots_delivered=issued + spoiled + unused,
    )
    assert check_sheet(figures, seats=1, candidate_ids=set()) == []
    more = dataclasses.replace(figures, ballots_delivered=issued + spoiled + unused + 1)
    assert warnings(check_sheet(more, seats=1, candidate_ids=set())) == {
        rules.BALLOT_STOCK_MISMATCH
    }


def test_ballots_exchanged_are_a_count():
    (violation,) = check_sheet(sheet(spoiled_ballots=-1), seats=2, candidate_ids=CANDIDATES)
    assert violation.code == rules.NEGATIVE
    assert violation.field == "spoiled_ballots"
    assert "Số phiếu cử tri đổi do gạch hỏng" in violation.message


@pytest.mark.parametrize(
    ("changes", "expected"),
    [case[1:] for case in WARNING_CASES],
    ids=[c[0] for c in WARNING_CASES],
)
def test_review_warnings(changes, expected):
    violations = check_sheet(sheet(**changes), seats=2, candidate_ids=CANDIDATES)
    assert warnings(violations) == expected
    assert errors(violations) == set()


def test_took_part_over_the_list_is_a_warning_only():
    figures = sheet(voters_on_list=899, voters_took_part=900)
    violations = check_sheet(figures, seats=2, candidate_ids=CANDIDATES)
    assert warnings(violations) == {rules.TOOK_PART_OVER_LIST, rules.ISSUED_OVER_LIST}
    assert not errors(violations)
    assert all(v.severity == "warning" for v in violations)


def test_seats_must_be_positive():
    with pytest.raises(ValueError):
        check_sheet(sheet(), seats=0, candidate_ids=CANDIDATES)


# --------------------------------------------------------------------------
# Property tests: sheets built from ballots


@st.composite
def correct_sheets(draw):
    """A sheet built from groups of identical valid ballots, each keeping 1..seats
    names: it satisfies every hard rule by construction."""
    seats = draw(st.integers(1, 5))
    count = draw(st.integers(1, 8))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True))
    groups = draw(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(ids), min_size=1, max_size=min(seats, count), unique=True),
                st.integers(0, 300),
            ),
            max_size=6,
        )
    )
    votes = dict.fromkeys(ids, 0)
    valid = 0
    for kept, ballots in groups:
        valid += ballots
        for candidate in kept:
            votes[candidate] += ballots
    invalid = draw(st.integers(0, 100))
    received = valid + invalid
    issued = received + draw(st.integers(0, 30))
    took_part = draw(st.sampled_from([received, issued, max(0, received - 3)]))
    on_list = issued + draw(st.integers(0, 2000))
    complaints = draw(st.integers(0, 10))
    settled = draw(st.integers(0, complaints))
    forwarded = draw(st.integers(0, complaints - settled))
    unused = draw(st.none() | st.integers(0, 500))
    delivered = draw(st.none() | st.integers(0, 5000))
    figures = SheetFigures(
        voters_on_list=on_list,
        voters_took_part=took_part,
        ballots_issued=issued,
        ballots_received=received,
        valid=valid,
        invalid=invalid,
        votes=votes,
        complaints_received=complaints,
        complaints_settled=settled,
        complaints_forwarded=forwarded,
        unused_ballots=unused,
        ballots_delivered=delivered,
    )
    return figures, seats, frozenset(ids)


PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(correct_sheets())
def test_every_sheet_that_adds_up_has_no_error(case):
    figures, seats, ids = case
    assert errors(check_sheet(figures, seats=seats, candidate_ids=ids)) == set()


def _perturb(figures: SheetFigures, seats: int, ids: frozenset[int], rule: str, data):
    f = figures
    replace = dataclasses.replace
    amount = data.draw(st.integers(1, 50), label="amount")
    candidate = data.draw(st.sampled_from(sorted(ids)), label="candidate")
    if rule == rules.NOT_INTEGER:
        field = data.draw(st.sampled_from(["valid", "invalid", "ballots_issued", "votes"]))
        odd = data.draw(st.sampled_from([True, 1.0, "1", None]))
        if field == "votes":
            return replace(f, votes={**f.votes, candidate: odd})
        return replace(f, **{field: odd})
    if rule == rules.NEGATIVE:
        field = data.draw(st.sampled_from(["voters_on_list", "invalid", "complaints_settled"]))
        return replace(f, **{field: -amount})
    if rule == rules.UNKNOWN_CANDIDATE:
        return replace(f, votes={**f.votes, max(ids) + amount: 0})
    if rule == rules.MISSING_CANDIDATE:
        return replace(f, votes={k: v for k, v in f.votes.items() if k != candidate})
    if rule == rules.VALID_INVALID_SUM:
        delta = data.draw(st.sampled_from([amount, -amount]))
        return replace(f, ballots_received=f.ballots_received + delta)
    if rule == rules.RECEIVED_OVER_ISSUED:
        return replace(f, ballots_issued=f.ballots_received - amount)
    if rule == rules.CANDIDATE_OVER_VALID:
        return replace(f, votes={**f.votes, candidate: f.valid + amount})
    if rule == rules.VOTES_UNDER_VALID:
        assume(f.valid > 0)
        return replace(f, votes=dict.fromkeys(f.votes, 0))
    if rule == rules.VOTES_OVER_SEATS:
        extra = f.valid * seats - sum(f.votes.values()) + amount
        return replace(f, votes={**f.votes, candidate: f.votes[candidate] + extra})
    if rule == rules.COMPLAINTS_OVER_RECEIVED:
        return replace(f, complaints_settled=f.complaints_received + amount)
    raise AssertionError(rule)


@PROPERTY
@given(correct_sheets(), st.sampled_from(rules.ERROR_CODES), st.data())
def test_breaking_one_hard_rule_is_reported_with_its_code(case, rule, data):
    figures, seats, ids = case
    broken = _perturb(figures, seats, ids, rule, data)
    violations = check_sheet(broken, seats=seats, candidate_ids=ids)
    assert rule in errors(violations)
    assert all(v.message and v.field for v in violations)


# --------------------------------------------------------------------------
# The three contests of one polling area


def test_consistent_contests_give_no_warning_at_the_boundary():
    took = {"dbqh": 900, "hdnd_tinh": 890, "hdnd_xa": 880}
    listed = {"dbqh": 1000, "hdnd_tinh": 990, "hdnd_xa": 970}
    assert check_contest_consistency(took, listed) == []


@pytest.mark.parametrize(
    ("took", "listed", "expected"),
    [
        # ĐBQH voters outside the tỉnh scope explain at most 10 of the gap.
        (
            {"dbqh": 901, "hdnd_tinh": 890},
            {"dbqh": 1000, "hdnd_tinh": 990},
            [(rules.CONTEST_GAP, "voters_took_part:hdnd_tinh")],
        ),
        (
            {"dbqh": 880, "hdnd_tinh": 881},
            {"dbqh": 1000, "hdnd_tinh": 990},
            [(rules.CONTEST_ORDER, "voters_took_part:hdnd_tinh")],
        ),
        (
            {"dbqh": 900, "hdnd_tinh": 900, "hdnd_xa": 901},
            {"dbqh": 1000, "hdnd_tinh": 1000, "hdnd_xa": 1000},
            [
                (rules.CONTEST_ORDER, "voters_took_part:hdnd_xa"),
                (rules.CONTEST_ORDER, "voters_took_part:hdnd_xa"),
            ],
        ),
        (
            {"dbqh": 900, "hdnd_tinh": 890, "hdnd_xa": 860},
            {"dbqh": 1000, "hdnd_tinh": 990, "hdnd_xa": 970},
            # xa is 40 behind ĐBQH (30 explained) and 30 behind tỉnh (20 explained).
            [
                (rules.CONTEST_GAP, "voters_took_part:hdnd_xa"),
                (rules.CONTEST_GAP, "voters_took_part:hdnd_xa"),
            ],
        ),
        # A level missing from one dict is not compared.
        ({"dbqh": 900, "hdnd_xa": 990}, {"dbqh": 1000}, []),
        ({"dbqh": 900}, {"dbqh": 1000, "hdnd_tinh": 1000}, []),
    ],
)
def test_contest_breaches_warn(took, listed, expected):
    violations = check_contest_consistency(took, listed)
    assert [(v.code, v.field) for v in violations] == expected
    assert all(v.severity == "warning" for v in violations)


def test_contest_gap_message_names_the_numbers():
    (violation,) = check_contest_consistency(
        {"dbqh": 1901, "hdnd_tinh": 890}, {"dbqh": 2000, "hdnd_tinh": 990}
    )
    assert "1.901" in violation.message and "(890)" in violation.message
    assert "2.000 − 990 = 1.010" in violation.message
    assert "bầu cử ĐBQH" in violation.message and "bầu cử HĐND tỉnh" in violation.message


def test_an_unknown_contest_level_is_a_programming_error():
    with pytest.raises(ValueError):
        check_contest_consistency({"hdnd_huyen": 1}, {})


# --------------------------------------------------------------------------
# Double entry


def test_fields_follow_the_order_of_article_76():
    assert FIELDS[:7] == (
        "voters_on_list",
        "voters_took_part",
        "ballots_issued",
        "ballots_received",
        "valid",
        "invalid",
        "votes",
    )
    assert FIELDS[7:10] == ("complaints_received", "complaints_settled", "complaints_forwarded")
    assert set(FIELDS) == {f.name for f in dataclasses.fields(SheetFigures)}


def test_identical_entries_do_not_differ():
    assert differing_fields(sheet(), sheet()) == []


def test_differences_are_listed_in_entry_order_with_one_per_candidate():
    first = sheet(unused_ballots=10)
    second = sheet(
        voters_took_part=901,
        votes={1: 700, 2: 601, 3: 300},
        complaints_received=3,
        unused_ballots=None,
    )
    assert differing_fields(first, second) == [
        "voters_took_part",
        "votes:2",
        "complaints_received",
        "unused_ballots",
    ]


def test_a_candidate_missing_from_one_entry_differs():
    assert differing_fields(sheet(), sheet(votes={1: 700, 2: 600})) == ["votes:3"]
    assert differing_fields(sheet(votes={1: 700, 2: 600, 3: 0}), sheet(votes={1: 700, 2: 600})) == [
        "votes:3"
    ]


# --------------------------------------------------------------------------
# Percentages


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (1, 8, "12.50"),
        (1, 7, "14.29"),
        (2, 7, "28.57"),
        (1, 800, "0.13"),  # 0.125 % rounds half up
        (1, 1600, "0.06"),  # 0.0625 %
        (1, 20_000, "0.01"),  # 0.005 % rounds half up
        (1, 20_001, "0.00"),  # just under 0.005 %
        (1, 200_000, "0.00"),
        (9876, 10_000, "98.76"),
        (5001, 10_000, "50.01"),
        (7, 7, "100.00"),
        (0, 5, "0.00"),
        (0, 0, "0.00"),
        (5, 0, "0.00"),
    ],
)
def test_percent_two_decimals_half_up(part, whole, expected):
    value = percent(part, whole)
    assert isinstance(value, Decimal)
    assert str(value) == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_percent_is_within_half_a_hundredth_of_the_exact_value(part, whole):
    exact = Fraction(part * 100, whole)
    value = Fraction(percent(part, whole))
    assert -Fraction(1, 200) < value - exact <= Fraction(1, 200)
    assert percent(part, whole) == percent(part, whole).quantize(Decimal("0.01"))


# --------------------------------------------------------------------------
# Winners


def cand(cid: int, votes: int, born: date = date(1970, 1, 1), name: str = "") -> CandidateResult:
    return CandidateResult(cid, name or f"Người ứng cử {cid}", born, votes)


def totals(candidates, *, seats=2, level="dbqh", on_list=1000, took_part=900, valid=880, **kw):
    return UnitTotals(
        level=level,
        seats=seats,
        voters_on_list=on_list,
        voters_took_part=took_part,
        ballots_issued=took_part,
        ballots_received=took_part,
        valid=valid,
        invalid=took_part - valid,
        candidates=tuple(candidates),
        **kw,
    )


def test_the_most_votes_over_half_fill_the_seats():
    d = determine_winners(totals([cand(1, 300), cand(2, 700), cand(3, 600), cand(4, 500)], seats=2))
    assert d.result_valid and d.winners == (2, 3)
    assert [s.candidate_id for s in d.standings] == [2, 3, 4, 1]
    assert [s.rank for s in d.standings] == [1, 2, 3, 4]
    assert [s.over_half for s in d.standings] == [True, True, True, False]
    assert [s.elected for s in d.standings] == [True, True, False, False]
    assert d.standings[0].percent == Decimal("79.55")
    assert d.turnout == Decimal("90.00")
    assert (d.seats_to_fill, d.empty_seats) == (2, 0)
    assert not (d.needs_supplementary or d.needs_rerun or d.unresolved_tie)
    assert d.notes == ()


def test_exactly_half_the_voters_is_not_a_valid_result():
    d = determine_winners(
        totals([cand(1, 400), cand(2, 300)], on_list=1000, took_part=500, valid=480)
    )
    assert not d.result_valid
    assert d.turnout == Decimal("50.00")
    assert d.winners == () and d.needs_rerun and not d.needs_supplementary
    assert d.empty_seats == 2
    assert not any(s.elected for s in d.standings)
    assert any("Điều 78 khoản 1" in note for note in d.notes)
    assert any("Điều 80" in note for note in d.notes)


def test_just_over_half_the_voters_is_a_valid_result():
    d = determine_winners(
        totals([cand(1, 4000), cand(2, 3000)], on_list=10_000, took_part=5001, valid=5000)
    )
    assert d.result_valid and d.turnout == Decimal("50.01")
    assert d.winners == (1, 2) and not d.needs_rerun


def test_a_candidate_at_exactly_half_the_valid_ballots_is_not_elected():
    d = determine_winners(totals([cand(1, 440), cand(2, 441)], valid=880))
    by_id = {s.candidate_id: s for s in d.standings}
    assert not by_id[1].over_half and not by_id[1].elected
    assert by_id[1].percent == Decimal("50.00")
    assert by_id[2].over_half and by_id[2].elected
    assert d.winners == (2,) and d.empty_seats == 1


def test_a_tie_for_the_last_seat_goes_to_the_older_candidate():
    older = cand(2, 500, date(1965, 4, 30), "Trần Văn Bình")
    younger = cand(3, 500, date(1965, 5, 1), "Lê Thị Cúc")
    d = determine_winners(totals([cand(1, 800), younger, older], seats=2))
    assert d.winners == (1, 2)
    assert [s.candidate_id for s in d.standings] == [1, 2, 3]
    by_id = {s.candidate_id: s for s in d.standings}
    assert "nhiều tuổi hơn" in by_id[2].tie_note and "Điều 78 khoản 4" in by_id[2].tie_note
    assert "ít tuổi hơn" in by_id[3].tie_note
    assert not d.unresolved_tie and d.empty_seats == 0
    assert any("Trần Văn Bình" in n and "Điều 78 khoản 4" in n for n in d.notes)


def test_a_tie_with_the_same_date_of_birth_leaves_the_seat_empty():
    born = date(1980, 2, 29)
    d = determine_winners(
        totals([cand(1, 800), cand(2, 500, born, "Ông A"), cand(3, 500, born, "Bà B")], seats=2)
    )
    assert d.winners == (1,)
    assert d.unresolved_tie and d.empty_seats == 1
    assert d.needs_supplementary  # ĐBQH: counted as if the seat stayed empty
    assert any("luật không quy định" in n and "29/02/1980" in n for n in d.notes)
    assert all(s.tie_note for s in d.standings if s.candidate_id in (2, 3))


def test_an_older_candidate_in_a_wider_tie_still_wins_by_age():
    born = date(1975, 1, 1)
    candidates = [
        cand(1, 800),
        cand(2, 500, date(1960, 1, 1)),
        cand(3, 500, born),
        cand(4, 500, born),
    ]
    d = determine_winners(totals(candidates, seats=3, valid=880))
    assert d.winners == (1, 2)
    assert d.unresolved_tie and d.empty_seats == 1
    two_seats = determine_winners(totals(candidates, seats=2, valid=880))
    assert two_seats.winners == (1, 2) and not two_seats.unresolved_tie


def test_a_tie_below_the_last_seat_changes_nothing():
    d = determine_winners(totals([cand(1, 800), cand(2, 700), cand(3, 500), cand(4, 500)], seats=2))
    assert d.winners == (1, 2) and not d.unresolved_tie
    assert all(s.tie_note == "" for s in d.standings)


def test_empty_national_assembly_seats_call_for_a_supplementary_round():
    d = determine_winners(totals([cand(1, 600), cand(2, 400), cand(3, 300)], seats=2))
    assert d.winners == (1,) and d.empty_seats == 1
    assert d.needs_supplementary and not d.needs_rerun
    assert any("Điều 79" in n and "Hội đồng bầu cử quốc gia" in n for n in d.notes)


@pytest.mark.parametrize(
    ("seats", "winners", "supplementary"),
    [
        (5, 5, False),
        (5, 4, False),  # 12 ≥ 10
        (5, 3, True),  # 9 < 10
        (4, 3, False),  # 9 ≥ 8
        (4, 2, True),  # 6 < 8
        (3, 2, False),  # 6 ≥ 6
        (3, 1, True),
        (2, 1, True),  # 3 < 4
        (1, 0, True),
    ],
)
def test_council_supplementary_only_below_two_thirds(seats, winners, supplementary):
    candidates = [cand(i, 600) for i in range(1, winners + 1)]
    candidates += [cand(i, 100) for i in range(winners + 1, seats + 3)]
    for level in ("hdnd_tinh", "hdnd_xa"):
        d = determine_winners(totals(candidates, seats=seats, level=level))
        assert len(d.winners) == winners
        assert d.needs_supplementary is supplementary
        if winners < seats and not supplementary:
            assert any("hai phần ba" in n and "không tổ chức bầu cử thêm" in n for n in d.notes)


def test_a_rerun_counts_whatever_the_turnout():
    d = determine_winners(
        totals(
            [cand(1, 200), cand(2, 150), cand(3, 100)],
            on_list=1000,
            took_part=300,
            valid=290,
            round_kind=RoundKind.RERUN,
        )
    )
    assert d.result_valid and not d.needs_rerun
    assert d.turnout == Decimal("30.00")
    assert d.winners == (1, 2)
    assert any("Điều 80 khoản 3" in n for n in d.notes)


def test_a_supplementary_round_fills_only_the_remaining_seats_and_is_the_last():
    d = determine_winners(
        totals(
            [cand(4, 700), cand(5, 650), cand(6, 600)],
            seats=3,
            round_kind=RoundKind.SUPPLEMENTARY,
            seats_already_filled=1,
        )
    )
    assert d.seats_to_fill == 2 and d.winners == (4, 5) and d.empty_seats == 0
    short = determine_winners(
        totals(
            [cand(4, 700), cand(5, 300)],
            seats=3,
            round_kind=RoundKind.SUPPLEMENTARY,
            seats_already_filled=1,
        )
    )
    assert short.winners == (4,) and short.empty_seats == 1
    assert not short.needs_supplementary
    assert any("không tổ chức bầu cử thêm lần thứ hai" in n for n in short.notes)


def test_a_supplementary_round_without_quorum_elects_nobody_and_calls_for_nothing():
    d = determine_winners(
        totals(
            [cand(4, 400)],
            seats=2,
            took_part=400,
            valid=400,
            round_kind=RoundKind.SUPPLEMENTARY,
            seats_already_filled=1,
        )
    )
    assert not d.result_valid and d.winners == ()
    assert not d.needs_rerun and not d.needs_supplementary


def test_a_supplementary_round_with_no_seat_left_elects_nobody():
    d = determine_winners(
        totals([cand(4, 700)], seats=2, round_kind=RoundKind.SUPPLEMENTARY, seats_already_filled=2)
    )
    assert (d.seats_to_fill, d.empty_seats, d.winners) == (0, 0, ())
    assert not d.needs_supplementary and not d.unresolved_tie
    assert d.standings[0].over_half and not d.standings[0].elected


def test_round_kinds_are_the_ones_stored_with_the_rounds():
    from election.tallies import tables

    assert RoundKind is tables.RoundKind
    assert [k.value for k in RoundKind] == ["first", "supplementary", "rerun", "annulment"]
    plain = determine_winners(totals([cand(1, 600)], seats=1, round_kind="rerun", took_part=100))
    assert plain.result_valid


def test_zero_valid_ballots_elect_nobody():
    d = determine_winners(totals([cand(1, 0), cand(2, 0)], took_part=900, valid=0))
    assert d.result_valid and d.winners == ()
    assert all(s.percent == Decimal("0.00") and not s.over_half for s in d.standings)
    assert d.needs_supplementary and d.empty_seats == 2
    assert any("Không có phiếu hợp lệ" in n for n in d.notes)


@pytest.mark.parametrize(
    "changes",
    [
        {"level": "hdnd_huyen"},
        {"seats": 0},
        {"seats_already_filled": 1},
        {"round_kind": RoundKind.SUPPLEMENTARY, "seats_already_filled": -1},
        {"candidates": (cand(1, 1), cand(1, 2))},
    ],
)
def test_inconsistent_unit_totals_are_programming_errors(changes):
    base = totals([cand(1, 600), cand(2, 500)], seats=2)
    with pytest.raises(ValueError):
        determine_winners(dataclasses.replace(base, **changes))


# --------------------------------------------------------------------------
# Property tests of the winners

BIRTHS = [date(1960, 1, 1), date(1970, 6, 15), date(1970, 6, 15), date(1985, 12, 31)]


@st.composite
def unit_totals(draw):
    seats = draw(st.integers(1, 5))
    kind = draw(st.sampled_from(list(RoundKind)))
    filled = draw(st.integers(0, seats - 1)) if kind is RoundKind.SUPPLEMENTARY else 0
    valid = draw(st.integers(0, 300))
    count = draw(st.integers(1, 9))
    candidates = [
        CandidateResult(
            i,
            f"Người ứng cử {i}",
            draw(st.sampled_from(BIRTHS)),
            draw(st.sampled_from([0, valid // 2, valid // 2 + 1, valid]) | st.integers(0, valid)),
        )
        for i in range(1, count + 1)
    ]
    on_list = draw(st.integers(0, 2000))
    took_part = draw(st.integers(0, on_list))
    return UnitTotals(
        level=draw(st.sampled_from(rules.LEVELS)),
        seats=seats,
        voters_on_list=on_list,
        voters_took_part=took_part,
        ballots_issued=took_part,
        ballots_received=took_part,
        valid=valid,
        invalid=0,
        candidates=tuple(candidates),
        round_kind=kind,
        seats_already_filled=filled,
    )


@settings(max_examples=300, deadline=None)
@given(unit_totals())
def test_winners_respect_the_seats_the_majority_and_the_order(unit):
    d = determine_winners(unit)
    by_id = {c.candidate_id: c for c in unit.candidates}
    elected = [by_id[i] for i in d.winners]
    assert len(d.winners) <= d.seats_to_fill
    assert len(d.winners) + d.empty_seats == d.seats_to_fill
    assert all(2 * c.votes > unit.valid for c in elected)
    others = [
        c for c in unit.candidates if c.candidate_id not in d.winners and 2 * c.votes > unit.valid
    ]
    for winner in elected:
        for other in others:
            assert winner.votes >= other.votes
            if winner.votes == other.votes:
                assert winner.date_of_birth <= other.date_of_birth
    assert {s.candidate_id for s in d.standings if s.elected} == set(d.winners)
    keys = [(-s.votes, by_id[s.candidate_id].date_of_birth) for s in d.standings]
    assert keys == sorted(keys)
    if not d.result_valid:
        assert d.winners == () and unit.round_kind is not RoundKind.RERUN
    if unit.round_kind is RoundKind.SUPPLEMENTARY:
        assert not d.needs_supplementary and not d.needs_rerun
    # A seat is left empty by a tie only when the tie is real.
    if d.unresolved_tie:
        assert len(others) > 0 and d.empty_seats > 0


@settings(max_examples=200, deadline=None)
@given(correct_sheets())
def test_standings_percents_sum_to_at_most_100_per_seat(case):
    figures, seats, _ = case
    unit = UnitTotals(
        level="dbqh",
        seats=seats,
        voters_on_list=figures.voters_on_list,
        voters_took_part=figures.voters_took_part,
        ballots_issued=figures.ballots_issued,
        ballots_received=figures.ballots_received,
        valid=figures.valid,
        invalid=figures.invalid,
        candidates=tuple(cand(i, v) for i, v in figures.votes.items()),
    )
    d = determine_winners(unit)
    exact = (
        sum((Fraction(s.votes * 100, figures.valid) for s in d.standings), Fraction(0))
        if figures.valid
        else 0
    )
    assert exact <= 100 * seats
    # Each percent is rounded half up, so the printed sum may exceed the exact
    # one by at most half a hundredth per candidate.
    total = sum(s.percent for s in d.standings)
    assert total <= 100 * seats + Decimal("0.005") * len(d.standings)


def test_rounded_percents_can_exceed_100_so_the_bound_above_is_needed():
    d = determine_winners(
        totals([cand(i, 1) for i in range(1, 8)], seats=1, valid=7, took_part=900)
    )
    assert sum(s.percent for s in d.standings) == Decimal("100.03")


# --------------------------------------------------------------------------
# Follow-up rounds, Art. 79–81

ELECTION_DAY = date(2026, 3, 15)
NOT_DUE = rules.RoundStanding(needs_supplementary=False, needs_rerun=False)
SHORT = rules.RoundStanding(needs_supplementary=True, needs_rerun=False)
LOW_TURNOUT = rules.RoundStanding(needs_supplementary=False, needs_rerun=True)


def round_request(kind: RoundKind, **changes) -> rules.RoundRequest:
    values = {
        "kind": kind,
        "voting_day": date(2026, 3, 22),
        "decision": "12/NQ-HĐBCQG",
        "decision_date": date(2026, 3, 17),
        "reason": "Vi phạm pháp luật nghiêm trọng khi kiểm phiếu.",
    }
    values.update(changes)
    return rules.RoundRequest(**values)


ROUND_CASES = [
    ("bầu cử thêm when seats are left", RoundKind.SUPPLEMENTARY, SHORT, {}, set(), None),
    (
        "bầu cử thêm when every seat is filled",
        RoundKind.SUPPLEMENTARY,
        NOT_DUE,
        {},
        {"round_not_needed"},
        "Điều 79",
    ),
    ("bầu cử lại after a low turnout", RoundKind.RERUN, LOW_TURNOUT, {}, set(), None),
    (
        "bầu cử lại after a valid result",
        RoundKind.RERUN,
        NOT_DUE,
        {},
        {"round_not_needed"},
        "Điều 80",
    ),
    ("an annulment needs no other ground", RoundKind.ANNULMENT, NOT_DUE, {}, set(), None),
    (
        "an annulment of two areas of the unit",
        RoundKind.ANNULMENT,
        NOT_DUE,
        {"polling_areas": (11, 12)},
        set(),
        None,
    ),
    (
        "an annulment of an area of another unit",
        RoundKind.ANNULMENT,
        NOT_DUE,
        {"polling_areas": (11, 99)},
        {"annulment_areas"},
        "Điều 81",
    ),
    (
        "an annulment without its reason",
        RoundKind.ANNULMENT,
        NOT_DUE,
        {"reason": " "},
        {"annulment_reason"},
        "Điều 81",
    ),
    (
        "an annulment without its number",
        RoundKind.ANNULMENT,
        NOT_DUE,
        {"decision": ""},
        {"round_decision_number"},
        "Điều 81",
    ),
    (
        "an annulment dated before election day",
        RoundKind.ANNULMENT,
        NOT_DUE,
        {"decision_date": date(2026, 3, 14)},
        {"round_decision_date"},
        "Điều 81",
    ),
    (
        "an annulment dated after the re-run",
        RoundKind.ANNULMENT,
        NOT_DUE,
        {"decision_date": date(2026, 3, 22), "voting_day": date(2026, 3, 21)},
        {"round_decision_date"},
        "Điều 81",
    ),
    (
        "a re-run on the seventh day",
        RoundKind.ANNULMENT,
        NOT_DUE,
        {"voting_day": date(2026, 3, 22)},
        set(),
        None,
    ),
    (
        "a re-run on the eighth day",
        RoundKind.ANNULMENT,
        NOT_DUE,
        {"voting_day": date(2026, 3, 23)},
        {"round_date"},
        "Điều 81",
    ),
    (
        "a re-run on election day",
        RoundKind.RERUN,
        LOW_TURNOUT,
        {"voting_day": ELECTION_DAY},
        {"round_date"},
        "Điều 80",
    ),
    (
        "bầu cử thêm of some areas only",
        RoundKind.SUPPLEMENTARY,
        SHORT,
        {"polling_areas": (11,)},
        {"annulment_areas"},
        "Điều 79",
    ),
]


@pytest.mark.parametrize(
    ("kind", "standing", "changes", "codes", "article"),
    [case[1:] for case in ROUND_CASES],
    ids=[case[0] for case in ROUND_CASES],
)
def test_when_a_unit_votes_again(kind, standing, changes, codes, article):
    violations = rules.check_round(
        round_request(kind, **changes),
        election_day=ELECTION_DAY,
        standing=standing,
        unit_areas={11, 12, 13},
    )
    assert {v.code for v in violations} == codes
    assert all(v.article == article for v in violations)


def test_the_first_round_is_not_a_follow_up():
    with pytest.raises(ValueError):
        rules.check_round(
            round_request(RoundKind.FIRST),
            election_day=ELECTION_DAY,
            standing=NOT_DUE,
            unit_areas=set(),
        )


def test_a_rerun_after_an_annulment_needs_a_quorum_like_the_first_round():
    """Art. 78(1): only Art. 80's own re-run counts whatever the turnout; the
    re-run an annulment orders (Art. 81) is held like the first round."""
    low = UnitTotals(
        level="dbqh",
        seats=2,
        voters_on_list=1000,
        voters_took_part=500,
        ballots_issued=500,
        ballots_received=500,
        valid=500,
        invalid=0,
        candidates=(
            CandidateResult(1, "A", date(1970, 1, 1), 400),
            CandidateResult(2, "B", date(1971, 1, 1), 300),
        ),
        round_kind=RoundKind.ANNULMENT,
    )
    annulled = determine_winners(low)
    assert not annulled.result_valid and annulled.needs_rerun and annulled.winners == ()
    rerun = determine_winners(dataclasses.replace(low, round_kind=RoundKind.RERUN))
    assert rerun.result_valid and not rerun.needs_rerun and rerun.winners == (1, 2)
