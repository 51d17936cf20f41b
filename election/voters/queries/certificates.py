"""Certificates to vote on another list: to vote elsewhere (Art. 34) and a
soldier's to vote at home (Art. 31(2)), numbered per commune and kind without
gaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.sql import query
from election.voters.tables import CertificateKind, ResidenceCategory


@dataclass(frozen=True)
class CertificateRow:
    id: int
    election_id: int
    kind: CertificateKind
    number: str
    voter_id: int
    issued_on: dt.date
    issued_by: str
    electronic: bool
    destination_commune: str | None
    destination_commune_name: str
    destination_province_name: str
    current_address: str
    unit_name: str
    home_address: str
    home_category: ResidenceCategory | None
    commander: str
    destination_voter: int | None


_CERTIFICATE = """
    SELECT vc.id, vc.election AS election_id, vc.kind, vc.number, vc.voter AS voter_id,
           vc.issued_on, vc.issued_by, vc.electronic, vc.destination_commune,
           COALESCE(c.name, '') AS destination_commune_name,
           COALESCE(p.name, '') AS destination_province_name, vc.current_address,
           vc.unit_name, vc.home_address, vc.home_category, vc.commander, vc.destination_voter
    FROM vote_certificate vc
    LEFT JOIN commune c ON c.code = vc.destination_commune
    LEFT JOIN province p ON p.code = c.province
"""


@query(f"{_CERTIFICATE} WHERE vc.id = :certificate_id")
async def certificate(*, certificate_id: int) -> CertificateRow | None: ...


@query(f"{_CERTIFICATE} WHERE vc.election = :election_id AND vc.number = :number")
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
    WHERE election = :election_id AND kind = :kind AND number LIKE :commune_code::text || '-%'
""")
async def next_sequence(*, election_id: int, commune_code: str, kind: CertificateKind) -> int: ...


@query("""
    INSERT INTO vote_certificate (election, kind, number, voter, issued_on, issued_by,
        electronic, destination_commune, current_address, unit_name, home_address,
        home_category, commander)
    VALUES (:election_id, :kind, :number, :voter_id, :issued_on, :issued_by, :electronic,
        :destination_commune, :current_address, :unit_name, :home_address, :home_category,
        :commander)
    RETURNING id
""")
async def insert_certificate(
    *,
    election_id: int,
    kind: CertificateKind,
    number: str,
    voter_id: int,
    issued_on: dt.date,
    issued_by: str,
    electronic: bool,
    destination_commune: str | None,
    current_address: str,
    unit_name: str,
    home_address: str,
    home_category: ResidenceCategory | None,
    commander: str,
) -> int: ...


@query("UPDATE voter SET voting_elsewhere = true, updated_at = now() WHERE id = :voter_id")
async def mark_voting_elsewhere(*, voter_id: int) -> None: ...


@query("""
    UPDATE vote_certificate SET destination_voter = :destination_voter WHERE id = :certificate_id
""")
async def record_destination(*, certificate_id: int, destination_voter: int) -> None: ...
