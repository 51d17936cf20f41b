"""The entry page's form of the paper minutes: its fields in the order of the
minutes, the typed cells into the API's `SheetIn` (one input path), the
author's recorded parts for the next typing, and the rows comparing two
entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from election.errors import DomainError, FieldError, InvalidInput, RuleViolation, Violation
from election.tallies import services
from election.tallies.rules.sheet import fields_of, with_candidate_names
from election.tallies.schemas import SheetIn
from election.web import FormState, messages_of, parse_form

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
    if parts[0] == "signatories" and len(parts) > 1:
        return FieldError(_signatory_field(parts[1:]), error.message, label=error.label)
    return FieldError(parts[-1], error.message, label=error.label)


def _signatory_field(parts: list[str]) -> str:
    """The form field of a person of the minutes ("box_witnesses.0.residence"
    -> "box_witness_1_residence")."""
    group = parts[0]
    prefixes = {"box_witnesses": "box_witness", "witnesses": "witness"}
    if group in prefixes and len(parts) > 1 and parts[1].isdigit():
        name = f"{prefixes[group]}_{int(parts[1]) + 1}"
        return name + ("_residence" if parts[-1] == "residence" else "")
    return group


# --------------------------------------------------------------------------
# A refused sheet, its problems next to the cells they concern

# Where the messages about the candidates' votes taken together sit (the
# totals against the valid ballots); every candidate's cell points to it.
VOTES_GROUP = "votes"


def _folded_cells() -> frozenset[str]:
    names = [n for n, _ in STOCK_FIELDS] + [n for n, _, _ in TIME_FIELDS]
    names += ["head", "secretary", "members"] + [n for n, _ in TEXT_FIELDS]
    names += [
        f"{prefix}_{n}{suffix}"
        for prefix, _ in WITNESS_GROUPS
        for n in (1, 2)
        for suffix in ("", "_residence")
    ]
    return frozenset(input_id(name) for name in names)


def input_id(name: str) -> str:
    """The id of the form's element for a field of the form ("vote_12") or of
    the rules ("votes:12"); "votes" is the candidates' cells as a group."""
    if name.startswith(("vote_", "votes:")):
        return "f-vote-" + name.split("_" if name.startswith("vote_") else ":", 1)[1]
    if name == VOTES_GROUP:
        return VOTES_GROUP
    for prefix in ("box_witness", "witness"):
        rest = name.removeprefix(prefix + "_")
        if rest != name and rest[:1].isdigit():
            return f"f-{prefix}-" + rest.replace("_", "-")
    return f"f-{name}"


# The cells of the form's folded part (<details>).
FOLDED_CELLS = _folded_cells()


@dataclass(frozen=True)
class Problem:
    """One problem of a refused sheet: a line of the summary above the form,
    linking to `target` (None: the sheet as a whole), and beside the cells
    it concerns (`cells`, element ids)."""

    message: str
    target: str | None
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntryRefusal(FormState):
    """A refused entry: the summary of its problems, the problems placed
    beside a cell (keyed by its element id), and for each cell the ids of
    the messages that describe it (`aria-describedby`)."""

    problems: list[Problem] = field(default_factory=list)
    at: dict[str, list[Problem]] = field(default_factory=dict)
    described_by: dict[str, list[str]] = field(default_factory=dict)

    @property
    def in_folded_part(self) -> bool:
        """Whether a problem concerns a cell of the form's folded part (the
        ballot stock, times, people, text), which then opens."""
        return any(cell in FOLDED_CELLS for cell in self.described_by)


def refusal(form: Any, error: DomainError, sheet: services.SheetContext) -> EntryRefusal:
    """The page's account of a refused entry: each unreadable cell and each
    broken rule next to the cells it concerns, and all of them in a summary
    that links to the cells. Candidates are named, never numbered."""
    names = {c.id: c.full_name for c in sheet.candidates}
    vote_ids = [input_id(f"vote_{c.id}") for c in sheet.candidates]
    problems: list[Problem] = []
    at: dict[str, list[Problem]] = {}
    described_by: dict[str, list[str]] = {}

    def place(message: str, targets: list[str]) -> None:
        shown = [t for t in targets if t != VOTES_GROUP or vote_ids]
        if not shown:
            problems.append(Problem(message, None))
            return
        home = shown[0]
        cells = [c for t in shown for c in (vote_ids if t == VOTES_GROUP else [t])]
        problem = Problem(message, cells[0], tuple(cells))
        problems.append(problem)
        at.setdefault(home, []).append(problem)
        for cell in cells:
            ids = described_by.setdefault(cell, [])
            if f"{home}-error" not in ids:
                ids.append(f"{home}-error")

    if isinstance(error, InvalidInput) and error.errors:
        for item in error.errors:
            label = item.label or item.field
            place(f"{label}: {item.message}", [input_id(item.field)])
    elif isinstance(error, RuleViolation):
        for violation in error.violations:
            place(_rule_message(violation, names), [input_id(f) for f in fields_of(violation)])
    else:
        problems += [Problem(line, None) for line in messages_of(error)]
    return EntryRefusal(
        values=dict(form),
        messages=[p.message for p in problems],
        problems=problems,
        at=at,
        described_by=described_by,
    )


def _rule_message(violation: Violation, names: dict[int, str]) -> str:
    message = with_candidate_names(violation.message, names)
    return f"{message} ({violation.article})" if violation.article else message


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
