"""GraphQL over websockets: ``graphql-transport-ws`` only, sessions that follow the caller's
rights (app.wshandler), and caps on open sockets. The settings are read from the environment
when the view is built; the counts are per API process."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from app.settings import SettingsError
from app.varselhub import VarselHub
from app.wshandler import SessionHandler
from authz.principal import Principal
from models.identifikatorer import er_siffer
from schema.context import Context

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from sqlalchemy.ext.asyncio import AsyncEngine
    from strawberry.asgi import GraphQL

    _Base = GraphQL[Context, None]
else:
    _Base = object


def _whole(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    if not er_siffer(value) or int(value) < 1:
        raise SettingsError(f"{name} must be a whole number of at least 1, not {value!r}")
    return int(value)


@dataclass(frozen=True)
class WebsocketLimits:
    init_timeout_seconds: int = 5
    """BOSETTING_WS_INIT_TIMEOUT_SECONDS: ``connection_init`` must come within this (4408)."""
    max_per_principal: int = 10
    """BOSETTING_MAX_SOCKETS_PER_PRINCIPAL: open sessions of one user or client (4429)."""
    max_uninitialised_per_address: int = 20
    """BOSETTING_MAX_UNINITIALISED_SOCKETS_PER_ADDRESS: sockets from one client address that
    have not sent ``connection_init`` yet (4429)."""

    @classmethod
    def from_env(cls) -> WebsocketLimits:
        return cls(
            init_timeout_seconds=_whole("BOSETTING_WS_INIT_TIMEOUT_SECONDS", 5),
            max_per_principal=_whole("BOSETTING_MAX_SOCKETS_PER_PRINCIPAL", 10),
            max_uninitialised_per_address=_whole(
                "BOSETTING_MAX_UNINITIALISED_SOCKETS_PER_ADDRESS", 20
            ),
        )


class SocketCounts:
    """Open sockets of this process: not yet initialised by client address, and sessions by
    user. A slot is taken only while there is room."""

    def __init__(self, limits: WebsocketLimits) -> None:
        self.limits = limits
        self.uninitialised: Counter[str] = Counter()
        self.sessions: Counter[int] = Counter()

    def admit(self, address: str) -> bool:
        if self.uninitialised[address] >= self.limits.max_uninitialised_per_address:
            return False
        self.uninitialised[address] += 1
        return True

    def initialised(self, address: str) -> None:
        self.uninitialised[address] -= 1
        if self.uninitialised[address] <= 0:
            del self.uninitialised[address]

    def open_session(self, bruker_id: int) -> bool:
        if self.sessions[bruker_id] >= self.limits.max_per_principal:
            return False
        self.sessions[bruker_id] += 1
        return True

    def close_session(self, bruker_id: int) -> None:
        self.sessions[bruker_id] -= 1
        if self.sessions[bruker_id] <= 0:
            del self.sessions[bruker_id]


class WebsocketSessions(_Base):
    """Mixed into the GraphQL view (first): the websocket behaviour of ``/graphql``.

    Only ``graphql-transport-ws`` is offered (a socket asking for the legacy ``graphql-ws``
    alone is closed with 4406), and ``connection_init`` must come within
    BOSETTING_WS_INIT_TIMEOUT_SECONDS (4408)."""

    graphql_transport_ws_handler_class = SessionHandler

    authenticate: Callable[[str | None], Awaitable[Principal]]
    reauthenticate: Callable[[str | None], Awaitable[Principal]]
    """The caller read anew, never remembered: a session re-reads its user for every
    operation, announcements or not."""
    engine: AsyncEngine
    varselhub: VarselHub | None
    request_timeout: float

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.websocket_limits = WebsocketLimits.from_env()
        self.sockets = SocketCounts(self.websocket_limits)
        kwargs["subscription_protocols"] = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)
        kwargs["connection_init_wait_timeout"] = timedelta(
            seconds=self.websocket_limits.init_timeout_seconds
        )
        super().__init__(*args, **kwargs)
