"""Failed logins per client address: every 401 (and every websocket refused at
``connection_init``, 4403) counts against the address; past BOSETTING_FAILED_LOGINS_PER_MINUTE
in the window, its requests to the API get 429 before any token is read.

The address is the peer's, or the client a trusted proxy names (BOSETTING_FORWARDED_ALLOW_IPS,
uvicorn's ``forwarded_allow_ips``). Callers behind one address share its budget."""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.requestid import request_id_for
from app.view import rate_limited
from authz.rate_limit import RateLimitedError, RateLimiter

SETTING = "BOSETTING_FAILED_LOGINS_PER_MINUTE"
_GUARDED = ("/graphql", "/utskrift/")
_REFUSED_AT_INIT = 4403
logger = logging.getLogger("bosetting.rate_limit")


def address_key(scope: Scope) -> str:
    client = scope.get("client")
    return f"adresse:{client[0] if client else 'unknown'}"


def _refusal(message: Message) -> bool:
    """An answer that refuses the caller's credentials."""
    if message["type"] == "http.response.start":
        return bool(message["status"] == 401)
    return message["type"] == "websocket.close" and message.get("code") == _REFUSED_AT_INIT


class FailedLoginLimit:
    def __init__(self, app: ASGIApp, *, limiter: RateLimiter, per_minute: int) -> None:
        self.app = app
        self.limiter = limiter
        self.per_minute = per_minute

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not scope["path"].startswith(_GUARDED):
            await self.app(scope, receive, send)
            return
        key = address_key(scope)
        try:
            self.limiter.check(key, self.per_minute, SETTING)
        except RateLimitedError as error:
            await self._refuse(scope, receive, send, error)
            return

        accepted = False

        async def watch(message: Message) -> None:
            nonlocal accepted
            # A socket closed with 4403 after it was accepted is a session that lost a role
            # (app/wshandler.py), not a failed login.
            accepted = accepted or message["type"] == "websocket.send"
            if _refusal(message) and not accepted:
                # Counted before the answer leaves: the caller's next request sees it.
                try:
                    await self.limiter.add(key, self.per_minute)
                except Exception as error:  # the database is away; the answer still goes
                    logger.warning("failed login not counted: %s", type(error).__name__)
            await send(message)

        await self.app(scope, receive, watch)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, error: RateLimitedError) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": str(error)[:123]})
            return
        await rate_limited(error, request_id_for(scope))(scope, receive, send)
