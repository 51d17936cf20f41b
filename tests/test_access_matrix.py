"""Every route × every role answers as `election.access_matrix` declares.

The requests are generated from the app's route table: a route without a
declared decision fails the test, and so does any answer that differs from
the declared one. Path parameters are filled with ids of the demo data (one
login per role, `DEMO_LOGINS`): once with objects inside the scope of polling
area no. 1 (which every demo login covers), and for the station officers once
more with objects of another polling area, which must be hidden (404).

Reads are all tried. Writes (POST/PUT/DELETE) are tried only where the matrix
declares a refusal, so that allowed writes never change the demo under the
other requests; a refusal must leave the data as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import dataclass

import anyio
import httpx
import pytest
from litestar.routes import HTTPRoute

from election import access_matrix
from election.access_matrix import ANONYMOUS, Decision
from election.actor import Role, ScopeLevel
from election.demo_data import COMMUNE_CODE, DEMO_LOGINS, DEMO_PASSWORD, PROVINCE_CODE
from election.imports.tables import BatchStatus
from tests.builders import make_user, system

SAFE = frozenset({"GET"})
# Live event streams never end: their access is the page's or API's they belong to,
# decided by the same guard and checked in the browser tests.
SKIPPED_SUFFIXES = ("/stream",)
SKIPPED_PREFIXES = ("/static/",)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass(frozen=True)
class Subject:
    """Who asks: a demo login, or nobody signed in."""

    username: str | None
    role: Role | None
    scope_level: ScopeLevel = ScopeLevel.NATIONAL

    @property
    def key(self) -> str:
        return self.role.value if self.role else ANONYMOUS


SUBJECTS = [Subject(None, None)] + [
    Subject(login.username, login.role, login.scope_level) for login in DEMO_LOGINS
]


def route_table(app) -> list[tuple[str, str]]:
    """(method, path template) of every HTTP route of the app, HEAD/OPTIONS aside."""
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            found.append((method, route.path))
    return found


def is_checked(method: str, template: str) -> bool:
    return not template.endswith(SKIPPED_SUFFIXES) and not template.startswith(SKIPPED_PREFIXES)


async def _one(owner, sql: str, *args):
    value = await owner.fetchval(sql, *args)
    assert value is not None, sql
    return value


async def _stage_batches(election_id: int) -> tuple[int, int]:
    """A staged voter batch (personal IDs in its rows) and a staged staff batch."""
    from election.staffing.services import registry
    from election.voters import bulk

    born = dt.date(1980, 5, 17)
    header = "Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Nghề nghiệp,"
    header += "Nơi thường trú,Nơi tạm trú,Loại cư trú,Mã hộ,Quan hệ với chủ hộ,Khu vực bỏ phiếu\n"
    line = f"096080999001,Nguyễn Văn Thử,{born:%d/%m/%Y},Nam,Kinh,Công nhân,Khóm 1,,Thường trú,"
    line += "HTEST,Chủ hộ,1\n"
    voters = await bulk.stage_voters(
        election_id=election_id,
        commune_code=COMMUNE_CODE,
        stream=io.BytesIO((header + line).encode()),
        filename="cu-tri.csv",
        actor=system(),
        now=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC),
    )
    staff = await registry.stage_people(
        province_code=PROVINCE_CODE,
        commune_code=COMMUNE_CODE,
        stream=io.BytesIO(
            "Họ và tên,Số định danh cá nhân,Ngày sinh,Giới tính,Số điện thoại\n"
            "Trần Thị Thử,096180999002,01/01/1980,Nữ,0912345678\n".encode()
        ),
        filename="nhan-su.csv",
        actor=system(),
    )
    return voters.id, staff.id


async def _certificate(owner, area_id: int) -> int:
    """A certificate to vote elsewhere (Art. 34), issued to a voter of the area
    whom the other requests do not use."""
    from election.voters.services.certificates import issue_certificate

    voter = await _one(owner, "SELECT max(id) FROM voter WHERE polling_area = $1", area_id)
    issued = await issue_certificate(
        voter_id=voter, actor=system(), now=dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)
    )
    return issued.id


async def demo_ids(owner) -> tuple[dict[str, str], dict[str, str]]:
    """Path parameter values: inside polling area no. 1's scope, and outside it."""
    from election.tallies.services.attachments import attach
    from election.tallies.services.sheets import area_sheets

    election_id = await _one(owner, "SELECT min(id) FROM election")
    area = await _one(
        owner, "SELECT scope_polling_area FROM user_account WHERE username = 'to.kv01'"
    )
    other_area = await _one(
        owner,
        "SELECT min(id) FROM polling_area WHERE commune = $1 AND id <> $2",
        COMMUNE_CODE,
        area,
    )

    async def of_area(area_id: int) -> dict[str, str]:
        sheet = (await area_sheets(polling_area_id=area_id, actor=system()))[0].id
        attachment = await owner.fetchval(
            "SELECT min(id) FROM tally_attachment WHERE sheet = $1", sheet
        )
        if attachment is None:
            attachment = (
                await attach(sheet_id=sheet, filename="bien-ban.png", content=PNG, actor=system())
            ).id
        voter = await _one(owner, "SELECT min(id) FROM voter WHERE polling_area = $1", area_id)
        team = await _one(
            owner, "SELECT min(id) FROM election_body WHERE polling_area = $1", area_id
        )
        member = await _one(owner, "SELECT min(id) FROM body_member WHERE body = $1", team)
        return {
            "body_id": str(team),
            "member_id": str(member),
            "area_id": str(area_id),
            "polling_area_id": str(area_id),
            "sheet_id": str(sheet),
            "attachment_id": str(attachment),
            "voter_id": str(voter),
        }

    inside = await of_area(area)
    outside = await of_area(other_area)
    unit = await _one(
        owner,
        "SELECT min(unit) FROM polling_area_unit WHERE polling_area = $1",
        area,
    )
    contest = await _one(owner, "SELECT contest FROM electoral_unit WHERE id = $1", unit)
    voter_batch, staff_batch = await _stage_batches(election_id)
    inside |= {
        "election_id": str(election_id),
        "commune_code": COMMUNE_CODE,
        "province_code": PROVINCE_CODE,
        "unit_id": str(unit),
        "contest_id": str(contest),
        "candidate_id": str(
            await _one(owner, "SELECT min(id) FROM candidate WHERE unit = $1", unit)
        ),
        "batch_id": str(voter_batch),
        # An account of the commune's own, which the requests may deactivate.
        "user_id": str((await make_user(Role.OBSERVER, ScopeLevel.COMMUNE)).id),
        "person_id": str(
            await _one(owner, "SELECT min(id) FROM staff_person WHERE commune = $1", COMMUNE_CODE)
        ),
        "run_id": str(await owner.fetchval("SELECT min(id) FROM staff_assignment") or 1),
        "certificate_id": str(await _certificate(owner, area)),
        "complaint_id": str(await owner.fetchval("SELECT min(id) FROM voter_complaint") or 1),
        "number": "GCN-1",
        "kind": "candidates",
        "hour": "11",
        "entity_type": "electoral_unit",
        "entity_id": str(unit),
        "code": COMMUNE_CODE,
        "path": "openapi.json",
        "file_path": "app.css",
        "staff_batch_id": str(staff_batch),
    }
    return inside, outside


# Query parameters a read needs, so that it is judged on access and not on input.
QUERIES = {
    "/api/v1/polling-areas/{polling_area_id:int}/tally-minutes.pdf": "?contest={contest_id:int}",
    "/api/v1/contests/{contest_id:int}/allocation-report.pdf": "?province={province_code:str}",
    "/contests/{contest_id:int}/allocation-report.pdf": "?province={province_code:str}",
    "/api/v1/elections/{election_id:int}/contests/{contest_id:int}/summary-minutes.pdf": (
        "?province={province_code:str}"
    ),
    "/elections/{election_id:int}/contests/{contest_id:int}/summary-minutes.pdf": (
        "?province={province_code:str}"
    ),
    **{
        path: "?province={province_code:str}&commune={commune_code:str}"
        for path in (
            "/api/v1/staff",
            "/api/v1/staff/export.csv",
            "/api/v1/staff/export.xlsx",
            "/staffing/people/export.csv",
            "/staffing/people/export.xlsx",
        )
    },
}


def fill(template: str, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "code" and "/provinces/" in template:
            return PROVINCE_CODE
        return values[name]

    return re.sub(r"\{(\w+):\w+\}", value, template)


def outcome(response: httpx.Response, *, api: bool) -> Decision | str:
    """What the answer means, in the matrix's terms (or the status, if unexpected)."""
    status = response.status_code
    if status == 401 or (
        300 <= status < 400 and response.headers.get("location", "").startswith("/login")
    ):
        return Decision.LOGIN
    if status == 403:
        return Decision.FORBID
    if status == 404:
        return Decision.HIDE
    if status >= 500:
        return f"error {status}"
    return Decision.ALLOW


async def sign_in(client: httpx.AsyncClient, subject: Subject) -> dict[str, str]:
    client.cookies.clear()
    if subject.username is None:
        await client.get("/login")
        return {}
    response = await client.post(
        "/api/v1/auth/token", json={"username": subject.username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 201, response.text
    await client.get("/login")
    page = await client.post(
        "/login",
        data={
            "username": subject.username,
            "password": DEMO_PASSWORD,
            "_csrf_token": client.cookies.get("csrftoken"),
            "next": "/",
        },
    )
    assert page.status_code < 400, page.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def ask(
    client: httpx.AsyncClient, method: str, path: str, bearer: dict[str, str]
) -> httpx.Response:
    api = path.startswith("/api/")
    if method == "GET":
        return await client.get(path, headers=bearer if api else {})
    if api:
        return await client.request(method, path, json={}, headers=bearer)
    token = client.cookies.get("csrftoken", "")
    return await client.request(method, path, data={"_csrf_token": token})


PROBE = os.environ.get("ELECTION_MATRIX_PROBE")  # write what was seen to this file
SIGNING_OUT = {("DELETE", "/api/v1/auth/token"), ("POST", "/logout")}
AREA_PARAMETERS = (
    "{area_id",
    "{polling_area_id",
    "{sheet_id",
    "{voter_id",
    "{body_id",
    "{member_id",
)


def outside_decision(declared: Decision) -> Decision:
    """Another polling area's object, asked by a station officer: hidden if the
    role may otherwise have it, refused as before if not."""
    return Decision.HIDE if declared == Decision.ALLOW else declared


async def test_every_route_and_role_answers_as_the_matrix_declares(app, client, demo, owner):
    table = route_table(app)
    undeclared = [f"{m} {p}" for m, p in table if (m, p) not in access_matrix.MATRIX]
    stale = [f"{m} {p}" for m, p in access_matrix.MATRIX if (m, p) not in table]
    # Reads first; then writes, deletions last (they matter only to the probe).
    routes = sorted(
        (r for r in table if is_checked(*r)),
        key=lambda r: (r[0] != "GET", r[0] == "DELETE" or r[1].endswith("/delete")),
    )
    inside, outside = await demo_ids(owner)
    differences: list[str] = []
    observed: dict[str, dict[str, str]] = {}
    pairs: set[tuple[str, str, str]] = set()
    requests = 0
    for subject in SUBJECTS:
        if PROBE:  # the probe's writes may have closed accounts
            await owner.execute("UPDATE user_account SET is_active = true")
        bearer = await sign_in(client, subject)
        who = subject.username or ANONYMOUS
        for method, template in routes:
            access = access_matrix.MATRIX.get((method, template))
            declared = access.decision(subject.key, subject.scope_level) if access else None
            if method not in SAFE and declared in (None, Decision.ALLOW) and not PROBE:
                continue
            if PROBE and subject.username and (method, template) in SIGNING_OUT:
                continue
            cases = [(inside, declared)]
            if (
                subject.role == Role.STATION_OFFICER
                and any(p in template for p in AREA_PARAMETERS)
                and method in SAFE
                and declared is not None
            ):
                cases.append((outside, outside_decision(declared)))
            if "{batch_id" in template:  # the staff register's batch too (IDs, phones)
                cases.append(({"batch_id": inside["staff_batch_id"]}, declared))
            for values, expected in cases:
                path = fill(template + QUERIES.get(template, ""), inside | values)
                response = await ask(client, method, path, bearer)
                got = outcome(response, api=template.startswith("/api/"))
                if method in SAFE and response.status_code in (400, 422):
                    got = f"refused the request ({response.status_code}): give it its parameters"
                requests += 1
                pairs.add((method, template, subject.key))
                if values is inside:
                    observed.setdefault(f"{method} {template}", {})[who] = str(got)
                if expected is not None and got != expected:
                    differences.append(
                        f"{who} {method} {path}: {response.status_code} ({got}), declared {expected}"
                    )
    if PROBE:
        import json

        await anyio.Path(PROBE).write_text(json.dumps(observed, indent=1))
    # The refused commits and discards changed nothing: both batches still wait.
    for batch in (inside["batch_id"], inside["staff_batch_id"]):
        status = await owner.fetchval("SELECT status FROM import_batch WHERE id = $1", int(batch))
        assert status == BatchStatus.STAGED
    assert undeclared == []
    assert stale == []
    assert differences == [], "\n".join(differences)
    # The closing figure: routes × roles (and anonymous) whose answer was checked.
    declared_pairs = len(table) * (len(Role) + 1)
    print(
        f"access matrix: {len(table)} routes × {len(Role) + 1} roles = {declared_pairs} "
        f"declared; {len(pairs)} route-role pairs checked by {requests} requests"
    )


@pytest.mark.parametrize(
    ("method", "path", "role", "scope_level", "forbidden"),
    [
        # The audit log: national observers read it, a commune's observer does not.
        ("GET", "/audit", Role.OBSERVER, ScopeLevel.NATIONAL, False),
        ("GET", "/audit", Role.OBSERVER, ScopeLevel.COMMUNE, True),
        # Staged rows carry personal IDs: staff only.
        (
            "GET",
            "/api/v1/imports/{batch_id}/rows",
            Role.STATION_OFFICER,
            ScopeLevel.POLLING_AREA,
            True,
        ),
        ("POST", "/api/v1/imports/{batch_id}/discard", Role.BOARD_MEMBER, ScopeLevel.COMMUNE, True),
        ("GET", "/api/v1/imports/{batch_id}/rows", Role.COMMUNE_STAFF, ScopeLevel.COMMUNE, False),
        # A refusal that depends on the object (a ĐBQH unit, beyond commune staff)
        # is the service's: the guard lets the role by for the units it may finalize.
        ("POST", "/api/v1/units/{unit_id}/finalize", Role.COMMUNE_STAFF, ScopeLevel.COMMUNE, False),
        ("POST", "/units/{unit_id}/finalize", Role.BOARD_MEMBER, ScopeLevel.COMMUNE, True),
        # HEAD is judged as GET; a route the matrix does not know is left to its guard.
        ("HEAD", "/api/v1/staff/export.csv", Role.OBSERVER, ScopeLevel.COMMUNE, True),
        ("GET", "/no/such/route", Role.OBSERVER, ScopeLevel.COMMUNE, False),
    ],
)
def test_the_guard_reads_the_matrix_by_routed_path(method, path, role, scope_level, forbidden):
    assert access_matrix.refused(method, path, role, scope_level) is forbidden
