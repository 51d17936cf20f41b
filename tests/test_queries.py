"""Every named statement of the query layer prepares against the migrated schema,
with the parameters and the columns its Python declaration says; and the
machinery of `election.sql` itself (named parameters, typed rows)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import importlib
import pkgutil
import typing
import uuid
from typing import Any

import pytest

import election
from election import db, sql
from election.sql import Json, query


def _import_every_module() -> None:
    for module in pkgutil.walk_packages(election.__path__, "election."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


_import_every_module()

# PostgreSQL's type names and the Python types a declaration may give them.
_SCALARS: dict[str, tuple[type, ...]] = {
    "int2": (int,),
    "int4": (int,),
    "int8": (int,),
    "oid": (int,),
    "numeric": (decimal.Decimal,),
    "float4": (float,),
    "float8": (float,),
    "text": (str,),
    "varchar": (str,),
    "bpchar": (str,),
    "name": (str,),
    "bool": (bool,),
    "date": (dt.date,),
    "timestamptz": (dt.datetime,),
    "timestamp": (dt.datetime,),
    "time": (dt.time,),
    "interval": (dt.timedelta,),
    "bytea": (bytes,),
    "uuid": (uuid.UUID,),
}
_TEXTUAL = {"text", "varchar", "bpchar", "name"}


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, enum.Enum)


def _fits(pg_type: Any, annotation: Any, *, parameter: bool) -> bool:
    """Whether values of `pg_type` and the Python `annotation` are the same thing."""
    inner, _ = sql._without_none(annotation)
    if inner is Any:
        return True
    if sql.is_json(inner):
        return pg_type.name in ("json", "jsonb") or (not parameter and pg_type.name in _TEXTUAL)
    if pg_type.name in ("json", "jsonb"):
        # A parameter is declared Json; a column Json or the structure it holds.
        return not parameter and sql._is_structure(inner)
    if pg_type.kind == "array":
        element_name = pg_type.name.removeprefix("_").removesuffix("[]")
        if typing.get_origin(inner) is not list:
            return False
        (element,) = typing.get_args(inner)
        element_type = type("element", (), {"name": element_name, "kind": "scalar"})
        return _fits(element_type, element, parameter=parameter)
    if pg_type.name in _TEXTUAL:
        if _is_enum(inner) and issubclass(inner, str):
            return True
        # JSON built in SQL and sent as text, decoded into the declared structure.
        return inner is str or (not parameter and sql._is_structure(inner))
    accepted = _SCALARS.get(pg_type.name)
    if accepted is None:
        return False
    if inner is bool:
        return bool in accepted
    if _is_enum(inner):
        return False
    return (
        isinstance(inner, type)
        and issubclass(inner, accepted)
        and not (inner is bool and bool not in accepted)
    )


def _statement_id(statement: sql.Statement) -> str:
    return statement.name.removeprefix("election.")


@pytest.mark.parametrize("statement", sql.STATEMENTS, ids=_statement_id)
async def test_statement_prepares_as_declared(database, statement: sql.Statement):
    async with db.connection() as conn:
        prepared = await conn.prepare(statement.text)
        parameters = prepared.get_parameters()
        attributes = prepared.get_attributes()
    assert len(parameters) == len(statement.parameters)
    for name, pg_type in zip(statement.parameters, parameters, strict=True):
        declared = statement.parameter_types[name]
        assert _fits(pg_type, declared, parameter=True), (
            f"parameter :{name} is {pg_type.name} in PostgreSQL, declared {declared}"
        )
    if statement.mode is sql.Mode.EXECUTE:
        return
    if statement.row_type is not None:
        hints = typing.get_type_hints(statement.row_type, include_extras=True)
        fields = list(sql.row_fields(statement.row_type))
        assert [a.name for a in attributes] == fields
        for attribute in attributes:
            assert _fits(attribute.type, hints[attribute.name], parameter=False), (
                f"column {attribute.name} is {attribute.type.name}, "
                f"declared {hints[attribute.name]}"
            )
        return
    assert len(attributes) == 1, "a statement returning values returns one column"
    scalar = (
        typing.get_args(sql._without_none(statement.returns)[0])[0]
        if statement.mode is sql.Mode.ROWS
        else statement.returns
    )
    assert _fits(attributes[0].type, scalar, parameter=False), (
        f"column {attributes[0].name} is {attributes[0].type.name}, declared {scalar}"
    )


def test_every_domain_declares_its_statements():
    modules = {s.name.rsplit(".", 1)[0] for s in sql.STATEMENTS}
    assert len(sql.STATEMENTS) > 0
    assert all(".queries" in m or m.startswith("election.sql") for m in modules), modules


# --------------------------------------------------------------------------
# The machinery


def test_named_parameters_compile_to_numbers_in_order_of_first_use():
    text, names = sql.compile_named(
        "SELECT :b::int, :a, :b, 'x:y', \"c:d\", $$:e$$ -- :f\n /* :g */ WHERE x::text = :a"
    )
    assert names == ("b", "a")
    assert text == (
        "SELECT $1::int, $2, $1, 'x:y', \"c:d\", $$:e$$ -- :f\n /* :g */ WHERE x::text = $2"
    )


def test_numbered_parameters_are_refused_in_a_named_statement():
    with pytest.raises(ValueError, match=r"\$1"):
        sql.compile_named("SELECT $1")


def test_a_declaration_must_name_exactly_the_parameters_of_its_sql():
    with pytest.raises(TypeError, match="the SQL"):

        @query("SELECT :a::int")
        async def mismatched(*, b: int) -> int: ...

    with pytest.raises(TypeError, match="keyword-only"):

        @query("SELECT :a::int")
        async def positional(a: int) -> int: ...


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    label: str


@dataclasses.dataclass(frozen=True)
class Shape:
    id: int
    colour: Colour
    points: list[Point]
    extra: Json
    tags: list[str]


@query("""
    SELECT :id::int AS id, :colour::text AS colour,
           '[{"x": 1, "label": "một"}, {"x": 2, "label": "hai"}]'::text AS points,
           :extra::jsonb AS extra, ARRAY['a', 'b'] AS tags
""")
async def _shape(*, id: int, colour: Colour, extra: Json) -> Shape: ...


@query("SELECT n FROM generate_series(1, :top) AS n WHERE :top > 0")
async def _numbers(*, top: int) -> list[int]: ...


@query(
    "SELECT NULL::int AS id, 'red' AS colour, '[]' AS points, NULL::jsonb AS extra, "
    "ARRAY[]::text[] AS tags WHERE :never"
)
async def _no_shape(*, never: bool) -> Shape | None: ...


async def test_rows_arrive_typed_and_json_is_decoded(database):
    shape = await _shape(id=7, colour=Colour.BLUE, extra={"ngày": dt.date(2026, 3, 15)})
    assert shape == Shape(
        id=7,
        colour=Colour.BLUE,
        points=[Point(1, "một"), Point(2, "hai")],
        extra={"ngày": "2026-03-15"},
        tags=["a", "b"],
    )
    assert await _numbers(top=3) == [1, 2, 3]
    assert await _no_shape(never=False) is None


async def test_arguments_are_checked_by_name(database):
    with pytest.raises(TypeError, match="missing"):
        await _numbers()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected"):
        await _numbers(top=1, bottom=0)  # type: ignore[call-arg]


async def test_a_held_connection_serves_the_statements_inside_its_block(database):
    async with db.connection() as conn:
        pid = await conn.fetchval("SELECT pg_backend_pid()")
        assert await _backend_pid() == pid
        assert db.on_one_connection()
    assert not db.on_one_connection()


@query("SELECT pg_backend_pid()")
async def _backend_pid() -> int: ...


# The statements above are this test module's own: keep them out of the
# schema test, which checks the application's.
for _own in (_shape, _numbers, _no_shape, _backend_pid):
    sql.STATEMENTS.remove(sql.statement_of(_own))
