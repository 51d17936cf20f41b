"""The summary minutes of a People's Council election ("biên bản tổng kết cuộc
bầu cử đại biểu Hội đồng nhân dân"), one per Ủy ban bầu cử for its level.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 85: after receiving the
boards' minutes, the election committee of the province or of the commune
records the total seats of the administrative unit, the candidates, the
voters, the voters who took part and their share, the valid and invalid
ballots, the votes of each candidate, the winners of each electoral unit,
the major events and how they were handled, and the complaints it settled.
Six copies, signed by the chair and the deputy chairs.

Data
----
`CouncilSummaryData` holds the committee (`issuer`, `committee`), the
council (`council_title`), the dates, and one `SummaryUnit` per electoral
unit. The totals of the administrative unit are computed here from the
units (seats, candidates, voters, took part, valid, invalid, winners, empty
seats), the turnout with the same rounding as every other percentage (two
decimals, half up); so they always agree with the table.

`SummaryUnit`: `name` ("Đơn vị bầu cử số 1"), `area` (optional, "gồm: …"),
`seats`, `candidate_count`, `voters_on_list`, `voters_took_part`,
`turnout_percent` ("97,21", or a Decimal), `valid`, `invalid`, `winners`
(`WinnerLine(full_name, votes, percent)`, by votes), `empty_seats`,
`candidates` (every candidate's `CandidateVotes(full_name, votes, percent,
elected)`, by votes; when empty the winners alone are listed) and a `note`
(a supplementary round, a re-run, with its article).

The province minutes of the National Assembly election
(`forms.province_result_minutes`) reuse these blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from forms.base import (
    Block,
    Column,
    FormDefinition,
    Letterhead,
    NeedSpace,
    Paragraph,
    Spacer,
    Table,
    Title,
)
from forms.candidate_list import unit_line
from forms.common import place_and_date, vn_date, weekday
from forms.tally_minutes import PercentText, percent_text, vn_number
from forms.unit_result_minutes import PROVISIONAL, banner, copies_text, signatures

TITLE = "BIÊN BẢN TỔNG KẾT CUỘC BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN"
ELECTED = "Trúng cử"


class WinnerLine(BaseModel):
    full_name: str
    votes: int
    percent: PercentText  # of the unit's valid ballots


class CandidateVotes(BaseModel):
    full_name: str
    votes: int
    percent: PercentText
    elected: bool = False


class SummaryUnit(BaseModel):
    name: str  # "Đơn vị bầu cử số 1"
    area: str = ""  # "gồm: Phường Bạc Liêu, …"
    seats: int
    candidate_count: int
    voters_on_list: int
    voters_took_part: int
    turnout_percent: PercentText
    valid: int
    invalid: int
    winners: list[WinnerLine]  # by votes, most first
    empty_seats: int = 0
    candidates: list[CandidateVotes] = []  # every candidate, by votes; [] lists the winners
    note: str = ""  # "Bầu cử thêm ngày 22/3/2026 (Điều 79)", …


class CouncilSummaryData(BaseModel):
    issuer: list[str]  # ["ỦY BAN BẦU CỬ", "TỈNH CÀ MAU"]
    committee: str  # "Ủy ban bầu cử tỉnh Cà Mau", in sentences
    council_title: str  # "HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU NHIỆM KỲ 2026–2031"
    place: str
    issued_on: date
    election_day: date
    units: list[SummaryUnit]
    major_events: str = ""  # những việc quan trọng đã xảy ra và kết quả giải quyết
    complaints_settled: str = ""  # khiếu nại, tố cáo do Ủy ban bầu cử đã giải quyết
    copies: int = 6  # Art. 85(2)
    recipients: str = ""
    signer_titles: list[str] = ["CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    signer_names: list[str] = []
    provisional: bool = False


# --------------------------------------------------------------------------
# Blocks shared with the province minutes


@dataclass(frozen=True)
class Totals:
    units: int
    seats: int
    candidates: int
    voters_on_list: int
    voters_took_part: int
    valid: int
    invalid: int
    winners: int
    empty_seats: int

    @property
    def turnout(self) -> str:
        return percent_text(self.voters_took_part, self.voters_on_list)


def totals(units: list[SummaryUnit]) -> Totals:
    return Totals(
        units=len(units),
        seats=sum(u.seats for u in units),
        candidates=sum(u.candidate_count for u in units),
        voters_on_list=sum(u.voters_on_list for u in units),
        voters_took_part=sum(u.voters_took_part for u in units),
        valid=sum(u.valid for u in units),
        invalid=sum(u.invalid for u in units),
        winners=sum(len(u.winners) for u in units),
        empty_seats=sum(u.empty_seats for u in units),
    )


def heading(text: str) -> Paragraph:
    return Paragraph(text, bold=True, size=10.5, space_after=3)


def line(
    text: str,
    *,
    size: float = 10.5,
    space_after: float = 2,
    bold: bool = False,
    italic: bool = False,
    indent: float = 0,
) -> Paragraph:
    """A line of the minutes' body text."""
    return Paragraph(
        text, bold=bold, italic=italic, size=size, indent=indent, space_after=space_after
    )


def free_text(text: str) -> Paragraph:
    return line(" ".join(text.split()) or "Không có.", indent=5, space_after=4)


def total_lines(t: Totals, *, first: int = 1) -> list[Paragraph]:
    """The numbered totals: voters, took part and %, valid, invalid, winners."""
    lines = [
        f"Tổng số cử tri: {vn_number(t.voters_on_list)} người.",
        f"Số cử tri đã tham gia bỏ phiếu: {vn_number(t.voters_took_part)} người, đạt "
        f"{t.turnout}% tổng số cử tri.",
        f"Số phiếu hợp lệ: {vn_number(t.valid)} phiếu.",
        f"Số phiếu không hợp lệ: {vn_number(t.invalid)} phiếu.",
        f"Số người trúng cử: {vn_number(t.winners)} người"
        + (f"; còn thiếu {vn_number(t.empty_seats)} đại biểu." if t.empty_seats else "."),
    ]
    return [line(f"{first + i}. {text}") for i, text in enumerate(lines)]


UNIT_COLUMNS = [
    Column("Đơn vị bầu cử", 2.3),
    Column("Số ĐB được bầu", 0.95, "right"),
    Column("Số người ứng cử", 0.95, "right"),
    Column("Tổng số cử tri", 1.35, "right"),
    Column("Số cử tri đã bỏ phiếu", 1.35, "right"),
    Column("Tỷ lệ (%)", 0.9, "right"),
    Column("Số phiếu hợp lệ", 1.35, "right"),
    Column("Số phiếu không hợp lệ", 1.2, "right"),
    Column("Số người trúng cử", 1.0, "right"),
]


def units_table(units: list[SummaryUnit]) -> Table:
    """One row per electoral unit and the row of totals."""
    t = totals(units)
    rows = [
        [
            u.name,
            vn_number(u.seats),
            vn_number(u.candidate_count),
            vn_number(u.voters_on_list),
            vn_number(u.voters_took_part),
            u.turnout_percent,
            vn_number(u.valid),
            vn_number(u.invalid),
            vn_number(len(u.winners)),
        ]
        for u in units
    ]
    rows.append(
        [
            "Tổng cộng",
            vn_number(t.seats),
            vn_number(t.candidates),
            vn_number(t.voters_on_list),
            vn_number(t.voters_took_part),
            t.turnout,
            vn_number(t.valid),
            vn_number(t.invalid),
            vn_number(t.winners),
        ]
    )
    return Table(columns=UNIT_COLUMNS, rows=rows, size=8, bold_last_row=True)


CANDIDATE_COLUMNS = [
    Column("STT", 0.6, "center"),
    Column("Họ và tên", 4),
    Column("Số phiếu bầu", 1.5, "right"),
    Column("Tỷ lệ % so với số phiếu hợp lệ", 1.7, "right"),
    Column("Kết quả", 1.2, "center"),
]


def unit_sections(units: list[SummaryUnit]) -> list[Block]:
    """Per unit: its figures, every candidate's votes and who was elected."""
    blocks: list[Block] = []
    for number, u in enumerate(units, start=1):
        if u.candidates:
            entries = [(c.full_name, c.votes, c.percent, c.elected) for c in u.candidates]
        else:
            entries = [(w.full_name, w.votes, w.percent, True) for w in u.winners]
        rows = [
            [str(i), name, vn_number(votes), percent, ELECTED if elected else ""]
            for i, (name, votes, percent, elected) in enumerate(entries, start=1)
        ]
        title = unit_line(u.name, u.area) if u.area else u.name
        blocks += [
            # A unit's heading, figures and table stay on one page when they fit
            # (about 30 mm and 6 mm a row); a very long table still breaks.
            NeedSpace(min(30 + 6 * len(rows), 150)),
            line(f"{number}. {title}", bold=True, space_after=1.5),
            line(
                f"Số đại biểu được bầu: {vn_number(u.seats)}; số người ứng cử: "
                f"{vn_number(u.candidate_count)}; cử tri đã bỏ phiếu: "
                f"{vn_number(u.voters_took_part)}/{vn_number(u.voters_on_list)} người "
                f"({u.turnout_percent}%); phiếu hợp lệ: {vn_number(u.valid)}; không hợp lệ: "
                f"{vn_number(u.invalid)}.",
                size=9.5,
                indent=5,
                space_after=2.5,
            ),
            Table(columns=CANDIDATE_COLUMNS, rows=rows, size=9),
        ]
        if not u.candidates:
            blocks.append(line("(Danh sách người trúng cử.)", italic=True, size=8.5, indent=5))
        if u.empty_seats:
            blocks.append(
                line(
                    f"Còn thiếu {vn_number(u.empty_seats)} đại biểu so với số đại biểu được bầu.",
                    size=9.5,
                    indent=5,
                )
            )
        if u.note:
            blocks.append(line(f"Ghi chú: {u.note}", italic=True, size=9.5, indent=5))
        blocks.append(Spacer(2))
    return blocks


def closing(copies: int, recipients: str, titles: list[str], names: list[str]) -> list[Block]:
    return [
        NeedSpace(55),
        Spacer(2),
        line(copies_text(copies, recipients), space_after=6),
        signatures(titles, names),
    ]


# --------------------------------------------------------------------------
# The council summary


def layout(data: CouncilSummaryData) -> list[Block]:
    t = totals(data.units)
    blocks: list[Block] = []
    if data.provisional:
        blocks.append(banner(PROVISIONAL))
    blocks += [
        Letterhead(left=data.issuer, place_and_date=place_and_date(data.place, data.issued_on)),
        Title(TITLE, subtitles=[data.council_title]),
        Paragraph(
            f"Ngày bầu cử: {weekday(data.election_day)}, {vn_date(data.election_day)}",
            italic=True,
            align="center",
            size=10,
        ),
        line(
            f"Căn cứ biên bản xác định kết quả bầu cử của các Ban bầu cử, {data.committee} "
            "tổng kết cuộc bầu cử như sau (Điều 85):",
            space_after=4,
        ),
        heading("I. TỔNG HỢP CHUNG"),
        line(
            f"1. Tổng số đại biểu được bầu: {vn_number(t.seats)} người, ở "
            f"{vn_number(t.units)} đơn vị bầu cử."
        ),
        line(f"2. Tổng số người ứng cử: {vn_number(t.candidates)} người."),
        *total_lines(t, first=3),
        Spacer(2),
        heading("II. KẾT QUẢ Ở CÁC ĐƠN VỊ BẦU CỬ"),
        units_table(data.units),
        heading("III. SỐ PHIẾU BẦU CỦA NGƯỜI ỨNG CỬ VÀ NGƯỜI TRÚNG CỬ Ở TỪNG ĐƠN VỊ BẦU CỬ"),
        *unit_sections(data.units),
        NeedSpace(20),
        heading("IV. NHỮNG VIỆC QUAN TRỌNG ĐÃ XẢY RA VÀ KẾT QUẢ GIẢI QUYẾT"),
        free_text(data.major_events),
        NeedSpace(20),
        heading("V. KHIẾU NẠI, TỐ CÁO DO ỦY BAN BẦU CỬ ĐÃ GIẢI QUYẾT"),
        free_text(data.complaints_settled),
        *closing(data.copies, data.recipients, data.signer_titles, data.signer_names),
    ]
    return blocks


def _candidate(name: str, votes: int, percent: str, elected: bool = False) -> CandidateVotes:
    return CandidateVotes(full_name=name, votes=votes, percent=percent, elected=elected)


def sample() -> CouncilSummaryData:
    return CouncilSummaryData(
        issuer=["ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU", "ỦY BAN BẦU CỬ PHƯỜNG BẠC LIÊU"],
        committee="Ủy ban bầu cử phường Bạc Liêu",
        council_title="HỘI ĐỒNG NHÂN DÂN PHƯỜNG BẠC LIÊU NHIỆM KỲ 2026–2031",
        place="Bạc Liêu",
        issued_on=date(2026, 3, 20),
        election_day=date(2026, 3, 15),
        units=[
            SummaryUnit(
                name="Đơn vị bầu cử số 1",
                area="gồm: khóm 1, khóm 2, khóm 3",
                seats=3,
                candidate_count=5,
                voters_on_list=6_240,
                voters_took_part=6_172,
                turnout_percent="98,91",
                valid=6_101,
                invalid=71,
                winners=[
                    WinnerLine(full_name="Võ Thị Hồng", votes=5_012, percent="82,15"),
                    WinnerLine(full_name="Đặng Minh Khoa", votes=4_633, percent="75,94"),
                    WinnerLine(full_name="Lý Thanh Tâm", votes=3_920, percent="64,25"),
                ],
                candidates=[
                    _candidate("Võ Thị Hồng", 5_012, "82,15", True),
                    _candidate("Đặng Minh Khoa", 4_633, "75,94", True),
                    _candidate("Lý Thanh Tâm", 3_920, "64,25", True),
                    _candidate("Châu Ngọc Hân", 2_105, "34,50"),
                    _candidate("Tô Văn Lực", 1_218, "19,96"),
                ],
            ),
            SummaryUnit(
                name="Đơn vị bầu cử số 2",
                area="gồm: khóm 4, khóm 5",
                seats=2,
                candidate_count=4,
                voters_on_list=4_815,
                voters_took_part=4_730,
                turnout_percent="98,23",
                valid=4_688,
                invalid=42,
                winners=[
                    WinnerLine(full_name="Huỳnh Thị Ánh", votes=3_802, percent="81,10"),
                ],
                empty_seats=1,
                candidates=[
                    _candidate("Huỳnh Thị Ánh", 3_802, "81,10", True),
                    _candidate("Lê Văn Sang", 2_301, "49,08"),
                    _candidate("Trịnh Thu Trang", 2_209, "47,12"),
                    _candidate("Quách Minh Nhựt", 1_062, "22,65"),
                ],
                note="Số người trúng cử chưa đủ hai phần ba số đại biểu được bầu: bầu cử thêm "
                "ngày 22/3/2026 (Điều 79).",
            ),
        ],
        major_events="Khu vực bỏ phiếu số 4 tạm dừng bỏ phiếu 20 phút do mất điện; Tổ bầu cử "
        "niêm phong hòm phiếu, lập biên bản và tiếp tục bỏ phiếu ngay khi có điện (Điều 71).",
        complaints_settled="01 đơn của cử tri về việc ghi tên trong danh sách cử tri; đã trả lời "
        "bằng văn bản ngày 17/3/2026.",
        recipients="Thường trực Hội đồng nhân dân, Ủy ban nhân dân, Ban thường trực Ủy ban Mặt "
        "trận Tổ quốc Việt Nam phường Bạc Liêu và tỉnh Cà Mau (Điều 85)",
        signer_names=["Nguyễn Thanh Phong", "Trần Thị Thu Hà"],
    )


FORM = FormDefinition(
    code="BB-TK-HDND",
    title="Biên bản tổng kết cuộc bầu cử đại biểu Hội đồng nhân dân",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, Điều 85",
    model=CouncilSummaryData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        TITLE,
        "1. Tổng số đại biểu được bầu: 5 người, ở 2 đơn vị bầu cử.",
        "2. Tổng số người ứng cử: 9 người.",
        "3. Tổng số cử tri: 11.055 người.",
        "10.902 người, đạt 98,62%",
        "Số người trúng cử: 4 người; còn thiếu 1 đại biểu.",
        "Tổng cộng",
        "Võ Thị Hồng",
        "82,15",
        ELECTED,
        "Biên bản được lập thành 06 bản",
        "CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ),
    form_number="Mẫu số 25/HĐBC-HĐND",
)
