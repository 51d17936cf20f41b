"""Synthetic election data written with COPY only (no ORM, no services), for the
benchmarks that need a national-scale or a large provincial scene.

Every row satisfies the real constraints and foreign keys, which stay enabled:
units are unions of whole communes (one unit per contest and commune), a polling
area belongs to one unit of each contest, one sheet per area and contest,
figures that pass the arithmetic of Art. 76 and the checks of `tally_entry`.
Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
from dataclasses import dataclass, field

import asyncpg

# The national shape of 2026 (34 provinces, 3,321 communes after the reform).
NATIONAL_AREAS = 72_195
NATIONAL_DBQH_UNITS = 182
NATIONAL_DBQH_SEATS = 500

_FAMILIES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
_FAMILIES += ("Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Tô", "Cao", "Mai", "Quách")
_MIDDLE = {
    "male": ("Văn", "Hữu", "Minh", "Quốc", "Thanh", "Đức", "Công", "Hoàng"),
    "female": ("Thị", "Ngọc", "Thu", "Kim", "Hồng", "Mỹ", "Thanh", "Bích"),
}
_GIVEN = {
    "male": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khải", "Long", "Nam", "Phúc"),
    "female": ("Anh", "Châu", "Diễm", "Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai", "Ngân"),
}


@dataclass
class Dataset:
    election_id: int
    contest_ids: dict[str, list[int]] = field(default_factory=dict)
    units: int = 0
    candidates: int = 0
    areas: int = 0
    sheets: int = 0
    entries: int = 0
    votes: int = 0
    # sheet id -> (candidate ids of its unit, seats), for building submissions.
    sheet_ballots: dict[int, tuple[list[int], int]] = field(default_factory=dict)


class _Ids:
    """Ids reserved from a table's own sequence, so later inserts never collide."""

    def __init__(self, conn: asyncpg.Connection):
        self.conn = conn

    async def take(self, table: str, count: int) -> range:
        if count == 0:
            return range(0)
        sequence = await self.conn.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table)
        start = await self.conn.fetchval("SELECT nextval($1)", sequence)
        if count > 1:
            await self.conn.execute("SELECT setval($1, $2)", sequence, start + count - 1)
        return range(start, start + count)


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, largest remainders first."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _chunks(items: list, count: int) -> list[list]:
    """`items` cut into `count` contiguous, nearly equal, non-empty runs."""
    sizes = _split(len(items), [1.0] * count)
    runs, start = [], 0
    for size in sizes:
        runs.append(items[start : start + size])
        start += size
    return runs


@functools.cache
def _name_key(full_name: str) -> str:
    from election.elections.ballot_order import ballot_sort_key

    # The key ends with YYYYMMDD; the name part is the same for every birth date.
    return ballot_sort_key(full_name, None)[:-8]


def _candidate_minimum(level: str, seats: int) -> int:
    from election.elections.rules import minimum_candidates

    return minimum_candidates(level, seats)


def _figures(rng: random.Random, popularity: list[float], seats: int) -> tuple[tuple, list[int]]:
    """One sheet: (voters_on_list, took_part, issued, received, valid, invalid) and votes."""
    listed = rng.randrange(600, 1800)
    took_part = int(listed * rng.uniform(0.92, 0.995))
    invalid = rng.randrange(0, 1 + took_part // 80)
    valid = took_part - invalid
    # Each valid ballot keeps between one and `seats` names; most keep `seats`.
    names = int(valid * min(seats, len(popularity)) * rng.uniform(0.85, 1.0))
    weights = [p * rng.uniform(0.9, 1.1) for p in popularity]
    votes = [min(valid, v) for v in _split(names, weights)]
    if sum(votes) < valid:  # only with one candidate and capped votes
        votes[0] = valid
    return (listed, took_part, took_part, took_part, valid, invalid), votes


async def generate(
    conn: asyncpg.Connection,
    *,
    election_day: dt.date,
    areas: int = NATIONAL_AREAS,
    province_codes: list[str] | None = None,
    levels: tuple[str, ...] = ("dbqh", "hdnd_tinh", "hdnd_xa"),
    dbqh_units: int = NATIONAL_DBQH_UNITS,
    dbqh_seats: int = NATIONAL_DBQH_SEATS,
    approved_entries: bool = True,
    seed: int = 2026,
) -> Dataset:
    """One election over the given provinces (all by default) with `areas` polling
    areas, the units and candidates of `levels`, a sheet per area and contest and,
    with `approved_entries`, one approved entry with its votes per sheet."""
    rng = random.Random(seed)
    ids = _Ids(conn)
    now = dt.datetime.combine(election_day, dt.time(21, 0), tzinfo=dt.UTC)

    communes = await conn.fetch(
        "SELECT code, province FROM commune WHERE $1::text[] IS NULL OR province = ANY($1) "
        "ORDER BY province, code",
        province_codes,
    )
    by_province: dict[str, list[str]] = {}
    for c in communes:
        by_province.setdefault(c["province"], []).append(c["code"])
    provinces = sorted(by_province)

    election_id = await conn.fetchval(
        "INSERT INTO election (name, kind, election_day, term, assembly_term) "
        "VALUES ($1, 'general', $2, '2026–2031', 'XVI') RETURNING id",
        "Bầu cử thử nghiệm quy mô quốc gia",
        election_day,
    )
    data = Dataset(election_id=election_id)

    # Contests: one ĐBQH, one HĐND tỉnh per province, one HĐND xã per commune.
    contest_rows = []
    if "dbqh" in levels:
        contest_rows.append(("dbqh", None, None, "Bầu cử đại biểu Quốc hội khóa XVI"))
    if "hdnd_tinh" in levels:
        contest_rows += [
            ("hdnd_tinh", p, None, f"Bầu cử đại biểu HĐND tỉnh {p}") for p in provinces
        ]
    if "hdnd_xa" in levels:
        contest_rows += [
            ("hdnd_xa", c["province"], c["code"], f"Bầu cử đại biểu HĐND xã {c['code']}")
            for c in communes
        ]
    contest_ids = await ids.take("contest", len(contest_rows))
    await conn.copy_records_to_table(
        "contest",
        columns=["id", "election", "level", "province", "commune", "name"],
        records=[(i, election_id, *row) for i, row in zip(contest_ids, contest_rows, strict=True)],
    )
    contest_of: dict[tuple[str, str | None], int] = {}
    for i, (level, province, commune, _name) in zip(contest_ids, contest_rows, strict=True):
        contest_of[(level, commune or province)] = i
        data.contest_ids.setdefault(level, []).append(i)

    # Polling areas, more in some communes than others.
    all_communes = [c["code"] for c in communes]
    per_commune = _split(areas, [rng.uniform(0.5, 1.5) for _ in all_communes])
    area_rows = []  # (commune, number)
    for code, count in zip(all_communes, per_commune, strict=True):
        area_rows += [(code, n) for n in range(1, count + 1)]
    area_ids = list(await ids.take("polling_area", len(area_rows)))
    areas_of: dict[str, list[int]] = {}
    for area_id, (code, _n) in zip(area_ids, area_rows, strict=True):
        areas_of.setdefault(code, []).append(area_id)
    await conn.copy_records_to_table(
        "polling_area",
        columns=["id", "election", "commune", "number", "name", "planned_voters", "decided_on"],
        records=[
            (
                i,
                election_id,
                code,
                n,
                f"Khu vực bỏ phiếu số {n}",
                1200,
                election_day - dt.timedelta(days=50),
            )
            for i, (code, n) in zip(area_ids, area_rows, strict=True)
        ],
    )
    data.areas = len(area_ids)

    # Units: (contest, province, commune, number, seats, communes covered, areas covered).
    units: list[tuple[int, str, str | None, int, int, list[str], list[int]]] = []
    if "dbqh" in levels:
        contest = contest_of[("dbqh", None)]
        counts = _split(dbqh_units, [len(by_province[p]) for p in provinces])
        three = dbqh_seats - 2 * dbqh_units
        if not 0 <= three <= dbqh_units:
            raise ValueError("ĐBQH units elect 2 or 3 deputies each in this data set")
        seats = [3] * three + [2] * (dbqh_units - three)
        rng.shuffle(seats)
        seat_iter = iter(seats)
        for province, count in zip(provinces, counts, strict=True):
            for number, run in enumerate(_chunks(by_province[province], max(1, count)), 1):
                covered = [a for code in run for a in areas_of.get(code, [])]
                units.append((contest, province, None, number, next(seat_iter), run, covered))
    if "hdnd_tinh" in levels:
        for province in provinces:
            contest = contest_of[("hdnd_tinh", province)]
            count = math.ceil(len(by_province[province]) / 4)
            for number, run in enumerate(_chunks(by_province[province], count), 1):
                covered = [a for code in run for a in areas_of.get(code, [])]
                units.append((contest, province, None, number, 3, run, covered))
    if "hdnd_xa" in levels:
        for c in communes:
            contest = contest_of[("hdnd_xa", c["code"])]
            commune_areas = areas_of.get(c["code"], [])
            count = max(1, min(6, len(commune_areas) // 4))
            seats = 5 if count >= 3 else 3
            for number, run in enumerate(_chunks(commune_areas, count), 1):
                units.append((contest, c["province"], c["code"], number, seats, [], run))
    unit_ids = list(await ids.take("electoral_unit", len(units)))
    level_of_contest = {i: row[0] for i, row in zip(contest_ids, contest_rows, strict=True)}
    await conn.copy_records_to_table(
        "electoral_unit",
        columns=[
            "id",
            "contest",
            "province",
            "commune",
            "number",
            "name",
            "seats",
            "announced_on",
            "list_finalized_at",
        ],
        records=[
            (
                i,
                contest,
                province,
                commune,
                number,
                f"Đơn vị bầu cử số {number}",
                seats,
                election_day - dt.timedelta(days=90),
                now - dt.timedelta(days=30),
            )
            for i, (contest, province, commune, number, seats, _c, _a) in zip(
                unit_ids, units, strict=True
            )
        ],
    )
    await conn.copy_records_to_table(
        "electoral_unit_commune",
        columns=["unit", "commune", "contest"],
        records=[
            (i, code, unit[0]) for i, unit in zip(unit_ids, units, strict=True) for code in unit[5]
        ],
    )
    data.units = len(unit_ids)

    # Candidates: the legal minimum of each unit's list; popularity fixed per unit.
    candidate_rows = []
    ballots: dict[int, tuple[list[int], list[float], int]] = {}
    for unit_id, unit in zip(unit_ids, units, strict=True):
        level, seats = level_of_contest[unit[0]], unit[4]
        count = _candidate_minimum(level, seats)
        ballots[unit_id] = ([], [rng.uniform(0.3, 1.0) for _ in range(count)], seats)
        for index in range(count):
            sex = "female" if index % 2 else "male"
            name = f"{rng.choice(_FAMILIES)} {rng.choice(_MIDDLE[sex])} {rng.choice(_GIVEN[sex])}"
            born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 38 * 365))
            candidate_rows.append(
                (unit_id, name, born, sex, _name_key(name) + born.strftime("%Y%m%d"))
            )
    candidate_ids = await ids.take("candidate", len(candidate_rows))
    for i, row in zip(candidate_ids, candidate_rows, strict=True):
        ballots[row[0]][0].append(i)
    await conn.copy_records_to_table(
        "candidate",
        columns=["id", "unit", "full_name", "date_of_birth", "sex", "ballot_sort_key"],
        records=[(i, *row) for i, row in zip(candidate_ids, candidate_rows, strict=True)],
    )
    data.candidates = len(candidate_ids)

    # One unit of each contest per area, and one sheet per area and contest.
    links = [
        (area, unit[0], unit_id)
        for unit_id, unit in zip(unit_ids, units, strict=True)
        for area in unit[6]
    ]
    links.sort()
    await conn.copy_records_to_table(
        "polling_area_unit", columns=["polling_area", "contest", "unit"], records=links
    )
    sheet_ids = list(await ids.take("tally_sheet", len(links)))
    entry_ids = list(await ids.take("tally_entry", len(links))) if approved_entries else []
    sheet_columns = ["id", "polling_area", "contest", "unit", "state"]
    if approved_entries:
        sheet_columns += [
            "submitted_entry",
            "verified_entry",
            "approved_entry",
            "approved_by",
            "approved_at",
        ]
        sheets = [
            (s, area, contest, unit, "approved", e, e, e, "bench", now)
            for s, e, (area, contest, unit) in zip(sheet_ids, entry_ids, links, strict=True)
        ]
    else:
        sheets = [
            (s, area, contest, unit, "draft")
            for s, (area, contest, unit) in zip(sheet_ids, links, strict=True)
        ]
    await conn.copy_records_to_table("tally_sheet", columns=sheet_columns, records=sheets)
    data.sheets = len(sheet_ids)
    data.sheet_ballots = {
        s: (ballots[unit][0], ballots[unit][2])
        for s, (_area, _contest, unit) in zip(sheet_ids, links, strict=True)
    }
    if not approved_entries:
        return data

    entries, votes = [], []
    for e, s, (_area, _contest, unit) in zip(entry_ids, sheet_ids, links, strict=True):
        candidates, popularity, seats = ballots[unit]
        figures, counts = _figures(rng, popularity, seats)
        entries.append((e, s, 1, "verification", *figures, "bench", now))
        votes += [(e, c, v) for c, v in zip(candidates, counts, strict=True)]
    await conn.copy_records_to_table(
        "tally_entry",
        columns=[
            "id",
            "sheet",
            "version",
            "kind",
            "voters_on_list",
            "voters_took_part",
            "ballots_issued",
            "ballots_received",
            "valid",
            "invalid",
            "entered_by",
            "entered_at",
        ],
        records=entries,
    )
    await conn.copy_records_to_table(
        "tally_vote", columns=["entry", "candidate", "votes"], records=votes
    )
    data.entries, data.votes = len(entries), len(votes)
    return data
