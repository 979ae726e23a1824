"""Utskrift: the three PDF documents over HTTP, authorized and access-logged as the GraphQL
fields they print; read back by extracting the PDF's text."""

from __future__ import annotations

import io

import httpx
import pytest
from pypdf import PdfReader

from tests.http.machine_clients import (
    BOSETTINGSDATO_SCOPE,
    BUFETAT_ORGNR,
    BUFETAT_SCOPE,
    MOTTAK_ORGNR,
    machine_token,
)
from tests.support import LiveServer, sql_rows

SORTLAND_PERSON = """SELECT p.duf_nr FROM utsoking u JOIN person p ON p.id = u.person_id
    JOIN person_helse h ON h.person_id = p.id
    WHERE u.aktiv AND u.kommunenummer = '1870' AND h.bosettingsrelevant_helseinfo IS NOT NULL
      AND EXISTS (SELECT 1 FROM sprak s WHERE s.person_id = p.id)
    ORDER BY p.id LIMIT 1"""
"""Søkt ut to or bosatt in Sortland (1870), with health needs and languages."""


@pytest.fixture(scope="module")
def sortland(shared_db: str) -> str:
    [(duf_nr,)] = sql_rows(shared_db, SORTLAND_PERSON)
    return str(duf_nr)


def fetch(
    client: httpx.Client, server: LiveServer, subject: str, dokument: str, duf_nr: str
) -> httpx.Response:
    return client.get(
        f"/utskrift/{dokument}/{duf_nr}.pdf",
        headers={"Authorization": f"Bearer {server.token(subject)}"},
    )


def pdf_text(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def logged(shared_db: str, response: httpx.Response) -> set[str]:
    rows = sql_rows(
        shared_db,
        "SELECT seksjon::text FROM innsynslogg WHERE request_id = :r",
        r=response.headers["x-request-id"],
    )
    return {row[0] for row in rows}


def test_kartleggingsinformasjon_prints_everything_and_logs_each_section(
    client: httpx.Client, server: LiveServer, shared_db: str, sortland: str
) -> None:
    response = fetch(client, server, "demo-1870-bosetter-les", "kartleggingsinformasjon", sortland)
    content = pdf_text(response)
    [(navn, helse)] = sql_rows(
        shared_db,
        "SELECT concat_ws(' ', p.fornavn, p.mellomnavn, p.etternavn),"
        " h.bosettingsrelevant_helseinfo FROM person p"
        " JOIN person_helse h ON h.person_id = p.id WHERE p.duf_nr = :d",
        d=sortland,
    )
    assert "Kartleggingsinformasjon" in content
    assert f"{navn}, DUF-nr {sortland}" in content
    assert helse in content.replace("\n", " ")
    for heading in (
        "Grunndata",
        "Fødselsdato",
        "Kjønn",
        "Kontaktinformasjon",
        "Bosettingsinformasjon",
        "Følgeperson",
        "Helseinformasjon",
        "Sosial informasjon",
        "Språk",
        "Yrkesønsker",
        "Karriereveiledning",
        "Taushetsbelagt",
    ):
        assert heading in content, heading
    assert logged(shared_db, response) == {
        "KONTAKT",
        "BOSETTINGSINFO",
        "HELSE",
        "SOSIAL",
        "KOMPETANSE",
    }


def test_kompetanse_is_a_cv_and_nothing_more(
    client: httpx.Client, server: LiveServer, shared_db: str, sortland: str
) -> None:
    response = fetch(client, server, "demo-1870-bosetter-les", "kompetanse", sortland)
    content = pdf_text(response)
    sprak = sql_rows(
        shared_db,
        "SELECT s.sprak FROM sprak s JOIN person p ON p.id = s.person_id WHERE p.duf_nr = :d",
        d=sortland,
    )
    assert sprak
    for (name,) in sprak:
        assert name in content
    assert "Helseinformasjon" not in content
    assert "Kontaktinformasjon" not in content
    assert logged(shared_db, response) == {"KOMPETANSE"}


def test_karriereveileders_notat(client: httpx.Client, server: LiveServer, shared_db: str) -> None:
    [(duf, veileder, notat)] = sql_rows(
        shared_db,
        "SELECT p.duf_nr, k.veileder, k.notat FROM karriereveiledning k"
        " JOIN person p ON p.id = k.person_id ORDER BY k.id LIMIT 1",
    )
    response = fetch(client, server, "demo-imdi-saksbehandler", "karriereveileders-notat", duf)
    content = pdf_text(response).replace("\n", " ")
    assert "Karriereveileders notat" in content
    assert veileder in content
    assert " ".join(notat.split()[:6]) in content
    assert "Målsetting" in content
    assert logged(shared_db, response) == {"KOMPETANSE"}


@pytest.mark.parametrize(
    ("subject", "duf_nr", "status"),
    [
        ("demo-1870-anmoder-les", "SORTLAND", 403),  # never the personmappe
        ("demo-0301-bosetter-les", "SORTLAND", 403),  # not in Oslo
        ("demo-analytiker", "SORTLAND", 404),  # no person at all
        ("demo-0301-bosetter-les", "209912319999", 404),
    ],
)
def test_denied_and_missing_print_nothing_and_log_nothing(
    client: httpx.Client,
    server: LiveServer,
    shared_db: str,
    sortland: str,
    subject: str,
    duf_nr: str,
    status: int,
) -> None:
    duf_nr = sortland if duf_nr == "SORTLAND" else duf_nr
    for dokument in ("kartleggingsinformasjon", "kompetanse", "karriereveileders-notat"):
        response = fetch(client, server, subject, dokument, duf_nr)
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/json")
        assert logged(shared_db, response) == set()


def test_bad_requests(client: httpx.Client, server: LiveServer, sortland: str) -> None:
    assert client.get(f"/utskrift/kompetanse/{sortland}.pdf").status_code == 401
    bad = fetch(client, server, "demo-1870-bosetter-les", "kompetanse", "2022")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["message"] == "dufNr: must be 12 digits"
    unknown = fetch(client, server, "demo-1870-bosetter-les", "cv", sortland)
    assert unknown.status_code == 404
    assert "kartleggingsinformasjon" in unknown.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("client_id", "orgnr", "scope"),
    [
        ("demo-mottak-system", MOTTAK_ORGNR, BOSETTINGSDATO_SCOPE),  # reads no person
        ("demo-bufetat-system", BUFETAT_ORGNR, BUFETAT_SCOPE),  # an adult: not EM under 15
    ],
)
def test_a_client_that_sees_nothing_of_the_person_gets_what_no_person_gets(
    client: httpx.Client, server: LiveServer, sortland: str, client_id: str, orgnr: str, scope: str
) -> None:
    """DOMAIN.md "Integrations": a refusal never tells an existing person from none."""
    token = machine_token(server, client_id, orgnr, scope)
    answers = [
        client.get(
            f"/utskrift/kompetanse/{duf_nr}.pdf", headers={"Authorization": f"Bearer {token}"}
        )
        for duf_nr in (sortland, "209912319999")
    ]
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].json() == answers[1].json()
