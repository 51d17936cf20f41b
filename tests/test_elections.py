"""Election events, their contests, the calendar in the API, and its printed form."""

from __future__ import annotations

import datetime as dt

import pytest

from election.actor import Role
from election.elections import services as elections
from election.elections.tables import ContestLevel
from election.errors import Forbidden, InvalidInput, RuleViolation
from election.printing import services as printing
from tests.builders import bearer, make_actor, make_user, system, vietnam_time
from tests.pdf import pdf_text, squash


async def make_election(day: dt.date = dt.date(2026, 3, 15)):
    return await elections.create_election(
        name="Bầu cử thử nghiệm", election_day=day, term="2026–2031", actor=system()
    )


async def test_only_a_national_admin_creates_elections(clean_db):
    clerk = await make_actor(Role.PROVINCE_STAFF)
    with pytest.raises(Forbidden):
        await elections.create_election(name="X", election_day=dt.date(2026, 3, 15), actor=clerk)


async def test_election_day_on_a_saturday_is_refused_citing_article_5(clean_db):
    with pytest.raises(RuleViolation) as caught:
        await make_election(dt.date(2026, 3, 14))
    assert caught.value.article == "Điều 5"


async def test_contests_match_their_level_and_place(clean_db):
    election = await make_election()
    national = await elections.add_contest(
        election_id=election.id, level=ContestLevel.NATIONAL_ASSEMBLY, actor=system()
    )
    province = await elections.add_contest(
        election_id=election.id,
        level=ContestLevel.PROVINCE_COUNCIL,
        province_code="96",
        actor=system(),
    )
    commune = await elections.add_contest(
        election_id=election.id,
        level=ContestLevel.COMMUNE_COUNCIL,
        commune_code="31825",
        actor=system(),
    )
    assert national.province_code is None
    assert province.name.startswith("Bầu cử đại biểu HĐND Cà Mau")
    assert (commune.province_code, commune.commune_code) == ("96", "31825")


async def test_a_contest_cannot_be_added_twice(clean_db):
    election = await make_election()
    await elections.add_contest(
        election_id=election.id,
        level=ContestLevel.PROVINCE_COUNCIL,
        province_code="96",
        actor=system(),
    )
    with pytest.raises(InvalidInput):
        await elections.add_contest(
            election_id=election.id,
            level=ContestLevel.PROVINCE_COUNCIL,
            province_code="96",
            actor=system(),
        )


async def test_a_by_election_may_hold_a_single_contest(clean_db):
    election = await elections.create_election(
        name="Bầu cử bổ sung", election_day=dt.date(2028, 6, 4), kind="by_election", actor=system()
    )
    await elections.add_contest(
        election_id=election.id,
        level=ContestLevel.COMMUNE_COUNCIL,
        commune_code="00070",
        actor=system(),
    )
    contests = await elections.list_contests(election_id=election.id, actor=system())
    assert [c.level for c in contests] == [ContestLevel.COMMUNE_COUNCIL]


async def test_a_commune_user_sees_only_the_contests_of_their_place(demo):
    from election.actor import Actor, ScopeLevel

    election = await elections.default_election()
    await elections.add_contest(
        election_id=election.id,
        level=ContestLevel.PROVINCE_COUNCIL,
        province_code="01",
        actor=system(),
    )
    clerk = Actor(
        user_id=None,
        username="clerk",
        full_name="Clerk",
        role=Role.COMMUNE_STAFF,
        scope_level=ScopeLevel.COMMUNE,
        province_code="96",
        commune_code="31825",
    )
    contests = await elections.list_contests(election_id=election.id, actor=clerk)
    assert [c.level for c in contests] == [
        ContestLevel.NATIONAL_ASSEMBLY,
        ContestLevel.PROVINCE_COUNCIL,
        ContestLevel.COMMUNE_COUNCIL,
    ]
    assert all(c.province_code in (None, "96") for c in contests)


async def test_calendar_api_gives_every_milestone_with_its_state(client, demo):
    headers = await bearer(client, "phuong.baclieu", "demo-2026-baucu")
    election = (await client.get("/api/v1/elections", headers=headers)).json()[0]
    response = await client.get(f"/api/v1/elections/{election['id']}/calendar", headers=headers)
    assert response.status_code == 200
    milestones = {m["code"]: m for m in response.json()["milestones"]}
    assert milestones["D-43"]["due_date"] == "2026-01-31"
    assert (
        milestones["D-24h"]["due_at"].startswith("2026-03-14T07:00:00+07:00")
        or milestones["D-24h"]["due_at"] == "2026-03-14T00:00:00Z"
    )
    assert {m["state"] for m in milestones.values()} <= {"passed", "due", "upcoming"}


async def test_calendar_pdf_has_the_motto_the_ward_and_correct_diacritics(demo):
    actor = await make_actor(Role.COMMUNE_STAFF)
    election = await elections.default_election()
    document = await printing.election_calendar_pdf(
        election_id=election.id, actor=actor, now=vietnam_time(2026, 1, 25)
    )
    text = squash(pdf_text(document.content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN BẦU CỬ PHƯỜNG BẠC LIÊU" in text
    assert "Thành lập Tổ bầu cử" in text
    assert "31/01/2026" in text
    assert "Đến hạn" in text
    assert "Chủ nhật, 15/03/2026" in text
    assert document.filename == "lich-bau-cu-20260315.pdf"
    # Art. 5 (announced at least 115 days before) first, Art. 87 (complaints
    # about the results) last.
    assert text.index("Công bố ngày bầu cử") < text.index("Thành lập Tổ bầu cử")
    assert "20/11/2025" in text and "Điều 5" in text
    assert text.index("Hạn chót khiếu nại về kết quả bầu cử") > text.index("Công bố kết quả")
    assert "28/03/2026" in text and "04/04/2026" in text and "Điều 87" in text


async def test_calendar_pdf_downloads_through_the_api(client, demo):
    await make_user(username="printer")
    headers = await bearer(client, "printer")
    election = (await client.get("/api/v1/elections", headers=headers)).json()[0]
    response = await client.get(f"/api/v1/elections/{election['id']}/calendar.pdf", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert "Tổ bầu cử" in pdf_text(response.content)
