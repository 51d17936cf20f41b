"""The ballot ("phiếu bầu cử") of one contest in one electoral unit.

Law 85/2015/QH13 (amended by 83/2025/QH15): names appear in the order of
the official list, A, B, C… (Art. 57(5)); ballots are printed to the
prescribed model (Art. 69); a ballot without the polling team's seal is
invalid (Art. 74), hence the framed box for the seal. The sheet is sized to
the number of candidates: A5 for up to eight, A4 beyond.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from pydantic import BaseModel, field_validator, model_validator

from forms.base import (
    Block,
    Box,
    CandidateLines,
    FormDefinition,
    Orientation,
    PageSize,
    Paragraph,
    Title,
)
from forms.common import ballot_number, members_clause, vn_date, vn_long_date

# Up to this many names fit an A5 sheet in readable type; more take A4.
A5_MAX_CANDIDATES = 8
A5_CHARACTERS_PER_LINE = 43

HONORIFICS = {"Nam": "Ông", "Nữ": "Bà"}


class BallotCandidate(BaseModel):
    full_name: str
    other_name: str = ""
    sex: str  # "Nam" -> prefix "Ông", "Nữ" -> prefix "Bà"
    date_of_birth: date | None = None
    # True only where full names are identical (then print "(sinh ngày dd/mm/yyyy)")
    show_birth_date: bool = False

    @field_validator("sex")
    @classmethod
    def _known_sex(cls, value: str) -> str:
        value = unicodedata.normalize("NFC", value.strip())
        if value not in HONORIFICS:
            raise ValueError('giới tính phải là "Nam" hoặc "Nữ"')
        return value

    @model_validator(mode="after")
    def _birth_date_when_shown(self) -> BallotCandidate:
        if self.show_birth_date and self.date_of_birth is None:
            raise ValueError("cần ngày sinh để phân biệt người ứng cử trùng họ tên")
        return self


class BallotData(BaseModel):
    issuer: str  # e.g. "ỦY BAN NHÂN DÂN TỈNH CÀ MAU" (printed top-left)
    contest_title: str  # e.g. "ĐẠI BIỂU QUỐC HỘI KHÓA XVI"
    unit_name: str  # "Đơn vị bầu cử số 2"
    unit_area: str = ""  # optional short description under the unit line
    election_day: date
    candidates: list[BallotCandidate]  # already in ballot order
    seats: int


def ballot_line(candidate: BallotCandidate) -> str:
    """'Ông Nguyễn Văn An', 'Bà Trần Thị Bình (Thích Nữ Diệu Hạnh)', '… (sinh ngày 02/09/1980)'."""
    line = f"{HONORIFICS[candidate.sex]} {candidate.full_name.strip()}"
    if candidate.other_name.strip():
        line += f" ({candidate.other_name.strip()})"
    if candidate.show_birth_date and candidate.date_of_birth:
        line += f" (sinh ngày {vn_date(candidate.date_of_birth)})"
    return line


def page_for(data: BallotData) -> tuple[PageSize, Orientation]:
    """A5 for up to eight names, A4 beyond, or when many names wrap on A5.

    A name wraps on A5 past about 43 characters at 14 pt (a religious name
    together with a birth date); the sheet holds at most two such rows more
    than it holds names.
    """
    count = len(data.candidates)
    rows = sum(
        -(-len(ballot_line(candidate)) // A5_CHARACTERS_PER_LINE) for candidate in data.candidates
    )
    fits = count <= A5_MAX_CANDIDATES and rows <= A5_MAX_CANDIDATES + 2
    return ("A5" if fits else "A4"), "portrait"


def contest_lines(title: str) -> str:
    """A long contest title breaks before its term ('NHIỆM KỲ …', 'KHÓA …'), not mid-phrase."""
    title = " ".join(title.split())
    if len(title) > 40:
        for marker in (" NHIỆM KỲ ", " KHÓA "):
            head, found, tail = title.rpartition(marker)
            if found and head:
                return f"{head}\n{marker.strip()} {tail}"
    return title


def form_number(data: BallotData) -> str:
    """Model 13 (National Assembly), 14 (province council) or 15 (commune
    council). The ballot does not print it: a ballot carries nothing but the
    model's ballot itself."""
    return ballot_number(data.contest_title)


def layout(data: BallotData) -> list[Block]:
    day = vn_long_date(data.election_day)
    blocks: list[Block] = [
        Box("Dấu của Tổ bầu cử", width_mm=35, height_mm=25, beside=[data.issuer], beside_size=10),
        Title("PHIẾU BẦU CỬ", size=22),
        Paragraph(
            contest_lines(data.contest_title), bold=True, align="center", size=12.5, space_after=2
        ),
        Paragraph(data.unit_name, bold=True, align="center", size=12, space_after=1),
    ]
    if members_clause(data.unit_area):
        blocks.append(
            Paragraph(members_clause(data.unit_area), italic=True, align="center", size=9.5)
        )
    blocks += [
        Paragraph(day[0].upper() + day[1:], italic=True, align="center", size=12, space_after=10),
        CandidateLines([ballot_line(candidate) for candidate in data.candidates], size=14),
    ]
    return blocks


def sample() -> BallotData:
    return BallotData(
        issuer="ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        contest_title="ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU NHIỆM KỲ 2026 - 2031",
        unit_name="Đơn vị bầu cử số 2",
        unit_area="gồm: Phường An Xuyên, Phường Tân Thành, Phường Lý Văn Lâm",
        election_day=date(2026, 3, 15),
        seats=3,
        candidates=[
            BallotCandidate(full_name="Nguyễn Văn An", sex="Nam"),
            BallotCandidate(full_name="Trần Thị Bình", other_name="Thích Nữ Diệu Hạnh", sex="Nữ"),
            BallotCandidate(
                full_name="Lê Văn Cường",
                sex="Nam",
                date_of_birth=date(1972, 4, 30),
                show_birth_date=True,
            ),
            BallotCandidate(
                full_name="Lê Văn Cường",
                sex="Nam",
                date_of_birth=date(1985, 9, 2),
                show_birth_date=True,
            ),
            BallotCandidate(full_name="Phạm Thị Ngọc Hân", sex="Nữ"),
        ],
    )


FORM = FormDefinition(
    code="PHIEU-BAU",
    title="Phiếu bầu cử",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 57 khoản 5, Điều 69, Điều 74",
    model=BallotData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "PHIẾU BẦU CỬ",
        "Dấu của Tổ bầu cử",
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "Ông Nguyễn Văn An",
        "Bà Trần Thị Bình (Thích Nữ Diệu Hạnh)",
        "Bà Phạm Thị Ngọc Hân",
        "sinh ngày 30/04/1972",
        "Ngày 15 tháng 3 năm 2026",
    ),
    page_size="A5",
    orientation="portrait",
    page_for=page_for,
    margins_mm=(12, 12, 12, 12),
    print_footer=False,
    number_for=form_number,
    number_on_page=False,
)
