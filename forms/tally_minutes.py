"""The tally minutes ("biên bản kết quả kiểm phiếu") of one polling area for one
contest, blank for the polling team to fill in by hand, or filled from the
entered figures.

Law 85/2015/QH13 (amended by 83/2025/QH15): the team counts in the polling
room right after voting closes, with two voters who are not candidates as
witnesses (Art. 73); it settles complaints on the spot and forwards the rest
to the board (Art. 75); one set of minutes per contest gives, in this order,
(a) the voters of the polling area, (b) the voters who took part, (c) the
ballots issued, (d) the ballots received, (đ) the valid and (e) the invalid
ballots, (g) the votes of each candidate and (h) the complaints received,
settled and forwarded (Art. 76(2)); three copies are signed by the team
leader, the secretary and the two witnesses (Art. 76(3)).

A QR code in the top right corner carries a URL that identifies the sheet
and opens its entry page, so that a photo or a scan finds its record.

The number and percentage formatting used by every results form lives here:
`vn_number` (1.234), `percent_text` (98,76) and `PercentText`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator

from forms.base import (
    Block,
    Column,
    FormDefinition,
    Letterhead,
    NeedSpace,
    Paragraph,
    QrCode,
    SignatureBox,
    Signatures,
    Table,
    Title,
)
from forms.common import contest_number, place_and_date, vn_long_date

TITLE = "BIÊN BẢN KẾT QUẢ KIỂM PHIẾU"
QR_CAPTION = "Quét mã để mở biên bản"
# Dotted blanks to write on by hand; a blank to the end of the line is a
# paragraph's `leader`, as long as the line whatever the typeface.
DOTS = "…" * 14
SHORT_DOTS = "…" * 6
LEADER = "…"

# --------------------------------------------------------------------------
# Numbers as written in Vietnamese (shared by the results forms)


def vn_number(value: int | None) -> str:
    """1234567 -> '1.234.567'; None -> ''."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def percent_value(part: int, whole: int) -> Decimal:
    """part / whole in percent, two decimals, rounded half up; whole 0 -> 0.00.

    The same rule as `election.tallies.rules.percent` (forms import nothing
    from the application; a test keeps the two equal)."""
    if whole <= 0 or part < 0:
        return Decimal("0.00")
    quotient, remainder = divmod(part * 10_000, whole)
    if 2 * remainder >= whole:
        quotient += 1
    return Decimal(quotient).scaleb(-2).quantize(Decimal("0.01"))


def vn_decimal(value: object) -> str:
    """A percentage with a decimal comma: Decimal('54.32'), 54.32, '54.32',
    '54,32' or '54,32%' -> '54,32'."""
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}"
    else:
        text = str(value).strip().removesuffix("%").strip()
    return text.replace(".", ",")


def percent_text(part: int | None, whole: int | None) -> str:
    """'98,76' from the two counts; '' when either is unknown."""
    if part is None or whole is None:
        return ""
    return vn_decimal(percent_value(part, whole))


# A percentage given pre-formatted ("54,32") or as a number (Decimal("54.32")).
PercentText = Annotated[str, BeforeValidator(vn_decimal)]


def lower_first(text: str) -> str:
    """'Khu vực bỏ phiếu số 1' -> 'khu vực bỏ phiếu số 1' inside a sentence;
    an acronym ('HĐND …') is left alone."""
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def figure(value: int | None, blank: str = DOTS) -> str:
    return blank if value is None else vn_number(value)


# --------------------------------------------------------------------------
# The data


class TallyCandidateLine(BaseModel):
    order: int
    full_name: str
    votes: int | None = None  # None → a blank line to fill by hand


class TallyMinutesData(BaseModel):
    issuer: list[str]  # ["TỔ BẦU CỬ KHU VỰC BỎ PHIẾU SỐ 1", "PHƯỜNG BẠC LIÊU"]
    contest_title: str  # "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI"
    unit_name: str  # "Đơn vị bầu cử số 1"
    polling_area: str  # "Khu vực bỏ phiếu số 3"
    place: str  # for the "place, ngày … tháng … năm …" line: "Bạc Liêu"
    election_day: date
    filled: bool
    voters_on_list: int | None = None
    voters_took_part: int | None = None
    ballots_issued: int | None = None
    ballots_received: int | None = None
    valid: int | None = None
    invalid: int | None = None
    candidates: list[TallyCandidateLine]  # in ballot order
    complaints_received: int | None = None
    complaints_settled: int | None = None
    complaints_forwarded: int | None = None
    complaint_notes: str = ""
    closing_time: str | None = None  # "20 giờ 15 phút"
    signers: list[str] = []  # Tổ trưởng, Thư ký, the two witnesses, when known
    qr_payload: str | None = None  # a URL that identifies the sheet and opens its entry page
    version_note: str = ""  # "Bản nhập lần 2, đã kiểm tra chéo", printed small at the bottom


FILLED_COLUMNS = [
    Column("STT", 0.6, "center"),
    Column("Họ và tên người ứng cử", 4),
    Column("Số phiếu bầu", 1.4, "right"),
    Column("Tỷ lệ % so với số phiếu hợp lệ", 1.6, "right"),
]
BLANK_COLUMNS = [
    Column("STT", 0.6, "center"),
    Column("Họ và tên người ứng cử", 3.4),
    Column("Số phiếu bầu (ghi bằng số)", 1.5, "center"),
    Column("Số phiếu bầu (ghi bằng chữ)", 2.6, "center"),
]
SIGNER_TITLES = ("TỔ TRƯỞNG", "THƯ KÝ", "NGƯỜI CHỨNG KIẾN", "NGƯỜI CHỨNG KIẾN")
SIGNER_NOTES = (
    "(Ký, ghi rõ họ tên)",
    "(Ký, ghi rõ họ tên)",
    "(Cử tri, ký, ghi rõ họ tên)",
    "(Cử tri, ký, ghi rõ họ tên)",
)


def _line(
    text: str, *, space_after: float = 2.2, bold: bool = False, indent: float = 0
) -> Paragraph:
    return Paragraph(text, bold=bold, size=10.5, indent=indent, space_after=space_after)


def _candidate_rows(data: TallyMinutesData) -> list[list[str]]:
    ordered = sorted(data.candidates, key=lambda line: line.order)
    if not data.filled:
        # Two lines high: room to write the figures by hand.
        return [[str(c.order), c.full_name, "\n", ""] for c in ordered]
    return [
        [
            str(c.order),
            c.full_name,
            vn_number(c.votes),
            percent_text(c.votes, data.valid) if c.votes is not None else "",
        ]
        for c in ordered
    ]


def _complaint_lines(data: TallyMinutesData) -> list[Paragraph]:
    filled = data.filled
    received = data.complaints_received if filled else None
    lines = [
        _line("8. Khiếu nại, tố cáo tại nơi kiểm phiếu:", bold=True, space_after=1.5),
        _line(
            f"a) Số khiếu nại, tố cáo nhận được: {figure(received, SHORT_DOTS)};",
            indent=5,
            space_after=1.5,
        ),
        _line(
            "b) Số đã được Tổ bầu cử giải quyết: "
            f"{figure(data.complaints_settled if filled else None, SHORT_DOTS)};",
            indent=5,
            space_after=1.5,
        ),
        _line(
            "c) Số chuyển đến Ban bầu cử: "
            f"{figure(data.complaints_forwarded if filled else None, SHORT_DOTS)}.",
            indent=5,
            space_after=1.5,
        ),
    ]
    notes = " ".join(data.complaint_notes.split()) if filled else ""
    if notes:
        lines.append(_line(f"Nội dung và cách giải quyết: {notes}", indent=5))
    elif filled and received == 0:
        lines.append(_line("Nội dung và cách giải quyết: Không có.", indent=5))
    else:
        lines.append(
            Paragraph("Nội dung và cách giải quyết:", indent=5, space_after=1.5, leader=LEADER)
        )
        lines.append(Paragraph("", indent=5, space_after=1.5, leader=LEADER))
    return lines


def form_number(data: TallyMinutesData) -> str:
    """Model 18 for the National Assembly, 23 for a People's Council."""
    return contest_number(data.contest_title, national="18/HĐBC-QH", council="23/HĐBC-HĐND")


def layout(data: TallyMinutesData) -> list[Block]:
    filled = data.filled

    def value(given: int | None) -> int | None:
        # A blank form prints dotted lines whatever figures it was given.
        return given if filled else None

    on_list, took_part = value(data.voters_on_list), value(data.voters_took_part)
    if on_list is not None and took_part is not None:
        turnout = f"{percent_text(took_part, on_list)}%"
    else:
        turnout = f"{SHORT_DOTS}%"
    blocks: list[Block] = []
    if data.qr_payload:
        blocks.append(QrCode(data.qr_payload, size_mm=22, caption=QR_CAPTION))
    blocks += [
        Letterhead(left=data.issuer, place_and_date=place_and_date(data.place, data.election_day)),
        Title(TITLE, subtitles=[data.contest_title]),
        Paragraph(f"{data.polling_area} – {data.unit_name}", bold=True, align="center", size=11),
        _line(
            f"Hôm nay, {vn_long_date(data.election_day)}, Tổ bầu cử "
            f"{lower_first(data.polling_area)} thuộc {lower_first(data.unit_name)} đã kiểm "
            "phiếu tại phòng bỏ phiếu ngay sau khi kết thúc việc bỏ phiếu, với sự chứng kiến "
            "của hai cử tri không phải là người ứng cử; số phiếu bầu không sử dụng đến đã được "
            "kiểm đếm và niêm phong trước khi mở hòm phiếu (Điều 73). Kết quả như sau:",
            space_after=4,
        ),
        _line(f"1. Tổng số cử tri của khu vực bỏ phiếu: {figure(on_list)} người."),
        _line(
            f"2. Số cử tri đã tham gia bỏ phiếu: {figure(took_part, SHORT_DOTS * 2)} người, "
            f"đạt {turnout} "
            "tổng số cử tri của khu vực bỏ phiếu."
        ),
        _line(f"3. Số phiếu phát ra: {figure(value(data.ballots_issued))} phiếu."),
        _line(f"4. Số phiếu thu vào: {figure(value(data.ballots_received))} phiếu."),
        _line(f"5. Số phiếu hợp lệ: {figure(value(data.valid))} phiếu."),
        _line(f"6. Số phiếu không hợp lệ: {figure(value(data.invalid))} phiếu."),
        _line("7. Số phiếu bầu cho mỗi người ứng cử:", space_after=2.5),
        Table(
            columns=FILLED_COLUMNS if filled else BLANK_COLUMNS,
            rows=_candidate_rows(data),
            size=10 if filled else 10.5,
        ),
        *_complaint_lines(data),
        # The closing, the copies and the signatures stay together.
        NeedSpace(60),
        _line(
            "Việc kiểm phiếu kết thúc vào hồi "
            f"{data.closing_time if filled and data.closing_time else '…… giờ …… phút'} "
            "cùng ngày.",
            space_after=2,
        ),
        _line(
            "Biên bản được lập thành 03 bản, có chữ ký của Tổ trưởng, Thư ký Tổ bầu cử và hai "
            "cử tri được mời chứng kiến việc kiểm phiếu, gửi đến Ban bầu cử, Ủy ban nhân dân và "
            "Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã chậm nhất là 03 ngày sau "
            "ngày bầu cử (Điều 76 khoản 3).",
            space_after=6,
        ),
        Signatures(
            [
                SignatureBox(title, note=note, name=name)
                for title, note, name in zip(
                    SIGNER_TITLES,
                    SIGNER_NOTES,
                    [*data.signers, "", "", "", ""][:4],
                    strict=True,
                )
            ],
            size=9.5,
            space_lines=4,
        ),
    ]
    if data.version_note:
        blocks.append(Paragraph(data.version_note, italic=True, size=7.5, align="right"))
    return blocks


def sample() -> TallyMinutesData:
    return TallyMinutesData(
        issuer=["TỔ BẦU CỬ KHU VỰC BỎ PHIẾU SỐ 3", "PHƯỜNG BẠC LIÊU"],
        contest_title="BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        unit_name="Đơn vị bầu cử số 1",
        polling_area="Khu vực bỏ phiếu số 3",
        place="Bạc Liêu",
        election_day=date(2026, 3, 15),
        filled=True,
        voters_on_list=1486,
        voters_took_part=1468,
        ballots_issued=1468,
        ballots_received=1468,
        valid=1452,
        invalid=16,
        candidates=[
            TallyCandidateLine(order=1, full_name="Nguyễn Văn An", votes=1204),
            TallyCandidateLine(order=2, full_name="Trần Thị Bình", votes=1131),
            TallyCandidateLine(order=3, full_name="Lê Hoàng Dũng", votes=987),
            TallyCandidateLine(order=4, full_name="Thạch Thị Sô Phia", votes=642),
            TallyCandidateLine(order=5, full_name="Huỳnh Quốc Trưởng", votes=311),
        ],
        complaints_received=1,
        complaints_settled=1,
        complaints_forwarded=0,
        complaint_notes=(
            "Cử tri Phạm Văn Tư hỏi về một phiếu gạch chéo cả dòng tên; Tổ bầu cử thảo luận và "
            "xác định phiếu hợp lệ vì nét gạch phủ hết họ và tên (Điều 74). Cử tri đồng ý."
        ),
        closing_time="20 giờ 35 phút",
        signers=["Võ Thị Hồng", "Đặng Minh Khoa", "Lý Thanh Tâm", "Châu Ngọc Hân"],
        qr_payload="https://bau-cu.example/tally/sheets/1024",
        version_note="Bản in từ lần nhập thứ 2, đã kiểm tra chéo.",
    )


FORM = FormDefinition(
    code="BB-KP",
    title="Biên bản kết quả kiểm phiếu",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 73, 75, 76",
    model=TallyMinutesData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        TITLE,
        "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        "Bạc Liêu, ngày 15 tháng 3 năm 2026",
        "1. Tổng số cử tri của khu vực bỏ phiếu: 1.486 người.",
        "đạt 98,79%",
        "5. Số phiếu hợp lệ: 1.452 phiếu.",
        "Nguyễn Văn An",
        "82,92",
        "lập thành 03 bản",
        "20 giờ 35 phút",
        "TỔ TRƯỞNG",
        "NGƯỜI CHỨNG KIẾN",
        "Châu Ngọc Hân",
        QR_CAPTION,
    ),
    margins_mm=(10, 15, 14, 20),
    number_for=form_number,
)
