"""Blind double entry reaches the totals: a unit's sums count each sheet's
latest typing, so with one sheet in they are that typing. Until a typist's
own entry of a sheet they may type is saved, no aggregate that counts
another's typing of it shows them figures (the unit page and API, the
per-area table, the results page, the exports, the progress and its live
stream, the result PDFs): progress counts and states only, with a note."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election import db
from election.tallies import live, services
from election.tallies.rules.visibility import (
    AGGREGATE_WITHHELD_NOTE,
    CountedSheet,
    aggregate_withheld,
)
from election.tallies.tables import SheetState
from tests.builders import bearer, login_page, post_form
from tests.tally_helpers import NIGHT, consistent_figures, demo_actor
from tests.test_tally_pages import form_values

DEMO_PASSWORD = "demo-2026-baucu"
HEAD, SECRETARY = "to.kv01", "to.kv01.thuky"
STAFF, BOARD, OBSERVER = "phuong.baclieu", "ban.baclieu", "giamsat.baclieu"
NOTE_START = "Số liệu tổng hợp sẽ hiện sau khi bạn nhập biên bản của mình"

# --------------------------------------------------------------------------
# The rule, as a table


def counted(may_type=True, unconfirmed=True, typed=False) -> CountedSheet:
    return CountedSheet(
        reader_may_type=may_type, counts_unverified_typing=unconfirmed, typed_by_reader=typed
    )


@pytest.mark.parametrize(
    ("sheets", "withheld"),
    [
        # Nothing counted, or nothing unconfirmed: the sums show.
        ([], False),
        ([counted(unconfirmed=False)], False),
        # Another's unconfirmed typing of a sheet the reader still has to type.
        ([counted()], True),
        # The reader's own typing of the current version lifts it.
        ([counted(typed=True)], False),
        # A sheet the reader may not type (another area's; a board member, an
        # observer): their figures never help the reader's own typing.
        ([counted(may_type=False)], False),
        ([counted(may_type=False, typed=False), counted(typed=True)], False),
        # One such sheet among many is enough: the sums include its figures.
        ([counted(unconfirmed=False), counted(may_type=False), counted()], True),
    ],
)
def test_when_an_aggregate_is_kept_from_a_reader(sheets, withheld):
    assert aggregate_withheld(sheets) is withheld


@given(st.lists(st.builds(counted, st.booleans(), st.booleans(), st.booleans())))
def test_the_readers_own_typing_of_every_sheet_shows_the_sums(sheets):
    typed = [dataclasses.replace(s, typed_by_reader=True) for s in sheets]
    assert not aggregate_withheld(typed)
    assert aggregate_withheld(sheets) == any(
        s.reader_may_type and s.counts_unverified_typing and not s.typed_by_reader for s in sheets
    )


def test_the_note_is_the_one_asked_for():
    assert AGGREGATE_WITHHELD_NOTE.startswith(NOTE_START)


# --------------------------------------------------------------------------
# Against the demo: the head types the HĐND xã sheet of area 1


async def hdnd_xa_sheet():
    head = await demo_actor(HEAD)
    assert head.polling_area_id is not None
    sheets = await services.area_sheets(polling_area_id=head.polling_area_id, actor=head)
    return next(s for s in sheets if s.level.value == "hdnd_xa")


def heads_figures(sheet):
    return consistent_figures(sheet)


def secretarys_figures(sheet):
    """One candidate's votes read differently: a mismatch, still unverified."""
    figures = consistent_figures(sheet)
    first = sheet.candidates[0].id
    return dataclasses.replace(figures, votes={**figures.votes, first: figures.votes[first] - 3})


async def enter(sheet, figures, username):
    return await services.submit(
        sheet_id=sheet.id,
        submission=services.Submission(figures=figures),
        actor=await demo_actor(username),
        now=NIGHT,
    )


async def test_the_unit_result_keeps_the_heads_sums_from_the_secretary(demo):
    sheet = await hdnd_xa_sheet()
    await enter(sheet, heads_figures(sheet), HEAD)

    async def result(username):
        actor = await demo_actor(username)
        return await services.unit_result(unit_id=sheet.unit_id, actor=actor)

    secretary = await result(SECRETARY)
    assert secretary.sums_withheld and secretary.areas_reported == 1
    data = services.result_json(secretary)
    assert data["sums_withheld"] and data["withheld_note"].startswith(NOTE_START)
    assert data["totals"] is None and data["turnout"] is None and data["standings"] == []
    assert data["areas_reported"] == 1 and data["status"]  # the progress stays
    assert "votes" not in json.dumps(data)
    for username in (HEAD, BOARD, OBSERVER):
        shown = services.result_json(await result(username))
        assert not shown["sums_withheld"], username
        assert shown["totals"]["valid"] == heads_figures(sheet).valid, username

    await enter(sheet, secretarys_figures(sheet), SECRETARY)
    assert not (await result(SECRETARY)).sums_withheld
    # Commune staff may type it too, and has not.
    assert (await result(STAFF)).sums_withheld


async def test_the_unit_page_and_api_show_progress_only_until_the_secretarys_entry(client, demo):
    sheet = await hdnd_xa_sheet()
    await enter(sheet, heads_figures(sheet), HEAD)
    names = [c.full_name for c in sheet.candidates]
    api = f"/api/v1/units/{sheet.unit_id}/result"
    secretary = await bearer(client, SECRETARY, DEMO_PASSWORD)

    got = (await client.get(api, headers=secretary)).json()
    assert got["sums_withheld"] and got["totals"] is None and got["standings"] == []
    assert got["areas_reported"] == 1

    await login_page(client, SECRETARY, DEMO_PASSWORD)
    page = await client.get(f"/units/{sheet.unit_id}/result")
    assert page.status_code == 200
    assert NOTE_START in page.text and "data-sums-withheld" in page.text
    assert "data-figures-withheld" in page.text  # the progress's turnout too
    assert "data-standings-chart" not in page.text
    assert not [name for name in names if name in page.text]
    assert "1/" in page.text  # the progress counts show
    # The per-area table keeps the state, loses the figures.
    row = page.text.split(f'href="/tally-sheets/{sheet.id}"', 1)[1].split("</tr>", 1)[0]
    assert "sheet-state-submitted" in row
    assert str(heads_figures(sheet).voters_took_part) not in row.replace(".", "")
    # The draft result minutes would show the sums: not offered, refused with the note.
    assert "result-minutes.pdf" not in page.text
    pdf = await client.get(f"/units/{sheet.unit_id}/result-minutes.pdf")
    assert pdf.status_code == 403 and NOTE_START in pdf.text

    # The secretary's own entry (a mismatch, still unverified): the sums show.
    response = await post_form(
        client, f"/tally-sheets/{sheet.id}/entries", form_values(sheet, shift=3)
    )
    assert response.status_code == 303, response.text
    page = await client.get(f"/units/{sheet.unit_id}/result")
    assert NOTE_START not in page.text and "data-sums-withheld" not in page.text
    assert all(name in page.text for name in names)
    got = (await client.get(api, headers=secretary)).json()
    assert not got["sums_withheld"] and got["totals"]["valid"] > 0
    assert len(got["standings"]) == len(names)
    pdf = await client.get(f"/units/{sheet.unit_id}/result-minutes.pdf")
    assert pdf.status_code == 200


def csv_rows(content: bytes, sheet) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    names = {c.full_name for c in sheet.candidates}
    return [
        r
        for r in rows
        if r["Người ứng cử"] in names and r["Khu vực bỏ phiếu số"] == str(sheet.polling_area_number)
    ]


async def test_exports_and_progress_keep_the_figures_until_the_secretarys_entry(client, demo):
    sheet = await hdnd_xa_sheet()
    await enter(sheet, heads_figures(sheet), HEAD)
    election_id = sheet.election_id
    base = f"/api/v1/elections/{election_id}"
    secretary = await bearer(client, SECRETARY, DEMO_PASSWORD)
    observer = await bearer(client, OBSERVER, DEMO_PASSWORD)

    async def exports(headers):
        rows = csv_rows((await client.get(f"{base}/results.csv", headers=headers)).content, sheet)
        units = (await client.get(f"{base}/results.json", headers=headers)).json()
        (unit,) = [u for u in units if u["unit_id"] == sheet.unit_id]
        cdf = (await client.get(f"{base}/results.cdf.json?areas=true", headers=headers)).text
        progress = (await client.get(f"{base}/tally-progress", headers=headers)).json()
        return rows, unit, cdf, progress

    rows, unit, cdf, progress = await exports(secretary)
    assert rows and all(r["Trạng thái biên bản"] == SheetState.SUBMITTED.label for r in rows)
    assert all(r["Số phiếu bầu"] == "" and r["Số phiếu hợp lệ"] == "" for r in rows)
    assert unit["sums_withheld"] and unit["valid"] is None and unit["standings"] == []
    assert unit["areas_reported"] == 1
    assert f"gp-unit-{sheet.unit_id}" not in cdf and NOTE_START in cdf
    assert progress["figures_withheld"] and progress["voters_took_part"] is None
    assert progress["reported"] == 1

    # The live stream sends the same to the secretary, the figures to others.
    actor = await demo_actor(SECRETARY)
    scope = live.Scope.of(actor, None, None, None)
    live.forget_cache()
    current = await live.cached_progress(election_id, scope)
    event = json.loads(await live.reader_progress_json(current, actor, election_id, scope))
    assert event["figures_withheld"] and event["reported"] == 1
    assert not {"turnout", "voters_took_part", "voters_on_list"} & set(event)
    board = await demo_actor(BOARD)
    event = json.loads(await live.reader_progress_json(current, board, election_id, scope))
    assert not event["figures_withheld"] and "turnout" in event

    # An observer types nothing: the provisional figures show.
    rows, unit, cdf, progress = await exports(observer)
    assert all(r["Số phiếu bầu"] != "" for r in rows)
    assert not unit["sums_withheld"] and unit["valid"] == heads_figures(sheet).valid
    assert f"gp-unit-{sheet.unit_id}" in cdf and not progress["figures_withheld"]

    await enter(sheet, secretarys_figures(sheet), SECRETARY)
    rows, unit, cdf, progress = await exports(secretary)
    assert all(r["Số phiếu bầu"] != "" for r in rows)
    assert not unit["sums_withheld"] and unit["valid"] is not None
    assert f"gp-unit-{sheet.unit_id}" in cdf
    assert not progress["figures_withheld"] and progress["voters_took_part"] is not None
    event = json.loads(await live.reader_progress_json(current, actor, election_id, scope))
    assert not event["figures_withheld"] and "turnout" in event


async def test_results_pages_show_the_secretary_counts_only(client, demo):
    sheet = await hdnd_xa_sheet()
    await enter(sheet, heads_figures(sheet), HEAD)
    election_id = sheet.election_id
    await login_page(client, SECRETARY, DEMO_PASSWORD)
    results = await client.get(f"/elections/{election_id}/results")
    assert results.status_code == 200
    row = results.text.split(f'href="/units/{sheet.unit_id}/result"', 1)[1].split("</tr>", 1)[0]
    assert "chưa hiện" in row and "%" not in row
    assert NOTE_START in results.text
    commune = await client.get(f"/elections/{election_id}/communes/{sheet.commune_code}/tally")
    assert "data-figures-withheld" in commune.text and 'data-field="turnout"' not in commune.text
    province = await client.get(f"/elections/{election_id}/results/provinces/{sheet.province_code}")
    assert province.status_code == 200 and "data-sums-withheld" in province.text
    summary = await client.get(
        f"/elections/{election_id}/contests/{sheet.contest_id}/summary-minutes.pdf"
    )
    assert summary.status_code == 403

    # The head typed it: the figures show to them.
    client.cookies.clear()
    await login_page(client, HEAD, DEMO_PASSWORD)
    results = await client.get(f"/elections/{election_id}/results")
    assert NOTE_START not in results.text
    row = results.text.split(f'href="/units/{sheet.unit_id}/result"', 1)[1].split("</tr>", 1)[0]
    assert "%" in row


async def test_an_approved_flagged_sheet_is_not_shown_as_needing_review(client, demo):
    sheet = await hdnd_xa_sheet()
    figures = consistent_figures(sheet)
    flagged = dataclasses.replace(
        figures, ballots_received=figures.ballots_received - 1, invalid=figures.invalid - 1
    )
    await enter(sheet, flagged, HEAD)
    await enter(sheet, flagged, SECRETARY)
    await login_page(client, BOARD, DEMO_PASSWORD)
    area = f"/polling-areas/{sheet.polling_area_id}/tally"
    grid = f"/elections/{sheet.election_id}/communes/{sheet.commune_code}/tally"
    assert "Cần xem xét" in (await client.get(area)).text
    assert "cần xem xét</span>" in (await client.get(grid)).text
    response = await post_form(
        client, f"/tally-sheets/{sheet.id}/approve", {"comment": "Đã đối chiếu biên bản giấy."}
    )
    assert response.status_code == 303
    assert await db.fetchval("SELECT needs_review FROM tally_sheet WHERE id = $1", sheet.id)
    page = (await client.get(area)).text
    assert "Cần xem xét" not in page and "Ban bầu cử đã phê duyệt" in page
    assert "cần xem xét</span>" not in (await client.get(grid)).text


@pytest.mark.parametrize(
    ("username", "subject"),
    [
        (HEAD, True),  # a polling area's team
        (SECRETARY, True),
        (STAFF, True),  # commune staff
        ("tinh.camau", False),  # province staff: types only by exception
        ("quantri", False),  # the administrator, likewise
        (BOARD, False),  # reviews, never types
        (OBSERVER, False),
    ],
)
async def test_who_can_be_kept_from_aggregates(demo, username, subject):
    assert services.may_type_any(await demo_actor(username)) is subject
