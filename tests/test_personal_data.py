"""Personal data (issue 15, #4): IDs masked in every list, page, API answer and
printout; the full ID only for staff who manage the commune, with a reason,
each reveal in the audit log; observers and boards refused voter lists; each
page of voters read and each printout one audit event; no ID in the access
log; `Cache-Control: no-store` on everything that may carry personal data."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from election import db
from election.audit import services as audit
from election.masking import mask_ids_in, mask_personal_fields, mask_personal_id
from election.middleware import RequestContextMiddleware
from tests.builders import bearer, login_page, post_form
from tests.pdf import pdf_text

DEMO_PASSWORD = "demo-2026-baucu"
COMMUNE = "31825"
MASKED = re.compile(r"^\d{4}•{6}\d{2}$")

# Twelve digits standing alone: an ID, not a run inside the CSRF token's hex.
WHOLE_ID = r"(?<![0-9a-fA-F])\d{12}(?![0-9a-fA-F])"


# --------------------------------------------------------------------------
# The masking function


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("095123456701", "0951••••••01"),
        ("001080000001", "0010••••••01"),
        ("123456789", "12••••••9"),
        ("", ""),
        (None, ""),
        ("12", "••"),
    ],
)
def test_an_id_is_masked_but_for_its_first_four_and_last_two_digits(value, shown):
    assert mask_personal_id(value) == shown


@given(st.text(alphabet="0123456789", min_size=1, max_size=14))
def test_a_mask_keeps_the_length_and_hides_at_least_half(value):
    masked = mask_personal_id(value)
    assert len(masked) == len(value)
    assert sum(c.isdigit() for c in masked) <= max(6, len(value) // 2)
    assert mask_personal_id(value) == masked  # pure


def test_ids_among_words_and_in_audit_payloads_are_masked():
    assert mask_ids_in("/x/096080000001/y 12345") == "/x/0960••••••01/y 12345"
    payload = {"after": {"personal_id": "096080000001", "rows": [{"personal_id": "1"}]}}
    assert mask_personal_fields(payload) == {
        "after": {"personal_id": "0960••••••01", "rows": [{"personal_id": "•"}]}
    }


# --------------------------------------------------------------------------
# Lists and entries through the API


async def _election_and_voter() -> tuple[int, dict]:
    election_id = await db.fetchval("SELECT id FROM election")
    voter = await db.fetchrow(
        "SELECT v.id, v.personal_id FROM voter v JOIN polling_area pa ON pa.id = v.polling_area "
        "WHERE pa.number = 1 ORDER BY v.id LIMIT 1"
    )
    assert voter is not None
    return election_id, dict(voter)


async def test_a_search_answers_masked_ids_and_leaves_one_audit_event(client, demo):
    election_id, voter = await _election_and_voter()
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    url = f"/api/v1/elections/{election_id}/communes/{COMMUNE}/voters"
    page = await client.get(url, params={"limit": 50}, headers=headers)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    ids = [v["personal_id"] for v in page.json()["voters"]]
    assert len(ids) == 50 and all(MASKED.match(i) for i in ids)
    assert not re.search(WHOLE_ID, page.text)
    by_id = await client.get(url, params={"q": voter["personal_id"]}, headers=headers)
    assert [v["id"] for v in by_id.json()["voters"]] == [voter["id"]]
    events = await audit.history(entity_type="voter_list", entity_id=f"{election_id}:{COMMUNE}")
    assert [e.action for e in events] == ["list_viewed", "list_viewed"]
    newest, first = events
    assert first.actor_username == "phuong.baclieu"
    assert first.after["count"] == 50 and first.after["total"] > 50
    # The ID searched for is itself kept masked.
    assert newest.after["query"] == mask_personal_id(voter["personal_id"])
    assert voter["personal_id"] not in str(newest.after)


async def test_a_voters_history_shows_no_full_id(client, demo):
    _, voter = await _election_and_voter()
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    entry = await client.get(f"/api/v1/voters/{voter['id']}", headers=headers)
    assert entry.json()["personal_id"] == mask_personal_id(voter["personal_id"])
    history = await client.get(f"/api/v1/voters/{voter['id']}/history", headers=headers)
    assert history.status_code == 200
    assert voter["personal_id"] not in history.text


@pytest.mark.parametrize("username", ["giamsat.baclieu", "ban.baclieu"])
async def test_observers_and_boards_are_refused_voter_lists(client, demo, username):
    election_id, voter = await _election_and_voter()
    headers = await bearer(client, username, DEMO_PASSWORD)
    area = await db.fetchval("SELECT id FROM polling_area WHERE number = 1")
    refused = [
        f"/api/v1/elections/{election_id}/communes/{COMMUNE}/voters?limit=500",
        f"/api/v1/voters/{voter['id']}",
        f"/api/v1/polling-areas/{area}/voter-list.pdf",
    ]
    for url in refused:
        response = await client.get(url, headers=headers)
        assert response.status_code == 403, (url, response.text)
        assert voter["personal_id"] not in response.text
    # Counts carry no personal data: still open to them.
    counts = f"/api/v1/elections/{election_id}/communes/{COMMUNE}/voter-counts"
    assert (await client.get(counts, headers=headers)).status_code == 200


async def test_a_station_officer_reads_only_their_area_masked(client, demo):
    election_id, voter = await _election_and_voter()
    headers = await bearer(client, "to.kv01", DEMO_PASSWORD)
    page = await client.get(
        f"/api/v1/elections/{election_id}/communes/{COMMUNE}/voters?limit=500", headers=headers
    )
    assert page.status_code == 200
    assert {v["polling_area_number"] for v in page.json()["voters"]} == {1}
    assert not re.search(WHOLE_ID, page.text)
    reveal = await client.post(
        f"/api/v1/voters/{voter['id']}/personal-id",
        json={"reason": "Đối chiếu tại bàn"},
        headers=headers,
    )
    assert reveal.status_code == 403


async def test_commune_staff_reveal_one_id_with_a_reason_and_it_is_audited(client, demo):
    _, voter = await _election_and_voter()
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    url = f"/api/v1/voters/{voter['id']}/personal-id"
    no_reason = await client.post(url, json={"reason": "  "}, headers=headers)
    assert no_reason.status_code in (400, 422)
    shown = await client.post(url, json={"reason": "Cử tri đề nghị sửa ngày sinh"}, headers=headers)
    assert shown.status_code == 200
    assert shown.json() == {"personal_id": voter["personal_id"]}
    assert shown.headers["cache-control"] == "no-store"
    reveals = [
        e
        for e in await audit.history(entity_type="voter", entity_id=voter["id"])
        if e.action == "reveal_personal_id"
    ]
    assert len(reveals) == 1
    assert reveals[0].actor_username == "phuong.baclieu"
    assert reveals[0].after == {"reason": "Cử tri đề nghị sửa ngày sinh", "fields": "số định danh"}


async def test_the_printed_list_is_masked_and_its_printing_audited(client, demo):
    election_id, voter = await _election_and_voter()
    area = await db.fetchval("SELECT id FROM polling_area WHERE number = 1")
    headers = await bearer(client, "to.kv01", DEMO_PASSWORD)
    printed = await client.get(f"/api/v1/polling-areas/{area}/voter-list.pdf", headers=headers)
    assert printed.status_code == 200
    assert printed.headers["cache-control"] == "no-store"
    text = pdf_text(printed.content)
    assert voter["personal_id"] not in text
    assert mask_personal_id(voter["personal_id"]) in text
    events = await audit.history(
        entity_type="voter_list", entity_id=f"{election_id}:{COMMUNE}:{area}"
    )
    assert [(e.action, e.actor_username) for e in events] == [("list_printed", "to.kv01")]
    assert events[0].after["count"] > 0


# --------------------------------------------------------------------------
# Pages


async def test_the_voter_page_masks_and_reveals_on_request(client, demo):
    _, voter = await _election_and_voter()
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/voters/{voter['id']}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert voter["personal_id"] not in page.text
    assert mask_personal_id(voter["personal_id"]) in page.text
    assert "Hiện số định danh" in page.text
    shown = await post_form(
        client, f"/voters/{voter['id']}/personal-id", {"reason": "Đối chiếu giấy tờ cử tri"}
    )
    assert shown.status_code == 200
    assert voter["personal_id"] in shown.text
    again = await client.get(f"/voters/{voter['id']}")
    assert voter["personal_id"] not in again.text


async def test_a_station_officer_is_refused_the_reveal_page(client, demo):
    _, voter = await _election_and_voter()
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    page = await client.get(f"/voters/{voter['id']}")
    assert page.status_code == 200
    assert "Hiện số định danh" not in page.text
    refused = await post_form(
        client, f"/voters/{voter['id']}/personal-id", {"reason": "Đối chiếu tại bàn"}
    )
    assert refused.status_code == 403
    assert voter["personal_id"] not in refused.text


async def test_an_observer_gets_no_voter_page(client, demo):
    election_id, voter = await _election_and_voter()
    await login_page(client, "giamsat.baclieu", DEMO_PASSWORD)
    for url in (f"/voters/{voter['id']}", f"/elections/{election_id}/communes/{COMMUNE}/voters"):
        page = await client.get(url)
        assert page.status_code == 403, url
        assert voter["personal_id"] not in page.text
    # Nor a "Cử tri" entry in the navigation that would lead there.
    home = await client.get("/")
    assert home.status_code == 200
    assert 'href="/voters"' not in home.text


async def test_the_commune_list_page_shows_masked_ids(client, demo):
    election_id, voter = await _election_and_voter()
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/elections/{election_id}/communes/{COMMUNE}/voters")
    assert page.status_code == 200
    unmasked = re.search(WHOLE_ID, page.text)
    assert not unmasked, page.text[unmasked.start() - 300 : unmasked.end() + 50]
    assert mask_personal_id(voter["personal_id"]) in page.text


async def test_static_files_keep_their_caching(client, clean_db):
    css = await client.get("/static/app.css")
    assert css.status_code == 200
    assert "no-store" not in css.headers.get("cache-control", "")
    lookup = await client.get("/tra-cuu")
    assert lookup.headers["cache-control"] == "no-store"


# --------------------------------------------------------------------------
# Logs


async def test_the_access_log_never_holds_an_id(caplog):
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    logged = RequestContextMiddleware(app, access_log=True)
    transport = httpx.ASGITransport(app=logged)  # pyright: ignore[reportArgumentType]
    with caplog.at_level(logging.INFO, logger="election.access"):
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            await client.get("/voters/by-id/096080000001?q=096080000001")
    [record] = [r for r in caplog.records if r.name == "election.access"]
    assert "096080000001" not in record.getMessage()
    assert "096080000001" not in str(record.__dict__)
    assert record.__dict__["path"] == "/voters/by-id/0960••••••01"


# --------------------------------------------------------------------------
# Staged import rows (the API and its page): masked like every other list


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0912345678", "•••••••678"),
        ("+84 912 345 678", "+•• ••• ••• 678"),
        ("123", "123"),
        ("", ""),
    ],
)
def test_a_phone_keeps_only_its_last_three_digits(value, shown):
    from election.masking import mask_phone

    assert mask_phone(value) == shown


def test_a_staged_record_is_masked_however_deep():
    from election.masking import mask_personal_record

    record = {"personal_id": "096180999002", "phone": "0912345678", "note": "ID 096180999002"}
    assert mask_personal_record([record]) == [
        {"personal_id": "0961••••••02", "phone": "•••••••678", "note": "ID 0961••••••02"}
    ]


async def test_staged_voter_and_staff_rows_come_out_masked(client, demo):
    import datetime as dt
    import io

    from election.staffing.services import registry
    from election.voters import bulk
    from tests.builders import system

    election_id = await db.fetchval("SELECT id FROM election")
    province = await db.fetchval("SELECT province FROM commune WHERE code = $1", COMMUNE)
    header = "Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Nghề nghiệp,"
    header += "Nơi thường trú,Nơi tạm trú,Loại cư trú,Mã hộ,Quan hệ với chủ hộ,Khu vực bỏ phiếu\n"
    line = "096080999001,Nguyễn Văn Thử,17/05/1980,Nam,Kinh,Công nhân,Khóm 1,,Thường trú,"
    line += "HTEST,Chủ hộ,1\n"
    voter_batch = await bulk.stage_voters(
        election_id=election_id,
        commune_code=COMMUNE,
        stream=io.BytesIO((header + line).encode()),
        filename="cu-tri.csv",
        actor=system(),
        now=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC),
    )
    staff_batch = await registry.stage_people(
        province_code=province,
        commune_code=COMMUNE,
        stream=io.BytesIO(
            "Họ và tên,Số định danh cá nhân,Ngày sinh,Giới tính,Số điện thoại\n"
            "Trần Thị Thử,096180999002,01/01/1980,Nữ,0912345678\n".encode()
        ),
        filename="nhan-su.csv",
        actor=system(),
    )
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    for batch, full in ((voter_batch.id, "096080999001"), (staff_batch.id, "096180999002")):
        answer = await client.get(f"/api/v1/imports/{batch}/rows", headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.json(), "the staged row is listed"
        assert full not in answer.text and mask_personal_id(full) in answer.text
        assert "0912345678" not in answer.text
        page = await client.get(f"/imports/{batch}", headers=headers)
        assert full not in page.text


# --------------------------------------------------------------------------
# Staff register and candidate exports: masked unless asked for, with a reason


async def test_the_staff_register_export_is_masked_unless_a_full_one_is_asked_for(client, demo):
    from election.masking import mask_phone

    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    province = await db.fetchval("SELECT province FROM commune WHERE code = $1", COMMUNE)
    person = await db.fetchrow(
        "SELECT personal_id, phone FROM staff_person WHERE commune = $1 "
        "AND personal_id <> '' AND phone <> '' LIMIT 1",
        COMMUNE,
    )
    assert person is not None
    where = {"province": province, "commune": COMMUNE}
    masked = await client.get("/api/v1/staff/export.csv", headers=headers, params=where)
    assert masked.status_code == 200
    text = masked.content.decode("utf-8-sig")
    assert person["personal_id"] not in text and mask_personal_id(person["personal_id"]) in text
    assert person["phone"] not in text and mask_phone(person["phone"]) in text
    assert not re.search(WHOLE_ID, text)
    no_reason = await client.get(
        "/api/v1/staff/export.csv", headers=headers, params={**where, "full": "1"}
    )
    assert no_reason.status_code == 422 and "lý do" in no_reason.json()["detail"]
    full = await client.get(
        "/api/v1/staff/export.xlsx",
        headers=headers,
        params={**where, "full": "1", "reason": "Nhập lại sau khi sửa"},
    )
    assert full.status_code == 200
    events = await audit.history(entity_type="staff_export", entity_id=f"nhan-su-{COMMUNE}")
    assert [e.action for e in events] == ["export_full"]
    assert events[0].after["reason"] == "Nhập lại sau khi sửa"
    assert events[0].actor_username == "phuong.baclieu"


async def test_the_candidate_export_is_masked_by_default(client, demo):
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    # The demo's candidates carry no ID: give one of the ward's an ID of its own.
    row = await db.fetchrow(
        "UPDATE candidate SET personal_id = '096080123401' WHERE id = (SELECT c.id "
        "FROM candidate c JOIN electoral_unit u ON u.id = c.unit WHERE u.commune = $1 "
        "ORDER BY c.id LIMIT 1) "
        "RETURNING personal_id, (SELECT contest FROM electoral_unit WHERE id = unit) AS contest_id",
        COMMUNE,
    )
    assert row is not None
    url = f"/api/v1/contests/{row['contest_id']}/candidates.csv"
    masked = await client.get(url, headers=headers)
    assert masked.status_code == 200, masked.text
    text = masked.content.decode("utf-8-sig")
    assert row["personal_id"] not in text and mask_personal_id(row["personal_id"]) in text
    full = await client.get(url, headers=headers, params={"full": "1", "reason": "Nhập lại"})
    assert row["personal_id"] in full.content.decode("utf-8-sig")
