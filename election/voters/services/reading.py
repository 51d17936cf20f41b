"""Reading voter lists: one entry, a search in a commune, an area's list, an
entry's history."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from election.actor import Actor, ScopeLevel
from election.audit import services as audit
from election.errors import NotFound
from election.stations import services as stations
from election.voters import rules
from election.voters.queries import entries as queries
from election.voters.queries.entries import VoterRow
from election.voters.services.access import commune_in_scope, may_read
from election.voters.services.personal import record_bulk_read, require_list_reader, shown_filter
from election.voters.tables import VoterStatus


async def get_voter(*, voter_id: int, actor: Actor) -> VoterRow:
    """One entry for an actor who may read lists (outside the actor's scope: 404)."""
    voter = await queries.voter(voter_id=voter_id)
    if voter is None or not may_read(actor, voter):
        raise NotFound(f"Không có cử tri số hiệu {voter_id}.")
    require_list_reader(actor)
    return voter


@dataclass(frozen=True)
class VoterPage:
    voters: list[VoterRow]
    total: int


async def search_voters(
    *,
    election_id: int,
    commune_code: str,
    actor: Actor,
    query: str = "",
    polling_area_id: int | None = None,
    status: VoterStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> VoterPage:
    """Find voters by ID (exact), or by name with or without diacritics (prefix
    of any word); each page read is one audit event (filter and count)."""
    commune = await commune_in_scope(commune_code, actor)
    require_list_reader(actor)
    if actor.scope_level == ScopeLevel.POLLING_AREA:
        polling_area_id = actor.polling_area_id
    query = unicodedata.normalize("NFC", query).strip()
    personal_id = query if query.isdigit() else None
    pattern = None
    if query and personal_id is None:
        key = rules.search_key(query)
        pattern = f"%{key}%" if key else None
    total = await queries.search_count(
        election_id=election_id,
        commune_code=commune.code,
        polling_area_id=polling_area_id,
        status=status,
        personal_id=personal_id,
        pattern=pattern,
    )
    voters = await queries.search_page(
        election_id=election_id,
        commune_code=commune.code,
        polling_area_id=polling_area_id,
        status=status,
        personal_id=personal_id,
        pattern=pattern,
        limit=limit,
        offset=offset,
    )
    await record_bulk_read(
        actor=actor,
        entity_type="voter_list",
        entity_id=f"{election_id}:{commune.code}",
        action="list_viewed",
        details={
            "query": shown_filter(query),
            "polling_area_id": polling_area_id,
            "status": str(status) if status else None,
            "offset": offset,
            "count": len(voters),
            "total": total,
        },
    )
    return VoterPage(voters=voters, total=total)


async def area_list(
    *, polling_area_id: int, actor: Actor, purpose: str = "list_viewed"
) -> list[VoterRow]:
    """Every entry of one polling area's list in list order (struck-off entries
    included), read by `purpose` ("list_viewed", "list_printed", "cards_printed"):
    one audit event."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    require_list_reader(actor)
    entries = await queries.area_entries(polling_area_id=polling_area_id)
    await record_bulk_read(
        actor=actor,
        entity_type="voter_list",
        # Per area, not per commune: each entity's events share one audit chain,
        # and check-in pages of every station re-read their own list all day.
        entity_id=f"{area.election_id}:{area.commune_code}:{area.id}",
        action=purpose,
        details={"polling_area_id": polling_area_id, "count": len(entries)},
    )
    return entries


async def voter_history(voter: VoterRow) -> list[audit.AuditEntry]:
    """The entry's own events, and those of the import that listed or changed it
    (`voter` as `get_voter` gave it to an actor who may read it)."""
    events = await audit.history(entity_type="voter", entity_id=voter.id)
    batch = await queries.import_batch_of(voter_id=voter.id)
    if batch is not None:
        events += await audit.history(entity_type="import_batch", entity_id=batch)
    return sorted(events, key=lambda e: e.id, reverse=True)
