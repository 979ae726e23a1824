"""The GraphQL endpoint: authentication in front of Strawberry, one context per request."""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from cross_web import HTTPException
from sqlalchemy.exc import DBAPIError
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.unset import UnsetType

from app.graphiql import page_html
from app.observability import principal_var, request_id_var
from app.varselhub import VarselHub
from authz.principal import AuthenticationError, Principal
from authz.rategrense import RateLimitedError
from schema.context import Context

Authenticate = Callable[[str | None], Awaitable[Principal]]
logger = logging.getLogger("bosetting")
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


GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def negotiate(accept: str | None) -> str:
    """The GraphQL-over-HTTP media type: graphql-response+json when the client prefers it."""
    if not accept:
        return JSON
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, media.strip().lower()))
    for _, _, media in sorted(ranked):
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "application/*", "*/*"):
            return JSON
    return JSON


def unavailable(request_id: str) -> JSONResponse:
    return JSONResponse(
        {
            "errors": [
                {
                    "message": "the database is unavailable; try again shortly",
                    "extensions": {"code": "SERVICE_UNAVAILABLE", "requestId": request_id},
                }
            ]
        },
        status_code=503,
        headers={"Retry-After": "5", "X-Request-Id": request_id},
    )


def graphql_error(message: str, status: int, request_id: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message}]},
        status_code=status,
        headers={"X-Request-Id": request_id, **headers},
    )


async def log_in(
    authenticate: Authenticate, request: Request, request_id: str
) -> Principal | Response:
    """The request's principal (kept in the scope for the logs), or the answer that refuses
    it: 401 for bad credentials, 429 over the rate limit, 503 while the database is away."""
    try:
        principal = await authenticate(request.headers.get("authorization"))
    except AuthenticationError as error:
        return unauthenticated(str(error), request_id)
    except (DBAPIError, OSError, TimeoutError) as error:
        # The database is down or too slow: say so, and nothing else about it.
        logger.warning("request %s: database unavailable: %s", request_id, type(error).__name__)
        return unavailable(request_id)
    except RateLimitedError as error:
        return graphql_error(str(error), 429, request_id, **{"Retry-After": str(error.retry_after)})
    request.scope["state"]["principal"] = principal
    principal_var.set(principal.bruker_id)
    return principal


class BosettingGraphQL(GraphQL[Context, None]):
    def __init__(
        self,
        schema: BaseSchema,
        *,
        engine: Any,
        authenticate: Authenticate,
        varselhub: VarselHub | None = None,
        request_timeout: float = 30.0,
        max_subscriptions: int = 5,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql",
            allow_queries_via_get=True,
            max_subscriptions_per_connection=max_subscriptions,
        )
        self.engine = engine
        self.authenticate = authenticate
        self.varselhub = varselhub
        self.request_timeout = request_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = request_id_for(scope)
        request_id_var.set(request_id)
        if scope["type"] == "http":
            request = Request(scope, receive)
            if not self.should_render_graphql_ide(self.request_adapter_class(request)):
                refused = await log_in(self.authenticate, request, request_id)
                if isinstance(refused, Response):
                    await refused(scope, receive, send)
                    return
            try:
                async with asyncio.timeout(self.request_timeout):
                    response = await self.run(request)
            except HTTPException as error:
                response = self._http_error(error, request_id)
            except TimeoutError:
                response = graphql_error(
                    f"the request took longer than {self.request_timeout:g} s "
                    "(BOSETTING_REQUEST_TIMEOUT_SECONDS)",
                    504,
                    request_id,
                )
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    @staticmethod
    def _http_error(error: HTTPException, request_id: str) -> Response:
        """Strawberry's HTTP-level refusals, as GraphQL-shaped JSON; a mutation over GET is
        405 (GraphQL over HTTP: GET is for queries only)."""
        if isinstance(error.__cause__, InvalidOperationTypeError):
            return graphql_error(error.reason, 405, request_id, Allow="POST")
        if error.reason == "Unsupported content type":
            # Only application/json: a form (no CORS preflight) can never post a query.
            return graphql_error("send the request as application/json", 415, request_id)
        return graphql_error(error.reason, error.status_code, request_id)

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
        state = request.scope["state"]
        state["sub_response"] = response
        state["media_type"] = negotiate(request.headers.get("accept"))
        response.media_type_wanted = state["media_type"]  # type: ignore[attr-defined]
        return response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """Under graphql-response+json, a request that never executed (parse, validation or
        variable errors) is 400 without ``data``; an internal fault is 500."""
        processed = await super().process_result(request, result)
        state = request.scope["state"]
        if any(
            (e.extensions or {}).get("code") == "SERVICE_UNAVAILABLE" for e in result.errors or ()
        ):
            # The database went away under the request: whatever the media type, retry later.
            state["sub_response"].status_code = 503
            state["sub_response"].headers["Retry-After"] = "5"
            return processed
        if result.data is None and result.errors and state.get("media_type") == GRAPHQL_RESPONSE:
            codes = {(e.extensions or {}).get("code") for e in result.errors}
            if "INTERNAL_SERVER_ERROR" in codes:
                state["sub_response"].status_code = 500
            elif all(e.path is None for e in result.errors):
                state["sub_response"].status_code = 400
                processed.pop("data", None)
        return processed

    def encode_json(self, data: object) -> bytes:
        """orjson: several times faster than json on large answers, and the same JSON."""
        return orjson.dumps(data)

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        media = getattr(sub_response, "media_type_wanted", JSON)
        response.headers["content-type"] = f"{media}; charset=utf-8"
        return response
