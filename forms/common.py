"""Formatting shared by the forms (Vietnamese dates, place-and-date lines)."""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def vn_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def vn_datetime(value: dt.datetime | None) -> str:
    return value.strftime("%H:%M %d/%m/%Y") if value else ""


def vn_long_date(value: dt.date) -> str:
    """'ngày 15 tháng 3 năm 2026', as written on official documents.

    Decree 30/2020/NĐ-CP: a day below 10 and the months 1 and 2 take a
    leading zero ('ngày 05 tháng 02 năm 2026'); other months do not.
    """
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def place_and_date(place: str, value: dt.date) -> str:
    return f"{place}, {vn_long_date(value)}"


def weekday(value: dt.date) -> str:
    return WEEKDAYS[value.weekday()]
