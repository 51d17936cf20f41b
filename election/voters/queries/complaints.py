"""Complaints about a voter list (Art. 33), decided within five days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.sql import query
from election.voters.tables import ComplaintOutcome


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    election_id: int
    commune_code: str
    voter_id: int | None
    complainant: str
    complainant_personal_id: str
    received_on: dt.date
    content: str
    decision_due: dt.date
    outcome: ComplaintOutcome
    decided_on: dt.date | None
    decision: str
    created_by: str

    @property
    def pending(self) -> bool:
        return self.outcome == ComplaintOutcome.PENDING

    def overdue(self, today: dt.date) -> bool:
        return self.pending and today > self.decision_due

    @property
    def outcome_label(self) -> str:
        return self.outcome.label


_COMPLAINT = """
    SELECT id, election AS election_id, commune AS commune_code, voter AS voter_id, complainant,
           complainant_personal_id, received_on, content, decision_due, outcome, decided_on,
           decision, created_by
    FROM voter_complaint
"""


@query(f"{_COMPLAINT} WHERE id = :complaint_id")
async def complaint(*, complaint_id: int) -> ComplaintRow | None: ...


@query(f"""
    {_COMPLAINT} WHERE election = :election_id AND commune = :commune_code
    ORDER BY received_on DESC, id DESC
""")
async def complaints_of_commune(*, election_id: int, commune_code: str) -> list[ComplaintRow]: ...


@query("""
    SELECT min(vl.posted_on) FROM voter_list vl JOIN polling_area pa ON pa.id = vl.polling_area
    WHERE pa.election = :election_id AND pa.commune = :commune_code
""")
async def first_posted_on(*, election_id: int, commune_code: str) -> dt.date | None:
    """When the commune's first list was posted: the complaint window opens then."""
    ...


@query("""
    INSERT INTO voter_complaint (election, commune, voter, complainant, complainant_personal_id,
        received_on, content, decision_due, outcome, decision, created_by)
    VALUES (:election_id, :commune_code, :voter_id, :complainant, :complainant_personal_id,
        :received_on, :content, :decision_due, 'pending', '', :created_by)
    RETURNING id
""")
async def insert_complaint(
    *,
    election_id: int,
    commune_code: str,
    voter_id: int | None,
    complainant: str,
    complainant_personal_id: str,
    received_on: dt.date,
    content: str,
    decision_due: dt.date,
    created_by: str,
) -> int: ...


@query("""
    UPDATE voter_complaint SET outcome = :outcome, decision = :decision, decided_on = :decided_on
    WHERE id = :complaint_id
""")
async def decide(
    *, complaint_id: int, outcome: ComplaintOutcome, decision: str, decided_on: dt.date
) -> None: ...
