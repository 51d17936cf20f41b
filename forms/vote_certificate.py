"""The certificate for a voter to vote elsewhere ("giấy chứng nhận để cử tri
tham gia bỏ phiếu ở nơi khác"), Mẫu số 11/HĐBC of Resolution 40/NQ-HĐBCQG.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 34: from the posting of
the list until election day, a voter who cannot vote where listed asks the
commune People's Committee of that list for a certificate; the commune
writes "Bỏ phiếu ở nơi khác" beside the name in its own list, and the voter
is added to the list of the place where they will vote. The model's fields,
in its order: the voter's name, date of birth and Số Căn cước; the residence
written on the voter card; where the voter lives now, if elsewhere; the list
the voter is on (card number, polling area, commune, province); the commune
and province where the voter now registers to vote, whose People's
Committee is asked to add the name; the date, and the chairman's signature
and seal. A5 landscape. The product numbers each certificate by the
commune's code and its sequence ('31825-000012', see
`election.voters.rules.certificate_number`), printed under the issuer: the
number the place of voting registers the holder by.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from forms.base import (
    Block,
    FormDefinition,
    KeyValues,
    Letterhead,
    Paragraph,
    Signatures,
    Title,
)
from forms.common import BLANK, vn_date, vn_long_date
from forms.voter_list import chairman

TITLE = "GIẤY CHỨNG NHẬN"
SUBTITLE = "ĐỂ CỬ TRI THAM GIA BỎ PHIẾU Ở NƠI KHÁC"
SEAL_NOTE = "(Ký, ghi rõ họ và tên, đóng dấu của UBND)"
ADD_REQUEST = "bổ sung tên cử tri vào danh sách cử tri để tham gia bỏ phiếu tại địa phương."


class ListedAt(BaseModel):
    """The list a voter is on, as a certificate names it."""

    card_number: int | None  # None: not numbered yet
    polling_area_number: int
    commune: str  # "Phường Bạc Liêu"
    province: str  # "Cà Mau"


class VoteCertificateData(BaseModel):
    issuer: list[str]  # ["ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"]
    number: str  # "31825-000012"
    full_name: str
    date_of_birth: date
    personal_id: str
    residence: str  # as written on the voter card
    current_address: str  # where the voter lives now, if not there
    listed_at: ListedAt
    destination_commune: str  # "" when not known: a blank to write on
    destination_province: str
    issued_on: date | None
    signer_deputy: bool = False  # signed by a vice-chairman for the chairman
    signer_name: str = ""


def blank(value: object) -> str:
    """A value, or the dotted blank the model leaves to write it by hand."""
    text = "" if value is None else str(value).strip()
    return text or BLANK


def dated(issued_on: date | None) -> str:
    """'Ngày 09 tháng 3 năm 2026', or the model's blanks."""
    if issued_on is None:
        return f"Ngày {BLANK} tháng {BLANK} năm {BLANK}"
    text = vn_long_date(issued_on)
    return text[0].upper() + text[1:]


def listed_sentence(listed: ListedAt, *, unit_station: bool = False) -> str:
    """'Đã được ghi tên vào danh sách cử tri (số Thẻ cử tri 10 thuộc khu vực bỏ
    phiếu số: 1, xã/phường/đặc khu: Phường Bạc Liêu, tỉnh/thành phố: Cà Mau).'
    — Mẫu số 11; Mẫu số 12 closes the bracket after the card number and adds
    that the place is where the unit is stationed."""
    card = blank(listed.card_number)
    where = (
        f"thuộc khu vực bỏ phiếu số: {listed.polling_area_number}, xã/phường/đặc khu: "
        f"{blank(listed.commune)}, tỉnh/thành phố: {blank(listed.province)}"
    )
    if unit_station:
        return (
            f"Đã được ghi tên vào danh sách cử tri (số Thẻ cử tri {card}) {where} "
            "là nơi đơn vị đóng quân."
        )
    return f"Đã được ghi tên vào danh sách cử tri (số Thẻ cử tri {card} {where})."


def request_lines(commune: str, province: str, *, home: bool = False) -> list[str]:
    """Where the holder registers to vote, and the request to that commune."""
    registers = (
        f"Nay đăng ký bỏ phiếu tại xã/phường/đặc khu: {blank(commune)}, "
        f"tỉnh/thành phố {blank(province)}"
    )
    return [
        registers + (" là nơi cử tri cư trú." if home else "."),
        f"Đề nghị Ủy ban nhân dân xã/phường/đặc khu: {blank(commune)} {ADD_REQUEST}",
    ]


def layout(data: VoteCertificateData) -> list[Block]:
    signer = chairman(deputy=data.signer_deputy, name=data.signer_name, note=SEAL_NOTE)
    return [
        Letterhead(left=data.issuer, reference=f"Số: {data.number}", size=9),
        Title(TITLE, subtitles=[SUBTITLE], size=13),
        KeyValues(
            [
                ("Họ và tên cử tri", data.full_name),
                ("Ngày, tháng, năm sinh", vn_date(data.date_of_birth)),
                ("Số Căn cước", data.personal_id),
                ("Nơi cư trú đã ghi trên Thẻ cử tri", blank(data.residence)),
                ("Nơi ở hiện nay", blank(data.current_address)),
            ],
            size=10,
        ),
        Paragraph(listed_sentence(data.listed_at), size=10),
        *(
            Paragraph(line, size=10)
            for line in request_lines(data.destination_commune, data.destination_province)
        ),
        Signatures([signer], size=10, space_lines=2, place_and_date=dated(data.issued_on)),
    ]


def sample() -> VoteCertificateData:
    return VoteCertificateData(
        issuer=["ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"],
        number="31825-000012",
        full_name="Thạch Thị Chanh Đa",
        date_of_birth=date(2005, 5, 19),
        personal_id="095305000010",
        residence="Số 25 Hai Bà Trưng, khóm 1, Phường Bạc Liêu, tỉnh Cà Mau",
        current_address="Ký túc xá Đại học Cần Thơ, khu II, đường 3/2, Phường Ninh Kiều, "
        "thành phố Cần Thơ",
        listed_at=ListedAt(
            card_number=10, polling_area_number=1, commune="Phường Bạc Liêu", province="Cà Mau"
        ),
        destination_commune="Phường Ninh Kiều",
        destination_province="Cần Thơ",
        issued_on=date(2026, 3, 9),
        signer_deputy=True,
        signer_name="Trần Thị Thu Hà",
    )


FORM = FormDefinition(
    code="GCN-BPNK",
    title="Giấy chứng nhận để cử tri tham gia bỏ phiếu ở nơi khác",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 34; Nghị quyết 40/NQ-HĐBCQG, Mẫu số 11/HĐBC",
    model=VoteCertificateData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        TITLE,
        SUBTITLE,
        "Số: 31825-000012",
        "Thạch Thị Chanh Đa",
        "095305000010",
        "Nay đăng ký bỏ phiếu tại xã/phường/đặc khu: Phường Ninh Kiều",
        ADD_REQUEST,
    ),
    page_size="A5",
    orientation="landscape",
    margins_mm=(10, 12, 10, 15),
    print_footer=False,
    form_number="Mẫu số 11/HĐBC",
)
