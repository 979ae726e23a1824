"""One object read by its id through the caller's read scope: null when there is none or the
caller may not read it, alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.sql.elements import ColumnElement

from authz.principal import Principal
from schema.context import Context

T = TypeVar("T")


@dataclass(frozen=True)
class ReadById(Generic[T]):
    model: Any
    readable: Callable[[Principal], ColumnElement[bool]]
    """The read scope's condition (authz/scope.py)."""
    from_row: Callable[[Any], T]
    statement: Callable[[], Select[Any]] | None = None
    """What to select (joins for names); the model's row when None."""

    async def __call__(self, context: Context, object_id: int) -> T | None:
        statement = select(self.model) if self.statement is None else self.statement()
        rows = await context.db.all(
            statement.where(self.model.id == object_id, self.readable(context.caller))
        )
        return self.from_row(rows[0]) if rows else None
