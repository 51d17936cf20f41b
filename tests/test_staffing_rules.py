"""Pure rules of the election bodies: sizes, roles, deadlines, who may sit where,
and the team assignment helper (table-driven and property tests)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from election.staffing import rules
from election.staffing.tables import BodyFamily, BodyKind, MemberRole
from election.stations.tables import PollingAreaKind

D = dt.date(2026, 3, 15)
K = BodyKind


@pytest.mark.parametrize(
    ("kind", "smallest", "largest", "article"),
    [
        (K.PROVINCE_COMMITTEE, 23, 37, "Điều 22 khoản 1"),
        (K.COMMUNE_COMMITTEE, 9, 17, "Điều 22 khoản 2"),
        (K.BOARD_DBQH, 9, 17, "Điều 24 khoản 1"),
        (K.BOARD_PROVINCE, 11, 15, "Điều 24 khoản 2"),
        (K.BOARD_COMMUNE, 9, 15, "Điều 24 khoản 2"),
        (K.TEAM, 11, 21, "Điều 25 khoản 1"),
        (K.TEAM_MILITARY, 5, 9, "Điều 25 khoản 1"),
        (K.TEAM_MIXED, 11, 21, "Điều 25 khoản 1"),
        (K.TEAM_BY_ELECTION, 9, 11, "Điều 90"),
    ],
)
def test_each_kind_of_body_has_its_legal_size(kind, smallest, largest, article):
    assert rules.check_body_size(kind, smallest) == []
    assert rules.check_body_size(kind, largest) == []
    for count in (smallest - 1, largest + 1):
        [violation] = rules.check_body_size(kind, count)
        assert violation.code == "body_size_out_of_range"
        assert violation.article == article
        assert f"từ {smallest} đến {largest}" in violation.message


def test_every_kind_has_exactly_one_rule():
    assert sorted(r.kind for r in rules.BODY_RULES) == sorted(BodyKind)


def test_the_size_limits_are_data_a_new_law_changes_without_code():
    amended = dict(rules.RULES_BY_KIND)
    amended[K.TEAM] = dataclasses.replace(amended[K.TEAM], minimum=7, maximum=9, size_article="X")
    assert rules.check_body_size(K.TEAM, 8, amended) == []
    [violation] = rules.check_body_size(K.TEAM, 11, amended)
    assert violation.article == "X"
    assert rules.team_target(K.TEAM, 11, amended) == 9


@pytest.mark.parametrize(
    ("family", "roles", "codes"),
    [
        (BodyFamily.TEAM, ["head", "secretary", "member"], []),
        (BodyFamily.TEAM, ["head", "member"], ["no_secretary"]),
        (BodyFamily.TEAM, ["secretary", "member"], ["no_head"]),
        (BodyFamily.TEAM, ["head", "head", "secretary"], ["two_heads"]),
        (BodyFamily.TEAM, ["head", "secretary", "deputy"], ["team_has_no_deputy"]),
        (BodyFamily.BOARD, ["head", "deputy", "deputy", "secretary"], []),
        (BodyFamily.BOARD, ["head", "secretary", "secretary"], ["two_secretarys"]),
        (BodyFamily.COMMITTEE, ["head", "deputy", "secretary", "member"], []),
        (BodyFamily.COMMITTEE, [], ["no_head", "no_secretary"]),
    ],
)
def test_exactly_one_head_and_one_secretary_and_no_deputy_in_a_team(family, roles, codes):
    assert [v.code for v in rules.check_roles(family, roles)] == codes


@pytest.mark.parametrize(
    ("family", "role", "title"),
    [
        (BodyFamily.COMMITTEE, MemberRole.HEAD, "Chủ tịch"),
        (BodyFamily.COMMITTEE, MemberRole.DEPUTY, "Phó Chủ tịch"),
        (BodyFamily.BOARD, MemberRole.HEAD, "Trưởng ban"),
        (BodyFamily.BOARD, MemberRole.DEPUTY, "Phó Trưởng ban"),
        (BodyFamily.TEAM, MemberRole.HEAD, "Tổ trưởng"),
        (BodyFamily.TEAM, MemberRole.SECRETARY, "Thư ký"),
        (BodyFamily.TEAM, MemberRole.MEMBER, "Ủy viên"),
    ],
)
def test_roles_carry_the_title_of_their_body(family, role, title):
    assert rules.role_title(family, role) == title


def test_a_team_has_no_deputy_role_to_choose():
    assert MemberRole.DEPUTY not in rules.roles_of(BodyFamily.TEAM)
    assert MemberRole.DEPUTY in rules.roles_of(BodyFamily.BOARD)


@pytest.mark.parametrize(
    ("kind", "deadline"),
    [
        (K.PROVINCE_COMMITTEE, dt.date(2025, 11, 30)),
        (K.COMMUNE_COMMITTEE, dt.date(2025, 11, 30)),
        (K.BOARD_DBQH, dt.date(2026, 1, 4)),
        (K.BOARD_COMMUNE, dt.date(2026, 1, 4)),
        (K.TEAM, dt.date(2026, 1, 31)),
        (K.TEAM_MILITARY, dt.date(2026, 1, 31)),
        (K.TEAM_BY_ELECTION, dt.date(2026, 2, 28)),
    ],
)
def test_bodies_are_formed_by_their_deadline(kind, deadline):
    assert rules.forming_deadline(kind, D) == deadline
    assert rules.check_body_decision(kind, deadline, D) == []
    [late] = rules.check_body_decision(kind, deadline + dt.timedelta(days=1), D)
    assert late.code == "body_decided_late"
    assert late.severity == "warning"
    assert deadline.strftime("%d/%m/%Y") in late.message
    [missing] = rules.check_body_decision(kind, None, D)
    assert missing.code == "body_not_decided"


def test_the_deadlines_are_shown_against_the_calendar_milestones():
    from election.elections.rules import CALENDAR_RULES

    codes = {rule.code: rule.offset_days for rule in CALENDAR_RULES}
    for body_rule in rules.BODY_RULES:
        if body_rule.milestone:
            assert codes[body_rule.milestone] == -body_rule.deadline_days


@pytest.mark.parametrize(
    ("kind", "area", "election", "ok"),
    [
        (K.TEAM, PollingAreaKind.ORDINARY, "general", True),
        (K.TEAM_MIXED, PollingAreaKind.ORDINARY, "general", True),
        (K.TEAM_MILITARY, PollingAreaKind.ARMED_FORCES, "general", True),
        (K.TEAM_MIXED, PollingAreaKind.ARMED_FORCES, "general", True),
        (K.TEAM_MILITARY, PollingAreaKind.ORDINARY, "general", False),
        (K.TEAM, PollingAreaKind.ARMED_FORCES, "general", False),
        (K.TEAM_BY_ELECTION, PollingAreaKind.ORDINARY, "general", False),
        (K.TEAM_BY_ELECTION, PollingAreaKind.ORDINARY, "by_election", True),
        (K.TEAM, PollingAreaKind.ORDINARY, "by_election", False),
    ],
)
def test_the_kind_of_team_follows_the_area_and_the_election(kind, area, election, ok):
    assert (rules.check_team_kind(kind, area, election) == []) == ok


def test_the_default_team_kind():
    assert rules.default_team_kind(PollingAreaKind.ORDINARY, "general") == K.TEAM
    assert rules.default_team_kind(PollingAreaKind.ARMED_FORCES, "general") == K.TEAM_MILITARY
    assert rules.default_team_kind(PollingAreaKind.HOSPITAL_CARE, "by_election") == (
        K.TEAM_BY_ELECTION
    )


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        (dt.date(2008, 3, 15), True),  # 18 on election day
        (dt.date(2008, 3, 16), False),
        (dt.date(1950, 1, 1), True),
    ],
)
def test_members_are_voters_of_eighteen_on_election_day(born, ok):
    violations = rules.check_member_age(born, D)
    assert (violations == []) == ok
    if not ok:
        assert violations[0].article == "Điều 2"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            ("001080000001", "Nguyễn Văn An", "1980-05-01"),
            ("001080000001", "Lê Thị B", "1970-01-01"),
            True,
        ),
        (
            ("001080000001", "Nguyễn Văn An", "1980-05-01"),
            ("001080000002", "Nguyễn Văn An", "1980-05-01"),
            False,
        ),
        (
            (None, "Nguyễn  Văn AN", "1980-05-01"),
            ("001080000002", "nguyễn văn an", "1980-05-01"),
            True,
        ),
        ((None, "Nguyễn Văn An", "1980-05-01"), (None, "Nguyễn Văn An", "1980-05-02"), False),
        ((None, "Nguyễn Văn Ân", "1980-05-01"), (None, "Nguyễn Văn An", "1980-05-01"), False),
    ],
)
def test_a_candidate_is_matched_by_personal_id_when_both_have_one_else_by_name_and_birth(
    a, b, same
):
    import unicodedata

    def args(t):
        pid, name, born = t
        return pid, unicodedata.normalize("NFD", name), dt.date.fromisoformat(born)

    assert rules.same_person(*args(a), *args(b)) == same
    assert rules.same_person(*args(b), *args(a)) == same


def test_the_people_index_finds_the_same_matches_as_the_rule():
    people = [
        rules.Identity(1, "001080000001", "Nguyễn Văn An", dt.date(1980, 5, 1)),
        rules.Identity(2, None, "Nguyễn Văn An", dt.date(1980, 5, 1)),
        rules.Identity(3, "001080000003", "Nguyễn Văn An", dt.date(1980, 5, 1)),
    ]
    index = rules.PeopleIndex(people)
    candidate = rules.Identity(9, "001080000001", "Nguyễn Văn An", dt.date(1980, 5, 1))
    assert index.matches(candidate) == {1, 2}
    no_id = rules.Identity(9, None, "nguyễn văn an", dt.date(1980, 5, 1))
    assert index.matches(no_id) == {1, 2, 3}


def appointment(**changes) -> rules.Appointment:
    base = rules.Appointment(
        kind=K.TEAM,
        role=MemberRole.MEMBER,
        current_roles=(MemberRole.HEAD, MemberRole.SECRETARY),
        date_of_birth=dt.date(1980, 1, 1),
        election_day=D,
    )
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize(
    ("changes", "codes"),
    [
        ({}, []),
        ({"role": MemberRole.HEAD}, ["two_heads"]),
        ({"role": MemberRole.DEPUTY}, ["team_has_no_deputy"]),
        ({"date_of_birth": dt.date(2010, 1, 1)}, ["member_not_a_voter"]),
        ({"other_team": "Tổ bầu cử khu vực bỏ phiếu số 2"}, ["one_team_per_person"]),
        (
            {"candidacies": (("Đơn vị bầu cử số 1", "Đại biểu HĐND cấp xã"),)},
            ["candidate_in_own_unit"],
        ),
        ({"already_in_body": True}, ["already_member"]),
        ({"in_register": False}, ["person_outside_register"]),
        ({"excluded": "Mất năng lực hành vi dân sự"}, ["member_excluded_from_list"]),
        ({"current_roles": (MemberRole.MEMBER,) * 21}, ["body_full"]),
        ({"armed_forces": True}, ["team_composition"]),
        ({"kind": K.TEAM_MILITARY}, ["team_composition"]),
        ({"kind": K.TEAM_MILITARY, "armed_forces": True}, []),
        ({"kind": K.BOARD_COMMUNE, "role": MemberRole.DEPUTY}, []),
        # A committee is not a body "of the unit": Art. 27 does not reach it.
        ({"kind": K.COMMUNE_COMMITTEE, "candidacies": (("Đơn vị số 1", "x"),)}, []),
        ({"kind": K.BOARD_COMMUNE, "other_team": "Tổ bầu cử số 2"}, []),
    ],
)
def test_who_may_take_a_seat(changes, codes):
    assert [v.code for v in rules.check_appointment(appointment(**changes))] == codes


def test_a_candidate_must_be_replaced_by_the_day_the_official_list_is_published():
    assert rules.replacement_deadline(D) == dt.date(2026, 2, 26)
    [violation] = rules.check_appointment(
        appointment(candidacies=(("Đơn vị bầu cử số 1", "Đại biểu Quốc hội"),))
    )
    assert violation.article == "Điều 27"
    assert "26/02/2026" in violation.message


# --------------------------------------------------------------------------
# The assignment helper


def test_the_helper_fills_each_team_with_a_head_and_a_secretary_locals_first():
    teams = [rules.TeamNeed(area_id=10 + n, area_number=n, kind=K.TEAM) for n in (1, 2)]
    people = [rules.PoolPerson(id=i, local=i <= 22) for i in range(1, 31)]
    plan = rules.assign_teams(teams, people, team_size=11, seed=7, reserve_size=5)
    assert [len(t.added) for t in plan.teams] == [11, 11]
    assert set(plan.placed) == set(range(1, 23))  # the 22 locals
    for team in plan.teams:
        roles = [role for _, role in team.added]
        assert roles.count(MemberRole.HEAD) == 1 and roles.count(MemberRole.SECRETARY) == 1
    assert len(plan.reserve) == 5 and not set(plan.reserve) & set(plan.placed)
    assert rules.check_assignment(teams, people, plan) == []


def test_the_helper_keeps_the_size_within_the_kind_and_tops_up_existing_teams():
    teams = [
        rules.TeamNeed(1, 1, K.TEAM_MILITARY),
        rules.TeamNeed(2, 2, K.TEAM, current=((100, MemberRole.HEAD), (101, MemberRole.MEMBER))),
    ]
    people = [rules.PoolPerson(i, True, armed_forces=i <= 20) for i in range(1, 60)]
    people.append(rules.PoolPerson(100, True, busy=True))
    people.append(rules.PoolPerson(101, True, busy=True))
    plan = rules.assign_teams(teams, people, team_size=13, seed=1)
    military, ordinary = plan.teams
    assert military.target == 9 and len(military.added) == 9
    assert all(p <= 20 for p, _ in military.added)
    assert ordinary.target == 13 and len(ordinary.added) == 11
    assert MemberRole.HEAD not in [r for _, r in ordinary.added]
    assert [r for _, r in ordinary.added].count(MemberRole.SECRETARY) == 1
    assert rules.check_assignment(teams, people, plan) == []


def test_the_helper_reports_a_shortfall_rather_than_break_a_rule():
    teams = [rules.TeamNeed(1, 1, K.TEAM, blocked=frozenset({1, 2}))]
    people = [
        rules.PoolPerson(1, True),
        rules.PoolPerson(2, True),
        rules.PoolPerson(3, True, eligible=False),
        rules.PoolPerson(4, True, busy=True),
        rules.PoolPerson(5, False),
    ]
    plan = rules.assign_teams(teams, people, team_size=11, seed=3)
    assert [p for p, _ in plan.teams[0].added] == [5]
    assert plan.teams[0].shortfall == 10


def test_a_swap_keeps_the_role_and_sends_the_replaced_person_to_the_reserve():
    teams = [rules.TeamNeed(1, 1, K.TEAM)]
    people = [rules.PoolPerson(i, True) for i in range(1, 15)]
    plan = rules.assign_teams(teams, people, team_size=11, seed=5, reserve_size=3)
    head = plan.teams[0].added[0][0]
    newcomer = plan.reserve[0]
    swapped = rules.swap_in_plan(plan, area_id=1, out_person=head, in_person=newcomer)
    assert swapped.teams[0].added[0] == (newcomer, MemberRole.HEAD)
    assert swapped.reserve[0] == head and newcomer not in swapped.reserve
    assert rules.check_assignment(teams, people, swapped) == []
    with pytest.raises(ValueError):
        rules.swap_in_plan(plan, area_id=1, out_person=999, in_person=newcomer)


def test_the_checker_catches_a_plan_that_breaks_the_rules():
    teams = [rules.TeamNeed(1, 1, K.TEAM, blocked=frozenset({2})), rules.TeamNeed(2, 2, K.TEAM)]
    people = [rules.PoolPerson(i, True) for i in range(1, 5)]
    plan = rules.AssignmentPlan(
        seed=0,
        team_size=11,
        teams=(
            rules.TeamPlan(1, 11, ((1, MemberRole.HEAD), (2, MemberRole.HEAD)), 9),
            rules.TeamPlan(2, 11, ((1, MemberRole.HEAD),), 10),
        ),
        reserve=(1,),
    )
    codes = {v.code for v in rules.check_assignment(teams, people, plan)}
    assert codes == {
        "candidate_in_own_unit",
        "two_heads",
        "one_team_per_person",
        "reserve_also_placed",
    }


KINDS = [K.TEAM, K.TEAM_MILITARY, K.TEAM_MIXED]


@st.composite
def scenes(draw):
    """Random teams (some already partly staffed), people and Art. 27 blocks."""
    count = draw(st.integers(min_value=0, max_value=60))
    people = [
        rules.PoolPerson(
            id=i,
            local=draw(st.booleans()),
            armed_forces=draw(st.booleans()),
            eligible=draw(st.integers(0, 9)) > 0,
            busy=False,
        )
        for i in range(1, count + 1)
    ]
    ids = [p.id for p in people]
    teams = []
    taken: set[int] = set()
    for n in range(1, draw(st.integers(min_value=1, max_value=6)) + 1):
        kind = draw(st.sampled_from(KINDS))
        free = [i for i in ids if i not in taken]
        current_ids = draw(st.lists(st.sampled_from(free), max_size=3, unique=True)) if free else []
        taken.update(current_ids)
        roles = [MemberRole.HEAD, MemberRole.MEMBER, MemberRole.SECRETARY]
        current = tuple((pid, roles[i]) for i, pid in enumerate(current_ids))
        blocked = (
            frozenset(draw(st.lists(st.sampled_from(ids), max_size=5))) if ids else frozenset()
        )
        teams.append(rules.TeamNeed(100 + n, n, kind, current, blocked))
    people = [dataclasses.replace(p, busy=p.id in taken) for p in people]
    return teams, people


@settings(max_examples=150, deadline=None)
@given(scenes(), st.integers(min_value=1, max_value=25), st.integers(min_value=0, max_value=2**31))
def test_the_helper_never_breaks_a_rule(scene, size, seed):
    teams, people = scene
    plan = rules.assign_teams(teams, people, team_size=size, seed=seed, reserve_size=5)
    assert rules.check_assignment(teams, people, plan) == []
    by_id = {p.id: p for p in people}
    for team, team_plan in zip(sorted(teams, key=lambda t: t.area_number), plan.teams, strict=True):
        total = len(team.current) + len(team_plan.added)
        assert total <= rules.RULES_BY_KIND[team.kind].maximum
        assert total + team_plan.shortfall == max(team_plan.target, len(team.current))
        for person, _ in team_plan.added:
            assert by_id[person].eligible and not by_id[person].busy
            assert person not in team.blocked
            assert rules.accepts(team.kind, by_id[person].armed_forces)
        if team_plan.shortfall == 0 and total >= 2:
            roles = [r for _, r in team.current] + [r for _, r in team_plan.added]
            assert roles.count(MemberRole.HEAD) == 1
            assert roles.count(MemberRole.SECRETARY) == 1


@settings(max_examples=60, deadline=None)
@given(scenes(), st.integers(min_value=1, max_value=25), st.integers(min_value=0, max_value=2**31))
def test_the_helper_is_deterministic_for_a_seed(scene, size, seed):
    teams, people = scene
    first = rules.assign_teams(teams, people, team_size=size, seed=seed, reserve_size=3)
    again = rules.assign_teams(
        list(reversed(teams)), list(reversed(people)), team_size=size, seed=seed, reserve_size=3
    )
    assert first == again


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**31))
def test_with_enough_free_people_every_team_is_filled(seed):
    teams = [rules.TeamNeed(n, n, K.TEAM) for n in range(1, 6)]
    people = [rules.PoolPerson(i, i % 3 == 0) for i in range(1, 80)]
    plan = rules.assign_teams(teams, people, team_size=12, seed=seed)
    assert plan.shortfall == 0
    assert len(plan.placed) == 60
    # Local people (26 of them) all come before anyone from elsewhere.
    assert {p for p in plan.placed if p % 3 == 0} == {i for i in range(1, 80) if i % 3 == 0}
