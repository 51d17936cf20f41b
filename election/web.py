"""Helpers shared by the server-rendered pages and file downloads."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from litestar import MediaType, Request, Response
from litestar.response import Redirect, Template

from election.accounts.tables import Role
from election.actor import Actor
from election.elections.rules import VIETNAM

# Short notices passed through a redirect as a code, never as free text.
NOTICES = {
    "signed_out": "Bạn đã đăng xuất.",
    "user_created": "Đã tạo tài khoản.",
    "user_updated": "Đã cập nhật tài khoản.",
    "password_changed": "Đã đổi mật khẩu.",
}


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    roles: frozenset[Role] | None = None


NAVIGATION: list[NavItem] = [
    NavItem("/", "Tổng quan"),
    NavItem(
        "/users", "Tài khoản", frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF})
    ),
    NavItem("/audit", "Nhật ký", frozenset({Role.ADMIN, Role.OBSERVER})),
]


def navigation_for(actor: Actor) -> list[NavItem]:
    return [item for item in NAVIGATION if item.roles is None or actor.role in item.roles]


def page(request: Request, template: str, *, status_code: int = 200, **context: Any) -> Template:
    actor: Actor | None = request.scope.get("user")
    notice = NOTICES.get(request.query_params.get("notice", ""), "")
    return Template(
        template_name=template,
        context={
            "actor": actor,
            "navigation": navigation_for(actor) if actor else [],
            "current_path": request.url.path,
            "notice": notice,
            "request_id": request.scope.get("state", {}).get("request_id", ""),
            **context,
        },
        status_code=status_code,
        media_type=MediaType.HTML,
    )


def redirect(path: str, **query: str) -> Redirect:
    return Redirect(path=path, query_params=query or None, status_code=303)


def safe_next(target: str | None) -> str:
    """Only local paths may be redirect targets after sign-in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def pdf_response(document: Any, *, inline: bool = False) -> Response[bytes]:
    disposition = "inline" if inline else "attachment"
    ascii_name = unicodedata.normalize("NFKD", document.filename).encode("ascii", "ignore").decode()
    return Response(
        content=document.content,
        media_type=document.media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(document.filename)}",
            "Cache-Control": "no-store",
        },
    )


# --------------------------------------------------------------------------
# Template filters


def vn_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(VIETNAM).date()
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")


def vn_number(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{value:,}".replace(",", ".")


TEMPLATE_FILTERS = {"vn_date": vn_date, "vn_datetime": vn_datetime, "vn_number": vn_number}
