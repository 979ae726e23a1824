"""The lock files: every dependency pinned with hashes, in step with pyproject.toml, installed.

``./bosetting``, ``./test`` and CI install ``requirements-dev.txt`` (tools/bootstrap.sh); the
container image installs ``requirements.txt``. Both are written by ``tools/lock.sh``.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.lockfiles import DEV_LOCK, ROOT, RUNTIME_LOCK, Pin, read_lock, requirements

LOCKS = {"requirements.txt": RUNTIME_LOCK, "requirements-dev.txt": DEV_LOCK}


def _satisfied(requirement: Requirement, pins: dict[str, Pin], lock: str) -> None:
    if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
        return
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{lock} lacks {requirement} (pyproject.toml): run tools/lock.sh"
    assert requirement.specifier.contains(pins[name].version, prereleases=True), (
        f"{lock} pins {name}=={pins[name].version}, outside {requirement} of pyproject.toml:"
        " run tools/lock.sh"
    )
    for extra in sorted(requirement.extras):
        # The packages an extra brings (uvicorn[standard]: uvloop, httptools, ...).
        for text in importlib.metadata.requires(requirement.name) or []:
            needed = Requirement(text)
            if needed.marker is not None and needed.marker.evaluate({"extra": extra}):
                _satisfied(Requirement(re.sub(r";.*", "", text)), pins, lock)


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_pin_has_hashes(lock: str) -> None:
    pins = read_lock(LOCKS[lock])
    assert len(pins) > 20
    for pin in pins.values():
        assert pin.hashes, f"{lock}: {pin.name} has no --hash"
        for value in pin.hashes:
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", value), f"{lock}: {pin.name}: {value}"


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_the_locks_satisfy_pyproject(lock: str) -> None:
    pins = read_lock(LOCKS[lock])
    groups = ["dependencies", "build-system"] + (["dev"] if lock == "requirements-dev.txt" else [])
    for group in groups:
        for requirement in requirements(group):
            _satisfied(requirement, pins, lock)


def test_the_image_runs_the_versions_the_tests_ran() -> None:
    runtime, dev = read_lock(RUNTIME_LOCK), read_lock(DEV_LOCK)
    for name, pin in runtime.items():
        assert name in dev, f"requirements.txt pins {name}, requirements-dev.txt does not"
        assert dev[name].version == pin.version, (
            f"{name}: {pin.version} in requirements.txt, {dev[name].version} in"
            " requirements-dev.txt: run tools/lock.sh"
        )
        assert dev[name].hashes == pin.hashes, f"{name}: the two lock files differ in hashes"


def test_the_service_lock_has_no_dev_tools() -> None:
    runtime = read_lock(RUNTIME_LOCK)
    for tool in ("pytest", "pytest-asyncio", "hypothesis", "mypy", "ruff", "uv", "pip"):
        assert tool not in runtime, f"requirements.txt (the image's) pins the dev tool {tool}"


def test_this_venv_holds_exactly_the_locked_versions() -> None:
    """What ./test runs is what the lock says (the bootstrap syncs the venv to it)."""
    wrong = []
    for pin in read_lock(DEV_LOCK).values():
        if not pin.applies():
            continue
        try:
            installed = importlib.metadata.version(pin.name)
        except importlib.metadata.PackageNotFoundError:
            installed = "nothing"
        if installed != pin.version:
            wrong.append(f"{pin.name}: {installed}, locked {pin.version}")
    assert not wrong, (
        "the venv is not the lock (rm .venv/.bosetting-installed, and the next ./test syncs it): "
        + "; ".join(wrong)
    )


def test_the_lock_files_are_what_pyproject_gives() -> None:
    """tools/lock.sh --check compiles both again (uv, from the package index) and compares."""
    result = subprocess.run(  # noqa: S603 (our own script)
        [str(ROOT / "tools" / "lock.sh"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
