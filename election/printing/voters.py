"""Data of the voter-list forms: the list of a polling area, its voter cards,
a certificate to vote elsewhere."""

from __future__ import annotations

import datetime as dt

from election.actor import Actor
from election.elections import services as elections
from election.errors import Conflict
from election.printing import queries
from election.printing.services import PrintedDocument, printed_today, province_title
from election.stations import services as stations
from election.voters import services as voters
from election.voters.tables import VoterStatus
from forms import vote_certificate, voter_card, voter_list
from forms.render import render


def _election_title(election: elections.ElectionRow) -> str:
    title = "BẦU CỬ ĐẠI BIỂU QUỐC HỘI"
    if election.assembly_term:
        title += f" KHÓA {election.assembly_term}"
    title += " VÀ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP"
    if election.term:
        title += f" NHIỆM KỲ {election.term}"
    return title


async def _place(area: stations.PollingAreaRow) -> tuple[list[str], str, str]:
    """(issuer lines, the place in full, the place's short name) of a polling area."""
    province = province_title(await queries.province_name(province_code=area.province_code) or "")
    issuer = [
        f"ỦY BAN NHÂN DÂN {province.upper()}",
        f"ỦY BAN NHÂN DÂN {area.commune_name.upper()}",
    ]
    return (
        issuer,
        f"{area.commune_name}, {province}",
        area.commune_name.removeprefix("Phường ").removeprefix("Xã "),
    )


async def voter_list_pdf(
    *, polling_area_id: int, actor: Actor, now: dt.datetime | None = None
) -> PrintedDocument:
    """Danh sách cử tri of one polling area, in list order (printable before posting)."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    election = await elections.get_election(election_id=area.election_id)
    entries = await voters.area_list(polling_area_id=polling_area_id, actor=actor)
    issuer, place, short_place = await _place(area)
    rows = []
    for entry in entries:
        remark = ""
        if entry.status == VoterStatus.STRUCK_OFF:
            remark = "Đã xóa tên"
        elif entry.voting_elsewhere:
            remark = "Bỏ phiếu ở nơi khác"
        rows.append(
            voter_list.VoterRow(
                number=entry.card_number,
                full_name=entry.full_name,
                date_of_birth=entry.date_of_birth,
                sex=entry.sex_label,
                ethnicity=entry.ethnicity,
                occupation=entry.occupation,
                residence=entry.residence,
                residence_kind="Tạm trú" if entry.is_temporary else "Thường trú",
                dbqh=entry.ballot_dbqh,
                tinh=entry.ballot_tinh,
                xa=entry.ballot_xa,
                remark=remark,
            )
        )
    data = voter_list.VoterListData(
        issuer=issuer,
        election_title=_election_title(election),
        polling_area=area.name,
        place=place,
        station_address=area.station_address,
        election_day=election.election_day,
        issued_place=short_place,
        issued_on=printed_today(now),
        voters=rows,
        signer_title=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    )
    return PrintedDocument(
        filename=f"danh-sach-cu-tri-{area.commune_code}-kv{area.number}.pdf",
        content=render(voter_list.FORM, data),
    )


async def voter_cards_pdf(
    *, polling_area_id: int, actor: Actor, now: dt.datetime | None = None
) -> PrintedDocument:
    """Thẻ cử tri of one polling area, numbered by the list (needs a finalized list)."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    if not (await voters.list_state(polling_area_id=polling_area_id)).finalized:
        raise Conflict("Hãy chốt và đánh số danh sách cử tri trước khi in thẻ cử tri.")
    election = await elections.get_election(election_id=area.election_id)
    entries = await voters.area_list(polling_area_id=polling_area_id, actor=actor)
    issuer, place, _ = await _place(area)
    cards = [
        voter_card.VoterCard(
            card_number=entry.card_number,
            full_name=entry.full_name,
            date_of_birth=entry.date_of_birth,
            sex=entry.sex_label,
            residence=entry.residence,
            polling_area=area.name,
        )
        for entry in entries
        if entry.status == VoterStatus.LISTED and not entry.voting_elsewhere and entry.card_number
    ]
    data = voter_card.VoterCardsData(
        issuer=issuer[-1],
        place=place,
        election_title=_election_title(election),
        election_day=election.election_day,
        issued_on=printed_today(now),
        signer_title="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        cards=cards,
    )
    return PrintedDocument(
        filename=f"the-cu-tri-{area.commune_code}-kv{area.number}.pdf",
        content=render(voter_card.FORM, data),
    )


async def certificate_pdf(
    *, certificate_id: int, actor: Actor, now: dt.datetime | None = None
) -> PrintedDocument:
    """Giấy chứng nhận cử tri bỏ phiếu ở nơi khác (Art. 34)."""
    certificate = await voters.get_certificate(certificate_id=certificate_id, actor=actor)
    voter = await voters.get_voter(voter_id=certificate.voter_id, actor=actor)
    area = await stations.get_polling_area(polling_area_id=voter.polling_area_id, actor=actor)
    election = await elections.get_election(election_id=voter.election_id)
    issuer, place, short_place = await _place(area)
    data = vote_certificate.VoteCertificateData(
        issuer=issuer,
        number=certificate.number,
        full_name=voter.full_name,
        date_of_birth=voter.date_of_birth,
        sex=voter.sex_label,
        personal_id=voter.personal_id,
        residence=voter.permanent_address or voter.residence,
        origin_polling_area=f"{area.name}, {place}",
        election_title=_election_title(election),
        election_day=election.election_day,
        place=short_place,
        issued_on=certificate.issued_on,
        signer_title=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    )
    return PrintedDocument(
        filename=f"giay-chung-nhan-{certificate.number}.pdf",
        content=render(vote_certificate.FORM, data),
    )
