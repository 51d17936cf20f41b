"""`GET /api/v1/health`: is the service up and can it reach its database?"""

from __future__ import annotations

from typing import Any

from litestar import Response, get

from election import __version__
from election.errors import PROBLEM_JSON
from election.health import queries


@get("/api/v1/health", opt={"public": True}, tags=["Hệ thống"], summary="Tình trạng dịch vụ")
async def health() -> Response[dict[str, Any]]:
    try:
        await queries.database_answers()
    except Exception:
        return Response(
            content={
                "type": "https://bau-cu.example/problems/database-unavailable",
                "title": "Cơ sở dữ liệu không sẵn sàng",
                "status": 503,
                "detail": "Không kết nối được cơ sở dữ liệu.",
            },
            status_code=503,
            media_type=PROBLEM_JSON,
        )
    return Response(content={"status": "ok", "database": "ok", "version": __version__})
