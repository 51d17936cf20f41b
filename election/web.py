"""Helpers shared by the server-rendered pages and file downloads."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from litestar import MediaType, Request, Response
from litestar.response import Redirect, Template
from pydantic import BaseModel, ConfigDict

from election.accounts.tables import Role
from election.actor import Actor
from election.elections.rules import VIETNAM
from election.errors import DomainError, RuleViolation

# Short notices passed through a redirect as a code, never as free text.
NOTICES = {
    "signed_out": "Bạn đã đăng xuất.",
    "user_created": "Đã tạo tài khoản.",
    "user_updated": "Đã cập nhật tài khoản.",
    "password_changed": "Đã đổi mật khẩu.",
    "saved": "Đã lưu.",
    "deleted": "Đã xóa.",
    "finalized": "Đã chốt danh sách chính thức.",
    "reopened": "Đã mở lại danh sách.",
    "removed": "Đã xóa tên người ứng cử khỏi danh sách chính thức.",
    "imported": "Đã nhập dữ liệu từ tệp.",
    "discarded": "Đã hủy tệp tải lên.",
    "member_added": "Đã bổ nhiệm thành viên.",
    "member_left": "Đã ghi nhận thành viên thôi tham gia; tài khoản (nếu có) đã bị khóa.",
    "teams_formed": "Đã thành lập các Tổ bầu cử.",
    "swapped": "Đã thay người trong phương án.",
    "assignment_accepted": "Đã xác nhận phương án phân công thành viên các Tổ bầu cử.",
    "assignment_discarded": "Đã hủy phương án phân công.",
    "tally_approved": "Đã phê duyệt biên bản kết quả kiểm phiếu.",
    "attached": "Đã đính kèm ảnh biên bản.",
    "result_finalized": "Ban bầu cử đã xác định kết quả bầu cử của đơn vị; các biên bản đã được khóa.",
}


class PageForm(BaseModel):
    """Base of HTML form bodies: forms carry the CSRF field and buttons, so
    fields the model does not name are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


def form_text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def form_int(form: Any, name: str, label: str) -> int:
    text = form_text(form, name)
    if not text.lstrip("-").isdigit():
        raise DomainError(f"{label} phải là số nguyên.")
    return int(text)


def form_date(form: Any, name: str, label: str) -> dt.date | None:
    from election.parsing import parse_optional_date

    try:
        return parse_optional_date(form_text(form, name))
    except ValueError as error:
        raise DomainError(f"{label}: {error}") from None


def messages_of(error: DomainError) -> list[str]:
    """The lines to show for a refused change, each with its article."""
    if isinstance(error, RuleViolation):
        return [f"{v.message} ({v.article})" if v.article else v.message for v in error.violations]
    return [error.detail + (f" ({error.article})" if error.article else "")]


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    roles: frozenset[Role] | None = None


NAVIGATION: list[NavItem] = [
    NavItem("/", "Tổng quan"),
    NavItem("/structure", "Cơ cấu bầu cử"),
    NavItem("/voters", "Cử tri"),
    NavItem("/staffing", "Nhân sự bầu cử"),
    NavItem("/results", "Kiểm phiếu"),
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
