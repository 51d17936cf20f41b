"""The certificate of a soldier voting at home ("giấy chứng nhận cử tri là quân
nhân tham gia bỏ phiếu ở nơi cư trú"), Mẫu số 12/HĐBC of Resolution
40/NQ-HĐBCQG.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 29(3), 31(2): soldiers are
listed with their armed-forces unit, by a list its commander draws up for
the polling area where the unit is stationed; a soldier whose residence is
near the unit may vote there instead, with a certificate of the unit's
commander. The unit then writes "Bỏ phiếu ở nơi cư trú" beside the name in
its list, and the commune of the residence adds the soldier to its own.

The model's fields, in its order: the unit (as the issuing body, and again
in the text); the soldier's name, date of birth and Số Căn cước; the unit;
the residence outside the unit (permanent or temporary); the list the
soldier is on (card number if one was given, polling area, commune and
province where the unit is stationed); the commune and province of the
residence, where the soldier registers to vote and whose People's
Committee is asked to add the name; the date, and the commander's
signature with the unit's seal. A5 landscape, numbered like the
certificates to vote elsewhere ('31825-QN000003').
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
from forms.common import sealed_note, vn_date
from forms.vote_certificate import ListedAt, blank, dated, listed_sentence, request_lines

TITLE = "GIẤY CHỨNG NHẬN"
SUBTITLE = "CỬ TRI LÀ QUÂN NHÂN THAM GIA BỎ PHIẾU Ở NƠI CƯ TRÚ"
SIGNER = "CHỈ HUY TRƯỞNG"
SEAL_NOTE = sealed_note("đơn vị")


class SoldierCertificateData(BaseModel):
    unit: str  # "Tiểu đoàn 1, Trung đoàn 896, Bộ Chỉ huy quân sự tỉnh Cà Mau"
    number: str  # "31825-QN000003"
    full_name: str
    date_of_birth: date
    personal_id: str
    residence: str  # the permanent or temporary residence outside the unit
    listed_at: ListedAt  # the list of the area where the unit is stationed
    home_commune: str  # "" when not known: a blank to write on
    home_province: str
    issued_on: date | None
    commander: str = ""


def layout(data: SoldierCertificateData) -> list[Block]:
    return [
        Letterhead(left=[data.unit.upper()], reference=f"Số: {data.number}", size=9),
        Title(TITLE, subtitles=[SUBTITLE], size=13),
        KeyValues(
            [
                ("Họ và tên cử tri", data.full_name),
                ("Ngày, tháng, năm sinh", vn_date(data.date_of_birth)),
                ("Số Căn cước", data.personal_id),
                ("Là quân nhân tại đơn vị", blank(data.unit)),
                ("Nơi cư trú", blank(data.residence)),
            ],
            size=10,
        ),
        Paragraph(listed_sentence(data.listed_at, unit_station=True), size=10),
        *(
            Paragraph(line, size=10)
            for line in request_lines(data.home_commune, data.home_province, home=True)
        ),
        Signatures(
            [SignatureBox(SIGNER, note=SEAL_NOTE, name=data.commander)],
            size=10,
            space_lines=2,
            place_and_date=dated(data.issued_on),
        ),
    ]


def sample() -> SoldierCertificateData:
    return SoldierCertificateData(
        unit="Tiểu đoàn 1, Trung đoàn 896",
        number="31825-QN000003",
        full_name="Danh Hoàng Phúc",
        date_of_birth=date(2004, 8, 21),
        personal_id="095204000321",
        residence="Ấp Cây Gừa, Xã Vĩnh Lợi, tỉnh Cà Mau",
        listed_at=ListedAt(
            card_number=412, polling_area_number=5, commune="Phường Bạc Liêu", province="Cà Mau"
        ),
        home_commune="Xã Vĩnh Lợi",
        home_province="Cà Mau",
        issued_on=date(2026, 2, 20),
        commander="Trần Quốc Việt",
    )


FORM = FormDefinition(
    code="GCN-QN",
    title="Giấy chứng nhận cử tri là quân nhân tham gia bỏ phiếu ở nơi cư trú",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 29 khoản 3, Điều 31 khoản 2; Nghị quyết 40/NQ-HĐBCQG, Mẫu số 12/HĐBC",
    model=SoldierCertificateData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        TITLE,
        SUBTITLE,
        "Số: 31825-QN000003",
        "Là quân nhân tại đơn vị: Tiểu đoàn 1, Trung đoàn 896",
        "là nơi đơn vị đóng quân.",
        "là nơi cử tri cư trú.",
        SIGNER,
        SEAL_NOTE,
    ),
    page_size="A5",
    orientation="landscape",
    margins_mm=(10, 12, 10, 15),
    print_footer=False,
    form_number="Mẫu số 12/HĐBC",
)
