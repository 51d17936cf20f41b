"""Formatting shared by the forms: Vietnamese dates, the place-and-date line,
"gồm" lists, the signers of the official models and the choice of a model
number from the contest."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from forms import formatting
from forms.base import SIGN_NOTE, SignatureBox

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

# A blank to write a day, a month or a place on by hand.
BLANK = "……"


# Dates and moments as every page and form writes them.
vn_date = formatting.vn_date
vn_datetime = formatting.vn_datetime


def vn_long_date(value: dt.date) -> str:
    """'ngày 15 tháng 3 năm 2026', as written on official documents.

    Decree 30/2020/NĐ-CP: a day below 10 and the months 1 and 2 take a
    leading zero ('ngày 05 tháng 02 năm 2026'); other months do not.
    """
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def place_and_date(place: str, value: dt.date | None, *, year: int | None = None) -> str:
    """'Bạc Liêu, ngày 15 tháng 3 năm 2026'; with dotted blanks for what is not
    known ('Bạc Liêu, ngày …… tháng …… năm 2026' when only the `year` is), as
    the models print it for the signer to date by hand."""
    where = place.strip() or BLANK
    if value is not None:
        return f"{where}, {vn_long_date(value)}"
    return f"{where}, ngày {BLANK} tháng {BLANK} năm {year if year else BLANK}"


def weekday(value: dt.date) -> str:
    return WEEKDAYS[value.weekday()]


# --------------------------------------------------------------------------
# "gồm" lists

_GOM = re.compile(r"^(?:\s*gồm\b\s*:?\s*)+", re.IGNORECASE)


def members_text(area: str) -> str:
    """The members of an area without the 'gồm' its text may already begin
    with: 'Gồm khóm 1, khóm 2', 'gồm: gồm khóm 1' → 'khóm 1, khóm 2'."""
    text = " ".join(unicodedata.normalize("NFC", area).split())
    return _GOM.sub("", text).strip()


def members_clause(area: str) -> str:
    """'gồm: khóm 1, khóm 2', the word written once whatever the data starts
    with; '' when the area names nothing."""
    members = members_text(area)
    return f"gồm: {members}" if members else ""


def with_members(name: str, area: str) -> str:
    """'Đơn vị bầu cử số 1 gồm: Phường Bạc Liêu, …', or the name alone."""
    clause = members_clause(area)
    return f"{name} {clause}" if clause else name


# --------------------------------------------------------------------------
# Signers, as the models of Resolution 40/NQ-HĐBCQG write them


def sealed_note(body: str) -> str:
    """'(Ký, ghi rõ họ và tên, đóng dấu của Ủy ban bầu cử)': the note of a signer
    who also stamps the body's seal."""
    return f"(Ký, ghi rõ họ và tên, đóng dấu của {body})"


def on_behalf(body: str, head: str, *, deputy: str = "") -> str:
    """The title of a signer for a collective body (Decree 30/2020/NĐ-CP, Art.
    8(2)(a)): 'TM. ỦY BAN NHÂN DÂN\\nCHỦ TỊCH'; signed by a deputy for the
    head: 'TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH' (the notes of
    models 10, 11 and 31)."""
    lines = [f"TM. {body}"]
    lines += [f"KT. {head}", deputy] if deputy else [head]
    return "\n".join(lines)


def collective_signer(
    body: str, head: str, *, seal_of: str = "", deputy: str = "", name: str = ""
) -> SignatureBox:
    """The signature of the head of a collective body, with its seal:
    collective_signer("ỦY BAN BẦU CỬ", "CHỦ TỊCH", seal_of="Ủy ban bầu cử")."""
    note = sealed_note(seal_of) if seal_of else SIGN_NOTE
    return SignatureBox(on_behalf(body, head, deputy=deputy), note=note, name=name)


def personal_signer(title: str, *, name: str = "", seal_of: str = "") -> SignatureBox:
    """A signer in person: 'THƯ KÝ\\nTỔ BẦU CỬ', 'CỬ TRI THỨ NHẤT\\nCHỨNG KIẾN\\nVIỆC KIỂM PHIẾU'."""
    return SignatureBox(title, note=sealed_note(seal_of) if seal_of else SIGN_NOTE, name=name)


# --------------------------------------------------------------------------
# The model a contest's document follows


def is_council(contest_title: str) -> bool:
    """Whether a contest title names a People's Council election."""
    return "HỘI ĐỒNG NHÂN DÂN" in unicodedata.normalize("NFC", contest_title).upper()


def contest_number(contest_title: str, *, national: str, council: str) -> str:
    """'Mẫu số 18/HĐBC-QH' for the National Assembly, 'Mẫu số 23/HĐBC-HĐND' for
    a People's Council: the pairs of models 17/22, 18/23 and 19/24."""
    return f"Mẫu số {council if is_council(contest_title) else national}"


def ballot_number(contest_title: str) -> str:
    """The ballot's model: 13 for the National Assembly, 14 for the council of a
    province or a centrally governed city ("… HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU"),
    15 for a commune's, a ward's or a special zone's."""
    title = unicodedata.normalize("NFC", contest_title).upper()
    if not is_council(title):
        return "Mẫu số 13/HĐBC-QH"
    council = title.split("HỘI ĐỒNG NHÂN DÂN", 1)[1].strip()
    province = council.startswith(("TỈNH", "THÀNH PHỐ"))
    return "Mẫu số 14/HĐBC-HĐND" if province else "Mẫu số 15/HĐBC-HĐND"
