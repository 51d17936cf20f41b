"""An election set up from the pages: created with its contests by a national
administrator, changed while the law's calendar allows, and the empty states
and links that lead there."""

from __future__ import annotations

import datetime as dt

import pytest

from election import clock, db
from election.actor import Role
from tests.builders import CA_MAU, login_page, make_user, post_form, vietnam_time

# The tests' clock: 1 June 2026. The next election day they set is a Sunday.
NOW = vietnam_time(2026, 6, 1, 9)
DAY = dt.date(2026, 11, 22)  # a Sunday 174 days ahead


@pytest.fixture
def pinned(monkeypatch):
    """Every clock of the app (the election's, and a new election's) reads NOW."""
    monkeypatch.setattr(clock, "real_now", lambda: NOW.astimezone(dt.UTC))
    return NOW


def election_form(**changes: object) -> dict:
    form: dict = {
        "name": "Bầu cử thử nghiệm từ trang",
        "kind": "general",
        "election_day": DAY.isoformat(),
        "voting_opens": "07:00",
        "voting_closes": "19:00",
        "assembly_term": "XVI",
        "term": "2026–2031",
        "national_assembly": "1",
        "province_council": "1",
        "province_council_term": "X",
        "commune_council": "1",
        "commune_council_term": "I",
        "province_codes": [CA_MAU],
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


async def admin_signed_in(client) -> None:
    await make_user(Role.ADMIN, username="quantri")
    await login_page(client, "quantri")


async def created(client, **changes: object) -> int:
    response = await post_form(client, "/elections", election_form(**changes))
    assert response.status_code == 303, response.text
    return int(response.headers["location"].split("?")[0].rsplit("/", 1)[-1])


async def test_the_empty_dashboard_leads_an_administrator_to_the_new_election(client, clean_db):
    await admin_signed_in(client)
    page = await client.get("/")
    assert 'href="/elections/new"' in page.text
    assert "POST /api" not in page.text
    form = await client.get("/elections/new")
    assert form.status_code == 200
    assert 'name="election_day" data-date' in form.text  # dd/mm/yyyy, with a calendar
    assert "Cà Mau" in form.text  # provinces by name, never by code


async def test_others_learn_that_the_administrator_creates_it(client, clean_db):
    await make_user(Role.PROVINCE_STAFF, username="tinh")
    await login_page(client, "tinh")
    page = await client.get("/")
    assert "/elections/new" not in page.text
    assert "Quản trị viên cấp quốc gia chưa tạo cuộc bầu cử" in page.text
    overview = await client.get("/structure")
    assert "Quản trị viên cấp quốc gia chưa tạo cuộc bầu cử" in overview.text
    assert (await client.get("/elections/new")).status_code == 403
    refused = await post_form(client, "/elections", election_form())
    assert refused.status_code == 403
    assert await db.fetchval("SELECT count(*) FROM election") == 0


async def test_an_election_and_its_contests_in_the_chosen_province(client, clean_db, pinned):
    await admin_signed_in(client)
    election_id = await created(client)
    communes = await db.fetchval("SELECT count(*) FROM commune WHERE province = $1", CA_MAU)
    rows = await db.fetch(
        "SELECT level, count(*) AS n, min(council_term) AS term, min(name) AS name FROM contest "
        "WHERE election = $1 GROUP BY level",
        election_id,
    )
    by_level = {r["level"]: r for r in rows}
    assert by_level["dbqh"]["n"] == 1
    assert by_level["dbqh"]["name"] == "Bầu cử đại biểu Quốc hội khóa XVI"
    assert (by_level["hdnd_tinh"]["n"], by_level["hdnd_tinh"]["term"]) == (1, "X")
    assert by_level["hdnd_tinh"]["name"] == "Bầu cử đại biểu HĐND Cà Mau nhiệm kỳ 2026–2031"
    assert (by_level["hdnd_xa"]["n"], by_level["hdnd_xa"]["term"]) == (communes, "I")
    page = await client.get(f"/elections/{election_id}")
    assert page.status_code == 200
    assert f"{communes}/{communes} xã, phường, đặc khu" in page.text
    assert "22/11/2026" in page.text
    actions = await db.fetch(
        "SELECT action FROM audit_event WHERE entity_type = 'election' ORDER BY id"
    )
    assert [a["action"] for a in actions] == ["create", "add_contests"]


async def test_everywhere_holds_every_council_of_the_country(client, clean_db, pinned):
    await admin_signed_in(client)
    election_id = await created(client, everywhere="1", province_codes=None)
    counts = await db.fetchrow(
        "SELECT count(*) FILTER (WHERE level = 'hdnd_tinh') AS provinces, "
        "count(*) FILTER (WHERE level = 'hdnd_xa') AS communes FROM contest WHERE election = $1",
        election_id,
    )
    assert counts["provinces"] == await db.fetchval("SELECT count(*) FROM province")
    assert counts["communes"] == await db.fetchval("SELECT count(*) FROM commune")
    # The dashboard names the first few and leads to the election's page for the rest.
    dashboard = await client.get("/")
    assert dashboard.text.count('<li><span class="badge') == 40
    assert f'<a href="/elections/{election_id}">xem theo tỉnh, thành phố</a>' in dashboard.text


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2026, 5, 31), "Ngày bầu cử phải sau ngày hôm nay (01/06/2026)"),
        (dt.date(2026, 11, 21), "Ngày bầu cử phải là ngày Chủ nhật."),
    ],
)
async def test_a_day_the_law_refuses_writes_nothing(client, clean_db, pinned, day, message):
    await admin_signed_in(client)
    response = await post_form(
        client, "/elections", election_form(election_day=day.strftime("%d/%m/%Y"))
    )
    assert response.status_code == 422
    assert message in response.text and "Điều 5" in response.text
    # What was typed comes back as typed.
    assert f'value="{day:%d/%m/%Y}"' in response.text
    assert 'value="Bầu cử thử nghiệm từ trang"' in response.text
    assert await db.fetchval("SELECT count(*) FROM election") == 0
    assert await db.fetchval("SELECT count(*) FROM contest") == 0


async def test_councils_without_a_place_are_refused_in_vietnamese(client, clean_db, pinned):
    await admin_signed_in(client)
    response = await post_form(client, "/elections", election_form(province_codes=None))
    assert response.status_code == 422
    assert "Chọn các tỉnh, thành phố tổ chức bầu cử HĐND" in response.text
    assert await db.fetchval("SELECT count(*) FROM election") == 0
    forged = await post_form(client, "/elections", election_form(province_codes=["99"]))
    assert forged.status_code == 422
    assert "Không có tỉnh, thành phố mã 99" in forged.text
    assert await db.fetchval("SELECT count(*) FROM election") == 0


async def test_contests_added_later_keep_those_already_held(client, clean_db, pinned):
    await admin_signed_in(client)
    election_id = await created(
        client, province_council=None, commune_council=None, province_codes=None
    )
    assert await db.fetchval("SELECT count(*) FROM contest") == 1
    response = await post_form(
        client,
        f"/elections/{election_id}/contests",
        {"national_assembly": "1", "province_council": "1", "province_codes": [CA_MAU, "01"]},
    )
    assert response.status_code == 303
    levels = await db.fetch("SELECT level, province FROM contest ORDER BY level, province")
    assert [(r["level"], r["province"]) for r in levels] == [
        ("dbqh", None),
        ("hdnd_tinh", "01"),
        ("hdnd_tinh", CA_MAU),
    ]
    nothing = await post_form(client, f"/elections/{election_id}/contests", {})
    assert nothing.status_code == 422
    assert "Chọn ít nhất một cuộc bầu cử" in nothing.text


def edit_form(**changes: object) -> dict:
    form = election_form(**changes)
    return {k: v for k, v in form.items() if k in EDIT_FIELDS}


EDIT_FIELDS = {
    "name",
    "kind",
    "election_day",
    "voting_opens",
    "voting_closes",
    "assembly_term",
    "term",
}


async def test_an_edit_before_the_announcement_moves_the_day_and_renames_contests(
    client, clean_db, pinned
):
    await admin_signed_in(client)
    election_id = await created(client)
    later = dt.date(2026, 12, 6)  # a Sunday; D−115 of 22/11 is 30/07, still ahead
    response = await post_form(
        client,
        f"/elections/{election_id}",
        edit_form(election_day=later.isoformat(), assembly_term="xvii", voting_opens="06:00"),
    )
    assert response.status_code == 303, response.text
    row = await db.fetchrow("SELECT election_day, voting_opens, assembly_term FROM election")
    assert (row["election_day"], row["voting_opens"], row["assembly_term"]) == (
        later,
        dt.time(6, 0),
        "XVII",
    )
    assert await db.fetchval("SELECT name FROM contest WHERE level = 'dbqh'") == (
        "Bầu cử đại biểu Quốc hội khóa XVII"
    )


@pytest.mark.parametrize(
    ("moment", "changes", "message"),
    [
        # After D−115 (30/07/2026) the day stands.
        (
            vietnam_time(2026, 8, 1),
            {"election_day": "2026-12-06"},
            "Ngày bầu cử đã được công bố",
        ),
        # After D−10 (12/11/2026) the hours stand.
        (vietnam_time(2026, 11, 13), {"voting_closes": "20:00"}, "không đổi giờ bỏ phiếu"),
        # Once voting opened, nothing changes.
        (vietnam_time(2026, 11, 22, 8), {"name": "Tên khác"}, "Đã bắt đầu bỏ phiếu"),
    ],
)
async def test_the_calendar_refuses_late_changes(
    client, clean_db, monkeypatch, moment, changes, message
):
    monkeypatch.setattr(clock, "real_now", lambda: NOW.astimezone(dt.UTC))
    await admin_signed_in(client)
    election_id = await created(client)
    monkeypatch.setattr(clock, "real_now", lambda: moment.astimezone(dt.UTC))
    before = await db.fetchrow("SELECT * FROM election")
    response = await post_form(client, f"/elections/{election_id}", edit_form(**changes))
    assert response.status_code == 422
    assert message in response.text
    assert dict(await db.fetchrow("SELECT * FROM election")) == dict(before)


async def test_structure_pages_lead_from_the_election_to_units(client, clean_db, pinned):
    await admin_signed_in(client)
    election_id = await created(client)
    national = await db.fetchval("SELECT id FROM contest WHERE level = 'dbqh'")
    overview = await client.get(f"/structure?election={election_id}")
    assert f'href="/elections/{election_id}"' in overview.text
    # Empty contests say what to do next, with the link.
    assert f'0 — <a href="/contests/{national}">lập đơn vị bầu cử</a>' in overview.text
    assert f'href="/contests/{national}"' in overview.text
    # The national administrator picks a province on the ĐBQH contest: no codes typed.
    contest = await client.get(f"/contests/{national}")
    assert 'name="province"' in contest.text
    chosen = await client.get(f"/contests/{national}?province={CA_MAU}")
    assert 'name="commune_codes"' in chosen.text
    assert f'name="province_code" value="{CA_MAU}"' in chosen.text
    # And on the overview, to reach a commune's polling areas and council.
    assert 'name="province"' in overview.text
    assert "/communes/31825/areas" not in overview.text
    communes = await client.get(f"/structure?election={election_id}&province={CA_MAU}")
    assert (
        f'0 — <a href="/elections/{election_id}/communes/31825/areas">lập khu vực bỏ phiếu</a>'
        in communes.text
    )
    assert "Bầu cử đại biểu HĐND Phường Bạc Liêu, Cà Mau" in communes.text
    assert "Phường Bạc Liêu, Cà Mau" not in overview.text  # councils of communes: by province


async def test_province_staff_list_a_candidate_and_correct_them_from_pages(
    client, clean_db, pinned
):
    await admin_signed_in(client)
    await created(client)
    national = await db.fetchval("SELECT id FROM contest WHERE level = 'dbqh'")
    await make_user(Role.PROVINCE_STAFF, username="tinh", province_code=CA_MAU)
    await login_page(client, "tinh")
    unit = await post_form(
        client,
        f"/contests/{national}/units",
        {"number": "1", "seats": "1", "province_code": CA_MAU, "commune_codes": ["31825"]},
    )
    assert unit.status_code == 303, unit.text
    unit_path = unit.headers["location"].split("?")[0]
    added = await post_form(
        client,
        f"{unit_path}/candidates",
        {
            "full_name": "Trần Thị Hòa",
            "date_of_birth": "02/03/1980",
            "sex": "female",
            "personal_id": "096180000123",
        },
    )
    assert added.status_code == 303, added.text
    candidate_id = await db.fetchval("SELECT id FROM candidate")
    listed = await client.get(unit_path)
    assert f'href="{unit_path}/candidates/{candidate_id}"' in listed.text
    shown = await client.get(f"{unit_path}/candidates/{candidate_id}")
    assert shown.status_code == 200
    assert 'value="02/03/1980"' in shown.text
    assert "096180000123" not in shown.text  # the stored ID is shown masked
    edited = await post_form(
        client,
        f"{unit_path}/candidates/{candidate_id}",
        {
            "full_name": "Trần Thị Hòa",
            "date_of_birth": "02/03/1980",
            "sex": "female",
            "occupation_position": "Giáo viên",
        },
    )
    assert edited.status_code == 303, edited.text
    row = await db.fetchrow("SELECT personal_id, occupation_position FROM candidate")
    assert (row["personal_id"], row["occupation_position"]) == ("096180000123", "Giáo viên")
    too_young = await post_form(
        client,
        f"{unit_path}/candidates/{candidate_id}",
        {"full_name": "Trần Thị Hòa", "date_of_birth": "02/03/2010", "sex": "female"},
    )
    assert too_young.status_code == 422
    assert "21 tuổi" in too_young.text and 'value="02/03/2010"' in too_young.text
    assert await db.fetchval("SELECT date_of_birth FROM candidate") == dt.date(1980, 3, 2)

    await make_user(Role.OBSERVER, username="giamsat")
    await login_page(client, "giamsat")
    read = await client.get(f"{unit_path}/candidates/{candidate_id}")
    assert read.status_code == 200 and "<fieldset disabled>" in read.text
    refused = await post_form(
        client,
        f"{unit_path}/candidates/{candidate_id}",
        {"full_name": "Người Khác", "date_of_birth": "02/03/1980", "sex": "female"},
    )
    assert refused.status_code == 403
    assert await db.fetchval("SELECT full_name FROM candidate") == "Trần Thị Hòa"


async def test_a_by_election_holds_one_communes_council(client, clean_db, pinned):
    await admin_signed_in(client)
    election_id = await created(
        client,
        kind="by_election",
        national_assembly=None,
        province_council=None,
        commune_council=None,
        province_codes=None,
    )
    assert await db.fetchval("SELECT count(*) FROM contest") == 0
    page = await client.get(f"/elections/{election_id}?province={CA_MAU}")
    assert 'name="commune_codes" value="31825"' in page.text
    assert "Phường Bạc Liêu" in page.text
    elsewhere = await post_form(
        client,
        f"/elections/{election_id}/contests",
        {"commune_council": "1", "province_codes": [CA_MAU], "commune_codes": ["31825", "00070"]},
    )
    assert elsewhere.status_code == 422
    assert "không thuộc tỉnh, thành phố đã chọn" in elsewhere.text
    assert await db.fetchval("SELECT count(*) FROM contest") == 0
    added = await post_form(
        client,
        f"/elections/{election_id}/contests",
        {
            "commune_council": "1",
            "commune_council_term": "I",
            "province_codes": [CA_MAU],
            "commune_codes": ["31825"],
        },
    )
    assert added.status_code == 303
    rows = await db.fetch("SELECT level, commune, council_term FROM contest")
    assert [(r["level"], r["commune"], r["council_term"]) for r in rows] == [
        ("hdnd_xa", "31825", "I")
    ]


async def test_the_api_changes_an_election_by_the_same_rules(client, clean_db, monkeypatch):
    from tests.builders import bearer

    monkeypatch.setattr(clock, "real_now", lambda: NOW.astimezone(dt.UTC))
    await admin_signed_in(client)
    election_id = await created(client)
    headers = await bearer(client, "quantri")
    body = {"name": "Tên mới", "election_day": "2026-12-06", "assembly_term": "XVI"}
    changed = await client.put(f"/api/v1/elections/{election_id}", json=body, headers=headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["election_day"] == "2026-12-06"
    monkeypatch.setattr(clock, "real_now", lambda: vietnam_time(2026, 12, 6, 8).astimezone(dt.UTC))
    late = await client.put(
        f"/api/v1/elections/{election_id}", json={**body, "name": "Muộn"}, headers=headers
    )
    assert late.status_code == 422
    assert "Đã bắt đầu bỏ phiếu" in late.text
    assert await db.fetchval("SELECT name FROM election") == "Tên mới"
