"""The legal lifecycle of voter lists through the services (§4 of the domain reference)."""

from __future__ import annotations

import datetime as dt

import pytest

from election import db
from election.actor import Role
from election.audit import services as audit
from election.clock import VIETNAM
from election.errors import Conflict, Forbidden, RuleViolation
from election.printing import voters as printing
from election.stations import services as stations
from election.voters import rules
from election.voters import services as voters
from election.voters.services import public
from election.voters.tables import Exclusion, ResidenceCategory, VoterStatus
from tests.builders import BAC_LIEU, make_actor, make_structure, system
from tests.pdf import pdf_pages, pdf_text, squash

DAY = dt.date(2031, 5, 25)
BEFORE = dt.datetime(2031, 4, 1, 9, tzinfo=VIETNAM)  # lists are open for changes
AFTER_POSTING = dt.datetime(2031, 5, 1, 9, tzinfo=VIETNAM)  # posted at D−40 (15/04)
VINH_TRACH = "31834"


def person(
    serial: int, name: str = "Nguyễn Văn An", born=dt.date(1980, 5, 17), sex: str = "male", **extra
):
    personal_id = f"096{rules.century_sex_digit(sex, born.year)}{born.year % 100:02d}{serial:06d}"
    return voters.NewVoter(
        personal_id=personal_id, full_name=name, date_of_birth=born, sex=sex, **extra
    )


async def setup(areas: int = 2, commune: str = BAC_LIEU):
    election, *_ = await make_structure(DAY)
    created = []
    for number in range(1, areas + 1):
        result = await stations.save_polling_area(
            election_id=election.id, commune_code=commune, number=number, name="", actor=system()
        )
        created.append(result.area)
    return election, created


async def add(area_id: int, data: voters.NewVoter, now=BEFORE):
    return await voters.add_voter(
        polling_area_id=area_id,
        data=data,
        reason="Thường trú tại khóm 1",
        document="Tờ khai số 12",
        actor=system(),
        now=now,
    )


async def test_an_added_voter_gets_the_ballots_of_their_residence(clean_db):
    _, (area, _) = await setup()
    permanent = await add(area.id, person(1))
    temporary = await add(
        area.id,
        person(2, "Lê Thị Hoa", sex="female", residence_category=ResidenceCategory.TEMPORARY_SHORT),
    )
    assert permanent.ballots == ["ĐBQH", "HĐND tỉnh", "HĐND xã"]
    assert temporary.ballots == ["ĐBQH", "HĐND tỉnh"]
    events = await audit.history(entity_type="voter", entity_id=permanent.id)
    assert events[0].after["document"] == "Tờ khai số 12"


async def test_an_id_that_disagrees_with_sex_and_year_is_refused(clean_db):
    _, (area, _) = await setup()
    wrong = person(1)
    wrong.sex = "female"
    with pytest.raises(RuleViolation) as caught:
        await add(area.id, wrong)
    assert "personal_id_sex_century" in {v.code for v in caught.value.violations}


async def test_a_citizen_under_18_on_election_day_is_refused_citing_article_2(clean_db):
    _, (area, _) = await setup()
    with pytest.raises(RuleViolation) as caught:
        await add(area.id, person(1, born=dt.date(2013, 6, 1)))
    assert caught.value.article == "Điều 2"


async def test_a_citizen_is_listed_once_per_election(clean_db):
    _, (first, second) = await setup()
    await add(first.id, person(1))
    with pytest.raises(RuleViolation) as caught:
        await add(second.id, person(1))
    assert caught.value.article == "Điều 29 khoản 2"


async def test_changes_after_the_cut_off_are_refused_citing_the_article(clean_db):
    _, (area, _) = await setup()
    late = dt.datetime(2031, 5, 24, 7, 0, tzinfo=VIETNAM)
    with pytest.raises(RuleViolation) as caught:
        await add(area.id, person(1), now=late)
    assert "Điều 29" in caught.value.article
    just_in_time = dt.datetime(2031, 5, 24, 6, 59, tzinfo=VIETNAM)
    assert (await add(area.id, person(1), now=just_in_time)).status == VoterStatus.LISTED


async def test_finalizing_numbers_cards_by_household_and_additions_append(clean_db):
    _, (area, _) = await setup()
    await add(area.id, person(1, "Con Văn Út", born=dt.date(2005, 1, 1), household_id="H1"))
    await add(
        area.id,
        person(
            2, "Chủ Văn Hộ", born=dt.date(1960, 1, 1), household_id="H1", is_household_head=True
        ),
    )
    await add(
        area.id,
        person(3, "Khác Thị Hai", born=dt.date(1970, 1, 1), sex="female", household_id="H2"),
    )
    await voters.finalize_area_list(polling_area_id=area.id, actor=system())
    numbered = [
        (v.card_number, v.full_name)
        for v in await voters.area_list(polling_area_id=area.id, actor=system())
    ]
    assert numbered == [(1, "Chủ Văn Hộ"), (2, "Con Văn Út"), (3, "Khác Thị Hai")]
    late = await add(area.id, person(4, "Mới Văn Đến"))
    assert late.card_number == 4
    with pytest.raises(Conflict):
        await voters.finalize_area_list(polling_area_id=area.id, actor=system())


async def test_posting_after_d_minus_40_is_a_warning(clean_db):
    _, (area, _) = await setup()
    await voters.finalize_area_list(polling_area_id=area.id, actor=system())
    _, warnings = await voters.post_area_list(
        polling_area_id=area.id,
        posted_on=DAY - dt.timedelta(days=39),
        place="Nhà văn hóa",
        actor=system(),
    )
    assert [w.article for w in warnings] == ["Điều 32"]


async def test_strike_off_for_lost_rights_and_restore_keep_the_history(clean_db):
    _, (area, _) = await setup()
    voter = await add(area.id, person(1))
    struck = await voters.strike_off(
        voter_id=voter.id,
        reason="Bản án có hiệu lực",
        document="Bản án 12/2031/HS-ST",
        exclusion=Exclusion.IMPRISONED,
        actor=system(),
        now=BEFORE,
    )
    assert struck.status == VoterStatus.EXCLUDED
    restored = await voters.restore_rights(
        voter_id=voter.id,
        reason="Được tha tù",
        document="Giấy ra trại 5",
        actor=system(),
        now=BEFORE,
    )
    assert restored.status == VoterStatus.LISTED
    actions = [e.action for e in await audit.history(entity_type="voter", entity_id=voter.id)]
    assert actions == ["restore", "strike_off", "add"]


async def test_moving_to_a_temporary_address_changes_the_ballots(clean_db):
    _, (first, second) = await setup()
    voter = await add(first.id, person(1))
    moved = await voters.move_voter(
        voter_id=voter.id,
        to_polling_area_id=second.id,
        residence_category=ResidenceCategory.TEMPORARY_SHORT,
        new_address="Khóm 9",
        reason="Tạm trú",
        document="Đơn ngày 1/4",
        actor=system(),
        now=BEFORE,
    )
    assert moved.polling_area_id == second.id
    assert moved.ballots == ["ĐBQH", "HĐND tỉnh"]
    assert (
        await voters.get_voter(voter_id=voter.id, actor=system())
    ).status == VoterStatus.STRUCK_OFF


async def test_complaints_are_due_in_five_days_and_show_overdue(clean_db):
    election, _ = await setup()
    complaint, _ = await voters.register_complaint(
        election_id=election.id,
        commune_code=BAC_LIEU,
        complainant="Trần Văn Khiếu",
        received_on=dt.date(2031, 4, 20),
        content="Tên tôi bị ghi sai",
        actor=system(),
    )
    assert complaint.decision_due == dt.date(2031, 4, 25)
    assert complaint.overdue(dt.date(2031, 4, 26))
    decided = await voters.decide_complaint(
        complaint_id=complaint.id,
        accepted=True,
        decision="Sửa họ tên",
        decided_on=dt.date(2031, 4, 22),
        actor=system(),
    )
    assert decided.outcome == "accepted"
    with pytest.raises(Conflict):
        await voters.decide_complaint(
            complaint_id=complaint.id,
            accepted=False,
            decision="x",
            decided_on=dt.date(2031, 4, 23),
            actor=system(),
        )


async def posted(area_id: int) -> None:
    await voters.finalize_area_list(polling_area_id=area_id, actor=system())
    await voters.post_area_list(
        polling_area_id=area_id, posted_on=DAY - dt.timedelta(days=40), place="", actor=system()
    )


async def test_a_certificate_marks_the_origin_and_lists_the_holder_elsewhere(clean_db):
    election, (origin, _) = await setup()
    other = (
        await stations.save_polling_area(
            election_id=election.id, commune_code=VINH_TRACH, number=1, name="", actor=system()
        )
    ).area
    voter = await add(origin.id, person(1))
    await posted(origin.id)
    certificate = await voters.issue_certificate(
        voter_id=voter.id, actor=system(), now=AFTER_POSTING
    )
    assert certificate.number == "31825-000001"
    origin_entry = await voters.get_voter(voter_id=voter.id, actor=system())
    assert origin_entry.status_label == "Bỏ phiếu ở nơi khác"
    holder = await voters.register_certificate_holder(
        election_id=election.id,
        number=certificate.number,
        polling_area_id=other.id,
        actor=system(),
        now=BEFORE,
    )
    assert holder.ballots == ["ĐBQH", "HĐND tỉnh"]  # same province (Art. 34)
    assert (await voters.area_counts(polling_area_id=origin.id)).total == 0
    assert (await voters.area_counts(polling_area_id=other.id)).total == 1


async def test_outside_the_province_the_certificate_policy_decides_the_ballots(clean_db):
    from election.elections import services as elections

    election, (origin, _) = await setup()
    hanoi = (
        await stations.save_polling_area(
            election_id=election.id, commune_code="00070", number=1, name="", actor=system()
        )
    ).area
    voter = await add(origin.id, person(1))
    await posted(origin.id)
    certificate = await voters.issue_certificate(
        voter_id=voter.id, actor=system(), now=AFTER_POSTING
    )
    await elections.set_certificate_policy(
        election_id=election.id, policy="dbqh_tinh", actor=system()
    )
    holder = await voters.register_certificate_holder(
        election_id=election.id,
        number=certificate.number,
        polling_area_id=hanoi.id,
        actor=system(),
        now=BEFORE,
    )
    assert holder.ballots == ["ĐBQH", "HĐND tỉnh"]


async def test_a_certificate_before_the_list_is_posted_is_refused(clean_db):
    _, (origin, _) = await setup()
    voter = await add(origin.id, person(1))
    with pytest.raises(RuleViolation) as caught:
        await voters.issue_certificate(voter_id=voter.id, actor=system(), now=BEFORE)
    assert caught.value.article == "Điều 34"


ELECTION_MORNING = dt.datetime(2031, 5, 25, 8, 30, tzinfo=VIETNAM)


async def test_check_in_marks_once_and_a_second_mark_anywhere_is_refused_and_logged(clean_db):
    _, (first, second) = await setup()
    voter = await add(first.id, person(1))
    officer = await make_actor(Role.STATION_OFFICER, polling_area_id=first.id)
    checked = await voters.check_in(
        polling_area_id=first.id, personal_id=voter.personal_id, actor=officer, now=ELECTION_MORNING
    )
    assert checked.voted_at is not None
    with pytest.raises(Conflict, match="đã được ghi nhận bỏ phiếu"):
        await voters.check_in(
            polling_area_id=first.id,
            personal_id=voter.personal_id,
            actor=officer,
            now=ELECTION_MORNING,
        )
    with pytest.raises(Conflict):
        await voters.check_in(
            polling_area_id=second.id,
            personal_id=voter.personal_id,
            actor=system(),
            now=ELECTION_MORNING,
        )
    refusals = await db.fetchval(
        "SELECT count(*) FROM audit_event WHERE action = 'check_in_refused'"
    )
    assert refusals == 2


async def test_check_in_outside_voting_hours_is_refused(clean_db):
    _, (area, _) = await setup()
    voter = await add(area.id, person(1))
    with pytest.raises(RuleViolation):
        await voters.check_in(
            polling_area_id=area.id,
            personal_id=voter.personal_id,
            actor=system(),
            now=dt.datetime(2031, 5, 24, 12, tzinfo=VIETNAM),
        )


async def test_a_station_officer_cannot_check_in_at_another_area(clean_db):
    _, (first, second) = await setup()
    officer = await make_actor(Role.STATION_OFFICER, polling_area_id=first.id)
    from election.errors import NotFound

    with pytest.raises((Forbidden, NotFound)):
        await voters.check_in(
            polling_area_id=second.id,
            personal_id="096080000001",
            actor=officer,
            now=ELECTION_MORNING,
        )


async def test_the_lookup_needs_id_birth_date_and_name(clean_db):
    _, (area, _) = await setup()
    voter = await add(area.id, person(1))
    found = await public.answer(
        personal_id=voter.personal_id,
        date_of_birth=voter.date_of_birth,
        second_factor=voter.full_name,
    )
    assert found is not None
    assert len(found.ballots.received) == 3 and not found.ballots.not_received
    assert (
        await public.answer(
            personal_id=voter.personal_id,
            date_of_birth=dt.date(1980, 5, 18),
            second_factor=voter.full_name,
        )
        is None
    )
    assert (
        await public.answer(
            personal_id=voter.personal_id,
            date_of_birth=voter.date_of_birth,
            second_factor="Người Khác",
        )
        is None
    )


async def test_counts_by_sex_and_ballot(clean_db):
    election, (area, _) = await setup()
    await add(area.id, person(1))
    await add(
        area.id,
        person(2, "Lê Thị Hoa", sex="female", residence_category=ResidenceCategory.TEMPORARY_SHORT),
    )
    counts = await voters.commune_counts(election_id=election.id, commune_code=BAC_LIEU)
    assert (counts.total, counts.male, counts.female, counts.dbqh, counts.tinh, counts.xa) == (
        2,
        1,
        1,
        2,
        2,
        1,
    )
    assert counts.for_level("hdnd_xa") == 1


async def test_search_finds_names_without_diacritics_and_ids(clean_db):
    election, (area, _) = await setup()
    voter = await add(area.id, person(1, "Nguyễn Thị Hồng Nhung", sex="female"))
    for query in ("nguyen thi hong", "Hồng Nhung", "NHUNG", voter.personal_id):
        page = await voters.search_voters(
            election_id=election.id, commune_code=BAC_LIEU, actor=system(), query=query
        )
        assert [v.id for v in page.voters] == [voter.id], query


async def test_commune_staff_of_another_commune_cannot_change_the_list(clean_db):
    _, (area, _) = await setup()
    stranger = await make_actor(Role.COMMUNE_STAFF, commune_code=VINH_TRACH)
    from election.errors import NotFound

    # The area is outside their scope: it does not even exist for them.
    with pytest.raises((Forbidden, NotFound)):
        await voters.add_voter(
            polling_area_id=area.id,
            data=person(1),
            reason="x",
            document="y",
            actor=stranger,
            now=BEFORE,
        )


async def test_the_printed_list_and_cards(clean_db):
    _, (area, _) = await setup()
    await add(area.id, person(1, "Trần Văn Hùng", household_id="H1", is_household_head=True))
    await add(area.id, person(2, "Lê Thị Lan", sex="female", household_id="H1"))
    listing = squash(
        pdf_text((await printing.voter_list_pdf(polling_area_id=area.id, actor=system())).content)
    )
    assert "DANH SÁCH CỬ TRI" in listing
    assert "Trần Văn Hùng" in listing
    assert "Tổng số cử tri của khu vực bỏ phiếu là: 2 người; trong đó có: 1 Nam; 1 Nữ." in listing
    with pytest.raises(Conflict):
        await printing.voter_cards_pdf(polling_area_id=area.id, actor=system())
    await voters.finalize_area_list(polling_area_id=area.id, actor=system())
    cards = await printing.voter_cards_pdf(polling_area_id=area.id, actor=system())
    text = squash(pdf_text(cards.content))
    assert "THẺ CỬ TRI" in text and "Mẫu số 10/HĐBC" in text
    assert "Lê Thị Lan" in text
    assert "SỐ THẺ CỬ TRI: 2" in text
    assert "KHU VỰC BỎ PHIẾU SỐ: 1 Xã/phường/đặc khu: Phường Bạc Liêu" in text
    assert pdf_pages(cards.content) == 1
