"""The audit log as investigators search it: filters, a page, a count, an export.

Only the log's readers (`services.require_reader`: national administrators
and observers) search it. The count stops at `COUNT_CAP`: past it the page
says "more than" rather than walk millions of rows on every page; narrowing
the filters gives the exact figure. The export walks the same filter newest
first in batches, one read-only snapshot, so a long export neither holds
the whole result in memory nor mixes in events appended while it runs; the
export itself is an event of the log, naming its filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from typing import Any

from election import db
from election.actor import Actor
from election.audit import queries
from election.audit.services import AuditEntry, record, require_reader

COUNT_CAP = 10_000
EXPORT_BATCH = 2000


@dataclass(frozen=True)
class AuditFilter:
    """What the investigator asked for; None: any."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    actor_username: str | None = None
    actor_role: str | None = None
    action: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    province_code: str | None = None
    commune_code: str | None = None

    def params(self) -> dict[str, Any]:
        return asdict(self)

    def described(self) -> dict[str, Any]:
        """The filters given, for the export's event."""
        return {k: v for k, v in self.params().items() if v is not None}


@dataclass(frozen=True)
class Found:
    events: list[AuditEntry]
    total: int
    # The total is COUNT_CAP and there are more.
    capped: bool


async def search(*, actor: Actor, filters: AuditFilter, limit: int, offset: int) -> Found:
    """One page of the events matching `filters`, newest first, and how many match."""
    require_reader(actor)
    total = await queries.count_events(**filters.params(), cap=COUNT_CAP + 1)
    events = await queries.search_events(**filters.params(), limit=limit, offset=offset)
    return Found(events=events, total=min(total, COUNT_CAP), capped=total > COUNT_CAP)


async def count(*, actor: Actor, filters: AuditFilter) -> int:
    require_reader(actor)
    return min(await queries.count_events(**filters.params(), cap=COUNT_CAP + 1), COUNT_CAP + 1)


async def record_export(*, actor: Actor, filters: AuditFilter, rows: int) -> None:
    """The export is itself an event: who took which part of the log."""
    require_reader(actor)
    more = " trở lên" if rows > COUNT_CAP else ""
    async with db.transaction():
        await record(
            actor=actor,
            entity_type="audit_log",
            entity_id="csv",
            action="export",
            after={"filters": filters.described(), "rows": min(rows, COUNT_CAP)},
            summary=f"Xuất {min(rows, COUNT_CAP):,}{more} sự kiện của nhật ký ra tệp CSV".replace(
                ",", "."
            ),
        )


async def export_batches(*, actor: Actor, filters: AuditFilter) -> AsyncIterator[list[AuditEntry]]:
    """Every event matching `filters`, newest first, a batch at a time, in one snapshot."""
    require_reader(actor)
    before_id: int | None = None
    async with (
        db.connection() as conn,
        conn.transaction(readonly=True, isolation="repeatable_read"),
    ):
        while batch := await queries.events_before(
            **filters.params(), before_id=before_id, limit=EXPORT_BATCH
        ):
            yield batch
            before_id = batch[-1].id
