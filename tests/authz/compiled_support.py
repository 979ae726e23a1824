"""Running one document through the compiled and the standard execution, in-process, on the
world's database, and what to compare: the data, the errors (message, path, locations, code, in
order), the innsynslogg rows, and which execution ran."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from authz.principal import Principal, load_principal
from models import Innsynslogg
from resolvers.compiled.run import COMPILER
from schema import schema
from schema.context import Context


class _Request:
    def __init__(self) -> None:
        self.scope: dict[str, Any] = {"state": {}}


@dataclass(frozen=True)
class Outcome:
    data: Any
    errors: list[tuple[Any, ...]]
    logged: list[tuple[Any, ...]]
    execution: str | None


class Runner:
    """One event loop and one engine for the examples of a test."""

    def __init__(self, url: str) -> None:
        from app.db import make_engine

        self.loop = asyncio.new_event_loop()
        self.engine: AsyncEngine = make_engine(url, pool_size=2)
        self.principals: dict[str, Principal] = {}
        self.counter = 0

    def close(self) -> None:
        self.loop.run_until_complete(self.engine.dispose())
        self.loop.close()

    def principal(self, subject: str) -> Principal:
        if subject not in self.principals:

            async def load() -> Principal:
                async with self.engine.connect() as connection:
                    return await load_principal(connection, subject)

            self.principals[subject] = self.loop.run_until_complete(load())
        return self.principals[subject]

    def outcome(
        self, subject: str, query: str, variables: dict[str, Any], *, compiled: bool
    ) -> Outcome:
        self.counter += 1
        request_id = f"differential-{self.counter}"
        return self.loop.run_until_complete(
            self._outcome(self.principal(subject), query, variables, compiled, request_id)
        )

    async def _outcome(
        self,
        principal: Principal,
        query: str,
        variables: dict[str, Any],
        compiled: bool,
        request_id: str,
    ) -> Outcome:
        request = _Request()
        context = Context(
            request=request,  # type: ignore[arg-type]
            response=None,
            engine=self.engine,
            request_id=request_id,
            principal=principal,
            compiler=COMPILER if compiled else None,
        )
        result = await schema.execute(query, variable_values=variables, context_value=context)
        errors = [
            (
                error.message,
                error.path,
                [(location.line, location.column) for location in error.locations or ()],
                (error.extensions or {}).get("code"),
            )
            for error in result.errors or ()
        ]
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                select(
                    Innsynslogg.bruker_id,
                    Innsynslogg.klient_id,
                    Innsynslogg.organisasjon_id,
                    Innsynslogg.person_id,
                    Innsynslogg.seksjon,
                ).where(Innsynslogg.request_id == request_id)
            )
            logged = sorted(tuple(row) for row in rows)
        return Outcome(result.data, errors, logged, request.scope["state"].get("execution"))

    def both(self, subject: str, query: str, variables: dict[str, Any]) -> tuple[Outcome, Outcome]:
        """(compiled, standard)."""
        return (
            self.outcome(subject, query, variables, compiled=True),
            self.outcome(subject, query, variables, compiled=False),
        )


def same(compiled: Outcome, standard: Outcome) -> bool:
    return (compiled.data, compiled.errors, compiled.logged) == (
        standard.data,
        standard.errors,
        standard.logged,
    )


async def add_varied_person(engine: AsyncEngine, index: int) -> str:
    """A person bosatt in the world's kommune whose data the demo data never has: an empty
    mellomnavn, quotes, control characters and non-ASCII in texts, hendelser with and without
    microseconds and at the same instant, a morsmål that is not the first language, several
    entries of every kompetanse list, talks on the same day. Returns the DUF-nr."""
    from datetime import UTC, date, datetime

    from sqlalchemy import insert

    from models import (
        Bosettingsmerknad,
        Bruker,
        Hendelse,
        HendelsePerson,
        Karriereveiledning,
        Kompetanse,
        Organisasjon,
        Person,
        PersonBosettingsinfo,
        PersonHelse,
        PersonKompetanseMerknad,
        PersonKontakt,
        PersonSosial,
        Sprak,
        Utsoking,
        VeiledendeTilknytning,
    )
    from tests.authz.world import K, _person_values

    tricky = 'O\'Brien "Q" \\ \t\n\u2713 æøå \u0001'
    async with engine.begin() as connection:
        imdi_user = await connection.scalar(
            select(Bruker.id).where(Bruker.subject == "demo-imdi-saksbehandler")
        )
        k_org = await connection.scalar(
            select(Organisasjon.id).where(Organisasjon.kommunenummer == K)
        )
        values = _person_values(
            index, "Åsmund-Varié", date(2012, 2, 29), f"98{index:08d}", mellomnavn=""
        )
        person_id = await connection.scalar(insert(Person).values(**values).returning(Person.id))
        await connection.execute(
            insert(Utsoking).values(
                person_id=person_id,
                kommunenummer=K,
                sokt_ut_dato=date(2026, 1, 5),
                bosettingsdato=date(2026, 2, 5),
                aktiv=True,
            )
        )
        await connection.execute(
            insert(PersonKontakt).values(
                person_id=person_id, adresse=tricky, postnummer="0150", kilde="UDI"
            )
        )
        await connection.execute(
            insert(PersonBosettingsinfo).values(
                person_id=person_id,
                bindende_tilknytning="STUDIEPLASS",
                bindende_tilknytning_kommune=K,
                kilde="SESAM",
            )
        )
        # Two sources' merknader, and criteria whose priorities are not in insertion order.
        for kilde, tekst in (("SESAM", tricky), ("IMDI", f"IMDi: {tricky}")):
            await connection.execute(
                insert(Bosettingsmerknad).values(
                    person_id=person_id, kilde=kilde, tekst=tekst, registrert=date(2026, 1, 2)
                )
            )
        for prioritet, kriterium, kommune, beskrivelse in (
            (2, "ARBEIDSTILBUD", K, tricky),
            (1, "NAER_FAMILIE", None, None),
            (2, "ANNET", None, ""),
        ):
            await connection.execute(
                insert(VeiledendeTilknytning).values(
                    person_id=person_id,
                    kriterium=kriterium,
                    prioritet=prioritet,
                    kommunenummer=kommune,
                    beskrivelse=beskrivelse,
                    kilde="IMDI",
                    registrert=date(2026, 1, 3),
                )
            )
        await connection.execute(
            insert(PersonHelse).values(
                person_id=person_id, svangerskap="ja", termin=date(2027, 1, 31), kilde="IMDI"
            )
        )
        await connection.execute(
            insert(PersonSosial).values(person_id=person_id, tekst=tricky, kilde="IMDI")
        )
        for sprak, morsmal in (("engelsk", False), ("arabisk", False), ("tigrinja", True)):
            await connection.execute(
                insert(Sprak).values(
                    person_id=person_id,
                    sprak=sprak,
                    morsmal=morsmal,
                    tale="GODT",
                    lese="MIDDELS",
                    skrive="DARLIG",
                    kilde="SELVREG",
                    registrert=date(2026, 1, 1),
                )
            )
        for number, kind in enumerate(
            ("YRKE", "YRKESONSKE", "UTDANNING", "ANNEN_FERDIGHET", "INTERESSE") * 2
        ):
            await connection.execute(
                insert(Kompetanse).values(
                    person_id=person_id,
                    type=kind,
                    tittel=f"{kind} {number} {tricky}",
                    land="SYR" if number % 2 else None,
                    fra_ar=2000 + number,
                    antall_ar=number or None,
                    fullfort=(number % 3 == 0) if kind == "UTDANNING" else None,
                    kilde="SELVREG",
                    registrert=date(2026, 1, 1 + number),
                    # as typed: tricky text, an empty value, missing keys, and none at all
                    selvreg_grunndata=None
                    if number % 4 == 3
                    else {"tittel": f"{tricky} ", "land": "", "fraAr": f"ca. {number}"}
                    | ({"sprak": "Arabisk", "fullfort": "ja"} if number % 2 else {}),
                )
            )
        await connection.execute(
            insert(PersonKompetanseMerknad).values(
                person_id=person_id,
                utdanningsmerknad=tricky,
                om_registreringen="Selvreg",
                registreringsdato=date(2026, 1, 1),
                registreringskilde="SELVREG",
            )
        )
        for dato in (date(2026, 2, 1), date(2026, 2, 1), date(2026, 3, 1)):
            await connection.execute(
                insert(Karriereveiledning).values(
                    person_id=person_id, dato=dato, veileder="V", notat=tricky, kilde="IMDI"
                )
            )
        stamps = (
            datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC),
            datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC),
            datetime(2026, 3, 1, 12, 0, 0, 100000, tzinfo=UTC),
            datetime(2026, 3, 2, 8, 30, tzinfo=UTC),
            datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
            datetime(2026, 11, 2, 0, 0, 0, 1, tzinfo=UTC),
        )
        for number, stamp in enumerate(stamps):
            hendelse_id = await connection.scalar(
                insert(Hendelse)
                .values(
                    type="NOTAT" if number % 2 else "SYSTEMHENDELSE",
                    omrade=("PERSON", "BOSETTING", "FORDELING")[number % 3],
                    kommunenummer=K if number % 2 else None,
                    tittel=f"Hendelse {number} {tricky}",
                    tekst=tricky if number % 3 else None,
                    detaljer={"n": number, "tekst": tricky, "liste": [1, None, {"a": "ø"}]},
                    opprettet_av=imdi_user if number % 2 else None,
                    organisasjon_id=k_org if number % 2 else None,
                    tidspunkt=stamp,
                )
                .returning(Hendelse.id)
            )
            await connection.execute(
                insert(HendelsePerson).values(hendelse_id=hendelse_id, person_id=person_id)
            )
    return str(values["duf_nr"])


async def fill_personlister(engine: AsyncEngine) -> None:
    """Every user without a personliste one of ten of the world's persons (a different ten, in
    a different order, each), whether it may read them or not: the list shows those it may."""
    from sqlalchemy import text

    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO personliste (bruker_id, plass, person_id)"
                " SELECT b.id, valgt.plass, valgt.id FROM bruker b CROSS JOIN LATERAL"
                " (SELECT p.id, row_number() OVER (ORDER BY md5(b.id || '-' || p.id)) AS plass"
                "  FROM person p WHERE p.duf_nr LIKE '2026990%'"
                "  ORDER BY md5(b.id || '-' || p.id) LIMIT 10) valgt"
                " WHERE NOT EXISTS (SELECT FROM personliste l WHERE l.bruker_id = b.id)"
            )
        )


async def add_bestemte_personer(engine: AsyncEngine, kommune: str, annen: str) -> None:
    """An innmelding of bestemte personer for each of the world's persons: to ``kommune``, in
    every status, and one more of every third to ``annen``; who reads which innmelding, and
    which person each shows, differ by caller."""
    from sqlalchemy import text

    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO innmelding (kommunenummer, type, status, behandlende_organisasjon,"
                " person_id, tilknytning, familie_kommentar, opprettet, avslag_begrunnelse,"
                " avslatt, kansellert_begrunnelse, kansellert)"
                " SELECT CASE WHEN k.annen THEN :annen ELSE :kommune END, 'BESTEMTE_PERSONER',"
                " s.status, 'IMDI', p.id,"
                " (ARRAY['NAER_FAMILIE', 'ARBEIDSKONTRAKT', 'STUDIEPLASS'])[1 + p.id % 3],"
                " 'Verdi ' || p.etternavn, s.tid,"
                " CASE WHEN s.status = 'AVSLATT' THEN 'Ingen plass' END,"
                " CASE WHEN s.status = 'AVSLATT' THEN s.tid END,"
                " CASE WHEN s.status = 'KANSELLERT' THEN 'Flyttet' END,"
                " CASE WHEN s.status = 'KANSELLERT' THEN s.tid END"
                " FROM person p CROSS JOIN (VALUES (false), (true)) AS k(annen)"
                " CROSS JOIN LATERAL (SELECT (ARRAY['VENTER_PA_BEHANDLING', 'SAKSBEHANDLES',"
                "  'FERDIGBEHANDLET', 'AVSLATT', 'KANSELLERT'])[1 + p.id % 5] AS status,"
                "  timestamptz '2026-06-01 12:00+00' + p.id * interval '1h' AS tid) s"
                " WHERE p.duf_nr LIKE '2026990%' AND (NOT k.annen OR p.id % 3 = 0)"
            ),
            {"kommune": kommune, "annen": annen},
        )
