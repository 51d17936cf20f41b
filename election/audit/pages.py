"""The audit log for investigators: filters in the URL, pages, each change as a diff,
the chain checked for what is shown, and the filtered events as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Stream, Template

from election.accounts.guards import roles
from election.actor import Role
from election.audit import labels, search, services
from election.audit.diff import Diff, DiffLine, diff
from election.audit.filters import FilterForm, read_filters
from election.audit.verification import ShownReport, verify_events
from election.clock import VIETNAM
from election.geography import services as geography
from election.geography.queries import CommuneRow, ProvinceRow
from election.paging import Page, page_request
from election.web import content_disposition, page

CSV_HEADERS = (
    "Số sự kiện",
    "Thời điểm",
    "Người thực hiện",
    "Vai trò",
    "Thao tác",
    "Đối tượng",
    "Nội dung",
    "Thay đổi",
    "Mã thao tác",
    "Mã loại đối tượng",
    "Số của đối tượng",
    "Trước (JSON)",
    "Sau (JSON)",
    "Mã yêu cầu",
)
_BOM = "\ufeff".encode()


@dataclass(frozen=True)
class EventView:
    """One event as the page shows it."""

    event: services.AuditEntry
    actor: str
    role: str
    action: str
    entity: str
    href: str | None
    history: str
    diff: Diff


async def place_names(entity_ids: list[str]) -> dict[str, str]:
    """The names of the provinces and communes the entities' ids name, by code."""
    codes = set[str]().union(*(labels.place_codes(entity_id) for entity_id in entity_ids))
    if not codes:
        return {}
    names = {p.code: p.name for p in await geography.list_provinces() if p.code in codes}
    communes = await geography.commune_places_of(sorted(c for c in codes if len(c) == 5))
    return names | {c.code: c.name for c in communes}


def _view(event: services.AuditEntry, places: Mapping[str, str]) -> EventView:
    return EventView(
        event=event,
        actor=labels.actor_label(event.actor_username),
        role=labels.role_label(event.actor_role),
        action=labels.action_label(event.action, event.entity_type),
        entity=labels.entity_text(event.entity_type, event.entity_id, places),
        href=labels.entity_href(event.entity_type, event.entity_id),
        history="/audit?"
        + urlencode({"entity_type": event.entity_type, "entity_id": event.entity_id}),
        diff=diff(event.before, event.after),
    )


def chain_status(report: ShownReport) -> str:
    if report.checked == 0:
        return ""
    if report.intact:
        return (
            f"Chuỗi kiểm chứng nguyên vẹn từ sự kiện số {report.first_id} đến số "
            f"{report.last_id}: {report.checked} sự kiện trên trang này đều khớp chữ ký "
            "và nối đúng với sự kiện trước chúng trong chuỗi."
        )
    return f"Chuỗi kiểm chứng bị đứt: {report.problem}."


async def _places(form: FilterForm) -> tuple[list[ProvinceRow], list[CommuneRow]]:
    provinces = await geography.list_provinces()
    province = form.filter.province_code
    communes = await geography.list_communes(province_code=province) if province else []
    return provinces, communes


async def _log_page(request: Request, query: Mapping[str, str], title: str) -> Template:
    form = read_filters(query)
    asked = page_request(query)
    found = await search.search(
        actor=request.user, filters=form.filter, limit=asked.limit, offset=asked.offset
    )
    shown = asked.clamped(found.total)
    if shown != asked:
        found = await search.search(
            actor=request.user, filters=form.filter, limit=shown.limit, offset=shown.offset
        )
    places = await place_names([e.entity_id for e in found.events])
    events = Page.of(
        [_view(e, places) for e in found.events],
        total=found.total,
        request=shown,
        filters=form.query,
        noun="sự kiện trở lên" if found.capped else "sự kiện",
    )
    report = await verify_events([e.id for e in found.events])
    provinces, communes = await _places(form)
    return page(
        request,
        "audit.html",
        title=title,
        events=events,
        capped=found.capped,
        count_cap=search.COUNT_CAP,
        form=form.values,
        filtered=form.any,
        export_href="/audit/export.csv" + (("?" + urlencode(form.query)) if form.any else ""),
        chain=report,
        chain_status=chain_status(report),
        roles=list(Role),
        actions=sorted(labels.ACTION_LABELS.items(), key=lambda item: item[1]),
        entity_types=sorted(labels.ENTITY_LABELS.items(), key=lambda item: item[1]),
        provinces=provinces,
        communes=communes,
    )


def _change_text(line: DiffLine) -> str:
    if line.before is None:
        return f"{line.label}: {line.after}"
    if line.after is None:
        return f"{line.label}: bỏ {line.before}"
    return f"{line.label}: {line.before} → {line.after}"


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(…)", typed into a
    reason by anyone) is kept as text: a leading apostrophe (OWASP: CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_row(event: services.AuditEntry, places: Mapping[str, str]) -> list[str]:
    view = _view(event, places)
    changes = "\n".join(_change_text(line) for line in view.diff.lines)
    row = [
        str(event.id),
        event.occurred_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S"),
        view.actor,
        view.role,
        view.action,
        view.entity,
        event.summary,
        changes,
        event.action,
        event.entity_type,
        event.entity_id,
        "" if event.before is None else json.dumps(event.before, ensure_ascii=False),
        "" if event.after is None else json.dumps(event.after, ensure_ascii=False),
        event.request_id,
    ]
    return [_cell(value) for value in row]


async def _csv(request: Request, form: FilterForm) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADERS)
    yield _BOM + buffer.getvalue().encode()
    async for batch in search.export_batches(actor=request.user, filters=form.filter):
        buffer.seek(0)
        buffer.truncate()
        places = await place_names([e.entity_id for e in batch])
        writer.writerows(_csv_row(event, places) for event in batch)
        yield buffer.getvalue().encode()


class AuditPages(Controller):
    path = "/audit"
    opt = roles(Role.ADMIN, Role.OBSERVER)

    @get("/", include_in_schema=False)
    async def log(self, request: Request) -> Template:
        return await _log_page(request, request.query_params, "Nhật ký thay đổi")

    @get("/export.csv", include_in_schema=False)
    async def export(self, request: Request) -> Stream:
        form = read_filters(request.query_params)
        rows = await search.count(actor=request.user, filters=form.filter)
        await search.record_export(actor=request.user, filters=form.filter, rows=rows)
        stamp = dt.datetime.now(VIETNAM).strftime("%Y%m%d-%H%M")
        return Stream(
            _csv(request, form),
            media_type="text/csv",
            headers={
                "Content-Disposition": content_disposition(f"nhat-ky-thay-doi-{stamp}.csv"),
                "Cache-Control": "no-store",
            },
        )

    @get("/{entity_type:str}/{entity_id:str}", include_in_schema=False)
    async def history(
        self, request: Request, entity_type: FromPath[str], entity_id: FromPath[str]
    ) -> Template:
        services.require_reader(request.user)
        query = {**dict(request.query_params), "entity_type": entity_type, "entity_id": entity_id}
        places = await place_names([entity_id])
        title = f"Lịch sử thay đổi: {labels.entity_text(entity_type, entity_id, places)}"
        return await _log_page(request, query, title)
