"""The one way a mutation runs a step: the role check, one transaction, and a broken rule turned
into the payload's error.

Every mutation resolver calls :func:`run_step`. A caller without the role is refused the whole
field (FORBIDDEN); a :class:`~resolvers.workflows.rules.Regelbrudd` rolls the transaction back,
so nothing is half-written, and comes back as one ``UserError`` in the payload.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Concatenate, Generic, ParamSpec, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from authz.policy import Handling, kan
from resolvers.workflows.rules import Regelbrudd
from schema.context import Context
from schema.errors import ForbiddenError, UserError

T = TypeVar("T")
P = ParamSpec("P")

Step = Callable[[AsyncConnection], Awaitable[T]]

OWN_DATA = None
"""The ``handling`` of a step on the caller's own data (its varsler, personliste, arbeidsflate):
every signed-in caller may take it."""


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What the step returned, or the rule it broke (then ``value`` is None)."""

    value: T | None = None
    feil: list[UserError] = field(default_factory=list)


def user_error(broken: Regelbrudd) -> UserError:
    return UserError(field=broken.field, message=broken.message, code=broken.code.value)


async def run_step(context: Context, handling: Handling | None, step: Step[T]) -> Outcome[T]:
    """Run ``step`` in one transaction if the caller may take ``handling``."""
    if handling is not None and not kan(context.caller, handling):
        raise ForbiddenError()
    try:
        async with context.engine.begin() as connection:
            return Outcome(value=await step(connection))
    except Regelbrudd as broken:
        return Outcome(feil=[user_error(broken)])


def calling(
    action: Callable[Concatenate[AsyncConnection, P], Awaitable[T]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> Step[T]:
    """The step that calls workflow ``action`` with the transaction's connection and ``args``
    (the caller first, as every workflow takes it)."""

    def step(connection: AsyncConnection) -> Awaitable[T]:
        return action(connection, *args, **kwargs)

    return step
