"""Blind double entry in a real browser: the head of the team enters the
minutes on a phone; the secretary opens the same sheet and finds none of the
head's figures on the page or behind its links; after the secretary's own
(different) typing, the mismatching cell shows side by side."""

from __future__ import annotations

import dataclasses

import pytest
from playwright.async_api import expect

from election.accounts import services as accounts
from election.tallies import services
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.browser.test_tallies import fill_minutes, phone
from tests.tally_helpers import consistent_figures

pytestmark = pytest.mark.browser


async def test_the_second_reader_never_sees_the_first_figures_before_their_own(
    browser, live_server, demo
):
    actor = (await accounts.find_user(username="to.kv01")).actor()
    sheets = await services.area_sheets(polling_area_id=actor.polling_area_id, actor=actor)
    sheet = next(s for s in sheets if s.level.value == "hdnd_xa")
    figures = consistent_figures(sheet)
    first = sheet.candidates[0]
    # The secretary reads the first candidate's votes 7 fewer.
    misread = dataclasses.replace(
        figures, votes={**figures.votes, first.id: figures.votes[first.id] - 7}
    )

    head_context, head = await phone(browser, live_server)
    await sign_in(head, "to.kv01")
    await head.goto(f"/tally-sheets/{sheet.id}")
    await fill_minutes(head, figures, sheet)
    await head.get_by_role("button", name="Gửi biên bản").click()
    await head.get_by_text("Cần một người khác nhập lại").wait_for()
    await head_context.close()

    secretary_context, secretary = await phone(browser, live_server)
    await sign_in(secretary, "to.kv01.thuky")
    await secretary.goto(f"/tally-sheets/{sheet.id}")
    await expect(secretary.locator("#sheet-state")).to_contain_text(
        "Đã nhập lần thứ nhất, chờ kiểm tra chéo"
    )
    await expect(secretary.locator("#withheld-note")).to_contain_text(
        "chỉ hiện sau khi bạn lưu lần nhập của mình"
    )
    # Who typed may show; what they typed does not, in text or in the form.
    await expect(secretary.locator(".history")).to_contain_text("to.kv01")
    assert await secretary.locator("#figures-heading").count() == 0
    assert await secretary.locator(".compare-table").count() == 0
    cells = await secretary.locator("td, dd").all_inner_texts()
    head_votes = {str(v) for v in figures.votes.values() if v >= 10}
    assert not head_votes & {cell.strip() for cell in cells}
    assert await secretary.input_value(f"#f-vote-{first.id}") == ""
    assert await secretary.input_value("#f-valid") == ""
    # The only minutes link is the blank form; the filled one is refused.
    links = await secretary.locator("a[href*='minutes.pdf']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert links and all(link.endswith("?blank=1") for link in links)
    refused = await secretary.request.get(f"/tally-sheets/{sheet.id}/minutes.pdf")
    assert refused.status == 403
    assert "lưu lần nhập của mình" in await refused.text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await secretary.screenshot(
        path=str(SCREENSHOTS / "tally_blind_second_reader_before_entry.png"), full_page=True
    )

    await fill_minutes(secretary, misread, sheet)
    await secretary.get_by_role("button", name="Gửi biên bản").click()
    notice = secretary.locator(".notice.notice-attention")
    await expect(notice).to_contain_text("khác lần nhập trước")
    await expect(secretary.get_by_text("Đã ghi biên bản")).to_have_count(0)
    mismatch = secretary.locator(".compare-table tr.mismatch")
    await expect(mismatch).to_have_count(1)
    await expect(mismatch).to_contain_text(first.full_name)
    await expect(mismatch.locator("td").first).to_have_text(str(figures.votes[first.id]))
    await expect(mismatch.locator("td").nth(1)).to_contain_text(str(misread.votes[first.id]))
    await expect(secretary.locator(".compare-table thead")).to_contain_text("to.kv01.thuky")
    await secretary.screenshot(
        path=str(SCREENSHOTS / "tally_blind_second_reader_after_entry.png"), full_page=True
    )
    await secretary_context.close()
