"""Mutants of the access rules: one edit of ``authz/policy.py`` or ``authz/scope.py`` at a time,
applied to the running process (the live test server runs in a thread of it).

A mutant is a text edit of the module's source. The edited module is executed in a namespace
of its own; then the changed top-level name takes its place in the real module: a function by
its code object (so every module that imported the function runs the mutant), anything else
(the policy table) by the module attribute. Restored afterwards, whatever happened.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType
from typing import Any

from resolvers.compiled import run as compiled


@dataclass(frozen=True)
class Mutant:
    navn: str
    """What the edit does to the rule, in a few words."""
    modul: str
    """``authz.policy`` or ``authz.scope``."""
    mal: str
    """The top-level name whose definition the edit changes."""
    original: str
    erstatning: str


@contextmanager
def applied(mutant: Mutant) -> Iterator[None]:
    """The mutant in place; the compiled statements, made from the rules, are forgotten as it
    comes and as it goes."""
    compiled.clear()
    try:
        with _applied(mutant):
            yield
    finally:
        compiled.clear()


@contextmanager
def _applied(mutant: Mutant) -> Iterator[None]:
    module = importlib.import_module(mutant.modul)
    path = Path(str(module.__file__))
    source = path.read_text(encoding="utf-8")
    if source.count(mutant.original) != 1:
        raise AssertionError(f"{mutant.navn}: the edit's text is not once in {path.name}")
    namespace: dict[str, Any] = {"__name__": mutant.modul, "__file__": str(path)}
    exec(compile(source.replace(mutant.original, mutant.erstatning), str(path), "exec"), namespace)  # noqa: S102
    current = getattr(module, mutant.mal)
    replacement = namespace[mutant.mal]
    if isinstance(current, FunctionType):
        if current.__code__ == replacement.__code__:
            raise AssertionError(f"{mutant.navn}: the edit does not change {mutant.mal}")
        saved = current.__code__
        current.__code__ = replacement.__code__
        try:
            yield
        finally:
            current.__code__ = saved
    else:
        setattr(module, mutant.mal, replacement)
        try:
            yield
        finally:
            setattr(module, mutant.mal, current)
