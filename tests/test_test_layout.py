"""Tests share helpers through support modules, never through other tests: no module under
tests/ imports from a test module (a file named test_*.py)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def dotted(path: Path) -> str:
    """The module name of a file under tests/, e.g. ``tests.fordeling.support``."""
    return ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)


def absolute(module: str | None, level: int, importer: Path) -> str:
    """The absolute name of ``from <level dots><module> import``, seen from ``importer``."""
    if level == 0:
        return module or ""
    package = dotted(importer).split(".")[:-level]
    return ".".join([*package, module] if module else package)


def is_test_module(name: str) -> bool:
    return name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith("test_")


def imported_test_modules(source: str, importer: Path) -> list[str]:
    """Each test module that ``source`` (the text of ``importer``) imports, or imports from."""
    found = []
    for node in ast.walk(ast.parse(source, str(importer))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            base = absolute(node.module, node.level, importer)
            if is_test_module(base):
                found.append(base)
            # ``from tests.fordeling import test_cycle`` imports the module itself.
            found += [
                f"{base}.{alias.name}"
                for alias in node.names
                if is_test_module(f"{base}.{alias.name}")
            ]
    return found


def test_no_module_under_tests_imports_a_test_module() -> None:
    offenders = {
        str(path.relative_to(TESTS.parent)): names
        for path in sorted(TESTS.rglob("*.py"))
        if (names := imported_test_modules(path.read_text(encoding="utf-8"), path))
    }
    assert offenders == {}, (
        "a test module imports from another test module; move the shared helper into a"
        f" support module beside it (e.g. tests/<feature>/support.py): {offenders}"
    )


def test_the_check_sees_every_form_of_import() -> None:
    importer = TESTS / "fordeling" / "test_example.py"
    sources = {
        "from tests.fordeling.test_cycle import answer": ["tests.fordeling.test_cycle"],
        "import tests.http.test_maskinklient": ["tests.http.test_maskinklient"],
        "from tests.fordeling import test_cycle": ["tests.fordeling.test_cycle"],
        "from .test_cycle import answer": ["tests.fordeling.test_cycle"],
        "from . import test_cycle": ["tests.fordeling.test_cycle"],
        "from ..authz.test_matrix import ask": ["tests.authz.test_matrix"],
        "from tests.fordeling.support import answer": [],
        "from .support import answer": [],
        "from tests.support import Api": [],
        "import tests.authz.world": [],
    }
    for source, expected in sources.items():
        assert imported_test_modules(source, importer) == expected, source
