"""SQL of the health checks."""

from __future__ import annotations

from election.sql import query


@query("SELECT 1")
async def database_answers() -> int: ...


# Piccolo records each migration it has run in `migration`, by its ID.
@query("SELECT name FROM migration WHERE app_name = 'election' ORDER BY name")
async def applied_migrations() -> list[str]: ...
