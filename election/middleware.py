"""Around every HTTP request: its ID, the client's address behind trusted
proxies, security headers (`Cache-Control: no-store` on what may carry personal
data), metrics, the access log, and the end of event streams when the process
stops."""

from __future__ import annotations

import logging
import re
import time
import uuid

from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from election.masking import mask_ids_in
from election.ops import draining, logs, metrics
from election.ratelimit import client_address, parse_networks

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
]
_EVENT_STREAM = b"text/event-stream"
# Pages, API answers, printed lists and exports may carry personal data: no
# browser or proxy cache keeps them (a shared computer at the commune office,
# a caching proxy). Static files and responses that say otherwise keep theirs.
_NO_STORE_TYPES = (
    b"text/html",
    b"application/json",
    b"application/problem+json",
    b"application/pdf",
    b"text/csv",
    b"application/vnd.openxmlformats",
)
_NO_STORE = (b"cache-control", b"no-store")

access_log = logging.getLogger("election.access")


class RequestContextMiddleware:
    """Give every request an ID (the client's `X-Request-ID` if sane) for logs and
    audit; count it by route for `/metrics`; log it when `access_log` is on.

    An event stream (`text/event-stream`) is told that its client left as soon
    as the process starts to stop (see `election.ops.draining`), and its
    response is then closed properly, so the browser reconnects elsewhere.
    """

    def __init__(self, app: ASGIApp, access_log: bool = False, trusted_proxies: str = "") -> None:
        self.app = app
        self.access_log = access_log
        self.trusted_proxies = parse_networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        supplied = ""
        forwarded: list[str] = []
        for name, value in scope["headers"]:
            if name == b"x-request-id" and not supplied:
                supplied = value.decode("latin-1")
            elif name == b"x-forwarded-for":
                forwarded.append(value.decode("latin-1"))
        peer = scope.get("client")
        if peer and self.trusted_proxies:
            # Everything after this (sign-in throttling, the lookup's budgets,
            # audit) sees the client the trusted proxies name, nothing forged.
            scope["client"] = (client_address(peer[0], forwarded, self.trusted_proxies), peer[1])
        request_id = supplied if _VALID_REQUEST_ID.match(supplied) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        encoded_id = request_id.encode()
        context = logs.REQUEST_ID.set(request_id)
        status = 500
        streaming = False
        finished = False

        async def send_with_headers(message: Message) -> None:
            nonlocal status, streaming, finished
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", encoded_id))
                present = set()
                private = False
                for name, value in headers:
                    name = name.lower()
                    present.add(name)
                    if name == b"content-type" and value.startswith(_EVENT_STREAM):
                        streaming = True
                    if name == b"content-type" and value.startswith(_NO_STORE_TYPES):
                        private = True
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if private and _NO_STORE[0] not in present:
                    headers.append(_NO_STORE)
                message["headers"] = headers
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                finished = True
            await send(message)

        async def receive_until_drained() -> ReceiveMessage:
            if streaming:
                return await draining.receive_or_disconnect(receive)
            return await receive()

        try:
            await self.app(scope, receive_until_drained, send_with_headers)
            if streaming and not finished and draining.started():
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            logs.REQUEST_ID.reset(context)
            self._record(scope, status, time.perf_counter() - started, request_id)

    def _record(self, scope: Scope, status: int, seconds: float, request_id: str) -> None:
        route = scope.get("path_template") or "unmatched"
        method = scope.get("method", "GET")
        metrics.observe(route, method, status, seconds)
        if self.access_log:
            # A path may carry an ID someone typed into a URL: never logged whole.
            path = mask_ids_in(scope["path"])
            access_log.info(
                "%s %s %s",
                method,
                path,
                status,
                extra={
                    "request_id": request_id,
                    "method": method,
                    "route": route,
                    "path": path,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
