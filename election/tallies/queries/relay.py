"""What the signed QR relay reads besides a submission's own read."""

from __future__ import annotations

from election.sql import query


@query("SELECT COALESCE(max(version), 0) FROM tally_entry WHERE sheet = :sheet_id")
async def latest_version(*, sheet_id: int) -> int: ...
