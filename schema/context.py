"""What every resolver gets as ``info.context``: one per request, never shared between users."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info

from authz.innsynslogg import Innsyn
from authz.principal import Principal
from resolvers.database import RequestDatabase
from resolvers.loaders import Loaders


class VarselKilde(Protocol):
    """What subscriptions and user changes need of ``app.varselhub.VarselHub``, named here so
    the schema does not import the app layer above it."""

    def subscribe(self, bruker_id: int) -> AbstractAsyncContextManager[asyncio.Queue[int]]:
        """A queue of the ids of varsler written for ``bruker_id`` from now on."""
        ...

    def user_changed(self, bruker_id: int) -> None:
        """A user's row or roles changed: what this process remembers of it is dropped."""
        ...

    def watch_partnerfeed(self) -> AbstractAsyncContextManager[asyncio.Event]:
        """An event set whenever the partners' feed grows."""
        ...


class ReadCompiler(Protocol):
    """What ``schema.executor`` needs of ``resolvers.compiled.run.Compiler``, named here so
    the schema types do not import the resolvers above them."""

    def plan(self, executor: Any, root_type: Any, fields: Any) -> Any | None:
        """The plan of an operation's root fields, or None when the compiler does not cover
        them."""
        ...

    async def run(self, context: Context, plan: Any) -> Any:
        """The plan's one statement: an answer with ``json`` (bytes or None) and
        ``tilganger`` (the decisions the denials are made from)."""
        ...


class NotAuthenticatedError(Exception):
    """A resolver ran without a principal (the HTTP layer should have refused first)."""


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket | None
    engine: AsyncEngine
    request_id: str
    principal: Principal | None = None
    connection_params: dict[str, Any] | None = None
    today: date = field(default_factory=date.today)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    """The time the request's steps stamp on what they write."""
    innsyn: Innsyn = field(default_factory=Innsyn)
    varselhub: VarselKilde | None = None
    compiler: ReadCompiler | None = None
    """Runs the reads it covers as one statement (the app gives resolvers.compiled's); None:
    every operation runs field by field (the differential tests compare the two)."""
    raw_json: bool = False
    """The answer is encoded with orjson (HTTP): compiled JSON goes out as PostgreSQL's bytes,
    never decoded. Otherwise (in-process, websocket) it is decoded into Python values."""
    preloaded: dict[str, dict[int, Any]] = field(default_factory=dict)
    """Personmappe rows loaded for a whole list of persons at once, by loader name and person
    id (resolvers/preload.py); their fields then resolve without awaiting."""

    @property
    def caller(self) -> Principal:
        if self.principal is None:
            raise NotAuthenticatedError("not authenticated")
        return self.principal

    def setting(self, name: str) -> Any:
        """One of the app's settings (app/settings.py), read from the app serving the request."""
        app = self.request.scope.get("app")
        settings = getattr(getattr(app, "state", None), "settings", None)
        if settings is None:
            raise RuntimeError(f"the app's settings are needed for {name}")
        return getattr(settings, name)

    @cached_property
    def db(self) -> RequestDatabase:
        return RequestDatabase(self.engine)

    @cached_property
    def loaders(self) -> Loaders:
        """Built on first use, for this request's principal only."""
        return Loaders(self.db, self.caller)


Ctx = Info[Context, None]
"""The ``info`` every resolver takes."""
