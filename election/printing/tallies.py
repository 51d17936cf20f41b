"""Data of the polling team's forms: the tally minutes of a polling area and
contest (Mẫu số 18/23, blank or filled, with a QR code to its record) and
the minutes of the use of the ballots (Mẫu số 32); and how every results
form names the deputies, the round and the people (`election.printing.
results` prints the board's and the committee's minutes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from election.actor import Actor
from election.elections import services as elections
from election.elections import structure
from election.elections.tables import ContestLevel
from election.errors import NotFound
from election.printing.services import (
    PrintedDocument,
    province_title,
    short_place,
)
from election.tallies import services
from election.tallies.tables import RoundKind
from forms import (
    ballot_use_minutes,
    tally_minutes,
)
from forms.common import members_text
from forms.formatting import vn_date
from forms.minutes import Member, Witness, lower_first
from forms.render import render

_PRINT = Actor.system("print")


def clock(value: dt.time | None) -> str | None:
    """19:05 → '19 giờ 05 phút', as the minutes write a time."""
    return f"{value.hour} giờ {value.minute:02d} phút" if value else None


@dataclass(frozen=True)
class Deputies:
    """How the results forms name the deputies a unit elects: "đại biểu Quốc
    hội" or "đại biểu Hội đồng nhân dân tỉnh Cà Mau", their term ("khóa XVI",
    "khóa X, nhiệm kỳ 2026-2031"), the body ("Quốc hội", "Hội đồng nhân
    dân"), the council's place, the election as titles name it ("BẦU CỬ ĐẠI
    BIỂU QUỐC HỘI KHÓA XVI") and the resolution of the official list."""

    phrase: str
    term: str
    body: str
    place: str  # the council's place, "tỉnh Cà Mau"; "" for the National Assembly
    title: str
    list_resolution: str = ""  # "Nghị quyết số 1234/NQ-HĐBCQG ngày 26/02/2026"


async def deputies_of(unit: structure.UnitRow, election: elections.ElectionRow) -> Deputies:
    contest = await elections.get_contest(contest_id=unit.contest_id)
    if unit.level == ContestLevel.NATIONAL_ASSEMBLY:
        term = f"khóa {election.assembly_term}" if election.assembly_term else ""
        resolution = ""
        if contest.list_resolution_number:
            day = contest.list_resolution_date
            resolution = f"Nghị quyết số {contest.list_resolution_number}" + (
                f" ngày {vn_date(day)}" if day else ""
            )
        title = f"BẦU CỬ ĐẠI BIỂU QUỐC HỘI {term.upper()}".strip()
        return Deputies("đại biểu Quốc hội", term, "Quốc hội", "", title, resolution)
    if unit.level == ContestLevel.PROVINCE_COUNCIL:
        place = province_title(unit.province_name)
    else:
        place = lower_first(unit.commune_name or "")
    parts = [f"khóa {contest.council_term}" if contest.council_term else ""]
    parts.append(f"nhiệm kỳ {election.term}" if election.term else "")
    term = ", ".join(part for part in parts if part)
    phrase = f"đại biểu Hội đồng nhân dân {place}"
    return Deputies(phrase, term, "Hội đồng nhân dân", place, f"BẦU CỬ {phrase} {term}".upper())


# How a round's documents name the election: "BẦU CỬ THÊM ĐẠI BIỂU …".
ROUND_HEADINGS = {
    RoundKind.FIRST: "BẦU CỬ",
    RoundKind.SUPPLEMENTARY: "BẦU CỬ THÊM",
    RoundKind.RERUN: "BẦU CỬ LẠI",
    RoundKind.ANNULMENT: "BẦU CỬ LẠI",
}


def round_title(contest_title: str, kind: RoundKind) -> str:
    """'BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI' for the first round, 'BẦU CỬ LẠI ĐẠI
    BIỂU QUỐC HỘI KHÓA XVI' for a re-run."""
    return f"{ROUND_HEADINGS[kind]} {contest_title.removeprefix('BẦU CỬ ').strip()}"


def _team(people: dict[str, Any]) -> list[Member]:
    """The team members present, as the entry recorded them."""
    members = [Member(name=people.get("head", ""), role="Tổ trưởng")]
    members.append(Member(name=people.get("secretary", ""), role="Thư ký"))
    members += [Member(name=name, role="Ủy viên") for name in people.get("members", [])]
    return [m for m in members if m.name]


def witnesses(people: dict[str, Any], key: str) -> list[Witness]:
    """The witnesses an entry recorded; early entries kept names alone."""
    return [
        Witness.model_validate(w) if isinstance(w, dict) else Witness(name=str(w))
        for w in people.get(key, [])
    ]


def honorific(sex: str) -> str:
    return {"male": "Ông", "female": "Bà"}.get(sex, "Ông/Bà")


async def tally_minutes_pdf(
    *, sheet: services.SheetContext, actor: Actor, base_url: str, blank: bool = False
) -> PrintedDocument:
    """Biên bản kết quả kiểm phiếu of one area and contest (Art. 76; Mẫu số 18/23),
    blank or filled from the entry the sheet stands for; a filled copy is
    refused while the blind double entry keeps its figures from the actor."""
    entry = None if blank else await services.standing_entry(sheet=sheet, actor=actor)
    unit = await structure.get_unit(unit_id=sheet.unit_id, actor=_PRINT)
    election = await elections.get_election(election_id=sheet.election_id)
    day = sheet.counting_day
    deputies = await deputies_of(unit, election)
    figures = entry.figures if entry else None
    people: dict[str, Any] = entry.signatories if entry else {}
    note = ""
    if entry is not None:
        state = sheet.state_label.lower()
        note = f"In từ bản nhập lần {entry.version} ({entry.kind_label.lower()}), biên bản {state}."
    data = tally_minutes.TallyMinutesData(
        province=unit.province_name,
        commune=sheet.commune_name,
        contest_title=round_title(deputies.title, sheet.round_kind),
        deputies=deputies.phrase,
        term=deputies.term,
        unit_number=sheet.unit_number,
        unit_members=members_text(unit.area_text),
        polling_area_number=sheet.polling_area_number,
        election_day=day,
        filled=figures is not None,
        seats=sheet.seats,
        candidates=[
            tally_minutes.TallyCandidateLine(
                order=index,
                honorific=honorific(c.sex),
                full_name=c.full_name,
                votes=figures.votes.get(c.id, 0) if figures else None,
            )
            for index, c in enumerate(sheet.candidates, start=1)
        ],
        voters_on_list=figures.voters_on_list if figures else None,
        voters_took_part=figures.voters_took_part if figures else None,
        ballots_issued=figures.ballots_issued if figures else None,
        ballots_received=figures.ballots_received if figures else None,
        valid=figures.valid if figures else None,
        invalid=figures.invalid if figures else None,
        members=_team(people),
        box_witnesses=witnesses(people, "box_witnesses"),
        count_witnesses=witnesses(people, "witnesses"),
        voting_opened=clock(entry.voting_opened) if entry else None,
        voting_closed=clock(entry.voting_closed) if entry else None,
        closing_time=clock(entry.closing_time) if entry else None,
        incidents=entry.incidents if entry else "",
        recommendations=entry.recommendations if entry else "",
        complaints_received=figures.complaints_received if figures else None,
        complaints_settled=figures.complaints_settled if figures else None,
        complaints_forwarded=figures.complaints_forwarded if figures else None,
        qr_payload=f"{base_url.rstrip('/')}/tally-sheets/{sheet.id}",
        version_note=note,
    )
    kind = "mau" if figures is None else "ket-qua"
    return PrintedDocument(
        filename=f"bien-ban-kiem-phieu-{kind}-{sheet.level.value}-kv{sheet.polling_area_number}.pdf",
        content=render(tally_minutes.FORM, data),
    )


LEVELS = (
    ContestLevel.NATIONAL_ASSEMBLY,
    ContestLevel.PROVINCE_COUNCIL,
    ContestLevel.COMMUNE_COUNCIL,
)


def _election_phrase(election: elections.ElectionRow, levels: set[ContestLevel]) -> str:
    """'đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ
    2026-2031': the elections a polling area votes in."""
    parts: list[str] = []
    if ContestLevel.NATIONAL_ASSEMBLY in levels:
        term = f" khóa {election.assembly_term}" if election.assembly_term else ""
        parts.append(f"đại biểu Quốc hội{term}")
    if levels - {ContestLevel.NATIONAL_ASSEMBLY}:
        term = f" nhiệm kỳ {election.term}" if election.term else ""
        parts.append(f"đại biểu Hội đồng nhân dân các cấp{term}")
    return " và ".join(parts)


async def ballot_use_minutes_pdf(
    *, polling_area_id: int, actor: Actor, blank: bool = False
) -> PrintedDocument:
    """Biên bản kiểm kê việc sử dụng phiếu bầu cử of one polling team, for the
    ballots of its three contests (Art. 69, 73; Mẫu số 32/HĐBC), from the
    entries its first-round sheets stand for."""
    sheets = {
        s.level: s
        for s in await services.area_sheets(polling_area_id=polling_area_id, actor=actor)
        if s.round_id is None
    }
    if not sheets:
        raise NotFound("Khu vực bỏ phiếu chưa thuộc đơn vị bầu cử nào.")
    first = next(iter(sheets.values()))
    election = await elections.get_election(election_id=first.election_id)
    entries: dict[ContestLevel, services.EntryRow] = {}
    for level, sheet in sheets.items():
        # A sheet whose figures the blind double entry keeps from the actor
        # prints as not yet entered.
        shown = None if blank else (await services.view_of(sheet, actor)).shown
        if shown is not None:
            entries[level] = shown
    boards: list[ballot_use_minutes.Board] = []
    stocks: list[ballot_use_minutes.BallotStock | None] = []
    for level in LEVELS:
        sheet = sheets.get(level)
        if sheet is None:
            boards.append(ballot_use_minutes.Board(name=_ABSENT_BOARDS[level]))
            stocks.append(None)
            continue
        unit = await structure.get_unit(unit_id=sheet.unit_id, actor=_PRINT)
        boards.append(
            ballot_use_minutes.Board(
                name=(await deputies_of(unit, election)).phrase, unit_number=unit.number
            )
        )
        entry = entries.get(level)
        stocks.append(
            ballot_use_minutes.BallotStock(
                received=entry.ballots_delivered,
                issued=entry.ballots_issued,
                spoiled=entry.spoiled_ballots,
                unused=entry.unused_ballots,
            )
            if entry
            else ballot_use_minutes.BallotStock()
        )
    # The team's people and times, from the first entry that recorded them.
    recorded = [entries[level] for level in LEVELS if level in entries]
    people = next((e.signatories for e in recorded if e.signatories.get("witnesses")), {})
    heads = next((e.signatories for e in recorded if e.signatories.get("head")), {})
    closed = next((e.voting_closed for e in recorded if e.voting_closed), None)
    data = ballot_use_minutes.BallotUseData(
        province=(await structure.get_unit(unit_id=first.unit_id, actor=_PRINT)).province_name,
        commune=first.commune_name,
        polling_area_number=first.polling_area_number,
        election=_election_phrase(election, set(sheets)),
        election_day=first.counting_day,
        place=short_place(first.commune_name),
        filled=bool(recorded),
        voting_closed=clock(closed),
        witnesses=witnesses(people, "witnesses"),
        stocks=stocks,
        boards=boards,
        head=heads.get("head", ""),
        secretary=heads.get("secretary", ""),
    )
    kind = "ket-qua" if recorded else "mau"
    return PrintedDocument(
        filename=f"bien-ban-su-dung-phieu-{kind}-kv{first.polling_area_number}.pdf",
        content=render(ballot_use_minutes.FORM, data),
    )


# The boards of a contest the area does not vote in, named as the model does.
_ABSENT_BOARDS = {
    ContestLevel.NATIONAL_ASSEMBLY: "đại biểu Quốc hội",
    ContestLevel.PROVINCE_COUNCIL: "đại biểu Hội đồng nhân dân tỉnh/thành phố",
    ContestLevel.COMMUNE_COUNCIL: "đại biểu Hội đồng nhân dân xã/phường/đặc khu",
}
