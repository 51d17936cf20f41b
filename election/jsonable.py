"""Turn table rows and domain values into JSON-safe data for the audit log and the API."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Mapping
from typing import Any

# Exact types only: subclasses (enums among them) go through the checks below.
_AS_IS = frozenset({str, int, bool, float, type(None)})


def jsonable(value: Any) -> Any:
    # The common shapes first, by exact type: every audit event and every JSON
    # parameter of a statement passes here, and the checks against abstract
    # classes below (Mapping) are the slow ones.
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is dict:
        return {str(k): jsonable(v) for k, v in value.items()}
    if kind is list:
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    model_dump = getattr(value, "model_dump", None)  # a pydantic model
    if callable(model_dump):
        return jsonable(model_dump())
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)
