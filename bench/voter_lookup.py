"""Voter lookups on a loaded list (called by bench_voter_import with its
largest list still in the database): `GET /api/v1/voters/{id}` for random ids
through `election serve` (token, scope check, masking), against a bare
litestar + asyncpg primary-key handler (baseline_voter_lookup.py), each
loaded by wrk with 50 connections for BENCH_SECONDS (default 10)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys

import httpx

from bench.common import ROOT, Server, free_port, python, report

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 50
USER = "tra.cuu"
PASSWORD = "bench-lookup-" + "p" * 12


def _ids_and_user(dsn: str) -> tuple[int, int]:
    async def run() -> tuple[int, int]:
        from election import db
        from election.accounts import services as accounts
        from election.actor import Actor, Role, ScopeLevel

        await db.open_pool(dsn, size=2)
        try:
            await accounts.create_user(
                username=USER,
                full_name="Tra cứu cử tri (bench)",
                password=PASSWORD,
                role=Role.ADMIN,
                scope_level=ScopeLevel.NATIONAL,
                actor=Actor.system("bench"),
            )
            row = await db.fetchrow("SELECT min(id) AS lo, max(id) AS hi FROM voter")
            assert row is not None
            return row["lo"], row["hi"]
        finally:
            await db.close_pool()

    return asyncio.run(run())


def _load(url: str, lo: int, hi: int, token: str) -> float:
    env = {**os.environ, "BENCH_ID_LO": str(lo), "BENCH_ID_HI": str(hi), "BENCH_TOKEN": token}
    script = str(ROOT / "bench" / "voter_lookup.lua")
    subprocess.run(
        ["wrk", "-t1", "-c10", "-d1s", "-s", script, url], env=env, capture_output=True, check=True
    )
    out = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", script, url],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if failed:
        raise RuntimeError(f"{failed.group(1)} failed lookups from {url}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise RuntimeError(out)
    return float(match.group(1))


def measure_lookups(dsn: str, label: str) -> None:
    lo, hi = _ids_and_user(dsn)
    print(f"# voter_lookup over {hi - lo + 1:,} voter ids", file=sys.stderr, flush=True)
    port = free_port()
    with Server(
        [python(), "bench/baseline_voter_lookup.py"],
        port,
        {"BENCH_DSN": dsn, "BENCH_PORT": str(port)},
        "/api/v1/health",
    ) as baseline:
        raw = _load(baseline.url, lo, hi, "")
    port = free_port()
    with Server(
        [python(), "-m", "election", "serve"],
        port,
        {
            "ELECTION_DATABASE_URL": dsn,
            "ELECTION_PORT": str(port),
            "ELECTION_SECRET_KEY": "bench-" + "z" * 40,
        },
        "/api/v1/health",
    ) as ours:
        token = httpx.post(
            ours.url + "/api/v1/auth/token",
            json={"username": USER, "password": PASSWORD},
            timeout=30,
        ).json()["access_token"]
        served = _load(ours.url, lo, hi, token)
    report(f"voter_lookup_{label}", served, "req/s", raw)
