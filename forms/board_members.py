"""The member list of an election board (Ban bầu cử) or committee (Ủy ban bầu cử).

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 22 and 24: a Ban bầu cử
has a Trưởng ban, Phó Trưởng ban, a Thư ký and Ủy viên; an Ủy ban bầu cử a
Chủ tịch, Phó Chủ tịch, a Thư ký and Ủy viên.
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
from forms.common import members_clause, place_and_date


class BodyMemberEntry(BaseModel):
    full_name: str
    work: str = ""  # chức vụ, cơ quan, đơn vị công tác
    role_title: str
    phone: str = ""


class BodyMembersData(BaseModel):
    issuer: list[str]
    place: str
    printed_on: date
    body_name: str  # "Ban bầu cử đại biểu Quốc hội đơn vị bầu cử số 1"
    area: str = ""  # "gồm: Phường Bạc Liêu, …" for a board
    decision: str = ""
    members: list[BodyMemberEntry]
    signer_title: list[str]  # ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


COLUMNS = [
    Column("STT", 0.5, "center"),
    Column("Họ và tên", 2.2),
    Column("Chức vụ, cơ quan, đơn vị công tác", 3.8),
    Column("Chức danh", 1.5, "center"),
    Column("Số điện thoại", 1.4, "center"),
]


def title_of(body_name: str) -> str:
    return "DANH SÁCH THÀNH VIÊN " + body_name.split(" đơn vị bầu cử")[0].upper()


def layout(data: BodyMembersData) -> list[Block]:
    rows = [
        [index, m.full_name, m.work, m.role_title, m.phone]
        for index, m in enumerate(data.members, start=1)
    ]
    blocks: list[Block] = [
        Letterhead(left=data.issuer, place_and_date=place_and_date(data.place, data.printed_on)),
        Title(title_of(data.body_name), subtitles=[data.body_name]),
    ]
    if members_clause(data.area):
        blocks.append(Paragraph(members_clause(data.area), align="center", size=10))
    if data.decision:
        blocks.append(Paragraph(f"Thành lập theo {data.decision}.", italic=True, align="center"))
    blocks += [
        Paragraph(f"Số thành viên: {len(data.members)}.", align="center", size=10, space_after=5),
        Table(columns=COLUMNS, rows=rows, size=9),
        NeedSpace(45),
        Signatures([SignatureBox("\n".join(data.signer_title), note="(Ký tên, đóng dấu)")]),
    ]
    return blocks


def sample() -> BodyMembersData:
    return BodyMembersData(
        issuer=["ỦY BAN NHÂN DÂN TỈNH CÀ MAU"],
        place="Cà Mau",
        printed_on=date(2026, 1, 6),
        body_name="Ban bầu cử đại biểu Quốc hội đơn vị bầu cử số 1",
        area="gồm: Phường Bạc Liêu, Phường Vĩnh Trạch, Phường Hiệp Thành",
        decision="Quyết định số 5/QĐ-UBND ngày 02/01/2026 của Ủy ban nhân dân tỉnh Cà Mau",
        signer_title=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        members=[
            BodyMemberEntry(
                full_name="Ngô Thanh Tùng",
                work="Phó Chủ tịch Ủy ban nhân dân tỉnh",
                role_title="Trưởng ban",
                phone="0290 3831 234",
            ),
            BodyMemberEntry(
                full_name="Dương Thị Mỹ Linh",
                work="Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
                role_title="Phó Trưởng ban",
            ),
            BodyMemberEntry(
                full_name="Tô Văn Đức",
                work="Chuyên viên Sở Nội vụ",
                role_title="Thư ký",
            ),
            BodyMemberEntry(
                full_name="Quách Ngọc Ánh",
                work="Phó Giám đốc Sở Tư pháp",
                role_title="Ủy viên",
            ),
        ],
    )


FORM = FormDefinition(
    code="DS-BBC",
    title="Danh sách thành viên Ban bầu cử, Ủy ban bầu cử",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 22, 24",
    model=BodyMembersData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "DANH SÁCH THÀNH VIÊN BAN BẦU CỬ ĐẠI BIỂU QUỐC HỘI",
        "Ban bầu cử đại biểu Quốc hội đơn vị bầu cử số 1",
        "Ngô Thanh Tùng",
        "Trưởng ban",
        "Phó Trưởng ban",
        "Số thành viên: 4",
        "gồm: Phường Bạc Liêu",
    ),
    page_size="A4",
    orientation="portrait",
)
