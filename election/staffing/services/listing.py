"""A register's people by pages (the people page): searched without
diacritics (a name, an exact personal ID, a part of a phone number), filtered
by sex and by the role served now, counted with the same filter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from election.actor import Actor
from election.elections.tables import Sex
from election.errors import Forbidden
from election.paging import (
    BadListQuery,
    PageRequest,
    choice_param,
    contains_pattern,
    filters,
    text_param,
)
from election.staffing.queries import listing as queries
from election.staffing.queries.people import PersonRow
from election.staffing.services.access import may_read_register
from election.staffing.services.registry import shown_person
from election.staffing.tables import MemberRole
from election.voters.rules import search_key

NO_ROLE = queries.NO_ROLE
ROLE_CHOICES: dict[str, str] = {
    **{role.value: role.label for role in MemberRole},
    NO_ROLE: "Chưa tham gia tổ chức phụ trách bầu cử nào",
}
"""The role filter's choices: a role in any body now, or none."""


@dataclass(frozen=True)
class PeopleFilter:
    query: str = ""
    sex: Sex | None = None
    role: str | None = None  # a MemberRole's value, or NO_ROLE

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> PeopleFilter:
        """From the people page's URL (`?q=&sex=&role=`): empty is "any",
        a malformed value a 400 (`paging.BadListQuery`)."""
        role = query.get("role") or None
        if role is not None and role not in ROLE_CHOICES:
            raise BadListQuery(f"Vai trò không hợp lệ: «{role[:20]}».")
        return cls(
            query=text_param(query),
            sex=choice_param(query, "sex", Sex, "Giới tính"),
            role=role,
        )

    def url_filters(self) -> tuple[tuple[str, str], ...]:
        return filters(q=self.query, sex=self.sex, role=self.role)


@dataclass(frozen=True)
class PeoplePage:
    people: list[PersonRow]
    total: int
    request: PageRequest  # past the last page: the last one


async def people_page(
    *,
    province_code: str,
    commune_code: str | None,
    actor: Actor,
    where: PeopleFilter,
    page: PageRequest,
) -> PeoplePage:
    """One page of a register (a commune's, or the province's with
    `commune_code` None) in Vietnamese name order, each person as
    `registry.shown_person` shows them to `actor`."""
    if not may_read_register(actor, province_code=province_code, commune_code=commune_code):
        raise Forbidden("Danh sách nhân sự này nằm ngoài phạm vi của bạn.")
    key = search_key(where.query)
    arguments = {
        "province_code": province_code,
        "commune_code": commune_code,
        "sex": where.sex,
        "role": where.role,
        "pattern": contains_pattern(key),
        "needle": where.query or None,
        "phone_pattern": contains_pattern(where.query),
    }
    total = await queries.register_count(**arguments)
    page = page.clamped(total)
    people = await queries.register_page(**arguments, limit=page.limit, offset=page.offset)
    # As every answer shows a person: the ID masked, the phone to those who manage.
    shown = [shown_person(person, actor) for person in people]
    return PeoplePage(people=shown, total=total, request=page)
