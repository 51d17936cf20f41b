"""SQL of the health check."""

from __future__ import annotations

from election.sql import query


@query("SELECT 1")
async def database_answers() -> int: ...
