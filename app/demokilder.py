"""Demo persons that come in through the source systems' own writes (issue 16, part 5): a
family created by UDB, completed by its mottak's SESAM, by Selvreg and by an IMDi case worker,
by the same workflow steps their mutations run, as the demo users of each source. The rest of
the demo data is written by the generator directly (``demodata/``)."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from authz.policy import Handling, kan
from authz.principal import AuthenticationError, load_principal
from demodata.ids import personnummer
from models.enums import (
    Botilbud,
    Familierolle,
    Ferdighetsniva,
    Kildestatus,
    Kjonn,
    KompetanseType,
    Sakstype,
)
from models.identifikatorer import duf_nr
from resolvers.workflows import imdi_personmappe, selvreg, sesam, udb
from resolvers.workflows.kilder import Resultat
from resolvers.workflows.kompetanse import Kompetanseendring, Oppforing, Sprakoppforing
from resolvers.workflows.tx import Tx

MOTTAK = "Hvalstad asylmottak"
MOR = duf_nr(2026, 880001)
BARN = duf_nr(2026, 880002)
"""The family's DUF-numbers (the generator's serials stay far below)."""

Levering = Callable[[Tx], Awaitable[tuple[list[Resultat], bool]]]


class ManglerDemobruker(Exception):
    """A source's demo user is not there (a database seeded by an older version)."""


def _udb(today: date) -> list[udb.UdbPerson]:
    born, child_born = date(1991, 2, 14), date(2016, 9, 3)
    felles: dict[str, Any] = {
        "nasjonalitet": "SYR",
        "registreringsnummer": "88000001",
        "sakstype": Sakstype.ASYL,
        "enslig_mindrearig": False,
        "botilbud": Botilbud.MOTTAK,
        "mottak": MOTTAK,
        "vedtak_opphold_dato": date(2026, 9, 1),
        "bosettingsklar_dato": min(date(2026, 10, 1), today),
        "morsmal": "arabisk",
    }
    return [
        udb.UdbPerson(
            duf_nr=MOR,
            fornavn="Rania",
            etternavn="Kildeveien",
            fodselsdato=born,
            kjonn=Kjonn.KVINNE,
            familierolle=Familierolle.HOVEDPERSON,
            personnummer=personnummer(born, random.Random(880001), d_nummer=True),
            sivilstand="enke",
            **felles,
        ),
        udb.UdbPerson(
            duf_nr=BARN,
            fornavn="Yusuf",
            etternavn="Kildeveien",
            fodselsdato=child_born,
            kjonn=Kjonn.MANN,
            familierolle=Familierolle.BARN,
            personnummer=personnummer(child_born, random.Random(880002), d_nummer=True),
            **felles,
        ),
    ]


def _leveringer(today: date) -> list[tuple[str, Handling, Levering]]:
    """(the demo user, the step its mutation takes, the delivery), in order."""
    arabisk = Sprakoppforing(
        "arabisk", Ferdighetsniva.GODT, Ferdighetsniva.GODT, Ferdighetsniva.GODT, morsmal=True
    )
    engelsk = Sprakoppforing(
        "engelsk", Ferdighetsniva.MIDDELS, Ferdighetsniva.MIDDELS, Ferdighetsniva.DARLIG
    )
    return [
        (
            "demo-udi-integrasjon",
            Handling.SKRIVE_UDB,
            lambda tx: udb.personer(tx, _udb(today), "demo-udb-1"),
        ),
        (
            "demo-mottak-integrasjon",
            Handling.SKRIVE_SESAM,
            lambda tx: sesam.personer(
                tx,
                [
                    sesam.SesamPerson(
                        duf_nr=MOR,
                        kontaktinformasjon=sesam.SesamKontakt(
                            adresse="Mottaksveien 1",
                            postnummer="1391",
                            poststed="Vollen",
                            telefon="+47 40000123",
                        ),
                        bosettingsmerknad="Ønsker å bo nær sønnens fotballklubb.",
                        bosettingsrelevant_helseinfo="Sønnen har astma: bolig uten fukt.",
                    )
                ],
                "demo-sesam-1",
            ),
        ),
        (
            "demo-selvreg-integrasjon",
            Handling.SKRIVE_SELVREG,
            lambda tx: selvreg.personer(
                tx,
                [
                    selvreg.SelvregPerson(
                        duf_nr=MOR,
                        kompetanse=Kompetanseendring(
                            sprak=[arabisk, engelsk],
                            kompetanse=[
                                Oppforing(
                                    "selvreg-880001-1",
                                    KompetanseType.YRKE,
                                    "Sykepleier",
                                    land="SYR",
                                    fra_ar=2012,
                                    til_ar=2019,
                                    antall_ar=7,
                                    som_skrevet={
                                        "tittel": "sykepleier",
                                        "land": "Syria",
                                        "fraAr": "2012",
                                        "tilAr": "2019",
                                        "sprak": "arabisk",
                                    },
                                ),
                                Oppforing(
                                    "selvreg-880001-2",
                                    KompetanseType.UTDANNING,
                                    "Bachelor i sykepleie",
                                    land="SYR",
                                    fra_ar=2008,
                                    til_ar=2012,
                                    fullfort=True,
                                    som_skrevet={
                                        "tittel": "bachelor nursing Damascus",
                                        "fullfort": "ja",
                                        "sprak": "arabisk",
                                    },
                                ),
                                Oppforing(
                                    "selvreg-880001-3",
                                    KompetanseType.YRKESONSKE,
                                    "Sykepleier",
                                    som_skrevet={"tittel": "jobbe som sykepleier"},
                                ),
                            ],
                        ),
                    )
                ],
                "demo-selvreg-1",
            ),
        ),
        (
            "demo-imdi-saksbehandler",
            Handling.SKRIVE_PERSONMAPPE,
            lambda tx: imdi_personmappe.personmappe(
                tx,
                imdi_personmappe.ImdiPersonmappe(
                    duf_nr=MOR,
                    sosial_informasjon="Alene med sønnen; nettverk i Bergen.",
                    karriereveiledning=imdi_personmappe.Samtale(
                        dato=min(date(2026, 11, 2), today),
                        notat="Vil godkjenne sykepleierutdanningen; henvist til HK-dir.",
                        malsetting="Autorisasjon som sykepleier",
                    ),
                    kompetanse=Kompetanseendring(
                        kompetanse=[
                            Oppforing(
                                "imdi-880001-1",
                                KompetanseType.ANNEN_FERDIGHET,
                                "Tolk",
                                beskrivelse="Frivillig tolk på mottaket",
                            ),
                        ]
                    ),
                ),
                "demo-imdi-1",
            ),
        ),
    ]


async def gjennom_kildene(engine: AsyncEngine, now: datetime | None = None) -> int:
    """Deliver the demo family through each source in turn, each delivery in a transaction of
    its own as its demo user; a delivery made before answers as before. How many persons the
    deliveries wrote (created or changed)."""
    now = now or datetime.now(UTC)
    today = now.date()
    written = 0
    for subject, handling, levering in _leveringer(today):
        async with engine.begin() as connection:
            try:
                principal = await load_principal(connection, subject)
            except AuthenticationError as error:
                raise ManglerDemobruker(f"no active demo user {subject}") from error
            if not kan(principal, handling):
                raise RuntimeError(f"demo user {subject} may not take {handling.value}")
            resultater, gjentatt = await levering(Tx(connection, principal, now, today))
        refused = [r for r in resultater if r.status == Kildestatus.AVVIST]
        if refused:
            raise RuntimeError(f"{subject}: demo delivery refused: {refused[0].feil}")
        if not gjentatt:
            written += sum(
                1 for r in resultater if r.status in (Kildestatus.OPPRETTET, Kildestatus.ENDRET)
            )
    return written
