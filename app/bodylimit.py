"""A cap on request bodies: 413 before the body is read when its length is declared, and as
soon as it is exceeded when it is streamed."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """``max_bytes`` for every request, but for the paths under a prefix of ``larger``, which
    take their own limit (prefix → (bytes, the setting that says so))."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        larger: dict[str, tuple[int, str]] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger or {}

    def _limit(self, scope: Scope) -> tuple[int, str]:
        path = str(scope.get("path", ""))
        for prefix, limit in self.larger.items():
            if path.startswith(prefix):
                return limit
        return self.max_bytes, "BOSETTING_MAX_BODY_BYTES"

    async def _refuse(self, send: Send, limit: tuple[int, str]) -> None:
        max_bytes, setting = limit
        body = json.dumps(
            {
                "errors": [
                    {
                        "message": f"the request body is larger than {max_bytes} bytes ({setting})",
                        "extensions": {
                            "code": "LIMIT_EXCEEDED",
                            "limit": "body",
                            "value": max_bytes,
                        },
                    }
                ]
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        max_bytes = limit[0]
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if (
            declared is not None
            and declared.isascii()
            and declared.isdigit()
            and int(declared) > max_bytes
        ):
            await self._refuse(send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send, limit)
