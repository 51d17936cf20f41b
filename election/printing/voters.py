"""Data of the voter-list forms: the list of a polling area (Mẫu số 31/HĐBC),
its voter cards (10/HĐBC), and the certificates to vote elsewhere (11/HĐBC)
and of a soldier voting at home (12/HĐBC)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election import db
from election.actor import Actor
from election.clock import VIETNAM
from election.elections import services as elections
from election.errors import Conflict
from election.masking import mask_personal_id
from election.printing import queries
from election.printing.services import PrintedDocument, printed_today, province_title, short_place
from election.stations import services as stations
from election.voters import rules
from election.voters import services as voters
from election.voters.queries.entries import ELSEWHERE_LABELS
from election.voters.tables import CertificateKind, ResidenceCategory, VoterStatus
from forms import soldier_certificate, vote_certificate, voter_card, voter_list
from forms.render import render


def _election_title(election: elections.ElectionRow) -> str:
    """The election as the voters' models name it: 'BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA
    XVI VÀ BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP NHIỆM KỲ 2026-2031'."""
    title = "BẦU CỬ ĐẠI BIỂU QUỐC HỘI"
    if election.assembly_term:
        title += f" KHÓA {election.assembly_term}"
    title += " VÀ BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP"
    if election.term:
        title += f" NHIỆM KỲ {election.term.replace('–', '-')}"
    return title


@dataclass(frozen=True)
class _Place:
    """A polling area's commune and province, as the voters' forms write them."""

    commune: str  # "Phường Bạc Liêu"
    province: str  # "Cà Mau"

    @property
    def issuer(self) -> str:
        return f"ỦY BAN NHÂN DÂN {self.commune.upper()}"

    @property
    def in_full(self) -> str:
        return f"{self.commune}, {province_title(self.province)}"


async def _place(area: stations.PollingAreaRow) -> _Place:
    province = await queries.province_name(province_code=area.province_code) or ""
    return _Place(area.commune_name, province)


def listed_address(entry: voters.VoterRow, place: _Place) -> tuple[str, str]:
    """The column of Nơi cư trú the entry is written in — "7a" permanent, "7b"
    temporary, "7c" where a voter with neither registered lives — and its
    text (notes to Mẫu số 31/HĐBC): a soldier listed with the unit is written
    at the commune where it is stationed."""
    if entry.residence_category == ResidenceCategory.ARMED_FORCES:
        return ("7b" if entry.temporary_address else "7a"), place.in_full
    if entry.residence_category == ResidenceCategory.CURRENT_RESIDENCE:
        return "7c", entry.current_address or entry.residence
    if entry.residence_category in rules.TEMPORARY_CATEGORIES and entry.temporary_address:
        return "7b", entry.temporary_address
    if entry.permanent_address:
        return "7a", entry.permanent_address
    return "7c", entry.current_address or entry.residence


def remark(entry: voters.VoterRow, election_day: dt.date) -> str:
    """Column (11) of the list, as the model's notes fill it: a strike-off and why
    (Art. 30(3)-(5)); a certificate to vote elsewhere or a soldier's (Art. 31(2),
    34); a voter added by a certificate; a detainee (Art. 29(5)); when a
    temporary residence began, for a voter listed there."""
    if entry.status != VoterStatus.LISTED:
        reason = f": {entry.removal_reason}" if entry.removal_reason else ""
        return f"{voter_list.STRUCK_OFF}{reason}"
    notes: list[str] = []
    if entry.voting_elsewhere:
        notes.append(ELSEWHERE_LABELS[entry.elsewhere_kind or CertificateKind.ELSEWHERE])
    if entry.residence_category == ResidenceCategory.CERTIFICATE:
        notes.append(voter_list.NOT_RESIDENT)
    if entry.residence_category == ResidenceCategory.DETENTION:
        notes.append(voter_list.DETAINED)
    if entry.is_temporary and entry.temporary_since:
        notes.append(voter_list.temporary_remark(entry.temporary_since, election_day))
    return "; ".join(notes)


def list_row(entry: voters.VoterRow, place: _Place, election_day: dt.date) -> voter_list.VoterRow:
    column, address = listed_address(entry, place)
    return voter_list.VoterRow(
        number=entry.card_number,
        full_name=entry.full_name,
        date_of_birth=entry.date_of_birth,
        sex=entry.sex_label,
        # The list is posted for everyone to read (Art. 32): IDs masked.
        personal_id=mask_personal_id(entry.personal_id),
        ethnicity=entry.ethnicity,
        permanent_address=address if column == "7a" else "",
        temporary_address=address if column == "7b" else "",
        current_address=address if column == "7c" else "",
        dbqh=entry.ballot_dbqh,
        tinh=entry.ballot_tinh,
        xa=entry.ballot_xa,
        remark=remark(entry, election_day),
        struck_off=entry.status != VoterStatus.LISTED,
    )


@db.reads
async def voter_list_pdf(*, polling_area_id: int, actor: Actor) -> PrintedDocument:
    """Danh sách cử tri of one polling area, in list order (printable before
    posting), dated the day it was finalized (blank before)."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    election = await elections.get_election(election_id=area.election_id)
    entries = await voters.area_list(
        polling_area_id=polling_area_id, actor=actor, purpose="list_printed"
    )
    state = await voters.list_state(polling_area_id=polling_area_id)
    place = await _place(area)
    made_on = state.finalized_at.astimezone(VIETNAM).date() if state.finalized_at else None
    data = voter_list.VoterListData(
        issuer=[place.issuer],
        election_title=_election_title(election),
        polling_area_number=area.number,
        commune=place.commune,
        province=province_title(place.province),
        issued_place=short_place(place.commune),
        made_at=place.commune,
        issued_on=made_on,
        voters=[list_row(entry, place, election.election_day) for entry in entries],
    )
    return PrintedDocument(
        filename=f"danh-sach-cu-tri-{area.commune_code}-kv{area.number}.pdf",
        content=render(voter_list.FORM, data),
    )


@db.reads
async def voter_cards_pdf(
    *, polling_area_id: int, actor: Actor, now: dt.datetime | None = None
) -> PrintedDocument:
    """Thẻ cử tri of one polling area, numbered by the list (needs a finalized list)."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    if not (await voters.list_state(polling_area_id=polling_area_id)).finalized:
        raise Conflict("Hãy chốt và đánh số danh sách cử tri trước khi in thẻ cử tri.")
    election = await elections.get_election(election_id=area.election_id)
    entries = await voters.area_list(
        polling_area_id=polling_area_id, actor=actor, purpose="cards_printed"
    )
    place = await _place(area)
    cards = [
        voter_card.VoterCard(
            card_number=entry.card_number,
            full_name=entry.full_name,
            date_of_birth=entry.date_of_birth,
            sex=entry.sex_label,
            residence=listed_address(entry, place)[1],
            # Cards pass through many hands before the voter's: IDs masked.
            personal_id=mask_personal_id(entry.personal_id),
        )
        for entry in entries
        if entry.status == VoterStatus.LISTED and not entry.voting_elsewhere and entry.card_number
    ]
    data = voter_card.VoterCardsData(
        issuer=place.issuer,
        election_title=_election_title(election),
        polling_area_number=area.number,
        commune=place.commune,
        province=place.province,
        issued_on=await printed_today(area.election_id, now),
        cards=cards,
    )
    return PrintedDocument(
        filename=f"the-cu-tri-{area.commune_code}-kv{area.number}.pdf",
        content=render(voter_card.FORM, data),
    )


async def certificate_pdf(*, certificate_id: int, actor: Actor) -> PrintedDocument:
    """The certificate to vote elsewhere (Art. 34, Mẫu số 11/HĐBC) or a soldier's
    to vote at home (Art. 31(2), Mẫu số 12/HĐBC)."""
    certificate = await voters.get_certificate(certificate_id=certificate_id, actor=actor)
    voter = await voters.get_voter(voter_id=certificate.voter_id, actor=actor)
    area = await stations.get_polling_area(polling_area_id=voter.polling_area_id, actor=actor)
    place = await _place(area)
    listed_at = vote_certificate.ListedAt(
        card_number=voter.card_number,
        polling_area_number=area.number,
        commune=place.commune,
        province=place.province,
    )
    filename = f"giay-chung-nhan-{certificate.number}.pdf"
    if certificate.kind == CertificateKind.SOLDIER:
        soldier = soldier_certificate.SoldierCertificateData(
            unit=certificate.unit_name,
            number=certificate.number,
            full_name=voter.full_name,
            date_of_birth=voter.date_of_birth,
            personal_id=voter.personal_id,
            residence=certificate.home_address,
            listed_at=listed_at,
            home_commune=certificate.destination_commune_name,
            home_province=certificate.destination_province_name,
            issued_on=certificate.issued_on,
            commander=certificate.commander,
        )
        return PrintedDocument(filename, render(soldier_certificate.FORM, soldier))
    data = vote_certificate.VoteCertificateData(
        issuer=[place.issuer],
        number=certificate.number,
        full_name=voter.full_name,
        date_of_birth=voter.date_of_birth,
        personal_id=voter.personal_id,
        residence=listed_address(voter, place)[1],
        current_address=certificate.current_address,
        listed_at=listed_at,
        destination_commune=certificate.destination_commune_name,
        destination_province=certificate.destination_province_name,
        issued_on=certificate.issued_on,
    )
    return PrintedDocument(filename, render(vote_certificate.FORM, data))
