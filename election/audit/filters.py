"""The audit log's filters read from the URL, so a search can be bookmarked and shared.

Pure. `?from=2026-03-15T07:00&to=15/03/2026&role=commune_staff&action=finalize_result`:
times as the browser's date-time picker sends them or as people type them
(a date alone: from its start, to its end, in Vietnam's time); a role, an
action or an entity type among those the log knows; codes of places as the
official codes. Anything else is a 400 in Vietnamese (`BadListQuery`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from election.actor import Role
from election.audit.labels import ACTION_LABELS, ENTITY_LABELS
from election.audit.search import AuditFilter
from election.clock import VIETNAM
from election.paging import BadListQuery, filters

# The query parameters, in the order links repeat them.
PARAMS = (
    "from",
    "to",
    "user",
    "role",
    "action",
    "entity_type",
    "entity_id",
    "province",
    "commune",
)

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?)?$")
_TYPED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})[:h](\d{2}))?$")
_PICKED = "%Y-%m-%dT%H:%M"
_NAME = re.compile(r"^[\w.:@-]{1,64}$")


@dataclass(frozen=True)
class FilterForm:
    """The filters as typed (for the form and the links) and as the search reads them."""

    values: dict[str, str]
    filter: AuditFilter

    @property
    def query(self) -> tuple[tuple[str, str], ...]:
        return filters(**{name: self.values.get(name, "") for name in PARAMS})

    @property
    def any(self) -> bool:
        return bool(self.query)


def _moment(text: str, what: str, *, end: bool) -> dt.datetime:
    """A moment typed or picked; a date alone is its first (or, for `end`, next day's) moment."""
    parts = _ISO.match(text)
    if parts is not None:
        year, month, day, hour, minute = parts.groups()
    elif (typed := _TYPED.match(text)) is not None:
        day, month, year, hour, minute = typed.groups()
    else:
        raise BadListQuery(f"{what} không hợp lệ: «{text[:20]}» (ghi theo dạng 15/03/2026 07:00).")
    try:
        day_of = dt.date(int(year), int(month), int(day))
        at = dt.time(int(hour), int(minute)) if hour is not None else dt.time()
    except ValueError:
        raise BadListQuery(f"{what} không có thật: «{text[:20]}».") from None
    moment = dt.datetime.combine(day_of, at, tzinfo=VIETNAM)
    try:
        if end:
            moment += dt.timedelta(days=1) if hour is None else dt.timedelta(minutes=1)
    except OverflowError:
        raise BadListQuery(f"{what} không có thật: «{text[:20]}».") from None
    return moment


def _choice(text: str, known: Mapping[str, str], what: str) -> str | None:
    if not text:
        return None
    if text not in known:
        raise BadListQuery(f"{what} không có trong danh sách: «{text[:30]}».")
    return text


def _code(text: str, digits: int, what: str) -> str | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) == digits):
        raise BadListQuery(f"Mã {what} không hợp lệ: «{text[:20]}» (gồm {digits} chữ số).")
    return text


def _name(text: str, what: str) -> str | None:
    if not text:
        return None
    if not _NAME.match(text):
        raise BadListQuery(f"{what} không hợp lệ: «{text[:20]}».")
    return text


def read_filters(query: Mapping[str, str]) -> FilterForm:
    """The filters of `query`; a malformed one is a 400."""
    values = {name: (query.get(name) or "").strip() for name in PARAMS}
    since = _moment(values["from"], "Thời điểm bắt đầu", end=False) if values["from"] else None
    until = _moment(values["to"], "Thời điểm kết thúc", end=True) if values["to"] else None
    if since is not None and until is not None and until <= since:
        raise BadListQuery("Thời điểm kết thúc phải sau thời điểm bắt đầu.")
    # As the date-time picker shows them (a typed 15/03/2026 would leave it
    # blank, and the next search without it); the same moments.
    if since is not None:
        values["from"] = since.strftime(_PICKED)
    if until is not None:
        values["to"] = (until - dt.timedelta(minutes=1)).strftime(_PICKED)
    chosen = AuditFilter(
        since=since,
        until=until,
        actor_username=_name(values["user"], "Tên đăng nhập"),
        actor_role=_choice(values["role"], Role.labels(), "Vai trò"),
        action=_choice(values["action"], ACTION_LABELS, "Thao tác"),
        entity_type=_choice(values["entity_type"], ENTITY_LABELS, "Loại đối tượng"),
        entity_id=_name(values["entity_id"], "Số của đối tượng"),
        province_code=_code(values["province"], 2, "tỉnh, thành phố"),
        commune_code=_code(values["commune"], 5, "xã, phường"),
    )
    if chosen.entity_id is not None and chosen.entity_type is None:
        raise BadListQuery("Chọn loại đối tượng khi tìm theo số của đối tượng.")
    return FilterForm(values={k: v for k, v in values.items() if v}, filter=chosen)
