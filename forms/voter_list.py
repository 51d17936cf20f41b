"""The voter list ("danh sách cử tri") of one polling area, for posting and for
election day.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 29–32: the commune People's
Committee lists every voter of the polling area, household by household,
and posts the list 40 days before election day. Layout after Mẫu số 33/HĐBC
of 2021 (Mẫu số 31/HĐBC in 2026) without the district-council column: the
residence is written under permanent or temporary, each ballot the voter
receives is marked "x", and the remarks column holds "Bỏ phiếu ở nơi khác"
(Art. 34) or is left for the polling team to mark "Đã bỏ phiếu". The
voter-card number is the sequence number in the list.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from forms.ballot import contest_lines
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
from forms.common import place_and_date, vn_date, weekday

TITLE = "DANH SÁCH CỬ TRI"
STRUCK_OFF = "Đã xóa tên"
VOTING_ELSEWHERE = "Bỏ phiếu ở nơi khác"
PERMANENT = "Thường trú"
TEMPORARY = "Tạm trú"


class VoterRow(BaseModel):
    number: int | None  # voter-card number = sequence in the list (None until finalized: blank)
    full_name: str
    date_of_birth: date
    sex: str  # "Nam" / "Nữ"
    ethnicity: str
    occupation: str
    residence: str  # address printed
    residence_kind: str  # "Thường trú" / "Tạm trú"
    dbqh: bool
    tinh: bool
    xa: bool
    remark: str = ""  # "Bỏ phiếu ở nơi khác", "Đã xóa tên", or empty for "Đã bỏ phiếu"


class VoterListData(BaseModel):
    issuer: list[str]  # ["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"]
    election_title: str
    polling_area: str  # "Khu vực bỏ phiếu số 1"
    place: str  # "Phường Bạc Liêu, tỉnh Cà Mau"
    station_address: str
    election_day: date
    issued_place: str
    issued_on: date
    voters: list[VoterRow]  # in list order: by household, head of household first
    signer_title: list[str]  # ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    signer_name: str = ""


# Widths in millimetres of the 270 mm line of A4 landscape at 8 pt: a date,
# "Nam"/"Nữ" and the ballot marks fit one line; the remark column is wide
# enough to write "Đã bỏ phiếu" by hand.
COLUMNS = [
    Column("STT", 11, "center"),
    Column("Họ và tên", 40),
    Column("Ngày sinh", 20, "center"),
    Column("Giới tính", 14, "center"),
    Column("Dân tộc", 13, "center"),
    Column("Nghề nghiệp", 25),
    Column("Nơi cư trú: Thường trú", 40),
    Column("Nơi cư trú: Tạm trú", 38),
    Column("Bầu cử ĐBQH", 12, "center"),
    Column("Bầu cử HĐND tỉnh", 12, "center"),
    Column("Bầu cử HĐND xã", 12, "center"),
    Column("Ghi chú", 33),
]
LINE_MM = 270


def election_lines(title: str) -> str:
    """The election's title in two lines as on the 2021 forms, broken before
    'VÀ' ('… KHÓA XVI / VÀ ĐẠI BIỂU … NHIỆM KỲ 2026–2031'), else before the term."""
    title = " ".join(title.split())
    head, found, tail = title.partition(" VÀ ")
    if found and head:
        return f"{head}\nVÀ {tail}"
    return contest_lines(title)


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def is_struck_off(row: VoterRow) -> bool:
    return _key(row.remark) == _key(STRUCK_OFF)


def is_temporary(row: VoterRow) -> bool:
    return _key(row.residence_kind) == _key(TEMPORARY)


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
    listed = [row for row in voters if not is_struck_off(row)]
    return Totals(
        voters=len(listed),
        men=sum(1 for row in listed if _key(row.sex) == "nam"),
        women=sum(1 for row in listed if _key(row.sex) == "nữ"),
        dbqh=sum(1 for row in listed if row.dbqh),
        tinh=sum(1 for row in listed if row.tinh),
        xa=sum(1 for row in listed if row.xa),
    )


def _mark(flag: bool) -> str:
    return "x" if flag else ""


def table_rows(voters: list[VoterRow]) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in voters:
        temporary = is_temporary(row)
        rows.append(
            [
                "" if row.number is None else str(row.number),
                row.full_name,
                vn_date(row.date_of_birth),
                row.sex,
                row.ethnicity,
                row.occupation,
                "" if temporary else row.residence,
                row.residence if temporary else "",
                _mark(row.dbqh),
                _mark(row.tinh),
                _mark(row.xa),
                row.remark,
            ]
        )
    return rows


def layout(data: VoterListData) -> list[Block]:
    figures = totals(data.voters)
    lines = [
        f"Tổng số cử tri: {figures.voters} người; trong đó Nam: {figures.men} người, "
        f"Nữ: {figures.women} người.",
        f"Số cử tri bầu cử đại biểu Quốc hội: {figures.dbqh} người.",
        f"Số cử tri bầu cử đại biểu Hội đồng nhân dân tỉnh: {figures.tinh} người.",
        f"Số cử tri bầu cử đại biểu Hội đồng nhân dân xã: {figures.xa} người.",
    ]
    return [
        Letterhead(left=data.issuer),
        Title(TITLE, subtitles=[election_lines(data.election_title)]),
        Paragraph(f"{data.polling_area}, {data.place}", bold=True, align="center", size=11),
        Paragraph(
            f"Địa điểm bỏ phiếu: {data.station_address}",
            align="center",
            size=10,
            space_after=1,
        ),
        Paragraph(
            f"Ngày bầu cử: {weekday(data.election_day)}, {vn_date(data.election_day)}",
            italic=True,
            align="center",
            size=10,
            space_after=6,
        ),
        Table(columns=COLUMNS, rows=table_rows(data.voters), size=8),
        # The totals, the date and the signature stay together (about 6 mm a
        # total line, 5 mm a signature line).
        NeedSpace(6 * len(lines) + 8 + 5 * (len(data.signer_title) + 6)),
        *(
            Paragraph(line, bold=index == 0, size=10, space_after=1)
            for index, line in enumerate(lines)
        ),
        Paragraph(
            place_and_date(data.issued_place, data.issued_on),
            italic=True,
            align="center",
            size=10.5,
            indent=LINE_MM / 2,
            space_after=0,
        ),
        Signatures(
            [
                SignatureBox(
                    "\n".join(data.signer_title),
                    note="(Ký tên, đóng dấu)",
                    name=data.signer_name,
                )
            ],
            size=10.5,
        ),
    ]


def _voter(
    number: int,
    name: str,
    born: date,
    sex: str,
    occupation: str,
    residence: str,
    *,
    ethnicity: str = "Kinh",
    temporary: bool = False,
    remark: str = "",
) -> VoterRow:
    return VoterRow(
        number=number,
        full_name=name,
        date_of_birth=born,
        sex=sex,
        ethnicity=ethnicity,
        occupation=occupation,
        residence=residence,
        residence_kind=TEMPORARY if temporary else PERMANENT,
        dbqh=True,
        tinh=True,
        xa=not temporary,
        remark=remark,
    )


def sample_voters() -> list[VoterRow]:
    """Synthetic households of khóm 1, Phường Bạc Liêu, head of household first."""
    rows = [
        ("Nguyễn Văn Hùng", date(1968, 4, 12), "Nam", "Buôn bán", "Số 12 Hai Bà Trưng, khóm 1"),
        ("Trần Thị Lan", date(1971, 9, 3), "Nữ", "Nội trợ", "Số 12 Hai Bà Trưng, khóm 1"),
        ("Nguyễn Thị Mai", date(1996, 1, 25), "Nữ", "Giáo viên", "Số 12 Hai Bà Trưng, khóm 1"),
        ("Nguyễn Minh Tâm", date(2008, 3, 10), "Nam", "Học sinh", "Số 12 Hai Bà Trưng, khóm 1"),
        ("Lê Văn Phúc", date(1955, 11, 20), "Nam", "Hưu trí", "Số 18 Hai Bà Trưng, khóm 1"),
        ("Phạm Thị Hoa", date(1958, 6, 14), "Nữ", "Hưu trí", "Số 18 Hai Bà Trưng, khóm 1"),
        ("Lê Quốc Bảo", date(1985, 2, 28), "Nam", "Công chức", "Số 18 Hai Bà Trưng, khóm 1"),
    ]
    voters = [_voter(index, *row) for index, row in enumerate(rows, start=1)]
    more = [
        _voter(8, "Thạch Sa Rết", date(1979, 7, 7), "Nam", "Ngư dân", "Số 25 Hai Bà Trưng, khóm 1", ethnicity="Khmer"),
        _voter(9, "Lâm Thị Sa Vân", date(1982, 12, 1), "Nữ", "Buôn bán", "Số 25 Hai Bà Trưng, khóm 1", ethnicity="Khmer"),
        _voter(10, "Thạch Thị Chanh Đa", date(2005, 5, 19), "Nữ", "Sinh viên", "Số 25 Hai Bà Trưng, khóm 1", ethnicity="Khmer", remark=VOTING_ELSEWHERE),
        _voter(11, "Quách Huệ Linh", date(1974, 8, 30), "Nữ", "Kinh doanh", "Số 31 Hai Bà Trưng, khóm 1", ethnicity="Hoa"),
        _voter(12, "Quách Vĩnh Phát", date(1999, 10, 10), "Nam", "Kế toán", "Số 31 Hai Bà Trưng, khóm 1", ethnicity="Hoa"),
        _voter(13, "Huỳnh Văn Tư", date(1962, 3, 15), "Nam", "Thợ may", "Số 40 Trần Phú, khóm 1"),
        _voter(14, "Võ Thị Kim Ngân", date(1966, 1, 2), "Nữ", "Thợ may", "Số 40 Trần Phú, khóm 1"),
        _voter(15, "Huỳnh Thị Ngọc Hân", date(1990, 4, 30), "Nữ", "Điều dưỡng", "Số 40 Trần Phú, khóm 1"),
        _voter(16, "Đặng Văn Đức", date(1988, 9, 2), "Nam", "Công nhân", "Số 40 Trần Phú, khóm 1"),
        _voter(17, "Dương Thị Bích", date(1947, 5, 5), "Nữ", "Hưu trí", "Số 47 Trần Phú, khóm 1"),
        _voter(18, "Trương Công Định", date(1973, 2, 14), "Nam", "Lái xe", "Số 52 Trần Phú, khóm 1"),
        _voter(19, "Ngô Thị Thu Trang", date(1977, 6, 6), "Nữ", "Buôn bán", "Số 52 Trần Phú, khóm 1"),
        _voter(20, "Trương Thị Yến Nhi", date(2001, 12, 24), "Nữ", "Nhân viên văn phòng", "Số 52 Trần Phú, khóm 1"),
        _voter(21, "Bùi Thanh Sơn", date(1993, 8, 8), "Nam", "Công nhân", "Phòng 4, số 60 Trần Phú, khóm 1", temporary=True),
        _voter(22, "Hồ Thị Diễm", date(1995, 11, 11), "Nữ", "Công nhân", "Phòng 4, số 60 Trần Phú, khóm 1", temporary=True),
        _voter(23, "Y Blin Niê", date(2003, 3, 3), "Nam", "Sinh viên", "Phòng 7, số 60 Trần Phú, khóm 1", ethnicity="Ê Đê", temporary=True),
        _voter(24, "Phan Văn Lực", date(1951, 10, 27), "Nam", "Hưu trí", "Số 66 Trần Phú, khóm 1"),
        _voter(25, "Mai Thị Sáu", date(1953, 7, 17), "Nữ", "Hưu trí", "Số 66 Trần Phú, khóm 1"),
        _voter(26, "Phan Minh Trí", date(1980, 1, 9), "Nam", "Ngư dân", "Số 66 Trần Phú, khóm 1", remark=STRUCK_OFF),
    ]  # fmt: skip
    return voters + more


ELECTION_TITLE = (
    "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI VÀ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP NHIỆM KỲ 2026–2031"
)


def sample() -> VoterListData:
    return VoterListData(
        issuer=["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU"],
        election_title=ELECTION_TITLE,
        polling_area="Khu vực bỏ phiếu số 1",
        place="Phường Bạc Liêu, tỉnh Cà Mau",
        station_address="Nhà văn hóa khóm 1, số 2 Hai Bà Trưng, Phường Bạc Liêu",
        election_day=date(2026, 3, 15),
        issued_place="Bạc Liêu",
        issued_on=date(2026, 2, 3),
        voters=sample_voters(),
        signer_title=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        signer_name="Nguyễn Hoàng Nam",
    )


FORM = FormDefinition(
    code="DS-CT",
    title="Danh sách cử tri",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 29, 30, 31, 32, 34",
    model=VoterListData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        TITLE,
        "ỦY BAN NHÂN DÂN PHƯỜNG BẠC LIÊU",
        "Khu vực bỏ phiếu số 1, Phường Bạc Liêu, tỉnh Cà Mau",
        "Nguyễn Văn Hùng",
        "Thạch Thị Chanh Đa",
        VOTING_ELSEWHERE,
        "Tổng số cử tri: 25 người; trong đó Nam: 12 người, Nữ: 13 người.",
        "Số cử tri bầu cử đại biểu Hội đồng nhân dân xã: 22 người.",
        "Bạc Liêu, ngày 03 tháng 02 năm 2026",
    ),
    page_size="A4",
    orientation="landscape",
    margins_mm=(12, 12, 14, 15),  # 270 mm of line
    form_number="Mẫu số 31/HĐBC",
)
