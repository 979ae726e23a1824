"""The GraphQL endpoint: authentication in front of Strawberry, one context per request."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema import BaseSchema
from strawberry.types.unset import UnsetType

from app.graphiql import page_html
from app.varselhub import VarselHub
from authz.principal import AuthenticationError, Principal
from schema.context import Context

Authenticate = Callable[[str | None], Awaitable[Principal]]
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_for(scope: Scope) -> str:
    """The caller's ``X-Request-Id`` when it is sane, else a new one; kept in the scope."""
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        state["request_id"] = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    return str(state["request_id"])


def unauthenticated(message: str, request_id: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={
            "WWW-Authenticate": 'Bearer realm="bosetting"',
            "X-Request-Id": request_id,
            "Cache-Control": "no-store",
        },
    )


class BosettingGraphQL(GraphQL[Context, None]):
    def __init__(
        self,
        schema: BaseSchema,
        *,
        engine: Any,
        authenticate: Authenticate,
        varselhub: VarselHub | None = None,
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True)
        self.engine = engine
        self.authenticate = authenticate
        self.varselhub = varselhub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = request_id_for(scope)
        if scope["type"] == "http":
            request = Request(scope, receive)
            if not self.should_render_graphql_ide(self.request_adapter_class(request)):
                try:
                    principal = await self.authenticate(request.headers.get("authorization"))
                except AuthenticationError as error:
                    await unauthenticated(str(error), request_id)(scope, receive, send)
                    return
                scope["state"]["principal"] = principal
        await super().__call__(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        return Context(
            request=request,
            response=response,
            engine=self.engine,
            request_id=request_id_for(request.scope),
            principal=request.scope["state"].get("principal"),
            varselhub=self.varselhub,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        try:
            context.principal = await self.authenticate(header if isinstance(header, str) else None)
        except AuthenticationError as error:
            raise ConnectionRejectionError({"message": str(error)}) from error
        return await super().on_ws_connect(context)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(page_html())

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        response = await super().get_sub_response(request)
        response.headers["X-Request-Id"] = request_id_for(request.scope)
        return response
