"""The tally minutes of a polling team ("biên bản kết quả kiểm phiếu"), Mẫu số
18/HĐBC-QH for the National Assembly and 23/HĐBC-HĐND for a People's Council
(Resolution 40/NQ-HĐBCQG), blank for the team to fill in by hand or filled
from the entered minutes.

Law 85/2015/QH13 (amended by 83/2025/QH15): before voting, the team checks
the ballot box before two voters (Art. 71); after voting it counts the
unused ballots and records the use of the ballots (Mẫu số 32) before
opening the box, and counts in the polling room with two voters who are not
candidates as witnesses (Art. 73); it settles complaints on the spot and
forwards the rest to the board (Art. 75); one set of minutes per contest
gives the voters, those who took part, the ballots issued, received, valid
and invalid, the votes of each candidate and the complaints (Art. 76(2));
three copies signed by the head, the secretary and the two witnesses reach
the board, the commune's People's Committee and the Fatherland Front board
within three days (Art. 76(3)).

The model's order and wording: the place (province, commune), the title,
the polling area and the unit, the members present, the box check with its
two witnesses and the time voting opened, the close of voting, the count's
two witnesses, the figures with the shares of valid and invalid ballots in
the ballots received, "được … phiếu/… phiếu hợp lệ" per candidate in ballot
order, what happened and what is left, the time the minutes were completed,
the copies and recipients, and the signatures.

A QR code in the top right corner carries a URL that identifies the sheet
and opens its entry page, so that a photo or a scan finds its record.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from forms.base import Block, FormDefinition, Letterhead, NeedSpace, QrCode, Signatures, Title
from forms.common import collective_signer, contest_number, is_council, personal_signer
from forms.minutes import (
    DOTS,
    NO_ERASURE,
    SHORT_DOTS,
    Member,
    PercentText,
    Witness,
    dash,
    figure,
    free_text,
    line,
    lower_first,
    member_lines,
    percent_text,
    percent_value,
    share,
    vn_decimal,
    vn_number,
    witness_lines,
)

# Re-exported: the results forms and their tests read the formatting here.
__all__ = [
    "FORM",
    "PercentText",
    "TallyCandidateLine",
    "TallyMinutesData",
    "lower_first",
    "percent_text",
    "percent_value",
    "vn_decimal",
    "vn_number",
]

TITLE = "BIÊN BẢN KẾT QUẢ KIỂM PHIẾU"
QR_CAPTION = "Quét mã để mở biên bản"
TEAM_ROLES = ("Tổ trưởng", "Thư ký", "Ủy viên", "Ủy viên")
CLOCK_BLANK = "…… giờ …… phút"


class TallyCandidateLine(BaseModel):
    order: int
    full_name: str
    honorific: str = "Ông/Bà"  # "Ông" or "Bà" when the sex is known
    votes: int | None = None  # None → a blank line to fill by hand


class TallyMinutesData(BaseModel):
    province: str  # "Cà Mau", after "Tỉnh/Thành phố:"
    commune: str  # "Phường Bạc Liêu", after "Xã/Phường/Đặc khu:"
    # The election as the title names it: "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
    # "BẦU CỬ THÊM ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN PHƯỜNG BẠC LIÊU KHÓA I NHIỆM KỲ
    # 2026-2031"; a council's chooses model 23.
    contest_title: str
    deputies: str  # "đại biểu Quốc hội", "đại biểu Hội đồng nhân dân phường Bạc Liêu"
    term: str = ""  # "khóa XVI", "khóa I, nhiệm kỳ 2026-2031"
    unit_number: int
    unit_members: str = ""  # the communes (or hamlets) of the unit, after "Gồm:"
    polling_area_number: int
    election_day: date
    filled: bool
    seats: int
    candidates: list[TallyCandidateLine]  # in ballot order
    voters_on_list: int | None = None
    voters_took_part: int | None = None
    ballots_issued: int | None = None
    ballots_received: int | None = None
    valid: int | None = None
    invalid: int | None = None
    members: list[Member] = []  # present: the head, the secretary, the members
    box_witnesses: list[Witness] = []  # at the check of the ballot box
    count_witnesses: list[Witness] = []  # at the count; they sign
    voting_opened: str | None = None  # "7 giờ 00 phút"
    voting_closed: str | None = None
    closing_time: str | None = None  # when the minutes were completed
    incidents: str = ""
    recommendations: str = ""
    complaints_received: int | None = None
    complaints_settled: int | None = None
    complaints_forwarded: int | None = None
    qr_payload: str | None = None  # a URL that identifies the sheet and opens its entry page
    version_note: str = ""  # "Bản nhập lần 2, đã kiểm tra chéo", printed small at the bottom


def form_number(data: TallyMinutesData) -> str:
    """Model 18 for the National Assembly, 23 for a People's Council."""
    return contest_number(data.contest_title, national="18/HĐBC-QH", council="23/HĐBC-HĐND")


def _day_line(data: TallyMinutesData) -> str:
    day = data.election_day
    return f"ngày {day.day} tháng {day.month} năm {day.year}"


def _clock(data: TallyMinutesData, value: str | None) -> str:
    return value if data.filled and value else CLOCK_BLANK


def _heading(data: TallyMinutesData) -> list[Block]:
    area = f"khu vực bỏ phiếu số {data.polling_area_number} xã/phường/đặc khu: {data.commune}"
    unit = f"đơn vị bầu cử {data.deputies} số {data.unit_number}"
    blocks: list[Block] = []
    if data.qr_payload:
        blocks.append(QrCode(data.qr_payload, size_mm=20, caption=QR_CAPTION))
    blocks += [
        Letterhead(left=[f"Tỉnh/Thành phố: {data.province}", f"Xã/Phường/Đặc khu: {data.commune}"]),
        Title(TITLE, subtitles=[data.contest_title, "CỦA TỔ BẦU CỬ"]),
        line(
            f"Khu vực bỏ phiếu số: {data.polling_area_number} xã/phường/đặc khu: {data.commune}",
            bold=True,
            align="center",
        ),
        line(f"Đơn vị bầu cử {data.deputies} số: {data.unit_number}", bold=True, align="center"),
        line(f"Gồm: {data.unit_members or DOTS * 4}", italic=True, align="center", space_after=4),
        line(f"Ngày {_day_line(data).removeprefix('ngày ')}, Tổ bầu cử gồm có:"),
        *member_lines(data.members if data.filled else [], blank_roles=TEAM_ROLES),
        line(
            f"Đã họp tại phòng bỏ phiếu của {area} thuộc {unit} để tiến hành việc kiểm phiếu bầu "
            f"cử {data.deputies} {data.term}.".replace(" .", ".")
        ),
        line(
            f"Đúng {_clock(data, data.voting_opened)}, {_day_line(data)}, trước khi thực hiện "
            "việc bỏ phiếu, đại diện Tổ bầu cử đã kiểm tra hòm phiếu với sự chứng kiến của hai "
            "cử tri là:"
        ),
        *witness_lines(data.box_witnesses if data.filled else []),
        line("Sau đó, Tổ bầu cử đã khóa và niêm phong hòm phiếu, mời cử tri bắt đầu bỏ phiếu."),
        line(
            f"Đúng {_clock(data, data.voting_closed)}, {_day_line(data)}, Tổ trưởng Tổ bầu cử "
            "tuyên bố kết thúc cuộc bầu cử và tiến hành kiểm phiếu ngay tại phòng bỏ phiếu."
        ),
        line(
            "Trước khi mở hòm phiếu, Tổ trưởng Tổ bầu cử đã mời hai cử tri không phải là người "
            "ứng cử chứng kiến việc kiểm phiếu gồm:"
        ),
        *witness_lines(data.count_witnesses if data.filled else []),
        line(
            "Trước khi mở hòm phiếu, Tổ bầu cử đã tiến hành kiểm kê và lập biên bản về việc sử "
            f"dụng phiếu bầu cử đại biểu {_deputies_body(data)}.",
            space_after=3,
        ),
    ]
    return blocks


def _deputies_body(data: TallyMinutesData) -> str:
    """'Quốc hội' or 'Hội đồng nhân dân': the deputies' body without the place."""
    return "Hội đồng nhân dân" if is_council(data.contest_title) else "Quốc hội"


def _figures(data: TallyMinutesData) -> list[Block]:
    filled = data.filled

    def value(given: int | None) -> int | None:
        # A blank form prints dotted lines whatever figures it was given.
        return given if filled else None

    on_list, took_part = value(data.voters_on_list), value(data.voters_took_part)
    received, valid, invalid = (
        value(data.ballots_received),
        value(data.valid),
        value(data.invalid),
    )
    body = _deputies_body(data)
    return [
        line("Kết quả cuộc bầu cử như sau:", bold=True),
        dash(
            f"Số đại biểu {body} được ấn định cho đơn vị bầu cử: "
            f"{figure(data.seats if filled else None, SHORT_DOTS)} người"
        ),
        dash(f"Số người ứng cử: {figure(len(data.candidates) if filled else None)} người"),
        dash(f"Tổng số cử tri của khu vực bỏ phiếu: {figure(on_list)} người"),
        dash(f"Số cử tri đã tham gia bỏ phiếu: {figure(took_part)} người"),
        dash(
            f"Tỷ lệ cử tri đã tham gia bỏ phiếu so với tổng số cử tri: {share(took_part, on_list)}"
        ),
        dash(f"Số phiếu phát ra: {figure(value(data.ballots_issued))} phiếu"),
        dash(f"Số phiếu thu vào: {figure(received)} phiếu"),
        dash(
            f"Số phiếu hợp lệ: {figure(valid)} phiếu. Tỷ lệ so với tổng số phiếu thu vào: "
            f"{share(valid, received)}"
        ),
        dash(
            f"Số phiếu không hợp lệ: {figure(invalid)} phiếu. Tỷ lệ so với tổng số phiếu thu "
            f"vào: {share(invalid, received)}"
        ),
        dash("Số phiếu bầu cho mỗi người ứng cử như sau:"),
        *_candidate_lines(data, valid),
    ]


def _candidate_lines(data: TallyMinutesData, valid: int | None) -> list[Block]:
    """'1. Ông Nguyễn Văn An được 1.204 phiếu/1.452 phiếu hợp lệ', in ballot order."""
    return [
        line(
            f"{c.order}. {c.honorific} {c.full_name} được "
            f"{figure(c.votes if data.filled else None, SHORT_DOTS)} phiếu/"
            f"{figure(valid, SHORT_DOTS)} phiếu hợp lệ",
            indent=5,
            space_after=1.2,
        )
        for c in sorted(data.candidates, key=lambda c: c.order)
    ]


def _complaints(data: TallyMinutesData) -> list[Block]:
    """What happened and how the team settled it (with the counts of Art.
    76(2)(h)), and what it could not settle."""
    incidents = data.incidents
    received = data.complaints_received
    if data.filled and received:
        counts = (
            f"(Tổ bầu cử nhận {vn_number(received)} khiếu nại, tố cáo; đã giải quyết "
            f"{vn_number(data.complaints_settled)}; chuyển Ban bầu cử "
            f"{vn_number(data.complaints_forwarded)}.)"
        )
        incidents = f"{incidents} {counts}".strip()
    return [
        *free_text(
            "Trong ngày bầu cử và thời gian kiểm phiếu, đã xảy ra sự việc hoặc khiếu nại, tố "
            "cáo sau đây:",
            incidents,
            filled=data.filled,
        ),
        *free_text(
            "Những vấn đề hoặc khiếu nại, tố cáo mà Tổ bầu cử chưa giải quyết được và kiến nghị:",
            data.recommendations,
            filled=data.filled,
        ),
    ]


def _closing(data: TallyMinutesData) -> list[Block]:
    council = is_council(data.contest_title)
    if council:
        sent = (
            f"được lập thành 03 bản và gửi đến Ban bầu cử {data.deputies}, Ủy ban nhân dân, Ban "
            "Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã."
        )
    else:
        sent = (
            "được lập thành 03 bản và được gửi đến Ban bầu cử đại biểu Quốc hội, Ủy ban nhân "
            "dân, Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã."
        )
    names = [w.name for w in data.count_witnesses] if data.filled else []
    first, second = [*names, "", ""][:2]
    head = secretary = ""
    if data.filled:
        head = next((m.name for m in data.members if m.role == "Tổ trưởng"), "")
        secretary = next((m.name for m in data.members if m.role == "Thư ký"), "")
    return [
        NeedSpace(70),
        line(
            f"Biên bản này được hoàn thành vào hồi {_clock(data, data.closing_time)}, "
            f"{_day_line(data)}, {sent}",
            space_after=5,
        ),
        Signatures(
            [
                personal_signer("CỬ TRI THỨ NHẤT\nCHỨNG KIẾN VIỆC KIỂM PHIẾU", name=first),
                collective_signer("TỔ BẦU CỬ", "TỔ TRƯỞNG", seal_of="Tổ bầu cử", name=head),
                personal_signer("THƯ KÝ\nTỔ BẦU CỬ", name=secretary),
                personal_signer("CỬ TRI THỨ HAI\nCHỨNG KIẾN VIỆC KIỂM PHIẾU", name=second),
            ],
            columns=3,
            size=9.5,
            space_lines=4,
        ),
        line(NO_ERASURE, italic=True, size=9),
    ]


def layout(data: TallyMinutesData) -> list[Block]:
    blocks = [*_heading(data), *_figures(data), *_complaints(data), *_closing(data)]
    if data.version_note:
        blocks.append(line(data.version_note, italic=True, size=7.5))
    return blocks


def sample() -> TallyMinutesData:
    return TallyMinutesData(
        province="Cà Mau",
        commune="Phường Bạc Liêu",
        contest_title="BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        deputies="đại biểu Quốc hội",
        term="khóa XVI",
        unit_number=1,
        unit_members="Phường Bạc Liêu, Phường Vĩnh Trạch, Phường Hiệp Thành, Xã Vĩnh Hậu",
        polling_area_number=3,
        election_day=date(2026, 3, 15),
        filled=True,
        seats=3,
        voters_on_list=1486,
        voters_took_part=1468,
        ballots_issued=1468,
        ballots_received=1468,
        valid=1452,
        invalid=16,
        candidates=[
            TallyCandidateLine(order=1, honorific="Ông", full_name="Nguyễn Văn An", votes=1204),
            TallyCandidateLine(order=2, honorific="Bà", full_name="Trần Thị Bình", votes=1131),
            TallyCandidateLine(order=3, honorific="Ông", full_name="Lê Hoàng Dũng", votes=987),
            TallyCandidateLine(order=4, honorific="Bà", full_name="Thạch Thị Sô Phia", votes=642),
            TallyCandidateLine(order=5, honorific="Ông", full_name="Huỳnh Quốc Trưởng", votes=311),
        ],
        members=[
            Member(name="Võ Thị Hồng", role="Tổ trưởng"),
            Member(name="Đặng Minh Khoa", role="Thư ký"),
            Member(name="Trịnh Văn Sơn", role="Ủy viên"),
            Member(name="Lâm Thị Tuyết", role="Ủy viên"),
        ],
        box_witnesses=[
            Witness(name="Phạm Văn Tư", residence="Khóm 1, Phường Bạc Liêu"),
            Witness(name="Lâm Thị Mai", residence="Khóm 2, Phường Bạc Liêu"),
        ],
        count_witnesses=[
            Witness(name="Lý Thanh Tâm", residence="Khóm 3, Phường Bạc Liêu"),
            Witness(name="Châu Ngọc Hân", residence="Khóm 5, Phường Bạc Liêu"),
        ],
        voting_opened="7 giờ 00 phút",
        voting_closed="19 giờ 00 phút",
        closing_time="20 giờ 35 phút",
        incidents=(
            "Cử tri Phạm Văn Tư hỏi về một phiếu gạch chéo cả dòng tên; Tổ bầu cử thảo luận và "
            "xác định phiếu hợp lệ vì nét gạch phủ hết họ và tên (Điều 74). Cử tri đồng ý."
        ),
        complaints_received=1,
        complaints_settled=1,
        complaints_forwarded=0,
        qr_payload="https://bau-cu.example/tally/sheets/1024",
        version_note="Bản in từ lần nhập thứ 2, đã kiểm tra chéo.",
    )


FORM = FormDefinition(
    code="BB-KP",
    title="Biên bản kết quả kiểm phiếu",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 71, 73, 75, 76; Nghị quyết 40/NQ-HĐBCQG, Mẫu số 18/HĐBC-QH, 23/HĐBC-HĐND",
    model=TallyMinutesData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "Tỉnh/Thành phố: Cà Mau",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        TITLE,
        "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        "1. Ông/Bà Võ Thị Hồng, Tổ trưởng",
        "Đúng 7 giờ 00 phút, ngày 15 tháng 3 năm 2026",
        "Nơi ở hiện nay: Khóm 3, Phường Bạc Liêu",
        "Tổng số cử tri của khu vực bỏ phiếu: 1.486 người",
        "so với tổng số cử tri: 98,79 %",
        "Số phiếu hợp lệ: 1.452 phiếu. Tỷ lệ so với tổng số phiếu thu vào: 98,91 %",
        "1. Ông Nguyễn Văn An được 1.204 phiếu/1.452 phiếu hợp lệ",
        "được lập thành 03 bản",
        "20 giờ 35 phút",
        "TỔ TRƯỞNG",
        "Châu Ngọc Hân",
        QR_CAPTION,
    ),
    margins_mm=(10, 15, 14, 20),
    number_for=form_number,
)
