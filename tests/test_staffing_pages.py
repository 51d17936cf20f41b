"""Pages of staffing, as committee staff and station officers use them."""

from __future__ import annotations

import re

from election import db
from tests.builders import login_page
from tests.pdf import pdf_text, squash

DEMO_PASSWORD = "demo-2026-baucu"
WARD = "31825"


def csrf(client) -> str:
    return client.cookies.get("csrftoken")


async def commune_page(client) -> str:
    election_id = await db.fetchval("SELECT id FROM election")
    return f"/staffing/elections/{election_id}/communes/{WARD}"


async def test_the_overview_shows_the_forming_deadlines_on_the_calendar(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    page = await client.get("/staffing")
    assert page.status_code == 200
    for code, day in (("D-105", "30/11/2025"), ("D-70", "04/01/2026"), ("D-43", "31/01/2026")):
        row = re.search(rf'data-milestone="{code}">(.*?)</tr>', page.text, re.S)
        assert row and day in row.group(1)
    assert "Ủy ban bầu cử phường Bạc Liêu" in page.text
    assert "Ban bầu cử đại biểu HĐND phường Bạc Liêu đơn vị bầu cử số 6" in page.text
    assert "Nhân sự bầu cử" in page.text  # in the navigation


async def test_the_commune_page_runs_the_helper_through_preview_and_acceptance(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    url = await commune_page(client)
    teams = await client.get(url)
    assert teams.text.count('class="team-size">11 ') == 42
    proposed = await client.post(
        url + "/assign",
        data={"_csrf_token": csrf(client), "team_size": "12", "seed": "2026", "reserve_size": "4"},
        follow_redirects=False,
    )
    assert proposed.status_code == 303
    preview = await client.get(proposed.headers["location"])
    assert '<code id="assignment-seed">2026</code>' in preview.text
    assert '<strong id="assignment-added">42</strong>' in preview.text
    assert "Phương án, chờ xác nhận" in preview.text
    run_id = proposed.headers["location"].rsplit("/", 1)[-1]
    accepted = await client.post(
        f"/staffing/assignments/{run_id}/accept",
        data={"_csrf_token": csrf(client), "appointed_on": "30/01/2026"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    done = await client.get(accepted.headers["location"])
    assert "Đã xác nhận phương án phân công" in done.text
    assert done.text.count('class="team-size">12 ') == 42
    decision = await client.get(url + "/decision.pdf")
    assert "gồm 504 thành viên" in squash(pdf_text(decision.content))


async def test_a_refused_appointment_shows_the_article_on_the_body_page(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    team = await db.fetchval(
        "SELECT b.id FROM election_body b JOIN polling_area pa ON pa.id = b.polling_area "
        "WHERE pa.number = 3"
    )
    page = await client.get(f"/staffing/bodies/{team}")
    person = re.search(r'name="person_id" value="(\d+)"', page.text).group(1)
    refused = await client.post(
        f"/staffing/bodies/{team}/members",
        data={"_csrf_token": csrf(client), "person_id": person, "role": "head"},
    )
    assert refused.status_code == 422
    assert "chỉ có một Tổ trưởng" in refused.text and "(Điều 25 khoản 1)" in refused.text


async def test_initial_passwords_are_shown_once_and_the_officer_sees_only_their_area(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    team = await db.fetchval(
        "SELECT b.id FROM election_body b JOIN polling_area pa ON pa.id = b.polling_area "
        "WHERE pa.number = 7"
    )
    issued = await client.post(
        f"/staffing/bodies/{team}/accounts", data={"_csrf_token": csrf(client)}
    )
    assert issued.status_code == 200
    assert issued.headers["cache-control"] == "no-store"
    usernames = re.findall(r'<code class="username">([^<]+)</code>', issued.text)
    passwords = re.findall(r'<code class="password">([^<]+)</code>', issued.text)
    assert usernames == [f"to.{WARD}.kv07.totruong", f"to.{WARD}.kv07.thuky"]
    assert len(passwords) == 2
    again = await client.get(f"/staffing/bodies/{team}")
    assert passwords[0] not in again.text and usernames[0] in again.text
    client.cookies.clear()
    signed_in = await login_page(client, usernames[0], passwords[0])
    assert signed_in.status_code == 303
    # The password handed over opens only its own change.
    assert signed_in.headers["location"].startswith("/account/password")
    own = "mat-khau-rieng-to-truong"
    changed = await client.post(
        "/account/password",
        data={
            "_csrf_token": csrf(client),
            "current_password": passwords[0],
            "new_password": own,
            "repeat_password": own,
            "next": "/",
        },
    )
    assert changed.status_code == 303
    overview = await client.get("/staffing")
    assert overview.status_code == 200
    teams = await client.get(await commune_page(client))
    assert re.findall(r'<tr data-area="(\d+)">', teams.text) == ["7"]
    other = await db.fetchval(
        "SELECT b.id FROM election_body b JOIN polling_area pa ON pa.id = b.polling_area "
        "WHERE pa.number = 8"
    )
    assert (await client.get(f"/staffing/bodies/{other}")).status_code == 404
    assert (await client.get(f"/staffing/bodies/{team}")).status_code == 200
    people = await client.get("/staffing/people")
    assert 'href="/staffing/people/' not in people.text


async def test_a_person_is_added_through_the_registry_page_and_imported_from_a_file(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    added = await client.post(
        "/staffing/people",
        data={
            "_csrf_token": csrf(client),
            "province_code": "96",
            "commune_code": WARD,
            "full_name": "Quách Thị Trang",
            "date_of_birth": "12/12/1988",
            "sex": "female",
            "phone": "0988000111",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    listing = await client.get(added.headers["location"])
    assert "Quách Thị Trang" in listing.text and "Đã lưu." in listing.text
    content = "Họ và tên,Ngày sinh,Giới tính\nDanh Văn Tệp,01/02/1979,Nam\n".encode()
    uploaded = await client.post(
        "/staffing/people/import",
        data={"_csrf_token": csrf(client), "province_code": "96", "commune_code": WARD},
        files={"file": ("nhan-su.csv", content, "text/csv")},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303
    preview = await client.get(uploaded.headers["location"])
    assert 'data-outcome="new">1<' in preview.text
    assert "Danh sách nhân sự bầu cử" in preview.text


async def test_training_is_recorded_from_the_body_page(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    team = await db.fetchval(
        "SELECT b.id FROM election_body b JOIN polling_area pa ON pa.id = b.polling_area "
        "WHERE pa.number = 20"
    )
    members = [r["id"] for r in await db.fetch("SELECT id FROM body_member WHERE body = $1", team)]
    saved = await client.post(
        f"/staffing/bodies/{team}/training",
        data={"_csrf_token": csrf(client), "trained_on": "21/02/2026", "present": members[:3]},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    trained = await db.fetchval(
        "SELECT count(*) FROM body_member WHERE body = $1 AND trained_on = '2026-02-21'", team
    )
    assert trained == 3
