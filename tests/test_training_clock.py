"""The training clock (Chế độ diễn tập): its rules, its audit, who may change
it, the banner of every page, and the deadlines that follow it."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.asyncpg import AsyncPgChannelsBackend
from pydantic import ValidationError

from election import db
from election.actor import Role
from election.clock import VIETNAM, ElectionClock
from election.demo import load_demo
from election.elections import services as elections
from election.elections import training_clock
from election.elections.schemas import TrainingClockIn
from election.elections.training_rules import (
    TrainingPreset,
    check_training_moment,
    preset_moment,
    training_offset,
)
from election.errors import Forbidden, RuleViolation
from election.settings import PROJECT_ROOT
from election.tallies import services as tallies
from tests.builders import bearer, login_page, make_actor, make_structure, post_form, system
from tests.pdf import pdf_text, squash
from tests.tally_helpers import consistent_figures, demo_actor

BANNER = "Chế độ diễn tập — ngày giả lập"
DEMO_PASSWORD = "demo-2026-baucu"
D = dt.date(2026, 3, 15)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


async def demo_election_id() -> int:
    return await db.fetchval("SELECT id FROM election")


# --------------------------------------------------------------------------
# Rules


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        (TrainingPreset.BEFORE, vn(2026, 2, 13, 8)),
        (TrainingPreset.MORNING, vn(2026, 3, 15, 8)),
        (TrainingPreset.NIGHT, vn(2026, 3, 15, 19, 30)),
    ],
)
def test_the_quick_moments(preset, expected):
    assert preset_moment(preset, D, dt.time(7), dt.time(19)) == expected


@pytest.mark.parametrize(
    ("at", "refused"),
    [
        (vn(2026, 3, 15, 19, 30), False),
        (vn(2025, 8, 28), False),  # 199 days before: the calendar starts at D-115
        (vn(2025, 8, 26), True),
        (vn(2026, 10, 1), False),
        (vn(2062, 3, 15), True),  # a typo of 2026
    ],
)
def test_the_simulated_moment_stays_near_election_day(at, refused):
    assert bool(check_training_moment(at, D)) is refused


def test_a_naive_moment_is_a_programming_error():
    with pytest.raises(ValueError):
        check_training_moment(dt.datetime(2026, 3, 15, 19, 30), D)


@given(
    real=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)),
    at=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)),
)
def test_the_clock_shows_the_typed_moment_never_a_minute_before(real, at):
    real, at = real.replace(tzinfo=dt.UTC), at.replace(tzinfo=VIETNAM)
    clock = ElectionClock(1, training_offset(at, real))
    assert at <= clock.now(real) < at + dt.timedelta(seconds=1)
    assert clock.now(real + dt.timedelta(hours=3)) - clock.now(real) == dt.timedelta(hours=3)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15/03/2026 19:30", vn(2026, 3, 15, 19, 30)),
        ("1/3/2026 7h05", vn(2026, 3, 1, 7, 5)),
        ("15/03/2026", vn(2026, 3, 15)),
        ("2026-03-15T19:30", vn(2026, 3, 15, 19, 30)),
        ("2026-03-15T12:30:00+00:00", vn(2026, 3, 15, 19, 30)),
    ],
)
def test_the_moment_is_typed_as_people_write_it(typed, expected):
    assert TrainingClockIn.model_validate({"at": typed}).at == expected


def test_an_impossible_day_is_refused_in_vietnamese():
    with pytest.raises(ValidationError, match="không tồn tại"):
        TrainingClockIn.model_validate({"at": "31/02/2026 10:00"})


# --------------------------------------------------------------------------
# The service: audited, national administrators only


async def test_changing_the_clock_is_audited_with_before_and_after(clean_db):
    election, *_ = await make_structure()
    await elections.set_training_clock(
        election_id=election.id, at=vn(2026, 2, 13, 8), actor=system()
    )
    await elections.set_training_clock(
        election_id=election.id, preset=TrainingPreset.NIGHT, actor=system()
    )
    await elections.set_training_clock(election_id=election.id, training=False, actor=system())
    events = await db.fetch(
        "SELECT before, after, summary FROM audit_event "
        "WHERE action = 'set_training_clock' AND entity_id = $1 ORDER BY id",
        str(election.id),
    )
    assert [e["summary"] for e in events] == [
        "Chế độ diễn tập — ngày giả lập 13/02/2026 08:00",
        "Chế độ diễn tập — ngày giả lập 15/03/2026 19:30",
        "Tắt chế độ diễn tập: dùng giờ thực",
    ]
    first, second, third = [
        {"before": json.loads(e["before"]), "after": json.loads(e["after"])} for e in events
    ]
    assert first["before"]["training"] is False
    assert first["after"]["simulated_at"] == "2026-02-13T08:00+07:00"
    assert second["before"]["offset_seconds"] == first["after"]["offset_seconds"]
    assert second["after"]["simulated_at"] == "2026-03-15T19:30+07:00"
    assert third["after"] == {"training": False, "offset_seconds": None, "simulated_at": None}
    assert (await training_clock.clock_of(election.id)).training is False


@pytest.mark.parametrize(
    "role", [Role.PROVINCE_STAFF, Role.COMMUNE_STAFF, Role.BOARD_MEMBER, Role.OBSERVER]
)
async def test_only_a_national_administrator_changes_the_clock(clean_db, role):
    election, *_ = await make_structure()
    actor = await make_actor(role)  # the observer is national: reading is not changing
    with pytest.raises(Forbidden):
        await elections.set_training_clock(
            election_id=election.id, preset=TrainingPreset.NIGHT, actor=actor
        )
    assert (await training_clock.clock_of(election.id)).training is False
    assert not await db.fetchval(
        "SELECT count(*) FROM audit_event WHERE action = 'set_training_clock'"
    )


async def test_a_moment_far_from_election_day_is_refused(clean_db):
    election, *_ = await make_structure()
    with pytest.raises(RuleViolation):
        await elections.set_training_clock(
            election_id=election.id, at=vn(2062, 3, 15, 8), actor=system()
        )


async def test_a_test_or_a_replay_that_pins_now_keeps_it(clean_db):
    election, *_ = await make_structure()
    await elections.set_training_clock(
        election_id=election.id, preset=TrainingPreset.NIGHT, actor=system()
    )
    pinned = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    assert await training_clock.now_for(election.id, pinned) == pinned
    simulated = await training_clock.now_for(election.id)
    assert simulated.astimezone(VIETNAM).date() == D


async def test_a_change_made_by_another_process_is_heard_through_notify(clean_db, database, owner):
    election, *_ = await make_structure()
    channels = ChannelsPlugin(
        backend=AsyncPgChannelsBackend(make_connection=lambda: db.listening_connection(database)),
        channels=[training_clock.CHANNEL],
    )
    async with channels, training_clock.changes_heard(channels):
        assert not (await training_clock.clock_of(election.id)).training  # now cached
        # Another server process changes the offset and NOTIFYs, as the service does.
        await owner.execute(
            "UPDATE election SET training_offset = interval '1 day' WHERE id = $1", election.id
        )
        assert not (await training_clock.clock_of(election.id)).training  # still cached
        # Well within the cache's TTL_SECONDS: heard, not expired.
        for _ in range(40):
            await owner.execute("SELECT pg_notify($1, '[]')", training_clock.CHANNEL)
            await asyncio.sleep(0.05)
            if (await training_clock.clock_of(election.id)).training:
                break
        assert (await training_clock.clock_of(election.id)).offset == dt.timedelta(days=1)


async def test_a_read_begun_before_a_change_is_not_kept(clean_db):
    training_clock.forget()
    reading = asyncio.ensure_future(training_clock.training_clocks())
    await asyncio.sleep(0)  # the read is waiting for PostgreSQL
    training_clock.forget()  # a change committed meanwhile
    await reading
    assert not training_clock._CACHE.fresh()  # the next question reads again


# --------------------------------------------------------------------------
# Deadlines follow the election's clock


async def test_a_list_change_refused_on_the_real_clock_is_accepted_in_training(client, demo):
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    voter_id = await db.fetchval("SELECT id FROM voter WHERE status = 'listed' ORDER BY id LIMIT 1")
    strike_off = {"reason": "Chuyển đi nơi khác", "document": "Đơn ngày 10/02/2026"}
    refused = await client.post(
        f"/api/v1/voters/{voter_id}/strike-off", headers=headers, json=strike_off
    )
    assert refused.status_code == 422  # December 2026: long past the cut-off
    assert "Điều 29" in refused.json()["article"]

    await elections.set_training_clock(
        election_id=await demo_election_id(), preset=TrainingPreset.BEFORE, actor=system()
    )
    accepted = await client.post(
        f"/api/v1/voters/{voter_id}/strike-off", headers=headers, json=strike_off
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "struck_off"


async def test_the_calendar_and_tally_entry_follow_the_training_clock(client, demo):
    election_id = await demo_election_id()
    await elections.set_training_clock(
        election_id=election_id, preset=TrainingPreset.BEFORE, actor=system()
    )
    headers = await bearer(client, "quantri", DEMO_PASSWORD)
    calendar = (
        await client.get(f"/api/v1/elections/{election_id}/calendar", headers=headers)
    ).json()
    states = {m["code"]: m["state"] for m in calendar["milestones"]}
    assert states["D-23"] == "due" and states["D-10"] == "upcoming"
    assert states["D-40"] == "passed"

    officer = await demo_actor("to.kv01")
    sheet = next(
        s
        for s in await tallies.area_sheets(polling_area_id=officer.polling_area_id, actor=officer)
        if s.level.value == "dbqh"
    )
    submission = tallies.Submission(figures=consistent_figures(sheet))
    with pytest.raises(RuleViolation, match="Chỉ nhập kết quả kiểm phiếu"):
        await tallies.submit(sheet_id=sheet.id, submission=submission, actor=officer)
    await elections.set_training_clock(
        election_id=election_id, preset=TrainingPreset.NIGHT, actor=system()
    )
    response = await tallies.submit(sheet_id=sheet.id, submission=submission, actor=officer)
    assert response["state"] == "submitted"


async def test_a_printed_form_is_dated_by_the_training_clock(client, demo):
    election_id = await demo_election_id()
    await elections.set_training_clock(
        election_id=election_id, preset=TrainingPreset.BEFORE, actor=system()
    )
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    response = await client.get(f"/api/v1/elections/{election_id}/calendar.pdf", headers=headers)
    assert response.status_code == 200
    text = squash(pdf_text(response.content))
    assert "ngày 13 tháng 02 năm 2026" in text
    assert "Tình trạng tính đến ngày 13/02/2026" in text


# --------------------------------------------------------------------------
# The banner, the form and the API


PAGES = [
    "/",
    "/structure",
    "/voters",
    "/staffing",
    "/results",
    "/audit",
    "/account",
    "/users",
    "/polling-areas/{area}/voters",
    "/polling-areas/{area}/tally",
    "/units/{unit}",
    "/elections/{election}/results",
    "/elections/{election}/training-clock",
    "/no-such-page",
]


async def _page_paths() -> list[str]:
    ids = {
        "election": await demo_election_id(),
        "area": await db.fetchval("SELECT min(id) FROM polling_area"),
        "unit": await db.fetchval("SELECT min(id) FROM electoral_unit"),
    }
    return [path.format(**ids) for path in PAGES]


async def test_every_page_shows_the_banner_in_training_and_none_otherwise(client, demo):
    assert (await login_page(client, "quantri", DEMO_PASSWORD)).status_code == 303
    paths = await _page_paths()
    for path in paths:
        response = await client.get(path, follow_redirects=True)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert BANNER not in response.text, path

    await elections.set_training_clock(
        election_id=await demo_election_id(), at=vn(2026, 3, 15, 19, 30), actor=system()
    )
    for path in paths:
        response = await client.get(path, follow_redirects=True)
        assert "Chế độ diễn tập — ngày giả lập 15/03/2026 19:3" in response.text, path
    # Signed out too: the sign-in page and the public lookup.
    client.cookies.clear()
    for path in ("/login", "/tra-cuu"):
        assert BANNER in (await client.get(path)).text, path
    # Not in the API or the static files: no page there.
    health = await client.get("/api/v1/health")
    assert BANNER not in health.text


async def test_the_administrator_moves_the_clock_from_the_election_page(client, demo):
    election_id = await demo_election_id()
    await login_page(client, "quantri", DEMO_PASSWORD)
    dashboard = await client.get(f"/?election={election_id}")
    assert "Đồng hồ diễn tập" in dashboard.text
    assert "Tối ngày bầu cử (kiểm phiếu)" in dashboard.text

    moved = await post_form(client, f"/elections/{election_id}/training-clock", {"preset": "night"})
    assert moved.status_code == 303
    assert BANNER + " 15/03/2026 19:3" in (await client.get(moved.headers["location"])).text

    typed = await post_form(
        client, f"/elections/{election_id}/training-clock", {"at": "13/02/2026 08:00"}
    )
    assert typed.status_code == 303
    assert BANNER + " 13/02/2026 08:0" in (await client.get("/")).text

    wrong = await post_form(
        client, f"/elections/{election_id}/training-clock", {"at": "31/02/2026 08:00"}
    )
    assert wrong.status_code == 422
    assert "không tồn tại" in wrong.text and 'aria-invalid="true"' in wrong.text

    off = await post_form(client, f"/elections/{election_id}/training-clock", {"training": "false"})
    assert off.status_code == 303
    assert BANNER not in (await client.get("/")).text


async def test_other_roles_see_the_state_but_not_the_form(client, demo):
    election_id = await demo_election_id()
    await elections.set_training_clock(
        election_id=election_id, preset=TrainingPreset.BEFORE, actor=system()
    )
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/elections/{election_id}/training-clock")
    assert "chế độ diễn tập" in page.text and "Đặt ngày giả lập" not in page.text
    refused = await post_form(
        client, f"/elections/{election_id}/training-clock", {"preset": "night"}
    )
    assert refused.status_code == 403
    assert BANNER + " 13/02/2026" in (await client.get("/")).text


async def test_the_api_reads_and_sets_the_clock(client, demo):
    election_id = await demo_election_id()
    path = f"/api/v1/elections/{election_id}/training-clock"
    admin = await bearer(client, "quantri", DEMO_PASSWORD)
    staff = await bearer(client, "tinh.camau", DEMO_PASSWORD)
    assert (await client.get(path, headers=staff)).json()["training"] is False

    refused = await client.put(path, headers=staff, json={"preset": "night"})
    assert refused.status_code == 403
    moved = await client.put(path, headers=admin, json={"at": "2026-03-15T19:30:00+07:00"})
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["training"] is True
    assert body["simulated_at"].startswith("2026-03-15T19:30")
    assert body["banner"] == BANNER + " 15/03/2026 19:30"
    bad = await client.put(path, headers=admin, json={"at": "2062-03-15T19:30:00+07:00"})
    assert bad.status_code == 422
    off = await client.put(path, headers=admin, json={"training": False})
    assert off.json() == {
        "election_id": election_id,
        "training": False,
        "offset_seconds": None,
        "simulated_at": None,
        "banner": "Tắt chế độ diễn tập: dùng giờ thực",
    }


async def test_the_demo_starts_in_training_thirty_days_before_election_day(clean_db):
    assert await load_demo(voters_per_area=2)
    election_id = await demo_election_id()
    clock = await training_clock.clock_of(election_id)
    assert clock.training
    assert clock.local_now().date() == dt.date(2026, 2, 13)


async def _command(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "election", "training-clock", *args],
        env={**os.environ, "ELECTION_DATABASE_URL": database},
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )


async def test_the_command_line_moves_the_demo_to_election_night(demo, database):
    night = await _command(database, "--preset", "night")
    assert night.returncode == 0, night.stderr
    assert BANNER + " 15/03/2026 19:3" in night.stdout
    training_clock.forget()  # another process changed it (a server hears its NOTIFY)
    clock = await training_clock.clock_of(await demo_election_id())
    assert clock.local_now().date() == D

    wrong = await _command(database, "--at", "31/02/2026 19:30")
    assert wrong.returncode == 2 and "không tồn tại" in wrong.stderr
    off = await _command(database, "--off")
    assert off.returncode == 0 and "giờ thực" in off.stdout
