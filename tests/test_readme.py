"""The README's shell examples run as written, top to bottom, against a live ``./bosetting serve``.

Every ```sh block of README.md is run with bash, command by command, with the environment a new
user has plus a test database (``DATABASE_URL``), a free ``BOSETTING_PORT`` and a data folder of
its own: the README's ``127.0.0.1:8000`` is rewritten to that port, nothing else. The commands
run in a scratch folder whose ``./bosetting`` (and every other script of the checkout) forwards
to this checkout's, so a file an example writes (``-o kartlegging.pdf``) lands there.

``./bosetting serve`` needs a terminal of its own: the ``readme_server`` fixture starts that
very command in the background, on a fresh database prepared as ``serve`` prepares the embedded
one on first start (migrated, the demo data loaded: the README names its persons), and stops it
at the end. Commands that would recurse, need the network or take minutes are skipped by the
rules in ``SKIPPED`` only, each reported as a skip with its reason. Each command must exit 0,
and where the README states a result, the test checks it (``checks``).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.cli import DEFAULT_DEMO_PERSONS
from app.migrate import prepare_database
from app.settings import ROOT
from tests.support import DatabaseServer, free_port, unique_name

README = ROOT / "README.md"
README_ADDRESS = "127.0.0.1:8000"

# The only commands not run, by their leading words, each with the reason.
SKIPPED: dict[tuple[str, ...], str] = {
    ("./test",): "runs the whole suite, this test included (recursion); CI runs it",
    ("./bench/run",): "installs wrk, Node 22 and PostGraphile from the network and measures for "
    "minutes",
    ("tools/fuzz.sh",): "installs schemathesis from the network and fuzzes for minutes",
    ("./bosetting", "seed", "--persons", "100000"): "loads 100,000 persons: minutes of work",
}
# Needs a terminal of its own: run in the background by the ``readme_server`` fixture.
BACKGROUND = ("./bosetting", "serve")

MARKER = "@@readme-command {}@@"
JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")


@dataclass(frozen=True)
class Example:
    """One ```sh block: the README line it starts on and its commands (continuations joined)."""

    line: int
    commands: tuple[str, ...]


def examples(text: str) -> list[Example]:
    found = []
    for match in re.finditer(r"^```sh\n(.*?)^```", text, re.M | re.S):
        line = text.count("\n", 0, match.start()) + 1
        found.append(Example(line, tuple(split_commands(match.group(1)))))
    return found


def split_commands(block: str) -> list[str]:
    commands, pending = [], ""
    for raw in block.splitlines():
        pending += raw + "\n"
        if raw.endswith("\\"):
            continue
        command, pending = pending.strip(), ""
        if command and not command.startswith("#"):
            commands.append(command)
    return commands


def words(command: str) -> list[str]:
    return shlex.split(command, comments=True)


def leads_with(command: str, lead: tuple[str, ...]) -> bool:
    return tuple(words(command)[: len(lead)]) == lead


def skip_reason(command: str) -> str | None:
    return next((reason for lead, reason in SKIPPED.items() if leads_with(command, lead)), None)


README_TEXT = README.read_text()
EXAMPLES = examples(README_TEXT)
SKIPPED_COMMANDS = [
    (example.line, command, reason)
    for example in EXAMPLES
    for command in example.commands
    if (reason := skip_reason(command)) is not None
]


@dataclass
class ReadmeServer:
    """``./bosetting serve`` of the README, running in the background."""

    port: int
    folder: Path
    env: dict[str, str]
    command: str
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rewrite(self, command: str) -> str:
        rewritten = command.replace(README_ADDRESS, f"127.0.0.1:{self.port}")
        # Never let an example reach a developer's own server on the default port.
        assert not re.search(r"(?<![\d.])8000\b", rewritten), f"an address not rewritten: {command}"
        return rewritten

    def bash(self, script: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - bash, with the README's own commands
            ["bash", "-c", script],  # noqa: S607
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def user_environment(database_url: str, port: int, data_dir: Path) -> dict[str, str]:
    """A new user's environment (none of the caller's service settings) plus the test's own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BOSETTING_", "OTEL_", "PROMETHEUS_"))
        and key not in ("DATABASE_URL", "TEST_DATABASE_URL", "VIRTUAL_ENV")
    }
    env.update(
        DATABASE_URL=database_url,
        BOSETTING_PORT=str(port),
        BOSETTING_DATA_DIR=str(data_dir),
        # The GraphiQL files the bootstrap already fetched for this checkout (no network).
        BOSETTING_VENDOR_DIR=str(ROOT / "var" / "graphiql"),
    )
    return env


def forward_scripts(folder: Path) -> None:
    """``./bosetting``, ``./test``, ``tools/…`` and ``bench/…`` in ``folder`` run the checkout's."""
    for script in [*ROOT.glob("*"), *ROOT.glob("tools/*"), *ROOT.glob("bench/*")]:
        if script.is_file() and os.access(script, os.X_OK):
            target = folder / script.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f'#!/usr/bin/env bash\nexec {shlex.quote(str(script))} "$@"\n')
            target.chmod(0o755)


@pytest.fixture(scope="module")
async def demo_db(db_server: DatabaseServer) -> AsyncIterator[str]:
    """A fresh database prepared exactly as ``serve`` prepares the embedded one on first start."""
    name = unique_name("bosetting_readme")
    url = await db_server.create(name)
    await prepare_database(url, seed_demo=True, persons=DEFAULT_DEMO_PERSONS)
    yield url
    await db_server.drop(name)


@pytest.fixture(scope="module")
def readme_server(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadmeServer]:
    folder = tmp_path_factory.mktemp("readme")
    forward_scripts(folder)
    port = free_port()
    env = user_environment(demo_db, port, tmp_path_factory.mktemp("readme-data"))
    serve = [c for e in EXAMPLES for c in e.commands if leads_with(c, BACKGROUND)]
    assert len(serve) == 1, f"the README should start the service once: {serve}"
    live = ReadmeServer(port, folder, env, serve[0], folder / "serve.log")
    with live.log.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - the README's own command
            ["bash", "-c", f"exec {live.rewrite(serve[0])}"],  # noqa: S607
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_ready(live, process)
        yield live
    finally:
        stop(process)


def wait_until_ready(live: ReadmeServer, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300  # a first start may install the environment
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`{live.command}` exited {process.returncode}:\n{live.log.read_text()}")
        try:
            if httpx.get(f"{live.base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"`{live.command}` was not ready in time:\n{live.log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as in the terminal; the whole process group if it does not end in time."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# What the README says each command gives, checked on its output.


def check_serve(live: ReadmeServer) -> None:
    """Up and ready (the fixture waited for /readyz); "prints the GraphiQL address … and how
    to get a token"."""
    banner = live.log.read_text()
    assert f"{live.base_url}/graphql" in banner, banner
    assert "./bosetting token" in banner, banner


def check_users(output: str, live: ReadmeServer) -> None:
    """ "the demo users and their roles": every user the README's "Demo users" names."""
    section = README_TEXT.split("### Demo users", 1)[1].split("\n#", 1)[0]
    kommuner = re.findall(r"\((\d{4})\)", section)
    roles = re.findall(r"`(?:demo-NNNN)?-([a-z-]+)`", section)
    others = re.findall(r"`(demo-(?!NNNN)[a-z0-9-]+)`", section)
    subjects = {f"demo-{k}-{r}" for k in kommuner for r in roles} | set(others)
    assert len(subjects) >= 30, subjects
    lines = {line.split()[0]: line for line in output.splitlines() if line.strip()}
    assert subjects <= set(lines), f"not listed: {sorted(subjects - set(lines))}"
    assert "deactivated" in lines["demo-0301-deaktivert"]
    for kommune in kommuner:  # `-saksbehandler` (Anmoder_Skriv + Bosetter_Skriv)
        line = lines[f"demo-{kommune}-saksbehandler"]
        assert "Kommune_Anmoder_Skriv" in line, line
        assert "Kommune_Bosetter_Skriv" in line, line


def check_token(output: str, live: ReadmeServer) -> None:
    """ "a token, and a GraphiQL address that carries it"; the curl hint works when pasted."""
    tokens = set(JWT.findall(output))
    assert len(tokens) == 1, output
    token = tokens.pop()
    assert f"{live.base_url}/graphql#token={token}" in output, output
    answer = httpx.post(
        f"{live.base_url}/graphql",
        json={"query": "{ me { navn } }"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=20,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["me"], answer.text
    hint = re.search(r"\bcurl\s+-.*?(?<!\\)$", output, re.M | re.S)
    assert hint, f"no curl hint: {output}"
    result = live.bash(hint.group(0))
    assert result.returncode == 0, result.stderr
    check_graphql_answer(result.stdout, f"the curl hint, pasted: {hint.group(0)}")


def check_graphql_answer(output: str, what: str) -> None:
    """An answer with data in every root field, and no errors."""
    try:
        answer = json.loads(output)
    except json.JSONDecodeError:
        pytest.fail(f"{what}: not a JSON answer: {output[:500]!r}")
    assert not answer.get("errors"), f"{what}: {answer}"
    assert answer.get("data"), f"{what}: {answer}"
    assert all(value is not None for value in answer["data"].values()), f"{what}: {answer}"


def check_curl(command: str, output: str, live: ReadmeServer) -> None:
    arguments = words(command)
    if "-o" not in arguments:
        check_graphql_answer(output, command)
        return
    saved = live.folder / arguments[arguments.index("-o") + 1]
    if saved.suffix == ".pdf":
        content = saved.read_bytes()
        assert content.startswith(b"%PDF"), f"{saved.name} is not a PDF: {content[:300]!r}"


def check(command: str, output: str, live: ReadmeServer) -> None:
    if leads_with(command, ("./bosetting", "users")):
        check_users(output, live)
    elif leads_with(command, ("./bosetting", "token")) and not {"-q", "--quiet"} & set(
        words(command)
    ):
        check_token(output, live)
    elif leads_with(command, ("curl",)):
        check_curl(command, output, live)


def run_example(example: Example, live: ReadmeServer) -> None:
    """The block's commands in one bash (so a variable one sets reaches the next), each
    preceded by a marker on stdout: a failure is traced to its command, each output checked."""
    __tracebackhide__ = True
    if any(leads_with(c, BACKGROUND) for c in example.commands):
        check_serve(live)
    run = [c for c in example.commands if skip_reason(c) is None and not leads_with(c, BACKGROUND)]
    if not run:
        if not any(leads_with(c, BACKGROUND) for c in example.commands):
            pytest.skip(f"README line {example.line}: each command is skipped by a rule")
        return
    script = ["set -euo pipefail"]
    for index, command in enumerate(run):
        script += [f"printf '\\n{MARKER.format(index)}\\n'", live.rewrite(command)]
    result = live.bash("\n".join(script))
    parts = re.split(MARKER.format(r"(\d+)").join(["\n", "\n"]), result.stdout)
    outputs = dict(zip(map(int, parts[1::2]), parts[2::2], strict=True))
    for index, command in enumerate(run):
        if result.returncode != 0 and index == max(outputs, default=0):
            pytest.fail(
                f"README line {example.line}: `{command}` exited {result.returncode}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        check(command, outputs[index], live)


def test_the_readme_has_the_examples_this_test_knows() -> None:
    """A guard against a vacuous run: the blocks are found, the service is started by one."""
    commands = [c for e in EXAMPLES for c in e.commands]
    assert len(EXAMPLES) >= 5
    assert sum(leads_with(c, BACKGROUND) for c in commands) == 1
    assert any(leads_with(c, ("curl",)) for c in commands)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line{e.line}" for e in EXAMPLES])
def test_example_runs_as_written(example: Example, readme_server: ReadmeServer) -> None:
    run_example(example, readme_server)


@pytest.mark.parametrize(
    ("line", "command", "reason"),
    SKIPPED_COMMANDS,
    ids=[f"line{line}-{words(c)[0]}" for line, c, _ in SKIPPED_COMMANDS],
)
def test_skipped_command(line: int, command: str, reason: str) -> None:
    """Each command not run, reported with its rule's reason (never silently left out)."""
    pytest.skip(f"README line {line}: `{words(command)[0]}` not run: {reason}")


def test_skip_rules_are_narrow() -> None:
    """A rule skips only what it names: `./bosetting seed` and `./bosetting serve` still run."""
    assert skip_reason("./bosetting seed --persons 100000 --reset")
    assert skip_reason("./bosetting seed --persons 1000") is None
    assert skip_reason("./bosetting serve") is None
    assert skip_reason("./bench/run --million")
