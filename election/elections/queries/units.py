"""SQL on electoral units: the unit, its communes, the polling areas following
them, and the state of its official list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from election.elections.tables import ContestLevel
from election.sql import query


@dataclass(frozen=True)
class UnitRow:
    id: int
    contest_id: int
    election_id: int
    level: ContestLevel
    contest_name: str
    province_code: str
    province_name: str
    commune_code: str | None
    commune_name: str | None
    number: int
    name: str
    seats: int
    description: str
    announced_on: dt.date | None
    list_finalized_at: dt.datetime | None
    shortfall_decision: str
    communes: list[tuple[str, str]] = field(default_factory=list[tuple[str, str]])  # (code, name)
    candidate_count: int = 0
    polling_area_count: int = 0

    @property
    def level_label(self) -> str:
        return self.level.label

    @property
    def commune_codes(self) -> list[str]:
        if self.commune_code:
            return [self.commune_code]
        return [code for code, _ in self.communes]

    @property
    def area_text(self) -> str:
        """The unit's territory as printed on lists and ballots."""
        if self.level == ContestLevel.COMMUNE_COUNCIL:
            return self.description or (self.commune_name or "")
        return ", ".join(name for _, name in self.communes)

    @property
    def finalized(self) -> bool:
        return self.list_finalized_at is not None


_UNIT = """
    SELECT u.id, u.contest AS contest_id, ct.election AS election_id, ct.level,
           ct.name AS contest_name, u.province AS province_code, p.name AS province_name,
           u.commune AS commune_code, c.name AS commune_name, u.number, u.name, u.seats,
           u.description, u.announced_on, u.list_finalized_at, u.shortfall_decision,
           COALESCE((SELECT json_agg(json_build_array(uc.commune, cc.name) ORDER BY uc.commune)
                     FROM electoral_unit_commune uc JOIN commune cc ON cc.code = uc.commune
                     WHERE uc.unit = u.id), '[]')::text AS communes,
           (SELECT count(*) FROM candidate k WHERE k.unit = u.id AND k.removed_on IS NULL)
               AS candidate_count,
           (SELECT count(*) FROM polling_area_unit pu WHERE pu.unit = u.id) AS polling_area_count
    FROM electoral_unit u
    JOIN contest ct ON ct.id = u.contest
    JOIN province p ON p.code = u.province
    LEFT JOIN commune c ON c.code = u.commune
"""


@query(f"{_UNIT} WHERE u.id = :unit_id")
async def unit(*, unit_id: int) -> UnitRow | None: ...


@query(f"""
    {_UNIT}
    WHERE u.contest = :contest_id
      AND (:province_code::text IS NULL OR u.province = :province_code)
    ORDER BY u.province, u.number
""")
async def units_of_contest(*, contest_id: int, province_code: str | None) -> list[UnitRow]: ...


@dataclass(frozen=True)
class UnitKey:
    """A unit as import files name it: its province and number."""

    id: int
    province_code: str
    number: int


@query(
    "SELECT id, province AS province_code, number FROM electoral_unit WHERE contest = :contest_id"
)
async def unit_keys(*, contest_id: int) -> list[UnitKey]: ...


@dataclass(frozen=True)
class CommuneUnit:
    """An HĐND xã unit of a commune, as polling areas choose it."""

    id: int
    number: int
    name: str


@query("""
    SELECT u.id, u.number, u.name FROM electoral_unit u JOIN contest ct ON ct.id = u.contest
    WHERE ct.election = :election_id AND ct.level = 'hdnd_xa' AND ct.commune = :commune_code
    ORDER BY u.number
""")
async def commune_council_units(*, election_id: int, commune_code: str) -> list[CommuneUnit]: ...


@dataclass(frozen=True)
class UnitContest:
    """The contest an electoral unit belongs to."""

    level: ContestLevel
    election_id: int
    commune_code: str | None


@query("""
    SELECT ct.level, ct.election AS election_id, ct.commune AS commune_code
    FROM electoral_unit u JOIN contest ct ON ct.id = u.contest WHERE u.id = :unit_id
""")
async def unit_contest(*, unit_id: int) -> UnitContest | None: ...


# --------------------------------------------------------------------------
# Saving a unit


@query("""
    SELECT EXISTS (
        SELECT 1 FROM electoral_unit
        WHERE contest = :contest_id AND province = :province_code AND number = :number
          AND (:unit_id::int IS NULL OR id <> :unit_id))
""")
async def unit_number_taken(
    *, contest_id: int, province_code: str, number: int, unit_id: int | None
) -> bool: ...


@dataclass(frozen=True)
class TakenCommune:
    code: str
    name: str
    unit_name: str


@query("""
    SELECT uc.commune AS code, c.name, u.name AS unit_name FROM electoral_unit_commune uc
    JOIN electoral_unit u ON u.id = uc.unit JOIN commune c ON c.code = uc.commune
    WHERE uc.contest = :contest_id AND uc.commune = ANY(:codes::text[])
      AND (:unit_id::int IS NULL OR uc.unit <> :unit_id)
""")
async def communes_taken(
    *, contest_id: int, codes: list[str], unit_id: int | None
) -> list[TakenCommune]:
    """The communes among `codes` that another unit of the contest already covers."""
    ...


@query("""
    WITH changed AS (
        UPDATE electoral_unit SET number = :number, name = :name, seats = :seats,
            description = :description, announced_on = :announced_on
        WHERE id = :unit_id
        RETURNING id
    ), added AS (
        INSERT INTO electoral_unit (contest, province, commune, number, name, seats, description,
                                    announced_on, shortfall_decision)
        SELECT :contest_id, :province_code, :commune_code, :number, :name, :seats, :description,
               :announced_on, ''
        WHERE :unit_id::int IS NULL
        RETURNING id
    )
    SELECT id FROM changed UNION ALL SELECT id FROM added
""")
async def save_unit(
    *,
    unit_id: int | None,
    contest_id: int,
    province_code: str,
    commune_code: str | None,
    number: int,
    name: str,
    seats: int,
    description: str,
    announced_on: dt.date | None,
) -> int:
    """Add a unit to the contest (unit_id None) or change one; its id. A unit
    keeps its contest and place once created."""
    ...


@query("DELETE FROM electoral_unit_commune WHERE unit = :unit_id")
async def delete_unit_communes(*, unit_id: int) -> None: ...


@query("""
    INSERT INTO electoral_unit_commune (unit, commune, contest)
    SELECT :unit_id, code, :contest_id FROM unnest(:codes::text[]) AS code
""")
async def insert_unit_communes(*, unit_id: int, contest_id: int, codes: list[str]) -> None: ...


# ĐBQH and HĐND tỉnh units are unions of whole communes, so every polling
# area of a covered commune belongs to the covering unit (Art. 11(1)): after
# a unit's communes change, the areas of those communes follow in two steps.


@query("""
    DELETE FROM polling_area_unit pu USING polling_area pa
    WHERE pu.polling_area = pa.id AND pu.contest = :contest_id
      AND pa.commune = ANY(:codes::text[])
      AND pu.unit NOT IN (SELECT uc.unit FROM electoral_unit_commune uc
                          WHERE uc.contest = :contest_id AND uc.commune = pa.commune)
""")
async def drop_uncovered_area_units(*, contest_id: int, codes: list[str]) -> None: ...


@query("""
    INSERT INTO polling_area_unit (polling_area, contest, unit)
    SELECT pa.id, uc.contest, uc.unit FROM polling_area pa
    JOIN electoral_unit_commune uc ON uc.commune = pa.commune AND uc.contest = :contest_id
    WHERE pa.commune = ANY(:codes::text[])
    ON CONFLICT (polling_area, contest) DO UPDATE SET unit = EXCLUDED.unit
""")
async def give_areas_covering_units(*, contest_id: int, codes: list[str]) -> None: ...


# --------------------------------------------------------------------------
# Deleting a unit


@query("DELETE FROM polling_area_unit WHERE unit = :unit_id")
async def delete_unit_areas(*, unit_id: int) -> None: ...


@query("DELETE FROM electoral_unit WHERE id = :unit_id")
async def delete_unit(*, unit_id: int) -> None: ...


# --------------------------------------------------------------------------
# The official list (Art. 57-60)


@query("UPDATE electoral_unit SET shortfall_decision = :decision WHERE id = :unit_id")
async def set_shortfall_decision(*, unit_id: int, decision: str) -> None: ...


@query("UPDATE electoral_unit SET list_finalized_at = now() WHERE id = :unit_id")
async def mark_list_finalized(*, unit_id: int) -> None: ...


@query("UPDATE electoral_unit SET list_finalized_at = NULL WHERE id = :unit_id")
async def reopen_list(*, unit_id: int) -> None: ...


# Whether any sheet of the unit holds figures: once it does, what the unit and
# its list mean is counted (structure.integrity). SQL only, so elections does
# not import the tallies domain above it.
@query(
    """SELECT EXISTS (
         SELECT 1 FROM tally_entry e JOIN tally_sheet s ON s.id = e.sheet
          WHERE s.unit = :unit_id)"""
)
async def unit_counting_begun(*, unit_id: int) -> bool: ...


@query(
    """SELECT EXISTS (
         SELECT 1 FROM tally_entry e JOIN tally_sheet s ON s.id = e.sheet
          WHERE s.polling_area = :polling_area_id)"""
)
async def area_counting_begun(*, polling_area_id: int) -> bool: ...
