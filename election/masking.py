"""Personal IDs shown masked: `095123456701` → `0951••••••01`.

The first four digits (province of registration, sex and century) and the last
two let a clerk tell entries apart and match a card in hand; the six between,
with the birth year among them, are hidden. Lists, search results, pages and
exports show this form; the full ID only where a screen needs it, each time
audited (`voters.services.reveal_personal_id`).
"""

from __future__ import annotations

import re
from typing import Any

MASK = "•"


def mask_personal_id(value: str | None) -> str:
    """The ID with all but its first four and last two characters hidden; a
    shorter value (an old 9-digit card) keeps less, never more than a third;
    nothing stays nothing."""
    if not value:
        return ""
    text = str(value).strip()
    if len(text) >= 12:
        return text[:4] + MASK * (len(text) - 6) + text[-2:]
    shown = len(text) // 3
    head = (shown + 1) // 2
    tail = shown - head
    return text[:head] + MASK * (len(text) - shown) + (text[-tail:] if tail else "")


_ID_LIKE = re.compile(r"(?<!\d)\d{9,12}(?!\d)")


def mask_ids_in(text: str | None) -> str:
    """`text` with every run of 9 to 12 digits (an ID, old or new) masked: for
    keys, paths and messages that may carry one among other words."""
    if not text:
        return ""
    return _ID_LIKE.sub(lambda found: mask_personal_id(found.group()), str(text))


def mask_personal_fields(value: Any) -> Any:
    """A JSON-like value (an audit event's before/after) with every field named
    `…personal_id` masked, however deep."""
    if isinstance(value, dict):
        return {
            key: mask_personal_id(item)
            if str(key).endswith("personal_id") and isinstance(item, str)
            else mask_personal_fields(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [mask_personal_fields(item) for item in value]
    return value


def mask_phone(value: str | None) -> str:
    """A phone number with all but its last three digits hidden: enough to
    confirm a number read out, not to call it."""
    if not value:
        return ""
    text = str(value).strip()
    digits = sum(c.isdigit() for c in text)
    kept = 0
    shown: list[str] = []
    for char in reversed(text):
        if char.isdigit():
            kept += 1
            shown.append(char if kept <= 3 or digits <= 3 else MASK)
        else:
            shown.append(char)
    return "".join(reversed(shown))


def mask_personal_record(value: Any) -> Any:
    """A JSON-like record (a staged import row) with its IDs and phones masked,
    however deep: fields named `…personal_id` or `…phone`, and ID-like runs of
    digits in any other text."""
    if isinstance(value, dict):
        masked: dict[Any, Any] = {}
        for key, item in value.items():
            name = str(key)
            if isinstance(item, str) and name.endswith("personal_id"):
                masked[key] = mask_personal_id(item)
            elif isinstance(item, str) and "phone" in name:
                masked[key] = mask_phone(item)
            else:
                masked[key] = mask_personal_record(item)
        return masked
    if isinstance(value, list):
        return [mask_personal_record(item) for item in value]
    if isinstance(value, str):
        return mask_ids_in(value)
    return value
