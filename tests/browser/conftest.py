"""Browser tests: Playwright (python) driving Debian's Chromium against a live server.

Chromium is never downloaded (`playwright install` needs the internet). When
it is missing the tests skip with a message, unless ELECTION_REQUIRE_BROWSER=1
(set by .ci/run), where they fail instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from election.settings import PROJECT_ROOT

CHROMIUM_CANDIDATES = (
    "/usr/lib/chromium/chromium",
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
)
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
# How long an action or an expectation waits before failing (Playwright's own
# default). CI machines have run five times slower than a workstation, where a
# click once waited over 10 s for a frame; a wait that succeeds returns at once.
WAIT_MS = 30_000


def find_chromium() -> str | None:
    configured = os.environ.get("ELECTION_CHROMIUM")
    for candidate in ([configured] if configured else []) + list(CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = (
            "Chromium not found (install Debian's `chromium` package, or set ELECTION_CHROMIUM)"
        )
        if os.environ.get("ELECTION_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(database: str, chromium_path: str) -> str:
    """The real service in its own process, on the test database."""
    port = _free_port()
    env = {
        **os.environ,
        "ELECTION_DATABASE_URL": database,
        "ELECTION_SECRET_KEY": "browser-test-secret-" + "y" * 32,
        "ELECTION_PORT": str(port),
    }
    log_path = PROJECT_ROOT / "test-artifacts" / "live-server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "election", "serve"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=PROJECT_ROOT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(base_url + "/api/v1/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the live server did not start; see " + str(log_path))
        time.sleep(0.1)
    yield base_url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="session")
async def browser(chromium_path: str) -> AsyncIterator:
    from playwright.async_api import async_playwright, expect

    expect.set_options(timeout=WAIT_MS)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        await browser.close()


@pytest.fixture
async def page(browser, live_server: str, request) -> AsyncIterator:
    """A fresh browser context per test; a screenshot of the final state is kept."""
    context = await browser.new_context(
        base_url=live_server,
        accept_downloads=True,
        locale="vi-VN",
        viewport={"width": 1280, "height": 900},
    )
    page = await new_page(context)
    try:
        yield page
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("/", "_")
        # A failing screenshot must never hide the test's own failure.
        with contextlib.suppress(Exception):
            await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        await context.close()


async def new_page(context):
    """A page of `context` whose actions and expectations wait up to WAIT_MS."""
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    return page


async def sign_in(page, username: str, password: str = "demo-2026-baucu") -> None:
    await page.goto("/login")
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(password)
    await page.get_by_role("button", name="Đăng nhập").click()
    await page.wait_for_url("**/")
