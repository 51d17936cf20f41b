"""The training clock over HTTP: its form, its API, and the banner of every page.

The national administrator sets an election's simulated moment (typed as
15/03/2026 19:30, or one of the quick moments) on the election's page or
through `PUT /api/v1/elections/{id}/training-clock`. While any election is
in training mode, every page says so in a banner (`TrainingBannerMiddleware`
puts it in the request's state; `web.page` hands it to `base.html`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from litestar.types import ASGIApp, Receive, Scope, Send

from election.accounts.guards import roles
from election.actor import Role
from election.clock import ElectionClock, real_now
from election.elections import services, training_clock
from election.elections.schemas import TrainingClockIn, TrainingClockOut
from election.elections.training_rules import preset_moments
from election.web import FormState, form_action, page, redirect, status_of

log = logging.getLogger(__name__)

BANNER_STATE = "training_banners"
# Paths that are not pages for people: no banner, no question to the database.
_NOT_PAGES = ("/api/", "/static/", "/schema", "/metrics")


@dataclass(frozen=True)
class TrainingBanner:
    election_id: int
    election_name: str
    simulated_at: str

    @property
    def text(self) -> str:
        return f"Chế độ diễn tập — ngày giả lập {self.simulated_at}"


def banner_of(clock: ElectionClock) -> TrainingBanner:
    return TrainingBanner(
        clock.election_id, clock.election_name, f"{clock.local_now():%d/%m/%Y %H:%M}"
    )


class TrainingBannerMiddleware:
    """Around the whole app (errors raised before a handler included): the
    banners of the elections in training, for the page being answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(_NOT_PAGES):
            try:
                clocks = await training_clock.training_clocks()
            except Exception:  # the page itself reports a database that is down
                log.warning("training clock: banner not read", exc_info=True)
                clocks = []
            state: Any = scope.setdefault("state", {})  # pyright: ignore[reportUnknownMemberType]
            state[BANNER_STATE] = [banner_of(c) for c in clocks]
        await self.app(scope, receive, send)


def clock_out(clock: ElectionClock) -> TrainingClockOut:
    real = real_now()
    return TrainingClockOut(
        election_id=clock.election_id,
        training=clock.training,
        offset_seconds=int(clock.offset.total_seconds()) if clock.offset is not None else None,
        simulated_at=clock.local_now(real) if clock.training else None,
        banner=services.training_summary(clock, real),
    )


class TrainingClockPages(Controller):
    path = "/elections/{election_id:int}/training-clock"

    @get("/", include_in_schema=False)
    async def show(self, request: Request, election_id: FromPath[int]) -> Template:
        return await training_clock_page(request, election_id)

    @post("/", opt=roles(Role.ADMIN), include_in_schema=False)
    async def change(self, request: Request, election_id: FromPath[int]) -> Template | Redirect:
        async def act(data: TrainingClockIn) -> ElectionClock:
            return await services.set_training_clock(
                election_id=election_id, actor=request.user, **data.model_dump()
            )

        async def refused(state: FormState) -> Template:
            return await training_clock_page(request, election_id, state)

        return await form_action(
            request,
            TrainingClockIn,
            act,
            done=lambda _: redirect("/", election=str(election_id), notice="saved"),
            refused=refused,
        )


async def training_clock_page(
    request: Request, election_id: int, state: FormState | None = None
) -> Template:
    election = await services.get_election(election_id=election_id)
    clock = await training_clock.clock_of(election_id)
    return page(
        request,
        "elections/training_clock.html",
        status_code=status_of(state),
        election=election,
        clock=banner_of(clock) if clock.training else None,
        presets=preset_moments(
            election.election_day, election.voting_opens, election.voting_closes
        ),
        form=state or FormState(),
    )


class TrainingClockController(Controller):
    path = "/api/v1/elections/{election_id:int}/training-clock"
    tags = ["Cuộc bầu cử"]

    @get("/", summary="Đồng hồ diễn tập của cuộc bầu cử")
    async def get_clock(self, election_id: FromPath[int]) -> TrainingClockOut:
        await services.get_election(election_id=election_id)
        return clock_out(await training_clock.clock_of(election_id))

    @put(
        "/",
        opt=roles(Role.ADMIN),
        summary="Đặt đồng hồ diễn tập (ngày giả lập) hoặc trở lại giờ thực",
    )
    async def set_clock(
        self, election_id: FromPath[int], data: JSONBody[TrainingClockIn], request: Request
    ) -> TrainingClockOut:
        clock = await services.set_training_clock(
            election_id=election_id, actor=request.user, **data.model_dump()
        )
        return clock_out(clock)
