"""GraphiQL, served entirely from this service: a page, its pinned vendor files, our own script,
stylesheet and favicon."""

from __future__ import annotations

from html import escape
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response

from app.vendor import ASSETS, Asset

STATIC = Path(__file__).resolve().parent / "graphiql-static"
OWN_FILES = ("graphiql-init.js", "graphiql-page.css", "favicon.svg", "favicon.ico")
PREFIX = "/graphiql/static/"

_SCRIPTS = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "index.umd.js",
)


def _asset(suffix: str) -> Asset:
    return next(asset for asset in ASSETS if asset.member.endswith(suffix))


# Shown until the page has a token (graphiql-init.js hides it then, and shows it again when
# the service refuses the token).
LOGIN_HINT = """\
    <div id="login-hint" class="login-hint" role="status">
      <strong id="login-hint-title">No token: every request is refused (401).</strong>
      To log in, run in a terminal of the checkout <code>./bosetting users</code> (the demo
      users) and <code>./bosetting token &lt;subject&gt;</code>, e.g.
      <code>./bosetting token demo-0301-bosetter-skriv</code>, and open the address it prints:
      <code id="login-address">/graphql#token=&lt;token&gt;</code>. The token stays in this
      browser tab and is sent as <code>Authorization: Bearer &lt;token&gt;</code>.
    </div>"""


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
    <link rel="icon" href="{PREFIX}favicon.svg" type="image/svg+xml" />
{links}
    <link rel="stylesheet" href="{PREFIX}graphiql-page.css" />
  </head>
  <body>
{LOGIN_HINT}
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
        # /favicon.ico, where browsers look without a link, is our own file of that name.
        name = request.path_params.get("name") or PurePosixPath(request.url.path).name
        path = served.get(name)
        if path is None or not path.is_file():
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path, headers={"Cache-Control": "public, max-age=86400, immutable"})

    return endpoint


def page() -> HTMLResponse:
    return HTMLResponse(page_html())
