"""Input and output of turnout reports and reporting hours (API and pages alike)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from election.schemas import Count, Input, Output

_HOUR = re.compile(r"^(\d{1,2})(?:[:hg.](\d{2})?)?$")


def _hour(value: Any) -> Any:
    """An hour as people type it: 9, 9:00, 9h, 9g30, 09.30."""
    if isinstance(value, str):
        match = _HOUR.match(value.strip().lower())
        if match:
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if hour < 24 and minute < 60:
                return dt.time(hour, minute)
    return value


Hour = Annotated[dt.time, BeforeValidator(_hour)]


def _hour_list(value: Any) -> Any:
    """A list of hours, or one text of hours separated by commas or spaces
    (the settings form's one field)."""
    items = value if isinstance(value, list) else [value]
    hours: list[Any] = []
    for item in items:
        if isinstance(item, str):
            hours.extend(part for part in re.split(r"[,;\s]+", item) if part)
        else:
            hours.append(item)
    return hours


class TurnoutReportIn(Input):
    at: Hour = Field(title="Giờ báo cáo")
    voted: Count = Field(title="Số cử tri đã bỏ phiếu")


class ReportingHoursIn(Input):
    # Empty: back to the election's set (a province) or the default (the election).
    hours: Annotated[list[Hour], BeforeValidator(_hour_list)] = Field(
        default_factory=list, title="Các giờ báo cáo"
    )
    province_code: str | None = Field(default=None, max_length=2, title="Tỉnh, thành phố")


class TurnoutReportOut(Output):
    at: dt.time
    voted: int
    voters_on_list: int
    turnout: Decimal
    reported_by: str
    reported_at: dt.datetime
    revision: int


class AreaHourOut(Output):
    at: dt.time
    label: str
    report: TurnoutReportOut | None


class AreaTurnoutOut(Output):
    polling_area_id: int
    election_id: int
    voters_on_list: int
    current_hour: dt.time | None
    hours: list[AreaHourOut]


class ReportResultOut(Output):
    changed: bool
    report: TurnoutReportOut


class HourFiguresOut(Output):
    at: dt.time
    areas_total: int
    areas_reporting: int
    reporting_share: Decimal
    voted: int
    voters_on_list: int
    turnout: Decimal


class GroupTurnoutOut(Output):
    code: str
    name: str
    areas_total: int
    hours: list[HourFiguresOut]


class RollupOut(Output):
    election_id: int
    province_code: str | None
    commune_code: str | None
    grouped_by: str
    hours: list[dt.time]
    total: GroupTurnoutOut
    groups: list[GroupTurnoutOut]


class ReportingHoursOut(Output):
    election_id: int
    province_code: str | None
    hours: list[dt.time]
    own: bool
