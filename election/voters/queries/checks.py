"""Checking every row of an imported file in SQL: the rules of
`election/voters/rules.py` (check_personal_id, check_voter_age,
check_voter_name), written as one statement over the batch's `source_N` view
into `checked_N`. `tests/test_voter_import.py` proves the two agree on
generated rows. Text arrives already NFC (the reader composes it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.voters.queries.batch import FILE_FIELDS, on_batch

CODED_FIELDS = ("sex", "residence_category", "exclusion", "relation", "polling_area")
"""The fields whose values are codes, looked up once per distinct spelling."""

# The type of each coded field's code.
_CODE_TYPES = ("text", "text", "text", "boolean", "int")


@dataclass(frozen=True)
class Spelling:
    """One distinct trimmed spelling of one of CODED_FIELDS (the others NULL)."""

    sex: str | None
    residence_category: str | None
    exclusion: str | None
    relation: str | None
    polling_area: str | None


@on_batch(f"""
    SELECT {", ".join(CODED_FIELDS)}
    FROM (SELECT {", ".join(f"btrim({name}) AS {name}" for name in CODED_FIELDS)}
          FROM voter_staging.source_{{batch}}) t
    GROUP BY GROUPING SETS ({", ".join(f"({name})" for name in CODED_FIELDS)})
""")
async def spellings() -> list[Spelling]:
    """The distinct spellings of each coded field, in one hash-aggregated pass.

    They are few (Nam/Nữ, a handful of categories, the area labels), so
    mapping them in Python, with the same header_key() that maps the headers,
    spares the check a normalisation per row.
    """
    ...


# Each coded field joined to its spellings and codes (the parameters
# `:<field>_spellings` and `:<field>_codes`, as `spellings` found them).
_LOOKUPS = "\n".join(
    f"LEFT JOIN unnest(:{name}_spellings::text[], :{name}_codes::{kind}[]) "
    f"AS {name}_codes(raw, code) ON {name}_codes.raw = src.{name}"
    for name, kind in zip(CODED_FIELDS, _CODE_TYPES, strict=True)
)
_TRIMMED = ", ".join(f"btrim({name}) AS {name}" for name in FILE_FIELDS if name != "full_name")
_MONTH_DAYS = "(ARRAY[31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])"
_NAME_PATTERN = "^[[:alpha:][:space:]''’′.-]*[[:alpha:]][[:alpha:][:space:]''’′.-]*$"

# One placement of the tone marks in names (`election.text.normalize_tone_marks`):
# a final oa, oe or uy (not the uy of qu-) carries the mark on its first vowel.
# In NFD the mark follows the vowel it sits on, so moving it is one swap. Only
# the names that hold such a pair at a syllable's end are decomposed, found by
# a character class first ("Hoàng", "Toàn" pass it), then with their context.
# `tests/test_voter_corrections.py` proves SQL and Python agree.
_TONES = "\\u0300\\u0301\\u0303\\u0309\\u0323"
_ENDS_SYLLABLE = "(?![[:alpha:][:digit:]_đĐ\\u0300-\\u036f])"
_MAY_MOVE = "[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ]"
_MOVES = "[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ](?![[:alpha:]])|(?<![qQ])[uU][ỳýỷỹỵỲÝỶỸỴ](?![[:alpha:]])"


def sql_tone_marks(expression: str) -> str:
    """SQL for normalize_tone_marks() of an NFC text expression."""
    decomposed = f"normalize({expression}, NFD)"
    oa_oe = (
        f"regexp_replace({decomposed}, '([oO])([aAeE])([{_TONES}]){_ENDS_SYLLABLE}', "
        "'\\1\\3\\2', 'g')"
    )
    uy = (
        f"regexp_replace({oa_oe}, '(?<![qQ])([uU])([yY])([{_TONES}]){_ENDS_SYLLABLE}', "
        "'\\1\\3\\2', 'g')"
    )
    moved = f"CASE WHEN {expression} ~ '{_MOVES}' THEN normalize({uy}, NFC) ELSE {expression} END"
    return f"CASE WHEN {expression} ~ '{_MAY_MOVE}' THEN {moved} ELSE {expression} END"


# Three levels, each computed once per row: a volatile but parallel-safe
# column (clock_timestamp) keeps PostgreSQL from merging a level into the
# next, which would repeat its expressions at every use, and every level runs
# in the parallel workers; the leader only writes the rows. (Materialized CTEs
# would also compute each value once, but in the leader alone.)
_SOURCE = f"""
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
        SELECT rn + 1 AS row_number, {_TRIMMED}, btrim(full_name) AS full_name_raw
        FROM voter_staging.source_{{batch}}
        WHERE filled
    ) t
"""
_PARTS = f"""
    SELECT clock_timestamp() AS parts_fence, src.row_number, src.personal_id, src.pid_ok,
        {sql_tone_marks("src.full_name")} AS full_name, src.date_of_birth AS dob_raw,
        src.sex AS sex_raw,
        src.residence_category AS category_raw, src.exclusion AS exclusion_raw,
        src.polling_area AS area_raw, src.ethnicity, src.occupation, src.permanent_address,
        src.temporary_address, src.current_address, src.household_id, src.exclusion_evidence,
        COALESCE(src.dmy[3], src.ymd[1])::int AS y,
        COALESCE(src.dmy[2], src.ymd[2])::int AS mo,
        COALESCE(src.dmy[1], src.ymd[3])::int AS d,
        src.temporary_since AS since_raw,
        -- The registration of a temporary residence, as day/month/year, month/year,
        -- a year alone (the first day of what is missing) or ISO; most rows have none.
        CASE WHEN src.temporary_since = '' THEN NULL
             WHEN src.temporary_since ~ '^\\d{{4}}-'
             THEN (regexp_match(src.temporary_since, '^(\\d{{4}})-(\\d{{1,2}})-(\\d{{1,2}})$'))
             ELSE (SELECT ARRAY[m[3], m[2], m[1]] FROM regexp_match(src.temporary_since,
                   '^(?:(?:(\\d{{1,2}})[/.-])?(\\d{{1,2}})[/.-])?(\\d{{4}})$') AS m)
        END AS since_ymd,
        sex_codes.code AS sex, residence_category_codes.code AS residence_category,
        exclusion_codes.code AS exclusion, COALESCE(relation_codes.code, false) AS is_household_head,
        polling_area_codes.code AS polling_area
    FROM ({_SOURCE}) src
    {_LOOKUPS}
"""


def _date(y: str, mo: str, d: str) -> str:
    """SQL: the date of year `y`, month `mo`, day `d` (integer expressions), NULL
    when there is no such day (or the year is outside 1800–2299)."""
    return f"""CASE WHEN {y} BETWEEN 1800 AND 2299 AND {mo} BETWEEN 1 AND 12 AND {d} >= 1
              AND {d} <= {_MONTH_DAYS}[{mo}]
                  + CASE WHEN {mo} = 2 AND {y} % 4 = 0 AND ({y} % 100 <> 0 OR {y} % 400 = 0)
                         THEN 1 ELSE 0 END
             THEN make_date({y}, {mo}, {d}) END"""


_SINCE = {part: f"COALESCE(since_ymd[{index}]::int, 1)" for part, index in (("mo", 2), ("d", 3))}
_DATED = f"""
    SELECT parts.*, clock_timestamp() AS dated_fence,
        {_date("y", "mo", "d")} AS date_of_birth,
        CASE WHEN since_ymd IS NOT NULL
             THEN {_date("since_ymd[1]::int", _SINCE["mo"], _SINCE["d"])} END AS temporary_since
    FROM ({_PARTS}) parts
"""
# Each error is "field|message", the field as VOTER_COLUMNS names it.
_ERRORS = f"""
    array_remove(ARRAY[
        CASE WHEN NOT pid_ok THEN 'personal_id|Số định danh cá nhân phải gồm đúng 12 chữ số.'
        END,
        -- Circular 59/2021/TT-BCA, Art. 7: 0/1 from 1900, two more each century;
        -- no digit exists for a birth before 1900.
        CASE WHEN pid_ok AND date_of_birth IS NOT NULL AND sex IS NOT NULL AND y >= 1900
                  AND substr(personal_id, 4, 1)::int <>
                      ((y - 1900) / 100) * 2 + CASE WHEN sex = 'female' THEN 1 ELSE 0 END
             THEN 'personal_id|Chữ số thứ tư của số định danh không khớp giới tính và thế kỷ sinh.'
        END,
        CASE WHEN pid_ok AND date_of_birth IS NOT NULL
                  AND substr(personal_id, 5, 2)::int <> y % 100
             THEN 'personal_id|Chữ số thứ năm và sáu của số định danh không khớp năm sinh.'
        END,
        CASE WHEN full_name = '' THEN 'full_name|Họ và tên không được để trống.'
             WHEN full_name !~ '{_NAME_PATTERN}'
             THEN 'full_name|Họ và tên «' || full_name || '» có ký tự không hợp lệ.'
             WHEN length(full_name) > 150 THEN 'full_name|Họ và tên dài quá 150 ký tự.'
        END,
        CASE WHEN dob_raw = '' THEN 'date_of_birth|Thiếu ngày sinh.'
             WHEN date_of_birth IS NULL
             THEN 'date_of_birth|Ngày sinh «' || dob_raw || '» không hợp lệ (dùng ngày/tháng/năm).'
             WHEN date_of_birth > :latest_birth_date::date
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
        CASE WHEN since_raw <> '' AND temporary_since IS NULL
             THEN 'temporary_since|Ngày đăng ký tạm trú «' || since_raw
                  || '» không hợp lệ (ngày/tháng/năm, tháng/năm hoặc năm).' END,
        CASE WHEN length(ethnicity) > 50 OR length(occupation) > 150
                  OR length(permanent_address) > 300 OR length(temporary_address) > 300
                  OR length(current_address) > 300
                  OR length(household_id) > 40 OR length(exclusion_evidence) > 300
             THEN '|Có ô dữ liệu dài quá giới hạn.' END
    ], NULL)
"""
# What a row may carry and still be listed: a birth-registration code outside
# 001–096 (a country's, for a birth abroad: Circular 59/2021/TT-BCA, Art. 7).
_WARNINGS = """
    array_remove(ARRAY[
        CASE WHEN pid_ok AND substr(personal_id, 1, 3)::int NOT BETWEEN 1 AND 96
             THEN 'personal_id|Ba chữ số đầu của số định danh cá nhân ('
                  || substr(personal_id, 1, 3) || ') không phải mã tỉnh, thành phố nơi đăng ký '
                  || 'khai sinh (001–096); có thể là mã quốc gia của công dân đăng ký khai sinh '
                  || 'ở nước ngoài. Dòng vẫn được nhập; hãy kiểm tra lại.'
        END
    ], NULL)
"""


@on_batch(f"""
    CREATE UNLOGGED TABLE voter_staging.checked_{{batch}} AS
    SELECT row_number, personal_id, CASE WHEN pid_ok THEN personal_id::bigint END AS pid_number,
        full_name, date_of_birth, sex, ethnicity, occupation,
        permanent_address, temporary_address, current_address, temporary_since,
        residence_category, household_id, is_household_head,
        polling_area, exclusion, exclusion_evidence,
        {_ERRORS} AS errors, {_WARNINGS} AS warnings
    FROM ({_DATED}) dated
""")
async def check_rows(
    *,
    latest_birth_date: dt.date,
    sex_spellings: list[str],
    sex_codes: list[str | None],
    residence_category_spellings: list[str],
    residence_category_codes: list[str | None],
    exclusion_spellings: list[str],
    exclusion_codes: list[str | None],
    relation_spellings: list[str],
    relation_codes: list[bool],
    polling_area_spellings: list[str],
    polling_area_codes: list[int | None],
) -> None:
    """Parse and check every non-blank row of the file into `checked_N`: the
    parsed values, the ID as a number when it is 12 digits, the errors, and
    the warnings (shown in the report; the row is listed all the same).

    `latest_birth_date` is the last date of birth that votes (Art. 2). Each
    value is parsed once per row, every step runs in the parallel workers,
    and every row-level check is a plain comparison.
    """
    ...
