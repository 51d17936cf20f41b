"""The voter list ("danh sách cử tri") of one polling area, Mẫu số 31/HĐBC of
Resolution 40/NQ-HĐBCQG, for posting and for election day.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 29–32: the commune People's
Committee lists every voter of the polling area, household by household,
and posts the list 40 days before election day. The model's columns: STT;
(1) Họ và tên; (2) the date of birth; (3) Nam and (4) Nữ, an X in one; (5)
Số Căn cước; (6) Dân tộc; Nơi cư trú in three, (7a) Thường trú, (7b) Tạm
trú and (7c) Nơi ở hiện tại for a voter registered at neither, the address
written in the one the voter is listed by; (8) Bầu cử ĐBQH and Bầu cử đại
biểu HĐND, (9) of the province and (10) of the commune, an X for each ballot
the voter receives and a 0 for the others; (11) Ghi chú, whose notes say
what it holds ("Bỏ phiếu ở nơi khác", "Bỏ phiếu ở nơi cư trú", "Cử tri
không cư trú ở địa phương", the start of a temporary residence, a strike-off
and why). No occupation column. Then the totals by sex and by ballot, the
place and date the list was made, and the People's Committee's signature.
The voter-card number is the sequence number in the list.
"""

from __future__ import annotations

import unicodedata
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
    SignatureBox,
    Signatures,
    Table,
    Title,
)
from forms.common import on_behalf, place_and_date, sealed_note, vn_date, vn_long_date

TITLE = "DANH SÁCH CỬ TRI"
STRUCK_OFF = "Đã xóa tên"
VOTING_ELSEWHERE = "Bỏ phiếu ở nơi khác"
VOTING_AT_HOME = "Bỏ phiếu ở nơi cư trú"
NOT_RESIDENT = "Cử tri không cư trú ở địa phương"
DETAINED = (
    "Người đang bị tạm giam, tạm giữ hoặc chấp hành biện pháp đưa vào cơ sở giáo dục bắt buộc, "
    "cơ sở cai nghiện bắt buộc"
)
MARK = "X"
NO_MARK = "0"


class VoterRow(BaseModel):
    number: int | None  # voter-card number = sequence in the list (None until finalized: blank)
    full_name: str
    date_of_birth: date
    sex: str  # "Nam" / "Nữ"
    personal_id: str
    ethnicity: str
    # The address the voter is listed by, in its column: (7a), (7b) or (7c).
    permanent_address: str = ""
    temporary_address: str = ""
    current_address: str = ""
    dbqh: bool
    tinh: bool
    xa: bool
    remark: str = ""  # column (11)
    struck_off: bool = False  # printed with its remark, not counted


class VoterListData(BaseModel):
    issuer: list[str]  # ["ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"]
    election_title: str
    polling_area_number: int
    commune: str  # "Phường Bạc Liêu"
    province: str  # "tỉnh Cà Mau"
    issued_place: str  # "Bạc Liêu", in the date line under the Quốc hiệu
    made_at: str  # "Phường Bạc Liêu", in "Danh sách này được lập tại …"
    issued_on: date | None  # None: the date is left blank for the signer
    voters: list[VoterRow]  # in list order: by household, head of household first
    signer_deputy: bool = False  # signed by a vice-chairman for the chairman
    signer_name: str = ""


# Widths in millimetres of the 270 mm line of A4 landscape at 8 pt: a date,
# an ID and the marks fit one line; the remarks column takes a short note.
RESIDENCE = "Nơi cư trú"
COUNCIL = "Bầu cử đại biểu HĐND"
COLUMNS = [
    Column("STT", 8, "center"),
    Column("Họ và tên", 36),
    Column("Ngày tháng năm sinh", 17, "center"),
    Column("Nam", 8.5, "center"),
    Column("Nữ", 8.5, "center"),
    Column("Số Căn cước", 21, "center"),
    Column("Dân tộc", 12, "center"),
    Column("Thường trú", 32, group=RESIDENCE),
    Column("Tạm trú", 30, group=RESIDENCE),
    Column("Nơi ở hiện tại", 26, group=RESIDENCE),
    Column("Bầu cử ĐBQH", 13, "center"),
    Column("Tỉnh, thành phố", 15, "center", group=COUNCIL),
    Column("Xã/phường, đặc khu", 18, "center", group=COUNCIL),
    Column("Ghi chú", 29),
]
# The model's numbered row under the header.
COLUMN_NUMBERS = [
    "",
    "(1)",
    "(2)",
    "(3)",
    "(4)",
    "(5)",
    "(6)",
    "(7a)",
    "(7b)",
    "(7c)",
    "(8)",
    "(9)",
    "(10)",
    "(11)",
]
LINE_MM = 270


def election_lines(title: str) -> str:
    """The election's title in two lines as on the models, broken before 'VÀ'
    ('… KHÓA XVI / VÀ BẦU CỬ ĐẠI BIỂU … NHIỆM KỲ 2026-2031'), else before the term."""
    title = " ".join(title.split())
    head, found, tail = title.partition(" VÀ ")
    if found and head:
        return f"{head}\nVÀ {tail}"
    head, found, tail = title.rpartition(" NHIỆM KỲ ")
    if found and head:
        return f"{head}\nNHIỆM KỲ {tail}"
    return title


def chairman(
    *, deputy: bool, name: str, note: str = sealed_note("Ủy ban nhân dân")
) -> SignatureBox:
    """The commune People's Committee's signature on the voters' forms: its
    chairman for it, or a vice-chairman for the chairman ("TM. ỦY BAN NHÂN
    DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", the notes of models 10, 11 and 31)."""
    deputy_title = "PHÓ CHỦ TỊCH" if deputy else ""
    return SignatureBox(
        on_behalf("ỦY BAN NHÂN DÂN", "CHỦ TỊCH", deputy=deputy_title), note=note, name=name
    )


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def temporary_remark(since: date, election_day: date) -> str:
    """Column (11) for a voter listed at a temporary residence: when it was
    registered, the year alone up to two years before the election year, the
    month and year after ("from 2024 back the year is enough, from 2024 on
    the month and year", the model's notes for 2026): what tells a stay of
    12 months by election day, which decides the commune council's ballot."""
    if since.year <= election_day.year - 2:
        return f"Tạm trú từ năm {since.year}"
    return f"Tạm trú từ tháng {since.month:02d}/{since.year}"


@dataclass(frozen=True)
class Totals:
    voters: int
    men: int
    women: int
    dbqh: int
    tinh: int
    xa: int


def totals(voters: list[VoterRow]) -> Totals:
    """The footer figures, by sex and per ballot, over the voters not struck off
    (a voter voting elsewhere stays on the list and is counted)."""
    listed = [row for row in voters if not row.struck_off]
    return Totals(
        voters=len(listed),
        men=sum(1 for row in listed if _key(row.sex) == "nam"),
        women=sum(1 for row in listed if _key(row.sex) == "nữ"),
        dbqh=sum(1 for row in listed if row.dbqh),
        tinh=sum(1 for row in listed if row.tinh),
        xa=sum(1 for row in listed if row.xa),
    )


def _mark(flag: bool) -> str:
    return MARK if flag else NO_MARK


def table_rows(voters: list[VoterRow]) -> list[list[str]]:
    """The voters' rows: an X under their sex, X or 0 for each ballot."""
    rows: list[list[str]] = []
    for row in voters:
        man = _key(row.sex) == "nam"
        rows.append(
            [
                "" if row.number is None else str(row.number),
                row.full_name,
                vn_date(row.date_of_birth),
                MARK if man else "",
                "" if man else MARK,
                row.personal_id,
                row.ethnicity,
                row.permanent_address,
                row.temporary_address,
                row.current_address,
                _mark(row.dbqh),
                _mark(row.tinh),
                _mark(row.xa),
                row.remark,
            ]
        )
    return rows


def totals_row(figures: Totals) -> list[str]:
    """The table's "Tổng số" row: the count under each column of marks."""
    blank = [""] * len(COLUMNS)
    blank[1] = "Tổng số"
    for index, value in ((3, figures.men), (4, figures.women), (10, figures.dbqh)):
        blank[index] = str(value)
    blank[11], blank[12] = str(figures.tinh), str(figures.xa)
    return blank


def totals_lines(figures: Totals) -> list[str]:
    """The totals under the table, in the model's words."""
    return [
        f"Tổng số cử tri của khu vực bỏ phiếu là: {figures.voters} người; trong đó có: "
        f"{figures.men} Nam; {figures.women} Nữ.",
        f"Cử tri tham gia bầu cử ĐBQH: {figures.dbqh} người;",
        f"Cử tri tham gia bầu cử đại biểu HĐND tỉnh, thành phố: {figures.tinh} người;",
        f"Cử tri tham gia bầu cử đại biểu HĐND xã, phường, đặc khu: {figures.xa} người;",
    ]


def made_line(made_at: str, issued_on: date | None, year: int) -> str:
    """'Danh sách này được lập tại Phường Bạc Liêu ngày 03 tháng 02 năm 2026.'"""
    when = vn_long_date(issued_on) if issued_on else f"ngày …… tháng …… năm {year}"
    return f"Danh sách này được lập tại {made_at or '……'} {when}."


def layout(data: VoterListData) -> list[Block]:
    figures = totals(data.voters)
    year = data.issued_on.year if data.issued_on else 2026
    lines = [*totals_lines(figures), made_line(data.made_at, data.issued_on, year)]
    return [
        Letterhead(
            left=data.issuer,
            place_and_date=place_and_date(data.issued_place, data.issued_on, year=year),
        ),
        Title(TITLE, subtitles=[election_lines(data.election_title)]),
        Paragraph(
            f"Khu vực bỏ phiếu số {data.polling_area_number} thuộc {data.commune}, {data.province}",
            bold=True,
            align="center",
            size=11,
            space_after=6,
        ),
        Table(
            columns=COLUMNS,
            rows=[COLUMN_NUMBERS, *table_rows(data.voters), totals_row(figures)],
            size=8,
            bold_last_row=True,
        ),
        # The totals, the date and the signature stay together (about 6 mm a
        # total line, 5 mm a signature line).
        NeedSpace(6 * len(lines) + 5 * 8),
        *(Paragraph(line, size=10.5, space_after=1) for line in lines),
        Signatures([chairman(deputy=data.signer_deputy, name=data.signer_name)], size=10.5),
    ]


def _voter(
    number: int,
    name: str,
    born: date,
    sex: str,
    address: str,
    *,
    personal_id: str = "",
    ethnicity: str = "Kinh",
    kind: str = "permanent",
    remark: str = "",
    struck_off: bool = False,
) -> VoterRow:
    century = (born.year - 1900) // 100 * 2 + (0 if sex == "Nam" else 1)
    return VoterRow(
        number=number,
        full_name=name,
        date_of_birth=born,
        sex=sex,
        personal_id=personal_id or f"095{century}{born.year % 100:02d}{number:06d}",
        ethnicity=ethnicity,
        permanent_address=address if kind == "permanent" else "",
        temporary_address=address if kind == "temporary" else "",
        current_address=address if kind == "current" else "",
        dbqh=True,
        tinh=True,
        xa=kind == "permanent",
        remark=remark,
        struck_off=struck_off,
    )


def sample_voters() -> list[VoterRow]:
    """Synthetic households of khóm 1, Phường Bạc Liêu, head of household first."""
    rows = [
        ("Nguyễn Văn Hùng", date(1968, 4, 12), "Nam", "Số 12 Hai Bà Trưng, khóm 1"),
        ("Trần Thị Lan", date(1971, 9, 3), "Nữ", "Số 12 Hai Bà Trưng, khóm 1"),
        ("Nguyễn Thị Mai", date(1996, 1, 25), "Nữ", "Số 12 Hai Bà Trưng, khóm 1"),
        ("Nguyễn Minh Tâm", date(2008, 3, 10), "Nam", "Số 12 Hai Bà Trưng, khóm 1"),
        ("Lê Văn Phúc", date(1955, 11, 20), "Nam", "Số 18 Hai Bà Trưng, khóm 1"),
        ("Phạm Thị Hoa", date(1958, 6, 14), "Nữ", "Số 18 Hai Bà Trưng, khóm 1"),
        ("Lê Quốc Bảo", date(1985, 2, 28), "Nam", "Số 18 Hai Bà Trưng, khóm 1"),
    ]
    voters = [_voter(index, *row) for index, row in enumerate(rows, start=1)]
    more = [
        _voter(8, "Thạch Sa Rết", date(1979, 7, 7), "Nam", "Số 25 Hai Bà Trưng, khóm 1", ethnicity="Khmer"),
        _voter(9, "Lâm Thị Sa Vân", date(1982, 12, 1), "Nữ", "Số 25 Hai Bà Trưng, khóm 1", ethnicity="Khmer"),
        _voter(10, "Thạch Thị Chanh Đa", date(2005, 5, 19), "Nữ", "Số 25 Hai Bà Trưng, khóm 1", ethnicity="Khmer", remark=VOTING_ELSEWHERE),
        _voter(11, "Quách Huệ Linh", date(1974, 8, 30), "Nữ", "Số 31 Hai Bà Trưng, khóm 1", ethnicity="Hoa"),
        _voter(12, "Quách Vĩnh Phát", date(1999, 10, 10), "Nam", "Số 31 Hai Bà Trưng, khóm 1", ethnicity="Hoa"),
        _voter(13, "Huỳnh Văn Tư", date(1962, 3, 15), "Nam", "Số 40 Trần Phú, khóm 1"),
        _voter(14, "Võ Thị Kim Ngân", date(1966, 1, 2), "Nữ", "Số 40 Trần Phú, khóm 1"),
        _voter(15, "Huỳnh Thị Ngọc Hân", date(1990, 4, 30), "Nữ", "Số 40 Trần Phú, khóm 1"),
        _voter(16, "Đặng Văn Đức", date(1988, 9, 2), "Nam", "Số 40 Trần Phú, khóm 1"),
        _voter(17, "Dương Thị Bích", date(1947, 5, 5), "Nữ", "Số 47 Trần Phú, khóm 1"),
        _voter(18, "Trương Công Định", date(1973, 2, 14), "Nam", "Số 52 Trần Phú, khóm 1"),
        _voter(19, "Ngô Thị Thu Trang", date(1977, 6, 6), "Nữ", "Số 52 Trần Phú, khóm 1"),
        _voter(20, "Trương Thị Yến Nhi", date(2001, 12, 24), "Nữ", "Số 52 Trần Phú, khóm 1"),
        _voter(21, "Bùi Thanh Sơn", date(1993, 8, 8), "Nam", "Phòng 4, số 60 Trần Phú, khóm 1", kind="temporary", remark="Tạm trú từ tháng 09/2025"),
        _voter(22, "Hồ Thị Diễm", date(1995, 11, 11), "Nữ", "Phòng 4, số 60 Trần Phú, khóm 1", kind="temporary", remark="Tạm trú từ tháng 09/2025"),
        _voter(23, "Y Blin Niê", date(2003, 3, 3), "Nam", "Phòng 7, số 60 Trần Phú, khóm 1", ethnicity="Ê Đê", kind="temporary", remark="Tạm trú từ tháng 05/2025"),
        _voter(24, "Phan Văn Lực", date(1951, 10, 27), "Nam", "Số 66 Trần Phú, khóm 1"),
        _voter(25, "Mai Thị Sáu", date(1953, 7, 17), "Nữ", "Số 66 Trần Phú, khóm 1"),
        _voter(26, "Phan Minh Trí", date(1980, 1, 9), "Nam", "Số 66 Trần Phú, khóm 1", remark=f"{STRUCK_OFF}: chuyển đến khu vực bỏ phiếu số 3, Phường Bạc Liêu", struck_off=True),
    ]  # fmt: skip
    return voters + more


ELECTION_TITLE = (
    "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI VÀ BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP "
    "NHIỆM KỲ 2026-2031"
)


def sample() -> VoterListData:
    return VoterListData(
        issuer=["ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"],
        election_title=ELECTION_TITLE,
        polling_area_number=1,
        commune="Phường Bạc Liêu",
        province="tỉnh Cà Mau",
        issued_place="Bạc Liêu",
        made_at="Phường Bạc Liêu",
        issued_on=date(2026, 2, 3),
        voters=sample_voters(),
        signer_name="Nguyễn Hoàng Nam",
    )


FORM = FormDefinition(
    code="DS-CT",
    title="Danh sách cử tri",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 29, 30, 31, 32, 34; Nghị quyết 40/NQ-HĐBCQG, Mẫu số 31/HĐBC",
    model=VoterListData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        TITLE,
        "Khu vực bỏ phiếu số 1 thuộc Phường Bạc Liêu, tỉnh Cà Mau",
        "Nguyễn Văn Hùng",
        "Thạch Thị Chanh Đa",
        VOTING_ELSEWHERE,
        "Tổng số cử tri của khu vực bỏ phiếu là: 25 người; trong đó có: 12 Nam; 13 Nữ.",
        "Cử tri tham gia bầu cử đại biểu HĐND xã, phường, đặc khu: 22 người;",
        "Bạc Liêu, ngày 03 tháng 02 năm 2026",
        "Danh sách này được lập tại Phường Bạc Liêu ngày 03 tháng 02 năm 2026.",
    ),
    page_size="A4",
    orientation="landscape",
    margins_mm=(12, 12, 14, 15),  # 270 mm of line
    form_number="Mẫu số 31/HĐBC",
)
