"""Entry that survives a lost network: the service worker and the offline
page (both public, so a phone without a session still gets them), the relay
key an entry page fetches while online, and the relay of a signed QR code,
as a page for a phone and as the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Template

from election.accounts.guards import roles
from election.actor import Role
from election.errors import DomainError
from election.schemas import Output
from election.settings import Settings
from election.tallies import relay
from election.tallies.relay import RelayIn
from election.web import form_text, messages_of, page

SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "sw.js"
RELAY_ROLES = roles(Role.STATION_OFFICER, Role.COMMUNE_STAFF, Role.PROVINCE_STAFF, Role.ADMIN)
NO_STORE = {"Cache-Control": "no-store"}


class RelayedOut(Output):
    sheet_id: int
    entry_id: int
    state: str
    entered_by: str


class OfflinePages(Controller):
    @get("/sw.js", opt={"public": True}, include_in_schema=False)
    async def service_worker(self) -> Response[bytes]:
        """At the root, so that its scope covers every entry page."""
        return Response(
            SERVICE_WORKER.read_bytes(),
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
        )

    @get("/offline", opt={"public": True}, include_in_schema=False)
    async def offline(self, request: Request) -> Template:
        """What the service worker shows for a page it has not kept."""
        return page(request, "offline.html")


class RelayPages(Controller):
    @get("/tally-sheets/{sheet_id:int}/relay-key", include_in_schema=False)
    async def relay_key(
        self, request: Request, sheet_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Response[dict[str, Any]]:
        key = await relay.key_for(sheet_id=sheet_id, actor=request.user, secret=settings.secret_key)
        return Response(
            {
                "sheet_id": key.sheet_id,
                "version": key.version,
                "user_id": key.user_id,
                "key": key.key,
            },
            headers=NO_STORE,
        )

    @get("/tally-relay", opt=RELAY_ROLES, include_in_schema=False)
    async def form(self, request: Request) -> Template:
        return self._page(request)

    @post("/tally-relay", opt=RELAY_ROLES, include_in_schema=False)
    async def post(self, request: Request, settings: NamedDependency[Settings]) -> Template:
        form = await request.form()
        text = form_text(form, "payload")
        try:
            relayed = await relay.relay(text=text, actor=request.user, secret=settings.secret_key)
        except DomainError as error:
            # Each refusal keeps its own status: a tampered or foreign code (422),
            # a relayer or signer without the right (403), a replay or a stale version (409).
            return self._page(
                request, errors=messages_of(error), payload=text, code=error.status_code
            )
        return self._page(request, relayed=relayed)

    def _page(
        self,
        request: Request,
        *,
        errors: list[str] | None = None,
        payload: str = "",
        relayed: relay.Relayed | None = None,
        code: int = 200,
    ) -> Template:
        return page(
            request,
            "tallies/relay.html",
            status_code=code,
            relayed=relayed,
            errors=errors or [],
            payload=payload,
        )


class RelayController(Controller):
    path = "/api/v1/tally-relay"
    tags = ["Kiểm phiếu"]

    @post(
        "",
        opt=RELAY_ROLES,
        summary="Chuyển biên bản bằng mã QR đã ký của người nhập",
        description="Nội dung mã QR (BBKP1|…) được kiểm tra chữ ký, phiên bản biên bản và "
        "quyền của người nhập, rồi ghi là lần nhập của người đã ký. Mã đã ghi, bị sửa, "
        "đã cũ hoặc của biên bản khác bị từ chối.",
    )
    async def relay(
        self, data: JSONBody[RelayIn], request: Request, settings: NamedDependency[Settings]
    ) -> RelayedOut:
        relayed = await relay.relay(
            text=data.payload, actor=request.user, secret=settings.secret_key
        )
        return RelayedOut(
            sheet_id=relayed.sheet_id,
            entry_id=relayed.entry_id,
            state=relayed.state,
            entered_by=relayed.entered_by,
        )
