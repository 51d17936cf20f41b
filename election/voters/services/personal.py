"""Personal data of voter lists: who may read lists at all, the full ID shown
only on request with a reason, and every bulk read left in the audit log.

Readers of lists: staff (admin, province, commune) within their scope, and a
station's officers for their own area (check-in needs the list). Observers and
election boards read counts, never lists: an observer paging through a ward's
39,901 voters with their IDs is the leak this closes.

The full ID: commune and province staff (and admins) who manage the voter's
commune, one voter at a time, with a reason; each reveal is an audit event
(who, when, why). Bulk reads (a page of a search, an area's list, a printed
list or cards) are one event each, with the filter and the count, never one
per voter and never the IDs themselves.
"""

from __future__ import annotations

from typing import Any

from election import db
from election.actor import Actor, Role
from election.audit import services as audit
from election.audit.reveals import record_reveal
from election.errors import Forbidden
from election.masking import mask_personal_id
from election.voters.queries.entries import VoterRow
from election.voters.services.access import may_manage

LIST_READERS = frozenset(
    {Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF, Role.STATION_OFFICER}
)
REVEALERS = frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF})


def may_read_lists(actor: Actor) -> bool:
    return actor.role in LIST_READERS


def require_list_reader(actor: Actor) -> None:
    """Observers and boards are refused voter lists and entries (403)."""
    if not may_read_lists(actor):
        raise Forbidden(
            "Danh sách cử tri có thông tin cá nhân: chỉ cán bộ quản lý danh sách "
            "và Tổ bầu cử của khu vực được xem."
        )


def may_reveal(actor: Actor, voter: VoterRow) -> bool:
    return actor.role in REVEALERS and may_manage(actor, voter.commune_code, voter.province_code)


def shown_filter(query: str) -> str:
    """A search's text as the audit log keeps it: an ID typed as the query is
    itself personal data, so it is kept masked."""
    return mask_personal_id(query) if query.strip().isdigit() else query


async def record_bulk_read(
    *, actor: Actor, entity_type: str, entity_id: Any, action: str, details: dict[str, Any]
) -> None:
    """One audit event for one page of voters read, or one export made."""
    async with db.transaction():
        await audit.record(
            actor=actor,
            entity_type=entity_type,
            entity_id=entity_id,
            action=action,
            after=details,
            summary=f"{details.get('count', 0)} cử tri",
        )


async def reveal_personal_id(*, voter: VoterRow, reason: str, actor: Actor) -> str:
    """The voter's full ID for `actor`, who must manage the voter's commune and
    say why (`voter` as `get_voter` gave it); the reveal is audited."""
    if not may_reveal(actor, voter):
        raise Forbidden("Chỉ cán bộ quản lý danh sách của xã, phường này được xem số định danh.")
    await record_reveal(
        actor=actor, entity_type="voter", entity_id=voter.id, reason=reason, fields="số định danh"
    )
    return voter.personal_id
