"""The policy as SQL: for each class, a condition on a row of :func:`authz.scope.readable_persons`
that holds exactly where :func:`authz.scope.avgjor_rad` grants that class.

There is no second copy of the rules. ``avgjor_rad`` reads five facts of a row; each has a few
kinds (the utsøking's kommune: none, the caller's, another; the birth date: after, on or before
the EM limit; …), each kind with its SQL predicate. ``avgjor_rad`` itself is asked about one row
of every combination of kinds, and its answers become a decision tree of ``CASE`` over the
predicates, with branches that decide alike merged. A row of a kind no predicate names (a null
where the schema forbids one) matches no branch and is denied.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, not_, true

from authz.policy import Tilgang
from authz.principal import Principal
from authz.scope import _em_under_15_grense, avgjor_rad

KLASSER = ("identitet", "grunndata", "personmappe")
"""The classes of :class:`authz.policy.Tilgang`, in the order of its fields."""

_ANNEN_KOMMUNE = "\x00annen"
"""An utsøking's kommune that is not the caller's (no kommunenummer looks like it)."""


@dataclass(frozen=True, slots=True)
class _Rad:
    """A row of one combination of kinds: only the attributes ``avgjor_rad`` may read."""

    utsoking_kommune: str | None
    bosettingsdato: date | None
    pa_fordeling: bool
    enslig_mindrearig: bool
    fodselsdato: date


Kind = tuple[Any, Callable[[Any], ColumnElement[bool]]]
"""A value for the fact in a test row, and the predicate on a real row for that kind."""


def _kinds(principal: Principal, grense: date) -> list[list[Kind]]:
    """Per fact of :class:`_Rad`, its kinds."""
    kommune = principal.kommunenummer
    utsoking: list[Kind] = [(None, lambda r: r.utsoking_kommune.is_(None))]
    if principal.kommunenummer is not None:
        utsoking.append((principal.kommunenummer, lambda r: r.utsoking_kommune == kommune))
        utsoking.append(
            (
                _ANNEN_KOMMUNE,
                lambda r: and_(r.utsoking_kommune.is_not(None), r.utsoking_kommune != kommune),
            )
        )
    else:
        utsoking.append((_ANNEN_KOMMUNE, lambda r: r.utsoking_kommune.is_not(None)))
    return [
        utsoking,
        [
            (None, lambda r: r.bosettingsdato.is_(None)),
            (grense, lambda r: r.bosettingsdato.is_not(None)),
        ],
        [(False, lambda r: not_(r.pa_fordeling)), (True, lambda r: r.pa_fordeling)],
        [
            (False, lambda r: not_(r.enslig_mindrearig)),
            (True, lambda r: r.enslig_mindrearig),
        ],
        [
            (grense + timedelta(days=1), lambda r: r.fodselsdato > grense),
            (grense, lambda r: r.fodselsdato == grense),
            (grense - timedelta(days=1), lambda r: r.fodselsdato < grense),
        ],
    ]


@dataclass(frozen=True, slots=True)
class Vakter:
    """The guard of each class, as SQL over the columns of a readable-persons row."""

    identitet: ColumnElement[bool]
    grunndata: ColumnElement[bool]
    personmappe: ColumnElement[bool]


def vakter(principal: Principal, today: date, row: Any, *, duf_oppslag: bool) -> Vakter:
    """The guards for ``principal`` on ``today`` over the columns ``row`` (``row.fodselsdato``
    …); the caller's kommunenummer and the day's EM limit are values in the SQL, so the
    statement is one caller's shape of one day."""
    grense = _em_under_15_grense(today)
    kinds = _kinds(principal, grense)
    decided: dict[tuple[int, ...], Tilgang] = {}
    for combination in itertools.product(*(range(len(fact)) for fact in kinds)):
        values = [kinds[i][k][0] for i, k in enumerate(combination)]
        decided[combination] = avgjor_rad(
            principal, _Rad(*values), duf_oppslag=duf_oppslag, today=today
        )

    def tree(klasse: str, prefix: tuple[int, ...]) -> tuple[Any, ColumnElement[bool]]:
        if len(prefix) == len(kinds):
            granted = bool(getattr(decided[prefix], klasse))
            return granted, true() if granted else false()
        fact = kinds[len(prefix)]
        branches = [tree(klasse, (*prefix, k)) for k in range(len(fact))]
        keys = [key for key, _ in branches]
        if all(key == keys[0] for key in keys):
            return branches[0]
        whens = [(fact[k][1](row), sql) for k, (_, sql) in enumerate(branches)]
        return tuple(keys), case(*whens, else_=false())

    return Vakter(*(tree(klasse, ())[1] for klasse in KLASSER))


def avgjort(bits: int) -> Tilgang:
    """The decision from the guards' bits, as the statement returns them: identitet 4,
    grunndata 2, personmappe 1."""
    return Tilgang(identitet=bool(bits & 4), grunndata=bool(bits & 2), personmappe=bool(bits & 1))
