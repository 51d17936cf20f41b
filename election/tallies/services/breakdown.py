"""The count broken down by place, for the national and province results
pages: every province with its reporting and turnout; a province's communes
and its units. Figures only: a unit's stage is `rules.unit_state`'s, and no
verdict is read off partial sums here."""

from __future__ import annotations

from dataclasses import dataclass

from election import db
from election.actor import Actor, ScopeLevel
from election.elections import services as elections
from election.elections.tables import ContestLevel
from election.errors import Forbidden
from election.geography import services as geography
from election.tallies import rules
from election.tallies.queries import aggregate
from election.tallies.queries import breakdown as queries
from election.tallies.queries.aggregate import UnitRunningSums
from election.tallies.queries.breakdown import PlaceProgress, ProvinceProgress

_OUT_OF_SCOPE = "Bạn chỉ xem được kết quả trong phạm vi được giao."


@db.reads
async def provinces(*, election_id: int, actor: Actor) -> list[ProvinceProgress]:
    """Every province (one statement over the units' running sums); an actor
    below the national level gets their own province only."""
    await elections.get_election(election_id=election_id)
    own = None if actor.scope_level == ScopeLevel.NATIONAL else actor.province_code
    return await queries.provinces_progress(election_id=election_id, province_code=own)


@dataclass(frozen=True)
class UnitProgress:
    """A unit of the province with its sheets so far and its stage."""

    sums: UnitRunningSums
    state: rules.UnitState

    @property
    def reporting(self) -> float:
        return 100.0 * self.sums.reported / self.sums.areas_total if self.sums.areas_total else 0.0


@dataclass(frozen=True)
class ProvinceBreakdown:
    code: str
    name: str
    total: PlaceProgress
    communes: list[PlaceProgress]
    units: list[UnitProgress]  # ĐBQH and HĐND tỉnh units; ward units go by commune
    ward_units_total: int


def _sum(code: str, name: str, rows: list[PlaceProgress]) -> PlaceProgress:
    def total(field: str) -> int:
        return sum(getattr(r, field) for r in rows)

    return PlaceProgress(
        code=code,
        name=name,
        areas_total=total("areas_total"),
        areas_reported=total("areas_reported"),
        areas_approved=total("areas_approved"),
        sheets_total=total("sheets_total"),
        sheets_reported=total("sheets_reported"),
        sheets_approved=total("sheets_approved"),
        voters_on_list=total("voters_on_list"),
        voters_took_part=total("voters_took_part"),
    )


@db.reads
async def province(*, election_id: int, province_code: str, actor: Actor) -> ProvinceBreakdown:
    """A province's communes (one statement over its sheets) and its units
    (one over their running sums); a commune's user sees their commune only."""
    if not actor.covers_province(province_code):
        raise Forbidden(_OUT_OF_SCOPE)
    await elections.get_election(election_id=election_id)
    place = await geography.get_province(province_code)
    own_commune = (
        actor.commune_code
        if actor.scope_level in (ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA)
        else None
    )
    communes = await queries.communes_progress(
        election_id=election_id, province_code=province_code, commune_code=own_commune
    )
    units = await aggregate.units_with_sums(
        election_id=election_id,
        province_code=province_code,
        commune_code=own_commune,
        contest_ids=None,
    )
    shown = [u for u in units if u.level != ContestLevel.COMMUNE_COUNCIL]
    return ProvinceBreakdown(
        code=place.code,
        name=place.name,
        total=_sum(place.code, place.name, communes),
        communes=communes,
        units=[
            UnitProgress(
                sums=u,
                state=rules.unit_state(
                    areas_total=u.areas_total,
                    reported=u.reported,
                    approved=u.approved,
                    fixed=u.locked,
                ),
            )
            for u in shown
        ],
        ward_units_total=len(units) - len(shown),
    )
