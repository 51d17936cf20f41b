"""The public lookup's full answer (Tra cứu): after a match, where to go (the
polling station's address and a map link), when (Art. 71(1)), which ballots
and why (Art. 29, 30, 34), the official candidate lists of the voter's units
once published (Art. 57-59), and how to ask for a certificate to vote
elsewhere (Art. 34). Found through `lookup.guarded`, like every public
lookup: rate-limited, and as slow found as not; the answer holds the matched
citizen's entry and public facts only, never another voter's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from election.elections import public as lists
from election.elections import training_clock
from election.elections.public import UnitList
from election.elections.tables import ContestLevel
from election.voters.queries import public as queries
from election.voters.queries.public import WhereToVote
from election.voters.rules import public as rules
from election.voters.services.lookup import guarded, second_factor_keys

MAP_SEARCH = "https://www.openstreetmap.org/search"


def map_link(where: WhereToVote) -> str | None:
    """An OpenStreetMap search for the polling station's address (the
    commune and province added when the address does not name them); None
    when no address is recorded. Nothing but the public address leaves."""
    address = where.station_address.strip()
    if not address:
        return None
    parts = [address] + [p for p in (where.commune, where.province) if p not in address]
    return f"{MAP_SEARCH}?{urlencode({'query': ', '.join(parts)})}"


def levels_of(where: WhereToVote) -> set[ContestLevel]:
    ballots = where.ballots
    given = (
        (ContestLevel.NATIONAL_ASSEMBLY, ballots.dbqh),
        (ContestLevel.PROVINCE_COUNCIL, ballots.tinh),
        (ContestLevel.COMMUNE_COUNCIL, ballots.xa),
    )
    return {level for level, received in given if received}


@dataclass(frozen=True)
class LookupAnswer:
    where: WhereToVote
    map_link: str | None
    hours: rules.VotingHours
    on_the_day: tuple[str, ...]
    ballots: rules.BallotsExplained
    lists: list[UnitList]
    # None for an entry already voting elsewhere (it holds a certificate).
    certificate: rules.CertificateAdvice | None


async def answer(
    *, personal_id: str, date_of_birth: dt.date, second_factor: str, now: dt.datetime | None = None
) -> LookupAnswer | None:
    """The full answer for the citizen the three facts match, or None."""
    card_number, name_key = second_factor_keys(second_factor)
    if card_number is None and name_key is None:
        return None
    where = await queries.where_to_vote(
        personal_id=personal_id,
        date_of_birth=date_of_birth,
        card_number=card_number,
        name_key=name_key,
    )
    if where is None:
        return None
    moment = await training_clock.now_for(where.election_id, now)
    elsewhere = where.voting_elsewhere
    return LookupAnswer(
        where=where,
        map_link=map_link(where),
        hours=rules.voting_hours(
            where.election_day, where.voting_opens, where.voting_closes, where.early_voting_date
        ),
        on_the_day=rules.ON_THE_DAY,
        ballots=rules.explain_ballots(where.residence_category, where.ballots),
        lists=[]
        if elsewhere
        else await lists.lists_of_area(
            polling_area_id=where.polling_area_id, levels=levels_of(where)
        ),
        certificate=None
        if elsewhere
        else rules.certificate_advice(
            moment,
            commune=where.commune,
            province=where.province,
            election_day=where.election_day,
            voting_opens=where.voting_opens,
            posted_on=where.list_posted_on,
            outside_province_policy=where.certificate_outside_province,
        ),
    )


async def public_answer(
    *,
    personal_id: str,
    date_of_birth: dt.date,
    second_factor: str,
    client: str,
    secret: str,
    now: dt.datetime | None = None,
) -> LookupAnswer | None:
    """`answer` for anyone, within the lookup's budgets and its uniform time."""
    return await guarded(
        personal_id=personal_id,
        client=client,
        secret=secret,
        now=now,
        search=lambda: answer(
            personal_id=personal_id,
            date_of_birth=date_of_birth,
            second_factor=second_factor,
            now=now,
        ),
    )
