"""The layers import only downward, and a person query outside ``authz/scope.py`` says why.

Layers, top to bottom (``../shared/STYLE.md``, "Imports"): app → schema root types →
resolvers → schema types → workflows, loaders and SQL → authz → models. A module belongs to
the layer of the longest prefix in ``LAYERS``. Every import counts, also one inside a function
or under ``if TYPE_CHECKING:``: what a lower layer needs of a class above it is a ``Protocol``
in the lower layer (``schema.context.VarselKilde``, ``resolvers.preload.Context``), so
the order holds for the type checker too.

Outside the chain: ``demodata`` may import models and authz (machine-client keys), and only
``app`` imports it; ``migrations`` may import models and the app's database settings;
``bench``, ``tools`` and ``tests`` may import anything, and nothing imports them.

Person queries: ``select(Person…)`` or ``.select_from(Person)`` outside ``authz/scope.py``
reads persons without the caller's scope, so it carries ``# unscoped: <reason>`` on its line,
the line before, or the line where its statement starts (``demodata``, ``migrations``,
``bench`` and ``tests`` are exempt).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SQL = "workflows/loaders/sql"
ORDER = ("models", "authz", SQL, "schema types", "resolvers", "schema root", "app")
"""The chain, bottom first: a module may import its own layer and those before it."""

LAYERS: dict[str, str] = {
    "app": "app",
    "utskrift": "app",  # the printable documents app.utskrift serves
    "utsending": "app",  # the outbox's dispatcher, its letters and channels
    "utsending.ko": SQL,  # the outbox's queue, which the workflows enqueue on
    "schema": "schema types",
    # The root types and a type whose fields call resolvers.
    "schema.query": "schema root",
    "schema.mutation": "schema root",
    "schema.subscription": "schema root",
    "schema.arbeidsflate": "schema root",
    "resolvers": "resolvers",
    # What schema types call: the workflows, loaders, preloading and SQL builders.
    "resolvers.workflows": SQL,
    "resolvers.loaders": SQL,
    "resolvers.preload": SQL,
    "resolvers.database": SQL,
    "resolvers.statistikk": SQL,
    "resolvers.oversikt": SQL,
    "resolvers.brevliste": SQL,
    "authz": "authz",
    "models": "models",
}
"""Module prefix → layer; the ``schema`` package itself (which builds the schema) is a root."""

ROOT_MODULES = {"schema": "schema root"}

OUTSIDE: dict[str, set[str] | None] = {
    "demodata": {"models", "authz", "demodata"},
    "migrations": {"models", "app.settings", "app.db", "app.migrate", "migrations"},
    "bench": None,
    "tools": None,
    "tests": None,
}
"""Packages outside the chain → the prefixes they may import (None: anything)."""

SCANNED = ("app", "utskrift", "utsending", "schema", "resolvers", "authz", "models", *OUTSIDE)
PERSON_SCANNED = ("app", "utskrift", "utsending", "schema", "resolvers", "authz", "models")
SCOPE_FILE = "authz/scope.py"
MARKER = "# unscoped:"


@dataclass(frozen=True)
class Import:
    path: str
    line: int
    source: str
    target: str


def _module(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _files(packages: tuple[str, ...]) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def _imports(path: Path, root: Path = ROOT) -> list[Import]:
    """Every import of a project module in ``path``, at any depth of the tree."""
    module = _module(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        targets: list[str] = []
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # ``from schema import bounds`` imports the module ``schema.bounds``.
            targets = [f"{prefix}.{alias.name}" for alias in node.names]
        for target in targets:
            if target.split(".")[0] in SCANNED:
                rel = str(path.relative_to(root))
                found.append(Import(rel, node.lineno, module, _known(target)))
    return found


def _known(target: str) -> str:
    """``target`` cut to the longest prefix that is a module or package of the project."""
    parts = target.split(".")
    while len(parts) > 1:
        base = ROOT.joinpath(*parts)
        if base.with_suffix(".py").exists() or (base / "__init__.py").exists():
            break
        parts.pop()
    return ".".join(parts)


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def layer(module: str) -> str | None:
    if module in ROOT_MODULES:
        return ROOT_MODULES[module]
    prefixes = [p for p in LAYERS if _matches(module, p)]
    return LAYERS[max(prefixes, key=len)] if prefixes else None


def violation(imp: Import) -> str | None:
    """Why ``imp`` breaks the order, or None when it keeps it."""
    where = f"{imp.path}:{imp.line}: {imp.source} imports {imp.target}"
    outside = imp.source.split(".")[0]
    if outside in OUTSIDE:
        allowed = OUTSIDE[outside]
        if allowed is None or any(_matches(imp.target, p) for p in allowed):
            return None
        return f"{where}: {outside} may import only {', '.join(sorted(allowed))}"
    source_layer = layer(imp.source)
    target_layer = layer(imp.target)
    assert source_layer is not None, f"{imp.source} has no layer in LAYERS"
    if target_layer is None:
        if source_layer == "app" and _matches(imp.target, "demodata"):
            return None
        return (
            f"{where}: layer {source_layer} imports {imp.target.split('.')[0]}, outside the chain"
        )
    if ORDER.index(target_layer) > ORDER.index(source_layer):
        return f"{where}: layer {source_layer} imports upward from layer {target_layer}"
    return None


def upward_imports() -> list[str]:
    return [v for path in _files(SCANNED) for imp in _imports(path) if (v := violation(imp))]


def _person_names(tree: ast.AST) -> set[str]:
    """The local names of the ``Person`` model (``from models import Person as PersonModel``)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in ("models", "models.person")
        for alias in node.names
        if alias.name == "Person"
    }


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def unmarked_person_queries(paths: list[Path], root: Path = ROOT) -> list[str]:
    found: list[str] = []
    for path in paths:
        rel = str(path.relative_to(root))
        if rel == SCOPE_FILE:
            continue
        text = path.read_text()
        lines = text.splitlines()
        tree = ast.parse(text, rel)
        names = _person_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called == "select":
                hits = [a for a in node.args if _root_name(a) in names]
            elif called == "select_from":
                hits = [a for a in node.args[:1] if isinstance(a, ast.Name) and a.id in names]
            else:
                continue
            for hit in hits[:1]:
                window = lines[max(node.lineno - 2, 0) : hit.lineno]
                if not any(MARKER in line for line in window):
                    found.append(
                        f"{rel}:{hit.lineno}: {called}({ast.unparse(hit)}…) reads persons "
                        f"outside {SCOPE_FILE}; add '{MARKER} <why>' on its line or the one before"
                    )
    return found


def test_every_module_has_a_layer() -> None:
    for path in _files(SCANNED):
        module = _module(path)
        assert module.split(".")[0] in OUTSIDE or layer(module), f"{module}: add it to LAYERS"


def test_imports_point_downward() -> None:
    found = upward_imports()
    assert not found, "\n".join(found)


def test_person_queries_outside_the_scope_say_why() -> None:
    found = unmarked_person_queries(_files(PERSON_SCANNED))
    assert not found, "\n".join(found)


def test_the_checks_catch_what_they_guard(tmp_path: Path) -> None:
    """An upward import (also under TYPE_CHECKING, also in a function) and an unmarked person
    query are found; a marked one is not."""
    up = Import("authz/x.py", 3, "authz.x", "schema.errors")
    assert "layer authz imports upward from layer schema types" in (violation(up) or "")
    assert violation(Import("schema/x.py", 1, "schema.x", "authz.scope")) is None
    assert violation(Import("demodata/x.py", 1, "demodata.x", "resolvers.loaders"))
    assert violation(Import("models/x.py", 1, "models.x", "tests.support"))
    (tmp_path / "authz").mkdir()
    nested = tmp_path / "authz" / "probe.py"
    nested.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from schema.context import Context\n"
        "def f() -> None:\n    from app import varselhub\n"
    )
    imports = _imports(nested, tmp_path)
    assert {(i.line, i.target) for i in imports} == {(3, "schema.context"), (5, "app.varselhub")}
    assert all(violation(i) for i in imports)
    probe = tmp_path / "authz" / "query.py"
    probe.write_text(
        "from models import Person as P\n"
        "a = select(P.id)\n"
        "# unscoped: a test\n"
        "b = select(P.id)\n"
        "c = (\n    select(func.count())\n    .select_from(P)\n)\n"
    )
    found = unmarked_person_queries([probe], tmp_path)
    assert [f.split(":")[1] for f in found] == ["2", "7"]
