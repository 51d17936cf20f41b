"""The election committee's minutes over its electoral units: the result of the
National Assembly election in a province (Mẫu số 20/HĐBC-QH, Art. 83) and
the summary of a People's Council election (Mẫu số 25/HĐBC-HĐND, Art. 85).
Both follow one outline, which this module lays out; `forms.
province_result_minutes` and `forms.council_summary_minutes` define the two
forms.

The outline (Resolution 40/NQ-HĐBCQG): the committee members present; the
resolutions fixing the seats and the candidates; 1. the units and their
communes; 2. per unit, the voters, those who took part and their share, the
valid and invalid ballots with their shares of the ballots received; 3. the
units that vote again (turnout not over half, Art. 80, or a result annulled,
Art. 81) and their re-run's turnout; 4. each candidate's votes by unit (the
re-run's where there was one); 5. the winners by unit, most votes first;
6. the units that hold a bầu cử thêm (Art. 79), its turnout, its votes and
the winners after it; then the complaints and major events, the copies and
the recipients, and the signatures of the chair and the deputy chairs.
Sections 3 and 6 print "Không có." and leave their tables empty when no unit
is concerned, as the notes of the models ask.

While a unit's result is not fixed the figures are provisional: a banner
says so at the top.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from forms.base import Block, Column, Letterhead, NeedSpace, Paragraph, Signatures, Table, Title
from forms.common import collective_signer, is_council, personal_signer
from forms.minutes import (
    CLOCK_BLANK,
    DOTS,
    LEADER,
    NO_ERASURE,
    NOTHING,
    Member,
    PercentText,
    day_text,
    free_text,
    line,
    member_lines,
    percent_text,
    vn_number,
)
from forms.unit_result_minutes import banner

PROVISIONAL = "TẠM TÍNH — CHƯA ĐỦ KẾT QUẢ CÁC ĐƠN VỊ"

COMMITTEE_ROLES = ("Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch", "Ủy viên")


class CandidateVotes(BaseModel):
    full_name: str
    votes: int
    percent: PercentText  # of the unit's valid ballots
    elected: bool = False


class Turnout(BaseModel):
    voters_on_list: int
    voters_took_part: int
    valid: int
    invalid: int

    @property
    def received(self) -> int:
        return self.valid + self.invalid


class FollowUp(BaseModel):
    """A unit's bầu cử lại or bầu cử thêm: its day, turnout and votes."""

    voting_day: date
    turnout: Turnout
    candidates: list[CandidateVotes]  # in list order
    reason: str = ""  # why it was held: "Điều 80", "hủy bỏ kết quả, Điều 81"


class SummaryUnit(BaseModel):
    number: int
    name: str  # "Đơn vị bầu cử số 1"
    communes: str = ""  # "Phường Bạc Liêu, Phường Vĩnh Trạch, …"
    seats: int
    turnout: Turnout
    candidates: list[CandidateVotes]  # the first round's, in list order
    note: str = ""
    rerun: FollowUp | None = None
    supplementary: FollowUp | None = None

    @property
    def final(self) -> list[CandidateVotes]:
        """The votes that decide: the re-run's where there was one (note (4))."""
        return self.rerun.candidates if self.rerun is not None else self.candidates


class CommitteeMinutesData(BaseModel):
    header: list[str]  # ["ỦY BAN BẦU CỬ", "TỈNH CÀ MAU"]
    committee: str  # "Ủy ban bầu cử tỉnh Cà Mau"
    # "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI"; "BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN PHƯỜNG
    # BẠC LIÊU KHÓA I, NHIỆM KỲ 2026-2031": a council's chooses model 25.
    contest_title: str
    deputies: str  # "đại biểu Quốc hội", "đại biểu Hội đồng nhân dân phường Bạc Liêu"
    term: str = ""  # "khóa XVI", "khóa I, nhiệm kỳ 2026-2031"
    place: str  # "tỉnh Cà Mau", "phường Bạc Liêu"
    met_at: datetime | None = None
    meeting_place: str = ""
    members: list[Member] = []
    seats_resolution: str = ""  # "Nghị quyết số 85/NQ-HĐBCQG ngày 15/12/2025"
    list_resolution: str = ""
    units: list[SummaryUnit]
    complaints_by_teams_and_boards: str = ""
    major_events: str = ""
    complaints_by_committee: str = ""
    forwarded_to_council: str = ""  # model 20: complaints and proposals sent to the NEC
    recipients: str = ""  # model 25: who receives the six copies
    attachments: list[str] = []
    head: str = ""
    deputy_heads: list[str] = []
    provisional: bool = False
    election_day: date


def council(data: CommitteeMinutesData) -> bool:
    return is_council(data.contest_title)


def _percent(part: int, whole: int) -> str:
    return f"{percent_text(part, whole)} %"


# --------------------------------------------------------------------------
# Tables


def _turnout_columns(first: str, note: str) -> list[Column]:
    return [
        Column("STT", 0.5, "center"),
        Column(first, 1.7),
        Column("Tổng số cử tri của đơn vị bầu cử", 1.2, "right"),
        Column("Tổng số cử tri đã tham gia bỏ phiếu", 1.2, "right"),
        Column("Tỷ lệ cử tri đã tham gia bỏ phiếu so với tổng số cử tri", 1.2, "right"),
        Column("Số phiếu", 1.0, "right", group="Phiếu hợp lệ"),
        Column("Tỷ lệ % so với tổng số phiếu thu vào", 1.0, "right", group="Phiếu hợp lệ"),
        Column("Số phiếu", 0.9, "right", group="Phiếu không hợp lệ"),
        Column("Tỷ lệ % so với tổng số phiếu thu vào", 1.0, "right", group="Phiếu không hợp lệ"),
        Column(note, 1.0),
    ]


def _turnout_row(number: int, name: str, t: Turnout, note: str = "") -> list[str | int | None]:
    return [
        f"{number}.",
        name,
        vn_number(t.voters_on_list),
        vn_number(t.voters_took_part),
        _percent(t.voters_took_part, t.voters_on_list),
        vn_number(t.valid),
        _percent(t.valid, t.received),
        vn_number(t.invalid),
        _percent(t.invalid, t.received),
        note,
    ]


def turnout_table(
    rows: list[tuple[str, Turnout, str]], *, first: str, note: str, total: bool = True
) -> Table:
    """Per unit: voters, those who took part, valid and invalid ballots, with
    their shares; the total row sums the units (left empty when no unit is
    concerned, as the models' notes ask)."""
    body = [_turnout_row(i, name, t, n) for i, (name, t, n) in enumerate(rows, start=1)]
    if total:
        if rows:
            sums = Turnout(
                voters_on_list=sum(t.voters_on_list for _, t, _ in rows),
                voters_took_part=sum(t.voters_took_part for _, t, _ in rows),
                valid=sum(t.valid for _, t, _ in rows),
                invalid=sum(t.invalid for _, t, _ in rows),
            )
            body.append(["", "Tổng cộng:", *_turnout_row(0, "", sums)[2:]])
        else:
            body.append(["", "Tổng cộng:", *[""] * 8])
    return Table(columns=_turnout_columns(first, note), rows=body, size=7.5, bold_last_row=total)


def votes_table(units: list[tuple[str, list[CandidateVotes]]], who: str) -> Table:
    """Per unit, a row per person: the unit on its first row, the votes and
    their share of the unit's valid ballots."""
    rows: list[list[str | int | None]] = []
    for number, (name, people) in enumerate(units, start=1):
        for index, person in enumerate(people, start=1):
            first = index == 1
            rows.append(
                [
                    f"{number}." if first else "",
                    name if first else "",
                    f"{index}. {person.full_name}",
                    vn_number(person.votes),
                    f"{person.percent} %",
                    "",
                ]
            )
    return Table(
        columns=[
            Column("STT", 0.5, "center"),
            Column("Đơn vị bầu cử", 1.6),
            Column(f"Họ và tên {who}", 2.6),
            Column("Số phiếu bầu", 1.1, "right"),
            Column("Tỷ lệ % so với tổng số phiếu hợp lệ", 1.2, "right"),
            Column("Ghi chú", 0.9),
        ],
        rows=rows,
        size=8.5,
    )


def _winners(people: list[CandidateVotes]) -> list[CandidateVotes]:
    return sorted((p for p in people if p.elected), key=lambda p: -p.votes)


# --------------------------------------------------------------------------
# Sections


def _opening(data: CommitteeMinutesData) -> list[Block]:
    when = (
        f"Vào hồi {data.met_at.hour} giờ {data.met_at.minute:02d} phút, {day_text(data.met_at)}"
        if data.met_at
        else f"Vào hồi {CLOCK_BLANK}, {day_text(None, data.election_day.year)}"
    )
    seats = sum(u.seats for u in data.units)
    candidates = sum(len(u.candidates) for u in data.units)
    election = f"{data.deputies} {data.term}".strip()
    if council(data):
        title = Title(
            "BIÊN BẢN TỔNG KẾT CUỘC BẦU CỬ",
            subtitles=[data.contest_title.removeprefix("BẦU CỬ ")],
        )
        purpose = f"để lập biên bản tổng kết cuộc bầu cử {election}."
        resolution = data.list_resolution or (
            f"Nghị quyết số ……/NQ-UBBC ngày …… tháng …… năm {data.election_day.year}"
        )
        grounds = [
            line(
                "Theo quy định của Luật Tổ chức chính quyền địa phương thì "
                f"{data.place} được bầu {seats} đại biểu Hội đồng nhân dân. Theo {resolution} "
                f"của {data.committee}, có tổng cộng {candidates} người ứng cử {election}."
            ),
            line(
                "Sau khi kiểm tra Biên bản xác định kết quả bầu cử của các Ban bầu cử và giải "
                "quyết khiếu nại, tố cáo (nếu có), Ủy ban bầu cử xác nhận kết quả bầu cử "
                f"{election} như sau:"
            ),
        ]
    else:
        title = Title(
            "BIÊN BẢN",
            subtitles=[f"XÁC ĐỊNH KẾT QUẢ {data.contest_title}", f"Ở {data.place.upper()}"],
        )
        purpose = f"để lập biên bản xác định kết quả bầu cử {election} ở {data.place}."
        year = data.election_day.year
        seats_by = data.seats_resolution or (
            f"Nghị quyết số ……/NQ-HĐBCQG ngày …… tháng …… năm {year - 1}"
        )
        list_by = data.list_resolution or (
            f"Nghị quyết số ……/NQ-HĐBCQG ngày …… tháng …… năm {year}"
        )
        grounds = [
            line(
                f"Theo {seats_by} của Hội đồng bầu cử quốc gia, thì {data.place} được bầu "
                f"{seats} đại biểu Quốc hội."
            ),
            line(
                f"Theo {list_by} của Hội đồng bầu cử quốc gia, thì {data.place} có {candidates} "
                "người ứng cử đại biểu Quốc hội."
            ),
            line(
                "Sau khi kiểm tra Biên bản xác định kết quả bầu cử đại biểu Quốc hội của các Ban "
                "bầu cử đại biểu Quốc hội và giải quyết khiếu nại, tố cáo (nếu có), Ủy ban bầu cử "
                f"xác định kết quả bầu cử đại biểu Quốc hội ở {data.place}, như sau:"
            ),
        ]
    return [
        Letterhead(left=data.header),
        title,
        line(f"{when}, {data.committee} gồm có:"),
        *member_lines(data.members, blank_roles=COMMITTEE_ROLES),
        line(f"Đã họp tại {data.meeting_place or DOTS * 3} {purpose}"),
        *grounds,
    ]


def _units_and_turnout(data: CommitteeMinutesData) -> list[Block]:
    rerun = [u for u in data.units if u.rerun is not None]
    half = "quá một nửa" if council(data) else "quá nửa"
    return [
        line("1. Các đơn vị bầu cử", bold=True),
        Table(
            columns=[
                Column("STT", 0.5, "center"),
                Column("Tên đơn vị bầu cử", 1.8),
                Column("Xã, phường, đặc khu", 5),
            ],
            rows=[[f"{i}", u.name, u.communes] for i, u in enumerate(data.units, start=1)],
            size=8.5,
        ),
        line(
            "2. Số lượng đơn vị bầu cử, tổng số cử tri, số cử tri "
            f"{'' if council(data) else 'đã '}tham gia bỏ phiếu tại địa phương như sau:",
            bold=True,
        ),
        turnout_table(
            [(u.name, u.turnout, u.note) for u in data.units],
            first="Các đơn vị bầu cử",
            note="Ghi chú",
        ),
        NeedSpace(30),
        line(
            "3. Các đơn vị bầu cử có số cử tri đã tham gia bỏ phiếu chưa đạt "
            f"{half} tổng số cử tri của đơn vị bầu cử hoặc có vi phạm pháp luật nghiêm trọng, "
            "phải tổ chức bầu cử lại gồm: " + ("; ".join(_rerun_text(u) for u in rerun) or NOTHING),
            bold=True,
        ),
        line("Kết quả cử tri tham gia bỏ phiếu bầu cử lại như sau:"),
        turnout_table(
            [(u.name, u.rerun.turnout, f"{u.rerun.voting_day:%d/%m/%Y}") for u in rerun if u.rerun],
            first="Các đơn vị bầu cử",
            note="Ghi chú (ngày tổ chức bầu cử lại)",
            total=not council(data),
        ),
    ]


def _rerun_text(unit: SummaryUnit) -> str:
    reason = f" ({unit.rerun.reason})" if unit.rerun and unit.rerun.reason else ""
    return f"{unit.name}{reason}"


def _votes_and_winners(data: CommitteeMinutesData) -> list[Block]:
    short = "đại biểu HĐND" if council(data) else "ĐBQH"
    election = f"{data.deputies} {data.term}".strip()
    winners_heading = (
        f"5. Danh sách những người trúng cử {election} theo từng đơn vị bầu cử như sau:"
        if council(data)
        else "5. Danh sách những người trúng cử đại biểu Quốc hội theo từng đơn vị bầu cử:"
    )
    return [
        NeedSpace(30),
        line(f"4. Số phiếu bầu cho mỗi người ứng cử {_deputies(data)} như sau:", bold=True),
        votes_table([(u.name, u.final) for u in data.units], f"người ứng cử {short}"),
        NeedSpace(30),
        line(winners_heading, bold=True),
        votes_table([(u.name, _winners(u.final)) for u in data.units], f"người trúng cử {short}"),
    ]


def _deputies(data: CommitteeMinutesData) -> str:
    """The deputies without the place: 'đại biểu Hội đồng nhân dân'."""
    return "đại biểu Hội đồng nhân dân" if council(data) else "đại biểu Quốc hội"


def _supplementary(data: CommitteeMinutesData) -> list[Block]:
    units = [u for u in data.units if u.supplementary is not None]
    short = "đại biểu HĐND" if council(data) else "ĐBQH"
    election = f"{data.deputies} {data.term}".strip()
    fixed_by = "Ủy ban bầu cử" if council(data) else "Hội đồng bầu cử quốc gia"
    names = "; ".join(u.name for u in units) or NOTHING
    after = [
        (u.name, _winners(u.final) + _winners(u.supplementary.candidates))
        for u in units
        if u.supplementary
    ]
    return [
        NeedSpace(30),
        line(
            "6. Các đơn vị bầu cử có số người trúng cử ít hơn số "
            f"{_deputies(data)} được bầu "
            f"do {fixed_by} ấn định, phải tổ chức bầu cử thêm{'' if council(data) else ','} "
            f"gồm: {names}",
            bold=True,
        ),
        line("Kết quả cử tri tham gia bỏ phiếu bầu cử thêm như sau:"),
        turnout_table(
            [
                (u.name, u.supplementary.turnout, f"{u.supplementary.voting_day:%d/%m/%Y}")
                for u in units
                if u.supplementary
            ],
            first="Các đơn vị bầu cử",
            note="Ghi chú (ngày tổ chức bầu cử thêm)",
        ),
        line("Kết quả bầu cử thêm như sau:"),
        votes_table(
            [(u.name, u.supplementary.candidates) for u in units if u.supplementary],
            f"người ứng cử {short}",
        ),
        line(f"Danh sách những người trúng cử {election} sau khi bầu cử thêm như sau:"),
        votes_table(after, f"người trúng cử {short}"),
    ]


def _reports(data: CommitteeMinutesData) -> list[Block]:
    filled = not data.provisional
    if council(data):
        items = [
            ("7. Những việc quan trọng đã xảy ra và kết quả giải quyết:", data.major_events),
            (
                "8. Những khiếu nại, tố cáo do Ủy ban bầu cử đã giải quyết:",
                data.complaints_by_committee,
            ),
        ]
    else:
        items = [
            (
                "7. Những khiếu nại, tố cáo do Tổ bầu cử, Ban bầu cử đã giải quyết:",
                data.complaints_by_teams_and_boards,
            ),
            ("8. Những việc quan trọng đã xảy ra và cách giải quyết:", data.major_events),
            (
                "9. Những khiếu nại, tố cáo do Ủy ban bầu cử đã giải quyết:",
                data.complaints_by_committee,
            ),
            (
                "10. Những khiếu nại, tố cáo và kiến nghị chuyển đến Hội đồng bầu cử quốc gia:",
                data.forwarded_to_council,
            ),
        ]
    blocks: list[Block] = []
    for label, text in items:
        blocks += free_text(label, text, filled=filled or bool(text))
    return blocks


def _closing(data: CommitteeMinutesData) -> list[Block]:
    election = f"{data.deputies} {data.term}".strip()
    if council(data):
        sent = (
            f"Biên bản tổng kết cuộc bầu cử {election} được lập thành 06 bản và được gửi đến "
            f"{data.recipients or DOTS * 4}."
        )
        deputies = "CÁC PHÓ CHỦ TỊCH"
    else:
        sent = (
            f"Biên bản xác định kết quả bầu cử đại biểu Quốc hội ở {data.place} được lập thành "
            "04 bản và được gửi đến Hội đồng bầu cử quốc gia, Ủy ban Thường vụ Quốc hội, Ủy ban "
            "Trung ương Mặt trận Tổ quốc Việt Nam và Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp."
        )
        deputies = "CÁC PHÓ CHỦ TỊCH\nỦY BAN BẦU CỬ"
    blocks: list[Block] = [line(sent)]
    if not council(data):
        blocks.append(line("Các tài liệu kèm theo gồm:"))
        blocks += [
            line(f"{number}. {text}", indent=5, space_after=1.2)
            for number, text in enumerate(data.attachments, start=1)
        ] or [line("1.", indent=5, leader=LEADER), line("2.", indent=5, leader=LEADER)]
    blocks += [
        NeedSpace(45),
        Signatures(
            [
                collective_signer(
                    "ỦY BAN BẦU CỬ", "CHỦ TỊCH", seal_of="Ủy ban bầu cử", name=data.head
                ),
                personal_signer(deputies, name="\n".join(data.deputy_heads)),
            ],
            size=10,
        ),
        line(NO_ERASURE, italic=True, size=9),
    ]
    if data.provisional:
        blocks.append(
            Paragraph(
                f"{PROVISIONAL}: số liệu còn thay đổi khi kết quả của các đơn vị bầu cử được xác "
                "định.",
                italic=True,
                size=8,
                align="center",
            )
        )
    return blocks


def layout(data: CommitteeMinutesData) -> list[Block]:
    blocks: list[Block] = [banner(PROVISIONAL)] if data.provisional else []
    return [
        *blocks,
        *_opening(data),
        *_units_and_turnout(data),
        *_votes_and_winners(data),
        *_supplementary(data),
        *_reports(data),
        *_closing(data),
    ]
