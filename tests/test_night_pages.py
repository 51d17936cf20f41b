"""Pages of the night's way through: the team's phone home, the results grids
filtered by state, and irreversible buttons that need a confirmation."""

from __future__ import annotations

import dataclasses
import datetime as dt

from election import db
from election.accounts import services as accounts
from election.tallies import services
from tests.builders import login_page, pin_to_preparation, post_form
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
    # Voting day's turnout report is one tap away.
    assert f'href="/polling-areas/{officer.polling_area_id}/turnout"' in text

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
    # Each choice says how many sheets it shows.
    assert "Đã nhập, chờ kiểm tra chéo (1 biên bản)</option>" in submitted
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


async def new_ward_unit(client, *candidates: tuple[str, str], number: int = 9) -> str:
    contest_id = await db.fetchval("SELECT id FROM contest WHERE level = 'hdnd_xa'")
    created = await post_form(
        client,
        f"/contests/{contest_id}/units",
        {
            "number": str(number),
            "seats": "2",
            "description": f"Khóm {number}",
            "announced_on": "20/12/2025",
        },
    )
    unit_path = created.headers["location"].split("?")[0]
    for name, born in candidates:
        added = await post_form(
            client,
            f"{unit_path}/candidates",
            {"full_name": name, "date_of_birth": born, "sex": "female"},
        )
        assert added.status_code == 303, added.text
    return unit_path


async def test_finalizing_a_list_asks_for_confirmation_on_the_server_too(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    unit_path = await new_ward_unit(
        client,
        ("Trần Thị Hòa", "02/03/1980"),
        ("Lê Thị Duy", "01/01/1985"),
        ("Phạm Thị Lan", "05/05/1990"),
    )
    page = (await client.get(unit_path)).text
    assert 'data-confirm="Chốt danh sách chính thức 3 người ứng cử' in page
    assert '<script src="/static/confirm.js" defer></script>' in page
    assert 'name="confirm" value="1" required' in page

    refused = await post_form(client, f"{unit_path}/finalize", {})
    assert refused.status_code == 422
    assert "Đánh dấu ô xác nhận trước khi chốt danh sách chính thức." in refused.text
    unit_id = int(unit_path.rsplit("/", 1)[1])
    assert (
        await db.fetchval("SELECT list_finalized_at FROM electoral_unit WHERE id = $1", unit_id)
        is None
    )

    done = await post_form(client, f"{unit_path}/finalize", {"confirm": "1"})
    assert done.status_code == 303
    assert await db.fetchval("SELECT list_finalized_at FROM electoral_unit WHERE id = $1", unit_id)


async def test_a_list_that_breaks_a_rule_shows_a_disabled_button_with_the_reason(
    client, demo, owner
):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    unit_path = await new_ward_unit(
        client,
        ("Trần Thị Hòa", "02/03/1980"),
        ("Lê Thị Duy", "01/01/1985"),
        ("Phạm Thị Lan", "05/05/1990"),
    )
    # Found too young to stand after being listed (Art. 2): no decision settles it.
    await owner.execute(
        "UPDATE candidate SET date_of_birth = '2010-05-05' WHERE full_name = 'Phạm Thị Lan'"
    )
    page = (await client.get(unit_path)).text
    assert (
        '<button class="button" type="submit" disabled aria-describedby="finalize-list-reason">'
        in page
    )
    reason = page[page.index('id="finalize-list-reason"') :]
    assert "Chưa thể chốt danh sách" in reason and "Phạm Thị Lan" in reason

    # Too few names only: a decision on the shortfall settles it, so the
    # button stays, and the decision is required.
    short_path = await new_ward_unit(client, ("Đỗ Thị Mai", "02/03/1981"), number=10)
    page = (await client.get(short_path)).text
    assert 'name="shortfall_decision" required' in page
    assert 'disabled aria-describedby="finalize-list-reason"' not in page


async def test_finalizing_a_voter_list_asks_for_confirmation(client, demo, owner):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 2"
    )
    await owner.execute("DELETE FROM voter_list WHERE polling_area = $1", area_id)
    await pin_to_preparation(await db.fetchval("SELECT id FROM election"))
    page = (await client.get(f"/polling-areas/{area_id}/voters")).text
    assert 'data-confirm="Chốt danh sách' in page
    refused = await post_form(client, f"/polling-areas/{area_id}/voters/finalize", {})
    assert refused.status_code == 422
    assert "Đánh dấu ô xác nhận trước khi chốt danh sách và đánh số thẻ cử tri." in refused.text
    done = await post_form(client, f"/polling-areas/{area_id}/voters/finalize", {"confirm": "1"})
    assert done.status_code == 303


async def test_an_empty_voter_list_cannot_be_finalized_and_says_why(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    await pin_to_preparation(election_id)
    created = await post_form(
        client,
        f"/elections/{election_id}/communes/31825/areas",
        {"number": "44", "planned_voters": "1.200", "kind": "ordinary", "commune_unit_id": ""},
    )
    assert created.status_code == 303
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 44"
    )
    page = (await client.get(f"/polling-areas/{area_id}/voters")).text
    assert 'disabled aria-describedby="finalize-voters-reason"' in page
    assert "Chưa thể chốt: danh sách chưa có cử tri nào." in page
    refused = await post_form(client, f"/polling-areas/{area_id}/voters/finalize", {"confirm": "1"})
    assert refused.status_code == 422
    assert (
        await db.fetchval(
            "SELECT count(*) FROM voter_list WHERE polling_area = $1 AND finalized_at IS NOT NULL",
            area_id,
        )
        == 0
    )


def test_the_filter_counts_each_choice_over_the_sheets():
    from election.tallies.state_filter import sheet_counts, wanted_state

    counts = sheet_counts(
        [("draft", False), ("submitted", False), ("verified", True), ("verified", False)]
    )
    assert counts["draft"] == 1 and counts["submitted"] == 1
    assert counts["verified"] == 2 and counts["review"] == 1 and counts["approved"] == 0
    assert wanted_state("review") == "review" and wanted_state("'; drop") == ""
