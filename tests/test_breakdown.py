"""The count by province and commune equals a hand count of the demo's sheets;
the national, province and unit pages show it as pictures and tables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal

import pytest

from election import db
from election.errors import Forbidden
from election.tallies import rules
from election.tallies.services import breakdown
from tests.builders import login_page
from tests.tally_helpers import demo_actor

DEMO_PASSWORD = "demo-2026-baucu"
SVG = "{http://www.w3.org/2000/svg}"
BAC_LIEU, CA_MAU = "31825", "96"


async def hand_count(election_id: int) -> dict[str, Counter]:
    """Every expected sheet, one at a time in Python: per commune, the ĐBQH
    areas and the sheets of all contests by state, and ĐBQH turnout figures."""
    rows = await db.fetch(
        """
        SELECT pa.commune, ct.level, s.state, s.submitted_entry,
               COALESCE(s.approved_entry, s.verified_entry, s.submitted_entry) AS entry
        FROM polling_area pa
        JOIN polling_area_unit pu ON pu.polling_area = pa.id
        JOIN contest ct ON ct.id = pu.contest
        LEFT JOIN tally_sheet s ON s.polling_area = pa.id AND s.contest = pu.contest
             AND s.unit_round IS NULL
        WHERE pa.election = $1
        """,
        election_id,
    )
    counts: dict[str, Counter] = {}
    for r in rows:
        c = counts.setdefault(r["commune"], Counter())
        approved = r["state"] in ("approved", "locked")
        c["sheets_total"] += 1
        c["sheets_reported"] += r["submitted_entry"] is not None
        c["sheets_approved"] += approved
        if r["level"] == "dbqh":
            c["areas_total"] += 1
            c["areas_reported"] += r["submitted_entry"] is not None
            c["areas_approved"] += approved
            if r["entry"] is not None:
                e = await db.fetchrow(
                    "SELECT voters_on_list, voters_took_part FROM tally_entry WHERE id = $1",
                    r["entry"],
                )
                assert e is not None
                c["voters_on_list"] += e["voters_on_list"]
                c["voters_took_part"] += e["voters_took_part"]
    return counts


FIELDS = (
    "areas_total",
    "areas_reported",
    "areas_approved",
    "sheets_total",
    "sheets_reported",
    "sheets_approved",
    "voters_on_list",
    "voters_took_part",
)


def figures(row) -> dict[str, int]:
    return {f: getattr(row, f) for f in FIELDS}


async def test_before_any_sheet_every_province_is_listed_without_figures(demo):
    election_id = await db.fetchval("SELECT id FROM election")
    rows = await breakdown.provinces(election_id=election_id, actor=await demo_actor("quantri"))
    assert len(rows) == 34
    ca_mau = next(r for r in rows if r.code == CA_MAU)
    assert ca_mau.areas_total > 0 and ca_mau.areas_reported == 0
    assert ca_mau.reporting == Decimal("0.00") and ca_mau.turnout is None
    others = [r for r in rows if r.code != CA_MAU]
    assert all(r.areas_total == 0 and r.reporting is None for r in others)


async def test_the_breakdown_equals_a_hand_count_of_the_night(night):
    hand = await hand_count(night)
    assert set(hand) == {BAC_LIEU}  # the demo's areas are all in Phường Bạc Liêu
    expected = dict(hand[BAC_LIEU])

    admin = await demo_actor("quantri")
    provinces = await breakdown.provinces(election_id=night, actor=admin)
    ca_mau = next(r for r in provinces if r.code == CA_MAU)
    assert figures(ca_mau) == expected
    assert ca_mau.areas_reported == ca_mau.areas_total  # every sheet entered
    assert ca_mau.sheets_approved == ca_mau.sheets_total - 2  # two left open
    assert ca_mau.turnout == rules.percent(expected["voters_took_part"], expected["voters_on_list"])
    units = await db.fetchval(
        "SELECT count(*) FROM electoral_unit u JOIN contest c ON c.id = u.contest "
        "WHERE c.election = $1 AND u.province = $2",
        night,
        CA_MAU,
    )
    assert ca_mau.units_total == units

    view = await breakdown.province(election_id=night, province_code=CA_MAU, actor=admin)
    (commune,) = view.communes
    assert commune.code == BAC_LIEU and figures(commune) == expected
    assert figures(view.total) == expected
    # ĐBQH and HĐND tỉnh units as bars; the ward's units are counted apart.
    assert {u.sums.level.value for u in view.units} == {"dbqh", "hdnd_tinh"}
    assert view.ward_units_total > 0
    with_areas = [u for u in view.units if u.sums.areas_total]
    assert with_areas
    for u in with_areas:
        assert u.state.provisional  # each waits for one open sheet
        assert u.reporting == 100.0
    for u in view.units:
        if not u.sums.areas_total:  # the province's other units: no area in the demo
            assert u.state.stage == rules.UnitStage.NO_AREAS and u.reporting == 0


async def test_a_province_user_sees_only_their_province(night):
    staff = await demo_actor("tinh.camau")
    rows = await breakdown.provinces(election_id=night, actor=staff)
    assert [r.code for r in rows] == [CA_MAU]
    with pytest.raises(Forbidden):
        await breakdown.province(election_id=night, province_code="01", actor=staff)


def svg_in(html: str, marker: str) -> ET.Element:
    start = html.index("<svg", html.index(marker))
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])


async def test_the_national_page_shows_the_map_and_the_province_table(client, night):
    await login_page(client, "quantri", DEMO_PASSWORD)
    page = await client.get(f"/elections/{night}/results")
    assert page.status_code == 200
    svg = svg_in(page.text, 'id="provinces-heading"')
    assert svg.get("role") == "img"
    tiles = {e.get("data-code"): e for e in svg.iter() if e.get("data-code")}
    assert len(tiles) == 34
    assert tiles[CA_MAU].get("href") == f"/elections/{night}/results/provinces/{CA_MAU}"
    assert "100 %" in [t.text for t in tiles[CA_MAU].iter(f"{SVG}text")]
    assert 'data-province="96"' in page.text and page.text.count("data-province=") == 34
    turnout = await client.get(f"/elections/{night}/results?map=turnout")
    assert "Tỷ lệ cử tri đi bầu theo tỉnh" in turnout.text
    odd = await client.get(f"/elections/{night}/results?map=<x>")
    assert odd.status_code == 200 and "<x>" not in odd.text


async def test_the_province_page_drills_down_to_communes_and_units(client, night):
    await login_page(client, "quantri", DEMO_PASSWORD)
    page = await client.get(f"/elections/{night}/results/provinces/{CA_MAU}")
    assert page.status_code == 200
    assert "Kiểm phiếu — Cà Mau" in page.text
    assert f'href="/elections/{night}/communes/{BAC_LIEU}/tally"' in page.text
    assert page.text.count("<svg") == 4
    assert 'href="/units/' in page.text
    assert "Đang kiểm phiếu" in page.text  # E1's stage, not a verdict
    assert "bầu cử lại" not in page.text
    assert (await client.get(f"/elections/{night}/results/provinces/xx")).status_code == 404
    assert (await client.get(f"/elections/{night}/results/provinces/99")).status_code == 404


async def test_a_province_user_is_refused_another_province(client, night):
    await login_page(client, "tinh.camau", DEMO_PASSWORD)
    assert (await client.get(f"/elections/{night}/results/provinces/01")).status_code == 403
    own = await client.get(f"/elections/{night}/results/provinces/{CA_MAU}")
    assert own.status_code == 200


async def test_the_unit_page_draws_the_standings_with_the_majority_line(client, night):
    await login_page(client, "quantri", DEMO_PASSWORD)
    unit_id = await db.fetchval(
        "SELECT u.id FROM electoral_unit u JOIN contest c ON c.id = u.contest "
        "WHERE c.level = 'dbqh' ORDER BY u.id LIMIT 1"
    )
    page = await client.get(f"/units/{unit_id}/result")
    assert page.status_code == 200
    svg = svg_in(page.text, "data-standings-chart")
    (line,) = [e for e in svg.iter(f"{SVG}line") if e.get("class") == "chart-reference"]
    assert line.get("data-value") == "50.0"
    bars = [e for e in svg.iter(f"{SVG}rect") if e.get("class") == "chart-bar"]
    candidates = await db.fetchval(
        "SELECT count(*) FROM candidate WHERE unit = $1 AND removed_on IS NULL", unit_id
    )
    assert len(bars) == candidates
    values = [t.text or "" for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert len(values) == candidates
    for value in values:  # "79,17 % · 939 phiếu": the Vietnamese decimal comma
        assert re.fullmatch(r"\d{1,3},\d{2} % · \d{1,3}(\.\d{3})* phiếu", value), value
    assert "tạm thời" in (svg.find(f"{SVG}title").text or "")  # type: ignore[union-attr]


async def test_the_unit_page_shows_reporting_by_commune(client, night):
    await login_page(client, "quantri", DEMO_PASSWORD)
    row = await db.fetchrow(
        "SELECT pu.unit, count(*) FROM polling_area_unit pu JOIN contest c ON c.id = pu.contest "
        "WHERE c.level = 'dbqh' GROUP BY pu.unit LIMIT 1"
    )
    assert row is not None
    unit_id, areas = row
    page = await client.get(f"/units/{unit_id}/result")
    svg = svg_in(page.text, "data-unit-communes")
    (bar,) = [e for e in svg.iter(f"{SVG}rect") if e.get("class") == "chart-bar"]
    assert bar.get("data-value") == "100.0"  # every area of the unit has reported
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Phường Bạc Liêu" in texts and f"{areas}/{areas} khu vực" in texts
    table = page.text[page.text.index("data-unit-communes") :]
    assert f"<td>{areas}/{areas}</td>" in table


def test_areas_of_a_unit_group_by_commune():
    from election.tallies.pictures import unit_communes
    from election.tallies.queries.progress import UnitAreaSheet
    from election.tallies.tables import SheetState

    def area(commune: str, number: int, took_part: int | None) -> UnitAreaSheet:
        return UnitAreaSheet(
            polling_area_id=number,
            number=number,
            name=f"KV {number}",
            commune_name=commune,
            sheet_id=number if took_part is not None else None,
            state=SheetState.SUBMITTED if took_part is not None else SheetState.DRAFT,
            needs_review=False,
            voters_on_list=100 if took_part is not None else None,
            voters_took_part=took_part,
            valid=None,
            invalid=None,
        )

    rows = unit_communes([area("A", 1, 90), area("A", 2, None), area("B", 3, 80)])
    assert [(r.name, r.areas_reported, r.areas_total) for r in rows] == [("A", 1, 2), ("B", 1, 1)]
    assert rows[0].turnout == 90.0 and rows[1].turnout == 80.0
    assert unit_communes([area("C", 4, None)])[0].turnout is None


async def test_a_province_user_finds_their_province_page_from_the_results(client, night):
    await login_page(client, "tinh.camau", DEMO_PASSWORD)
    page = await client.get(f"/elections/{night}/results")
    assert "data-province=" not in page.text  # the map is the national view
    assert f'href="/elections/{night}/results/provinces/{CA_MAU}"' in page.text
