"""Assembling the printed forms of staffing: the decision forming a commune's
teams with their member lists, a team's roster, a board's or committee's
member list."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from election.actor import Actor
from election.elections import structure
from election.elections.services import get_election
from election.errors import Conflict, Forbidden
from election.geography import services as geography
from election.printing.services import (
    PrintedDocument,
    printed_today,
    province_title,
    short_place,
)
from election.staffing import services
from election.staffing.services import BodyRow
from election.staffing.tables import BodyFamily
from forms import board_members, team_decision, team_roster
from forms.common import vn_date
from forms.render import render


def _decision_text(body: BodyRow) -> str:
    if not body.decision_number and body.decision_date is None:
        return ""
    text = "Quyết định"
    if body.decision_number:
        text += f" số {body.decision_number}"
    if body.decision_date:
        text += f" ngày {vn_date(body.decision_date)}"
    return f"{text} của {body.forming_authority}"


async def team_decision_pdf(
    *, election_id: int, commune_code: str, actor: Actor
) -> PrintedDocument:
    """Quyết định thành lập các Tổ bầu cử of a commune, with each team's members (Art. 25)."""
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise Forbidden("Xã, phường này nằm ngoài phạm vi của bạn.")
    election = await get_election(election_id=election_id)
    teams = await services.list_bodies(
        election_id=election_id, actor=actor, family=BodyFamily.TEAM, commune_code=commune_code
    )
    if not teams:
        raise Conflict(f"{commune.name} chưa có Tổ bầu cử.")
    # The decision most teams were formed by (one decision forms them all).
    decisions = Counter(
        (t.decision_number, t.decision_date) for t in teams if t.decision_number or t.decision_date
    )
    number, day = decisions.most_common(1)[0][0] if decisions else ("", None)
    entries: list[team_decision.TeamEntry] = []
    for team in teams:
        members = await services.list_members(body_id=team.id, actor=actor)
        entries.append(
            team_decision.TeamEntry(
                area_number=team.polling_area_number or 0,
                station_address=team.polling_area_address or "",
                members=[
                    team_decision.TeamMemberEntry(
                        full_name=m.full_name, work=m.work_text, role_title=m.role_title
                    )
                    for m in members
                ],
            )
        )
    title = f"ỦY BAN NHÂN DÂN {commune.name.upper()}"
    commune_name = services.lower_first(commune.name)
    data = team_decision.TeamDecisionData(
        issuer=["ỦY BAN NHÂN DÂN", commune.name.upper()],
        authority_title=title,
        commune_name=commune_name,
        place=short_place(commune.name),
        decision_number=number,
        decision_date=day,
        election_name="cuộc " + services.lower_first(election.name),
        election_day=election.election_day,
        teams=entries,
        recipients=team_decision.recipients(commune_name, province_title(commune.province_name)),
    )
    return PrintedDocument(
        filename=f"quyet-dinh-thanh-lap-to-bau-cu-{commune_code}.pdf",
        content=render(team_decision.FORM, data),
    )


async def team_roster_pdf(
    *, body_id: int, actor: Actor, now: dt.datetime | None = None
) -> PrintedDocument:
    """The roster of one team: role, workplace, phone, training, a column to sign."""
    body = await services.get_body(body_id=body_id, actor=actor)
    if not body.is_team:
        raise Conflict(
            "Danh sách này dành cho Tổ bầu cử; Ban, Ủy ban bầu cử in danh sách thành viên."
        )
    election = await get_election(election_id=body.election_id)
    members = await services.list_members(body_id=body_id, actor=actor)
    data = team_roster.TeamRosterData(
        issuer=[f"ỦY BAN NHÂN DÂN {(body.commune_name or '').upper()}", body.name.upper()],
        place=short_place(body.commune_name or ""),
        printed_on=await printed_today(body.election_id, now),
        team_name=body.name,
        station_address=body.polling_area_address or "",
        decision=_decision_text(body),
        election_day=election.election_day,
        members=[
            team_roster.RosterEntry(
                full_name=m.full_name,
                role_title=m.role_title,
                organisation=m.organisation,
                phone=m.phone,
                trained_on=m.trained_on,
            )
            for m in members
        ],
    )
    return PrintedDocument(
        filename=f"danh-sach-to-bau-cu-kv{body.polling_area_number:02d}-{body.commune_code}.pdf",
        content=render(team_roster.FORM, data),
    )


async def body_members_pdf(
    *, body_id: int, actor: Actor, now: dt.datetime | None = None
) -> PrintedDocument:
    """The member list of a Ban bầu cử or an Ủy ban bầu cử (Art. 22, 24)."""
    body = await services.get_body(body_id=body_id, actor=actor)
    if body.is_team:
        raise Conflict("Tổ bầu cử in danh sách thành viên Tổ bầu cử.")
    members = await services.list_members(body_id=body_id, actor=actor)
    area = ""
    if body.unit_id is not None:
        unit = await structure.get_unit(unit_id=body.unit_id, actor=actor)
        area = f"gồm: {unit.area_text}" if unit.area_text else ""
    authority = body.forming_authority or "Ủy ban nhân dân"
    data = board_members.BodyMembersData(
        issuer=[authority.upper()],
        place=short_place(body.commune_name or body.province_name),
        printed_on=await printed_today(body.election_id, now),
        body_name=body.name,
        area=area,
        decision=_decision_text(body),
        signer_title=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        members=[
            board_members.BodyMemberEntry(
                full_name=m.full_name, work=m.work_text, role_title=m.role_title, phone=m.phone
            )
            for m in members
        ],
    )
    return PrintedDocument(
        filename=f"danh-sach-thanh-vien-{body.kind.value.replace('_', '-')}-{body.id}.pdf",
        content=render(board_members.FORM, data),
    )
