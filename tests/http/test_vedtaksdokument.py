"""The kommunestyre's decision as a PDF on an anmodning (issue 15, item 7): the kommune's
Anmoder_Skriv uploads it, size- and type-checked; whoever reads the anmodning reads it back,
byte for byte; nobody else, and "not yours" reads as "none"."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.support import Api, live_server

IMDI = "demo-imdi-saksbehandler"
SKRIV = "demo-5501-anmoder-skriv"
LES = "demo-5501-anmoder-les"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SEND = """mutation($input: SendAnmodningInput!) { sendAnmodning(input: $input) {
  anmodninger { id } feil { code } } }"""
LES_DOKUMENT = """query($id: ID!) { anmodning(id: $id) {
  vedtaksdokument { filnavn storrelse sha256 lastetOpp lastetOppAv url }
  hendelser { tittel tekst } } }"""


async def anmodning(api: Api, kommune: str = "5501") -> str:
    body = await api(
        IMDI,
        SEND,
        input={
            "kommunenummer": [kommune],
            "svarfrist": (date.today() + timedelta(days=30)).isoformat(),
            "tall": [{"ar": date.today().year + 1, "kategori": "EM_15_18", "antall": 2}],
        },
    )
    return str(body["data"]["sendAnmodning"]["anmodninger"][0]["id"])


async def put(
    api: Api, subject: str | None, ident: str, content: bytes, **options: Any
) -> httpx.Response:
    """PUT off the test's event loop (the server runs on its own)."""
    headers = {"Content-Type": options.pop("content_type", "application/pdf")}
    if subject is not None:
        headers["Authorization"] = f"Bearer {api.server.token(subject)}"
    return await asyncio.to_thread(
        api.http.put, f"/vedtaksdokument/{ident}", content=content, headers=headers, **options
    )


async def get(api: Api, subject: str, ident: str) -> httpx.Response:
    return await asyncio.to_thread(
        api.http.get,
        f"/vedtaksdokument/{ident}.pdf",
        headers={"Authorization": f"Bearer {api.server.token(subject)}"},
    )


async def test_uploaded_by_the_kommune_read_back_by_its_readers(api: Api) -> None:
    ident = await anmodning(api)
    uploaded = await put(
        api, SKRIV, ident, PDF, params={"filnavn": "Vedtak i kommunestyret/2026.pdf"}
    )
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json() == {
        "anmodningId": ident,
        "filnavn": "Vedtak i kommunestyret_2026.pdf",
        "storrelse": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }
    for subject in (SKRIV, LES, IMDI):
        read = await get(api, subject, ident)
        assert read.status_code == 200, subject
        assert read.content == PDF
        assert read.headers["content-type"] == "application/pdf"
        assert read.headers["cache-control"] == "no-store"
        assert 'filename="Vedtak i kommunestyret_2026.pdf"' in read.headers["content-disposition"]
    navn = (await api(SKRIV, "query { me { navn } }"))["data"]["me"]["navn"]
    body = await api(LES, LES_DOKUMENT, id=ident)
    assert body["data"]["anmodning"]["vedtaksdokument"] == {
        "filnavn": "Vedtak i kommunestyret_2026.pdf",
        "storrelse": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "lastetOpp": body["data"]["anmodning"]["vedtaksdokument"]["lastetOpp"],
        "lastetOppAv": navn,
        "url": f"/vedtaksdokument/{ident}.pdf",
    }
    assert {"tittel": "Vedtaksdokument lastet opp", "tekst": "Vedtak i kommunestyret_2026.pdf"} in (
        body["data"]["anmodning"]["hendelser"]
    )
    # A new upload replaces it; without a name, the anmodning's.
    again = PDF.replace(b"Catalog", b"Catalog /Lang (no)")
    assert (await put(api, SKRIV, ident, again)).json()["filnavn"] == f"vedtak-{ident}.pdf"
    assert (await get(api, LES, ident)).content == again


async def test_only_the_kommunes_anmoder_skriv_uploads_and_only_readers_read(api: Api) -> None:
    ident = await anmodning(api)
    nothing = await get(api, LES, ident)
    assert nothing.status_code == 404  # none uploaded yet
    assert (await put(api, LES, ident, PDF)).status_code == 403
    assert (await put(api, IMDI, ident, PDF)).status_code == 403
    assert (await put(api, "demo-5501-bosetter-skriv", ident, PDF)).status_code == 403
    other = await put(api, "demo-0301-anmoder-skriv", ident, PDF)
    assert other.status_code == 404  # another kommune's anmodning reads as none
    assert other.json()["errors"][0]["message"] == (
        "anmodningId: no vedtaksdokument on an anmodning you may read"
    )
    assert (await put(api, None, ident, PDF)).status_code == 401
    assert (await put(api, SKRIV, ident, PDF)).status_code == 201
    assert (await get(api, "demo-0301-anmoder-les", ident)).status_code == 404
    assert (await get(api, "demo-5501-bosetter-les", ident)).status_code == 403
    assert (await get(api, "demo-analytiker", ident)).status_code == 403
    assert (await get(api, LES, "12x")).status_code == 400


async def test_only_a_pdf_within_the_size_limit_is_taken(api: Api, tmp_path: Path) -> None:
    ident = await anmodning(api)
    for content, content_type, status, message in (
        (b"hello", "application/pdf", 415, "innhold: not a PDF: a PDF starts with %PDF- and"),
        (PDF, "text/plain", 415, "Content-Type: the document is sent as application/pdf"),
        (b"", "application/pdf", 400, "innhold: the document is empty"),
        (b"%PDF-1.4\nno end", "application/pdf", 415, "innhold: not a PDF"),
    ):
        refused = await put(api, SKRIV, ident, content, content_type=content_type)
        assert refused.status_code == status, content
        assert refused.json()["errors"][0]["message"].startswith(message)
    assert (await put(api, SKRIV, ident, PDF, params={"filnavn": "x" * 201})).status_code == 400
    assert (await get(api, LES, ident)).status_code == 404  # nothing refused was kept
    # The document's own limit, larger than a GraphQL request's, and a setting.
    big = PDF[:-6] + b" " * 1_500_000 + b"%%EOF\n"
    assert (await put(api, SKRIV, ident, big)).status_code == 201  # over BOSETTING_MAX_BODY_BYTES
    assert api.server.settings.database_url is not None
    with (
        live_server(api.server.settings.database_url, tmp_path, max_dokument_bytes=1000) as small,
        httpx.Client(base_url=small.base_url, timeout=30) as http,
    ):
        too_big = await asyncio.to_thread(
            http.put,
            f"/vedtaksdokument/{ident}",
            content=big,
            headers={
                "Content-Type": "application/pdf",
                "Authorization": f"Bearer {small.token(SKRIV)}",
            },
        )
    assert too_big.status_code == 413
    assert too_big.json()["errors"][0]["message"] == (
        "the request body is larger than 1000 bytes (BOSETTING_MAX_DOKUMENT_BYTES)"
    )


def test_logs_and_metrics_name_the_route_not_the_anmodning() -> None:
    from app.observability import Labels

    labels = Labels([], [])
    assert labels.path("/vedtaksdokument/1234.pdf") == "/vedtaksdokument/{anmodningId}"
    assert labels.path("/vedtaksdokument/1234") == "/vedtaksdokument/{anmodningId}"
    assert labels.path("/vedtaksdokument/1/2") == "other"
