"""Request ids. The server makes one for every request (``uuid4`` hex): it is what the
innsynslogg, the logs, error messages and the ``X-Request-Id`` answer header carry. A caller's
own ``X-Request-Id``, when it is sane, is kept beside it as a correlation id: in the access
log, in the innsynslogg and echoed as ``X-Correlation-Id``; it never replaces the server's."""

from __future__ import annotations

import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.observability import request_id_var
from authz.innsynslogg import correlation_id_var

_SANE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_OURS = (b"x-request-id", b"x-correlation-id")


def request_id_for(scope: Scope) -> str:
    """The server's id of this request (made on first use, then kept in the scope)."""
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        state["request_id"] = uuid.uuid4().hex
    return str(state["request_id"])


def correlation_id_for(scope: Scope) -> str | None:
    """The caller's ``X-Request-Id`` when it is sane (8 to 64 of ``A-Za-z0-9._-``), else None."""
    state = scope.setdefault("state", {})
    if "correlation_id" not in state:
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        state["correlation_id"] = given if _SANE.match(given) else None
    correlation: str | None = state["correlation_id"]
    return correlation


class RequestIds:
    """The outermost middleware: both ids exist before anything logs, and every HTTP answer
    carries them (``X-Request-Id``, and ``X-Correlation-Id`` when the caller sent one)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = request_id_for(scope)
        correlation_id = correlation_id_for(scope)
        request_id_var.set(request_id)
        correlation_id_var.set(correlation_id)
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        ours = [(b"x-request-id", request_id.encode())]
        if correlation_id is not None:
            ours.append((b"x-correlation-id", correlation_id.encode()))

        async def with_ids(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                message = {**message, "headers": headers + ours}
            await send(message)

        await self.app(scope, receive, with_ids)
