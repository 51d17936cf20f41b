"""The fixed facts of the demo data set, shared by every domain's part of it.

Below the domains (it imports only the actor's roles), so a domain's demo
(tallies, staffing, voters), the loader in `election.demo` and the command
line read the same place, seed, day and logins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.actor import Role, ScopeLevel

SEED = 20260315
PROVINCE_CODE = "96"  # Cà Mau
COMMUNE_CODE = "31825"  # Phường Bạc Liêu
ELECTION_DAY = dt.date(2026, 3, 15)
DEMO_PASSWORD = "demo-2026-baucu"


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
        "ban.camau",
        "Thành viên Ban bầu cử đại biểu Quốc hội, HĐND tỉnh Cà Mau (demo)",
        Role.BOARD_MEMBER,
        ScopeLevel.PROVINCE,
    ),
    DemoLogin(
        "to.kv01",
        "Tổ trưởng Tổ bầu cử khu vực số 1 (demo)",
        Role.STATION_OFFICER,
        ScopeLevel.POLLING_AREA,
        True,
    ),
    DemoLogin(
        "to.kv01.thuky",
        "Thư ký Tổ bầu cử khu vực số 1 (demo)",
        Role.STATION_OFFICER,
        ScopeLevel.POLLING_AREA,
        True,
    ),
    DemoLogin(
        "giamsat.baclieu", "Giám sát viên phường Bạc Liêu (demo)", Role.OBSERVER, ScopeLevel.COMMUNE
    ),
)
