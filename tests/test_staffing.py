"""Staffing through the services: the registry, bodies, members, Art. 27,
station-officer accounts and the team assignment helper."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from election import db
from election.accounts import services as accounts
from election.actor import Role
from election.audit import services as audit
from election.elections import structure
from election.errors import Conflict, Forbidden, NotFound, RuleViolation, Unauthenticated
from election.staffing import services as staffing
from election.staffing.tables import BodyFamily, BodyKind, MemberRole
from election.stations import services as stations
from election.stations.tables import PollingAreaKind
from tests.builders import (
    BAC_LIEU,
    CA_MAU,
    PREPARATION,
    candidate_data,
    make_actor,
    make_structure,
    system,
)

VINH_TRACH = "31834"
D = dt.date(2026, 3, 15)
_ids = itertools.count(100000000001)


class Scene:
    """An election with a ĐBQH unit over Bạc Liêu, one HĐND xã unit and two areas."""

    async def build(self, areas: int = 2):
        self.election, self.national, self.provincial, self.communal = await make_structure()
        national = await structure.save_unit(
            contest_id=self.national.id,
            province_code=CA_MAU,
            number=1,
            name="",
            seats=2,
            commune_codes=[BAC_LIEU, VINH_TRACH],
            actor=system(),
        )
        self.national_unit = national.unit
        communal = await structure.save_unit(
            contest_id=self.communal.id,
            number=1,
            name="",
            seats=2,
            description="Khóm 1",
            actor=system(),
        )
        self.commune_unit = communal.unit
        self.areas = []
        for number in range(1, areas + 1):
            result = await stations.save_polling_area(
                election_id=self.election.id,
                commune_code=BAC_LIEU,
                number=number,
                name="",
                station_address=f"Nhà văn hóa khóm {number}",
                commune_unit_id=self.commune_unit.id,
                actor=system(),
                now=PREPARATION,
            )
            self.areas.append(result.area)
        return self


async def person(
    name: str,
    *,
    commune: str | None = BAC_LIEU,
    born: dt.date = dt.date(1980, 5, 1),
    personal_id: str | None = None,
    home: str | None = BAC_LIEU,
    armed_forces: bool = False,
    actor=None,
):
    return await staffing.save_person(
        province_code=CA_MAU,
        commune_code=commune,
        data={
            "full_name": name,
            "date_of_birth": born,
            "sex": "male",
            "personal_id": personal_id or str(next(_ids)),
            "phone": "0912345678",
            "organisation": "UBND phường Bạc Liêu",
            "position": "Công chức",
            "home_commune_code": home,
            "armed_forces": armed_forces,
        },
        actor=actor or system(),
    )


async def people(count: int, prefix: str = "Nguyễn Văn", **kwargs) -> list:
    return [await person(f"{prefix} Số {chr(0x41 + i % 26)}{i}", **kwargs) for i in range(count)]


async def team_of(scene: Scene, index: int = 0):
    result = await staffing.create_body(
        election_id=scene.election.id,
        polling_area_id=scene.areas[index].id,
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(2026, 1, 20),
        actor=system(),
    )
    return result.body


async def fill(body, persons, *, head=True, secretary=True):
    roles = [MemberRole.HEAD] * head + [MemberRole.SECRETARY] * secretary
    members = []
    for index, p in enumerate(persons):
        role = roles[index] if index < len(roles) else MemberRole.MEMBER
        members.append(
            await staffing.add_member(body_id=body.id, person_id=p.id, role=role, actor=system())
        )
    return members


# --------------------------------------------------------------------------
# The registry


async def test_a_person_enters_the_commune_register_in_nfc_and_name_order(clean_db):
    import unicodedata

    await person(unicodedata.normalize("NFD", "Trần  Thị Bình"))
    await person("Lê Văn An")
    rows = await staffing.list_people(province_code=CA_MAU, commune_code=BAC_LIEU, actor=system())
    assert [r.full_name for r in rows] == ["Lê Văn An", "Trần Thị Bình"]
    found = await staffing.list_people(
        province_code=CA_MAU, commune_code=BAC_LIEU, actor=system(), query="BÌNH"
    )
    assert [r.full_name for r in found] == ["Trần Thị Bình"]


async def test_a_personal_id_identifies_one_person_across_registers(clean_db):
    await person("Lê Văn An", personal_id="096080000001")
    with pytest.raises(Conflict, match="096080000001"):
        await person("Lê Văn Anh", personal_id="096080000001", commune=VINH_TRACH)


async def test_without_personal_id_name_and_birth_date_must_differ_in_a_register(clean_db):
    data = {"full_name": "Lê Văn An", "date_of_birth": dt.date(1980, 1, 1), "sex": "male"}
    await staffing.save_person(
        province_code=CA_MAU, commune_code=BAC_LIEU, data=data, actor=system()
    )
    with pytest.raises(Conflict, match="số định danh"):
        await staffing.save_person(
            province_code=CA_MAU, commune_code=BAC_LIEU, data=data, actor=system()
        )


async def test_commune_staff_keep_only_their_own_register(clean_db):
    await make_structure()
    ward = await make_actor(Role.COMMUNE_STAFF)
    await person("Lê Văn An", actor=ward)
    with pytest.raises(Forbidden):
        await person("Lê Văn Bình", commune=VINH_TRACH, actor=ward)
    with pytest.raises(Forbidden):
        await staffing.list_people(province_code=CA_MAU, commune_code=VINH_TRACH, actor=ward)


async def test_station_officers_do_not_read_the_registry(clean_db):
    scene = await Scene().build()
    officer = await make_actor(Role.STATION_OFFICER, polling_area_id=scene.areas[0].id)
    with pytest.raises(Forbidden):
        await staffing.list_people(province_code=CA_MAU, commune_code=BAC_LIEU, actor=officer)


# --------------------------------------------------------------------------
# Bodies


async def test_bodies_get_their_kind_name_and_authority_from_what_they_serve(clean_db):
    scene = await Scene().build()
    board = await staffing.create_body(
        election_id=scene.election.id, unit_id=scene.commune_unit.id, actor=system()
    )
    assert board.body.kind == BodyKind.BOARD_COMMUNE
    assert board.body.name == "Ban bầu cử đại biểu HĐND phường Bạc Liêu đơn vị bầu cử số 1"
    assert board.body.forming_authority == "Ủy ban nhân dân phường Bạc Liêu"
    national = await staffing.create_body(
        election_id=scene.election.id, unit_id=scene.national_unit.id, actor=system()
    )
    assert national.body.name == "Ban bầu cử đại biểu Quốc hội đơn vị bầu cử số 1"
    assert national.body.forming_authority == "Ủy ban nhân dân tỉnh Cà Mau"
    committee = await staffing.create_body(
        election_id=scene.election.id,
        kind=BodyKind.PROVINCE_COMMITTEE,
        province_code=CA_MAU,
        actor=system(),
    )
    assert committee.body.name == "Ủy ban bầu cử tỉnh Cà Mau"
    team = await team_of(scene)
    assert team.name == "Tổ bầu cử khu vực bỏ phiếu số 1"
    assert team.kind == BodyKind.TEAM
    with pytest.raises(Conflict, match="Đã có"):
        await team_of(scene)


async def test_a_late_decision_is_a_warning_against_the_d43_deadline(clean_db):
    scene = await Scene().build()
    result = await staffing.create_body(
        election_id=scene.election.id,
        polling_area_id=scene.areas[0].id,
        decision_date=dt.date(2026, 2, 1),
        actor=system(),
    )
    [warning] = result.warnings
    assert warning.code == "body_decided_late"
    assert "31/01/2026" in warning.message
    assert warning.article == "Điều 25 khoản 1"


async def test_an_armed_forces_area_gets_a_military_team_of_five_to_nine(clean_db):
    scene = await Scene().build(areas=0)
    area = await stations.save_polling_area(
        election_id=scene.election.id,
        commune_code=BAC_LIEU,
        number=9,
        name="",
        kind=PollingAreaKind.ARMED_FORCES,
        actor=system(),
        now=PREPARATION,
    )
    team = await staffing.create_body(
        election_id=scene.election.id, polling_area_id=area.area.id, actor=system()
    )
    assert team.body.kind == BodyKind.TEAM_MILITARY
    with pytest.raises(RuleViolation, match="Tổ bầu cử của đơn vị \\(5–9 người\\)"):
        await staffing.update_body(
            body_id=team.body.id,
            kind=BodyKind.TEAM,
            name="",
            forming_authority="",
            decision_number="",
            decision_date=None,
            actor=system(),
        )
    mixed = await staffing.update_body(
        body_id=team.body.id,
        kind=BodyKind.TEAM_MIXED,
        name="",
        forming_authority="",
        decision_number="1/QĐ",
        decision_date=dt.date(2026, 1, 10),
        actor=system(),
    )
    assert mixed.body.kind == BodyKind.TEAM_MIXED


async def test_province_staff_form_province_bodies_and_commune_staff_commune_bodies(clean_db):
    scene = await Scene().build()
    province = await make_actor(Role.PROVINCE_STAFF)
    ward = await make_actor(Role.COMMUNE_STAFF)
    await staffing.create_body(
        election_id=scene.election.id, unit_id=scene.national_unit.id, actor=province
    )
    with pytest.raises(Forbidden):
        await staffing.create_body(
            election_id=scene.election.id, unit_id=scene.commune_unit.id, actor=province
        )
    with pytest.raises(Forbidden):
        await staffing.create_body(
            election_id=scene.election.id,
            kind=BodyKind.PROVINCE_COMMITTEE,
            province_code=CA_MAU,
            actor=ward,
        )
    await staffing.create_body(
        election_id=scene.election.id,
        kind=BodyKind.COMMUNE_COMMITTEE,
        commune_code=BAC_LIEU,
        actor=ward,
    )
    await staffing.create_body(
        election_id=scene.election.id, polling_area_id=scene.areas[0].id, actor=ward
    )


async def test_a_station_officer_reads_only_the_team_of_their_area(clean_db):
    scene = await Scene().build()
    first, second = await team_of(scene, 0), await team_of(scene, 1)
    officer = await make_actor(Role.STATION_OFFICER, polling_area_id=scene.areas[0].id)
    bodies = await staffing.list_bodies(election_id=scene.election.id, actor=officer)
    assert [b.id for b in bodies] == [first.id]
    with pytest.raises(NotFound):
        await staffing.get_body(body_id=second.id, actor=officer)


async def test_forming_the_commune_teams_creates_every_missing_team_with_one_decision(clean_db):
    scene = await Scene().build(areas=3)
    await team_of(scene, 0)
    teams = await staffing.form_commune_teams(
        election_id=scene.election.id,
        commune_code=BAC_LIEU,
        decision_number="15/QĐ-UBND",
        decision_date=dt.date(2026, 1, 25),
        actor=system(),
    )
    assert [t.polling_area_number for t in teams] == [1, 2, 3]
    assert [t.decision_number for t in teams] == ["12/QĐ-UBND", "15/QĐ-UBND", "15/QĐ-UBND"]


# --------------------------------------------------------------------------
# Members


async def test_a_team_takes_one_head_one_secretary_and_no_deputy(clean_db):
    scene = await Scene().build()
    team = await team_of(scene)
    a, b, _ = await people(3)
    await staffing.add_member(body_id=team.id, person_id=a.id, role=MemberRole.HEAD, actor=system())
    with pytest.raises(RuleViolation, match="chỉ có một Tổ trưởng"):
        await staffing.add_member(
            body_id=team.id, person_id=b.id, role=MemberRole.HEAD, actor=system()
        )
    with pytest.raises(RuleViolation, match="không có Tổ phó") as raised:
        await staffing.add_member(
            body_id=team.id, person_id=b.id, role=MemberRole.DEPUTY, actor=system()
        )
    assert raised.value.violations[0].article == "Điều 25 khoản 1"
    member = await staffing.add_member(
        body_id=team.id, person_id=b.id, role=MemberRole.SECRETARY, actor=system()
    )
    assert member.role_title == "Thư ký"
    report = await staffing.body_report(body_id=team.id, actor=system())
    assert [v.code for v in report.errors] == ["body_size_out_of_range"]
    assert report.errors[0].article == "Điều 25 khoản 1"


async def test_a_person_serves_on_one_team_only_and_must_be_eighteen(clean_db):
    scene = await Scene().build()
    first, second = await team_of(scene, 0), await team_of(scene, 1)
    [a] = await people(1)
    await staffing.add_member(
        body_id=first.id, person_id=a.id, role=MemberRole.MEMBER, actor=system()
    )
    with pytest.raises(RuleViolation, match="chỉ tham gia một Tổ bầu cử"):
        await staffing.add_member(
            body_id=second.id, person_id=a.id, role=MemberRole.MEMBER, actor=system()
        )
    young = await person("Phạm Văn Trẻ", born=dt.date(2008, 3, 16))
    with pytest.raises(RuleViolation, match="đủ 18 tuổi"):
        await staffing.add_member(
            body_id=second.id, person_id=young.id, role=MemberRole.MEMBER, actor=system()
        )


async def test_a_person_kept_off_the_voter_list_may_neither_serve_nor_be_proposed(clean_db):
    scene = await Scene().build(areas=1)
    team = await team_of(scene)
    barred = await person("Đinh Văn Án", personal_id="096070000321")
    await db.execute(
        """
        INSERT INTO voter (election, polling_area, commune, personal_id, full_name, search_name,
            date_of_birth, sex, residence_category, status, exclusion)
        VALUES ($1, $2, $3, $4, $5, 'dinh van an', $6, 'male', 'permanent', 'excluded',
                'court_deprived')
        """,
        scene.election.id,
        scene.areas[0].id,
        BAC_LIEU,
        barred.personal_id,
        barred.full_name,
        barred.date_of_birth,
    )
    with pytest.raises(RuleViolation, match="không được ghi tên vào danh sách cử tri") as raised:
        await staffing.add_member(
            body_id=team.id, person_id=barred.id, role=MemberRole.MEMBER, actor=system()
        )
    assert raised.value.violations[0].article == "Điều 30 khoản 1"
    view = await staffing.propose_assignment(
        election_id=scene.election.id, commune_code=BAC_LIEU, team_size=11, seed=1, actor=system()
    )
    assert barred.id not in {m.person.id for t in view.teams for m in t.added}


async def test_a_candidate_is_blocked_from_the_board_and_teams_of_their_unit(clean_db):
    scene = await Scene().build()
    team = await team_of(scene)
    board = (
        await staffing.create_body(
            election_id=scene.election.id, unit_id=scene.national_unit.id, actor=system()
        )
    ).body
    committee = (
        await staffing.create_body(
            election_id=scene.election.id,
            kind=BodyKind.COMMUNE_COMMITTEE,
            commune_code=BAC_LIEU,
            actor=system(),
        )
    ).body
    # Stands in the ĐBQH unit without a personal ID: matched by name and birth date.
    await structure.save_candidate(
        unit_id=scene.national_unit.id,
        data=candidate_data("Võ Thị Ứng", born=dt.date(1975, 2, 3), sex="female"),
        actor=system(),
    )
    standing = await person("Võ  Thị Ứng", born=dt.date(1975, 2, 3))
    for body in (team, board):
        with pytest.raises(RuleViolation, match="không được là thành viên") as raised:
            await staffing.add_member(
                body_id=body.id, person_id=standing.id, role=MemberRole.MEMBER, actor=system()
            )
        assert raised.value.violations[0].article == "Điều 27"
    # Nothing bars them from the committee (Art. 27 names the Ban and the Tổ).
    await staffing.add_member(
        body_id=committee.id, person_id=standing.id, role=MemberRole.MEMBER, actor=system()
    )


async def test_finalizing_a_list_flags_members_standing_there_with_a_replace_by_date(clean_db):
    scene = await Scene().build()
    team = await team_of(scene)
    member_person = await person("Đỗ Văn Hiệp", personal_id="096075000009")
    other_person = await person("Đỗ Văn Hiệp", personal_id="096075000010")
    [member, bystander] = await fill(team, [member_person, other_person])
    # Same name and birth date but both have IDs: only the ID decides.
    await structure.save_candidate(
        unit_id=scene.commune_unit.id,
        data=candidate_data("Đỗ Văn Hiệp", personal_id="096075000009"),
        actor=system(),
    )
    flags = await staffing.flag_candidate_conflicts(unit_id=scene.commune_unit.id)
    assert [(f.member_id, f.replace_by) for f in flags] == [(member.id, dt.date(2026, 2, 26))]
    stored = await staffing.get_member(member_id=member.id, actor=system())
    assert stored.replace_by == dt.date(2026, 2, 26)
    assert stored.conflict_candidate_id is not None
    report = await staffing.body_report(body_id=team.id, actor=system())
    assert any(
        v.code == "candidate_in_own_unit" and "26/02/2026" in v.message for v in report.errors
    )
    history = await audit.history(entity_type="election_body", entity_id=team.id)
    assert history[0].action == "flag_conflict"
    # Flagging again changes nothing.
    assert len(await staffing.flag_candidate_conflicts(unit_id=scene.commune_unit.id)) == 1
    assert (await audit.history(entity_type="election_body", entity_id=team.id))[0].id == history[
        0
    ].id
    assert bystander.id not in [f.member_id for f in flags]


async def test_conflicts_are_found_per_unit_body_and_election(clean_db):
    """Art. 27 over every body serving a unit: the Ban of the unit, and the Tổ of
    each area where the unit's ballot is cast; the filters narrow, never miss."""
    scene = await Scene().build()
    first_team, second_team = await team_of(scene, 0), await team_of(scene, 1)
    board = (
        await staffing.create_body(
            election_id=scene.election.id, unit_id=scene.national_unit.id, actor=system()
        )
    ).body
    on_first_team = await person("Lâm Văn Một", personal_id="096075000021")
    on_board = await person("Lâm Văn Hai", personal_id="096075000022")
    on_second_team = await person("Lâm Văn Ba", personal_id="096075000023")
    namesake = await person("Lâm Văn Bốn", personal_id="096075000024")
    [first] = await fill(first_team, [on_first_team], secretary=False)
    [chair] = await fill(board, [on_board], secretary=False)
    second, bystander = await fill(second_team, [on_second_team, namesake])
    standing = {
        scene.commune_unit.id: [("Lâm Văn Một", "096075000021")],
        scene.national_unit.id: [
            ("Lâm Văn Hai", "096075000022"),
            ("Lâm Văn Ba", "096075000023"),
            # Same name as a member, another person: never a conflict.
            ("Lâm Văn Bốn", "096075000099"),
        ],
    }
    for unit_id, names in standing.items():
        for name, personal_id in names:
            await structure.save_candidate(
                unit_id=unit_id, data=candidate_data(name, personal_id=personal_id), actor=system()
            )

    def found(flags) -> set[tuple[int, int]]:
        return {(f.member_id, f.unit_id) for f in flags}

    commune, national = scene.commune_unit.id, scene.national_unit.id
    everyone = {(first.id, commune), (chair.id, national), (second.id, national)}
    assert found(await staffing.find_conflicts(election_id=scene.election.id)) == everyone
    assert found(await staffing.find_conflicts(unit_id=commune)) == {(first.id, commune)}
    assert found(await staffing.find_conflicts(unit_id=national)) == {
        (chair.id, national),
        (second.id, national),
    }
    assert found(await staffing.find_conflicts(body_id=second_team.id)) == {(second.id, national)}
    assert bystander.id not in {member for member, _ in everyone}


async def test_training_attendance_is_recorded_per_member(clean_db):
    scene = await Scene().build()
    team = await team_of(scene)
    a, b = await fill(team, await people(2))
    members = await staffing.record_training(
        body_id=team.id, attended={a.id: dt.date(2026, 2, 20), b.id: None}, actor=system()
    )
    assert {m.id: m.trained_on for m in members} == {a.id: dt.date(2026, 2, 20), b.id: None}


# --------------------------------------------------------------------------
# Station-officer accounts


async def test_the_head_and_secretary_get_station_logins_that_leaving_revokes(clean_db):
    scene = await Scene().build()
    team = await team_of(scene)
    ward = await make_actor(Role.COMMUNE_STAFF)
    head, secretary, _ = await fill(team, await people(3))
    issued = await staffing.issue_station_accounts(body_id=team.id, actor=ward)
    assert [c.username for c in issued] == [
        "to.31825.kv01.totruong",
        "to.31825.kv01.thuky",
    ]
    for credential in issued:
        assert credential.password and len(credential.password) == 14
        stored = await db.fetchval(
            "SELECT password_hash FROM user_account WHERE username = $1", credential.username
        )
        assert credential.password not in stored
        user = await accounts.authenticate(
            username=credential.username, password=credential.password
        )
        assert user.role == Role.STATION_OFFICER
        assert user.polling_area_id == scene.areas[0].id
        # Handed over on paper: the officer must choose their own at first sign-in.
        assert user.must_change_password
    # Issuing again creates nothing new and shows no password.
    assert await staffing.issue_station_accounts(body_id=team.id, actor=ward) == []
    await staffing.remove_member(member_id=head.id, reason="Chuyển công tác", actor=ward)
    with pytest.raises(Unauthenticated):
        await accounts.authenticate(username=issued[0].username, password=issued[0].password)
    # A secretary made an ordinary member loses the login too.
    await staffing.update_member(member_id=secretary.id, role=MemberRole.MEMBER, actor=ward)
    with pytest.raises(Unauthenticated):
        await accounts.authenticate(username=issued[1].username, password=issued[1].password)


async def test_a_new_head_gets_a_fresh_username(clean_db):
    scene = await Scene().build()
    team = await team_of(scene)
    head, *_ = await fill(team, await people(2))
    await staffing.issue_station_accounts(body_id=team.id, actor=system())
    await staffing.remove_member(member_id=head.id, actor=system())
    [newcomer] = await people(1, prefix="Mai Văn")
    await staffing.add_member(
        body_id=team.id, person_id=newcomer.id, role=MemberRole.HEAD, actor=system()
    )
    [issued] = await staffing.issue_station_accounts(body_id=team.id, actor=system())
    assert issued.username == "to.31825.kv01.totruong-2"


async def test_an_existing_station_login_of_the_area_can_be_linked(clean_db):
    scene = await Scene().build()
    team = await team_of(scene)
    head, _ = await fill(team, await people(2))
    await make_actor(Role.STATION_OFFICER, polling_area_id=scene.areas[0].id, username="kv1.cu")
    await make_actor(Role.STATION_OFFICER, polling_area_id=scene.areas[1].id, username="kv2.cu")
    with pytest.raises(RuleViolation, match="đúng khu vực"):
        await staffing.link_member_account(member_id=head.id, username="kv2.cu", actor=system())
    linked = await staffing.link_member_account(
        member_id=head.id, username="kv1.cu", actor=system()
    )
    assert linked.account_username == "kv1.cu"


# --------------------------------------------------------------------------
# The assignment helper


async def test_the_helper_proposes_accepts_and_reruns_the_same_seed_identically(clean_db):
    scene = await Scene().build(areas=2)
    await people(14, home=BAC_LIEU)
    await people(14, prefix="Trần Thị", home=VINH_TRACH)
    ward = await make_actor(Role.COMMUNE_STAFF)
    first = await staffing.propose_assignment(
        election_id=scene.election.id,
        commune_code=BAC_LIEU,
        team_size=12,
        seed=42,
        reserve_size=3,
        actor=ward,
    )
    again = await staffing.propose_assignment(
        election_id=scene.election.id,
        commune_code=BAC_LIEU,
        team_size=12,
        seed=42,
        reserve_size=3,
        actor=ward,
    )
    placed = [[(m.person.id, m.role) for m in t.added] for t in first.teams]
    assert placed == [[(m.person.id, m.role) for m in t.added] for t in again.teams]
    assert (await staffing.get_assignment(run_id=first.id, actor=ward)).status == "discarded"
    assert first.violations == [] and first.added_count == 24 and first.shortfall == 0
    # Local people first: all 14 from the ward are placed.
    assert sum(m.person.local for t in first.teams for m in t.added) == 14
    assert len(first.reserve) == 3
    accepted = await staffing.accept_assignment(
        run_id=again.id,
        decision_number="20/QĐ-UBND",
        decision_date=dt.date(2026, 1, 28),
        actor=ward,
    )
    assert accepted.status == "accepted"
    teams = await staffing.list_bodies(
        election_id=scene.election.id, actor=ward, family=BodyFamily.TEAM
    )
    assert [(t.member_count, t.decision_number) for t in teams] == [
        (12, "20/QĐ-UBND"),
        (12, "20/QĐ-UBND"),
    ]
    report = await staffing.body_report(body_id=teams[0].id, actor=ward)
    assert report.errors == []
    with pytest.raises(Conflict):
        await staffing.accept_assignment(run_id=again.id, actor=ward)


async def test_the_helper_never_places_a_candidate_in_their_own_unit(clean_db):
    scene = await Scene().build(areas=1)
    group = await people(12)
    await structure.save_candidate(
        unit_id=scene.commune_unit.id,
        data=candidate_data(group[0].full_name, personal_id=group[0].personal_id),
        actor=system(),
    )
    view = await staffing.propose_assignment(
        election_id=scene.election.id, commune_code=BAC_LIEU, team_size=11, seed=1, actor=system()
    )
    placed = {m.person.id for t in view.teams for m in t.added}
    assert group[0].id not in placed
    assert len(placed) == 11


async def test_a_swap_changes_the_proposal_and_a_rule_breaking_swap_is_refused(clean_db):
    scene = await Scene().build(areas=1)
    group = await people(13)
    view = await staffing.propose_assignment(
        election_id=scene.election.id,
        commune_code=BAC_LIEU,
        team_size=11,
        seed=3,
        reserve_size=2,
        actor=system(),
    )
    team = view.teams[0]
    out, spare = team.added[0].person.id, view.reserve[0].id
    changed = await staffing.swap_assignment(
        run_id=view.id,
        polling_area_id=team.area_id,
        out_person_id=out,
        in_person_id=spare,
        actor=system(),
    )
    assert changed.teams[0].added[0].person.id == spare
    assert changed.teams[0].added[0].role == MemberRole.HEAD
    assert changed.reserve[0].id == out
    young = await person("Phạm Văn Trẻ", born=dt.date(2010, 1, 1))
    with pytest.raises(RuleViolation, match="chưa đủ 18"):
        await staffing.swap_assignment(
            run_id=view.id,
            polling_area_id=team.area_id,
            out_person_id=spare,
            in_person_id=young.id,
            actor=system(),
        )
    assert len(group) == 13


async def test_accepting_a_stale_proposal_is_refused_and_nothing_is_written(clean_db):
    scene = await Scene().build(areas=1)
    group = await people(11)
    view = await staffing.propose_assignment(
        election_id=scene.election.id, commune_code=BAC_LIEU, team_size=11, seed=9, actor=system()
    )
    # Meanwhile someone placed on the proposal joins a board.
    board = (
        await staffing.create_body(
            election_id=scene.election.id, unit_id=scene.commune_unit.id, actor=system()
        )
    ).body
    await staffing.add_member(
        body_id=board.id, person_id=group[0].id, role=MemberRole.MEMBER, actor=system()
    )
    with pytest.raises(RuleViolation, match="Dữ liệu đã thay đổi"):
        await staffing.accept_assignment(run_id=view.id, actor=system())
    assert await db.fetchval("SELECT count(*) FROM body_member WHERE family = 'team'") == 0
    assert (
        await db.fetchval("SELECT count(*) FROM election_body WHERE polling_area IS NOT NULL") == 0
    )
