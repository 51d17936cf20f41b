"""The demo data set: the 2026 general election as it concerns Phường Bạc Liêu, Cà Mau.

Deterministic and synthetic (seeded; never real people's data). Loaded by
`make run` when the database is empty, and by tests that need a realistic
scene. Later capabilities extend it.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from election import db
from election.accounts import services as accounts
from election.actor import Actor, ScopeLevel
from election.clock import VIETNAM
from election.demo_data import (
    COMMUNE_CODE,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    ELECTION_DAY,
    PROVINCE_CODE,
    SEED,
    DemoLogin,
)
from election.elections import services as elections
from election.elections import structure
from election.elections.tables import ContestLevel, ElectionKind
from election.elections.training_rules import TrainingPreset
from election.geography import services as geography
from election.staffing.demo import load_staffing_demo
from election.stations import services as stations
from election.turnout.demo import load_turnout_demo
from election.voters.demo import load_voters_demo

__all__ = [
    "COMMUNE_CODE",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "ELECTION_DAY",
    "PROVINCE_CODE",
    "SEED",
    "DemoLogin",
    "demo_loaded",
    "load_demo",
]

POLLING_AREA_COUNT = 42
# About 40,000 voters for the ward (42 areas).
VOTERS_PER_AREA = 950
COMMUNE_UNITS = 6
AREAS_PER_COMMUNE_UNIT = 7


# Synthetic: the real composition of Cà Mau's five ĐBQH units (NQ 85/NQ-HĐBCQG)
# is not reproduced; the 64 communes are split in code order, 13 seats in all.
NATIONAL_UNITS = ((0, 13, 3), (13, 25, 3), (25, 38, 3), (38, 51, 2), (51, 64, 2))
PROVINCE_UNIT_COMMUNES = ("31825", "31834", "31840")  # Bạc Liêu, Vĩnh Trạch, Hiệp Thành

_PLACES = (
    "Nhà văn hóa khóm {n}",
    "Trường Tiểu học khóm {n}",
    "Trụ sở Ban nhân dân khóm {n}",
    "Trường Mầm non khóm {n}",
)


async def demo_loaded() -> bool:
    """Whether the database holds an election already (the demo's or another)."""
    return bool(await elections.list_elections())


async def load_demo(*, voters_per_area: int = VOTERS_PER_AREA, training: bool = True) -> bool:
    """Load the demo when the database holds no election yet; returns whether it did.

    `voters_per_area` scales the synthetic voter lists (the tests use fewer).
    With `training`, the election starts in training mode 30 days before
    election day, when lists and candidates may still change (the tests pin
    their own clocks instead).
    """
    if await demo_loaded():
        return False
    actor = Actor.system("demo")
    rng = random.Random(SEED)
    async with db.transaction():
        election = await elections.create_election(
            name="Bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp "
            "nhiệm kỳ 2026–2031",
            election_day=ELECTION_DAY,
            kind=ElectionKind.GENERAL,
            term="2026–2031",
            assembly_term="XVI",
            actor=actor,
        )
        national = await elections.add_contest(
            election_id=election.id, level=ContestLevel.NATIONAL_ASSEMBLY, actor=actor
        )
        provincial = await elections.add_contest(
            election_id=election.id,
            level=ContestLevel.PROVINCE_COUNCIL,
            province_code=PROVINCE_CODE,
            council_term="X",
            actor=actor,
        )
        # A ward formed in 2025 elects the first council of its own.
        communal = await elections.add_contest(
            election_id=election.id,
            level=ContestLevel.COMMUNE_COUNCIL,
            commune_code=COMMUNE_CODE,
            council_term="I",
            actor=actor,
        )
        people = _People(rng)
        await _national_units(national.id, people, actor)
        await _province_unit(provincial.id, people, actor)
        commune_units = await _commune_units(communal.id, people, actor)
        areas = []
        for number in range(1, POLLING_AREA_COUNT + 1):
            place = rng.choice(_PLACES).format(n=(number - 1) // 3 + 1)
            result = await stations.save_polling_area(
                election_id=election.id,
                commune_code=COMMUNE_CODE,
                number=number,
                name=f"Khu vực bỏ phiếu số {number}",
                station_address=f"{place}, Phường Bạc Liêu, tỉnh Cà Mau",
                planned_voters=rng.randrange(900, 2600, 10),
                decided_on=ELECTION_DAY - dt.timedelta(days=50),
                commune_unit_id=commune_units[(number - 1) // AREAS_PER_COMMUNE_UNIT],
                actor=actor,
                # The day the commune decided its areas, not today (after election day).
                now=dt.datetime.combine(
                    ELECTION_DAY - dt.timedelta(days=50), dt.time(9), tzinfo=VIETNAM
                ),
            )
            areas.append(result.area)
        await load_voters_demo(
            election_id=election.id,
            election_day=ELECTION_DAY,
            commune_code=COMMUNE_CODE,
            areas=POLLING_AREA_COUNT,
            per_area=voters_per_area,
            actor=actor,
        )
        for login in DEMO_LOGINS:
            province = None if login.scope_level == ScopeLevel.NATIONAL else PROVINCE_CODE
            commune = (
                COMMUNE_CODE
                if login.scope_level in (ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA)
                else None
            )
            await accounts.create_user(
                username=login.username,
                full_name=login.full_name,
                password=DEMO_PASSWORD,
                role=login.role,
                scope_level=login.scope_level,
                province_code=province,
                commune_code=commune,
                polling_area_id=areas[0].id if login.with_polling_area else None,
                actor=actor,
            )
        await load_staffing_demo(election.id, actor)
        await load_turnout_demo(election.id)
        if training:
            await elections.set_training_clock(
                election_id=election.id, preset=TrainingPreset.BEFORE, actor=actor
            )
    return True


# --------------------------------------------------------------------------
# Synthetic candidates

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
    "Tô",
    "Cao",
    "Quách",
    "Mai",
)
_MINORITY_FAMILIES = (("Thạch", "Khmer"), ("Danh", "Khmer"), ("Lâm", "Hoa"), ("Sơn", "Khmer"))
_MIDDLE = {
    "male": ("Văn", "Hữu", "Minh", "Quốc", "Thanh", "Đức", "Công", "Hoàng"),
    "female": ("Thị", "Ngọc", "Thu", "Kim", "Hồng", "Mỹ", "Thanh", "Bích"),
}
_GIVEN = {
    "male": (
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hải",
        "Hùng",
        "Khải",
        "Long",
        "Nam",
        "Phúc",
        "Quang",
        "Sơn",
        "Tài",
        "Thắng",
        "Trung",
        "Vinh",
        "Hiển",
        "Hiệp",
        "Nghĩa",
    ),
    "female": (
        "Anh",
        "Châu",
        "Diễm",
        "Hà",
        "Hạnh",
        "Hoa",
        "Lan",
        "Linh",
        "Mai",
        "Ngân",
        "Nhung",
        "Phương",
        "Thảo",
        "Trang",
        "Uyên",
        "Yến",
        "Hòa",
        "Thái",
    ),
}
_POSITIONS = (
    ("Phó Chủ tịch Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Cà Mau"),
    ("Giám đốc Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo tỉnh Cà Mau"),
    ("Bác sĩ, Trưởng khoa Nội", "Bệnh viện Đa khoa tỉnh Cà Mau"),
    ("Giáo viên", "Trường THPT Bạc Liêu"),
    ("Chủ tịch Hội Nông dân phường", "Hội Nông dân phường Bạc Liêu"),
    ("Kỹ sư nuôi trồng thủy sản", "Công ty Cổ phần Thủy sản Cà Mau"),
    ("Bí thư Đoàn Thanh niên", "Đoàn Thanh niên phường Bạc Liêu"),
    ("Trưởng khóm", "Khóm 3, phường Bạc Liêu"),
    ("Phó Trưởng Công an phường", "Công an phường Bạc Liêu"),
    ("Chủ nhiệm Hợp tác xã", "Hợp tác xã Muối Bạc Liêu"),
)


class _People:
    """Deterministic synthetic people; every one distinct, every rule satisfied."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.count = 0
        self.used: set[str] = set()

    def next(self, *, female: bool, minority: bool) -> dict[str, Any]:
        rng = self.rng
        sex = "female" if female else "male"
        while True:
            if minority:
                family, ethnicity = rng.choice(_MINORITY_FAMILIES)
            else:
                family, ethnicity = rng.choice(_FAMILIES), "Kinh"
            name = f"{family} {rng.choice(_MIDDLE[sex])} {rng.choice(_GIVEN[sex])}"
            if name not in self.used:
                self.used.add(name)
                break
        self.count += 1
        position, workplace = _POSITIONS[self.count % len(_POSITIONS)]
        born = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(0, 36 * 365))
        party = self.count % 5 != 0  # one in five is not a party member
        return {
            "full_name": name,
            "other_name": "",
            "date_of_birth": born,
            "sex": sex,
            "personal_id": None,
            "nationality": "Việt Nam",
            "hometown": f"{rng.choice(('Phường Bạc Liêu', 'Xã Vĩnh Lợi', 'Xã Hồng Dân', 'Phường Giá Rai'))}, tỉnh Cà Mau",
            "residence": f"Số {rng.randrange(1, 300)}, khóm {rng.randrange(1, 15)}, Phường Bạc Liêu, tỉnh Cà Mau",
            "ethnicity": ethnicity,
            "religion": "Phật giáo" if ethnicity == "Khmer" else "Không",
            "education": "12/12",
            "qualification": rng.choice(
                (
                    "Cử nhân Luật",
                    "Thạc sĩ Quản lý công",
                    "Kỹ sư Thủy sản",
                    "Bác sĩ chuyên khoa I",
                    "Cử nhân Sư phạm",
                )
            ),
            # The other columns of the official lists (models 16, 17, 22), from
            # the count so that the random sequence stays as it was.
            "academic_title": ("", "Thạc sĩ", "", "Tiến sĩ")[self.count % 4],
            "political_theory": ("Cao cấp", "Trung cấp", "Sơ cấp")[self.count % 3],
            "foreign_language": ("Tiếng Anh B1", "Tiếng Anh B2", "")[self.count % 3],
            "occupation_position": position,
            "workplace": workplace,
            "party_joined": born + dt.timedelta(days=365 * 25 + rng.randrange(0, 900))
            if party
            else None,
            "assembly_deputy": "",
            "current_deputy": "Đại biểu HĐND tỉnh nhiệm kỳ 2021-2026"
            if self.count % 7 == 0
            else "",
            "note": "",
        }


async def _add_candidates(unit_id: int, count: int, people: _People, actor: Actor) -> None:
    for index in range(count):
        # Every other candidate a woman; one in four from an ethnic minority
        # (Art. 8: at least 35 % and 18 % of the ĐBQH list).
        data = people.next(female=index % 2 == 1, minority=index % 4 == 2)
        await structure.save_candidate(unit_id=unit_id, data=data, actor=actor)
    await structure.finalize_list(unit_id=unit_id, actor=actor)


async def _national_units(contest_id: int, people: _People, actor: Actor) -> None:
    communes = [c.code for c in await geography.list_communes(province_code=PROVINCE_CODE)]
    for number, (start, end, seats) in enumerate(NATIONAL_UNITS, start=1):
        result = await structure.save_unit(
            contest_id=contest_id,
            province_code=PROVINCE_CODE,
            number=number,
            name=f"Đơn vị bầu cử số {number}",
            seats=seats,
            commune_codes=communes[start:end],
            announced_on=ELECTION_DAY - dt.timedelta(days=90),
            actor=actor,
        )
        await _add_candidates(result.unit.id, seats + 2, people, actor)


async def _province_unit(contest_id: int, people: _People, actor: Actor) -> None:
    result = await structure.save_unit(
        contest_id=contest_id,
        number=1,
        name="Đơn vị bầu cử số 1",
        seats=4,
        commune_codes=list(PROVINCE_UNIT_COMMUNES),
        announced_on=ELECTION_DAY - dt.timedelta(days=85),
        actor=actor,
    )
    await _add_candidates(result.unit.id, 7, people, actor)


async def _commune_units(contest_id: int, people: _People, actor: Actor) -> list[int]:
    ids = []
    for number in range(1, COMMUNE_UNITS + 1):
        first = (number - 1) * 2 + 1
        result = await structure.save_unit(
            contest_id=contest_id,
            number=number,
            name=f"Đơn vị bầu cử số {number}",
            seats=5,
            description=f"Gồm khóm {first} và khóm {first + 1}, Phường Bạc Liêu",
            announced_on=ELECTION_DAY - dt.timedelta(days=82),
            actor=actor,
        )
        await _add_candidates(result.unit.id, 8, people, actor)
        ids.append(result.unit.id)
    return ids
