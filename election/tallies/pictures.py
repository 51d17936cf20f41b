"""The count as pictures (`election.charts`): the map of the provinces by
reporting or turnout, bars per commune and per unit, and the candidates'
share of the valid ballots with the majority line of Art. 78(2).

Pure: rows in, SVG out. Pictures show figures, never a verdict; the page
puts the same numbers in a table beside each picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from markupsafe import Markup

from election.charts import (
    PERCENT_LEGEND,
    Bar,
    Legend,
    bar_chart,
    percent_text,
    tile_map,
    vn_figure,
    vn_percent,
)
from election.tallies import rules
from election.tallies.queries.breakdown import PlaceProgress
from election.tallies.queries.progress import UnitAreaSheet
from election.tallies.services.breakdown import UnitProgress

# Turnout in Vietnam runs above 90 %: classes fine enough to tell provinces apart there.
TURNOUT_LEGEND = Legend(
    bounds=(50, 80, 90, 95, 100.0001),
    labels=("dưới 50 %", "50–80 %", "80–90 %", "90–95 %", "95–100 %"),
    no_data="Chưa có biên bản",
)
REPORTING_LEGEND = Legend(
    bounds=PERCENT_LEGEND.bounds, labels=PERCENT_LEGEND.labels, no_data="Chưa có khu vực"
)
COLOUR_BY = {"reporting": "Tiến độ báo cáo", "turnout": "Tỷ lệ cử tri đi bầu"}


def floor_percent(value: Decimal | None) -> float | None:
    """A share written as a whole percent, rounded down: 99,6 % of the areas
    in is not "100 %"."""
    return None if value is None else float(math.floor(value))


def province_link(election_id: int, code: str) -> str:
    return f"/elections/{election_id}/results/provinces/{code}"


def province_map(provinces: Sequence[PlaceProgress], *, election_id: int, colour_by: str) -> Markup:
    """The 34 provinces coloured by the share of polling areas reported, or
    by turnout so far; each tile leads to the province's page."""
    links = {p.code: province_link(election_id, p.code) for p in provinces}
    if colour_by == "turnout":
        values = {p.code: float(p.turnout) if p.turnout is not None else None for p in provinces}
        return tile_map(
            values,
            title="Tỷ lệ cử tri đi bầu theo tỉnh, thành phố (các khu vực đã báo cáo)",
            links=links,
            legend=TURNOUT_LEGEND,
        )
    values = {p.code: floor_percent(p.reporting) for p in provinces}
    return tile_map(
        values,
        title="Tỷ lệ khu vực bỏ phiếu đã báo cáo theo tỉnh, thành phố",
        links=links,
        legend=REPORTING_LEGEND,
    )


def reporting_bars(
    places: Sequence[PlaceProgress], *, title: str, links: dict[str, str] | None = None
) -> Markup:
    """Share of polling areas reported per place, "3/7" written after each bar."""
    return bar_chart(
        [
            Bar(
                p.name,
                100.0 * p.areas_reported / p.areas_total if p.areas_total else 0.0,
                display=f"{p.areas_reported}/{p.areas_total} khu vực",
                href=(links or {}).get(p.code),
            )
            for p in places
        ],
        title=title,
        max_value=100,
    )


def unit_reporting_bars(units: Sequence[UnitProgress], *, title: str) -> Markup:
    """Share of each unit's sheets entered, "3/7" after each bar, leading to the unit."""
    return bar_chart(
        [
            Bar(
                f"{u.sums.name} ({u.sums.level.label})",
                u.reporting,
                display=f"{u.sums.reported}/{u.sums.areas_total} biên bản",
                href=f"/units/{u.sums.id}/result",
            )
            for u in units
        ],
        title=title,
        max_value=100,
    )


def unit_turnout_bars(units: Sequence[UnitProgress], *, title: str) -> Markup:
    """Turnout so far per unit (its sheets entered), against the half of Art. 78(1)."""
    return bar_chart(
        [
            Bar(
                f"{u.sums.name} ({u.sums.level.label})",
                _share(u.sums.took_part, u.sums.voters_on_list) or 0.0,
                display=percent_text(_share(u.sums.took_part, u.sums.voters_on_list)),
                colour=2,
            )
            for u in units
        ],
        title=title,
        max_value=100,
        reference_line=50,
        reference_label="50 % cử tri (Điều 78)",
    )


def _share(part: int, whole: int) -> float | None:
    return float(rules.percent(part, whole)) if whole else None


def colour_by(choice: str) -> str:
    """The map's colouring from the query string: reporting unless turnout is asked."""
    return choice if choice in COLOUR_BY else "reporting"


def turnout_bars(places: Sequence[PlaceProgress], *, title: str) -> Markup:
    """Turnout so far per place (the areas reported), against the half of
    Art. 78(1) drawn as a line."""
    return bar_chart(
        [
            Bar(
                p.name,
                float(p.turnout) if p.turnout is not None else 0.0,
                display=vn_percent(float(p.turnout)) if p.turnout is not None else "—",
                colour=2,
            )
            for p in places
        ],
        title=title,
        max_value=100,
        reference_line=50,
        reference_label="50 % cử tri (Điều 78)",
    )


def standings_chart(determination: rules.Determination, *, provisional: bool) -> Markup:
    """Each candidate's votes as a share of the valid ballots, with the line
    at half of them (Art. 78(2)). A share is a figure, not a verdict: who is
    elected is the unit's table to say, on a complete count."""
    title = "Tỷ lệ phiếu bầu so với số phiếu hợp lệ"
    if provisional:
        title += " (tạm thời, chưa đủ biên bản)"
    return bar_chart(
        [
            Bar(
                s.full_name,
                float(s.percent),
                display=f"{vn_percent(float(s.percent))} · {vn_figure(s.votes)} phiếu",
            )
            for s in determination.standings
        ],
        title=title,
        max_value=100,
        reference_line=50,
        reference_label="50 % phiếu hợp lệ (Điều 78)",
    )


class NationalPictures(TypedDict):
    provinces: Sequence[PlaceProgress]
    colour_by: str
    colour_choices: dict[str, str]
    province_map: Markup


def national_context(
    provinces: Sequence[PlaceProgress], *, election_id: int, colour: str
) -> NationalPictures:
    """What the national results page needs to show the provinces: the map
    coloured as asked, the choice of colouring, and the rows for the table
    (none where the page covers one province)."""
    chosen = colour_by(colour)
    return NationalPictures(
        provinces=provinces,
        colour_by=chosen,
        colour_choices=COLOUR_BY,
        province_map=(
            province_map(provinces, election_id=election_id, colour_by=chosen)
            if provinces
            else Markup("")
        ),
    )


@dataclass(frozen=True)
class CommuneOfUnit:
    """A unit's polling areas in one commune: how many have their sheet in,
    and turnout over those."""

    name: str
    areas_total: int
    areas_reported: int
    voters_on_list: int
    voters_took_part: int

    @property
    def turnout(self) -> float | None:
        return _share(self.voters_took_part, self.voters_on_list)


def unit_communes(areas: Sequence[UnitAreaSheet]) -> list[CommuneOfUnit]:
    """The unit's areas grouped by commune, in the order they come (by commune)."""
    grouped: dict[str, list[UnitAreaSheet]] = {}
    for area in areas:
        grouped.setdefault(area.commune_name, []).append(area)
    return [
        CommuneOfUnit(
            name=name,
            areas_total=len(rows),
            areas_reported=sum(1 for r in rows if r.voters_took_part is not None),
            voters_on_list=sum(r.voters_on_list or 0 for r in rows),
            voters_took_part=sum(r.voters_took_part or 0 for r in rows),
        )
        for name, rows in grouped.items()
    ]


def unit_communes_chart(communes: Sequence[CommuneOfUnit]) -> Markup:
    """Share of the unit's areas reported in each commune, "3/7" after each bar."""
    return bar_chart(
        [
            Bar(
                c.name,
                100.0 * c.areas_reported / c.areas_total if c.areas_total else 0.0,
                display=f"{c.areas_reported}/{c.areas_total} khu vực",
            )
            for c in communes
        ],
        title="Khu vực bỏ phiếu của đơn vị đã báo cáo, theo xã, phường",
        max_value=100,
    )
