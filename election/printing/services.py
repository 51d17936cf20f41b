"""Assembling each printable form's data from the database, then rendering it.

The form definitions in `forms/` are pure; this module is where they meet
the services and the actor's scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.accounts.tables import ScopeLevel
from election.actor import Actor
from election.elections import rules as election_rules
from election.elections import services as elections
from election.geography import services as geography
from forms import election_calendar
from forms.common import vn_date, vn_datetime
from forms.render import render


@dataclass(frozen=True)
class PrintedDocument:
    filename: str
    content: bytes
    media_type: str = "application/pdf"


async def issuer_lines(actor: Actor) -> tuple[list[str], str]:
    """The issuing-body header and the place name for the actor's level."""
    if actor.scope_level in (ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA) and actor.commune_code:
        commune = await geography.get_commune(actor.commune_code)
        return (
            [
                f"ỦY BAN NHÂN DÂN {commune.province_name.upper()}",
                f"ỦY BAN BẦU CỬ {commune.name.upper()}",
            ],
            commune.name.removeprefix("Phường ").removeprefix("Xã ").removeprefix("Đặc khu "),
        )
    if actor.scope_level == ScopeLevel.PROVINCE and actor.province_code:
        province = await geography.get_province(actor.province_code)
        bare = province.name.removeprefix("Thành phố ")
        return ([f"ỦY BAN NHÂN DÂN {province.name.upper()}", f"ỦY BAN BẦU CỬ {bare.upper()}"], bare)
    return (["HỘI ĐỒNG BẦU CỬ QUỐC GIA"], "Hà Nội")


async def election_calendar_pdf(
    *, election_id: int, actor: Actor, now: dt.datetime | None = None
) -> PrintedDocument:
    moment = now or dt.datetime.now(dt.UTC)
    election, milestones = await elections.election_calendar(election_id=election_id, now=moment)
    issuer, place = await issuer_lines(actor)
    data = election_calendar.ElectionCalendarData(
        issuer=issuer,
        election_name=election.name,
        election_day=election.election_day,
        voting_hours=f"từ {election.voting_opens:%H:%M} đến {election.voting_closes:%H:%M}",
        place=place,
        printed_on=moment.astimezone(election_rules.VIETNAM).date(),
        law=election_rules.LAW,
        entries=[
            election_calendar.CalendarEntry(
                label=m.label,
                title=m.title,
                legal_basis=m.legal_basis,
                responsible=m.responsible,
                due=vn_datetime(m.due_at) if m.due_at else vn_date(m.due_date),
                state=m.state.label,
            )
            for m in milestones
        ],
    )
    return PrintedDocument(
        filename=f"lich-bau-cu-{election.election_day:%Y%m%d}.pdf",
        content=render(election_calendar.FORM, data),
    )
