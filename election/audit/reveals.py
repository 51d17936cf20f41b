"""Personal data shown in full on request: the reason checked, the reveal audited.

Lists, pages and API answers show IDs (and, to readers who do not manage the
record, phones) masked (`election.masking`). Staff who manage a voter, a staff
person or a candidate may ask for the full values one record at a time, saying
why; each reveal is one audit event naming who, what and why, never the value.
"""

from __future__ import annotations

from typing import Any

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.errors import InvalidInput

REASON_MIN_LENGTH = 5
ACTION = "reveal_personal_id"


def checked_reason(reason: str) -> str:
    """The reason as kept: single-spaced; too short a reason is refused."""
    cleaned = " ".join(reason.split())
    if len(cleaned) < REASON_MIN_LENGTH:
        raise InvalidInput("Ghi lý do cần xem thông tin cá nhân đầy đủ.")
    return cleaned


async def record_reveal(
    *, actor: Actor, entity_type: str, entity_id: Any, reason: str, fields: str
) -> None:
    """One audit event for one record's personal data shown in full; `fields`
    names what was shown, in words ("số định danh, số điện thoại")."""
    cleaned = checked_reason(reason)
    async with db.transaction():
        await audit.record(
            actor=actor,
            entity_type=entity_type,
            entity_id=entity_id,
            action=ACTION,
            after={"reason": cleaned, "fields": fields},
            summary=f"Xem {fields}: {cleaned}",
        )
