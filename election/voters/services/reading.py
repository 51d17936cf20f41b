"""Reading voter lists: one entry, a search in a commune, an area's list, an
entry's history."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from election.actor import Actor, ScopeLevel
from election.audit import services as audit
from election.errors import NotFound
from election.paging import (
    BadListQuery,
    PageRequest,
    choice_param,
    contains_pattern,
    filters,
    int_param,
    text_param,
)
from election.stations import services as stations
from election.voters import rules
from election.voters.queries import entries as queries
from election.voters.queries.entries import VoterRow
from election.voters.services.access import commune_in_scope, may_read
from election.voters.services.personal import record_bulk_read, require_list_reader, shown_filter
from election.voters.tables import ResidenceCategory, VoterStatus


async def get_voter(*, voter_id: int, actor: Actor) -> VoterRow:
    """One entry for an actor who may read lists (outside the actor's scope: 404)."""
    voter = await queries.voter(voter_id=voter_id)
    if voter is None or not may_read(actor, voter):
        raise NotFound(f"Không có cử tri số hiệu {voter_id}.")
    require_list_reader(actor)
    return voter


SEXES = {"male": "Nam", "female": "Nữ"}


@dataclass(frozen=True)
class VoterFilter:
    """What a list is narrowed to: a search text (an ID, exact; or a name with
    or without diacritics, any part of it) and the filters a list page offers."""

    query: str = ""
    polling_area_id: int | None = None
    status: VoterStatus | None = None
    sex: str | None = None
    category: ResidenceCategory | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str], *, with_area: bool = True) -> VoterFilter:
        """A list page's filter from its query string (`?q=&area=&status=&sex=&category=`);
        empty fields mean "any", a malformed value is a 400 (`paging.BadListQuery`)."""
        sex = query.get("sex") or None
        if sex is not None and sex not in SEXES:
            raise BadListQuery("Giới tính không hợp lệ: chọn Nam hoặc Nữ.")
        return cls(
            query=text_param(query),
            polling_area_id=int_param(query, "area", "Khu vực bỏ phiếu") if with_area else None,
            status=choice_param(query, "status", VoterStatus, "Tình trạng"),
            sex=sex,
            category=choice_param(query, "category", ResidenceCategory, "Loại cư trú"),
        )

    def url_filters(self) -> tuple[tuple[str, str], ...]:
        """The filter as the query parameters that give it back (`from_query`)."""
        return filters(
            q=self.query,
            area=self.polling_area_id,
            status=self.status,
            sex=self.sex,
            category=self.category,
        )

    def arguments(self) -> dict[str, Any]:
        """The statement's filter parameters (`queries._FILTERS`)."""
        query = unicodedata.normalize("NFC", self.query).strip()
        personal_id = query if query.isdigit() else None
        pattern = None
        if query and personal_id is None:
            key = rules.search_key(query)
            pattern = contains_pattern(key)
        return {
            "status": self.status,
            "sex": self.sex,
            "category": self.category,
            "personal_id": personal_id,
            "pattern": pattern,
        }

    def audited(self) -> dict[str, Any]:
        """The filter as the audit event of the read keeps it (an ID masked)."""
        return {
            "query": shown_filter(self.query),
            "polling_area_id": self.polling_area_id,
            "status": str(self.status) if self.status else None,
            "sex": self.sex,
            "category": str(self.category) if self.category else None,
        }


@dataclass(frozen=True)
class VoterPage:
    voters: list[VoterRow]
    total: int
    # The page read: the one asked for, or the last one when it asked past it.
    request: PageRequest = field(default_factory=PageRequest)


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
    """Find voters by ID (exact), or by name with or without diacritics (any
    part of it); each page read is one audit event (filter and count)."""
    return await commune_page(
        election_id=election_id,
        commune_code=commune_code,
        actor=actor,
        where=VoterFilter(query=query, polling_area_id=polling_area_id, status=status),
        limit=limit,
        offset=offset,
    )


async def commune_page(
    *,
    election_id: int,
    commune_code: str,
    actor: Actor,
    where: VoterFilter,
    page: PageRequest | None = None,
    limit: int = 50,
    offset: int = 0,
) -> VoterPage:
    """One page of a commune's voters matching `where`, counted with the same
    filter: by `page` (past the last page: the last one), else `limit` and
    `offset` (the API's). One audit event for the page read."""
    commune = await commune_in_scope(commune_code, actor)
    require_list_reader(actor)
    if actor.scope_level == ScopeLevel.POLLING_AREA:
        where = replace(where, polling_area_id=actor.polling_area_id)
    scope = {
        "election_id": election_id,
        "commune_code": commune.code,
        "polling_area_id": where.polling_area_id,
        **where.arguments(),
    }
    total = await queries.search_count(**scope)
    if page is not None:
        page = page.clamped(total)
        limit, offset = page.limit, page.offset
    voters = await queries.search_page(**scope, limit=limit, offset=offset)
    await record_bulk_read(
        actor=actor,
        entity_type="voter_list",
        entity_id=f"{election_id}:{commune.code}",
        action="list_viewed",
        details={**where.audited(), "offset": offset, "count": len(voters), "total": total},
    )
    return VoterPage(voters=voters, total=total, request=page or PageRequest())


async def area_page(
    *, polling_area_id: int, actor: Actor, where: VoterFilter, page: PageRequest
) -> VoterPage:
    """One page of a polling area's list as printed (`area_list`), in list
    order, matching `where` and counted with the same filter (past the last
    page: the last one). One audit event for the page read."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    require_list_reader(actor)
    arguments = {"polling_area_id": area.id, **where.arguments()}
    total = await queries.area_count(**arguments)
    page = page.clamped(total)
    voters = await queries.area_page(**arguments, limit=page.limit, offset=page.offset)
    await record_bulk_read(
        actor=actor,
        entity_type="voter_list",
        # Per area, as `area_list`: each entity's events share one audit chain.
        entity_id=f"{area.election_id}:{area.commune_code}:{area.id}",
        action="list_viewed",
        details={
            **where.audited(),
            "polling_area_id": area.id,
            "offset": page.offset,
            "count": len(voters),
            "total": total,
        },
    )
    return VoterPage(voters=voters, total=total, request=page)


async def area_list(
    *, polling_area_id: int, actor: Actor, purpose: str = "list_viewed"
) -> list[VoterRow]:
    """Every entry of one polling area's list in list order (struck-off entries
    included), read by `purpose` ("list_printed", "cards_printed", …): one
    audit event."""
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
