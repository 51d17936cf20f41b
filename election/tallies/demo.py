"""Election night, replayed on the demo data set (Phường Bạc Liêu, Cà Mau).

Every polling area of the ward reports its three tally sheets through the
real services: the team (area no. 1) or the ward's staff types the paper
minutes, a second user types them again, and the board of the unit approves
(the province board for ĐBQH and HĐND tỉnh sheets, the ward's board for HĐND
xã sheets). The figures are synthetic but plausible: turnout 92–99 %, a few
invalid ballots, ballots that keep the right number of names.

Three things are left for the people watching the dashboard:
- one HĐND tỉnh sheet whose ballots in the box are one fewer than the voters
  who took part: verified, flagged, waiting for the board's review;
- one ĐBQH sheet whose second entry swapped two candidates' votes: still
  "submitted", the two fields shown as mismatches;
- one HĐND xã unit where only three of its five seats find a candidate with
  more than half of the valid ballots: fewer than two thirds, so a bầu cử
  thêm is due (Art. 79).

Deterministic for a seed; sheets already entered are skipped, so a second
run changes nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from election.accounts import services as accounts
from election.actor import Actor
from election.clock import VIETNAM
from election.demo_data import COMMUNE_CODE, SEED
from election.elections import services as elections
from election.elections import training_clock
from election.elections.tables import ContestLevel
from election.errors import NotFound
from election.tallies import rules, services
from election.tallies.queries import demo as queries
from election.tallies.tables import SheetState

# The areas and the unit that carry the three open cases.
REVIEW_AREA, REVIEW_LEVEL = 17, ContestLevel.PROVINCE_COUNCIL
MISMATCH_AREA, MISMATCH_LEVEL = 29, ContestLevel.NATIONAL_ASSEMBLY
SHORT_UNIT_NUMBER = 6

# Who types, who verifies, who approves.
TEAM_LOGINS = ("to.kv01", "to.kv01.thuky")  # the team of area no. 1
STAFF_LOGINS = ("phuong.baclieu", "tinh.camau")  # every other area
PROVINCE_BOARD = "ban.camau"
WARD_BOARD = "ban.baclieu"

REVIEW_NOTE = "Số phiếu thu vào ít hơn số cử tri đã bỏ phiếu một phiếu; chờ Ban bầu cử xem xét."


@dataclass
class ReplayReport:
    election_id: int
    sheets: int = 0
    approved: int = 0
    skipped: int = 0
    review_sheet: int | None = None
    mismatch_sheet: int | None = None
    short_unit: int | None = None
    lines: list[str] = field(default_factory=list)


async def replay_tallies(
    *,
    delay: float = 0.0,
    seed: int = SEED,
    echo: Callable[[str], None] | None = None,
) -> ReplayReport:
    """Enter, verify and approve every sheet of the demo ward, `delay` seconds apart."""
    election_id = await queries.latest_election_of_commune(commune_code=COMMUNE_CODE)
    if election_id is None:
        raise NotFound("Chưa có dữ liệu mẫu của Phường Bạc Liêu: chạy `election demo` trước.")
    report = ReplayReport(election_id=election_id)
    now = await _counting_clock(election_id)
    actors = {
        username: await _actor(username)
        for username in (*TEAM_LOGINS, *STAFF_LOGINS, PROVINCE_BOARD, WARD_BOARD)
    }
    areas = await queries.areas_of_commune(election_id=election_id, commune_code=COMMUNE_CODE)
    team_area = actors[TEAM_LOGINS[0]].polling_area_id
    rng = random.Random(seed)
    # Results come in as the teams finish counting, not in number order.
    order = list(areas)
    rng.shuffle(order)
    system = Actor.system("replay-tallies")
    for area in order:
        turnout = rng.uniform(0.92, 0.99)
        sheets = [
            s
            for s in await services.area_sheets(polling_area_id=area.id, actor=system)
            if s.round_id is None
        ]
        signatories = await _signatories(area.id)
        for sheet in sheets:
            line = f"Khu vực bỏ phiếu số {area.number:02d} · {sheet.level_label}: "
            if sheet.state != SheetState.DRAFT:
                report.skipped += 1
                _say(report, echo, line + f"đã có ({sheet.state_label}), bỏ qua")
                continue
            short = sheet.level == ContestLevel.COMMUNE_COUNCIL and (
                sheet.unit_number == SHORT_UNIT_NUMBER
            )
            if short:
                report.short_unit = sheet.unit_id
            figures = sheet_figures(
                sheet,
                random.Random(f"{seed}:{sheet.id}"),
                turnout=turnout,
                popularity=_popularity(sheet, seed, short=short),
                short=short,
            )
            review = area.number == REVIEW_AREA and sheet.level == REVIEW_LEVEL
            if review:
                figures = one_ballot_missing(figures)
            mismatch = area.number == MISMATCH_AREA and sheet.level == MISMATCH_LEVEL
            typer, checker = TEAM_LOGINS if area.id == team_area else STAFF_LOGINS
            submission = services.Submission(
                figures=figures,
                voting_opened=dt.time(7, 0),
                voting_closed=dt.time(19, 0),
                closing_time=dt.time(20, 10 + area.number % 40),
                signatories=signatories,
                incidents=INCIDENT if figures.complaints_received else "",
            )
            await services.submit(
                sheet_id=sheet.id,
                submission=submission,
                actor=actors[typer],
                idempotency_key=f"replay:{sheet.id}:1",
                now=now,
            )
            second = replace(submission, figures=swapped(figures)) if mismatch else submission
            response = await services.submit(
                sheet_id=sheet.id,
                submission=second,
                actor=actors[checker],
                idempotency_key=f"replay:{sheet.id}:2",
                now=now,
            )
            report.sheets += 1
            if mismatch:
                report.mismatch_sheet = sheet.id
                fields = ", ".join(response["mismatches"])
                _say(report, echo, line + f"hai lần nhập không khớp ({fields}), chờ nhập lại")
            elif review:
                report.review_sheet = sheet.id
                _say(report, echo, line + "đã kiểm tra chéo, có cảnh báo, chờ Ban bầu cử xem xét")
            else:
                board = (
                    WARD_BOARD if sheet.level == ContestLevel.COMMUNE_COUNCIL else PROVINCE_BOARD
                )
                await services.approve(sheet_id=sheet.id, actor=actors[board])
                report.approved += 1
                _say(report, echo, line + f"đã phê duyệt ({board})")
            if delay:
                await asyncio.sleep(delay)
    return report


def _say(report: ReplayReport, echo: Callable[[str], None] | None, text: str) -> None:
    report.lines.append(text)
    if echo is not None:
        echo(text)


async def _actor(username: str) -> Actor:
    user = await accounts.find_user(username=username)
    if user is None:
        raise NotFound(f"Thiếu tài khoản mẫu {username}.")
    return user.actor()


async def _counting_clock(election_id: int) -> dt.datetime | None:
    """The election's clock (a training clock shifts it) once counting has
    begun; before that, election night."""
    election = await elections.get_election(election_id=election_id)
    night = dt.datetime.combine(election.election_day, dt.time(19, 30), tzinfo=VIETNAM)
    return None if await training_clock.now_for(election_id) >= night else night


# Voters of the demo ward invited to witness (Art. 73): synthetic names.
WITNESSES = (
    ("Phạm Văn Tư", "Khóm 1, Phường Bạc Liêu"),
    ("Lâm Thị Mai", "Khóm 2, Phường Bạc Liêu"),
    ("Trương Minh Hậu", "Khóm 3, Phường Bạc Liêu"),
    ("Quách Thị Ngọc", "Khóm 5, Phường Bạc Liêu"),
)
INCIDENT = (
    "Một cử tri hỏi về một phiếu gạch chéo cả dòng tên; Tổ bầu cử xác định phiếu hợp lệ vì "
    "nét gạch phủ hết họ và tên (Điều 74). Cử tri đồng ý."
)


async def _signatories(polling_area_id: int) -> dict:
    """The team as it met (head, secretary, members) and the voters who
    witnessed the check of the box and the count."""
    rows = await queries.team_signatories(polling_area_id=polling_area_id)
    names = {r.role: r.full_name for r in rows}
    people = [{"name": n, "residence": r} for n, r in WITNESSES]
    box, count = (people[:2], people[2:]) if polling_area_id % 2 else (people[2:], people[:2])
    return {
        "head": names.get("head", ""),
        "secretary": names.get("secretary", ""),
        "members": [r.full_name for r in rows if r.role == "member"],
        "box_witnesses": box,
        "witnesses": count,
    }


def _popularity(sheet: services.SheetContext, seed: int, *, short: bool) -> list[float]:
    """Each candidate's share of the valid ballots, fixed per unit so that every
    area of a unit leans the same way.

    A normal unit: `seats` favourites well above half, the others well below,
    scaled so a ballot keeps on average a little under `seats` names. The
    short unit: fewer than two thirds of the seats find a majority (Art. 79)."""
    rng = random.Random(f"{seed}:unit:{sheet.unit_id}")
    count, seats = len(sheet.candidates), sheet.seats
    if short:
        strong = math.ceil(2 * seats / 3) - 1
        favourites = set(rng.sample(range(count), strong))
        return [
            rng.uniform(0.60, 0.72) if i in favourites else rng.uniform(0.20, 0.40)
            for i in range(count)
        ]
    favourites = set(rng.sample(range(count), min(seats, count)))
    raw = [
        rng.uniform(0.80, 1.00) if i in favourites else rng.uniform(0.20, 0.40)
        for i in range(count)
    ]
    names = min(seats, count) * rng.uniform(0.90, 0.97)
    return [min(1.0, r * names / sum(raw)) for r in raw]


def sheet_figures(
    sheet: services.SheetContext,
    rng: random.Random,
    *,
    turnout: float,
    popularity: list[float],
    short: bool = False,
) -> rules.SheetFigures:
    """Minutes that pass Art. 76: the voter list's count, `turnout` of it voting,
    a few invalid ballots, each candidate's votes near its popularity."""
    listed = sheet.voters_on_list_from_list
    took_part = math.floor(listed * turnout)
    invalid = min(took_part, round(took_part * rng.uniform(0.0, 0.015)))
    valid = took_part - invalid
    votes = {
        c.id: min(valid, math.floor(valid * share * rng.uniform(0.97, 1.03)))
        for c, share in zip(sheet.candidates, popularity, strict=True)
    }
    if votes and sum(votes.values()) < valid:  # only on a tiny area
        top = max(votes, key=votes.__getitem__)
        votes[top] = valid
    delivered = listed + 10 + (-listed) % 10
    complaints = 1 if rng.random() < 0.1 else 0
    # A voter or two who spoiled a ballot and exchanged it (Art. 69).
    spoiled = rng.choice((0, 0, 0, 1, 2))
    return rules.SheetFigures(
        voters_on_list=listed,
        voters_took_part=took_part,
        ballots_issued=took_part,
        ballots_received=took_part,
        valid=valid,
        invalid=invalid,
        votes=votes,
        complaints_received=complaints,
        complaints_settled=complaints,
        unused_ballots=delivered - took_part - spoiled,
        ballots_delivered=delivered,
        spoiled_ballots=spoiled,
    )


def one_ballot_missing(figures: rules.SheetFigures) -> rules.SheetFigures:
    """A voter left with the ballot: one fewer in the box than took part (a warning)."""
    valid = figures.valid - 1 if figures.valid else figures.valid
    invalid = figures.invalid if figures.valid else figures.invalid - 1
    top = max(figures.votes, key=figures.votes.__getitem__)
    votes = {c: min(v, valid) for c, v in figures.votes.items()}
    if sum(votes.values()) < valid:
        votes[top] = valid
    return replace(
        figures,
        ballots_received=figures.ballots_received - 1,
        valid=valid,
        invalid=invalid,
        votes=votes,
    )


def swapped(figures: rules.SheetFigures) -> rules.SheetFigures:
    """The same minutes with two candidates' votes typed on each other's line."""
    ids = sorted(figures.votes, key=figures.votes.__getitem__)
    low, high = ids[0], ids[-1]
    votes = {**figures.votes, low: figures.votes[high], high: figures.votes[low]}
    return replace(figures, votes=votes)
