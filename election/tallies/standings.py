"""The standings of the results page (every unit's result, and the provinces
for the national page), computed once per burst of changes for every page
and stream watching a scope (`live.ScopeCache`): a thousand viewers of the
national page cost one aggregation a second, not a thousand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from election.tallies import exports, live
from election.tallies.queries import breakdown as breakdown_queries
from election.tallies.queries import progress as progress_queries
from election.tallies.queries.breakdown import ProvinceProgress


@dataclass(frozen=True)
class Standings:
    """What the results page of a scope lists."""

    election_id: int
    # The country by province (the map and its table); none below the nation.
    provinces: list[ProvinceProgress]
    # Thousands of ward units nationally: above a commune the page lists the
    # ĐBQH and provincial units and counts the ward units.
    units: list[exports.UnitAggregate]
    ward_units_total: int
    ward_units_finalized: int


async def _standings(election_id: int, scope: live.Scope) -> Standings:
    provinces = (
        []
        if scope.province_code
        else await breakdown_queries.provinces_progress(election_id=election_id, province_code=None)
    )
    if scope.commune_code:
        aggregates = await exports.aggregate_units(election_id=election_id, scope=scope)
        return Standings(election_id, provinces, aggregates, 0, 0)
    # Above a commune only the ĐBQH and provincial units are aggregated (some
    # 700 nationally, against 16,900 with the ward units): a twentieth of the
    # work each burst, in one pass over all their contests.
    units = await exports.aggregate_units(
        election_id=election_id,
        scope=scope,
        contest_ids=await progress_queries.listed_contests(election_id=election_id),
    )
    ward = await progress_queries.ward_units(
        election_id=election_id, province_code=scope.province_code
    )
    return Standings(election_id, provinces, units, ward.total, ward.finalized)


_cache = live.ScopeCache(_standings)


async def cached(election_id: int, scope: live.Scope) -> Standings:
    """The standings of `scope` (its actor's scope: `live.Scope.of`), shared
    by every page and stream watching the nation or a province; a commune's
    (a few dozen units) are computed for the page that asks, so they show a
    change of its structure at once."""
    if scope.commune_code:
        return await _standings(election_id, scope)
    return await _cache.get(election_id, scope)


_rows: dict[object, live.Rows[Standings]] = {}


def rows(render: Callable[[Standings], dict[str, str]], key: object) -> live.Rows[Standings]:
    """The live rows of a page showing the standings, as `render` draws them:
    one source per `key` (the page's template engine), so its rows are drawn
    once per burst for every stream of the process."""
    if key not in _rows:
        _rows[key] = live.Rows(_cache, render)
    return _rows[key]
