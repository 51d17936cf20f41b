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
    builder = _Builder(conn, election_day=election_day, levels=levels, seed=seed)
    await builder.election(province_codes)
    await builder.contests()
    await builder.polling_areas(areas)
    await builder.units(dbqh_units, dbqh_seats)
    await builder.candidates()
    await builder.sheets(approved_entries)
    if approved_entries:
        await builder.entries()
    return builder.data


# (contest, province, commune, number, seats, communes covered, areas covered)
_Unit = tuple[int, str, str | None, int, int, list[str], list[int]]


class _Builder:
    """The tables of the data set, written one group after another with COPY."""

    def __init__(
        self, conn: asyncpg.Connection, *, election_day: dt.date, levels: tuple[str, ...], seed: int
    ):
        self.conn = conn
        self.election_day = election_day
        self.levels = levels
        self.rng = random.Random(seed)
        self.ids = _Ids(conn)
        self.now = dt.datetime.combine(election_day, dt.time(21, 0), tzinfo=dt.UTC)
        self.data = Dataset(election_id=0)
        self.communes: list[asyncpg.Record] = []
        self.by_province: dict[str, list[str]] = {}
        self.provinces: list[str] = []
        self.contest_of: dict[tuple[str, str | None], int] = {}
        self.level_of_contest: dict[int, str] = {}
        self.areas_of: dict[str, list[int]] = {}
        self.unit_rows: list[_Unit] = []
        self.unit_ids: list[int] = []
        # unit -> (candidate ids, popularity, seats)
        self.ballots: dict[int, tuple[list[int], list[float], int]] = {}
        self.links: list[tuple[int, int, int]] = []  # (area, contest, unit)
        self.sheet_ids: list[int] = []
        self.entry_ids: list[int] = []

    async def election(self, province_codes: list[str] | None) -> None:
        self.communes = await self.conn.fetch(
            "SELECT code, province FROM commune WHERE $1::text[] IS NULL OR province = ANY($1) "
            "ORDER BY province, code",
            province_codes,
        )
        for c in self.communes:
            self.by_province.setdefault(c["province"], []).append(c["code"])
        self.provinces = sorted(self.by_province)
        self.data.election_id = await self.conn.fetchval(
            "INSERT INTO election (name, kind, election_day, term, assembly_term) "
            "VALUES ($1, 'general', $2, '2026–2031', 'XVI') RETURNING id",
            "Bầu cử thử nghiệm quy mô quốc gia",
            self.election_day,
        )

    async def contests(self) -> None:
        """One ĐBQH, one HĐND tỉnh per province, one HĐND xã per commune."""
        rows: list[tuple[str, str | None, str | None, str]] = []
        if "dbqh" in self.levels:
            rows.append(("dbqh", None, None, "Bầu cử đại biểu Quốc hội khóa XVI"))
        if "hdnd_tinh" in self.levels:
            rows += [
                ("hdnd_tinh", p, None, f"Bầu cử đại biểu HĐND tỉnh {p}") for p in self.provinces
            ]
        if "hdnd_xa" in self.levels:
            rows += [
                ("hdnd_xa", c["province"], c["code"], f"Bầu cử đại biểu HĐND xã {c['code']}")
                for c in self.communes
            ]
        contest_ids = await self.ids.take("contest", len(rows))
        await self.conn.copy_records_to_table(
            "contest",
            columns=["id", "election", "level", "province", "commune", "name"],
            records=[
                (i, self.data.election_id, *row) for i, row in zip(contest_ids, rows, strict=True)
            ],
        )
        for i, (level, province, commune, _name) in zip(contest_ids, rows, strict=True):
            self.contest_of[(level, commune or province)] = i
            self.level_of_contest[i] = level
            self.data.contest_ids.setdefault(level, []).append(i)

    async def polling_areas(self, areas: int) -> None:
        """More polling areas in some communes than others."""
        all_communes = [c["code"] for c in self.communes]
        per_commune = _split(areas, [self.rng.uniform(0.5, 1.5) for _ in all_communes])
        rows: list[tuple[str, int]] = []  # (commune, number)
        for code, count in zip(all_communes, per_commune, strict=True):
            rows += [(code, n) for n in range(1, count + 1)]
        area_ids = list(await self.ids.take("polling_area", len(rows)))
        for area_id, (code, _n) in zip(area_ids, rows, strict=True):
            self.areas_of.setdefault(code, []).append(area_id)
        decided = self.election_day - dt.timedelta(days=50)
        await self.conn.copy_records_to_table(
            "polling_area",
            columns=["id", "election", "commune", "number", "name", "planned_voters", "decided_on"],
            records=[
                (i, self.data.election_id, code, n, f"Khu vực bỏ phiếu số {n}", 1200, decided)
                for i, (code, n) in zip(area_ids, rows, strict=True)
            ],
        )
        self.data.areas = len(area_ids)

    def _covered(self, communes: list[str]) -> list[int]:
        return [a for code in communes for a in self.areas_of.get(code, [])]

    def _dbqh_units(self, dbqh_units: int, dbqh_seats: int) -> None:
        contest = self.contest_of[("dbqh", None)]
        counts = _split(dbqh_units, [len(self.by_province[p]) for p in self.provinces])
        three = dbqh_seats - 2 * dbqh_units
        if not 0 <= three <= dbqh_units:
            raise ValueError("ĐBQH units elect 2 or 3 deputies each in this data set")
        seats = [3] * three + [2] * (dbqh_units - three)
        self.rng.shuffle(seats)
        seat_iter = iter(seats)
        for province, count in zip(self.provinces, counts, strict=True):
            for number, run in enumerate(_chunks(self.by_province[province], max(1, count)), 1):
                self.unit_rows.append(
                    (contest, province, None, number, next(seat_iter), run, self._covered(run))
                )

    def _council_units(self) -> None:
        if "hdnd_tinh" in self.levels:
            for province in self.provinces:
                contest = self.contest_of[("hdnd_tinh", province)]
                count = math.ceil(len(self.by_province[province]) / 4)
                for number, run in enumerate(_chunks(self.by_province[province], count), 1):
                    self.unit_rows.append(
                        (contest, province, None, number, 3, run, self._covered(run))
                    )
        if "hdnd_xa" in self.levels:
            for c in self.communes:
                contest = self.contest_of[("hdnd_xa", c["code"])]
                commune_areas = self.areas_of.get(c["code"], [])
                count = max(1, min(6, len(commune_areas) // 4))
                seats = 5 if count >= 3 else 3
                for number, run in enumerate(_chunks(commune_areas, count), 1):
                    self.unit_rows.append(
                        (contest, c["province"], c["code"], number, seats, [], run)
                    )

    async def units(self, dbqh_units: int, dbqh_seats: int) -> None:
        if "dbqh" in self.levels:
            self._dbqh_units(dbqh_units, dbqh_seats)
        self._council_units()
        self.unit_ids = list(await self.ids.take("electoral_unit", len(self.unit_rows)))
        announced = self.election_day - dt.timedelta(days=90)
        finalized = self.now - dt.timedelta(days=30)
        await self.conn.copy_records_to_table(
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
                (i, contest, province, commune, number, f"Đơn vị bầu cử số {number}", seats,
                 announced, finalized)
                for i, (contest, province, commune, number, seats, _c, _a) in zip(
                    self.unit_ids, self.unit_rows, strict=True
                )
            ],
        )  # fmt: skip
        await self.conn.copy_records_to_table(
            "electoral_unit_commune",
            columns=["unit", "commune", "contest"],
            records=[
                (i, code, unit[0])
                for i, unit in zip(self.unit_ids, self.unit_rows, strict=True)
                for code in unit[5]
            ],
        )
        self.data.units = len(self.unit_ids)

    async def candidates(self) -> None:
        """The legal minimum of each unit's list; popularity fixed per unit."""
        rows = []
        rng = self.rng
        for unit_id, unit in zip(self.unit_ids, self.unit_rows, strict=True):
            level, seats = self.level_of_contest[unit[0]], unit[4]
            count = _candidate_minimum(level, seats)
            self.ballots[unit_id] = ([], [rng.uniform(0.3, 1.0) for _ in range(count)], seats)
            for index in range(count):
                sex = "female" if index % 2 else "male"
                name = (
                    f"{rng.choice(_FAMILIES)} {rng.choice(_MIDDLE[sex])} {rng.choice(_GIVEN[sex])}"
                )
                born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 38 * 365))
                rows.append((unit_id, name, born, sex, _name_key(name) + born.strftime("%Y%m%d")))
        candidate_ids = await self.ids.take("candidate", len(rows))
        for i, row in zip(candidate_ids, rows, strict=True):
            self.ballots[row[0]][0].append(i)
        await self.conn.copy_records_to_table(
            "candidate",
            columns=["id", "unit", "full_name", "date_of_birth", "sex", "ballot_sort_key"],
            records=[(i, *row) for i, row in zip(candidate_ids, rows, strict=True)],
        )
        self.data.candidates = len(candidate_ids)

    async def sheets(self, approved_entries: bool) -> None:
        """One unit of each contest per area, and one sheet per area and contest."""
        self.links = sorted(
            (area, unit[0], unit_id)
            for unit_id, unit in zip(self.unit_ids, self.unit_rows, strict=True)
            for area in unit[6]
        )
        await self.conn.copy_records_to_table(
            "polling_area_unit", columns=["polling_area", "contest", "unit"], records=self.links
        )
        self.sheet_ids = list(await self.ids.take("tally_sheet", len(self.links)))
        columns = ["id", "polling_area", "contest", "unit", "state"]
        if approved_entries:
            self.entry_ids = list(await self.ids.take("tally_entry", len(self.links)))
            columns += [
                "submitted_entry",
                "verified_entry",
                "approved_entry",
                "approved_by",
                "approved_at",
            ]
            rows = [
                (s, area, contest, unit, "approved", e, e, e, "bench", self.now)
                for s, e, (area, contest, unit) in zip(
                    self.sheet_ids, self.entry_ids, self.links, strict=True
                )
            ]
        else:
            rows = [
                (s, area, contest, unit, "draft")
                for s, (area, contest, unit) in zip(self.sheet_ids, self.links, strict=True)
            ]
        await self.conn.copy_records_to_table("tally_sheet", columns=columns, records=rows)
        self.data.sheets = len(self.sheet_ids)
        self.data.sheet_ballots = {
            s: (self.ballots[unit][0], self.ballots[unit][2])
            for s, (_area, _contest, unit) in zip(self.sheet_ids, self.links, strict=True)
        }

    async def entries(self) -> None:
        """An approved entry with its votes per sheet."""
        entries, votes = [], []
        for e, s, (_area, _contest, unit) in zip(
            self.entry_ids, self.sheet_ids, self.links, strict=True
        ):
            candidates, popularity, seats = self.ballots[unit]
            figures, counts = _figures(self.rng, popularity, seats)
            entries.append((e, s, 1, "verification", *figures, "bench", self.now))
            votes += [(e, c, v) for c, v in zip(candidates, counts, strict=True)]
        await self.conn.copy_records_to_table(
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
        await self.conn.copy_records_to_table(
            "tally_vote", columns=["entry", "candidate", "votes"], records=votes
        )
        self.data.entries, self.data.votes = len(entries), len(votes)
