"""GraphiQL, served entirely from this service: a page, its pinned vendor files, our own script."""

from __future__ import annotations

from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response

from app.vendor import ASSETS, Asset

STATIC = Path(__file__).resolve().parent / "graphiql-static"
OWN_FILES = ("graphiql-init.js", "graphiql-page.css")
PREFIX = "/graphiql/static/"

_SCRIPTS = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "index.umd.js",
)


def _asset(suffix: str) -> Asset:
    return next(asset for asset in ASSETS if asset.member.endswith(suffix))


def page_html() -> str:
    styles = [_asset("graphiql.min.css"), _asset("style.css")]
    links = "\n".join(
        f'    <link rel="stylesheet" href="{PREFIX}{a.filename}" integrity="{a.integrity}" />'
        for a in styles
    )
    scripts = "\n".join(
        f'    <script src="{PREFIX}{a.filename}" integrity="{a.integrity}"></script>'
        for a in (_asset(name) for name in _SCRIPTS)
    )
    return f"""<!doctype html>
<html lang="nb">
  <head>
    <meta charset="utf-8" />
    <title>{escape("Bosetting API · GraphiQL")}</title>
{links}
    <link rel="stylesheet" href="{PREFIX}graphiql-page.css" />
  </head>
  <body>
    <div id="graphiql">Laster GraphiQL…</div>
{scripts}
    <script src="{PREFIX}graphiql-init.js"></script>
  </body>
</html>
"""


def static_file(vendor_dir: Path) -> object:
    served: dict[str, Path] = {a.filename: vendor_dir / a.filename for a in ASSETS}
    served.update({name: STATIC / name for name in OWN_FILES})

    async def endpoint(request: Request) -> Response:
        name = request.path_params["name"]
        path = served.get(name)
        if path is None or not path.is_file():
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path, headers={"Cache-Control": "public, max-age=86400, immutable"})

    return endpoint


def page() -> HTMLResponse:
    return HTMLResponse(page_html())
