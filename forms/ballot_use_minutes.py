"""The minutes of the use of the ballots ("biên bản kiểm kê việc sử dụng phiếu
bầu cử"), Mẫu số 32/HĐBC of Resolution 40/NQ-HĐBCQG: one per polling team,
for the three contests at once, blank or filled from the tally entries.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 73: when voting is over,
before opening the ballot box, the team counts and seals the ballots left
unused, before two voters who are not candidates. The model asks, for the
ballots of the National Assembly, of the province's and of the commune's
council and in all, for the ballots the team received, issued, exchanged
for voters who spoiled theirs (Art. 69), and left unused; what the team
received is the sum of the other three. Five copies go to the three boards,
each with its sealed ballots, and to the commune's People's Committee and
Fatherland Front board.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel

from forms.base import Block, FormDefinition, Letterhead, Paragraph, Signatures, Title
from forms.common import collective_signer, personal_signer, place_and_date
from forms.minutes import DOTS, Witness, figure, witness_lines
from forms.minutes import line as body_line

SIZE = 10  # one page: the model fits its figures and recipients on one sheet


def line(text: str, *, indent: float = 0, bold: bool = False, italic: bool = False) -> Paragraph:
    return body_line(text, size=SIZE, space_after=1.0, indent=indent, bold=bold, italic=italic)


TITLE = "BIÊN BẢN KIỂM KÊ VIỆC SỬ DỤNG PHIẾU BẦU CỬ"
CLOCK_BLANK = "…… giờ …… phút"
# The three kinds of ballot, in the model's order.
KINDS = (
    "Phiếu bầu cử đại biểu Quốc hội",
    "Phiếu bầu cử đại biểu HĐND cấp tỉnh",
    "Phiếu bầu cử đại biểu HĐND cấp xã",
)


class BallotStock(BaseModel):
    """One kind of ballot: what the team received, issued, exchanged for
    spoiled ones, and left unused (None: not known, a blank to fill)."""

    received: int | None = None
    issued: int | None = None
    spoiled: int | None = None
    unused: int | None = None


class Board(BaseModel):
    """A board the minutes go to with its sealed ballots: "Ban bầu cử đại biểu
    Quốc hội, đơn vị bầu cử số 1"."""

    name: str  # "đại biểu Hội đồng nhân dân tỉnh Cà Mau"
    unit_number: int | None = None


class BallotUseData(BaseModel):
    province: str  # "Cà Mau"
    commune: str  # "Phường Bạc Liêu"
    polling_area_number: int
    # "đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026-2031"
    election: str
    election_day: date
    place: str  # for the place-and-date line: "Bạc Liêu"
    filled: bool
    voting_closed: str | None = None  # "19 giờ 00 phút"
    witnesses: list[Witness] = []
    # In the order of KINDS; a contest the area does not vote in is None.
    stocks: list[BallotStock | None]
    boards: list[Board]  # in the order of KINDS
    head: str = ""
    secretary: str = ""


def _total(stocks: Sequence[BallotStock | None], name: str) -> int | None:
    values = [getattr(s, name) if s is not None else 0 for s in stocks]
    return None if any(v is None for v in values) else sum(values)


def _figure_lines(data: BallotUseData) -> list[Block]:
    stocks: Sequence[BallotStock | None] = (
        data.stocks if data.filled else [BallotStock() for _ in KINDS]
    )
    blocks: list[Block] = []
    for number, (name, heading) in enumerate(
        (
            ("received", "Số phiếu Tổ bầu cử đã nhận về là"),
            ("issued", "Số phiếu phát ra là"),
            ("spoiled", "Số phiếu cử tri đổi do gạch hỏng là"),
            ("unused", "Số phiếu còn lại không sử dụng đến là"),
        ),
        start=1,
    ):
        blocks.append(line(f"{number}. {heading}: {figure(_total(stocks, name))} phiếu"))
        for index, kind in enumerate(KINDS):
            stock = stocks[index] if index < len(stocks) else None
            value = getattr(stock, name) if stock is not None else (0 if data.filled else None)
            lead = "Trong đó: " if index == 0 else ""
            blocks.append(
                line(f"{lead}{kind} là: {figure(value)} phiếu", indent=18 if index else 5)
            )
    return blocks


def _recipients(data: BallotUseData) -> list[Block]:
    attached = (
        "(kèm theo số phiếu bầu cử đại biểu Quốc hội đã được niêm phong);",
        "(kèm theo số phiếu bầu cử đại biểu Hội đồng nhân dân cấp tỉnh đã được niêm phong);",
        "(kèm theo số phiếu bầu cử đại biểu Hội đồng nhân dân cấp xã đã được niêm phong);",
    )
    lines: list[Block] = []
    for board, note in zip(data.boards, attached, strict=False):
        unit = board.unit_number if board.unit_number is not None else DOTS
        lines.append(line(f"- Ban bầu cử {board.name}, đơn vị bầu cử số {unit} {note}"))
    lines.append(
        line("- Ủy ban nhân dân, Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp.")
    )
    return lines


def layout(data: BallotUseData) -> list[Block]:
    filled = data.filled
    day = data.election_day
    closed = data.voting_closed if filled and data.voting_closed else CLOCK_BLANK
    return [
        Letterhead(left=["TỔ BẦU CỬ"]),
        Title(TITLE, subtitles=[data.election.upper()]),
        line(f"Khu vực bỏ phiếu số: {data.polling_area_number}"),
        line(f"Thuộc xã/phường/đặc khu: {data.commune}"),
        line(f"Tỉnh/thành phố: {data.province}"),
        line(
            f"Vào hồi {closed}, ngày {day.day} tháng {day.month} năm {day.year}, Tổ trưởng Tổ "
            f"bầu cử tuyên bố kết thúc cuộc bầu cử {data.election}."
        ),
        line(
            "Trước khi mở hòm phiếu, Tổ bầu cử đã tiến hành kiểm kê và lập biên bản về việc sử "
            "dụng phiếu bầu dưới sự chứng kiến của hai cử tri không phải là người ứng cử gồm:"
        ),
        *witness_lines(data.witnesses if filled else [], colon=False, size=SIZE),
        line("Kết quả kiểm kê việc sử dụng phiếu bầu cử như sau:", bold=True),
        *_figure_lines(data),
        line(
            "Sau khi kiểm kê, Tổ bầu cử đã niêm phong toàn bộ số phiếu chưa sử dụng và số phiếu "
            "cử tri đổi do gạch hỏng."
        ),
        line(
            "Biên bản kiểm kê việc sử dụng phiếu bầu được lập thành 05 bản và được gửi đến:",
        ),
        *_recipients(data),
        Signatures(
            [
                personal_signer(
                    "CỬ TRI THỨ NHẤT\nCHỨNG KIẾN VIỆC KIỂM PHIẾU",
                    name=data.witnesses[0].name if filled and data.witnesses else "",
                ),
                collective_signer(
                    "TỔ BẦU CỬ",
                    "TỔ TRƯỞNG",
                    seal_of="Tổ bầu cử",
                    name=data.head if filled else "",
                ),
                personal_signer("THƯ KÝ\nTỔ BẦU CỬ", name=data.secretary if filled else ""),
            ],
            size=9.5,
            place_and_date=place_and_date(data.place, day if filled else None, year=day.year),
            date_over=1,
        ),
        line(
            "Lưu ý: Số phiếu bầu của từng cấp chưa sử dụng hoặc cử tri đổi do gạch hỏng được xếp "
            "thành từng loại, niêm phong vào các bì riêng và gửi kèm Biên bản này đến từng Ban "
            "bầu cử tương ứng.",
            italic=True,
        ),
    ]


def sample() -> BallotUseData:
    return BallotUseData(
        province="Cà Mau",
        commune="Phường Bạc Liêu",
        polling_area_number=3,
        election="đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ "
        "2026-2031",
        election_day=date(2026, 3, 15),
        place="Bạc Liêu",
        filled=True,
        voting_closed="19 giờ 00 phút",
        witnesses=[
            Witness(name="Lý Thanh Tâm", residence="Khóm 3, Phường Bạc Liêu"),
            Witness(name="Châu Ngọc Hân", residence="Khóm 5, Phường Bạc Liêu"),
        ],
        stocks=[
            BallotStock(received=1500, issued=1468, spoiled=3, unused=29),
            BallotStock(received=1500, issued=1466, spoiled=1, unused=33),
            BallotStock(received=1500, issued=1461, spoiled=0, unused=39),
        ],
        boards=[
            Board(name="đại biểu Quốc hội", unit_number=1),
            Board(name="đại biểu Hội đồng nhân dân tỉnh Cà Mau", unit_number=2),
            Board(name="đại biểu Hội đồng nhân dân phường Bạc Liêu", unit_number=4),
        ],
        head="Võ Thị Hồng",
        secretary="Đặng Minh Khoa",
    )


FORM = FormDefinition(
    code="BB-SDP",
    title="Biên bản kiểm kê việc sử dụng phiếu bầu cử",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 69, 73; Nghị quyết 40/NQ-HĐBCQG, Mẫu số 32/HĐBC",
    model=BallotUseData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "TỔ BẦU CỬ",
        TITLE,
        "Khu vực bỏ phiếu số: 3",
        "Vào hồi 19 giờ 00 phút, ngày 15 tháng 3 năm 2026",
        "1. Số phiếu Tổ bầu cử đã nhận về là: 4.500 phiếu",
        "Trong đó: Phiếu bầu cử đại biểu Quốc hội là: 1.500 phiếu",
        "3. Số phiếu cử tri đổi do gạch hỏng là: 4 phiếu",
        "4. Số phiếu còn lại không sử dụng đến là: 101 phiếu",
        "Ban bầu cử đại biểu Quốc hội, đơn vị bầu cử số 1",
        "Bạc Liêu, ngày 15 tháng 3 năm 2026",
        "Võ Thị Hồng",
    ),
    form_number="Mẫu số 32/HĐBC",
    margins_mm=(12, 15, 12, 20),
)
