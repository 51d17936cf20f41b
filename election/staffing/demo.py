"""Staffing of the demo (Phường Bạc Liêu, Cà Mau): a synthetic registry, the
two committees, the boards of the ward's units, a team for every polling
area filled by the assignment helper, and the demo station-officer logins.

Deterministic and synthetic (seeded; never real people's data).
"""

from __future__ import annotations

import datetime as dt
import random

from election.accounts import services as accounts
from election.actor import Actor
from election.elections.services import get_election
from election.elections.tables import ContestLevel
from election.staffing import rules, services
from election.staffing.queries import demo as queries
from election.staffing.tables import BodyKind, MemberRole

SEED = 20260315
PROVINCE_CODE = "96"
COMMUNE_CODE = "31825"
NEIGHBOURS = ("31834", "31840")  # Vĩnh Trạch, Hiệp Thành
TEAM_SIZE = 11
PROVINCE_COMMITTEE_SIZE = 23
COMMUNE_COMMITTEE_SIZE = 11
PROVINCE_BOARD_SIZE = 11
COMMUNE_BOARD_SIZE = 9
# Beyond the teams, the boards and the committee: room for the helper's reserve.
COMMUNE_SPARE = 80
PROVINCE_SPARE = 5
# The demo station-officer logins of polling area 1 (see election.demo.DEMO_LOGINS).
HEAD_LOGIN = "to.kv01"
SECRETARY_LOGIN = "to.kv01.thuky"

_FAMILIES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Phan",
    "Trương",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Châu",
    "Lâm",
    "Thạch",
)
_MIDDLE = {
    "male": ("Văn", "Hữu", "Minh", "Quốc", "Thanh", "Đức", "Tấn", "Hoàng", "Chí", "Trọng"),
    "female": ("Thị", "Ngọc", "Thu", "Kim", "Hồng", "Mỹ", "Thanh", "Bích", "Diệu", "Tuyết"),
}
_GIVEN = {
    "male": (
        "An",
        "Bảo",
        "Cường",
        "Duy",
        "Định",
        "Hải",
        "Hậu",
        "Khang",
        "Lộc",
        "Nhân",
        "Phong",
        "Quý",
        "Tâm",
        "Thiện",
        "Toàn",
        "Trí",
        "Tuấn",
        "Vũ",
        "Khoa",
        "Lực",
    ),
    "female": (
        "Ánh",
        "Cúc",
        "Dung",
        "Giang",
        "Hằng",
        "Huệ",
        "Kiều",
        "Loan",
        "My",
        "Nga",
        "Oanh",
        "Quyên",
        "Sương",
        "Thủy",
        "Trinh",
        "Vân",
        "Xuân",
        "Ý",
        "Thơ",
        "Nhi",
    ),
}
_COMMUNE_JOBS = (
    ("Công chức", "Ủy ban nhân dân phường Bạc Liêu"),
    ("Cán bộ", "Công an phường Bạc Liêu"),
    ("Giáo viên", "Trường Tiểu học Bạc Liêu"),
    ("Giáo viên", "Trường THCS Võ Thị Sáu"),
    ("Trưởng khóm", "Ban điều hành khóm {k}"),
    ("Phó Trưởng khóm", "Ban điều hành khóm {k}"),
    ("Chi hội trưởng", "Hội Liên hiệp Phụ nữ phường Bạc Liêu"),
    ("Bí thư chi đoàn", "Đoàn Thanh niên phường Bạc Liêu"),
    ("Hội viên", "Hội Cựu chiến binh phường Bạc Liêu"),
    ("Ủy viên", "Ủy ban Mặt trận Tổ quốc Việt Nam phường Bạc Liêu"),
    ("Nhân viên y tế", "Trạm Y tế phường Bạc Liêu"),
    ("Tổ trưởng tổ dân phố", "Khóm {k}, phường Bạc Liêu"),
    ("Viên chức", "Trung tâm Văn hóa - Thể thao phường Bạc Liêu"),
    ("Đại diện cử tri", "Khóm {k}, phường Bạc Liêu"),
)
_PROVINCE_JOBS = (
    ("Phó Chủ tịch", "Ủy ban nhân dân tỉnh Cà Mau"),
    ("Giám đốc", "Sở Nội vụ tỉnh Cà Mau"),
    ("Phó Giám đốc", "Sở Tư pháp tỉnh Cà Mau"),
    ("Chuyên viên", "Văn phòng Đoàn ĐBQH và HĐND tỉnh Cà Mau"),
    ("Phó Chủ tịch", "Ủy ban MTTQ Việt Nam tỉnh Cà Mau"),
    ("Phó Giám đốc", "Công an tỉnh Cà Mau"),
    ("Chuyên viên", "Sở Thông tin và Truyền thông tỉnh Cà Mau"),
    ("Phó Chánh Văn phòng", "Ủy ban nhân dân tỉnh Cà Mau"),
)


class _Registry:
    """Synthetic people: distinct names and birth dates, none of them a candidate."""

    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng = rng
        self.taken = taken
        self.count = 0

    def person(self, jobs, *, home: str | None) -> dict:
        rng = self.rng
        self.count += 1
        sex = "female" if self.count % 2 == 0 else "male"
        while True:
            name = f"{rng.choice(_FAMILIES)} {rng.choice(_MIDDLE[sex])} {rng.choice(_GIVEN[sex])}"
            born = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(0, 40 * 365))
            key = rules.person_key(name, born)
            if key not in self.taken:
                self.taken.add(key)
                break
        position, organisation = jobs[self.count % len(jobs)]
        century = 0 if born.year < 2000 else 2
        return {
            "personal_id": f"096{century + (sex == 'female')}{born.year % 100:02d}{self.count:06d}",
            "full_name": name,
            "date_of_birth": born,
            "sex": sex,
            "phone": f"09{rng.randrange(10_000_000, 99_999_999)}",
            "organisation": organisation.format(k=rng.randrange(1, 13)),
            "position": position,
            "home_commune_code": home,
            "armed_forces": False,
            "notes": "",
        }


async def _register(
    registry: _Registry, count: int, jobs, commune_code: str | None, actor: Actor
) -> list[int]:
    rng = registry.rng
    people = []
    for _ in range(count):
        if commune_code is None:
            home = rng.choice((COMMUNE_CODE, *NEIGHBOURS, None))
        else:
            # Most live in the ward; some commute from the neighbouring wards.
            home = COMMUNE_CODE if rng.random() < 0.8 else rng.choice(NEIGHBOURS)
        people.append(registry.person(jobs, home=home))
    await services.save_people(
        province_code=PROVINCE_CODE,
        commune_code=commune_code,
        new=people,
        changed=[],
        actor=actor,
        source="dữ liệu mẫu",
    )
    return await queries.register_ids(province_code=PROVINCE_CODE, commune_code=commune_code)


async def _staff_body(body_id: int, people: list[int], *, deputies: int, actor: Actor) -> None:
    """Head first, then deputies, the secretary, and members."""
    for index, person_id in enumerate(people):
        if index == 0:
            role = MemberRole.HEAD
        elif index <= deputies:
            role = MemberRole.DEPUTY
        elif index == deputies + 1:
            role = MemberRole.SECRETARY
        else:
            role = MemberRole.MEMBER
        await services.add_member(body_id=body_id, person_id=person_id, role=role, actor=actor)


async def load_staffing_demo(election_id: int, actor: Actor) -> None:
    election = await get_election(election_id=election_id)
    day = election.election_day
    rng = random.Random(SEED + 1)
    candidates = await queries.candidate_names()
    registry = _Registry(rng, {rules.person_key(c.full_name, c.date_of_birth) for c in candidates})

    province_people = await _register(
        registry,
        PROVINCE_COMMITTEE_SIZE + 2 * PROVINCE_BOARD_SIZE + PROVINCE_SPARE,
        _PROVINCE_JOBS,
        None,
        actor,
    )
    units = await queries.commune_units(election_id=election_id, commune_code=COMMUNE_CODE)
    commune_boards = [u for u in units if u.level == ContestLevel.COMMUNE_COUNCIL]
    areas = await queries.area_count(election_id=election_id, commune_code=COMMUNE_CODE)
    commune_people = await _register(
        registry,
        areas * TEAM_SIZE
        + COMMUNE_COMMITTEE_SIZE
        + COMMUNE_BOARD_SIZE * len(commune_boards)
        + COMMUNE_SPARE,
        _COMMUNE_JOBS,
        COMMUNE_CODE,
        actor,
    )

    # Committees (D−105) and boards (D−70), formed a few days ahead.
    committee = await services.create_body(
        election_id=election_id,
        kind=BodyKind.PROVINCE_COMMITTEE,
        province_code=PROVINCE_CODE,
        decision_number="2150/QĐ-UBND",
        decision_date=day - dt.timedelta(days=110),
        actor=actor,
    )
    taken = iter(province_people)
    await _staff_body(
        committee.body.id,
        [next(taken) for _ in range(PROVINCE_COMMITTEE_SIZE)],
        deputies=2,
        actor=actor,
    )
    ward_committee = await services.create_body(
        election_id=election_id,
        kind=BodyKind.COMMUNE_COMMITTEE,
        commune_code=COMMUNE_CODE,
        decision_number="95/QĐ-UBND",
        decision_date=day - dt.timedelta(days=108),
        actor=actor,
    )
    ward = iter(commune_people)
    await _staff_body(
        ward_committee.body.id,
        [next(ward) for _ in range(COMMUNE_COMMITTEE_SIZE)],
        deputies=1,
        actor=actor,
    )
    first_number = {
        ContestLevel.NATIONAL_ASSEMBLY: 2310,
        ContestLevel.PROVINCE_COUNCIL: 2320,
        ContestLevel.COMMUNE_COUNCIL: 130,
    }
    for unit in units:
        local = unit.level == ContestLevel.COMMUNE_COUNCIL
        board = await services.create_body(
            election_id=election_id,
            unit_id=unit.id,
            decision_number=f"{first_number[unit.level] + unit.number}/QĐ-UBND",
            decision_date=day - dt.timedelta(days=72),
            actor=actor,
        )
        size = COMMUNE_BOARD_SIZE if local else PROVINCE_BOARD_SIZE
        source = ward if local else taken
        await _staff_body(
            board.body.id, [next(source) for _ in range(size)], deputies=1, actor=actor
        )

    # A team for every polling area (D−43), filled by the assignment helper.
    await services.form_commune_teams(
        election_id=election_id,
        commune_code=COMMUNE_CODE,
        decision_number="112/QĐ-UBND",
        decision_date=day - dt.timedelta(days=45),
        actor=actor,
    )
    proposal = await services.propose_assignment(
        election_id=election_id,
        commune_code=COMMUNE_CODE,
        team_size=TEAM_SIZE,
        seed=SEED,
        reserve_size=10,
        actor=actor,
    )
    await services.accept_assignment(
        run_id=proposal.id,
        appointed_on=day - dt.timedelta(days=45),
        appointment_decision="112/QĐ-UBND",
        actor=actor,
    )
    teams = await services.list_bodies(
        election_id=election_id, actor=actor, commune_code=COMMUNE_CODE
    )
    teams = [t for t in teams if t.is_team]
    # The first ten teams have been trained.
    for team in teams[:10]:
        members = await services.list_members(body_id=team.id, actor=actor)
        await services.record_training(
            body_id=team.id,
            attended={m.id: day - dt.timedelta(days=20) for m in members},
            actor=actor,
        )
    # The demo logins of area 1 are the head and the secretary of its team.
    first = teams[0]
    for member in await services.list_members(body_id=first.id, actor=actor):
        login = {MemberRole.HEAD: HEAD_LOGIN, MemberRole.SECRETARY: SECRETARY_LOGIN}.get(
            member.role
        )
        if login and await accounts.find_user(username=login):
            await services.link_member_account(member_id=member.id, username=login, actor=actor)
