"""Certificates to vote elsewhere (Art. 34): issued at the origin, which marks
the entry "Bỏ phiếu ở nơi khác", and registered where the holder votes."""

from __future__ import annotations

import datetime as dt

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.clock import VIETNAM
from election.elections import services as elections
from election.errors import Conflict, NotFound, RuleViolation, Violation
from election.stations import services as stations
from election.voters import rules
from election.voters.queries import certificates as queries
from election.voters.queries import entries
from election.voters.queries.certificates import CertificateRow
from election.voters.queries.entries import VoterRow
from election.voters.services.access import moment, require_manage
from election.voters.services.changes import insert_entry, new_entry_for
from election.voters.services.lists import list_state, number_if_finalized
from election.voters.services.reading import get_voter
from election.voters.tables import ResidenceCategory, VoterStatus


async def issue_certificate(
    *, voter_id: int, actor: Actor, electronic: bool = False, now: dt.datetime | None = None
) -> CertificateRow:
    """Art. 34: issue the certificate and mark the origin entry "Bỏ phiếu ở nơi khác"."""
    voter = await get_voter(voter_id=voter_id, actor=actor)
    require_manage(actor, voter.commune_code, voter.province_code)
    election = await elections.get_election(election_id=voter.election_id)
    posted = (await list_state(polling_area_id=voter.polling_area_id)).posted_on
    issued_at = moment(now)
    violations = rules.check_certificate_issue(
        issued_at, election.election_day, election.voting_opens, posted
    )
    if violations:
        raise RuleViolation(violations)
    if voter.status != VoterStatus.LISTED or voter.voting_elsewhere:
        raise Conflict("Chỉ cấp giấy chứng nhận cho cử tri đang có tên trong danh sách.")
    if voter.voted_at is not None:
        raise Conflict("Cử tri đã bỏ phiếu.")
    async with db.transaction():
        await queries.lock_numbering(election_id=voter.election_id, commune_code=voter.commune_code)
        sequence = await queries.next_sequence(
            election_id=voter.election_id, commune_code=voter.commune_code
        )
        number = rules.certificate_number(voter.commune_code, sequence)
        certificate_id = await queries.insert_certificate(
            election_id=voter.election_id,
            number=number,
            voter_id=voter_id,
            issued_on=issued_at.astimezone(VIETNAM).date(),
            issued_by=actor.username,
            electronic=electronic,
        )
        await queries.mark_voting_elsewhere(voter_id=voter_id)
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=voter_id,
            action="certificate",
            before={"voting_elsewhere": False},
            after={"voting_elsewhere": True, "certificate": number, "electronic": electronic},
            summary=f"Cấp giấy chứng nhận số {number}; ghi chú «Bỏ phiếu ở nơi khác»",
        )
    return await get_certificate(certificate_id=certificate_id, actor=actor)


async def get_certificate(*, certificate_id: int, actor: Actor) -> CertificateRow:
    certificate = await queries.certificate(certificate_id=certificate_id)
    if certificate is None:
        raise NotFound(f"Không có giấy chứng nhận số hiệu {certificate_id}.")
    return certificate


async def latest_certificate_id(*, voter: VoterRow) -> int | None:
    """The entry's latest certificate (`voter` as `get_voter` gave it)."""
    return await queries.latest_certificate_of(voter_id=voter.id)


async def find_certificate(*, election_id: int, number: str) -> CertificateRow:
    certificate = await queries.certificate_numbered(election_id=election_id, number=number.strip())
    if certificate is None:
        raise NotFound(f"Không có giấy chứng nhận số {number}.")
    return certificate


async def register_certificate_holder(
    *,
    election_id: int,
    number: str,
    polling_area_id: int,
    actor: Actor,
    now: dt.datetime | None = None,
) -> VoterRow:
    """Art. 34: the holder is added where they vote, with the ballots the law allows there
    (ĐBQH + HĐND tỉnh in the same province; outside it, as the election configures)."""
    certificate = await find_certificate(election_id=election_id, number=number)
    if certificate.destination_voter is not None:
        raise Conflict("Giấy chứng nhận này đã được dùng để ghi tên ở nơi bỏ phiếu mới.")
    target = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    require_manage(actor, target.commune_code, target.province_code)
    election = await elections.get_election(election_id=election_id)
    closes = dt.datetime.combine(election.election_day, election.voting_closes, tzinfo=VIETNAM)
    if moment(now) >= closes:
        raise RuleViolation(Violation("certificate_too_late", "Đã hết giờ bỏ phiếu.", "Điều 34"))
    # The origin entry, wherever it is: the certificate names it.
    origin = await entries.voter(voter_id=certificate.voter_id)
    if origin is None:
        raise NotFound(f"Không có cử tri số hiệu {certificate.voter_id}.")
    if origin.polling_area_id == polling_area_id:
        raise Conflict("Nơi bỏ phiếu mới trùng với nơi có tên ban đầu.")
    scope = rules.ballot_scope(
        ResidenceCategory.CERTIFICATE,
        outside_province=origin.province_code != target.province_code,
        outside_province_policy=election.certificate_outside_province,
    )
    holder = new_entry_for(
        origin,
        residence_category=ResidenceCategory.CERTIFICATE,
        permanent_address=origin.permanent_address,
        temporary_address=origin.temporary_address,
    )
    async with db.transaction():
        new_id = await insert_entry(
            election_id=election_id, polling_area_id=polling_area_id, data=holder, scope=scope
        )
        await number_if_finalized(polling_area_id)
        await queries.record_destination(certificate_id=certificate.id, destination_voter=new_id)
        voter = await get_voter(voter_id=new_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=new_id,
            action="add_by_certificate",
            after={**voter.public(), "certificate": number, "origin_voter": origin.id},
            summary=f"Ghi tên theo giấy chứng nhận số {number} (từ {origin.commune_name})",
        )
    return voter
