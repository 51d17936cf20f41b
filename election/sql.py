"""The query layer's machinery: each SQL statement declared once, as a typed signature.

A domain's `queries.py` holds the statements on its tables::

    @query('''
        SELECT code, name FROM commune WHERE province = :province_code ORDER BY code
    ''')
    async def communes_of(*, province_code: str) -> list[CommuneRow]: ...

`:name` parameters are compiled to PostgreSQL's `$n` once, at import; a name
used twice is one parameter. The declaration's keyword-only parameters are the
statement's parameters, and its return type says what a call returns:

- `None`: the statement is executed, nothing returned;
- `list[Row]`: every row; `list[int]` (any scalar): the first column of every row;
- `Row | None`: the first row or None; `Row`: the first row, which must exist;
- `int`, `str | None`, … (any scalar): the first column of the first row.

A row type is a frozen dataclass (or, for rows read by the hundred thousand, a
NamedTuple) whose fields are the statement's columns in order. A field typed as an `Enum` receives the enum member; a field typed as a
structure (list, dict, tuple or a dataclass) that PostgreSQL sends as JSON text
(`json_agg(…)::text`) is decoded into that type. A parameter typed `Json` is
sent as JSON text, for a `jsonb` parameter.

The statement runs on the current transaction's connection, else on the one a
surrounding `db.connection()` block holds, else on one from the pool.
`tests/test_queries.py` prepares every declared statement against the migrated
schema and checks its parameters and columns against the declaration.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import json
import re
import types
import typing
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar, cast

import msgspec

from election import db
from election.jsonable import jsonable


class _JsonMarker:
    """Marks a value sent to or read from PostgreSQL as JSON text."""


JSON = _JsonMarker()
Json = Annotated[Any, JSON]
"""A parameter sent as JSON text (for `jsonb`), or a column decoded from JSON text."""


class Mode(enum.Enum):
    EXECUTE = "execute"
    ROWS = "rows"
    ROW = "row"
    VALUE = "value"


# Parts of SQL where a colon is not a parameter: literals, quoted names,
# comments, dollar quotes and casts. Parameters are everything else's :name.
_TOKENS = re.compile(
    r"""
    '(?:[^']|'')*'                  # string literal
    | "(?:[^"]|"")*"                # quoted identifier
    | --[^\n]*                      # line comment
    | /\*.*?\*/                     # block comment
    | (?P<dollar>\$[A-Za-z_]*\$).*?(?P=dollar)   # dollar-quoted text
    | (?P<positional>\$\d+)         # a numbered parameter: not allowed here
    | ::                            # a cast
    | :(?P<name>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE | re.DOTALL,
)


def compile_named(sql: str) -> tuple[str, tuple[str, ...]]:
    """`sql` with each `:name` replaced by `$n` (first appearance first) and the names in order."""
    names: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match["positional"]:
            raise ValueError(f"numbered parameter {match['positional']} in a named statement")
        name = match["name"]
        if name is None:
            return match[0]
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _TOKENS.sub(replace, sql), tuple(names)


# --------------------------------------------------------------------------
# Types of the declaration


def _without_none(annotation: Any) -> tuple[Any, bool]:
    """(the annotation without `| None`, whether it allowed None)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) < len(typing.get_args(annotation)):
            inner = members[0] if len(members) == 1 else typing.Union[tuple(members)]  # noqa: UP007
            return inner, True
    return annotation, False


def is_json(annotation: Any) -> bool:
    return typing.get_origin(annotation) is Annotated and any(
        isinstance(extra, _JsonMarker) for extra in annotation.__metadata__
    )


def _named_tuple_fields(annotation: Any) -> tuple[str, ...] | None:
    fields: Any = getattr(annotation, "_fields", None)
    if isinstance(annotation, type) and issubclass(annotation, tuple) and fields is not None:
        return tuple(str(name) for name in cast(tuple[Any, ...], fields))
    return None


def is_row_type(annotation: Any) -> bool:
    """A frozen dataclass, or a NamedTuple for rows read by the hundred thousand."""
    return isinstance(annotation, type) and (
        dataclasses.is_dataclass(annotation) or _named_tuple_fields(annotation) is not None
    )


def row_fields(row_type: type) -> tuple[str, ...]:
    if dataclasses.is_dataclass(row_type):
        return tuple(f.name for f in dataclasses.fields(row_type))
    return _named_tuple_fields(row_type) or ()


def _is_structure(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin in (list, dict, tuple, set, frozenset) or is_row_type(annotation)


Converter = Callable[[Any], Any]


def converter_for(annotation: Any) -> Converter | None:
    """How a value PostgreSQL returned becomes the declared type; None to keep it."""
    inner, _ = _without_none(annotation)
    if is_json(inner):
        return lambda value: json.loads(value) if isinstance(value, str) else value
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        members: type[enum.Enum] = inner
        return lambda value: None if value is None else members(value)
    if _is_structure(inner):
        decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder(cast(Any, inner))
        return lambda value: decoder.decode(value) if isinstance(value, str) else value
    return None


def _parameter_encoder(annotation: Any) -> Converter | None:
    inner, _ = _without_none(annotation)
    if is_json(inner):
        return _json_text
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return lambda value: None if value is None else value.value
    return None


_json_encoder = msgspec.json.Encoder()


def _json_text(value: Any) -> str | None:
    # jsonable() settles how each Python type is written; msgspec only writes
    # the result out (a tally entry sends three such parameters).
    return None if value is None else _json_encoder.encode(jsonable(value)).decode()


# --------------------------------------------------------------------------
# Statements


class Statement:
    """One named statement; calling it runs it with keyword arguments."""

    def __init__(self, sql: str, declaration: Callable[..., Awaitable[Any]]) -> None:
        self.name = f"{declaration.__module__}.{declaration.__qualname__}"
        self.declaration = declaration
        self.sql = sql
        self.text, self.parameters = compile_named(sql)
        hints = typing.get_type_hints(declaration, include_extras=True)
        declared = inspect.signature(declaration).parameters
        for parameter in declared.values():
            if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
                raise TypeError(f"{self.name}: parameters are keyword-only (add `*,`)")
        if set(declared) != set(self.parameters):
            raise TypeError(
                f"{self.name}: the declaration names {sorted(declared)}, "
                f"the SQL {sorted(self.parameters)}"
            )
        self.defaults = {
            name: p.default
            for name, p in declared.items()
            if p.default is not inspect.Parameter.empty
        }
        self.parameter_types = {name: hints[name] for name in self.parameters}
        self._encoders = tuple(_parameter_encoder(hints[name]) for name in self.parameters)
        self._any_encoder = any(self._encoders)
        self.returns = hints["return"]
        self.mode, self.row_type, self.optional = _mode_of(self.returns, self.name)
        self._row_converters: tuple[Converter | None, ...] = ()
        self._row_fields: tuple[str, ...] = ()
        self._value_converter: Converter | None = None
        self._as_tuple = False
        if self.row_type is not None:
            row_hints = typing.get_type_hints(self.row_type, include_extras=True)
            self._row_fields = row_fields(self.row_type)
            self._row_converters = tuple(
                converter_for(row_hints[name]) for name in self._row_fields
            )
            self._as_tuple = not dataclasses.is_dataclass(self.row_type)
        elif self.mode in (Mode.ROWS, Mode.VALUE):
            scalar = typing.get_args(self.returns)[0] if self.mode is Mode.ROWS else self.returns
            self._value_converter = converter_for(scalar)
        self._columns_checked = False

    # The arguments in $n order, encoded.
    def arguments(self, values: dict[str, Any]) -> list[Any]:
        if len(values) != len(self.parameters):
            values = {**self.defaults, **values}
        try:
            arguments = [values[name] for name in self.parameters]
        except KeyError as missing:
            raise TypeError(f"{self.name}: missing argument {missing}") from None
        if len(values) != len(self.parameters):
            extra = sorted(set(values) - set(self.parameters))
            raise TypeError(f"{self.name}: unexpected arguments {extra}")
        if self._any_encoder:
            arguments = [
                encode(value) if encode else value
                for encode, value in zip(self._encoders, arguments, strict=True)
            ]
        return arguments

    def row(self, record: Any) -> Any:
        if not self._columns_checked:
            columns = tuple(record.keys())
            if columns != self._row_fields:
                raise TypeError(
                    f"{self.name}: columns {columns} but the row declares {self._row_fields}"
                )
            self._columns_checked = True
        assert self.row_type is not None
        values = record
        if any(self._row_converters):
            values = [
                convert(value) if convert else value
                for convert, value in zip(self._row_converters, record, strict=True)
            ]
        if self._as_tuple:
            # tuple.__new__ skips the NamedTuple's Python-level __new__.
            return cast(Any, tuple).__new__(self.row_type, values)
        return self.row_type(*values)

    def value(self, value: Any) -> Any:
        return self._value_converter(value) if self._value_converter else value

    async def __call__(self, **values: Any) -> Any:
        arguments = self.arguments(values)
        async with db.connection() as conn:
            if self.mode is Mode.EXECUTE:
                await conn.execute(self.text, *arguments)
                return None
            if self.mode is Mode.VALUE:
                return self.value(await conn.fetchval(self.text, *arguments))
            if self.mode is Mode.ROW:
                record = await conn.fetchrow(self.text, *arguments)
                if record is None:
                    if self.optional:
                        return None
                    raise LookupError(f"{self.name} returned no row")
                return self.row(record)
            records = await conn.fetch(self.text, *arguments)
        if self.row_type is not None:
            return [self.row(record) for record in records]
        return [self.value(record[0]) for record in records]


def _mode_of(returns: Any, name: str) -> tuple[Mode, type | None, bool]:
    if returns is None or returns is type(None):
        return Mode.EXECUTE, None, False
    inner, optional = _without_none(returns)
    if typing.get_origin(inner) is list and optional:
        raise TypeError(f"{name}: a list return is every row; it is never None")
    if typing.get_origin(inner) is list and not is_json(inner):
        (element,) = typing.get_args(inner)
        return Mode.ROWS, element if is_row_type(element) else None, False
    if is_row_type(inner):
        return Mode.ROW, inner, optional
    if typing.get_origin(inner) is list:
        raise TypeError(f"{name}: a list return is a list of rows or of values")
    return Mode.VALUE, None, optional


STATEMENTS: list[Statement] = []
"""Every statement declared so far, for the test that prepares them all."""

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


def query(sql: str) -> Callable[[F], F]:
    """Declare a named statement: `sql` with `:name` parameters, typed by the decorated stub."""

    def declare(declaration: F) -> F:
        statement = Statement(sql, declaration)
        STATEMENTS.append(statement)
        return cast(F, statement)

    return declare


def statement_of(declared: Callable[..., Awaitable[Any]]) -> Statement:
    """The Statement behind a declared query (its compiled text, parameters, row type)."""
    if not isinstance(declared, Statement):
        raise TypeError(f"{declared!r} is not a declared statement")
    return declared


def bind(declared: Callable[..., Awaitable[Any]], **values: Any) -> tuple[str, tuple[Any, ...]]:
    """The compiled text and arguments of a declared statement, for COPY or a cursor."""
    statement = statement_of(declared)
    return statement.text, tuple(statement.arguments(values))
