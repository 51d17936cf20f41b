"""Helpers shared by the server-rendered pages and file downloads."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote

from litestar import MediaType, Request, Response
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_401_UNAUTHORIZED
from pydantic import BaseModel, ValidationError

from election.actor import Actor, Role
from election.errors import (
    PROBLEM_JSON,
    DomainError,
    FieldError,
    InvalidInput,
    RuleViolation,
    as_domain_error,
    translate_validation_message,
)
from election.masking import mask_ids_in, mask_personal_id, mask_phone
from election.schemas import TYPED_ON_A_PAGE
from forms import formatting

log = logging.getLogger(__name__)

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


def form_text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def messages_of(error: DomainError) -> list[str]:
    """The lines to show for a refused change, each with its article."""
    if isinstance(error, RuleViolation):
        return [f"{v.message} ({v.article})" if v.article else v.message for v in error.violations]
    return [error.detail + (f" ({error.article})" if error.article else "")]


# --------------------------------------------------------------------------
# Forms: one path for every page that changes something


Schema = TypeVar("Schema", bound=BaseModel)
Result = TypeVar("Result")
Done = TypeVar("Done")
Refused = TypeVar("Refused")


@dataclass(frozen=True)
class FormState:
    """A refused form as it goes back to its page: what was typed, what went wrong."""

    values: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    @classmethod
    def refused(cls, values: dict[str, Any], error: DomainError) -> FormState:
        fields: dict[str, str] = {}
        if isinstance(error, InvalidInput) and error.errors:
            fields = {e.field: e.message for e in error.errors}
            # A field by the name people know it; never by its code.
            messages = [f"{e.label}: {e.message}" if e.label else e.message for e in error.errors]
        else:
            messages = messages_of(error)
            if isinstance(error, RuleViolation):
                fields = {v.field: v.message for v in error.violations if v.field}
        return cls(values=values, messages=messages, fields=fields)


def status_of(state: FormState | None) -> int:
    """A page shown again after a refusal answers 422; shown afresh, 200."""
    return 422 if state is not None else 200


def _schema_field_is_list(schema: type[BaseModel], name: str) -> bool:
    annotation = schema.model_fields[name].annotation
    return getattr(annotation, "__origin__", None) is list


def form_values(form: Any, schema: type[BaseModel]) -> dict[str, Any]:
    """The schema's fields as typed in an HTML form (blank fields left out, so
    that the schema's defaults apply)."""
    values: dict[str, Any] = {}
    for name in schema.model_fields:
        if _schema_field_is_list(schema, name):
            values[name] = [v for v in form.getall(name, []) if isinstance(v, str) and v.strip()]
            continue
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            values[name] = value.strip()
    return values


def parse_form(schema: type[Schema], values: dict[str, Any]) -> Schema:
    """Validate typed text through the same schema as the API (lax: text becomes
    numbers and dates); errors name the field by its title."""
    try:
        return schema.model_validate(values, strict=False, context={TYPED_ON_A_PAGE: True})
    except ValidationError as error:
        raise InvalidInput(
            "Dữ liệu nhập chưa hợp lệ.",
            errors=[_field_error(schema, item) for item in error.errors()],
        ) from None


def _field_error(schema: type[BaseModel], item: Any) -> FieldError:
    """The error of one field; a nested one is named by its path ("votes.2.votes")."""
    location = [str(part) for part in item["loc"]]
    name = ".".join(location)
    info = schema.model_fields.get(location[0]) if location else None
    label = (info.title if info is not None else None) or name
    return FieldError(name, translate_validation_message(str(item["msg"])), label=label)


async def form_action(
    request: Request,
    schema: type[Schema],
    act: Callable[[Schema], Awaitable[Result]],
    *,
    done: Callable[[Result], Done],
    refused: Callable[[FormState], Awaitable[Refused]],
) -> Done | Refused:
    """Parse the posted form with `schema`, `act` on it, and answer with `done`;
    a refusal (invalid input or a broken rule) re-renders the page with the
    typed values and each field's message."""
    form = await request.form()
    values = form_values(form, schema)
    try:
        result = await act(parse_form(schema, values))
    except DomainError as error:
        return await refused(FormState.refused(values, error))
    return done(result)


async def refusing(
    act: Awaitable[Result], refused: Callable[[FormState], Awaitable[Refused]]
) -> Result | Refused:
    """`act`, or the page re-rendered with its refusal: for buttons without fields."""
    try:
        return await act
    except DomainError as error:
        return await refused(FormState.refused({}, error))


def uploaded_file(form: Any, name: str = "file") -> UploadFile:
    """The file chosen in an upload form, or a Vietnamese refusal."""
    upload = form.get(name)
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput(
            "Hãy chọn tệp cần tải lên.",
            errors=[FieldError(name, "Chưa chọn tệp.", label="Tệp")],
        )
    return upload


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    roles: frozenset[Role] | None = None


NAVIGATION: list[NavItem] = [
    NavItem("/", "Tổng quan"),
    NavItem("/structure", "Cơ cấu bầu cử"),
    # Voter lists carry personal data: observers and boards read counts only
    # (voters.services.personal.LIST_READERS).
    NavItem(
        "/voters",
        "Cử tri",
        frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF, Role.STATION_OFFICER}),
    ),
    NavItem("/staffing", "Nhân sự bầu cử"),
    NavItem("/results", "Kiểm phiếu"),
    NavItem(
        "/viec-can-lam",
        "Việc cần làm",
        frozenset(role for role in Role if role != Role.STATION_OFFICER),
    ),
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
            # Put there by elections.clock_pages.TrainingBannerMiddleware.
            "training_banners": request.scope.get("state", {}).get("training_banners", []),
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


# What may stand in the quoted ASCII fallback of a Content-Disposition:
# anything else (a quote, a semicolon, a backslash, a control) could end the
# parameter and add another one (`"; x="`), so it becomes "_".
_UNSAFE_IN_FALLBACK = re.compile(r"[^A-Za-z0-9._ ()\-]")


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The Content-Disposition of a download (RFC 6266): a plain-ASCII
    `filename` for old clients and the real name as `filename*=UTF-8''…`,
    percent-encoded whole, so a Vietnamese name ("biên bản kiểm phiếu.png")
    never reaches the latin-1 header as is and no name can add a parameter."""
    disposition = "inline" if inline else "attachment"
    name = unicodedata.normalize("NFC", filename).strip() or "tep-tai-ve"
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    fallback = _UNSAFE_IN_FALLBACK.sub("_", folded.encode("ascii", "ignore").decode())
    fallback = fallback.strip(" .") or "tep-tai-ve"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_response(
    content: bytes, filename: str, media_type: str, *, inline: bool = False
) -> Response[bytes]:
    """Every download: its Content-Disposition by `content_disposition`, never cached."""
    return Response(
        content=content,
        media_type=media_type,
        headers={
            "Content-Disposition": content_disposition(filename, inline=inline),
            "Cache-Control": "no-store",
        },
    )


def pdf_response(document: Any, *, inline: bool = False) -> Response[bytes]:
    return download_response(
        document.content, document.filename, document.media_type, inline=inline
    )


# --------------------------------------------------------------------------
# Template filters


# Numbers, percentages, dates and times: one module for pages, PDFs and
# exports (`forms.formatting`): 40.000, 93,02 %, 15/03/2026, 07:00.
vn_date = formatting.vn_date
vn_datetime = formatting.vn_datetime
vn_number = formatting.vn_number

TEMPLATE_FILTERS = {
    "vn_date": formatting.vn_date,
    "vn_datetime": formatting.vn_datetime,
    "vn_time": formatting.vn_time,
    "vn_number": formatting.vn_number,
    "vn_decimal": formatting.vn_decimal,
    "vn_percent": formatting.vn_percent,
    # Personal IDs in lists and pages: `{{ v.personal_id | masked_id }}`.
    "masked_id": mask_personal_id,
    # Keys and texts that may hold an ID among other words.
    "masked_ids": mask_ids_in,
    "masked_phone": mask_phone,
}


# --------------------------------------------------------------------------
# Errors: problem details for the API, the error page for people


def wants_page(request: Request) -> bool:
    path = request.scope.get("path", "")
    return not path.startswith("/api/") and path != "/schema" and not path.startswith("/schema/")


def exception_handler(request: Request, exc: Exception) -> Response:
    error = as_domain_error(exc)
    request_id = request.scope.get("state", {}).get("request_id", "")
    if error.status_code >= 500:
        log.exception("unhandled error (request %s)", request_id, exc_info=exc)
    if wants_page(request):
        if error.status_code == HTTP_401_UNAUTHORIZED:
            target = request.url.path
            if request.url.query:
                target += "?" + request.url.query
            return Redirect(path="/login", query_params={"next": target})
        actor = request.scope.get("user")
        return Template(
            template_name="error.html",
            context={
                "error": error,
                "request_id": request_id,
                "actor": actor,
                "navigation": navigation_for(actor) if actor else [],
                "current_path": request.url.path,
                "training_banners": request.scope.get("state", {}).get("training_banners", []),
            },
            status_code=error.status_code,
            media_type=MediaType.HTML,
        )
    body = error.problem_body()
    body["instance"] = request.url.path
    if request_id:
        body["request_id"] = request_id
    headers = {"WWW-Authenticate": 'Bearer realm="election"'} if error.status_code == 401 else {}
    return Response(
        content=body, status_code=error.status_code, media_type=PROBLEM_JSON, headers=headers
    )
