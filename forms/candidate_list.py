"""The official list of candidates of one electoral unit, for posting: models
17/HĐBC-QH (National Assembly) and 22/HĐBC-HĐND (a People's Council) of
Resolution 40/NQ-HĐBCQG.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 57(5), 58 and 59: the list
gives each candidate's name, date of birth, sex, hometown, residence,
ethnicity, religion, education, qualifications, occupation and position and
workplace, in the order of the alphabet (A, B, C…), and is posted in the
electoral unit. The models add nationality, the five columns of "Trình độ",
the date of joining the Party, being a deputy already, and a remark; the
National Assembly's list names the National Election Council's resolution
that fixed it, a council's list is dated over its signature.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

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
from forms.common import (
    BLANK,
    collective_signer,
    members_text,
    place_and_date,
    vn_date,
    vn_long_date,
    with_members,
)

ContestLevel = Literal["dbqh", "hdnd_tinh", "hdnd_xa"]


class CandidateEntry(BaseModel):
    order: int  # position in ballot order, 1-based
    full_name: str
    other_name: str = ""  # alias / religious name, printed in parentheses after the name
    date_of_birth: date
    sex: str  # "Nam" or "Nữ"
    nationality: str = "Việt Nam"
    ethnicity: str
    religion: str
    hometown: str  # quê quán
    residence: str  # nơi ở hiện nay
    # Trình độ: the five columns of the models.
    education: str  # giáo dục phổ thông, e.g. "12/12"
    qualification: str  # chuyên môn, nghiệp vụ
    academic_title: str = ""  # học hàm, học vị
    political_theory: str = ""  # lý luận chính trị
    foreign_language: str = ""  # ngoại ngữ
    occupation_position: str  # nghề nghiệp, chức vụ
    workplace: str  # nơi công tác
    party_joined: date | None = None  # ngày vào Đảng; None = "Không"
    assembly_deputy: str = ""  # "Đại biểu Quốc hội khóa XV"; "" = "Không"
    current_deputy: str = ""  # "Đại biểu HĐND tỉnh nhiệm kỳ 2021-2026"; "" = "Không"
    note: str = ""


class CandidateListData(BaseModel):
    level: ContestLevel
    committee: str  # the election committee's place, "TỈNH CÀ MAU", "PHƯỜNG BẠC LIÊU"
    unit_number: int
    unit_area: str  # "Phường Bạc Liêu, Phường Vĩnh Trạch, ..." (a leading "gồm" is dropped)
    seats: int
    candidates: list[CandidateEntry]
    assembly_term: str = "XVI"  # model 17
    council_term: str = ""  # model 22: "X"; blank leaves dots
    term: str = "2026-2031"
    # Model 17: the National Election Council's resolution that fixed the list.
    resolution_number: str = ""
    resolution_date: date | None = None
    # Model 22: the place and day over the signature.
    place: str = ""
    issued_on: date | None = None
    signer_name: str = ""


def unit_line(unit_name: str, unit_area: str) -> str:
    """'Đơn vị bầu cử số 1 gồm: …', whether or not the area already says 'gồm:'."""
    return with_members(unit_name, unit_area)


def form_number(data: CandidateListData) -> str:
    """Model 17 for the National Assembly, 22 for a People's Council."""
    return "Mẫu số 17/HĐBC-QH" if data.level == "dbqh" else "Mẫu số 22/HĐBC-HĐND"


def columns(level: ContestLevel) -> list[Column]:
    """The columns of the models' lists (16, 17, 22), in their order: the five
    of "Trình độ" under one heading; "Là đại biểu QH" on the National
    Assembly's lists only. Widths in millimetres of the 270 mm line of an A4
    landscape page."""
    national = level == "dbqh"
    born = "Ngày tháng năm sinh" if national else "Ngày, tháng, năm sinh"
    found = [
        Column("STT", 7, "center"),
        Column("Họ và tên", 24),
        Column(born, 15, "center"),
        Column("Giới tính", 9, "center"),
        Column("Quốc tịch", 11, "center"),
        Column("Dân tộc", 10, "center"),
        Column("Tôn giáo", 11, "center"),
        Column("Quê quán", 18),
        Column("Nơi ở hiện nay", 22),
        Column("Giáo dục phổ thông", 10, "center", group="Trình độ"),
        Column("Chuyên môn, nghiệp vụ", 17, group="Trình độ"),
        Column("Học hàm, học vị", 11, group="Trình độ"),
        Column("Lý luận chính trị", 11, group="Trình độ"),
        Column("Ngoại ngữ", 11, group="Trình độ"),
        Column("Nghề nghiệp, chức vụ", 22),
        Column("Nơi công tác", 20),
        Column("Ngày vào Đảng (nếu có)", 14, "center"),
        Column("Là đại biểu QH (nếu có)", 13),
        Column("Là đại biểu HĐND (nếu có)", 13),
        Column("Ghi chú", 10),
    ]
    return found if national else [c for c in found if c.title != "Là đại biểu QH (nếu có)"]


def name_cell(entry: CandidateEntry) -> str:
    if entry.other_name:
        return f"{entry.full_name}\n({entry.other_name})"
    return entry.full_name


def candidate_rows(candidates: list[CandidateEntry], level: ContestLevel) -> list[list[str | int]]:
    """One row a candidate, in the columns of `columns(level)`, in list order."""
    rows: list[list[str | int]] = []
    for entry in sorted(candidates, key=lambda e: e.order):
        deputy = [entry.assembly_deputy or "Không"] if level == "dbqh" else []
        rows.append(
            [
                entry.order,
                name_cell(entry),
                vn_date(entry.date_of_birth),
                entry.sex,
                entry.nationality,
                entry.ethnicity,
                entry.religion,
                entry.hometown,
                entry.residence,
                entry.education,
                entry.qualification,
                entry.academic_title,
                entry.political_theory,
                entry.foreign_language,
                entry.occupation_position,
                entry.workplace,
                vn_date(entry.party_joined) if entry.party_joined else "Không",
                *deputy,
                entry.current_deputy or "Không",
                entry.note,
            ]
        )
    return rows


def candidates_table(candidates: list[CandidateEntry], level: ContestLevel) -> Table:
    return Table(columns=columns(level), rows=candidate_rows(candidates, level), size=6.5)


def resolution_line(number: str, day: date | None) -> str:
    """'(Theo Nghị quyết số 151/NQ-HĐBCQG ngày 26 tháng 02 năm 2026 của Hội đồng
    bầu cử quốc gia)'; dotted blanks for what is not known."""
    when = vn_long_date(day) if day else f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    return f"(Theo Nghị quyết số {number or BLANK} {when} của Hội đồng bầu cử quốc gia)"


def council_level(level: ContestLevel) -> str:
    """The level of model 22's totals: 'tỉnh' or 'xã'."""
    return "tỉnh" if level == "hdnd_tinh" else "xã"


def heading(data: CandidateListData) -> list[Block]:
    """The title lines of model 17 or 22."""
    members = members_text(data.unit_area)
    if data.level == "dbqh":
        return [
            Title(
                "DANH SÁCH CHÍNH THỨC",
                subtitles=[
                    f"NHỮNG NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI KHÓA {data.assembly_term or BLANK}",
                    f"Ở ĐƠN VỊ BẦU CỬ SỐ {data.unit_number}",
                    f"GỒM: {members.upper()}" if members else f"GỒM: {BLANK}",
                ],
            ),
            Paragraph(
                resolution_line(data.resolution_number, data.resolution_date),
                italic=True,
                align="center",
                size=10.5,
                space_after=5,
            ),
        ]
    return [
        Title(
            "DANH SÁCH CHÍNH THỨC",
            subtitles=[
                f"NHỮNG NGƯỜI ỨNG CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN {data.committee.upper()} "
                f"KHÓA {data.council_term or BLANK}",
                f"NHIỆM KỲ {data.term}",
            ],
        ),
        Paragraph(
            f"Đơn vị bầu cử số: {data.unit_number}", bold=True, align="center", space_after=1
        ),
        Paragraph(f"Gồm: {members or BLANK}", align="center", space_after=5),
    ]


def totals(data: CandidateListData) -> list[Block]:
    """The totals under the table, in the model's words."""
    count = len(data.candidates)
    if data.level == "dbqh":
        lines = [
            f"- Tổng số người ứng cử đại biểu Quốc hội trong danh sách này là: {count} người;",
            f"- Số đại biểu Quốc hội được bầu: {data.seats} người.",
        ]
    else:
        level = council_level(data.level)
        lines = [
            f"Tổng số người ứng cử đại biểu Hội đồng nhân dân cấp {level} trong danh sách "
            f"này là: {count} người",
            f"Số đại biểu Hội đồng nhân dân cấp {level} được bầu tại đơn vị bầu cử số "
            f"{data.unit_number} là: {data.seats} người",
        ]
    # One paragraph: its lines stay together with the signature under them.
    return [Paragraph("\n".join(lines), size=10.5, space_after=2)]


def committee_signature(name: str, *, dated: str = "") -> Signatures:
    """TM. ỦY BAN BẦU CỬ / CHỦ TỊCH, with the committee's seal (models 16, 17, 22)."""
    signer = collective_signer("ỦY BAN BẦU CỬ", "CHỦ TỊCH", seal_of="Ủy ban bầu cử", name=name)
    return Signatures([signer], size=10.5, place_and_date=dated)


def layout(data: CandidateListData) -> list[Block]:
    dated = ""
    if data.level != "dbqh":
        dated = place_and_date(data.place, data.issued_on, year=2026)
    return [
        Letterhead(left=["ỦY BAN BẦU CỬ", data.committee.upper()]),
        *heading(data),
        candidates_table(data.candidates, data.level),
        *totals(data),
        committee_signature(data.signer_name, dated=dated),
    ]


def sample_candidates() -> list[CandidateEntry]:
    return [
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
            qualification="Quản lý công",
            academic_title="Thạc sĩ",
            political_theory="Cao cấp",
            foreign_language="Tiếng Anh B1",
            occupation_position="Cán bộ; Phó Chủ tịch Ủy ban nhân dân tỉnh",
            workplace="Ủy ban nhân dân tỉnh Cà Mau",
            party_joined=date(1998, 9, 2),
            current_deputy="Đại biểu HĐND tỉnh nhiệm kỳ 2021-2026",
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
            qualification="Cử nhân Luật",
            political_theory="Trung cấp",
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
            qualification="Cử nhân Sư phạm Ngữ văn",
            foreign_language="Tiếng Anh B1",
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
    ]


def sample() -> CandidateListData:
    """Model 22: a unit of the province council of Cà Mau."""
    return CandidateListData(
        level="hdnd_tinh",
        committee="TỈNH CÀ MAU",
        council_term="X",
        unit_number=1,
        unit_area="gồm: Phường Bạc Liêu, Phường Vĩnh Trạch, Phường Hiệp Thành",
        seats=3,
        place="Cà Mau",
        issued_on=date(2026, 2, 26),
        signer_name="Lê Minh Khái",
        candidates=sample_candidates(),
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
        "ỦY BAN BẦU CỬ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "DANH SÁCH CHÍNH THỨC",
        "NHỮNG NGƯỜI ỨNG CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU KHÓA X",
        "Đơn vị bầu cử số: 1",
        "Gồm: Phường Bạc Liêu, Phường Vĩnh Trạch",
        "Nguyễn Văn An",
        "(Thích Nữ Diệu Hạnh)",
        "Tổng số người ứng cử đại biểu Hội đồng nhân dân cấp tỉnh trong danh sách này là: 5 người",
        "được bầu tại đơn vị bầu cử số 1 là: 3 người",
        "Cà Mau, ngày 26 tháng 02 năm 2026",
    ),
    page_size="A4",
    orientation="landscape",
    margins_mm=(12, 12, 14, 15),  # 270 mm of line
    number_for=form_number,
)
