"""The entry page's form of the paper minutes: its fields in the order of the
minutes, the typed cells into the API's `SheetIn` (one input path), the
author's recorded parts for the next typing, and the rows comparing two
entries."""

from __future__ import annotations

from typing import Any

from election.errors import FieldError, InvalidInput
from election.tallies import services
from election.tallies.schemas import SheetIn
from election.web import parse_form

COUNT_FIELDS = (
    ("voters_on_list", "a", "Tổng số cử tri của khu vực bỏ phiếu"),
    ("voters_took_part", "b", "Số cử tri đã tham gia bỏ phiếu"),
    ("ballots_issued", "c", "Số phiếu phát ra"),
    ("ballots_received", "d", "Số phiếu thu vào"),
    ("valid", "đ", "Số phiếu hợp lệ"),
    ("invalid", "e", "Số phiếu không hợp lệ"),
)
COMPLAINT_FIELDS = (
    ("complaints_received", "Số khiếu nại, tố cáo nhận được"),
    ("complaints_settled", "Số đã giải quyết tại Tổ bầu cử"),
    ("complaints_forwarded", "Số chuyển lên Ban bầu cử"),
)
STOCK_FIELDS = (
    ("ballots_delivered", "Số phiếu Tổ bầu cử đã nhận"),
    ("spoiled_ballots", "Số phiếu cử tri đổi do gạch hỏng"),
    ("unused_ballots", "Số phiếu không sử dụng (kiểm trước khi mở hòm phiếu)"),
)
# The minutes' times (Mẫu số 18/23): recorded, not compared by the double entry.
TIME_FIELDS = (
    ("voting_opened", "Giờ bắt đầu bỏ phiếu (kiểm tra hòm phiếu)", "07:00"),
    ("voting_closed", "Giờ kết thúc bỏ phiếu", "19:00"),
    ("closing_time", "Giờ kết thúc kiểm phiếu (hoàn thành biên bản)", "20:30"),
)
# The two pairs of witnesses: (form field prefix, legend).
WITNESS_GROUPS = (
    ("box_witness", "Hai cử tri chứng kiến việc kiểm tra hòm phiếu trước khi bỏ phiếu"),
    ("witness", "Hai cử tri chứng kiến việc kiểm phiếu (ký biên bản)"),
)
TEXT_FIELDS = (
    (
        "incidents",
        "Sự việc xảy ra hoặc khiếu nại, tố cáo trong ngày bầu cử và khi kiểm phiếu, cách giải "
        "quyết của Tổ bầu cử",
    ),
    ("recommendations", "Vấn đề, khiếu nại, tố cáo Tổ bầu cử chưa giải quyết được và kiến nghị"),
)


def sheet_values(form: Any, sheet: services.SheetContext) -> dict[str, Any]:
    """The paper minutes as typed into the form, in the shape of the API's SheetIn
    (blank cells left out, so that SheetIn names what is missing)."""

    def typed(name: str) -> str:
        value = form.get(name)
        return value.strip() if isinstance(value, str) else ""

    names = [n for n, _, _ in COUNT_FIELDS] + [n for n, _ in COMPLAINT_FIELDS + STOCK_FIELDS]
    values: dict[str, Any] = {name: typed(name) for name in names if typed(name)}
    values["votes"] = [
        {"candidate_id": c.id} | ({"votes": typed(f"vote_{c.id}")} if typed(f"vote_{c.id}") else {})
        for c in sheet.candidates
    ]
    values |= {name: typed(name) for name, _, _ in TIME_FIELDS if typed(name)}

    def witnesses(prefix: str) -> list[dict[str, str]]:
        pairs = [(typed(f"{prefix}_{n}"), typed(f"{prefix}_{n}_residence")) for n in (1, 2)]
        return [{"name": name, "residence": where} for name, where in pairs if name or where]

    values["signatories"] = {
        "head": typed("head"),
        "secretary": typed("secretary"),
        "members": [line.strip() for line in typed("members").splitlines() if line.strip()],
        "box_witnesses": witnesses("box_witness"),
        "witnesses": witnesses("witness"),
    }
    values |= {name: typed(name) for name, _ in TEXT_FIELDS}
    values["reason"] = typed("reason")
    return values


def minutes_values(entry: services.EntryRow | None) -> dict[str, str]:
    """The recorded (not compared) parts of an entry as the form's fields, for
    its author's next typing: times, people, text."""
    if entry is None:
        return {}
    people = entry.signatories
    values = {
        name: f"{value:%H:%M}"
        for name, _, _ in TIME_FIELDS
        if (value := getattr(entry, name)) is not None
    }
    values |= {
        "head": people.get("head", ""),
        "secretary": people.get("secretary", ""),
        "members": "\n".join(people.get("members", [])),
        "incidents": entry.incidents,
        "recommendations": entry.recommendations,
    }
    for prefix, key in (("box_witness", "box_witnesses"), ("witness", "witnesses")):
        for number, witness in enumerate(people.get(key, [])[:2], start=1):
            person = witness if isinstance(witness, dict) else {"name": witness}
            values[f"{prefix}_{number}"] = person.get("name", "")
            values[f"{prefix}_{number}_residence"] = person.get("residence", "")
    return values


def submission_from_form(form: Any, sheet: services.SheetContext) -> services.Submission:
    """The paper minutes validated by the same schema as the API; every
    unreadable cell is named, a candidate's by the candidate's name."""
    try:
        return parse_form(SheetIn, sheet_values(form, sheet)).submission()
    except InvalidInput as error:
        raise InvalidInput(
            error.detail, errors=[_named_cell(e, sheet) for e in error.errors]
        ) from None


def _named_cell(error: FieldError, sheet: services.SheetContext) -> FieldError:
    parts = error.field.split(".")
    if parts[0] == "votes" and len(parts) > 1 and parts[1].isdigit():
        candidate = sheet.candidates[int(parts[1])]
        return FieldError(
            f"vote_{candidate.id}", error.message, label=f"Số phiếu bầu cho {candidate.full_name}"
        )
    return FieldError(parts[-1], error.message, label=error.label)


def compare_rows(sheet, first, second) -> list[dict[str, Any]]:
    """Rows of the side-by-side view of two entries, mismatching cells marked."""
    rows = []
    labels = [(n, f"({letter}) {label}") for n, letter, label in COUNT_FIELDS]
    labels += list(COMPLAINT_FIELDS) + list(STOCK_FIELDS)
    for name, label in labels:
        a = getattr(first.figures, name) if first else None
        b = getattr(second.figures, name) if second else None
        rows.append({"label": label, "a": a, "b": b, "differs": bool(first and second and a != b)})
    for c in sheet.candidates:
        a = first.figures.votes.get(c.id) if first else None
        b = second.figures.votes.get(c.id) if second else None
        rows.append(
            {
                "label": f"(g) {c.full_name}",
                "a": a,
                "b": b,
                "differs": bool(first and second and a != b),
            }
        )
    return rows
