"""Changes to a list until 24 hours before voting opens (Art. 29(4), 30):
additions, strike-offs (those of Art. 30(5) until voting opens), restored
rights and moves.

Every change carries a reason and a document reference, and writes an audit
event on the voter (entity "voter"), which is the voter's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.clock import VIETNAM
from election.elections import services as elections
from election.errors import Conflict, RuleViolation, Violation, blocking, warnings_of
from election.stations import services as stations
from election.text import normalize_tone_marks, tidy
from election.voters import rules
from election.voters.queries import entries as queries
from election.voters.queries.entries import VoterRow
from election.voters.services.access import check_cutoff, moment, require_manage
from election.voters.services.lists import list_state, number_if_finalized
from election.voters.services.reading import get_voter
from election.voters.tables import Exclusion, ResidenceCategory, VoterStatus


@dataclass
class NewVoter:
    personal_id: str
    full_name: str
    date_of_birth: dt.date
    sex: str
    ethnicity: str = "Kinh"
    occupation: str = ""
    permanent_address: str = ""
    temporary_address: str = ""
    current_address: str = ""
    temporary_since: dt.date | None = None
    residence_category: ResidenceCategory = ResidenceCategory.PERMANENT
    household_id: str = ""
    is_household_head: bool = False


def check_new_voter(data: NewVoter, election_day: dt.date) -> list[Violation]:
    """The per-person rules of an entry (Art. 2, the citizen-ID encoding, the name),
    warnings included."""
    return (
        rules.check_personal_id(data.personal_id, sex=data.sex, date_of_birth=data.date_of_birth)
        + rules.check_voter_age(data.date_of_birth, election_day)
        + rules.check_voter_name(data.full_name)
    )


def accepted_warnings(violations: list[Violation], *, accept_birth_code: bool) -> list[str]:
    """Refuse an entry that breaks a rule, or whose warnings are not accepted; the
    codes of the accepted warnings otherwise. The one warning an entry may
    carry is a birth-registration code outside 001–096 (a country's, for a
    birth abroad: Circular 59/2021/TT-BCA), accepted by `accept_birth_code`."""
    errors, warnings = blocking(violations), warnings_of(violations)
    if errors:
        raise RuleViolation(errors + warnings)
    if warnings and not accept_birth_code:
        raise RuleViolation(warnings)
    return [warning.code for warning in warnings]


def _normalized(data: NewVoter) -> NewVoter:
    return NewVoter(
        personal_id=(data.personal_id or "").strip(),
        # One placement of the tone marks: "Thuý" and "Thúy" are one name for
        # duplicates and search (issue 13, item 5).
        full_name=normalize_tone_marks(tidy(data.full_name)),
        date_of_birth=data.date_of_birth,
        sex=data.sex,
        ethnicity=tidy(data.ethnicity) or "Kinh",
        occupation=tidy(data.occupation),
        permanent_address=tidy(data.permanent_address),
        temporary_address=tidy(data.temporary_address),
        current_address=tidy(data.current_address),
        temporary_since=data.temporary_since,
        residence_category=ResidenceCategory(data.residence_category),
        household_id=tidy(data.household_id),
        is_household_head=data.is_household_head,
    )


def _reason(reason: str, document: str) -> tuple[str, str]:
    reason, document = tidy(reason), tidy(document)
    if not reason:
        raise RuleViolation(Violation("reason_required", "Cần ghi lý do thay đổi.", field="reason"))
    if not document:
        raise RuleViolation(
            Violation("document_required", "Cần ghi số, ngày văn bản làm căn cứ.", field="document")
        )
    return reason, document


def new_entry_for(
    entry: VoterRow,
    *,
    residence_category: ResidenceCategory,
    permanent_address: str,
    temporary_address: str,
    current_address: str = "",
) -> NewVoter:
    """A new entry for the citizen of `entry`, with the residence of the new list
    (a move, Art. 30(3); a certificate holder where they vote, Art. 31(2), 34)."""
    return NewVoter(
        personal_id=entry.personal_id,
        full_name=entry.full_name,
        date_of_birth=entry.date_of_birth,
        sex=entry.sex,
        ethnicity=entry.ethnicity,
        occupation=entry.occupation,
        permanent_address=permanent_address,
        temporary_address=temporary_address,
        current_address=current_address,
        residence_category=residence_category,
    )


async def _record_change(
    actor: Actor,
    action: str,
    entry: VoterRow,
    *,
    reason: str,
    document: str,
    summary: str,
    before: VoterRow | None = None,
    accepted: list[str] | None = None,
) -> None:
    """The change's event in the entry's history, with its reason and document
    (and the warnings the user accepted)."""
    after = {**entry.public(), "reason": reason, "document": document}
    if accepted:
        after["accepted_warnings"] = accepted
    await audit.record(
        actor=actor,
        entity_type="voter",
        entity_id=entry.id,
        action=action,
        before=before.public() if before else None,
        after=after,
        summary=f"{summary}: {reason} ({document})",
    )


async def insert_entry(
    *, election_id: int, polling_area_id: int, data: NewVoter, scope: rules.BallotScope
) -> int:
    """A listed entry, with its household (head first) or after the area's last."""
    return await queries.insert_entry(
        election_id=election_id,
        polling_area_id=polling_area_id,
        personal_id=data.personal_id,
        full_name=data.full_name,
        search_name=rules.search_key(data.full_name),
        date_of_birth=data.date_of_birth,
        sex=data.sex,
        ethnicity=data.ethnicity,
        occupation=data.occupation,
        permanent_address=data.permanent_address,
        temporary_address=data.temporary_address,
        current_address=data.current_address,
        temporary_since=data.temporary_since,
        residence_category=ResidenceCategory(data.residence_category),
        household_id=data.household_id,
        is_household_head=data.is_household_head,
        ballot_dbqh=scope.dbqh,
        ballot_tinh=scope.tinh,
        ballot_xa=scope.xa,
    )


async def add_voter(
    *,
    polling_area_id: int,
    data: NewVoter,
    reason: str,
    document: str,
    actor: Actor,
    accept_birth_code: bool = False,
    now: dt.datetime | None = None,
) -> VoterRow:
    """Add a citizen to a list (Art. 29(4), 30(2)-(4)), until the cut-off. An ID
    whose first three digits are not a province's is added only when
    `accept_birth_code` says the user checked it."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    require_manage(actor, area.commune_code, area.province_code)
    election = await elections.get_election(election_id=area.election_id)
    await check_cutoff(area.election_id, now)
    reason, document = _reason(reason, document)
    data = _normalized(data)
    if data.residence_category == ResidenceCategory.CERTIFICATE:
        raise RuleViolation(
            Violation(
                "use_certificate_registration",
                "Người có giấy chứng nhận được ghi tên qua chức năng tiếp nhận giấy chứng nhận.",
                "Điều 34",
            )
        )
    accepted = accepted_warnings(
        check_new_voter(data, election.election_day), accept_birth_code=accept_birth_code
    )
    async with db.transaction():
        existing = await queries.active_entry(
            election_id=area.election_id, personal_id=data.personal_id
        )
        if existing is not None:
            raise RuleViolation(
                Violation(
                    "already_listed",
                    f"Công dân đã có tên trong danh sách cử tri khu vực bỏ phiếu số "
                    f"{existing.polling_area_number}, {existing.commune_name}. Mỗi công dân chỉ được "
                    "ghi tên vào một danh sách cử tri.",
                    "Điều 29 khoản 2",
                    "personal_id",
                )
            )
        voter_id = await insert_entry(
            election_id=area.election_id,
            polling_area_id=polling_area_id,
            data=data,
            scope=rules.ballot_scope(data.residence_category),
        )
        await number_if_finalized(polling_area_id)
        voter = await get_voter(voter_id=voter_id, actor=actor)
        await _record_change(
            actor,
            "add",
            voter,
            reason=reason,
            document=document,
            summary=f"Bổ sung {voter.full_name} vào danh sách khu vực số {area.number}",
            accepted=accepted,
        )
    return voter


async def strike_off(
    *,
    voter_id: int,
    reason: str,
    document: str,
    actor: Actor,
    exclusion: Exclusion | None = None,
    now: dt.datetime | None = None,
) -> VoterRow:
    """Art. 30(3)-(5): strike a name off (moved away, died, lost the right to vote),
    until 24 hours before voting opens; for the reasons of Art. 30(5) (a court
    took the right to vote, a prison term, lost legal capacity) until voting
    opens, and the voter card is taken back. The reason is the list's remark."""
    voter = await get_voter(voter_id=voter_id, actor=actor)
    require_manage(actor, voter.commune_code, voter.province_code)
    election = await elections.get_election(election_id=voter.election_id)
    violations = rules.check_strike_off_allowed(
        await moment(voter.election_id, now),
        election.election_day,
        election.voting_opens,
        exclusion,
    )
    if violations:
        raise RuleViolation(violations)
    reason, document = _reason(reason, document)
    if voter.status != VoterStatus.LISTED:
        raise Conflict("Cử tri này không còn trong danh sách.")
    card = f"; thu hồi thẻ cử tri số {voter.card_number}" if voter.card_number else ""
    async with db.transaction():
        await queries.strike_off(
            voter_id=voter_id,
            status=VoterStatus.EXCLUDED if exclusion else VoterStatus.STRUCK_OFF,
            exclusion=exclusion,
            exclusion_evidence=document if exclusion else "",
            removal_reason=reason,
        )
        after = await get_voter(voter_id=voter_id, actor=actor)
        await _record_change(
            actor,
            "strike_off",
            after,
            before=voter,
            reason=reason,
            document=document,
            summary=f"Xóa tên {voter.full_name} khỏi danh sách{card}",
        )
    return after


async def restore_rights(
    *, voter_id: int, reason: str, document: str, actor: Actor, now: dt.datetime | None = None
) -> VoterRow:
    """Art. 30(2): a person whose right is restored is written back on the list."""
    voter = await get_voter(voter_id=voter_id, actor=actor)
    require_manage(actor, voter.commune_code, voter.province_code)
    await check_cutoff(voter.election_id, now)
    reason, document = _reason(reason, document)
    if voter.status == VoterStatus.LISTED:
        raise Conflict("Cử tri này đang có tên trong danh sách.")
    async with db.transaction():
        other = await queries.active_entry(
            election_id=voter.election_id, personal_id=voter.personal_id
        )
        if other is not None:
            raise RuleViolation(
                Violation(
                    "already_listed",
                    f"Công dân đang có tên ở khu vực bỏ phiếu số {other.polling_area_number}, "
                    f"{other.commune_name}.",
                    "Điều 29 khoản 2",
                )
            )
        await queries.restore(voter_id=voter_id)
        await number_if_finalized(voter.polling_area_id)
        after = await get_voter(voter_id=voter_id, actor=actor)
        await _record_change(
            actor,
            "restore",
            after,
            before=voter,
            reason=reason,
            document=document,
            summary=f"Ghi lại tên {voter.full_name} vào danh sách",
        )
    return after


async def move_voter(
    *,
    voter_id: int,
    to_polling_area_id: int,
    residence_category: ResidenceCategory,
    reason: str,
    document: str,
    actor: Actor,
    new_address: str = "",
    now: dt.datetime | None = None,
) -> VoterRow:
    """Art. 30(3): a voter who moves (permanently or to a temporary address) is struck off
    the old list and written on the new one, with the ballots the new residence allows:
    after the list is posted, a new temporary residence gives ĐBQH + HĐND tỉnh only."""
    voter = await get_voter(voter_id=voter_id, actor=actor)
    require_manage(actor, voter.commune_code, voter.province_code)
    target = await stations.get_polling_area(polling_area_id=to_polling_area_id, actor=actor)
    require_manage(actor, target.commune_code, target.province_code)
    category = ResidenceCategory(residence_category)
    if category not in rules.HOME_CATEGORIES:
        raise RuleViolation(
            Violation(
                "move_category",
                "Chuyển nơi bỏ phiếu chỉ theo nơi thường trú hoặc tạm trú.",
                "Điều 30 khoản 3",
            )
        )
    if target.election_id != voter.election_id:
        raise RuleViolation(
            Violation("move_other_election", "Khu vực bỏ phiếu thuộc cuộc bầu cử khác.")
        )
    if target.id == voter.polling_area_id:
        raise Conflict("Cử tri đã ở khu vực bỏ phiếu này.")
    await check_cutoff(voter.election_id, now)
    reason, document = _reason(reason, document)
    if voter.status != VoterStatus.LISTED or voter.voting_elsewhere:
        raise Conflict("Chỉ chuyển được cử tri đang có tên trong danh sách.")
    posted_on = (await list_state(polling_area_id=voter.polling_area_id)).posted_on
    today = (await moment(voter.election_id, now)).astimezone(VIETNAM).date()
    scope = rules.moved_scope(category, after_posting=posted_on is not None and posted_on <= today)
    address = tidy(new_address)
    moved_in = new_entry_for(
        voter,
        residence_category=category,
        permanent_address=address
        if category == ResidenceCategory.PERMANENT and address
        else voter.permanent_address,
        temporary_address=address if category != ResidenceCategory.PERMANENT else "",
    )
    async with db.transaction():
        await queries.strike_off_moved(
            voter_id=voter_id,
            removal_reason=f"Chuyển đến khu vực bỏ phiếu số {target.number}, {target.commune_name}",
        )
        new_id = await insert_entry(
            election_id=voter.election_id,
            polling_area_id=target.id,
            data=moved_in,
            scope=scope,
        )
        await number_if_finalized(target.id)
        moved = await get_voter(voter_id=new_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=voter_id,
            action="move_out",
            before=voter.public(),
            after={"moved_to_voter": new_id, "reason": reason, "document": document},
            summary=f"Chuyển {voter.full_name} sang khu vực số {target.number}, {target.commune_name}: {reason} ({document})",
        )
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=new_id,
            action="move_in",
            after={
                **moved.public(),
                "moved_from_voter": voter_id,
                "reason": reason,
                "document": document,
            },
            summary=f"Nhận {voter.full_name} từ khu vực số {voter.polling_area_number}, {voter.commune_name}",
        )
    return moved
