"""The SVG pictures, read back as XML: their geometry says what the numbers say."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from election.charts import (
    BAR_WIDTH,
    NO_DATA_FILL,
    PALETTE,
    PERCENT_LEGEND,
    PROVINCE_TILES,
    SEQUENTIAL,
    Bar,
    Legend,
    Series,
    bar_chart,
    contrast,
    ink_on,
    line_chart,
    tile_map,
    vn_figure,
    vn_percent,
)
from election.geography.services import official_geography

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(str(markup))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert "style" not in str(markup)  # the CSP forbids inline styles
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text
    labelled = (root.get("aria-labelledby") or "").split()
    assert labelled == [title.get("id"), desc.get("id")]
    return root


def elements(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if cls in (e.get("class") or "").split()]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    ("value", "decimals", "written"),
    [
        (40000, 0, "40.000"),
        (1234567, 0, "1.234.567"),
        (93.0234, 2, "93,02"),
        (1234.5, 1, "1.234,5"),
        (0, 0, "0"),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value: float, decimals: int, written: str):
    assert vn_figure(value, decimals) == written


def test_percent_has_a_space_before_the_sign():
    assert vn_percent(93.0234) == "93,02 %"


def test_bar_lengths_are_proportional_to_the_values():
    bars = [Bar("Nguyễn Văn An", 40000), Bar("Trần Thị Bình", 20000), Bar("Lê Cường", 10000)]
    root = parse(bar_chart(bars, title="Số phiếu bầu"))
    rects = elements(root, "rect", "chart-bar")
    widths = [float(r.get("width") or 0) for r in rects]
    assert len(widths) == 3
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.02)
    assert widths[1] == pytest.approx(2 * widths[2], abs=0.02)
    assert widths[0] <= BAR_WIDTH  # the largest fills the plot, within the picture
    assert "40.000" in texts(root)
    assert "Nguyễn Văn An" in texts(root)


def test_the_majority_line_sits_at_half_the_scale():
    bars = [Bar("An", 62.5, colour=0), Bar("Bình", 30.0)]
    markup = bar_chart(
        bars,
        title="Tỷ lệ phiếu bầu",
        max_value=100,
        reference_line=50,
        reference_label="50 % (Điều 80)",
        decimals=2,
        value_suffix=" %",
    )
    root = parse(markup)
    (line,) = elements(root, "line", "chart-reference")
    rects = elements(root, "rect", "chart-bar")
    full = float(rects[0].get("width") or 0) / 0.625  # the plot's width: 100 %
    assert float(line.get("x1") or 0) == pytest.approx(full / 2, abs=0.02)
    assert line.get("x1") == line.get("x2")
    # A bar over the line ends right of it; one under ends left of it.
    assert float(rects[0].get("width") or 0) > float(line.get("x1") or 0)
    assert float(rects[1].get("width") or 0) < float(line.get("x1") or 0)
    assert "62,50 %" in texts(root)
    assert "50 % (Điều 80)" in texts(root)


def test_values_above_the_scale_are_clipped_and_negative_are_zero():
    root = parse(bar_chart([Bar("a", 150), Bar("b", -5)], title="t", max_value=100))
    widths = [float(r.get("width") or 0) for r in elements(root, "rect", "chart-bar")]
    assert widths[1] == 0
    assert widths[0] < BAR_WIDTH


def test_empty_bars_say_so_and_links_lead_somewhere():
    root = parse(bar_chart([], title="Trống"))
    assert "Chưa có số liệu." in texts(root)
    root = parse(bar_chart([Bar("Xã A", 3, display="3/7", href="/x/1")], title="t"))
    (link,) = list(root.iter(f"{SVG}a"))
    assert link.get("href") == "/x/1"
    assert "3/7" in texts(root)


def test_text_is_escaped():
    root = parse(bar_chart([Bar("<b>&", 1)], title="a < b"))
    assert "<b>&" in texts(root)


def test_line_chart_places_points_by_value():
    root = parse(
        line_chart(
            [Series("Cả nước", [10, 30, None, 80]), Series("Hà Nội", [20, 40, 60, 90])],
            title="Tỷ lệ cử tri đã bỏ phiếu",
            x_labels=["09:00", "11:00", "14:00", "16:00"],
            y_max=100,
            y_suffix=" %",
        )
    )
    points = elements(root, "circle", "chart-point")
    assert len(points) == 3 + 4  # no marker where there is no figure
    ys = [float(p.get("cy") or 0) for p in points[:3]]
    grid = [float(g.get("y1") or 0) for g in elements(root, "line", "chart-grid")]
    bottom, top = max(grid), min(grid)
    assert ys[0] == pytest.approx(bottom - (bottom - top) * 0.10, abs=0.02)
    assert ys[2] == pytest.approx(bottom - (bottom - top) * 0.80, abs=0.02)
    assert "Cả nước" in texts(root) and "Hà Nội" in texts(root)  # the legend
    assert "100 %" in texts(root)
    lines = elements(root, "polyline", "chart-line")
    assert len({line.get("stroke") for line in lines}) == 2
    assert len({line.get("stroke-dasharray") for line in lines}) == 2  # not by colour only


def test_every_province_has_exactly_one_tile():
    provinces, _ = official_geography()
    codes = [code for code, *_ in provinces]
    assert len(codes) == 34
    assert sorted(code for code, *_ in PROVINCE_TILES) == sorted(codes)
    places = [(column, row) for _, _, column, row in PROVINCE_TILES]
    assert len(set(places)) == len(places)  # no two tiles on one place
    root = parse(tile_map({}, title="Bản đồ", links={}))
    tiles = [e.get("data-code") or "" for e in root.iter() if e.get("data-code")]
    assert sorted(tiles) == sorted(codes)


def test_map_runs_north_to_south():
    rows = {code: row for code, _, _, row in PROVINCE_TILES}
    assert rows["04"] < rows["01"] < rows["38"] < rows["46"] < rows["79"] < rows["96"]


def test_tiles_are_coloured_by_class_and_link_to_their_province():
    values: dict[str, float | None] = {"01": 93.02, "79": 10.0, "96": None}
    links = {"01": "/p/01", "79": "/p/79"}
    root = parse(tile_map(values, title="Tiến độ", links=links))
    by_code = {e.get("data-code"): e for e in root.iter() if e.get("data-code")}
    assert by_code["01"].tag == f"{SVG}a" and by_code["01"].get("href") == "/p/01"
    assert by_code["96"].tag == f"{SVG}g"

    def fill(code: str) -> str | None:
        rect = by_code[code].find(f"{SVG}rect")
        assert rect is not None
        return rect.get("fill")

    assert fill("01") == SEQUENTIAL[4]
    assert fill("79") == SEQUENTIAL[0]
    assert fill("96") not in SEQUENTIAL
    assert "93 %" in texts(root)
    # The legend names every class and the tiles without figures.
    for label in (*PERCENT_LEGEND.labels, PERCENT_LEGEND.no_data):
        assert label in texts(root)


def test_a_custom_legend_writes_values_its_way():
    legend = Legend(bounds=(50, 100.1), labels=("thấp", "cao"), decimals=2, suffix=" %")
    root = parse(tile_map({"01": 62.5}, title="t", links={}, legend=legend))
    assert "62,50 %" in texts(root)


def test_pictures_fit_a_phone():
    for markup in (
        bar_chart([Bar("a", 1)], title="t"),
        line_chart([Series("a", [1, 2])], title="t", x_labels=["a", "b"]),
        tile_map({}, title="t", links={}),
    ):
        width = float((parse(markup).get("viewBox") or "").split()[2])
        assert width <= 360


@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12))
@settings(max_examples=60, deadline=None)
def test_bars_are_proportional_whatever_the_values(values: list[int]):
    root = parse(bar_chart([Bar(f"b{i}", v) for i, v in enumerate(values)], title="t"))
    widths = [float(r.get("width") or 0) for r in elements(root, "rect", "chart-bar")]
    largest = max(values)
    plot = max(widths)
    assert plot <= BAR_WIDTH
    for value, width in zip(values, widths, strict=True):
        expected = plot * value / largest if largest else 0.0
        assert width == pytest.approx(expected, abs=0.02)
    # Every value is written, on the bar or after it, inside the picture.
    for text in elements(root, "text", "chart-value"):
        assert float(text.get("x") or 0) <= BAR_WIDTH


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_numbers_read_back(value: int):
    written = vn_figure(value)
    assert int(written.replace(".", "")) == value
    assert all(len(group) == 3 for group in written.split(".")[1:])


def test_text_on_the_tiles_and_inside_bars_keeps_a_readable_contrast():
    for fill in (*SEQUENTIAL, NO_DATA_FILL, PALETTE[0], PALETTE[2]):
        assert contrast(fill, ink_on(fill)) >= 4.5, fill
    values = {code: float(20 * i % 101) for i, (code, *_) in enumerate(PROVINCE_TILES)}
    root = parse(tile_map(values, title="t", links={}))
    for tile in root.iter():
        if tile.get("data-code"):
            rect = tile.find(f"{SVG}rect")
            assert rect is not None
            for text in tile.iter(f"{SVG}text"):
                assert contrast(rect.get("fill") or "", text.get("fill") or "") >= 4.5
