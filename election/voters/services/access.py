"""Who may read and change voter lists, and until when lists may change.

Who may change a list: commune staff of the commune, province staff of the
province, admins. Station officers check voters in at their own polling
area. Everyone signed in reads what lies in their scope.
"""

from __future__ import annotations

import datetime as dt

from election.actor import Actor
from election.elections import services as elections
from election.elections import training_clock
from election.errors import Forbidden, RuleViolation
from election.geography import services as geography
from election.geography.queries import CommuneRow
from election.voters import rules
from election.voters.queries.entries import VoterRow


def may_read(actor: Actor, voter: VoterRow) -> bool:
    return actor.covers_polling_area(voter.polling_area_id, voter.commune_code, voter.province_code)


def may_manage(actor: Actor, commune_code: str, province_code: str) -> bool:
    return actor.manages_commune(commune_code, province_code)


def require_manage(actor: Actor, commune_code: str, province_code: str) -> None:
    if not may_manage(actor, commune_code, province_code):
        raise Forbidden("Bạn không có quyền thay đổi danh sách cử tri của xã, phường này.")


async def commune_in_scope(commune_code: str, actor: Actor) -> CommuneRow:
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise Forbidden("Xã, phường này nằm ngoài phạm vi của bạn.")
    return commune


async def moment(election_id: int, now: dt.datetime | None) -> dt.datetime:
    """The moment a change happens: the election's clock (a training clock
    shifts it), or `now` when a test or the demo gives one."""
    return await training_clock.now_for(election_id, now)


async def check_cutoff(election_id: int, now: dt.datetime | None) -> None:
    """Art. 29(4), 30: the lists change only until 24 hours before voting opens."""
    election = await elections.get_election(election_id=election_id)
    violations = rules.check_list_change_allowed(
        await moment(election_id, now), election.election_day, election.voting_opens
    )
    if violations:
        raise RuleViolation(violations)
