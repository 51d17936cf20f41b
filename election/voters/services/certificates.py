"""Certificates that let a listed voter vote on another list: to vote elsewhere
(Art. 34, Mẫu số 11/HĐBC), issued by the commune of the list, which marks
the entry "Bỏ phiếu ở nơi khác"; and a soldier's to vote at home (Art.
31(2), Mẫu số 12/HĐBC), issued by the unit's commander, the unit's entry
marked "Bỏ phiếu ở nơi cư trú". Either is then registered where the holder
votes, which adds the holder to that list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.clock import VIETNAM
from election.elections import services as elections
from election.errors import Conflict, NotFound, RuleViolation, Violation
from election.geography import services as geography
from election.stations import services as stations
from election.text import tidy
from election.voters import rules
from election.voters.queries import certificates as queries
from election.voters.queries import entries
from election.voters.queries.certificates import CertificateRow
from election.voters.queries.entries import ELSEWHERE_LABELS, VoterRow
from election.voters.services.access import check_cutoff, moment, require_manage
from election.voters.services.changes import insert_entry, new_entry_for
from election.voters.services.lists import list_state, number_if_finalized
from election.voters.services.reading import get_voter
from election.voters.tables import CertificateKind, ResidenceCategory, VoterStatus


@dataclass(frozen=True)
class _Issue:
    """What a certificate says beyond its voter, as the issuing service checked it."""

    kind: CertificateKind
    destination_commune: str | None = None
    current_address: str = ""
    unit_name: str = ""
    home_address: str = ""
    home_category: ResidenceCategory | None = None
    commander: str = ""
    electronic: bool = False


async def _destination(code: str | None) -> str | None:
    """The commune the holder will vote in, checked to exist."""
    if not code:
        return None
    return (await geography.get_commune(code.strip())).code


def _check_listed(voter: VoterRow, refusal: str) -> None:
    if voter.status != VoterStatus.LISTED or voter.voting_elsewhere:
        raise Conflict(refusal)
    if voter.voted_at is not None:
        raise Conflict("Cử tri đã bỏ phiếu.")


async def _issue(
    voter: VoterRow, issue: _Issue, *, issued_at: dt.datetime, actor: Actor, refusal: str
) -> CertificateRow:
    """Number the certificate in its commune's sequence of its kind, record it and
    mark the entry as voting elsewhere, in one transaction; `refusal` says why
    an entry not on the list gets none."""
    _check_listed(voter, refusal)
    remark = ELSEWHERE_LABELS[issue.kind]
    async with db.transaction():
        await queries.lock_numbering(election_id=voter.election_id, commune_code=voter.commune_code)
        sequence = await queries.next_sequence(
            election_id=voter.election_id, commune_code=voter.commune_code, kind=issue.kind
        )
        number = rules.certificate_number(voter.commune_code, sequence, issue.kind)
        certificate_id = await queries.insert_certificate(
            election_id=voter.election_id,
            kind=issue.kind,
            number=number,
            voter_id=voter.id,
            issued_on=issued_at.astimezone(VIETNAM).date(),
            issued_by=actor.username,
            electronic=issue.electronic,
            destination_commune=issue.destination_commune,
            current_address=issue.current_address,
            unit_name=issue.unit_name,
            home_address=issue.home_address,
            home_category=issue.home_category,
            commander=issue.commander,
        )
        await queries.mark_voting_elsewhere(voter_id=voter.id)
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=voter.id,
            action="certificate",
            before={"voting_elsewhere": False},
            after={
                "voting_elsewhere": True,
                "certificate": number,
                "kind": issue.kind,
                "electronic": issue.electronic,
                "destination_commune": issue.destination_commune,
            },
            summary=f"Cấp giấy chứng nhận số {number}; ghi chú «{remark}»",
        )
    return await get_certificate(certificate_id=certificate_id, actor=actor)


async def issue_certificate(
    *,
    voter_id: int,
    actor: Actor,
    electronic: bool = False,
    destination_commune_code: str | None = None,
    current_address: str = "",
    now: dt.datetime | None = None,
) -> CertificateRow:
    """Art. 34: issue the certificate to vote elsewhere (Mẫu số 11/HĐBC: the
    commune and province where the voter asks to vote, and where they live now
    if not at the card's address), and mark the origin entry "Bỏ phiếu ở nơi
    khác"."""
    voter = await get_voter(voter_id=voter_id, actor=actor)
    require_manage(actor, voter.commune_code, voter.province_code)
    election = await elections.get_election(election_id=voter.election_id)
    posted = (await list_state(polling_area_id=voter.polling_area_id)).posted_on
    issued_at = await moment(voter.election_id, now)
    violations = rules.check_certificate_issue(
        issued_at, election.election_day, election.voting_opens, posted
    )
    if violations:
        raise RuleViolation(violations)
    issue = _Issue(
        CertificateKind.ELSEWHERE,
        destination_commune=await _destination(destination_commune_code),
        current_address=tidy(current_address),
        electronic=electronic,
    )
    return await _issue(
        voter,
        issue,
        issued_at=issued_at,
        actor=actor,
        refusal="Chỉ cấp giấy chứng nhận cho cử tri đang có tên trong danh sách.",
    )


async def issue_soldier_certificate(
    *,
    voter_id: int,
    unit_name: str,
    home_address: str,
    home_category: ResidenceCategory,
    destination_commune_code: str,
    actor: Actor,
    commander: str = "",
    now: dt.datetime | None = None,
) -> CertificateRow:
    """Art. 31(2): a soldier listed with the unit whose residence is near it votes
    there with a certificate of the unit's commander (Mẫu số 12/HĐBC). The
    commune that keeps the unit's list records it and prints it for the
    commander to sign; the unit's entry is marked "Bỏ phiếu ở nơi cư trú"
    and the soldier is added where they live, with the ballots of that
    residence, when the certificate is registered there."""
    voter = await get_voter(voter_id=voter_id, actor=actor)
    require_manage(actor, voter.commune_code, voter.province_code)
    election = await elections.get_election(election_id=voter.election_id)
    issued_at = await moment(voter.election_id, now)
    violations = rules.check_soldier_certificate_issue(
        issued_at, election.election_day, election.voting_opens
    )
    if voter.residence_category != ResidenceCategory.ARMED_FORCES:
        violations.append(
            Violation(
                "soldier_certificate_not_soldier",
                "Giấy chứng nhận này chỉ cấp cho quân nhân có tên trong danh sách cử tri của "
                "đơn vị vũ trang nhân dân.",
                "Điều 31 khoản 2",
            )
        )
    category = ResidenceCategory(home_category)
    if category not in rules.HOME_CATEGORIES:
        violations.append(
            Violation(
                "soldier_home_category",
                "Nơi cư trú của quân nhân là nơi đăng ký thường trú hoặc tạm trú ngoài đơn vị.",
                "Điều 31 khoản 2",
                "home_category",
            )
        )
    home = tidy(home_address)
    unit = tidy(unit_name)
    for field, value, label in (
        ("home_address", home, "Nơi cư trú"),
        ("unit_name", unit, "Đơn vị"),
    ):
        if not value:
            violations.append(
                Violation("required", f"Cần ghi {label.lower()}.", "Điều 31 khoản 2", field)
            )
    if violations:
        raise RuleViolation(violations)
    issue = _Issue(
        CertificateKind.SOLDIER,
        destination_commune=await _destination(destination_commune_code),
        unit_name=unit,
        home_address=home,
        home_category=category,
        commander=tidy(commander),
    )
    return await _issue(
        voter,
        issue,
        issued_at=issued_at,
        actor=actor,
        refusal="Chỉ cấp giấy chứng nhận cho quân nhân đang có tên trong danh sách.",
    )


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


async def _check_registration_time(
    certificate: CertificateRow, election_id: int, now: dt.datetime | None
) -> None:
    """Art. 34: a certificate holder is added until voting closes; a soldier voting at
    home is a list change like any other, until 24 hours before voting opens
    (Art. 29(4), 30, 31(2))."""
    if certificate.kind == CertificateKind.SOLDIER:
        await check_cutoff(election_id, now)
        return
    election = await elections.get_election(election_id=election_id)
    closes = dt.datetime.combine(election.election_day, election.voting_closes, tzinfo=VIETNAM)
    if await moment(election_id, now) >= closes:
        raise RuleViolation(Violation("certificate_too_late", "Đã hết giờ bỏ phiếu.", "Điều 34"))


async def _holder_entry(
    certificate: CertificateRow, origin: VoterRow, target: stations.PollingAreaRow
) -> tuple[rules.BallotScope, ResidenceCategory, str, str]:
    """The holder's ballots, residence category and addresses on the new list: a
    certificate holder votes as one (Art. 34); a soldier as a resident of the
    address the certificate names (Art. 31(2))."""
    if certificate.kind == CertificateKind.SOLDIER:
        category = certificate.home_category or ResidenceCategory.PERMANENT
        permanent = (
            certificate.home_address
            if category == ResidenceCategory.PERMANENT
            else origin.permanent_address
        )
        temporary = "" if category == ResidenceCategory.PERMANENT else certificate.home_address
        return rules.ballot_scope(category), category, permanent, temporary
    election = await elections.get_election(election_id=certificate.election_id)
    scope = rules.ballot_scope(
        ResidenceCategory.CERTIFICATE,
        outside_province=origin.province_code != target.province_code,
        outside_province_policy=election.certificate_outside_province,
    )
    return (
        scope,
        ResidenceCategory.CERTIFICATE,
        origin.permanent_address,
        origin.temporary_address,
    )


async def register_certificate_holder(
    *,
    election_id: int,
    number: str,
    polling_area_id: int,
    actor: Actor,
    now: dt.datetime | None = None,
) -> VoterRow:
    """The holder of a certificate is added where they vote, in the commune the
    certificate names: a certificate to vote elsewhere with ĐBQH + HĐND tỉnh
    in the same province, outside it as the election configures (Art. 34); a
    soldier with the ballots of their residence there (Art. 31(2))."""
    certificate = await find_certificate(election_id=election_id, number=number)
    if certificate.destination_voter is not None:
        raise Conflict("Giấy chứng nhận này đã được dùng để ghi tên ở nơi bỏ phiếu mới.")
    target = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    require_manage(actor, target.commune_code, target.province_code)
    await _check_registration_time(certificate, election_id, now)
    if certificate.destination_commune not in (None, target.commune_code):
        raise RuleViolation(
            Violation(
                "certificate_other_commune",
                f"Giấy chứng nhận số {certificate.number} đề nghị bổ sung tên cử tri vào danh "
                f"sách ở {certificate.destination_commune_name}, không phải {target.commune_name}.",
                "Điều 31 khoản 2" if certificate.kind == CertificateKind.SOLDIER else "Điều 34",
            )
        )
    # The origin entry, wherever it is: the certificate names it.
    origin = await entries.voter(voter_id=certificate.voter_id)
    if origin is None:
        raise NotFound(f"Không có cử tri số hiệu {certificate.voter_id}.")
    if origin.polling_area_id == polling_area_id:
        raise Conflict("Nơi bỏ phiếu mới trùng với nơi có tên ban đầu.")
    scope, category, permanent, temporary = await _holder_entry(certificate, origin, target)
    holder = new_entry_for(
        origin,
        residence_category=category,
        permanent_address=permanent,
        temporary_address=temporary,
        current_address=origin.current_address,
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
