"""The certificate to vote elsewhere ("giấy chứng nhận để cử tri bỏ phiếu ở nơi
khác").

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 34: from the posting of
the list until election day, a voter who cannot vote where listed asks the
commune People's Committee of that list for a certificate; the commune
writes "Bỏ phiếu ở nơi khác" beside the name in its own list, and the voter
is added to the list of the place where they can vote. The number is the
commune's code and its sequence ('31825-000012', see
`election.voters.rules.certificate_number`).
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
    SignatureBox,
    Signatures,
    Title,
)
from forms.common import place_and_date, vn_date
from forms.voter_list import ELECTION_TITLE, election_lines

TITLE = "GIẤY CHỨNG NHẬN"
SUBTITLE = "Cử tri đi bỏ phiếu ở nơi khác"
LAW = "Điều 34 Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân"
ADDED_SENTENCE = (
    "Cử tri được bổ sung vào danh sách cử tri và bỏ phiếu ở nơi mình có thể tham gia bỏ phiếu."
)


class VoteCertificateData(BaseModel):
    issuer: list[str]  # ["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"]
    number: str  # "31825-000012"
    full_name: str
    date_of_birth: date
    sex: str
    personal_id: str
    residence: str  # permanent address
    origin_polling_area: str  # "Khu vực bỏ phiếu số 3, Phường Bạc Liêu, tỉnh Cà Mau"
    election_title: str
    election_day: date
    place: str
    issued_on: date
    signer_title: list[str]
    signer_name: str = ""


def layout(data: VoteCertificateData) -> list[Block]:
    return [
        Letterhead(
            left=data.issuer,
            reference=f"Số: {data.number}/GCN",
            place_and_date=place_and_date(data.place, data.issued_on),
            # The motto just fits half an A5 line at 7.5 pt.
            size=7.5,
        ),
        Title(TITLE, subtitles=[SUBTITLE], size=14),
        Paragraph(
            election_lines(data.election_title), bold=True, align="center", size=9, space_after=6
        ),
        Paragraph(f"Căn cứ {LAW};", italic=True, size=10, space_after=4),
        KeyValues(
            [
                ("Chứng nhận cử tri", data.full_name),
                ("Giới tính", data.sex),
                ("Sinh ngày", vn_date(data.date_of_birth)),
                ("Số định danh cá nhân", data.personal_id),
                ("Nơi thường trú", data.residence),
            ],
            size=10,
        ),
        Paragraph(
            f"Có tên trong danh sách cử tri tại {data.origin_polling_area}, cuộc bầu cử ngày "
            f"{vn_date(data.election_day)}; đã được ghi chú «Bỏ phiếu ở nơi khác» bên cạnh "
            "tên trong danh sách cử tri đó.",
            size=10,
        ),
        Paragraph(ADDED_SENTENCE, size=10),
        Paragraph(
            f"Giấy chứng nhận chỉ có giá trị trong cuộc bầu cử ngày {vn_date(data.election_day)}.",
            italic=True,
            size=9,
            space_after=8,
        ),
        Signatures(
            [
                SignatureBox(
                    "\n".join(data.signer_title),
                    note="(Ký tên, đóng dấu)",
                    name=data.signer_name,
                )
            ],
            size=10,
        ),
    ]


def sample() -> VoteCertificateData:
    return VoteCertificateData(
        issuer=["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"],
        number="31825-000012",
        full_name="Thạch Thị Chanh Đa",
        date_of_birth=date(2005, 5, 19),
        sex="Nữ",
        personal_id="094305001234",
        residence="Số 25 Hai Bà Trưng, khóm 1, Phường Bạc Liêu, tỉnh Cà Mau",
        origin_polling_area="Khu vực bỏ phiếu số 1, Phường Bạc Liêu, tỉnh Cà Mau",
        election_title=ELECTION_TITLE,
        election_day=date(2026, 3, 15),
        place="Bạc Liêu",
        issued_on=date(2026, 3, 9),
        signer_title=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        signer_name="Trần Thị Thu Hà",
    )


FORM = FormDefinition(
    code="GCN-BPNK",
    title="Giấy chứng nhận để cử tri bỏ phiếu ở nơi khác",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, Điều 34",
    model=VoteCertificateData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        TITLE,
        SUBTITLE,
        "Số: 31825-000012/GCN",
        "Thạch Thị Chanh Đa",
        "094305001234",
        LAW,
        ADDED_SENTENCE,
        "«Bỏ phiếu ở nơi khác»",
    ),
    page_size="A5",
    orientation="portrait",
    margins_mm=(12, 10, 12, 12),
    form_number="Mẫu số 11/HĐBC",
)
