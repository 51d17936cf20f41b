"""The night's way through, in a real browser: a team member's phone home
leads through the area's three contests until all are entered; a board
member goes from the "Việc cần làm" inbox to a sheet in review, sees the
signed paper beside the figures and approves after a confirmation; an
irreversible button that cannot be used yet says why."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import struct
import zlib

import pytest
from playwright.async_api import expect

from election import db
from election.accounts import services as accounts
from election.elections import structure
from election.elections.schemas import CandidateIn, UnitIn
from election.tallies import services
from election.tallies.tables import SheetState
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.browser.test_tallies import phone
from tests.tally_helpers import consistent_figures

pytestmark = pytest.mark.browser

NIGHT = dt.datetime(2026, 3, 15, 20, 0, tzinfo=dt.UTC)


async def demo_actor(username: str):
    return (await accounts.find_user(username=username)).actor()


async def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def paper_photo(width: int = 360, height: int = 480) -> bytes:
    """A PNG that looks like a page of minutes: white, with dark lines of "text"."""
    rows = []
    for y in range(height):
        line = bytearray([0])  # no filter
        inked = 40 <= y < height - 40 and (y // 6) % 4 == 0
        for x in range(width):
            shade = 40 if inked and 30 <= x < width - 30 - (y * 7) % 90 else 250
            line += bytes((shade, shade, shade))
        rows.append(bytes(line))
    raw = zlib.compress(b"".join(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


async def fill_minutes(page, figures, sheet) -> None:
    for name in (
        "voters_on_list",
        "voters_took_part",
        "ballots_issued",
        "ballots_received",
        "valid",
        "invalid",
    ):
        await page.fill(f"#f-{name}", str(getattr(figures, name)))
    for candidate in sheet.candidates:
        await page.fill(f"#f-vote-{candidate.id}", str(figures.votes[candidate.id]))


async def wait_for_state(sheet_id: int, actor, wanted: SheetState) -> None:
    for _ in range(100):
        if (await services.get_sheet(sheet_id=sheet_id, actor=actor)).state == wanted:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"sheet {sheet_id} never became {wanted.value}")


async def test_the_officer_goes_from_home_through_the_three_contests(browser, live_server, demo):
    officer = await demo_actor("to.kv01")
    sheets = await services.area_sheets(polling_area_id=officer.polling_area_id, actor=officer)
    context, page = await phone(browser, live_server)
    try:
        await sign_in(page, "to.kv01")
        # Signing in lands on the area's sheets, not the dashboard's calendar.
        await expect(page.get_by_role("heading", level=1)).to_have_text("Khu vực bỏ phiếu số 1")
        await expect(page.locator("#officer-summary")).to_contain_text("Còn 3/3 biên bản")
        assert await page.get_by_text("Lịch các mốc thời gian").count() == 0
        buttons = page.locator("a.button-large", has_text="Nhập biên bản")
        await expect(buttons).to_have_count(3)
        # Big enough for a thumb, and the page fits the phone.
        box = await buttons.first.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 300
        assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        await shot(page, "night_officer_home_start")

        for done in range(1, len(sheets) + 1):
            await page.goto("/")
            await page.locator("a.button-large", has_text="Nhập biên bản").first.click()
            await page.wait_for_url("**/tally-sheets/*")
            sheet_id = int(page.url.split("/tally-sheets/")[1].split("?")[0])
            current = next(s for s in sheets if s.id == sheet_id)
            await fill_minutes(page, consistent_figures(current), current)
            await page.get_by_role("button", name="Gửi biên bản").click()
            # The page follows the answer's redirect (offline.js sends with fetch).
            await page.wait_for_url("**entered=*")
            await wait_for_state(sheet_id, officer, SheetState.SUBMITTED)
            await page.goto("/")
            left = len(sheets) - done
            if left:
                await expect(page.locator("#officer-summary")).to_contain_text(
                    f"Còn {left}/3 biên bản"
                )
        await expect(page.locator("#officer-summary")).to_contain_text(
            "Bạn đã nhập xong 3 biên bản của khu vực"
        )
        await expect(page.get_by_text("Chờ người thứ hai trong Tổ nhập lại")).to_have_count(3)
        await shot(page, "night_officer_home_done")
    finally:
        await context.close()


async def sheet_in_review_with_photo() -> services.SheetContext:
    officer = await demo_actor("to.kv01")
    secretary = await demo_actor("to.kv01.thuky")
    sheets = {
        s.level.value: s
        for s in await services.area_sheets(polling_area_id=officer.polling_area_id, actor=officer)
    }
    sheet = sheets["hdnd_xa"]
    figures = consistent_figures(sheet)
    # One ballot more in the box than voters who took part: a warning, so review.
    odd = dataclasses.replace(figures, voters_took_part=figures.voters_took_part - 1)
    for actor in (officer, secretary):
        await services.submit(
            sheet_id=sheet.id, submission=services.Submission(figures=odd), actor=actor, now=NIGHT
        )
    await services.attach(
        sheet_id=sheet.id, filename="bien-ban-kv01.png", content=paper_photo(), actor=officer
    )
    return sheet


async def test_the_board_goes_from_the_inbox_to_review_and_approves_with_confirmation(page, demo):
    sheet = await sheet_in_review_with_photo()
    await sign_in(page, "ban.baclieu")
    await page.get_by_role("link", name="Việc cần làm").click()
    await page.wait_for_url("**/viec-can-lam")
    review = page.locator("#kind-review")
    await expect(review.get_by_role("heading", level=2)).to_contain_text("(1)")
    await shot(page, "night_inbox_board")
    # The inbox follows the night: a sheet typed elsewhere appears without a reload.
    to_verify = page.locator('[data-kind-count="to_verify"]')
    await expect(to_verify).to_have_text("0")
    await page.locator(".live-dot").wait_for(state="visible")
    staff = await demo_actor("phuong.baclieu")
    area_two = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 2"
    )
    ward_sheet = next(
        s
        for s in await services.area_sheets(polling_area_id=area_two, actor=staff)
        if s.level.value == "hdnd_xa"
    )
    await services.submit(
        sheet_id=ward_sheet.id,
        submission=services.Submission(figures=consistent_figures(ward_sheet)),
        actor=staff,
        now=NIGHT,
    )
    await expect(to_verify).to_have_text("1")
    await review.get_by_role("link").first.click()
    await page.wait_for_url(f"**/tally-sheets/{sheet.id}")

    # The signed paper beside the figures on a desktop.
    figures = page.locator("#figures-heading")
    photo = page.locator(".review-photo img")
    await expect(photo).to_be_visible()
    assert await photo.evaluate("img => img.complete && img.naturalWidth > 0")
    figures_box = await figures.bounding_box()
    photo_box = await photo.bounding_box()
    assert figures_box is not None and photo_box is not None
    assert photo_box["x"] > figures_box["x"] + figures_box["width"]
    assert abs(photo_box["y"] - figures_box["y"]) < 120
    await shot(page, "night_review_photo_beside_figures")

    await page.get_by_label("Ý kiến của thành viên Ban bầu cử").fill(
        "Đã đối chiếu ảnh biên bản: một phiếu bỏ thay hợp lệ."
    )
    await page.get_by_role("button", name="Phê duyệt biên bản").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    await expect(dialog).to_contain_text("sửa sau khi phê duyệt phải đính chính")
    await shot(page, "night_approve_confirmation")
    # Cancelling changes nothing.
    await dialog.get_by_role("button", name="Hủy").click()
    await expect(dialog).to_be_hidden()
    board = await demo_actor("ban.baclieu")
    assert (await services.get_sheet(sheet_id=sheet.id, actor=board)).state == SheetState.VERIFIED

    await page.get_by_role("button", name="Phê duyệt biên bản").click()
    await dialog.get_by_role("button", name="Xác nhận phê duyệt").click()
    await page.get_by_text("Đã phê duyệt biên bản kết quả kiểm phiếu.").wait_for()
    assert (await services.get_sheet(sheet_id=sheet.id, actor=board)).state == SheetState.APPROVED
    await page.goto("/viec-can-lam")
    await expect(page.locator("#kind-review").get_by_role("heading", level=2)).to_contain_text(
        "(0)"
    )


async def test_on_a_phone_the_photo_follows_the_figures(browser, live_server, demo):
    sheet = await sheet_in_review_with_photo()
    context, page = await phone(browser, live_server)
    try:
        await sign_in(page, "ban.baclieu")
        await page.goto(f"/tally-sheets/{sheet.id}")
        figures_box = await page.locator("#figures-heading").bounding_box()
        photo_box = await page.locator(".review-photo img").bounding_box()
        approve_box = await page.locator("#approve-heading").bounding_box()
        assert figures_box and photo_box and approve_box
        assert figures_box["y"] < photo_box["y"] < approve_box["y"]
        assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        await shot(page, "night_review_phone")
    finally:
        await context.close()


async def test_a_list_that_cannot_be_finalized_shows_a_disabled_button_and_why(page, demo):
    staff = await demo_actor("phuong.baclieu")
    contest_id = await db.fetchval("SELECT id FROM contest WHERE level = 'hdnd_xa'")
    saved = await structure.save_unit(
        contest_id=contest_id,
        actor=staff,
        **UnitIn.model_validate(
            {"number": 9, "seats": 2, "description": "Khóm 9", "announced_on": "2025-12-20"}
        ).model_dump(),
    )
    unit_id = saved.unit.id
    for name, born in (
        ("Trần Thị Hòa", "1980-03-02"),
        ("Lê Thị Duy", "1985-01-01"),
        ("Phạm Thị Lan", "1990-05-05"),
    ):
        await structure.save_candidate(
            unit_id=unit_id,
            data=CandidateIn.model_validate(
                {"full_name": name, "date_of_birth": born, "sex": "female"}
            ).model_dump(),
            actor=staff,
        )
    # Found too young to stand after being listed (Art. 2).
    await db.execute(
        "UPDATE candidate SET date_of_birth = '2010-05-05' WHERE full_name = 'Phạm Thị Lan'"
    )
    await sign_in(page, "phuong.baclieu")
    await page.goto(f"/units/{unit_id}")
    button = page.get_by_role("button", name="Chốt danh sách")
    await expect(button).to_be_disabled()
    reason = page.locator("#finalize-list-reason")
    await expect(reason).to_be_visible()
    await expect(reason).to_contain_text("Phạm Thị Lan")
    assert await button.get_attribute("aria-describedby") == "finalize-list-reason"
    await reason.scroll_into_view_if_needed()
    await shot(page, "night_disabled_with_reason")


async def test_the_commune_grid_filters_by_state_and_keeps_it_in_the_url(page, demo):
    officer = await demo_actor("to.kv01")
    sheets = await services.area_sheets(polling_area_id=officer.polling_area_id, actor=officer)
    await services.submit(
        sheet_id=sheets[0].id,
        submission=services.Submission(figures=consistent_figures(sheets[0])),
        actor=officer,
        now=NIGHT,
    )
    await sign_in(page, "phuong.baclieu")
    await page.goto(f"/elections/{sheets[0].election_id}/communes/31825/tally")
    rows = page.locator(".tally-grid tbody tr")
    assert await rows.count() > 1
    await page.get_by_label("Trạng thái", exact=True).select_option("submitted")
    await page.get_by_role("button", name="Lọc").click()
    await page.wait_for_url("**state=submitted**")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Số 1")
    await shot(page, "night_commune_grid_filtered")
