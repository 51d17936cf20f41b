"""Staging a voter-list export: read, check and classify every row in SQL; nothing is listed yet."""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import IO

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.elections import services as elections
from election.errors import Forbidden
from election.geography import services as geography
from election.imports import services as imports
from election.imports.tables import RowOutcome
from election.voters import rules
from election.voters.bulk.columns import VOTER_COLUMNS, code_lookups
from election.voters.bulk.reading import load_file
from election.voters.queries import checks, staging
from election.voters.services import check_cutoff, may_manage

log = logging.getLogger("election.voters.import")

KIND = "voters"


def batch_scope(election_id: int, commune_code: str) -> str:
    return f"election:{election_id}:commune:{commune_code}"


def scope_of(scope: str) -> tuple[int, str]:
    """The election and the commune of a voter batch's scope."""
    parts = scope.split(":")
    return int(parts[1]), parts[3]


async def stage_voters(
    *,
    election_id: int,
    commune_code: str,
    stream: IO[bytes],
    filename: str,
    actor: Actor,
    now: dt.datetime | None = None,
) -> imports.BatchSummary:
    """Check a population-database export into a batch; nothing is listed yet."""
    commune = await geography.get_commune(commune_code)
    if not may_manage(actor, commune.code, commune.province_code):
        raise Forbidden("Bạn không có quyền nhập danh sách cử tri của xã, phường này.")
    # Art. 29(4), 30: the list changes only until 24 hours before voting opens.
    await check_cutoff(election_id, now)
    election = await elections.get_election(election_id=election_id)
    stream.seek(0)
    async with db.transaction():
        await staging.use_memory_for_sorts()
        batch_id = await imports.create_batch(
            kind=KIND, scope=batch_scope(election_id, commune_code), filename=filename, actor=actor
        )
        started = time.perf_counter()
        columns, digest = await load_file(batch_id, stream, filename)
        loaded = time.perf_counter()
        lookups = await code_lookups(
            batch_id, election_id=election_id, commune_code=commune_code, actor=actor
        )
        await staging.parallel_setup_free()
        await staging.parallel_tuples_cheap()
        await checks.check_rows.on(batch_id)(
            latest_birth_date=rules.latest_birth_date(election.election_day), **lookups
        )
        await staging.parallel_setup_default()
        await staging.parallel_tuples_default()
        checked = time.perf_counter()
        await staging.classify_rows.on(batch_id)(election_id=election_id, commune_code=commune_code)
        classified = time.perf_counter()
        log.info(
            "voter import %s: read %.1f s, checks %.1f s, classification %.1f s",
            batch_id,
            loaded - started,
            checked - loaded,
            classified - checked,
        )
        await staging.drop_file.on(batch_id)()
        counts = {outcome.value: 0 for outcome in RowOutcome}
        for row in await staging.outcome_counts.on(batch_id)():
            counts[row.outcome.value] = row.rows
        await imports.record_staged(
            batch_id=batch_id,
            sha256=digest,
            counts=counts,
            column_map=columns.column_names(VOTER_COLUMNS),
        )
        await audit.record(
            actor=actor,
            entity_type="import_batch",
            entity_id=batch_id,
            action="stage",
            after={"kind": KIND, "commune": commune_code, "filename": filename, "counts": counts},
            summary=f"Tải lên danh sách cử tri {commune.name}: tệp {filename}",
        )
    return await imports.get_batch(batch_id=batch_id, actor=actor)
