"""SQL for the public lookup's answer (Tra cứu): where, when and with which
ballots the citizen votes, and what the lookup page needs besides (the polling
area and election to show the units and lists of; the posting of the list
for the certificate's window). Only the matched citizen's own entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.sql import query
from election.voters import rules
from election.voters.tables import ResidenceCategory


@dataclass(frozen=True)
class WhereToVote:
    polling_area_id: int
    polling_area_number: int
    polling_area: str
    commune: str
    province: str
    station_address: str
    election_id: int
    election_name: str
    election_day: dt.date
    voting_opens: dt.time
    voting_closes: dt.time
    early_voting_date: dt.date | None
    residence_category: ResidenceCategory
    ballot_dbqh: bool
    ballot_tinh: bool
    ballot_xa: bool
    voting_elsewhere: bool
    list_posted_on: dt.date | None
    certificate_outside_province: str

    @property
    def ballots(self) -> rules.BallotScope:
        return rules.BallotScope(self.ballot_dbqh, self.ballot_tinh, self.ballot_xa)


# The match: the ID, the full birth date, and the card number or the name's
# search key; a listed entry, the one voting here first, of the latest election.
@query("""
    SELECT pa.id AS polling_area_id, pa.number AS polling_area_number, pa.name AS polling_area,
           c.name AS commune, p.name AS province, pa.station_address,
           e.id AS election_id, e.name AS election_name, e.election_day, e.voting_opens,
           e.voting_closes, pa.early_voting_date, v.residence_category,
           v.ballot_dbqh, v.ballot_tinh, v.ballot_xa, v.voting_elsewhere,
           vl.posted_on AS list_posted_on, e.certificate_outside_province
    FROM voter v JOIN polling_area pa ON pa.id = v.polling_area
    JOIN commune c ON c.code = v.commune JOIN province p ON p.code = c.province
    JOIN election e ON e.id = v.election
    LEFT JOIN voter_list vl ON vl.polling_area = pa.id
    WHERE v.personal_id = :personal_id AND v.date_of_birth = :date_of_birth
      AND v.status = 'listed'
      AND (v.card_number = :card_number::int OR v.search_name = :name_key::text)
    ORDER BY v.voting_elsewhere, e.election_day DESC LIMIT 1
""")
async def where_to_vote(
    *, personal_id: str, date_of_birth: dt.date, card_number: int | None, name_key: str | None
) -> WhereToVote | None:
    """The matched citizen's entry and its polling area, nothing of anyone else."""
    ...
