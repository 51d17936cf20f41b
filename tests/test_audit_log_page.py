"""The audit log page for investigators, over HTTP: filters kept in the URL, paging
with a total, labelled events with their diff, the chain status of what is shown,
the CSV export of the filtered events (itself audited), and who may read it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from election import db
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.clock import VIETNAM
from tests.builders import BAC_LIEU, CA_MAU, HA_NOI, HOAN_KIEM, bearer, login_page, make_user


def _marks(html: str) -> list[str]:
    """The markers (summaries "MK-…") of the events a page lists, in order."""
    return re.findall(r"MK-[a-z0-9-]+", html)


async def _record(actor: Actor, marker: str, *, action: str = "update", entity=("user", 1)):
    async with db.transaction():
        await audit.record(
            actor=actor,
            entity_type=entity[0],
            entity_id=entity[1],
            action=action,
            before={"full_name": "Lê Văn A", "seats": 3},
            after={"full_name": "Lê Văn B", "seats": 3},
            summary=marker,
        )


@pytest.fixture
async def log(client):
    """Events by staff of three places, and an administrator signed in to read them."""
    commune = (await make_user(Role.COMMUNE_STAFF, username="xa.baclieu")).actor()
    province = (await make_user(Role.PROVINCE_STAFF, username="tinh.camau")).actor()
    hanoi = (
        await make_user(
            Role.COMMUNE_STAFF,
            username="xa.hoankiem",
            province_code=HA_NOI,
            commune_code=HOAN_KIEM,
        )
    ).actor()
    await _record(commune, "MK-commune-1", action="finalize_result", entity=("electoral_unit", 7))
    await _record(commune, "MK-commune-2", action="approve", entity=("tally_sheet", 345))
    await _record(province, "MK-province-1", action="finalize_result", entity=("electoral_unit", 8))
    await _record(hanoi, "MK-hanoi-1", action="approve", entity=("tally_sheet", 346))
    await make_user(Role.ADMIN, username="dieutra")
    assert (await login_page(client, "dieutra")).status_code == 303
    return client


FILTERED = [
    ("?role=province_staff", ["MK-province-1"]),
    ("?action=finalize_result", ["MK-province-1", "MK-commune-1"]),
    ("?user=xa.baclieu", ["MK-commune-2", "MK-commune-1"]),
    ("?entity_type=tally_sheet&entity_id=346", ["MK-hanoi-1"]),
    ("?entity_type=tally_sheet", ["MK-hanoi-1", "MK-commune-2"]),
    (f"?province={CA_MAU}", ["MK-province-1", "MK-commune-2", "MK-commune-1"]),
    (f"?province={HA_NOI}", ["MK-hanoi-1"]),
    (f"?province={CA_MAU}&commune={BAC_LIEU}", ["MK-commune-2", "MK-commune-1"]),
    ("?action=approve&role=commune_staff&province=96", ["MK-commune-2"]),
]


async def test_filters_narrow_the_log(log):
    everything = await log.get("/audit")
    assert _marks(everything.text) == [
        "MK-hanoi-1",
        "MK-province-1",
        "MK-commune-2",
        "MK-commune-1",
    ]
    for query, expected in FILTERED:
        response = await log.get(f"/audit{query}")
        assert response.status_code == 200
        assert _marks(response.text) == expected, query
        assert f"{len(expected)} sự kiện" in response.text, query


async def test_a_time_range_keeps_the_events_within_it(log):
    today = dt.datetime.now(VIETNAM).date()
    yesterday, tomorrow = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    during = await log.get(f"/audit?from={yesterday.isoformat()}T00:00&to={today:%d/%m/%Y}")
    assert len(_marks(during.text)) == 4
    before = await log.get(f"/audit?to={yesterday:%d/%m/%Y}")
    assert _marks(before.text) == [] and "Không có sự kiện nào khớp bộ lọc" in before.text
    after = await log.get(f"/audit?from={tomorrow.isoformat()}")
    assert _marks(after.text) == []


BAD = [
    ("role=chief", "Vai trò không có trong danh sách"),
    ("action=drop_table", "Thao tác không có trong danh sách"),
    ("from=hôm-qua", "Thời điểm bắt đầu không hợp lệ"),
    ("from=31/02/2026", "Thời điểm bắt đầu không có thật"),
    ("to=9999-12-31", "Thời điểm kết thúc không có thật"),
    ("from=2026-03-15T25:00", "Thời điểm bắt đầu không có thật"),
    ("from=2026-03-16&to=2026-03-14", "Thời điểm kết thúc phải sau thời điểm bắt đầu"),
    ("province=9", "Mã tỉnh, thành phố không hợp lệ"),
    ("commune=abcde", "Mã xã, phường không hợp lệ"),
    ("entity_id=5", "Chọn loại đối tượng"),
    ("user=%27%3B--", "Tên đăng nhập không hợp lệ"),
]


async def test_a_bad_filter_is_a_400_in_vietnamese(log):
    for query, message in BAD:
        page = await log.get(f"/audit?{query}")
        assert page.status_code == 400 and message in page.text, query
        export = await log.get(f"/audit/export.csv?{query}")
        assert export.status_code == 400, query
    for query, message in [("page=0", "Số trang không hợp lệ"), ("size=7", "Số dòng mỗi trang")]:
        page = await log.get(f"/audit?{query}")
        assert page.status_code == 400 and message in page.text, query
    # Refused before anything was exported or recorded.
    assert await db.fetchval("SELECT count(*) FROM audit_event WHERE action = 'export'") == 0


async def test_events_read_in_vietnamese_with_a_diff_and_a_link(log):
    page = (await log.get("/audit?entity_type=tally_sheet&entity_id=345")).text
    assert "Phê duyệt biên bản" in page and "Cán bộ cấp xã" in page
    assert '<a href="/tally-sheets/345">Biên bản kiểm phiếu số 345</a>' in page
    assert "Họ và tên" in page and "Lê Văn A" in page and "Lê Văn B" in page
    assert "1 trường không đổi" in page
    visible = re.sub(r"<[^>]+>", " ", page)
    for code in ("tally_sheet", "commune_staff", "approve", "full_name", "#345"):
        assert code not in visible


async def test_paging_keeps_the_filters_and_counts_them_all(log):
    commune = Actor(
        user_id=None,
        username="xa.baclieu",
        full_name="",
        role=Role.COMMUNE_STAFF,
        scope_level=ScopeLevel.COMMUNE,
    )
    for index in range(57):
        await _record(commune, f"MK-p-{index}", action="attach", entity=("tally_sheet", index))
    first = await log.get("/audit?action=attach&size=25")
    assert "57 sự kiện" in first.text
    assert _marks(first.text) == [f"MK-p-{i}" for i in range(56, 31, -1)]
    links = re.findall(r'href="(\?[^"]*page=\d+[^"]*)"', first.text)
    assert links and all("action=attach" in link and "size=25" in link for link in links)
    last = await log.get("/audit?action=attach&size=25&page=3")
    assert _marks(last.text) == [f"MK-p-{i}" for i in range(6, -1, -1)]
    # Past the last page: the last page.
    beyond = await log.get("/audit?action=attach&size=25&page=9")
    assert _marks(beyond.text) == _marks(last.text)


async def test_an_entity_history_is_the_log_filtered_to_it(log):
    page = await log.get("/audit/electoral_unit/7")
    assert page.status_code == 200
    assert _marks(page.text) == ["MK-commune-1"]
    assert "Lịch sử thay đổi: Đơn vị bầu cử số 7" in page.text


async def test_the_chain_of_what_is_shown_is_verified(log, owner):
    page = await log.get("/audit?role=commune_staff")
    bounds = await db.fetchrow(
        "SELECT min(id), max(id) FROM audit_event WHERE actor_role = 'commune_staff'"
    )
    assert bounds is not None
    first, last = bounds
    assert f"Chuỗi kiểm chứng nguyên vẹn từ sự kiện số {first} đến số {last}" in page.text
    # Someone past the append-only trigger rewrites one event...
    target = await db.fetchval("SELECT id FROM audit_event WHERE summary = 'MK-commune-2'")
    async with owner.transaction():
        await owner.execute("SET LOCAL session_replication_role = replica")
        await owner.execute("UPDATE audit_event SET summary = 'MK-forged' WHERE id = $1", target)
    page = await log.get("/audit?role=commune_staff")
    assert "Chuỗi kiểm chứng bị đứt" in page.text
    assert f"nội dung sự kiện số {target} không khớp chữ ký" in page.text


async def test_a_removed_event_breaks_the_link_of_the_next(log, owner):
    hanoi = (await make_user(Role.OBSERVER, username="giamsat")).actor()
    for index in range(3):
        await _record(hanoi, f"MK-chain-{index}", entity=("voter", 99))
    ids = [
        r["id"]
        for r in await db.fetch("SELECT id FROM audit_event WHERE entity_id = '99' ORDER BY id")
    ]
    async with owner.transaction():
        await owner.execute("SET LOCAL session_replication_role = replica")
        await owner.execute("DELETE FROM audit_event WHERE id = $1", ids[1])
    # Only the last event is shown; its predecessor in the chain is gone.
    page = await log.get("/audit?entity_type=voter&entity_id=99&size=25&from=&user=giamsat")
    assert "Chuỗi kiểm chứng bị đứt" in page.text
    assert f"sự kiện số {ids[2]} không nối tiếp sự kiện số {ids[0]}" in page.text


async def test_the_export_is_the_filtered_events_as_csv_for_excel(log):
    response = await log.get(f"/audit/export.csv?action=finalize_result&province={CA_MAU}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Số sự kiện",
        "Thời điểm",
        "Người thực hiện",
        "Vai trò",
        "Thao tác",
        "Đối tượng",
    ]
    body = rows[1:]
    assert [r[6] for r in body] == ["MK-province-1", "MK-commune-1"]
    assert body[0][4] == "Chốt kết quả bầu cử của đơn vị" and body[0][3] == "Cán bộ cấp tỉnh"
    assert body[0][5] == "Đơn vị bầu cử số 8"
    assert "Họ và tên: Lê Văn A → Lê Văn B" in body[0][7]
    # The export is an event of its own, naming its filters.
    [event] = await audit.history(entity_type="audit_log", entity_id="csv")
    assert event.actor_username == "dieutra" and event.action == "export"
    assert event.after == {
        "filters": {"action": "finalize_result", "province_code": CA_MAU},
        "rows": 2,
    }


async def test_the_export_streams_every_event_past_a_batch(log, monkeypatch):
    from election.audit import search

    monkeypatch.setattr(search, "EXPORT_BATCH", 2)
    response = await log.get("/audit/export.csv?role=commune_staff")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert [r[6] for r in rows] == ["MK-hanoi-1", "MK-commune-2", "MK-commune-1"]


@pytest.mark.parametrize("role", [Role.PROVINCE_STAFF, Role.COMMUNE_STAFF])
async def test_staff_cannot_read_or_export_the_log(client, role):
    await make_user(role, username="nguoi.khac")
    await login_page(client, "nguoi.khac")
    assert (await client.get("/audit")).status_code == 403
    assert (await client.get("/audit/export.csv")).status_code == 403
    assert await db.fetchval("SELECT count(*) FROM audit_event WHERE action = 'export'") == 0


async def test_a_national_observer_reads_and_exports(client):
    await make_user(Role.OBSERVER, username="giamsat.qg")
    await login_page(client, "giamsat.qg")
    assert (await client.get("/audit")).status_code == 200
    assert (await client.get("/audit/export.csv")).status_code == 200


async def test_the_api_takes_the_same_filters_and_gives_the_labels(log):
    headers = await bearer(log, "dieutra")
    response = await log.get(
        f"/api/v1/audit?action=approve&province={CA_MAU}&limit=10", headers=headers
    )
    assert response.status_code == 200
    [event] = response.json()
    assert event["summary"] == "MK-commune-2"
    assert event["action_label"] == "Phê duyệt biên bản"
    assert event["entity_label"] == "Biên bản kiểm phiếu số 345"
    assert event["actor_role_label"] == "Cán bộ cấp xã"
    refused = await log.get("/api/v1/audit?role=chief", headers=headers)
    assert refused.status_code == 400
    assert "Vai trò không có trong danh sách" in refused.json()["detail"]


async def test_the_export_keeps_a_typed_formula_as_text(log):
    actor = (await make_user(Role.OBSERVER, username="nguoi.go")).actor()
    await _record(actor, '=HYPERLINK("http://x.example","MK-bam")', entity=("voter", 5))
    response = await log.get("/audit/export.csv?entity_type=voter&entity_id=5")
    [row] = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert row[6] == '\'=HYPERLINK("http://x.example","MK-bam")'


async def test_past_the_cap_the_count_says_more_than(log, monkeypatch):
    from election.audit import search

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    page = await log.get("/audit?entity_type=tally_sheet&size=25")
    assert "2 sự kiện" in page.text and "trở lên" not in page.text
    page = await log.get("/audit?size=25")
    assert "3 sự kiện trở lên" in page.text
    assert "Có hơn 3 sự kiện khớp bộ lọc" in page.text
    # Every event is still listed up to the page's size.
    assert len(_marks(page.text)) == 4


async def test_an_entity_named_by_its_place_reads_the_place_by_name(log):
    actor = (await make_user(Role.OBSERVER, username="doc.ds")).actor()
    await _record(actor, "MK-list", action="list_viewed", entity=("voter_list", f"1:{BAC_LIEU}"))
    page = await log.get(f"/audit/voter_list/1:{BAC_LIEU}")
    assert "Lịch sử thay đổi: Danh sách cử tri của Phường Bạc Liêu" in page.text
    assert f'<a href="/elections/1/communes/{BAC_LIEU}/voters">' in page.text
    assert "Xem danh sách cử tri" in page.text
