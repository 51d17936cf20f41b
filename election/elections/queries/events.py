"""SQL on the election event and its contests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.elections.tables import ContestLevel, ElectionKind
from election.sql import query

# --------------------------------------------------------------------------
# The election event


@dataclass(frozen=True)
class ElectionRow:
    id: int
    name: str
    kind: ElectionKind
    election_day: dt.date
    voting_opens: dt.time
    voting_closes: dt.time
    term: str
    assembly_term: str = ""
    # "dbqh" or "dbqh_tinh": ballots of a certificate holder outside the home
    # province; the law is uncertain, so it is set per election (Art. 34).
    certificate_outside_province: str = "dbqh"

    @property
    def kind_label(self) -> str:
        return self.kind.label


_ELECTION = """
    SELECT id, name, kind, election_day, voting_opens, voting_closes, term, assembly_term,
           certificate_outside_province
    FROM election
"""


@query(f"{_ELECTION} WHERE id = :election_id")
async def election(*, election_id: int) -> ElectionRow | None: ...


@query(f"{_ELECTION} ORDER BY election_day DESC, id DESC")
async def elections() -> list[ElectionRow]: ...


@query("""
    INSERT INTO election (name, kind, election_day, voting_opens, voting_closes, term,
                          assembly_term)
    VALUES (:name, :kind, :election_day, :voting_opens, :voting_closes, :term, :assembly_term)
    RETURNING id
""")
async def insert_election(
    *,
    name: str,
    kind: ElectionKind,
    election_day: dt.date,
    voting_opens: dt.time,
    voting_closes: dt.time,
    term: str,
    assembly_term: str,
) -> int: ...


@query("UPDATE election SET certificate_outside_province = :policy WHERE id = :election_id")
async def set_certificate_policy(*, election_id: int, policy: str) -> None: ...


# --------------------------------------------------------------------------
# Contests


@dataclass(frozen=True)
class ContestRow:
    id: int
    election_id: int
    level: ContestLevel
    name: str
    province_code: str | None
    province_name: str | None
    commune_code: str | None
    commune_name: str | None
    # Printed by the official models: the People's Council's term number
    # (models 14, 15, 22) and the NEC resolution fixing the ĐBQH list (17).
    council_term: str = ""
    list_resolution_number: str = ""
    list_resolution_date: dt.date | None = None

    @property
    def level_label(self) -> str:
        return self.level.label


_CONTEST = """
    SELECT ct.id, ct.election AS election_id, ct.level, ct.name,
           p.code AS province_code, p.name AS province_name,
           c.code AS commune_code, c.name AS commune_name,
           ct.council_term, ct.list_resolution_number, ct.list_resolution_date
    FROM contest ct
    LEFT JOIN province p ON p.code = ct.province
    LEFT JOIN commune c ON c.code = ct.commune
"""


@query(f"{_CONTEST} WHERE ct.id = :contest_id")
async def contest(*, contest_id: int) -> ContestRow | None: ...


@query(f"""
    {_CONTEST}
    WHERE ct.election = :election_id
      AND (:province_code::text IS NULL OR ct.province IS NULL OR ct.province = :province_code)
      AND (:commune_code::text IS NULL OR ct.commune IS NULL OR ct.commune = :commune_code)
    ORDER BY CASE ct.level WHEN 'dbqh' THEN 0 WHEN 'hdnd_tinh' THEN 1 ELSE 2 END,
             ct.province, ct.commune
""")
async def contests_in_scope(
    *, election_id: int, province_code: str | None, commune_code: str | None
) -> list[ContestRow]:
    """The contests of an election seen from a place: ĐBQH always, and the
    councils of the province and commune (None: every one)."""
    ...


@query("""
    SELECT EXISTS (
        SELECT 1 FROM contest WHERE election = :election_id AND level = :level
          AND province IS NOT DISTINCT FROM :province_code::text
          AND commune IS NOT DISTINCT FROM :commune_code::text)
""")
async def contest_exists(
    *, election_id: int, level: ContestLevel, province_code: str | None, commune_code: str | None
) -> bool: ...


@query("""
    INSERT INTO contest (election, level, province, commune, name, council_term)
    VALUES (:election_id, :level, :province_code, :commune_code, :name, :council_term)
    RETURNING id
""")
async def insert_contest(
    *,
    election_id: int,
    level: ContestLevel,
    province_code: str | None,
    commune_code: str | None,
    name: str,
    council_term: str,
) -> int: ...


@query("""
    UPDATE contest SET council_term = :council_term,
        list_resolution_number = :list_resolution_number,
        list_resolution_date = :list_resolution_date
    WHERE id = :contest_id
""")
async def set_contest_details(
    *,
    contest_id: int,
    council_term: str,
    list_resolution_number: str,
    list_resolution_date: dt.date | None,
) -> None:
    """What the official models print of a contest besides its name."""
    ...


@query("""
    SELECT level FROM contest WHERE election = :election_id
      AND (level = 'dbqh' OR (level = 'hdnd_tinh' AND province = :province_code)
           OR (level = 'hdnd_xa' AND commune = :commune_code))
    ORDER BY id
""")
async def levels_covering_commune(
    *, election_id: int, province_code: str, commune_code: str
) -> list[ContestLevel]:
    """The levels of the contests a commune's voters take part in (Art. 76(1))."""
    ...


# --------------------------------------------------------------------------
# Setting an election up from the pages


@query("""
    UPDATE election SET name = :name, kind = :kind, election_day = :election_day,
        voting_opens = :voting_opens, voting_closes = :voting_closes, term = :term,
        assembly_term = :assembly_term
    WHERE id = :election_id
""")
async def update_election(
    *,
    election_id: int,
    name: str,
    kind: ElectionKind,
    election_day: dt.date,
    voting_opens: dt.time,
    voting_closes: dt.time,
    term: str,
    assembly_term: str,
) -> None: ...


@query("""
    INSERT INTO contest (election, level, province, commune, name, council_term)
    SELECT :election_id::int, :level::text, t.province, t.commune, t.name, :council_term::text
    FROM unnest(:province_codes::text[], :commune_codes::text[], :names::text[])
        AS t(province, commune, name)
    WHERE NOT EXISTS (
        SELECT 1 FROM contest x WHERE x.election = :election_id AND x.level = :level
          AND x.province IS NOT DISTINCT FROM t.province
          AND x.commune IS NOT DISTINCT FROM t.commune)
    ON CONFLICT DO NOTHING
    RETURNING id
""")
async def insert_contests(
    *,
    election_id: int,
    level: ContestLevel,
    province_codes: list[str | None],
    commune_codes: list[str | None],
    names: list[str],
    council_term: str,
) -> list[int]:
    """The contests of one level at many places at once; those already there are kept."""
    ...


@query("""
    UPDATE contest SET name = t.name
    FROM unnest(:contest_ids::int[], :names::text[]) AS t(id, name)
    WHERE contest.id = t.id AND contest.name <> t.name
""")
async def rename_contests(*, contest_ids: list[int], names: list[str]) -> None: ...


@dataclass(frozen=True)
class ProvinceContests:
    """A province's contests in an election: its council's, and its communes'."""

    code: str
    name: str
    province_contest_id: int | None
    commune_contests: int
    communes: int


@query("""
    SELECT p.code, p.name,
           min(ct.id) FILTER (WHERE ct.level = 'hdnd_tinh') AS province_contest_id,
           count(ct.id) FILTER (WHERE ct.level = 'hdnd_xa') AS commune_contests,
           (SELECT count(*) FROM commune c WHERE c.province = p.code) AS communes
    FROM province p
    LEFT JOIN contest ct ON ct.province = p.code AND ct.election = :election_id
    GROUP BY p.code
    ORDER BY p.code
""")
async def contests_by_province(*, election_id: int) -> list[ProvinceContests]: ...


@query("""
    SELECT id FROM contest
    WHERE election = :election_id AND level = 'dbqh'
""")
async def national_contest(*, election_id: int) -> int | None: ...
