"""Importing population-database exports into voter lists (the bulk, set-based path)."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import random
import re
import unicodedata

import pytest
from openpyxl import Workbook

from election import db
from election.errors import Conflict, InvalidInput, blocking, warnings_of
from election.imports import services as imports
from election.imports.readers import UnreadableFile
from election.sql import Mode, row_fields, statement_of
from election.stations import services as stations
from election.voters import bulk, rules
from election.voters import services as voters
from election.voters.queries import checks, staging
from election.voters.queries.batch import BATCH_STATEMENTS, FILE_FIELDS, lay_out_file
from election.voters.queries.staging import sql_search_key
from tests.builders import BAC_LIEU, make_structure, system

HEADER = [
    "Số định danh cá nhân",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Nghề nghiệp",
    "Nơi thường trú",
    "Nơi tạm trú",
    "Loại cư trú",
    "Mã hộ",
    "Quan hệ với chủ hộ",
    "Khu vực bỏ phiếu",
]


def citizen_id(born: dt.date, sex: str, serial: int, province: int = 96) -> str:
    return (
        f"{province:03d}{rules.century_sex_digit(sex, born.year)}{born.year % 100:02d}{serial:06d}"
    )


def row(
    serial: int,
    name: str = "Nguyễn Văn An",
    born: dt.date = dt.date(1980, 5, 17),
    sex: str = "male",
    area: int = 1,
    household: str = "",
    relation: str = "Chủ hộ",
    category: str = "Thường trú",
    personal_id: str | None = None,
) -> list[str]:
    return [
        personal_id or citizen_id(born, sex, serial),
        name,
        born.strftime("%d/%m/%Y"),
        "Nam" if sex == "male" else "Nữ",
        "Kinh",
        "Công nhân",
        "Khóm 1, Phường Bạc Liêu",
        "",
        category,
        household or f"H{serial}",
        relation,
        str(area),
    ]


def csv_file(
    rows: list[list[str]], encoding: str = "utf-8", header: list[str] = HEADER
) -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(buffer.getvalue().encode(encoding))


# Far enough ahead that today is before the list cut-off (Art. 29(4)).
FUTURE_ELECTION_DAY = dt.date(2031, 5, 25)


async def structure_with_areas(count: int = 3):
    election, *_ = await make_structure(FUTURE_ELECTION_DAY)
    for number in range(1, count + 1):
        await stations.save_polling_area(
            election_id=election.id, commune_code=BAC_LIEU, number=number, name="", actor=system()
        )
    return election


async def stage(election_id: int, stream: io.BytesIO, filename: str = "ds.csv"):
    return await bulk.stage_voters(
        election_id=election_id,
        commune_code=BAC_LIEU,
        stream=stream,
        filename=filename,
        actor=system(),
    )


async def listed(election_id: int) -> list[voters.VoterRow]:
    page = await voters.search_voters(
        election_id=election_id, commune_code=BAC_LIEU, actor=system(), limit=1000
    )
    return page.voters


FAMILY = [
    row(1, "Trần Văn Hùng", dt.date(1970, 1, 2), household="H1", relation="Chủ hộ"),
    row(2, "Lê Thị Lan", dt.date(1972, 3, 4), "female", household="H1", relation="Vợ"),
    row(3, "Trần Thị Mai", dt.date(2000, 6, 7), "female", household="H1", relation="Con"),
    row(4, "Phạm Văn Tư", dt.date(1990, 8, 9), household="H2", area=2),
]


async def test_a_clean_file_stages_then_commits_every_voter(clean_db):
    election = await structure_with_areas()
    batch = await stage(election.id, csv_file(FAMILY))
    assert batch.counts == {"new": 4, "update": 0, "unchanged": 0, "error": 0}
    assert await listed(election.id) == []
    await imports.commit(batch_id=batch.id, actor=system())
    voters_now = await listed(election.id)
    assert [v.full_name for v in voters_now] == [
        "Trần Văn Hùng",
        "Lê Thị Lan",
        "Trần Thị Mai",
        "Phạm Văn Tư",
    ]
    assert voters_now[0].is_household_head
    assert all(v.ballots == ["ĐBQH", "HĐND tỉnh", "HĐND xã"] for v in voters_now)


async def test_reimporting_the_same_file_changes_nothing(clean_db):
    election = await structure_with_areas()
    await imports.commit(batch_id=(await stage(election.id, csv_file(FAMILY))).id, actor=system())
    before = await db.fetch("SELECT * FROM voter ORDER BY id")
    again = await stage(election.id, csv_file(FAMILY))
    assert again.counts == {"new": 0, "update": 0, "unchanged": 4, "error": 0}
    await imports.commit(batch_id=again.id, actor=system())
    assert await db.fetch("SELECT * FROM voter ORDER BY id") == before


async def test_a_corrected_row_is_an_update(clean_db):
    election = await structure_with_areas()
    await imports.commit(batch_id=(await stage(election.id, csv_file(FAMILY))).id, actor=system())
    corrected = [list(r) for r in FAMILY]
    corrected[3][5] = "Kỹ sư"
    batch = await stage(election.id, csv_file(corrected))
    assert batch.counts["update"] == 1
    await imports.commit(batch_id=batch.id, actor=system())
    assert (await listed(election.id))[3].occupation == "Kỹ sư"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
async def test_every_common_encoding_is_read(clean_db, encoding):
    election = await structure_with_areas()
    batch = await stage(election.id, csv_file(FAMILY, encoding))
    assert batch.counts["new"] == 4


async def test_windows_1258_exports_come_out_composed(clean_db):
    from tests.test_imports import to_cp1258

    election = await structure_with_areas()
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER, *FAMILY])
    batch = await stage(election.id, io.BytesIO(to_cp1258(buffer.getvalue())))
    assert batch.counts["new"] == 4
    await imports.commit(batch_id=batch.id, actor=system())
    names = [v.full_name for v in await listed(election.id)]
    assert "Trần Văn Hùng" in names
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


async def test_xlsx_exports_are_read(clean_db):
    election = await structure_with_areas()
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for values in FAMILY:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    batch = await stage(election.id, buffer, "ds.xlsx")
    assert batch.counts["new"] == 4


async def test_row_errors_cite_row_column_and_reason(clean_db):
    election = await structure_with_areas()
    bad = [
        *FAMILY,
        row(5, personal_id="12345"),  # row 6: not 12 digits
        row(6, "Nguyễn Văn Bé", dt.date(2014, 1, 1)),  # row 7: under 18
        row(7, "Lê 3 Văn", dt.date(1980, 1, 1)),  # row 8: digit in the name
        row(8, area=9),  # row 9: unknown polling area
        row(
            9, "Trần Văn Hùng", dt.date(1970, 1, 2), personal_id=FAMILY[0][0]
        ),  # row 10: same ID as row 2
        row(10, personal_id="096" + "1" + "80" + "000010"),  # row 11: 4th digit says woman
        [
            "096080000011",
            "Hồ Văn Năm",
            "31/02/1980",
            "Nam",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "1",
        ],  # row 12
    ]
    batch = await stage(election.id, csv_file(bad))
    assert batch.counts["error"] == 7
    assert batch.counts["new"] == 4
    _, report = await imports.error_report(batch_id=batch.id, actor=system())
    lines = list(csv.reader(io.StringIO(report.decode("utf-8-sig"))))
    assert lines[0] == ["Dòng", "Cột", "Lý do"]
    found = {(line[0], line[1]): line[2] for line in lines[1:]}
    assert found[("6", "Số định danh cá nhân")] == "Số định danh cá nhân phải gồm đúng 12 chữ số."
    assert found[("7", "Ngày sinh")] == "Chưa đủ 18 tuổi vào ngày bầu cử (Điều 2)."
    assert "ký tự không hợp lệ" in found[("8", "Họ và tên")]
    assert found[("9", "Khu vực bỏ phiếu")] == "Không có khu vực bỏ phiếu «9» ở xã, phường này."
    assert found[("10", "Số định danh cá nhân")] == "Số định danh cá nhân trùng với dòng 2 của tệp."
    assert found[("11", "Số định danh cá nhân")].startswith("Chữ số thứ tư")
    assert found[("12", "Ngày sinh")].startswith("Ngày sinh «31/02/1980» không hợp lệ")
    with pytest.raises(Conflict, match="dòng lỗi"):
        await imports.commit(batch_id=batch.id, actor=system())
    assert await listed(election.id) == []


async def test_a_citizen_listed_in_another_commune_is_refused_citing_article_29(clean_db):
    election = await structure_with_areas()
    other = await stations.save_polling_area(
        election_id=election.id, commune_code="31834", number=1, name="", actor=system()
    )
    await voters.add_voter(
        polling_area_id=other.area.id,
        data=voters.NewVoter(
            personal_id=FAMILY[0][0],
            full_name="Trần Văn Hùng",
            date_of_birth=dt.date(1970, 1, 2),
            sex="male",
        ),
        reason="Thường trú",
        document="Tờ khai 1",
        actor=system(),
        now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    batch = await stage(election.id, csv_file(FAMILY))
    rows = await imports.batch_rows(
        batch_id=batch.id, actor=system(), outcome=imports.RowOutcome.ERROR
    )
    assert [r.row_number for r in rows] == [2]
    assert "Điều 29 khoản 2" in rows[0].errors[0]["message"]


async def test_blank_lines_are_skipped(clean_db):
    election = await structure_with_areas()
    blank = [""] * len(HEADER)
    batch = await stage(election.id, csv_file([FAMILY[0], blank, FAMILY[1]]))
    assert batch.counts == {"new": 2, "update": 0, "unchanged": 0, "error": 0}


async def test_a_structurally_broken_csv_names_the_line(clean_db):
    election = await structure_with_areas()
    content = csv_file(FAMILY).getvalue() + b"1,2,3\n"
    with pytest.raises(UnreadableFile, match="dòng 6"):
        await stage(election.id, io.BytesIO(content))
    assert await db.fetchval("SELECT count(*) FROM import_batch") == 0


async def test_a_file_without_the_id_column_is_refused(clean_db):
    election = await structure_with_areas()
    with pytest.raises(InvalidInput, match="Số định danh cá nhân"):
        await stage(election.id, csv_file([r[1:] for r in FAMILY], header=HEADER[1:]))


async def test_temporary_residents_under_a_year_get_two_ballots(clean_db):
    election = await structure_with_areas()
    data = [
        row(1, category="Tạm trú dưới 12 tháng"),
        row(2, "Lê Văn Hai", category="Tạm trú từ 12 tháng trở lên"),
    ]
    await imports.commit(batch_id=(await stage(election.id, csv_file(data))).id, actor=system())
    by_name = {v.full_name: v for v in await listed(election.id)}
    assert by_name["Nguyễn Văn An"].ballots == ["ĐBQH", "HĐND tỉnh"]
    assert by_name["Lê Văn Hai"].ballots == ["ĐBQH", "HĐND tỉnh", "HĐND xã"]


async def test_card_numbers_follow_households_and_later_additions_append(clean_db):
    election = await structure_with_areas()
    shuffled = [FAMILY[2], FAMILY[0], FAMILY[1]]  # the head is not first in the file
    await imports.commit(batch_id=(await stage(election.id, csv_file(shuffled))).id, actor=system())
    area_id = await db.fetchval("SELECT id FROM polling_area WHERE number = 1")
    await voters.finalize_area_list(polling_area_id=area_id, actor=system())
    numbered = await voters.area_list(polling_area_id=area_id, actor=system())
    assert [(v.card_number, v.full_name) for v in numbered] == [
        (1, "Trần Văn Hùng"),
        (2, "Trần Thị Mai"),
        (3, "Lê Thị Lan"),
    ]
    await imports.commit(
        batch_id=(await stage(election.id, csv_file([*shuffled, row(20, "Võ Văn Sáu")]))).id,
        actor=system(),
    )
    numbered = await voters.area_list(polling_area_id=area_id, actor=system())
    assert [(v.card_number, v.full_name) for v in numbered][-1] == (4, "Võ Văn Sáu")
    assert [v.card_number for v in numbered][:3] == [1, 2, 3]


async def test_two_commits_for_one_commune_at_once_give_each_household_its_own_place(clean_db):
    """Two batches of one commune committed at the same moment: each reads the
    commune's last household place before writing, so unless the commits take
    turns both place their households after the same one."""
    election = await structure_with_areas(1)
    first = await stage(
        election.id,
        csv_file(
            [
                row(1, "Trần Văn Hùng", household="A1"),
                row(2, "Lê Thị Lan", dt.date(1982, 3, 4), "female", household="A1", relation="Vợ"),
                row(3, "Phạm Văn Tư", household="A2"),
            ]
        ),
    )
    second = await stage(
        election.id,
        csv_file([row(11, "Võ Văn Sáu", household="B1"), row(12, "Đỗ Văn Bảy", household="B2")]),
    )
    await asyncio.gather(
        imports.commit(batch_id=first.id, actor=system()),
        imports.commit(batch_id=second.id, actor=system()),
    )
    places = await db.fetch(
        "SELECT household_id, array_agg(DISTINCT household_order) AS places FROM voter "
        "GROUP BY household_id ORDER BY household_id"
    )
    assert [r["household_id"] for r in places] == ["A1", "A2", "B1", "B2"]
    assert all(len(r["places"]) == 1 for r in places)
    assert sorted(r["places"][0] for r in places) == [1, 2, 3, 4]


async def test_the_same_citizens_committed_twice_at_once_are_listed_once(clean_db):
    """The second of two simultaneous commits finds the citizens listed by the
    first and is refused citing Art. 29(2), rather than failing in the database."""
    election = await structure_with_areas()
    first = await stage(election.id, csv_file(FAMILY))
    second = await stage(election.id, csv_file(FAMILY))
    outcomes = await asyncio.gather(
        imports.commit(batch_id=first.id, actor=system()),
        imports.commit(batch_id=second.id, actor=system()),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], Conflict)
    assert refused[0].article == "Điều 29 khoản 2"
    assert len(await listed(election.id)) == len(FAMILY)


# --------------------------------------------------------------------------
# The SQL checks and the Python rules must agree, row for row.


def random_row(rng: random.Random, serial: int) -> list[str]:
    sex = rng.choice(["male", "female"])
    born = dt.date(rng.randint(1899, 2012), rng.randint(1, 12), rng.randint(1, 28))
    # No digit encodes a birth before 1900: any one is written, and accepted.
    encoded = born if born.year >= 1900 else born.replace(year=2299)
    personal_id = citizen_id(encoded, sex, serial, province=rng.choice([1, 96, 97, 0, 840]))
    personal_id = personal_id[:4] + f"{born.year % 100:02d}" + personal_id[6:]
    if rng.random() < 0.15:  # one wrong digit somewhere
        index = rng.randrange(12)
        personal_id = (
            personal_id[:index] + str((int(personal_id[index]) + 1) % 10) + personal_id[index + 1 :]
        )
    if rng.random() < 0.05:
        personal_id = personal_id[:11]
    name = rng.choice(
        [
            "Nguyễn Thị Hồng",
            "H′Dơk Niê",
            "K'Nhiễu",
            "Lê-Văn Tám",
            "Trần 9 Văn",
            "Lê @ Bình",
            "   ",
            "Ông Ba.",
        ]
    )
    date_text = born.strftime("%d/%m/%Y") if rng.random() > 0.05 else "30/02/1990"
    return [
        personal_id,
        name,
        date_text,
        "Nam" if sex == "male" else "Nữ",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "1",
    ]


def python_warning_fields(values: list[str]) -> set[str]:
    """A birth code outside 001–096 warns; the row is still listed."""
    if not re.fullmatch("[0-9]{12}", values[0]):
        return set()
    return {v.field or "" for v in warnings_of(rules.check_personal_id(values[0]))}


def python_error_fields(values: list[str], election_day: dt.date) -> set[str]:
    from election.parsing import parse_date

    fields = set()
    try:
        born = parse_date(values[2])
    except ValueError:
        born = None
        fields.add("date_of_birth")
    sex = "male" if values[3] == "Nam" else "female"
    name = " ".join(unicodedata.normalize("NFC", values[1]).split())
    if blocking(rules.check_personal_id(values[0], sex=sex if born else None, date_of_birth=born)):
        fields.add("personal_id")
    if born and rules.check_voter_age(born, election_day):
        fields.add("date_of_birth")
    if rules.check_voter_name(name):
        fields.add("full_name")
    return fields


async def test_sql_checks_agree_with_the_python_rules(clean_db):
    election = await structure_with_areas(1)
    rng = random.Random(2026)
    rows = [random_row(rng, serial) for serial in range(1, 401)]
    batch = await stage(election.id, csv_file(rows))
    staged = await db.fetch(
        f"SELECT row_number, messages, outcome, warnings FROM voter_staging.rows_{batch.id} "
        "ORDER BY row_number"
    )
    seen: dict[str, int] = {}
    mismatches = []
    for record, values in zip(staged, rows, strict=True):
        sql_fields = {
            m.split("|")[0] for m in record["messages"] or [] if record["outcome"] == "error"
        }
        expected = python_error_fields(values, FUTURE_ELECTION_DAY)
        if values[0] in seen and not expected:
            expected = {"personal_id"}  # a duplicate in the file
        seen.setdefault(values[0], record["row_number"])
        if sql_fields != expected:
            mismatches.append(
                (record["row_number"], values[:4], sorted(sql_fields), sorted(expected))
            )
        sql_warnings = {m.split("|")[0] for m in record["warnings"]}
        if sql_warnings != python_warning_fields(values):
            mismatches.append((record["row_number"], values[:4], "warnings", sorted(sql_warnings)))
    assert mismatches == []
    assert any(record["warnings"] for record in staged)


async def test_the_sql_search_key_is_the_python_search_key(clean_db):
    names = [
        "Nguyễn Thị Hồng",
        "ĐẶNG VĂN ĐỨC",
        "H′Dơk Niê",
        "K’ Nhiễu",
        "  Lê   Ánh  ",
        "Ñandú Müller",
        "Trần\tVăn  Bình",
        "Nguye\u0302\u0303n Văn A",
        "Võ Thị Sáu.",
        "NGUYỄN Văn Tèo",
    ]
    for name in names:
        assert await db.fetchval(f"SELECT {sql_search_key('$1::text')}", name) == rules.search_key(
            name
        )


async def test_the_sql_search_key_agrees_on_a_thousand_generated_names(clean_db):
    """Names mixing upper and lower case, tone marks composed and decomposed,
    apostrophes, punctuation and irregular whitespace: both paths of the SQL."""
    rng = random.Random(2026)
    alphabet = (
        "aăâbcdđeêghiklmnoôơpqrstuưvxy"
        "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴĐ"
        "’′ʼ‘'.-ÑüðÐ\u0301\u0323"
    )
    spaces = (" ", " ", " ", "  ", "\t", " \n")
    names = []
    for _ in range(1000):
        words = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
            for _ in range(rng.randint(1, 4))
        ]
        name = rng.choice(["", " "]) + rng.choice(spaces).join(words)
        names.append(rng.choice([name, unicodedata.normalize("NFC", name)]))
    keys = await db.fetchval(
        f"SELECT array_agg({sql_search_key('n')} ORDER BY i) "
        "FROM unnest($1::text[]) WITH ORDINALITY AS t(n, i)",
        names,
    )
    assert [
        (name, key) for name, key in zip(names, keys, strict=True) if key != rules.search_key(name)
    ] == []


# --------------------------------------------------------------------------
# The statements on a batch's staging tables, as tests/test_queries.py checks
# the others: each prepares with the parameters and columns it declares.


async def test_every_statement_on_a_batch_prepares_as_declared(clean_db):
    election = await structure_with_areas(1)
    batch_id = 987654
    creating = (checks.check_rows, staging.classify_rows)
    lookups = {
        f"{name}_{part}": [] for name in checks.CODED_FIELDS for part in ("spellings", "codes")
    }
    async with db.transaction(), db.connection() as conn:

        async def prepare(declared) -> None:
            statement = statement_of(declared.on(batch_id))
            prepared = await conn.prepare(statement.text)
            assert len(prepared.get_parameters()) == len(statement.parameters), statement.name
            columns = [a.name for a in prepared.get_attributes()]
            if statement.row_type is not None:
                assert columns == list(row_fields(statement.row_type)), statement.name
            elif statement.mode is not Mode.EXECUTE:
                assert len(columns) == 1, statement.name

        await lay_out_file(
            batch_id, {name: i for i, name in enumerate(FILE_FIELDS)}, len(FILE_FIELDS)
        )
        # The statements that create a table prepare before it exists.
        await prepare(checks.check_rows)
        await checks.check_rows.on(batch_id)(latest_birth_date=dt.date(2013, 5, 25), **lookups)
        await prepare(staging.classify_rows)
        await staging.classify_rows.on(batch_id)(election_id=election.id, commune_code=BAC_LIEU)
        for declared in BATCH_STATEMENTS:
            if declared not in creating:
                await prepare(declared)
        assert len(BATCH_STATEMENTS) > len(creating)
