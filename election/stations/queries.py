"""SQL on polling areas and the electoral units they belong to, and the
concept of a listed voter that every count of an area's voters shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from election.elections.tables import ContestLevel
from election.errors import Violation
from election.sql import query
from election.stations import rules
from election.stations.tables import PollingAreaKind


def listed_voter(voter: str = "v") -> str:
    """A voter who is on the list and votes here (not elsewhere with a certificate, Art. 34).

    The partial index `voter_listed_ballots` has exactly this predicate: keep
    the two identical so counts of an area's listed voters stay index-only.
    """
    return f"{voter}.status = 'listed' AND NOT {voter}.voting_elsewhere"


@dataclass(frozen=True)
class AreaUnit:
    contest_id: int
    level: ContestLevel
    unit_id: int
    unit_number: int
    unit_name: str


@dataclass(frozen=True)
class PollingAreaRow:
    id: int
    election_id: int
    commune_code: str
    commune_name: str
    province_code: str
    number: int
    name: str
    station_address: str
    kind: PollingAreaKind
    planned_voters: int
    early_voting_date: dt.date | None
    decided_on: dt.date | None
    notes: str
    election_day: dt.date
    listed_voters: int = 0
    units: list[AreaUnit] = field(default_factory=list[AreaUnit])

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @cached_property
    def warnings(self) -> list[Violation]:
        """Art. 11: the size of the area (by its list once there is one, else
        as planned) and the date it was fixed."""
        if self.listed_voters:
            size = rules.check_polling_area_size(self.kind, self.listed_voters, counted=True)
        else:
            size = rules.check_polling_area_size(self.kind, self.planned_voters)
        return size + rules.check_polling_area_decided(self.decided_on, self.election_day)

    def unit_for(self, level: ContestLevel | str) -> AreaUnit | None:
        return next((u for u in self.units if u.level == ContestLevel(level)), None)

    def public(self) -> dict[str, object]:
        return {
            "election_id": self.election_id,
            "commune_code": self.commune_code,
            "number": self.number,
            "name": self.name,
            "station_address": self.station_address,
            "kind": self.kind,
            "planned_voters": self.planned_voters,
            "early_voting_date": self.early_voting_date,
            "decided_on": self.decided_on,
            "notes": self.notes,
            "units": {u.level.value: u.unit_id for u in self.units},
        }


_AREA = f"""
    SELECT pa.id, pa.election AS election_id, pa.commune AS commune_code, c.name AS commune_name,
           c.province AS province_code, pa.number, pa.name, pa.station_address, pa.kind,
           pa.planned_voters, pa.early_voting_date, pa.decided_on, pa.notes, el.election_day,
           (SELECT count(*) FROM voter v WHERE v.polling_area = pa.id AND {listed_voter("v")})
               AS listed_voters,
           COALESCE((SELECT json_agg(json_build_object(
                                'contest_id', pu.contest, 'level', ct.level, 'unit_id', u.id,
                                'unit_number', u.number, 'unit_name', u.name)
                             ORDER BY ct.level)
                     FROM polling_area_unit pu JOIN contest ct ON ct.id = pu.contest
                     JOIN electoral_unit u ON u.id = pu.unit
                     WHERE pu.polling_area = pa.id), '[]')::text AS units
    FROM polling_area pa JOIN commune c ON c.code = pa.commune
    JOIN election el ON el.id = pa.election
"""


@query(f"{_AREA} WHERE pa.id = :polling_area_id")
async def polling_area(*, polling_area_id: int) -> PollingAreaRow | None: ...


@query(
    f"{_AREA} WHERE pa.election = :election_id AND pa.commune = :commune_code ORDER BY pa.number"
)
async def polling_areas_of_commune(
    *, election_id: int, commune_code: str
) -> list[PollingAreaRow]: ...


@dataclass(frozen=True)
class CommuneAreaCount:
    commune_code: str
    areas: int


@query("""
    SELECT commune AS commune_code, count(*) AS areas FROM polling_area
    WHERE election = :election_id AND commune = ANY(:commune_codes::text[])
    GROUP BY commune
""")
async def area_counts(*, election_id: int, commune_codes: list[str]) -> list[CommuneAreaCount]: ...


# --------------------------------------------------------------------------
# Saving an area


@query("""
    SELECT EXISTS (
        SELECT 1 FROM polling_area
        WHERE election = :election_id AND commune = :commune_code AND number = :number
          AND (:polling_area_id::int IS NULL OR id <> :polling_area_id))
""")
async def area_number_taken(
    *, election_id: int, commune_code: str, number: int, polling_area_id: int | None
) -> bool: ...


@query("""
    WITH changed AS (
        UPDATE polling_area SET number = :number, name = :name,
            station_address = :station_address, kind = :kind, planned_voters = :planned_voters,
            early_voting_date = :early_voting_date, decided_on = :decided_on, notes = :notes
        WHERE id = :polling_area_id
        RETURNING id
    ), added AS (
        INSERT INTO polling_area (election, commune, number, name, station_address, kind,
                                  planned_voters, early_voting_date, decided_on, notes)
        SELECT :election_id, :commune_code, :number, :name, :station_address, :kind,
               :planned_voters, :early_voting_date, :decided_on, :notes
        WHERE :polling_area_id::int IS NULL
        RETURNING id
    )
    SELECT id FROM changed UNION ALL SELECT id FROM added
""")
async def save_area(
    *,
    polling_area_id: int | None,
    election_id: int,
    commune_code: str,
    number: int,
    name: str,
    station_address: str,
    kind: PollingAreaKind,
    planned_voters: int,
    early_voting_date: dt.date | None,
    decided_on: dt.date | None,
    notes: str,
) -> int:
    """Add an area to the commune (polling_area_id None) or change one; its id.
    An area keeps its election and commune once created."""
    ...


# The ĐBQH and HĐND tỉnh units of an area are those covering its commune
# (unions of whole communes, Art. 11(1)); two steps keep them so.


@query("""
    DELETE FROM polling_area_unit pu USING contest ct
    WHERE pu.polling_area = :polling_area_id AND ct.id = pu.contest
      AND ct.election = :election_id AND ct.level IN ('dbqh', 'hdnd_tinh')
      AND NOT EXISTS (SELECT 1 FROM electoral_unit_commune uc
                      WHERE uc.unit = pu.unit AND uc.commune = :commune_code)
""")
async def drop_uncovering_units(
    *, polling_area_id: int, election_id: int, commune_code: str
) -> None: ...


@query("""
    INSERT INTO polling_area_unit (polling_area, contest, unit)
    SELECT :polling_area_id, uc.contest, uc.unit FROM electoral_unit_commune uc
    JOIN contest ct ON ct.id = uc.contest
    WHERE uc.commune = :commune_code AND ct.election = :election_id
    ON CONFLICT (polling_area, contest) DO UPDATE SET unit = EXCLUDED.unit
""")
async def give_covering_units(
    *, polling_area_id: int, election_id: int, commune_code: str
) -> None: ...


# The HĐND xã unit is chosen (those units are parts of a commune): the area's
# unit of its commune's HĐND xã contest is set, or cleared when `unit_id` is
# None. Nothing happens while the commune has no such contest.


@query("""
    DELETE FROM polling_area_unit pu USING contest ct
    WHERE pu.polling_area = :polling_area_id AND pu.contest = ct.id
      AND ct.election = :election_id AND ct.level = 'hdnd_xa' AND ct.commune = :commune_code
""")
async def clear_commune_unit(
    *, polling_area_id: int, election_id: int, commune_code: str
) -> None: ...


@query("""
    INSERT INTO polling_area_unit (polling_area, contest, unit)
    SELECT :polling_area_id, ct.id, :unit_id FROM contest ct
    WHERE ct.election = :election_id AND ct.level = 'hdnd_xa' AND ct.commune = :commune_code
    ON CONFLICT (polling_area, contest) DO UPDATE SET unit = EXCLUDED.unit
""")
async def set_commune_unit(
    *, polling_area_id: int, election_id: int, commune_code: str, unit_id: int
) -> None: ...


# --------------------------------------------------------------------------
# Deleting an area


@query("SELECT EXISTS (SELECT 1 FROM user_account WHERE scope_polling_area = :polling_area_id)")
async def area_has_accounts(*, polling_area_id: int) -> bool:
    """Whether an account of a team is scoped to the area."""
    ...


@query("DELETE FROM polling_area WHERE id = :polling_area_id")
async def delete_area(*, polling_area_id: int) -> None: ...
