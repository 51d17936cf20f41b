"""Small builders for tests: users, actors, tokens, with minimal data."""

from __future__ import annotations

import datetime as dt
import itertools

import httpx

from election.accounts import services as accounts
from election.actor import Actor, Role, ScopeLevel

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)

CA_MAU = "96"
BAC_LIEU = "31825"
HA_NOI = "01"
HOAN_KIEM = "00070"


def system() -> Actor:
    return Actor.system("test")


async def make_user(
    role: Role = Role.ADMIN,
    scope_level: ScopeLevel | None = None,
    *,
    province_code: str | None = None,
    commune_code: str | None = None,
    polling_area_id: int | None = None,
    username: str | None = None,
    password: str = PASSWORD,
):
    defaults = {
        Role.ADMIN: ScopeLevel.NATIONAL,
        Role.PROVINCE_STAFF: ScopeLevel.PROVINCE,
        Role.COMMUNE_STAFF: ScopeLevel.COMMUNE,
        Role.BOARD_MEMBER: ScopeLevel.COMMUNE,
        Role.STATION_OFFICER: ScopeLevel.POLLING_AREA,
        Role.OBSERVER: ScopeLevel.NATIONAL,
    }
    scope_level = scope_level or defaults[role]
    if scope_level != ScopeLevel.NATIONAL and province_code is None:
        province_code = CA_MAU
    if scope_level in (ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA) and commune_code is None:
        commune_code = BAC_LIEU
    return await accounts.create_user(
        username=username or f"user{next(_counter)}",
        full_name="Nguyễn Văn Thử",
        password=password,
        role=role,
        scope_level=scope_level,
        province_code=province_code,
        commune_code=commune_code,
        polling_area_id=polling_area_id,
        actor=system(),
    )


async def make_actor(role: Role = Role.ADMIN, **kwargs) -> Actor:
    return (await make_user(role, **kwargs)).actor()


async def bearer(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> dict:
    response = await client.post(
        "/api/v1/auth/token", json={"username": username, "password": password}
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def login_page(client: httpx.AsyncClient, username: str, password: str = PASSWORD):
    """Sign in through the HTML form, as a browser would (CSRF cookie first)."""
    await client.get("/login")
    token = client.cookies.get("csrftoken")
    return await client.post(
        "/login",
        data={"username": username, "password": password, "_csrf_token": token, "next": "/"},
        follow_redirects=False,
    )


def vietnam_time(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    from election.clock import VIETNAM

    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


# A moment of the preparations, well before the 15/03/2026 election day: for
# changes the law allows only before voting opens (polling areas, list posting).
PREPARATION = vietnam_time(2026, 1, 20, 9)


async def pin_to_preparation(election_id: int) -> None:
    """Put the election's clock at PREPARATION, for requests that must run
    before voting opens (a test pins its clock; the app reads the election's)."""
    from election.elections import services as elections

    await elections.set_training_clock(election_id=election_id, actor=system(), at=PREPARATION)


async def make_structure(day: dt.date = dt.date(2026, 3, 15)):
    """An election with its three contests for Cà Mau / Phường Bạc Liêu."""
    from election.elections import services as elections
    from election.elections.tables import ContestLevel

    election = await elections.create_election(
        name="Bầu cử thử nghiệm",
        election_day=day,
        term="2026–2031",
        assembly_term="XVI",
        actor=system(),
    )
    national = await elections.add_contest(
        election_id=election.id, level=ContestLevel.NATIONAL_ASSEMBLY, actor=system()
    )
    provincial = await elections.add_contest(
        election_id=election.id,
        level=ContestLevel.PROVINCE_COUNCIL,
        province_code=CA_MAU,
        actor=system(),
    )
    communal = await elections.add_contest(
        election_id=election.id,
        level=ContestLevel.COMMUNE_COUNCIL,
        commune_code=BAC_LIEU,
        actor=system(),
    )
    return election, national, provincial, communal


def candidate_data(
    full_name: str, *, born: dt.date = dt.date(1980, 5, 1), sex: str = "male", **extra
) -> dict:
    return {
        "full_name": full_name,
        "date_of_birth": born,
        "sex": sex,
        "hometown": "Cà Mau",
        "residence": "Phường Bạc Liêu",
        **extra,
    }


async def post_form(client, path: str, data: dict, **kwargs):
    """A page's form posted as the browser does: with the CSRF token, not following the redirect."""
    token = client.cookies.get("csrftoken")
    return await client.post(
        path, data={**data, "_csrf_token": token}, follow_redirects=False, **kwargs
    )
