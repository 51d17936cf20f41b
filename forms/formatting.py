"""Numbers, percentages, dates and times as Vietnamese writes them: one
module for the pages, the printed forms and the exports.

The style, decided once:

* whole numbers group thousands with a dot: 40000 -> "40.000";
* decimals take a comma: 93.0234 with two decimals -> "93,02";
* a percentage has two decimals, a comma and a space before the sign:
  "93,02 %" (rounded half up, as the law's percentages are:
  `tallies.rules.percent`);
* dates are day/month/year with leading zeros: "15/03/2026";
* times are 24-hour hours:minutes: "07:00";
* a moment is its time then its date: "07:00 15/03/2026", in Vietnam's time.

Pure: no I/O, no import from the application (the printed forms in `forms/`
use it, and `forms/` imports nothing from `election/`).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# What a page shows for a percentage that cannot be known yet (0 of 0).
NO_VALUE = "—"

Number = int | float | Decimal


def _as_decimal(value: Number) -> Decimal:
    # str() first: 0.1 + 0.2 is written 0.30000000000000004, not its binary value.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _grouped(digits: str) -> str:
    """'1234567' -> '1.234.567' (digits only, no sign)."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def vn_number(value: Number | None, decimals: int = 0) -> str:
    """40000 -> '40.000'; -1234 -> '-1.234'; 93.0234 with 2 decimals ->
    '93,02'; None -> ''. Rounded half up."""
    if value is None:
        return ""
    number = _as_decimal(value)
    if not number.is_finite():
        return NO_VALUE  # NaN or infinity: nothing a person can read as a figure
    exponent = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    rounded = number.quantize(exponent, rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):f}"
    whole, _, fraction = text.partition(".")
    sign = "-" if rounded < 0 else ""
    return sign + _grouped(whole) + ("," + fraction if fraction else "")


def vn_decimal(value: Number | None, decimals: int = 2) -> str:
    """93.0234 -> '93,02' (a figure with a decimal comma); None -> ''."""
    return vn_number(value, decimals)


def vn_percent(value: Number | None, decimals: int = 2) -> str:
    """93.0234 -> '93,02 %'; None -> '—' (not known yet)."""
    figure = NO_VALUE if value is None else vn_number(value, decimals)
    return figure if figure == NO_VALUE else f"{figure} %"


def _local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(VIETNAM) if value.tzinfo is not None else value


def vn_date(value: dt.date | dt.datetime | None) -> str:
    """15/03/2026; a moment is dated in Vietnam's time; None -> ''."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def vn_time(value: dt.time | dt.datetime | None) -> str:
    """07:00 (24-hour); a moment in Vietnam's time; None -> ''."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    return f"{value.hour:02d}:{value.minute:02d}"


def vn_datetime(value: dt.datetime | None) -> str:
    """07:00 15/03/2026, in Vietnam's time; None -> ''."""
    if value is None:
        return ""
    local = _local(value)
    return f"{vn_time(local)} {vn_date(local)}"
