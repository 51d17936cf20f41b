"""Issue 13 on voter lists, through the services: the legal corrections (Art.
30(3), 30(5), the 12-digit ID of Circular 59/2021/TT-BCA), one placement of
the tone marks, the list's new data (Nơi ở hiện tại, the start of a
temporary residence, why a name was struck off), and the certificates of
Mẫu số 11 and 12/HĐBC."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

import pytest

from election import db
from election.audit import services as audit
from election.clock import VIETNAM
from election.errors import Conflict, RuleViolation
from election.imports import services as imports
from election.printing import voters as printing
from election.stations import services as stations
from election.text import normalize_tone_marks
from election.voters import services as voters
from election.voters.queries import checks
from election.voters.tables import CertificateKind, Exclusion, ResidenceCategory, VoterStatus
from tests.builders import BAC_LIEU, system
from tests.pdf import pdf_text, squash
from tests.test_voter_import import HEADER, csv_file, listed, stage, structure_with_areas
from tests.test_voter_import import row as import_row
from tests.test_voters import AFTER_POSTING, BEFORE, VINH_TRACH, add, person, posted, setup

# 24 hours before voting opens (07:00 on election day) the lists close.
AFTER_CUTOFF = dt.datetime(2031, 5, 24, 9, 0, tzinfo=VIETNAM)
OPENING = dt.datetime(2031, 5, 25, 7, 0, tzinfo=VIETNAM)


def abroad(serial: int, **extra) -> voters.NewVoter:
    """A citizen whose birth was registered abroad: a country code, not a province's."""
    data = person(serial, **extra)
    data.personal_id = "840" + data.personal_id[3:]
    return data


async def listing(area_id: int) -> str:
    document = await printing.voter_list_pdf(polling_area_id=area_id, actor=system())
    return squash(pdf_text(document.content))


# --------------------------------------------------------------------------
# The 12-digit ID: an unknown birth-registration code is a warning to accept


async def test_a_birth_code_outside_the_provinces_is_added_once_the_user_accepts_it(clean_db):
    """Circular 59/2021/TT-BCA, Art. 7: the first three digits may be the code of
    the country where the birth was registered."""
    _, (area, _) = await setup()
    with pytest.raises(RuleViolation) as caught:
        await add(area.id, abroad(1))
    (warning,) = caught.value.violations
    assert warning.code == "personal_id_birth_code"
    assert warning.severity == "warning"
    assert warning.article == "Thông tư 59/2021/TT-BCA, Điều 7"
    voter = await voters.add_voter(
        polling_area_id=area.id,
        data=abroad(1),
        reason="Từ nước ngoài về",
        document="Hộ chiếu C1234567",
        accept_birth_code=True,
        actor=system(),
        now=BEFORE,
    )
    assert voter.personal_id.startswith("840")
    (event,) = await audit.history(entity_type="voter", entity_id=voter.id)
    assert event.after["accepted_warnings"] == ["personal_id_birth_code"]


async def test_accepting_the_birth_code_does_not_pass_an_error(clean_db):
    _, (area, _) = await setup()
    wrong = abroad(1)
    wrong.sex = "female"
    with pytest.raises(RuleViolation) as caught:
        await voters.add_voter(
            polling_area_id=area.id,
            data=wrong,
            reason="x",
            document="y",
            accept_birth_code=True,
            actor=system(),
            now=BEFORE,
        )
    codes = [v.code for v in caught.value.violations]
    assert codes == ["personal_id_sex_century", "personal_id_birth_code"]


# --------------------------------------------------------------------------
# One placement of the tone marks (issue 13, item 5)


async def test_a_name_is_stored_with_the_tone_mark_on_the_first_vowel(clean_db):
    _, (area, _) = await setup()
    voter = await add(area.id, person(1, "Nguyễn Thị Thuý", sex="female"))
    assert voter.full_name == "Nguyễn Thị Thúy"
    for query in ("Thuý", "Thúy", "thuy"):
        found = await voters.search_voters(
            election_id=voter.election_id, commune_code=BAC_LIEU, actor=system(), query=query
        )
        assert [v.id for v in found.voters] == [voter.id], query


# --------------------------------------------------------------------------
# Art. 30(5): strike-offs until voting opens


async def test_a_prison_term_strikes_a_name_off_until_voting_opens(clean_db):
    _, (area, _) = await setup()
    voter = await add(area.id, person(1))
    other = await add(area.id, person(2, "Lê Văn Bình"))
    with pytest.raises(RuleViolation) as caught:
        await voters.strike_off(
            voter_id=other.id, reason="Chuyển đi", document="Đơn", actor=system(), now=AFTER_CUTOFF
        )
    assert "Điều 29" in caught.value.article
    struck = await voters.strike_off(
        voter_id=voter.id,
        reason="Bản án có hiệu lực, phải chấp hành hình phạt tù",
        document="Bản án 15/2031/HS-ST",
        exclusion=Exclusion.IMPRISONED,
        actor=system(),
        now=AFTER_CUTOFF,
    )
    assert struck.status == VoterStatus.EXCLUDED
    assert struck.removal_reason == "Bản án có hiệu lực, phải chấp hành hình phạt tù"
    with pytest.raises(RuleViolation) as caught:
        await voters.strike_off(
            voter_id=other.id,
            reason="Mất năng lực hành vi dân sự",
            document="Quyết định 3/2031",
            exclusion=Exclusion.LOST_CAPACITY,
            actor=system(),
            now=OPENING,
        )
    assert caught.value.article == "Điều 30 khoản 5"
    # Struck off after being listed, the name stays on the printed list with why.
    text = await listing(area.id)
    assert "Đã xóa tên: Bản án có hiệu lực, phải chấp hành hình phạt tù" in text
    assert "Tổng số cử tri của khu vực bỏ phiếu là: 1 người" in text


async def test_a_strike_off_takes_back_the_numbered_card(clean_db):
    _, (area, _) = await setup()
    voter = await add(area.id, person(1))
    await voters.finalize_area_list(polling_area_id=area.id, actor=system())
    await voters.strike_off(
        voter_id=voter.id, reason="Chết", document="Trích lục khai tử 9", actor=system(), now=BEFORE
    )
    events = await audit.history(entity_type="voter", entity_id=voter.id)
    assert "thu hồi thẻ cử tri số 1" in events[0].summary


# --------------------------------------------------------------------------
# Art. 30(3): a move to a temporary residence after posting


@pytest.mark.parametrize(
    ("posted_first", "category", "ballots"),
    [
        (True, ResidenceCategory.TEMPORARY_LONG, ["ĐBQH", "HĐND tỉnh"]),
        (True, ResidenceCategory.PERMANENT, ["ĐBQH", "HĐND tỉnh", "HĐND xã"]),
        (False, ResidenceCategory.TEMPORARY_LONG, ["ĐBQH", "HĐND tỉnh", "HĐND xã"]),
    ],
)
async def test_after_posting_a_move_to_a_temporary_residence_gives_two_ballots(
    clean_db, posted_first, category, ballots
):
    """Art. 30(3): "để thực hiện việc bầu cử đại biểu Quốc hội, đại biểu Hội đồng
    nhân dân cấp tỉnh", whatever the length of the stay."""
    _, (first, second) = await setup()
    voter = await add(first.id, person(1))
    if posted_first:
        await posted(first.id)
    moved = await voters.move_voter(
        voter_id=voter.id,
        to_polling_area_id=second.id,
        residence_category=category,
        new_address="Số 9, khóm 9",
        reason="Chuyển nơi cư trú",
        document="Xác nhận cư trú 4",
        actor=system(),
        now=AFTER_POSTING,
    )
    assert moved.ballots == ballots
    origin = await voters.get_voter(voter_id=voter.id, actor=system())
    assert origin.removal_reason.startswith("Chuyển đến khu vực bỏ phiếu số 2")


# --------------------------------------------------------------------------
# The list's data: Nơi ở hiện tại, the start of a temporary residence


async def test_the_printed_list_writes_each_address_in_its_column_with_the_remarks(clean_db):
    _, (area, _) = await setup()
    await add(area.id, person(1, "Trần Văn Hùng", permanent_address="Số 1, khóm 1"))
    await add(
        area.id,
        person(
            2,
            "Lê Thị Lan",
            sex="female",
            temporary_address="Phòng 3, số 60 Trần Phú",
            temporary_since=dt.date(2030, 11, 2),
            residence_category=ResidenceCategory.TEMPORARY_SHORT,
        ),
    )
    drifter = await add(
        area.id,
        person(
            3,
            "Phạm Văn Tư",
            current_address="Nhà trọ số 5, khóm 2",
            residence_category=ResidenceCategory.CURRENT_RESIDENCE,
        ),
    )
    assert drifter.ballots == ["ĐBQH", "HĐND tỉnh"]
    assert drifter.residence == "Nhà trọ số 5, khóm 2"
    await voters.finalize_area_list(polling_area_id=area.id, actor=system())
    text = await listing(area.id)
    assert "Mẫu số 31/HĐBC" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU" in text
    assert "Khu vực bỏ phiếu số 1 thuộc Phường Bạc Liêu, tỉnh Cà Mau" in text
    # The posted list masks personal IDs (Art. 32: anyone reads it).
    assert "1 Trần Văn Hùng 17/05/1980 X 0960••••••01 Kinh Số 1, khóm 1 X X X" in text
    assert "096080000001" not in text
    assert "Phòng 3, số 60 Trần Phú X X 0 Tạm trú từ tháng 11/2030" in text
    assert "Nhà trọ số 5, khóm 2 X X 0" in text
    assert "Cử tri tham gia bầu cử đại biểu HĐND xã, phường, đặc khu: 1 người;" in text
    # Dated the day it was finalized: the list is made then.
    assert "Danh sách này được lập tại Phường Bạc Liêu ngày" in text


# --------------------------------------------------------------------------
# Mẫu số 11/HĐBC: the certificate to vote elsewhere names where


async def test_a_certificate_names_where_the_voter_votes_and_only_that_commune_adds_them(
    clean_db,
):
    election, (origin, _) = await setup()
    vinh_trach = (
        await stations.save_polling_area(
            election_id=election.id, commune_code=VINH_TRACH, number=1, name="", actor=system()
        )
    ).area
    voter = await add(origin.id, person(1, permanent_address="Số 1, khóm 1"))
    await posted(origin.id)
    certificate = await voters.issue_certificate(
        voter_id=voter.id,
        destination_commune_code=VINH_TRACH,
        current_address="Ấp Thào Lạng, Xã Vĩnh Trạch",
        actor=system(),
        now=AFTER_POSTING,
    )
    assert certificate.kind == CertificateKind.ELSEWHERE
    assert certificate.destination_commune == VINH_TRACH
    assert certificate.destination_province_name
    document = await printing.certificate_pdf(certificate_id=certificate.id, actor=system())
    text = squash(pdf_text(document.content))
    assert "Mẫu số 11/HĐBC" in text
    assert "Nơi cư trú đã ghi trên Thẻ cử tri: Số 1, khóm 1" in text
    assert "Nơi ở hiện nay: Ấp Thào Lạng, Xã Vĩnh Trạch" in text
    assert "(số Thẻ cử tri 1 thuộc khu vực bỏ phiếu số: 1, xã/phường/đặc khu: Phường" in text
    destination = certificate.destination_commune_name
    assert f"Nay đăng ký bỏ phiếu tại xã/phường/đặc khu: {destination}" in text
    assert f"Đề nghị Ủy ban nhân dân xã/phường/đặc khu: {destination} bổ sung tên" in text
    # Presented in another commune than the one it names, it is refused.
    with pytest.raises(RuleViolation) as caught:
        await voters.register_certificate_holder(
            election_id=election.id,
            number=certificate.number,
            polling_area_id=(await setup_area(election.id, BAC_LIEU, 9)).id,
            actor=system(),
            now=AFTER_POSTING,
        )
    assert caught.value.article == "Điều 34"
    holder = await voters.register_certificate_holder(
        election_id=election.id,
        number=certificate.number,
        polling_area_id=vinh_trach.id,
        actor=system(),
        now=AFTER_POSTING,
    )
    assert holder.ballots == ["ĐBQH", "HĐND tỉnh"]
    assert "Cử tri không cư trú ở địa phương" in await listing(vinh_trach.id)
    assert "Bỏ phiếu ở nơi khác" in await listing(origin.id)


async def setup_area(election_id: int, commune: str, number: int):
    saved = await stations.save_polling_area(
        election_id=election_id, commune_code=commune, number=number, name="", actor=system()
    )
    return saved.area


# --------------------------------------------------------------------------
# Mẫu số 12/HĐBC: a soldier votes at home (Art. 31(2))


async def soldier_certificate(voter_id: int, *, now=BEFORE, **changes):
    values = {
        "voter_id": voter_id,
        "unit_name": "Tiểu đoàn 1, Trung đoàn 896",
        "home_address": "Ấp Thào Lạng, Xã Vĩnh Trạch",
        "home_category": ResidenceCategory.PERMANENT,
        "destination_commune_code": VINH_TRACH,
        "commander": "Trần Quốc Việt",
        "actor": system(),
        "now": now,
    }
    values.update(changes)
    return await voters.issue_soldier_certificate(**values)


async def test_a_soldier_votes_at_home_with_the_commanders_certificate(clean_db):
    election, (unit_area, _) = await setup()
    home_area = await setup_area(election.id, VINH_TRACH, 1)
    civilian = await add(unit_area.id, person(1))
    soldier = await add(
        unit_area.id,
        person(2, "Danh Hoàng Phúc", residence_category=ResidenceCategory.ARMED_FORCES),
    )
    assert soldier.ballots == ["ĐBQH", "HĐND tỉnh"]
    with pytest.raises(RuleViolation) as caught:
        await soldier_certificate(civilian.id)
    assert caught.value.article == "Điều 31 khoản 2"
    certificate = await soldier_certificate(soldier.id)
    assert certificate.kind == CertificateKind.SOLDIER
    assert certificate.number == f"{BAC_LIEU}-QN000001"
    unit_entry = await voters.get_voter(voter_id=soldier.id, actor=system())
    assert unit_entry.status_label == "Bỏ phiếu ở nơi cư trú"
    assert "Bỏ phiếu ở nơi cư trú" in await listing(unit_area.id)
    with pytest.raises(Conflict):
        await soldier_certificate(soldier.id)
    document = await printing.certificate_pdf(certificate_id=certificate.id, actor=system())
    text = squash(pdf_text(document.content))
    assert "Mẫu số 12/HĐBC" in text
    assert "TIỂU ĐOÀN 1, TRUNG ĐOÀN 896" in text
    assert "Là quân nhân tại đơn vị: Tiểu đoàn 1, Trung đoàn 896" in text
    assert "Nơi cư trú: Ấp Thào Lạng, Xã Vĩnh Trạch" in text
    assert "là nơi đơn vị đóng quân." in text and "là nơi cử tri cư trú." in text
    assert "CHỈ HUY TRƯỞNG" in text and "Trần Quốc Việt" in text
    # At home, the soldier votes as a permanent resident there: all three ballots.
    at_home = await voters.register_certificate_holder(
        election_id=election.id,
        number=certificate.number,
        polling_area_id=home_area.id,
        actor=system(),
        now=BEFORE,
    )
    assert at_home.ballots == ["ĐBQH", "HĐND tỉnh", "HĐND xã"]
    assert at_home.permanent_address == "Ấp Thào Lạng, Xã Vĩnh Trạch"
    assert (await voters.area_counts(polling_area_id=unit_area.id)).total == 1
    with pytest.raises(Conflict):
        await voters.register_certificate_holder(
            election_id=election.id,
            number=certificate.number,
            polling_area_id=home_area.id,
            actor=system(),
            now=BEFORE,
        )


async def test_a_soldiers_certificate_closes_with_the_lists(clean_db):
    election, (unit_area, _) = await setup()
    home_area = await setup_area(election.id, VINH_TRACH, 1)
    soldier = await add(unit_area.id, person(1, residence_category=ResidenceCategory.ARMED_FORCES))
    with pytest.raises(RuleViolation) as caught:
        await soldier_certificate(soldier.id, now=AFTER_CUTOFF)
    assert caught.value.violations[0].code == "soldier_certificate_cutoff_passed"
    with pytest.raises(RuleViolation) as caught:
        await soldier_certificate(soldier.id, home_category=ResidenceCategory.DETENTION)
    assert caught.value.violations[0].field == "home_category"
    short = await soldier_certificate(soldier.id, home_category=ResidenceCategory.TEMPORARY_SHORT)
    home = await voters.register_certificate_holder(
        election_id=election.id,
        number=short.number,
        polling_area_id=home_area.id,
        actor=system(),
        now=BEFORE,
    )
    assert home.ballots == ["ĐBQH", "HĐND tỉnh"]
    assert home.temporary_address == "Ấp Thào Lạng, Xã Vĩnh Trạch"


# --------------------------------------------------------------------------
# The import: the new columns, the birth-code warning, the tone marks

WIDE_HEADER = [*HEADER, "Nơi ở hiện tại", "Ngày đăng ký tạm trú"]


def wide(values: list[str], current: str = "", since: str = "") -> list[str]:
    return [*values, current, since]


async def test_an_export_brings_the_current_address_and_the_start_of_a_temporary_stay(
    clean_db,
):
    election = await structure_with_areas()
    rows = [
        wide(import_row(1, "Trần Văn Hùng")),
        wide(import_row(2, "Lê Văn Nam", category="Tạm trú dưới 12 tháng"), since="15/09/2030"),
        wide(import_row(3, "Lê Văn Bắc", category="Tạm trú từ 12 tháng"), since="03/2029"),
        wide(import_row(4, "Lê Văn Đông", category="Tạm trú từ 12 tháng"), since="2027"),
        wide(import_row(5, "Phạm Văn Tư", category="Nơi ở hiện tại"), current="Nhà trọ số 5"),
        wide(import_row(6, "Lê Văn Tây", category="Tạm trú"), since="31/02/2030"),
    ]
    batch = await stage(election.id, csv_file(rows, header=WIDE_HEADER))
    assert batch.counts["error"] == 1
    _, report = await imports.error_report(batch_id=batch.id, actor=system())
    assert "Dòng" in report.decode("utf-8-sig")
    assert "Ngày đăng ký tạm trú «31/02/2030» không hợp lệ" in report.decode("utf-8-sig")
    batch = await stage(election.id, csv_file(rows[:5], header=WIDE_HEADER))
    await imports.commit(batch_id=batch.id, actor=system())
    by_name = {v.full_name: v for v in await listed(election.id)}
    assert by_name["Lê Văn Nam"].temporary_since == dt.date(2030, 9, 15)
    assert by_name["Lê Văn Bắc"].temporary_since == dt.date(2029, 3, 1)
    assert by_name["Lê Văn Đông"].temporary_since == dt.date(2027, 1, 1)
    drifter = by_name["Phạm Văn Tư"]
    assert drifter.residence_category == ResidenceCategory.CURRENT_RESIDENCE
    assert drifter.current_address == "Nhà trọ số 5"
    assert drifter.ballots == ["ĐBQH", "HĐND tỉnh"]
    # The same file again changes nothing: the new columns compare too.
    again = await stage(election.id, csv_file(rows[:5], header=WIDE_HEADER))
    assert again.counts["unchanged"] == 5


async def test_an_unknown_birth_code_is_listed_with_a_warning_in_the_report(clean_db):
    """Circular 59/2021/TT-BCA, Art. 7: a country's code, for a birth abroad."""
    election = await structure_with_areas()
    born_abroad = import_row(2, "Lê Văn Kiều")
    born_abroad[0] = "840" + born_abroad[0][3:]
    batch = await stage(election.id, csv_file([import_row(1), born_abroad]))
    assert batch.counts == {"new": 2, "update": 0, "unchanged": 0, "error": 0}
    _, report = await imports.error_report(batch_id=batch.id, actor=system())
    lines = list(csv.reader(io.StringIO(report.decode("utf-8-sig"))))
    ((row_number, column, reason),) = lines[1:]
    assert (row_number, column) == ("3", "Số định danh cá nhân")
    assert reason.startswith("Cảnh báo: Ba chữ số đầu của số định danh cá nhân (840)")
    staged = await imports.batch_rows(batch_id=batch.id, actor=system())
    assert [len(r.errors) for r in staged] == [0, 1]
    await imports.commit(batch_id=batch.id, actor=system())
    assert len(await listed(election.id)) == 2


async def test_an_export_is_read_with_one_placement_of_the_tone_marks(clean_db):
    election = await structure_with_areas()
    rows = [import_row(1, "Nguyễn Thị Thuý", sex="female"), import_row(2, "Trần Văn Hoà")]
    batch = await stage(election.id, csv_file(rows))
    await imports.commit(batch_id=batch.id, actor=system())
    assert [v.full_name for v in await listed(election.id)] == ["Nguyễn Thị Thúy", "Trần Văn Hòa"]
    # The other spelling of the same names is the same entry, unchanged.
    rows[0][1], rows[1][1] = "Nguyễn Thị Thúy", "Trần Văn Hòa"
    again = await stage(election.id, csv_file(rows))
    assert again.counts["unchanged"] == 2


async def test_the_sql_tone_marks_are_the_python_tone_marks(clean_db):
    """The import moves the marks in SQL (`checks.sql_tone_marks`), the single entry
    in Python (`election.text.normalize_tone_marks`): generated names agree."""
    rng = random.Random(13)
    pieces = [
        "hoà",
        "hòa",
        "Hoà",
        "HOÀ",
        "khoẻ",
        "khỏe",
        "Thuý",
        "THUÝ",
        "thuý",
        "quý",
        "Quý",
        "quỳnh",
        "Nguỵ",
        "ngụy",
        "hoàn",
        "Hoàng",
        "ngoài",
        "toả",
        "tỏa",
        "loè",
        "xoè",
        "uỷ",
        "Thuỵ",
        "hoặc",
        "khuya",
        "Toàn",
        "Oà",
        "Uý",
        "hoá",
    ]
    names = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) for _ in range(500)]
    names += ["Hoà.", "Hoà-Bình", "K'Hoà", "Thuý’", "oà", "uý", "Quý Thuý"]
    fixed = await db.fetchval(
        f"SELECT array_agg({checks.sql_tone_marks('n')} ORDER BY i) "
        "FROM unnest($1::text[]) WITH ORDINALITY AS t(n, i)",
        names,
    )
    assert fixed == [normalize_tone_marks(name) for name in names]
