"""Shared machinery of the benchmarks: servers in subprocesses, a load generator, output."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def report(name: str, value: float, unit: str, baseline: float, *, higher_is_better: bool = True):
    """One line per figure: `name: value unit (ratio to baseline X.XX)`.

    The ratio is ours / baseline for rates and baseline / ours for durations,
    so above 1.00 always means faster than the raw library.
    """
    ratio = value / baseline if higher_is_better else baseline / value
    print(f"{name}: {value:,.1f} {unit} (ratio to baseline {ratio:.2f})", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A server process on loopback, stopped when the block ends."""

    def __init__(self, command: list[str], port: int, env: dict[str, str], health: str):
        self.command = command
        self.port = port
        self.env = env
        self.health = health
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            self.command,
            env={**os.environ, **self.env},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Workers each import the app: a busy machine takes a while.
        deadline = time.monotonic() + float(os.environ.get("BENCH_START_SECONDS", "120"))
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + self.health, timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.__exit__(None, None, None)
        raise RuntimeError(f"server did not start: {' '.join(self.command)}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def requests_per_second(url: str, *, seconds: int = 5, connections: int = 50) -> float:
    """Load one URL on loopback for a bounded time with wrk; a bounded Python
    generator stands in when wrk is not installed."""
    if shutil.which("wrk"):
        # A short warm-up, then the measured run.
        subprocess.run(["wrk", "-t1", "-c10", "-d1s", url], capture_output=True, check=True)
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        match = re.search(r"Requests/sec:\s+([\d.]+)", out)
        if not match:
            raise RuntimeError(out)
        non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        if non_2xx:
            raise RuntimeError(f"{non_2xx.group(1)} failed responses from {url}")
        return float(match.group(1))
    return _python_load(url, seconds=seconds, connections=min(connections, 20))


def _python_load(url: str, *, seconds: int, connections: int) -> float:
    import asyncio

    async def run() -> float:
        done = 0
        deadline = time.monotonic() + seconds
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=connections)) as client:

            async def worker():
                nonlocal done
                while time.monotonic() < deadline:
                    response = await client.get(url)
                    response.raise_for_status()
                    done += 1

            start = time.monotonic()
            await asyncio.gather(*(worker() for _ in range(connections)))
            return done / (time.monotonic() - start)

    return asyncio.run(run())


def python() -> str:
    return sys.executable
