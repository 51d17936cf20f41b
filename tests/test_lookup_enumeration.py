"""The public lookup cannot be walked: 1,000 guesses of a voter's birth date from
rotating forged X-Forwarded-For headers get nowhere, whether or not a trusted
proxy passes the header on; the client's address is believed only from trusted
proxies; budgets live in PostgreSQL, shared by every process; the answer
needs a second factor and takes the same time whatever was wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from election import db
from election.app import create_app
from election.ratelimit import client_address, keyed_bucket, parse_networks
from election.settings import Settings
from election.voters.services.lookup import (
    LOOKUP_MIN_SECONDS,
    LOOKUP_PER_ID,
    second_factor_keys,
)
from tests.conftest import TEST_SETTINGS

PROXY = parse_networks("10.0.0.0/8, 127.0.0.1")


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        # No trusted peer: the header is ignored, whatever it says.
        ("203.0.113.9", ["1.2.3.4"], "203.0.113.9"),
        ("203.0.113.9", [], "203.0.113.9"),
        # Through the proxy: the hop it added (the real client) wins over forged ones.
        ("10.0.0.2", ["1.2.3.4, 198.51.100.7"], "198.51.100.7"),
        ("10.0.0.2", ["1.2.3.4", "198.51.100.7"], "198.51.100.7"),
        # Two trusted proxies in a row are skipped.
        ("10.0.0.2", ["6.6.6.6, 198.51.100.7, 10.0.0.3"], "198.51.100.7"),
        # Only trusted hops: the leftmost is the best answer there is.
        ("10.0.0.2", ["10.0.0.5, 10.0.0.3"], "10.0.0.5"),
        # The proxy passed nothing on: the proxy itself.
        ("10.0.0.2", [], "10.0.0.2"),
        # Garbage where the client's address should be: not believed.
        ("10.0.0.2", ["not-an-address"], "10.0.0.2"),
        ("127.0.0.1", ["2001:db8::1"], "2001:db8::1"),
    ],
)
def test_the_client_is_the_first_untrusted_hop_from_the_right(peer, forwarded, client):
    assert client_address(peer, forwarded, PROXY) == client


def test_no_trusted_proxy_means_the_header_is_never_read():
    assert client_address("127.0.0.1", ["1.2.3.4"], ()) == "127.0.0.1"


@pytest.mark.parametrize("value", ["*", "10.0.0.0/33", "proxy.local", "10.0.0.1,nope"])
def test_a_trusted_proxy_setting_that_is_not_a_list_of_networks_stops_the_server(value):
    with pytest.raises(ValueError, match="ELECTION_TRUSTED_PROXIES"):
        Settings.from_env({"ELECTION_TRUSTED_PROXIES": value, "ELECTION_SECRET_KEY": "k"})


def test_uvicorn_reads_forwarded_headers_only_from_the_listed_proxies():
    from election.ops.serving import proxy_options

    assert proxy_options(Settings()) == {"proxy_headers": False, "forwarded_allow_ips": ""}
    listed = Settings(trusted_proxies="10.0.0.0/8,127.0.0.1")
    assert proxy_options(listed) == {
        "proxy_headers": True,
        "forwarded_allow_ips": "10.0.0.0/8,127.0.0.1",
    }


def test_the_second_factor_is_a_card_number_or_a_name_without_diacritics():
    assert second_factor_keys(" 0042 ") == (42, None)
    assert second_factor_keys("NGUYỄN  thị hồng") == (None, "nguyen thi hong")
    assert second_factor_keys("   ") == (None, None)


def test_an_id_bucket_does_not_carry_the_id():
    bucket = keyed_bucket("id", "095123456701", "secret")
    assert "095123456701" not in bucket
    assert bucket != keyed_bucket("id", "095123456701", "another secret")


async def _voter() -> dict:
    row = await db.fetchrow(
        "SELECT personal_id, date_of_birth, full_name, card_number FROM voter "
        "WHERE status = 'listed' ORDER BY id LIMIT 1"
    )
    assert row is not None
    return dict(row)


def _guesses(real: dt.date, count: int, real_at: int) -> list[dt.date]:
    """`count` birth dates of the ID's birth year and around it, the real one
    among them at position `real_at`."""
    start = dt.date(real.year - 1, 1, 1)
    dates = [start + dt.timedelta(days=n) for n in range(count + 1)]
    dates = [d for d in dates if d != real][: count - 1]
    dates.insert(real_at, real)
    return dates


def _forged_header() -> dict[str, str]:
    return {"X-Forwarded-For": ".".join(str(random.randint(1, 254)) for _ in range(4))}


async def _walk(client: httpx.AsyncClient, voter: dict, count: int) -> list[int]:
    """Guess the birth date `count` times, the real one halfway; the statuses."""
    statuses = []
    for guess in _guesses(voter["date_of_birth"], count, real_at=count // 2):
        response = await client.post(
            "/api/v1/lookup",
            json={
                "personal_id": voter["personal_id"],
                "date_of_birth": guess.isoformat(),
                "second_factor": voter["full_name"],
            },
            headers=_forged_header(),
        )
        assert response.status_code in (200, 429), response.text
        assert response.status_code == 429 or response.json()["found"] is False
        statuses.append(response.status_code)
    return statuses


async def test_a_thousand_forged_headers_get_nowhere_without_a_trusted_proxy(
    client, demo, frozen_clock
):
    voter = await _voter()
    started = time.monotonic()
    statuses = await _walk(client, voter, 1000)
    # The header is not believed: one address, ten tries, then refused.
    assert statuses[:10] == [200] * 10
    assert set(statuses[10:]) == {429}
    assert time.monotonic() - started < 60


@pytest.fixture
async def proxied_client(clean_db: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app behind a trusted proxy at 127.0.0.1: every forged header that
    proxy passes on is a new client address."""
    app = create_app(dataclasses.replace(TEST_SETTINGS, trusted_proxies="127.0.0.1/32"))
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50001))  # pyright: ignore[reportArgumentType]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_a_thousand_addresses_get_nowhere_against_the_budget_of_one_id(
    proxied_client, demo, frozen_clock
):
    voter = await _voter()
    statuses = await _walk(proxied_client, voter, 1000)
    # Each guess comes from another address, so only the ID's own budget holds.
    assert statuses[: LOOKUP_PER_ID.limit] == [200] * 10
    assert set(statuses[LOOKUP_PER_ID.limit :]) == {429}
    # Even the right answer now, from a fresh address, is refused for the day.
    right = await proxied_client.post(
        "/api/v1/lookup",
        json={
            "personal_id": voter["personal_id"],
            "date_of_birth": voter["date_of_birth"].isoformat(),
            "second_factor": voter["full_name"],
        },
        headers=_forged_header(),
    )
    assert right.status_code == 429
    assert voter["personal_id"] not in right.text
    # Nothing stored names the ID: its budget is a keyed hash.
    buckets = await db.fetch("SELECT bucket FROM rate_limit_hit")
    assert buckets and all(voter["personal_id"] not in b["bucket"] for b in buckets)


async def test_every_process_spends_the_same_budget(client, proxied_client, demo, frozen_clock):
    """Two apps (two server processes) see one count: PostgreSQL keeps it."""
    body = {"personal_id": "001000000000", "date_of_birth": "1990-01-01", "second_factor": "A"}
    first = [(await client.post("/api/v1/lookup", json=body)).status_code for _ in range(6)]
    # The second app trusts 127.0.0.1 but no header is sent: the same address.
    second = [
        (await proxied_client.post("/api/v1/lookup", json=body)).status_code for _ in range(5)
    ]
    assert first == [200] * 6
    assert second == [200] * 4 + [429]


async def test_a_lookup_needs_the_second_factor_and_fails_alike(client, demo):
    voter = await _voter()
    base = {
        "personal_id": voter["personal_id"],
        "date_of_birth": voter["date_of_birth"].isoformat(),
    }
    plain_name = voter["full_name"].upper()
    found = await client.post("/api/v1/lookup", json={**base, "second_factor": plain_name})
    assert found.json()["found"] is True
    if voter["card_number"] is not None:
        by_card = await client.post(
            "/api/v1/lookup", json={**base, "second_factor": str(voter["card_number"])}
        )
        assert by_card.json()["found"] is True
    failures = [
        {**base, "second_factor": "Người Khác"},
        {**base, "second_factor": "999999"},
        {**base, "date_of_birth": "1901-02-03", "second_factor": plain_name},
        {"personal_id": "001000000000", "date_of_birth": "1901-02-03", "second_factor": "A"},
    ]
    answers = []
    for body in failures:
        started = time.monotonic()
        response = await client.post("/api/v1/lookup", json=body)
        answers.append((response.status_code, response.content))
        assert time.monotonic() - started >= LOOKUP_MIN_SECONDS
    assert len(set(answers)) == 1


async def test_found_and_not_found_take_the_same_time(client, demo):
    voter = await _voter()
    body = {
        "personal_id": voter["personal_id"],
        "date_of_birth": voter["date_of_birth"].isoformat(),
        "second_factor": voter["full_name"],
    }
    timings = {}
    for name, sent in (("found", body), ("missing", {**body, "second_factor": "Ai Đó"})):
        started = time.monotonic()
        response = await client.post("/api/v1/lookup", json=sent)
        timings[name] = time.monotonic() - started
        assert response.json()["found"] is (name == "found")
    floor = LOOKUP_MIN_SECONDS
    assert all(floor <= t < floor + 0.25 for t in timings.values()), timings
