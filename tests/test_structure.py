"""Electoral units, polling areas and candidates through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from election import db
from election.actor import Role
from election.audit import services as audit
from election.elections import structure
from election.elections.tables import RemovalReason
from election.errors import Conflict, Forbidden, NotFound, RuleViolation
from election.stations import services as stations
from election.stations.tables import PollingAreaKind
from tests.builders import (
    BAC_LIEU,
    CA_MAU,
    HA_NOI,
    PREPARATION,
    candidate_data,
    make_actor,
    make_structure,
    system,
)

VINH_TRACH = "31834"
HIEP_THANH = "31840"


async def national_unit(
    contest_id: int, communes=(BAC_LIEU, VINH_TRACH), seats: int = 3, number: int = 1
):
    result = await structure.save_unit(
        contest_id=contest_id,
        province_code=CA_MAU,
        number=number,
        name="",
        seats=seats,
        commune_codes=list(communes),
        actor=system(),
    )
    return result.unit


async def test_a_national_unit_covers_whole_communes_of_its_province(clean_db):
    _, national, *_ = await make_structure()
    unit = await national_unit(national.id)
    assert unit.name == "Đơn vị bầu cử số 1"
    assert sorted(unit.commune_codes) == [BAC_LIEU, VINH_TRACH]
    assert unit.area_text == "Phường Bạc Liêu, Phường Vĩnh Trạch"


async def test_a_national_unit_may_not_take_a_commune_of_another_province(clean_db):
    _, national, *_ = await make_structure()
    with pytest.raises(RuleViolation, match="không thuộc tỉnh"):
        await national_unit(national.id, communes=(BAC_LIEU, "00070"))


async def test_four_seats_in_a_national_unit_are_refused_citing_article_10(clean_db):
    _, national, *_ = await make_structure()
    with pytest.raises(RuleViolation) as caught:
        await national_unit(national.id, seats=4)
    assert caught.value.article == "Điều 10 khoản 4"


async def test_a_commune_belongs_to_one_unit_of_a_contest(clean_db):
    _, national, *_ = await make_structure()
    await national_unit(national.id)
    with pytest.raises(RuleViolation, match="chỉ thuộc một đơn vị"):
        await national_unit(national.id, communes=(VINH_TRACH, HIEP_THANH), number=2)


async def test_a_commune_council_unit_is_part_of_its_commune(clean_db):
    *_, communal = await make_structure()
    result = await structure.save_unit(
        contest_id=communal.id,
        number=1,
        name="Đơn vị bầu cử số 1",
        seats=5,
        description="Khóm 1, khóm 2",
        actor=system(),
    )
    assert result.unit.commune_code == BAC_LIEU
    assert result.unit.area_text == "Khóm 1, khóm 2"
    with pytest.raises(RuleViolation):
        await structure.save_unit(
            contest_id=communal.id,
            number=2,
            name="",
            seats=5,
            commune_codes=[VINH_TRACH],
            actor=system(),
        )


async def test_a_late_announcement_is_a_warning_not_a_refusal(clean_db):
    _, national, *_ = await make_structure()
    result = await structure.save_unit(
        contest_id=national.id,
        province_code=CA_MAU,
        number=1,
        name="",
        seats=2,
        commune_codes=[BAC_LIEU],
        announced_on=dt.date(2026, 1, 10),
        actor=system(),
    )
    assert [w.code for w in result.warnings] == ["unit_announced_late"]


async def test_province_staff_manage_units_of_their_province_only(clean_db):
    _, national, *_ = await make_structure()
    hanoi_staff = await make_actor(Role.PROVINCE_STAFF, province_code=HA_NOI)
    with pytest.raises(Forbidden):
        await structure.save_unit(
            contest_id=national.id,
            province_code=CA_MAU,
            number=1,
            name="",
            seats=3,
            commune_codes=[BAC_LIEU],
            actor=hanoi_staff,
        )
    ca_mau_staff = await make_actor(Role.PROVINCE_STAFF)
    result = await structure.save_unit(
        contest_id=national.id,
        province_code=CA_MAU,
        number=1,
        name="",
        seats=3,
        commune_codes=[BAC_LIEU],
        actor=ca_mau_staff,
    )
    assert result.unit.province_code == CA_MAU


async def test_commune_staff_manage_commune_council_units_but_not_national_ones(clean_db):
    _, national, _, communal = await make_structure()
    clerk = await make_actor(Role.COMMUNE_STAFF)
    await structure.save_unit(contest_id=communal.id, number=1, name="", seats=5, actor=clerk)
    with pytest.raises(Forbidden):
        await structure.save_unit(
            contest_id=national.id,
            province_code=CA_MAU,
            number=1,
            name="",
            seats=3,
            commune_codes=[BAC_LIEU],
            actor=clerk,
        )


async def test_polling_areas_take_the_units_of_their_commune_for_each_contest(clean_db):
    election, national, provincial, communal = await make_structure()
    await national_unit(national.id)
    await structure.save_unit(
        contest_id=provincial.id,
        number=1,
        name="",
        seats=4,
        commune_codes=[BAC_LIEU],
        actor=system(),
    )
    commune_unit = (
        await structure.save_unit(
            contest_id=communal.id, number=1, name="", seats=5, actor=system()
        )
    ).unit
    result = await stations.save_polling_area(
        election_id=election.id,
        commune_code=BAC_LIEU,
        number=1,
        name="",
        planned_voters=1200,
        commune_unit_id=commune_unit.id,
        actor=system(),
        now=PREPARATION,
    )
    levels = {u.level.value: u.unit_number for u in result.area.units}
    assert levels == {"dbqh": 1, "hdnd_tinh": 1, "hdnd_xa": 1}
    assert result.warnings == []


async def test_a_unit_created_after_the_areas_picks_them_up(clean_db):
    election, national, *_ = await make_structure()
    result = await stations.save_polling_area(
        election_id=election.id,
        commune_code=BAC_LIEU,
        number=1,
        name="",
        actor=system(),
        now=PREPARATION,
    )
    assert result.area.unit_for("dbqh") is None
    await national_unit(national.id)
    area = await stations.get_polling_area(polling_area_id=result.area.id, actor=system())
    assert area.unit_for("dbqh").unit_number == 1


async def test_an_area_cannot_take_another_commune_council_unit(clean_db):
    election, *_ = await make_structure()
    from election.elections import services as elections
    from election.elections.tables import ContestLevel

    other = await elections.add_contest(
        election_id=election.id,
        level=ContestLevel.COMMUNE_COUNCIL,
        commune_code=VINH_TRACH,
        actor=system(),
    )
    foreign = (
        await structure.save_unit(contest_id=other.id, number=1, name="", seats=5, actor=system())
    ).unit
    with pytest.raises(RuleViolation) as caught:
        await stations.save_polling_area(
            election_id=election.id,
            commune_code=BAC_LIEU,
            number=1,
            name="",
            commune_unit_id=foreign.id,
            actor=system(),
            now=PREPARATION,
        )
    assert caught.value.article == "Điều 11 khoản 1"


async def test_small_areas_warn_unless_remote(clean_db):
    election, *_ = await make_structure()
    small = await stations.save_polling_area(
        election_id=election.id,
        commune_code=BAC_LIEU,
        number=1,
        name="",
        planned_voters=150,
        actor=system(),
        now=PREPARATION,
    )
    remote = await stations.save_polling_area(
        election_id=election.id,
        commune_code=BAC_LIEU,
        number=2,
        name="",
        planned_voters=150,
        kind=PollingAreaKind.REMOTE,
        actor=system(),
        now=PREPARATION,
    )
    assert [w.code for w in small.warnings] == ["polling_area_too_small"]
    assert remote.warnings == []


async def test_area_numbers_are_unique_per_commune_and_election(clean_db):
    election, *_ = await make_structure()
    await stations.save_polling_area(
        election_id=election.id,
        commune_code=BAC_LIEU,
        number=1,
        name="",
        actor=system(),
        now=PREPARATION,
    )
    with pytest.raises(Conflict):
        await stations.save_polling_area(
            election_id=election.id,
            commune_code=BAC_LIEU,
            number=1,
            name="",
            actor=system(),
            now=PREPARATION,
        )


async def test_membership_gaps_list_areas_without_a_unit(clean_db):
    election, national, *_ = await make_structure()
    await stations.save_polling_area(
        election_id=election.id,
        commune_code=BAC_LIEU,
        number=1,
        name="",
        actor=system(),
        now=PREPARATION,
    )
    await national_unit(national.id)
    gaps = await stations.membership_gaps(
        election_id=election.id, commune_code=BAC_LIEU, actor=system()
    )
    assert {g.level.value for g in gaps} == {"hdnd_tinh", "hdnd_xa"}


async def test_candidates_come_back_in_ballot_order_from_the_database(clean_db):
    _, national, *_ = await make_structure()
    unit = await national_unit(national.id)
    for name in ("Trần Thị Hòa", "Nguyễn Văn Hoan", "Lê Văn Dũng", "Phạm Thị Duy", "Đỗ Văn Đức"):
        await structure.save_candidate(unit_id=unit.id, data=candidate_data(name), actor=system())
    names = [c.full_name for c in await structure.list_candidates(unit_id=unit.id, actor=system())]
    assert names == ["Phạm Thị Duy", "Lê Văn Dũng", "Đỗ Văn Đức", "Nguyễn Văn Hoan", "Trần Thị Hòa"]


async def test_a_candidate_under_21_is_refused(clean_db):
    _, national, *_ = await make_structure()
    unit = await national_unit(national.id)
    with pytest.raises(RuleViolation, match="21 tuổi"):
        await structure.save_candidate(
            unit_id=unit.id,
            data=candidate_data("Lê Văn Trẻ", born=dt.date(2005, 6, 1)),
            actor=system(),
        )


async def test_one_person_stands_in_one_national_unit_only(clean_db):
    _, national, *_ = await make_structure()
    first = await national_unit(national.id, communes=(BAC_LIEU,))
    second = await national_unit(national.id, communes=(VINH_TRACH,), number=2)
    person = candidate_data("Lê Văn Hai", personal_id="096080001234")
    await structure.save_candidate(unit_id=first.id, data=person, actor=system())
    with pytest.raises(RuleViolation) as caught:
        await structure.save_candidate(unit_id=second.id, data=person, actor=system())
    assert caught.value.article == "Điều 57 khoản 5"


async def test_a_national_candidate_stands_for_one_council_level_at_most(clean_db):
    _, national, provincial, communal = await make_structure()
    unit = await national_unit(national.id)
    province_unit = (
        await structure.save_unit(
            contest_id=provincial.id,
            number=1,
            name="",
            seats=4,
            commune_codes=[BAC_LIEU],
            actor=system(),
        )
    ).unit
    commune_unit = (
        await structure.save_unit(
            contest_id=communal.id, number=1, name="", seats=5, actor=system()
        )
    ).unit
    person = candidate_data("Võ Thị Ba", sex="female")
    await structure.save_candidate(unit_id=unit.id, data=person, actor=system())
    await structure.save_candidate(unit_id=province_unit.id, data=person, actor=system())
    with pytest.raises(RuleViolation) as caught:
        await structure.save_candidate(unit_id=commune_unit.id, data=person, actor=system())
    assert caught.value.article == "Điều 36 khoản 3"


async def fill(unit_id: int, count: int) -> None:
    names = [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Thị Dung",
        "Hồ Văn Em",
        "Võ Thị Giang",
    ]
    for name in names[:count]:
        await structure.save_candidate(unit_id=unit_id, data=candidate_data(name), actor=system())


async def test_finalizing_a_short_list_is_refused_citing_article_57(clean_db):
    _, national, *_ = await make_structure()
    unit = await national_unit(national.id)
    await fill(unit.id, 4)
    with pytest.raises(RuleViolation) as caught:
        await structure.finalize_list(unit_id=unit.id, actor=system())
    assert caught.value.article == "Điều 57 khoản 6"
    report = await structure.finalize_list(
        unit_id=unit.id, actor=system(), shortfall_decision="Văn bản 15/HĐBCQG"
    )
    assert report.unit.finalized
    assert [w.code for w in report.warnings] == ["too_few_candidates"]


async def test_a_finalized_list_refuses_additions_but_allows_removal_before_voting(clean_db):
    _, national, *_ = await make_structure()
    unit = await national_unit(national.id)
    await fill(unit.id, 5)
    report = await structure.finalize_list(unit_id=unit.id, actor=system())
    with pytest.raises(Conflict):
        await structure.save_candidate(
            unit_id=unit.id, data=candidate_data("Người Mới Thêm"), actor=system()
        )
    target = report.candidates[0]
    removed = await structure.remove_candidate(
        candidate_id=target.id,
        reason=RemovalReason.DEAD,
        removed_on=dt.date(2026, 3, 1),
        decision="Quyết định 01/QĐ-UBBC",
        actor=system(),
        now=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    )
    assert removed.removed
    remaining = await structure.list_candidates(
        unit_id=unit.id, actor=system(), include_removed=False
    )
    assert target.id not in {c.id for c in remaining}
    events = await audit.history(entity_type="candidate", entity_id=target.id)
    assert events[0].action == "remove"


async def test_removal_after_voting_opens_is_refused_citing_article_60(clean_db):
    _, national, *_ = await make_structure()
    unit = await national_unit(national.id)
    await fill(unit.id, 5)
    report = await structure.finalize_list(unit_id=unit.id, actor=system())
    with pytest.raises(RuleViolation) as caught:
        await structure.remove_candidate(
            candidate_id=report.candidates[0].id,
            reason=RemovalReason.PROSECUTED,
            removed_on=dt.date(2026, 3, 15),
            decision="QĐ 2",
            actor=system(),
            now=dt.datetime(2026, 3, 15, 0, 1, tzinfo=dt.UTC),  # 07:01 in Vietnam
        )
    assert caught.value.article == "Điều 60"


async def test_units_outside_the_scope_are_invisible(clean_db):
    _, national, *_ = await make_structure()
    unit = await national_unit(national.id)
    hanoi = await make_actor(Role.PROVINCE_STAFF, province_code=HA_NOI)
    with pytest.raises(NotFound):
        await structure.get_unit(unit_id=unit.id, actor=hanoi)
    assert await structure.list_units(contest_id=national.id, actor=hanoi) == []


async def test_composition_of_the_national_list_is_measured(clean_db):
    _, national, *_ = await make_structure()
    unit = await national_unit(national.id)
    await structure.save_candidate(
        unit_id=unit.id,
        data=candidate_data("Thạch Thị Sa", sex="female", ethnicity="Khmer"),
        actor=system(),
    )
    await structure.save_candidate(
        unit_id=unit.id, data=candidate_data("Lê Văn Tư"), actor=system()
    )
    report = await structure.list_composition(contest_id=national.id)
    assert (report.composition.women, report.composition.minorities, report.composition.total) == (
        1,
        1,
        2,
    )
    assert report.violations == []
    assert report.articles == "Điều 8"


async def test_a_council_list_with_too_few_women_is_flagged_citing_article_9(clean_db):
    """Art. 9 (as amended by Law 83/2025/QH15): 35 % women on HĐND lists too."""
    *_, communal = await make_structure()
    unit = (
        await structure.save_unit(
            contest_id=communal.id, number=1, name="", seats=3, description="Khóm 1", actor=system()
        )
    ).unit
    for name, sex in (("Lê Văn An", "male"), ("Trần Văn Bình", "male"), ("Võ Thị Cúc", "female")):
        await structure.save_candidate(
            unit_id=unit.id, data=candidate_data(name, sex=sex), actor=system()
        )
    report = await structure.list_composition(contest_id=communal.id)
    assert report.composition.women == 1
    assert [(v.code, v.article) for v in report.violations] == [
        ("women_share_below_target", "Điều 9")
    ]
    assert report.scope_label == "Phường Bạc Liêu"


async def test_every_structure_change_is_audited(clean_db):
    _, national, *_ = await make_structure()
    unit = await national_unit(national.id)
    events = await audit.history(entity_type="electoral_unit", entity_id=unit.id)
    assert events[0].action == "create"
    assert events[0].after["communes"] == [BAC_LIEU, VINH_TRACH]
    count = await db.fetchval(
        "SELECT count(*) FROM audit_event WHERE entity_type = 'electoral_unit'"
    )
    assert count == 1
