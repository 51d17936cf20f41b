"""The demo data set: the 2026 general election as it concerns Phường Bạc Liêu, Cà Mau.

Deterministic and synthetic (seeded; never real people's data). Loaded by
`make run` when the database is empty, and by tests that need a realistic
scene. Later capabilities extend it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from election import db
from election.accounts import services as accounts
from election.accounts.tables import Role, ScopeLevel
from election.actor import Actor
from election.elections import services as elections
from election.elections.tables import ContestLevel, ElectionKind
from election.stations import services as stations

SEED = 20260315
PROVINCE_CODE = "96"  # Cà Mau
COMMUNE_CODE = "31825"  # Phường Bạc Liêu
ELECTION_DAY = dt.date(2026, 3, 15)
DEMO_PASSWORD = "demo-2026-baucu"
POLLING_AREA_COUNT = 12


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: Role
    scope_level: ScopeLevel
    with_polling_area: bool = False

    @property
    def description(self) -> str:
        return f"{self.role.label} ({self.scope_level.label})"


DEMO_LOGINS = (
    DemoLogin("quantri", "Quản trị hệ thống (demo)", Role.ADMIN, ScopeLevel.NATIONAL),
    DemoLogin(
        "tinh.camau",
        "Cán bộ Ủy ban bầu cử tỉnh Cà Mau (demo)",
        Role.PROVINCE_STAFF,
        ScopeLevel.PROVINCE,
    ),
    DemoLogin(
        "phuong.baclieu",
        "Cán bộ Ủy ban bầu cử phường Bạc Liêu (demo)",
        Role.COMMUNE_STAFF,
        ScopeLevel.COMMUNE,
    ),
    DemoLogin(
        "ban.baclieu",
        "Thành viên Ban bầu cử phường Bạc Liêu (demo)",
        Role.BOARD_MEMBER,
        ScopeLevel.COMMUNE,
    ),
    DemoLogin(
        "to.kv01",
        "Tổ trưởng Tổ bầu cử khu vực số 1 (demo)",
        Role.STATION_OFFICER,
        ScopeLevel.POLLING_AREA,
        True,
    ),
    DemoLogin(
        "giamsat.baclieu", "Giám sát viên phường Bạc Liêu (demo)", Role.OBSERVER, ScopeLevel.COMMUNE
    ),
)

_PLACES = (
    "Nhà văn hóa khóm {n}",
    "Trường Tiểu học khóm {n}",
    "Trụ sở Ban nhân dân khóm {n}",
    "Trường Mầm non khóm {n}",
)


async def demo_loaded() -> bool:
    return bool(await db.fetchval("SELECT 1 FROM election LIMIT 1"))


async def load_demo() -> bool:
    """Load the demo when the database holds no election yet; returns whether it did."""
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
            actor=actor,
        )
        await elections.add_contest(
            election_id=election.id, level=ContestLevel.NATIONAL_ASSEMBLY, actor=actor
        )
        await elections.add_contest(
            election_id=election.id,
            level=ContestLevel.PROVINCE_COUNCIL,
            province_code=PROVINCE_CODE,
            actor=actor,
        )
        await elections.add_contest(
            election_id=election.id,
            level=ContestLevel.COMMUNE_COUNCIL,
            commune_code=COMMUNE_CODE,
            actor=actor,
        )
        areas = []
        for number in range(1, POLLING_AREA_COUNT + 1):
            place = rng.choice(_PLACES).format(n=number)
            areas.append(
                await stations.create_polling_area(
                    commune_code=COMMUNE_CODE,
                    number=number,
                    name=f"Khu vực bỏ phiếu số {number}",
                    station_address=f"{place}, Phường Bạc Liêu, tỉnh Cà Mau",
                    planned_voters=rng.randrange(900, 2600, 10),
                    actor=actor,
                )
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
    return True
