"""Reading the lock files (requirements*.txt, written by tools/lock.sh) and pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / "requirements.txt"
DEV_LOCK = ROOT / "requirements-dev.txt"


@dataclass
class Pin:
    name: str
    version: str
    marker: Marker | None
    hashes: list[str] = field(default_factory=list)

    def applies(self) -> bool:
        """Whether this machine's Python installs it (its marker holds here)."""
        return self.marker is None or self.marker.evaluate()


def read_lock(path: Path) -> dict[str, Pin]:
    """Each pinned package of a lock file, by canonical name."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for raw in path.read_text().splitlines():
        line = raw.strip().removesuffix("\\").strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("--hash="):
            assert current is not None, f"{path.name}: a hash before any requirement: {raw!r}"
            current.hashes.append(line.removeprefix("--hash="))
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{path.name}: {line!r} is not pinned with =="
        current = Pin(canonicalize_name(requirement.name), specifier.version, requirement.marker)
        pins[current.name] = current
    return pins


def pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def requirements(group: str) -> list[Requirement]:
    """``dependencies``, an extra by name, or ``build-system``: as Requirement objects."""
    data = pyproject()
    project = data["project"]
    assert isinstance(project, dict)
    if group == "dependencies":
        items = project["dependencies"]
    elif group == "build-system":
        build = data["build-system"]
        assert isinstance(build, dict)
        items = build["requires"]
    else:
        items = project["optional-dependencies"][group]
    return [Requirement(item) for item in items]
