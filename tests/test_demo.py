"""The demo data set: deterministic, one login per role, scoped to Phường Bạc Liêu."""

from __future__ import annotations

from election import db
from election.accounts import services as accounts
from election.actor import Role
from election.demo import load_demo
from election.demo_data import DEMO_LOGINS, DEMO_PASSWORD
from tests.conftest import DEMO_VOTERS_PER_AREA


async def test_demo_has_one_login_per_role_scoped_to_the_ward(demo):
    roles = set()
    for login in DEMO_LOGINS:
        user = await accounts.authenticate(username=login.username, password=DEMO_PASSWORD)
        roles.add(user.role)
        if user.role != Role.ADMIN:
            assert user.province_code == "96"
        if user.role in (Role.COMMUNE_STAFF, Role.STATION_OFFICER, Role.OBSERVER):
            assert user.commune_code == "31825"
    assert roles == set(Role)


async def test_demo_holds_the_three_contests_of_2026(demo):
    rows = await db.fetch("SELECT level, province, commune FROM contest ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("dbqh", None, None),
        ("hdnd_tinh", "96", None),
        ("hdnd_xa", "96", "31825"),
    ]
    election_day = await db.fetchval("SELECT election_day FROM election")
    assert election_day.isoformat() == "2026-03-15"


async def test_demo_loads_once_and_is_deterministic(demo, owner, truncate_sql):
    first = await db.fetch(
        "SELECT number, station_address, planned_voters FROM polling_area ORDER BY number"
    )
    assert await load_demo() is False
    await owner.execute(truncate_sql)

    # The voters at the size the fixture uses: the full ~40,000 would only slow this down.
    assert await load_demo(voters_per_area=DEMO_VOTERS_PER_AREA) is True
    second = await db.fetch(
        "SELECT number, station_address, planned_voters FROM polling_area ORDER BY number"
    )
    assert first == second
