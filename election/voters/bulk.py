"""Bulk import of voter lists from population-database exports.

A commune's list has up to tens of thousands of voters and the country 76
million, so this path is set-based end to end:

1. the file streams into an unlogged staging table (`voter_staging.raw_N`)
   with PostgreSQL's own CSV parser (COPY), transcoded on the fly from
   UTF-16 or Windows-1258 when needed; XLSX rows stream through openpyxl;
2. one SQL statement parses and checks every row (the rules of
   `election/voters/rules.py`, written as SQL; a test proves both agree),
   finds duplicates in the file and compares with the voters already listed,
   into `voter_staging.checked_N` (the parsed values) and `voter_staging.rows_N`
   (each row's outcome, errors and place in the list);
3. the user sees the counts and the error report; commit inserts and updates
   the voters in two statements, in one transaction, or nothing.

Memory stays bounded: Python never holds more than a chunk of the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import logging
import re
import time
import unicodedata
from collections.abc import AsyncIterator, Iterator
from typing import Any, BinaryIO

import asyncpg

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.elections import services as elections
from election.errors import Conflict, Forbidden
from election.geography import services as geography
from election.imports import services as imports
from election.imports.mapping import ColumnMap, ColumnSpec, header_key, map_columns
from election.imports.readers import SAMPLE_BYTES, UnreadableFile, clean_cell, detect_encoding
from election.voters import rules
from election.voters.tables import Exclusion, ResidenceCategory

log = logging.getLogger("election.voters.import")

KIND = "voters"
TITLE = "Danh sách cử tri"
CHUNK = 1 << 20
XLSX_BATCH = 5000

VOTER_COLUMNS = (
    ColumnSpec(
        "personal_id",
        "Số định danh cá nhân",
        required=True,
        aliases=("Số CCCD", "Số căn cước công dân", "Số căn cước", "Số định danh", "Số CMND/CCCD"),
    ),
    ColumnSpec("full_name", "Họ và tên", required=True, aliases=("Họ, chữ đệm và tên", "Họ tên")),
    ColumnSpec(
        "date_of_birth",
        "Ngày sinh",
        required=True,
        aliases=("Ngày, tháng, năm sinh", "Ngày tháng năm sinh"),
    ),
    ColumnSpec("sex", "Giới tính", required=True),
    ColumnSpec("ethnicity", "Dân tộc"),
    ColumnSpec("occupation", "Nghề nghiệp"),
    ColumnSpec("permanent_address", "Nơi thường trú", aliases=("Địa chỉ thường trú",)),
    ColumnSpec("temporary_address", "Nơi tạm trú", aliases=("Nơi ở hiện tại", "Địa chỉ tạm trú")),
    ColumnSpec("residence_category", "Loại cư trú", aliases=("Diện cư trú", "Tình trạng cư trú")),
    ColumnSpec("household_id", "Mã hộ", aliases=("Số hộ", "Mã hộ gia đình", "Mã đơn vị")),
    ColumnSpec("relation", "Quan hệ với chủ hộ", aliases=("Chủ hộ", "Là chủ hộ")),
    ColumnSpec(
        "polling_area",
        "Khu vực bỏ phiếu",
        required=True,
        aliases=("Số khu vực", "Khu vực bỏ phiếu số", "KVBP"),
    ),
    ColumnSpec("exclusion", "Không được ghi tên", aliases=("Lý do không ghi tên",)),
    ColumnSpec("exclusion_evidence", "Căn cứ", aliases=("Căn cứ không ghi tên",)),
)

# Values accepted in the category column (compared as header keys: no case,
# no diacritics). Certificate holders are registered through Art. 34, not here.
CATEGORY_VALUES: dict[str, str] = {
    **{
        header_key(c.label): c.value
        for c in ResidenceCategory
        if c != ResidenceCategory.CERTIFICATE
    },
    **{
        header_key(c.value): c.value
        for c in ResidenceCategory
        if c != ResidenceCategory.CERTIFICATE
    },
    "": ResidenceCategory.PERMANENT.value,
    "thuong tru": ResidenceCategory.PERMANENT.value,
    "tam tru": ResidenceCategory.TEMPORARY_SHORT.value,
    "tam tru tu 12 thang": ResidenceCategory.TEMPORARY_LONG.value,
    "tam tru duoi 12 thang": ResidenceCategory.TEMPORARY_SHORT.value,
    "quan nhan": ResidenceCategory.ARMED_FORCES.value,
    "luc luong vu trang": ResidenceCategory.ARMED_FORCES.value,
    "tam giam": ResidenceCategory.DETENTION.value,
    "tam giu": ResidenceCategory.DETENTION.value,
}
EXCLUSION_VALUES: dict[str, str] = {
    **{header_key(e.label): e.value for e in Exclusion},
    **{header_key(e.value): e.value for e in Exclusion},
    "tuoc quyen bau cu": Exclusion.COURT_DEPRIVED.value,
    "tu hinh": Exclusion.DEATH_SENTENCE.value,
    "dang chap hanh an tu": Exclusion.IMPRISONED.value,
    "mat nang luc hanh vi dan su": Exclusion.LOST_CAPACITY.value,
}
HEAD_VALUES = ("chu ho", "la chu ho", "x", "co", "1", "true")
SEX_VALUES = {
    "nam": "male",
    "male": "male",
    "m": "male",
    "nu": "female",
    "female": "female",
    "f": "female",
}
FULL_FIELDS = (
    "full_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "occupation",
    "permanent_address",
    "temporary_address",
    "residence_category",
    "household_id",
    "is_household_head",
    "polling_area",
    "status",
    "exclusion",
)

_COMBINING_MARKS = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_SEARCH_FROM = "đð’′ʼ‘"
_SEARCH_TO = "dd''''"
# Every lower-case Vietnamese letter with a diacritic, and its plain letter.
_VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_VIETNAMESE_PLAIN = "a" * 17 + "e" * 11 + "i" * 5 + "o" * 17 + "u" * 11 + "y" * 5
# The ASCII letters of Vietnamese names, the most frequent first.
_ASCII_BY_FREQUENCY = " nhgtiauoemvcldrybpqkswxfjz"


def sql_search_key(expression: str) -> str:
    """SQL for rules.search_key(): lower case, combining marks removed, đ→d,
    apostrophes as ', whitespace collapsed.

    A name made only of printable ASCII, Vietnamese letters and single inner
    spaces (nearly every name) takes one `translate`; anything else takes the
    decomposition path. `translate` scans its source list for every character,
    so the list starts with the ASCII letters of names, mapped to themselves,
    most frequent first: that halves its cost on a million names.
    """
    lowered = f"lower({expression})"
    simple_letter = f"[!-~{_VIETNAMESE}{_SEARCH_FROM}]"
    is_simple = f"{lowered} ~ {_literal(f'^{simple_letter}+( {simple_letter}+)*$')}"
    fast = (
        f"translate({lowered}, {_literal(_ASCII_BY_FREQUENCY + _VIETNAMESE + _SEARCH_FROM)}, "
        f"{_literal(_ASCII_BY_FREQUENCY + _VIETNAMESE_PLAIN + _SEARCH_TO)})"
    )
    decomposed = f"normalize({lowered}, NFD)"
    unmarked = f"regexp_replace({decomposed}, '{_COMBINING_MARKS}', '', 'g')"
    slow = f"translate({unmarked}, {_literal(_SEARCH_FROM)}, {_literal(_SEARCH_TO)})"
    general = f"btrim(regexp_replace({slow}, '\\s+', ' ', 'g'))"
    return f"CASE WHEN {is_simple} THEN {fast} ELSE {general} END"


def _scope_sql(ballot: str, alias: str) -> str:
    """SQL for one flag of rules.ballot_scope(category), from the rule itself."""
    categories = [c.value for c in ResidenceCategory if getattr(rules.ballot_scope(c), ballot)]
    listed = ", ".join(_literal(c) for c in categories) or "NULL"
    return f"({alias}.residence_category IN ({listed}))"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --------------------------------------------------------------------------
# Reading the file into the raw staging table


class _Utf8Stream:
    """The file as NFC UTF-8, chunk by chunk (BOM dropped).

    Composing here, in C-speed chunks, spares PostgreSQL a normalize() per
    field (Windows-1258 exports write tone marks as separate characters). A
    chunk ends before its last base character, so a base letter and its
    combining marks are never split between two chunks.
    """

    def __init__(self, stream: BinaryIO, encoding: str):
        self.stream = stream
        self.encoding = encoding
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self.digest = hashlib.sha256()

    async def chunks(self) -> AsyncIterator[bytes]:
        carry = ""
        first = True
        while True:
            chunk = self.stream.read(CHUNK)
            self.digest.update(chunk)
            final = not chunk
            try:
                text = carry + self.decoder.decode(chunk, final=final)
            except UnicodeDecodeError as error:
                raise UnreadableFile(
                    f"Tệp có byte không hợp lệ với bảng mã {self.encoding}."
                ) from error
            if first:
                text = text.removeprefix("\ufeff")
                first = False
            if final:
                carry = ""
            else:
                cut = len(text)
                while cut > 0 and unicodedata.combining(text[cut - 1]):
                    cut -= 1
                cut = max(cut - 1, 0)
                text, carry = text[:cut], text[cut:]
            if text:
                if not unicodedata.is_normalized("NFC", text):
                    text = unicodedata.normalize("NFC", text)
                yield text.encode("utf-8")
            if final:
                return


def _csv_header(stream: BinaryIO) -> tuple[str, str, list[str]]:
    sample = stream.read(SAMPLE_BYTES)
    stream.seek(0)
    encoding = detect_encoding(sample)
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample)
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if not first_line:
        raise UnreadableFile("Tệp không có dữ liệu.")
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get) if max(counts.values()) else ","
    header = next(csv.reader(io.StringIO(first_line), delimiter=delimiter))
    return encoding, delimiter, [clean_cell(h) for h in header]


def _copy_error(error: asyncpg.PostgresError) -> UnreadableFile:
    context = error.as_dict().get("context", "") if hasattr(error, "as_dict") else ""
    match = re.search(r"line (\d+)", context or "")
    line = f" ở dòng {match.group(1)}" if match else ""
    detail = str(error).split("\n")[0]
    reasons = {
        "extra data after last expected column": "thừa cột so với dòng tiêu đề",
        "missing data for column": "thiếu cột so với dòng tiêu đề",
        "unterminated CSV quoted field": "dấu ngoặc kép không đóng",
    }
    reason = next((vi for en, vi in reasons.items() if en in detail), "sai cấu trúc")
    return UnreadableFile(f"Tệp CSV sai cấu trúc{line}: {reason}.")


async def _load_raw(conn, batch_id: int, stream: BinaryIO, filename: str) -> tuple[list[str], str]:
    """Create raw_N and fill it; returns the header and the file's SHA-256."""
    head = stream.read(4)
    stream.seek(0)
    is_xlsx = filename.lower().endswith(".xlsx") or head.startswith(b"PK\x03\x04")
    if not is_xlsx and not filename.lower().endswith((".csv", ".txt")) and filename:
        raise UnreadableFile("Chỉ nhận tệp .csv hoặc .xlsx.")
    if is_xlsx:
        return await _load_xlsx(conn, batch_id, stream)
    encoding, delimiter, header = _csv_header(stream)
    await _create_raw(conn, batch_id, len(header))
    source = _Utf8Stream(stream, encoding)
    try:
        await conn.copy_to_table(
            f"raw_{batch_id}",
            schema_name="voter_staging",
            source=source.chunks(),
            columns=[f"c{i}" for i in range(len(header))],
            format="csv",
            header=True,
            delimiter=delimiter,
        )
    except asyncpg.PostgresError as error:
        raise _copy_error(error) from error
    return header, source.digest.hexdigest()


async def _create_raw(conn, batch_id: int, width: int) -> None:
    columns = ", ".join(f"c{i} text" for i in range(width))
    await conn.execute(
        f"CREATE UNLOGGED TABLE voter_staging.raw_{batch_id} "
        f"(rn bigint GENERATED ALWAYS AS IDENTITY, {columns})"
    )


async def _load_xlsx(conn, batch_id: int, stream: BinaryIO) -> tuple[list[str], str]:
    from openpyxl import load_workbook

    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken file
        raise UnreadableFile(
            "Không mở được tệp Excel (.xlsx); tệp hỏng hoặc sai định dạng."
        ) from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [clean_cell(v) for v in next(rows, ())]
        if not any(header):
            raise UnreadableFile("Tệp không có dữ liệu.")
        width = len(header)
        await _create_raw(conn, batch_id, width)

        async def records() -> AsyncIterator[tuple]:
            for values in rows:
                cells = [clean_cell(v) for v in values[:width]]
                yield tuple(cells + [""] * (width - len(cells)))

        await conn.copy_records_to_table(
            f"raw_{batch_id}",
            schema_name="voter_staging",
            records=records(),
            columns=[f"c{i}" for i in range(width)],
        )
    finally:
        workbook.close()
    return header, digest.hexdigest()


# --------------------------------------------------------------------------
# Checking every row in SQL


def _column(columns: ColumnMap, name: str) -> str:
    index = columns.positions.get(name)
    return f"coalesce(c{index}, '')" if index is not None else "''"


# The columns whose values are codes, looked up once per distinct spelling.
CODED_FIELDS = ("sex", "residence_category", "exclusion", "relation", "polling_area")
_AREA_NUMBER = re.compile(r"([0-9]+)\s*$")


async def code_lookups(
    conn, batch_id: int, columns: ColumnMap, election_id: int, commune_code: str
) -> list[tuple[list[str], list[Any]]]:
    """For each of CODED_FIELDS, the distinct trimmed spellings in the file and
    their codes (None when unknown), in one hash-aggregated pass over the rows.

    The spellings are few (Nam/Nữ, a handful of categories, the area labels),
    so mapping them here, with the same header_key() that maps the headers,
    spares the per-row statement a normalisation per row.
    """
    trimmed = [f"btrim({_column(columns, name)})" for name in CODED_FIELDS]
    sets = ", ".join(f"(v{i})" for i in range(len(CODED_FIELDS)))
    names = ", ".join(f"{expr} AS v{i}" for i, expr in enumerate(trimmed))
    records = await conn.fetch(
        f"SELECT {', '.join(f'v{i}' for i in range(len(CODED_FIELDS)))} "
        f"FROM (SELECT {names} FROM voter_staging.raw_{batch_id}) t GROUP BY GROUPING SETS ({sets})"
    )
    spellings: list[list[str]] = [[] for _ in CODED_FIELDS]
    for record in records:
        for index, value in enumerate(record):
            if value is not None:
                spellings[index].append(value)
                break
    areas = dict(
        await conn.fetch(
            "SELECT number, id FROM polling_area WHERE election = $1 AND commune = $2",
            election_id,
            commune_code,
        )
    )

    def area_id(label: str) -> int | None:
        match = _AREA_NUMBER.search(label)
        return areas.get(int(match.group(1))) if match else None

    code_of = (
        lambda v: SEX_VALUES.get(header_key(v)),
        lambda v: CATEGORY_VALUES.get(header_key(v)),
        lambda v: EXCLUSION_VALUES.get(header_key(v)),
        lambda v: header_key(v) in HEAD_VALUES,
        area_id,
    )
    return [
        (values, [lookup(v) for v in values])
        for values, lookup in zip(spellings, code_of, strict=True)
    ]


def check_sql(batch_id: int, columns: ColumnMap, width: int) -> str:
    """The statement that parses and checks every staged row ($1 the last date
    of birth that votes; $2…$11 the spellings and codes of CODED_FIELDS, as
    code_lookups() returns them).

    Mirrors election/voters/rules.py (check_personal_id, check_voter_age,
    check_voter_name, ballot_scope) — tests/test_voter_import.py proves the two
    agree on generated rows. Text arrives already NFC (see _Utf8Stream).
    Written for speed: each value is parsed once per row, every step runs in
    the parallel workers (see stage_voters), and every row-level check is a
    plain comparison. Materialized CTEs would also compute each value once,
    but in the leader alone: 4.5 s instead of 3.3 s for a million rows.
    """
    col = {name: _column(columns, name) for name in (spec.field for spec in VOTER_COLUMNS)}
    not_blank = "concat(" + ", ".join(f"c{i}" for i in range(width)) + ") ~ '\\S'"
    trimmed_columns = ", ".join(
        f"btrim({col[name]}) AS {name}" for name in col if name != "full_name"
    )
    month_days = "(ARRAY[31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])"
    name_pattern = "^[[:alpha:][:space:]''’′.-]*[[:alpha:]][[:alpha:][:space:]''’′.-]*$"
    lookups = "\n".join(
        f"LEFT JOIN unnest(${2 + 2 * i}::text[], ${3 + 2 * i}::{kind}[]) AS {name}_codes(raw, code) "
        f"ON {name}_codes.raw = src.{name}"
        for i, (name, kind) in enumerate(
            zip(CODED_FIELDS, ("text", "text", "text", "boolean", "int"), strict=True)
        )
    )
    # Three levels, each computed once per row: a volatile but parallel-safe
    # column (clock_timestamp) keeps PostgreSQL from merging a level into the
    # next, which would repeat its expressions at every use, and every level
    # runs in the parallel workers; the leader only writes the rows.
    source = f"""
        SELECT t.*, clock_timestamp() AS src_fence,
            t.personal_id ~ '^[0-9]{{12}}$' AS pid_ok,
            CASE WHEN t.full_name_raw ~ '\\s\\s|[\t\r\n]'
                 THEN regexp_replace(t.full_name_raw, '\\s+', ' ', 'g') ELSE t.full_name_raw END AS full_name,
            -- dd/mm/yyyy, as exports write it, without the regular expression
            -- (a capturing match costs some 7 µs a row); other forms take it.
            CASE WHEN length(t.date_of_birth) = 10 AND substr(t.date_of_birth, 3, 1) = '/'
                      AND substr(t.date_of_birth, 6, 1) = '/'
                      AND translate(t.date_of_birth, '0123456789', '') = '//'
                 THEN ARRAY[substr(t.date_of_birth, 1, 2), substr(t.date_of_birth, 4, 2),
                            substr(t.date_of_birth, 7, 4)]
                 ELSE regexp_match(t.date_of_birth, '^(\\d{{1,2}})[/.-](\\d{{1,2}})[/.-](\\d{{4}})$')
            END AS dmy,
            CASE WHEN length(t.date_of_birth) = 10 AND substr(t.date_of_birth, 3, 1) = '/' THEN NULL
                 ELSE regexp_match(t.date_of_birth, '^(\\d{{4}})-(\\d{{1,2}})-(\\d{{1,2}})')
            END AS ymd
        FROM (
            SELECT rn + 1 AS row_number, {trimmed_columns}, btrim({col["full_name"]}) AS full_name_raw
            FROM voter_staging.raw_{batch_id}
            WHERE {not_blank}
        ) t
    """
    parts = f"""
        SELECT clock_timestamp() AS parts_fence, src.row_number, src.personal_id, src.pid_ok, src.full_name, src.date_of_birth AS dob_raw,
            src.sex AS sex_raw, src.residence_category AS category_raw, src.exclusion AS exclusion_raw,
            src.polling_area AS area_raw, src.ethnicity, src.occupation, src.permanent_address,
            src.temporary_address, src.household_id, src.exclusion_evidence,
            COALESCE(src.dmy[3], src.ymd[1])::int AS y,
            COALESCE(src.dmy[2], src.ymd[2])::int AS mo,
            COALESCE(src.dmy[1], src.ymd[3])::int AS d,
            sex_codes.code AS sex, residence_category_codes.code AS residence_category,
            exclusion_codes.code AS exclusion, COALESCE(relation_codes.code, false) AS is_household_head,
            polling_area_codes.code AS polling_area
        FROM ({source}) src
        {lookups}
    """
    dated = f"""
        SELECT parts.*, clock_timestamp() AS dated_fence,
            CASE WHEN y BETWEEN 1800 AND 2299 AND mo BETWEEN 1 AND 12 AND d >= 1
                  AND d <= {month_days}[mo]
                      + CASE WHEN mo = 2 AND y % 4 = 0 AND (y % 100 <> 0 OR y % 400 = 0) THEN 1 ELSE 0 END
                 THEN make_date(y, mo, d) END AS date_of_birth
        FROM ({parts}) parts
    """
    return f"""
    CREATE UNLOGGED TABLE voter_staging.checked_{batch_id} AS
    SELECT row_number, personal_id, CASE WHEN pid_ok THEN personal_id::bigint END AS pid_number,
        full_name, date_of_birth, sex, ethnicity, occupation,
        permanent_address, temporary_address, residence_category, household_id, is_household_head,
        polling_area, exclusion, exclusion_evidence,
        array_remove(ARRAY[
            CASE WHEN NOT pid_ok THEN 'personal_id|Số định danh cá nhân phải gồm đúng 12 chữ số.'
                 WHEN substr(personal_id, 1, 3)::int NOT BETWEEN 1 AND 96
                 THEN 'personal_id|Ba chữ số đầu của số định danh cá nhân không phải mã tỉnh hợp lệ (001–096).'
            END,
            CASE WHEN pid_ok AND date_of_birth IS NOT NULL AND sex IS NOT NULL
                      AND substr(personal_id, 4, 1)::int <>
                          (CASE WHEN y < 1900 THEN 8 ELSE ((y - 1900) / 100) * 2 END
                           + CASE WHEN sex = 'female' THEN 1 ELSE 0 END)
                 THEN 'personal_id|Chữ số thứ tư của số định danh không khớp giới tính và thế kỷ sinh.'
            END,
            CASE WHEN pid_ok AND date_of_birth IS NOT NULL
                      AND substr(personal_id, 5, 2)::int <> y % 100
                 THEN 'personal_id|Chữ số thứ năm và sáu của số định danh không khớp năm sinh.'
            END,
            CASE WHEN full_name = '' THEN 'full_name|Họ và tên không được để trống.'
                 WHEN full_name !~ '{name_pattern}'
                 THEN 'full_name|Họ và tên «' || full_name || '» có ký tự không hợp lệ.'
                 WHEN length(full_name) > 150 THEN 'full_name|Họ và tên dài quá 150 ký tự.'
            END,
            CASE WHEN dob_raw = '' THEN 'date_of_birth|Thiếu ngày sinh.'
                 WHEN date_of_birth IS NULL
                 THEN 'date_of_birth|Ngày sinh «' || dob_raw || '» không hợp lệ (dùng ngày/tháng/năm).'
                 WHEN date_of_birth > $1::date
                 THEN 'date_of_birth|Chưa đủ 18 tuổi vào ngày bầu cử (Điều 2).'
            END,
            CASE WHEN sex IS NULL
                 THEN 'sex|Giới tính «' || sex_raw || '» không hợp lệ (ghi Nam hoặc Nữ).' END,
            CASE WHEN residence_category IS NULL
                 THEN 'residence_category|Loại cư trú «' || category_raw || '» không hợp lệ.' END,
            CASE WHEN exclusion_raw <> '' AND exclusion IS NULL
                 THEN 'exclusion|Lý do không ghi tên «' || exclusion_raw || '» không thuộc Điều 30.' END,
            CASE WHEN polling_area IS NULL
                 THEN 'polling_area|Không có khu vực bỏ phiếu «' || area_raw || '» ở xã, phường này.' END,
            CASE WHEN length(ethnicity) > 50 OR length(occupation) > 150
                      OR length(permanent_address) > 300 OR length(temporary_address) > 300
                      OR length(household_id) > 40 OR length(exclusion_evidence) > 300
                 THEN '|Có ô dữ liệu dài quá giới hạn.' END
        ], NULL) AS errors
    FROM ({dated}) dated
    """


def classify_sql(batch_id: int) -> str:
    """Duplicates in the file, comparison with what is listed, list order, outcome."""
    fields = ", ".join(f"c.{f}" for f in FULL_FIELDS if f not in ("status", "polling_area"))
    existing_fields = ", ".join(
        f"ex.{f}" for f in FULL_FIELDS if f not in ("status", "polling_area")
    )
    return f"""
    CREATE UNLOGGED TABLE voter_staging.rows_{batch_id} AS
    -- Duplicates and household order are worked out on narrow rows (hash
    -- aggregates, and sorts of a few columns), then joined back: sorting the
    -- whole wide rows of a commune three times cost more than all the rest.
    -- The result is narrow too: the parsed values stay in checked_N, which
    -- the commit joins by row number, rather than being written out again.
    WITH keyed AS (
        SELECT c.row_number, c.pid_number, COALESCE(c.polling_area, 0) AS area_key,
            CASE WHEN c.household_id = '' THEN 'row:' || c.row_number ELSE c.household_id END
                AS household_key
        FROM voter_staging.checked_{batch_id} c
    ), duplicates AS (
        -- A row whose ID is not 12 digits is an error already; the others
        -- compare as numbers, which hash faster than text.
        SELECT pid_number, min(row_number) AS first_row FROM keyed
        WHERE pid_number IS NOT NULL GROUP BY pid_number HAVING count(*) > 1
    ), households AS (
        SELECT area_key, household_key, min(row_number) AS household_first
        FROM keyed GROUP BY area_key, household_key
    ), ordered AS (
        -- Households numbered per area by first appearance, members in file
        -- order: one sort of integers serves both windows.
        SELECT k.row_number, COALESCE(d.first_row, k.row_number) AS first_row,
            dense_rank() OVER (PARTITION BY k.area_key ORDER BY h.household_first) AS household_rank,
            row_number() OVER (PARTITION BY k.area_key, h.household_first ORDER BY k.row_number)
                AS member_order
        FROM keyed k
        JOIN households h ON h.area_key = k.area_key AND h.household_key = k.household_key
        LEFT JOIN duplicates d ON d.pid_number = k.pid_number
    ), existing AS MATERIALIZED (
        -- Each citizen's entry already in this election, the active one first.
        -- One join the planner sizes from the statistics: a scan when the
        -- election has few voters yet, index probes when it has many.
        SELECT DISTINCT ON (v.personal_id) v.*
        FROM voter v
        WHERE v.election = $1
          AND v.personal_id IN (SELECT personal_id FROM voter_staging.checked_{batch_id})
        ORDER BY v.personal_id, (v.status = 'listed' AND NOT v.voting_elsewhere) DESC,
            (v.commune = $2) DESC, v.id DESC
    )
    SELECT c.row_number, c.personal_id, c.full_name, c.polling_area, o.household_rank,
        o.member_order,
        CASE WHEN c.exclusion IS NOT NULL THEN 'excluded' ELSE 'listed' END AS status,
        ex.id AS existing_id, ex.polling_area AS existing_area, ex.commune AS existing_commune,
        ex.status AS existing_status,
        CASE
            WHEN cardinality(c.errors) > 0 THEN 'error'
            WHEN o.first_row < c.row_number THEN 'error'
            WHEN ex.id IS NULL THEN 'new'
            WHEN ex.commune <> $2 AND ex.status = 'listed' AND NOT ex.voting_elsewhere THEN 'error'
            WHEN ex.commune <> $2 THEN 'new'
            WHEN ex.status = 'struck_off' THEN 'unchanged'
            WHEN ({fields}, c.polling_area, CASE WHEN c.exclusion IS NOT NULL THEN 'excluded' ELSE 'listed' END)
                 IS NOT DISTINCT FROM ({existing_fields}, ex.polling_area, ex.status)
            THEN 'unchanged'
            ELSE 'update'
        END AS outcome,
        CASE
            WHEN cardinality(c.errors) = 0 AND o.first_row < c.row_number
            THEN ARRAY['personal_id|Số định danh cá nhân trùng với dòng ' || o.first_row || ' của tệp.']
            WHEN cardinality(c.errors) = 0 AND ex.commune <> $2 AND ex.status = 'listed'
                 AND NOT ex.voting_elsewhere
            THEN ARRAY['personal_id|Công dân đã có tên trong danh sách cử tri khu vực bỏ phiếu số '
                       || (SELECT number FROM polling_area WHERE id = ex.polling_area) || ', '
                       || (SELECT name FROM commune WHERE code = ex.commune)
                       || '; mỗi công dân chỉ được ghi tên vào một danh sách (Điều 29 khoản 2).']
            ELSE c.errors
        END AS messages
    FROM voter_staging.checked_{batch_id} c
    JOIN ordered o ON o.row_number = c.row_number
    LEFT JOIN existing ex ON ex.personal_id = c.personal_id
    """


async def stage_voters(
    *,
    election_id: int,
    commune_code: str,
    stream: BinaryIO,
    filename: str,
    actor: Actor,
    now: dt.datetime | None = None,
) -> imports.BatchSummary:
    """Check a population-database export into a batch; nothing is listed yet."""
    from election.voters.services import _check_cutoff, may_manage

    commune = await geography.get_commune(commune_code)
    if not may_manage(actor, commune.code, commune.province_code):
        raise Forbidden("Bạn không có quyền nhập danh sách cử tri của xã, phường này.")
    # Art. 29(4), 30: the list changes only until 24 hours before voting opens.
    await _check_cutoff(election_id, now)
    stream.seek(0)
    async with db.transaction(), db.connection() as conn:
        # Sorts and windows over a whole commune stay in memory.
        await conn.execute("SET LOCAL work_mem = '256MB'")
        batch_id = await conn.fetchval(
            """
            INSERT INTO import_batch (kind, scope, filename, sha256, status, total_rows, counts,
                                      column_map, created_by)
            VALUES ($1, $2, $3, '', 'staged', 0, '{}'::jsonb, '{}'::jsonb, $4) RETURNING id
            """,
            KIND,
            f"election:{election_id}:commune:{commune_code}",
            filename[:255],
            actor.username,
        )
        started = time.perf_counter()
        header, digest = await _load_raw(conn, batch_id, stream, filename)
        loaded = time.perf_counter()
        columns = map_columns(header, VOTER_COLUMNS)
        election = await elections.get_election(election_id=election_id)
        lookups = await code_lookups(conn, batch_id, columns, election_id, commune_code)
        # The checks cost far more per row than the planner assumes (regular
        # expressions, dates): a large file is worth spreading over workers.
        await conn.execute("SET LOCAL parallel_setup_cost = 0")
        await conn.execute("SET LOCAL parallel_tuple_cost = 0.0001")
        await conn.execute(
            check_sql(batch_id, columns, len(header)),
            rules.latest_birth_date(election.election_day),
            *(item for pair in lookups for item in pair),
        )
        await conn.execute("SET LOCAL parallel_setup_cost TO DEFAULT")
        await conn.execute("SET LOCAL parallel_tuple_cost TO DEFAULT")
        checked = time.perf_counter()
        await conn.execute(classify_sql(batch_id), election_id, commune_code)
        classified = time.perf_counter()
        log.info(
            "voter import %s: read %.1f s, checks %.1f s, classification %.1f s",
            batch_id,
            loaded - started,
            checked - loaded,
            classified - checked,
        )
        await conn.execute(f"DROP TABLE voter_staging.raw_{batch_id}")
        counts = {outcome: 0 for outcome in ("new", "update", "unchanged", "error")}
        for row in await conn.fetch(
            f"SELECT outcome, count(*) AS n FROM voter_staging.rows_{batch_id} GROUP BY outcome"
        ):
            counts[row["outcome"]] = row["n"]
        column_map = {name: header[index] for name, index in columns.positions.items()}
        await conn.execute(
            "UPDATE import_batch SET sha256 = $2, total_rows = $3, counts = $4::jsonb, "
            "column_map = $5::jsonb WHERE id = $1",
            batch_id,
            digest,
            sum(counts.values()),
            json.dumps(counts),
            json.dumps(column_map, ensure_ascii=False),
        )
        await audit.record(
            actor=actor,
            entity_type="import_batch",
            entity_id=batch_id,
            action="stage",
            after={"kind": KIND, "commune": commune_code, "filename": filename, "counts": counts},
            summary=f"Tải lên danh sách cử tri {commune.name}: tệp {filename}",
        )
    return await imports.get_batch(batch_id=batch_id, actor=actor)


# --------------------------------------------------------------------------
# The batch handler: rows, error report, commit, discard


def _scope(scope: str) -> tuple[int, str]:
    parts = scope.split(":")
    return int(parts[1]), parts[3]


class VoterBatchHandler:
    """How the generic import pages and API treat a voter batch."""

    title = TITLE

    async def check_access(self, scope: str, actor: Actor) -> None:
        _, commune_code = _scope(scope)
        commune = await geography.get_commune(commune_code)
        if not actor.covers_commune(commune.code, commune.province_code):
            raise Forbidden("Lượt nhập này thuộc xã, phường ngoài phạm vi của bạn.")

    async def rows(
        self, batch: imports.BatchSummary, outcome: str | None, limit: int
    ) -> list[imports.StagedRow]:
        if not await _staging_exists(batch.id):
            return []
        records = await db.fetch(
            f"""
            SELECT row_number, personal_id, full_name, outcome, messages
            FROM voter_staging.rows_{batch.id}
            WHERE ($1::text IS NULL OR outcome = $1) ORDER BY row_number LIMIT $2
            """,
            outcome,
            limit,
        )
        return [
            imports.StagedRow(
                row_number=r["row_number"],
                key=r["personal_id"],
                outcome=imports.RowOutcome(r["outcome"]),
                data={"full_name": r["full_name"]},
                errors=[_error(m) for m in r["messages"] or []] if r["outcome"] == "error" else [],
            )
            for r in records
        ]

    async def error_lines(self, batch: imports.BatchSummary) -> Iterator[tuple[int, str, str]]:
        records = await db.fetch(
            f"SELECT row_number, messages FROM voter_staging.rows_{batch.id} "
            "WHERE outcome = 'error' ORDER BY row_number"
        )
        lines = []
        for record in records:
            for message in record["messages"]:
                error = _error(message)
                lines.append((record["row_number"], error["field"], error["message"]))
        return iter(lines)

    async def commit(
        self, batch: imports.BatchSummary, actor: Actor, now: dt.datetime | None = None
    ) -> dict[str, Any]:
        from election.voters.services import _check_cutoff, may_manage

        election_id, commune_code = _scope(batch.scope)
        commune = await geography.get_commune(commune_code)
        if not may_manage(actor, commune.code, commune.province_code):
            raise Forbidden("Bạn không có quyền nhập danh sách cử tri của xã, phường này.")
        await _check_cutoff(election_id, now)
        table = f"voter_staging.rows_{batch.id}"
        parsed = f"voter_staging.checked_{batch.id}"
        async with db.connection() as conn:
            await conn.execute("SET LOCAL work_mem = '256MB'")
            # Rows still to apply must not collide with entries made since staging.
            clash = await conn.fetchval(
                f"""
                SELECT r.row_number FROM {table} r JOIN voter v
                  ON v.election = $1 AND v.personal_id = r.personal_id AND v.status = 'listed'
                 AND NOT v.voting_elsewhere AND v.id IS DISTINCT FROM r.existing_id
                WHERE r.outcome IN ('new', 'update') AND r.status = 'listed' LIMIT 1
                """,
                election_id,
            )
            if clash is not None:
                raise Conflict(
                    f"Dòng {clash}: công dân đã được ghi tên ở nơi khác sau khi tải tệp lên; "
                    "hãy tải tệp lên lại.",
                    article="Điều 29 khoản 2",
                )
            offset = await conn.fetchval(
                "SELECT COALESCE(max(household_order), 0) FROM voter WHERE election = $1 AND commune = $2",
                election_id,
                commune_code,
            )
            insert_started = time.perf_counter()
            new_rows = f"""
                WITH listed_households AS MATERIALIZED (
                    -- A household already listed keeps its place. Worked out
                    -- once, before any row goes in, so the insert never reads
                    -- the rows it is writing.
                    SELECT polling_area, household_id, min(household_order) AS household_order
                    FROM voter WHERE election = $1 AND commune = $2 AND household_id <> ''
                    GROUP BY polling_area, household_id
                )
                SELECT $1::int, c.polling_area, $2::text, c.personal_id, c.full_name,
                    {sql_search_key("c.full_name")}, c.date_of_birth, c.sex, c.ethnicity,
                    c.occupation, c.permanent_address, c.temporary_address, c.residence_category,
                    c.household_id, c.is_household_head,
                    (COALESCE(h.household_order, $3 + r.household_rank))::int, r.member_order::int,
                    {_scope_sql("dbqh", "c")}, {_scope_sql("tinh", "c")}, {_scope_sql("xa", "c")},
                    r.status, c.exclusion, c.exclusion_evidence, $4::int
                FROM {table} r
                JOIN {parsed} c ON c.row_number = r.row_number
                LEFT JOIN listed_households h
                  ON h.polling_area = c.polling_area AND h.household_id = c.household_id
                WHERE r.outcome = 'new'
            """
            arguments = (election_id, commune_code, offset, batch.id)
            inserted = await db.copy_query_into(
                conn, new_rows, arguments, table="voter", columns=list(_INSERTED_COLUMNS)
            )
            if inserted is None:  # staged in a transaction still open: one statement
                status = await conn.execute(
                    f"INSERT INTO voter ({', '.join(_INSERTED_COLUMNS)}) {new_rows}", *arguments
                )
                inserted = int(status.split()[-1])
            # Only when the file changes voters already listed: with none, the
            # planner may think the freshly filled voter table tiny and loop
            # over the whole staging table once per voter (minutes).
            has_updates = await conn.fetchval(
                f"SELECT EXISTS (SELECT 1 FROM {table} WHERE outcome = 'update')"
            )
            updated = "UPDATE 0"
            if has_updates:
                await conn.execute(f"ANALYZE {table}, {parsed}")
                updated = await conn.execute(
                    f"""
                UPDATE voter v SET polling_area = c.polling_area, full_name = c.full_name,
                    search_name = {sql_search_key("c.full_name")}, date_of_birth = c.date_of_birth,
                    sex = c.sex, ethnicity = c.ethnicity, occupation = c.occupation,
                    permanent_address = c.permanent_address, temporary_address = c.temporary_address,
                    residence_category = c.residence_category, household_id = c.household_id,
                    is_household_head = c.is_household_head,
                    ballot_dbqh = {_scope_sql("dbqh", "c")}, ballot_tinh = {_scope_sql("tinh", "c")},
                    ballot_xa = {_scope_sql("xa", "c")},
                    status = r.status, exclusion = c.exclusion, exclusion_evidence = c.exclusion_evidence,
                    import_batch = $1, updated_at = now()
                FROM {table} r JOIN {parsed} c ON c.row_number = r.row_number
                WHERE r.outcome = 'update' AND v.id = r.existing_id
                """,
                    batch.id,
                )
            log.info(
                "voter import %s: insert and update %.1f s",
                batch.id,
                time.perf_counter() - insert_started,
            )
            areas = [
                r["polling_area"]
                for r in await conn.fetch(
                    f"""
                    SELECT DISTINCT r.polling_area FROM {table} r JOIN voter_list vl
                      ON vl.polling_area = r.polling_area AND vl.finalized_at IS NOT NULL
                    WHERE r.outcome IN ('new', 'update')
                    """
                )
            ]
            from election.voters.services import _append_card_numbers

            for area_id in areas:
                await _append_card_numbers(area_id)
            await conn.execute(f"DROP TABLE {table}, {parsed}")
        return {"new": inserted, "updated": int(updated.split()[-1])}

    async def discard(self, batch: imports.BatchSummary) -> None:
        await db.execute(
            f"DROP TABLE IF EXISTS voter_staging.rows_{batch.id}, voter_staging.checked_{batch.id}"
        )


_INSERTED_COLUMNS = (
    "election",
    "polling_area",
    "commune",
    "personal_id",
    "full_name",
    "search_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "occupation",
    "permanent_address",
    "temporary_address",
    "residence_category",
    "household_id",
    "is_household_head",
    "household_order",
    "member_order",
    "ballot_dbqh",
    "ballot_tinh",
    "ballot_xa",
    "status",
    "exclusion",
    "exclusion_evidence",
    "import_batch",
)


def _error(message: str) -> dict[str, str]:
    field, _, text = message.partition("|")
    return {"field": field, "message": text}


async def _staging_exists(batch_id: int) -> bool:
    return bool(
        await db.fetchval("SELECT to_regclass($1) IS NOT NULL", f"voter_staging.rows_{batch_id}")
    )


imports.register_handler(KIND, VoterBatchHandler())
