"""The board's minutes of the result in one electoral unit ("biên bản xác định
kết quả bầu cử ở đơn vị bầu cử").

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 77: after checking the
tally minutes of the polling teams and settling complaints, the Ban bầu cử
records (a) the seats of the unit, (b) the number of candidates, (c) the
voters of the unit, (d) the voters who took part and their share, (đ) the
ballots issued, (e) received, (g) valid, (h) invalid, (i) the votes of each
candidate, (k) the winners and (l) the complaints settled by the teams, by
the board and forwarded. Three copies for the National Assembly (Art.
77(3)), four for a People's Council (Art. 77(4)), signed by the head and
deputy heads of the board. Art. 78–80 decide the winners; a note records a
supplementary round or a re-run when one is needed.

While some tally sheets are not yet approved the figures are provisional:
the minutes then carry a banner that says so, so that a draft can be read
but never mistaken for the result.
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
    Spacer,
    Table,
    Title,
)
from forms.candidate_list import unit_line
from forms.common import contest_number, place_and_date
from forms.tally_minutes import PercentText, vn_number

TITLE = "BIÊN BẢN XÁC ĐỊNH KẾT QUẢ BẦU CỬ Ở ĐƠN VỊ BẦU CỬ"
PROVISIONAL = "KẾT QUẢ TẠM THỜI — CHƯA ĐƯỢC PHÊ DUYỆT"


class UnitCandidateResult(BaseModel):
    order: int
    full_name: str
    votes: int
    percent: PercentText  # of valid ballots: "54,32" (a Decimal is formatted)


class UnitResultMinutesData(BaseModel):
    issuer: list[str]  # ["BAN BẦU CỬ ĐẠI BIỂU QUỐC HỘI", "ĐƠN VỊ BẦU CỬ SỐ 1 - TỈNH CÀ MAU"]
    contest_title: str  # "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI"
    unit_name: str  # "Đơn vị bầu cử số 1"
    unit_area: str  # "gồm: Phường Bạc Liêu, …"
    place: str  # for the "place, ngày … tháng … năm …" line
    issued_on: date
    election_day: date
    seats: int
    candidate_count: int
    voters_on_list: int
    voters_took_part: int
    turnout_percent: PercentText  # "97,21"
    ballots_issued: int
    ballots_received: int
    valid: int
    invalid: int
    candidates: list[UnitCandidateResult]  # by votes, most first
    winners: list[str]  # full names, (k)
    complaints_by_teams: str = ""
    complaints_by_board: str = ""
    complaints_forwarded: str = ""
    provisional: bool = False  # prints the banner "KẾT QUẢ TẠM THỜI — CHƯA ĐƯỢC PHÊ DUYỆT"
    notes: list[str] = []  # supplementary round / re-run / tie, with the article
    copies: int  # 3 for ĐBQH, 4 for HĐND (Art. 77(3)–(4))
    signer_titles: list[str]  # ["TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    signer_names: list[str] = []  # in the order of signer_titles, when known
    recipients: str = ""  # "Hội đồng bầu cử quốc gia, …"; printed after the copies


COLUMNS = [
    Column("STT", 0.6, "center"),
    Column("Họ và tên người ứng cử", 4),
    Column("Số phiếu bầu", 1.5, "right"),
    Column("Tỷ lệ % so với số phiếu hợp lệ", 1.7, "right"),
]


def banner(text: str) -> Table:
    """A framed, shaded line across the page: a table with a header only."""
    return Table(columns=[Column(text)], rows=[], size=12, repeat_header=False)


def numbered(number: int, text: str) -> Paragraph:
    return Paragraph(f"{number}. {text}", size=10.5, space_after=2.2)


def text_or_none(text: str) -> str:
    return " ".join(text.split()) or "Không có."


def copies_text(copies: int, recipients: str = "") -> str:
    sent = f", gửi {recipients.strip().rstrip('.')}" if recipients.strip() else ""
    return f"Biên bản được lập thành {copies:02d} bản{sent}."


def signatures(titles: list[str], names: list[str]) -> Signatures:
    padded = [*names, *[""] * len(titles)][: len(titles)]
    return Signatures(
        [SignatureBox(title, name=name) for title, name in zip(titles, padded, strict=True)],
        size=10,
    )


def form_number(data: UnitResultMinutesData) -> str:
    """Model 19 for the National Assembly, 24 for a People's Council."""
    return contest_number(data.contest_title, national="19/HĐBC-QH", council="24/HĐBC-HĐND")


def layout(data: UnitResultMinutesData) -> list[Block]:
    rows = [
        [str(c.order), c.full_name, vn_number(c.votes), c.percent]
        for c in sorted(data.candidates, key=lambda c: c.order)
    ]
    blocks: list[Block] = []
    if data.provisional:
        blocks.append(banner(PROVISIONAL))
    blocks += [
        Letterhead(left=data.issuer, place_and_date=place_and_date(data.place, data.issued_on)),
        Title(TITLE, subtitles=[data.contest_title]),
        Paragraph(unit_line(data.unit_name, data.unit_area), bold=True, align="center", size=10.5),
        Paragraph(
            "Căn cứ các biên bản kết quả kiểm phiếu do các Tổ bầu cử gửi đến, sau khi kiểm tra "
            "và giải quyết khiếu nại, tố cáo, Ban bầu cử xác định kết quả bầu cử ở đơn vị bầu cử "
            "như sau (Điều 77):",
            size=10.5,
            space_after=4,
        ),
        numbered(1, f"Số đại biểu được bầu của đơn vị bầu cử: {vn_number(data.seats)} người."),
        numbered(2, f"Số người ứng cử: {vn_number(data.candidate_count)} người."),
        numbered(3, f"Tổng số cử tri của đơn vị bầu cử: {vn_number(data.voters_on_list)} người."),
        numbered(
            4,
            f"Số cử tri đã tham gia bỏ phiếu: {vn_number(data.voters_took_part)} người, đạt "
            f"{data.turnout_percent}% tổng số cử tri của đơn vị bầu cử.",
        ),
        numbered(5, f"Số phiếu phát ra: {vn_number(data.ballots_issued)} phiếu."),
        numbered(6, f"Số phiếu thu vào: {vn_number(data.ballots_received)} phiếu."),
        numbered(7, f"Số phiếu hợp lệ: {vn_number(data.valid)} phiếu."),
        numbered(8, f"Số phiếu không hợp lệ: {vn_number(data.invalid)} phiếu."),
        numbered(9, "Số phiếu bầu cho mỗi người ứng cử (xếp theo số phiếu từ cao xuống thấp):"),
        Table(columns=COLUMNS, rows=rows, size=10),
        NeedSpace(12 + 6 * max(1, len(data.winners))),
        numbered(10, "Danh sách những người trúng cử (Điều 78):"),
    ]
    if data.winners:
        blocks += [
            Paragraph(f"{index}) {name}", size=10.5, indent=6, space_after=1.5)
            for index, name in enumerate(data.winners, start=1)
        ]
    else:
        blocks.append(Paragraph("Không có người trúng cử.", size=10.5, indent=6))
    blocks += [
        Spacer(1.5),
        numbered(11, "Khiếu nại, tố cáo:"),
        Paragraph(
            f"a) Do các Tổ bầu cử giải quyết: {text_or_none(data.complaints_by_teams)}",
            size=10.5,
            indent=6,
            space_after=1.5,
        ),
        Paragraph(
            f"b) Do Ban bầu cử giải quyết: {text_or_none(data.complaints_by_board)}",
            size=10.5,
            indent=6,
            space_after=1.5,
        ),
        Paragraph(
            "c) Chuyển đến Ủy ban bầu cử, Hội đồng bầu cử quốc gia: "
            f"{text_or_none(data.complaints_forwarded)}",
            size=10.5,
            indent=6,
            space_after=3,
        ),
    ]
    if data.notes:
        blocks.append(Paragraph("Ghi chú:", bold=True, size=10.5, space_after=1.5))
        blocks += [
            Paragraph(f"- {note}", size=10, indent=4, space_after=1.5) for note in data.notes
        ]
    blocks += [
        NeedSpace(55),
        Spacer(2),
        Paragraph(copies_text(data.copies, data.recipients), size=10.5, space_after=6),
        signatures(data.signer_titles, data.signer_names),
    ]
    if data.provisional:
        blocks.append(
            Paragraph(
                f"{PROVISIONAL}: số liệu còn thay đổi khi các biên bản kiểm phiếu được phê duyệt.",
                italic=True,
                size=8,
                align="center",
            )
        )
    return blocks


def sample() -> UnitResultMinutesData:
    return UnitResultMinutesData(
        issuer=["BAN BẦU CỬ ĐẠI BIỂU QUỐC HỘI", "ĐƠN VỊ BẦU CỬ SỐ 1 - TỈNH CÀ MAU"],
        contest_title="BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        unit_name="Đơn vị bầu cử số 1",
        unit_area="gồm: Phường Bạc Liêu, Phường Vĩnh Trạch, Phường Hiệp Thành, Xã Vĩnh Hậu",
        place="Bạc Liêu",
        issued_on=date(2026, 3, 17),
        election_day=date(2026, 3, 15),
        seats=3,
        candidate_count=5,
        voters_on_list=186_452,
        voters_took_part=183_907,
        turnout_percent="98,64",
        ballots_issued=183_907,
        ballots_received=183_895,
        valid=181_206,
        invalid=2_689,
        candidates=[
            UnitCandidateResult(order=1, full_name="Nguyễn Văn An", votes=152_380, percent="84,09"),
            UnitCandidateResult(order=2, full_name="Trần Thị Bình", votes=141_077, percent="77,85"),
            UnitCandidateResult(order=3, full_name="Lê Hoàng Dũng", votes=118_534, percent="65,41"),
            UnitCandidateResult(
                order=4, full_name="Thạch Thị Sô Phia", votes=72_915, percent="40,24"
            ),
            UnitCandidateResult(
                order=5, full_name="Huỳnh Quốc Trưởng", votes=38_402, percent="21,19"
            ),
        ],
        winners=["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Dũng"],
        complaints_by_teams="03 khiếu nại về việc xác định phiếu hợp lệ, đã giải quyết tại chỗ.",
        complaints_by_board="01 đơn đề nghị kiểm tra lại biên bản khu vực bỏ phiếu số 7; Ban bầu "
        "cử đã đối chiếu, kết quả không thay đổi.",
        complaints_forwarded="",
        copies=3,
        signer_titles=["TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"],
        signer_names=["Lê Minh Khái", "Phan Thị Mai"],
        recipients="Hội đồng bầu cử quốc gia, Ủy ban bầu cử tỉnh Cà Mau và Ban thường trực Ủy "
        "ban Mặt trận Tổ quốc Việt Nam tỉnh Cà Mau (Điều 77 khoản 3)",
    )


FORM = FormDefinition(
    code="BB-KQ-DV",
    title="Biên bản xác định kết quả bầu cử ở đơn vị bầu cử",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 77, 78, 79, 80",
    model=UnitResultMinutesData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        TITLE,
        "Đơn vị bầu cử số 1 gồm: Phường Bạc Liêu",
        "Tổng số cử tri của đơn vị bầu cử: 186.452 người.",
        "183.907 người, đạt 98,64%",
        "Số phiếu không hợp lệ: 2.689 phiếu.",
        "152.380",
        "84,09",
        "Danh sách những người trúng cử",
        "3) Lê Hoàng Dũng",
        "Biên bản được lập thành 03 bản",
        "TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
    ),
    number_for=form_number,
)
