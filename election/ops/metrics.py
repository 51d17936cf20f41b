"""Prometheus metrics at `GET /metrics`.

Two kinds of figure:

- counted by the server processes as they answer: requests by route, method
  and status, and their latency (`election_http_*`). `election serve` runs
  several worker processes behind one socket, so a scrape reaches one of them
  at random; prometheus-client's multiprocess mode makes every process write
  its counters to a file of its own under PROMETHEUS_MULTIPROC_DIR, and the
  process that answers the scrape adds up all the files (`election serve`
  sets the folder up: `election.ops.serving`). Without the variable (tests,
  an app served some other way) a process counts in memory, alone.
- read from the database at each scrape: tally sheets by election and state,
  sheets waiting for review, imported rows by kind, status and outcome. Every
  replica reports the same values: aggregate them with `max`, not `sum`.
  These reads go to the database replica when one is configured
  (`db.reading`), a few seconds behind at most.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Iterable, Iterator

from litestar import Request, Response, get
from litestar.di import NamedDependency
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from election import __version__, db
from election.ops import queries
from election.ops.serving import MULTIPROCESS_VARIABLE
from election.settings import Settings

log = logging.getLogger(__name__)


REQUESTS = Counter(
    "election_http_requests",
    "HTTP requests answered, by route template, method and status",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "election_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by route template",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)

# The children of the two metrics for one (route, method, status), made once:
# `.labels()` on every request would look them up under a lock each time.
_children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}


def observe(route: str, method: str, status: int, seconds: float) -> None:
    key = (route, method, status)
    pair = _children.get(key)
    if pair is None:
        pair = _children[key] = (
            REQUESTS.labels(route, method, str(status)),
            LATENCY.labels(route, method),
        )
    pair[0].inc()
    pair[1].observe(seconds)


class _Figures(Collector):
    """Metric families computed before the scrape is written."""

    def __init__(self, families: Iterable[Metric]) -> None:
        self.families = list(families)

    def collect(self) -> Iterator[Metric]:
        return iter(self.families)


def _process_collector() -> Collector:
    """The counters of every worker process, or of this one alone."""
    if not os.environ.get(MULTIPROCESS_VARIABLE):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


@db.reads  # every scrape of every process: the replica's, when there is one
async def database_figures() -> list[Metric]:
    """The figures read from the database; `election_database_up` 0 when it fails."""
    up = GaugeMetricFamily("election_database_up", "Whether the scrape could read the database")
    try:
        states = await queries.sheets_by_state()
        review = await queries.sheets_in_review()
        imported = await queries.import_rows()
    except Exception as error:
        log.warning("metrics: the database could not be read: %s", error)
        up.add_metric([], 0)
        return [up]
    up.add_metric([], 1)
    sheets = GaugeMetricFamily(
        "election_tally_sheets",
        "First-round tally sheets by election and state (a sheet not begun is a draft)",
        labels=["election", "state"],
    )
    for row in states:
        sheets.add_metric([str(row.election), row.state.value], row.sheets)
    in_review = GaugeMetricFamily(
        "election_tally_sheets_in_review",
        "Verified sheets whose warnings wait for a board member's decision",
        labels=["election"],
    )
    for row in review:
        in_review.add_metric([str(row.election)], row.sheets)
    rows = GaugeMetricFamily(
        "election_import_rows",
        "Rows of staged and committed imports by kind, batch status and outcome",
        labels=["kind", "status", "outcome"],
    )
    for row in imported:
        rows.add_metric([row.kind, row.status, row.outcome], row.rows)
    info = GaugeMetricFamily("election_build_info", "The running version", labels=["version"])
    info.add_metric([__version__], 1)
    return [up, sheets, in_review, rows, info]


def authorized(request: Request, token: str) -> bool:
    if not token:
        return True
    sent = request.headers.get("authorization", "")
    return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


@get("/metrics", opt={"public": True}, include_in_schema=False)
async def metrics(request: Request, settings: NamedDependency[Settings]) -> Response[bytes]:
    """Prometheus's text format. With ELECTION_METRICS_TOKEN set, a bearer token is needed."""
    if not authorized(request, settings.metrics_token):
        return Response(b"", status_code=401, headers={"WWW-Authenticate": "Bearer"})
    figures = _Figures(await database_figures())
    body = generate_latest(_process_collector()) + generate_latest(figures)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
