"""Certificates to vote elsewhere (Art. 34), numbered per commune without gaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.sql import query


@dataclass(frozen=True)
class CertificateRow:
    id: int
    election_id: int
    number: str
    voter_id: int
    issued_on: dt.date
    issued_by: str
    electronic: bool
    destination_voter: int | None


_CERTIFICATE = """
    SELECT id, election AS election_id, number, voter AS voter_id, issued_on, issued_by,
           electronic, destination_voter
    FROM vote_certificate
"""


@query(f"{_CERTIFICATE} WHERE id = :certificate_id")
async def certificate(*, certificate_id: int) -> CertificateRow | None: ...


@query(f"{_CERTIFICATE} WHERE election = :election_id AND number = :number")
async def certificate_numbered(*, election_id: int, number: str) -> CertificateRow | None: ...


@query("SELECT id FROM vote_certificate WHERE voter = :voter_id ORDER BY id DESC LIMIT 1")
async def latest_certificate_of(*, voter_id: int) -> int | None: ...


@query("""
    SELECT pg_advisory_xact_lock(hashtext('certificate:' || :election_id::int::text || ':'
                                          || :commune_code::text))
""")
async def lock_numbering(*, election_id: int, commune_code: str) -> None:
    """One counter per commune and election: the lock, held to the commit, keeps
    the numbers gapless and unique."""
    ...


@query("""
    SELECT count(*) + 1 FROM vote_certificate
    WHERE election = :election_id AND number LIKE :commune_code::text || '-%'
""")
async def next_sequence(*, election_id: int, commune_code: str) -> int: ...


@query("""
    INSERT INTO vote_certificate (election, number, voter, issued_on, issued_by, electronic)
    VALUES (:election_id, :number, :voter_id, :issued_on, :issued_by, :electronic)
    RETURNING id
""")
async def insert_certificate(
    *,
    election_id: int,
    number: str,
    voter_id: int,
    issued_on: dt.date,
    issued_by: str,
    electronic: bool,
) -> int: ...


@query("UPDATE voter SET voting_elsewhere = true, updated_at = now() WHERE id = :voter_id")
async def mark_voting_elsewhere(*, voter_id: int) -> None: ...


@query("""
    UPDATE vote_certificate SET destination_voter = :destination_voter WHERE id = :certificate_id
""")
async def record_destination(*, certificate_id: int, destination_voter: int) -> None: ...
