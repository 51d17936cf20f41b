"""Cross-cutting API behaviour: health, problem details, malformed input, schema."""

from __future__ import annotations

import pytest

from tests.builders import bearer, make_user


async def test_health_is_public_and_checks_the_database(client):
    response = await client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


async def test_liveness_answers_without_the_database(client, monkeypatch):
    from election.health import queries

    async def unreachable() -> int:
        raise ConnectionRefusedError

    monkeypatch.setattr(queries, "database_answers", unreachable)
    monkeypatch.setattr(queries, "applied_migrations", unreachable)
    assert (await client.get("/api/v1/health/live")).json()["status"] == "ok"
    response = await client.get("/api/v1/health/ready")
    assert response.status_code == 503
    assert response.json()["type"].endswith("/database-unavailable")


async def test_readiness_wants_every_migration_applied(client, monkeypatch):
    from election import health

    ready = await client.get("/api/v1/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["migrations"] == len(health.known_migrations())

    known = health.known_migrations() | {"2099-01-01T00:00:00:000000"}
    monkeypatch.setattr(health, "known_migrations", lambda: known)
    pending = await client.get("/api/v1/health/ready")
    assert pending.status_code == 503
    assert pending.headers["content-type"].startswith("application/problem+json")
    assert pending.json()["pending"] == ["2099-01-01T00:00:00:000000"]


async def test_a_stopping_process_is_not_ready(client):
    from election.ops import draining

    draining.begin()
    try:
        response = await client.get("/api/v1/health/ready")
    finally:
        draining.reset()
    assert response.status_code == 503
    assert response.json()["type"].endswith("/shutting-down")
    assert (await client.get("/api/v1/health/live")).status_code == 200


async def test_every_response_carries_a_request_id(client):
    response = await client.get("/api/v1/health", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    generated = await client.get("/api/v1/health", headers={"X-Request-ID": "bad id with spaces"})
    assert generated.headers["x-request-id"] != "bad id with spaces"


async def test_security_headers_are_set(client):
    response = await client.get("/api/v1/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in response.headers["content-security-policy"]


async def test_unknown_api_path_is_a_problem_document(client):
    await make_user(username="lost")
    headers = await bearer(client, "lost")
    response = await client.get("/api/v1/nowhere", headers=headers)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["title"] == "Không tìm thấy"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[]", "application/json"),
        (b'{"name": 5, "election_day": "2026-13-45"}', "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        (b"name=x", "application/x-www-form-urlencoded"),
        (b'{"name": "' + b"x" * 400 + b'", "election_day": "2031-05-25"}', "application/json"),
    ],
)
async def test_malformed_input_gets_a_4xx_problem_never_a_500(client, body, content_type):
    await make_user(username="fuzzer")
    headers = await bearer(client, "fuzzer")
    headers["content-type"] = content_type
    response = await client.post("/api/v1/elections", content=body, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    problem = response.json()
    assert problem["status"] == response.status_code
    assert problem["detail"]


async def test_field_errors_name_the_field_in_vietnamese(client):
    await make_user(username="fields")
    headers = await bearer(client, "fields")
    response = await client.post(
        "/api/v1/elections", json={"election_day": "2031-05-25"}, headers=headers
    )
    assert response.status_code == 422
    assert {"field": "name", "message": "Thiếu trường bắt buộc"} in response.json()["errors"]


async def test_openapi_schema_is_served_to_signed_in_clients(client):
    await make_user(username="reader")
    headers = await bearer(client, "reader")
    response = await client.get("/schema/openapi.json", headers=headers)
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/health" in paths
    assert "/api/v1/auth/token" in paths
    assert (await client.get("/schema/openapi.json")).status_code == 401
