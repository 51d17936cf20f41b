"""The ballot ("phiếu bầu cử") of one contest in one electoral unit: models
13/HĐBC-QH, 14/HĐBC-HĐND and 15/HĐBC-HĐND of Resolution 40/NQ-HĐBCQG.

Law 85/2015/QH13 (amended by 83/2025/QH15): names appear in the order of
the official list, A, B, C… (Art. 57(5)), each on its own line with "Ông" or
"Bà" before it, the other name in brackets after it, the date of birth only
where full names are identical (the models' notes); ballots are printed to
the prescribed model (Art. 69); a ballot without the polling team's seal in
its top left corner, or keeping more names than "Được bầu … đại biểu", is
invalid (Art. 74(1)). An A5 sheet, portrait, as the models fix it.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, field_validator, model_validator

from forms.base import (
    Block,
    Box,
    CandidateLines,
    FormDefinition,
    Letterhead,
    Orientation,
    PageSize,
    Paragraph,
    Spacer,
    Title,
)
from forms.common import BLANK, vn_date

# Up to this many names fit an A5 sheet in readable type; more take A4.
A5_MAX_CANDIDATES = 10
A5_CHARACTERS_PER_LINE = 43
# The model's words in the seal's box.
SEAL_PLACE = "Vị trí đóng dấu của Tổ bầu cử"

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


# The three contests, as the models number their ballots: 13 (ĐBQH), 14
# (HĐND of a province or centrally governed city), 15 (HĐND of a commune,
# ward or special zone).
ContestLevel = Literal["dbqh", "hdnd_tinh", "hdnd_xa"]
MODEL_NUMBERS: dict[str, str] = {
    "dbqh": "Mẫu số 13/HĐBC-QH",
    "hdnd_tinh": "Mẫu số 14/HĐBC-HĐND",
    "hdnd_xa": "Mẫu số 15/HĐBC-HĐND",
}


class BallotData(BaseModel):
    level: ContestLevel
    province: str  # "Tỉnh Cà Mau", "Thành phố Hà Nội"
    commune: str = ""  # "Phường Bạc Liêu": the council's place on model 15
    unit_number: int
    seats: int  # "Được bầu … đại biểu" (Art. 74(1)(c): more names kept is invalid)
    assembly_term: str = "XVI"  # the National Assembly's term (model 13)
    council_term: str = ""  # the council's term, "X" (models 14, 15); blank: dots
    term: str = "2026-2031"
    candidates: list[BallotCandidate]  # already in ballot order


def ballot_line(candidate: BallotCandidate) -> str:
    """'Ông Nguyễn Văn An', 'Bà Trần Thị Bình (Thích Nữ Diệu Hạnh)', '… (sinh ngày 02/09/1980)'."""
    line = f"{HONORIFICS[candidate.sex]} {candidate.full_name.strip()}"
    if candidate.other_name.strip():
        line += f" ({candidate.other_name.strip()})"
    if candidate.show_birth_date and candidate.date_of_birth:
        line += f" (sinh ngày {vn_date(candidate.date_of_birth)})"
    return line


def page_for(data: BallotData) -> tuple[PageSize, Orientation]:
    """A5 portrait, as the models fix it ("một trang giấy A5 (21cm x 14,8cm)
    theo chiều dọc"), as long as the names fit it in readable type: up to
    eleven lines of 14 pt (a religious name with a birth date wraps past about
    43 characters). A longer list, which no unit of at most five seats should
    have, takes an A4 sheet rather than print unreadably small."""
    rows = sum(
        -(-len(ballot_line(candidate)) // A5_CHARACTERS_PER_LINE) for candidate in data.candidates
    )
    fits = len(data.candidates) <= A5_MAX_CANDIDATES and rows <= A5_MAX_CANDIDATES + 1
    return ("A5" if fits else "A4"), "portrait"


def form_number(data: BallotData) -> str:
    """Model 13 (National Assembly), 14 (province council) or 15 (commune
    council). The ballot does not print it: a ballot carries nothing but the
    model's ballot itself."""
    return MODEL_NUMBERS[data.level]


def heading(data: BallotData) -> list[str]:
    """The top left corner, in the model's order: the unit over the province on
    model 13, under the province (14) or the commune (15)."""
    unit = f"Đơn vị bầu cử số: {data.unit_number}"
    if data.level == "dbqh":
        return [unit, data.province]
    return [data.province if data.level == "hdnd_tinh" else data.commune, unit]


def title_lines(data: BallotData) -> list[str]:
    """What the ballot is for, under "PHIẾU BẦU CỬ", as the models print it."""
    if data.level == "dbqh":
        return [f"ĐẠI BIỂU QUỐC HỘI KHÓA {data.assembly_term or BLANK}"]
    term = f"KHÓA {data.council_term or BLANK} NHIỆM KỲ {data.term}"
    if data.level == "hdnd_tinh":
        return [f"ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN {data.province.upper()}", term]
    return ["ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN", data.commune.upper(), term]


def layout(data: BallotData) -> list[Block]:
    """Models 13, 14 and 15: the unit and its place over a rule on the left, the
    Quốc hiệu on the right; under them, top left, the place of the polling
    team's seal (a ballot without it is invalid, Art. 74(1)); the title; the
    number of deputies to elect, the most names a valid ballot may keep (Art.
    74(1)(c)); the names, one a line, "Ông"/"Bà" before each, in the order of
    the official list (Art. 57(5))."""
    return [
        Letterhead(left=heading(data), size=10.5),
        Box(SEAL_PLACE, width_mm=38, height_mm=22, align="left", size=8.5),
        Title("PHIẾU BẦU CỬ", size=20),
        *[
            Paragraph(line, bold=True, align="center", size=12.5, space_after=1)
            for line in title_lines(data)
        ],
        Spacer(1.5),
        Paragraph(f"Được bầu {data.seats} đại biểu", align="center", size=12.5, space_after=7),
        CandidateLines([ballot_line(candidate) for candidate in data.candidates], size=14),
    ]


def sample() -> BallotData:
    return BallotData(
        level="hdnd_tinh",
        province="Tỉnh Cà Mau",
        unit_number=2,
        council_term="X",
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
        "Tỉnh Cà Mau",
        "Đơn vị bầu cử số: 2",
        "PHIẾU BẦU CỬ",
        "Vị trí đóng dấu",
        "ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU",
        "KHÓA X NHIỆM KỲ 2026-2031",
        "Được bầu 3 đại biểu",
        "Ông Nguyễn Văn An",
        "Bà Trần Thị Bình (Thích Nữ Diệu Hạnh)",
        "Bà Phạm Thị Ngọc Hân",
        "sinh ngày 30/04/1972",
    ),
    page_size="A5",
    orientation="portrait",
    page_for=page_for,
    margins_mm=(12, 12, 12, 12),
    print_footer=False,
    number_for=form_number,
    number_on_page=False,
)
