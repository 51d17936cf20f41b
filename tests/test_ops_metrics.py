"""`GET /metrics` in this process: counters by route template, the figures read
from the database, and the optional bearer token."""

from __future__ import annotations

import dataclasses

import httpx

from election.app import create_app
from tests.conftest import TEST_SETTINGS


def _value(text: str, prefix: str) -> float:
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line.split()[-1])
    return 0.0


async def test_requests_are_counted_by_route_template(client, demo):
    area = '{method="GET",route="/api/v1/polling-areas/{area_id}",status="401"}'
    before = _value((await client.get("/metrics")).text, "election_http_requests_total" + area)
    for area_id in (1, 2, 3):
        refused = await client.get(f"/api/v1/polling-areas/{area_id}")
        # Refused before any handler ran, and still with its ID and headers.
        assert refused.status_code == 401
        assert refused.headers["x-request-id"]
        assert refused.headers["x-content-type-options"] == "nosniff"
    lost = '{method="GET",route="unmatched",status="404"}'
    lost_before = _value((await client.get("/metrics")).text, "election_http_requests_total" + lost)
    assert (await client.get("/no/such/page")).status_code == 404
    text = (await client.get("/metrics")).text
    assert _value(text, "election_http_requests_total" + area) == before + 3
    assert _value(text, "election_http_requests_total" + lost) == lost_before + 1
    assert "election_http_request_duration_seconds_bucket{" in text
    assert "election_database_up 1.0" in text
    assert 'election_tally_sheets{election="' in text


async def test_a_metrics_token_is_asked_for_when_set(database):
    app = create_app(dataclasses.replace(TEST_SETTINGS, metrics_token="scrape-me"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        right = await client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
        assert right.status_code == 200
        assert right.headers["content-type"].startswith("text/plain")
