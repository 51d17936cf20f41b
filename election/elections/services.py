"""Use cases of the election event: create, read, the calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election import db
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.elections import rules
from election.elections.tables import Contest, ContestLevel, Election, ElectionKind
from election.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from election.geography import services as geography


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

    @property
    def level_label(self) -> str:
        return self.level.label


def _election_row(row) -> ElectionRow:
    return ElectionRow(
        id=row["id"],
        name=row["name"],
        kind=ElectionKind(row["kind"]),
        election_day=row["election_day"],
        voting_opens=row["voting_opens"],
        voting_closes=row["voting_closes"],
        term=row["term"],
        assembly_term=row["assembly_term"],
        certificate_outside_province=row["certificate_outside_province"],
    )


def _require_admin(actor: Actor) -> None:
    if actor.role != Role.ADMIN or actor.scope_level != ScopeLevel.NATIONAL:
        raise Forbidden("Chỉ quản trị viên cấp quốc gia được tạo hoặc sửa cuộc bầu cử.")


async def create_election(
    *,
    name: str,
    election_day: dt.date,
    kind: ElectionKind = ElectionKind.GENERAL,
    term: str = "",
    assembly_term: str = "",
    voting_opens: dt.time = dt.time(7, 0),
    voting_closes: dt.time = dt.time(19, 0),
    actor: Actor,
) -> ElectionRow:
    _require_admin(actor)
    name = name.strip()
    if not name:
        raise InvalidInput("Tên cuộc bầu cử không được để trống.")
    violations = rules.check_election_day(election_day) + rules.check_voting_hours(
        voting_opens, voting_closes
    )
    if violations:
        raise RuleViolation(violations)
    async with db.transaction():
        election = Election(
            name=name,
            kind=kind,
            election_day=election_day,
            voting_opens=voting_opens,
            voting_closes=voting_closes,
            term=term,
            assembly_term=assembly_term.strip().upper(),
        )
        await election.save()
        row = await get_election(election_id=election.id)
        await audit.record(
            actor=actor,
            entity_type="election",
            entity_id=election.id,
            action="create",
            after=row,
            summary=f"Tạo cuộc bầu cử {name}",
        )
    return row


async def add_contest(
    *,
    election_id: int,
    level: ContestLevel,
    province_code: str | None = None,
    commune_code: str | None = None,
    actor: Actor,
) -> ContestRow:
    """Add one contest; its place must match its level (Art. 76(1))."""
    _require_admin(actor)
    election = await get_election(election_id=election_id)
    if level == ContestLevel.NATIONAL_ASSEMBLY:
        if province_code or commune_code:
            raise InvalidInput("Cuộc bầu cử ĐBQH không gắn với tỉnh hay xã.")
        name = "Bầu cử đại biểu Quốc hội"
        if election.assembly_term:
            name += f" khóa {election.assembly_term}"
    elif level == ContestLevel.PROVINCE_COUNCIL:
        if not province_code or commune_code:
            raise InvalidInput("Cuộc bầu cử HĐND cấp tỉnh cần đúng một tỉnh, thành phố.")
        province = await geography.get_province(province_code)
        name = f"Bầu cử đại biểu HĐND {province.name}"
    else:
        if not commune_code:
            raise InvalidInput("Cuộc bầu cử HĐND cấp xã cần đúng một xã, phường, đặc khu.")
        commune = await geography.get_commune(commune_code)
        province_code = commune.province_code
        name = f"Bầu cử đại biểu HĐND {commune.name}, {commune.province_name}"
    if election.term and level != ContestLevel.NATIONAL_ASSEMBLY:
        name += f" nhiệm kỳ {election.term}"
    async with db.transaction():
        duplicate = await db.fetchval(
            """
            SELECT 1 FROM contest WHERE election = $1 AND level = $2
              AND province IS NOT DISTINCT FROM $3 AND commune IS NOT DISTINCT FROM $4
            """,
            election_id,
            str(level),
            province_code if level != ContestLevel.NATIONAL_ASSEMBLY else None,
            commune_code,
        )
        if duplicate:
            raise InvalidInput("Cuộc bầu cử này đã có trong kỳ bầu cử.")
        contest = Contest(
            election=election_id,
            level=level,
            province=province_code if level != ContestLevel.NATIONAL_ASSEMBLY else None,
            commune=commune_code,
            name=name,
        )
        await contest.save()
        row = await get_contest(contest_id=contest.id)
        await audit.record(
            actor=actor,
            entity_type="contest",
            entity_id=contest.id,
            action="create",
            after=row,
            summary=f"Thêm {name}",
        )
    return row


_ELECTION_COLUMNS = (
    "id, name, kind, election_day, voting_opens, voting_closes, term, assembly_term, "
    "certificate_outside_province"
)


async def get_election(*, election_id: int) -> ElectionRow:
    row = await db.fetchrow(f"SELECT {_ELECTION_COLUMNS} FROM election WHERE id = $1", election_id)
    if row is None:
        raise NotFound(f"Không có cuộc bầu cử số {election_id}.")
    return _election_row(row)


async def list_elections() -> list[ElectionRow]:
    """Elections are national events: every signed-in user may see them."""
    rows = await db.fetch(
        f"SELECT {_ELECTION_COLUMNS} FROM election ORDER BY election_day DESC, id DESC"
    )
    return [_election_row(row) for row in rows]


async def default_election() -> ElectionRow | None:
    """The election shown when the user has not chosen one: the next, else the latest."""
    elections = await list_elections()
    if not elections:
        return None
    today = dt.datetime.now(rules.VIETNAM).date()
    upcoming = [e for e in elections if e.election_day >= today]
    return min(upcoming, key=lambda e: e.election_day) if upcoming else elections[0]


_CONTEST_SELECT = """
    SELECT ct.id, ct.election AS election_id, ct.level, ct.name,
           p.code AS province_code, p.name AS province_name,
           c.code AS commune_code, c.name AS commune_name
    FROM contest ct
    LEFT JOIN province p ON p.code = ct.province
    LEFT JOIN commune c ON c.code = ct.commune
"""


def _contest_row(row) -> ContestRow:
    data = dict(row)
    data["level"] = ContestLevel(data["level"])
    return ContestRow(**data)


async def get_contest(*, contest_id: int) -> ContestRow:
    row = await db.fetchrow(_CONTEST_SELECT + " WHERE ct.id = $1", contest_id)
    if row is None:
        raise NotFound(f"Không có cuộc bầu cử (contest) số {contest_id}.")
    return _contest_row(row)


async def list_contests(*, election_id: int, actor: Actor) -> list[ContestRow]:
    """The contests the actor's scope touches: ĐBQH always, councils of their place."""
    await get_election(election_id=election_id)
    rows = await db.fetch(
        _CONTEST_SELECT
        + """
        WHERE ct.election = $1
          AND ($2::text IS NULL OR ct.province IS NULL OR ct.province = $2)
          AND ($3::text IS NULL OR ct.commune IS NULL OR ct.commune = $3)
        ORDER BY CASE ct.level WHEN 'dbqh' THEN 0 WHEN 'hdnd_tinh' THEN 1 ELSE 2 END,
                 ct.province, ct.commune
        """,
        election_id,
        None if actor.scope_level == ScopeLevel.NATIONAL else actor.province_code,
        actor.commune_code
        if actor.scope_level in (ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA)
        else None,
    )
    return [_contest_row(row) for row in rows]


CERTIFICATE_POLICIES = {
    "dbqh": "Chỉ phiếu bầu ĐBQH",
    "dbqh_tinh": "Phiếu bầu ĐBQH và HĐND tỉnh nơi bỏ phiếu",
}


async def set_certificate_policy(*, election_id: int, policy: str, actor: Actor) -> ElectionRow:
    """The law does not say which ballots a certificate holder gets outside the home
    province (Art. 34); the national administrators decide it per election."""
    _require_admin(actor)
    if policy not in CERTIFICATE_POLICIES:
        raise InvalidInput(
            "Giá trị phải là một trong: " + ", ".join(CERTIFICATE_POLICIES), errors=[]
        )
    before = await get_election(election_id=election_id)
    async with db.transaction():
        await db.execute(
            "UPDATE election SET certificate_outside_province = $2 WHERE id = $1",
            election_id,
            policy,
        )
        after = await get_election(election_id=election_id)
        await audit.record(
            actor=actor,
            entity_type="election",
            entity_id=election_id,
            action="set_certificate_policy",
            before={"certificate_outside_province": before.certificate_outside_province},
            after={"certificate_outside_province": policy},
            summary=f"Phiếu bầu của người có giấy chứng nhận ngoài tỉnh: {CERTIFICATE_POLICIES[policy]}",
        )
    return after


async def election_calendar(
    *, election_id: int, now: dt.datetime | None = None
) -> tuple[ElectionRow, list[rules.Milestone]]:
    election = await get_election(election_id=election_id)
    moment = now or dt.datetime.now(dt.UTC)
    return election, rules.election_calendar(
        election.election_day, now=moment, voting_opens=election.voting_opens
    )
