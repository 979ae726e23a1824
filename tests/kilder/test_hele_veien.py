"""Issue 16, done when: through /graphql with the demo clients' tokens, a family created by UDB,
completed by SESAM, Selvreg and an IMDi case worker, put on a fordeling and accepted by the
kommune; the letters go out (PDFs in the file channel's folder, in ``brev``, the e-mail at the
test's SMTP server), the mottak's feed shows the utsøking with its week, and the personmappe
reads back as every source wrote it."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from demodata.ids import personnummer
from tests.fordeling.support import (
    BEKREFT,
    BOSETTER,
    IMDI,
    OPPRETT,
    READ,
    SEND,
    SVAR,
    TID,
    payload,
    row_of,
    scalar,
)
from tests.http.machine_clients import (
    HENDELSESFEED_SCOPE,
    MOTTAK_ORGNR,
    SELVREG_ORGNR,
    SELVREG_SCOPE,
    as_machine,
)
from tests.kilder.support import SKRIV as UDB_SKRIV
from tests.kilder.support import UDI_ORGNR_SQL, person
from tests.support import Api, live_server
from tests.utsending.support import med_epost, smtp_server, vent_til

SESAM_SKRIV = """mutation($p: [SesamPersonInput!]!, $k: String!) { sesamPersoner(personer: $p,
  idempotensnokkel: $k) { resultater { dufNr status feil { field code } } } }"""
SELVREG_SKRIV = """mutation($p: [SelvregPersonInput!]!, $k: String!) { selvregPersoner(
  personer: $p, idempotensnokkel: $k) { resultater { dufNr status feil { field code } } } }"""
IMDI_SKRIV = """mutation($d: String!, $k: String!, $s: String, $ko: [KompetanseInput!]) {
  oppdaterPersonmappe(dufNr: $d, idempotensnokkel: $k, sosialInformasjon: $s, kompetanse: $ko,
  karriereveiledning: { dato: "2026-01-05", notat: "Vil bli sykepleier" }) {
  resultater { status feil { field code } } } }"""
FEED = """query($etter: Int!) { hendelsesfeed(first: 100, etter: $etter) {
  type dufNr kommunenummer forventetBosetting forventetBosettingUke } }"""
PERSONMAPPE = """query($d: String!) { person(dufNr: $d) { navn bosettingsstatus
  grunndataDetaljer { mottak }
  kontaktinformasjon { telefon kilde }
  helseinformasjon { bosettingsrelevantHelseinfo kilde }
  sosialInformasjon { tekst kilde }
  kompetanse { sprak { sprak kilde } yrker { nokkel tittel kilde selvregGrunndata { tittel } }
    interesser { nokkel tittel kilde } karriereveiledning { notat } } } }"""
BREV = """{ kommune(nummer: "4601") { brev(first: 10) { edges { node {
  mal status tilPerson pdf } } } } }"""


def ok(body: dict[str, Any], field: str) -> list[tuple[str, str]]:
    assert "errors" not in body, body
    return [(r.get("dufNr", ""), r["status"]) for r in body["data"][field]["resultater"]]


async def test_a_family_from_every_source_to_its_letters_and_the_feed(
    fresh_db: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    await med_epost(engine, "4601")
    brev_dir = tmp_path / "brev"
    child_birth = date(2015, 3, 2)
    mor = person(61, bosettingsklarDato=date.today().isoformat())
    barn = person(
        62,
        fornavn="Lina",
        fodselsdato=child_birth.isoformat(),
        registreringsnummer=mor["registreringsnummer"],
        familierolle="BARN",
        personnummer=personnummer(child_birth, random.Random(62), d_nummer=True),
        bosettingsklarDato=date.today().isoformat(),
    )
    d, c = mor["dufNr"], barn["dufNr"]
    with (
        smtp_server() as (url, postkasse),
        live_server(
            fresh_db, tmp_path, utsending="inprocess", smtp_url=url, brev_dir=brev_dir
        ) as live,
        httpx.Client(base_url=live.base_url, timeout=30) as http,
    ):
        api = Api(live, http)
        udi_orgnr = str(await scalar(engine, UDI_ORGNR_SQL))
        udb = ("demo-udi-system", udi_orgnr, "imdi:bosetting.udb")
        sesam = ("demo-mottak-system", MOTTAK_ORGNR, "imdi:bosetting.sesam")
        selvreg = ("demo-selvreg-system", SELVREG_ORGNR, SELVREG_SCOPE)
        feed = ("demo-mottak-system", MOTTAK_ORGNR, HENDELSESFEED_SCOPE)

        # 1. UDB creates the family; SESAM, Selvreg and IMDi's case worker complete it.
        body = await as_machine(api, udb, UDB_SKRIV, p=[mor, barn], k="hele-veien-udb")
        assert ok(body, "udbPersoner") == [(d, "OPPRETTET"), (c, "OPPRETTET")]
        body = await as_machine(
            api,
            sesam,
            SESAM_SKRIV,
            p=[
                {
                    "dufNr": d,
                    "kontaktinformasjon": {"telefon": "+47 40000001"},
                    "bosettingsrelevantHelseinfo": "Trenger bolig uten trapper",
                }
            ],
            k="hele-veien-sesam",
        )
        assert ok(body, "sesamPersoner") == [(d, "ENDRET")]
        yrke = {
            "nokkel": "sr-61-1",
            "type": "YRKE",
            "tittel": "Sykepleier",
            "land": "SYR",
            "somSkrevet": {"tittel": "sykepleier"},
        }
        arabisk = {"sprak": "arabisk", "tale": "GODT", "lese": "GODT", "skrive": "GODT"}
        body = await as_machine(
            api,
            selvreg,
            SELVREG_SKRIV,
            p=[{"dufNr": d, "sprak": [arabisk], "kompetanse": [yrke]}],
            k="hele-veien-selvreg",
        )
        assert ok(body, "selvregPersoner") == [(d, "ENDRET")]
        interesse = {"nokkel": "imdi-61-1", "type": "INTERESSE", "tittel": "Fotball"}
        body = await api(
            IMDI, IMDI_SKRIV, d=d, k="hele-veien-imdi", s="Alenemor med ett barn", ko=[interesse]
        )
        assert ok(body, "oppdaterPersonmappe") == [("", "ENDRET")]

        # 2. IMDi puts the family on a fordeling to 4601; the kommune accepts it.
        created = payload(
            await api(
                IMDI,
                OPPRETT,
                input={"kommunenummer": "4601", "personer": [{"dufNr": d}, {"dufNr": c}]},
            ),
            "opprettFordeling",
        )
        assert created["feil"] == []
        fordeling_id = created["fordeling"]["id"]
        assert payload(await api(IMDI, SEND, id=fordeling_id), "sendFordeling")["feil"] == []
        current = (await api(BOSETTER, READ, id=fordeling_id))["data"]["fordeling"]
        forventet = date.today() + timedelta(days=30)
        for duf in (d, c):
            done = payload(
                await api(
                    BOSETTER, TID, rad=row_of(current, duf)["id"], dato=forventet.isoformat()
                ),
                "settForventetBosetting",
            )
            assert done["feil"] == []
        confirmed = payload(
            await api(BOSETTER, BEKREFT, id=fordeling_id, v=done["fordeling"]["versjon"]),
            "bekreftFordeling",
        )
        assert confirmed["feil"] == []
        sent = payload(
            await api(
                BOSETTER,
                SVAR,
                id=fordeling_id,
                v=confirmed["fordeling"]["versjon"],
                k="hele-veien-svar-01",
            ),
            "sendFordelingssvar",
        )
        assert sent["feil"] == []

        # 3. The letters: the kommune's and one to each person, delivered by the server.
        await vent_til(engine, "SELECT count(*) = 3 FROM utboks WHERE sendt IS NOT NULL")
        letters = [
            edge["node"] for edge in (await api(BOSETTER, BREV))["data"]["kommune"]["brev"]["edges"]
        ]
        # 4. The mottak's feed: both residents søkt ut to 4601, with the week.
        events = await as_machine(api, feed, FEED, etter=0)
        # 5. The personmappe as every source wrote it, read by the kommune it now belongs to.
        mappe = (await api(BOSETTER, PERSONMAPPE, d=d))["data"]["person"]

    assert sorted((n["mal"], n["status"], n["tilPerson"]) for n in letters) == [
        ("BOSETTING_AV_FLYKTNINGER", "SENDT", False),
        ("VEDTAK_OM_BOSETTINGSKOMMUNE", "SENDT", True),
        ("VEDTAK_OM_BOSETTINGSKOMMUNE", "SENDT", True),
    ]
    assert all(n["pdf"] for n in letters)
    pdfs = sorted(brev_dir.glob("brev-*.pdf"))
    assert len(pdfs) == 3
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    assert len(list(brev_dir.glob("brev-*.json"))) == 3
    [melding] = postkasse.meldinger
    assert melding["Subject"] == "Nytt brev fra IMDi: Bosetting av flyktninger"
    year, week, _ = forventet.isocalendar()
    assert "errors" not in events, events
    assert sorted(
        (e["type"], e["dufNr"], e["kommunenummer"], e["forventetBosettingUke"])
        for e in events["data"]["hendelsesfeed"]
    ) == sorted(("SOKT_UT", duf, "4601", f"{year}-W{week:02d}") for duf in (d, c))
    assert mappe["bosettingsstatus"] == "SOKT_UT"
    assert mappe["grunndataDetaljer"] == {"mottak": "Hvalstad asylmottak"}
    assert mappe["kontaktinformasjon"] == {"telefon": "+47 40000001", "kilde": "SESAM"}
    assert mappe["helseinformasjon"] == {
        "bosettingsrelevantHelseinfo": "Trenger bolig uten trapper",
        "kilde": "SESAM",
    }
    assert mappe["sosialInformasjon"] == {"tekst": "Alenemor med ett barn", "kilde": "IMDI"}
    kompetanse = mappe["kompetanse"]
    assert kompetanse["sprak"] == [{"sprak": "arabisk", "kilde": "SELVREG"}]
    assert kompetanse["yrker"] == [
        {
            "nokkel": "sr-61-1",
            "tittel": "Sykepleier",
            "kilde": "SELVREG",
            "selvregGrunndata": {"tittel": "sykepleier"},
        }
    ]
    assert kompetanse["interesser"] == [
        {"nokkel": "imdi-61-1", "tittel": "Fotball", "kilde": "IMDI"}
    ]
    assert kompetanse["karriereveiledning"] == [{"notat": "Vil bli sykepleier"}]
