"""SQL on candidates: a unit's list in ballot order, a person's other
candidacies, changes to the list, and a contest's candidates in bulk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from election.elections.tables import ContestLevel, RemovalReason, Sex
from election.sql import query

# The fields of a candidate as the official lists show them (Art. 57(5);
# models 16, 17, 22 of Resolution 40/NQ-HĐBCQG), in the order of the table,
# the API and the import layout.
CANDIDATE_FIELDS = (
    "personal_id",
    "full_name",
    "other_name",
    "date_of_birth",
    "sex",
    "nationality",
    "hometown",
    "residence",
    "ethnicity",
    "religion",
    "education",
    "qualification",
    "academic_title",
    "political_theory",
    "foreign_language",
    "occupation_position",
    "workplace",
    "party_joined",
    "assembly_deputy",
    "current_deputy",
    "note",
)


@dataclass(frozen=True)
class CandidateRow:
    id: int
    unit_id: int
    personal_id: str | None
    full_name: str
    other_name: str
    date_of_birth: dt.date
    sex: Sex
    nationality: str
    hometown: str
    residence: str
    ethnicity: str
    religion: str
    education: str
    qualification: str
    academic_title: str
    political_theory: str
    foreign_language: str
    occupation_position: str
    workplace: str
    party_joined: dt.date | None
    assembly_deputy: str
    current_deputy: str
    note: str
    removed_on: dt.date | None
    removal_reason: RemovalReason | None
    removal_decision: str

    @property
    def sex_label(self) -> str:
        return self.sex.label

    @property
    def removed(self) -> bool:
        return self.removed_on is not None

    @property
    def removal_label(self) -> str:
        return self.removal_reason.label if self.removal_reason else ""

    def public(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in CANDIDATE_FIELDS}
        data["unit_id"] = self.unit_id
        return data


_FIELDS = ", ".join(CANDIDATE_FIELDS)

_CANDIDATE = f"""
    SELECT id, unit AS unit_id, {_FIELDS}, removed_on, removal_reason, removal_decision
    FROM candidate
"""


@query(f"""
    {_CANDIDATE}
    WHERE unit = :unit_id AND (:include_removed OR removed_on IS NULL)
    ORDER BY ballot_sort_key COLLATE "C", id
""")
async def candidates_of_unit(*, unit_id: int, include_removed: bool) -> list[CandidateRow]:
    """A unit's candidates in the official ballot order (Art. 57(5))."""
    ...


@query(f"{_CANDIDATE} WHERE id = :candidate_id")
async def candidate(*, candidate_id: int) -> CandidateRow | None: ...


@query("SELECT EXISTS (SELECT 1 FROM candidate WHERE unit = :unit_id)")
async def unit_has_candidates(*, unit_id: int) -> bool: ...


@dataclass(frozen=True)
class Candidacy:
    """A candidacy of the same election, to compare people across lists (Art. 36)."""

    id: int
    personal_id: str | None
    full_name: str
    date_of_birth: dt.date
    level: ContestLevel


@query("""
    SELECT k.id, k.personal_id, k.full_name, k.date_of_birth, ct.level
    FROM candidate k JOIN electoral_unit u ON u.id = k.unit JOIN contest ct ON ct.id = u.contest
    WHERE ct.election = :election_id AND k.removed_on IS NULL
      AND (:exclude_id::int IS NULL OR k.id <> :exclude_id)
      AND (k.personal_id = :personal_id OR k.date_of_birth = :date_of_birth)
""")
async def candidacies_like(
    *, election_id: int, exclude_id: int | None, personal_id: str | None, date_of_birth: dt.date
) -> list[Candidacy]:
    """Candidacies with the same personal ID or the same birth date (indexed
    columns): the narrowing before the exact person is compared."""
    ...


# --------------------------------------------------------------------------
# Changes to the list


@query(f"""
    WITH changed AS (
        UPDATE candidate SET {", ".join(f"{name} = :{name}" for name in CANDIDATE_FIELDS)},
            ballot_sort_key = :ballot_sort_key
        WHERE id = :candidate_id
        RETURNING id
    ), added AS (
        INSERT INTO candidate (unit, {_FIELDS}, ballot_sort_key)
        SELECT :unit_id, {", ".join(f":{name}" for name in CANDIDATE_FIELDS)}, :ballot_sort_key
        WHERE :candidate_id::int IS NULL
        RETURNING id
    )
    SELECT id FROM changed UNION ALL SELECT id FROM added
""")
async def save_candidate(
    *,
    candidate_id: int | None,
    unit_id: int,
    personal_id: str | None,
    full_name: str,
    other_name: str,
    date_of_birth: dt.date,
    sex: Sex,
    nationality: str,
    hometown: str,
    residence: str,
    ethnicity: str,
    religion: str,
    education: str,
    qualification: str,
    academic_title: str,
    political_theory: str,
    foreign_language: str,
    occupation_position: str,
    workplace: str,
    party_joined: dt.date | None,
    assembly_deputy: str,
    current_deputy: str,
    note: str,
    ballot_sort_key: str,
) -> int:
    """Add a candidate to the unit's list (candidate_id None) or change one; its id."""
    ...


@query("DELETE FROM candidate WHERE id = :candidate_id")
async def delete_candidate(*, candidate_id: int) -> None: ...


@query("""
    UPDATE candidate SET removed_on = :removed_on, removal_reason = :reason,
        removal_decision = :decision
    WHERE id = :candidate_id
""")
async def strike_from_list(
    *, candidate_id: int, removed_on: dt.date, reason: RemovalReason, decision: str
) -> None:
    """Art. 60: the name stays on record, struck from the official list."""
    ...


# --------------------------------------------------------------------------
# A contest's candidates


class SexAndEthnicity(NamedTuple):
    sex: str
    ethnicity: str


@query("""
    SELECT k.sex, k.ethnicity FROM candidate k JOIN electoral_unit u ON u.id = k.unit
    WHERE u.contest = :contest_id AND k.removed_on IS NULL
      AND (:province_code::text IS NULL OR u.province = :province_code)
""")
async def list_people(*, contest_id: int, province_code: str | None) -> list[SexAndEthnicity]:
    """Sex and ethnicity of everyone on a contest's lists, for Art. 8(2)-(3)."""
    ...


@dataclass(frozen=True)
class ContestCandidate:
    """A candidate of a contest with the unit's key, as import files have it."""

    id: int
    unit_id: int
    province_code: str
    unit_number: int
    full_name: str
    other_name: str
    date_of_birth: dt.date
    sex: Sex
    personal_id: str | None
    nationality: str
    hometown: str
    residence: str
    ethnicity: str
    religion: str
    education: str
    qualification: str
    academic_title: str
    political_theory: str
    foreign_language: str
    occupation_position: str
    workplace: str
    party_joined: dt.date | None
    assembly_deputy: str
    current_deputy: str
    note: str


@query("""
    SELECT k.id, u.id AS unit_id, u.province AS province_code, u.number AS unit_number,
           k.full_name, k.other_name, k.date_of_birth, k.sex, k.personal_id, k.nationality,
           k.hometown, k.residence, k.ethnicity, k.religion, k.education, k.qualification,
           k.academic_title, k.political_theory, k.foreign_language, k.occupation_position,
           k.workplace, k.party_joined, k.assembly_deputy, k.current_deputy, k.note
    FROM candidate k JOIN electoral_unit u ON u.id = k.unit
    WHERE u.contest = :contest_id AND k.removed_on IS NULL
""")
async def contest_candidates(*, contest_id: int) -> list[ContestCandidate]: ...
