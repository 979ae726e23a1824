"""GraphiQL is served from the service itself: the page and every file it loads."""

from __future__ import annotations

import re

import httpx

from app.vendor import ASSETS, sri


def page(client: httpx.Client) -> str:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_the_page_needs_no_token_and_loads_nothing_from_outside(client: httpx.Client) -> None:
    html = page(client)
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(references) == len(ASSETS) + 2  # the vendor files, our script and stylesheet
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
