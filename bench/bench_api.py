"""API throughput: `GET /api/v1/health` of the service against a raw litestar handler.

Both run in one uvicorn process on loopback, against the same PostgreSQL,
loaded by the same client in the same run.
"""

from __future__ import annotations

import asyncio

from bench.common import ROOT, Server, free_port, python, report, requests_per_second
from election import db


def main() -> None:
    server = db.EmbeddedPostgres(ROOT / ".data" / "bench-pg")
    dsn = asyncio.run(db.ensure_database(server.start(), "election_bench"))
    try:
        from election.cli import prepare_database

        asyncio.run(prepare_database(dsn, demo=False))
        port = free_port()
        with Server(
            [python(), "bench/baseline_health.py"],
            port,
            {"BENCH_DSN": dsn, "BENCH_PORT": str(port)},
            "/api/v1/health",
        ) as baseline:
            raw = requests_per_second(baseline.url + "/api/v1/health")
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
            served = requests_per_second(ours.url + "/api/v1/health")
        report("api_health", served, "req/s", raw)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
