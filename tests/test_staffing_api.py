"""Staffing through the JSON API, on the demo ward (Phường Bạc Liêu)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from election import db
from election.elections import structure
from tests.builders import bearer, candidate_data, make_user, system
from tests.pdf import pdf_text, squash

DEMO_PASSWORD = "demo-2026-baucu"
WARD = "31825"


async def ward(client) -> dict:
    return await bearer(client, "phuong.baclieu", DEMO_PASSWORD)


async def election_id() -> int:
    return await db.fetchval("SELECT id FROM election")


async def team_of_area(number: int) -> int:
    return await db.fetchval(
        "SELECT b.id FROM election_body b JOIN polling_area pa ON pa.id = b.polling_area "
        "WHERE pa.number = $1",
        number,
    )


async def test_the_ward_sees_its_42_teams_of_eleven_and_its_boards(client, demo):
    headers = await ward(client)
    eid = await election_id()
    teams = (
        await client.get(f"/api/v1/elections/{eid}/communes/{WARD}/teams", headers=headers)
    ).json()
    assert len(teams) == 42
    assert {t["member_count"] for t in teams} == {11}
    assert {(t["size_min"], t["size_max"]) for t in teams} == {(11, 21)}
    boards = (
        await client.get(f"/api/v1/elections/{eid}/bodies?family=board", headers=headers)
    ).json()
    assert (
        sorted(b["kind"] for b in boards)
        == ["board_dbqh", "board_hdnd_tinh"] + ["board_hdnd_xa"] * 6
    )
    report = (await client.get(f"/api/v1/bodies/{teams[0]['id']}/report", headers=headers)).json()
    assert report["violations"] == []
    roles = [m["role_title"] for m in report["members"]]
    assert roles[:2] == ["Tổ trưởng", "Thư ký"] and set(roles[2:]) == {"Ủy viên"}


async def test_a_board_below_its_size_is_a_violation_citing_article_24(client, demo):
    headers = await ward(client)
    eid = await election_id()
    boards = (
        await client.get(
            f"/api/v1/elections/{eid}/bodies?kind=board_hdnd_xa&commune={WARD}", headers=headers
        )
    ).json()
    board = boards[0]
    members = (await client.get(f"/api/v1/bodies/{board['id']}/members", headers=headers)).json()
    ordinary = next(m for m in members if m["role"] == "member")
    left = await client.post(
        f"/api/v1/members/{ordinary['id']}/leave",
        headers=headers,
        json={"reason": "Chuyển công tác"},
    )
    assert left.status_code == 200 and left.json()["left_on"]
    report = (await client.get(f"/api/v1/bodies/{board['id']}/report", headers=headers)).json()
    [violation] = report["violations"]
    assert violation["code"] == "body_size_out_of_range"
    assert violation["article"] == "Điều 24 khoản 2"
    assert "từ 9 đến 15" in violation["message"]


async def test_a_second_head_is_refused_with_422_and_the_article(client, demo):
    headers = await ward(client)
    team = await team_of_area(5)
    free = await db.fetchval(
        "SELECT s.id FROM staff_person s WHERE s.commune = $1 AND NOT EXISTS "
        "(SELECT 1 FROM body_member m WHERE m.person = s.id) ORDER BY s.id LIMIT 1",
        WARD,
    )
    response = await client.post(
        f"/api/v1/bodies/{team}/members", headers=headers, json={"person_id": free, "role": "head"}
    )
    assert response.status_code == 422
    assert response.json()["violations"][0]["code"] == "two_heads"
    assert response.json()["article"] == "Điều 25 khoản 1"
    deputy = await client.post(
        f"/api/v1/bodies/{team}/members",
        headers=headers,
        json={"person_id": free, "role": "deputy"},
    )
    assert deputy.json()["violations"][0]["code"] == "team_has_no_deputy"
    ok = await client.post(
        f"/api/v1/bodies/{team}/members",
        headers=headers,
        json={"person_id": free, "role": "member"},
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["role_title"] == "Ủy viên"


async def test_province_staff_may_not_change_the_ward_teams(client, demo):
    headers = await bearer(client, "tinh.camau", DEMO_PASSWORD)
    team = await team_of_area(1)
    response = await client.put(
        f"/api/v1/bodies/{team}", headers=headers, json={"decision_number": "1/QĐ"}
    )
    assert response.status_code == 403
    observer = await bearer(client, "giamsat.baclieu", DEMO_PASSWORD)
    assert (await client.get(f"/api/v1/bodies/{team}", headers=observer)).status_code == 200
    refused = await client.put(
        f"/api/v1/bodies/{team}", headers=observer, json={"decision_number": "1/QĐ"}
    )
    assert refused.status_code == 403


async def test_the_registry_api_adds_finds_and_refuses_a_duplicate_id(client, demo):
    headers = await ward(client)
    body = {
        "province_code": "96",
        "commune_code": WARD,
        "full_name": "Tô  Thị Mới",
        "date_of_birth": "1990-04-30",
        "sex": "female",
        "personal_id": "096190000777",
        "phone": "0911000777",
        "home_commune_code": WARD,
    }
    created = await client.post("/api/v1/staff", headers=headers, json=body)
    assert created.status_code == 201, created.text
    assert created.json()["full_name"] == "Tô Thị Mới"
    found = await client.get(
        "/api/v1/staff", headers=headers, params={"province": "96", "commune": WARD, "q": "tô thị"}
    )
    assert [p["personal_id"] for p in found.json()] == ["0961••••••77"]  # answers mask it
    again = await client.post("/api/v1/staff", headers=headers, json=body)
    assert again.status_code == 409
    other = await client.get(
        "/api/v1/staff", headers=headers, params={"province": "96", "commune": "31834"}
    )
    assert other.status_code == 403


async def test_the_registry_imports_through_preview_error_report_and_atomic_commit(client, demo):
    headers = await ward(client)
    good = 'Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Số điện thoại,"Nơi cư trú (xã, phường)",Quân nhân\n'
    good += "096085000901,Lâm Văn Nhập,05/06/1985,Nam,0900000901,Phường Bạc Liêu,\n"
    good += ",Sơn Thị Tệp,07/08/1992,Nữ,0900000902,31834,x\n"
    bad = good + "09608500090,Sai Mã,01/01/1980,Nam,,Không Có Xã,\n"
    staged = await client.post(
        "/api/v1/staff/imports",
        headers=headers,
        params={"province": "96", "commune": WARD},
        files={"file": ("nhan-su.csv", bad.encode(), "text/csv")},
    )
    assert staged.status_code == 201, staged.text
    batch = staged.json()
    assert batch["counts"]["new"] == 2 and batch["counts"]["error"] == 1
    report = await client.get(f"/api/v1/imports/{batch['id']}/errors.csv", headers=headers)
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert lines[0] == ["Dòng", "Cột", "Lý do"]
    assert {row[1] for row in lines[1:]} == {"Số định danh cá nhân", "Nơi cư trú (xã, phường)"}
    refused = await client.post(f"/api/v1/imports/{batch['id']}/commit", headers=headers)
    assert refused.status_code == 409
    before = await db.fetchval("SELECT count(*) FROM staff_person")
    staged = await client.post(
        "/api/v1/staff/imports",
        headers=headers,
        params={"province": "96", "commune": WARD},
        files={"file": ("nhan-su.csv", good.encode(), "text/csv")},
    )
    committed = await client.post(f"/api/v1/imports/{staged.json()['id']}/commit", headers=headers)
    assert committed.status_code == 200, committed.text
    assert await db.fetchval("SELECT count(*) FROM staff_person") == before + 2
    soldier = await db.fetchrow(
        "SELECT armed_forces, home_commune FROM staff_person WHERE full_name = 'Sơn Thị Tệp'"
    )
    assert tuple(soldier) == (True, "31834")
    again = await client.post(
        "/api/v1/staff/imports",
        headers=headers,
        params={"province": "96", "commune": WARD},
        files={"file": ("nhan-su.csv", good.encode(), "text/csv")},
    )
    assert again.json()["counts"]["unchanged"] == 2
    exported = await client.get(
        "/api/v1/staff/export.csv", headers=headers, params={"province": "96", "commune": WARD}
    )
    assert "Lâm Văn Nhập" in exported.content.decode("utf-8-sig")


async def test_the_helper_proposes_swaps_accepts_and_the_decision_lists_everyone(client, demo):
    headers = await ward(client)
    eid = await election_id()
    proposal = await client.post(
        f"/api/v1/elections/{eid}/communes/{WARD}/assignments",
        headers=headers,
        json={"team_size": 12, "seed": 7, "reserve_size": 5},
    )
    assert proposal.status_code == 201, proposal.text
    plan = proposal.json()
    assert plan["seed"] == 7 and plan["status"] == "proposed"
    assert [len(t["added"]) for t in plan["teams"]] == [1] * 42
    assert plan["violations"] == []
    rerun = await client.post(
        f"/api/v1/elections/{eid}/communes/{WARD}/assignments",
        headers=headers,
        json={"team_size": 12, "seed": 7, "reserve_size": 5},
    )
    assert [t["added"] for t in rerun.json()["teams"]] == [t["added"] for t in plan["teams"]]
    run = rerun.json()
    first = run["teams"][0]
    swapped = await client.post(
        f"/api/v1/assignments/{run['id']}/swap",
        headers=headers,
        json={
            "polling_area_id": first["area_id"],
            "out_person_id": first["added"][0]["person"]["id"],
            "in_person_id": run["reserve"][0]["id"],
        },
    )
    assert swapped.status_code == 200, swapped.text
    newcomer = swapped.json()["teams"][0]["added"][0]["person"]["full_name"]
    accepted = await client.post(
        f"/api/v1/assignments/{run['id']}/accept", headers=headers, json={}
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    teams = (
        await client.get(f"/api/v1/elections/{eid}/communes/{WARD}/teams", headers=headers)
    ).json()
    assert {t["member_count"] for t in teams} == {12}
    decision = await client.get(
        f"/api/v1/elections/{eid}/communes/{WARD}/team-decision.pdf", headers=headers
    )
    assert decision.headers["content-type"] == "application/pdf"
    text = squash(pdf_text(decision.content))
    assert "QUYẾT ĐỊNH" in text and "Về việc thành lập các Tổ bầu cử ở phường Bạc Liêu" in text
    assert "Thành lập 42 Tổ bầu cử tại 42 khu vực bỏ phiếu" in text
    assert "gồm 504 thành viên" in text
    assert "Số: 112/QĐ-UBND" in text
    assert "Tổ bầu cử khu vực bỏ phiếu số 42" in text
    assert newcomer in text
    # The decision's "Nơi nhận:" block (Decree 30/2020/NĐ-CP), before the signature.
    recipients = text.index("Nơi nhận:")
    for line in (
        "- Như Điều 3;",
        "- Ủy ban bầu cử tỉnh Cà Mau;",
        "- Thường trực Hội đồng nhân dân phường Bạc Liêu;",
        "- Ban Thường trực Ủy ban MTTQ Việt Nam phường Bạc Liêu;",
        "- Lưu: VT.",
    ):
        assert text.index(line) > recipients
    assert text.index("- Lưu: VT.") < text.index("TM. ỦY BAN NHÂN DÂN")


async def test_station_logins_see_only_their_area_and_lose_access_on_leaving(client, demo):
    headers = await ward(client)
    team = await team_of_area(2)
    issued = await client.post(f"/api/v1/bodies/{team}/station-accounts", headers=headers)
    assert issued.status_code == 200, issued.text
    credentials = issued.json()
    assert [c["role_title"] for c in credentials] == ["Tổ trưởng", "Thư ký"]
    assert credentials[0]["username"] == f"to.{WARD}.kv02.totruong"
    head = credentials[0]
    officer = await bearer(client, head["username"], head["password"])
    # The issued password opens only its own change (it went round on paper).
    eid = await election_id()
    assert (await client.get(f"/api/v1/elections/{eid}/bodies", headers=officer)).status_code == 403
    own = "mat-khau-rieng-to-truong"
    changed = await client.post(
        "/api/v1/me/password",
        headers=officer,
        json={"current_password": head["password"], "new_password": own},
    )
    assert changed.status_code == 204, changed.text
    bodies = (await client.get(f"/api/v1/elections/{eid}/bodies", headers=officer)).json()
    assert [b["id"] for b in bodies] == [team]
    assert (
        await client.get(f"/api/v1/bodies/{await team_of_area(3)}", headers=officer)
    ).status_code == 404
    area3 = await db.fetchval("SELECT id FROM polling_area WHERE number = 3")
    assert (await client.get(f"/api/v1/polling-areas/{area3}", headers=officer)).status_code == 404
    assert (
        await client.post(f"/api/v1/bodies/{team}/station-accounts", headers=headers)
    ).json() == []
    left = await client.post(
        f"/api/v1/members/{head['member_id']}/leave", headers=headers, json={"reason": "Ốm"}
    )
    assert left.status_code == 200
    assert left.json()["account_active"] is False
    token = await client.post(
        "/api/v1/auth/token", json={"username": head["username"], "password": own}
    )
    assert token.status_code == 401
    assert (await client.get(f"/api/v1/bodies/{team}", headers=officer)).status_code == 401


async def test_the_bulk_login_endpoint_needs_the_chosen_teams(client, demo):
    headers = await ward(client)
    eid = await election_id()
    url = f"/api/v1/elections/{eid}/communes/{WARD}/station-accounts"
    assert (await client.post(url, headers=headers, json={})).status_code == 422
    area = await db.fetchval("SELECT id FROM polling_area WHERE number = 4")
    issued = await client.post(url, headers=headers, json={"polling_area_ids": [area]})
    assert [c["username"] for c in issued.json()] == [
        f"to.{WARD}.kv04.totruong",
        f"to.{WARD}.kv04.thuky",
    ]


async def test_finalizing_flags_a_team_member_who_stands_in_the_unit(client, demo):
    headers = await bearer(client, "quantri", DEMO_PASSWORD)
    team = await team_of_area(1)
    member = await db.fetchrow(
        "SELECT m.id, s.full_name, s.date_of_birth, s.personal_id FROM body_member m "
        "JOIN staff_person s ON s.id = m.person WHERE m.body = $1 AND m.role = 'member' "
        "ORDER BY m.id LIMIT 1",
        team,
    )
    unit = await db.fetchval(
        "SELECT pu.unit FROM polling_area_unit pu JOIN contest ct ON ct.id = pu.contest "
        "JOIN polling_area pa ON pa.id = pu.polling_area WHERE pa.number = 1 AND ct.level = 'hdnd_xa'"
    )
    await structure.reopen_list(
        unit_id=unit,
        actor=system(),
        reason="Bổ sung người ứng cử",
        decision_number="12/QĐ-UBBC",
        decision_date=dt.date(2026, 2, 10),
        # Before election day: afterwards a fixed list does not reopen (Art. 57, 60).
        now=dt.datetime(2026, 2, 10, tzinfo=dt.UTC),
    )
    await structure.save_candidate(
        unit_id=unit,
        data=candidate_data(
            member["full_name"], born=member["date_of_birth"], personal_id=member["personal_id"]
        ),
        actor=system(),
    )
    flagged = await client.post(f"/api/v1/units/{unit}/staff-conflicts", headers=headers)
    assert flagged.status_code == 200, flagged.text
    [flag] = flagged.json()
    assert flag["member_id"] == member["id"] and flag["replace_by"] == "2026-02-26"
    eid = await election_id()
    listed = await client.get(f"/api/v1/elections/{eid}/staff-conflicts", headers=headers)
    assert [f["member_id"] for f in listed.json()] == [member["id"]]
    report = (await client.get(f"/api/v1/bodies/{team}/report", headers=headers)).json()
    assert any(v["article"] == "Điều 27" for v in report["violations"])


async def test_rosters_member_lists_and_contacts_print(client, demo):
    headers = await ward(client)
    team = await team_of_area(1)
    members = (await client.get(f"/api/v1/bodies/{team}/members", headers=headers)).json()
    roster = await client.get(f"/api/v1/bodies/{team}/roster.pdf", headers=headers)
    text = squash(pdf_text(roster.content))
    assert "DANH SÁCH THÀNH VIÊN TỔ BẦU CỬ" in text
    assert "Tổ bầu cử khu vực bỏ phiếu số 1" in text
    for member in members:
        assert member["full_name"] in text and member["phone"] in text
    board = await db.fetchval("SELECT id FROM election_body WHERE kind = 'board_dbqh'")
    listing = await client.get(f"/api/v1/bodies/{board}/members.pdf", headers=headers)
    board_text = squash(pdf_text(listing.content))
    assert "DANH SÁCH THÀNH VIÊN BAN BẦU CỬ ĐẠI BIỂU QUỐC HỘI" in board_text
    assert "Trưởng ban" in board_text and "Phó Trưởng ban" in board_text
    assert (
        await client.get(f"/api/v1/bodies/{team}/members.pdf", headers=headers)
    ).status_code == 409
    contacts = await client.get(f"/api/v1/bodies/{team}/contacts.csv", headers=headers)
    rows = list(csv.reader(io.StringIO(contacts.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Số điện thoại" and len(rows) == 12


async def test_bodies_are_formed_through_the_api_with_the_deadline_warning(client, clean_db):
    from tests.builders import make_structure

    election, national, *_ = await make_structure()
    result = await structure.save_unit(
        contest_id=national.id,
        province_code="96",
        number=1,
        name="",
        seats=2,
        commune_codes=[WARD],
        actor=system(),
    )
    await make_user(username="camau2")
    headers = await bearer(client, "camau2")
    created = await client.post(
        f"/api/v1/elections/{election.id}/bodies",
        headers=headers,
        json={"unit_id": result.unit.id, "decision_number": "9/QĐ", "decision_date": "2026-01-10"},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["body"]["kind"] == "board_dbqh"
    assert [w["code"] for w in body["warnings"]] == ["body_decided_late"]
    assert "04/01/2026" in body["warnings"][0]["message"]
    duplicate = await client.post(
        f"/api/v1/elections/{election.id}/bodies", headers=headers, json={"unit_id": result.unit.id}
    )
    assert duplicate.status_code == 409
