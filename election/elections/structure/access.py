"""Who may read and change the structure of an election.

- ĐBQH and HĐND tỉnh units and candidates: national admins, and province
  staff of the unit's province;
- HĐND xã units and candidates: the above, and commune staff of the commune;
- everyone signed in reads what lies in their scope; observers only read.
"""

from __future__ import annotations

from election.actor import Actor, Role, ScopeLevel
from election.elections.tables import ContestLevel
from election.errors import Forbidden


def may_manage(
    actor: Actor, *, level: ContestLevel, province_code: str, commune_code: str | None
) -> bool:
    if actor.is_read_only:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.PROVINCE_STAFF:
        return actor.province_code == province_code
    if actor.role == Role.COMMUNE_STAFF:
        return level == ContestLevel.COMMUNE_COUNCIL and actor.commune_code == commune_code
    return False


def require_manage(
    actor: Actor, *, level: ContestLevel, province_code: str, commune_code: str | None
) -> None:
    if not may_manage(actor, level=level, province_code=province_code, commune_code=commune_code):
        raise Forbidden("Bạn không có quyền thay đổi đơn vị bầu cử, người ứng cử ở phạm vi này.")


def may_read(actor: Actor, *, province_code: str, commune_codes: list[str]) -> bool:
    if actor.scope_level == ScopeLevel.NATIONAL:
        return True
    if actor.province_code != province_code:
        return False
    if actor.scope_level == ScopeLevel.PROVINCE:
        return True
    return actor.commune_code in commune_codes
