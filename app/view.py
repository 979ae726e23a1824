"""The GraphQL endpoint: authentication in front of Strawberry, one context per request."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.types import QueryParams
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from app.graphiql import page_html
from app.httpinput import (
    HttpLimits,
    JsonInputError,
    is_json_media_type,
    load_json,
    several_operations,
)
from app.observability import principal_var, request_id_var
from app.requestid import request_id_for
from app.varselhub import VarselHub
from app.websocket import WebsocketSessions
from authz.principal import AuthenticationError, Principal
from authz.rate_limit import RateLimitedError
from resolvers.compiled.run import COMPILER
from schema.context import Context

Authenticate = Callable[[str | None], Awaitable[Principal]]
logger = logging.getLogger("bosetting")


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


def graphql_error(
    message: str,
    status: int,
    request_id: str,
    extensions: dict[str, object] | None = None,
    **headers: str,
) -> JSONResponse:
    error: dict[str, object] = {"message": message}
    if extensions:
        error["extensions"] = extensions
    return JSONResponse(
        {"errors": [error]}, status_code=status, headers={"X-Request-Id": request_id, **headers}
    )


def refusal(message: str, status: int, request_id: str, code: str) -> JSONResponse:
    """A route's refusal (not GraphQL's): the GraphQL error shape, with one ``code``."""
    return graphql_error(message, status, request_id, {"code": code})


class RequestError(HTTPException):
    """A request the service does not read, refused with a GraphQL-shaped error whose
    ``extensions`` say why (``code``, and for a limit its name and value)."""

    def __init__(self, status: int, message: str, **extensions: object) -> None:
        super().__init__(status, message)
        self.extensions = {"code": "BAD_REQUEST", **extensions}


def json_refusal(error: JsonInputError, max_depth: int) -> RequestError:
    if error.kind == "depth":
        return RequestError(
            400, str(error), code="LIMIT_EXCEEDED", limit="jsonDepth", value=max_depth
        )
    return RequestError(400, str(error))


def rate_limited(error: RateLimitedError, request_id: str) -> JSONResponse:
    """429 with ``Retry-After``, for a principal's rate limit and an address's failed logins."""
    return graphql_error(
        str(error),
        429,
        request_id,
        {"code": "RATE_LIMITED", "retryAfter": error.retry_after},
        **{"Retry-After": str(error.retry_after), "Cache-Control": "no-store"},
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
        return rate_limited(error, request_id)
    request.scope["state"]["principal"] = principal
    principal_var.set(principal.bruker_id)
    return principal


class BosettingGraphQL(WebsocketSessions, GraphQL[Context, None]):
    def __init__(
        self,
        schema: BaseSchema,
        *,
        engine: Any,
        authenticate: Authenticate,
        reauthenticate: Authenticate | None = None,
        varselhub: VarselHub | None = None,
        request_timeout: float = 30.0,
        max_subscriptions: int = 5,
        http_limits: HttpLimits | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql",
            allow_queries_via_get=True,
            max_subscriptions_per_connection=max_subscriptions,
        )
        self.engine = engine
        self.authenticate = authenticate
        self.reauthenticate = reauthenticate or authenticate
        self.varselhub = varselhub
        self.request_timeout = request_timeout
        limits = http_limits or HttpLimits.from_env()
        self.max_json_depth = limits.max_json_depth
        self.max_answer_bytes = limits.max_answer_bytes

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
                    {
                        "code": "LIMIT_EXCEEDED",
                        "limit": "request_timeout",
                        "value": self.request_timeout,
                    },
                )
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    @staticmethod
    def _http_error(error: HTTPException, request_id: str) -> Response:
        """HTTP-level refusals, as GraphQL-shaped JSON. A mutation over GET is 405 (GraphQL
        over HTTP: GET is for queries only); a subscription over HTTP is 400 (the websocket
        serves them)."""
        cause = error.__cause__
        if isinstance(cause, InvalidOperationTypeError):
            if cause.operation_type is OperationType.SUBSCRIPTION:
                return graphql_error(
                    "subscriptions are served over the websocket at /graphql "
                    "(graphql-transport-ws), not over HTTP",
                    400,
                    request_id,
                    {"code": "BAD_REQUEST"},
                )
            return graphql_error(error.reason, 405, request_id, Allow="POST")
        if isinstance(error, RequestError):
            return graphql_error(error.reason, error.status_code, request_id, error.extensions)
        return graphql_error(error.reason, error.status_code, request_id)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """A GET's query string or a POST's body as ``application/json`` (any case; a charset
        says UTF-8): anything else is 415, so a form (no CORS preflight) can never post a
        query. The body is UTF-8 JSON nested at most BOSETTING_MAX_JSON_DEPTH deep."""
        data: object
        if request.method == "GET":
            data = self.parse_query_params(request.query_params)
        elif is_json_media_type(request.content_type):
            try:
                data = load_json(await request.get_body(), self.max_json_depth, "the request body")
            except JsonInputError as error:
                raise json_refusal(error, self.max_json_depth) from error
        else:
            raise HTTPException(415, "send the request as application/json")
        if isinstance(data, list):
            self._validate_batch_request(data, protocol="http")
            return [self._request_data(item) for item in data]
        return self._request_data(data)

    @staticmethod
    def _request_data(data: object) -> GraphQLRequestData:
        if not isinstance(data, dict):
            raise RequestError(400, "the request must be a JSON object")
        for name, kind, wanted in (
            ("query", str, "a string"),
            ("operationName", str, "a string"),
            ("variables", dict, "an object"),
            ("extensions", dict, "an object"),
        ):
            if data.get(name) is not None and not isinstance(data[name], kind):
                raise RequestError(400, f"{name} must be {wanted} or null, if given")
        return GraphQLRequestData(
            query=data.get("query"),
            variables=data.get("variables"),
            operation_name=data.get("operationName"),
            extensions=data.get("extensions"),
        )

    def parse_query_params(self, params: QueryParams) -> dict[str, Any]:
        """A GET's parameters; ``variables`` and ``extensions`` are JSON held to the same rules
        as a body."""
        parsed: dict[str, Any] = dict(params)
        for name in ("variables", "extensions"):
            if parsed.get(name):
                try:
                    parsed[name] = load_json(
                        parsed[name], self.max_json_depth, f"the {name} parameter"
                    )
                except JsonInputError as error:
                    raise json_refusal(error, self.max_json_depth) from error
        return parsed

    def decode_json(self, data: str | bytes) -> object:
        """Any other JSON the view reads (websocket messages): the same rules; a refusal is a
        JSONDecodeError, which Strawberry's handlers expect of a text that is not JSON."""
        try:
            return load_json(data, self.max_json_depth, "the message")
        except JsonInputError as error:
            raise json.JSONDecodeError(str(error), "", 0) from error

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Strawberry's, with two rules of GraphQL over HTTP: a document of several operations
        needs ``operationName`` (a request error, not the first operation), and no
        subscription runs over HTTP (the websocket serves them)."""
        if (
            request_data.operation_name is None
            and isinstance(request_data.query, str)
            and several_operations(request_data.query)
        ):
            return ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "operationName is required when the document has several operations",
                        extensions={"code": "BAD_REQUEST"},
                    )
                ],
            )
        allowed = OperationType.from_http(request_adapter.method) - {OperationType.SUBSCRIPTION}
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except CannotGetOperationTypeError as error:
            raise RequestError(400, error.as_http_error_reason()) from error
        except InvalidOperationTypeError as error:
            raise HTTPException(400, error.as_http_error_reason(request_adapter.method)) from error
        except MissingQueryError as error:
            raise RequestError(400, "the request has no query") from error

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        return Context(
            request=request,
            response=response,
            engine=self.engine,
            request_id=request_id_for(request.scope),
            principal=request.scope["state"].get("principal"),
            varselhub=self.varselhub,
            compiler=COMPILER,
            raw_json=not isinstance(request, WebSocket),
        )

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
        """The answer in the negotiated media type. One larger than BOSETTING_MAX_ANSWER_BYTES
        once encoded is not sent; it is refused as the cost limit refuses: 400 without ``data``
        under graphql-response+json, 200 with ``data: null`` under application/json."""
        media = getattr(sub_response, "media_type_wanted", JSON)
        body = self.encode_json(response_data)
        status = sub_response.status_code or 200
        if len(body) > self.max_answer_bytes:
            logger.warning(
                "request %s: an answer of %d bytes refused (BOSETTING_MAX_ANSWER_BYTES)",
                sub_response.headers.get("X-Request-Id", "unknown"),
                len(body),
            )
            refusal: dict[str, object] = {
                "errors": [
                    {
                        "message": f"the answer is larger than {self.max_answer_bytes} bytes "
                        "(BOSETTING_MAX_ANSWER_BYTES); ask for fewer fields or smaller pages",
                        "extensions": {
                            "code": "LIMIT_EXCEEDED",
                            "limit": "answer",
                            "value": self.max_answer_bytes,
                        },
                    }
                ]
            }
            if media == GRAPHQL_RESPONSE:
                status = 400
            else:
                refusal = {"data": None, **refusal}
                status = 200
            body = self.encode_json(refusal)
        response = Response(body, status_code=status, media_type=f"{media}; charset=utf-8")
        response.headers.raw.extend(sub_response.headers.raw)
        if sub_response.background:
            response.background = sub_response.background
        return response
