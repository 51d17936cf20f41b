"""Shared pieces of the I/O models."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


# Every Vietnamese text that enters the system is NFC (house rule 9).
Text = Annotated[str, AfterValidator(_nfc)]


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
