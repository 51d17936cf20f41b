"""The tally entry form in a real browser: Enter moves to the next cell and
never sends the sheet; a refused sheet's problems sit beside their cells
with a summary linking to them; the running check agrees with the server's
rules on many sheets; after each submission "tiếp theo" leads through the
area's three contests to the end."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from playwright.async_api import expect
from pydantic import TypeAdapter, ValidationError

from election.accounts import services as accounts
from election.errors import translate_validation_message
from election.schemas import TYPED_ON_A_PAGE, Count
from election.tallies import services
from election.tallies.rules import sheet as rules
from tests.browser.conftest import SCREENSHOTS, new_page, sign_in
from tests.browser.test_tallies import fill_minutes, phone
from tests.tally_helpers import consistent_figures

pytestmark = pytest.mark.browser


async def area_sheets(username: str = "to.kv01") -> list[services.SheetContext]:
    user = await accounts.find_user(username=username)
    assert user is not None
    actor = user.actor()
    assert actor.polling_area_id is not None
    return await services.area_sheets(polling_area_id=actor.polling_area_id, actor=actor)


async def focused(page) -> str:
    return await page.evaluate("document.activeElement && document.activeElement.id")


async def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"tally_form_{name}.png"), full_page=True)


def watch_posts(page) -> list[str]:
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    return posts


# --------------------------------------------------------------------------
# Enter


async def test_enter_moves_to_the_next_cell_and_only_the_button_sends(browser, live_server, demo):
    context, officer = await phone(browser, live_server)
    await sign_in(officer, "to.kv01")
    sheet = (await area_sheets())[2]
    await officer.goto(f"/tally-sheets/{sheet.id}")
    posts = watch_posts(officer)
    figures = consistent_figures(sheet)
    order = [
        "f-voters_on_list",
        "f-voters_took_part",
        "f-ballots_issued",
        "f-ballots_received",
        "f-valid",
        "f-invalid",
        *[f"f-vote-{c.id}" for c in sheet.candidates],
        "f-complaints_received",
        "f-complaints_settled",
        "f-complaints_forwarded",
        # The folded part is skipped while folded: on to the note.
        "f-reason",
    ]
    values = {
        "f-voters_on_list": figures.voters_on_list,
        "f-voters_took_part": figures.voters_took_part,
        "f-ballots_issued": figures.ballots_issued,
        "f-ballots_received": figures.ballots_received,
        "f-valid": figures.valid,
        "f-invalid": figures.invalid,
        **{f"f-vote-{c.id}": figures.votes[c.id] for c in sheet.candidates},
    }
    await officer.locator("#f-voters_on_list").focus()
    for here, there in itertools.pairwise(order):
        assert await focused(officer) == here
        if here in values:
            await officer.locator(f"#{here}").fill(str(values[here]))
        await officer.keyboard.press("Enter")
        assert await focused(officer) == there, here
    assert await focused(officer) == "f-reason"
    # Every cell tells the phone's keyboard that Enter goes on ("Tiếp").
    hints = await officer.eval_on_selector_all(
        "#entry-form input[inputmode=numeric]", "cells => cells.map(c => c.enterKeyHint)"
    )
    assert hints and set(hints) == {"next"}
    assert posts == [] and officer.url.endswith(f"/tally-sheets/{sheet.id}")

    # Enter in the last cell of the folded part, opened, goes on too.
    await officer.get_by_text("Phiếu bầu Tổ bầu cử nhận, đổi").click()
    await officer.locator("#f-witness-2-residence").focus()
    await officer.keyboard.press("Enter")
    assert await focused(officer) == "f-incidents"
    assert posts == []
    await shot(officer, "enter_moved_on")

    # The button sends, with Enter as with a tap.
    await officer.get_by_role("button", name="Gửi biên bản").focus()
    await officer.keyboard.press("Enter")
    await officer.locator("#next-step a").wait_for()
    assert any(url.endswith(f"/tally-sheets/{sheet.id}/entries") for url in posts)
    await context.close()


async def test_enter_does_not_send_the_sheet_without_scripts(browser, live_server, demo):
    context = await browser.new_context(base_url=live_server, java_script_enabled=False)
    page = await new_page(context)
    await sign_in(page, "to.kv01")
    sheet = (await area_sheets())[0]
    await page.goto(f"/tally-sheets/{sheet.id}")
    posts = watch_posts(page)
    await page.locator("#f-voters_took_part").fill("12")
    await page.locator("#f-voters_took_part").press("Enter")
    await page.wait_for_timeout(700)
    assert posts == []
    assert await page.locator("#f-voters_took_part").input_value() == "12"
    await context.close()


# --------------------------------------------------------------------------
# Problems beside their cells


async def test_a_refused_sheet_shows_each_problem_beside_its_cells(page, demo):
    await sign_in(page, "to.kv01")
    sheet = next(s for s in await area_sheets() if s.seats >= 2)
    figures = consistent_figures(sheet)
    await page.goto(f"/tally-sheets/{sheet.id}")
    await fill_minutes(page, figures, sheet)
    # Two slips: a broken sum, and a candidate with more votes than valid ballots.
    await page.fill("#f-invalid", str(figures.invalid + 3))
    first, *others = sheet.candidates
    await page.fill(f"#f-vote-{first.id}", str(figures.valid + 1))
    for other in others:
        await page.fill(f"#f-vote-{other.id}", "0")
    received = page.locator("#f-ballots_received")
    await expect(received).to_have_attribute("aria-invalid", "true")
    running = sorted(await page.locator(".field-check li").all_inner_texts())
    assert len(running) >= 2
    assert any(first.full_name in line for line in running)

    await page.get_by_role("button", name="Gửi biên bản").click()
    summary = page.locator("#entry-problems")
    await summary.wait_for()
    # The summary is read first; each of its lines links to a cell.
    await expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    assert await links.count() >= 2
    # The server's messages are the running check's, word for word, in the same places.
    said = sorted(await page.locator(".field-error li").all_inner_texts())
    assert said == running
    assert await page.locator(".field-check li").count() == 0
    for cell in ("#f-ballots_received", "#f-valid", "#f-invalid"):
        await expect(page.locator(cell)).to_have_attribute("aria-invalid", "true")
        described = await page.locator(cell).get_attribute("aria-describedby") or ""
        assert "f-ballots_received-error" in described.split()
    message = page.locator("#f-ballots_received-error")
    await expect(message).to_contain_text("khác số phiếu thu vào")
    await expect(page.locator(f"#f-vote-{first.id}-error")).to_contain_text(first.full_name)
    await shot(page, "refused_inline")

    await summary.get_by_role("link", name="khác số phiếu thu vào").click()
    assert await focused(page) == "f-ballots_received"
    # Fixed: the message goes, and the cells only it concerned are no longer marked.
    await page.fill("#f-invalid", str(figures.invalid))
    await expect(message).to_be_hidden()
    for cell in ("#f-ballots_received", "#f-invalid"):
        await expect(page.locator(cell)).not_to_have_attribute("aria-invalid", "true")
    # The valid ballots still take part in the candidate's problem.
    for cell in (f"#f-vote-{first.id}", "#f-valid"):
        await expect(page.locator(cell)).to_have_attribute("aria-invalid", "true")
    for candidate in sheet.candidates:
        await page.fill(f"#f-vote-{candidate.id}", str(figures.votes[candidate.id]))
    await expect(page.locator("[aria-invalid=true]")).to_have_count(0)
    await expect(page.locator("#check-sum")).to_have_text("")


async def test_the_running_check_asks_for_the_reasons_the_server_asks_for(page, demo):
    await sign_in(page, "to.kv01")
    sheet = (await area_sheets())[1]
    figures = consistent_figures(sheet)
    await page.goto(f"/tally-sheets/{sheet.id}")
    await fill_minutes(page, figures, sheet)
    await page.fill("#f-voters_on_list", str(figures.voters_on_list + 4))
    check = page.locator("#f-reason-check")
    await expect(check).to_contain_text("cần ghi lý do")
    running = await check.inner_text()
    await page.get_by_role("button", name="Gửi biên bản").click()
    await page.locator("#entry-problems").wait_for()
    assert await page.locator("#f-reason-error").inner_text() == running
    await expect(page.locator("#f-voters_on_list")).to_have_attribute("aria-invalid", "true")
    await page.fill("#f-reason", "Có cử tri bỏ phiếu bằng giấy chứng nhận")
    await expect(page.locator("[aria-invalid=true]")).to_have_count(0)


async def test_offline_a_sheet_with_problems_is_held_back_not_queued(browser, live_server, demo):
    context, officer = await phone(browser, live_server)
    await sign_in(officer, "to.kv01")
    sheet = (await area_sheets())[0]
    figures = consistent_figures(sheet)
    await officer.goto(f"/tally-sheets/{sheet.id}")
    await fill_minutes(officer, figures, sheet)
    await officer.fill("#f-invalid", str(figures.invalid + 1))
    last = sheet.candidates[-1]
    await officer.fill(f"#f-vote-{last.id}", "")
    posts = watch_posts(officer)
    await context.set_offline(True)
    await officer.get_by_role("button", name="Gửi biên bản").click()
    held = officer.locator("#entry-held")
    await expect(held).to_be_focused()
    await expect(held).to_contain_text("Máy đang mất mạng")
    await expect(held.get_by_role("link", name="khác số phiếu thu vào")).to_have_attribute(
        "href", "#f-ballots_received"
    )
    blank = held.get_by_role("link", name=f"Số phiếu bầu cho {last.full_name}: Thiếu trường")
    await blank.click()
    assert await focused(officer) == f"f-vote-{last.id}"
    queued = "JSON.parse(localStorage.getItem('offline-queue:v1') || '[]').length"
    assert await officer.evaluate(queued) == 0
    await shot(officer, "offline_held_back")

    # Fixed, the sheet waits on the device for the network, as offline.js does.
    await officer.fill(f"#f-vote-{last.id}", str(figures.votes[last.id]))
    await officer.fill("#f-invalid", str(figures.invalid))
    await officer.get_by_role("button", name="Gửi biên bản").click()
    await expect(held).to_be_hidden()
    assert await officer.evaluate(queued) == 1
    assert posts == []
    await context.close()


# --------------------------------------------------------------------------
# The running check agrees with the server's rules


def _figures_json(figures: rules.SheetFigures) -> dict[str, Any]:
    counts = {name: getattr(figures, name) for name in rules.FIELDS if name != "votes"}
    return counts | {"votes": [[k, v] for k, v in figures.votes.items()]}


def _python_says(figures: rules.SheetFigures, seats: int, ids: list[int]) -> list[dict]:
    return [
        v.as_dict() | {"fields": list(rules.fields_of(v))}
        for v in rules.check_sheet(figures, seats=seats, candidate_ids=frozenset(ids))
    ]


def _sheet_from_ballots(rng: random.Random) -> tuple[rules.SheetFigures, int, list[int]]:
    """A sheet that adds up, built from groups of identical ballots."""
    seats = rng.randint(1, 5)
    ids = rng.sample(range(1, 10_000), rng.randint(1, 8))
    votes = dict.fromkeys(ids, 0)
    valid = 0
    for _ in range(rng.randint(0, 6)):
        ballots = rng.choice([0, 1, rng.randint(0, 400), rng.randint(0, 4000)])
        valid += ballots
        for candidate in rng.sample(ids, rng.randint(1, min(seats, len(ids)))):
            votes[candidate] += ballots
    invalid = rng.randint(0, 100)
    received = valid + invalid
    issued = received + rng.choice([0, 0, rng.randint(0, 30)])
    took_part = rng.choice([received, received, issued, max(0, received - 3)])
    complaints = rng.randint(0, 5)
    settled = rng.randint(0, complaints)
    figures = rules.SheetFigures(
        voters_on_list=issued + rng.choice([0, rng.randint(0, 2000)]),
        voters_took_part=took_part,
        ballots_issued=issued,
        ballots_received=received,
        valid=valid,
        invalid=invalid,
        votes=votes,
        complaints_received=complaints,
        complaints_settled=settled,
        complaints_forwarded=rng.randint(0, complaints - settled),
    )
    return figures, seats, ids


def _slip(rng: random.Random, f: rules.SheetFigures, seats: int, ids: list[int]):
    """One slip of the pen, at or around a rule's boundary."""
    from dataclasses import replace

    one = rng.choice([-1, 0, 1])
    candidate = rng.choice(ids)
    total = sum(f.votes.values())
    slips = [
        lambda: replace(f, ballots_received=f.ballots_received + one),
        lambda: replace(f, invalid=f.invalid + one),
        lambda: replace(f, ballots_issued=f.ballots_received + one),
        lambda: replace(f, votes={**f.votes, candidate: f.valid + one}),
        lambda: replace(
            f,
            votes={**f.votes, candidate: f.votes.get(candidate, 0) + f.valid * seats - total + one},
        ),
        lambda: replace(f, votes=dict.fromkeys(f.votes, 0)),
        lambda: replace(f, complaints_settled=f.complaints_received + one),
        lambda: replace(f, complaints_forwarded=rng.randint(-3, 8)),
        lambda: replace(f, voters_took_part=f.ballots_received + one),
        lambda: replace(f, voters_on_list=f.voters_took_part + one),
        lambda: replace(f, voters_on_list=f.ballots_issued + one),
        lambda: replace(
            f, **{rng.choice(["valid", "voters_on_list", "unused_ballots"]): -rng.randint(1, 9)}
        ),
        lambda: replace(f, votes={**f.votes, candidate: -rng.randint(1, 9)}),
        lambda: replace(f, votes={k: v for k, v in f.votes.items() if k != candidate}),
        lambda: replace(f, votes={**f.votes, 10_000 + rng.randint(1, 99): rng.randint(0, 9)}),
        lambda: replace(
            f,
            ballots_delivered=f.ballots_issued + rng.randint(0, 40),
            unused_ballots=rng.randint(0, 40),
            spoiled_ballots=rng.choice([None, rng.randint(0, 5)]),
        ),
        lambda: replace(
            f,
            ballots_delivered=rng.choice([None, rng.randint(0, 9000)]),
            unused_ballots=rng.choice([None, rng.randint(0, 300)]),
        ),
        lambda: replace(f, valid=f.valid * 1000 + one, ballots_received=f.valid * 1000),
    ]
    return rng.choice(slips)()


def agreement_cases(count: int, seed: int = 20260315) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        figures, seats, ids = _sheet_from_ballots(rng)
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            figures = _slip(rng, figures, seats, ids)
        cases.append(
            {
                "figures": _figures_json(figures),
                "seats": seats,
                "ids": ids,
                "python": _python_says(figures, seats, ids),
            }
        )
    return cases


TYPED = [
    "0", "7", " 12 ", "40.000", "40 000", "1.234.567", "10000000", "10.000.000",
    "10000001", "99999999999999999999", "12a", "-5", "+5", "1e3", "1,5", "1.2.3", ".",
    "1\t000", "\u00a012\u00a0", "007",
]  # fmt: skip


def _schema_reads(text: str) -> dict[str, Any]:
    try:
        # Read as a page reads typed text (`web.parse_form`), not as JSON.
        value = TypeAdapter(Count).validate_python(text, context={TYPED_ON_A_PAGE: True})
        return {"value": value}
    except ValidationError as error:
        return {"value": None, "error": translate_validation_message(error.errors()[0]["msg"])}


async def test_the_running_check_and_the_server_rules_agree_on_many_sheets(page, demo):
    await sign_in(page, "to.kv01")
    sheet = (await area_sheets())[0]
    await page.goto(f"/tally-sheets/{sheet.id}")
    cases = agreement_cases(1500)
    seen = {v["code"] for case in cases for v in case["python"]}
    # Every rule of the sheet is broken somewhere, and many sheets break none.
    assert seen >= set(rules.ERROR_CODES) - {rules.NOT_INTEGER}
    assert seen >= {
        rules.TOOK_PART_NOT_RECEIVED,
        rules.TOOK_PART_OVER_LIST,
        rules.ISSUED_OVER_LIST,
        rules.BALLOT_STOCK_MISMATCH,
    }
    assert sum(1 for case in cases if not case["python"]) > 100
    javascript = await page.evaluate(
        """cases => cases.map(c => window.electionSheetRules.check(c.figures, c.seats, c.ids))""",
        [{k: v for k, v in case.items() if k != "python"} for case in cases],
    )
    disagreements = [
        (case, said) for case, said in zip(cases, javascript, strict=True) if said != case["python"]
    ]
    assert not disagreements, disagreements[:3]

    # A typed cell is read as the schema reads it.
    read = await page.evaluate(
        "texts => texts.map(t => window.electionSheetRules.readCount(t))", TYPED
    )
    for text, got in zip(TYPED, read, strict=True):
        expected = _schema_reads(text)
        assert (got["value"], got.get("error")) == (expected["value"], expected.get("error")), text


# --------------------------------------------------------------------------
# Tiếp theo


async def test_after_each_sheet_tiep_theo_leads_to_the_next_contest_then_done(
    browser, live_server, demo
):
    context, officer = await phone(browser, live_server)
    await sign_in(officer, "to.kv01")
    sheets = await area_sheets()
    assert len(sheets) == 3
    await officer.goto(f"/tally-sheets/{sheets[0].id}")
    for number, sheet in enumerate(sheets, start=1):
        assert officer.url.split("?")[0].endswith(f"/tally-sheets/{sheet.id}")
        await fill_minutes(officer, consistent_figures(sheet), sheet)
        await officer.get_by_role("button", name="Gửi biên bản").click()
        await officer.wait_for_url("**entered=*")
        await shot(officer, f"next_contest_{number}")
        if number < 3:
            following = sheets[number]
            link = officer.get_by_role("link", name=f"Tiếp theo: {following.level.label} →")
            await link.click()
        else:
            await officer.get_by_text("Đã nhập xong cả ba biên bản").wait_for()
            await officer.get_by_role("link", name="Về khu vực bỏ phiếu số 1").click()
            await officer.wait_for_url(f"**/polling-areas/{sheet.polling_area_id}/tally")
    assert await officer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    await context.close()
