"""The province election committee's report on the planned allocation of the
candidates for the National Assembly to its electoral units: model
16/HĐBC-QH of Resolution 40/NQ-HĐBCQG.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 57: the province committee
sends the National Election Council the candidates it plans for each of the
province's units, from which the Council fixes the official lists (model
17). Each unit is numbered and named with its communes, and its candidates
are listed in the columns of the official list, in the order of the
alphabet (A, B, C…, Art. 57(5)).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from forms.base import Block, FormDefinition, Letterhead, NeedSpace, Paragraph, Title
from forms.candidate_list import (
    CandidateEntry,
    candidates_table,
    committee_signature,
    sample_candidates,
)
from forms.common import BLANK, members_text, place_and_date


class AllocatedUnit(BaseModel):
    number: int
    area: str  # "Phường Bạc Liêu, Phường Vĩnh Trạch, …" (a leading "gồm" is dropped)
    candidates: list[CandidateEntry]  # in ballot order


class AllocationReportData(BaseModel):
    province: str  # "TỈNH CÀ MAU", "THÀNH PHỐ HÀ NỘI"
    place: str  # for the place-and-date line: "Cà Mau"
    issued_on: date | None = None  # None: dotted blanks to date by hand
    assembly_term: str = "XVI"
    units: list[AllocatedUnit]
    signer_name: str = ""


def unit_heading(index: int, unit: AllocatedUnit) -> str:
    """'1. Đơn vị bầu cử số 1 (gồm Phường Bạc Liêu, Phường Vĩnh Trạch)'."""
    members = members_text(unit.area) or BLANK
    return f"{index}. Đơn vị bầu cử số {unit.number} (gồm {members})"


def layout(data: AllocationReportData) -> list[Block]:
    title = (
        "BÁO CÁO VỀ DỰ KIẾN PHÂN BỔ NHỮNG NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI "
        f"KHÓA {data.assembly_term or BLANK} THEO ĐƠN VỊ BẦU CỬ"
    )
    blocks: list[Block] = [
        Letterhead(
            left=["ỦY BAN BẦU CỬ", data.province.upper()],
            place_and_date=place_and_date(data.place, data.issued_on, year=2026),
        ),
        Title(title, size=12.5),
    ]
    for index, unit in enumerate(sorted(data.units, key=lambda u: u.number), start=1):
        blocks += [
            # A unit's heading stays with its table's header and first rows.
            NeedSpace(35),
            Paragraph(unit_heading(index, unit), bold=True, size=10.5, space_after=2),
            candidates_table(unit.candidates, "dbqh"),
        ]
    blocks.append(committee_signature(data.signer_name))
    return blocks


def sample() -> AllocationReportData:
    candidates = sample_candidates()
    return AllocationReportData(
        province="TỈNH CÀ MAU",
        place="Cà Mau",
        issued_on=date(2026, 1, 20),
        signer_name="Lê Minh Khái",
        units=[
            AllocatedUnit(
                number=1,
                area="Phường Bạc Liêu, Phường Vĩnh Trạch, Phường Hiệp Thành",
                candidates=candidates[:3],
            ),
            AllocatedUnit(
                number=2,
                area="Phường An Xuyên, Phường Tân Thành, Phường Lý Văn Lâm",
                candidates=[
                    entry.model_copy(update={"order": index})
                    for index, entry in enumerate(candidates[3:], start=1)
                ],
            ),
        ],
    )


FORM = FormDefinition(
    code="BC-PBUCV",
    title="Báo cáo về dự kiến phân bổ những người ứng cử đại biểu Quốc hội theo đơn vị bầu cử",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, Điều 57",
    model=AllocationReportData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "ỦY BAN BẦU CỬ",
        "TỈNH CÀ MAU",
        "Cà Mau, ngày 20 tháng 01 năm 2026",
        "BÁO CÁO VỀ DỰ KIẾN PHÂN BỔ",
        "1. Đơn vị bầu cử số 1 (gồm Phường Bạc Liêu",
        "2. Đơn vị bầu cử số 2 (gồm Phường An Xuyên",
        "Thạch Thị Sô Phia",
        "TM. ỦY BAN BẦU CỬ",
    ),
    page_size="A4",
    orientation="landscape",
    margins_mm=(12, 12, 14, 15),  # 270 mm of line, as the official lists
    form_number="Mẫu số 16/HĐBC-QH",
)
