"""Assembling each printable form's data from the database, then rendering it.

The form definitions in `forms/` are pure; this module is where they meet
the services and the actor's scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.actor import Actor, ScopeLevel
from election.clock import VIETNAM
from election.elections import rules as election_rules
from election.elections import services as elections
from election.elections import structure
from election.elections.ballot_order import needs_birth_date
from election.geography import services as geography
from forms import ballot, candidate_list, election_calendar
from forms.common import vn_date, vn_datetime
from forms.render import render


@dataclass(frozen=True)
class PrintedDocument:
    filename: str
    content: bytes
    media_type: str = "application/pdf"


def printed_today(now: dt.datetime | None = None) -> dt.date:
    """The day in Vietnam a form is printed on (`now` where a test fixes it)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(VIETNAM).date()


def short_place(name: str) -> str:
    """'Phường Bạc Liêu' → 'Bạc Liêu', for the place-and-date line."""
    for prefix in ("Phường ", "Xã ", "Đặc khu ", "Thành phố ", "Tỉnh "):
        name = name.removeprefix(prefix)
    return name


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
        printed_on=printed_today(moment),
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


# --------------------------------------------------------------------------
# Candidate lists and ballots


def province_title(name: str) -> str:
    """'Cà Mau' → 'tỉnh Cà Mau'; 'Thành phố Hà Nội' stays as it is."""
    return name if name.startswith("Thành phố") else f"tỉnh {name}"


async def contest_titles(unit: structure.UnitRow) -> tuple[str, str, list[str], str]:
    """(contest title for the list, for the ballot, list issuer lines, ballot issuer)."""
    election = await elections.get_election(election_id=unit.election_id)
    province = province_title(unit.province_name)
    if unit.level.value == "dbqh":
        body = "ĐẠI BIỂU QUỐC HỘI" + (
            f" KHÓA {election.assembly_term}" if election.assembly_term else ""
        )
        issuer = [f"ỦY BAN NHÂN DÂN {province.upper()}", f"ỦY BAN BẦU CỬ {province.upper()}"]
        ballot_issuer = f"ỦY BAN NHÂN DÂN {province.upper()}"
    elif unit.level.value == "hdnd_tinh":
        body = f"ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN {province.upper()}"
        issuer = [f"ỦY BAN NHÂN DÂN {province.upper()}", f"ỦY BAN BẦU CỬ {province.upper()}"]
        ballot_issuer = f"ỦY BAN NHÂN DÂN {province.upper()}"
    else:
        commune = (unit.commune_name or "").upper()
        body = f"ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN {commune}"
        issuer = [f"ỦY BAN NHÂN DÂN {commune}", f"ỦY BAN BẦU CỬ {commune}"]
        ballot_issuer = f"ỦY BAN NHÂN DÂN {commune}"
    if unit.level.value != "dbqh" and election.term:
        body += f" NHIỆM KỲ {election.term}"
    return "BẦU CỬ " + body, body, issuer, ballot_issuer


async def candidate_list_pdf(
    *, unit_id: int, actor: Actor, now: dt.datetime | None = None
) -> PrintedDocument:
    """Danh sách chính thức những người ứng cử of one unit, in ballot order (Art. 57–59)."""
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    election = await elections.get_election(election_id=unit.election_id)
    candidates = await structure.list_candidates(
        unit_id=unit_id, actor=actor, include_removed=False
    )
    list_title, _, issuer, _ = await contest_titles(unit)
    place = unit.commune_name if unit.level.value == "hdnd_xa" else unit.province_name
    data = candidate_list.CandidateListData(
        issuer=issuer,
        place=(place or "").removeprefix("Phường ").removeprefix("Xã ").removeprefix("Thành phố "),
        issued_on=printed_today(now),
        contest_title=list_title,
        unit_name=unit.name,
        unit_area=unit.area_text,
        seats=unit.seats,
        election_day=election.election_day,
        candidates=[
            candidate_list.CandidateEntry(
                order=index,
                full_name=c.full_name,
                other_name=c.other_name,
                date_of_birth=c.date_of_birth,
                sex=c.sex.label,
                hometown=c.hometown,
                residence=c.residence,
                ethnicity=c.ethnicity,
                religion=c.religion,
                education=c.education,
                qualification=c.qualification,
                occupation_position=c.occupation_position,
                workplace=c.workplace,
                party_joined=c.party_joined,
                current_deputy=c.current_deputy,
            )
            for index, c in enumerate(candidates, start=1)
        ],
        signer_title=["TM. ỦY BAN BẦU CỬ", "CHỦ TỊCH"],
    )
    return PrintedDocument(
        filename=f"danh-sach-ung-cu-{unit.level.value}-don-vi-{unit.number}.pdf",
        content=render(candidate_list.FORM, data),
    )


async def ballot_pdf(*, unit_id: int, actor: Actor) -> PrintedDocument:
    """Phiếu bầu cử of one unit: names prefixed Ông/Bà, in ballot order (Art. 57(5))."""
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    election = await elections.get_election(election_id=unit.election_id)
    candidates = await structure.list_candidates(
        unit_id=unit_id, actor=actor, include_removed=False
    )
    _, body, _, issuer = await contest_titles(unit)
    twins = needs_birth_date(candidates, name=lambda c: c.full_name)
    data = ballot.BallotData(
        issuer=issuer,
        contest_title=body,
        unit_name=unit.name,
        unit_area=unit.area_text if unit.level.value == "hdnd_xa" else "",
        election_day=election.election_day,
        seats=unit.seats,
        candidates=[
            ballot.BallotCandidate(
                full_name=c.full_name,
                other_name=c.other_name,
                sex=c.sex.label,
                date_of_birth=c.date_of_birth,
                show_birth_date=index in twins,
            )
            for index, c in enumerate(candidates)
        ],
    )
    return PrintedDocument(
        filename=f"phieu-bau-{unit.level.value}-don-vi-{unit.number}.pdf",
        content=render(ballot.FORM, data),
    )
