"""One graphql-transport-ws session, held to the caller's rights for as long as it is open.

- ``connection_init`` authenticates the caller (a bad token: 4403; over the rate limit or over
  BOSETTING_MAX_SOCKETS_PER_PRINCIPAL: 4429; database away: 1011).
- Every operation (query, mutation or subscription) authenticates again with the token from
  ``connection_init``: the token is verified, the user re-read (active, roles) and the
  operation counted against the rate limit, exactly as an HTTP request is; it runs with that
  fresh principal. A query or mutation is bounded by BOSETTING_REQUEST_TIMEOUT_SECONDS.
- The session ends with 4401 at the token's ``exp`` and when its user is deactivated, and
  with 4403 when its rights shrink (a role removed, another organisation). A change is
  announced by NOTIFY ``bruker_endret`` (app.varselhub); the session re-reads its user then
  (without counting it against the rate limit). A role added keeps the session open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING, Any, cast

import asyncpg
import jwt
from graphql import GraphQLError, OperationType, get_operation_ast
from sqlalchemy.exc import DBAPIError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
    _OperationStreamClosed,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    CompleteMessage,
    ConnectionInitMessage,
)
from strawberry.utils.aio import aclosing

from app.observability import principal_var
from authz.maskinklient import load_caller
from authz.principal import AuthenticationError, Principal
from authz.rate_limit import RateLimitedError
from schema.context import Context
from schema.limits import parsed

if TYPE_CHECKING:
    from app.websocket import WebsocketSessions

logger = logging.getLogger("bosetting")

POLL_SECONDS = 5.0
"""Without a LISTEN connection (no hub), a session re-reads its user this often."""
UNAVAILABLE = "the database is unavailable; try again shortly"
DATABASE_ERRORS = (DBAPIError, OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


def close_reason(text: str) -> str:
    """A websocket close reason: at most 123 bytes of UTF-8."""
    return text.encode()[:123].decode(errors="ignore")


def token_claims(authorization: str) -> dict[str, Any]:
    """The payload of the token in a ``Bearer …`` header that ``authenticate`` has just
    verified (so neither its form nor its signature is checked again here)."""
    token = authorization.strip().partition(" ")[2].strip()
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def expires_at(claims: dict[str, Any]) -> float:
    """The token's ``exp`` (seconds since the epoch); a token without a usable one ends now."""
    try:
        return float(claims["exp"])
    except (KeyError, TypeError, ValueError):
        return 0.0


def narrowed(before: Principal, after: Principal) -> str | None:
    """Why a session must end because its caller's rights shrank; None while they did not."""
    who = ("bruker_id", "organisasjon_id", "organisasjon_type", "kommunenummer", "klient_id")
    if any(getattr(before, name) != getattr(after, name) for name in who):
        return "the user's organisation changed; connect again"
    if not before.roller <= after.roller or not before.scopes <= after.scopes:
        return "a role was removed; connect again"
    return None


def is_subscription(query: object, operation_name: str | None) -> bool:
    """Whether the operation is a subscription (a document that does not parse is not)."""
    if not isinstance(query, str):
        return False
    # The schema's own parse, bounded by the query's length and its tokens.
    document = parsed(query)
    if isinstance(document, GraphQLError):
        return False
    operation = get_operation_ast(document, operation_name)
    return operation is not None and operation.operation == OperationType.SUBSCRIPTION


class SessionHandler(BaseGraphQLTransportWSHandler[Context, None]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        client = self.context.request.scope.get("client")
        self.address = str(client[0]) if client else "unknown"
        self.uninitialised = False
        self.authorization = ""
        self.claims: dict[str, Any] = {}
        self.principal: Principal | None = None
        self.expires_at = 0.0
        self.watching = contextlib.AsyncExitStack()
        self.guard: asyncio.Task[None] | None = None
        self.ending = False

    @property
    def sessions(self) -> WebsocketSessions:
        return cast("WebsocketSessions", self.view)

    async def handle(self) -> None:
        counts = self.sessions.sockets
        if not counts.admit(self.address):
            limit = counts.limits.max_uninitialised_per_address
            await self.websocket.close(
                4429,
                "too many sockets without connection_init from this address"
                f" (BOSETTING_MAX_UNINITIALISED_SOCKETS_PER_ADDRESS={limit})",
            )
            return
        self.uninitialised = True
        await super().handle()

    def _initialised(self) -> None:
        if self.uninitialised:
            self.uninitialised = False
            self.sessions.sockets.initialised(self.address)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        if self.connection_timed_out:
            return
        if self.connection_init_timeout_task:
            self.connection_init_timeout_task.cancel()
        payload = message.get("payload", {})
        if not isinstance(payload, dict):
            await self.websocket.close(4400, "Invalid connection init payload")
            return
        if self.connection_init_received:
            await self.websocket.close(4429, "Too many initialisation requests")
            return
        self.connection_init_received = True
        self._initialised()
        self.context.connection_params = payload
        header = payload.get("Authorization") or payload.get("authorization")
        authorization = header if isinstance(header, str) else None
        hub = self.sessions.varselhub
        try:
            if hub is not None:
                await hub.listen()  # before the read: no change after it goes unannounced
            since = asyncio.get_running_loop().time()
            principal = await self.sessions.reauthenticate(authorization)
        except AuthenticationError as error:
            await self.websocket.close(4403, close_reason(str(error)))
            return
        except RateLimitedError as error:
            await self.websocket.close(4429, close_reason(str(error)))
            return
        except DATABASE_ERRORS as error:
            logger.warning("websocket: database unavailable: %s", type(error).__name__)
            await self.websocket.close(1011, UNAVAILABLE)
            return
        assert authorization is not None
        counts = self.sessions.sockets
        if not counts.open_session(principal.bruker_id):
            await self.websocket.close(
                4429,
                "too many open sockets for this user"
                f" (BOSETTING_MAX_SOCKETS_PER_PRINCIPAL={counts.limits.max_per_principal})",
            )
            return
        self.principal = self.context.principal = principal
        self.authorization = authorization
        self.claims = token_claims(authorization)
        self.expires_at = expires_at(self.claims)
        changed: asyncio.Event | None = None
        if hub is not None:
            try:
                changed = await self.watching.enter_async_context(
                    hub.watch_bruker(principal.bruker_id, since)
                )
            except DATABASE_ERRORS as error:
                logger.warning("websocket: cannot listen: %s", type(error).__name__)
                await self.websocket.close(1011, UNAVAILABLE)
                return
        self.guard = asyncio.create_task(self._keep_watch(changed))
        self.guard.add_done_callback(self._task_done)
        await self.send_message({"type": "connection_ack"})
        self.connection_acknowledged = True

    async def _keep_watch(self, changed: asyncio.Event | None) -> None:
        """End the session at the token's expiry, or when its user's rights shrink."""
        while True:
            remaining = self.expires_at - time.time()
            if remaining <= 0:
                await self.end(4401, "the token has expired")
                return
            if changed is None:
                await asyncio.sleep(min(remaining, POLL_SECONDS))
            else:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(remaining):
                        await changed.wait()
                if not changed.is_set():
                    continue
                changed.clear()
            ending = await self._reread()
            if ending is not None:
                await self.end(*ending)
                return

    async def _reread(self) -> tuple[int, str] | None:
        """The user as the database has it now: how the session ends, or None."""
        assert self.principal is not None
        try:
            async with self.sessions.engine.connect() as connection:
                principal = await load_caller(connection, self.claims)
        except AuthenticationError as error:
            return 4401, str(error)
        except DATABASE_ERRORS as error:
            logger.warning("websocket: could not re-read the user: %s", type(error).__name__)
            return 1011, UNAVAILABLE
        if (why := narrowed(self.principal, principal)) is not None:
            return 4403, why
        self.principal = principal
        return None

    async def end(self, code: int, reason: str) -> None:
        if self.ending:
            return
        self.ending = True
        with contextlib.suppress(RuntimeError, OSError):
            await self.websocket.close(code, close_reason(reason))

    async def shutdown(self) -> None:
        if self.guard is not None:
            self.guard.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.guard
        await super().shutdown()
        await self.watching.aclose()
        self._initialised()
        if self.principal is not None:
            self.sessions.sockets.close_session(self.principal.bruker_id)
            self.principal = None

    async def _refuse(
        self, operation: Operation[Context, None], message: str, **extensions: object
    ) -> None:
        await operation.send_initial_errors([GraphQLError(message, extensions=extensions)])

    async def _operation_context(self, operation: Operation[Context, None]) -> Context | None:
        """A context of the operation's own, with the caller as the database has it now; None
        when the operation is refused (its error sent, the socket closed where it must be)."""
        assert self.principal is not None
        try:
            principal = await self.sessions.reauthenticate(self.authorization)
        except AuthenticationError as error:
            await self._refuse(operation, str(error), code="UNAUTHENTICATED")
            await self.end(4401, str(error))
            return None
        except RateLimitedError as error:
            await self._refuse(
                operation, str(error), code="RATE_LIMITED", retryAfter=error.retry_after
            )
            return None
        except DATABASE_ERRORS as error:
            logger.warning("websocket: database unavailable: %s", type(error).__name__)
            await self._refuse(operation, UNAVAILABLE, code="SERVICE_UNAVAILABLE")
            return None
        if (why := narrowed(self.principal, principal)) is not None:
            await self._refuse(operation, why, code="FORBIDDEN")
            await self.end(4403, why)
            return None
        self.principal = principal
        principal_var.set(principal.bruker_id)
        context = await self.view.get_context(self.context.request, self.context.response)
        context.principal = principal
        return context

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        """As Strawberry's, with a context per operation and a timeout on queries and
        mutations (a subscription's stream is long-lived)."""
        timeout = self.sessions.request_timeout
        try:
            context = await self._operation_context(operation)
            if context is None:
                return
            bounded = not is_subscription(operation.query, operation.operation_name)
            try:
                async with asyncio.timeout(timeout if bounded else None) as deadline:
                    result_source = await self.schema.stream(
                        operation.query,
                        variable_values=operation.variables,
                        context_value=context,
                        root_value=self.root_value,
                        operation_name=operation.operation_name,
                    )
                    async with aclosing(result_source):
                        await self._send_result_stream(operation, result_source)
            except TimeoutError:
                if not deadline.expired():
                    raise
                await self._refuse(
                    operation,
                    f"the request took longer than {timeout:g} s"
                    " (BOSETTING_REQUEST_TIMEOUT_SECONDS)",
                    code="LIMIT_EXCEEDED",
                    limit="request_timeout",
                    value=timeout,
                )
                return
            await operation.send_operation_message(
                CompleteMessage(id=operation.id, type="complete")
            )
        except _OperationStreamClosed:
            return
        except Exception as error:
            await self.handle_task_exception(error)
            with contextlib.suppress(Exception):
                await operation.send_operation_message({"id": operation.id, "type": "complete"})
            self.operations.pop(operation.id, None)
            raise
