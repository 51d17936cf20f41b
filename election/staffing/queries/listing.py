"""A register's people by pages: searched without diacritics, filtered by sex
and by the role they serve in, counted with the same WHERE as the page."""

from __future__ import annotations

from election.elections.tables import Sex
from election.paging import folded_sql
from election.sql import query
from election.staffing.queries.people import PERSON_SELECT, PersonRow
from election.staffing.tables import MemberRole

NO_ROLE = "none"
"""The role filter's value for people serving in no body now."""

_REGISTER = f"""
    WHERE s.province = :province_code AND s.commune IS NOT DISTINCT FROM :commune_code::text
      AND (:sex::text IS NULL OR s.sex = :sex)
      AND (:pattern::text IS NULL OR {folded_sql("s.full_name")} LIKE :pattern
           OR s.personal_id = :needle OR s.phone LIKE :phone_pattern)
      AND (:role::text IS NULL
           OR (:role = '{NO_ROLE}' AND NOT EXISTS (
                SELECT 1 FROM body_member m WHERE m.person = s.id AND m.left_on IS NULL))
           OR EXISTS (SELECT 1 FROM body_member m
                      WHERE m.person = s.id AND m.left_on IS NULL AND m.role = :role))
"""


@query(f"SELECT count(*) FROM staff_person s {_REGISTER}")
async def register_count(
    *,
    province_code: str,
    commune_code: str | None,
    sex: Sex | None,
    role: str | None,
    pattern: str | None,
    needle: str | None,
    phone_pattern: str | None,
) -> int:
    """How many of a register's people match (`register_page`'s total)."""
    ...


@query(f"""
    {PERSON_SELECT} {_REGISTER}
    ORDER BY s.sort_key COLLATE "C", s.id LIMIT :limit OFFSET :offset
""")
async def register_page(
    *,
    province_code: str,
    commune_code: str | None,
    sex: Sex | None,
    role: str | None,
    pattern: str | None,
    needle: str | None,
    phone_pattern: str | None,
    limit: int,
    offset: int,
) -> list[PersonRow]:
    """One page of a register in Vietnamese name order, filtered."""
    ...


__all__ = ["NO_ROLE", "MemberRole", "register_count", "register_page"]
