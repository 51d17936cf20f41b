"""Use cases of polling areas: fixing them per commune, their units, their warnings.

Commune staff manage their commune's areas, province staff their province's,
admins all. The ĐBQH and HĐND tỉnh units of an area follow from its commune
(those units are unions of whole communes); the HĐND xã unit is chosen,
since those units are parts of the commune (Art. 11(1)).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from election import db
from election.actor import Actor, Role
from election.audit import services as audit
from election.elections.services import get_election
from election.elections.tables import ContestLevel
from election.errors import Conflict, Forbidden, NotFound, RuleViolation, Violation
from election.geography import services as geography
from election.stations import rules
from election.stations.tables import PollingAreaKind


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
    listed_voters: int = 0
    units: list[AreaUnit] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return self.kind.label

    def unit_for(self, level: ContestLevel | str) -> AreaUnit | None:
        return next((u for u in self.units if u.level == ContestLevel(level)), None)

    def public(self) -> dict[str, Any]:
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


_SELECT = """
    SELECT pa.id, pa.election AS election_id, pa.commune AS commune_code, c.name AS commune_name,
           c.province AS province_code, pa.number, pa.name, pa.station_address, pa.kind,
           pa.planned_voters, pa.early_voting_date, pa.decided_on, pa.notes,
           COALESCE((SELECT json_agg(json_build_array(pu.contest, ct.level, u.id, u.number, u.name)
                                     ORDER BY ct.level)
                     FROM polling_area_unit pu JOIN contest ct ON ct.id = pu.contest
                     JOIN electoral_unit u ON u.id = pu.unit
                     WHERE pu.polling_area = pa.id), '[]')::text AS units
    FROM polling_area pa JOIN commune c ON c.code = pa.commune
"""

# Voters counted on an area's list: listed, not voting elsewhere (Art. 34).
_VOTER_COUNT_SQL = (
    "SELECT polling_area, count(*) FROM voter WHERE polling_area = ANY($1::int[]) "
    "AND status = 'listed' AND NOT voting_elsewhere GROUP BY polling_area"
)


async def _voter_counts(area_ids: list[int]) -> dict[int, int]:
    if not area_ids:
        return {}
    return {r[0]: r[1] for r in await db.fetch(_VOTER_COUNT_SQL, area_ids)}


def _row(record, election_day: dt.date | None, listed: int) -> PollingAreaRow:
    data = dict(record)
    data["kind"] = PollingAreaKind(data["kind"])
    data["units"] = [
        AreaUnit(contest_id=c, level=ContestLevel(level), unit_id=u, unit_number=n, unit_name=name)
        for c, level, u, n, name in json.loads(data["units"])
    ]
    row = PollingAreaRow(**data, listed_voters=listed)
    warnings = (
        rules.check_polling_area_size(row.kind, listed, counted=True)
        if listed
        else rules.check_polling_area_size(row.kind, row.planned_voters)
    )
    if election_day is not None:
        warnings += rules.check_polling_area_decided(row.decided_on, election_day)
    object.__setattr__(row, "warnings", warnings)
    return row


def _require_manage(actor: Actor, commune_code: str, province_code: str) -> None:
    allowed = (
        not actor.is_read_only
        and actor.role in (Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF)
        and actor.covers_commune(commune_code, province_code)
    )
    if not allowed:
        raise Forbidden("Bạn không có quyền thay đổi khu vực bỏ phiếu của xã, phường này.")


async def get_polling_area(*, polling_area_id: int, actor: Actor) -> PollingAreaRow:
    record = await db.fetchrow(_SELECT + " WHERE pa.id = $1", polling_area_id)
    if record is None or not actor.covers_polling_area(
        record["id"], record["commune_code"], record["province_code"]
    ):
        raise NotFound(f"Không có khu vực bỏ phiếu số hiệu {polling_area_id}.")
    election = await get_election(election_id=record["election_id"])
    counts = await _voter_counts([record["id"]])
    return _row(record, election.election_day, counts.get(record["id"], 0))


async def list_polling_areas(
    *, election_id: int, commune_code: str, actor: Actor
) -> list[PollingAreaRow]:
    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise Forbidden("Xã, phường này nằm ngoài phạm vi của bạn.")
    election = await get_election(election_id=election_id)
    records = await db.fetch(
        _SELECT + " WHERE pa.election = $1 AND pa.commune = $2 ORDER BY pa.number",
        election_id,
        commune_code,
    )
    counts = await _voter_counts([r["id"] for r in records])
    rows = [_row(r, election.election_day, counts.get(r["id"], 0)) for r in records]
    return [r for r in rows if actor.covers_polling_area(r.id, r.commune_code, r.province_code)]


async def sync_derived_units(*, polling_area_id: int, election_id: int, commune_code: str) -> None:
    """Give the area the ĐBQH and HĐND tỉnh units covering its commune."""
    await db.execute(
        """
        DELETE FROM polling_area_unit pu USING contest ct
        WHERE pu.polling_area = $1 AND ct.id = pu.contest AND ct.election = $2
          AND ct.level IN ('dbqh', 'hdnd_tinh')
          AND NOT EXISTS (SELECT 1 FROM electoral_unit_commune uc
                          WHERE uc.unit = pu.unit AND uc.commune = $3)
        """,
        polling_area_id,
        election_id,
        commune_code,
    )
    await db.execute(
        """
        INSERT INTO polling_area_unit (polling_area, contest, unit)
        SELECT $1, uc.contest, uc.unit FROM electoral_unit_commune uc
        JOIN contest ct ON ct.id = uc.contest
        WHERE uc.commune = $3 AND ct.election = $2
        ON CONFLICT (polling_area, contest) DO UPDATE SET unit = EXCLUDED.unit
        """,
        polling_area_id,
        election_id,
        commune_code,
    )


async def _commune_unit(election_id: int, commune_code: str, unit_id: int | None) -> int | None:
    """Check that an HĐND xã unit belongs to this commune's contest."""
    if unit_id is None:
        return None
    row = await db.fetchrow(
        """
        SELECT u.id, ct.level, ct.election, ct.commune FROM electoral_unit u
        JOIN contest ct ON ct.id = u.contest WHERE u.id = $1
        """,
        unit_id,
    )
    if row is None:
        raise NotFound(f"Không có đơn vị bầu cử số hiệu {unit_id}.")
    if (
        row["level"] != ContestLevel.COMMUNE_COUNCIL
        or row["election"] != election_id
        or row["commune"] != commune_code
    ):
        raise RuleViolation(
            Violation(
                "area_unit_inconsistent",
                "Đơn vị bầu cử HĐND cấp xã của khu vực bỏ phiếu phải thuộc cuộc bầu cử HĐND của chính xã, phường đó.",
                "Điều 11 khoản 1",
                "commune_unit_id",
            )
        )
    return unit_id


@dataclass(frozen=True)
class AreaResult:
    area: PollingAreaRow
    warnings: list[Violation]


async def save_polling_area(
    *,
    election_id: int,
    commune_code: str,
    number: int,
    name: str,
    actor: Actor,
    polling_area_id: int | None = None,
    station_address: str = "",
    kind: PollingAreaKind = PollingAreaKind.ORDINARY,
    planned_voters: int = 0,
    early_voting_date: dt.date | None = None,
    decided_on: dt.date | None = None,
    notes: str = "",
    commune_unit_id: int | None = None,
) -> AreaResult:
    """Create (id None) or change a polling area of a commune for an election."""
    commune = await geography.get_commune(commune_code)
    _require_manage(actor, commune.code, commune.province_code)
    election = await get_election(election_id=election_id)
    kind = PollingAreaKind(kind)
    errors = rules.check_early_voting(early_voting_date, election.election_day)
    if number < 1:
        errors.append(
            Violation(
                "area_number_positive", "Số khu vực bỏ phiếu phải từ 1 trở lên.", field="number"
            )
        )
    if planned_voters < 0:
        errors.append(
            Violation(
                "planned_voters_negative",
                "Số cử tri dự kiến không được âm.",
                field="planned_voters",
            )
        )
    if errors:
        raise RuleViolation(errors)
    name = " ".join(unicodedata.normalize("NFC", name).split()) or f"Khu vực bỏ phiếu số {number}"
    station_address = " ".join(unicodedata.normalize("NFC", station_address).split())
    notes = unicodedata.normalize("NFC", notes).strip()
    unit_id = await _commune_unit(election_id, commune_code, commune_unit_id)
    async with db.transaction():
        before = None
        if polling_area_id is not None:
            before = await get_polling_area(polling_area_id=polling_area_id, actor=actor)
            if before.election_id != election_id or before.commune_code != commune_code:
                raise NotFound(f"Không có khu vực bỏ phiếu số hiệu {polling_area_id} ở xã này.")
        duplicate = await db.fetchval(
            "SELECT id FROM polling_area WHERE election = $1 AND commune = $2 AND number = $3 "
            "AND ($4::int IS NULL OR id <> $4)",
            election_id,
            commune_code,
            number,
            polling_area_id,
        )
        if duplicate:
            raise Conflict(f"Đã có khu vực bỏ phiếu số {number} ở {commune.name}.")
        values = (
            number,
            name,
            station_address,
            kind.value,
            planned_voters,
            early_voting_date,
            decided_on,
            notes,
        )
        if polling_area_id is None:
            polling_area_id = await db.fetchval(
                """
                INSERT INTO polling_area (election, commune, number, name, station_address, kind,
                    planned_voters, early_voting_date, decided_on, notes)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
                """,
                election_id,
                commune_code,
                *values,
            )
        else:
            await db.execute(
                """
                UPDATE polling_area SET number = $2, name = $3, station_address = $4, kind = $5,
                    planned_voters = $6, early_voting_date = $7, decided_on = $8, notes = $9
                WHERE id = $1
                """,
                polling_area_id,
                *values,
            )
        await sync_derived_units(
            polling_area_id=polling_area_id, election_id=election_id, commune_code=commune_code
        )
        contest_id = await db.fetchval(
            "SELECT id FROM contest WHERE election = $1 AND level = 'hdnd_xa' AND commune = $2",
            election_id,
            commune_code,
        )
        if contest_id is not None:
            if unit_id is None:
                await db.execute(
                    "DELETE FROM polling_area_unit WHERE polling_area = $1 AND contest = $2",
                    polling_area_id,
                    contest_id,
                )
            else:
                await db.execute(
                    """
                    INSERT INTO polling_area_unit (polling_area, contest, unit) VALUES ($1, $2, $3)
                    ON CONFLICT (polling_area, contest) DO UPDATE SET unit = EXCLUDED.unit
                    """,
                    polling_area_id,
                    contest_id,
                    unit_id,
                )
        area = await get_polling_area(polling_area_id=polling_area_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="polling_area",
            entity_id=polling_area_id,
            action="create" if before is None else "update",
            before=before.public() if before else None,
            after=area.public(),
            summary=f"{'Tạo' if before is None else 'Sửa'} khu vực bỏ phiếu số {number}, {commune.name}",
        )
    return AreaResult(area=area, warnings=area.warnings)


async def delete_polling_area(*, polling_area_id: int, actor: Actor) -> None:
    area = await get_polling_area(polling_area_id=polling_area_id, actor=actor)
    _require_manage(actor, area.commune_code, area.province_code)
    if area.listed_voters:
        raise Conflict("Khu vực bỏ phiếu đã có cử tri trong danh sách; không thể xóa.")
    if await db.fetchval(
        "SELECT 1 FROM user_account WHERE scope_polling_area = $1", polling_area_id
    ):
        raise Conflict(
            "Khu vực bỏ phiếu đang gắn với tài khoản của Tổ bầu cử; hãy chuyển hoặc khóa tài khoản trước."
        )
    async with db.transaction():
        await db.execute("DELETE FROM polling_area WHERE id = $1", polling_area_id)
        await audit.record(
            actor=actor,
            entity_type="polling_area",
            entity_id=polling_area_id,
            action="delete",
            before=area.public(),
            summary=f"Xóa khu vực bỏ phiếu số {area.number}, {area.commune_name}",
        )


@dataclass(frozen=True)
class MembershipGap:
    area_number: int
    level: ContestLevel
    message: str


async def membership_gaps(
    *, election_id: int, commune_code: str, actor: Actor
) -> list[MembershipGap]:
    """Contests of the commune for which an area has no unit yet (Art. 11(1))."""
    commune = await geography.get_commune(commune_code)
    contests = await db.fetch(
        """
        SELECT id, level FROM contest WHERE election = $1
          AND (level = 'dbqh' OR (level = 'hdnd_tinh' AND province = $2)
               OR (level = 'hdnd_xa' AND commune = $3))
        """,
        election_id,
        commune.province_code,
        commune_code,
    )
    areas = await list_polling_areas(
        election_id=election_id, commune_code=commune_code, actor=actor
    )
    gaps = []
    for area in areas:
        for contest in contests:
            level = ContestLevel(contest["level"])
            if area.unit_for(level) is None:
                gaps.append(
                    MembershipGap(
                        area.number,
                        level,
                        f"Khu vực bỏ phiếu số {area.number} chưa thuộc đơn vị bầu cử nào của cuộc bầu cử {level.label}.",
                    )
                )
    return gaps
