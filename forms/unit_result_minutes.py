"""The board's minutes of the result in one electoral unit ("biên bản xác định
kết quả bầu cử ở đơn vị bầu cử"), Mẫu số 19/HĐBC-QH for the National Assembly
and 24/HĐBC-HĐND for a People's Council (Resolution 40/NQ-HĐBCQG).

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 77: after checking the
tally minutes of the polling teams and settling complaints, the Ban bầu cử
records the seats of the unit, the candidates, the voters, those who took
part and their share, the ballots issued, received, valid and invalid, the
votes of each candidate, the winners and the complaints settled by the
teams, by the board and forwarded. Three copies for the National Assembly
(Art. 77(3)), four for a People's Council (Art. 77(4)), signed by the head
and deputy heads of the board. Art. 78–80 decide the winners; the model's
notes (5) and (7) word the proposal of a re-run or of a supplementary round.

Model 19 gives the votes of each candidate per commune of the unit, in the
order of the official list; model 24 lists them as "được … phiếu/… phiếu
hợp lệ". While some tally sheets are not yet approved the figures are
provisional: the minutes then carry a banner that says so, so that a draft
can be read but never mistaken for the result, and they conclude nothing
(no turnout verdict, no winners, no bầu cử thêm or lại): the board concludes
only on every team's minutes (Art. 77).
"""

from __future__ import annotations

from datetime import date, datetime

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
from forms.common import collective_signer, contest_number, is_council, personal_signer
from forms.minutes import (
    CLOCK_BLANK,
    DOTS,
    LEADER,
    NO_ERASURE,
    Member,
    PercentText,
    dash,
    day_text,
    free_text,
    line,
    member_lines,
    percent_text,
    share,
    vn_number,
)

PROVISIONAL = "TẠM TÍNH — CHƯA ĐỦ BIÊN BẢN"
BOARD_ROLES = ("Trưởng ban", "Phó Trưởng ban", "Phó Trưởng ban", "Ủy viên")


class UnitCandidateResult(BaseModel):
    order: int  # in the official list (the ballot's order)
    full_name: str
    honorific: str = "Ông/Bà"
    votes: int
    percent: PercentText  # of valid ballots: "54,32" (a Decimal is formatted)
    elected: bool = False


class CommuneVotes(BaseModel):
    """A commune of the unit (model 19): its polling areas and each
    candidate's votes, in the order of the list."""

    name: str
    areas: int
    votes: list[int]


class UnitResultMinutesData(BaseModel):
    board: list[str]  # ["BAN BẦU CỬ", "ĐẠI BIỂU QUỐC HỘI", "ĐƠN VỊ BẦU CỬ SỐ 1"]
    contest_title: str  # "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI"; a council's chooses model 24
    deputies: str  # "đại biểu Quốc hội", "đại biểu Hội đồng nhân dân phường Bạc Liêu"
    term: str = ""  # "khóa XVI", "khóa I, nhiệm kỳ 2026-2031"
    unit_number: int
    unit_members: str = ""  # the communes (or hamlets) of the unit
    province: str  # "tỉnh Cà Mau"
    # Who fixed the seats and published the list: "Hội đồng bầu cử quốc gia",
    # "Ủy ban bầu cử phường Bạc Liêu".
    decided_by: str
    committee: str  # the committee the board reports to: "Ủy ban bầu cử tỉnh Cà Mau"
    seats_resolution: str = ""  # "Nghị quyết số 85/NQ-HĐBCQG ngày 15/12/2025"
    list_resolution: str = ""
    met_at: datetime | None = None  # when the board fixed the result
    meeting_place: str = ""
    members: list[Member] = []
    seats: int
    voters_on_list: int
    voters_took_part: int
    ballots_issued: int
    ballots_received: int
    valid: int
    invalid: int
    candidates: list[UnitCandidateResult]  # in list order
    communes: list[CommuneVotes] = []
    result_valid: bool = True
    needs_supplementary: bool = False
    notes: list[str] = []  # the law's notes on the result (ties, vacant seats), with articles
    events: str = ""
    complaints_by_teams: str = ""
    complaints_by_board: str = ""
    complaints_forwarded: str = ""
    attachments: list[str] = []
    head: str = ""
    deputy_heads: list[str] = []
    provisional: bool = False  # some sheets are not approved: a banner, no conclusions
    sheets_approved: int = 0  # the teams' minutes approved so far, when provisional
    sheets_total: int = 0
    finalized: bool = False  # the board fixed the result (Art. 77): its account is complete
    election_day: date


def form_number(data: UnitResultMinutesData) -> str:
    """Model 19 for the National Assembly, 24 for a People's Council."""
    return contest_number(data.contest_title, national="19/HĐBC-QH", council="24/HĐBC-HĐND")


def banner(text: str) -> Table:
    """A framed, shaded line across the page: a table with a header only."""
    return Table(columns=[Column(text)], rows=[], size=12, repeat_header=False)


def _council(data: UnitResultMinutesData) -> bool:
    return is_council(data.contest_title)


def _resolution(given: str, suffix: str, year: int) -> str:
    return given or f"Nghị quyết số ……/{suffix} ngày …… tháng …… năm {year}"


def _opening(data: UnitResultMinutesData) -> list[Block]:
    council = _council(data)
    when = (
        f"Vào hồi {data.met_at.hour} giờ {data.met_at.minute:02d} phút, {day_text(data.met_at)}"
        if data.met_at
        else f"Vào hồi {CLOCK_BLANK}, {day_text(None, data.election_day.year)}"
    )
    suffix = "NQ-UBBC" if council else "NQ-HĐBCQG"
    unit = f"đơn vị bầu cử số {data.unit_number}"
    return [
        Letterhead(left=data.board),
        Title(
            "BIÊN BẢN",
            subtitles=[f"XÁC ĐỊNH KẾT QUẢ {data.contest_title}", f"Ở {unit.upper()}"],
        ),
        line(f"Gồm: {data.unit_members or DOTS * 4}", italic=True, align="center", space_after=4),
        line(f"{when}, Ban bầu cử {data.deputies} gồm có:"),
        *member_lines(data.members, blank_roles=BOARD_ROLES),
        line(
            f"Đã họp tại {data.meeting_place or DOTS * 3} để lập biên bản xác định kết quả bầu cử "
            f"{data.deputies} {data.term} tại các khu vực bỏ phiếu của đơn vị bầu cử "
            f"{data.deputies} số {data.unit_number} gồm {data.unit_members or DOTS} thuộc "
            f"{data.province}.".replace("  ", " ")
        ),
        line(
            f"Theo {_resolution(data.seats_resolution, suffix, data.election_day.year - 1)} của "
            f"{data.decided_by}, thì {unit} được bầu {data.seats} {data.deputies}."
        ),
        line(
            f"Theo {_resolution(data.list_resolution, suffix, data.election_day.year)} của "
            f"{data.decided_by}, thì {unit} có {len(data.candidates)} người ứng cử "
            f"{data.deputies}."
        ),
    ]


def _figures(data: UnitResultMinutesData) -> list[Block]:
    received = data.ballots_received
    return [
        line(
            "Sau khi kiểm tra và tổng hợp kết quả từ Biên bản kết quả kiểm phiếu do các Tổ bầu "
            f"cử chuyển đến, kết quả bầu cử {data.deputies} ở đơn vị bầu cử số "
            f"{data.unit_number} như sau:"
        ),
        dash(f"Tổng số cử tri của đơn vị bầu cử: {vn_number(data.voters_on_list)} người."),
        dash(f"Số cử tri đã tham gia bỏ phiếu: {vn_number(data.voters_took_part)} người."),
        dash(
            "Tỷ lệ cử tri đã tham gia bỏ phiếu so với tổng số cử tri của đơn vị bầu cử: "
            f"{share(data.voters_took_part, data.voters_on_list)}"
        ),
        dash(f"Số phiếu phát ra: {vn_number(data.ballots_issued)} phiếu."),
        dash(f"Số phiếu thu vào: {vn_number(received)} phiếu."),
        dash(
            f"Số phiếu hợp lệ: {vn_number(data.valid)} phiếu. Tỷ lệ so với tổng số phiếu thu "
            f"vào: {share(data.valid, received)}"
        ),
        dash(
            f"Số phiếu không hợp lệ: {vn_number(data.invalid)} phiếu. Tỷ lệ so với tổng số "
            f"phiếu thu vào: {share(data.invalid, received)}"
        ),
    ]


# Candidates a table of model 19 gives side by side on a portrait page; more
# continue in a second table of the same communes.
COLUMNS_PER_TABLE = 6


def _commune_table(data: UnitResultMinutesData) -> list[Block]:
    """Model 19: a column per candidate, in the order of the list; a row per
    commune, the total and each candidate's share of the valid ballots."""
    ordered = sorted(data.candidates, key=lambda c: c.order)
    blocks: list[Block] = [
        NeedSpace(40),
        line("SỐ PHIẾU BẦU CHO MỖI NGƯỜI ỨNG CỬ", bold=True, align="center"),
    ]
    for first in range(0, len(ordered), COLUMNS_PER_TABLE):
        part = range(first, min(first + COLUMNS_PER_TABLE, len(ordered)))
        columns = [
            Column("Tên xã, phường, đặc khu trong phạm vi đơn vị bầu cử", 2.2),
            Column("Số khu vực bỏ phiếu", 0.9, "right"),
            *[
                Column(
                    f"Số phiếu bầu cho {ordered[i].honorific} {ordered[i].full_name}", 1.2, "right"
                )
                for i in part
            ],
            Column("Ghi chú", 0.9),
        ]
        rows: list[list[str | int | None]] = [
            [c.name, vn_number(c.areas), *[vn_number(c.votes[i]) for i in part], ""]
            for c in data.communes
        ]
        rows.append(
            [
                "Tổng cộng:",
                vn_number(sum(c.areas for c in data.communes)),
                *[vn_number(ordered[i].votes) for i in part],
                "",
            ]
        )
        rows.append(
            [
                "Tỷ lệ % so với tổng số phiếu hợp lệ",
                "",
                *[f"{ordered[i].percent} %" for i in part],
                "",
            ]
        )
        blocks.append(Table(columns=columns, rows=rows, size=8.5, bold_last_row=True))
    return blocks


def _candidate_lines(data: UnitResultMinutesData) -> list[Block]:
    """Model 24: 'Ông/Bà … được … phiếu/… phiếu hợp lệ' in the order of the list."""
    return [
        dash("Số phiếu bầu cho mỗi người ứng cử như sau:"),
        *[
            line(
                f"{c.order}. {c.honorific} {c.full_name} được {vn_number(c.votes)} phiếu/"
                f"{vn_number(data.valid)} phiếu hợp lệ",
                indent=5,
                space_after=1.2,
            )
            for c in sorted(data.candidates, key=lambda c: c.order)
        ],
    ]


def _no_conclusions(data: UnitResultMinutesData) -> list[Block]:
    """A provisional draft concludes nothing: the verdicts wait for every sheet."""
    return [
        line(
            f"Chưa kết luận: mới phê duyệt {data.sheets_approved}/{data.sheets_total} biên bản "
            "kết quả kiểm phiếu của các Tổ bầu cử. Ban bầu cử chỉ kết luận về tỷ lệ cử tri tham "
            "gia bỏ phiếu, người trúng cử và việc bầu cử thêm, bầu cử lại khi đã có đủ các biên "
            "bản (Điều 77, 78).",
            bold=True,
        )
    ]


def _conclusions(data: UnitResultMinutesData) -> list[Block]:
    if data.provisional:
        return _no_conclusions(data)
    council = _council(data)
    unit = f"đơn vị bầu cử số {data.unit_number}"
    half = "quá một nửa" if council else "quá nửa"
    winners = sorted((c for c in data.candidates if c.elected), key=lambda c: -c.votes)
    blocks: list[Block] = [
        line(f"Căn cứ vào kết quả ghi trên đây, Ban bầu cử {data.deputies} kết luận:"),
        line(
            "a) Số cử tri đã tham gia bỏ phiếu đạt "
            f"{percent_text(data.voters_took_part, data.voters_on_list)} % so với tổng số cử tri "
            "của đơn vị bầu cử."
        ),
    ]
    if not data.result_valid:
        proposal = (
            f"Đề nghị {data.committee} xem xét, quyết định việc bầu cử lại tại đơn vị bầu cử"
            if council
            else f"Đề nghị {data.committee} báo cáo Hội đồng bầu cử quốc gia xem xét, quyết "
            "định việc bầu cử lại tại đơn vị bầu cử"
        )
        blocks.append(
            line(
                f"“Vì số cử tri đi bỏ phiếu chưa đạt {half} tổng số cử tri của đơn vị bầu cử, nên "
                f"cuộc bầu cử {data.deputies} tại {unit} không có giá trị. {proposal}”.",
                indent=5,
            )
        )
    persons = "ông/bà" if council else "Ông/Bà"
    blocks.append(
        line(
            f"b) Các {persons} có tên sau đây nhận được quá nửa tổng số phiếu hợp lệ và có nhiều "
            f"phiếu hơn, đã trúng cử {data.deputies} {data.term}:".replace(" :", ":")
        )
    )
    blocks += [
        line(
            f"{number}. {c.honorific} {c.full_name} số phiếu: {vn_number(c.votes)} đạt: "
            f"{c.percent} % so với tổng số phiếu hợp lệ.",
            indent=5,
            space_after=1.2,
        )
        for number, c in enumerate(winners, start=1)
    ] or [line("Không có người trúng cử.", indent=5)]
    missing = max(0, data.seats - len(winners))
    decided = data.committee if council else data.decided_by
    blocks.append(
        line(
            f"c) Theo ấn định của {decided} thì số {data.deputies} được bầu ở {unit} là "
            f"{data.seats} đại biểu, nay đã bầu được {len(winners)} đại biểu, còn thiếu "
            f"{missing} đại biểu."
        )
    )
    if data.needs_supplementary:
        proposal = (
            f"đề nghị {data.committee} xem xét, quyết định việc bầu cử thêm tại đơn vị bầu cử"
            if council
            else f"đề nghị {data.committee} báo cáo Hội đồng bầu cử quốc gia để xem xét, quyết "
            "định việc bầu cử thêm tại đơn vị bầu cử"
        )
        body = "Hội đồng nhân dân" if council else "Quốc hội"
        blocks.append(
            line(
                f"“Vì số người trúng cử đại biểu {body} chưa đủ số lượng đại biểu được bầu đã ấn "
                f"định cho đơn vị bầu cử nên {proposal}”.",
                indent=5,
            )
        )
    blocks += [line(note, italic=True, indent=5, size=10) for note in data.notes]
    return blocks


def _reports(data: UnitResultMinutesData) -> list[Block]:
    forwarded = (
        "g) Những khiếu nại, tố cáo chuyển đến Ủy ban bầu cử:"
        if _council(data)
        else "g) Những khiếu nại, tố cáo chuyển đến Ủy ban bầu cử ở tỉnh/thành phố, Hội đồng bầu "
        "cử quốc gia:"
    )
    # The board's own account, once it fixed the result; dotted lines before.
    filled = data.finalized
    return [
        *free_text("d) Tóm tắt những việc xảy ra:", data.events, filled=filled),
        *free_text(
            "đ) Những khiếu nại, tố cáo trong quá trình bầu cử do các Tổ bầu cử đã giải quyết:",
            data.complaints_by_teams,
            filled=True,
        ),
        *free_text(
            "e) Những khiếu nại, tố cáo trong quá trình bầu cử do Ban bầu cử đã giải quyết, cách "
            "giải quyết:",
            data.complaints_by_board,
            filled=filled,
        ),
        *free_text(forwarded, data.complaints_forwarded, filled=filled),
    ]


def _closing(data: UnitResultMinutesData) -> list[Block]:
    council = _council(data)
    if council:
        sent = (
            "được lập thành 04 bản và được gửi đến Ủy ban bầu cử, Thường trực Hội đồng nhân dân, "
            "Ủy ban nhân dân, Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam "
            f"{data.deputies.removeprefix('đại biểu Hội đồng nhân dân ')}."
        )
        deputies_title = "CÁC PHÓ TRƯỞNG BAN"
    else:
        place = data.province
        sent = (
            "được lập thành 03 bản và được gửi đến Hội đồng bầu cử quốc gia, "
            f"{data.committee}, Ủy ban Mặt trận Tổ quốc Việt Nam {place}."
        )
        deputies_title = "CÁC PHÓ TRƯỞNG BAN\nBẦU CỬ"
    attachments = [
        line(f"{number}. {text}", indent=5, space_after=1.2)
        for number, text in enumerate(data.attachments, start=1)
    ] or [line("1.", indent=5, leader=LEADER), line("2.", indent=5, leader=LEADER)]
    signers: list[SignatureBox] = [
        collective_signer("BAN BẦU CỬ", "TRƯỞNG BAN", seal_of="Ban bầu cử", name=data.head),
        personal_signer(deputies_title, name="\n".join(data.deputy_heads)),
    ]
    blocks: list[Block] = [
        line(
            f"Biên bản xác định kết quả bầu cử {data.deputies} {data.term} ở đơn vị bầu cử số "
            f"{data.unit_number} {sent}".replace("  ", " ")
        ),
        line("Các tài liệu kèm theo gồm:"),
        *attachments,
        NeedSpace(45),
        Signatures(signers, size=10),
        line(NO_ERASURE, italic=True, size=9),
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


def layout(data: UnitResultMinutesData) -> list[Block]:
    blocks: list[Block] = [banner(PROVISIONAL)] if data.provisional else []
    votes = _candidate_lines(data) if _council(data) else _commune_table(data)
    blocks += [
        *_opening(data),
        *_figures(data),
        *votes,
        *_conclusions(data),
        *_reports(data),
        *_closing(data),
    ]
    return blocks


def _candidate(
    order: int, honorific: str, name: str, votes: int, percent: str, elected: bool = False
) -> UnitCandidateResult:
    return UnitCandidateResult(
        order=order,
        honorific=honorific,
        full_name=name,
        votes=votes,
        percent=percent,
        elected=elected,
    )


def sample() -> UnitResultMinutesData:
    return UnitResultMinutesData(
        board=["BAN BẦU CỬ", "ĐẠI BIỂU QUỐC HỘI", "ĐƠN VỊ BẦU CỬ SỐ 1"],
        contest_title="BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        deputies="đại biểu Quốc hội",
        term="khóa XVI",
        unit_number=1,
        unit_members="Phường Bạc Liêu, Phường Vĩnh Trạch, Phường Hiệp Thành, Xã Vĩnh Hậu",
        province="tỉnh Cà Mau",
        decided_by="Hội đồng bầu cử quốc gia",
        committee="Ủy ban bầu cử tỉnh Cà Mau",
        met_at=datetime(2026, 3, 17, 9, 30),
        meeting_place="Trụ sở Ủy ban nhân dân tỉnh Cà Mau",
        members=[
            Member(name="Lê Minh Khái", role="Trưởng ban", honorific="Ông"),
            Member(name="Phan Thị Mai", role="Phó Trưởng ban", honorific="Bà"),
            Member(name="Trần Quốc Toản", role="Phó Trưởng ban", honorific="Ông"),
            Member(name="Nguyễn Thị Hạnh", role="Ủy viên", honorific="Bà"),
        ],
        seats=3,
        voters_on_list=186_452,
        voters_took_part=183_907,
        ballots_issued=183_907,
        ballots_received=183_895,
        valid=181_206,
        invalid=2_689,
        candidates=[
            _candidate(1, "Ông", "Nguyễn Văn An", 152_380, "84,09", True),
            _candidate(2, "Bà", "Trần Thị Bình", 141_077, "77,85", True),
            _candidate(3, "Ông", "Lê Hoàng Dũng", 118_534, "65,41", True),
            _candidate(4, "Bà", "Thạch Thị Sô Phia", 72_915, "40,24"),
            _candidate(5, "Ông", "Huỳnh Quốc Trưởng", 38_402, "21,19"),
        ],
        communes=[
            CommuneVotes(
                name="Phường Bạc Liêu", areas=42, votes=[60_110, 55_902, 47_003, 28_870, 15_231]
            ),
            CommuneVotes(
                name="Phường Vĩnh Trạch", areas=31, votes=[41_220, 38_105, 32_010, 19_730, 10_402]
            ),
            CommuneVotes(
                name="Phường Hiệp Thành", areas=28, votes=[30_950, 28_770, 24_215, 14_802, 7_811]
            ),
            CommuneVotes(
                name="Xã Vĩnh Hậu", areas=17, votes=[20_100, 18_300, 15_306, 9_513, 4_958]
            ),
        ],
        complaints_by_teams="03 khiếu nại về việc xác định phiếu hợp lệ, đã giải quyết tại chỗ.",
        complaints_by_board="01 đơn đề nghị kiểm tra lại biên bản khu vực bỏ phiếu số 7; Ban bầu "
        "cử đã đối chiếu, kết quả không thay đổi.",
        events="Không có.",
        attachments=["Biên bản kết quả kiểm phiếu của 118 Tổ bầu cử."],
        finalized=True,
        head="Lê Minh Khái",
        deputy_heads=["Phan Thị Mai", "Trần Quốc Toản"],
        election_day=date(2026, 3, 15),
    )


FORM = FormDefinition(
    code="BB-KQ-DV",
    title="Biên bản xác định kết quả bầu cử ở đơn vị bầu cử",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 77, 78, 79, 80; Nghị quyết 40/NQ-HĐBCQG, Mẫu số 19/HĐBC-QH, 24/HĐBC-HĐND",
    model=UnitResultMinutesData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "XÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        "1. Ông Lê Minh Khái, Trưởng ban",
        "Tổng số cử tri của đơn vị bầu cử: 186.452 người.",
        "so với tổng số cử tri của đơn vị bầu cử: 98,64 %",
        "Số phiếu không hợp lệ: 2.689 phiếu.",
        "Tổng cộng:",
        "1. Ông Nguyễn Văn An số phiếu: 152.380 đạt: 84,09 %",
        "nay đã bầu được 3 đại biểu, còn thiếu 0 đại biểu.",
        "được lập thành 03 bản",
        "TRƯỞNG BAN",
        "CÁC PHÓ TRƯỞNG BAN",
    ),
    number_for=form_number,
)
