"""The container image: the Dockerfile's properties, read statically (always), the wheel it
installs, and a real build whose ``bosetting --help`` answers (where podman can build).

The build needs podman and a base image. The Dockerfile's own base comes from a container
registry; on a machine that reaches none, ``tools/container-base.sh`` makes a stand-in from
Debian's packages (``localhost/bosetting-base:bookworm``), and ``BOSETTING_CONTAINER_BASE``
names any other. Without podman or a base, the build test is skipped and says which.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lockfiles import ROOT, pyproject

DOCKERFILE = ROOT / "Dockerfile"
STAND_IN_BASE = "localhost/bosetting-base:bookworm"
ROOT_USERS = {"root", "0", "0:0", "root:root"}


def instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) per instruction, continuation lines joined, comments left out."""
    result = []
    for line in re.sub(r"\\\n", " ", text).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        result.append((keyword.upper(), " ".join(rest.split())))
    return result


def stages() -> list[list[tuple[str, str]]]:
    """The build stages, each from its FROM on (ARGs before the first FROM left out)."""
    result: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions(DOCKERFILE.read_text()):
        if keyword == "FROM":
            result.append([])
        if result:
            result[-1].append((keyword, rest))
    return result


def runs(stage: list[tuple[str, str]]) -> list[str]:
    return [rest for keyword, rest in stage if keyword == "RUN"]


def packages() -> list[str]:
    """The top-level packages pyproject.toml builds (a list, or find's include patterns)."""
    tool = pyproject()["tool"]
    assert isinstance(tool, dict)
    listed = tool["setuptools"]["packages"]
    names = listed if isinstance(listed, list) else listed["find"]["include"]
    return sorted({name.rstrip("*").split(".")[0] for name in names})


def test_the_image_is_built_in_stages() -> None:
    build, *_, final = stages()
    assert len(stages()) >= 2
    assert build[0][1].endswith(" AS build")
    copies = [rest for keyword, rest in final if keyword in ("COPY", "ADD")]
    assert copies, "the image's stage copies nothing from the build stage"
    for rest in copies:
        # Only what the build stage made: no sources, no build tools, no npm.
        assert rest.startswith("--from=build /opt/bosetting"), rest
    assert not any("apt-get install" in run for run in runs(final))


def test_the_image_runs_as_a_user_of_its_own() -> None:
    final = stages()[-1]
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users, "the image's stage has no USER: it would run as root"
    assert users[-1] not in ROOT_USERS
    uid = users[-1].split(":")[0]
    assert any(f"--uid {uid}" in run for run in runs(final)), f"no user with uid {uid} is made"
    last_user = max(i for i, (keyword, _) in enumerate(final) if keyword == "USER")
    assert not any(keyword == "RUN" for keyword, _ in final[last_user:]), "RUN after USER"


def test_the_image_installs_the_lock_with_hashes_and_nothing_else() -> None:
    build = stages()[0]
    assert ("COPY", "requirements.txt ./") in build
    installs = [run for run in runs(build) if re.search(r"pip .*\binstall\b", run)]
    assert len(installs) == 2, installs
    locked, project = installs
    for flag in ("--require-hashes", "--no-deps", "--only-binary :all:", "-r requirements.txt"):
        assert flag in locked, f"the dependencies' install lacks {flag}"
    for flag in ("--no-deps", "--no-build-isolation", "--no-index"):
        assert flag in project, f"the project's install lacks {flag}: it could fetch unlocked"
    assert "--without-pip" in locked, "the venv would carry an unlocked pip"


def test_the_image_has_no_dev_dependencies() -> None:
    text = DOCKERFILE.read_text()
    assert "requirements-dev" not in text
    assert "[dev]" not in text
    assert not any(rest.split()[0] == "tests" for k, rest in stages()[0] if k == "COPY")
    lines = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "*", ".dockerignore must leave everything out but what it names"
    for line in lines:
        assert not line.startswith(("!tests", "!var", "!.venv", "!requirements-dev")), line


def test_the_image_serves_with_the_environment() -> None:
    final = stages()[-1]
    assert ("ENTRYPOINT", '["bosetting"]') in final
    assert ("CMD", '["serve"]') in final
    env = " ".join(rest for keyword, rest in final if keyword == "ENV")
    assert "BOSETTING_ENV=production" in env
    assert "BOSETTING_HOST=0.0.0.0" in env
    assert "BOSETTING_VENDOR_DIR=/opt/bosetting/graphiql" in env
    # DATABASE_URL and the secrets come from where the container runs, never from the image.
    for secret in ("DATABASE_URL", "BOSETTING_JWKS", "BOSETTING_STATISTIKK_SALT"):
        assert secret not in env


def test_every_package_reaches_the_image() -> None:
    build = stages()[0]
    allowed = (ROOT / ".dockerignore").read_text().split()
    for package in packages():
        assert ("COPY", f"{package} ./{package}") in build, (
            f"the Dockerfile does not copy {package}"
        )
        assert f"!{package}/" in allowed, f".dockerignore leaves {package} out"
    assert any("app.vendor ensure" in run for run in runs(build)), "GraphiQL's files"


def test_the_wheel_carries_every_module(tmp_path: Path) -> None:
    """The image installs the project as a wheel (not editable, as .venv has it): a package
    left out of pyproject.toml's list is missing there and nowhere else."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in packages():
        shutil.copytree(ROOT / package, source / package, ignore=ignore)
    wheel_dir = tmp_path / "wheel"
    subprocess.run(  # noqa: S603 (our own interpreter and pip, fixed arguments)
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(wheel_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheel_dir.glob("bosetting-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        carried = set(archive.namelist())
    expected = {
        path.relative_to(source).as_posix()
        for package in packages()
        for path in (source / package).rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".js", ".css", ".csv", ".mako", ".svg", ".ico", ".sql")
    }
    assert len(expected) > 100
    assert not expected - carried, f"the wheel lacks {sorted(expected - carried)[:10]}"


def _podman(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """podman's answer; one that takes longer than ``timeout`` is a failure saying so."""
    command = ["podman", *args]
    try:
        return subprocess.run(  # noqa: S603 (fixed arguments, our own image)
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(command, -1, "", f"no answer in {timeout:.0f} s")


def _base_image() -> str:
    """A base image podman has or can pull, else skip saying why."""
    named = os.environ.get("BOSETTING_CONTAINER_BASE")
    default = next(
        rest.split("=", 1)[1]
        for keyword, rest in instructions(DOCKERFILE.read_text())
        if keyword == "ARG" and rest.startswith("PYTHON_IMAGE=")
    )
    tried = []
    for image in [named] if named else [default, STAND_IN_BASE]:
        if _podman("image", "exists", image).returncode == 0:
            return image
        if image != STAND_IN_BASE:
            pulled = _podman("pull", "--quiet", image, timeout=120)
            if pulled.returncode == 0:
                return image
            tried.append(f"{image}: {(pulled.stderr.strip().splitlines() or ['?'])[-1]}")
        else:
            tried.append(f"{image}: not made (tools/container-base.sh makes it)")
    pytest.skip("no base image for the Dockerfile: " + "; ".join(tried))


@pytest.fixture(scope="module")
def image() -> Iterator[str]:
    if shutil.which("podman") is None:
        pytest.skip("podman is not installed (Debian package podman): the image is not built")
    base = _base_image()
    probe = _podman("run", "--rm", base, "python3", "-c", "pass")
    if probe.returncode != 0:
        pytest.skip(f"podman cannot run containers here: {probe.stderr.strip()[-300:]}")
    tag = f"localhost/bosetting-test:{os.getpid()}"
    built = _podman(
        "build", "--build-arg", f"PYTHON_IMAGE={base}", "--tag", tag, str(ROOT), timeout=1800
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    yield tag
    _podman("rmi", "--force", tag)


def test_the_image_answers_help(image: str) -> None:
    result = _podman("run", "--rm", image, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: bosetting")
    for command in ("serve", "migrate", "token"):
        assert command in result.stdout


def test_the_image_serve_wants_its_settings(image: str) -> None:
    """The default command is ``serve``, in production: without DATABASE_URL and the
    identity provider's settings it refuses, naming them."""
    result = _podman("run", "--rm", image)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "production needs DATABASE_URL" in result.stderr


def test_the_image_holds_the_service_and_no_more(image: str) -> None:
    """The whole service imports; it runs as uid 10001; no dev tool, no pip, no setuptools."""
    script = (
        "import os, importlib.util as u, app.asgi;"
        "print(os.getuid());"
        "print([m for m in ('pytest', 'mypy', 'ruff', 'hypothesis', 'pip', 'setuptools')"
        " if u.find_spec(m)]);"
        "print(len(os.listdir(os.environ['BOSETTING_VENDOR_DIR'])))"
    )
    result = _podman("run", "--rm", "--entrypoint", "python", image, "-c", script)
    assert result.returncode == 0, result.stderr
    uid, extra, vendored = result.stdout.split("\n")[:3]
    assert uid == "10001"
    assert extra == "[]", f"the image carries {extra}"
    assert vendored == "6", "GraphiQL's six files"
