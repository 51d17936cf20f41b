"""Pictures of figures, drawn on the server as SVG: bars, lines and a tile map
of the 34 provinces.

Pure functions returning `Markup`; no database, no client script. The strict
CSP forbids inline styles (`style-src 'self'`), so the drawings use SVG
presentation attributes (`fill=`, `font-size=`) and classes styled in
`static/app.css`; never a `style` attribute or element.

Every picture is `role="img"` with a `<title>` and a `<desc>`, sized by its
`viewBox` so that it reads at 360 px wide, coloured from the Okabe–Ito and
ColorBrewer palettes (distinguishable with the common colour-vision
deficiencies), with a legend where colour carries meaning, and numbers
written the Vietnamese way (40.000; 93,02 %). The page puts the same numbers
in a table beside the picture: the picture is for the eye, the table for
everyone.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from forms import formatting

# Okabe & Ito (2008): eight colours told apart with any common colour-vision
# deficiency. Black is left out: it is the colour of the text.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
# Dash patterns that tell lines apart without colour.
_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
# Sequential scale for "how far along" (ColorBrewer YlGnBu, 5 classes):
# light to dark, safe for colour-blind readers and in greyscale.
# (The fourth class darkened from #2c7fb8 so that white text on it keeps 4.5:1.)
SEQUENTIAL = ("#ffffcc", "#a1dab4", "#41b6c4", "#1f6aa5", "#253494")
NO_DATA_FILL = "#e6e6e6"
INK = "#1b1f24"
MUTED = "#4a5562"
_ids = itertools.count(1)


def _luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(fill: str) -> str:
    """White or the ink, whichever reads better on `fill`."""
    return "#ffffff" if contrast(fill, "#ffffff") >= contrast(fill, INK) else INK


# --------------------------------------------------------------------------
# Numbers the Vietnamese way


def vn_figure(value: float, decimals: int = 0) -> str:
    """40000 → "40.000"; 93.0234 with 2 decimals → "93,02" (`forms.formatting`)."""
    return formatting.vn_number(value, decimals)


def vn_percent(value: float, decimals: int = 2) -> str:
    """93.0234 → "93,02 %" (a space before the sign, as Vietnamese writes it)."""
    return formatting.vn_percent(value, decimals)


def percent_text(value: float | Decimal | None, decimals: int = 2) -> str:
    """A percentage for a page: "93,02 %"; "—" where there is none yet."""
    return formatting.vn_percent(value, decimals)


def _fmt(value: float, decimals: int, suffix: str) -> str:
    return vn_figure(value, decimals) + suffix


def _num(value: float) -> str:
    """A coordinate: short, dot decimal (SVG syntax, not Vietnamese)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _open_svg(kind: str, width: float, height: float, title: str, desc: str) -> tuple[str, str]:
    uid = f"chart-{next(_ids)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-size="13" fill="{INK}">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(desc)}</desc>'
    )
    return head, uid


def _text_width(text: str, font_size: float) -> float:
    """A generous estimate of a text's width (no font metrics on the server)."""
    return len(text) * font_size * 0.6


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{_num(x)}" y="{_num(y)}"{extra}>{escape(content)}</text>'


# --------------------------------------------------------------------------
# Bars


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, and optionally where it leads.

    `display` replaces the written value (e.g. "3/7 khu vực"); `colour` is an
    index into `PALETTE` (0 for every bar unless bars mean different things).
    """

    label: str
    value: float
    display: str | None = None
    href: str | None = None
    colour: int = 0


BAR_WIDTH = 360.0
_BAR_LABEL = 18.0
_BAR_THICK = 18.0
_BAR_GAP = 12.0
_BAR_TOP = 22.0
_VALUE_ROOM = 92.0


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    max_value: float | None = None,
    reference_line: float | None = None,
    reference_label: str = "",
    decimals: int = 0,
    value_suffix: str = "",
    desc: str = "",
) -> Markup:
    """Horizontal bars, each label above its bar (long Vietnamese names fit a
    phone), the value written after the bar. Lengths are proportional to the
    values from a zero baseline up to `max_value` (default: the largest
    value). `reference_line` draws a dashed vertical line at that value
    with its label, e.g. 50 % for the majority of Art. 80.
    """
    largest = max((b.value for b in bars), default=0.0)
    scale_max = max_value if max_value is not None else largest
    if reference_line is not None and max_value is None:
        scale_max = max(scale_max, reference_line)
    if scale_max <= 0:
        scale_max = 1.0
    plot = BAR_WIDTH - _VALUE_ROOM
    row = _BAR_LABEL + _BAR_THICK + _BAR_GAP
    height = _BAR_TOP + row * max(len(bars), 1) + 4
    if not desc:
        desc = "; ".join(
            f"{b.label}: {b.display or _fmt(b.value, decimals, value_suffix)}" for b in bars
        )
    head, _ = _open_svg("bars", BAR_WIDTH, height, title, desc or "Chưa có số liệu.")
    parts = [
        head,
        f'<line class="chart-axis" x1="0" y1="{_num(_BAR_TOP - 4)}" x2="0" '
        f'y2="{_num(height - 4)}" stroke="{MUTED}" stroke-width="1"/>',
    ]
    # The reference line first: bars and their values are drawn over it.
    if reference_line is not None and 0 <= reference_line <= scale_max:
        x = plot * reference_line / scale_max
        parts.append(
            f'<line class="chart-reference" x1="{_num(x)}" y1="{_num(_BAR_TOP - 6)}" '
            f'x2="{_num(x)}" y2="{_num(height - 2)}" stroke="{INK}" stroke-width="1.5" '
            f'stroke-dasharray="5 3" data-value="{escape(repr(float(reference_line)))}"/>'
        )
        if reference_label:
            anchor = "end" if x > plot / 2 else "start"
            parts.append(
                _text(
                    x + (-4 if anchor == "end" else 4),
                    12,
                    reference_label,
                    class_="chart-reference-label",
                    text_anchor=anchor,
                    font_size="12",
                )
            )
    if not bars:
        parts.append(_text(8, _BAR_TOP + 18, "Chưa có số liệu.", fill=MUTED))
    for index, bar in enumerate(bars):
        top = _BAR_TOP + index * row
        length = plot * min(max(bar.value, 0.0), scale_max) / scale_max
        fill = PALETTE[bar.colour % len(PALETTE)]
        written = bar.display or _fmt(bar.value, decimals, value_suffix)
        label = _text(
            4,
            top + 13,
            bar.label,
            class_="chart-label",
            stroke="#ffffff",
            stroke_width="3",
            paint_order="stroke",
        )
        rect = (
            f'<rect class="chart-bar" x="0" y="{_num(top + _BAR_LABEL)}" '
            f'width="{_num(length)}" height="{_num(_BAR_THICK)}" fill="{fill}" '
            f'data-value="{escape(repr(float(bar.value)))}"/>'
        )
        if length + 8 + _text_width(written, 13) <= BAR_WIDTH:
            # A white halo keeps the value readable where it crosses the reference line.
            value = _text(
                length + 6,
                top + _BAR_LABEL + 13,
                written,
                class_="chart-value",
                stroke="#ffffff",
                stroke_width="3",
                paint_order="stroke",
            )
        else:  # no room after a long bar: written inside its end
            value = _text(
                length - 6,
                top + _BAR_LABEL + 13,
                written,
                class_="chart-value",
                text_anchor="end",
                fill=ink_on(fill),
            )
        item = label + rect + value
        if bar.href:
            # The table beside the picture carries the same links for the
            # keyboard and screen readers; inside an image they are for the mouse.
            # The whole row is the target, not just the ink of its bar and text.
            hit = (
                f'<rect class="chart-hit" x="0" y="{_num(top)}" width="{_num(BAR_WIDTH)}" '
                f'height="{_num(row - 2)}" fill="transparent"/>'
            )
            item = f'<a href="{escape(bar.href)}" tabindex="-1">{hit}{item}</a>'
        parts.append(f'<g class="chart-row">{item}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))


# --------------------------------------------------------------------------
# Lines


@dataclass(frozen=True)
class Series:
    """One line: its name (in the legend) and one value per x label (None: no figure)."""

    name: str
    values: Sequence[float | None]


LINE_WIDTH = 360.0
_LINE_LEFT = 44.0
_LINE_RIGHT = 12.0
_LINE_TOP = 12.0
_LINE_PLOT_H = 170.0
_LEGEND_ROW = 20.0


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    x_labels: Sequence[str],
    y_max: float | None = None,
    y_suffix: str = "",
    decimals: int = 0,
    desc: str = "",
) -> Markup:
    """Lines over labelled points (e.g. turnout by hour), from zero to `y_max`
    (default: a round number above the largest value), with four grid lines,
    a marker on every figure and a legend telling the lines apart by colour
    and dash.
    """
    values = [v for s in series for v in s.values if v is not None]
    top_value = y_max if y_max is not None else _nice_ceiling(max(values, default=0.0))
    top_value = top_value if top_value > 0 else 1.0
    plot_w = LINE_WIDTH - _LINE_LEFT - _LINE_RIGHT
    axis_y = _LINE_TOP + _LINE_PLOT_H
    height = axis_y + 24 + _LEGEND_ROW * len(series) + 6
    count = max(len(x_labels), 1)
    step = plot_w / (count - 1) if count > 1 else 0.0

    def x_of(i: int) -> float:
        return _LINE_LEFT + (i * step if count > 1 else plot_w / 2)

    def y_of(v: float) -> float:
        return axis_y - _LINE_PLOT_H * min(max(v, 0.0), top_value) / top_value

    if not desc:
        desc = ". ".join(
            f"{s.name}: "
            + ", ".join(
                f"{label} {_fmt(v, decimals, y_suffix)}"
                for label, v in zip(x_labels, s.values, strict=False)
                if v is not None
            )
            for s in series
        )
    head, _ = _open_svg("lines", LINE_WIDTH, height, title, desc or "Chưa có số liệu.")
    parts = [head]
    for tick in range(5):
        value = top_value * tick / 4
        y = y_of(value)
        parts.append(
            f'<line class="chart-grid" x1="{_num(_LINE_LEFT)}" y1="{_num(y)}" '
            f'x2="{_num(LINE_WIDTH - _LINE_RIGHT)}" y2="{_num(y)}" stroke="#cdd3da" stroke-width="1"/>'
        )
        parts.append(
            _text(
                _LINE_LEFT - 4,
                y + 4,
                _fmt(value, decimals, y_suffix),
                text_anchor="end",
                font_size="11",
                fill=MUTED,
            )
        )
    for i, label in enumerate(x_labels):
        parts.append(_text(x_of(i), axis_y + 16, label, text_anchor="middle", font_size="11"))
    for index, line in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        dash = _DASHES[index % len(_DASHES)]
        points = [(x_of(i), y_of(v)) for i, v in enumerate(line.values) if v is not None]
        if len(points) > 1:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
            parts.append(
                f'<polyline class="chart-line" points="{path}" fill="none" '
                f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
        for x, y in points:
            parts.append(
                f'<circle class="chart-point" cx="{_num(x)}" cy="{_num(y)}" r="3.5" '
                f'fill="{colour}"/>'
            )
        legend_y = axis_y + 28 + _LEGEND_ROW * index
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{_num(_LINE_LEFT)}" y1="{_num(legend_y)}" '
            f'x2="{_num(_LINE_LEFT + 28)}" y2="{_num(legend_y)}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(_text(_LINE_LEFT + 34, legend_y + 4, line.name, class_="chart-legend"))
    parts.append("</svg>")
    return Markup("".join(parts))


# --------------------------------------------------------------------------
# The tile map of the 34 provinces (after the 2025 merger)

# (code, short name, column, row): one tile per province, placed roughly where
# it lies, north to south. Codes are the official ones (`vietnam-provinces`).
PROVINCE_TILES: tuple[tuple[str, str, int, int], ...] = (
    ("12", "Lai Châu", 1, 0),
    ("15", "Lào Cai", 2, 0),
    ("08", "Tuyên Quang", 3, 0),
    ("04", "Cao Bằng", 4, 0),
    ("11", "Điện Biên", 0, 1),
    ("14", "Sơn La", 1, 1),
    ("25", "Phú Thọ", 2, 1),
    ("19", "Thái Nguyên", 3, 1),
    ("20", "Lạng Sơn", 4, 1),
    ("01", "Hà Nội", 2, 2),
    ("24", "Bắc Ninh", 3, 2),
    ("22", "Quảng Ninh", 4, 2),
    ("37", "Ninh Bình", 2, 3),
    ("33", "Hưng Yên", 3, 3),
    ("31", "Hải Phòng", 4, 3),
    ("38", "Thanh Hóa", 2, 4),
    ("40", "Nghệ An", 2, 5),
    ("42", "Hà Tĩnh", 2, 6),
    ("44", "Quảng Trị", 3, 6),
    ("46", "Huế", 3, 7),
    ("48", "Đà Nẵng", 4, 7),
    ("51", "Quảng Ngãi", 3, 8),
    ("52", "Gia Lai", 4, 8),
    ("66", "Đắk Lắk", 3, 9),
    ("56", "Khánh Hòa", 4, 9),
    ("80", "Tây Ninh", 0, 10),
    ("79", "TP Hồ Chí Minh", 1, 10),
    ("75", "Đồng Nai", 2, 10),
    ("68", "Lâm Đồng", 3, 10),
    ("91", "An Giang", 0, 11),
    ("82", "Đồng Tháp", 1, 11),
    ("86", "Vĩnh Long", 2, 11),
    ("92", "Cần Thơ", 1, 12),
    ("96", "Cà Mau", 0, 13),
)

TILE_W = 72.0
TILE_H = 52.0
_TILE_GAP = 3.0
_MAP_TOP = 4.0


@dataclass(frozen=True)
class Legend:
    """Classes of a tile map: `bounds[i]` is the upper bound of class i (the
    last is the top of the scale); `labels` name them; colours follow
    `SEQUENTIAL`. Values are written with `decimals` and `suffix`."""

    bounds: Sequence[float]
    labels: Sequence[str]
    decimals: int = 0
    suffix: str = " %"
    no_data: str = "Chưa có số liệu"

    def class_of(self, value: float) -> int:
        for index, bound in enumerate(self.bounds):
            if value < bound:
                return index
        return len(self.bounds) - 1


PERCENT_LEGEND = Legend(
    bounds=(20, 40, 60, 80, 100.0001),
    labels=("dưới 20 %", "20–40 %", "40–60 %", "60–80 %", "80–100 %"),
)


def _split_name(name: str) -> tuple[str, ...]:
    """A name on one line if short, else on two at the middle space."""
    if len(name) <= 10 or " " not in name:
        return (name,)
    words = name.split()
    best = min(
        range(1, len(words)),
        key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))),
    )
    return (" ".join(words[:best]), " ".join(words[best:]))


def tile_map(
    values: Mapping[str, float | None],
    *,
    title: str,
    links: Mapping[str, str],
    legend: Legend = PERCENT_LEGEND,
    desc: str = "",
) -> Markup:
    """A tile for each of the 34 provinces, coloured by its value's class in
    `legend` (grey and "—" without a value), its name and value written on
    it, leading to `links[code]` when given. Keyed by the official province
    code ("01" Hà Nội … "96" Cà Mau); codes not on the map are ignored.
    """
    columns = 1 + max(c for _, _, c, _ in PROVINCE_TILES)
    rows = 1 + max(r for _, _, _, r in PROVINCE_TILES)
    width = columns * TILE_W
    legend_top = _MAP_TOP + rows * TILE_H + 10
    height = legend_top + 20 * (len(legend.labels) + 1) + 4
    if not desc:
        desc = "; ".join(
            f"{name}: "
            + (
                legend.no_data
                if values.get(code) is None
                else _fmt(values[code] or 0.0, legend.decimals, legend.suffix)
            )
            for code, name, _, _ in PROVINCE_TILES
        )
    head, _ = _open_svg("map", width, height, title, desc)
    parts = [head]
    for code, name, column, row in PROVINCE_TILES:
        value = values.get(code)
        x = column * TILE_W + _TILE_GAP / 2
        y = _MAP_TOP + row * TILE_H + _TILE_GAP / 2
        w, h = TILE_W - _TILE_GAP, TILE_H - _TILE_GAP
        if value is None:
            fill, ink, written = NO_DATA_FILL, INK, "—"
        else:
            index = legend.class_of(value)
            fill = SEQUENTIAL[min(index, len(SEQUENTIAL) - 1)]
            ink = ink_on(fill)
            written = _fmt(value, legend.decimals, legend.suffix)
        lines = _split_name(name)
        tile = [
            f'<rect class="chart-tile" x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" '
            f'height="{_num(h)}" rx="3" fill="{fill}" stroke="#ffffff" stroke-width="1"/>'
        ]
        for n, line in enumerate(lines):
            tile.append(
                _text(
                    x + w / 2, y + 14 + 11 * n, line, text_anchor="middle", font_size="10", fill=ink
                )
            )
        tile.append(
            _text(
                x + w / 2,
                y + h - 6,
                written,
                text_anchor="middle",
                font_size="11",
                font_weight="700",
                fill=ink,
            )
        )
        body = "".join(tile)
        attrs = f'class="chart-province" data-code="{escape(code)}"'
        if code in links:
            # Same links as the table below the map (see `bar_chart`).
            parts.append(
                f'<a {attrs} href="{escape(links[code])}" tabindex="-1">'
                f"<title>{escape(name)}: {escape(written)}</title>{body}</a>"
            )
        else:
            parts.append(f"<g {attrs}>{body}</g>")
    entries = [*zip(SEQUENTIAL, legend.labels, strict=False), (NO_DATA_FILL, legend.no_data)]
    for n, (fill, label) in enumerate(entries):
        y = legend_top + 20 * n
        parts.append(
            f'<rect class="chart-legend-swatch" x="4" y="{_num(y)}" width="22" '
            f'height="14" fill="{fill}" stroke="{MUTED}" stroke-width="0.5"/>'
        )
        parts.append(_text(32, y + 12, label, class_="chart-legend", font_size="12"))
    parts.append("</svg>")
    return Markup("".join(parts))
