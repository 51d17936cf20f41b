"""The province election committee's minutes of the National Assembly result
in the province ("biên bản xác định kết quả bầu cử đại biểu Quốc hội ở tỉnh,
thành phố"), Mẫu số 20/HĐBC-QH of Resolution 40/NQ-HĐBCQG.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 83: from the boards'
minutes the committee records the number of electoral units, the
candidates, the voters, the voters who took part and their share, the valid
and invalid ballots, the votes of each candidate, the winners by unit, the
complaints settled by the teams and the boards, the major events and how
they were handled, the complaints it settled itself, and the complaints and
recommendations forwarded to the National Election Council. Four copies,
signed by the chair and the deputy chairs, go to the National Election
Council, the Standing Committee of the National Assembly, the Central
Committee of the Fatherland Front and the province's Fatherland Front
within seven days after election day (Art. 83(3)).

The outline is the one the council summary shares: `forms.committee_minutes`.
"""

from __future__ import annotations

from datetime import date, datetime

from forms.base import FormDefinition
from forms.committee_minutes import (
    CandidateVotes,
    CommitteeMinutesData,
    FollowUp,
    SummaryUnit,
    Turnout,
    layout,
)
from forms.minutes import Member

# The data of model 20 is the committee's outline.
ProvinceResultData = CommitteeMinutesData


def _unit(
    number: int,
    communes: str,
    figures: tuple[int, int, int, int],
    candidates: list[tuple[str, int, str]],
    seats: int = 3,
) -> SummaryUnit:
    on_list, took_part, valid, invalid = figures
    return SummaryUnit(
        number=number,
        name=f"Đơn vị bầu cử số {number}",
        communes=communes,
        seats=seats,
        turnout=Turnout(
            voters_on_list=on_list, voters_took_part=took_part, valid=valid, invalid=invalid
        ),
        candidates=[
            CandidateVotes(full_name=name, votes=votes, percent=percent, elected=index < seats)
            for index, (name, votes, percent) in enumerate(candidates)
        ],
    )


def sample() -> CommitteeMinutesData:
    third = _unit(
        3,
        "Xã Đầm Dơi, Xã Cái Nước, Xã Năm Căn",
        (175_118, 171_256, 169_004, 2_252),
        [
            ("Bùi Quốc Việt", 140_551, "83,16"),
            ("Tăng Thị Mỹ", 133_920, "79,24"),
            ("Hồ Văn Đức", 81_118, "48,00"),
            ("La Thị Thu", 74_002, "43,79"),
            ("Đinh Công Khanh", 52_118, "30,84"),
        ],
        seats=2,
    )
    # Only two of three seats filled: a bầu cử thêm among the others (Art. 79).
    third.seats = 3
    third.note = "Bầu cử thêm ngày 22/3/2026"
    third.supplementary = FollowUp(
        voting_day=date(2026, 3, 22),
        turnout=Turnout(
            voters_on_list=175_118, voters_took_part=160_204, valid=158_870, invalid=1_334
        ),
        candidates=[
            CandidateVotes(full_name="Hồ Văn Đức", votes=90_112, percent="56,72", elected=True),
            CandidateVotes(full_name="La Thị Thu", votes=51_030, percent="32,12"),
            CandidateVotes(full_name="Đinh Công Khanh", votes=17_728, percent="11,16"),
        ],
        reason="Điều 79",
    )
    return CommitteeMinutesData(
        header=["ỦY BAN BẦU CỬ", "TỈNH CÀ MAU"],
        committee="Ủy ban bầu cử tỉnh Cà Mau",
        contest_title="BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        deputies="đại biểu Quốc hội",
        term="khóa XVI",
        place="tỉnh Cà Mau",
        met_at=datetime(2026, 3, 20, 8, 0),
        meeting_place="Trụ sở Ủy ban nhân dân tỉnh Cà Mau",
        members=[
            Member(name="Lê Minh Khái", role="Chủ tịch", honorific="Ông"),
            Member(name="Phan Thị Mai", role="Phó Chủ tịch", honorific="Bà"),
            Member(name="Trần Quốc Toản", role="Phó Chủ tịch", honorific="Ông"),
            Member(name="Nguyễn Thị Hạnh", role="Ủy viên", honorific="Bà"),
        ],
        units=[
            _unit(
                1,
                "Phường Bạc Liêu, Phường Vĩnh Trạch, Phường Hiệp Thành",
                (186_452, 183_907, 181_206, 2_689),
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
                "Phường An Xuyên, Phường Tân Thành, Xã Lương Thế Trân",
                (201_330, 197_845, 195_102, 2_743),
                [
                    ("Phạm Thị Kim Loan", 160_004, "82,01"),
                    ("Dương Văn Hiếu", 149_876, "76,82"),
                    ("Kim Sóc Khá", 121_337, "62,19"),
                    ("Mai Thanh Tùng", 80_210, "41,11"),
                    ("Ngô Thị Yến", 41_985, "21,52"),
                ],
            ),
            third,
        ],
        complaints_by_teams_and_boards="Các Tổ bầu cử giải quyết 17 khiếu nại tại chỗ về việc "
        "xác định phiếu hợp lệ; các Ban bầu cử giải quyết 02 đơn đề nghị kiểm tra lại biên bản.",
        major_events="Không có sự việc làm gián đoạn cuộc bầu cử.",
        attachments=["Biên bản xác định kết quả bầu cử của 03 Ban bầu cử đại biểu Quốc hội."],
        head="Lê Minh Khái",
        deputy_heads=["Phan Thị Mai", "Trần Quốc Toản"],
        election_day=date(2026, 3, 15),
    )


FORM = FormDefinition(
    code="BB-KQ-QH-TINH",
    title="Biên bản xác định kết quả bầu cử đại biểu Quốc hội ở tỉnh, thành phố",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 79, 80, 81, 83; Nghị quyết 40/NQ-HĐBCQG, Mẫu số 20/HĐBC-QH",
    model=CommitteeMinutesData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "XÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        "Ở TỈNH CÀ MAU",
        "thì tỉnh Cà Mau được bầu 9 đại biểu Quốc hội",
        "thì tỉnh Cà Mau có 15 người ứng cử",
        "Phạm Thị Kim Loan",
        "Hồ Văn Đức",
        "được lập thành 04 bản",
        "CHỦ TỊCH",
        "CÁC PHÓ CHỦ TỊCH",
    ),
    form_number="Mẫu số 20/HĐBC-QH",
)
