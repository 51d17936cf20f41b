"""Use cases of turnout during voting day: the reporting hours, a team's report
(an upsert: re-sending changes nothing, a different count replaces the old one
and is audited) and the rollups per area, commune and province."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from election import db
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.clock import VIETNAM, real_now
from election.elections import services as elections
from election.elections import training_clock
from election.errors import Forbidden, RuleViolation, Violation, blocking
from election.geography import services as geography
from election.stations import services as stations
from election.stations.queries import PollingAreaRow
from election.turnout import queries, rules
from election.turnout.queries import ReportRow

# Live rollups hear every committed report on this channel (tallies.live's
# machinery, through the app's channels plugin).
TURNOUT_CHANNEL = "turnout_progress"

# --------------------------------------------------------------------------
# Reporting hours


async def reporting_hours(*, election_id: int, province_code: str | None = None) -> list[dt.time]:
    """The hours of the province (its own set, else the election's, else the default)."""
    hours = await queries.hours_of(election_id=election_id, province_code=province_code)
    return hours or list(rules.DEFAULT_HOURS)


def may_set_hours(actor: Actor, province_code: str | None) -> bool:
    """The election's set: a national administrator (for the national committee);
    a province's set: also that province's staff (for its committee)."""
    if actor.is_read_only:
        return False
    if actor.role == Role.ADMIN and actor.scope_level == ScopeLevel.NATIONAL:
        return True
    return (
        province_code is not None
        and actor.role == Role.PROVINCE_STAFF
        and actor.province_code == province_code
    )


@dataclass(frozen=True)
class HourSet:
    election_id: int
    province_code: str | None
    hours: list[dt.time]
    # Whether the set is the province's (or the election's) own, not inherited.
    own: bool
    warnings: list[Violation] = field(default_factory=list[Violation])


async def hour_set(*, election_id: int, province_code: str | None) -> HourSet:
    await elections.get_election(election_id=election_id)
    if province_code is not None:
        await geography.get_province(province_code)
    own = await queries.own_hours(election_id=election_id, province_code=province_code)
    hours = await reporting_hours(election_id=election_id, province_code=province_code)
    # The warnings of the set in force (hours outside 07:00–19:00), shown with it.
    return HourSet(election_id, province_code, hours, bool(own), rules.check_hours(hours))


async def set_hours(
    *, election_id: int, province_code: str | None, hours: list[dt.time], actor: Actor
) -> HourSet:
    """Replace the election's (or a province's) set; an empty set goes back to
    the election's set (a province) or the default (the election)."""
    if not may_set_hours(actor, province_code):
        raise Forbidden("Chỉ Ủy ban bầu cử (quản trị viên, cán bộ cấp tỉnh) được đặt giờ báo cáo.")
    ordered = sorted(hours)
    violations = rules.check_hours(hours) if hours else []
    if blocking(violations):
        raise RuleViolation(blocking(violations))
    before = await hour_set(election_id=election_id, province_code=province_code)
    async with db.transaction():
        await queries.delete_hours(election_id=election_id, province_code=province_code)
        if ordered:
            await queries.insert_hours(
                election_id=election_id,
                province_code=province_code,
                hours=ordered,
                set_by=actor.username,
            )
        await audit.record(
            actor=actor,
            entity_type="turnout_hours",
            entity_id=f"{election_id}:{province_code or 'all'}",
            action="set",
            before=[rules.hh_mm(h) for h in before.hours] if before.own else None,
            after=[rules.hh_mm(h) for h in ordered] or None,
            summary="Đặt giờ báo cáo số cử tri đã bỏ phiếu",
        )
    return await hour_set(election_id=election_id, province_code=province_code)


# --------------------------------------------------------------------------
# An area's reports


def may_report(actor: Actor, area: PollingAreaRow) -> bool:
    """The area's team; commune, province and national staff relay a count
    phoned in. Board members and observers only read."""
    if actor.is_read_only:
        return False
    if actor.role == Role.STATION_OFFICER:
        return actor.polling_area_id == area.id
    return actor.role in (
        Role.ADMIN,
        Role.PROVINCE_STAFF,
        Role.COMMUNE_STAFF,
    ) and actor.covers_commune(area.commune_code, area.province_code)


@dataclass(frozen=True)
class HourRow:
    at: dt.time
    report: ReportRow | None

    @property
    def label(self) -> str:
        return rules.hour_label(self.at)

    @property
    def turnout(self) -> Decimal | None:
        if self.report is None:
            return None
        return rules.percent(self.report.voted, self.report.voters_on_list)


@dataclass(frozen=True)
class AreaTurnout:
    area: PollingAreaRow
    rows: list[HourRow]
    current_hour: dt.time | None
    can_report: bool


async def area_turnout(*, polling_area_id: int, actor: Actor) -> AreaTurnout:
    """The area's hours with what the team reported at each."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    hours = await reporting_hours(election_id=area.election_id, province_code=area.province_code)
    reports = {r.at: r for r in await queries.reports_of_area(polling_area_id=polling_area_id)}
    return AreaTurnout(
        area=area,
        rows=[HourRow(at, reports.get(at)) for at in hours],
        current_hour=rules.current_hour(hours, set(reports)),
        can_report=may_report(actor, area),
    )


@dataclass(frozen=True)
class ReportOutcome:
    report: ReportRow
    # False when the same count was sent again (an offline queue's replay).
    changed: bool


async def report(
    *,
    polling_area_id: int,
    at: dt.time,
    voted: int,
    actor: Actor,
    now: dt.datetime | None = None,
) -> ReportOutcome:
    """The number of voters who have voted in the area by `at` (Art. 69, 71)."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    if not may_report(actor, area):
        raise Forbidden("Chỉ Tổ bầu cử của khu vực và cán bộ phụ trách được báo cáo số cử tri.")
    hours = await reporting_hours(election_id=area.election_id, province_code=area.province_code)
    # The day is the election's (a training clock moves it); the record keeps the real time.
    election_today = (await training_clock.now_for(area.election_id, now)).astimezone(VIETNAM)
    too_early = rules.check_report_day(
        election_today.date(),
        area.early_voting_date or area.election_day,
        early=area.early_voting_date is not None,
    )
    if too_early:
        raise RuleViolation(too_early)
    moment = now or real_now()
    async with db.transaction():
        await queries.lock_area(polling_area_id=polling_area_id)
        reports = {r.at: r for r in await queries.reports_of_area(polling_area_id=polling_area_id)}
        previous = reports.get(at)
        if previous is not None and previous.voted == voted:
            return ReportOutcome(previous, changed=False)
        violations = rules.check_report(
            at=at,
            voted=voted,
            voters_on_list=area.listed_voters,
            hours=hours,
            other_reports={h: r.voted for h, r in reports.items()},
        )
        if blocking(violations):
            raise RuleViolation(blocking(violations))
        saved = await queries.upsert_report(
            election_id=area.election_id,
            polling_area_id=polling_area_id,
            at=at,
            voted=voted,
            voters_on_list=area.listed_voters,
            reported_by=actor.username,
            reported_by_name=actor.full_name,
            reported_at=moment,
        )
        await audit.record(
            actor=actor,
            entity_type="turnout_report",
            entity_id=f"{polling_area_id}@{rules.hh_mm(at)}",
            action="report" if previous is None else "correct",
            before=None if previous is None else {"voted": previous.voted},
            after={"voted": voted, "voters_on_list": area.listed_voters},
            summary=f"Số cử tri đã bỏ phiếu lúc {rules.hh_mm(at)}: {rules.vn_count(voted)}",
        )
    await db.notify_after_commit(
        TURNOUT_CHANNEL,
        {
            "election": area.election_id,
            "area": area.id,
            "commune": area.commune_code,
            "province": area.province_code,
            "at": rules.hh_mm(at),
        },
    )
    return ReportOutcome(saved, changed=True)


# --------------------------------------------------------------------------
# Rollups


@dataclass(frozen=True)
class HourFigures:
    at: dt.time
    areas_total: int
    areas_reporting: int
    voted: int
    voters_on_list: int

    @property
    def label(self) -> str:
        return rules.hour_label(self.at)

    @property
    def reporting_share(self) -> Decimal:
        """The share of the areas that reported at this hour."""
        return rules.percent(self.areas_reporting, self.areas_total)

    @property
    def turnout(self) -> Decimal:
        """Voted over the lists of the areas that reported at this hour: areas
        not heard from yet do not pull it down."""
        return rules.percent(self.voted, self.voters_on_list)


@dataclass(frozen=True)
class GroupTurnout:
    code: str
    name: str
    areas_total: int
    hours: list[HourFigures]

    @property
    def latest(self) -> HourFigures | None:
        """The last hour any area of the group reported."""
        return next((h for h in reversed(self.hours) if h.areas_reporting), None)


@dataclass(frozen=True)
class Rollup:
    election_id: int
    province_code: str | None
    commune_code: str | None
    # "province" (a national view), "commune" (a province's) or "area" (a commune's).
    grouped_by: str
    hours: list[dt.time]
    total: GroupTurnout
    groups: list[GroupTurnout]


def group_by_of(province_code: str | None, commune_code: str | None) -> str:
    if commune_code:
        return "area"
    return "commune" if province_code else "province"


async def rollup(
    *, election_id: int, province_code: str | None = None, commune_code: str | None = None
) -> Rollup:
    """Reporting share and turnout per hour of every group in the scope and of
    the whole scope (the caller narrows the scope to what its actor may see)."""
    grouped_by = group_by_of(province_code, commune_code)
    rows = await queries.rollup(
        election_id=election_id,
        province_code=province_code,
        commune_code=commune_code,
        group_by=grouped_by,
    )
    hours = sorted(
        set(await reporting_hours(election_id=election_id, province_code=province_code))
        | {r.at for r in rows if r.at is not None}
    )
    by_group: dict[str, list[queries.RollupRow]] = {}
    for row in rows:
        by_group.setdefault(row.key, []).append(row)
    groups = [_group(key, group_rows, hours) for key, group_rows in by_group.items()]
    total = GroupTurnout(
        code="",
        name="",
        areas_total=sum(g.areas_total for g in groups),
        hours=[
            HourFigures(
                at=at,
                areas_total=sum(g.areas_total for g in groups),
                areas_reporting=sum(g.hours[i].areas_reporting for g in groups),
                voted=sum(g.hours[i].voted for g in groups),
                voters_on_list=sum(g.hours[i].voters_on_list for g in groups),
            )
            for i, at in enumerate(hours)
        ],
    )
    return Rollup(election_id, province_code, commune_code, grouped_by, hours, total, groups)


def _group(key: str, rows: list[queries.RollupRow], hours: list[dt.time]) -> GroupTurnout:
    first = rows[0]
    at_hour = {r.at: r for r in rows if r.at is not None}
    figures: list[HourFigures] = []
    for at in hours:
        row = at_hour.get(at)
        figures.append(
            HourFigures(
                at=at,
                areas_total=first.areas_total,
                areas_reporting=row.areas_reporting if row else 0,
                voted=row.voted if row else 0,
                voters_on_list=row.voters_on_list if row else 0,
            )
        )
    return GroupTurnout(key, first.name, first.areas_total, figures)
