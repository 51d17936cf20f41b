"""The smaller defects of issue 15 (item 8), each tried as it was found:
downloads named in Vietnamese or with a quote, certificate PDFs, names with
hidden characters or look-alike letters, figures sent as `true` or `"12"`,
markup inside `<title>`, and the sheet list of an area in no unit."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import unicodedata
from urllib.parse import unquote

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from election import db
from election.accounts import services as accounts
from election.actor import Role
from election.elections import structure
from election.errors import RuleViolation
from election.parsing import clean_person_name
from election.schemas import TYPED_ON_A_PAGE, Count, PersonName
from election.voters import services as voters
from election.web import content_disposition
from tests.builders import (
    BAC_LIEU,
    bearer,
    candidate_data,
    login_page,
    make_structure,
    make_user,
    system,
    vietnam_time,
)
from tests.pdf import pdf_text

DEMO_PASSWORD = "demo-2026-baucu"
TEMPLATES = pathlib.Path(__file__).parent.parent / "election" / "templates"


# The whole header: the disposition, a quoted ASCII fallback, the real name
# percent-encoded (RFC 8187 attr-chars); nothing else can follow.
DISPOSITION = re.compile(
    r"(attachment|inline); filename=\"([A-Za-z0-9._ ()\-]+)\"; "
    r"filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%\-]+)"
)


def filename_of(header: str) -> str:
    match = DISPOSITION.fullmatch(header)
    assert match, header
    return unquote(match[3])


# --------------------------------------------------------------------------
# RFC 6266 downloads


@pytest.mark.parametrize(
    "name",
    [
        "biên bản kiểm phiếu.png",
        'a"; x="y.csv',
        "tệp\r\nSet-Cookie: x=1.pdf",
        "a\\b;c=d.xlsx",
        "Đơn vị số 1 (ĐBQH).pdf",
        "",
    ],
)
def test_content_disposition_keeps_one_parameter_pair(name):
    header = content_disposition(name)
    header.encode("latin-1")  # what the server can send
    expected = unicodedata.normalize("NFC", name).strip() or "tep-tai-ve"
    assert filename_of(header) == expected
    assert header.startswith("attachment;")
    assert content_disposition(name, inline=True).startswith("inline;")


async def test_an_attachment_named_in_vietnamese_downloads(client, demo):
    headers = await bearer(client, "to.kv01", DEMO_PASSWORD)
    area = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = $1 AND number = 1", BAC_LIEU
    )
    sheets = await client.get(f"/api/v1/polling-areas/{area}/tally-sheets", headers=headers)
    sheet_id = sheets.json()[0]["id"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    for name in ("biên bản kiểm phiếu.png", 'x"; evil="1.png'):
        uploaded = await client.post(
            f"/api/v1/tally-sheets/{sheet_id}/attachments",
            files={"file": (name, png, "image/png")},
            headers=headers,
        )
        assert uploaded.status_code == 201, uploaded.text
        attachment_id = uploaded.json()["id"]
        for path in (
            f"/api/v1/tally-sheets/{sheet_id}/attachments/{attachment_id}",
            f"/tally-sheets/{sheet_id}/attachments/{attachment_id}",
        ):
            if path.startswith("/tally-sheets"):
                await login_page(client, "to.kv01", DEMO_PASSWORD)
            download = await client.get(path, headers=headers)
            assert download.status_code == 200, (path, download.status_code)
            assert download.content == png
            assert filename_of(download.headers["content-disposition"]) == name


# --------------------------------------------------------------------------
# Certificate PDFs (Mẫu số 11/HĐBC) are reachable


async def test_certificate_pdfs_are_reachable_from_the_page_and_the_api(client, demo):
    user = await accounts.find_user(username="phuong.baclieu")
    assert user is not None
    officer = user.actor()
    voter_id = await db.fetchval(
        "SELECT id FROM voter WHERE commune = $1 ORDER BY id LIMIT 1 OFFSET 3", BAC_LIEU
    )
    certificate = await voters.issue_certificate(
        voter_id=voter_id,
        destination_commune_code="31942",
        current_address="Số 12 đường Trần Phú, khóm 3",
        actor=officer,
        now=vietnam_time(2026, 3, 1),
    )
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    api = await client.get(
        f"/api/v1/certificates/{certificate.id}/certificate.pdf", headers=headers
    )
    assert api.status_code == 200, api.text[:300]
    assert "11/HĐBC" in pdf_text(api.content)
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/certificates/{certificate.id}/certificate.pdf")
    assert page.status_code == 200
    assert page.content[:5] == b"%PDF-"
    assert page.headers["content-disposition"].startswith("attachment;")
    # Out of scope: another commune's staff do not see it.
    await make_user(Role.COMMUNE_STAFF, commune_code="31942", username="xa.khac")
    other = await bearer(client, "xa.khac")
    outside = await client.get(
        f"/api/v1/certificates/{certificate.id}/certificate.pdf", headers=other
    )
    assert outside.status_code in (403, 404)
    missing = await client.get("/api/v1/certificates/999999/certificate.pdf", headers=headers)
    assert missing.status_code == 404


# --------------------------------------------------------------------------
# Names


NAME = TypeAdapter(PersonName)


@pytest.mark.parametrize(
    "name",
    [
        "\u200b",  # a name made only of a zero-width space
        "Nguyễn\u200bVăn An",
        "Nguyễn Văn\u200d An",
        "\u202eNguyễn Văn An",  # right-to-left override
        "Nguyễn \u2066Văn\u2069 An",  # bidi isolates
        "Nguyễn\x00 An",
        "Nguyễn\x1b[31m An",
        "Nguyễn\ufeff An",
        "Nguyễn Văn Аn",  # a Cyrillic А
        "Nguyễn Văn Αn",  # a Greek Α
        "12345",
        "---",
        "'.'",
        "Nguyễn Văn 2",
        "<script>",
        "Lê_B",
    ],
)
def test_names_with_hidden_characters_other_scripts_or_no_letters_are_refused(name):
    with pytest.raises(ValidationError):
        NAME.validate_python(name)
    with pytest.raises(ValueError):
        clean_person_name(name)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("  Nguyễn   Văn\tAn ", "Nguyễn Văn An"),
        ("Ｎguyễn Văn An", "Nguyễn Văn An"),  # a full-width Ｎ
        ("Nguye\u0302\u0303n Văn An", "Nguyễn Văn An"),  # decomposed
        ("Lê Thị Hoà", "Lê Thị Hòa"),
        ("H'Hen Niê", "H'Hen Niê"),
        ("Ksor Y-Bhin", "Ksor Y-Bhin"),
    ],
)
def test_names_are_stored_in_one_form(typed, stored):
    assert NAME.validate_python(typed) == stored
    assert clean_person_name(typed) == stored


async def test_a_look_alike_name_is_the_same_person(client, demo):
    """Two spellings that look alike are one person for Art. 36: a ĐBQH candidate
    typed again with a full-width letter in another ĐBQH unit is refused."""
    _, national, *_ = await make_structure(dt.date(2027, 5, 23))
    units = []
    for number in (1, 2):
        result = await structure.save_unit(
            contest_id=national.id,
            number=number,
            name=f"Đơn vị số {number}",
            seats=3,
            province_code="96",
            commune_codes=[BAC_LIEU] if number == 1 else ["31942"],
            actor=system(),
        )
        units.append(result.unit.id)
    headers = await bearer(client, "quantri", DEMO_PASSWORD)
    first = await client.post(
        f"/api/v1/units/{units[0]}/candidates",
        json={**candidate_data("Nguyễn Văn Hoà"), "date_of_birth": "1980-05-01"},
        headers=headers,
    )
    assert first.status_code == 201, first.text
    assert first.json()["full_name"] == "Nguyễn Văn Hòa"
    again = await client.post(
        f"/api/v1/units/{units[1]}/candidates",
        json={**candidate_data("Ｎguyễn Văn Hòa"), "date_of_birth": "1980-05-01"},
        headers=headers,
    )
    assert again.status_code == 422, again.text
    hidden = await client.post(
        f"/api/v1/units/{units[1]}/candidates",
        json={**candidate_data("\u200b"), "date_of_birth": "1980-05-01"},
        headers=headers,
    )
    assert hidden.status_code == 422, hidden.text
    with pytest.raises(RuleViolation):
        await structure.save_candidate(
            unit_id=units[1], data=candidate_data("Nguyễn Văn Hòa"), actor=system()
        )


# --------------------------------------------------------------------------
# Figures: JSON integers in the API, typed text on pages


class Figures(BaseModel):
    votes: Count


@pytest.mark.parametrize("sent", ["true", "false", '"12"', "12.0", '"1.200"', "-1", "null"])
def test_a_json_count_must_be_an_integer(sent):
    with pytest.raises(ValidationError):
        Figures.model_validate_json(f'{{"votes": {sent}}}')


def test_a_count_typed_on_a_page_reads_as_written():
    typed = {TYPED_ON_A_PAGE: True}
    assert Figures.model_validate({"votes": "40.000"}, context=typed).votes == 40000
    assert Figures.model_validate({"votes": "1 200"}, context=typed).votes == 1200
    assert Figures.model_validate_json('{"votes": 12}').votes == 12
    with pytest.raises(ValidationError):
        Figures.model_validate({"votes": "mười"}, context=typed)


async def test_the_tally_api_refuses_true_and_quoted_figures(client, demo):
    headers = await bearer(client, "to.kv01", DEMO_PASSWORD)
    area = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = $1 AND number = 1", BAC_LIEU
    )
    sheets = await client.get(f"/api/v1/polling-areas/{area}/tally-sheets", headers=headers)
    sheet = sheets.json()[0]
    figures = {
        "voters_on_list": 100,
        "voters_took_part": 90,
        "ballots_issued": 90,
        "ballots_received": 90,
        "valid": 88,
        "invalid": 2,
        "candidates": [{"candidate_id": c["id"], "votes": 10} for c in sheet["candidates"]],
    }
    for field, value in (("voters_took_part", True), ("valid", "88"), ("invalid", 2.0)):
        response = await client.post(
            f"/api/v1/tally-sheets/{sheet['id']}/entries",
            json={**figures, field: value},
            headers=headers,
        )
        assert response.status_code in (400, 422), (field, response.status_code, response.text)
    quoted_votes = {
        **figures,
        "candidates": [{"candidate_id": c["id"], "votes": "10"} for c in sheet["candidates"]],
    }
    response = await client.post(
        f"/api/v1/tally-sheets/{sheet['id']}/entries", json=quoted_votes, headers=headers
    )
    assert response.status_code in (400, 422), response.text
    assert await db.fetchval("SELECT count(*) FROM tally_entry WHERE sheet = $1", sheet["id"]) == 0


# --------------------------------------------------------------------------
# No markup inside <title>


def test_no_template_puts_markup_inside_its_title():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        blocks = re.findall(r"{%-?\s*block title\s*-?%}(.*?){%-?\s*endblock", text, re.S)
        blocks += re.findall(r"<title>(.*?)</title>", text, re.S)
        for block in blocks:
            without_blocks = re.sub(
                r"{%-?\s*block title\s*-?%}.*?{%-?\s*endblock\s*-?%}", "", block
            )
            if "<" in without_blocks or "{%" in without_blocks:
                found.append(f"{path.relative_to(TEMPLATES)}: {block[:80]!r}")
    assert found == []


async def test_rendered_titles_hold_text_only(client, demo):
    await login_page(client, "quantri", DEMO_PASSWORD)
    unit = await db.fetchval("SELECT id FROM electoral_unit ORDER BY id LIMIT 1")
    area = await db.fetchval("SELECT id FROM polling_area ORDER BY id LIMIT 1")
    for path in ("/", f"/units/{unit}", f"/results/units/{unit}", f"/polling-areas/{area}"):
        response = await client.get(path)
        if response.status_code != 200:
            continue
        [title] = re.findall(r"<title>(.*?)</title>", response.text, re.S)
        assert "<" not in title, (path, title)


# --------------------------------------------------------------------------
# An area in no unit shows its (empty) sheet list only in scope


async def test_an_area_in_no_unit_answers_only_in_scope(client, demo):
    area = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = $1 ORDER BY number LIMIT 1", BAC_LIEU
    )
    await db.execute("DELETE FROM polling_area_unit WHERE polling_area = $1", area)
    inside = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    listed = await client.get(f"/api/v1/polling-areas/{area}/tally-sheets", headers=inside)
    assert listed.status_code == 200 and listed.json() == []
    other_area = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = $1 AND id <> $2 ORDER BY number LIMIT 1",
        BAC_LIEU,
        area,
    )
    await make_user(Role.STATION_OFFICER, polling_area_id=other_area, username="to.khac")
    await make_user(Role.COMMUNE_STAFF, commune_code="31942", username="xa.khac")
    await make_user(Role.PROVINCE_STAFF, province_code="01", username="tinh.khac")
    for outsider in ("to.khac", "xa.khac", "tinh.khac"):
        headers = await bearer(client, outsider)
        answer = await client.get(f"/api/v1/polling-areas/{area}/tally-sheets", headers=headers)
        assert answer.status_code in (403, 404), (outsider, answer.status_code)
    missing = await client.get("/api/v1/polling-areas/999999/tally-sheets", headers=inside)
    assert missing.status_code == 404
