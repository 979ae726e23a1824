"""`bosetting serve` as its own process, as in production, with its output captured."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.settings import ROOT
from authz.devkeys import ensure_dev_key, issue_dev_token
from tests.support import free_port

ISSUER = "https://idp.test/bosetting"
AUDIENCE = "bosetting-api"


@dataclass
class Served:
    base_url: str
    log: Path
    key_dir: Path

    def token(self, subject: str) -> str:
        return issue_dev_token(self.key_dir, subject, issuer=ISSUER, audience=AUDIENCE)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def production_env(database_url: str, data_dir: Path, **settings: str) -> dict[str, str]:
    """A production configuration whose identity provider is a key of the test's own."""
    env = {
        **os.environ,
        "BOSETTING_ENV": "production",
        "DATABASE_URL": database_url,
        "BOSETTING_DATA_DIR": str(data_dir),
        "BOSETTING_VENDOR_DIR": str(ROOT / "var" / "graphiql"),
        "BOSETTING_JWKS": str(ensure_dev_key(data_dir / "idp")),
        "BOSETTING_JWT_ISSUER": ISSUER,
        "BOSETTING_STATISTIKK_SALT": "4711",
        "BOSETTING_METRICS_PORT": str(free_port()),  # not production's 9464: tests run side by side
        **settings,
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


@contextmanager
def serve(env: dict[str, str], data_dir: Path, *args: str) -> Iterator[Served]:
    """``python -m app.cli serve --port P *args``; stdout and stderr go to one file."""
    port = free_port()
    log_path = data_dir / f"serve-{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port), *args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        served = Served(f"http://127.0.0.1:{port}", log_path, data_dir / "idp")
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{served.base_url}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not start:\n{served.output()}")
                time.sleep(0.2)
            yield served
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
