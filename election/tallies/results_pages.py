"""Results by place: a province's page, with its communes and units as bars
and tables, drilling down to the commune's board, the unit's result and the
polling area. (The national page, `pages.TallyPages.results`, shows the
provinces: the map and their table.)"""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from election.actor import Actor
from election.elections import services as elections
from election.errors import NotFound
from election.tallies import live, pictures
from election.tallies.services import breakdown
from election.web import page


class ResultsByPlacePages(Controller):
    @get(
        "/elections/{election_id:int}/results/provinces/{province_code:str}",
        include_in_schema=False,
    )
    async def province(
        self,
        request: Request,
        election_id: FromPath[int],
        province_code: FromPath[str],
    ) -> Template:
        actor: Actor = request.user
        if not (province_code.isdigit() and len(province_code) == 2):
            raise NotFound(f"Không có tỉnh, thành phố mã {province_code[:10]}.")
        election = await elections.get_election(election_id=election_id)
        view = await breakdown.province(
            election_id=election_id, province_code=province_code, actor=actor
        )
        commune_links = {
            c.code: f"/elections/{election_id}/communes/{c.code}/tally" for c in view.communes
        }
        scope = live.Scope.of(actor, province_code, None, None)
        # Blind double entry: a typist holding another's typing sees counts only.
        withheld = await live.withheld(actor, election_id, scope)
        return page(
            request,
            "tallies/province.html",
            election=election,
            view=view,
            scope=scope,
            progress=await live.cached_progress(election_id, scope),
            withheld=withheld,
            query=f"province={province_code}",
            commune_links=commune_links,
            commune_reporting=pictures.reporting_bars(
                view.communes,
                title=f"Khu vực bỏ phiếu đã báo cáo theo xã, phường — {view.name}",
                links=commune_links,
            ),
            commune_turnout=pictures.turnout_bars(
                view.communes,
                title=f"Tỷ lệ cử tri đi bầu theo xã, phường — {view.name} (tạm tính)",
            ),
            unit_reporting=pictures.unit_reporting_bars(
                view.units, title=f"Biên bản đã nhập theo đơn vị bầu cử — {view.name}"
            ),
            unit_turnout=pictures.unit_turnout_bars(
                view.units,
                title=f"Tỷ lệ cử tri đi bầu theo đơn vị bầu cử — {view.name} (tạm tính)",
            ),
        )
