"""Assembling each printable form's data from the database, then rendering it.

The form definitions in `forms/` are pure; this module is where they meet
the services and the actor's scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from election.actor import Actor, ScopeLevel
from election.clock import VIETNAM
from election.elections import rules as election_rules
from election.elections import services as elections
from election.elections import structure, training_clock
from election.elections.ballot_order import needs_birth_date
from election.elections.tables import ContestLevel
from election.errors import Conflict, InvalidInput
from election.geography import services as geography
from forms import allocation_report, ballot, candidate_list, election_calendar
from forms.common import vn_date, vn_datetime
from forms.render import render


@dataclass(frozen=True)
class PrintedDocument:
    filename: str
    content: bytes
    media_type: str = "application/pdf"


async def printed_today(election_id: int, now: dt.datetime | None = None) -> dt.date:
    """The day in Vietnam a form is printed on: the election's (a training
    clock shifts it), or `now`'s where a test fixes it."""
    return await training_clock.today_for(election_id, now)


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
    moment = await training_clock.now_for(election_id, now)
    election, milestones = await elections.election_calendar(election_id=election_id, now=moment)
    issuer, place = await issuer_lines(actor)
    data = election_calendar.ElectionCalendarData(
        issuer=issuer,
        election_name=election.name,
        election_day=election.election_day,
        voting_hours=f"từ {election.voting_opens:%H:%M} đến {election.voting_closes:%H:%M}",
        place=place,
        printed_on=await printed_today(election_id, moment),
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


FormLevel = Literal["dbqh", "hdnd_tinh", "hdnd_xa"]


def form_level(level: ContestLevel) -> FormLevel:
    """The contest level as the forms name it (their data holds no enum of ours)."""
    if level == ContestLevel.NATIONAL_ASSEMBLY:
        return "dbqh"
    return "hdnd_tinh" if level == ContestLevel.PROVINCE_COUNCIL else "hdnd_xa"


def official_term(term: str) -> str:
    """'2026–2031' as the models print it: '2026-2031'."""
    return "-".join(part.strip() for part in term.replace("–", "-").replace("—", "-").split("-"))


def province_heading(name: str) -> str:
    """'Cà Mau' → 'Tỉnh Cà Mau'; 'Thành phố Hà Nội' stays as it is."""
    return name if name.startswith("Thành phố") else f"Tỉnh {name}"


def candidate_entry(order: int, c: structure.CandidateRow) -> candidate_list.CandidateEntry:
    """A candidate in the columns of the official lists (models 16, 17, 22)."""
    return candidate_list.CandidateEntry(
        order=order,
        full_name=c.full_name,
        other_name=c.other_name,
        date_of_birth=c.date_of_birth,
        sex=c.sex.label,
        nationality=c.nationality,
        ethnicity=c.ethnicity,
        religion=c.religion,
        hometown=c.hometown,
        residence=c.residence,
        education=c.education,
        qualification=c.qualification,
        academic_title=c.academic_title,
        political_theory=c.political_theory,
        foreign_language=c.foreign_language,
        occupation_position=c.occupation_position,
        workplace=c.workplace,
        party_joined=c.party_joined,
        assembly_deputy=c.assembly_deputy,
        current_deputy=c.current_deputy,
        note=c.note,
    )


def committee_place(unit: structure.UnitRow) -> str:
    """Where the election committee that publishes the unit's list sits (Art.
    57-58): the province for the ĐBQH and the HĐND tỉnh, the commune for the
    HĐND xã. 'TỈNH CÀ MAU', 'PHƯỜNG BẠC LIÊU'."""
    if unit.level == ContestLevel.COMMUNE_COUNCIL:
        return (unit.commune_name or "").upper()
    return province_heading(unit.province_name).upper()


async def candidate_list_pdf(*, unit_id: int, actor: Actor) -> PrintedDocument:
    """Danh sách chính thức những người ứng cử of one unit, in ballot order
    (Art. 57–59): model 17/HĐBC-QH or 22/HĐBC-HĐND. A council's list is dated
    the day it was fixed, with blanks to date it by hand before that."""
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    election = await elections.get_election(election_id=unit.election_id)
    contest = await elections.get_contest(contest_id=unit.contest_id)
    candidates = await structure.list_candidates(
        unit_id=unit_id, actor=actor, include_removed=False
    )
    place = unit.commune_name if unit.level == ContestLevel.COMMUNE_COUNCIL else unit.province_name
    fixed = unit.list_finalized_at
    data = candidate_list.CandidateListData(
        level=form_level(unit.level),
        committee=committee_place(unit),
        unit_number=unit.number,
        unit_area=unit.area_text,
        seats=unit.seats,
        assembly_term=election.assembly_term,
        council_term=contest.council_term,
        term=official_term(election.term),
        resolution_number=contest.list_resolution_number,
        resolution_date=contest.list_resolution_date,
        place=short_place(place or ""),
        issued_on=fixed.astimezone(VIETNAM).date() if fixed else None,
        candidates=[candidate_entry(index, c) for index, c in enumerate(candidates, start=1)],
    )
    return PrintedDocument(
        filename=f"danh-sach-ung-cu-{unit.level.value}-don-vi-{unit.number}.pdf",
        content=render(candidate_list.FORM, data),
    )


async def allocation_report_pdf(
    *, contest_id: int, province_code: str | None, actor: Actor, now: dt.datetime | None = None
) -> PrintedDocument:
    """Model 16/HĐBC-QH: the province committee's report of the candidates it
    plans for each of the province's ĐBQH units (Art. 57), in ballot order."""
    contest = await elections.get_contest(contest_id=contest_id)
    if contest.level != ContestLevel.NATIONAL_ASSEMBLY:
        raise Conflict("Báo cáo dự kiến phân bổ người ứng cử chỉ dành cho bầu cử ĐBQH.")
    code = province_code or actor.province_code
    if not code:
        raise InvalidInput("Cần chọn tỉnh, thành phố của báo cáo (province).")
    province = await geography.get_province(code)
    election = await elections.get_election(election_id=contest.election_id)
    units = await structure.list_units(contest_id=contest_id, actor=actor, province_code=code)
    if not units:
        raise Conflict(f"{province.name} chưa có đơn vị bầu cử đại biểu Quốc hội trong phạm vi.")
    allocated: list[allocation_report.AllocatedUnit] = []
    for unit in units:
        candidates = await structure.list_candidates(
            unit_id=unit.id, actor=actor, include_removed=False
        )
        allocated.append(
            allocation_report.AllocatedUnit(
                number=unit.number,
                area=unit.area_text,
                candidates=[
                    candidate_entry(index, c) for index, c in enumerate(candidates, start=1)
                ],
            )
        )
    data = allocation_report.AllocationReportData(
        province=province_heading(province.name).upper(),
        place=short_place(province.name),
        issued_on=await printed_today(contest.election_id, now),
        assembly_term=election.assembly_term,
        units=allocated,
    )
    return PrintedDocument(
        filename=f"bao-cao-phan-bo-ung-cu-dbqh-{code}.pdf",
        content=render(allocation_report.FORM, data),
    )


async def ballot_pdf(*, unit_id: int, actor: Actor) -> PrintedDocument:
    """Phiếu bầu cử of one unit (models 13, 14, 15): names prefixed Ông/Bà, in
    ballot order, the date of birth only beside identical names (Art. 57(5))."""
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    election = await elections.get_election(election_id=unit.election_id)
    contest = await elections.get_contest(contest_id=unit.contest_id)
    candidates = await structure.list_candidates(
        unit_id=unit_id, actor=actor, include_removed=False
    )
    twins = needs_birth_date(candidates, name=lambda c: c.full_name)
    data = ballot.BallotData(
        level=form_level(unit.level),
        province=province_heading(unit.province_name),
        commune=unit.commune_name or "",
        unit_number=unit.number,
        seats=unit.seats,
        assembly_term=election.assembly_term,
        council_term=contest.council_term,
        term=official_term(election.term),
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
