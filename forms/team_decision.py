"""The decision of the commune People's Committee forming the election teams
of its polling areas, with the list of members of each team.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 25(1): the commune UBND,
after agreeing with the standing body of the HĐND and the board of the
Fatherland Front, forms one Tổ bầu cử of 11–21 members (Tổ trưởng, Thư ký,
Ủy viên) in each polling area, at the latest 43 days before election day.
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
    PageBreak,
    Paragraph,
    SignatureBox,
    Signatures,
    Table,
    Title,
)
from forms.common import place_and_date, vn_date


class TeamMemberEntry(BaseModel):
    full_name: str
    work: str = ""  # chức vụ, cơ quan, đơn vị công tác
    role_title: str  # Tổ trưởng, Thư ký, Ủy viên


class TeamEntry(BaseModel):
    area_number: int
    station_address: str = ""
    members: list[TeamMemberEntry]


class TeamDecisionData(BaseModel):
    issuer: list[str]  # the letterhead: ["ỦY BAN NHÂN DÂN", "PHƯỜNG BẠC LIÊU"]
    authority_title: str  # "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU" as it decides
    commune_name: str  # "phường Bạc Liêu"
    place: str  # for the "place, ngày … tháng … năm …" line
    decision_number: str = ""  # "15/QĐ-UBND"; blank leaves room to write it in
    decision_date: date | None = None
    election_name: str
    election_day: date
    teams: list[TeamEntry]
    signer_name: str = ""
    # The "Nơi nhận:" block beside the signature, one recipient a line;
    # `recipients()` writes the usual ones.
    recipients: list[str] = []


TITLE = "QUYẾT ĐỊNH"
ANNEX_TITLE = "DANH SÁCH THÀNH VIÊN CÁC TỔ BẦU CỬ"
LAW = (
    "Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân số 85/2015/QH13, "
    "được sửa đổi, bổ sung bởi Luật số 83/2025/QH15"
)

COLUMNS = [
    Column("STT", 0.5, "center"),
    Column("Họ và tên", 2.2),
    Column("Chức vụ, cơ quan, đơn vị công tác", 4),
    Column("Chức danh trong Tổ bầu cử", 1.6, "center"),
]


def recipients(commune_name: str, province_name: str) -> list[str]:
    """The "Nơi nhận:" block of the decision (Decree 30/2020/NĐ-CP, Appendix
    I): those Article 3 charges with it, the province's election committee
    the commune reports to, the bodies the commune agreed the teams with
    (Art. 25(1): the standing body of the People's Council and the board of
    the Fatherland Front), and the committee's own record ("Lưu: VT")."""
    return [
        "- Như Điều 3;",
        f"- Ủy ban bầu cử {province_name};",
        f"- Thường trực Hội đồng nhân dân {commune_name};",
        f"- Ban Thường trực Ủy ban MTTQ Việt Nam {commune_name};",
        "- Lưu: VT.",
    ]


def decision_reference(number: str) -> str:
    return f"Số: {number}" if number else "Số:        /QĐ-UBND"


def layout(data: TeamDecisionData) -> list[Block]:
    count = len(data.teams)
    members = sum(len(t.members) for t in data.teams)
    issued = data.decision_date or data.election_day
    date_line = (
        place_and_date(data.place, data.decision_date)
        if data.decision_date
        else f"{data.place}, ngày      tháng      năm {issued.year}"
    )
    reference = decision_reference(data.decision_number)
    blocks: list[Block] = [
        Letterhead(left=data.issuer, place_and_date=date_line, reference=reference),
        Title(TITLE, subtitles=[f"Về việc thành lập các Tổ bầu cử ở {data.commune_name}"]),
        Paragraph(data.authority_title, bold=True, align="center", space_after=5),
        Paragraph(
            "Căn cứ Luật Tổ chức chính quyền địa phương;", italic=True, indent=8, space_after=1
        ),
        Paragraph(f"Căn cứ {LAW};", italic=True, indent=8, space_after=1),
        Paragraph(
            "Căn cứ Thông tư số 21/2025/TT-BNV ngày 12/10/2025 của Bộ trưởng Bộ Nội vụ "
            "hướng dẫn nghiệp vụ công tác tổ chức bầu cử;",
            italic=True,
            indent=8,
            space_after=1,
        ),
        Paragraph(
            "Sau khi thống nhất với Thường trực Hội đồng nhân dân và Ban Thường trực "
            f"Ủy ban Mặt trận Tổ quốc Việt Nam {data.commune_name};",
            italic=True,
            indent=8,
            space_after=6,
        ),
        Paragraph("QUYẾT ĐỊNH:", bold=True, align="center", space_after=5),
        Paragraph(
            f"Điều 1. Thành lập {count} Tổ bầu cử tại {count} khu vực bỏ phiếu thuộc "
            f"{data.commune_name} để phục vụ {data.election_name}, ngày bầu cử "
            f"{vn_date(data.election_day)}, gồm {members} thành viên "
            "(có danh sách kèm theo).",
            indent=8,
        ),
        Paragraph(
            "Điều 2. Tổ bầu cử có nhiệm vụ, quyền hạn quy định tại khoản 2 Điều 25 của Luật "
            "Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân; Tổ bầu cử tự giải thể sau "
            "khi hoàn thành nhiệm vụ theo quy định tại Điều 28 của Luật.",
            indent=8,
        ),
        Paragraph(
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Hội đồng nhân dân và Ủy "
            "ban nhân dân, Ủy ban bầu cử, các Ban bầu cử, các Tổ bầu cử và các thành viên có tên "
            "tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
            indent=8,
            space_after=6,
        ),
        NeedSpace(45),
        Signatures(
            [
                SignatureBox(
                    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
                    note="(Ký tên, đóng dấu)",
                    name=data.signer_name,
                )
            ],
            recipients=data.recipients or ["- Lưu: VT."],
        ),
        PageBreak(),
        Title(
            ANNEX_TITLE,
            subtitles=[
                f"(Kèm theo Quyết định số {data.decision_number or '      /QĐ-UBND'} ngày "
                f"{vn_date(data.decision_date) or '     /     /' + str(issued.year)} "
                f"của Ủy ban nhân dân {data.commune_name})"
            ],
        ),
    ]
    for team in sorted(data.teams, key=lambda t: t.area_number):
        heading = f"Tổ bầu cử khu vực bỏ phiếu số {team.area_number}"
        if team.station_address:
            heading += f" (địa điểm bỏ phiếu: {team.station_address})"
        blocks += [
            NeedSpace(30),
            Paragraph(heading, bold=True, space_after=2),
            Table(
                columns=COLUMNS,
                rows=[
                    [index, m.full_name, m.work, m.role_title]
                    for index, m in enumerate(team.members, start=1)
                ],
                size=9,
            ),
        ]
    return blocks


def sample() -> TeamDecisionData:
    return TeamDecisionData(
        issuer=["ỦY BAN NHÂN DÂN", "PHƯỜNG BẠC LIÊU"],
        authority_title="ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU",
        commune_name="phường Bạc Liêu",
        place="Bạc Liêu",
        decision_number="15/QĐ-UBND",
        decision_date=date(2026, 1, 28),
        election_name="cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân "
        "các cấp nhiệm kỳ 2026–2031",
        election_day=date(2026, 3, 15),
        signer_name="Nguyễn Minh Châu",
        recipients=recipients("phường Bạc Liêu", "tỉnh Cà Mau"),
        teams=[
            TeamEntry(
                area_number=1,
                station_address="Nhà văn hóa khóm 1, phường Bạc Liêu",
                members=[
                    TeamMemberEntry(
                        full_name="Trần Văn Hùng",
                        work="Phó Chủ tịch UBND phường",
                        role_title="Tổ trưởng",
                    ),
                    TeamMemberEntry(
                        full_name="Lê Thị Ngọc Hạnh",
                        work="Công chức Văn phòng - Thống kê",
                        role_title="Thư ký",
                    ),
                    TeamMemberEntry(
                        full_name="Huỳnh Quốc Việt", work="Trưởng khóm 1", role_title="Ủy viên"
                    ),
                ],
            ),
            TeamEntry(
                area_number=2,
                station_address="Trường Tiểu học khóm 2, phường Bạc Liêu",
                members=[
                    TeamMemberEntry(
                        full_name="Phạm Thị Thu Trang",
                        work="Chủ tịch Hội Liên hiệp Phụ nữ phường",
                        role_title="Tổ trưởng",
                    ),
                    TeamMemberEntry(
                        full_name="Đặng Minh Khôi",
                        work="Bí thư Đoàn Thanh niên phường",
                        role_title="Thư ký",
                    ),
                ],
            ),
        ],
    )


FORM = FormDefinition(
    code="QD-TBC",
    title="Quyết định thành lập các Tổ bầu cử (kèm danh sách thành viên)",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, Điều 25",
    model=TeamDecisionData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/QĐ-UBND",
        "Bạc Liêu, ngày 28 tháng 01 năm 2026",
        TITLE,
        "Về việc thành lập các Tổ bầu cử ở phường Bạc Liêu",
        "Điều 1. Thành lập 2 Tổ bầu cử tại 2 khu vực bỏ phiếu",
        "gồm 5 thành viên",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Ủy ban bầu cử tỉnh Cà Mau;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        ANNEX_TITLE,
        "Tổ bầu cử khu vực bỏ phiếu số 2",
        "Trần Văn Hùng",
        "Tổ trưởng",
        "Lê Thị Ngọc Hạnh",
        "Chức danh trong Tổ bầu cử",
        "(Kèm theo Quyết định số 15/QĐ-UBND ngày 28/01/2026 của Ủy ban nhân dân phường Bạc Liêu)",
    ),
    page_size="A4",
    orientation="portrait",
)
