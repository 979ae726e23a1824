"""Pinned copies of GraphiQL's browser files, served by the service itself (no CDN).

``python -m app.vendor ensure`` fetches each package's tarball from the npm registry with the
ordinary npm client (or, on a machine without npm, from the registry named by
``NPM_CONFIG_REGISTRY``), takes the one file out and keeps it only if its SHA-384 equals the
Subresource-Integrity hash that Strawberry's own GraphiQL page pins for it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from app.settings import Settings


@dataclass(frozen=True)
class Asset:
    package: str
    version: str
    member: str
    integrity: str

    @property
    def filename(self) -> str:
        name = self.package.replace("@", "").replace("/", "-")
        return f"{name}-{self.version}-{Path(self.member).name}"


ASSETS: tuple[Asset, ...] = (
    Asset(
        "react",
        "18.2.0",
        "package/umd/react.production.min.js",
        "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8",
    ),
    Asset(
        "react-dom",
        "18.2.0",
        "package/umd/react-dom.production.min.js",
        "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh",
    ),
    Asset(
        "graphiql",
        "3.8.3",
        "package/graphiql.min.css",
        "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
    ),
    Asset(
        "graphiql",
        "3.8.3",
        "package/graphiql.min.js",
        "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
    ),
    Asset(
        "@graphiql/plugin-explorer",
        "1.0.2",
        "package/dist/style.css",
        "sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi",
    ),
    Asset(
        "@graphiql/plugin-explorer",
        "1.0.2",
        "package/dist/index.umd.js",
        "sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9",
    ),
)


class VendorError(RuntimeError):
    pass


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def missing(vendor_dir: Path) -> list[Asset]:
    """The assets not present in ``vendor_dir`` with the pinned hash."""
    result = []
    for asset in ASSETS:
        path = vendor_dir / asset.filename
        if not path.is_file() or sri(path.read_bytes()) != asset.integrity:
            result.append(asset)
    return result


def _tarball_with_npm(spec: str, workdir: Path) -> bytes:
    npm = shutil.which("npm")
    assert npm is not None
    output = subprocess.run(  # noqa: S603 (fixed arguments, pinned package spec)
        [npm, "pack", spec, "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout.strip()
    return (workdir / output.splitlines()[-1]).read_bytes()


def _tarball_from_registry(asset: Asset, registry: str) -> bytes:
    base = asset.package.split("/")[-1]
    url = f"{registry.rstrip('/')}/{asset.package}/-/{base}-{asset.version}.tgz"
    if not url.startswith(("https://", "http://")):
        raise VendorError(f"NPM_CONFIG_REGISTRY must be an http(s) URL, not {registry!r}")
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (checked above)
        data: bytes = response.read()
        return data


def fetch(vendor_dir: Path) -> list[Path]:
    """Fetch every missing asset; raise VendorError naming what could not be had."""
    todo = missing(vendor_dir)
    if not todo:
        return []
    vendor_dir.mkdir(parents=True, exist_ok=True)
    registry = os.environ.get("NPM_CONFIG_REGISTRY")
    if shutil.which("npm") is None and not registry:
        raise VendorError(
            "GraphiQL's files are not installed and there is no npm client to fetch them; "
            "install npm or set NPM_CONFIG_REGISTRY to your npm registry's URL"
        )
    written = []
    tarballs: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for asset in todo:
            spec = f"{asset.package}@{asset.version}"
            if spec not in tarballs:
                if shutil.which("npm") is not None:
                    tarballs[spec] = _tarball_with_npm(spec, Path(tmp))
                else:
                    assert registry is not None
                    tarballs[spec] = _tarball_from_registry(asset, registry)
            with tarfile.open(fileobj=io.BytesIO(tarballs[spec]), mode="r:gz") as archive:
                member = archive.extractfile(asset.member)
                if member is None:
                    raise VendorError(f"{spec} has no file {asset.member}")
                data = member.read()
            if sri(data) != asset.integrity:
                raise VendorError(
                    f"{spec} {asset.member}: hash {sri(data)} is not the pinned {asset.integrity}"
                )
            target = vendor_dir / asset.filename
            target.write_bytes(data)
            written.append(target)
    return written


def main(argv: list[str]) -> int:
    if argv[1:] != ["ensure"]:
        print("usage: python -m app.vendor ensure", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    try:
        written = fetch(settings.vendor_dir)
    except (VendorError, subprocess.SubprocessError, OSError) as error:
        print(f"warning: GraphiQL will not load: {error}", file=sys.stderr)
        return 0
    for path in written:
        print(f"vendor: fetched and verified {path.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
