"""The results page's rows in the live stream (issue 17 #5): a row whose shape
the viewer already has travels as the texts of its cells, some 50 bytes
against 700 of HTML; any other as its HTML; one encoding serves every viewer
at the same version; and a reader some figures are withheld from (blind
double entry) gets no rows at all."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncGenerator
from html import escape

from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend

from election import db
from election.tallies import live, services, standings
from election.tallies.pages import _standings_rows
from election.tallies.rules.unit_state import UnitStage, UnitState
from tests.tally_helpers import NIGHT, consistent_figures, demo_actor

EMPTY_CELL = "<span data-cell></span>"


def row(key: str, stage: str, *figures: str) -> str:
    cells = "".join(f"<td><span data-cell>{escape(f)}</span></td>" for f in figures)
    return f'<tr data-row="{key}" data-stage="{stage}">{cells}</tr>'


def rebuilt(shape: str, cells: list[str]) -> str:
    """The row as the page's script leaves it: each cell's text set in order."""
    first, *rest = shape.split(EMPTY_CELL)
    return first + "".join(
        f"<span data-cell>{escape(text)}</span>{part}"
        for text, part in zip(cells, rest, strict=True)
    )


def test_a_row_is_its_shape_and_the_texts_of_its_cells():
    html = row("unit-1", "counting", "1.234", "93,02 %", "a & b")
    shape, cells = live.row_cells(html)
    assert cells == ["1.234", "93,02 %", "a & b"]
    assert shape == '<tr data-row="unit-1" data-stage="counting">' + (
        f"<td>{EMPTY_CELL}</td>" * 3 + "</tr>"
    )
    assert rebuilt(shape, cells) == html


class Night:
    """A board fed figures by hand: key → (stage, cells)."""

    def __init__(self) -> None:
        self.board = live._Board()

    def show(self, rows: dict[str, tuple[str, ...]]) -> int:
        self.board.update(dict(rows), lambda f: {k: row(k, *v) for k, v in f.items()})
        return self.board.version


def test_a_viewer_receives_figures_where_its_row_keeps_its_shape():
    night = Night()
    first = night.show({"unit-1": ("no_sheets", "0"), "unit-2": ("no_sheets", "0")})
    # A new viewer: every row, as HTML (its page may show another shape).
    assert night.board.since(None) == {
        "unit-1": row("unit-1", "no_sheets", "0"),
        "unit-2": row("unit-2", "no_sheets", "0"),
    }
    # The first sheet of unit 1 changes its stage: HTML; unit 2 unchanged: nothing.
    second = night.show({"unit-1": ("counting", "1"), "unit-2": ("no_sheets", "0")})
    assert night.board.since(first) == {"unit-1": row("unit-1", "counting", "1")}
    # The next sheet keeps the shape: only the texts.
    night.show({"unit-1": ("counting", "2"), "unit-2": ("no_sheets", "0")})
    assert night.board.since(second) == {"unit-1": ["2"]}
    # A viewer who has not seen the change of stage yet still needs the HTML.
    assert night.board.since(first) == {"unit-1": row("unit-1", "counting", "2")}


def test_a_viewer_too_far_behind_receives_every_row_again():
    night = Night()
    first = night.show({"unit-1": ("counting", "0"), "unit-2": ("counting", "0")})
    for n in range(1, live.BOARD_HISTORY + 2):
        night.show({"unit-1": ("counting", str(n)), "unit-2": ("counting", "0")})
    assert night.board.since(first) == {
        "unit-1": row("unit-1", "counting", str(live.BOARD_HISTORY + 1)),
        "unit-2": row("unit-2", "counting", "0"),
    }


def test_a_row_gone_and_back_comes_back_as_html():
    night = Night()
    night.show({"unit-1": ("counting", "1")})
    gone = night.show({})
    night.show({"unit-1": ("counting", "1")})
    assert night.board.since(gone) == {"unit-1": row("unit-1", "counting", "1")}


def progress(reported: int) -> services.Progress:
    return services.Progress(
        sheets_total=10,
        reported=reported,
        verified=0,
        approved=0,
        needs_review=0,
        voters_on_list=1000,
        voters_took_part=900,
    )


def test_viewers_at_the_same_version_share_one_encoding():
    night = Night()
    first = night.show({"unit-1": ("counting", "1")})
    night.show({"unit-1": ("counting", "2")})
    now = progress(2)
    message = night.board.message(now, first)
    # The same bytes for the next viewer at that version: no encoding per viewer.
    assert night.board.message(now, first) is message
    assert night.board.message(now, None) is not message
    head, data, end = message.split(b"\r\n", 2)
    assert head == b"event: progress" and end == b"\r\n"
    event = json.loads(data.removeprefix(b"data: "))
    assert event["reported"] == 2 and event["turnout"] == "90.00"
    assert event["rows"] == {"unit-1": ["2"]}
    # A new progress figure: a new event, the rows' part the same.
    later = night.board.message(progress(3), first)
    assert later is not message and json.loads(later.split(b"data: ")[1])["reported"] == 3
    # Viewers on either side of a new progress figure keep their encodings.
    assert night.board.message(now, first) is message


async def test_every_stage_of_a_units_row_is_its_shape_and_its_cells(app, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    board = await standings.cached(election_id, live.Scope())
    macros = app.template_engine.get_template("tallies/_standings_rows.html").module
    unit = board.units[0]
    total = max(unit.areas_total, 2)
    for stage, reported, approved in [
        (UnitStage.NO_AREAS, 0, 0),
        (UnitStage.NO_SHEETS, 0, 0),
        (UnitStage.COUNTING, 1, 0),
        (UnitStage.COUNTING, total, 1),
        (UnitStage.COMPLETE, total, total),
        (UnitStage.FIXED, total, total),
    ]:
        a = dataclasses.replace(
            unit,
            areas_total=0 if stage is UnitStage.NO_AREAS else total,
            areas_reported=reported,
            areas_approved=approved,
            state=UnitState(stage, total, reported, approved),
        )
        html = str(macros.unit_row(a, services.NOTHING_WITHHELD))
        shape, cells = live.row_cells(html)
        assert rebuilt(shape, cells) == html, stage
        # The state cell reads as the rule phrases it.
        state_cell = html.rsplit("<td>", 1)[1]
        text = state_cell.replace('<span class="state state-due">', "")
        text = text.replace("<span data-cell>", "").replace("</span>", "")
        assert a.state.summary in text, (stage, text)
        # Every count the page shows of the unit is a cell, not its shape.
        if stage is UnitStage.COUNTING:
            assert f"{reported}" in cells and f"{approved}" in cells


async def test_a_reader_the_figures_are_withheld_from_gets_no_rows(app, demo):
    head, secretary = await demo_actor("to.kv01"), await demo_actor("to.kv01.thuky")
    assert head.polling_area_id is not None
    sheets = await services.area_sheets(polling_area_id=head.polling_area_id, actor=head)
    sheet = next(s for s in sheets if s.level.value == "dbqh")
    await services.submit(
        sheet_id=sheet.id,
        submission=services.Submission(figures=consistent_figures(sheet)),
        actor=head,
        now=NIGHT,
    )
    election_id = sheet.election_id
    live.forget_cache()
    rows = _standings_rows(app.template_engine)

    async def first_event(actor) -> dict:
        scope = live.Scope.of(actor, None, None, None)
        async with ChannelsPlugin(
            backend=MemoryChannelsBackend(), channels=[services.PROGRESS_CHANNEL]
        ) as channels:
            response = await live.progress_stream(
                channels, election_id, scope, actor=actor, rows=rows
            )
            events = response.iterator
            assert isinstance(events, AsyncGenerator)
            try:
                message = await anext(events)
            finally:
                await events.aclose()
                hub = live._hubs.pop((id(channels), services.PROGRESS_CHANNEL))
                assert hub.task is not None
                hub.task.cancel()
        assert isinstance(message, bytes)
        return json.loads(message.split(b"data: ", 1)[1])

    kept = await first_event(secretary)
    assert kept["figures_withheld"] and kept["reported"] == 1
    assert "rows" not in kept and "turnout" not in kept
    # The head typed the sheet: the same stream carries the rows to them.
    shown = await first_event(head)
    assert not shown["figures_withheld"] and f"unit-{sheet.unit_id}" in shown["rows"]


async def test_a_burst_draws_again_only_the_rows_whose_figures_changed(app, demo):
    election_id = await db.fetchval("SELECT id FROM election")
    board = await standings.cached(election_id, live.Scope())
    render = _standings_rows(app.template_engine).render
    before = render(board)
    unit = board.units[0]
    moved = dataclasses.replace(unit, areas_reported=unit.areas_reported + 1)
    after = render(dataclasses.replace(board, units=[moved, *board.units[1:]]))
    key = f"unit-{unit.unit_id}"
    # The same strings, not drawn again: the board finds them unchanged at once.
    assert all(after[k] is before[k] for k in before if k != key)
    assert live.row_cells(after[key])[1][0] == str(unit.areas_reported + 1)
