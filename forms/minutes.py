"""What the results minutes share (Mẫu số 18–25 and 32/HĐBC): numbers and
percentages as Vietnamese write them, the lines of a minutes' body, the
members of the body that meets, the witnesses, and the free text a body
writes or leaves blank to fill by hand.

`vn_number` (1.234), `percent_text` (98,76 of two counts, two decimals,
half up: the rule of `election.tallies.rules.percent`, which a test keeps
equal), `PercentText` (a percentage given formatted or as a number).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator

from forms import formatting
from forms.base import Align, Paragraph

# A blank to write a figure on by hand; a blank to the end of the line is a
# paragraph's `leader`, as long as the line whatever the typeface.
DOTS = "…" * 8
SHORT_DOTS = "…" * 4
LEADER = "…"
NOTHING = "Không có."
NO_ERASURE = "Ghi chú: Nhất thiết không được tẩy xóa trên biên bản."
CLOCK_BLANK = "…… giờ …… phút"
DATE_BLANK = "ngày …… tháng …… năm"

# --------------------------------------------------------------------------
# Numbers as written in Vietnamese


def vn_number(value: int | None) -> str:
    """1234567 -> '1.234.567'; None -> '' (`forms.formatting`)."""
    return formatting.vn_number(value)


def percent_value(part: int, whole: int) -> Decimal:
    """part / whole in percent, two decimals, rounded half up; whole 0 -> 0.00."""
    if whole <= 0 or part < 0:
        return Decimal("0.00")
    quotient, remainder = divmod(part * 10_000, whole)
    if 2 * remainder >= whole:
        quotient += 1
    return Decimal(quotient).scaleb(-2).quantize(Decimal("0.01"))


def vn_decimal(value: object) -> str:
    """A percentage with a decimal comma: Decimal('54.32'), 54.32, '54.32',
    '54,32' or '54,32%' -> '54,32'."""
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        return formatting.vn_decimal(value)
    return str(value).strip().removesuffix("%").strip().replace(".", ",")


def percent_text(part: int | None, whole: int | None) -> str:
    """'98,76' from the two counts; '' when either is unknown."""
    if part is None or whole is None:
        return ""
    return vn_decimal(percent_value(part, whole))


# A percentage given pre-formatted ("54,32") or as a number (Decimal("54.32")).
PercentText = Annotated[str, BeforeValidator(vn_decimal)]


def figure(value: int | None, blank: str = DOTS) -> str:
    """A figure, or a dotted blank to write it by hand."""
    return blank if value is None else vn_number(value)


def share(part: int | None, whole: int | None, blank: str = SHORT_DOTS) -> str:
    """'98,79 %' (as `forms.formatting.vn_percent` writes it), or a dotted
    blank right before the sign, as the model prints it ('……%')."""
    text = percent_text(part, whole)
    return f"{text} %" if text else f"{blank}%"


def day_text(day: date | None, year: int | None = None) -> str:
    """'ngày 15 tháng 3 năm 2026' as the minutes' body writes it; blanks when
    the day is not known ('ngày …… tháng …… năm 2026')."""
    if day is None:
        return f"{DATE_BLANK} {year}" if year else f"{DATE_BLANK} ……"
    return f"ngày {day.day} tháng {day.month} năm {day.year}"


def lower_first(text: str) -> str:
    """'Khu vực bỏ phiếu số 1' -> 'khu vực bỏ phiếu số 1' inside a sentence;
    an acronym ('HĐND …') is left alone."""
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


# --------------------------------------------------------------------------
# Lines of a minutes' body


def line(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    indent: float = 0,
    size: float = 10.5,
    space_after: float = 1.8,
    leader: str = "",
    align: Align = "left",
) -> Paragraph:
    """One paragraph of the body text."""
    return Paragraph(
        text,
        bold=bold,
        italic=italic,
        size=size,
        indent=indent,
        space_after=space_after,
        leader=leader,
        align=align,
    )


def dash(text: str, *, size: float = 10.5) -> Paragraph:
    """'- Số phiếu phát ra: 1.468 phiếu', as the models list their figures."""
    return line(f"- {text}", size=size)


def free_text(label: str, text: str, *, filled: bool, indent: float = 0) -> list[Paragraph]:
    """A heading the body answers in its own words: the text, "Không có." when
    the filled minutes have nothing, or two dotted lines to write on."""
    words = " ".join(text.split())
    if filled:
        return [line(f"{label} {words or NOTHING}", indent=indent)]
    return [
        line(label, indent=indent, leader=LEADER),
        line("", indent=indent, leader=LEADER),
    ]


# --------------------------------------------------------------------------
# The body that meets, and the witnesses


class Member(BaseModel):
    """One member present: "1. Ông/Bà Võ Thị Hồng, Tổ trưởng"."""

    name: str = ""
    role: str  # "Tổ trưởng", "Phó Trưởng ban", "Ủy viên"
    honorific: str = "Ông/Bà"  # "Ông" or "Bà" when the sex is known


class Witness(BaseModel):
    """A voter invited to witness, and where the voter lives."""

    name: str = ""
    residence: str = ""


def member_lines(members: Sequence[Member], *, blank_roles: Sequence[str]) -> list[Paragraph]:
    """The members as the models list them; without names, the model's blank
    lines (one per role of `blank_roles`) and a last numbered line."""
    if members:
        return [
            line(f"{number}. {m.honorific} {m.name or DOTS}, {m.role}", indent=5, space_after=1.2)
            for number, m in enumerate(members, start=1)
        ]
    lines = [
        line(f"{number}. Ông/Bà {DOTS * 3}, {role}", indent=5, space_after=1.2)
        for number, role in enumerate(blank_roles, start=1)
    ]
    lines.append(line(f"{len(blank_roles) + 1}.", indent=5, leader=LEADER, space_after=1.2))
    return lines


def witness_lines(
    witnesses: Sequence[Witness], *, colon: bool = True, size: float = 10.5
) -> list[Paragraph]:
    """'1. Ông/Bà: Lý Thanh Tâm. Nơi ở hiện nay: Khóm 3, …', two of them, with
    dotted blanks for what is not known."""
    people = [*witnesses[:2], *[Witness()] * 2][:2]
    mark = ":" if colon else ""
    return [
        line(
            f"{number}. Ông/Bà{mark} {w.name or DOTS * 3}. Nơi ở hiện nay: {w.residence or DOTS * 4}",
            indent=5,
            size=size,
            space_after=1.2,
        )
        for number, w in enumerate(people, start=1)
    ]
