"""The voter card ("thẻ cử tri", Mẫu số 10/HĐBC), two to an A4 sheet with crop marks.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 29(1): everyone on a voter
list receives a card, handed out by the polling team 10 to 3 days before
election day (Circular 21/2025/TT-BNV); the voter shows it to vote and the
team stamps it "Đã bỏ phiếu" at the top left of the front (Art. 69). The
card number is the voter's sequence number in the polling-area list.

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
    Box,
    CardGrid,
    FormDefinition,
    KeyValues,
    Letterhead,
    Paragraph,
    SignatureBox,
    Signatures,
)
from forms.common import vn_date, vn_long_date
from forms.voter_list import ELECTION_TITLE, election_lines, sample_voters

TITLE = "THẺ CỬ TRI"
STAMP_LABEL = "Dấu «Đã bỏ phiếu»"
CARD_WIDTH_MM = 148
CARD_HEIGHT_MM = 105
CARD_PADDING_MM = 4


class VoterCard(BaseModel):
    card_number: int
    full_name: str
    date_of_birth: date
    sex: str
    residence: str
    polling_area: str  # "Khu vực bỏ phiếu số 1"


class VoterCardsData(BaseModel):
    issuer: str  # "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"
    place: str  # "Phường Bạc Liêu, tỉnh Cà Mau"
    election_title: str
    election_day: date
    issued_on: date
    signer_title: str  # "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH": " / " or a newline breaks the line
    signer_name: str = ""
    cards: list[VoterCard]  # in list order


def signer_lines(title: str) -> str:
    return "\n".join(part.strip() for part in title.replace(" / ", "\n").split("\n"))


def place_name(place: str) -> str:
    """The commune of the place ('Phường Bạc Liêu, tỉnh Cà Mau' → 'Phường Bạc Liêu'),
    for the place-and-date line."""
    return place.split(",")[0].strip()


def card_blocks(data: VoterCardsData, card: VoterCard) -> list[Block]:
    half = (CARD_WIDTH_MM - 2 * CARD_PADDING_MM) / 2
    return [
        Letterhead(left=[data.issuer], size=7.5),
        # TT21: the "Đã bỏ phiếu" stamp goes at the top left of the front.
        Box(
            STAMP_LABEL,
            width_mm=34,
            height_mm=14,
            align="left",
            size=7,
            beside=[TITLE, f"Số: {card.card_number}"],
            beside_size=13,
        ),
        Paragraph(
            election_lines(data.election_title), bold=True, align="center", size=7, space_after=3
        ),
        KeyValues(
            [
                ("Họ và tên", card.full_name),
                ("Ngày sinh", vn_date(card.date_of_birth)),
                ("Giới tính", card.sex),
                ("Nơi cư trú", card.residence),
                ("Nơi bỏ phiếu", f"{card.polling_area}, {data.place}"),
            ],
            size=8,
        ),
        Paragraph(f"Bầu cử {vn_long_date(data.election_day)}", bold=True, size=8.5, space_after=1),
        Paragraph(
            f"{place_name(data.place)}, {vn_long_date(data.issued_on)}",
            italic=True,
            align="center",
            size=8,
            indent=half,
            space_after=0,
        ),
        Signatures(
            [
                SignatureBox(
                    signer_lines(data.signer_title),
                    note="(Ký tên, đóng dấu)",
                    name=data.signer_name,
                )
            ],
            size=8,
            space_lines=2,
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
        place="Phường Bạc Liêu, tỉnh Cà Mau",
        election_title=ELECTION_TITLE,
        election_day=date(2026, 3, 15),
        issued_on=date(2026, 3, 5),
        signer_title="TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH",
        signer_name="Nguyễn Hoàng Nam",
        cards=[
            VoterCard(
                card_number=voter.number or 0,
                full_name=voter.full_name,
                date_of_birth=voter.date_of_birth,
                sex=voter.sex,
                residence=f"{voter.residence}, Phường Bạc Liêu, tỉnh Cà Mau",
                polling_area="Khu vực bỏ phiếu số 1",
            )
            for voter in sample_voters()[:6]
        ],
    )


FORM = FormDefinition(
    code="THE-CT",
    title="Thẻ cử tri",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 29 khoản 1, Điều 69; Thông tư 21/2025/TT-BNV",
    model=VoterCardsData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        TITLE,
        "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU",
        "Số: 1",
        "Số: 6",
        "Nguyễn Văn Hùng",
        "Bầu cử ngày 15 tháng 3 năm 2026",
        "Phường Bạc Liêu, ngày 05 tháng 3 năm 2026",
        STAMP_LABEL,
    ),
    page_size="A4",
    orientation="portrait",
    margins_mm=(5, 5, 5, 5),
    print_footer=False,
    form_number="Mẫu số 10/HĐBC",
)
