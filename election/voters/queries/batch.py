"""Statements on one voter-import batch's staging tables.

A batch keeps its rows in unlogged tables of its own in the schema
`voter_staging`: `raw_N` (the file as read), `checked_N` (each row parsed and
checked) and `rows_N` (each row's outcome and place in the list), N the
batch's id. Tables of their own, rather than one shared table keyed by batch,
because they are written by `CREATE TABLE … AS` (which PostgreSQL runs in
parallel workers, where `INSERT … SELECT` runs in one process), dropped whole
when the batch ends, and analyzed alone.

So a statement on them names its batch's tables: its SQL is written once
with `{batch}` where the id goes (`voter_staging.rows_{batch}`), declared
like any other with `@on_batch`, and compiled for a batch on first use (and
kept for the next uses of the same batch)::

    @on_batch("SELECT count(*) FROM voter_staging.rows_{batch} WHERE outcome = :outcome")
    async def outcome_count(*, outcome: str) -> int: ...

    await outcome_count.on(batch_id)(outcome="new")

`tests/test_voter_import.py` prepares every one of them against a staged
batch, as `tests/test_queries.py` does for the statements of the schema.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar, cast

from election.sql import Statement

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])

BATCH = "{batch}"
"""Where a statement's SQL names the batch: `voter_staging.rows_{batch}`."""

SCHEMA = "voter_staging"


class BatchStatement(Generic[F]):
    """A statement whose SQL names one batch's staging tables."""

    def __init__(self, sql: str, declaration: F) -> None:
        if BATCH not in sql:
            raise TypeError(f"{declaration.__qualname__}: the SQL names no batch table")
        self.sql = sql
        # Compiled once for a batch that does not exist, so a declaration that
        # does not match its SQL fails at import like any other.
        self.template = Statement(sql.replace(BATCH, "0"), declaration)
        self._declaration = declaration
        self._compiled = functools.lru_cache(maxsize=32)(self._compile)

    def _compile(self, batch_id: int) -> Statement:
        return Statement(self.sql.replace(BATCH, str(int(batch_id))), self._declaration)

    def on(self, batch_id: int) -> F:
        """The statement on batch `batch_id`'s tables, called like its declaration."""
        return cast(F, self._compiled(batch_id))


BATCH_STATEMENTS: list[BatchStatement[Any]] = []
"""Every statement on a batch's tables, for the test that prepares them."""


def on_batch(sql: str) -> Callable[[F], BatchStatement[F]]:
    """Declare a statement on a batch's staging tables (`{batch}` in its SQL)."""

    def declare(declaration: F) -> BatchStatement[F]:
        statement = BatchStatement(sql, declaration)
        BATCH_STATEMENTS.append(statement)
        return statement

    return declare


# --------------------------------------------------------------------------
# The layout of a file: the one place where SQL follows the file's columns

FILE_FIELDS = (
    "personal_id",
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
    "relation",
    "polling_area",
    "exclusion",
    "exclusion_evidence",
)
"""The fields a population-database export may have, as the view names them."""

RAW_TABLE = "raw_{batch}"


def raw_table(batch_id: int) -> str:
    """The name of the table a file is copied into, in the schema SCHEMA."""
    return RAW_TABLE.replace(BATCH, str(int(batch_id)))


def raw_columns(width: int) -> list[str]:
    """The columns of the raw table, one per column of the file, in file order."""
    return [f"c{index}" for index in range(width)]


def _create_raw_table(batch_id: int, width: int) -> str:
    """DDL of the raw table for a file of `width` columns (its rows in file order)."""
    columns = ", ".join(f"{name} text" for name in raw_columns(width))
    return (
        f"CREATE UNLOGGED TABLE {SCHEMA}.{raw_table(batch_id)} "
        f"(rn bigint GENERATED ALWAYS AS IDENTITY, {columns})"
    )


def _create_source_view(batch_id: int, positions: Mapping[str, int], width: int) -> str:
    """DDL of `source_N`: the raw table seen by field name (a field the file
    lacks reads as ''), with `filled` telling the rows that are not blank.

    Every statement after it reads fields by name, the same for every file; a
    view is expanded into the statement that reads it, so the plan (and its
    parallel workers) is the one a statement on the raw table would have.
    """
    values = ", ".join(
        f"coalesce(c{positions[name]}, '') AS {name}"
        if name in positions
        else f"''::text AS {name}"
        for name in FILE_FIELDS
    )
    filled = "concat(" + ", ".join(raw_columns(width)) + ") ~ '\\S'"
    table = f"{SCHEMA}.{raw_table(batch_id)}"
    return (
        f"CREATE VIEW {SCHEMA}.source_{int(batch_id)} AS "
        f"SELECT rn, {filled} AS filled, {values} FROM {table}"
    )


async def _layout() -> None:
    """DDL of a file's staging tables: no parameters, no result."""


async def lay_out_file(batch_id: int, positions: Mapping[str, int], width: int) -> None:
    """Create the raw table of a file of `width` columns, and its view by field
    (`positions`: each field's column in the file)."""
    for ddl in (
        _create_raw_table(batch_id, width),
        _create_source_view(batch_id, positions, width),
    ):
        await Statement(ddl, _layout)()
