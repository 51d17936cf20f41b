"""The voter import's staging: classifying the checked rows against the
voters already listed, showing them, and committing them into the lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from election.imports.tables import RowOutcome
from election.sql import query
from election.voters import rules
from election.voters.queries import on_list
from election.voters.queries.batch import on_batch
from election.voters.tables import Exclusion, ResidenceCategory, VoterStatus

# --------------------------------------------------------------------------
# SQL written from the rules


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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


# --------------------------------------------------------------------------
# Classification: duplicates in the file, what is listed already, list order

# The fields that, all equal to the listed entry's, make a row "unchanged".
_COMPARED = (
    "full_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "occupation",
    "permanent_address",
    "temporary_address",
    "current_address",
    "temporary_since",
    "residence_category",
    "household_id",
    "is_household_head",
    "exclusion",
)
_ROW_VALUES = ", ".join(f"c.{name}" for name in _COMPARED)
_LISTED_VALUES = ", ".join(f"ex.{name}" for name in _COMPARED)


@on_batch(f"""
    CREATE UNLOGGED TABLE voter_staging.rows_{{batch}} AS
    -- Duplicates and household order are worked out on narrow rows (hash
    -- aggregates, and sorts of a few columns), then joined back: sorting the
    -- whole wide rows of a commune three times cost more than all the rest.
    -- The result is narrow too: the parsed values stay in checked_N, which
    -- the commit joins by row number, rather than being written out again.
    WITH keyed AS (
        SELECT c.row_number, c.pid_number, COALESCE(c.polling_area, 0) AS area_key,
            CASE WHEN c.household_id = '' THEN 'row:' || c.row_number ELSE c.household_id END
                AS household_key
        FROM voter_staging.checked_{{batch}} c
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
            WHEN ex.commune <> :commune_code AND {on_list("ex")} THEN 'error'
            WHEN ex.commune <> :commune_code THEN 'new'
            WHEN ex.status = 'struck_off' THEN 'unchanged'
            WHEN ({_ROW_VALUES}, c.polling_area,
                  CASE WHEN c.exclusion IS NOT NULL THEN 'excluded' ELSE 'listed' END)
                 IS NOT DISTINCT FROM ({_LISTED_VALUES}, ex.polling_area, ex.status)
            THEN 'unchanged'
            ELSE 'update'
        END AS outcome,
        CASE
            WHEN cardinality(c.errors) = 0 AND o.first_row < c.row_number
            THEN ARRAY['personal_id|Số định danh cá nhân trùng với dòng ' || o.first_row
                       || ' của tệp.']
            WHEN cardinality(c.errors) = 0 AND ex.commune <> :commune_code AND {on_list("ex")}
            THEN ARRAY['personal_id|Công dân đã có tên trong danh sách cử tri khu vực bỏ phiếu số '
                       || (SELECT number FROM polling_area WHERE id = ex.polling_area) || ', '
                       || (SELECT name FROM commune WHERE code = ex.commune)
                       || '; mỗi công dân chỉ được ghi tên vào một danh sách (Điều 29 khoản 2).']
            ELSE c.errors
        END AS messages,
        c.warnings
    FROM voter_staging.checked_{{batch}} c
    JOIN ordered o ON o.row_number = c.row_number
    -- The citizen's entry already in this election, the active one first:
    -- one probe of the citizen index per row, so a file costs what its rows
    -- cost, however many voters are listed. A join sized from statistics
    -- scanned the election's voters, which statistics missing or stale after
    -- the last commune's commit make look cheap.
    LEFT JOIN LATERAL (
        SELECT v.* FROM voter v
        WHERE v.election = :election_id AND v.personal_id = c.personal_id
        ORDER BY ({on_list("v")}) DESC, (v.commune = :commune_code) DESC, v.id DESC
        LIMIT 1
    ) ex ON true
""")
async def classify_rows(*, election_id: int, commune_code: str) -> None:
    """Each checked row's outcome (new, update, unchanged, error) against the
    election's entries, its messages and its place in the list, into `rows_N`."""
    ...


@on_batch("DROP TABLE voter_staging.raw_{batch} CASCADE")
async def drop_file() -> None:
    """The file as read (and its view `source_N`), no longer needed once its
    rows are checked."""
    ...


class OutcomeCount(NamedTuple):
    outcome: RowOutcome
    rows: int


@on_batch("SELECT outcome, count(*) AS rows FROM voter_staging.rows_{batch} GROUP BY outcome")
async def outcome_counts() -> list[OutcomeCount]: ...


@query("SELECT to_regclass('voter_staging.rows_' || :batch_id::int::text) IS NOT NULL")
async def staged(*, batch_id: int) -> bool:
    """Whether the batch's rows are still staged (until commit or discard)."""
    ...


@dataclass(frozen=True)
class StagedRow:
    row_number: int
    personal_id: str
    full_name: str
    outcome: RowOutcome
    messages: list[str] | None
    warnings: list[str]


@on_batch("""
    SELECT row_number, personal_id, full_name, outcome, messages, warnings
    FROM voter_staging.rows_{batch}
    WHERE (:outcome::text IS NULL OR outcome = :outcome) ORDER BY row_number LIMIT :limit
""")
async def staged_rows(*, outcome: RowOutcome | None, limit: int) -> list[StagedRow]: ...


@dataclass(frozen=True)
class RowErrors:
    row_number: int
    messages: list[str]
    warnings: list[str]


@on_batch("""
    SELECT row_number, CASE WHEN outcome = 'error' THEN messages ELSE '{}' END AS messages,
        warnings
    FROM voter_staging.rows_{batch}
    WHERE outcome = 'error' OR cardinality(warnings) > 0 ORDER BY row_number
""")
async def row_errors() -> list[RowErrors]:
    """The rows the report lists: those in error, and those listed with a warning."""
    ...


# --------------------------------------------------------------------------
# The statements' settings


@query("SET LOCAL work_mem = '256MB'")
async def use_memory_for_sorts() -> None:
    """Sorts and windows over a whole commune stay in memory (to the transaction's end)."""
    ...


@query("SET LOCAL parallel_setup_cost = 0")
async def parallel_setup_free() -> None:
    """The checks cost far more per row than the planner assumes (regular
    expressions, dates): a large file is worth spreading over workers."""
    ...


@query("SET LOCAL parallel_tuple_cost = 0.0001")
async def parallel_tuples_cheap() -> None: ...


@query("SET LOCAL parallel_setup_cost TO DEFAULT")
async def parallel_setup_default() -> None: ...


@query("SET LOCAL parallel_tuple_cost TO DEFAULT")
async def parallel_tuples_default() -> None: ...


# --------------------------------------------------------------------------
# Commit


@query("""
    SELECT pg_advisory_xact_lock(hashtext('voter-list:' || :election_id::int::text || ':'
                                          || :commune_code::text))
""")
async def lock_commune_lists(*, election_id: int, commune_code: str) -> None:
    """Commits into one commune's lists, one at a time, to the transaction's end.

    Each reads what is listed (collisions, the last household's place, the
    last card number) before writing: two at once would both read the state
    before either wrote, and list households in the same places.
    """
    ...


@on_batch(f"""
    SELECT r.row_number FROM voter_staging.rows_{{batch}} r
    -- The citizen's entries in the election, read per staged row through the
    -- citizen index, so the cost follows the file. Asked as a join, or with
    -- EXISTS or LIMIT 1, the planner may expect an early match and scan the
    -- election's voters once per staged row (minutes for one commune). The
    -- listed-entry test is a FILTER, not in WHERE: there it would let the
    -- planner full-scan a partial index of listed voters whose size it
    -- misjudges after a bulk insert.
    CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE {on_list("v")} AND v.id IS DISTINCT FROM r.existing_id)
            AS entries
        FROM voter v WHERE v.election = :election_id AND v.personal_id = r.personal_id
    ) listed_elsewhere
    WHERE r.outcome IN ('new', 'update') AND r.status = 'listed' AND listed_elsewhere.entries > 0
    ORDER BY r.row_number LIMIT 1
""")
async def first_collision(*, election_id: int) -> int | None:
    """The first row still to list whose citizen has been listed elsewhere since staging
    (Art. 29(2))."""
    ...


@query("""
    SELECT COALESCE(max(household_order), 0) FROM voter
    WHERE election = :election_id AND commune = :commune_code
""")
async def last_household_place(*, election_id: int, commune_code: str) -> int: ...


class NewEntry(NamedTuple):
    """A voter row as the commit writes it (binary COPY: the exact column types)."""

    election: int
    polling_area: int
    commune: str
    personal_id: str
    full_name: str
    search_name: str
    date_of_birth: dt.date
    sex: str
    ethnicity: str
    occupation: str
    permanent_address: str
    temporary_address: str
    current_address: str
    temporary_since: dt.date | None
    residence_category: ResidenceCategory
    household_id: str
    is_household_head: bool
    household_order: int
    member_order: int
    ballot_dbqh: bool
    ballot_tinh: bool
    ballot_xa: bool
    status: VoterStatus
    exclusion: Exclusion | None
    exclusion_evidence: str
    import_batch: int


NEW_ENTRY_COLUMNS = list(NewEntry._fields)

_NEW_ENTRIES = f"""
    WITH listed_households AS MATERIALIZED (
        -- A household already listed keeps its place. Worked out once,
        -- before any row goes in, so the insert never reads the rows it is
        -- writing.
        SELECT polling_area, household_id, min(household_order) AS household_order
        FROM voter WHERE election = :election_id AND commune = :commune_code AND household_id <> ''
        GROUP BY polling_area, household_id
    )
    SELECT :election_id::int AS election, c.polling_area, :commune_code::text AS commune,
        c.personal_id, c.full_name, {sql_search_key("c.full_name")} AS search_name,
        c.date_of_birth, c.sex, c.ethnicity, c.occupation, c.permanent_address,
        c.temporary_address, c.current_address, c.temporary_since, c.residence_category,
        c.household_id, c.is_household_head,
        (COALESCE(h.household_order, :household_offset + r.household_rank))::int
            AS household_order,
        r.member_order::int AS member_order,
        {_scope_sql("dbqh", "c")} AS ballot_dbqh, {_scope_sql("tinh", "c")} AS ballot_tinh,
        {_scope_sql("xa", "c")} AS ballot_xa, r.status, c.exclusion, c.exclusion_evidence,
        :batch_id::int AS import_batch
    FROM voter_staging.rows_{{batch}} r
    JOIN voter_staging.checked_{{batch}} c ON c.row_number = r.row_number
    LEFT JOIN listed_households h
      ON h.polling_area = c.polling_area AND h.household_id = c.household_id
    WHERE r.outcome = 'new'
"""


@on_batch(_NEW_ENTRIES)
async def new_entries(
    *, election_id: int, commune_code: str, household_offset: int, batch_id: int
) -> list[NewEntry]:
    """The rows to list, as voter rows: new households placed after the
    commune's last (`household_offset`), listed ones keeping their place.
    Read on a second session and copied into `voter` (`bulk_copy.copy_query_into`)."""
    ...


@on_batch(f"""
    WITH inserted AS (
        INSERT INTO voter ({", ".join(NEW_ENTRY_COLUMNS)}) {_NEW_ENTRIES}
        RETURNING 1
    )
    SELECT count(*) FROM inserted
""")
async def insert_new_entries(
    *, election_id: int, commune_code: str, household_offset: int, batch_id: int
) -> int:
    """`new_entries` inserted in one statement, when no second session can read
    the staging tables (staged in a transaction still open); returns the count."""
    ...


@on_batch("SELECT EXISTS (SELECT 1 FROM voter_staging.rows_{batch} WHERE outcome = 'update')")
async def has_updates() -> bool: ...


@on_batch("ANALYZE voter_staging.rows_{batch}, voter_staging.checked_{batch}")
async def analyze_staging() -> None:
    """Statistics of the staged rows: with none, the planner may think the
    freshly filled voter table tiny and loop over the whole staging table
    once per voter (minutes)."""
    ...


@on_batch(f"""
    WITH updated AS (
        UPDATE voter v SET polling_area = c.polling_area, full_name = c.full_name,
            search_name = {sql_search_key("c.full_name")}, date_of_birth = c.date_of_birth,
            sex = c.sex, ethnicity = c.ethnicity, occupation = c.occupation,
            permanent_address = c.permanent_address, temporary_address = c.temporary_address,
            current_address = c.current_address, temporary_since = c.temporary_since,
            residence_category = c.residence_category, household_id = c.household_id,
            is_household_head = c.is_household_head,
            ballot_dbqh = {_scope_sql("dbqh", "c")}, ballot_tinh = {_scope_sql("tinh", "c")},
            ballot_xa = {_scope_sql("xa", "c")},
            status = r.status, exclusion = c.exclusion, exclusion_evidence = c.exclusion_evidence,
            import_batch = :batch_id, updated_at = now()
        FROM voter_staging.rows_{{batch}} r
        JOIN voter_staging.checked_{{batch}} c ON c.row_number = r.row_number
        WHERE r.outcome = 'update' AND v.id = r.existing_id
        RETURNING 1
    )
    SELECT count(*) FROM updated
""")
async def apply_updates(*, batch_id: int) -> int:
    """The listed entries the file changes, updated; returns the count."""
    ...


@on_batch("""
    SELECT DISTINCT r.polling_area FROM voter_staging.rows_{batch} r
    JOIN voter_list vl ON vl.polling_area = r.polling_area AND vl.finalized_at IS NOT NULL
    WHERE r.outcome IN ('new', 'update')
""")
async def finalized_areas_changed() -> list[int]:
    """The finalized lists the batch adds to: their new entries get card numbers."""
    ...


@on_batch("DROP TABLE IF EXISTS voter_staging.rows_{batch}, voter_staging.checked_{batch}")
async def drop_staging() -> None:
    """The batch's staged rows, gone at commit or discard."""
    ...
