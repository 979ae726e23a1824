"""GraphiQL is served from the service itself: the page and every file it loads, a login hint
for a browser without a token, and a favicon."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from app.security import GRAPHIQL_CSP
from app.vendor import ASSETS, sri
from tests.support import LiveServer


def page(client: httpx.Client) -> str:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_the_page_needs_no_token_and_loads_nothing_from_outside(client: httpx.Client) -> None:
    html = page(client)
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    # The vendor files, our script, stylesheet and favicon.
    assert len(references) == len(ASSETS) + 3
    assert all(ref.startswith("/graphiql/static/") for ref in references)
    assert "<script>" not in html  # no inline script: the page works under a strict CSP
    assert "unpkg" not in html
    assert "http" not in html.replace("http-equiv", "")


def test_every_vendor_file_is_served_and_matches_its_pinned_hash(client: httpx.Client) -> None:
    html = page(client)
    for asset in ASSETS:
        assert f'integrity="{asset.integrity}"' in html
        response = client.get(f"/graphiql/static/{asset.filename}")
        assert response.status_code == 200, asset.filename
        assert sri(response.content) == asset.integrity


def test_the_page_script_sends_the_token_on_http_and_websocket(client: httpx.Client) -> None:
    script = client.get("/graphiql/static/graphiql-init.js")
    assert script.status_code == 200
    assert "Authorization" in script.text
    assert "wsConnectionParams" in script.text
    assert "sessionStorage" in script.text


class _LoginHint(HTMLParser):
    """The text of the page's #login-hint, and whether it is hidden in the HTML itself."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text = ""
        self.hidden: bool | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag == "div"
        elif ("id", "login-hint") in attrs:
            self.depth = 1
            self.hidden = any(name == "hidden" for name, _ in attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text += data


def test_without_a_token_the_page_says_how_to_get_one(client: httpx.Client) -> None:
    hint = _LoginHint()
    hint.feed(page(client))
    assert hint.hidden is False  # shown until the script finds a token
    text = " ".join(hint.text.split())
    assert "No token: every request is refused (401)." in text
    assert "./bosetting users" in text
    assert "./bosetting token <subject>" in text
    assert "/graphql#token=<token>" in text


def test_the_page_script_hides_the_hint_only_with_a_token(client: httpx.Client) -> None:
    """As text (``test_in_a_browser_…`` runs it where a browser is installed): the script
    fills in this page's own address, hides the hint when it has a token, and shows it again
    when the service refuses the token."""
    script = client.get("/graphiql/static/graphiql-init.js").text
    assert 'getElementById("login-address").textContent = url + "#token=<token>"' in script
    assert "hint.hidden = Boolean(token);" in script
    assert "response.status === 401 && token" in script
    assert '"# (" + url + "#token=<token>).",' in script  # and the default query says it too


def test_the_favicon_is_the_services_own_image(client: httpx.Client) -> None:
    html = page(client)
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml" />', html)
    assert link, "the page links no favicon"
    svg = client.get(link.group(1))
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    # Where a browser looks without a link (any page of the service, e.g. /healthz).
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200
    assert ico.headers["content-type"] == "image/vnd.microsoft.icon"
    assert ico.content.startswith(b"\x00\x00\x01\x00")  # an ICO file's header
    assert ico.headers["x-content-type-options"] == "nosniff"


def test_the_page_policy_stays_strict_with_the_favicon(client: httpx.Client) -> None:
    """The favicon is the service's own file: the page's CSP allows nothing from elsewhere."""
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.headers["content-security-policy"] == GRAPHIQL_CSP
    directives = dict(d.split(" ", 1) for d in GRAPHIQL_CSP.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["default-src"] == "'none'"


BROWSER = shutil.which("chromium-headless-shell") or shutil.which("chromium")


def rendered(url: str, profile: Path) -> str:
    """The page's DOM once its scripts ran and its first requests were answered."""
    assert BROWSER
    command = [BROWSER, "--headless", "--disable-gpu", f"--user-data-dir={profile}"]
    if os.geteuid() == 0:
        command.append("--no-sandbox")  # the sandbox refuses to run as root
    command += ["--virtual-time-budget=10000", "--dump-dom", url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)  # noqa: S603
    return result.stdout


@pytest.mark.skipif(
    BROWSER is None, reason="no headless Chromium (Debian: apt-get install chromium-headless-shell)"
)
def test_in_a_browser_the_hint_shows_until_a_token_is_given(
    server: LiveServer, tmp_path: Path
) -> None:
    """GraphiQL runs under the page's CSP; the hint is shown without a token (with this
    server's own address), hidden with one, and shown again when the token is refused."""
    address = f"{server.base_url}/graphql"
    cases = {
        "none": ("", False, "No token"),
        "valid": (f"#token={server.token('demo-imdi-admin')}", True, "No token"),
        "refused": ("#token=not.a.token", False, "The token was refused (401)"),
    }
    for case, (fragment, hidden, title) in cases.items():
        dom = rendered(address + fragment, tmp_path / case)
        assert 'class="graphiql-container' in dom, f"{case}: GraphiQL did not render"
        hint = _LoginHint()
        hint.feed(dom)
        assert hint.hidden is hidden, case
        assert f"{address}#token=<token>" in hint.text, case
        assert hint.text.strip().startswith(title), case
