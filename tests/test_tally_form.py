"""The entry form's answer to a refused sheet: each problem beside the cells
it concerns (aria-invalid, aria-describedby), a summary linking to them,
candidates named; and a form that Enter cannot send."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from election import db
from election.errors import FieldError, InvalidInput, RuleViolation, Violation
from election.tallies import services
from election.tallies.rules import sheet as rules
from election.tallies.sheet_form import input_id, refusal
from tests.builders import login_page, post_form, system
from tests.test_tally_pages import DEMO_PASSWORD, area_one_sheet, form_values


class Elements(HTMLParser):
    """Every element's attributes by id, and the entry form's buttons in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str | None]] = {}
        self.buttons: list[dict[str, str | None]] = []
        self.in_entry_form = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("id"):
            self.by_id[found["id"] or ""] = found
        if tag == "form":
            self.in_entry_form = found.get("id") == "entry-form"
        if tag == "button" and self.in_entry_form:
            self.buttons.append(found)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_entry_form = False


def words(html: str, element_id: str) -> str:
    match = re.search(rf'id="{re.escape(element_id)}"[^>]*>(.*?)</(ul|div)>', html, re.S)
    assert match, f"no element {element_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def described(page: Elements, element_id: str) -> list[str]:
    cell = page.by_id[element_id]
    assert cell.get("aria-invalid") == "true", element_id
    return (cell.get("aria-describedby") or "").split()


async def refused(client, values: dict) -> tuple[str, Elements]:
    sheet_id = await area_one_sheet("hdnd_xa")
    response = await post_form(client, f"/tally-sheets/{sheet_id}/entries", values)
    assert response.status_code == 422
    return response.text, Elements(response.text)


async def officer_sheet(client) -> services.SheetContext:
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    # The area's page makes its sheets.
    await client.get("/results", follow_redirects=True)
    sheet_id = await area_one_sheet("hdnd_xa")
    return await services.get_sheet(sheet_id=sheet_id, actor=system())


async def test_a_broken_sum_marks_the_three_figures_and_links_from_the_summary(client, demo):
    sheet = await officer_sheet(client)
    html, page = await refused(client, {**form_values(sheet), "invalid": "7"})
    # The message sits beside "received"; valid and invalid point to it too.
    for cell in ("f-ballots_received", "f-valid", "f-invalid"):
        assert described(page, cell) == ["f-ballots_received-error"]
    assert "khác số phiếu thu vào" in words(html, "f-ballots_received-error")
    assert "(Điều 76 khoản 2)" in words(html, "f-ballots_received-error")
    assert "aria-invalid" not in str(page.by_id["f-voters_on_list"])
    summary = page.by_id["entry-problems"]
    assert summary["role"] == "alert"
    assert '<a href="#f-ballots_received">Số phiếu hợp lệ (' in html
    # Once, in the summary above the form, not again in the page's error box.
    assert html.count("khác số phiếu thu vào") == 2
    # What was typed comes back.
    assert page.by_id["f-invalid"]["value"] == "7"


async def test_votes_over_the_seats_mark_every_candidate_and_the_valid_ballots(client, demo):
    sheet = await officer_sheet(client)
    values = form_values(sheet)
    first = sheet.candidates[0]
    values[f"vote_{first.id}"] = values["valid"]
    for c in sheet.candidates[1:]:
        values[f"vote_{c.id}"] = values["valid"]
    html, page = await refused(client, values)
    for c in sheet.candidates:
        assert "votes-error" in described(page, f"f-vote-{c.id}")
    assert "votes-error" in described(page, "f-valid")
    assert "vượt quá số phiếu hợp lệ nhân với số đại biểu được bầu" in words(html, "votes-error")
    assert f'<a href="#f-vote-{first.id}">Tổng số phiếu bầu' in html


async def test_a_candidate_is_named_not_numbered(client, demo):
    sheet = await officer_sheet(client)
    values = form_values(sheet)
    first = sheet.candidates[0]
    values[f"vote_{first.id}"] = str(int(values["valid"]) + 1)
    html, page = await refused(client, values)
    message = words(html, f"f-vote-{first.id}-error")
    assert f"Số phiếu bầu của {first.full_name} (" in message
    assert "mã" not in message
    assert described(page, f"f-vote-{first.id}")[0] == f"f-vote-{first.id}-error"


async def test_unreadable_cells_and_text_sit_beside_their_cells(client, demo):
    sheet = await officer_sheet(client)
    values = {**form_values(sheet), "valid": "12a", "box_witness_1_residence": "x" * 400}
    del values[f"vote_{sheet.candidates[1].id}"]
    html, page = await refused(client, values)
    assert words(html, "f-valid-error") == "Số phiếu hợp lệ: nhập số nguyên không âm."
    assert described(page, "f-valid") == ["f-valid-error"]
    second = f"f-vote-{sheet.candidates[1].id}"
    assert words(html, f"{second}-error").startswith(
        f"Số phiếu bầu cho {sheet.candidates[1].full_name}:"
    )
    assert described(page, "f-box_witness-1-residence") == ["f-box_witness-1-residence-error"]
    # The cell is inside the folded part of the form, which opens for it.
    assert re.search(r"<details open>\s*<summary>Phiếu bầu Tổ bầu cử nhận", html)
    assert '<a href="#f-box_witness-1-residence">' in html


async def test_a_reason_due_points_at_the_reason_and_the_listed_voters(client, demo):
    sheet = await officer_sheet(client)
    values = form_values(sheet)
    values["voters_on_list"] = str(sheet.voters_on_list_from_list + 5)
    html, page = await refused(client, values)
    assert described(page, "f-reason") == ["f-reason-error"]
    assert described(page, "f-voters_on_list") == ["f-reason-error"]
    assert "cần ghi lý do" in words(html, "f-reason-error")


async def test_enter_cannot_send_the_form_and_cells_say_next(client, demo):
    await officer_sheet(client)
    sheet_id = await area_one_sheet("hdnd_xa")
    html = (await client.get(f"/tally-sheets/{sheet_id}")).text
    page = Elements(html)
    form_buttons = [b for b in page.buttons if b.get("type") == "submit"]
    # The form's default button (the first) is disabled: implicit submission does nothing.
    assert "disabled" in form_buttons[0] and "data-implicit-submit-guard" in form_buttons[0]
    cells = [
        attrs
        for key, attrs in page.by_id.items()
        if key.startswith("f-") and attrs.get("inputmode") == "numeric"
    ]
    assert len(cells) >= 12
    assert all(c.get("enterkeyhint") == "next" for c in cells)
    assert 'src="/static/sheet_form.js"' in html
    assert "entry-problems" not in html


def test_input_ids_of_form_and_rule_fields():
    assert input_id("vote_12") == input_id("votes:12") == "f-vote-12"
    assert input_id("votes") == "votes"
    assert input_id("box_witness_2") == "f-box_witness-2"
    assert input_id("witness_1_residence") == "f-witness-1-residence"
    assert input_id("ballots_received") == "f-ballots_received"


@pytest.mark.parametrize(
    ("code", "field", "expected"),
    [
        (rules.VALID_INVALID_SUM, "ballots_received", ("ballots_received", "valid", "invalid")),
        (rules.CANDIDATE_OVER_VALID, "votes:7", ("votes:7", "valid")),
        (rules.VOTES_OVER_SEATS, "votes", ("votes", "valid")),
        (rules.NEGATIVE, "invalid", ("invalid",)),
        ("counting_not_started", None, ()),
    ],
)
def test_a_violation_concerns_its_field_then_the_figures_it_compares(code, field, expected):
    assert rules.fields_of(Violation(code, "…", None, field)) == expected


def test_candidate_ids_in_messages_become_names_only_whole():
    names = {1: "Lê Văn An", 12: "Trần Thị Bình"}
    message = "Số phiếu bầu của người ứng cử mã 12 (5); Người ứng cử mã 1; người ứng cử mã 123."
    assert rules.with_candidate_names(message, names) == (
        "Số phiếu bầu của Trần Thị Bình (5); Lê Văn An; người ứng cử mã 123."
    )


async def test_a_refusal_without_a_field_is_a_summary_line(demo):
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 1"
    )
    (sheet, *_) = await services.area_sheets(polling_area_id=area_id, actor=system())
    error = RuleViolation(Violation("counting_not_started", "Chưa đến giờ kiểm phiếu.", "Điều 73"))
    state = refusal({}, error, sheet)
    assert [(p.message, p.target) for p in state.problems] == [
        ("Chưa đến giờ kiểm phiếu. (Điều 73)", None)
    ]
    assert state.at == {} and state.described_by == {}


async def test_only_a_problem_in_the_folded_part_opens_it(demo):
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 1"
    )
    (sheet, *_) = await services.area_sheets(polling_area_id=area_id, actor=system())

    def refused_at(field: str) -> bool:
        error = InvalidInput("…", errors=[FieldError(field, "Giá trị quá lớn", label="Ô")])
        return refusal({}, error, sheet).in_folded_part

    assert not refused_at("valid")
    assert not refused_at(f"vote_{sheet.candidates[0].id}")
    assert refused_at("closing_time")
    assert refused_at("witness_2_residence")
    assert refused_at("unused_ballots")
