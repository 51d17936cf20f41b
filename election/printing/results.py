"""Data of the board's and the committee's results forms: the minutes of a
unit's result (Mẫu số 19/24, Art. 77), the report on the winners of a
National Assembly unit (Mẫu số 21, from the unit's fixed result), and the
committee's minutes over its units: the National Assembly result in a
province (Mẫu số 20, Art. 83) and a council's summary (Mẫu số 25, Art. 85).

The members present are the body's members in the staffing register; the
follow-up rounds (Art. 79–81) come from the units' rounds and results.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from election.actor import Actor
from election.clock import VIETNAM
from election.elections import services as elections
from election.elections import structure
from election.elections.tables import ContestLevel
from election.errors import Conflict, Forbidden, InvalidInput, NotFound
from election.printing import queries
from election.printing.services import (
    PrintedDocument,
    printed_today,
    province_title,
    short_place,
)
from election.printing.tallies import Deputies, deputies_of, honorific, round_title
from election.staffing import services as staffing
from election.staffing.tables import BodyFamily, BodyKind
from election.tallies import exports, rules, services
from election.tallies.live import Scope
from election.tallies.queries.results import Complaints
from election.tallies.tables import RoundKind
from forms import (
    committee_minutes,
    council_summary_minutes,
    province_result_minutes,
    unit_result_minutes,
    winners_report,
)
from forms.common import members_text
from forms.formatting import vn_date
from forms.minutes import Member, vn_decimal
from forms.render import render

_PRINT = Actor.system("print")


async def _members(bodies: list[staffing.BodyRow]) -> list[Member]:
    """The serving members of a body (the first found), head first."""
    if not bodies:
        return []
    rows = await staffing.list_members(body_id=bodies[0].id, actor=_PRINT)
    return [
        Member(name=m.full_name, role=m.role_title, honorific=honorific(m.sex.value))
        for m in rows
        if m.active
    ]


def _signers(members: list[Member], head: str, deputy: str) -> tuple[str, list[str]]:
    """The name of the head and those of the deputies, for the signatures."""
    heads = [m.name for m in members if m.role == head]
    return (heads[0] if heads else ""), [m.name for m in members if m.role == deputy]


def _complaints_text(complaints: Complaints) -> str:
    if not complaints.received:
        return ""
    return (
        f"Các Tổ bầu cử nhận {complaints.received} khiếu nại, tố cáo; đã giải quyết "
        f"{complaints.settled}; chuyển Ban bầu cử {complaints.forwarded}."
    )


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(VIETNAM).replace(tzinfo=None)


# --------------------------------------------------------------------------
# The unit's result (Mẫu số 19/24)


def _board_header(unit: structure.UnitRow, deputies: Deputies) -> list[str]:
    number = f"ĐƠN VỊ BẦU CỬ SỐ {unit.number}"
    if unit.level == ContestLevel.NATIONAL_ASSEMBLY:
        return ["BAN BẦU CỬ", "ĐẠI BIỂU QUỐC HỘI", number]
    return ["BAN BẦU CỬ ĐẠI BIỂU", f"HỘI ĐỒNG NHÂN DÂN {deputies.place.upper()}", number]


def _law_notes(d: rules.Determination) -> list[str]:
    """The determination's notes the minutes' own wording (notes (5) and (7)
    of the models) does not already give: ties, seats left vacant."""
    if not d.result_valid or d.needs_supplementary:
        return [n for n in d.notes if "Điều 78 khoản 4" in n]
    return list(d.notes)


async def unit_result_minutes_pdf(
    *, unit_id: int, round_id: int | None, actor: Actor
) -> PrintedDocument:
    """Biên bản xác định kết quả bầu cử ở đơn vị bầu cử (Art. 77; Mẫu số 19/24)."""
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    view = await services.unit_result(unit_id=unit_id, actor=actor, round_id=round_id)
    if view.sums_withheld:
        # Blind double entry: the sums would show the reader another's typing.
        raise Forbidden(view.withheld_note)
    election = await elections.get_election(election_id=unit.election_id)
    deputies = await deputies_of(unit, election)
    d, t = view.determination, view.totals
    # Before every sheet is approved the minutes are a draft that concludes nothing.
    verdict = view.verdict
    fixed = next(
        (r for r in await services.fixed_results(unit_id=unit_id) if r.round_id == round_id),
        None,
    )
    account: dict[str, Any] = fixed.determination.get("minutes", {}) if fixed else {}
    ballot = await structure.list_candidates(unit_id=unit_id, actor=actor, include_removed=False)
    standing = {s.candidate_id: s for s in d.standings}
    listed = [c for c in ballot if c.id in standing]
    communes = await services.unit_votes_by_commune(unit_id=unit_id, round_id=round_id)
    members = await _members(
        await staffing.list_bodies(
            election_id=unit.election_id, actor=_PRINT, family=BodyFamily.BOARD, unit_id=unit_id
        )
    )
    head, deputy_heads = _signers(members, "Trưởng ban", "Phó Trưởng ban")
    national = unit.level == ContestLevel.NATIONAL_ASSEMBLY
    province = province_title(unit.province_name)
    complaints = await services.unit_complaints(unit_id=unit_id, round_id=round_id)
    data = unit_result_minutes.UnitResultMinutesData(
        board=_board_header(unit, deputies),
        contest_title=round_title(deputies.title, view.round_kind),
        deputies=deputies.phrase,
        term=deputies.term,
        unit_number=unit.number,
        unit_members=members_text(unit.area_text),
        province=province,
        decided_by="Hội đồng bầu cử quốc gia" if national else f"Ủy ban bầu cử {deputies.place}",
        committee=f"Ủy ban bầu cử {province if national else deputies.place}",
        list_resolution=deputies.list_resolution,
        met_at=_local(fixed.finalized_at) if fixed else None,
        members=members,
        seats=d.seats_to_fill,
        voters_on_list=t.voters_on_list,
        voters_took_part=t.voters_took_part,
        ballots_issued=t.ballots_issued,
        ballots_received=t.ballots_received,
        valid=t.valid,
        invalid=t.invalid,
        candidates=[
            unit_result_minutes.UnitCandidateResult(
                order=order,
                full_name=c.full_name,
                honorific=honorific(c.sex.value),
                votes=standing[c.id].votes,
                percent=vn_decimal(standing[c.id].percent),
                elected=verdict is not None and standing[c.id].elected,
            )
            for order, c in enumerate(listed, start=1)
        ],
        communes=[
            unit_result_minutes.CommuneVotes(
                name=row.commune_name,
                areas=row.areas,
                votes=[row.votes.get(c.id, 0) for c in listed],
            )
            for row in communes
        ],
        result_valid=verdict is None or verdict.result_valid,
        needs_supplementary=verdict is not None and verdict.needs_supplementary,
        notes=_law_notes(verdict) if verdict else [],
        events=account.get("events", ""),
        complaints_by_teams=_complaints_text(complaints),
        complaints_by_board=account.get("complaints_settled", ""),
        complaints_forwarded=account.get("complaints_forwarded", ""),
        attachments=list(account.get("attachments", []))
        or ([f"Biên bản kết quả kiểm phiếu của {view.areas_total} Tổ bầu cử."] if fixed else []),
        head=head,
        deputy_heads=deputy_heads,
        provisional=view.provisional,
        sheets_approved=view.areas_approved,
        sheets_total=view.areas_total,
        finalized=view.finalized,
        election_day=election.election_day,
    )
    suffix = f"-vong-{round_id}" if round_id else ""
    return PrintedDocument(
        filename=f"bien-ban-ket-qua-{unit.level.value}-don-vi-{unit.number}{suffix}.pdf",
        content=render(unit_result_minutes.FORM, data),
    )


# --------------------------------------------------------------------------
# The winners of a National Assembly unit (Mẫu số 21/HĐBC-QH)


async def winners_report_pdf(
    *, unit_id: int, actor: Actor, now: dt.datetime | None = None
) -> PrintedDocument:
    """Báo cáo về danh sách những người trúng cử đại biểu Quốc hội of one unit,
    from its fixed result (and its bầu cử thêm or lại), in the order of the
    alphabet as the ballot lists them (Mẫu số 21)."""
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    if unit.level != ContestLevel.NATIONAL_ASSEMBLY:
        raise InvalidInput(
            "Báo cáo danh sách những người trúng cử (Mẫu số 21) chỉ lập cho đơn vị bầu cử đại "
            "biểu Quốc hội."
        )
    results = await services.fixed_results(unit_id=unit_id)
    if not results:
        raise Conflict("Ban bầu cử chưa xác định kết quả bầu cử của đơn vị (Điều 77).")
    elected = set(services.elected(results))
    election = await elections.get_election(election_id=unit.election_id)
    ballot = await structure.list_candidates(unit_id=unit_id, actor=actor, include_removed=False)
    members = await _members(
        await staffing.list_bodies(
            election_id=unit.election_id, actor=_PRINT, family=BodyFamily.BOARD, unit_id=unit_id
        )
    )
    head, _ = _signers(members, "Trưởng ban", "Phó Trưởng ban")
    province = province_title(unit.province_name)
    data = winners_report.WinnersReportData(
        province=province[0].upper() + province[1:],
        unit_name=unit.name,
        assembly="ĐẠI BIỂU QUỐC HỘI"
        + (f" KHÓA {election.assembly_term}" if election.assembly_term else ""),
        election_day=election.election_day,
        place=short_place(unit.province_name),
        issued_on=await printed_today(unit.election_id, now),
        winners=[
            winners_report.Winner(
                full_name=c.full_name,
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
                council_deputy=c.current_deputy,
                note=c.note,
            )
            for c in ballot
            if c.id in elected
        ],
        head=head,
    )
    return PrintedDocument(
        filename=f"bao-cao-trung-cu-dbqh-don-vi-{unit.number}.pdf",
        content=render(winners_report.FORM, data),
    )


# --------------------------------------------------------------------------
# The committee's minutes over its units (Mẫu số 20/25)


def _turnout(t: rules.UnitTotals) -> committee_minutes.Turnout:
    return committee_minutes.Turnout(
        voters_on_list=t.voters_on_list,
        voters_took_part=t.voters_took_part,
        valid=t.valid,
        invalid=t.invalid,
    )


def _votes(
    d: rules.Determination, order: list[int], state: rules.UnitState
) -> list[committee_minutes.CandidateVotes]:
    """Each candidate's votes, in the order of the list (`order`: candidate
    ids); nobody elected on an incomplete count (Art. 77)."""
    by_id = {s.candidate_id: s for s in d.standings}
    return [
        committee_minutes.CandidateVotes(
            full_name=by_id[i].full_name,
            votes=by_id[i].votes,
            percent=vn_decimal(by_id[i].percent),
            elected=state.shows_verdict and by_id[i].elected,
        )
        for i in order
        if i in by_id
    ]


_RERUN_REASONS = {
    RoundKind.RERUN: "số cử tri tham gia chưa quá một nửa, Điều 80",
    RoundKind.ANNULMENT: "hủy bỏ kết quả bầu cử, Điều 81",
}


async def _summary_unit(a: exports.UnitAggregate) -> committee_minutes.SummaryUnit:
    """A unit's first round from the aggregate, and its rounds' results."""
    unit = await structure.get_unit(unit_id=a.unit_id, actor=_PRINT)
    order = [c.candidate_id for c in a.totals.candidates]
    summary = committee_minutes.SummaryUnit(
        number=a.unit_number,
        name=a.unit_name,
        communes=members_text(unit.area_text),
        seats=a.totals.seats,
        turnout=_turnout(a.totals),
        candidates=_votes(a.determination, order, a.state),
    )
    notes: list[str] = [f"Tạm tính: {a.state.summary}"] if a.provisional else []
    for r in await services.unit_rounds(unit_id=a.unit_id, actor=_PRINT):
        view = await services.unit_result(unit_id=a.unit_id, actor=_PRINT, round_id=r.id)
        follow_up = committee_minutes.FollowUp(
            voting_day=r.voting_day,
            turnout=_turnout(view.totals),
            candidates=_votes(view.determination, order, view.state),
            reason=_RERUN_REASONS.get(r.kind, "Điều 79"),
        )
        if r.kind == RoundKind.SUPPLEMENTARY:
            summary.supplementary = follow_up
            notes.append(f"Bầu cử thêm ngày {vn_date(r.voting_day)}")
        else:
            summary.rerun = follow_up
            notes.append(f"Bầu cử lại ngày {vn_date(r.voting_day)}")
    summary.note = "; ".join(notes)
    return summary


async def _summary_scope(
    *, election_id: int, contest_id: int, scope: Scope
) -> tuple[queries.ContestPlaceRow, Scope]:
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
        return contest, Scope(province_code=scope.province_code)
    if contest.level == ContestLevel.PROVINCE_COUNCIL:
        return contest, Scope(province_code=contest.province_code)
    return contest, Scope(province_code=scope.province_code, commune_code=contest.commune_code)


async def _committee(
    election_id: int, level: ContestLevel, first: exports.UnitAggregate
) -> list[Member]:
    """The members of the committee that makes the minutes: the province's for
    the National Assembly and the province's council, the commune's for its
    council."""
    if level == ContestLevel.COMMUNE_COUNCIL:
        bodies = await staffing.list_bodies(
            election_id=election_id,
            actor=_PRINT,
            kind=BodyKind.COMMUNE_COMMITTEE,
            commune_code=first.commune_code,
        )
    else:
        bodies = [
            b
            for b in await staffing.list_bodies(
                election_id=election_id, actor=_PRINT, kind=BodyKind.PROVINCE_COMMITTEE
            )
            if b.province_code == first.province_code
        ]
    return await _members(bodies)


async def _teams_and_boards(aggregates: list[exports.UnitAggregate]) -> str:
    """Section 7 of model 20: the complaints the teams and the boards settled."""
    received = settled = forwarded = 0
    boards: list[str] = []
    for a in aggregates:
        c = await services.unit_complaints(unit_id=a.unit_id)
        received, settled, forwarded = (
            received + c.received,
            settled + c.settled,
            forwarded + c.forwarded,
        )
        for result in await services.fixed_results(unit_id=a.unit_id):
            text = result.determination.get("minutes", {}).get("complaints_settled", "")
            if text:
                boards.append(f"Ban bầu cử {a.unit_name.lower()}: {text}")
    counts = _complaints_text(Complaints(received=received, settled=settled, forwarded=forwarded))
    return " ".join([counts, *boards]).strip()


async def summary_minutes_pdf(
    *, election_id: int, contest_id: int, scope: Scope, actor: Actor
) -> PrintedDocument:
    """The committee's minutes for a contest: ĐBQH result in the province
    (Art. 83; Mẫu số 20) or the council's summary minutes (Art. 85; Mẫu số 25)."""
    election = await elections.get_election(election_id=election_id)
    contest, scope = await _summary_scope(
        election_id=election_id, contest_id=contest_id, scope=scope
    )
    aggregates = await exports.aggregate_units(
        election_id=election_id, scope=scope, contest_ids=[contest_id]
    )
    if not aggregates:
        raise NotFound("Cuộc bầu cử này chưa có đơn vị bầu cử trong phạm vi của bạn.")
    withheld = await services.withheld_in_scope(
        actor=actor,
        election_id=election_id,
        province_code=scope.province_code,
        commune_code=scope.commune_code,
    )
    if withheld.units & {a.unit_id for a in aggregates}:
        # Blind double entry: the sums would show the reader another's typing.
        raise Forbidden(withheld.note)
    first = aggregates[0]
    unit = await structure.get_unit(unit_id=first.unit_id, actor=actor)
    deputies = await deputies_of(unit, election)
    level = contest.level
    national = level == ContestLevel.NATIONAL_ASSEMBLY
    place = province_title(first.province_name) if national else deputies.place
    members = await _committee(election_id, level, first)
    head, deputy_heads = _signers(members, "Chủ tịch", "Phó Chủ tịch")
    data = committee_minutes.CommitteeMinutesData(
        header=["ỦY BAN BẦU CỬ", place.upper()],
        committee=f"Ủy ban bầu cử {place}",
        contest_title=deputies.title,
        deputies=deputies.phrase,
        list_resolution=deputies.list_resolution,
        term=deputies.term,
        place=place,
        members=members,
        units=[await _summary_unit(a) for a in aggregates],
        complaints_by_teams_and_boards=await _teams_and_boards(aggregates) if national else "",
        recipients=""
        if national
        else council_summary_minutes.COMMUNE_RECIPIENTS
        if level == ContestLevel.COMMUNE_COUNCIL
        else council_summary_minutes.PROVINCE_RECIPIENTS,
        head=head,
        deputy_heads=deputy_heads,
        provisional=not all(a.finalized for a in aggregates),
        election_day=election.election_day,
    )
    form = province_result_minutes.FORM if national else council_summary_minutes.FORM
    name = (
        f"bien-ban-ket-qua-dbqh-{first.province_code}"
        if national
        else f"bien-ban-tong-ket-{level.value}-{contest_id}"
    )
    return PrintedDocument(filename=f"{name}.pdf", content=render(form, data))
