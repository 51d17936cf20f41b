"""List pages at real sizes (issue 16, part 4): a polling area of 952 voters,
imported through the voters' bulk import, is shown whole by numbered pages,
searched without diacritics, filtered, with its total; the filters live in
the URL and a malformed one is a 400 in Vietnamese, never a 500."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from election import db
from election.actor import Role
from election.imports import services as imports
from election.paging import folded_sql
from election.stations import services as stations
from election.voters import bulk, rules
from election.voters.demo import HEADER, demo_voter_rows
from tests.builders import BAC_LIEU, login_page, make_structure, make_user, system

ELECTION_DAY = dt.date(2031, 5, 25)
AREA_SIZE = 952
ROW = re.compile(r'<tr[^>]*><td>[^<]*</td><td><a href="/voters/(\d+)">')
SEARCH_ROW = re.compile(r'<tr><td><a href="/voters/(\d+)">')


async def _row(sql: str, *args: object) -> tuple[Any, ...]:
    """The one row a demo query must find."""
    row = await db.fetchrow(sql, *args)
    assert row is not None, sql
    return tuple(row)


@dataclass(frozen=True)
class Lists:
    election_id: int
    big_area_id: int  # 952 voters
    small_area_id: int  # 3 voters, among them the one named OTHER_NAME
    voters_url: str  # the commune's list


OTHER_NAME = "Hồ Thị Xuân Hương"


def _rows() -> list[list[str]]:
    """952 voters in households for area 1, then three for area 2 (IDs apart)."""
    rows = demo_voter_rows(areas=1, per_area=AREA_SIZE, election_day=ELECTION_DAY)
    others = []
    for n, source in enumerate(rows[:3], start=1):
        other = list(source)
        other[0] = source[0][:-6] + f"{900000 + n:06d}"
        other[1] = OTHER_NAME if n == 1 else source[1]
        other[11] = f"KV2-{n}"
        other[12] = "Chủ hộ"
        other[13] = "2"
        others.append(other)
    return rows + others


async def area_of_952() -> Lists:
    """An election (far ahead) whose Phường Bạc Liêu has a polling area of 952
    voters and one of 3, listed by the voters' bulk import (stage, commit)."""
    election, *_ = await make_structure(ELECTION_DAY)
    areas = [
        await stations.save_polling_area(
            election_id=election.id,
            commune_code=BAC_LIEU,
            number=number,
            name=f"Khóm {number}",
            actor=system(),
        )
        for number in (1, 2)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(_rows())
    batch = await bulk.stage_voters(
        election_id=election.id,
        commune_code=BAC_LIEU,
        stream=io.BytesIO(buffer.getvalue().encode("utf-8")),
        filename="danh-sach.csv",
        actor=system(),
    )
    await imports.commit(batch_id=batch.id, actor=system())
    return Lists(
        election_id=election.id,
        big_area_id=areas[0].area.id,
        small_area_id=areas[1].area.id,
        voters_url=f"/elections/{election.id}/communes/{BAC_LIEU}/voters",
    )


@pytest.fixture
async def lists(client, clean_db) -> Lists:
    made = await area_of_952()
    await make_user(Role.COMMUNE_STAFF, username="clerk")
    await login_page(client, "clerk")
    return made


def ids_on(html: str, pattern: re.Pattern[str] = ROW) -> list[int]:
    return [int(found) for found in pattern.findall(html)]


def total_on(html: str) -> int:
    found = re.search(r'class="pager-count"[^>]*><strong>([\d.]+) cử tri</strong>', html)
    assert found, "no total on the page"
    return int(found.group(1).replace(".", ""))


def links_on(html: str) -> list[dict[str, list[str]]]:
    """The query of every numbered page link."""
    hrefs = re.findall(r'<a href="(\?[^"]*)"[^>]*aria-label="Trang \d+', html)
    return [parse_qs(urlsplit(h.replace("&amp;", "&")).query) for h in hrefs]


async def test_the_952_voters_of_an_area_are_all_shown_by_pages(client, lists):
    url = f"/polling-areas/{lists.big_area_id}/voters"
    first = await client.get(url)
    assert first.status_code == 200
    assert total_on(first.text) == AREA_SIZE
    assert "hiển thị 1–50" in first.text
    assert "tải PDF để xem toàn bộ" not in first.text
    assert len(ids_on(first.text)) == 50
    assert 'href="?page=20" aria-label="Trang 20"' in first.text  # the last page, numbered
    assert "…" in first.text

    seen: list[int] = []
    for number in range(1, 6):
        response = await client.get(url, params={"size": "200", "page": str(number)})
        seen += ids_on(response.text)
    listed = await db.fetch(
        "SELECT id FROM voter WHERE polling_area = $1 ORDER BY household_order, "
        "is_household_head DESC, member_order, id",
        lists.big_area_id,
    )
    assert seen == [r["id"] for r in listed]  # every voter once, in list order

    last = await client.get(url, params={"page": "20"})
    assert "hiển thị 951–952" in last.text
    assert len(ids_on(last.text)) == 2
    assert 'aria-current="page" aria-label="Trang 20, đang xem"' in last.text
    # Past the last page: the last page, not an error nor an empty list.
    beyond = await client.get(url, params={"page": "999"})
    assert beyond.status_code == 200
    assert ids_on(beyond.text) == ids_on(last.text)


async def test_an_area_is_searched_without_diacritics_and_filtered(client, lists):
    url = f"/polling-areas/{lists.big_area_id}/voters"
    name = await db.fetchval(
        "SELECT full_name FROM voter WHERE polling_area = $1 ORDER BY id LIMIT 1",
        lists.big_area_id,
    )
    given_names = " ".join(rules.search_key(name).split()[-2:])  # "van an", no diacritics
    expected = await db.fetchval(
        "SELECT count(*) FROM voter WHERE polling_area = $1 AND search_name LIKE $2",
        lists.big_area_id,
        f"%{given_names}%",
    )
    found = await client.get(url, params={"q": given_names.upper()})
    assert total_on(found.text) == expected >= 1
    assert name in found.text

    women = await db.fetchval(
        "SELECT count(*) FROM voter WHERE polling_area = $1 AND sex = 'female'", lists.big_area_id
    )
    female = await client.get(url, params={"sex": "female"})
    assert total_on(female.text) == women
    assert 0 < women < AREA_SIZE
    assert re.search(r'<option value="female" selected>Nữ</option>', female.text)
    # The numbered links keep the filter: page 2 of the women is still the women.
    assert all(link["sex"] == ["female"] for link in links_on(female.text))
    second = await client.get(url, params={"sex": "female", "page": "2"})
    assert "<td>Nam</td>" not in second.text and "<td>Nữ</td>" in second.text

    temporary = await db.fetchval(
        "SELECT count(*) FROM voter WHERE polling_area = $1 AND residence_category = $2",
        lists.big_area_id,
        "temporary_long",
    )
    by_category = await client.get(url, params={"category": "temporary_long", "sex": ""})
    assert total_on(by_category.text) == temporary

    # By ID: exact, the one voter.
    personal_id = await db.fetchval(
        "SELECT personal_id FROM voter WHERE polling_area = $1 ORDER BY id DESC LIMIT 1",
        lists.big_area_id,
    )
    one = await client.get(url, params={"q": personal_id})
    assert total_on(one.text) == 1

    # Another area's voter is not in this area's list.
    other = await client.get(url, params={"q": "ho thi xuan huong"})
    assert total_on(other.text) == 0
    assert "Không có cử tri phù hợp." in other.text


async def test_a_commune_is_searched_across_its_areas_with_numbered_pages(client, lists):
    everyone = await client.get(lists.voters_url)
    assert total_on(everyone.text) == AREA_SIZE + 3
    assert "Trang sau ›" in everyone.text
    assert 'href="?page=20" aria-label="Trang 20"' in everyone.text

    found = await client.get(lists.voters_url, params={"q": "ho thi xuan huong"})
    assert total_on(found.text) == 1
    assert OTHER_NAME in found.text

    area_two = await client.get(lists.voters_url, params={"area": str(lists.small_area_id)})
    assert total_on(area_two.text) == 3
    assert f'<option value="{lists.small_area_id}" selected>' in area_two.text

    page_size = await client.get(lists.voters_url, params={"size": "100", "page": "10"})
    assert len(ids_on(page_size.text, SEARCH_ROW)) == AREA_SIZE + 3 - 900
    assert "hiển thị 901–955" in page_size.text
    # The size chosen stays in every numbered link; a new size starts at page 1.
    assert all(link.get("size") == ["100"] for link in links_on(page_size.text))
    assert 'href="?size=200">200</a>' in page_size.text


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"page": "abc"}, "Số trang không hợp lệ"),
        ({"page": "0"}, "Số trang không hợp lệ"),
        ({"size": "7"}, "Số dòng mỗi trang phải là một trong 25, 50, 100, 200"),
        ({"sex": "x"}, "Giới tính không hợp lệ"),
        ({"status": "gone"}, "Tình trạng không hợp lệ"),
        ({"category": "DROP TABLE"}, "Loại cư trú không hợp lệ"),
        ({"q": "a" * 150}, "Nội dung tìm kiếm dài quá"),
    ],
)
async def test_a_malformed_list_url_is_a_400_in_vietnamese(client, lists, query, words):
    for url in (f"/polling-areas/{lists.big_area_id}/voters", lists.voters_url):
        response = await client.get(url, params=query)
        assert response.status_code == 400, (url, query, response.status_code)
        assert words in response.text


async def test_a_malformed_area_filter_is_a_400_and_another_communes_area_finds_none(client, lists):
    bad = await client.get(lists.voters_url, params={"area": "số 1"})
    assert bad.status_code == 400
    assert "Khu vực bỏ phiếu không hợp lệ" in bad.text
    elsewhere = await client.get(lists.voters_url, params={"area": "2147483647"})
    assert elsewhere.status_code == 200
    assert total_on(elsewhere.text) == 0


async def test_a_like_wildcard_in_the_search_is_taken_literally(client, lists):
    response = await client.get(f"/polling-areas/{lists.big_area_id}/voters", params={"q": "%"})
    assert response.status_code == 200
    assert total_on(response.text) == 0
    underscore = await client.get(lists.voters_url, params={"q": "_"})
    assert total_on(underscore.text) == 0


async def test_each_page_read_is_one_audit_event_with_its_filter_and_total(client, lists):
    before = await db.fetchval("SELECT count(*) FROM audit_event")
    response = await client.get(
        f"/polling-areas/{lists.big_area_id}/voters", params={"sex": "male", "page": "2"}
    )
    assert response.status_code == 200
    events = await db.fetch(
        "SELECT action, after FROM audit_event ORDER BY id DESC LIMIT $1",
        await db.fetchval("SELECT count(*) FROM audit_event") - before,
    )
    assert [e["action"] for e in events] == ["list_viewed"]
    details = events[0]["after"]
    details = details if isinstance(details, dict) else json.loads(details)
    assert details["sex"] == "male"
    assert details["offset"] == 50
    assert details["count"] == 50
    assert details["total"] == total_on(response.text)


async def test_a_station_officer_reads_only_their_own_area(client, clean_db):
    made = await area_of_952()
    await make_user(Role.STATION_OFFICER, username="to.bau.cu", polling_area_id=made.small_area_id)
    await login_page(client, "to.bau.cu")
    own = await client.get(f"/polling-areas/{made.small_area_id}/voters")
    assert total_on(own.text) == 3
    # Asking the commune's search for the big area still shows only their own.
    forced = await client.get(made.voters_url, params={"area": str(made.big_area_id)})
    assert forced.status_code in (200, 403, 404)
    if forced.status_code == 200:
        assert total_on(forced.text) == 3
    other = await client.get(f"/polling-areas/{made.big_area_id}/voters")
    assert other.status_code in (403, 404)


# --------------------------------------------------------------------------
# The staff registry (people) of the demo ward

DEMO_PASSWORD = "demo-2026-baucu"
REGISTER = "/staffing/people?province=96&commune=31825"


def people_total(html: str) -> int:
    found = re.search(r'class="pager-count"[^>]*><strong>([\d.]+) người</strong>', html)
    assert found, "no total on the page"
    return int(found.group(1).replace(".", ""))


async def test_a_register_is_paged_searched_without_diacritics_and_filtered_by_role(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    everyone = await db.fetchval(
        "SELECT count(*) FROM staff_person WHERE province = '96' AND commune = '31825'"
    )
    first = await client.get(REGISTER, params={"size": "25"})
    assert first.status_code == 200
    assert people_total(first.text) == everyone > 25
    assert first.text.count('<tr><td><a href="/staffing/people/') == 25
    # Every numbered link keeps the register and the size.
    for link in links_on(first.text):
        assert link["province"] == ["96"] and link["commune"] == ["31825"]
        assert link["size"] == ["25"]

    name = await db.fetchval(
        "SELECT full_name FROM staff_person WHERE commune = '31825' AND full_name ~ '[ễứịồạ]' "
        "ORDER BY id LIMIT 1"
    )
    key = rules.search_key(name)
    namesakes = await db.fetchval(
        "SELECT count(*) FROM staff_person WHERE commune = '31825' AND full_name ILIKE $1",
        f"%{name}%",
    )
    found = await client.get(REGISTER, params={"q": key.upper()})
    assert name in found.text
    assert people_total(found.text) >= namesakes >= 1

    heads = await db.fetchval(
        "SELECT count(DISTINCT s.id) FROM staff_person s JOIN body_member m ON m.person = s.id "
        "WHERE s.commune = '31825' AND m.left_on IS NULL AND m.role = 'head'"
    )
    by_role = await client.get(REGISTER, params={"role": "head"})
    assert people_total(by_role.text) == heads >= 1
    assert '<option value="head" selected>' in by_role.text
    idle = await db.fetchval(
        "SELECT count(*) FROM staff_person s WHERE s.commune = '31825' AND NOT EXISTS "
        "(SELECT 1 FROM body_member m WHERE m.person = s.id AND m.left_on IS NULL)"
    )
    assert people_total((await client.get(REGISTER, params={"role": "none"})).text) == idle

    for bad, words in (({"role": "chief"}, "Vai trò không hợp lệ"), ({"page": "-2"}, "Số trang")):
        refused = await client.get(REGISTER, params=bad)
        assert refused.status_code == 400
        assert words in refused.text


async def test_the_folded_name_in_sql_is_the_voters_search_key(clean_db):
    names = [
        "Nguyễn Thị Ánh Tuyết",
        "ĐẶNG VĂN ĐỨC",
        "Lưu Thị Ỷ Lan",
        "Hứa Thị Mỹ Hạnh",
        "Trịnh Công Sơn",
        "Ông Ích Khiêm",
    ]
    # Every vowel with every tone, in both cases, and đ.
    letters = [
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưy"
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    ]
    names.append(" ".join([*letters, *(x.upper() for x in letters), "đ", "Đ"]))
    for name in names:
        assert await db.fetchval(f"SELECT {folded_sql('$1::text')}", name) == rules.search_key(name)


# --------------------------------------------------------------------------
# A contest's candidates (the demo's province council contest)


def candidates_total(html: str) -> int:
    found = re.search(r'class="pager-count"[^>]*><strong>([\d.]+) người ứng cử</strong>', html)
    assert found, "no total on the page"
    return int(found.group(1).replace(".", ""))


async def test_a_contests_candidates_are_paged_searched_and_filtered(client, demo):
    await login_page(client, "tinh.camau", DEMO_PASSWORD)
    contest_id, everyone = await _row(
        "SELECT u.contest, count(*) FROM candidate k JOIN electoral_unit u ON u.id = k.unit "
        "WHERE u.province = '96' GROUP BY u.contest ORDER BY count(*) DESC LIMIT 1"
    )
    url = f"/contests/{contest_id}/candidates"
    first = await client.get(url, params={"size": "25"})
    assert first.status_code == 200
    assert candidates_total(first.text) == everyone
    assert first.text.count('<tr><td><a href="/units/') == min(25, everyone)
    contest_page = await client.get(f"/contests/{contest_id}")
    assert f'href="/contests/{contest_id}/candidates"' in contest_page.text

    name, unit_id = await _row(
        "SELECT k.full_name, k.unit FROM candidate k JOIN electoral_unit u ON u.id = k.unit "
        "WHERE u.contest = $1 ORDER BY k.id LIMIT 1",
        contest_id,
    )
    found = await client.get(url, params={"q": rules.search_key(name)})
    assert name in found.text
    in_unit = await db.fetchval("SELECT count(*) FROM candidate WHERE unit = $1", unit_id)
    by_unit = await client.get(url, params={"unit": str(unit_id)})
    assert candidates_total(by_unit.text) == in_unit
    assert f'<option value="{unit_id}" selected>' in by_unit.text
    women = await db.fetchval(
        "SELECT count(*) FROM candidate k JOIN electoral_unit u ON u.id = k.unit "
        "WHERE u.contest = $1 AND k.sex = 'female'",
        contest_id,
    )
    assert candidates_total((await client.get(url, params={"sex": "female"})).text) == women
    standing = await client.get(url, params={"state": "standing", "sex": "female"})
    assert candidates_total(standing.text) <= women
    # A unit outside the reader's scope (or none at all) matches nobody.
    assert candidates_total((await client.get(url, params={"unit": "2147483647"})).text) == 0
    for bad in ({"unit": "x"}, {"state": "elected"}, {"sex": "other"}, {"size": "1000"}):
        refused = await client.get(url, params=bad)
        assert refused.status_code == 400, bad


# --------------------------------------------------------------------------
# The commune's grid of tally sheets (one row per polling area)


def areas_total(html: str) -> int:
    found = re.search(r'class="pager-count"[^>]*><strong>([\d.]+) khu vực</strong>', html)
    assert found, "no total on the page"
    return int(found.group(1).replace(".", ""))


async def test_the_communes_sheet_grid_is_searched_paged_and_keeps_its_filters(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    url = f"/elections/{election_id}/communes/31825/tally"
    areas = await db.fetch(
        "SELECT number, name FROM polling_area WHERE commune = '31825' ORDER BY number"
    )
    everything = await client.get(url)
    assert everything.status_code == 200
    assert areas_total(everything.text) == len(areas)

    by_number = await client.get(url, params={"q": str(areas[1]["number"])})
    assert areas_total(by_number.text) == 1
    assert f"Số {areas[1]['number']}</a>" in by_number.text
    named = next((a for a in areas if a["name"]), None)
    if named is not None:
        by_name = await client.get(url, params={"q": rules.search_key(named["name"])})
        assert f"Số {named['number']}</a>" in by_name.text
    nobody = await client.get(url, params={"q": "khong co khu vuc nay"})
    assert areas_total(nobody.text) == 0
    assert "Không có khu vực phù hợp." in nobody.text
    # The state filter and the search together, kept in the page links.
    kept = await client.get(url, params={"q": "so", "state": "draft", "level": "dbqh"})
    assert kept.status_code == 200
    assert 'value="so"' in kept.text
    refused = await client.get(url, params={"page": "x"})
    assert refused.status_code == 400
    assert "Số trang không hợp lệ" in refused.text


async def test_a_body_finds_people_to_appoint_without_diacritics(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    body_id, name = await _row(
        "SELECT b.id, s.full_name FROM election_body b, staff_person s "
        "WHERE b.commune = '31825' AND s.commune = '31825' AND s.full_name ~ '[ễứịồạăơư]' "
        "AND NOT EXISTS (SELECT 1 FROM body_member m WHERE m.person = s.id AND m.body = b.id "
        "                AND m.left_on IS NULL) "
        "ORDER BY b.id, s.id LIMIT 1"
    )
    typed = rules.search_key(name)
    assert typed != name.lower()
    page = await client.get(f"/staffing/bodies/{body_id}", params={"q": typed})
    assert page.status_code == 200
    assert name in page.text
    other = await client.get(f"/staffing/bodies/{body_id}", params={"q": "khong ai ten nay"})
    assert name not in other.text  # found by the search, not shown anyway


async def test_the_staffing_overview_finds_a_commune_by_name_and_pages(client, demo):
    await login_page(client, "quantri", DEMO_PASSWORD)
    overview = await client.get("/staffing")
    assert overview.status_code == 200
    found = re.search(
        r'class="pager-count"[^>]*><strong>([\d.]+) xã, phường</strong>', overview.text
    )
    assert found
    total = int(found.group(1).replace(".", ""))
    assert total >= 1
    ward = await client.get("/staffing", params={"q": "bac lieu"})
    assert "Phường Bạc Liêu</a>" in ward.text
    assert "xã, phường</strong>" in ward.text
    none = await client.get("/staffing", params={"q": "khong co xa nay"})
    assert "Không có xã, phường phù hợp." in none.text
    assert (await client.get("/staffing", params={"size": "3"})).status_code == 400
