"""The summary minutes of a People's Council election ("biên bản tổng kết cuộc
bầu cử đại biểu Hội đồng nhân dân"), Mẫu số 25/HĐBC-HĐND of Resolution
40/NQ-HĐBCQG, one per Ủy ban bầu cử for its level.

Law 85/2015/QH13 (amended by 83/2025/QH15), Art. 85: after receiving the
boards' minutes, the election committee of the province or of the commune
records the seats of the administrative unit, the candidates, the voters,
the voters who took part and their share, the valid and invalid ballots,
the votes of each candidate, the winners of each electoral unit, the major
events and how they were handled, and the complaints it settled. Six
copies, signed by the chair and the deputy chairs; the model's note (10)
names the recipients of each level.

The outline is the one the province minutes of the National Assembly share:
`forms.committee_minutes`.
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

# The data of model 25 is the committee's outline.
CouncilSummaryData = CommitteeMinutesData

# Note (10) of the model: who receives the six copies, by level.
COMMUNE_RECIPIENTS = (
    "Hội đồng nhân dân, Ủy ban nhân dân, Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cùng "
    "cấp và tỉnh, thành phố"
)
PROVINCE_RECIPIENTS = (
    "Hội đồng nhân dân, Ủy ban nhân dân, Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cùng "
    "cấp, Ủy ban Thường vụ Quốc hội, Chính phủ, Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
)


def _candidate(name: str, votes: int, percent: str, elected: bool = False) -> CandidateVotes:
    return CandidateVotes(full_name=name, votes=votes, percent=percent, elected=elected)


def sample() -> CommitteeMinutesData:
    return CommitteeMinutesData(
        header=["ỦY BAN BẦU CỬ", "PHƯỜNG BẠC LIÊU"],
        committee="Ủy ban bầu cử phường Bạc Liêu",
        contest_title="BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN PHƯỜNG BẠC LIÊU KHÓA I, NHIỆM KỲ "
        "2026-2031",
        deputies="đại biểu Hội đồng nhân dân phường Bạc Liêu",
        term="khóa I, nhiệm kỳ 2026-2031",
        place="phường Bạc Liêu",
        met_at=datetime(2026, 3, 24, 14, 0),
        meeting_place="Trụ sở Ủy ban nhân dân phường Bạc Liêu",
        members=[
            Member(name="Nguyễn Thanh Phong", role="Chủ tịch", honorific="Ông"),
            Member(name="Trần Thị Thu Hà", role="Phó Chủ tịch", honorific="Bà"),
            Member(name="Lâm Văn Quý", role="Ủy viên", honorific="Ông"),
        ],
        units=[
            SummaryUnit(
                number=1,
                name="Đơn vị bầu cử số 1",
                communes="khóm 1, khóm 2, khóm 3",
                seats=3,
                turnout=Turnout(
                    voters_on_list=6_240, voters_took_part=6_172, valid=6_101, invalid=71
                ),
                candidates=[
                    _candidate("Võ Thị Hồng", 5_012, "82,15", True),
                    _candidate("Đặng Minh Khoa", 4_633, "75,94", True),
                    _candidate("Lý Thanh Tâm", 3_920, "64,25", True),
                    _candidate("Châu Ngọc Hân", 2_105, "34,50"),
                    _candidate("Tô Văn Lực", 1_218, "19,96"),
                ],
            ),
            SummaryUnit(
                number=2,
                name="Đơn vị bầu cử số 2",
                communes="khóm 4, khóm 5",
                seats=3,
                turnout=Turnout(
                    voters_on_list=4_815, voters_took_part=4_730, valid=4_688, invalid=42
                ),
                candidates=[
                    _candidate("Huỳnh Thị Ánh", 3_802, "81,10", True),
                    _candidate("Lê Văn Sang", 2_301, "49,08"),
                    _candidate("Trịnh Thu Trang", 2_209, "47,12"),
                    _candidate("Quách Minh Nhựt", 1_062, "22,65"),
                ],
                note="Bầu cử thêm ngày 22/3/2026",
                supplementary=FollowUp(
                    voting_day=date(2026, 3, 22),
                    turnout=Turnout(
                        voters_on_list=4_815, voters_took_part=4_402, valid=4_377, invalid=25
                    ),
                    candidates=[
                        _candidate("Lê Văn Sang", 2_604, "59,49", True),
                        _candidate("Trịnh Thu Trang", 2_398, "54,79", True),
                        _candidate("Quách Minh Nhựt", 1_133, "25,89"),
                    ],
                    reason="Điều 79",
                ),
            ),
        ],
        major_events="Khu vực bỏ phiếu số 4 tạm dừng bỏ phiếu 20 phút do mất điện; Tổ bầu cử "
        "niêm phong hòm phiếu, lập biên bản và tiếp tục bỏ phiếu ngay khi có điện (Điều 71).",
        complaints_by_committee="01 đơn của cử tri về việc ghi tên trong danh sách cử tri; đã "
        "trả lời bằng văn bản ngày 17/3/2026.",
        recipients=COMMUNE_RECIPIENTS,
        head="Nguyễn Thanh Phong",
        deputy_heads=["Trần Thị Thu Hà"],
        election_day=date(2026, 3, 15),
    )


FORM = FormDefinition(
    code="BB-TK-HDND",
    title="Biên bản tổng kết cuộc bầu cử đại biểu Hội đồng nhân dân",
    legal_basis="Luật Bầu cử ĐBQH và đại biểu HĐND 85/2015/QH13, sửa đổi bởi 83/2025/QH15, "
    "Điều 79, 80, 81, 85; Nghị quyết 40/NQ-HĐBCQG, Mẫu số 25/HĐBC-HĐND",
    model=CommitteeMinutesData,
    layout=layout,
    sample=sample,
    sample_must_contain=(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIÊN BẢN TỔNG KẾT CUỘC BẦU CỬ",
        "phường Bạc Liêu được bầu 6 đại biểu Hội đồng nhân dân",
        "có tổng cộng 9 người ứng cử",
        "Võ Thị Hồng",
        "Lê Văn Sang",
        "được lập thành 06 bản",
        "CHỦ TỊCH",
        "CÁC PHÓ CHỦ TỊCH",
    ),
    form_number="Mẫu số 25/HĐBC-HĐND",
)
