"""Follow-up rounds of a unit: bầu cử thêm (Art. 79) and bầu cử lại (Art. 80)."""

from __future__ import annotations

import datetime as dt

from election import db
from election.actor import Actor, Role
from election.audit import services as audit
from election.elections import services as elections
from election.elections import structure
from election.errors import Conflict, Forbidden, InvalidInput, RuleViolation, Violation
from election.tallies.queries import results as queries
from election.tallies.queries.results import RoundRow
from election.tallies.tables import RoundKind


async def open_round(
    *, unit_id: int, kind: RoundKind, voting_day: dt.date, decision: str, actor: Actor
) -> int:
    """Record a bầu cử thêm or bầu cử lại as its own round, within 7 days."""
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    if (
        actor.role not in (Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF)
        or actor.is_read_only
    ):
        raise Forbidden("Chỉ Ủy ban bầu cử được quyết định bầu cử thêm, bầu cử lại.")
    election = await elections.get_election(election_id=unit.election_id)
    kind = RoundKind(kind)
    if kind == RoundKind.FIRST:
        raise InvalidInput("Vòng bầu cử phải là bầu cử thêm hoặc bầu cử lại.")
    determination = await queries.first_round_determination(unit_id=unit_id)
    if determination is None:
        raise Conflict("Chưa xác định kết quả bầu cử lần đầu của đơn vị.")
    wanted = "needs_supplementary" if kind == RoundKind.SUPPLEMENTARY else "needs_rerun"
    if not determination.get(wanted):
        article = "Điều 79" if kind == RoundKind.SUPPLEMENTARY else "Điều 80"
        raise RuleViolation(
            Violation(
                "round_not_needed",
                f"Kết quả lần đầu không thuộc trường hợp {kind.label.lower()}.",
                article,
            )
        )
    if await queries.round_exists(unit_id=unit_id, kind=kind):
        raise Conflict("Mỗi đơn vị chỉ tổ chức bầu cử thêm hoặc bầu cử lại một lần.")
    if not (election.election_day < voting_day <= election.election_day + dt.timedelta(days=7)):
        raise RuleViolation(
            Violation(
                "round_date",
                "Bầu cử thêm, bầu cử lại được tổ chức chậm nhất 7 ngày sau ngày bầu cử đầu tiên.",
                "Điều 79, 80",
                "voting_day",
            )
        )
    async with db.transaction():
        round_id = await queries.insert_round(
            unit_id=unit_id,
            kind=kind,
            voting_day=voting_day,
            decision=" ".join(decision.split()),
            created_by=actor.username,
        )
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="open_round",
            after={"round": round_id, "kind": kind, "voting_day": voting_day},
            summary=f"Quyết định {kind.label.lower()} ngày {voting_day:%d/%m/%Y}",
        )
    return round_id


async def unit_rounds(*, unit_id: int, actor: Actor) -> list[RoundRow]:
    await structure.get_unit(unit_id=unit_id, actor=actor)
    return await queries.rounds_of_unit(unit_id=unit_id)
