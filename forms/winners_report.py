"""The board's report on the list of the National Assembly deputies elected in
its unit ("báo cáo về danh sách những người trúng cử đại biểu Quốc hội"),
Mẫu số 21/HĐBC-QH of Resolution 40/NQ-HĐBCQG.

Once the board has fixed the unit's result (Art. 77, 78), it reports the
winners with the personal details of the official list (Art. 57(5)): date
of birth, sex, nationality, ethnicity, religion, hometown, residence, the
five columns of "Trình độ", occupation and position, workplace, the date of
joining the Party, and whether the person is a deputy of the National
Assembly or of a People's Council. The model's note: full names, in the
order of the alphabet (A, B, C: the order of the ballot, Art. 57(5), by
given name). Landscape A4; the head of the board signs under the place and
date, with the board's seal.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from forms.base import (
    Block,
    Column,
    FormDefinition,
    Letterhead,
    Paragraph,
    Signatures,
    Table,
    Title,
)
from forms.common import personal_signer, place_and_date, vn_date

TITLE = "BÁO CÁO VỀ DANH SÁCH"


class Winner(BaseModel):
    full_name: str
    date_of_birth: date
    sex: str  # "Nam", "Nữ"
    nationality: str = "Việt Nam"
    ethnicity: str = ""
    religion: str = ""
    hometown: str = ""
    residence: str = ""
    education: str = ""  # giáo dục phổ thông: "12/12"
    qualification: str = ""  # chuyên môn, nghiệp vụ
    academic_title: str = ""  # học hàm, học vị
    political_theory: str = ""
    foreign_language: str = ""
    occupation_position: str = ""
    workplace: str = ""
    party_joined: date | None = None
    assembly_deputy: str = ""  # "Đại biểu Quốc hội khóa XV"
    council_deputy: str = ""  # "Đại biểu HĐND tỉnh khóa X"
    note: str = ""


class WinnersReportData(BaseModel):
    province: str  # "Tỉnh Cà Mau", "Thành phố Hà Nội"
    unit_name: str  # "Đơn vị bầu cử số 1"
    assembly: str  # "ĐẠI BIỂU QUỐC HỘI KHÓA XVI"
    election_day: date
    place: str  # for the place-and-date line: "Cà Mau"
    issued_on: date | None = None
    winners: list[Winner]  # in the order of the alphabet (the ballot's order)
    head: str = ""


EDUCATION = "Trình độ"
COLUMNS = [
    Column("STT", 0.45, "center"),
    Column("Họ và tên", 1.6),
    Column("Ngày tháng năm sinh", 0.95, "center"),
    Column("Giới tính", 0.55, "center"),
    Column("Quốc tịch", 0.7),
    Column("Dân tộc", 0.6),
    Column("Tôn giáo", 0.65),
    Column("Quê quán", 1.2),
    Column("Nơi ở hiện nay", 1.3),
    Column("Giáo dục phổ thông", 0.7, "center", group=EDUCATION),
    Column("Chuyên môn, nghiệp vụ", 1.1, group=EDUCATION),
    Column("Học hàm, học vị", 0.8, group=EDUCATION),
    Column("Lý luận chính trị", 0.75, group=EDUCATION),
    Column("Ngoại ngữ", 0.75, group=EDUCATION),
    Column("Nghề nghiệp, chức vụ", 1.4),
    Column("Nơi công tác", 1.3),
    Column("Ngày vào Đảng (nếu có)", 0.85, "center"),
    Column("Là đại biểu QH (nếu có)", 0.85),
    Column("Là đại biểu HĐND (nếu có)", 0.85),
    Column("Ghi chú", 0.7),
]


def _row(number: int, w: Winner) -> list[str | int | None]:
    return [
        str(number),
        w.full_name,
        vn_date(w.date_of_birth),
        w.sex,
        w.nationality,
        w.ethnicity,
        w.religion,
        w.hometown,
        w.residence,
        w.education,
        w.qualification,
        w.academic_title,
        w.political_theory,
        w.foreign_language,
        w.occupation_position,
        w.workplace,
        vn_date(w.party_joined),
        w.assembly_deputy,
        w.council_deputy,
        w.note,
    ]


def layout(data: WinnersReportData) -> list[Block]:
    day = data.election_day
    return [
        Letterhead(left=[data.province, data.unit_name]),
        Title(
            TITLE,
            subtitles=[
                f"NHỮNG NGƯỜI TRÚNG CỬ {data.assembly}",
                f"(Bầu cử ngày {day.day} tháng {day.month} năm {day.year})",
            ],
        ),
        Table(
            columns=COLUMNS,
            rows=[_row(i, w) for i, w in enumerate(data.winners, start=1)]
            or [["", "Không có"] + [""] * (len(COLUMNS) - 2)],
            size=7,
        ),
        Signatures(
            [personal_signer("TRƯỞNG BAN BẦU CỬ", name=data.head, seal_of="Ban bầu cử")],
            columns=1,
            place_and_date=place_and_date(data.place, data.issued_on, year=day.year),
        ),
        Paragraph(
            "(*) Ghi đầy đủ họ và tên người trúng cử tại đơn vị bầu cử, xếp tên theo vần chữ cái "
            "A, B, C.",
            italic=True,
            size=8,
        ),
    ]


def sample() -> WinnersReportData:
    return WinnersReportData(
        province="Tỉnh Cà Mau",
        unit_name="Đơn vị bầu cử số 1",
        assembly="ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        election_day=date(2026, 3, 15),
        place="Bạc Liêu",
        issued_on=date(2026, 3, 18),
        winners=[
            Winner(
                full_name="Nguyễn Văn An",
                date_of_birth=date(1972, 4, 18),
                sex="Nam",
                ethnicity="Kinh",
                religion="Không",
                hometown="Xã Vĩnh Hậu, tỉnh Cà Mau",
                residence="Phường Bạc Liêu, tỉnh Cà Mau",
                education="12/12",
                qualification="Cử nhân Luật",
                academic_title="Thạc sĩ Quản lý công",
                political_theory="Cao cấp",
                foreign_language="Tiếng Anh B1",
                occupation_position="Phó Chủ tịch Ủy ban nhân dân tỉnh",
                workplace="Ủy ban nhân dân tỉnh Cà Mau",
                party_joined=date(1998, 5, 19),
                council_deputy="Đại biểu HĐND tỉnh khóa X",
            ),
            Winner(
                full_name="Trần Thị Bình",
                date_of_birth=date(1980, 9, 2),
                sex="Nữ",
                ethnicity="Kinh",
                religion="Phật giáo",
                hometown="Phường Vĩnh Trạch, tỉnh Cà Mau",
                residence="Phường Vĩnh Trạch, tỉnh Cà Mau",
                education="12/12",
                qualification="Bác sĩ chuyên khoa II",
                political_theory="Trung cấp",
                foreign_language="Tiếng Anh B2",
                occupation_position="Giám đốc Bệnh viện Đa khoa",
                workplace="Bệnh viện Đa khoa tỉnh Cà Mau",
                party_joined=date(2006, 11, 3),
            ),
            Winner(
                full_name="Lê Hoàng Dũng",
                date_of_birth=date(1968, 1, 25),
                sex="Nam",
                ethnicity="Kinh",
                religion="Không",
                hometown="Xã Vĩnh Hậu, tỉnh Cà Mau",
                residence="Phường Hiệp Thành, tỉnh Cà Mau",
                education="12/12",
                qualification="Kỹ sư Nông nghiệp",
                academic_title="Tiến sĩ",
                political_theory="Cao cấp",
                foreign_language="Tiếng Anh C1",
                occupation_position="Viện trưởng",
                workplace="Viện Nghiên cứu nuôi trồng thủy sản",
                party_joined=date(1995, 2, 3),
                assembly_deputy="Đại biểu Quốc hội khóa XV",
            ),
        ],
        head="Lê Minh Khái",
    )


FORM = FormDefinition(
    code="BC-TRUNG-CU-QH",
    title="Báo cáo về danh sách những người trúng cử đại biểu Quốc hội",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 57, 77, 78; Nghị quyết 40/NQ-HĐBCQG, Mẫu số 21/HĐBC-QH",
    model=WinnersReportData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "Tỉnh Cà Mau",
        "Đơn vị bầu cử số 1",
        TITLE,
        "NHỮNG NGƯỜI TRÚNG CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        "(Bầu cử ngày 15 tháng 3 năm 2026)",
        "Lê Hoàng Dũng",
        "TRƯỞNG BAN BẦU CỬ",
    ),
    orientation="landscape",
    margins_mm=(12, 12, 12, 12),
    form_number="Mẫu số 21/HĐBC-QH",
)
