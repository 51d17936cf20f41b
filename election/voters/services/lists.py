"""The list of a polling area: its counts, finalizing it (card numbers) and
posting it (Art. 32)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.elections import services as elections
from election.elections.structure import integrity
from election.errors import Conflict, Violation
from election.stations import services as stations
from election.text import tidy
from election.voters.queries import lists as queries
from election.voters.queries.lists import VoterCounts
from election.voters.services.access import require_manage

# --------------------------------------------------------------------------
# Counts (for the pages and the tally checks): listed voters not voting elsewhere


async def counts_by_area(*, election_id: int, commune_code: str) -> dict[int, VoterCounts]:
    rows = await queries.counts_by_area(election_id=election_id, commune_code=commune_code)
    return {row.polling_area_id: row.counts() for row in rows}


async def commune_counts(*, election_id: int, commune_code: str) -> VoterCounts:
    return await queries.commune_counts(election_id=election_id, commune_code=commune_code)


async def area_counts(*, polling_area_id: int) -> VoterCounts:
    return await queries.area_counts(polling_area_id=polling_area_id)


async def unit_counts(*, unit_id: int) -> VoterCounts:
    """Voters of an electoral unit: the areas that belong to it for its contest."""
    return await queries.unit_counts(unit_id=unit_id)


# --------------------------------------------------------------------------
# Finalized (numbered) and posted


@dataclass(frozen=True)
class ListState:
    polling_area_id: int
    finalized_at: dt.datetime | None
    finalized_by: str
    posted_on: dt.date | None
    posted_at_place: str

    @property
    def finalized(self) -> bool:
        return self.finalized_at is not None


async def list_state(*, polling_area_id: int) -> ListState:
    row = await queries.list_state(polling_area_id=polling_area_id)
    if row is None:
        return ListState(polling_area_id, None, "", None, "")
    return ListState(
        polling_area_id, row.finalized_at, row.finalized_by, row.posted_on, row.posted_at_place
    )


async def number_if_finalized(polling_area_id: int) -> None:
    """Later additions append to a finalized list (numbers are never reused)."""
    if (await list_state(polling_area_id=polling_area_id)).finalized:
        await queries.append_card_numbers(polling_area_id=polling_area_id)


async def finalize_area_list(
    *, polling_area_id: int, actor: Actor, now: dt.datetime | None = None
) -> ListState:
    """Number the list for posting; the voter-card number is the sequence
    number. Before voting opens (the election's clock, or `now`)."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    require_manage(actor, area.commune_code, area.province_code)
    await integrity.require_before_voting(
        "chốt danh sách cử tri", election_id=area.election_id, article="Điều 32, 69", now=now
    )
    async with db.transaction():
        state = await list_state(polling_area_id=polling_area_id)
        if state.finalized:
            raise Conflict("Danh sách cử tri của khu vực này đã được chốt và đánh số.")
        numbered = await queries.append_card_numbers(polling_area_id=polling_area_id)
        await queries.finalize(polling_area_id=polling_area_id, finalized_by=actor.username)
        await audit.record(
            actor=actor,
            entity_type="voter_list",
            entity_id=polling_area_id,
            action="finalize",
            after={"numbered": numbered},
            summary=f"Chốt danh sách cử tri khu vực bỏ phiếu số {area.number}, {area.commune_name}: "
            f"đánh số {numbered} thẻ cử tri",
        )
    return await list_state(polling_area_id=polling_area_id)


async def post_area_list(
    *,
    polling_area_id: int,
    posted_on: dt.date,
    place: str,
    actor: Actor,
    now: dt.datetime | None = None,
) -> tuple[ListState, list[Violation]]:
    """Art. 32: the list is posted at least 40 days before election day; it
    is recorded before voting opens (the election's clock, or `now`)."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    require_manage(actor, area.commune_code, area.province_code)
    await integrity.require_before_voting(
        "niêm yết danh sách cử tri", election_id=area.election_id, article="Điều 32, 69", now=now
    )
    election = await elections.get_election(election_id=area.election_id)
    state = await list_state(polling_area_id=polling_area_id)
    if not state.finalized:
        raise Conflict("Hãy chốt và đánh số danh sách trước khi niêm yết.")
    deadline = election.election_day - dt.timedelta(days=40)
    warnings: list[Violation] = []
    if posted_on > deadline:
        warnings.append(
            Violation(
                "list_posted_late",
                f"Danh sách cử tri phải được niêm yết chậm nhất 40 ngày trước ngày bầu cử "
                f"({deadline:%d/%m/%Y}).",
                "Điều 32",
                "posted_on",
                severity="warning",
            )
        )
    place = tidy(place)
    async with db.transaction():
        await queries.post(polling_area_id=polling_area_id, posted_on=posted_on, place=place)
        await audit.record(
            actor=actor,
            entity_type="voter_list",
            entity_id=polling_area_id,
            action="post",
            after={"posted_on": posted_on, "place": place},
            summary=f"Niêm yết danh sách cử tri khu vực bỏ phiếu số {area.number} ngày "
            f"{posted_on:%d/%m/%Y}",
        )
    return await list_state(polling_area_id=polling_area_id), warnings
