"""A staged voter batch as the generic import pages and API see it: its rows,
its error report, its commit into the lists (all of it or nothing), discard."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from typing import Any

from election import bulk_copy, db
from election.actor import Actor
from election.errors import Conflict, Forbidden
from election.geography import services as geography
from election.imports import services as imports
from election.imports.tables import RowOutcome
from election.sql import bind
from election.voters.bulk.staging import scope_of
from election.voters.queries import lists, staging
from election.voters.services import check_cutoff, may_manage

log = logging.getLogger("election.voters.import")

TITLE = "Danh sách cử tri"


WARNING = "Cảnh báo: "


def _error(message: str, prefix: str = "") -> dict[str, str]:
    """A staged message "field|text" as the import pages show it."""
    field, _, text = message.partition("|")
    return {"field": field, "message": prefix + text}


def _messages(errors: list[str], warnings: list[str]) -> list[dict[str, str]]:
    """A row's errors, then its warnings (which do not keep it from being listed)."""
    return [_error(m) for m in errors] + [_error(m, WARNING) for m in warnings]


async def _list_new_entries(batch_id: int, *, election_id: int, commune_code: str) -> int:
    """Insert the batch's new rows into `voter`; returns how many.

    Copied (COPY writes a page of rows at a time where INSERT writes one) from
    a second session that computes the rows on another core meanwhile.
    """
    household_offset = await staging.last_household_place(
        election_id=election_id, commune_code=commune_code
    )
    arguments = {
        "election_id": election_id,
        "commune_code": commune_code,
        "household_offset": household_offset,
        "batch_id": batch_id,
    }
    text, values = bind(staging.new_entries.on(batch_id), **arguments)
    async with db.connection() as conn:
        inserted = await bulk_copy.copy_query_into(
            conn,
            text,
            values,
            table="voter",
            columns=staging.NEW_ENTRY_COLUMNS,
        )
    if inserted is None:  # staged in a transaction still open: one statement
        inserted = await staging.insert_new_entries.on(batch_id)(**arguments)
    return inserted


class VoterBatchHandler:
    """How the generic import pages and API treat a voter batch."""

    title = TITLE

    async def check_access(self, scope: str, actor: Actor) -> None:
        _, commune_code = scope_of(scope)
        commune = await geography.get_commune(commune_code)
        if not actor.covers_commune(commune.code, commune.province_code):
            raise Forbidden("Lượt nhập này thuộc xã, phường ngoài phạm vi của bạn.")

    async def rows(
        self, batch: imports.BatchSummary, outcome: str | None, limit: int
    ) -> list[imports.StagedRow]:
        if not await staging.staged(batch_id=batch.id):
            return []
        rows = await staging.staged_rows.on(batch.id)(
            outcome=RowOutcome(outcome) if outcome else None, limit=limit
        )
        return [
            imports.StagedRow(
                row_number=r.row_number,
                key=r.personal_id,
                outcome=r.outcome,
                data={"full_name": r.full_name},
                errors=_messages(
                    r.messages or [] if r.outcome == RowOutcome.ERROR else [], r.warnings
                ),
            )
            for r in rows
        ]

    async def error_lines(self, batch: imports.BatchSummary) -> Iterator[tuple[int, str, str]]:
        lines: list[tuple[int, str, str]] = []
        for row in await staging.row_errors.on(batch.id)():
            for error in _messages(row.messages, row.warnings):
                lines.append((row.row_number, error["field"], error["message"]))
        return iter(lines)

    async def commit(
        self, batch: imports.BatchSummary, actor: Actor, now: dt.datetime | None = None
    ) -> dict[str, Any]:
        """List the batch's rows, inside the import's transaction."""
        election_id, commune_code = scope_of(batch.scope)
        commune = await geography.get_commune(commune_code)
        if not may_manage(actor, commune.code, commune.province_code):
            raise Forbidden("Bạn không có quyền nhập danh sách cử tri của xã, phường này.")
        await check_cutoff(election_id, now)
        # Before anything of the lists is read: one commit per commune at a time.
        await staging.lock_commune_lists(election_id=election_id, commune_code=commune_code)
        await staging.use_memory_for_sorts()
        # Rows still to apply must not collide with entries made since staging.
        clash = await staging.first_collision.on(batch.id)(election_id=election_id)
        if clash is not None:
            raise Conflict(
                f"Dòng {clash}: công dân đã được ghi tên ở nơi khác sau khi tải tệp lên; "
                "hãy tải tệp lên lại.",
                article="Điều 29 khoản 2",
            )
        started = time.perf_counter()
        inserted = await _list_new_entries(
            batch.id, election_id=election_id, commune_code=commune_code
        )
        updated = 0
        # Only when the file changes voters already listed (see analyze_staging).
        if await staging.has_updates.on(batch.id)():
            await staging.analyze_staging.on(batch.id)()
            updated = await staging.apply_updates.on(batch.id)(batch_id=batch.id)
        log.info(
            "voter import %s: insert and update %.1f s", batch.id, time.perf_counter() - started
        )
        for area_id in await staging.finalized_areas_changed.on(batch.id)():
            await lists.append_card_numbers(polling_area_id=area_id)
        await staging.drop_staging.on(batch.id)()
        return {"new": inserted, "updated": updated}

    async def discard(self, batch: imports.BatchSummary) -> None:
        await staging.drop_staging.on(batch.id)()
