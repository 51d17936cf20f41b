"""The election calendar: every legal milestone dated from election day."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from forms.base import (
    Block,
    Column,
    FormDefinition,
    Letterhead,
    Paragraph,
    SignatureBox,
    Signatures,
    Table,
    Title,
)
from forms.common import place_and_date, vn_date, weekday


class CalendarEntry(BaseModel):
    label: str
    title: str
    legal_basis: str
    responsible: str = ""
    due: str
    state: str


class ElectionCalendarData(BaseModel):
    issuer: list[str]
    election_name: str
    election_day: dt.date
    voting_hours: str
    place: str
    printed_on: dt.date
    entries: list[CalendarEntry]
    law: str


def layout(data: ElectionCalendarData) -> list[Block]:
    rows = [
        [
            index,
            entry.label,
            entry.due,
            entry.title,
            entry.responsible,
            entry.legal_basis,
            entry.state,
        ]
        for index, entry in enumerate(data.entries, start=1)
    ]
    return [
        Letterhead(left=data.issuer, place_and_date=place_and_date(data.place, data.printed_on)),
        Title(
            "LỊCH TRÌNH CÁC MỐC THỜI GIAN BẦU CỬ",
            subtitles=[data.election_name],
        ),
        Paragraph(
            f"Ngày bầu cử (D): {weekday(data.election_day)}, {vn_date(data.election_day)}. "
            f"Thời gian bỏ phiếu: {data.voting_hours}.",
            align="center",
        ),
        Paragraph(f"Căn cứ: {data.law}.", italic=True, align="center", size=9.5),
        Table(
            columns=[
                Column("STT", 0.45, "center"),
                Column("Mốc", 0.75, "center"),
                Column("Thời hạn", 1.1, "center"),
                Column("Công việc", 4.2),
                Column("Cơ quan thực hiện", 2.0),
                Column("Căn cứ", 1.25),
                Column("Tình trạng", 0.95, "center"),
            ],
            rows=rows,
            size=8.5,
        ),
        Paragraph(f"Tình trạng tính đến ngày {vn_date(data.printed_on)}.", italic=True, size=9),
        Signatures([SignatureBox("NGƯỜI LẬP BIỂU")]),
    ]


def sample() -> ElectionCalendarData:
    return ElectionCalendarData(
        issuer=["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "ỦY BAN BẦU CỬ PHƯỜNG BẠC LIÊU"],
        election_name="Bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp "
        "nhiệm kỳ 2026–2031",
        election_day=dt.date(2026, 3, 15),
        voting_hours="từ 07:00 đến 19:00",
        place="Bạc Liêu",
        printed_on=dt.date(2026, 1, 5),
        law="Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân",
        entries=[
            CalendarEntry(
                label="D−43",
                title="Thành lập Tổ bầu cử",
                legal_basis="Điều 25",
                responsible="UBND xã",
                due="31/01/2026",
                state="Sắp tới",
            ),
            CalendarEntry(
                label="D−24h",
                title="Hạn chót bổ sung, chuyển, xóa tên trong danh sách cử tri",
                legal_basis="Điều 29(4), 30",
                responsible="UBND xã",
                due="07:00 14/03/2026",
                state="Sắp tới",
            ),
        ],
    )


FORM = FormDefinition(
    code="LICH-BC",
    title="Lịch trình các mốc thời gian bầu cử",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15",
    model=ElectionCalendarData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "LỊCH TRÌNH CÁC MỐC THỜI GIAN BẦU CỬ",
        "Thành lập Tổ bầu cử",
        "Chủ nhật, 15/03/2026",
        "ỦY BAN BẦU CỬ PHƯỜNG BẠC LIÊU",
    ),
    page_size="A4",
    orientation="landscape",
)
