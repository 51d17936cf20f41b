"""`election serve`: uvicorn with several worker processes on one socket.

Each worker process imports the application afresh (uvicorn starts them with
`spawn`) and builds it from the environment, so what the command settled (the
database, the secret key) is handed down there before they start. Metrics go
through prometheus-client's multiprocess mode (see `election.ops.metrics`),
whose folder must be known before prometheus-client is first imported: this
module does not import it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import uvicorn

from election.settings import Settings

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def prepare_metrics_directory() -> Path | None:
    """Set up the multiprocess mode before any worker starts; returns the folder
    made here (to remove at exit), None when PROMETHEUS_MULTIPROC_DIR was given.

    A given folder is emptied of the files of an earlier run, whose counters
    would otherwise be added to this one's.
    """
    given = os.environ.get(MULTIPROCESS_VARIABLE)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink(missing_ok=True)
        return None
    made = Path(tempfile.mkdtemp(prefix="election-metrics-"))
    os.environ[MULTIPROCESS_VARIABLE] = str(made)
    return made


def hand_down(settings: Settings) -> None:
    """Put in the environment what the workers must share with this process:
    the database it found or started, and one secret key (two workers creating
    the key file at once would each sign with their own)."""
    if settings.database_url:
        os.environ["ELECTION_DATABASE_URL"] = settings.database_url
    os.environ["ELECTION_SECRET_KEY"] = settings.secret_key


def proxy_options(settings: Settings) -> dict[str, Any]:
    """uvicorn reads X-Forwarded-* only from the proxies the operator lists
    (ELECTION_TRUSTED_PROXIES; none by default, never uvicorn's own
    FORWARDED_ALLOW_IPS); the app applies the same rule (election.middleware)."""
    if not settings.trusted_proxies:
        return {"proxy_headers": False, "forwarded_allow_ips": ""}
    return {"proxy_headers": True, "forwarded_allow_ips": settings.trusted_proxies}


def run(settings: Settings, factory: str) -> None:
    """Serve the app that `factory` ("module:function") builds, until stopped.

    SIGTERM or SIGINT: the socket closes, requests in flight finish (for up to
    `settings.shutdown_seconds`), event streams end at once
    (`election.ops.draining`), then each worker closes its pool and exits.
    """
    hand_down(settings)
    made = prepare_metrics_directory()
    try:
        uvicorn.run(
            factory,
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=max(1, settings.workers),
            # The app's logging (election.ops.logs) formats uvicorn's lines too.
            log_config=None,
            log_level=settings.log_level.lower(),
            # One line per request comes from the app's middleware, with its ID.
            access_log=False,
            **proxy_options(settings),
            timeout_graceful_shutdown=settings.shutdown_seconds,
        )
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
