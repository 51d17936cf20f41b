"""Shared pieces of the I/O models."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
)

from election.parsing import parse_date
from election.text import person_name


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


# Every Vietnamese text that enters the system is NFC (house rule 9).
Text = Annotated[str, AfterValidator(_nfc)]


def _person_name(value: str) -> str:
    return person_name(value) if value.strip() else ""


# A person's name (`election.text.person_name`): NFKC, one placement of the
# tone mark ("Hoà" is stored as "Hòa"), so that two spellings that look alike
# are one name for the ballot order, duplicates and search (issue 13, item 5);
# hidden, control and bidi characters, other scripts and names without a
# letter refused (issue 15, item 8). An optional name may be empty.
PersonName = Annotated[str, AfterValidator(_person_name)]


def _vietnamese_date(value: Any) -> Any:
    """A date typed as people write it (15/03/2026) or as ISO (2026-03-15)."""
    if isinstance(value, str) and "/" in value:
        try:
            return parse_date(value)
        except ValueError:
            return value  # the schema's own message follows
    return value


# A date: ISO in JSON and from date pickers; dd/mm/yyyy typed by people too.
Date = Annotated[dt.date, BeforeValidator(_vietnamese_date)]


# The validation context of text typed on a page (`web.parse_form`): there
# a count is text ("40.000"); in a JSON body it must be a JSON integer.
TYPED_ON_A_PAGE = "typed_on_a_page"


def _whole_number(value: Any, info: ValidationInfo) -> Any:
    """A count as a JSON integer (`true`, `"12"` and `12.0` refused: a
    client that sends them has a bug the figure must not hide), or, typed
    on a page, as Vietnamese write it: 40.000 or 40 000."""
    if isinstance(value, (bool, float)):
        raise ValueError("nhập số nguyên không âm.")
    if isinstance(value, str):
        if not (info.context or {}).get(TYPED_ON_A_PAGE):
            raise ValueError("nhập số nguyên không âm (một số, không phải chuỗi ký tự).")
        cleaned = value.strip().replace(".", "").replace(" ", "")
        if not cleaned.isdigit():
            raise ValueError("nhập số nguyên không âm.")
        return int(cleaned)
    return value


# A count of people or ballots: a whole number, never negative, up to the
# largest polling-area or unit figure the country could have.
Count = Annotated[int, BeforeValidator(_whole_number), Field(ge=0, le=10_000_000)]


class Input(BaseModel):
    """Base of request bodies: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ViolationOut(Output):
    code: str
    message: str
    article: str | None
    field: str | None
    severity: str


class RevealIn(Input):
    """Why the full personal data is needed (kept in the audit log)."""

    reason: str = Field(min_length=5, max_length=300, title="Lý do xem thông tin đầy đủ")
