"""Complaints about a voter list (Art. 33): received while the list is posted,
decided within five days."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.errors import Conflict, NotFound, RuleViolation, Violation
from election.text import tidy
from election.voters import rules
from election.voters.queries import complaints as queries
from election.voters.queries.complaints import ComplaintRow
from election.voters.services.access import commune_in_scope, require_manage
from election.voters.services.reading import get_voter
from election.voters.tables import ComplaintOutcome


async def register_complaint(
    *,
    election_id: int,
    commune_code: str,
    complainant: str,
    received_on: dt.date,
    content: str,
    actor: Actor,
    complainant_personal_id: str = "",
    voter_id: int | None = None,
) -> tuple[ComplaintRow, list[Violation]]:
    commune = await commune_in_scope(commune_code, actor)
    require_manage(actor, commune.code, commune.province_code)
    complainant = tidy(complainant)
    content = unicodedata.normalize("NFC", content).strip()
    if not complainant or not content:
        raise RuleViolation(
            Violation(
                "complaint_incomplete", "Cần ghi người khiếu nại và nội dung khiếu nại.", "Điều 33"
            )
        )
    if voter_id is not None:
        voter = await get_voter(voter_id=voter_id, actor=actor)
        if voter.commune_code != commune_code:
            raise RuleViolation(
                Violation("complaint_voter_commune", "Cử tri không thuộc xã, phường này.")
            )
    posted = await queries.first_posted_on(election_id=election_id, commune_code=commune_code)
    warnings = rules.check_complaint_received(received_on, posted)
    async with db.transaction():
        complaint_id = await queries.insert_complaint(
            election_id=election_id,
            commune_code=commune_code,
            voter_id=voter_id,
            complainant=complainant,
            complainant_personal_id=complainant_personal_id.strip(),
            received_on=received_on,
            content=content,
            decision_due=rules.complaint_decision_due(received_on),
            created_by=actor.username,
        )
        complaint = await get_complaint(complaint_id=complaint_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter_complaint",
            entity_id=complaint_id,
            action="register",
            after=dataclasses.asdict(complaint),
            summary=f"Tiếp nhận khiếu nại của {complainant} ngày {received_on:%d/%m/%Y}",
        )
        if voter_id is not None:
            await audit.record(
                actor=actor,
                entity_type="voter",
                entity_id=voter_id,
                action="complaint",
                after={"complaint_id": complaint_id},
                summary=f"Khiếu nại số {complaint_id} về cử tri này",
            )
    return complaint, warnings


async def get_complaint(*, complaint_id: int, actor: Actor) -> ComplaintRow:
    complaint = await queries.complaint(complaint_id=complaint_id)
    if complaint is None:
        raise NotFound(f"Không có khiếu nại số {complaint_id}.")
    await commune_in_scope(complaint.commune_code, actor)
    return complaint


async def list_complaints(
    *, election_id: int, commune_code: str, actor: Actor
) -> list[ComplaintRow]:
    await commune_in_scope(commune_code, actor)
    return await queries.complaints_of_commune(election_id=election_id, commune_code=commune_code)


async def decide_complaint(
    *,
    complaint_id: int,
    accepted: bool,
    decision: str,
    decided_on: dt.date,
    actor: Actor,
) -> ComplaintRow:
    """Art. 33: record the decision; an accepted complaint is applied through the
    list changes (add, strike off, restore, move), citing the complaint."""
    complaint = await get_complaint(complaint_id=complaint_id, actor=actor)
    commune = await commune_in_scope(complaint.commune_code, actor)
    require_manage(actor, commune.code, commune.province_code)
    if not complaint.pending:
        raise Conflict("Khiếu nại này đã được giải quyết.")
    decision = unicodedata.normalize("NFC", decision).strip()
    if not decision:
        raise RuleViolation(
            Violation("decision_required", "Cần ghi nội dung quyết định giải quyết.", "Điều 33")
        )
    if decided_on < complaint.received_on:
        raise RuleViolation(
            Violation(
                "decision_before_receipt", "Ngày giải quyết không thể trước ngày nhận khiếu nại."
            )
        )
    async with db.transaction():
        await queries.decide(
            complaint_id=complaint_id,
            outcome=ComplaintOutcome.ACCEPTED if accepted else ComplaintOutcome.REJECTED,
            decision=decision,
            decided_on=decided_on,
        )
        after = await get_complaint(complaint_id=complaint_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter_complaint",
            entity_id=complaint_id,
            action="decide",
            before={"outcome": "pending"},
            after={"outcome": after.outcome, "decision": decision, "decided_on": decided_on},
            summary=f"Giải quyết khiếu nại số {complaint_id}: {after.outcome_label}"
            + (" (quá hạn 5 ngày)" if decided_on > complaint.decision_due else ""),
        )
    return after
