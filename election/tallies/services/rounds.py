"""Follow-up rounds of a unit: bầu cử thêm (Art. 79), bầu cử lại (Art. 80) and
the re-run after an annulment of polling areas' or the unit's result (Art. 81).

A round is recorded with its decision (number, date, reason) and opens with a
draft sheet for each area that votes again; its result is fixed like the
first round's (Art. 77).
"""

from __future__ import annotations

import datetime as dt

from election import db
from election.actor import Actor, Role
from election.audit import services as audit
from election.elections import services as elections
from election.elections import structure
from election.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from election.tallies import rules
from election.tallies.queries import results as queries
from election.tallies.queries.results import RoundRow
from election.tallies.tables import RoundKind

# Who records the decision of the competent body (the National Election
# Council or the election committee) in the product.
RECORDING_ROLES = (Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF)


def may_record_round(actor: Actor) -> bool:
    return actor.role in RECORDING_ROLES and not actor.is_read_only


async def open_round(
    *,
    unit_id: int,
    kind: RoundKind,
    voting_day: dt.date,
    decision: str,
    actor: Actor,
    decision_date: dt.date | None = None,
    reason: str = "",
    polling_area_ids: list[int] | None = None,
) -> int:
    """Record a bầu cử thêm, a bầu cử lại or an annulment's re-run as its own
    round, within 7 days of election day, with its sheets."""
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    if not may_record_round(actor):
        raise Forbidden("Chỉ Ủy ban bầu cử được ghi nhận quyết định bầu cử thêm, bầu cử lại.")
    kind = RoundKind(kind)
    if kind == RoundKind.FIRST:
        raise InvalidInput("Vòng bầu cử phải là bầu cử thêm hoặc bầu cử lại.")
    request = rules.RoundRequest(
        kind=kind,
        voting_day=voting_day,
        decision=" ".join(decision.split()),
        decision_date=decision_date,
        reason=" ".join(reason.split()),
        polling_areas=tuple(polling_area_ids or ()),
    )
    standing = await _standing(unit_id, kind)
    election = await elections.get_election(election_id=unit.election_id)
    violations = rules.check_round(
        request,
        election_day=election.election_day,
        standing=standing,
        unit_areas=await queries.unit_polling_areas(unit_id=unit_id),
    )
    if violations:
        raise RuleViolation(violations)
    if await queries.round_exists(unit_id=unit_id, kind=kind):
        raise Conflict(
            "Mỗi đơn vị chỉ tổ chức bầu cử thêm, bầu cử lại, bầu cử lại sau khi hủy bỏ kết quả "
            "một lần."
        )
    areas = sorted(request.polling_areas) or None
    async with db.transaction():
        round_id = await queries.insert_round(
            unit_id=unit_id,
            kind=kind,
            voting_day=voting_day,
            decision=request.decision,
            decision_date=decision_date,
            reason=request.reason,
            polling_areas=areas,
            created_by=actor.username,
        )
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="open_round",
            after={
                "round": round_id,
                "kind": kind,
                "voting_day": voting_day,
                "decision": request.decision,
                "decision_date": decision_date,
                "reason": request.reason,
                "polling_areas": areas,
            },
            summary=f"Quyết định {kind.label.lower()} ngày {voting_day:%d/%m/%Y}",
        )
    return round_id


async def _standing(unit_id: int, kind: RoundKind) -> rules.RoundStanding:
    """What the result that stands calls for. An annulment strikes out the
    first round's fixed result; bầu cử thêm and lại follow the first round's,
    or once it was annulled, the re-run's."""
    if kind == RoundKind.ANNULMENT:
        determination = await queries.first_round_determination(unit_id=unit_id)
    else:
        determination = await queries.standing_determination(unit_id=unit_id)
    if determination is None:
        raise Conflict("Chưa xác định kết quả bầu cử của đơn vị (Điều 77).")
    return rules.RoundStanding(
        needs_supplementary=bool(determination.get("needs_supplementary")),
        needs_rerun=bool(determination.get("needs_rerun")),
    )


async def unit_rounds(*, unit_id: int, actor: Actor) -> list[RoundRow]:
    await structure.get_unit(unit_id=unit_id, actor=actor)
    return await queries.rounds_of_unit(unit_id=unit_id)
