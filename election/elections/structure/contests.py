"""The contest as the official models print it besides its name: the People's
Council's term number and the resolution that fixed the ĐBQH list."""

from __future__ import annotations

import datetime as dt

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.elections.queries import events as queries
from election.elections.queries.events import ContestRow
from election.elections.services import council_term_of, get_contest, require_admin
from election.elections.structure.access import may_manage
from election.elections.tables import ContestLevel
from election.errors import Forbidden, InvalidInput


async def set_contest_details(
    *,
    contest_id: int,
    council_term: str = "",
    list_resolution_number: str = "",
    list_resolution_date: dt.date | None = None,
    actor: Actor,
) -> ContestRow:
    """The People's Council's term number (models 14, 15, 22) and, for the
    ĐBQH, the National Election Council's resolution that fixed the official
    list (model 17, Art. 57). National admins for the ĐBQH; for a council, the
    staff who manage its units (province staff; commune staff for a commune)."""
    contest = await get_contest(contest_id=contest_id)
    if contest.level == ContestLevel.NATIONAL_ASSEMBLY:
        require_admin(actor)
    elif not may_manage(
        actor,
        level=contest.level,
        province_code=contest.province_code or "",
        commune_code=contest.commune_code,
    ):
        raise Forbidden("Bạn không có quyền thay đổi cuộc bầu cử này.")
    number = " ".join(list_resolution_number.split())
    if (number or list_resolution_date) and contest.level != ContestLevel.NATIONAL_ASSEMBLY:
        raise InvalidInput(
            "Nghị quyết công bố danh sách chính thức chỉ ghi cho cuộc bầu cử ĐBQH (Điều 57)."
        )
    term = council_term_of(contest.level, council_term)
    async with db.transaction():
        await queries.set_contest_details(
            contest_id=contest_id,
            council_term=term,
            list_resolution_number=number,
            list_resolution_date=list_resolution_date,
        )
        after = await get_contest(contest_id=contest_id)
        await audit.record(
            actor=actor,
            entity_type="contest",
            entity_id=contest_id,
            action="set_details",
            before=contest,
            after=after,
            summary=f"Cập nhật thông tin in trên mẫu văn bản: {contest.name}",
        )
    return after
