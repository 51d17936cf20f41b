"""Live pages for a whole country's viewers (issue 17 #5): the nation's and a
province's progress from the running sums agrees with a count over every
sheet; the standings are computed once for every page of a scope; and a
viewer of the results page receives the changed figures and rows in the
event itself, from a real server process hearing PostgreSQL's NOTIFY.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncGenerator

import httpx
import pytest

from election import db
from election.elections.tables import ContestLevel
from election.settings import PROJECT_ROOT
from election.tallies import exports, live, services
from election.tallies.queries import progress as progress_queries
from tests.builders import login_page, system
from tests.tally_helpers import consistent_figures, demo_actor, submit

DEMO_PASSWORD = "demo-2026-baucu"


async def _raw_progress(election_id: int, province_code: str | None) -> services.Progress:
    return await progress_queries.progress(
        election_id=election_id, province_code=province_code, commune_code=None, unit_id=None
    )


async def _sheets(count: int) -> list[services.SheetContext]:
    rows = await db.fetch(
        "SELECT pu.polling_area, pu.contest FROM polling_area_unit pu "
        "ORDER BY pu.polling_area, pu.contest LIMIT $1",
        count,
    )
    return [
        await services.sheet_for(
            polling_area_id=r["polling_area"], contest_id=r["contest"], actor=system()
        )
        for r in rows
    ]


async def test_progress_of_the_nation_from_the_running_sums_is_the_sheets_count(demo):
    election_id = await db.fetchval("SELECT id FROM election")
    province = await db.fetchval("SELECT DISTINCT province FROM electoral_unit LIMIT 1")
    staff = await demo_actor("phuong.baclieu")
    second = await demo_actor("tinh.camau")
    board = await demo_actor("ban.baclieu")
    sheets = await _sheets(6)
    # Submitted only; typed twice (verified), one of them approved, one with
    # a warning (verified, for the board to review); a second typing that
    # disagrees with the first.
    await submit(sheets[0], consistent_figures(sheets[0]), staff)
    for sheet in sheets[1:4]:
        figures = consistent_figures(sheet)
        await submit(sheet, figures, staff)
        await submit(sheet, figures, second)
    ward = next(s for s in sheets[1:4] if s.level == ContestLevel.COMMUNE_COUNCIL)
    await services.approve(sheet_id=ward.id, actor=board)
    figures = consistent_figures(sheets[4])
    odd = dataclasses.replace(figures, voters_took_part=figures.voters_took_part - 1)
    await submit(sheets[4], odd, staff)
    await submit(sheets[4], odd, second)
    await submit(sheets[5], consistent_figures(sheets[5]), staff)
    await submit(sheets[5], consistent_figures(sheets[5], invalid=3), second)

    for province_code in (None, province):
        fast = await services.progress(election_id=election_id, province_code=province_code)
        assert fast == await _raw_progress(election_id, province_code)
    fast = await services.progress(election_id=election_id)
    # Counters, not a count: a few rows however many sheets.
    assert await db.fetchval("SELECT count(*) FROM tally_progress") <= 64 * 34
    assert fast.reported == 6
    assert fast.approved == 1
    assert fast.verified >= 4
    assert fast.needs_review == 1
    assert fast.voters_took_part > 0


async def test_a_burst_of_page_renders_computes_the_standings_once(demo, client, monkeypatch):
    election_id = await db.fetchval("SELECT id FROM election")
    calls = 0
    aggregate = exports.aggregate_units

    async def counted(**kwargs):
        nonlocal calls
        calls += 1
        return await aggregate(**kwargs)

    monkeypatch.setattr(exports, "aggregate_units", counted)
    live.forget_cache()
    assert (await login_page(client, "quantri", DEMO_PASSWORD)).status_code in (302, 303)
    pages = await asyncio.gather(
        *(client.get(f"/elections/{election_id}/results") for _ in range(8))
    )
    assert [p.status_code for p in pages] == [200] * 8
    # One computation for the eight: the listed contests aggregated in one pass.
    assert calls == 1
    assert all('data-row="unit-' in p.text for p in pages)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _served(database: str):
    """The app in a process of its own, as in production (LISTEN included)."""
    port = _free_port()
    log = PROJECT_ROOT / "test-artifacts" / f"live-push-{os.getpid()}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "election", "serve", "--workers", "1"],
            env={
                **os.environ,
                "ELECTION_DATABASE_URL": database,
                "ELECTION_SECRET_KEY": "live-push-secret-" + "z" * 32,
                "ELECTION_PORT": str(port),
            },
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "/api/v1/health/ready", timeout=2).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start; see {log}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


async def _progress_events(client: httpx.AsyncClient, path: str) -> AsyncGenerator[dict]:
    async with client.stream("GET", path) as response:
        assert response.status_code == 200
        event = ""
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line.removeprefix("event:").strip()
            elif line.startswith("data:") and event == "progress":
                yield json.loads(line.removeprefix("data:"))


async def test_a_viewer_receives_the_changed_figures_and_rows_in_the_event(database: str, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    (sheet,) = await _sheets(1)
    staff = await demo_actor("phuong.baclieu")
    with _served(database) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as viewer:
            assert (await login_page(viewer, "quantri", DEMO_PASSWORD)).status_code in (302, 303)
            events = _progress_events(viewer, f"/elections/{election_id}/results/stream")
            first = await asyncio.wait_for(anext(events), 15)
            # The first event brings every row the page shows.
            assert first["reported"] == 0
            assert f"unit-{sheet.unit_id}" in first["rows"]
            assert any(key.startswith("province-") for key in first["rows"])

            await submit(sheet, consistent_figures(sheet), staff)
            update = await asyncio.wait_for(anext(events), 15)
            await events.aclose()
    assert update["reported"] == 1
    # Only what changed: the sheet's unit and its province's row.
    rows = update["rows"]
    assert f"unit-{sheet.unit_id}" in rows
    assert "1/" in rows[f"unit-{sheet.unit_id}"]
    assert set(rows) <= {f"unit-{sheet.unit_id}", f"province-{sheet.province_code}"}
    assert len(rows) < len(first["rows"])
