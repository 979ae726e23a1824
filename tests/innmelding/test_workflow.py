"""The innmelding workflow called directly (resolvers/workflows/innmelding.py), on a connection
whose transaction is rolled back: every kind of innmelding and its rules, who handles it, each
handling step and what it writes, and that an innmelding the caller may not change answers
like one that does not exist. Transport and lists are the HTTP tests' (test_innmelding.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Principal
from models import Hendelse, Innmelding
from models.enums import (
    Bosettingsstatus,
    EmTiltakType,
    InnmeldingStatus,
    InnmeldingType,
    OrganisasjonType,
    Rolle,
    Tilknytning,
)
from models.identifikatorer import duf_nr
from resolvers.workflows import innmelding as workflow
from resolvers.workflows.innmelding import LedigBolig
from resolvers.workflows.rules import ErrorCode
from resolvers.workflows.tx import Tx
from tests.factories import make_innmelding, make_person, make_principal
from tests.workflow_support import (
    ANNEN,
    K,
    Step,
    answers_not_found,
    refusal,
    tx,
    varsler,
)

FRA = date(2026, 8, 1)
VENTER = InnmeldingStatus.VENTER_PA_BEHANDLING
SAKSBEHANDLES = InnmeldingStatus.SAKSBEHANDLES


async def innmelding(connection: AsyncConnection, innmelding_id: int) -> Any:
    return (
        await connection.execute(select(Innmelding).where(Innmelding.id == innmelding_id))
    ).one()


async def hendelser(
    connection: AsyncConnection, innmelding_id: int
) -> list[tuple[str, str | None, int | None]]:
    """(tittel, tekst, author) of the innmelding's systemhendelser, oldest first."""
    rows = await connection.execute(
        select(Hendelse.tittel, Hendelse.tekst, Hendelse.opprettet_av)
        .where(Hendelse.detaljer["innmeldingId"].as_integer() == innmelding_id)
        .order_by(Hendelse.id)
    )
    return [(row.tittel, row.tekst, row.opprettet_av) for row in rows]


async def count(connection: AsyncConnection) -> int:
    return int(await connection.scalar(select(func.count()).select_from(Innmelding)) or 0)


class TestCycle:
    async def test_from_the_kommune_to_a_finished_innmelding(
        self,
        connection: AsyncConnection,
        bosetter: Principal,
        bosetter_les: Principal,
        imdi: Principal,
        bufetat: Principal,
    ) -> None:
        innmelding_id = await workflow.ledig_bolig(
            tx(connection, bosetter),
            LedigBolig(
                InnmeldingType.FAMILIEBOLIG,
                FRA,
                antall_rom=4,
                adresse=" Kongsgata 1 ",
                merknad="  ",
            ),
        )
        row = await innmelding(connection, innmelding_id)
        assert (
            row.kommunenummer,
            row.type,
            row.status,
            row.behandlende_organisasjon,
            row.opprettet_av,
            row.versjon,
            row.adresse,
            row.merknad,
        ) == (
            K,
            InnmeldingType.FAMILIEBOLIG,
            VENTER,
            OrganisasjonType.IMDI,
            bosetter.bruker_id,
            1,
            "Kongsgata 1",
            None,
        )
        told = dict(await varsler(connection, "Innmelding", innmelding_id))
        assert told[imdi.bruker_id] == "Ny innmelding fra kommunen"
        assert bufetat.bruker_id not in told
        assert bosetter.bruker_id not in told

        await workflow.behandle(tx(connection, imdi), innmelding_id)
        row = await innmelding(connection, innmelding_id)
        assert (row.status, row.saksbehandler_id, row.versjon) == (
            SAKSBEHANDLES,
            imdi.bruker_id,
            2,
        )

        await workflow.svar(tx(connection, imdi), innmelding_id, " Vi fordeler en familie ")
        row = await innmelding(connection, innmelding_id)
        assert (row.status, row.svar, row.versjon) == (SAKSBEHANDLES, "Vi fordeler en familie", 3)

        await workflow.ferdigbehandle(tx(connection, imdi), innmelding_id, None)
        row = await innmelding(connection, innmelding_id)
        assert (row.status, row.svar, row.versjon) == (
            InnmeldingStatus.FERDIGBEHANDLET,
            "Vi fordeler en familie",
            4,
        )
        assert row.ferdigbehandlet is not None

        assert await hendelser(connection, innmelding_id) == [
            ("Innmelding sendt", "FAMILIEBOLIG", bosetter.bruker_id),
            ("Innmelding saksbehandles", imdi.navn, imdi.bruker_id),
            ("Svar på innmelding", "Vi fordeler en familie", imdi.bruker_id),
            ("Innmelding ferdigbehandlet", None, imdi.bruker_id),
        ]
        kommune_varsler = [
            (user, tittel)
            for user, tittel in await varsler(connection, "Innmelding", innmelding_id)
            if user in (bosetter.bruker_id, bosetter_les.bruker_id)
        ]
        assert kommune_varsler == [
            (user, tittel)
            for tittel in (
                "Innmelding saksbehandles",
                "Svar på innmelding",
                "Innmelding ferdigbehandlet",
            )
            for user in sorted([bosetter.bruker_id, bosetter_les.bruker_id])
        ]


class TestLedigBolig:
    @pytest.mark.parametrize(
        ("bolig", "expected"),
        [
            (
                LedigBolig(InnmeldingType.BOFELLESSKAP, FRA, antall_plasser=3),
                OrganisasjonType.IMDI,
            ),
            (
                LedigBolig(
                    InnmeldingType.EM_TILTAK,
                    FRA,
                    em_tiltak_type=EmTiltakType.ANNET,
                    merknad="Bofellesskap med vakt",
                ),
                OrganisasjonType.IMDI,
            ),
            (
                LedigBolig(
                    InnmeldingType.EM_TILTAK,
                    FRA,
                    em_tiltak_type=EmTiltakType.FOSTERHJEM,
                    for_em_under_15=True,
                ),
                OrganisasjonType.BUFETAT,
            ),
        ],
        ids=["bofellesskap", "em-annet", "em-under-15"],
    )
    async def test_who_handles_each_kind(
        self,
        connection: AsyncConnection,
        bosetter: Principal,
        imdi: Principal,
        bufetat: Principal,
        bolig: LedigBolig,
        expected: OrganisasjonType,
    ) -> None:
        innmelding_id = await workflow.ledig_bolig(tx(connection, bosetter), bolig)
        row = await innmelding(connection, innmelding_id)
        assert (row.type, row.em_tiltak_type, row.behandlende_organisasjon) == (
            bolig.type,
            bolig.em_tiltak_type,
            expected,
        )
        handler, other = (imdi, bufetat) if expected == OrganisasjonType.IMDI else (bufetat, imdi)
        told = dict(await varsler(connection, "Innmelding", innmelding_id))
        assert told[handler.bruker_id] == "Ny innmelding fra kommunen"
        assert other.bruker_id not in told

    async def test_adapted_housing_is_described(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        innmelding_id = await workflow.ledig_bolig(
            tx(connection, bosetter),
            LedigBolig(
                InnmeldingType.BOFELLESSKAP,
                FRA,
                tilpasset_saerlig_hensyn=True,
                saerlig_hensyn_beskrivelse=" Heis ",
                ledig_til=FRA,
            ),
        )
        row = await innmelding(connection, innmelding_id)
        assert (row.tilpasset_saerlig_hensyn, row.saerlig_hensyn_beskrivelse, row.ledig_til) == (
            True,
            "Heis",
            FRA,
        )

    @pytest.mark.parametrize(
        ("bolig", "field", "code"),
        [
            (
                LedigBolig(InnmeldingType.ANTALL_PLASSER, FRA, antall_plasser=2),
                "type",
                ErrorCode.WRONG_TYPE,
            ),
            (
                LedigBolig(InnmeldingType.BESTEMTE_PERSONER, FRA),
                "type",
                ErrorCode.WRONG_TYPE,
            ),
            (LedigBolig(InnmeldingType.EM_TILTAK, FRA), "emTiltakType", ErrorCode.REQUIRED),
            (
                LedigBolig(
                    InnmeldingType.FAMILIEBOLIG,
                    FRA,
                    antall_rom=2,
                    em_tiltak_type=EmTiltakType.FOSTERHJEM,
                ),
                "emTiltakType",
                ErrorCode.NOT_ALLOWED,
            ),
            (
                LedigBolig(InnmeldingType.BOFELLESSKAP, FRA, for_em_under_15=True),
                "emTiltakType",
                ErrorCode.NOT_ALLOWED,
            ),
            (
                LedigBolig(
                    InnmeldingType.EM_TILTAK, FRA, em_tiltak_type=EmTiltakType.ANNET, merknad=" "
                ),
                "merknad",
                ErrorCode.DESCRIPTION_REQUIRED,
            ),
            (
                LedigBolig(
                    InnmeldingType.BOFELLESSKAP,
                    FRA,
                    tilpasset_saerlig_hensyn=True,
                    saerlig_hensyn_beskrivelse="  ",
                ),
                "saerligHensynBeskrivelse",
                ErrorCode.DESCRIPTION_REQUIRED,
            ),
            (LedigBolig(InnmeldingType.FAMILIEBOLIG, FRA), "antallRom", ErrorCode.REQUIRED),
            (
                LedigBolig(InnmeldingType.FAMILIEBOLIG, FRA, antall_rom=0),
                "antallRom",
                ErrorCode.REQUIRED,
            ),
            (
                LedigBolig(InnmeldingType.BOFELLESSKAP, FRA, antall_plasser=0),
                "antallPlasser",
                ErrorCode.OUT_OF_RANGE,
            ),
            (
                LedigBolig(InnmeldingType.BOFELLESSKAP, FRA, ledig_til=date(2026, 7, 31)),
                "ledigTil",
                ErrorCode.PERIOD_ORDER,
            ),
        ],
        ids=[
            "antall-plasser",
            "bestemte-personer",
            "em-without-kind",
            "kind-not-em",
            "under-15-not-em",
            "annet-undescribed",
            "hensyn-undescribed",
            "no-rooms",
            "zero-rooms",
            "zero-places",
            "until-before-from",
        ],
    )
    async def test_rules(
        self,
        connection: AsyncConnection,
        bosetter: Principal,
        bolig: LedigBolig,
        field: str,
        code: ErrorCode,
    ) -> None:
        before = await count(connection)
        error = await refusal(workflow.ledig_bolig(tx(connection, bosetter), bolig))
        assert (error.field, error.code) == (field, code)
        assert await count(connection) == before


class TestBestemtPerson:
    async def test_a_person_tied_to_the_kommune(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        person = await make_person(connection, status=Bosettingsstatus.IKKE_BOSETTINGSKLAR)
        innmelding_id = await workflow.bestemt_person(
            tx(connection, bosetter),
            workflow.BestemtPerson(
                duf_nr=person.duf_nr,
                tilknytning=Tilknytning.ARBEIDSKONTRAKT,
                familie_kommentar=None,
                merknad=" Starter i august ",
            ),
        )
        row = await innmelding(connection, innmelding_id)
        assert (
            row.type,
            row.person_id,
            row.tilknytning,
            row.merknad,
            row.behandlende_organisasjon,
        ) == (
            InnmeldingType.BESTEMTE_PERSONER,
            person.id,
            Tilknytning.ARBEIDSKONTRAKT,
            "Starter i august",
            OrganisasjonType.IMDI,
        )

    @pytest.mark.parametrize(
        ("fodselsdato", "expected"),
        [
            (date(2011, 3, 17), OrganisasjonType.BUFETAT),
            (date(2011, 3, 16), OrganisasjonType.IMDI),
        ],
        ids=["turns-15-tomorrow", "turns-15-today"],
    )
    async def test_bufetat_handles_an_em_under_15(
        self,
        connection: AsyncConnection,
        bosetter: Principal,
        fodselsdato: date,
        expected: OrganisasjonType,
    ) -> None:
        em = await make_person(connection, enslig_mindrearig=True, fodselsdato=fodselsdato)
        innmelding_id = await workflow.bestemt_person(
            tx(connection, bosetter),
            workflow.BestemtPerson(
                duf_nr=em.duf_nr,
                tilknytning=Tilknytning.NAER_FAMILIE,
                familie_kommentar=None,
                merknad=None,
            ),
        )
        assert (await innmelding(connection, innmelding_id)).behandlende_organisasjon == expected

    async def test_rules(self, connection: AsyncConnection, bosetter: Principal) -> None:
        before = await count(connection)
        fordelt = await make_person(connection, status=Bosettingsstatus.FORDELT)
        head = await make_person(connection)
        await make_person(connection, regnr=head.registreringsnummer)
        wrong_check = f"{head.duf_nr[:10]}{(int(head.duf_nr[10:]) + 1) % 100:02d}"
        cases = [
            (wrong_check, None, "dufNr", ErrorCode.INVALID),
            (head.duf_nr[:11], None, "dufNr", ErrorCode.INVALID),
            (duf_nr(2023, 999999), None, "dufNr", ErrorCode.NOT_RELEVANT),
            (fordelt.duf_nr, None, "dufNr", ErrorCode.NOT_RELEVANT),
            (head.duf_nr, " ", "familieKommentar", ErrorCode.COMMENT_REQUIRED),
        ]
        for duf, kommentar, field, code in cases:
            error = await refusal(
                workflow.bestemt_person(
                    tx(connection, bosetter),
                    workflow.BestemtPerson(
                        duf_nr=duf,
                        tilknytning=Tilknytning.NAER_FAMILIE,
                        familie_kommentar=kommentar,
                        merknad=None,
                    ),
                )
            )
            assert (error.field, error.code) == (field, code), duf
        assert await count(connection) == before
        # With a comment on who settles together, the family is fine.
        await workflow.bestemt_person(
            tx(connection, bosetter),
            workflow.BestemtPerson(
                duf_nr=head.duf_nr,
                tilknytning=Tilknytning.NAER_FAMILIE,
                familie_kommentar="Barnet flytter med",
                merknad=None,
            ),
        )
        assert await count(connection) == before + 1


class TestAntallPlasser:
    async def test_places_from_a_date(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        innmelding_id = await workflow.antall_plasser(
            tx(connection, bosetter), workflow.AntallPlasser(antall=5, fra=FRA, merknad=None)
        )
        row = await innmelding(connection, innmelding_id)
        assert (row.type, row.antall_plasser, row.ledig_fra, row.behandlende_organisasjon) == (
            InnmeldingType.ANTALL_PLASSER,
            5,
            FRA,
            OrganisasjonType.IMDI,
        )
        assert await hendelser(connection, innmelding_id) == [
            ("Innmelding sendt", "ANTALL_PLASSER", bosetter.bruker_id)
        ]

    async def test_at_least_one_place(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        error = await refusal(
            workflow.antall_plasser(
                tx(connection, bosetter), workflow.AntallPlasser(antall=0, fra=FRA, merknad=None)
            )
        )
        assert (error.field, error.code) == ("antall", ErrorCode.OUT_OF_RANGE)


class TestKanseller:
    async def test_with_a_reason_and_no_varsel(
        self, connection: AsyncConnection, bosetter: Principal, bosetter_les: Principal
    ) -> None:
        innmelding_id = await make_innmelding(connection, kommunenummer=K, status=VENTER)
        await workflow.kanseller(tx(connection, bosetter), innmelding_id, " Boligen er leid ut ")
        row = await innmelding(connection, innmelding_id)
        assert (row.status, row.kansellert_av, row.kansellert_begrunnelse, row.versjon) == (
            InnmeldingStatus.KANSELLERT,
            bosetter.bruker_id,
            "Boligen er leid ut",
            2,
        )
        assert row.kansellert is not None
        assert await hendelser(connection, innmelding_id) == [
            ("Innmelding kansellert", "Boligen er leid ut", bosetter.bruker_id)
        ]
        assert await varsler(connection, "Innmelding", innmelding_id) == []

    async def test_needs_a_reason(self, connection: AsyncConnection, bosetter: Principal) -> None:
        innmelding_id = await make_innmelding(connection, kommunenummer=K, status=VENTER)
        error = await refusal(workflow.kanseller(tx(connection, bosetter), innmelding_id, "  "))
        assert (error.field, error.code) == ("begrunnelse", ErrorCode.REASON_REQUIRED)
        assert (await innmelding(connection, innmelding_id)).status == VENTER

    async def test_another_kommunes_is_not_found(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        other = await make_innmelding(connection, kommunenummer=ANNEN, status=VENTER)

        async def cancel(t: Tx, innmelding_id: int) -> None:
            await workflow.kanseller(t, innmelding_id, "Feil")

        await answers_not_found(connection, bosetter, cancel, other, Innmelding)
        assert (await innmelding(connection, other)).status == VENTER


def handling_steps() -> list[tuple[str, Step, InnmeldingStatus]]:
    """Each handling step with valid arguments, and a status it starts from."""

    async def svar(t: Tx, i: int) -> None:
        await workflow.svar(t, i, "Svar")

    async def ferdig(t: Tx, i: int) -> None:
        await workflow.ferdigbehandle(t, i, None)

    async def avsla(t: Tx, i: int) -> None:
        await workflow.avsla(t, i, "Nei")

    return [
        ("behandle", workflow.behandle, VENTER),
        ("svar", svar, SAKSBEHANDLES),
        ("ferdigbehandle", ferdig, SAKSBEHANDLES),
        ("avsla", avsla, VENTER),
    ]


class TestHandlerReach:
    @pytest.mark.parametrize(
        ("name", "call", "status"), handling_steps(), ids=[s[0] for s in handling_steps()]
    )
    async def test_the_other_handlers_innmelding_is_not_found(
        self,
        connection: AsyncConnection,
        imdi: Principal,
        bufetat: Principal,
        name: str,
        call: Step,
        status: InnmeldingStatus,
    ) -> None:
        for principal, theirs in (
            (imdi, OrganisasjonType.BUFETAT),
            (bufetat, OrganisasjonType.IMDI),
        ):
            other = await make_innmelding(
                connection, kommunenummer=K, status=status, behandlende=theirs
            )
            await answers_not_found(connection, principal, call, other, Innmelding)
            row = await innmelding(connection, other)
            assert (row.status, row.versjon) == (status, 1), name


class TestBehandle:
    async def test_bufetat_takes_its_own(
        self, connection: AsyncConnection, bufetat: Principal, bosetter: Principal
    ) -> None:
        innmelding_id = await make_innmelding(
            connection,
            kommunenummer=K,
            status=VENTER,
            behandlende=OrganisasjonType.BUFETAT,
            type=InnmeldingType.BESTEMTE_PERSONER,
        )
        await workflow.behandle(tx(connection, bufetat), innmelding_id)
        row = await innmelding(connection, innmelding_id)
        assert (row.status, row.saksbehandler_id, row.versjon) == (
            SAKSBEHANDLES,
            bufetat.bruker_id,
            2,
        )
        assert await varsler(connection, "Innmelding", innmelding_id) == [
            (bosetter.bruker_id, "Innmelding saksbehandles")
        ]


class TestSvar:
    async def test_an_answer_has_text(self, connection: AsyncConnection, imdi: Principal) -> None:
        innmelding_id = await make_innmelding(connection, kommunenummer=K, status=SAKSBEHANDLES)
        error = await refusal(workflow.svar(tx(connection, imdi), innmelding_id, " "))
        assert (error.field, error.code) == ("svar", ErrorCode.EMPTY)
        assert (await innmelding(connection, innmelding_id)).versjon == 1


class TestFerdigbehandle:
    async def test_a_closing_text_replaces_the_answer(
        self, connection: AsyncConnection, imdi: Principal, bosetter: Principal
    ) -> None:
        innmelding_id = await make_innmelding(connection, kommunenummer=K, status=SAKSBEHANDLES)
        await workflow.svar(tx(connection, imdi), innmelding_id, "Først")
        await workflow.ferdigbehandle(tx(connection, imdi), innmelding_id, " Til slutt ")
        row = await innmelding(connection, innmelding_id)
        assert (row.status, row.svar, row.versjon) == (
            InnmeldingStatus.FERDIGBEHANDLET,
            "Til slutt",
            3,
        )
        assert await varsler(connection, "Innmelding", innmelding_id) == [
            (bosetter.bruker_id, "Svar på innmelding"),
            (bosetter.bruker_id, "Innmelding ferdigbehandlet"),
        ]


class TestAvsla:
    @pytest.mark.parametrize("status", [VENTER, SAKSBEHANDLES])
    async def test_refuses_with_a_reason(
        self,
        connection: AsyncConnection,
        imdi: Principal,
        bosetter: Principal,
        status: InnmeldingStatus,
    ) -> None:
        first = await make_principal(connection, OrganisasjonType.IMDI, Rolle.IMDI_SAKSBEHANDLER)
        innmelding_id = await make_innmelding(
            connection,
            kommunenummer=K,
            status=status,
            saksbehandler_id=first.bruker_id if status == SAKSBEHANDLES else None,
        )
        await workflow.avsla(tx(connection, imdi), innmelding_id, " Ingen kandidater ")
        row = await innmelding(connection, innmelding_id)
        # The one who took it into handling stays its saksbehandler.
        assert (row.status, row.avslag_begrunnelse, row.saksbehandler_id, row.versjon) == (
            InnmeldingStatus.AVSLATT,
            "Ingen kandidater",
            first.bruker_id if status == SAKSBEHANDLES else imdi.bruker_id,
            2,
        )
        assert row.avslatt is not None
        assert await hendelser(connection, innmelding_id) == [
            ("Innmelding avslått", "Ingen kandidater", imdi.bruker_id)
        ]
        assert await varsler(connection, "Innmelding", innmelding_id) == [
            (bosetter.bruker_id, "Innmelding avslått")
        ]

    async def test_needs_a_reason(self, connection: AsyncConnection, imdi: Principal) -> None:
        innmelding_id = await make_innmelding(connection, kommunenummer=K, status=VENTER)
        error = await refusal(workflow.avsla(tx(connection, imdi), innmelding_id, ""))
        assert (error.field, error.code) == ("begrunnelse", ErrorCode.REASON_REQUIRED)
        assert (await innmelding(connection, innmelding_id)).status == VENTER
