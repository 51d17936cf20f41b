"""Data of the results forms: the tally minutes of a polling area (blank or
filled, with a QR code to its record), the minutes fixing a unit's result,
and the summary minutes of a contest (province ĐBQH minutes, council summary
minutes)."""

from __future__ import annotations

import datetime as dt

from election.actor import Actor
from election.elections import services as elections
from election.elections import structure
from election.elections.tables import ContestLevel
from election.errors import InvalidInput, NotFound
from election.printing import queries
from election.printing.services import (
    PrintedDocument,
    contest_titles,
    printed_today,
    province_title,
    short_place,
)
from election.tallies import exports, services
from election.tallies.live import Scope
from forms import (
    council_summary_minutes,
    province_result_minutes,
    tally_minutes,
    unit_result_minutes,
)
from forms.render import render
from forms.tally_minutes import vn_decimal

_PRINT = Actor.system("print")


def _clock(value: dt.time | None) -> str | None:
    return f"{value.hour} giờ {value.minute:02d} phút" if value else None


async def tally_minutes_pdf(
    *, sheet: services.SheetContext, actor: Actor, base_url: str, blank: bool = False
) -> PrintedDocument:
    """Biên bản kết quả kiểm phiếu of one area and contest (Art. 76)."""
    unit = await structure.get_unit(unit_id=sheet.unit_id, actor=_PRINT)
    election = await elections.get_election(election_id=sheet.election_id)
    contest_title, *_ = await contest_titles(unit)
    entry_id = sheet.approved_entry or sheet.verified_entry or sheet.submitted_entry
    entry = None if blank or entry_id is None else await services.get_entry(entry_id)
    day = election.election_day
    if sheet.round_id is not None:
        day = await queries.round_voting_day(round_id=sheet.round_id) or day
        contest_title = f"{sheet.round_kind.label.upper()} {contest_title.removeprefix('BẦU CỬ ')}"
    figures = entry.figures if entry else None
    signatories = entry.signatories if entry else {}
    signers = [
        signatories.get("head", ""),
        signatories.get("secretary", ""),
        *(w["name"] if isinstance(w, dict) else w for w in signatories.get("witnesses", [])),
    ]
    note = ""
    if entry is not None:
        state = sheet.state_label.lower()
        note = f"In từ bản nhập lần {entry.version} ({entry.kind_label.lower()}), biên bản {state}."
    data = tally_minutes.TallyMinutesData(
        issuer=[
            f"TỔ BẦU CỬ KHU VỰC BỎ PHIẾU SỐ {sheet.polling_area_number}",
            sheet.commune_name.upper(),
        ],
        contest_title=contest_title,
        unit_name=sheet.unit_name,
        polling_area=f"Khu vực bỏ phiếu số {sheet.polling_area_number}",
        place=short_place(sheet.commune_name),
        election_day=day,
        filled=figures is not None,
        voters_on_list=figures.voters_on_list if figures else None,
        voters_took_part=figures.voters_took_part if figures else None,
        ballots_issued=figures.ballots_issued if figures else None,
        ballots_received=figures.ballots_received if figures else None,
        valid=figures.valid if figures else None,
        invalid=figures.invalid if figures else None,
        candidates=[
            tally_minutes.TallyCandidateLine(
                order=index,
                full_name=c.full_name,
                votes=figures.votes.get(c.id, 0) if figures else None,
            )
            for index, c in enumerate(sheet.candidates, start=1)
        ],
        complaints_received=figures.complaints_received if figures else None,
        complaints_settled=figures.complaints_settled if figures else None,
        complaints_forwarded=figures.complaints_forwarded if figures else None,
        complaint_notes=entry.reason if entry else "",
        closing_time=_clock(entry.closing_time) if entry else None,
        signers=signers if entry else [],
        qr_payload=f"{base_url.rstrip('/')}/tally-sheets/{sheet.id}",
        version_note=note,
    )
    kind = "mau" if figures is None else "ket-qua"
    return PrintedDocument(
        filename=f"bien-ban-kiem-phieu-{kind}-{sheet.level.value}-kv{sheet.polling_area_number}.pdf",
        content=render(tally_minutes.FORM, data),
    )


def _board_issuer(unit: structure.UnitRow) -> list[str]:
    province = province_title(unit.province_name).upper()
    if unit.level == ContestLevel.NATIONAL_ASSEMBLY:
        return ["BAN BẦU CỬ ĐẠI BIỂU QUỐC HỘI", f"{unit.name.upper()} - {province}"]
    if unit.level == ContestLevel.PROVINCE_COUNCIL:
        return [f"BAN BẦU CỬ ĐẠI BIỂU HĐND {province}", unit.name.upper()]
    return [f"BAN BẦU CỬ ĐẠI BIỂU HĐND {(unit.commune_name or '').upper()}", unit.name.upper()]


def _complaints_text(received: int, settled: int, forwarded: int) -> str:
    if not received:
        return "Không có khiếu nại, tố cáo."
    return (
        f"Các Tổ bầu cử nhận {received} khiếu nại, tố cáo; đã giải quyết {settled}; "
        f"chuyển Ban bầu cử {forwarded}."
    )


async def unit_result_minutes_pdf(
    *, unit_id: int, round_id: int | None, actor: Actor
) -> PrintedDocument:
    """Biên bản xác định kết quả bầu cử ở đơn vị bầu cử (Art. 77)."""
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    view = await services.unit_result(unit_id=unit_id, actor=actor, round_id=round_id)
    election = await elections.get_election(election_id=unit.election_id)
    contest_title, *_ = await contest_titles(unit)
    d, t = view.determination, view.totals
    complaints = await services.unit_complaints(unit_id=unit_id, round_id=round_id)
    names = {s.candidate_id: s.full_name for s in d.standings}
    data = unit_result_minutes.UnitResultMinutesData(
        issuer=_board_issuer(unit),
        contest_title=contest_title,
        unit_name=unit.name,
        unit_area=f"gồm: {unit.area_text}" if unit.area_text else "",
        place=short_place(
            (unit.commune_name or "")
            if unit.level == ContestLevel.COMMUNE_COUNCIL
            else unit.province_name
        ),
        issued_on=printed_today(),
        election_day=election.election_day,
        seats=unit.seats,
        candidate_count=len(t.candidates),
        voters_on_list=t.voters_on_list,
        voters_took_part=t.voters_took_part,
        turnout_percent=vn_decimal(d.turnout),
        ballots_issued=t.ballots_issued,
        ballots_received=t.ballots_received,
        valid=t.valid,
        invalid=t.invalid,
        candidates=[
            unit_result_minutes.UnitCandidateResult(
                order=s.rank, full_name=s.full_name, votes=s.votes, percent=vn_decimal(s.percent)
            )
            for s in d.standings
        ],
        winners=[names[w] for w in d.winners],
        complaints_by_teams=_complaints_text(
            complaints.received, complaints.settled, complaints.forwarded
        ),
        provisional=not view.finalized,
        notes=list(d.notes),
        copies=3 if unit.level == ContestLevel.NATIONAL_ASSEMBLY else 4,
        signer_titles=["TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"],
        recipients=(
            "Hội đồng bầu cử quốc gia, Ủy ban bầu cử tỉnh, Ủy ban thường trực Ủy ban Mặt trận "
            "Tổ quốc Việt Nam tỉnh"
            if unit.level == ContestLevel.NATIONAL_ASSEMBLY
            else "Ủy ban bầu cử, Thường trực Hội đồng nhân dân, Ủy ban nhân dân, Ủy ban Mặt trận "
            "Tổ quốc Việt Nam cùng cấp"
        ),
    )
    return PrintedDocument(
        filename=f"bien-ban-ket-qua-{unit.level.value}-don-vi-{unit.number}.pdf",
        content=render(unit_result_minutes.FORM, data),
    )


def _summary_unit(a: exports.UnitAggregate) -> council_summary_minutes.SummaryUnit:
    d, t = a.determination, a.totals
    winners = set(d.winners)
    return council_summary_minutes.SummaryUnit(
        name=a.unit_name,
        seats=t.seats,
        candidate_count=len(t.candidates),
        voters_on_list=t.voters_on_list,
        voters_took_part=t.voters_took_part,
        turnout_percent=vn_decimal(d.turnout),
        valid=t.valid,
        invalid=t.invalid,
        winners=[
            council_summary_minutes.WinnerLine(
                full_name=s.full_name, votes=s.votes, percent=vn_decimal(s.percent)
            )
            for s in d.standings
            if s.candidate_id in winners
        ],
        empty_seats=d.empty_seats,
        candidates=[
            council_summary_minutes.CandidateVotes(
                full_name=s.full_name,
                votes=s.votes,
                percent=vn_decimal(s.percent),
                elected=s.candidate_id in winners,
            )
            for s in d.standings
        ],
        note=" ".join(d.notes),
    )


async def _summary_scope(
    *, election_id: int, contest_id: int, scope: Scope
) -> tuple[ContestLevel, Scope]:
    """The contest's level and the part of it its minutes cover: ĐBQH minutes
    are made per province, a council's summary for the whole council."""
    contest = await queries.contest_place(contest_id=contest_id, election_id=election_id)
    if contest is None:
        raise NotFound(f"Không có cuộc bầu cử số hiệu {contest_id} trong kỳ bầu cử này.")
    if contest.level == ContestLevel.NATIONAL_ASSEMBLY:
        if scope.province_code is None:
            raise InvalidInput(
                "Biên bản xác định kết quả bầu cử đại biểu Quốc hội lập theo tỉnh: chọn tỉnh."
            )
        return contest.level, Scope(province_code=scope.province_code)
    if contest.level == ContestLevel.PROVINCE_COUNCIL:
        return contest.level, Scope(province_code=contest.province_code)
    return contest.level, Scope(
        province_code=scope.province_code, commune_code=contest.commune_code
    )


def _province_minutes(
    election: elections.ElectionRow,
    first: exports.UnitAggregate,
    units: list[council_summary_minutes.SummaryUnit],
    *,
    provisional: bool,
) -> PrintedDocument:
    """Biên bản xác định kết quả bầu cử đại biểu Quốc hội ở tỉnh (Art. 83)."""
    province = province_title(first.province_name)
    data = province_result_minutes.ProvinceResultData(
        issuer=[f"ỦY BAN NHÂN DÂN {province.upper()}", f"ỦY BAN BẦU CỬ {province.upper()}"],
        committee=f"Ủy ban bầu cử {province}",
        contest_title="BẦU CỬ ĐẠI BIỂU QUỐC HỘI"
        + (f" KHÓA {election.assembly_term}" if election.assembly_term else ""),
        province_title=province.upper(),
        place=short_place(first.province_name),
        issued_on=printed_today(),
        election_day=election.election_day,
        units=units,
        provisional=provisional,
    )
    return PrintedDocument(
        filename=f"bien-ban-ket-qua-dbqh-{first.province_code}.pdf",
        content=render(province_result_minutes.FORM, data),
    )


def _council_minutes(
    election: elections.ElectionRow,
    first: exports.UnitAggregate,
    units: list[council_summary_minutes.SummaryUnit],
    *,
    level: ContestLevel,
    contest_id: int,
    provisional: bool,
) -> PrintedDocument:
    """Biên bản tổng kết cuộc bầu cử đại biểu Hội đồng nhân dân (Art. 85)."""
    if level == ContestLevel.PROVINCE_COUNCIL:
        place_title = province_title(first.province_name)
        place = short_place(first.province_name)
    else:
        place_title = first.commune_name or ""
        place = short_place(place_title)
    data = council_summary_minutes.CouncilSummaryData(
        issuer=[f"ỦY BAN NHÂN DÂN {place_title.upper()}", f"ỦY BAN BẦU CỬ {place_title.upper()}"],
        committee=f"Ủy ban bầu cử {place_title}",
        council_title=f"HỘI ĐỒNG NHÂN DÂN {place_title.upper()}"
        + (f" NHIỆM KỲ {election.term}" if election.term else ""),
        place=place,
        issued_on=printed_today(),
        election_day=election.election_day,
        units=units,
        provisional=provisional,
    )
    return PrintedDocument(
        filename=f"bien-ban-tong-ket-{level.value}-{contest_id}.pdf",
        content=render(council_summary_minutes.FORM, data),
    )


async def summary_minutes_pdf(
    *, election_id: int, contest_id: int, scope: Scope, actor: Actor
) -> PrintedDocument:
    """The committee's minutes for a contest: ĐBQH result in the province
    (Art. 83) or the council's summary minutes (Art. 85)."""
    election = await elections.get_election(election_id=election_id)
    level, scope = await _summary_scope(election_id=election_id, contest_id=contest_id, scope=scope)
    aggregates = await exports.aggregate_units(
        election_id=election_id, scope=scope, contest_id=contest_id
    )
    if not aggregates:
        raise NotFound("Cuộc bầu cử này chưa có đơn vị bầu cử trong phạm vi của bạn.")
    units = [_summary_unit(a) for a in aggregates]
    provisional = not all(a.finalized for a in aggregates)
    if level == ContestLevel.NATIONAL_ASSEMBLY:
        return _province_minutes(election, aggregates[0], units, provisional=provisional)
    return _council_minutes(
        election,
        aggregates[0],
        units,
        level=level,
        contest_id=contest_id,
        provisional=provisional,
    )
