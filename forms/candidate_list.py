"""The official list of candidates of one electoral unit, for posting.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 57(5), 58 and 59: the list
gives each candidate's name, date of birth, sex, hometown, residence,
ethnicity, religion, education, qualifications, occupation and position and
workplace, in the order of the alphabet (A, B, C…), and is posted in the
electoral unit.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from forms.base import (
    Block,
    Column,
    FormDefinition,
    Letterhead,
    NeedSpace,
    Paragraph,
    SignatureBox,
    Signatures,
    Table,
    Title,
)
from forms.common import contest_number, place_and_date, vn_date, with_members


class CandidateEntry(BaseModel):
    order: int  # position in ballot order, 1-based
    full_name: str
    other_name: str = ""  # alias / religious name, printed in parentheses after the name
    date_of_birth: date
    sex: str  # "Nam" or "Nữ"
    hometown: str  # quê quán
    residence: str  # nơi ở hiện nay (nơi thường trú)
    ethnicity: str
    religion: str
    education: str  # trình độ giáo dục phổ thông, e.g. "12/12"
    # trình độ chuyên môn, nghiệp vụ (học hàm, học vị, lý luận chính trị, ngoại ngữ...)
    qualification: str
    occupation_position: str  # nghề nghiệp, chức vụ
    workplace: str  # nơi công tác
    party_joined: date | None = None  # ngày vào Đảng; None = "Không"
    current_deputy: str = ""  # e.g. "Đại biểu HĐND tỉnh nhiệm kỳ 2021–2026"; "" = "Không"


class CandidateListData(BaseModel):
    issuer: list[str]  # e.g. ["ỦY BAN BẦU CỬ", "TỈNH CÀ MAU"] or ["HỘI ĐỒNG BẦU CỬ QUỐC GIA"]
    place: str  # for the "place, ngày … tháng … năm …" line
    issued_on: date
    contest_title: str  # e.g. "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI"
    unit_name: str  # "Đơn vị bầu cử số 1"
    unit_area: str  # "gồm: Phường Bạc Liêu, Phường Vĩnh Trạch, ..." (may be long)
    seats: int
    election_day: date
    candidates: list[CandidateEntry]
    signer_title: list[str]  # e.g. ["TM. ỦY BAN BẦU CỬ", "CHỦ TỊCH"]
    signer_name: str = ""


TITLE = "DANH SÁCH CHÍNH THỨC NHỮNG NGƯỜI ỨNG CỬ"
FOOTNOTE = "Danh sách được xếp theo vần chữ cái A, B, C… (Điều 57 khoản 5)."

# Widths in millimetres of the 270 mm of an A4 landscape line, at 7 pt: the
# dates just fit one line.
COLUMNS = [
    Column("STT", 8, "center"),
    Column("Họ và tên", 26),
    Column("Ngày, tháng, năm sinh", 17.5, "center"),
    Column("Giới tính", 10, "center"),
    Column("Quê quán", 22),
    Column("Nơi ở hiện nay", 27),
    Column("Dân tộc", 10.5, "center"),
    Column("Tôn giáo", 13.5, "center"),
    Column("Trình độ giáo dục phổ thông", 12, "center"),
    Column("Trình độ chuyên môn, nghiệp vụ, học hàm, học vị, lý luận chính trị, ngoại ngữ", 30),
    Column("Nghề nghiệp, chức vụ", 30),
    Column("Nơi công tác", 25),
    Column("Ngày vào Đảng (nếu có)", 17.5, "center"),
    Column("Là đại biểu Quốc hội, đại biểu HĐND (nếu có)", 21),
]


def unit_line(unit_name: str, unit_area: str) -> str:
    """'Đơn vị bầu cử số 1 gồm: …', whether or not the area already says 'gồm:'."""
    return with_members(unit_name, unit_area)


def form_number(data: CandidateListData) -> str:
    """Model 17 for the National Assembly, 22 for a People's Council."""
    return contest_number(data.contest_title, national="17/HĐBC-QH", council="22/HĐBC-HĐND")


def name_cell(entry: CandidateEntry) -> str:
    if entry.other_name:
        return f"{entry.full_name}\n({entry.other_name})"
    return entry.full_name


def layout(data: CandidateListData) -> list[Block]:
    candidates = sorted(data.candidates, key=lambda entry: entry.order)
    rows = [
        [
            entry.order,
            name_cell(entry),
            vn_date(entry.date_of_birth),
            entry.sex,
            entry.hometown,
            entry.residence,
            entry.ethnicity,
            entry.religion,
            entry.education,
            entry.qualification,
            entry.occupation_position,
            entry.workplace,
            vn_date(entry.party_joined) if entry.party_joined else "Không",
            entry.current_deputy or "Không",
        ]
        for entry in candidates
    ]
    return [
        Letterhead(left=data.issuer, place_and_date=place_and_date(data.place, data.issued_on)),
        Title(TITLE, subtitles=[data.contest_title]),
        Paragraph(
            f"Ngày bầu cử: {vn_date(data.election_day)}",
            italic=True,
            align="center",
            size=10,
        ),
        Paragraph(unit_line(data.unit_name, data.unit_area), bold=True, align="center", size=10.5),
        Paragraph(
            f"Số đại biểu được bầu: {data.seats}. Số người ứng cử: {len(candidates)}.",
            align="center",
            size=10.5,
            space_after=5,
        ),
        Table(columns=COLUMNS, rows=rows, size=7),
        # The footnote and the signature move to the next page together: the
        # signature takes about 5 mm a line (title, note, four blank, name).
        NeedSpace(8 + 5 * (len(data.signer_title) + 6)),
        Paragraph(FOOTNOTE, italic=True, size=8.5),
        Signatures(
            [
                SignatureBox(
                    "\n".join(data.signer_title),
                    note="(Ký tên, đóng dấu)",
                    name=data.signer_name,
                )
            ],
            size=10.5,
        ),
    ]


def sample() -> CandidateListData:
    return CandidateListData(
        issuer=["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "ỦY BAN BẦU CỬ TỈNH CÀ MAU"],
        place="Cà Mau",
        issued_on=date(2026, 2, 23),
        contest_title="BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU NHIỆM KỲ 2026–2031",
        unit_name="Đơn vị bầu cử số 1",
        unit_area="gồm: Phường Bạc Liêu, Phường Vĩnh Trạch, Phường Hiệp Thành",
        seats=3,
        election_day=date(2026, 3, 15),
        signer_title=["TM. ỦY BAN BẦU CỬ", "CHỦ TỊCH"],
        signer_name="Lê Minh Khái",
        candidates=[
            CandidateEntry(
                order=1,
                full_name="Nguyễn Văn An",
                date_of_birth=date(1975, 5, 12),
                sex="Nam",
                hometown="Phường Vĩnh Trạch, tỉnh Cà Mau",
                residence="Số 25 đường Trần Phú, khóm 3, Phường Bạc Liêu, tỉnh Cà Mau",
                ethnicity="Kinh",
                religion="Không",
                education="12/12",
                qualification="Thạc sĩ Quản lý công; Cao cấp lý luận chính trị; Tiếng Anh B1",
                occupation_position="Cán bộ; Phó Chủ tịch Ủy ban nhân dân tỉnh",
                workplace="Ủy ban nhân dân tỉnh Cà Mau",
                party_joined=date(1998, 9, 2),
                current_deputy="Đại biểu HĐND tỉnh nhiệm kỳ 2021–2026",
            ),
            CandidateEntry(
                order=2,
                full_name="Trần Thị Bình",
                other_name="Thích Nữ Diệu Hạnh",
                date_of_birth=date(1968, 11, 3),
                sex="Nữ",
                hometown="Xã Hòa Bình, tỉnh Cà Mau",
                residence="Chùa Giác Hoa, ấp Biển Tây, Xã Hòa Bình, tỉnh Cà Mau",
                ethnicity="Kinh",
                religion="Phật giáo",
                education="12/12",
                qualification="Cử nhân Phật học",
                occupation_position="Chức sắc tôn giáo; Phó Trưởng ban Trị sự "
                "Giáo hội Phật giáo Việt Nam tỉnh",
                workplace="Ban Trị sự Giáo hội Phật giáo Việt Nam tỉnh Cà Mau",
            ),
            CandidateEntry(
                order=3,
                full_name="Lê Hoàng Dũng",
                date_of_birth=date(1984, 1, 27),
                sex="Nam",
                hometown="Phường An Xuyên, tỉnh Cà Mau",
                residence="Khóm 5, Phường Hiệp Thành, tỉnh Cà Mau",
                ethnicity="Kinh",
                religion="Không",
                education="12/12",
                qualification="Cử nhân Luật; Trung cấp lý luận chính trị",
                occupation_position="Công chức; Phó Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh",
                workplace="Văn phòng Đoàn ĐBQH và HĐND tỉnh Cà Mau",
                party_joined=date(2009, 3, 26),
            ),
            CandidateEntry(
                order=4,
                full_name="Thạch Thị Sô Phia",
                date_of_birth=date(1990, 7, 19),
                sex="Nữ",
                hometown="Xã Vĩnh Hậu, tỉnh Cà Mau",
                residence="Ấp Cái Cùng, Xã Vĩnh Hậu, tỉnh Cà Mau",
                ethnicity="Khmer",
                religion="Phật giáo",
                education="12/12",
                qualification="Cử nhân Sư phạm Ngữ văn; Tiếng Anh B1",
                occupation_position="Viên chức; Giáo viên",
                workplace="Trường THPT Dân tộc nội trú tỉnh Cà Mau",
                party_joined=date(2015, 5, 19),
            ),
            CandidateEntry(
                order=5,
                full_name="Huỳnh Quốc Trưởng",
                date_of_birth=date(1979, 2, 8),
                sex="Nam",
                hometown="Phường Bạc Liêu, tỉnh Cà Mau",
                residence="Số 112 đường Võ Thị Sáu, Phường Bạc Liêu, tỉnh Cà Mau",
                ethnicity="Kinh",
                religion="Công giáo",
                education="12/12",
                qualification="Kỹ sư Nuôi trồng thủy sản",
                occupation_position="Giám đốc Hợp tác xã",
                workplace="Hợp tác xã Nuôi tôm Vĩnh Trạch",
            ),
        ],
    )


FORM = FormDefinition(
    code="DS-UCV",
    title="Danh sách chính thức những người ứng cử",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 57 khoản 5, Điều 58, Điều 59",
    model=CandidateListData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        TITLE,
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "(Thích Nữ Diệu Hạnh)",
        "Số đại biểu được bầu: 3",
        "Số người ứng cử: 5",
        "Đơn vị bầu cử số 1 gồm: Phường Bạc Liêu",
    ),
    page_size="A4",
    orientation="landscape",
    margins_mm=(12, 12, 14, 15),  # 270 mm of line
    number_for=form_number,
)
