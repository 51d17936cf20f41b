"""The province election committee's minutes of the National Assembly result
in the province ("biên bản xác định kết quả bầu cử đại biểu Quốc hội ở tỉnh").

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 83: from the boards'
minutes the committee records the number of electoral units, the
candidates, the voters, the voters who took part and their share, the valid
and invalid ballots, the votes of each candidate, the winners by unit, the
complaints settled by the teams and the boards, the major events and how
they were handled, the complaints it settled itself, and the complaints and
recommendations forwarded to the National Election Council. Four copies,
signed by the chair and the deputy chairs, go to the National Election
Council, the Standing Committee of the National Assembly, the Central
Committee of the Fatherland Front and the province's Fatherland Front board
within seven days after election day (Art. 83(3)).

The per-unit blocks are the council summary's (`SummaryUnit`, from
`forms.council_summary_minutes`); the province totals are computed from
the units in the same way.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from forms.base import Block, FormDefinition, Letterhead, NeedSpace, Paragraph, Spacer, Title
from forms.common import place_and_date, vn_date, weekday
from forms.council_summary_minutes import (
    ELECTED,
    CandidateVotes,
    SummaryUnit,
    WinnerLine,
    closing,
    free_text,
    heading,
    line,
    total_lines,
    totals,
    unit_sections,
    units_table,
)
from forms.tally_minutes import vn_number
from forms.unit_result_minutes import PROVISIONAL, banner

TITLE = "BIÊN BẢN XÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU QUỐC HỘI Ở TỈNH"
RECIPIENTS = (
    "Hội đồng bầu cử quốc gia, Ủy ban Thường vụ Quốc hội, Ủy ban Trung ương Mặt trận Tổ "
    "quốc Việt Nam và Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp tỉnh "
    "chậm nhất là 07 ngày sau ngày bầu cử (Điều 83 khoản 3)"
)


class ProvinceResultData(BaseModel):
    issuer: list[str]  # ["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "ỦY BAN BẦU CỬ TỈNH CÀ MAU"]
    committee: str  # "Ủy ban bầu cử tỉnh Cà Mau", in sentences
    contest_title: str  # "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI"
    province_title: str  # "TỈNH CÀ MAU"
    place: str
    issued_on: date
    election_day: date
    units: list[SummaryUnit]  # every electoral unit of the province
    complaints_by_teams_and_boards: str = ""
    major_events: str = ""
    complaints_by_committee: str = ""
    forwarded_to_council: str = ""  # complaints and recommendations sent to the NEC
    copies: int = 4  # Art. 83(3)
    recipients: str = RECIPIENTS
    signer_titles: list[str] = ["CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    signer_names: list[str] = []
    provisional: bool = False


def layout(data: ProvinceResultData) -> list[Block]:
    t = totals(data.units)
    blocks: list[Block] = []
    if data.provisional:
        blocks.append(banner(PROVISIONAL))
    blocks += [
        Letterhead(left=data.issuer, place_and_date=place_and_date(data.place, data.issued_on)),
        Title(TITLE, subtitles=[data.contest_title, data.province_title]),
        Paragraph(
            f"Ngày bầu cử: {weekday(data.election_day)}, {vn_date(data.election_day)}",
            italic=True,
            align="center",
            size=10,
        ),
        line(
            f"Căn cứ biên bản xác định kết quả bầu cử của các Ban bầu cử đại biểu Quốc hội, "
            f"{data.committee} xác định kết quả bầu cử đại biểu Quốc hội ở tỉnh như sau "
            "(Điều 83):",
            space_after=4,
        ),
        heading("I. TỔNG HỢP CHUNG"),
        line(f"1. Số đơn vị bầu cử: {vn_number(t.units)}."),
        line(f"2. Tổng số đại biểu Quốc hội được bầu: {vn_number(t.seats)} người."),
        line(f"3. Số người ứng cử: {vn_number(t.candidates)} người."),
        *total_lines(t, first=4),
        Spacer(2),
        heading("II. KẾT QUẢ Ở CÁC ĐƠN VỊ BẦU CỬ"),
        units_table(data.units),
        heading("III. SỐ PHIẾU BẦU CỦA NGƯỜI ỨNG CỬ VÀ NGƯỜI TRÚNG CỬ THEO ĐƠN VỊ BẦU CỬ"),
        *unit_sections(data.units),
    ]
    for title, text in (
        (
            "IV. KHIẾU NẠI, TỐ CÁO DO CÁC TỔ BẦU CỬ, BAN BẦU CỬ ĐÃ GIẢI QUYẾT",
            data.complaints_by_teams_and_boards,
        ),
        ("V. NHỮNG VIỆC QUAN TRỌNG ĐÃ XẢY RA VÀ KẾT QUẢ GIẢI QUYẾT", data.major_events),
        ("VI. KHIẾU NẠI, TỐ CÁO DO ỦY BAN BẦU CỬ ĐÃ GIẢI QUYẾT", data.complaints_by_committee),
        (
            "VII. KHIẾU NẠI, TỐ CÁO VÀ KIẾN NGHỊ CHUYỂN ĐẾN HỘI ĐỒNG BẦU CỬ QUỐC GIA",
            data.forwarded_to_council,
        ),
    ):
        blocks += [NeedSpace(20), heading(title), free_text(text)]
    blocks += closing(data.copies, data.recipients, data.signer_titles, data.signer_names)
    return blocks


def _unit(
    number: int,
    area: str,
    figures: tuple[int, int, str, int, int],
    candidates: list[tuple[str, int, str]],
    seats: int = 3,
) -> SummaryUnit:
    on_list, took_part, turnout, valid, invalid = figures
    entries = [
        CandidateVotes(full_name=name, votes=votes, percent=percent, elected=index < seats)
        for index, (name, votes, percent) in enumerate(candidates)
    ]
    return SummaryUnit(
        name=f"Đơn vị bầu cử số {number}",
        area=area,
        seats=seats,
        candidate_count=len(candidates),
        voters_on_list=on_list,
        voters_took_part=took_part,
        turnout_percent=turnout,
        valid=valid,
        invalid=invalid,
        winners=[
            WinnerLine(full_name=c.full_name, votes=c.votes, percent=c.percent)
            for c in entries
            if c.elected
        ],
        candidates=entries,
    )


def sample() -> ProvinceResultData:
    return ProvinceResultData(
        issuer=["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "ỦY BAN BẦU CỬ TỈNH CÀ MAU"],
        committee="Ủy ban bầu cử tỉnh Cà Mau",
        contest_title="BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        province_title="TỈNH CÀ MAU",
        place="Cà Mau",
        issued_on=date(2026, 3, 20),
        election_day=date(2026, 3, 15),
        units=[
            _unit(
                1,
                "gồm: Phường Bạc Liêu, Phường Vĩnh Trạch, Phường Hiệp Thành",
                (186_452, 183_907, "98,64", 181_206, 2_689),
                [
                    ("Nguyễn Văn An", 152_380, "84,09"),
                    ("Trần Thị Bình", 141_077, "77,85"),
                    ("Lê Hoàng Dũng", 118_534, "65,41"),
                    ("Thạch Thị Sô Phia", 72_915, "40,24"),
                    ("Huỳnh Quốc Trưởng", 38_402, "21,19"),
                ],
            ),
            _unit(
                2,
                "gồm: Phường An Xuyên, Phường Tân Thành, Xã Lương Thế Trân",
                (201_330, 197_845, "98,27", 195_102, 2_743),
                [
                    ("Phạm Thị Kim Loan", 160_004, "82,01"),
                    ("Dương Văn Hiếu", 149_876, "76,82"),
                    ("Kim Sóc Khá", 121_337, "62,19"),
                    ("Mai Thanh Tùng", 80_210, "41,11"),
                    ("Ngô Thị Yến", 41_985, "21,52"),
                ],
            ),
            _unit(
                3,
                "gồm: Xã Đầm Dơi, Xã Cái Nước, Xã Năm Căn",
                (175_118, 171_256, "97,79", 169_004, 2_252),
                [
                    ("Bùi Quốc Việt", 140_551, "83,16"),
                    ("Tăng Thị Mỹ", 133_920, "79,24"),
                    ("Hồ Văn Đức", 101_118, "59,83"),
                    ("La Thị Thu", 74_002, "43,79"),
                    ("Đinh Công Khanh", 52_118, "30,84"),
                ],
            ),
        ],
        complaints_by_teams_and_boards="Các Tổ bầu cử giải quyết 17 khiếu nại tại chỗ về việc "
        "xác định phiếu hợp lệ; các Ban bầu cử giải quyết 02 đơn đề nghị kiểm tra lại biên bản.",
        major_events="Không có sự việc làm gián đoạn cuộc bầu cử.",
        complaints_by_committee="",
        forwarded_to_council="",
        signer_names=["Lê Minh Khái", "Phan Thị Mai"],
    )


FORM = FormDefinition(
    code="BB-KQ-QH-TINH",
    title="Biên bản xác định kết quả bầu cử đại biểu Quốc hội ở tỉnh",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, Điều 83",
    model=ProvinceResultData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        TITLE,
        "TỈNH CÀ MAU",
        "1. Số đơn vị bầu cử: 3.",
        "2. Tổng số đại biểu Quốc hội được bầu: 9 người.",
        "3. Số người ứng cử: 15 người.",
        "4. Tổng số cử tri: 562.900 người.",
        "553.008 người, đạt 98,24%",
        "Số người trúng cử: 9 người.",
        "Phạm Thị Kim Loan",
        ELECTED,
        "Biên bản được lập thành 04 bản",
        "Hội đồng bầu cử quốc gia, Ủy ban Thường vụ Quốc hội",
        "CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ),
    form_number="Mẫu số 20/HĐBC-QH",
)
