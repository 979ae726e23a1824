"""What every resolver gets as ``info.context``: one per request, never shared between users."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from authz.principal import Principal


class NotAuthenticatedError(Exception):
    """A resolver ran without a principal (the HTTP layer should have refused first)."""


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket | None
    engine: AsyncEngine
    request_id: str
    principal: Principal | None = None
    connection_params: dict[str, Any] | None = field(default=None)

    @property
    def caller(self) -> Principal:
        if self.principal is None:
            raise NotAuthenticatedError("not authenticated")
        return self.principal
