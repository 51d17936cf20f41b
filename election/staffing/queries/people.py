"""The staff registry: one register per commune, and one per province (commune NULL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from election.elections.tables import Sex
from election.paging import folded_sql
from election.sql import query

# What a registry person is made of, as the API and the audit log show it.
PERSON_FIELDS = (
    "personal_id",
    "full_name",
    "date_of_birth",
    "sex",
    "phone",
    "organisation",
    "position",
    "home_commune_code",
    "armed_forces",
    "notes",
)


@dataclass(frozen=True)
class PersonRow:
    id: int
    province_code: str
    commune_code: str | None
    commune_name: str | None
    personal_id: str | None
    full_name: str
    date_of_birth: dt.date
    sex: Sex
    phone: str
    organisation: str
    position: str
    home_commune_code: str | None
    home_commune_name: str | None
    armed_forces: bool
    notes: str

    @property
    def sex_label(self) -> str:
        return self.sex.label

    @property
    def register_label(self) -> str:
        return self.commune_name or "Danh sách cấp tỉnh"

    @property
    def work_text(self) -> str:
        """'Chức vụ, cơ quan' as printed in member lists."""
        return ", ".join(part for part in (self.position, self.organisation) if part)

    def public(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in PERSON_FIELDS}
        data["province_code"] = self.province_code
        data["commune_code"] = self.commune_code
        return data


PERSON_SELECT = """
    SELECT s.id, s.province AS province_code, s.commune AS commune_code, c.name AS commune_name,
           s.personal_id, s.full_name, s.date_of_birth, s.sex, s.phone, s.organisation, s.position,
           s.home_commune AS home_commune_code, h.name AS home_commune_name, s.armed_forces, s.notes
    FROM staff_person s
    LEFT JOIN commune c ON c.code = s.commune
    LEFT JOIN commune h ON h.code = s.home_commune
"""


def needle_matches(*, or_phone: bool) -> str:
    """`:needle` (a normalized name, with or without its diacritics; the start
    of a personal ID; a part of a phone number if `or_phone`) matches the
    person `s`; an empty needle, everyone."""
    phone = " OR s.phone LIKE '%' || :needle || '%'" if or_phone else ""
    name = f"{folded_sql('s.person_key')} LIKE '%' || {folded_sql(':needle::text')} || '%'"
    return f"(:needle::text = '' OR {name} OR s.personal_id LIKE :needle || '%'{phone})"


@query(f"{PERSON_SELECT} WHERE s.id = :person_id")
async def person(*, person_id: int) -> PersonRow | None: ...


@query(f"""
    {PERSON_SELECT}
    WHERE s.province = :province_code AND s.commune IS NOT DISTINCT FROM :commune_code::text
      AND {needle_matches(or_phone=True)}
    ORDER BY s.sort_key COLLATE "C", s.id LIMIT :limit
""")
async def register_people(
    *, province_code: str, commune_code: str | None, needle: str, limit: int
) -> list[PersonRow]: ...


@query(f"""
    {PERSON_SELECT}
    WHERE s.province = :province_code AND (:commune_code::text IS NULL OR s.commune = :commune_code)
      AND {needle_matches(or_phone=False)}
      AND NOT EXISTS (SELECT 1 FROM body_member m WHERE m.person = s.id AND m.body = :body_id
                      AND m.left_on IS NULL)
    ORDER BY EXISTS (SELECT 1 FROM body_member m WHERE m.person = s.id
                     AND m.election = :election_id AND m.left_on IS NULL),
             s.sort_key COLLATE "C", s.id
    LIMIT :limit
""")
async def people_for_body(
    *,
    province_code: str,
    commune_code: str | None,
    needle: str,
    body_id: int,
    election_id: int,
    limit: int,
) -> list[PersonRow]:
    """Registry people who could join a body, those serving nowhere in the election first."""
    ...


@dataclass(frozen=True)
class BusyRow:
    person: int
    body_name: str


@query("""
    SELECT m.person, b.name AS body_name FROM body_member m JOIN election_body b ON b.id = m.body
    WHERE m.election = :election_id AND m.left_on IS NULL AND m.person = ANY(:person_ids::int[])
""")
async def serving_in(*, election_id: int, person_ids: list[int]) -> list[BusyRow]: ...


# --------------------------------------------------------------------------
# One person at a time


@dataclass(frozen=True)
class IdHolder:
    """Whoever holds a personal ID in the registry, and where."""

    id: int
    personal_id: str
    full_name: str
    place: str


@query("""
    SELECT s.id, s.personal_id, s.full_name, COALESCE(c.name, p.name) AS place
    FROM staff_person s JOIN province p ON p.code = s.province
    LEFT JOIN commune c ON c.code = s.commune
    WHERE s.personal_id = ANY(:personal_ids::text[])
""")
async def id_holders(*, personal_ids: list[str]) -> list[IdHolder]: ...


@query("""
    SELECT EXISTS (
        SELECT 1 FROM staff_person
        WHERE province = :province_code AND commune IS NOT DISTINCT FROM :commune_code::text
          AND person_key = :person_key AND personal_id IS NULL
          AND (:person_id::int IS NULL OR id <> :person_id))
""")
async def namesake_exists(
    *, province_code: str, commune_code: str | None, person_key: str, person_id: int | None
) -> bool:
    """Whether the register has someone else of this name and birth date without a personal ID."""
    ...


@query("SELECT code FROM commune WHERE code = ANY(:codes::text[])")
async def communes_found(*, codes: list[str]) -> list[str]: ...


@query("SELECT EXISTS (SELECT 1 FROM body_member WHERE person = :person_id)")
async def has_served(*, person_id: int) -> bool: ...


@query("DELETE FROM staff_person WHERE id = :person_id")
async def delete_person(*, person_id: int) -> None: ...


# --------------------------------------------------------------------------
# Writing people of one register, one or many at once (a form, a file import,
# the demo): one statement each, a column an array


@query("""
    INSERT INTO staff_person (province, commune, personal_id, full_name, person_key, sort_key,
        date_of_birth, sex, phone, organisation, position, home_commune, armed_forces, notes)
    SELECT :province_code::text, :commune_code::text, p.*
    FROM unnest(:personal_ids::text[], :full_names::text[], :person_keys::text[],
                :sort_keys::text[], :dates_of_birth::date[], :sexes::text[], :phones::text[],
                :organisations::text[], :positions::text[], :home_communes::text[],
                :armed_forces::bool[], :notes::text[]) AS p
    RETURNING id
""")
async def insert_people(
    *,
    province_code: str,
    commune_code: str | None,
    personal_ids: list[str | None],
    full_names: list[str],
    person_keys: list[str],
    sort_keys: list[str],
    dates_of_birth: list[dt.date],
    sexes: list[str],
    phones: list[str],
    organisations: list[str],
    positions: list[str],
    home_communes: list[str | None],
    armed_forces: list[bool],
    notes: list[str],
) -> list[int]: ...


@query("""
    UPDATE staff_person s SET province = :province_code, commune = :commune_code,
        personal_id = p.personal_id, full_name = p.full_name,
        person_key = p.person_key, sort_key = p.sort_key, date_of_birth = p.date_of_birth,
        sex = p.sex, phone = p.phone, organisation = p.organisation, position = p.position,
        home_commune = p.home_commune, armed_forces = p.armed_forces, notes = p.notes,
        updated_at = now()
    FROM unnest(:person_ids::int[], :personal_ids::text[], :full_names::text[],
                :person_keys::text[], :sort_keys::text[], :dates_of_birth::date[],
                :sexes::text[], :phones::text[], :organisations::text[], :positions::text[],
                :home_communes::text[], :armed_forces::bool[], :notes::text[])
         AS p(id, personal_id, full_name, person_key, sort_key, date_of_birth, sex, phone,
              organisation, position, home_commune, armed_forces, notes)
    WHERE s.id = p.id
""")
async def update_people(
    *,
    province_code: str,
    commune_code: str | None,
    person_ids: list[int],
    personal_ids: list[str | None],
    full_names: list[str],
    person_keys: list[str],
    sort_keys: list[str],
    dates_of_birth: list[dt.date],
    sexes: list[str],
    phones: list[str],
    organisations: list[str],
    positions: list[str],
    home_communes: list[str | None],
    armed_forces: list[bool],
    notes: list[str],
) -> None: ...


@dataclass(frozen=True)
class RegisterRecord:
    """A registry person as the importer compares it with a file's row."""

    id: int
    personal_id: str | None
    full_name: str
    date_of_birth: dt.date
    sex: str
    phone: str
    organisation: str
    position: str
    home_commune: str | None
    armed_forces: bool
    notes: str


@query("""
    SELECT id, personal_id, full_name, date_of_birth, sex, phone, organisation, position,
           home_commune, armed_forces, notes
    FROM staff_person WHERE province = :province_code
      AND commune IS NOT DISTINCT FROM :commune_code::text
    ORDER BY id
""")
async def register_records(
    *, province_code: str, commune_code: str | None
) -> list[RegisterRecord]: ...
