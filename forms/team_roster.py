"""The roster of one election team: its members with their role, workplace,
phone and a column to sign (the team's contact and attendance sheet).

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 25: a Tổ bầu cử has a
Tổ trưởng, a Thư ký and Ủy viên.
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
from forms.common import place_and_date, vn_date


class RosterEntry(BaseModel):
    full_name: str
    role_title: str
    organisation: str = ""
    phone: str = ""
    trained_on: date | None = None


class TeamRosterData(BaseModel):
    issuer: list[str]  # ["ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU", "TỔ BẦU CỬ KHU VỰC BỎ PHIẾU SỐ 1"]
    place: str
    printed_on: date
    team_name: str  # "Tổ bầu cử khu vực bỏ phiếu số 1"
    station_address: str = ""
    decision: str = ""  # "Quyết định số 15/QĐ-UBND ngày 28/01/2026 của UBND phường Bạc Liêu"
    election_day: date
    members: list[RosterEntry]


TITLE = "DANH SÁCH THÀNH VIÊN TỔ BẦU CỬ"

COLUMNS = [
    Column("STT", 0.45, "center"),
    Column("Họ và tên", 2),
    Column("Chức danh", 1.1, "center"),
    Column("Cơ quan, đơn vị công tác", 2.6),
    Column("Số điện thoại", 1.3, "center"),
    Column("Tập huấn", 1, "center"),
    Column("Ký tên", 1.3),
]


def layout(data: TeamRosterData) -> list[Block]:
    rows = [
        [
            index,
            m.full_name,
            m.role_title,
            m.organisation,
            m.phone,
            vn_date(m.trained_on) if m.trained_on else "",
            "\n",  # two lines high: room to sign
        ]
        for index, m in enumerate(data.members, start=1)
    ]
    blocks: list[Block] = [
        Letterhead(left=data.issuer, place_and_date=place_and_date(data.place, data.printed_on)),
        Title(TITLE, subtitles=[data.team_name]),
    ]
    if data.station_address:
        blocks.append(
            Paragraph(f"Địa điểm bỏ phiếu: {data.station_address}", align="center", size=10)
        )
    if data.decision:
        blocks.append(Paragraph(f"Thành lập theo {data.decision}.", italic=True, align="center"))
    blocks += [
        Paragraph(
            f"Ngày bầu cử: {vn_date(data.election_day)}. Số thành viên: {len(data.members)}.",
            align="center",
            size=10,
            space_after=5,
        ),
        Table(columns=COLUMNS, rows=rows, size=9),
        NeedSpace(40),
        Signatures([SignatureBox("TỔ TRƯỞNG")]),
    ]
    return blocks


def sample() -> TeamRosterData:
    return TeamRosterData(
        issuer=["ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU", "TỔ BẦU CỬ KHU VỰC BỎ PHIẾU SỐ 1"],
        place="Bạc Liêu",
        printed_on=date(2026, 2, 2),
        team_name="Tổ bầu cử khu vực bỏ phiếu số 1",
        station_address="Nhà văn hóa khóm 1, phường Bạc Liêu",
        decision="Quyết định số 15/QĐ-UBND ngày 28/01/2026 của Ủy ban nhân dân phường Bạc Liêu",
        election_day=date(2026, 3, 15),
        members=[
            RosterEntry(
                full_name="Trần Văn Hùng",
                role_title="Tổ trưởng",
                organisation="Ủy ban nhân dân phường Bạc Liêu",
                phone="0912 345 678",
                trained_on=date(2026, 2, 20),
            ),
            RosterEntry(
                full_name="Lê Thị Ngọc Hạnh",
                role_title="Thư ký",
                organisation="Văn phòng HĐND và UBND phường",
                phone="0987 654 321",
            ),
            RosterEntry(
                full_name="Huỳnh Quốc Việt",
                role_title="Ủy viên",
                organisation="Ban điều hành khóm 1",
                phone="0939 111 222",
            ),
        ],
    )


FORM = FormDefinition(
    code="DS-TBC",
    title="Danh sách thành viên Tổ bầu cử",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, Điều 25",
    model=TeamRosterData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        TITLE,
        "Tổ bầu cử khu vực bỏ phiếu số 1",
        "Trần Văn Hùng",
        "Tổ trưởng",
        "0912 345 678",
        "Số điện thoại",
        "Ký tên",
        "Số thành viên: 3",
        "20/02/2026",
    ),
    page_size="A4",
    orientation="landscape",
)
