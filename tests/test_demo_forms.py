"""Every official form, printed from the demo through the app's own routes, carries
its number and the labels of its model (Resolution 40/NQ-HĐBCQG) in order.

`tests/test_form_models.py` checks each form module's sample; this checks what
a committee actually downloads: the demo's data, filled by `election/printing`,
served by the pages a user clicks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest

from election import db
from election.accounts import services as accounts
from election.demo_data import DEMO_PASSWORD
from election.tallies import services as tallies
from election.voters import services as voters
from election.voters.tables import ResidenceCategory
from forms.models import BY_KEY, in_order
from tests.builders import BAC_LIEU, login_page, system, vietnam_time
from tests.pdf import pdf_text
from tests.tally_helpers import approve_unit, demo_actor

# Before election day, while certificates may still be issued (Art. 34).
BEFORE_THE_VOTE = vietnam_time(2026, 3, 1)


async def sign_in(client: httpx.AsyncClient, username: str) -> None:
    response = await login_page(client, username, DEMO_PASSWORD)
    assert response.status_code in (302, 303), response.text[:300]


async def first(sql: str, *args: object) -> int:
    value = await db.fetchval(sql, *args)
    assert value is not None, sql
    return value


async def _election() -> int:
    return await first("SELECT id FROM election ORDER BY id LIMIT 1")


async def _contest(level: str) -> int:
    return await first("SELECT id FROM contest WHERE level = $1", level)


async def _unit(level: str) -> int:
    return await first(
        """SELECT u.id FROM electoral_unit u JOIN contest c ON c.id = u.contest
           WHERE c.level = $1 ORDER BY u.number LIMIT 1""",
        level,
    )


async def _fixed_unit(level: str) -> int:
    """The contest's first unit with every sheet entered twice, approved and its
    result fixed (Art. 77), as the board prints its minutes."""
    unit_id = await _unit(level)
    board = await demo_actor("ban.baclieu" if level == "hdnd_xa" else "ban.camau")
    await approve_unit(unit_id, board)
    await tallies.finalize_unit(unit_id=unit_id, actor=board)
    return unit_id


async def _area() -> int:
    return await first(
        "SELECT id FROM polling_area WHERE commune = $1 ORDER BY number LIMIT 1", BAC_LIEU
    )


async def _sheet(level: str) -> int:
    """The first area's sheet of the contest, as its team opens it on election night."""
    sheet = await tallies.sheet_for(
        polling_area_id=await _area(), contest_id=await _contest(level), actor=system()
    )
    return sheet.id


async def _certificate(soldier: bool) -> int:
    officer = (await accounts.find_user(username="phuong.baclieu")).actor()
    voter_id = await first(
        "SELECT id FROM voter WHERE commune = $1 ORDER BY id LIMIT 1 OFFSET $2",
        BAC_LIEU,
        7 if soldier else 3,
    )
    if soldier:
        await db.execute(
            "UPDATE voter SET residence_category = $2 WHERE id = $1",
            voter_id,
            ResidenceCategory.ARMED_FORCES.value,
        )
        certificate = await voters.issue_soldier_certificate(
            voter_id=voter_id,
            unit_name="Đại đội 2, Tiểu đoàn 1, Trung đoàn 999",
            home_address="Số 5 đường Hai Bà Trưng, khóm 1",
            home_category=ResidenceCategory.PERMANENT,
            destination_commune_code=BAC_LIEU,
            commander="Nguyễn Văn An",
            actor=officer,
            now=BEFORE_THE_VOTE,
        )
    else:
        certificate = await voters.issue_certificate(
            voter_id=voter_id,
            destination_commune_code="31942",
            current_address="Số 12 đường Trần Phú, khóm 3",
            actor=officer,
            now=BEFORE_THE_VOTE,
        )
    return certificate.id


Path = Callable[[], Awaitable[str]]


async def _path(template: str, **ids: Callable[[], Awaitable[int]]) -> str:
    return template.format(**{name: await make() for name, make in ids.items()})


# Each model: who downloads it, and the page route that serves it.
DOWNLOADS: dict[str, tuple[str, Path]] = {
    "10/HĐBC": (
        "phuong.baclieu",
        lambda: _path("/polling-areas/{a}/voter-cards.pdf", a=_area),
    ),
    "11/HĐBC": (
        "phuong.baclieu",
        lambda: _path("/certificates/{c}/certificate.pdf", c=lambda: _certificate(False)),
    ),
    "12/HĐBC": (
        "phuong.baclieu",
        lambda: _path("/certificates/{c}/certificate.pdf", c=lambda: _certificate(True)),
    ),
    "13/HĐBC-QH": ("tinh.camau", lambda: _path("/units/{u}/ballot.pdf", u=lambda: _unit("dbqh"))),
    "14/HĐBC-HĐND": (
        "tinh.camau",
        lambda: _path("/units/{u}/ballot.pdf", u=lambda: _unit("hdnd_tinh")),
    ),
    "15/HĐBC-HĐND": (
        "phuong.baclieu",
        lambda: _path("/units/{u}/ballot.pdf", u=lambda: _unit("hdnd_xa")),
    ),
    "16/HĐBC-QH": (
        "tinh.camau",
        lambda: _path(
            "/contests/{c}/allocation-report.pdf?province=96", c=lambda: _contest("dbqh")
        ),
    ),
    "17/HĐBC-QH": (
        "tinh.camau",
        lambda: _path("/units/{u}/candidate-list.pdf", u=lambda: _unit("dbqh")),
    ),
    "22/HĐBC-HĐND": (
        "phuong.baclieu",
        lambda: _path("/units/{u}/candidate-list.pdf", u=lambda: _unit("hdnd_xa")),
    ),
    "18/HĐBC-QH": (
        "phuong.baclieu",
        lambda: _path("/tally-sheets/{s}/minutes.pdf", s=lambda: _sheet("dbqh")),
    ),
    "23/HĐBC-HĐND": (
        "phuong.baclieu",
        lambda: _path("/tally-sheets/{s}/minutes.pdf", s=lambda: _sheet("hdnd_xa")),
    ),
    "19/HĐBC-QH": (
        "tinh.camau",
        lambda: _path("/units/{u}/result-minutes.pdf", u=lambda: _fixed_unit("dbqh")),
    ),
    "24/HĐBC-HĐND": (
        "phuong.baclieu",
        lambda: _path("/units/{u}/result-minutes.pdf", u=lambda: _fixed_unit("hdnd_xa")),
    ),
    "20/HĐBC-QH": (
        "tinh.camau",
        lambda: _path(
            "/elections/{e}/contests/{c}/summary-minutes.pdf?province=96",
            e=_election,
            c=lambda: _contest("dbqh"),
        ),
    ),
    "25/HĐBC-HĐND": (
        "phuong.baclieu",
        lambda: _path(
            "/elections/{e}/contests/{c}/summary-minutes.pdf?commune=" + BAC_LIEU,
            e=_election,
            c=lambda: _contest("hdnd_xa"),
        ),
    ),
    "21/HĐBC-QH": (
        "tinh.camau",
        lambda: _path("/units/{u}/winners-report.pdf", u=lambda: _fixed_unit("dbqh")),
    ),
    "31/HĐBC": (
        "phuong.baclieu",
        lambda: _path("/polling-areas/{a}/voter-list.pdf", a=_area),
    ),
    "32/HĐBC": (
        "phuong.baclieu",
        lambda: _path("/polling-areas/{a}/ballot-use-minutes.pdf", a=_area),
    ),
    "team_decision": (
        "phuong.baclieu",
        lambda: _path(
            "/staffing/elections/{e}/communes/" + BAC_LIEU + "/decision.pdf", e=_election
        ),
    ),
}


def test_every_printed_model_is_downloaded_from_the_demo():
    printed = {key for key, model in BY_KEY.items() if model.module}
    assert printed == set(DOWNLOADS)


@pytest.mark.parametrize("key", sorted(DOWNLOADS))
async def test_the_demo_prints_the_form_to_its_model(demo, client, key):
    username, path_of = DOWNLOADS[key]
    path = await path_of()
    await sign_in(client, username)
    response = await client.get(path)
    assert response.status_code == 200, f"{path}: {response.text[:300]}"
    assert response.headers["content-type"].startswith("application/pdf")
    model = BY_KEY[key]
    missing = in_order(pdf_text(response.content), model.required)
    assert not missing, f"{path}: {len(missing)} of {len(model.required)} missing: {missing}"
