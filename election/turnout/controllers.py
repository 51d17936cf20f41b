"""JSON API of turnout during voting day: a team's reports, the reporting hours,
the rollups and their live stream."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post, put
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import ServerSentEvent

from election.turnout import live, rules, services
from election.turnout.queries import ReportRow
from election.turnout.schemas import (
    AreaHourOut,
    AreaTurnoutOut,
    GroupTurnoutOut,
    HourFiguresOut,
    ReportingHoursIn,
    ReportingHoursOut,
    ReportResultOut,
    RollupOut,
    TurnoutReportIn,
    TurnoutReportOut,
)

ScopeProvince = Annotated[str | None, QueryParameter(name="province", pattern=r"^\d{2}$")]
ScopeCommune = Annotated[str | None, QueryParameter(name="commune", pattern=r"^\d{5}$")]


def report_out(report: ReportRow) -> TurnoutReportOut:
    return TurnoutReportOut(
        at=report.at,
        voted=report.voted,
        voters_on_list=report.voters_on_list,
        turnout=rules.percent(report.voted, report.voters_on_list),
        reported_by=report.reported_by,
        reported_at=report.reported_at,
        revision=report.revision,
    )


def area_out(turnout: services.AreaTurnout) -> AreaTurnoutOut:
    return AreaTurnoutOut(
        polling_area_id=turnout.area.id,
        election_id=turnout.area.election_id,
        voters_on_list=turnout.area.listed_voters,
        current_hour=turnout.current_hour,
        hours=[
            AreaHourOut(
                at=row.at,
                label=row.label,
                report=report_out(row.report) if row.report else None,
            )
            for row in turnout.rows
        ],
    )


def group_out(group: services.GroupTurnout) -> GroupTurnoutOut:
    return GroupTurnoutOut(
        code=group.code,
        name=group.name,
        areas_total=group.areas_total,
        hours=[
            HourFiguresOut(
                at=h.at,
                areas_total=h.areas_total,
                areas_reporting=h.areas_reporting,
                reporting_share=h.reporting_share,
                voted=h.voted,
                voters_on_list=h.voters_on_list,
                turnout=h.turnout,
            )
            for h in group.hours
        ],
    )


def rollup_out(rollup: services.Rollup) -> RollupOut:
    return RollupOut(
        election_id=rollup.election_id,
        province_code=rollup.province_code,
        commune_code=rollup.commune_code,
        grouped_by=rollup.grouped_by,
        hours=rollup.hours,
        total=group_out(rollup.total),
        groups=[group_out(g) for g in rollup.groups],
    )


def hours_out(hour_set: services.HourSet) -> ReportingHoursOut:
    return ReportingHoursOut(
        election_id=hour_set.election_id,
        province_code=hour_set.province_code,
        hours=hour_set.hours,
        own=hour_set.own,
    )


class AreaTurnoutController(Controller):
    path = "/api/v1/polling-areas/{polling_area_id:int}/turnout"
    tags = ["Cử tri đi bầu trong ngày"]

    @get("/", summary="Số cử tri đã bỏ phiếu của khu vực theo từng giờ báo cáo")
    async def area(self, polling_area_id: FromPath[int], request: Request) -> AreaTurnoutOut:
        return area_out(
            await services.area_turnout(polling_area_id=polling_area_id, actor=request.user)
        )

    @post(
        "/",
        status_code=200,
        summary="Báo cáo số cử tri đã bỏ phiếu đến một giờ báo cáo",
        description="Gửi lại cùng số liệu không thay đổi gì (changed = false); "
        "số liệu khác thay thế số cũ và được ghi nhật ký.",
    )
    async def report(
        self, polling_area_id: FromPath[int], data: JSONBody[TurnoutReportIn], request: Request
    ) -> ReportResultOut:
        outcome = await services.report(
            polling_area_id=polling_area_id, at=data.at, voted=data.voted, actor=request.user
        )
        return ReportResultOut(changed=outcome.changed, report=report_out(outcome.report))


class ElectionTurnoutController(Controller):
    path = "/api/v1/elections/{election_id:int}/turnout"
    tags = ["Cử tri đi bầu trong ngày"]

    @get("/", summary="Tỷ lệ cử tri đi bầu và tỷ lệ khu vực đã báo cáo theo giờ")
    async def rollup(
        self,
        election_id: FromPath[int],
        request: Request,
        province: ScopeProvince = None,
        commune: ScopeCommune = None,
    ) -> RollupOut:
        scope = live.Scope.of(request.user, province, commune, None)
        return rollup_out(await live.cached_rollup(election_id, scope))

    @get(
        "/stream",
        summary="Tỷ lệ cử tri đi bầu theo thời gian thực (Server-Sent Events)",
        description="Mỗi sự kiện `turnout` mang số liệu theo giờ của cả phạm vi, "
        "gửi khi có khu vực báo cáo trong phạm vi.",
    )
    async def stream(
        self,
        election_id: FromPath[int],
        request: Request,
        channels: NamedDependency[ChannelsPlugin],
        province: ScopeProvince = None,
        commune: ScopeCommune = None,
    ) -> ServerSentEvent:
        scope = live.Scope.of(request.user, province, commune, None)
        return await live.turnout_stream(channels, election_id, scope)

    @get("/hours", summary="Các giờ báo cáo của cuộc bầu cử (hoặc của một tỉnh)")
    async def hours(
        self, election_id: FromPath[int], province: ScopeProvince = None
    ) -> ReportingHoursOut:
        return hours_out(await services.hour_set(election_id=election_id, province_code=province))

    @put("/hours", summary="Đặt các giờ báo cáo (danh sách rỗng: trở về mặc định)")
    async def set_hours(
        self, election_id: FromPath[int], data: JSONBody[ReportingHoursIn], request: Request
    ) -> ReportingHoursOut:
        return hours_out(
            await services.set_hours(
                election_id=election_id,
                province_code=data.province_code,
                hours=data.hours,
                actor=request.user,
            )
        )
