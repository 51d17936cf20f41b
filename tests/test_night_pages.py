"""Pages of the night's way through: the team's phone home, the results grids
filtered by state, and irreversible buttons that need a confirmation."""

from __future__ import annotations

import dataclasses
import datetime as dt

from election.accounts import services as accounts
from election.tallies import services
from tests.builders import login_page
from tests.tally_helpers import consistent_figures

NIGHT = dt.datetime(2026, 3, 15, 20, 0, tzinfo=dt.UTC)
DEMO_PASSWORD = "demo-2026-baucu"


async def demo_actor(username: str):
    return (await accounts.find_user(username=username)).actor()


async def submit(sheet, actor, figures=None):
    return await services.submit(
        sheet_id=sheet.id,
        submission=services.Submission(figures=figures or consistent_figures(sheet)),
        actor=actor,
        now=NIGHT,
    )


async def area_one_sheets():
    officer = await demo_actor("to.kv01")
    sheets = await services.area_sheets(polling_area_id=officer.polling_area_id, actor=officer)
    return officer, {s.level.value: s for s in sheets}


async def test_the_officer_lands_on_the_areas_three_sheets(client, demo):
    officer, sheets = await area_one_sheets()
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    home = await client.get("/")
    assert home.status_code == 200
    text = home.text
    assert "Còn 3/3 biên bản cần bạn nhập" in text
    assert text.count('class="button button-large button-block"') == 3
    for sheet in sheets.values():
        assert f'href="/tally-sheets/{sheet.id}"' in text
    # Not the dashboard's calendar.
    assert "Lịch các mốc thời gian" not in text

    await submit(sheets["dbqh"], officer)
    text = (await client.get("/")).text
    assert "Còn 2/3 biên bản cần bạn nhập" in text
    assert "Chờ người thứ hai trong Tổ nhập lại" in text


async def test_the_secretary_sees_what_to_verify_and_then_all_done(client, demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    for sheet in sheets.values():
        await submit(sheet, officer)
    await login_page(client, "to.kv01.thuky", DEMO_PASSWORD)
    text = (await client.get("/")).text
    assert text.count("Bạn nhập lại độc lập từ biên bản giấy") == 3
    for sheet in sheets.values():
        await submit(sheet, secretary)
    text = (await client.get("/")).text
    assert "Bạn đã nhập xong 3 biên bản của khu vực" in text
    assert text.count("Chờ Ban bầu cử phê duyệt") == 3


async def test_a_mismatch_asks_to_enter_again(client, demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    sheet = sheets["hdnd_xa"]
    figures = consistent_figures(sheet)
    first, second = sheet.candidates[0].id, sheet.candidates[1].id
    slip = dataclasses.replace(
        figures,
        votes=figures.votes | {first: figures.votes[first] - 1, second: figures.votes[second] + 1},
    )
    await submit(sheet, officer, figures)
    await submit(sheet, secretary, slip)
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    text = (await client.get("/")).text
    assert "Hai lần nhập khác nhau" in text and "Nhập lại biên bản" in text


async def test_the_commune_grid_filters_by_state_in_the_url(client, demo):
    officer, sheets = await area_one_sheets()
    await submit(sheets["dbqh"], officer)
    election_id = sheets["dbqh"].election_id
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    base = f"/elections/{election_id}/communes/31825/tally"
    everything = (await client.get(base)).text
    submitted = (await client.get(base + "?state=submitted")).text
    assert f'href="/tally-sheets/{sheets["dbqh"].id}"' in submitted
    assert submitted.count('<th scope="row">') == 1 < everything.count('<th scope="row">')
    assert '<option value="submitted" selected>' in submitted
    # One contest's sheets only: area 1's ward sheet is not entered.
    ward = (await client.get(base + "?state=submitted&level=hdnd_xa")).text
    assert ward.count('<th scope="row">') == 0
    assert "Không có khu vực nào có biên bản ở trạng thái này." in ward
    drafts = (await client.get(base + "?state=draft&level=dbqh")).text
    assert drafts.count('<th scope="row">') == everything.count('<th scope="row">') - 1
    # An unknown filter shows everything rather than failing.
    assert (await client.get(base + "?state=nonsense")).text.count(
        '<th scope="row">'
    ) == everything.count('<th scope="row">')


async def test_the_area_list_filters_its_sheets_by_state(client, demo):
    officer, sheets = await area_one_sheets()
    await submit(sheets["hdnd_tinh"], officer)
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    page = await client.get(f"/polling-areas/{officer.polling_area_id}/tally?state=submitted")
    assert page.status_code == 200
    assert page.text.count('class="card sheet-card"') == 1
    assert f'href="/tally-sheets/{sheets["hdnd_tinh"].id}"' in page.text


async def test_the_reviewer_sees_the_signed_paper_beside_the_figures(client, demo):
    officer, sheets = await area_one_sheets()
    secretary = await demo_actor("to.kv01.thuky")
    sheet = sheets["hdnd_xa"]
    await submit(sheet, officer)
    await submit(sheet, secretary)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    photo = await services.attach(
        sheet_id=sheet.id, filename="bien-ban-da-ky.png", content=png, actor=officer
    )
    await login_page(client, "ban.baclieu", DEMO_PASSWORD)
    text = (await client.get(f"/tally-sheets/{sheet.id}")).text
    grid = text[text.index('<div class="review-grid">') :]
    grid = grid[: grid.index('<section class="card approve-card"')]
    # Figures first, then the photo, in one grid with the approval below them.
    assert grid.index('id="figures-heading"') < grid.index('id="review-photo-heading"')
    assert f'<img src="/tally-sheets/{sheet.id}/attachments/{photo.id}"' in grid
    # The photo is not shown a second time further down.
    assert text.count(f'<img src="/tally-sheets/{sheet.id}/attachments/{photo.id}"') == 1

    # Without a photo the reviewer is told to compare with the paper.
    other = sheets["dbqh"]
    await submit(other, officer)
    await submit(other, secretary)
    await login_page(client, "ban.camau", DEMO_PASSWORD)
    text = (await client.get(f"/tally-sheets/{other.id}")).text
    assert "Chưa có ảnh biên bản đã ký. Đối chiếu số liệu với bản giấy" in text
