"""JSON API of election events, contests and the calendar."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post, put
from litestar.params import FromPath, JSONBody

from election.accounts.guards import roles
from election.actor import Role
from election.elections import services
from election.elections.schemas import (
    CalendarOut,
    ContestCreate,
    ContestOut,
    ElectionCreate,
    ElectionOut,
    MilestoneOut,
)
from election.printing import services as printing
from election.web import pdf_response


class ElectionController(Controller):
    path = "/api/v1/elections"
    tags = ["Cuộc bầu cử"]

    @get("/", summary="Các cuộc bầu cử")
    async def list_elections(self) -> list[ElectionOut]:
        return [ElectionOut.model_validate(e) for e in await services.list_elections()]

    @post("/", opt=roles(Role.ADMIN), summary="Tạo cuộc bầu cử")
    async def create_election(
        self, data: JSONBody[ElectionCreate], request: Request
    ) -> ElectionOut:
        election = await services.create_election(**data.model_dump(), actor=request.user)
        return ElectionOut.model_validate(election)

    @get("/{election_id:int}", summary="Một cuộc bầu cử")
    async def get_election(self, election_id: FromPath[int]) -> ElectionOut:
        return ElectionOut.model_validate(await services.get_election(election_id=election_id))

    @put("/{election_id:int}", opt=roles(Role.ADMIN), summary="Sửa cuộc bầu cử (theo lịch luật)")
    async def update_election(
        self, election_id: FromPath[int], data: JSONBody[ElectionCreate], request: Request
    ) -> ElectionOut:
        election = await services.update_election(
            election_id=election_id, **data.model_dump(), actor=request.user
        )
        return ElectionOut.model_validate(election)

    @get("/{election_id:int}/contests", summary="Các cuộc bầu cử (ĐBQH, HĐND) trong phạm vi")
    async def list_contests(self, election_id: FromPath[int], request: Request) -> list[ContestOut]:
        contests = await services.list_contests(election_id=election_id, actor=request.user)
        return [ContestOut.model_validate(c) for c in contests]

    @post("/{election_id:int}/contests", opt=roles(Role.ADMIN), summary="Thêm cuộc bầu cử")
    async def add_contest(
        self, election_id: FromPath[int], data: JSONBody[ContestCreate], request: Request
    ) -> ContestOut:
        contest = await services.add_contest(
            election_id=election_id, **data.model_dump(), actor=request.user
        )
        return ContestOut.model_validate(contest)

    @get("/{election_id:int}/calendar", summary="Lịch các mốc thời gian theo luật")
    async def calendar(self, election_id: FromPath[int]) -> CalendarOut:
        election, milestones = await services.election_calendar(election_id=election_id)
        return CalendarOut(
            election=ElectionOut.model_validate(election),
            milestones=[MilestoneOut.model_validate(m) for m in milestones],
        )

    @get("/{election_id:int}/calendar.pdf", summary="Lịch bầu cử (PDF)")
    async def calendar_pdf(self, election_id: FromPath[int], request: Request) -> Response[bytes]:
        document = await printing.election_calendar_pdf(election_id=election_id, actor=request.user)
        return pdf_response(document)
