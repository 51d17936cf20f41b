"""Settings read once from the environment and passed to `create_app`."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    # None means "start the embedded PostgreSQL under data_dir".
    database_url: str | None = None
    data_dir: Path = PROJECT_ROOT / ".data"
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str = field(default="", repr=False)
    session_hours: int = 12
    api_token_hours: int = 24 * 7
    # Cookies are marked Secure when the service is reached over HTTPS.
    secure_cookies: bool = False
    database_pool_size: int = 20
    # A streaming replica for the heavy reads (`db.reading()`); None: all on the primary.
    database_replica_url: str | None = None
    # PostgreSQL itself when `database_url` names a pooler (PgBouncer in transaction
    # mode): for LISTEN, and the sessions that keep state (COPY's reader).
    database_direct_url: str | None = None
    # asyncpg's prepared-statement cache per connection; 0 behind PgBouncer in
    # transaction mode older than 1.21 (it cannot route named statements).
    database_statement_cache: int = 100
    # A replica further behind than this, in seconds, is not read from.
    replica_max_lag_seconds: float = 5.0
    # Seconds between two health checks of the replica (lag, recovery, streaming).
    replica_check_seconds: float = 2.0
    # Tally entries written at once by one server process (see
    # tallies.services.entry_slots); the others wait their turn in order.
    tally_entry_concurrency: int = 4
    # Server processes of `election serve` (uvicorn workers sharing one socket).
    workers: int = 1
    # Seconds a stopping process waits for requests in flight before cancelling them.
    shutdown_seconds: int = 30
    # "json" (one object a line, for a log collector) or "text" (for a terminal).
    log_format: str = "text"
    log_level: str = "INFO"
    # One log line per request (method, route, status, duration, request id).
    access_log: bool = False
    # When set, `GET /metrics` wants `Authorization: Bearer <token>`.
    metrics_token: str = field(default="", repr=False)
    # The folder of pg_dump/pg_restore for `election backup`/`restore`; None: the
    # lowest PostgreSQL major version at or above the server's that is installed.
    pg_bin_dir: Path | None = None
    # Proxies whose X-Forwarded-For is believed (CIDRs, comma-separated); none
    # by default: the client is the address the connection comes from.
    trusted_proxies: str = ""
    debug: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("ELECTION_DATA_DIR", str(PROJECT_ROOT / ".data")))
        return cls(
            database_url=env.get("ELECTION_DATABASE_URL") or None,
            data_dir=data_dir,
            host=env.get("ELECTION_HOST", "127.0.0.1"),
            port=int(env.get("ELECTION_PORT", "8000")),
            secret_key=env.get("ELECTION_SECRET_KEY") or _persistent_secret(data_dir),
            session_hours=int(env.get("ELECTION_SESSION_HOURS", "12")),
            secure_cookies=env.get("ELECTION_SECURE_COOKIES", "") == "1",
            database_pool_size=int(env.get("ELECTION_DB_POOL_SIZE", "20")),
            database_replica_url=env.get("ELECTION_DATABASE_REPLICA_URL") or None,
            database_direct_url=env.get("ELECTION_DATABASE_DIRECT_URL") or None,
            database_statement_cache=int(env.get("ELECTION_DATABASE_STATEMENT_CACHE", "100")),
            replica_max_lag_seconds=float(env.get("ELECTION_REPLICA_MAX_LAG_SECONDS", "5")),
            replica_check_seconds=float(env.get("ELECTION_REPLICA_CHECK_SECONDS", "2")),
            tally_entry_concurrency=int(env.get("ELECTION_TALLY_CONCURRENCY", "4")),
            workers=int(env.get("ELECTION_WORKERS", "1")),
            shutdown_seconds=int(env.get("ELECTION_SHUTDOWN_SECONDS", "30")),
            log_format=_choice(env, "ELECTION_LOG_FORMAT", ("text", "json")),
            log_level=env.get("ELECTION_LOG_LEVEL", "INFO").upper(),
            access_log=env.get("ELECTION_ACCESS_LOG", "") == "1",
            metrics_token=env.get("ELECTION_METRICS_TOKEN", ""),
            pg_bin_dir=Path(env["ELECTION_PG_BIN"]) if env.get("ELECTION_PG_BIN") else None,
            trusted_proxies=_trusted_proxies(env),
            debug=env.get("ELECTION_DEBUG", "") == "1",
        )


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    """The variable's value if it is one of `allowed` (the first is the default)."""
    value = env.get(name, allowed[0]).strip().lower() or allowed[0]
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _trusted_proxies(env: Mapping[str, str]) -> str:
    """ELECTION_TRUSTED_PROXIES, checked now: a typo stops the server at start."""
    text = env.get("ELECTION_TRUSTED_PROXIES", "").strip()
    parse_networks(text)
    return text


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> tuple[Network, ...]:
    """`10.0.0.0/8, 192.168.1.5` → networks; a bad entry raises ValueError
    naming it, so a typo stops the server instead of trusting nothing or all."""
    networks: list[Network] = []
    for entry in text.replace(";", ",").split(","):
        entry = entry.strip()
        if not entry:
            continue
        if entry == "*":
            raise ValueError("ELECTION_TRUSTED_PROXIES: '*' would trust every client; list CIDRs")
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            raise ValueError(f"ELECTION_TRUSTED_PROXIES: {entry!r} is not an address") from error
    return tuple(networks)


def _persistent_secret(data_dir: Path) -> str:
    """A local install keeps one random key so sessions survive restarts."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
