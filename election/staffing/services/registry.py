"""The staff registry: the people of a province (commune None) or of one
commune who may be appointed to election bodies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import IO, Any

from election import db
from election.actor import Actor
from election.audit import services as audit
from election.audit.reveals import record_reveal
from election.elections.ballot_order import ballot_sort_key
from election.elections.tables import Sex
from election.errors import Conflict, Forbidden, NotFound, RuleViolation, Violation
from election.geography import services as geography
from election.imports import services as imports
from election.masking import mask_personal_id, mask_phone
from election.staffing import rules
from election.staffing.queries import people as queries
from election.staffing.queries.people import PersonRow
from election.staffing.services.access import (
    may_manage_register,
    may_read_register,
    require_register,
)
from election.staffing.services.common import tidy

# The importer's kind (election.staffing.imports registers it).
IMPORT_KIND = "staff_people"


async def get_person(*, person_id: int, actor: Actor) -> PersonRow:
    person = await queries.person(person_id=person_id)
    if person is None or not may_read_register(
        actor, province_code=person.province_code, commune_code=person.commune_code
    ):
        raise NotFound(f"Không có người số hiệu {person_id} trong danh sách nhân sự.")
    return person


def shown_person(person: PersonRow, actor: Actor) -> PersonRow:
    """`person` as an answer shows it to `actor`: the ID always masked (the full
    one only through `reveal_person`), the phone in full only to those who
    manage the register (they call their people on election night)."""
    manages = may_manage_register(
        actor, province_code=person.province_code, commune_code=person.commune_code
    )
    return replace(
        person,
        personal_id=mask_personal_id(person.personal_id) or None,
        phone=person.phone if manages else mask_phone(person.phone),
    )


async def reveal_person(*, person_id: int, reason: str, actor: Actor) -> PersonRow:
    """The person with ID and phone in full, for those who manage the register
    and say why; the reveal is audited."""
    person = await get_person(person_id=person_id, actor=actor)
    require_register(actor, person.province_code, person.commune_code)
    await record_reveal(
        actor=actor,
        entity_type="staff_person",
        entity_id=person_id,
        reason=reason,
        fields="số định danh, số điện thoại",
    )
    return person


async def list_people(
    *,
    province_code: str,
    commune_code: str | None,
    actor: Actor,
    query: str = "",
    limit: int = 1000,
) -> list[PersonRow]:
    """One register (a commune's, or the province's with `commune_code` None),
    in Vietnamese name order; `query` matches a name, personal ID or phone."""
    if not may_read_register(actor, province_code=province_code, commune_code=commune_code):
        raise Forbidden("Danh sách nhân sự này nằm ngoài phạm vi của bạn.")
    return await queries.register_people(
        province_code=province_code,
        commune_code=commune_code,
        needle=rules.normalize_name(query),
        limit=limit,
    )


async def check_register_place(province_code: str, commune_code: str | None) -> None:
    await geography.get_province(province_code)
    if commune_code is not None:
        commune = await geography.get_commune(commune_code)
        if commune.province_code != province_code:
            raise RuleViolation(
                Violation(
                    "commune_outside_province",
                    "Xã, phường của danh sách nhân sự không thuộc tỉnh đã chọn.",
                    field="commune_code",
                )
            )


@dataclass(frozen=True)
class CleanPerson:
    """A person's data as stored: NFC, single-spaced, the personal ID 12 digits or None."""

    personal_id: str | None
    full_name: str
    date_of_birth: dt.date
    sex: Sex
    phone: str
    organisation: str
    position: str
    home_commune_code: str | None
    armed_forces: bool
    notes: str

    @property
    def person_key(self) -> str:
        return rules.person_key(self.full_name, self.date_of_birth)

    @property
    def sort_key(self) -> str:
        return ballot_sort_key(self.full_name, self.date_of_birth)


def normalize_person(data: dict[str, Any]) -> CleanPerson:
    """The person's data tidied, or every reason it cannot be stored."""
    personal_id = tidy(data.get("personal_id")) or None
    full_name = tidy(data.get("full_name"))
    born = data.get("date_of_birth")
    violations: list[Violation] = []
    if not full_name:
        violations.append(Violation("name_required", "Cần nhập họ và tên.", field="full_name"))
    if personal_id and not (personal_id.isdigit() and len(personal_id) == 12):
        violations.append(
            Violation(
                "personal_id_invalid",
                "Số định danh cá nhân phải gồm đúng 12 chữ số.",
                field="personal_id",
            )
        )
    if not isinstance(born, dt.date):
        violations.append(
            Violation("birth_date_required", "Cần nhập ngày sinh.", field="date_of_birth")
        )
    if violations or not isinstance(born, dt.date):
        raise RuleViolation(violations)
    return CleanPerson(
        personal_id=personal_id,
        full_name=full_name,
        date_of_birth=born,
        sex=Sex(data.get("sex")),
        phone=tidy(data.get("phone")),
        organisation=tidy(data.get("organisation")),
        position=tidy(data.get("position")),
        home_commune_code=data.get("home_commune_code") or None,
        armed_forces=bool(data.get("armed_forces")),
        notes=tidy(data.get("notes")),
    )


def _column_lists(people: Sequence[CleanPerson]) -> dict[str, list[Any]]:
    """The people's staff_person columns as one array each, for the statements
    that write one person or many."""
    return {
        "personal_ids": [p.personal_id for p in people],
        "full_names": [p.full_name for p in people],
        "person_keys": [p.person_key for p in people],
        "sort_keys": [p.sort_key for p in people],
        "dates_of_birth": [p.date_of_birth for p in people],
        "sexes": [str(p.sex) for p in people],
        "phones": [p.phone for p in people],
        "organisations": [p.organisation for p in people],
        "positions": [p.position for p in people],
        "home_communes": [p.home_commune_code for p in people],
        "armed_forces": [p.armed_forces for p in people],
        "notes": [p.notes for p in people],
    }


async def _check_unique(
    province_code: str, commune_code: str | None, person: CleanPerson, person_id: int | None
) -> None:
    """One personal ID in the whole registry; without one, one name and birth date per register."""
    if person.personal_id:
        holders = await queries.id_holders(personal_ids=[person.personal_id])
        other = next((h for h in holders if h.id != person_id), None)
        if other:
            raise Conflict(
                f"Số định danh {person.personal_id} đã có trong danh sách nhân sự "
                f"({other.full_name}, {other.place})."
            )
        return
    if await queries.namesake_exists(
        province_code=province_code,
        commune_code=commune_code,
        person_key=person.person_key,
        person_id=person_id,
    ):
        raise Conflict(
            f"Đã có {person.full_name} sinh ngày {person.date_of_birth:%d/%m/%Y} "
            "trong danh sách nhân sự này; hãy ghi số định danh cá nhân để phân biệt."
        )


async def save_person(
    *,
    province_code: str,
    commune_code: str | None,
    data: dict[str, Any],
    actor: Actor,
    person_id: int | None = None,
) -> PersonRow:
    """Add a person to a register (person_id None) or change one."""
    require_register(actor, province_code, commune_code)
    await check_register_place(province_code, commune_code)
    clean = normalize_person(data)
    if clean.home_commune_code:
        await geography.get_commune(clean.home_commune_code)
    async with db.transaction():
        before = None
        if person_id is not None:
            before = await get_person(person_id=person_id, actor=actor)
            require_register(actor, before.province_code, before.commune_code)
        await _check_unique(province_code, commune_code, clean, person_id)
        columns = _column_lists([clean])
        if person_id is None:
            [person_id] = await queries.insert_people(
                province_code=province_code, commune_code=commune_code, **columns
            )
        else:
            await queries.update_people(
                province_code=province_code,
                commune_code=commune_code,
                person_ids=[person_id],
                **columns,
            )
        person = await get_person(person_id=person_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="staff_person",
            entity_id=person_id,
            action="create" if before is None else "update",
            before=before.public() if before else None,
            after=person.public(),
            summary=f"{'Thêm' if before is None else 'Sửa'} {person.full_name} "
            f"(danh sách nhân sự {person.register_label})",
        )
    return person


async def delete_person(*, person_id: int, actor: Actor) -> None:
    person = await get_person(person_id=person_id, actor=actor)
    require_register(actor, person.province_code, person.commune_code)
    if await queries.has_served(person_id=person_id):
        raise Conflict(
            "Người này đã từng là thành viên tổ chức phụ trách bầu cử; không xóa khỏi danh sách."
        )
    async with db.transaction():
        await queries.delete_person(person_id=person_id)
        await audit.record(
            actor=actor,
            entity_type="staff_person",
            entity_id=person_id,
            action="delete",
            before=person.public(),
            summary=f"Xóa {person.full_name} khỏi danh sách nhân sự",
        )


# --------------------------------------------------------------------------
# Many people of one register at once


async def _check_many(new: list[CleanPerson], changed: list[tuple[int, CleanPerson]]) -> None:
    """The home communes exist and no personal ID belongs to someone else
    (a ValueError: the import shows it as the file's problem)."""
    everyone = new + [person for _, person in changed]
    homes = {p.home_commune_code for p in everyone if p.home_commune_code}
    if homes:
        unknown = homes - set(await queries.communes_found(codes=sorted(homes)))
        if unknown:
            raise ValueError(f"Không có xã, phường mã: {', '.join(sorted(unknown))}.")
    ids = [p.personal_id for p in everyone if p.personal_id]
    if ids:
        own = {person_id for person_id, _ in changed}
        clashes = [h for h in await queries.id_holders(personal_ids=ids) if h.id not in own]
        if clashes:
            first = clashes[0]
            raise ValueError(
                f"Số định danh {first.personal_id} đã có trong danh sách nhân sự "
                f"({first.full_name}, {first.place}); {len(clashes)} trường hợp trùng."
            )


async def save_people(
    *,
    province_code: str,
    commune_code: str | None,
    new: list[dict[str, Any]],
    changed: list[tuple[int, dict[str, Any]]],
    actor: Actor,
    source: str = "",
) -> int:
    """Add and change many people of one register at once (file import, demo):
    set-based statements and one audit event."""
    require_register(actor, province_code, commune_code)
    await check_register_place(province_code, commune_code)
    clean_new = [normalize_person(d) for d in new]
    clean_changed = [(pid, normalize_person(d)) for pid, d in changed]
    await _check_many(clean_new, clean_changed)
    async with db.transaction():
        if clean_new:
            await queries.insert_people(
                province_code=province_code, commune_code=commune_code, **_column_lists(clean_new)
            )
        if clean_changed:
            await queries.update_people(
                province_code=province_code,
                commune_code=commune_code,
                person_ids=[pid for pid, _ in clean_changed],
                **_column_lists([p for _, p in clean_changed]),
            )
        place = (await geography.get_commune(commune_code)).name if commune_code else province_code
        await audit.record(
            actor=actor,
            entity_type="staff_register",
            entity_id=commune_code or province_code,
            action="bulk_save",
            after={
                "source": source,
                "added": [p.full_name for p in clean_new],
                "changed": [p.full_name for _, p in clean_changed],
            },
            summary=f"Danh sách nhân sự {place}: thêm {len(clean_new)}, sửa {len(clean_changed)}"
            + (f" ({source})" if source else ""),
        )
    return len(clean_new) + len(clean_changed)


def import_scope(province_code: str, commune_code: str | None) -> str:
    """The scope of a register's import batches: 'staff:96' or 'staff:96:31825'."""
    return f"staff:{province_code}" + (f":{commune_code}" if commune_code else "")


async def stage_people(
    *,
    province_code: str,
    commune_code: str | None,
    stream: IO[bytes],
    filename: str,
    actor: Actor,
) -> imports.BatchSummary:
    """Read a file of a register's people into an import batch, to preview and commit."""
    if not may_manage_register(actor, province_code=province_code, commune_code=commune_code):
        raise Forbidden("Bạn không có quyền nhập danh sách nhân sự ở phạm vi này.")
    importer = await imports.importer_for(
        IMPORT_KIND, import_scope(province_code, commune_code), actor
    )
    # An upload's spooled file is an IO[bytes]; `imports.stage` asks for a BinaryIO.
    return await imports.stage(
        importer,
        stream=stream,  # pyright: ignore[reportArgumentType]
        filename=filename,
        actor=actor,
    )
