"""Pages of turnout during voting day: the team's phone page (one row per
reporting hour, the current one first, offline-safe forms), the live rollups
of the nation, a province and a commune, and the committee's reporting hours."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, ServerSentEvent, Template
from markupsafe import Markup

from election import charts
from election.actor import Actor
from election.elections import services as elections
from election.errors import DomainError
from election.geography import services as geography
from election.turnout import live, rules, services
from election.turnout.schemas import ReportingHoursIn, TurnoutReportIn
from election.web import (
    FormState,
    form_action,
    form_values,
    page,
    parse_form,
    redirect,
    status_of,
)

ScopeProvince = Annotated[str, QueryParameter(max_length=2)]
ScopeCommune = Annotated[str, QueryParameter(max_length=5)]


def _sent_notice(sent: str) -> str:
    return f"Đã ghi số cử tri đã bỏ phiếu lúc {sent}." if sent else ""


def _chart(rollup: services.Rollup) -> Markup:
    """The curve of the whole scope by hour: turnout and the share reporting."""
    hours = rollup.total.hours
    return charts.line_chart(
        [
            charts.Series(
                "Tỷ lệ cử tri đã bỏ phiếu",
                [float(h.turnout) if h.areas_reporting else None for h in hours],
            ),
            charts.Series("Tỷ lệ khu vực đã báo cáo", [float(h.reporting_share) for h in hours]),
        ],
        title="Cử tri đã bỏ phiếu và khu vực đã báo cáo theo giờ",
        x_labels=[rules.hh_mm(h.at) for h in hours],
        y_max=100,
        y_suffix=" %",
        decimals=0,
        desc="Tỷ lệ tính trên danh sách cử tri của các khu vực đã báo cáo ở mỗi giờ.",
    )


def _bars(rollup: services.Rollup, links: dict[str, str]) -> Markup | None:
    """Each group at its latest reported hour: the share of its areas reporting."""
    if not rollup.groups or len(rollup.groups) > 60:
        return None
    bars = []
    for group in rollup.groups:
        latest = group.latest
        reporting = latest.areas_reporting if latest else 0
        bars.append(
            charts.Bar(
                label=group.name,
                value=float(latest.turnout) if latest else 0.0,
                display=(
                    f"{charts.vn_percent(float(latest.turnout))} lúc {rules.hh_mm(latest.at)}"
                    if latest
                    else "Chưa báo cáo"
                ),
                href=links.get(group.code),
                colour=0 if reporting else 1,
            )
        )
    return charts.bar_chart(
        bars,
        title="Tỷ lệ cử tri đã bỏ phiếu ở giờ báo cáo gần nhất",
        max_value=100,
        value_suffix=" %",
        desc="Mỗi thanh là tỷ lệ cử tri đã bỏ phiếu của các khu vực đã báo cáo ở giờ gần nhất.",
    )


def _map(rollup: services.Rollup, links: dict[str, str]) -> Markup | None:
    """The nation's provinces, each coloured by its turnout at its latest hour."""
    if rollup.grouped_by != "province":
        return None
    values: dict[str, float | None] = {}
    for group in rollup.groups:
        latest = group.latest
        values[group.code] = float(latest.turnout) if latest else None
    return charts.tile_map(
        values,
        title="Tỷ lệ cử tri đã bỏ phiếu theo tỉnh, thành phố (giờ báo cáo gần nhất)",
        links=links,
    )


def _links(rollup: services.Rollup) -> dict[str, str]:
    """Where each group's row leads: a province to its communes, a commune to its areas."""
    base = f"/elections/{rollup.election_id}/turnout"
    if rollup.grouped_by == "province":
        return {g.code: f"{base}?province={g.code}" for g in rollup.groups}
    if rollup.grouped_by == "commune":
        return {g.code: f"{base}?commune={g.code}" for g in rollup.groups}
    return {g.code: f"/polling-areas/{g.code}/turnout" for g in rollup.groups}


async def _place_names(rollup: services.Rollup) -> dict[str, str]:
    names: dict[str, str] = {}
    if rollup.commune_code:
        commune = await geography.get_commune(rollup.commune_code)
        names["commune"] = commune.name
        province = await geography.get_province(commune.province_code)
        names["province"] = province.name
        names["province_code"] = province.code
    elif rollup.province_code:
        names["province"] = (await geography.get_province(rollup.province_code)).name
        names["province_code"] = rollup.province_code
    return names


class TurnoutPages(Controller):
    @get("/polling-areas/{polling_area_id:int}/turnout", include_in_schema=False)
    async def area(
        self,
        request: Request,
        polling_area_id: FromPath[int],
        sent: Annotated[str, QueryParameter(max_length=5)] = "",
    ) -> Template:
        return await self._area_page(request, polling_area_id, None, sent)

    async def _area_page(
        self, request: Request, polling_area_id: int, state: FormState | None, sent: str = ""
    ) -> Template:
        turnout = await services.area_turnout(polling_area_id=polling_area_id, actor=request.user)
        current = turnout.current_hour
        current_row = next((r for r in turnout.rows if r.at == current), None)
        return page(
            request,
            "turnout/area.html",
            status_code=status_of(state),
            turnout=turnout,
            area=turnout.area,
            rows=turnout.rows,
            current=current,
            current_row=current_row,
            state=state or FormState(),
            failed_at=(state.values.get("at", "") if state else ""),
            sent_notice=_sent_notice(sent),
            election=await elections.get_election(election_id=turnout.area.election_id),
            hh_mm=rules.hh_mm,
            pct=charts.percent_text,
        )

    @post("/polling-areas/{polling_area_id:int}/turnout/{hour:str}", include_in_schema=False)
    async def report(
        self, request: Request, polling_area_id: FromPath[int], hour: FromPath[str]
    ) -> Any:
        """One hour's form posts to its own path: the offline queue keeps one
        draft per path, so each hour's count stays with its hour."""
        actor: Actor = request.user
        values = form_values(await request.form(), TurnoutReportIn)
        values["at"] = f"{hour[:2]}:{hour[2:]}" if len(hour) == 4 and hour.isdigit() else hour
        try:
            data = parse_form(TurnoutReportIn, values)
            outcome = await services.report(
                polling_area_id=polling_area_id, at=data.at, voted=data.voted, actor=actor
            )
        except DomainError as error:
            return await self._area_page(request, polling_area_id, FormState.refused(values, error))
        return redirect(
            f"/polling-areas/{polling_area_id}/turnout", sent=rules.hh_mm(outcome.report.at)
        )

    @get("/elections/{election_id:int}/turnout", include_in_schema=False)
    async def rollup(
        self,
        request: Request,
        election_id: FromPath[int],
        province: ScopeProvince = "",
        commune: ScopeCommune = "",
    ) -> Template:
        actor: Actor = request.user
        election = await elections.get_election(election_id=election_id)
        scope = live.Scope.of(actor, province or None, commune or None, None)
        rollup = await live.cached_rollup(election_id, scope)
        links = _links(rollup)
        query = "&".join(
            f"{k}={v}"
            for k, v in (("province", rollup.province_code), ("commune", rollup.commune_code))
            if v and not (k == "province" and rollup.commune_code)
        )
        return page(
            request,
            "turnout/rollup.html",
            election=election,
            rollup=rollup,
            chart=_chart(rollup),
            bars=_bars(rollup, links),
            tile_map=_map(rollup, links),
            links=links,
            names=await _place_names(rollup),
            query=query,
            may_set_hours=services.may_set_hours(actor, rollup.province_code),
            hh_mm=rules.hh_mm,
            pct=charts.percent_text,
        )

    @get("/elections/{election_id:int}/turnout/stream", include_in_schema=False)
    async def stream(
        self,
        request: Request,
        election_id: FromPath[int],
        channels: NamedDependency[ChannelsPlugin],
        province: ScopeProvince = "",
        commune: ScopeCommune = "",
    ) -> ServerSentEvent:
        """The rollup stream for the page (cookie-authenticated)."""
        scope = live.Scope.of(request.user, province or None, commune or None, None)
        return await live.turnout_stream(channels, election_id, scope)

    @get("/elections/{election_id:int}/turnout/hours", include_in_schema=False)
    async def hours(
        self,
        request: Request,
        election_id: FromPath[int],
        province: ScopeProvince = "",
        saved: Annotated[str, QueryParameter(max_length=1)] = "",
    ) -> Template:
        return await self._hours_page(request, election_id, province or None, None, bool(saved))

    async def _hours_page(
        self,
        request: Request,
        election_id: int,
        province_code: str | None,
        state: FormState | None,
        saved: bool = False,
    ) -> Template:
        hour_set = await services.hour_set(election_id=election_id, province_code=province_code)
        province = await geography.get_province(province_code) if province_code else None
        return page(
            request,
            "turnout/hours.html",
            status_code=status_of(state),
            election=await elections.get_election(election_id=election_id),
            hour_set=hour_set,
            province=province,
            state=state or FormState(),
            may_set=services.may_set_hours(request.user, province_code),
            default_hours=", ".join(rules.hh_mm(h) for h in rules.DEFAULT_HOURS),
            typed=", ".join(rules.hh_mm(h) for h in hour_set.hours),
            saved=saved,
            hh_mm=rules.hh_mm,
        )

    @post("/elections/{election_id:int}/turnout/hours", include_in_schema=False)
    async def set_hours(self, request: Request, election_id: FromPath[int]) -> Any:
        actor: Actor = request.user

        async def act(data: ReportingHoursIn) -> services.HourSet:
            return await services.set_hours(
                election_id=election_id,
                province_code=data.province_code,
                hours=data.hours,
                actor=actor,
            )

        async def refused(state: FormState) -> Template:
            province_code = str(state.values.get("province_code") or "") or None
            return await self._hours_page(request, election_id, province_code, state)

        def done(saved: services.HourSet) -> Redirect:
            query = {"province": saved.province_code} if saved.province_code else {}
            return redirect(f"/elections/{election_id}/turnout/hours", saved="1", **query)

        return await form_action(request, ReportingHoursIn, act, done=done, refused=refused)
