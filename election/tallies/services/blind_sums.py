"""Aggregates kept from a typist while one of their sheets holds another
person's unconfirmed typing (blind double entry, `rules.visibility`).

Only the typists of a polling area or a commune can be affected: for anyone
else (the boards, observers, province and national staff) no query is made."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from election.actor import Actor, Role, ScopeLevel
from election.tallies.queries import sheets as queries
from election.tallies.queries.sheets import SheetInEntry
from election.tallies.rules.visibility import (
    AGGREGATE_WITHHELD_NOTE,
    CountedSheet,
    aggregate_withheld,
)
from election.tallies.services.sheets import may_enter_area, reader_is_system

# The roles `may_enter_area` lets type a sheet somewhere.
TYPING_ROLES = frozenset(
    {Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF, Role.STATION_OFFICER}
)
# The typists whose own work is the typing: a polling area's team and the
# commune's staff. Province staff and administrators type a sheet only by
# exception (the sheet's own page is blind to them as to anyone); keeping from
# them every sum with a sheet they could type would blank election night for
# those who supervise a province or the nation, at the price of a query over
# every sheet of it at each update.
TYPING_SCOPES = frozenset({ScopeLevel.POLLING_AREA, ScopeLevel.COMMUNE})


def may_type_any(actor: Actor) -> bool:
    """Whether aggregates can be kept from the actor: a typist of a polling
    area or a commune (see TYPING_SCOPES). For anyone else no query is made."""
    return (
        not actor.is_read_only
        and actor.role in TYPING_ROLES
        and actor.scope_level in TYPING_SCOPES
        and not reader_is_system(actor)
    )


@dataclass(frozen=True)
class Withheld:
    """What an aggregate of a scope keeps from one reader: the units whose
    sums count a typing they may not see yet, and those sheets."""

    units: frozenset[int] = frozenset()
    sheets: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.units)

    @property
    def note(self) -> str:
        return AGGREGATE_WITHHELD_NOTE if self.units else ""


NOTHING_WITHHELD = Withheld()


def _kept(actor: Actor, rows: Sequence[SheetInEntry]) -> list[SheetInEntry]:
    return [
        row
        for row in rows
        if aggregate_withheld(
            [
                CountedSheet(
                    reader_may_type=may_enter_area(
                        actor, row.polling_area_id, row.commune_code, row.province_code
                    ),
                    counts_unverified_typing=True,  # the query's rows are such sheets
                    typed_by_reader=row.typed_by_reader,
                )
            ]
        )
    ]


async def withheld_in_scope(
    *,
    actor: Actor,
    election_id: int,
    province_code: str | None = None,
    commune_code: str | None = None,
    unit_id: int | None = None,
) -> Withheld:
    """The units (and sheets) of a scope whose figures are kept from the actor."""
    if not may_type_any(actor):
        return NOTHING_WITHHELD
    kept = _kept(
        actor,
        await queries.scope_sheets_in_entry(
            election_id=election_id,
            province_code=province_code,
            commune_code=commune_code,
            unit_id=unit_id,
            username=actor.username,
        ),
    )
    return Withheld(
        units=frozenset(row.unit_id for row in kept), sheets=frozenset(row.id for row in kept)
    )


async def withholds_unit_sums(*, unit_id: int, actor: Actor, round_id: int | None = None) -> bool:
    """Whether a unit's running sums (of a round) would show the actor figures
    the blind double entry keeps from them: with one sheet reported, they are
    its figures. Results pages show such a reader the progress, not the sums."""
    if not may_type_any(actor):
        return False
    return bool(
        _kept(
            actor,
            await queries.unit_sheets_in_entry(
                unit_id=unit_id, round_id=round_id, username=actor.username
            ),
        )
    )
