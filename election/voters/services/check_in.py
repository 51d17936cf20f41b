"""Election-day check-in: "Đã bỏ phiếu" (Art. 69), once per citizen."""

from __future__ import annotations

import datetime as dt

from election import db
from election.actor import Actor, Role
from election.audit import services as audit
from election.clock import VIETNAM
from election.elections import services as elections
from election.errors import Conflict, Forbidden, RuleViolation
from election.stations import services as stations
from election.stations.queries import PollingAreaRow
from election.voters import rules
from election.voters.queries import entries as queries
from election.voters.queries.entries import VoterRow
from election.voters.services.access import may_manage, moment
from election.voters.services.reading import get_voter


def _refusal(voter: VoterRow | None, polling_area_id: int) -> str | None:
    """Why this entry may not be checked in at this area, or None."""
    if voter is None:
        return "Không có công dân này trong danh sách cử tri của cuộc bầu cử."
    if voter.voting_elsewhere:
        return "Cử tri đã được cấp giấy chứng nhận bỏ phiếu ở nơi khác."
    if voter.voted_at is not None:
        return (
            f"Cử tri đã được ghi nhận bỏ phiếu lúc {voter.voted_at.astimezone(VIETNAM):%H:%M %d/%m/%Y} "
            f"tại khu vực bỏ phiếu số {voter.polling_area_number}, {voter.commune_name}."
        )
    if voter.polling_area_id != polling_area_id:
        return (
            f"Cử tri có tên ở khu vực bỏ phiếu số {voter.polling_area_number}, {voter.commune_name}, "
            "không phải khu vực này."
        )
    return None


async def _check_allowed(area: PollingAreaRow, actor: Actor, now: dt.datetime) -> None:
    allowed = not actor.is_read_only and (
        actor.role == Role.STATION_OFFICER
        or may_manage(actor, area.commune_code, area.province_code)
    )
    if not allowed:
        raise Forbidden(
            "Chỉ Tổ bầu cử của khu vực hoặc cán bộ xã được ghi nhận cử tri đã bỏ phiếu."
        )
    election = await elections.get_election(election_id=area.election_id)
    violations = rules.check_check_in(
        now,
        election.election_day,
        election.voting_opens,
        election.voting_closes,
        area.early_voting_date,
    )
    if violations:
        raise RuleViolation(violations)


async def check_in(
    *, polling_area_id: int, personal_id: str, actor: Actor, now: dt.datetime | None = None
) -> VoterRow:
    """Mark a voter "Đã bỏ phiếu" at their polling area; a second mark anywhere is
    refused, and the refusal is logged."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    voted_at = await moment(area.election_id, now)
    await _check_allowed(area, actor, voted_at)
    personal_id = personal_id.strip()
    async with db.transaction():
        voter = await queries.lock_listed_entry(
            election_id=area.election_id, personal_id=personal_id
        )
        refusal = _refusal(voter, polling_area_id)
        if voter is not None and refusal is None:
            await queries.mark_voted(voter_id=voter.id, voted_at=voted_at)
            await audit.record(
                actor=actor,
                entity_type="voter",
                entity_id=voter.id,
                action="check_in",
                after={"voted_at": voted_at, "polling_area_id": polling_area_id},
                summary=f"Ghi nhận «Đã bỏ phiếu» tại khu vực số {area.number}",
            )
    if refusal is not None:
        # The refusal is logged in its own transaction, so it survives the error.
        async with db.transaction():
            await audit.record(
                actor=actor,
                entity_type="voter" if voter else "check_in",
                entity_id=voter.id if voter else f"{area.id}:{personal_id[-4:]}",
                action="check_in_refused",
                after={"polling_area_id": polling_area_id, "reason": refusal},
                summary=f"Từ chối ghi nhận bỏ phiếu tại khu vực số {area.number}: {refusal}",
            )
        raise Conflict(refusal, article="Điều 69")
    assert voter is not None
    return await get_voter(voter_id=voter.id, actor=actor)
