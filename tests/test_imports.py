"""CSV/XLSX imports: encodings, column mapping, staging, error report, atomic commit."""

from __future__ import annotations

import io
import unicodedata

import pytest
from openpyxl import Workbook

from election import db
from election.elections import imports as structure_imports
from election.elections import services as elections
from election.elections import structure
from election.errors import Conflict, InvalidInput, RuleViolation
from election.imports import services as imports
from election.imports.readers import UnreadableFile, detect_encoding, iter_rows
from election.imports.tables import BatchStatus
from election.stations import imports as area_imports
from tests.builders import BAC_LIEU, PREPARATION, make_structure, system

UNITS_CSV = (
    'Mã tỉnh,Số đơn vị,Tên đơn vị,Số đại biểu được bầu,"Các xã, phường",Ngày công bố\n'
    '96,1,Đơn vị bầu cử số 1,3,"Phường Bạc Liêu; Phường Vĩnh Trạch",20/12/2025\n'
    '96,2,Đơn vị bầu cử số 2,2,"31840; Xã Hồng Dân",20/12/2025\n'
)


def csv_bytes(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese exports write it: base letters precomposed
    (ă, ơ, ư...), tone marks as separate combining characters."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
            tones = "".join(p for p in parts if p in TONES)
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1258", "cp1258")],
)
def test_exports_in_every_common_vietnamese_encoding_are_read(encoding, expected):
    text = "Họ và tên,Ngày sinh\nNguyễn Thị Hồng Nhung,01/02/1990\n"
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    assert detect_encoding(data) == expected
    rows = list(iter_rows(io.BytesIO(data), "x.csv"))
    assert rows[1].values == ["Nguyễn Thị Hồng Nhung", "01/02/1990"]


def test_windows_1258_decomposed_tones_come_out_composed():
    rows = list(iter_rows(io.BytesIO(to_cp1258("Tên\nLê Thị Hồng Phượng\n")), "x.csv"))
    assert rows[1].values == ["Lê Thị Hồng Phượng"]


def test_an_unknown_encoding_is_refused_clearly():
    with pytest.raises(UnreadableFile, match="bảng mã"):
        list(iter_rows(io.BytesIO("Name\nÄrger Straße\n".encode("latin-1")), "x.csv"))


def test_semicolon_separated_files_are_understood():
    rows = list(iter_rows(io.BytesIO(b"a;b\n1;2\n"), "x.csv"))
    assert rows[1].values == ["1", "2"]


def test_xlsx_rows_are_read_with_numbers_and_dates_as_text():
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(["Số", "Ngày"])
    sheet.append([12.0, dt.datetime(2026, 3, 15)])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    rows = list(iter_rows(buffer, "x.xlsx"))
    assert rows[1].values == ["12", "2026-03-15"]


def test_legacy_xls_is_refused_with_advice():
    with pytest.raises(UnreadableFile, match=r"\.xlsx"):
        list(iter_rows(io.BytesIO(b"\xd0\xcf\x11\xe0"), "old.xls"))


async def stage_units(contest_id: int, text: str = UNITS_CSV):
    importer = await structure_imports.unit_importer(f"contest:{contest_id}", system())
    return await imports.stage(
        importer, stream=csv_bytes(text), filename="units.csv", actor=system()
    )


async def test_units_import_previews_then_commits_atomically(clean_db):
    _, national, *_ = await make_structure()
    batch = await stage_units(national.id)
    assert batch.counts == {"new": 2, "update": 0, "unchanged": 0, "error": 0}
    assert await structure.list_units(contest_id=national.id, actor=system()) == []
    committed = await imports.commit(batch_id=batch.id, actor=system())
    assert committed.status == BatchStatus.COMMITTED
    units = await structure.list_units(contest_id=national.id, actor=system())
    assert [(u.number, u.seats, len(u.communes)) for u in units] == [(1, 3, 2), (2, 2, 2)]


async def test_reimporting_the_same_file_changes_nothing(clean_db):
    _, national, *_ = await make_structure()
    await imports.commit(batch_id=(await stage_units(national.id)).id, actor=system())
    events = await db.fetchval(
        "SELECT count(*) FROM audit_event WHERE entity_type = 'electoral_unit'"
    )
    again = await stage_units(national.id)
    assert again.counts["unchanged"] == 2
    assert again.change_count == 0
    await imports.commit(batch_id=again.id, actor=system())
    assert (
        await db.fetchval("SELECT count(*) FROM audit_event WHERE entity_type = 'electoral_unit'")
        == events
    )


async def test_an_exported_file_reimports_unchanged(clean_db):
    _, national, *_ = await make_structure()
    await imports.commit(batch_id=(await stage_units(national.id)).id, actor=system())
    importer = await structure_imports.unit_importer(f"contest:{national.id}", system())
    units = await structure.list_units(contest_id=national.id, actor=system())
    exported = imports.export_csv(importer.columns, importer.export_rows(units))
    batch = await imports.stage(
        importer, stream=io.BytesIO(exported), filename="export.csv", actor=system()
    )
    assert batch.counts["unchanged"] == 2


async def test_row_errors_name_row_column_and_reason_and_block_the_commit(clean_db):
    _, national, *_ = await make_structure()
    text = (
        UNITS_CSV
        + "96,3,Đơn vị 3,4,Xã Ninh Quới,20/12/2025\n96,1,Trùng,2,Xã Vĩnh Lộc,\n96,5,X,2,Xã Không Có,31/02/2026\n"
    )
    batch = await stage_units(national.id, text)
    assert batch.counts["error"] == 3
    _name, report = await imports.error_report(batch_id=batch.id, actor=system())
    content = report.decode("utf-8-sig")
    assert content.splitlines()[0] == "Dòng,Cột,Lý do"
    assert (
        "4,Số đại biểu được bầu" in content
    )  # seats 4 > 5? no: 4 ≤ 5 passes parse; the rule is per level
    assert "Trùng với dòng 2 của tệp." in content
    assert "Không tìm thấy xã, phường «Xã Không Có»." in content
    assert "Ngày «31/02/2026» không tồn tại." in content
    with pytest.raises(Conflict, match="dòng lỗi"):
        await imports.commit(batch_id=batch.id, actor=system())
    assert await structure.list_units(contest_id=national.id, actor=system()) == []


async def test_a_rule_broken_at_commit_rolls_the_whole_file_back(clean_db):
    _, national, *_ = await make_structure()
    await structure.save_unit(
        contest_id=national.id,
        province_code="96",
        number=9,
        name="",
        seats=2,
        commune_codes=["31849"],
        actor=system(),
    )
    text = UNITS_CSV + "96,3,Đơn vị 3,2,Xã Ninh Quới,20/12/2025\n"
    batch = await stage_units(national.id, text)
    # Each row is valid alone; row 4 takes a commune of unit 9 (Art. 10), which
    # only the commit, looking at the whole contest, can see.
    assert batch.error_count == 0
    with pytest.raises(RuleViolation, match="chỉ thuộc một đơn vị"):
        await imports.commit(batch_id=batch.id, actor=system())
    assert [
        u.number for u in await structure.list_units(contest_id=national.id, actor=system())
    ] == [9]
    assert (await imports.get_batch(batch_id=batch.id, actor=system())).status == BatchStatus.STAGED


async def test_a_missing_required_column_is_refused_before_reading_rows(clean_db):
    _, national, *_ = await make_structure()
    with pytest.raises(InvalidInput, match="Số đại biểu được bầu"):
        await stage_units(national.id, "Mã tỉnh,Số đơn vị\n96,1\n")


async def test_candidates_import_into_their_units(clean_db):
    _, national, *_ = await make_structure()
    await imports.commit(batch_id=(await stage_units(national.id)).id, actor=system())
    text = (
        "Mã tỉnh,Số đơn vị,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Số định danh cá nhân\n"
        "96,1,Nguyễn Văn An,01/01/1975,Nam,Kinh,096075000001\n"
        "96,1,Thạch Thị Sa Rây,12/12/1980,Nữ,Khmer,\n"
        "96,2,Lê Thị Hồng,1985-07-30,nu,,\n"
    )
    importer = await structure_imports.candidate_importer(f"contest:{national.id}", system())
    batch = await imports.stage(importer, stream=csv_bytes(text), filename="c.csv", actor=system())
    assert batch.counts["new"] == 3, await imports.batch_rows(batch_id=batch.id, actor=system())
    await imports.commit(batch_id=batch.id, actor=system())
    units = await structure.list_units(contest_id=national.id, actor=system())
    first = await structure.list_candidates(unit_id=units[0].id, actor=system())
    assert [c.full_name for c in first] == ["Nguyễn Văn An", "Thạch Thị Sa Rây"]
    again = await imports.stage(importer, stream=csv_bytes(text), filename="c.csv", actor=system())
    assert again.counts["unchanged"] == 3


async def test_polling_areas_import_with_their_commune_unit(clean_db):
    election, *_, communal = await make_structure()
    await structure.save_unit(contest_id=communal.id, number=1, name="", seats=5, actor=system())
    text = (
        "Số khu vực,Tên khu vực,Địa điểm bỏ phiếu,Loại khu vực,Số cử tri dự kiến,Đơn vị bầu cử HĐND xã\n"
        "1,,Nhà văn hóa khóm 1,,1.250,1\n"
        '2,Khu vực bệnh viện,Bệnh viện đa khoa,"Bệnh viện, nhà hộ sinh, nhà an dưỡng, cơ sở chăm sóc",40,1\n'
    )
    # Areas change only before voting opens: the election's clock is pinned there.
    await elections.set_training_clock(election_id=election.id, actor=system(), at=PREPARATION)
    importer = await area_imports.polling_area_importer(
        f"election:{election.id}:commune:{BAC_LIEU}", system()
    )
    batch = await imports.stage(importer, stream=csv_bytes(text), filename="kv.csv", actor=system())
    assert batch.counts["new"] == 2, await imports.batch_rows(batch_id=batch.id, actor=system())
    await imports.commit(batch_id=batch.id, actor=system())
    from election.stations import services as stations

    areas = await stations.list_polling_areas(
        election_id=election.id, commune_code=BAC_LIEU, actor=system()
    )
    assert [(a.number, a.planned_voters, a.unit_for("hdnd_xa").unit_number) for a in areas] == [
        (1, 1250, 1),
        (2, 40, 1),
    ]
    assert [w.code for w in areas[1].warnings] == ["care_area_too_small"]
