"""Managing accounts from the pages and the API: what a manager sees of an
account (its sign-ins and tokens), revoking one of them, and the choices a
scope picker offers, limited to what the actor may hand out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from election import db
from election.accounts import queries, rules
from election.accounts.queries import AreaOption, PlaceOption, TokenRow, UserRow
from election.accounts.services.tokens import announce_revocation
from election.accounts.services.users import get_user, may_manage
from election.accounts.tables import TokenKind
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.errors import Forbidden, NotFound

T = TypeVar("T")

# How many of a user's sign-ins and tokens their page shows, newest first.
TOKENS_SHOWN = 30


async def managed_user(*, user_id: int, actor: Actor) -> UserRow:
    """An account the actor manages; others are not found (404), so that an
    account outside the actor's scope is not even confirmed to exist."""
    user = await get_user(user_id=user_id)
    try:
        may_manage(
            actor, role=user.role, province_code=user.province_code, commune_code=user.commune_code
        )
    except Forbidden:
        raise NotFound(f"Không có người dùng số {user_id}.") from None
    return user


@dataclass(frozen=True)
class UserDetail:
    user: UserRow
    tokens: list[TokenRow]

    @property
    def live_tokens(self) -> list[TokenRow]:
        return [t for t in self.tokens if t.live]

    @property
    def sign_ins(self) -> list[TokenRow]:
        """Each sign-in issued a session (the pages) or a token (the API)."""
        return self.tokens


async def user_detail(*, user_id: int, actor: Actor) -> UserDetail:
    user = await managed_user(user_id=user_id, actor=actor)
    tokens = await queries.tokens_of_user(user_id=user.id, limit=TOKENS_SHOWN)
    return UserDetail(user=user, tokens=tokens)


async def own_sign_ins(*, actor: Actor, limit: int = 10) -> list[TokenRow]:
    """The actor's own recent sign-ins (sessions and API tokens), newest first."""
    if actor.user_id is None:
        return []
    return await queries.tokens_of_user(user_id=actor.user_id, limit=limit)


async def revoke_user_token(*, user_id: int, token_hash: str, actor: Actor) -> bool:
    """End one session or API token of a managed user, in every server process
    once committed. False when it was already ended (or is not theirs)."""
    user = await managed_user(user_id=user_id, actor=actor)
    async with db.transaction():
        kind = await queries.revoke_token_of_user(user_id=user.id, token_hash=token_hash[:64])
        if kind is None:
            return False
        await announce_revocation(token_hash=token_hash[:64])
        what = "phiên đăng nhập" if kind == TokenKind.SESSION else "mã truy cập API"
        await audit.record(
            actor=actor,
            entity_type="user",
            entity_id=user.id,
            action="revoke_session" if kind == TokenKind.SESSION else "revoke_api_token",
            after={"kind": kind},
            summary=f"Thu hồi {what} của tài khoản {user.username}",
        )
    return True


# --------------------------------------------------------------------------
# Scope pickers


def manageable_roles(actor: Actor) -> list[Role]:
    """The roles the actor may give (`users.may_manage` decides for each account)."""
    if actor.role == Role.ADMIN:
        return list(Role)
    if actor.role == Role.PROVINCE_STAFF:
        return [r for r in Role if r not in (Role.ADMIN, Role.PROVINCE_STAFF)]
    if actor.role == Role.COMMUNE_STAFF:
        return [Role.STATION_OFFICER, Role.OBSERVER]
    return []


def _levels_for(actor: Actor, role: Role) -> list[ScopeLevel]:
    """The scope levels of `role` the actor may hand out: none wider than their own."""
    reach = {
        Role.ADMIN: set(ScopeLevel),
        Role.PROVINCE_STAFF: {ScopeLevel.PROVINCE, ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA},
        Role.COMMUNE_STAFF: {ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA},
    }.get(actor.role, set())
    return [level for level in ScopeLevel if level in rules.ALLOWED_SCOPES[role] & reach]


@dataclass(frozen=True)
class ScopeChoices:
    """What a scope picker shows: the options of each step, and the choices made
    so far that are among them (a choice outside them is dropped)."""

    roles: list[Role]
    role: Role | None = None
    levels: list[ScopeLevel] = field(default_factory=list[ScopeLevel])
    scope_level: ScopeLevel | None = None
    provinces: list[PlaceOption] = field(default_factory=list[PlaceOption])
    province_code: str | None = None
    communes: list[PlaceOption] = field(default_factory=list[PlaceOption])
    commune_code: str | None = None
    areas: list[AreaOption] = field(default_factory=list[AreaOption])
    polling_area_id: int | None = None

    @property
    def complete(self) -> bool:
        """Every step the chosen level needs is chosen."""
        if self.role is None or self.scope_level is None:
            return False
        needs = {
            ScopeLevel.NATIONAL: True,
            ScopeLevel.PROVINCE: self.province_code is not None,
            ScopeLevel.COMMUNE: self.commune_code is not None,
            ScopeLevel.POLLING_AREA: self.polling_area_id is not None,
        }
        return needs[self.scope_level]


def _chosen(value: T | None, options: list[T]) -> T | None:
    if value is not None and value in options:
        return value
    return options[0] if len(options) == 1 else None


async def scope_choices(
    *,
    actor: Actor,
    role: Role | None = None,
    scope_level: ScopeLevel | None = None,
    province_code: str | None = None,
    commune_code: str | None = None,
    polling_area_id: int | None = None,
) -> ScopeChoices:
    """The picker's options after the choices made so far, inside the actor's scope."""
    roles = manageable_roles(actor)
    role = role if role in roles else None
    if role is None:
        # No role yet: every level the actor hands out, and no places until a role.
        reach = {level for each in roles for level in _levels_for(actor, each)}
        levels = [level for level in ScopeLevel if level in reach]
        level = scope_level if scope_level in levels else None
        return ScopeChoices(roles=roles, levels=levels, scope_level=level)
    levels = _levels_for(actor, role)
    level = _chosen(scope_level, levels)
    if level is None or level == ScopeLevel.NATIONAL:
        return ScopeChoices(roles=roles, role=role, levels=levels, scope_level=level)
    national = actor.scope_level == ScopeLevel.NATIONAL
    provinces = await queries.province_options(
        province_code=None if national else actor.province_code
    )
    province = _chosen(province_code, [p.code for p in provinces])
    chosen = ScopeChoices(roles, role, levels, level, provinces, province)
    if province is None or level == ScopeLevel.PROVINCE:
        return chosen
    own_commune = actor.commune_code if actor.scope_level == ScopeLevel.COMMUNE else None
    communes = await queries.commune_options(province_code=province, commune_code=own_commune)
    commune = _chosen(commune_code, [c.code for c in communes])
    chosen = ScopeChoices(roles, role, levels, level, provinces, province, communes, commune)
    if commune is None or level == ScopeLevel.COMMUNE:
        return chosen
    areas = await queries.area_options(commune_code=commune)
    area = polling_area_id if polling_area_id in {a.id for a in areas} else None
    return ScopeChoices(
        roles, role, levels, level, provinces, province, communes, commune, areas, area
    )
