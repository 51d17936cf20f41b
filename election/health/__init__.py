"""Health endpoints, public and cheap:

- `GET /api/v1/health`: the service answers and reaches its database (the
  benchmarks' and the browser tests' probe);
- `GET /api/v1/health/live`: the process answers (a liveness probe: never the
  database, so an outage of the database restarts nothing);
- `GET /api/v1/health/ready`: this process should get traffic: the database
  answers, every migration this code knows has been applied, and the process
  is not shutting down (a readiness probe).
"""

from __future__ import annotations

import functools
from typing import Any

from litestar import Response, get
from piccolo.apps.migrations.commands.base import BaseMigrationManager

from election import __version__
from election.errors import PROBLEM_JSON, PROBLEM_TYPE_BASE
from election.health import queries
from election.ops import draining
from election.piccolo_app import APP_CONFIG

TAGS = ["Hệ thống"]


def _unavailable(slug: str, title: str, detail: str, **extra: Any) -> Response[dict[str, Any]]:
    return Response(
        content={
            "type": PROBLEM_TYPE_BASE + slug,
            "title": title,
            "status": 503,
            "detail": detail,
            **extra,
        },
        status_code=503,
        media_type=PROBLEM_JSON,
    )


def _database_unavailable() -> Response[dict[str, Any]]:
    return _unavailable(
        "database-unavailable", "Cơ sở dữ liệu không sẵn sàng", "Không kết nối được cơ sở dữ liệu."
    )


@get("/api/v1/health", opt={"public": True}, tags=TAGS, summary="Tình trạng dịch vụ")
async def health() -> Response[dict[str, Any]]:
    try:
        await queries.database_answers()
    except Exception:
        return _database_unavailable()
    return Response(content={"status": "ok", "database": "ok", "version": __version__})


@get(
    "/api/v1/health/live",
    opt={"public": True},
    tags=TAGS,
    summary="Tiến trình còn hoạt động",
    sync_to_thread=False,
)
def live() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@functools.cache
def known_migrations() -> frozenset[str]:
    """The IDs of the migrations shipped with this code (read once per process)."""
    modules = BaseMigrationManager().get_migration_modules(str(APP_CONFIG.migrations_folder_path))
    return frozenset(modules)


@get("/api/v1/health/ready", opt={"public": True}, tags=TAGS, summary="Sẵn sàng nhận yêu cầu")
async def ready() -> Response[dict[str, Any]]:
    if draining.started():
        return _unavailable(
            "shutting-down",
            "Dịch vụ đang dừng",
            "Tiến trình này đang dừng; gửi yêu cầu tới nơi khác.",
        )
    try:
        applied = set(await queries.applied_migrations())
    except Exception:
        return _database_unavailable()
    pending = sorted(known_migrations() - applied)
    if pending:
        return _unavailable(
            "migrations-pending",
            "Cơ sở dữ liệu chưa được cập nhật",
            f"Còn {len(pending)} bản cập nhật cấu trúc chưa áp dụng (chạy «election migrate»).",
            pending=pending,
        )
    return Response(
        content={
            "status": "ready",
            "database": "ok",
            "migrations": len(applied),
            "version": __version__,
        }
    )
