"""Domain errors and their mapping to RFC 9457 problem details (API) or an error page (UI).

Services raise these; they never raise HTTP exceptions. Every message is in
Vietnamese; a rule that comes from the law carries its article.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import asyncpg
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_405_METHOD_NOT_ALLOWED,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
)

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_BASE = "https://bau-cu.example/problems/"


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    label: str = ""  # the field's name as people know it ("Số khu vực")

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass(frozen=True)
class Violation:
    """One broken rule: a Vietnamese message, the law article, and where."""

    code: str
    message: str
    article: str | None = None
    field: str | None = None
    severity: str = "error"  # "error" blocks; "warning" is shown and may be accepted

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "article": self.article,
            "field": self.field,
            "severity": self.severity,
        }


def blocking(violations: list[Violation]) -> list[Violation]:
    """The violations that refuse the change."""
    return [v for v in violations if v.severity == "error"]


def warnings_of(violations: list[Violation]) -> list[Violation]:
    """The violations shown and accepted (or sent to review)."""
    return [v for v in violations if v.severity != "error"]


class DomainError(Exception):
    status_code = HTTP_400_BAD_REQUEST
    problem = "bad-request"
    title = "Yêu cầu không hợp lệ"

    def __init__(self, detail: str, *, article: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.article = article
        self.extra = extra

    def problem_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_TYPE_BASE + self.problem,
            "title": self.title,
            "status": self.status_code,
            "detail": self.detail,
        }
        if self.article:
            body["article"] = self.article
        body.update(self.extra)
        return body


class NotFound(DomainError):
    status_code = HTTP_404_NOT_FOUND
    problem = "not-found"
    title = "Không tìm thấy"


class Conflict(DomainError):
    status_code = HTTP_409_CONFLICT
    problem = "conflict"
    title = "Xung đột dữ liệu"


class Forbidden(DomainError):
    status_code = HTTP_403_FORBIDDEN
    problem = "forbidden"
    title = "Không có quyền"


class Unauthenticated(DomainError):
    status_code = HTTP_401_UNAUTHORIZED
    problem = "unauthenticated"
    title = "Chưa đăng nhập"


class TooManyRequests(DomainError):
    status_code = HTTP_429_TOO_MANY_REQUESTS
    problem = "too-many-requests"
    title = "Quá nhiều yêu cầu"


class PayloadTooLarge(DomainError):
    status_code = HTTP_413_REQUEST_ENTITY_TOO_LARGE
    problem = "payload-too-large"
    title = "Dữ liệu quá lớn"


class InvalidInput(DomainError):
    status_code = HTTP_422_UNPROCESSABLE_ENTITY
    problem = "invalid-input"
    title = "Dữ liệu không hợp lệ"

    def __init__(self, detail: str, *, errors: list[FieldError] | None = None, **extra: Any):
        super().__init__(detail, **extra)
        self.errors = errors or []

    def problem_body(self) -> dict[str, Any]:
        body = super().problem_body()
        body["errors"] = [error.as_dict() for error in self.errors]
        return body


class RuleViolation(DomainError):
    """A legal or business rule refused the change."""

    status_code = HTTP_422_UNPROCESSABLE_ENTITY
    problem = "rule-violation"
    title = "Vi phạm quy định"

    def __init__(self, violations: list[Violation] | Violation, detail: str | None = None):
        items = [violations] if isinstance(violations, Violation) else list(violations)
        first = items[0]
        super().__init__(detail or first.message, article=first.article)
        self.violations = items

    def problem_body(self) -> dict[str, Any]:
        body = super().problem_body()
        body["violations"] = [violation.as_dict() for violation in self.violations]
        return body


# --------------------------------------------------------------------------
# Translation of validation messages produced by pydantic and litestar

_PYDANTIC_MESSAGES: list[tuple[str, str]] = [
    ("Field required", "Thiếu trường bắt buộc"),
    ("Input should be a valid integer", "Phải là số nguyên"),
    ("Input should be a valid number", "Phải là một số"),
    ("Input should be a valid string", "Phải là chuỗi ký tự"),
    ("Input should be a valid boolean", "Phải là đúng/sai (true/false)"),
    ("Input should be a valid date", "Ngày không hợp lệ (định dạng YYYY-MM-DD)"),
    ("Input should be a valid datetime", "Thời điểm không hợp lệ (định dạng ISO 8601)"),
    ("Input should be a valid time", "Giờ không hợp lệ (định dạng HH:MM)"),
    ("Input should be a valid list", "Phải là một danh sách"),
    ("Input should be a valid dictionary", "Phải là một đối tượng JSON"),
    ("Input should be greater than or equal to", "Giá trị quá nhỏ"),
    ("Input should be greater than", "Giá trị quá nhỏ"),
    ("Input should be less than or equal to", "Giá trị quá lớn"),
    ("Input should be less than", "Giá trị quá lớn"),
    ("String should have at least", "Chuỗi quá ngắn"),
    ("String should have at most", "Chuỗi quá dài"),
    ("String should match pattern", "Sai định dạng"),
    ("Input should be", "Giá trị không thuộc danh sách cho phép"),
    ("Extra inputs are not permitted", "Trường không được phép"),
    ("List should have at least", "Danh sách quá ngắn"),
    ("List should have at most", "Danh sách quá dài"),
    ("Invalid JSON", "JSON không hợp lệ"),
    ("JSON is malformed", "JSON không hợp lệ"),
    ("Value error, ", ""),
    ("Assertion failed, ", ""),
]


def translate_validation_message(message: str) -> str:
    for english, vietnamese in _PYDANTIC_MESSAGES:
        if message.startswith(english):
            if vietnamese == "":
                return message[len(english) :]
            return vietnamese
    return "Giá trị không hợp lệ"


# The query and path parameters of the routes, as a person names them: a
# refused address ("?election=abc") is explained in Vietnamese, never by the
# parameter's code ("election_id: ...").
PARAMETER_LABELS: dict[str, str] = {
    **dict.fromkeys(("election", "election_id"), "Cuộc bầu cử"),
    **dict.fromkeys(("contest", "contest_id"), "Cuộc bầu cử từng cấp"),
    **dict.fromkeys(("province", "province_code"), "Tỉnh, thành phố"),
    **dict.fromkeys(("commune", "commune_code", "code"), "Xã, phường, đặc khu"),
    **dict.fromkeys(("unit", "unit_id"), "Đơn vị bầu cử"),
    **dict.fromkeys(("area", "area_id", "polling_area_id"), "Khu vực bỏ phiếu"),
    **dict.fromkeys(("round", "round_id"), "Vòng bầu cử"),
    "page": "Số trang",
    "size": "Số dòng mỗi trang",
    "q": "Từ khóa tìm kiếm",
    "state": "Trạng thái",
    "level": "Cấp bầu cử",
    "from": "Từ thời điểm",
    "to": "Đến thời điểm",
    "user": "Người thực hiện",
    "role": "Vai trò",
    "action": "Thao tác",
    "hour": "Giờ báo cáo",
    "body": "Dữ liệu gửi lên",
}


def _field_errors_from_validation(exc: ValidationException) -> list[FieldError]:
    errors: list[FieldError] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if not isinstance(item, dict):
            continue
        key = str(item.get("key", "")) or str(item.get("source", "")) or "body"
        message = translate_validation_message(str(item.get("message", "")))
        errors.append(FieldError(key, message, label=PARAMETER_LABELS.get(key, "")))
    return errors


_DB_ERRORS: list[tuple[type[Exception], type[DomainError], str]] = [
    (asyncpg.UniqueViolationError, Conflict, "Bản ghi đã tồn tại (trùng dữ liệu)."),
    (
        asyncpg.ForeignKeyViolationError,
        Conflict,
        "Dữ liệu tham chiếu không tồn tại hoặc đang được dùng.",
    ),
    (asyncpg.CheckViolationError, InvalidInput, "Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu."),
    (asyncpg.NotNullViolationError, InvalidInput, "Thiếu dữ liệu bắt buộc."),
    (asyncpg.StringDataRightTruncationError, InvalidInput, "Chuỗi ký tự quá dài."),
    (asyncpg.NumericValueOutOfRangeError, InvalidInput, "Giá trị số vượt quá giới hạn."),
    (asyncpg.DataError, InvalidInput, "Dữ liệu không hợp lệ."),
    (asyncpg.IntegrityConstraintViolationError, Conflict, "Dữ liệu vi phạm ràng buộc toàn vẹn."),
]


def as_domain_error(exc: Exception) -> DomainError:
    """Map any exception to the domain error shown to the user."""
    if isinstance(exc, DomainError):
        return exc
    if isinstance(exc, ValidationException):
        errors = _field_errors_from_validation(exc)
        detail = "Dữ liệu gửi lên không hợp lệ."
        if errors:
            detail += " " + "; ".join(
                f"{e.label}: {e.message}" if e.label else e.message for e in errors[:5]
            )
        return InvalidInput(detail, errors=errors)
    if isinstance(exc, RecursionError):
        # msgspec (Litestar's JSON decoder) stops a deeply nested body this way.
        log.warning("request refused: nesting too deep (%s)", exc)
        return DomainError("Dữ liệu JSON gửi lên lồng nhau quá sâu.")
    if isinstance(exc, NotAuthorizedException):
        return Unauthenticated("Cần đăng nhập hoặc mã truy cập hợp lệ.")
    if isinstance(exc, PermissionDeniedException):
        if "CSRF" in str(exc.detail):
            return Forbidden("Phiên biểu mẫu đã hết hạn, vui lòng tải lại trang và thử lại.")
        return Forbidden("Bạn không có quyền thực hiện thao tác này.")
    if isinstance(exc, NotFoundException):
        return NotFound("Không tìm thấy địa chỉ hoặc đối tượng được yêu cầu.")
    if isinstance(exc, MethodNotAllowedException):
        error = DomainError("Phương thức HTTP không được hỗ trợ cho địa chỉ này.")
        error.status_code = HTTP_405_METHOD_NOT_ALLOWED
        return error
    if isinstance(exc, HTTPException) and exc.status_code < 500:
        if exc.status_code == HTTP_413_REQUEST_ENTITY_TOO_LARGE:
            return PayloadTooLarge("Dữ liệu gửi lên vượt quá kích thước cho phép.")
        if "json" in str(exc.detail).lower():
            return DomainError("Nội dung JSON gửi lên không đúng cú pháp.")
        error = DomainError("Yêu cầu không hợp lệ.")
        error.status_code = exc.status_code
        return error
    for db_type, error_type, message in _DB_ERRORS:
        if isinstance(exc, db_type):
            return error_type(message)
    error = DomainError("Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị viên kèm mã yêu cầu.")
    error.status_code = HTTP_500_INTERNAL_SERVER_ERROR
    error.problem = "internal-error"
    error.title = "Lỗi hệ thống"
    return error
