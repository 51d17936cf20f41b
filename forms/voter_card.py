"""The voter card ("thẻ cử tri"), Mẫu số 10/HĐBC of Resolution 40/NQ-HĐBCQG,
two to an A4 sheet with crop marks.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 29(1): everyone on a voter
list receives a card, handed out by the polling team 10 to 3 days before
election day (Circular 21/2025/TT-BNV); the voter shows it to vote and the
team stamps "Đã bỏ phiếu" on its front (Art. 69). The model's fields, in its
order: the commune's People's Committee and the Quốc hiệu; "THẺ CỬ TRI" and
the election; Họ và tên; Ngày, tháng, năm sinh (as in the list); Giới tính;
Nơi cư trú (the address the voter is listed by, or for a soldier voting with
the unit the commune where it is stationed); Số Căn cước; SỐ THẺ CỬ TRI (the
voter's number in the list); KHU VỰC BỎ PHIẾU SỐ; Xã/phường/đặc khu;
Tỉnh/thành phố; the date, and the chairman's signature and seal.

Sheet: the model sets the card at A6 landscape, 148 × 105 mm. An A4 portrait
sheet holds two, one above the other, with their crop marks at least 10 mm
from the sheet's edge where an office printer prints them (four A6 cards
would cover an A4 sheet to its edges and leave the marks no room).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from forms.base import (
    Block,
    CardGrid,
    FormDefinition,
    KeyValues,
    Letterhead,
    Paragraph,
    Signatures,
)
from forms.common import vn_date, vn_long_date
from forms.voter_list import ELECTION_TITLE, chairman, election_lines, sample_voters

TITLE = "THẺ CỬ TRI"
SEAL_NOTE = "(Ký, ghi rõ họ và tên, đóng dấu của UBND)"
CARD_WIDTH_MM = 148
CARD_HEIGHT_MM = 105
CARD_PADDING_MM = 4


class VoterCard(BaseModel):
    card_number: int
    full_name: str
    date_of_birth: date
    sex: str
    residence: str
    personal_id: str


class VoterCardsData(BaseModel):
    issuer: str  # "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"
    election_title: str
    polling_area_number: int
    commune: str  # "Phường Bạc Liêu"
    province: str  # "Cà Mau"
    issued_on: date | None  # None: dated by hand
    signer_deputy: bool = False  # signed by a vice-chairman for the chairman
    signer_name: str = ""
    cards: list[VoterCard]  # in list order


def dated(issued_on: date | None, year: int) -> str:
    """'Ngày 05 tháng 3 năm 2026', or its blanks to date by hand."""
    if issued_on is None:
        return f"Ngày …… tháng …… năm {year}"
    text = vn_long_date(issued_on)
    return text[0].upper() + text[1:]


def card_blocks(data: VoterCardsData, card: VoterCard) -> list[Block]:
    year = data.issued_on.year if data.issued_on else 2026
    signer = chairman(deputy=data.signer_deputy, name=data.signer_name, note=SEAL_NOTE)
    return [
        Letterhead(left=[data.issuer], size=7.5),
        Paragraph(TITLE, bold=True, align="center", size=14, space_after=0),
        Paragraph(
            election_lines(data.election_title), bold=True, align="center", size=7.5, space_after=3
        ),
        KeyValues(
            [
                ("Họ và tên", card.full_name),
                ("Ngày, tháng, năm sinh", vn_date(card.date_of_birth)),
                ("Giới tính", card.sex),
                ("Nơi cư trú", card.residence),
                ("Số Căn cước", card.personal_id),
                ("SỐ THẺ CỬ TRI", card.card_number),
                ("KHU VỰC BỎ PHIẾU SỐ", data.polling_area_number),
                ("Xã/phường/đặc khu", data.commune),
                ("Tỉnh/thành phố", data.province),
            ],
            size=8.5,
        ),
        Signatures(
            [signer],
            size=8,
            space_lines=2,
            place_and_date=dated(data.issued_on, year),
        ),
    ]


def layout(data: VoterCardsData) -> list[Block]:
    return [
        CardGrid(
            [card_blocks(data, card) for card in data.cards],
            width_mm=CARD_WIDTH_MM,
            height_mm=CARD_HEIGHT_MM,
            columns=1,
            rows=2,
            gap_mm=6,
            padding_mm=CARD_PADDING_MM,
            frame=True,
        )
    ]


def sample() -> VoterCardsData:
    return VoterCardsData(
        issuer="ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU",
        election_title=ELECTION_TITLE,
        polling_area_number=1,
        commune="Phường Bạc Liêu",
        province="Cà Mau",
        issued_on=date(2026, 3, 5),
        signer_name="Nguyễn Hoàng Nam",
        cards=[
            VoterCard(
                card_number=voter.number or 0,
                full_name=voter.full_name,
                date_of_birth=voter.date_of_birth,
                sex=voter.sex,
                residence=f"{voter.permanent_address}, Phường Bạc Liêu, tỉnh Cà Mau",
                personal_id=voter.personal_id,
            )
            for voter in sample_voters()[:6]
        ],
    )


FORM = FormDefinition(
    code="THE-CT",
    title="Thẻ cử tri",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 29 khoản 1, Điều 69; Nghị quyết 40/NQ-HĐBCQG, Mẫu số 10/HĐBC",
    model=VoterCardsData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        TITLE,
        "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU",
        "SỐ THẺ CỬ TRI: 1",
        "SỐ THẺ CỬ TRI: 6",
        "Nguyễn Văn Hùng",
        "Ngày 05 tháng 3 năm 2026",
        SEAL_NOTE,
    ),
    page_size="A4",
    orientation="portrait",
    margins_mm=(5, 5, 5, 5),
    print_footer=False,
    form_number="Mẫu số 10/HĐBC",
)
