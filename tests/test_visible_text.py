"""No internal names where a person looks (issue 16, item 1): every page of
the demo, as each role and as nobody signed in, is read as text the way a
person sees it (no scripts or styles; of the attributes only placeholders,
tooltips, alt and aria-label), and fails on a snake_case identifier
("sign_in", "polling_area") or an English word from a list ("None",
"draft", "system:demo"). It also fails on a date field without the
calendar picker and a count without the numeric keyboard (item 6).

The pages are every GET route of the app that answers with HTML (the route
table, as `tests/test_access_matrix.py` reads it), with path parameters
filled by the same demo ids; the answers that refuse (403, 404 pages) are
read too: a person sees them. HTTP only, no browser: it stays fast.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from election.demo_data import COMMUNE_CODE, DEMO_PASSWORD
from tests.builders import login_page, pin_to_preparation, post_form, system
from tests.pdf import pdf_text
from tests.test_access_matrix import (
    QUERIES,
    SUBJECTS,
    demo_ids,
    fill,
    is_checked,
    route_table,
    sign_in,
)

# Downloads and machine-readable answers: not pages.
NOT_PAGES = (".pdf", ".csv", ".xlsx", ".json", ".js", ".png", ".svg")
NOT_PAGE_PREFIXES = ("/api/", "/schema", "/metrics", "/tally-sheets/{sheet_id:int}/attachments/")

# English words that have leaked, or could, onto pages: enum values, Python
# and JSON literals, words of the code. Compared without case, whole words.
# Vietnamese words spelt alike without diacritics are left out ("in" is
# "print", "to" is "big" and begins the demo's login "to.kv01").
_WORDS = """
    none null true false undefined nan
    error errors warning failed success ok submit save cancel delete edit back next
    previous search login logout username password email name status
    draft pending submitted verified approved rejected finalized active inactive
    staged committed discarded open closed
    system seed created updated by the and of for with from is not found unknown
    admin observer officer board member staff province commune national
    user role scope entity action event page total count entry entries sheet sheets
    tally ballot ballots voter voters unit units contest contests election elections
    candidate candidates area areas team teams body bodies person people certificate
    complaint male female yes no
"""
ENGLISH = frozenset(_WORDS.split())

# Names a Vietnamese page writes in Latin letters on purpose: file formats,
# standards and products (whole words, as written).
ALLOWED = frozenset(
    {"PDF", "CSV", "QR", "Excel", "XLSX", "JSON", "API", "NIST", "CDF", "SVG"}
    # Places spelt like a listed word: "Xã Ia Nan" (Gia Lai), not NaN.
    | {"Nan"}
)

SNAKE_CASE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$")
WORD = re.compile(r"[\w:]+")
READ_ATTRIBUTES = frozenset({"placeholder", "title", "alt", "aria-label"})
# Elements whose content a person does not read as text.
SKIPPED = frozenset({"script", "style", "template", "noscript"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.inputs: list[dict[str, str | None]] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping.append(tag)
        if tag == "input":
            self.inputs.append(dict(attrs))
        if not self._skipping:
            # Attributes a person reads or hears: placeholders, tooltips,
            # the text of images and of labelled controls.
            self.parts.extend(v for k, v in attrs if k in READ_ATTRIBUTES and v)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _parsed(html: str) -> _Visible:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return parser


def visible_text(html: str) -> str:
    """The text of a page as a person reads it: no scripts or styles, and of
    the attributes only those read or heard (placeholder, title, alt,
    aria-label), never codes (name, value, data-*)."""
    return " ".join(" ".join(_parsed(html).parts).split())


# Fields typed as text that hold a date, or a count (issue 16, item 6).
DATE_FIELD = re.compile(r"(^|_)(date|day|on|since|joined)$|^date_of_birth$")
COUNT_FIELDS = frozenset({"number", "planned_voters", "seats", "team_size", "reserve_size"})


def unfit_inputs(html: str) -> list[str]:
    """The text fields of a page that do not fit what they hold: a date
    without the calendar picker (`data-date`, or a native date field), a
    count without the numeric keyboard."""
    unfit: list[str] = []
    for field in _parsed(html).inputs:
        name = field.get("name") or ""
        if field.get("type", "text") not in ("text", None):
            continue
        if DATE_FIELD.search(name) and "data-date" not in field:
            unfit.append(f"{name}: ngày không có lịch chọn (data-date)")
        # A "number" that is not a count (a certificate's "GCN-1") says so.
        if name in COUNT_FIELDS and "inputmode" not in field:
            unfit.append(f"{name}: số không có bàn phím số (inputmode)")
    return unfit


def internal_names(text: str) -> list[str]:
    """The snake_case identifiers and listed English words of a text."""
    found: list[str] = []
    for token in WORD.findall(text):
        for word in (token, *token.split(":")):
            word = word.strip(":_")
            if not word or not word.isascii() or word in ALLOWED:
                continue
            if SNAKE_CASE.match(word) or word.casefold() in ENGLISH:
                found.append(word)
    return sorted(set(found))


def _context(text: str, word: str, width: int = 50) -> str:
    at = text.find(word)
    return text[max(0, at - width) : at + len(word) + width] if at >= 0 else ""


# --------------------------------------------------------------------------
# The checker finds what it must


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<p>Hành động: sign_in</p>", ["sign_in"]),
        ("<td>tally_sheet #345</td>", ["tally_sheet"]),
        ("<p>lập bởi system:demo</p>", ["system"]),
        ("<p>Trạng thái: draft</p>", ["draft"]),
        ("<p>Ghi chú: None</p>", ["None"]),
        ("<li>personal_id: thiếu</li>", ["personal_id"]),
        # What a person reads or hears of the attributes.
        ('<input name="q" placeholder="Search">', ["Search"]),
        ('<img src="x.svg" alt="turnout_chart">', ["turnout_chart"]),
        # What a person does not read, or may read, is not reported.
        ("<p data-field='polling_area'>Khu vực bỏ phiếu số 1</p>", []),
        ("<script>var sign_in = null;</script><p>Đăng nhập</p>", []),
        ("<style>.count_number{}</style><p>Tải PDF, CSV, Excel</p>", []),
        ("<p>In biên bản · to.kv01 · 40.000 · 93,02 %</p>", []),
    ],
)
def test_the_checker_finds_internal_names(html: str, found: list[str]) -> None:
    assert internal_names(visible_text(html)) == found


@pytest.mark.parametrize(
    ("html", "unfit"),
    [
        ('<input name="decision_date">', ["decision_date: ngày không có lịch chọn (data-date)"]),
        (
            '<input name="removed_on" placeholder="ngày/tháng/năm">',
            ["removed_on: ngày không có lịch chọn (data-date)"],
        ),
        ('<input name="seats">', ["seats: số không có bàn phím số (inputmode)"]),
        ('<input name="decision_date" data-date inputmode="numeric">', []),
        ('<input type="hidden" name="election_day">', []),
        ('<input name="planned_voters" inputmode="numeric">', []),
        ('<input name="decision_number">', []),
        ('<input name="number" inputmode="text">', []),
    ],
)
def test_the_checker_finds_unfit_inputs(html: str, unfit: list[str]) -> None:
    assert unfit_inputs(html) == unfit


# --------------------------------------------------------------------------
# Every page, every role


def page_routes(app) -> list[str]:
    return [
        path
        for method, path in route_table(app)
        if method == "GET"
        and is_checked(method, path)
        and not path.startswith(NOT_PAGE_PREFIXES)
        and not path.endswith(NOT_PAGES)
    ]


# The lists as they are when a search finds nothing, seen by the commune's staff.
SEARCHER = "phuong.baclieu"
NOTHING_FOUND = "q=khong-co-ai&page=1"


def _requests(routes: list[str], inside: dict[str, str], *, searching: bool):
    for template in routes:
        path = fill(template + QUERIES.get(template, ""), inside)
        yield template, path
        if searching:
            yield template, path + ("&" if "?" in path else "?") + NOTHING_FOUND


async def test_no_page_shows_internal_names(app, client, demo, owner) -> None:
    inside, _ = await demo_ids(owner)
    routes = page_routes(app)
    findings: dict[tuple[str, str], set[str]] = defaultdict(set)
    contexts: dict[tuple[str, str], str] = {}
    inputs: dict[tuple[str, str], set[str]] = defaultdict(set)
    errors: list[str] = []
    pages = 0
    for subject in SUBJECTS:
        await sign_in(client, subject)
        who = subject.username or "anonymous"
        for template, path in _requests(routes, inside, searching=who == SEARCHER):
            response = await client.get(path)
            if response.status_code >= 500:
                errors.append(f"{who} GET {path}: {response.status_code}")
                continue
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            pages += 1
            text = visible_text(response.text)
            for word in internal_names(text):
                findings[(template, word)].add(who)
                contexts.setdefault((template, word), _context(text, word))
            for field in unfit_inputs(response.text):
                inputs[(template, field)].add(who)
    assert errors == []
    assert pages > len(routes)  # most routes are pages for several roles
    report = [
        f"GET {template}: «{word}» ({', '.join(sorted(who))}) …{contexts[(template, word)]}…"
        for (template, word), who in sorted(findings.items())
    ]
    report += [
        f"GET {template}: {field} ({', '.join(sorted(who))})"
        for (template, field), who in sorted(inputs.items())
    ]
    assert report == [], "\n".join(report)


# --------------------------------------------------------------------------
# Import errors name the file's own columns


async def test_import_errors_name_the_files_own_columns(client, demo, owner) -> None:
    """A file headed "Số CCCD" and "Ngày, tháng, năm sinh" (aliases of the
    export's headers): its errors say "Số CCCD", on the preview page and in
    the error report, never the field's code ("personal_id")."""
    from election.voters import bulk

    election_id = await owner.fetchval("SELECT min(id) FROM election")
    header = "Số CCCD,Họ và tên,Ngày, tháng, năm sinh,Giới tính,Khu vực bỏ phiếu\n"
    rows = "12345,Nguyễn Văn Thử,31/02/1980,Nam,1\n096080999001,Trần Văn Thử,01/01/1980,Nam,1\n"
    batch = await bulk.stage_voters(
        election_id=election_id,
        commune_code=COMMUNE_CODE,
        stream=io.BytesIO(
            header.replace("Ngày, tháng, năm sinh", '"Ngày, tháng, năm sinh"').encode()
            + rows.encode()
        ),
        filename="cu-tri.csv",
        actor=system(),
        now=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC),
    )
    assert batch.error_count >= 1
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    preview = await client.get(f"/imports/{batch.id}")
    assert preview.status_code == 200
    text = visible_text(preview.text)
    assert "<strong>Số CCCD</strong>:" in preview.text
    assert "<strong>Ngày, tháng, năm sinh</strong>:" in preview.text
    assert internal_names(text) == []
    report = (await client.get(f"/imports/{batch.id}/errors.csv")).content.decode("utf-8-sig")
    assert "Số CCCD" in report
    assert "personal_id" not in report and "date_of_birth" not in report


def test_the_ethnicity_field_offers_the_54_groups(app) -> None:
    """ "Dân tộc" is chosen from the 54 ethnic groups (another spelling may
    still be typed): the list the candidate, candidate-list and voter forms
    offer."""
    macros = app.template_engine.engine.get_template("_macros.html").module
    html = str(macros.ethnicity_list())  # pyright: ignore[reportAttributeAccessIssue]
    names = re.findall(r'<option value="([^"]+)">', html)
    assert len(names) == len(set(names)) == 54
    assert names[0] == "Kinh" and "Ê Đê" in names and "Bru - Vân Kiều" in names


async def test_no_printed_form_shows_internal_names(app, client, demo, owner) -> None:
    """The printed forms of the demo (every GET route ending in .pdf), as the
    province's staff print them, read as the pages do."""
    inside, _ = await demo_ids(owner)
    await sign_in(client, next(s for s in SUBJECTS if s.username == "tinh.camau"))
    printed: dict[str, list[str]] = {}
    for method, template in route_table(app):
        if method != "GET" or template.startswith("/api/") or not template.endswith(".pdf"):
            continue
        response = await client.get(fill(template + QUERIES.get(template, ""), inside))
        assert response.status_code < 500, template
        if response.status_code == 200:
            printed[template] = internal_names(" ".join(pdf_text(response.content).split()))
    assert len(printed) >= 10
    assert {t: words for t, words in printed.items() if words} == {}


async def test_a_team_member_is_linked_to_an_account_chosen_not_typed(client, demo, owner) -> None:
    """Linking a team leader to an existing login offers the station
    officers' accounts of the team's polling area, not a text field."""
    member, body = await owner.fetchrow(
        "SELECT m.id, m.body FROM body_member m JOIN user_account u ON u.id = m.account "
        "WHERE u.username = 'to.kv01'"
    )
    await owner.execute("UPDATE body_member SET account = NULL WHERE id = $1", member)
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/staffing/bodies/{body}")
    assert page.status_code == 200
    form = page.text.split(f'action="/staffing/members/{member}/account"')[1].split("</form>")[0]
    assert f'<select id="link-{member}" name="username" required>' in form
    assert '<option value="to.kv01">to.kv01</option>' in form
    assert '<input id="link-' not in form


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/structure?election=abc", "Cuộc bầu cử: "),
        ("/viec-can-lam?election=abc", "Cuộc bầu cử: "),
        ("/staffing/people?province=zz&commune=abc", "Tỉnh, thành phố: "),
    ],
)
async def test_a_refused_address_names_its_parameter_in_vietnamese(
    client, demo, path: str, named: str
) -> None:
    """A malformed address is refused with the parameter's name as people
    know it ("Cuộc bầu cử: …"), not its code ("election_id: …")."""
    await login_page(client, "quantri", DEMO_PASSWORD)
    response = await client.get(path)
    assert 400 <= response.status_code < 500
    text = visible_text(response.text)
    assert named in text
    assert internal_names(text) == []


async def test_a_file_without_a_required_column_is_refused_by_its_name(client, demo, owner) -> None:
    """A voter file without the date of birth is refused on the page as
    "Ngày sinh: Thiếu cột bắt buộc «Ngày sinh».", not by the field's code."""
    election_id = await owner.fetchval("SELECT min(id) FROM election")
    await pin_to_preparation(election_id)  # the lists may still change
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    header = "Số định danh cá nhân,Họ và tên,Giới tính,Khu vực bỏ phiếu\n"
    response = await post_form(
        client,
        f"/elections/{election_id}/communes/{COMMUNE_CODE}/voters/import",
        {},
        files={"file": ("cu-tri.csv", (header + "096080999001,Nguyễn Văn Thử,Nam,1\n").encode())},
    )
    assert response.status_code == 422
    text = visible_text(response.text)
    assert "Ngày sinh: Thiếu cột bắt buộc «Ngày sinh»." in text
    assert internal_names(text) == []
