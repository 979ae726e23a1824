"""The state machine every workflow shares: a table of which statuses each step starts from,
one guard that reads it, and the row lock that goes through the caller's read scope.

A workflow declares its machine once (see ``ANMODNING`` in ``anmodning.py``): per step, the
statuses it starts from, the status it moves to and the columns that record when and by whom.
Each step then opens with ``row = await MACHINE.start(tx, id, "step")`` and ends with
``await MACHINE.move(tx, id, "step")``. Checks that keep the status, or that need more than
the status, stay plain code between the two.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import select, update
from sqlalchemy.sql.elements import ColumnElement

from authz.principal import Principal
from resolvers.workflows.rules import ErrorCode, Regelbrudd
from resolvers.workflows.tx import Tx

S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True)
class Refusal:
    """A status outside a step's table that is refused with a reason of its own."""

    message: str
    code: ErrorCode


@dataclass(frozen=True)
class Step(Generic[S]):
    doing: str
    """What the step does, as the error says it: "sending the answer needs …"."""
    starts_from: frozenset[S]
    to: S | None = None
    """The status the step moves to; None: it keeps the status."""
    stamp: str | None = None
    """The column that records when the step was taken (the ``now`` passed in)."""
    by: str | None = None
    """The column that records who took it (the caller's bruker id)."""
    refusals: Mapping[S, Refusal] = field(default_factory=dict)
    """Statuses outside ``starts_from`` refused with their own words; the rest are
    ILLEGAL_TRANSITION."""

    def __post_init__(self) -> None:
        overlap = set(self.refusals) & self.starts_from
        if overlap:
            raise ValueError(f"{self.doing}: refuses statuses it starts from: {overlap}")


def step(
    doing: str,
    *starts_from: S,
    to: S | None = None,
    stamp: str | None = None,
    by: str | None = None,
    refusals: Mapping[S, Refusal] | None = None,
) -> Step[S]:
    return Step(doing, frozenset(starts_from), to, stamp, by, refusals or {})


class Machine(Generic[S]):
    """One workflow's table (a model with ``id``, ``status`` and ``versjon``) and its steps."""

    def __init__(
        self,
        model: Any,
        status: type[S],
        readable: Callable[[Principal], ColumnElement[bool]],
        *,
        thing: str,
        not_found: str,
        steps: Mapping[str, Step[S]],
    ) -> None:
        self.model = model
        self.status = status
        self.readable = readable
        self.thing = thing
        self.not_found = not_found
        self.steps = dict(steps)

    async def lock(
        self,
        tx: Tx,
        object_id: int | None,
        *,
        field: str = "id",
        not_found: str | None = None,
    ) -> Any:
        """The row, locked for this transaction, if the caller may read it. The condition is
        the read scope's, so "not yours" and "does not exist" answer alike and the ownership
        rule is written once (authz/scope.py)."""
        row = None
        if object_id is not None:
            row = (
                await tx.connection.execute(
                    select(self.model)
                    .where(self.model.id == object_id, self.readable(tx.principal))
                    .with_for_update()
                )
            ).one_or_none()
        if row is None:
            raise Regelbrudd(field, not_found or self.not_found, ErrorCode.NOT_FOUND)
        return row

    def require(self, row: Any, name: str) -> None:
        """Refuse step ``name`` unless the table lets it start from the row's status."""
        declared = self.steps[name]
        status = self.status(row.status)
        if status in declared.starts_from:
            return
        refusal = declared.refusals.get(status)
        if refusal is not None:
            raise Regelbrudd("id", refusal.message, refusal.code)
        wanted = " or ".join(s.value for s in self.status if s in declared.starts_from)
        raise Regelbrudd(
            "id",
            f"{declared.doing} needs {self.thing} in status {wanted}; this one is {status.value}",
            ErrorCode.ILLEGAL_TRANSITION,
        )

    async def start(self, tx: Tx, object_id: int, name: str) -> Any:
        """Lock the row and check that step ``name`` may start from its status."""
        row = await self.lock(tx, object_id)
        self.require(row, name)
        return row

    async def move(self, tx: Tx, object_id: int, name: str, **values: Any) -> None:
        """End step ``name`` as its table says (its status, when and by whom), write ``values``
        beside them, and count a new version (what optimistic checks compare)."""
        declared = self.steps[name]
        if declared.to is not None:
            values["status"] = declared.to
        if declared.stamp is not None:
            values[declared.stamp] = tx.now
        if declared.by is not None:
            values[declared.by] = tx.principal.bruker_id
        await tx.connection.execute(
            update(self.model)
            .where(self.model.id == object_id)
            .values(versjon=self.model.versjon + 1, **values)
        )
