"""Use cases of the election event: create, read, the calendar, the training clock."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from election import clock, db
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.clock import VIETNAM, ElectionClock, real_now
from election.elections import event_rules, rules, training_clock
from election.elections import training_rules as clock_rules
from election.elections.queries import clock as clock_queries
from election.elections.queries import events as queries
from election.elections.queries.events import ContestRow, ElectionRow
from election.elections.tables import ContestLevel, ElectionKind
from election.errors import FieldError, Forbidden, InvalidInput, NotFound, RuleViolation
from election.geography import services as geography


def require_admin(actor: Actor) -> None:
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
    now: dt.datetime | None = None,
) -> ElectionRow:
    """A new election; a person sets a day still ahead (`event_rules`), while a
    data load of the programme (the demo, history) may record a past one."""
    require_admin(actor)
    name = name.strip()
    if not name:
        raise InvalidInput("Tên cuộc bầu cử không được để trống.")
    schedule = event_rules.Schedule(election_day, voting_opens, voting_closes)
    if actor.user_id is None:
        violations = rules.check_election_day(election_day) + rules.check_voting_hours(
            voting_opens, voting_closes
        )
    else:
        today = (now or clock.real_now()).astimezone(VIETNAM).date()
        violations = event_rules.check_new_election(schedule, today)
    if violations:
        raise RuleViolation(violations)
    async with db.transaction():
        election_id = await queries.insert_election(
            name=name,
            kind=ElectionKind(kind),
            election_day=election_day,
            voting_opens=voting_opens,
            voting_closes=voting_closes,
            term=term,
            assembly_term=assembly_term.strip().upper(),
        )
        row = await get_election(election_id=election_id)
        await audit.record(
            actor=actor,
            entity_type="election",
            entity_id=election_id,
            action="create",
            after=row,
            summary=f"Tạo cuộc bầu cử {name}",
        )
    return row


async def _contest_name(
    election: ElectionRow, level: ContestLevel, province_code: str | None, commune_code: str | None
) -> tuple[str, str | None]:
    """The contest's title and its province; its place must match its level (Art. 76(1))."""
    title = functools.partial(
        event_rules.contest_title, level, assembly_term=election.assembly_term, term=election.term
    )
    if level == ContestLevel.NATIONAL_ASSEMBLY:
        if province_code or commune_code:
            raise InvalidInput("Cuộc bầu cử ĐBQH không gắn với tỉnh hay xã.")
        return title(), None
    if level == ContestLevel.PROVINCE_COUNCIL:
        if not province_code or commune_code:
            raise InvalidInput("Cuộc bầu cử HĐND cấp tỉnh cần đúng một tỉnh, thành phố.")
        province = await geography.get_province(province_code)
        return title(province_name=province.name), province_code
    if not commune_code:
        raise InvalidInput("Cuộc bầu cử HĐND cấp xã cần đúng một xã, phường, đặc khu.")
    commune = await geography.get_commune(commune_code)
    return title(province_name=commune.province_name, commune_name=commune.name), (
        commune.province_code
    )


async def add_contest(
    *,
    election_id: int,
    level: ContestLevel,
    province_code: str | None = None,
    commune_code: str | None = None,
    council_term: str = "",
    actor: Actor,
) -> ContestRow:
    """Add one contest; its place must match its level (Art. 76(1))."""
    require_admin(actor)
    level = ContestLevel(level)
    election = await get_election(election_id=election_id)
    name, province_code = await _contest_name(election, level, province_code, commune_code)
    async with db.transaction():
        if await queries.contest_exists(
            election_id=election_id,
            level=level,
            province_code=province_code,
            commune_code=commune_code,
        ):
            raise InvalidInput("Cuộc bầu cử này đã có trong kỳ bầu cử.")
        contest_id = await queries.insert_contest(
            election_id=election_id,
            level=level,
            province_code=province_code,
            commune_code=commune_code,
            name=name,
            council_term=council_term_of(level, council_term),
        )
        row = await get_contest(contest_id=contest_id)
        await audit.record(
            actor=actor,
            entity_type="contest",
            entity_id=contest_id,
            action="create",
            after=row,
            summary=f"Thêm {name}",
        )
    return row


def council_term_of(level: ContestLevel, term: str) -> str:
    """A People's Council's term number in capitals; the ĐBQH's is the election's."""
    term = term.strip().upper()
    if term and level == ContestLevel.NATIONAL_ASSEMBLY:
        raise InvalidInput("Khóa của Quốc hội ghi ở cuộc bầu cử, không ghi ở đây.")
    return term


# --------------------------------------------------------------------------
# Setting an election up from the pages: its contests at many places at once,
# and changes while the law's calendar allows them (`event_rules`)


@dataclass(frozen=True)
class ContestPlan:
    """Which contests to hold, and where: the ĐBQH, and the councils of the
    provinces chosen (every one when `provinces` is None) and of their communes."""

    national_assembly: bool = False
    province_council: bool = False
    province_council_term: str = ""
    commune_council: bool = False
    commune_council_term: str = ""
    provinces: list[str] | None = None
    # The communes of the chosen provinces whose councils are elected (None: all).
    communes: list[str] | None = None


async def _plan_places(plan: ContestPlan) -> list[str]:
    """The province codes the plan's councils cover, each known to the map."""
    if not (plan.province_council or plan.commune_council):
        return []
    known = {p.code for p in await geography.list_provinces()}
    if plan.provinces is None:
        return sorted(known)
    if not plan.provinces:
        message = "Chọn các tỉnh, thành phố tổ chức bầu cử HĐND (hoặc toàn quốc)."
        raise InvalidInput(
            message, errors=[FieldError("province_codes", message, "Nơi bầu cử HĐND")]
        )
    unknown = sorted(set(plan.provinces) - known)
    if unknown:
        raise NotFound(f"Không có tỉnh, thành phố mã {', '.join(unknown)}.")
    return sorted(set(plan.provinces))


@dataclass(frozen=True)
class _Place:
    province_code: str | None = None
    province_name: str | None = None
    commune_code: str | None = None
    commune_name: str | None = None


async def _insert_level(
    election: ElectionRow, level: ContestLevel, places: list[_Place], council_term: str
) -> list[int]:
    """Contests of one level at `places`, in one statement."""
    return await queries.insert_contests(
        election_id=election.id,
        level=level,
        province_codes=[p.province_code for p in places],
        commune_codes=[p.commune_code for p in places],
        names=[
            event_rules.contest_title(
                level,
                assembly_term=election.assembly_term,
                term=election.term,
                province_name=p.province_name,
                commune_name=p.commune_name,
            )
            for p in places
        ],
        council_term=council_term,
    )


async def add_contests(
    *, election_id: int, plan: ContestPlan, actor: Actor
) -> dict[ContestLevel, int]:
    """Hold the plan's contests in the election (Art. 76(1)); those already held
    are kept. Returns how many of each level were added."""
    require_admin(actor)
    election = await get_election(election_id=election_id)
    provinces = await _plan_places(plan)
    names = {p.code: p.name for p in await geography.list_provinces()}
    wanted: dict[ContestLevel, tuple[list[_Place], str]] = {}
    if plan.national_assembly:
        wanted[ContestLevel.NATIONAL_ASSEMBLY] = ([_Place()], "")
    if plan.province_council:
        wanted[ContestLevel.PROVINCE_COUNCIL] = (
            [_Place(code, names[code]) for code in provinces],
            council_term_of(ContestLevel.PROVINCE_COUNCIL, plan.province_council_term),
        )
    if plan.commune_council:
        places = [
            _Place(code, names[code], c.code, c.name)
            for code in provinces
            for c in await geography.list_communes(province_code=code)
            if plan.communes is None or c.code in plan.communes
        ]
        if plan.communes is not None and len(places) != len(set(plan.communes)):
            raise InvalidInput(
                "Các xã, phường, đặc khu đã chọn phải thuộc các tỉnh, thành phố đã chọn.",
                errors=[
                    FieldError(
                        "commune_codes",
                        "Có xã, phường, đặc khu không thuộc tỉnh, thành phố đã chọn.",
                        "Các xã, phường, đặc khu",
                    )
                ],
            )
        wanted[ContestLevel.COMMUNE_COUNCIL] = (
            places,
            council_term_of(ContestLevel.COMMUNE_COUNCIL, plan.commune_council_term),
        )
    if not wanted:
        raise InvalidInput("Chọn ít nhất một cuộc bầu cử (ĐBQH, HĐND cấp tỉnh, HĐND cấp xã).")
    added: dict[ContestLevel, int] = {}
    async with db.transaction():
        for level, (places, term) in wanted.items():
            ids = await _insert_level(election, level, places, term)
            added[level] = len(ids)
        await audit.record(
            actor=actor,
            entity_type="election",
            entity_id=election_id,
            action="add_contests",
            after={
                "contests": {level.value: count for level, count in added.items()},
                "provinces": provinces,
                "province_council_term": plan.province_council_term,
                "commune_council_term": plan.commune_council_term,
            },
            summary="Thêm "
            + ", ".join(f"{count} cuộc bầu cử {level.label}" for level, count in added.items()),
        )
    return added


async def set_up_election(
    *,
    plan: ContestPlan,
    actor: Actor,
    now: dt.datetime | None = None,
    **fields: Any,
) -> ElectionRow:
    """A new election and its contests, in one transaction: both or neither."""
    async with db.transaction():
        election = await create_election(**fields, actor=actor, now=now)
        if plan.national_assembly or plan.province_council or plan.commune_council:
            await add_contests(election_id=election.id, plan=plan, actor=actor)
    return election


def schedule_of(election: ElectionRow) -> event_rules.Schedule:
    return event_rules.Schedule(
        election.election_day,
        election.voting_opens,
        election.voting_closes,
        general=election.kind == ElectionKind.GENERAL,
    )


async def may_change_election(*, election_id: int, now: dt.datetime | None = None) -> bool:
    election = await get_election(election_id=election_id)
    moment = await training_clock.now_for(election_id, now)
    return event_rules.may_change(schedule_of(election), moment)


async def update_election(
    *,
    election_id: int,
    name: str,
    election_day: dt.date,
    kind: ElectionKind = ElectionKind.GENERAL,
    term: str = "",
    assembly_term: str = "",
    voting_opens: dt.time = dt.time(7, 0),
    voting_closes: dt.time = dt.time(19, 0),
    actor: Actor,
    now: dt.datetime | None = None,
) -> ElectionRow:
    """Change an election while the law's calendar allows it; its contests'
    titles follow its terms."""
    require_admin(actor)
    name = name.strip()
    if not name:
        raise InvalidInput("Tên cuộc bầu cử không được để trống.")
    before = await get_election(election_id=election_id)
    kind = ElectionKind(kind)
    after_schedule = event_rules.Schedule(
        election_day, voting_opens, voting_closes, general=kind == ElectionKind.GENERAL
    )
    moment = await training_clock.now_for(election_id, now)
    violations = event_rules.check_election_change(schedule_of(before), after_schedule, moment)
    if violations:
        raise RuleViolation(violations)
    async with db.transaction():
        await queries.update_election(
            election_id=election_id,
            name=name,
            kind=kind,
            election_day=election_day,
            voting_opens=voting_opens,
            voting_closes=voting_closes,
            term=term.strip(),
            assembly_term=assembly_term.strip().upper(),
        )
        after = await get_election(election_id=election_id)
        await _retitle_contests(after)
        await audit.record(
            actor=actor,
            entity_type="election",
            entity_id=election_id,
            action="update",
            before=before,
            after=after,
            summary=f"Sửa cuộc bầu cử {name}",
        )
        await db.notify_after_commit(training_clock.CHANNEL, {"election_id": election_id})
    training_clock.forget()
    return after


async def _retitle_contests(election: ElectionRow) -> None:
    contests = await queries.contests_in_scope(
        election_id=election.id, province_code=None, commune_code=None
    )
    await queries.rename_contests(
        contest_ids=[c.id for c in contests],
        names=[
            event_rules.contest_title(
                c.level,
                assembly_term=election.assembly_term,
                term=election.term,
                province_name=c.province_name,
                commune_name=c.commune_name,
            )
            for c in contests
        ],
    )


async def contests_by_province(*, election_id: int) -> list[queries.ProvinceContests]:
    await get_election(election_id=election_id)
    return await queries.contests_by_province(election_id=election_id)


async def national_contest_id(*, election_id: int) -> int | None:
    return await queries.national_contest(election_id=election_id)


async def get_election(*, election_id: int) -> ElectionRow:
    election = await queries.election(election_id=election_id)
    if election is None:
        raise NotFound(f"Không có cuộc bầu cử số {election_id}.")
    return election


async def list_elections() -> list[ElectionRow]:
    """Elections are national events: every signed-in user may see them."""
    return await queries.elections()


async def default_election() -> ElectionRow | None:
    """The election shown when the user has not chosen one: the next, else the latest."""
    elections = await list_elections()
    if not elections:
        return None
    upcoming = [e for e in elections if e.election_day >= await training_clock.today_for(e.id)]
    return min(upcoming, key=lambda e: e.election_day) if upcoming else elections[0]


async def get_contest(*, contest_id: int) -> ContestRow:
    contest = await queries.contest(contest_id=contest_id)
    if contest is None:
        raise NotFound(f"Không có cuộc bầu cử (contest) số {contest_id}.")
    return contest


async def list_contests(*, election_id: int, actor: Actor) -> list[ContestRow]:
    """The contests the actor's scope touches: ĐBQH always, councils of their place."""
    await get_election(election_id=election_id)
    return await queries.contests_in_scope(
        election_id=election_id,
        province_code=None if actor.scope_level == ScopeLevel.NATIONAL else actor.province_code,
        commune_code=actor.commune_code
        if actor.scope_level in (ScopeLevel.COMMUNE, ScopeLevel.POLLING_AREA)
        else None,
    )


async def levels_covering_commune(
    *, election_id: int, province_code: str, commune_code: str
) -> list[ContestLevel]:
    """The levels of the election's contests a commune's voters take part in (Art. 76(1))."""
    return await queries.levels_covering_commune(
        election_id=election_id, province_code=province_code, commune_code=commune_code
    )


CERTIFICATE_POLICIES = {
    "dbqh": "Chỉ phiếu bầu ĐBQH",
    "dbqh_tinh": "Phiếu bầu ĐBQH và HĐND tỉnh nơi bỏ phiếu",
}


async def set_certificate_policy(*, election_id: int, policy: str, actor: Actor) -> ElectionRow:
    """The law does not say which ballots a certificate holder gets outside the home
    province (Art. 34); the national administrators decide it per election."""
    require_admin(actor)
    if policy not in CERTIFICATE_POLICIES:
        raise InvalidInput(
            "Giá trị phải là một trong: " + ", ".join(CERTIFICATE_POLICIES), errors=[]
        )
    before = await get_election(election_id=election_id)
    async with db.transaction():
        await queries.set_certificate_policy(election_id=election_id, policy=policy)
        after = await get_election(election_id=election_id)
        await audit.record(
            actor=actor,
            entity_type="election",
            entity_id=election_id,
            action="set_certificate_policy",
            before={"certificate_outside_province": before.certificate_outside_province},
            after={"certificate_outside_province": policy},
            summary="Phiếu bầu của người có giấy chứng nhận ngoài tỉnh: "
            f"{CERTIFICATE_POLICIES[policy]}",
        )
    return after


async def election_calendar(
    *, election_id: int, now: dt.datetime | None = None
) -> tuple[ElectionRow, list[rules.Milestone]]:
    election = await get_election(election_id=election_id)
    moment = await training_clock.now_for(election_id, now)
    return election, rules.election_calendar(
        election.election_day, now=moment, voting_opens=election.voting_opens
    )


# --------------------------------------------------------------------------
# The training clock: changed by the national administrator, audited


def _state(clock: ElectionClock, real: dt.datetime) -> dict[str, str | int | None]:
    """The audit's view of a clock: the offset and the simulated moment then."""
    if clock.offset is None:
        return {"training": False, "offset_seconds": None, "simulated_at": None}
    return {
        "training": True,
        "offset_seconds": int(clock.offset.total_seconds()),
        "simulated_at": clock.now(real).astimezone(VIETNAM).isoformat(timespec="minutes"),
    }


async def set_training_clock(
    *,
    election_id: int,
    actor: Actor,
    training: bool = True,
    at: dt.datetime | None = None,
    preset: clock_rules.TrainingPreset | None = None,
) -> ElectionClock:
    """Put the election in training mode at the simulated moment `at` (or a
    quick `preset`), or back on the real clock (`training` False)."""
    require_admin(actor)
    election = await get_election(election_id=election_id)
    real = real_now()
    offset = None
    if training:
        if preset is not None:
            at = clock_rules.preset_moment(
                clock_rules.TrainingPreset(preset),
                election.election_day,
                election.voting_opens,
                election.voting_closes,
            )
        if at is None:
            raise InvalidInput(
                "Hãy nhập ngày giờ giả lập hoặc chọn một mốc.",
                errors=[FieldError("at", "Chưa nhập ngày giờ giả lập.", "Ngày giờ giả lập")],
            )
        if at.tzinfo is None:
            at = at.replace(tzinfo=VIETNAM)
        violations = clock_rules.check_training_moment(at, election.election_day)
        if violations:
            raise RuleViolation(violations)
        offset = clock_rules.training_offset(at, real)
    after = ElectionClock(election_id, offset, election.name)
    async with db.transaction():
        before = ElectionClock(
            election_id, await clock_queries.training_offset(election_id=election_id), election.name
        )
        await clock_queries.set_training_offset(election_id=election_id, training_offset=offset)
        await audit.record(
            actor=actor,
            entity_type="election",
            entity_id=election_id,
            action="set_training_clock",
            before=_state(before, real),
            after=_state(after, real),
            summary=training_summary(after, real),
        )
        await db.notify_after_commit(training_clock.CHANNEL, {"election_id": election_id})
    training_clock.forget()
    return after


def training_summary(clock: ElectionClock, real: dt.datetime | None = None) -> str:
    if not clock.training:
        return "Tắt chế độ diễn tập: dùng giờ thực"
    return f"Chế độ diễn tập — ngày giả lập {clock.local_now(real):%d/%m/%Y %H:%M}"
