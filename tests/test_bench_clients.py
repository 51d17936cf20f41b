"""The benchmarks' Python load clients, which stand in when wrk is not installed:
they load a real server, and the tally client sends no Authorization header
when it has no token (the baseline server takes none)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from litestar import Litestar, Request, get, post
from litestar.params import FromPath

from bench import bench_tally_submit, common

SEEN: list[dict[str, str]] = []


@get("/ping", sync_to_thread=False)
def ping() -> dict[str, str]:
    return {"status": "ok"}


@post("/api/v1/tally-sheets/{sheet_id:int}/entries")
async def entries(sheet_id: FromPath[int], request: Request) -> dict[str, int]:
    SEEN.append(dict(request.headers))
    return {"sheet_id": sheet_id}


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    port = common.free_port()
    config = uvicorn.Config(
        Litestar([ping, entries]), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def without_wrk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_tally_submit.shutil, "which", lambda name: None)
    monkeypatch.setattr(common.shutil, "which", lambda name: None)


def test_the_python_client_loads_a_url_when_wrk_is_missing(server_url, without_wrk):
    assert common.requests_per_second(server_url + "/ping", seconds=1, connections=4) > 0


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [(("", ""), {None}), (("token-a", "token-b"), {"Bearer token-a", "Bearer token-b"})],
)
def test_the_python_tally_client_sends_a_token_only_when_it_has_one(
    server_url, without_wrk, tmp_path: Path, tokens, expected
):
    bodies = tmp_path / "bodies.tsv"
    bodies.write_text("".join(f'{n}\t{{"n": {n}}}\n' for n in range(1, 21)), encoding="utf-8")
    SEEN.clear()
    rate, p50, p99 = bench_tally_submit.load(
        server_url, bodies, tokens, start=0, seconds=1, key="test"
    )
    assert rate > 0 and 0 < p50 <= p99
    assert {headers.get("authorization") for headers in SEEN} == expected
