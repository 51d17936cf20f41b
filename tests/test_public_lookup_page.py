"""The public lookup's page after a match: where (address and map link), when
(Art. 71(1)), which ballots and why (Art. 29, 34), the published candidate
lists of the voter's units with links to each candidate (Art. 57), and the
certificate to vote elsewhere (Art. 34); still rate-limited, and showing
nothing of any other voter."""

from __future__ import annotations

import datetime as dt
import html
import re
import time

import httpx

from election import db
from election.elections import training_clock
from election.voters.services.lookup import LOOKUP_MIN_SECONDS, LOOKUP_PER_ADDRESS, TOO_MANY


async def _voter(where: str = "TRUE") -> dict:
    row = await db.fetchrow(
        "SELECT id, personal_id, date_of_birth, full_name, card_number, polling_area "
        f"FROM voter WHERE status = 'listed' AND NOT voting_elsewhere AND {where} "
        "ORDER BY id LIMIT 1"
    )
    assert row is not None
    return dict(row)


async def _look_up(client: httpx.AsyncClient, voter: dict, second: str | None = None):
    await client.get("/tra-cuu")
    return await client.post(
        "/tra-cuu",
        data={
            "_csrf_token": client.cookies.get("csrftoken"),
            "personal_id": voter["personal_id"],
            "date_of_birth": voter["date_of_birth"].strftime("%d/%m/%Y"),
            "second_factor": second or voter["full_name"],
        },
    )


def _visible(page: str) -> str:
    """The page's text as a reader sees it, the form's typed values aside."""
    body = page.split("</form>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


async def test_a_match_says_where_when_with_which_ballots_and_for_whom(client, demo):
    voter = await _voter("residence_category = 'permanent'")
    area = await db.fetchrow(
        "SELECT name, station_address FROM polling_area WHERE id = $1", voter["polling_area"]
    )
    assert area is not None
    page = await _look_up(client, voter)
    assert page.status_code == 200
    text = _visible(page.text)
    assert area["name"] in text
    assert area["station_address"] in text
    assert 'href="https://www.openstreetmap.org/search?query=' in page.text
    assert "Từ 07:00 đến 19:00 ngày 15/03/2026" in text
    assert "không trước 05:00" in text and "Điều 71 khoản 1" in text
    for ballot in ("Quốc hội", "tỉnh, thành phố", "xã, phường, đặc khu"):
        assert f"Phiếu bầu Đại biểu {ballot}" in text or ballot in text
    assert "Cử tri có tên ở nơi thường trú (Điều 29 khoản 2)" in text
    assert "Mang theo thẻ cử tri" in text and "hòm phiếu phụ" in text
    # Every unit of the area (one per contest) with its published list, linked.
    units = await db.fetch(
        "SELECT u.id, u.name FROM polling_area_unit pu JOIN electoral_unit u ON u.id = pu.unit "
        "WHERE pu.polling_area = $1",
        voter["polling_area"],
    )
    assert len(units) == 3
    for unit in units:
        names = await db.fetch(
            "SELECT id, full_name FROM candidate WHERE unit = $1 AND removed_on IS NULL",
            unit["id"],
        )
        assert names
        assert f'href="/tra-cuu/don-vi/{unit["id"]}"' in page.text
        for candidate in names:
            assert f'href="/tra-cuu/ung-cu-vien/{candidate["id"]}"' in page.text
    # Past election day (the real clock, after 15/03/2026): the window has closed.
    assert "Đã hết thời hạn đề nghị cấp Giấy chứng nhận" in text


async def test_a_short_stay_voter_sees_two_ballots_and_two_lists(client, demo, owner):
    voter = await _voter("residence_category = 'permanent'")
    await owner.execute(
        "UPDATE voter SET residence_category = 'temporary_short', ballot_xa = false WHERE id = $1",
        voter["id"],
    )
    page = await _look_up(client, voter)
    text = _visible(page.text)
    assert "Cử tri tạm trú dưới 12 tháng (Điều 29 khoản 3)" in text
    assert "Bạn không nhận phiếu bầu Đại biểu Hội đồng nhân dân xã, phường, đặc khu" in text
    xa_unit = await db.fetchval(
        "SELECT u.id FROM polling_area_unit pu JOIN electoral_unit u ON u.id = pu.unit "
        "JOIN contest ct ON ct.id = u.contest WHERE pu.polling_area = $1 AND ct.level = 'hdnd_xa'",
        voter["polling_area"],
    )
    xa_candidate = await db.fetchval("SELECT min(id) FROM candidate WHERE unit = $1", xa_unit)
    assert f"/tra-cuu/ung-cu-vien/{xa_candidate}" not in page.text
    assert page.text.count("/tra-cuu/ung-cu-vien/") > 0


async def test_a_lookup_for_one_voter_shows_no_other_voter(client, demo):
    voter = await _voter()
    others = await db.fetch(
        "SELECT full_name, personal_id, date_of_birth, card_number FROM voter "
        "WHERE polling_area = $1 AND id <> $2",
        voter["polling_area"],
        voter["id"],
    )
    candidates = {r["full_name"] for r in await db.fetch("SELECT full_name FROM candidate")}
    assert len(others) >= 20
    page = await _look_up(client, voter)
    assert "lookup-result" in page.text
    text = _visible(page.text)
    for other in others:
        assert other["personal_id"] not in page.text
        if other["full_name"] not in candidates and other["full_name"] != voter["full_name"]:
            assert other["full_name"] not in text
    # Not even the voter's own ID or birth date is written back outside the form.
    assert voter["personal_id"] not in text
    assert voter["date_of_birth"].strftime("%d/%m/%Y") not in text


async def test_a_list_not_yet_published_is_announced_not_shown(client, demo, owner):
    voter = await _voter()
    unit = await owner.fetchval(
        "SELECT u.id FROM polling_area_unit pu JOIN electoral_unit u ON u.id = pu.unit "
        "JOIN contest ct ON ct.id = u.contest WHERE pu.polling_area = $1 AND ct.level = 'hdnd_xa'",
        voter["polling_area"],
    )
    await owner.execute("UPDATE electoral_unit SET list_finalized_at = NULL WHERE id = $1", unit)
    hidden = await owner.fetch("SELECT id FROM candidate WHERE unit = $1", unit)
    page = await _look_up(client, voter)
    assert "chưa được công bố (Điều 57, 58)" in page.text
    for candidate in hidden:
        assert f'/tra-cuu/ung-cu-vien/{candidate["id"]}"' not in page.text
        assert (await client.get(f"/tra-cuu/ung-cu-vien/{candidate['id']}")).status_code == 404
    assert (await client.get(f"/tra-cuu/don-vi/{unit}")).status_code == 404


async def test_the_card_number_finds_the_same_answer(client, demo):
    voter = await _voter("card_number IS NOT NULL")
    page = await _look_up(client, voter, second=str(voter["card_number"]))
    assert "lookup-lists" in page.text


async def test_a_wrong_second_factor_answers_as_before_and_shows_nothing(client, demo):
    voter = await _voter()
    page = await _look_up(client, voter, second="Người Khác")
    assert page.status_code == 200
    assert "Không tìm thấy thông tin phù hợp" in page.text
    assert "lookup-lists" not in page.text and "ung-cu-vien" not in page.text


async def test_an_entry_voting_elsewhere_is_sent_to_its_certificate(client, demo, owner):
    voter = await _voter()
    await owner.execute("UPDATE voter SET voting_elsewhere = true WHERE id = $1", voter["id"])
    page = await _look_up(client, voter)
    assert "hãy bỏ phiếu tại nơi ghi trong giấy chứng nhận" in page.text
    assert "lookup-lists" not in page.text and "lookup-certificate" not in page.text


async def test_before_voting_opens_the_page_says_where_and_until_when(client, demo, owner):
    """The election's clock decides: in training mode set to 10/03/2026 the
    window of Art. 34 is open."""
    voter = await _voter()
    election = await owner.fetchval("SELECT id FROM election ORDER BY id LIMIT 1")
    real = dt.datetime.now(dt.UTC)
    target = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)
    await owner.execute(
        "UPDATE election SET training_offset = $2 WHERE id = $1", election, target - real
    )
    training_clock.forget()
    try:
        page = await _look_up(client, voter)
    finally:
        training_clock.forget()
    text = _visible(page.text)
    assert "bạn đến Ủy ban nhân dân Phường Bạc Liêu" in text
    assert "trước 07:00 ngày 15/03/2026" in text
    assert "Mẫu số 11/HĐBC" in text


async def test_the_page_spends_the_same_budget_as_the_api(client, demo, frozen_clock):
    voter = await _voter()
    statuses = [
        (await _look_up(client, voter)).status_code for _ in range(LOOKUP_PER_ADDRESS.limit)
    ]
    assert statuses == [200] * LOOKUP_PER_ADDRESS.limit
    refused = await _look_up(client, voter)
    assert refused.status_code == 429
    assert TOO_MANY in refused.text
    assert "lookup-result" not in refused.text
    api = await client.post(
        "/api/v1/lookup",
        json={
            "personal_id": voter["personal_id"],
            "date_of_birth": voter["date_of_birth"].isoformat(),
            "second_factor": voter["full_name"],
        },
    )
    assert api.status_code == 429


async def test_the_full_answer_takes_no_longer_than_a_miss(client, demo):
    """The lists and the rest are read inside the lookup's uniform time: a
    match does not answer later than a miss."""
    voter = await _voter()
    timings = {}
    for name, second in (("found", voter["full_name"]), ("missing", "Ai Đó")):
        await client.get("/tra-cuu")
        started = time.monotonic()
        page = await _look_up(client, voter, second=second)
        timings[name] = time.monotonic() - started
        assert ("lookup-lists" in page.text) is (name == "found")
    floor = LOOKUP_MIN_SECONDS
    assert all(floor <= t < floor + 0.25 for t in timings.values()), timings


async def test_a_certificate_holder_outside_the_province_sees_the_one_list(client, demo, owner):
    """Art. 34 with the election's policy "dbqh": the ĐBQH ballot only, so the
    ĐBQH unit's list only."""
    voter = await _voter()
    await owner.execute(
        "UPDATE voter SET residence_category = 'certificate', ballot_tinh = false, "
        "ballot_xa = false WHERE id = $1",
        voter["id"],
    )
    page = await _look_up(client, voter)
    lists = page.text.split('id="lookup-lists"', 1)[1].split('id="lookup-certificate"', 1)[0]
    assert lists.count('class="public-unit"') == 1
    assert "Bầu cử đại biểu Quốc hội" in lists
    assert "Điều 34" in _visible(page.text)


async def test_the_api_answers_what_the_page_shows(client, demo):
    """`POST /api/v1/lookup` gives the page's whole answer as data: where,
    when, which ballots and why, the candidates, voting elsewhere."""
    voter = await _voter("residence_category = 'permanent'")
    text = _visible((await _look_up(client, voter)).text)
    response = await client.post(
        "/api/v1/lookup",
        json={
            "personal_id": voter["personal_id"],
            "date_of_birth": voter["date_of_birth"].isoformat(),
            "second_factor": voter["full_name"].upper(),
        },
    )
    assert response.status_code == 200, response.text
    api = response.json()
    assert api["found"] is True
    shown = [
        api["election"],
        api["polling_area"],
        api["station_address"],
        api["hours"]["text"],
        api["hours"]["note"],
        api["ballots_explained"]["reason"],
        api["certificate"]["text"],
        *api["on_the_day"],
    ]
    assert all(value and value in text for value in shown), shown
    assert api["ballots"] == api["ballots_explained"]["received"]
    assert len(api["ballots"]) == 3 and all(name in text for name in api["ballots"])
    assert api["map_link"].startswith("https://www.openstreetmap.org/search?")
    names = [c["full_name"] for unit in api["candidate_lists"] for c in unit["candidates"]]
    assert len(api["candidate_lists"]) == 3 and names
    assert all(name in text for name in names)
    # Nothing of the voter's own identity comes back beyond what was typed.
    assert voter["personal_id"] not in response.text
