"""The one way a mutation runs a step: the role check, one transaction, and a broken rule turned
into the payload's error.

Every mutation resolver calls :func:`run_step`. A caller without the role is refused the whole
field (FORBIDDEN); a :class:`~resolvers.workflows.rules.Regelbrudd` rolls the transaction back,
so nothing is half-written, and comes back as one ``UserError`` in the payload.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from typing import Annotated, Any, Concatenate, Generic, ParamSpec, TypeVar, get_args, get_origin

import strawberry

from authz.policy import Handling, kan
from resolvers.workflows.rules import Regelbrudd
from resolvers.workflows.tx import Tx
from schema.context import Context, Ctx
from schema.errors import ForbiddenError, UserError, database_id

T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F")
P = ParamSpec("P")

Step = Callable[[Tx], Awaitable[T]]
"""A workflow step with its arguments bound; it is given the transaction (workflows/tx.py)."""

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
            tx = Tx(connection, context.caller, context.now, context.today)
            return Outcome(value=await step(tx))
    except Regelbrudd as broken:
        return Outcome(feil=[user_error(broken)])


def calling(
    action: Callable[Concatenate[Tx, P], Awaitable[T]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> Step[T]:
    """The step that calls workflow ``action`` with the transaction and ``args``."""

    def step(tx: Tx) -> Awaitable[T]:
        return action(tx, *args, **kwargs)

    return step


@dataclass(frozen=True)
class ObjectSteps(Generic[R]):
    """The mutations on one kind of object (an anmodning, a fordeling, an innmelding): each
    names the object by its id, runs one workflow step on it and answers with the object as
    the caller may read it afterwards."""

    id_argument: Any
    """The ``id`` argument's annotation, with the description the schema shows."""
    payload: Callable[..., R]
    read: Callable[[Context, int], Awaitable[object]]
    """The object read again through the read scope (resolvers/readable.py)."""
    field: str
    """The payload's field that carries the object, beside ``feil``."""

    async def run(
        self,
        info: Ctx,
        handling: Handling,
        id: strawberry.ID,
        action: Callable[Concatenate[Tx, int, P], Awaitable[object]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """Run ``action`` on object ``id`` with ``args`` if the caller may take ``handling``."""
        object_id = database_id(id)
        step = calling(action, object_id, *args, **kwargs)
        outcome = await run_step(info.context, handling, step)
        return await self.answer(info.context, object_id, outcome.feil)

    async def answer(self, context: Context, object_id: int | None, feil: list[UserError]) -> R:
        """The payload: object ``object_id`` (none: null) as the caller may read it now, and
        the step's errors."""
        found = None if object_id is None else await self.read(context, object_id)
        return self.payload(**{self.field: found}, feil=feil)

    def resolver(
        self, handling: Handling, action: Callable[..., Awaitable[object]], **arguments: Any
    ) -> Callable[..., Awaitable[R | None]]:
        """The whole resolver of a mutation on one object: its ``id`` and then ``arguments``
        (name: annotation, in this order) go to workflow ``action``. An argument whose type
        admits null may be left out (None)."""
        names = list(arguments)

        async def resolve(info: Ctx, id: strawberry.ID, **given: Any) -> R | None:
            values = [given.get(name) for name in names]
            return await self.run(info, handling, id, action, *values)

        resolve.__signature__ = _signature(  # type: ignore[attr-defined]
            {"id": self.id_argument, **arguments}, self.payload
        )
        return resolve

    def creating(
        self,
        handling: Handling,
        argument: Any,
        action: Callable[[Tx, F], Awaitable[int]],
        form: type[F],
    ) -> Callable[..., Awaitable[R | None]]:
        """The whole resolver of a mutation that makes one object from its ``input`` argument:
        the input's fields, copied into the workflow's ``form``, go to ``action``."""

        async def resolve(info: Ctx, input: Any) -> R | None:
            names = [f.name for f in fields(form)]  # type: ignore[arg-type]
            given = form(**{name: getattr(input, name) for name in names})
            outcome = await run_step(info.context, handling, calling(action, given))
            return await self.answer(info.context, outcome.value, outcome.feil)

        resolve.__signature__ = _signature({"input": argument}, self.payload)  # type: ignore[attr-defined]
        return resolve


def _signature(arguments: dict[str, Any], returns: Any) -> inspect.Signature:
    """What Strawberry reads a generated resolver's arguments from: ``info``, then each
    argument with its annotation (the object's, not a TypeVar), None as the default of one
    whose type admits null."""
    parameters = [inspect.Parameter("info", KEYWORD, annotation=Ctx)]
    for name, annotation in arguments.items():
        inner = get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation
        nullable = type(None) in get_args(inner)
        default = None if nullable else inspect.Parameter.empty
        parameters.append(inspect.Parameter(name, KEYWORD, annotation=annotation, default=default))
    return inspect.Signature(parameters, return_annotation=returns)


KEYWORD = inspect.Parameter.KEYWORD_ONLY
