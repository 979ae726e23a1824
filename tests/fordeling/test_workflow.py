"""The fordeling workflow called directly (resolvers/workflows/fordeling.py), on a connection
whose transaction is rolled back: every step's rules, what it writes (persons, utsøkinger,
hendelser, varsler, letters), the retried and the stale answer, and that another kommune's
fordeling answers like one that does not exist. Transport, roles and races are the HTTP
tests' (test_cycle.py, test_rules.py, test_race.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Principal
from models import (
    Fordeling,
    FordelingPerson,
    Hendelse,
    HendelsePerson,
    Person,
    Utboks,
    Utsoking,
    Varsel,
)
from models.enums import (
    Boligtype,
    Bosettingsstatus,
    Botilbud,
    Brevkanal,
    Brevmal,
    FordelingStatus,
    InnmeldingStatus,
    Sakstype,
)
from resolvers.workflows import fordeling as workflow
from resolvers.workflows.fordeling import RadInput
from resolvers.workflows.rules import ErrorCode
from resolvers.workflows.tx import Tx
from tests.factories import (
    make_fordeling,
    make_innmelding,
    make_person,
)
from tests.workflow_support import (
    ANNEN,
    TODAY,
    K,
    answers_not_found,
    missing_id,
    refusal,
    same,
    tx,
    varsler,
)

MONDAY = date(2026, 6, 1)
LATER_MONDAY = date(2026, 6, 15)


async def fordeling(connection: AsyncConnection, fordeling_id: int) -> Any:
    return (await connection.execute(select(Fordeling).where(Fordeling.id == fordeling_id))).one()


async def rad(connection: AsyncConnection, rad_id: int) -> Any:
    return (
        await connection.execute(select(FordelingPerson).where(FordelingPerson.id == rad_id))
    ).one()


async def statuses(connection: AsyncConnection, person_ids: tuple[int, ...]) -> list[str]:
    """The persons' bosettingsstatus, in the order given."""
    rows = dict(
        (
            await connection.execute(
                # unscoped: a test reads back the persons it made
                select(Person.id, Person.bosettingsstatus).where(Person.id.in_(person_ids))
            )
        ).all()
    )
    return [rows[person_id] for person_id in person_ids]


async def hendelser(connection: AsyncConnection, fordeling_id: int) -> list[tuple[Any, ...]]:
    """(tittel, tekst, detaljer, linked person ids) of the fordeling's systemhendelser."""
    rows = (
        await connection.execute(
            select(Hendelse.id, Hendelse.tittel, Hendelse.tekst, Hendelse.detaljer)
            .where(Hendelse.detaljer["fordelingId"].as_integer() == fordeling_id)
            .order_by(Hendelse.id)
        )
    ).all()
    found = []
    for row in rows:
        linked = (
            await connection.scalars(
                select(HendelsePerson.person_id)
                .where(HendelsePerson.hendelse_id == row.id)
                .order_by(HendelsePerson.person_id)
            )
        ).all()
        found.append((row.tittel, row.tekst, row.detaljer, list(linked)))
    return found


async def brev(connection: AsyncConnection, fordeling_id: int) -> list[tuple[Any, ...]]:
    """(mal, kanal, kommunenummer, person id) of the letters the answer put in the outbox."""
    rows = await connection.execute(
        select(Utboks.mal, Utboks.kanal, Utboks.kommunenummer, Utboks.person_id)
        .where(Utboks.fordeling_id == fordeling_id)
        .order_by(Utboks.id)
    )
    return [tuple(row) for row in rows]


async def utsokinger(connection: AsyncConnection, person_ids: tuple[int, ...]) -> list[Any]:
    rows = await connection.execute(
        select(
            Utsoking.person_id,
            Utsoking.kommunenummer,
            Utsoking.fordeling_person_id,
            Utsoking.sokt_ut_dato,
        )
        .where(Utsoking.person_id.in_(person_ids), Utsoking.aktiv)
        .order_by(Utsoking.person_id)
    )
    return [tuple(row) for row in rows]


async def counts(connection: AsyncConnection) -> tuple[int, ...]:
    """How many hendelser, varsler, letters and utsøkinger there are: what an answer writes."""
    return tuple(
        [
            int(await connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in (Hendelse, Varsel, Utboks, Utsoking)
        ]
    )


class TestCycle:
    async def test_from_a_draft_to_an_answer(
        self,
        connection: AsyncConnection,
        imdi: Principal,
        bosetter: Principal,
        bosetter_les: Principal,
        anmoder: Principal,
    ) -> None:
        head = await make_person(connection)
        child = await make_person(connection, regnr=head.registreringsnummer)
        alone = await make_person(connection)
        fordeling_id = await workflow.opprett(
            tx(connection, imdi),
            kommunenummer=K,
            navn=None,
            rader=[RadInput(head.duf_nr), RadInput(child.duf_nr), RadInput(alone.duf_nr)],
        )
        persons = (head.id, child.id, alone.id)
        row = await fordeling(connection, fordeling_id)
        assert (row.status, row.versjon, row.navn, row.opprettet_av) == (
            FordelingStatus.UTKAST,
            1,
            "1103 Stavanger mars 2026",
            imdi.bruker_id,
        )
        rader = (
            await connection.execute(
                select(FordelingPerson.id, FordelingPerson.person_id, FordelingPerson.boligtype)
                .where(FordelingPerson.fordeling_id == fordeling_id)
                .order_by(FordelingPerson.id)
            )
        ).all()
        assert [(r.person_id, r.boligtype) for r in rader] == [
            (head.id, Boligtype.FAMILIEBOLIG),
            (child.id, Boligtype.FAMILIEBOLIG),
            (alone.id, Boligtype.BOFELLESSKAP),
        ]
        rad_of = {r.person_id: r.id for r in rader}
        assert await statuses(connection, persons) == [Bosettingsstatus.BOSETTINGSKLAR] * 3

        await workflow.send(tx(connection, imdi), fordeling_id)
        row = await fordeling(connection, fordeling_id)
        assert (row.status, row.versjon) == (FordelingStatus.NY, 2)
        assert row.sendt is not None
        assert await statuses(connection, persons) == [Bosettingsstatus.FORDELT] * 3

        for person_id in persons:
            assert (
                await workflow.sett_forventet_bosetting(
                    tx(connection, bosetter), rad_of[person_id], MONDAY
                )
                == fordeling_id
            )
        assert (
            await workflow.sett_bosettes(
                tx(connection, bosetter), rad_of[alone.id], False, "For stor"
            )
            == fordeling_id
        )
        assert (await fordeling(connection, fordeling_id)).versjon == 6

        await workflow.bekreft(tx(connection, bosetter), fordeling_id, 6)
        row = await fordeling(connection, fordeling_id)
        assert (row.status, row.versjon, row.bekreftet_av) == (
            FordelingStatus.BEKREFTET,
            7,
            bosetter.bruker_id,
        )

        assert await workflow.send_svar(tx(connection, bosetter), fordeling_id, 7, "svar-1")
        row = await fordeling(connection, fordeling_id)
        assert (row.status, row.versjon, row.svart_av, row.svar_nokkel) == (
            FordelingStatus.SENDT,
            8,
            bosetter.bruker_id,
            "svar-1",
        )
        assert await statuses(connection, persons) == [
            Bosettingsstatus.SOKT_UT,
            Bosettingsstatus.SOKT_UT,
            Bosettingsstatus.BOSETTINGSKLAR,
        ]
        assert await utsokinger(connection, persons) == [
            (head.id, K, rad_of[head.id], TODAY),
            (child.id, K, rad_of[child.id], TODAY),
        ]

        # Each step is in the persons' history: put on the list, each status change, the answer.
        def status(fra: str, til: str) -> dict[str, object]:
            return {"fra": fra, "til": til, "fordelingId": fordeling_id}

        assert await hendelser(connection, fordeling_id) == [
            (
                "Fordelingsliste sendt fra IMDi",
                "1103 Stavanger mars 2026",
                {"fordelingId": fordeling_id, "antallPersoner": 3},
                sorted(persons),
            ),
            (
                "Bosettingsstatus endret",
                "BOSETTINGSKLAR → FORDELT",
                status("BOSETTINGSKLAR", "FORDELT"),
                sorted(persons),
            ),
            (
                "Bosettingsstatus endret",
                "FORDELT → SOKT_UT",
                status("FORDELT", "SOKT_UT"),
                [head.id, child.id],
            ),
            (
                "Bosettingsstatus endret",
                "FORDELT → BOSETTINGSKLAR",
                status("FORDELT", "BOSETTINGSKLAR"),
                [alone.id],
            ),
            ("Person ikke søkt ut", "For stor", {"fordelingId": fordeling_id}, [alone.id]),
            (
                "Fordelingsliste besvart",
                "2 søkt ut, 1 ikke søkt ut",
                {"fordelingId": fordeling_id, "soktUt": 2, "ikkeSoktUt": 1},
                [head.id, child.id],
            ),
        ]
        # The kommune's Bosetter users hear of the new list, the IMDi user who made it of the
        # answer; the Anmoder user of nothing.
        assert await varsler(connection, "Fordeling", fordeling_id) == [
            *sorted(
                [
                    (bosetter.bruker_id, "Ny fordelingsliste fra IMDi"),
                    (bosetter_les.bruker_id, "Ny fordelingsliste fra IMDi"),
                ]
            ),
            (imdi.bruker_id, "Kommunen har svart på fordelingslisten"),
        ]
        assert anmoder.bruker_id not in {
            user for user, _ in await varsler(connection, "Fordeling", fordeling_id)
        }
        assert await brev(connection, fordeling_id) == [
            (Brevmal.BOSETTING_AV_FLYKTNINGER, Brevkanal.ALTINN, K, None),
            (Brevmal.VEDTAK_OM_BOSETTINGSKOMMUNE, Brevkanal.PAPIR, K, head.id),
            (Brevmal.VEDTAK_OM_BOSETTINGSKOMMUNE, Brevkanal.PAPIR, K, child.id),
        ]


class TestOpprett:
    async def test_a_resettlement_refugee_with_a_window_and_an_innmelding(
        self, connection: AsyncConnection, imdi: Principal
    ) -> None:
        person = await make_person(
            connection, sakstype=Sakstype.OVERFORINGSFLYKTNING, botilbud=Botilbud.UTLANDET
        )
        innmelding_id = await make_innmelding(
            connection, kommunenummer=K, status=InnmeldingStatus.FERDIGBEHANDLET
        )
        fordeling_id = await workflow.opprett(
            tx(connection, imdi),
            kommunenummer=K,
            navn="Juni-listen",
            rader=[
                RadInput(
                    person.duf_nr,
                    boligtype=Boligtype.FAMILIEBOLIG,
                    innmelding_id=innmelding_id,
                    forste_mulige_uke=MONDAY,
                    siste_mulige_uke=MONDAY,
                )
            ],
        )
        assert (await fordeling(connection, fordeling_id)).navn == "Juni-listen"
        [row] = (
            await connection.execute(
                select(FordelingPerson).where(FordelingPerson.fordeling_id == fordeling_id)
            )
        ).all()
        assert (
            row.person_id,
            row.boligtype,
            row.innmelding_id,
            row.forste_mulige_uke,
            row.siste_mulige_uke,
            row.bosettes,
        ) == (person.id, Boligtype.FAMILIEBOLIG, innmelding_id, MONDAY, MONDAY, True)

    async def test_an_unknown_kommune(self, connection: AsyncConnection, imdi: Principal) -> None:
        person = await make_person(connection)
        error = await refusal(
            workflow.opprett(
                tx(connection, imdi),
                kommunenummer="0000",
                navn=None,
                rader=[RadInput(person.duf_nr)],
            )
        )
        assert (error.field, error.code) == ("kommunenummer", ErrorCode.NOT_FOUND)

    async def test_rules_of_the_persons(self, connection: AsyncConnection, imdi: Principal) -> None:
        before = await connection.scalar(select(func.count()).select_from(Fordeling))
        ready = await make_person(connection)
        fordelt = await make_person(connection, status=Bosettingsstatus.FORDELT)
        head = await make_person(connection)
        await make_person(connection, regnr=head.registreringsnummer)
        resettlement = await make_person(
            connection, sakstype=Sakstype.OVERFORINGSFLYKTNING, botilbud=Botilbud.UTLANDET
        )
        cases: list[tuple[list[RadInput], ErrorCode]] = [
            ([], ErrorCode.EMPTY),
            ([RadInput(ready.duf_nr), RadInput(ready.duf_nr)], ErrorCode.DUPLICATE),
            ([RadInput("202366999999")], ErrorCode.NOT_FOUND),
            ([RadInput(fordelt.duf_nr)], ErrorCode.NOT_SETTLEMENT_READY),
            ([RadInput(head.duf_nr)], ErrorCode.FAMILY_SPLIT),
            ([RadInput(resettlement.duf_nr)], ErrorCode.WINDOW_REQUIRED),
            (
                [RadInput(resettlement.duf_nr, forste_mulige_uke=MONDAY)],
                ErrorCode.WINDOW_REQUIRED,
            ),
            (
                [RadInput(ready.duf_nr, forste_mulige_uke=MONDAY, siste_mulige_uke=MONDAY)],
                ErrorCode.WINDOW_NOT_ALLOWED,
            ),
            (
                [
                    RadInput(
                        resettlement.duf_nr,
                        forste_mulige_uke=date(2026, 6, 2),
                        siste_mulige_uke=LATER_MONDAY,
                    )
                ],
                ErrorCode.NOT_A_MONDAY,
            ),
            (
                [
                    RadInput(
                        resettlement.duf_nr,
                        forste_mulige_uke=LATER_MONDAY,
                        siste_mulige_uke=MONDAY,
                    )
                ],
                ErrorCode.WINDOW_ORDER,
            ),
        ]
        for rader, code in cases:
            error = await refusal(
                workflow.opprett(tx(connection, imdi), kommunenummer=K, navn=None, rader=rader)
            )
            assert (error.field, error.code) == ("personer", code), rader
        assert await connection.scalar(select(func.count()).select_from(Fordeling)) == before

    async def test_another_kommunes_innmelding_reads_like_none(
        self, connection: AsyncConnection, imdi: Principal
    ) -> None:
        ready = await make_person(connection)
        other = await make_innmelding(
            connection, kommunenummer=ANNEN, status=InnmeldingStatus.FERDIGBEHANDLET
        )
        refusals = [
            await refusal(
                workflow.opprett(
                    tx(connection, imdi),
                    kommunenummer=K,
                    navn=None,
                    rader=[RadInput(ready.duf_nr, innmelding_id=innmelding_id)],
                )
            )
            for innmelding_id in (other, other + 1000)
        ]
        # Each message names the id given, and tells nothing of the one that exists.
        assert [(e.field, e.code, e.message) for e in refusals] == [
            (
                "personer",
                ErrorCode.NOT_FOUND,
                f"{ready.duf_nr}: innmelding {i} is not one of this kommune's",
            )
            for i in (other, other + 1000)
        ]


class TestSend:
    async def test_tells_every_bosetter_of_the_kommune(
        self,
        connection: AsyncConnection,
        imdi: Principal,
        bosetter: Principal,
        bosetter_les: Principal,
    ) -> None:
        made = await make_fordeling(
            connection, kommunenummer=K, status=FordelingStatus.UTKAST, persons=2
        )
        await workflow.send(tx(connection, imdi), made.id)
        assert await statuses(connection, made.person_ids) == [Bosettingsstatus.FORDELT] * 2
        assert await varsler(connection, "Fordeling", made.id) == sorted(
            [
                (bosetter.bruker_id, "Ny fordelingsliste fra IMDi"),
                (bosetter_les.bruker_id, "Ny fordelingsliste fra IMDi"),
            ]
        )

    async def test_a_person_no_longer_settlement_ready(
        self, connection: AsyncConnection, imdi: Principal
    ) -> None:
        made = await make_fordeling(
            connection, kommunenummer=K, status=FordelingStatus.UTKAST, persons=2
        )
        gone = made.person_ids[1]
        await connection.execute(
            # unscoped: the test moves its own person on
            update(Person)
            .where(Person.id == gone)
            .values(bosettingsstatus=Bosettingsstatus.SOKT_UT)
        )
        error = await refusal(workflow.send(tx(connection, imdi), made.id))
        assert (error.field, error.code) == ("id", ErrorCode.NOT_SETTLEMENT_READY)
        duf = await connection.scalar(select(Person.duf_nr).where(Person.id == gone))
        assert error.message == f"no longer settlement-ready since the list was made: {duf}"
        row = await fordeling(connection, made.id)
        assert (row.status, row.versjon) == (FordelingStatus.UTKAST, 1)
        assert await statuses(connection, made.person_ids) == [
            Bosettingsstatus.BOSETTINGSKLAR,
            Bosettingsstatus.SOKT_UT,
        ]

    async def test_an_id_that_does_not_exist(
        self, connection: AsyncConnection, imdi: Principal
    ) -> None:
        error = await refusal(
            workflow.send(tx(connection, imdi), await missing_id(connection, Fordeling))
        )
        assert (error.field, error.code) == ("id", ErrorCode.NOT_FOUND)


class TestSettForventetBosetting:
    async def test_today_or_later(self, connection: AsyncConnection, bosetter: Principal) -> None:
        made = await make_fordeling(connection, kommunenummer=K, status=FordelingStatus.NY)
        await workflow.sett_forventet_bosetting(tx(connection, bosetter), made.rad_ids[0], TODAY)
        assert (await rad(connection, made.rad_ids[0])).forventet_bosetting == TODAY
        assert (await fordeling(connection, made.id)).versjon == 2
        error = await refusal(
            workflow.sett_forventet_bosetting(
                tx(connection, bosetter), made.rad_ids[0], date(2026, 3, 15)
            )
        )
        assert (error.field, error.code) == ("dato", ErrorCode.IN_PAST)
        assert (await rad(connection, made.rad_ids[0])).forventet_bosetting == TODAY

    @pytest.mark.parametrize(
        ("dato", "inside"),
        [
            (date(2026, 5, 31), False),
            (MONDAY, True),
            (date(2026, 6, 21), True),
            (date(2026, 6, 22), False),
        ],
        ids=["day-before", "first-monday", "last-sunday", "day-after"],
    )
    async def test_a_resettlement_refugee_within_the_window(
        self, connection: AsyncConnection, bosetter: Principal, dato: date, inside: bool
    ) -> None:
        made = await make_fordeling(
            connection,
            kommunenummer=K,
            status=FordelingStatus.NY,
            vindu=(MONDAY, LATER_MONDAY),
        )
        call = workflow.sett_forventet_bosetting(tx(connection, bosetter), made.rad_ids[0], dato)
        if inside:
            await call
            assert (await rad(connection, made.rad_ids[0])).forventet_bosetting == dato
        else:
            error = await refusal(call)
            assert (error.field, error.code, error.message) == (
                "dato",
                ErrorCode.OUTSIDE_WINDOW,
                "a resettlement refugee is settled within the window 2026-06-01 – 2026-06-21",
            )

    async def test_the_window_is_the_rule_even_in_the_past(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        made = await make_fordeling(
            connection,
            kommunenummer=K,
            status=FordelingStatus.NY,
            vindu=(date(2026, 3, 2), date(2026, 3, 9)),
        )
        await workflow.sett_forventet_bosetting(
            tx(connection, bosetter), made.rad_ids[0], date(2026, 3, 3)
        )
        assert (await rad(connection, made.rad_ids[0])).forventet_bosetting == date(2026, 3, 3)

    async def test_another_kommunes_row_is_not_found(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        other = await make_fordeling(connection, kommunenummer=ANNEN, status=FordelingStatus.NY)

        async def sett(t: Tx, rad_id: int) -> object:
            return await workflow.sett_forventet_bosetting(t, rad_id, MONDAY)

        await answers_not_found(connection, bosetter, sett, other.rad_ids[0], FordelingPerson)
        assert (await rad(connection, other.rad_ids[0])).forventet_bosetting is None

    async def test_a_row_of_the_kommunes_own_draft_is_not_found(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        draft = await make_fordeling(connection, kommunenummer=K, status=FordelingStatus.UTKAST)
        seen = await refusal(
            workflow.sett_forventet_bosetting(tx(connection, bosetter), draft.rad_ids[0], MONDAY)
        )
        nothing = await refusal(
            workflow.sett_forventet_bosetting(
                tx(connection, bosetter), await missing_id(connection, FordelingPerson), MONDAY
            )
        )
        assert seen.code == ErrorCode.NOT_FOUND
        assert same(seen, nothing)


class TestSettBosettes:
    @pytest.mark.parametrize("begrunnelse", [None, "", "   "])
    async def test_unticking_needs_a_reason(
        self, connection: AsyncConnection, bosetter: Principal, begrunnelse: str | None
    ) -> None:
        made = await make_fordeling(connection, kommunenummer=K, status=FordelingStatus.NY)
        error = await refusal(
            workflow.sett_bosettes(tx(connection, bosetter), made.rad_ids[0], False, begrunnelse)
        )
        assert (error.field, error.code) == ("begrunnelse", ErrorCode.REASON_REQUIRED)
        assert (await rad(connection, made.rad_ids[0])).bosettes is True
        assert (await fordeling(connection, made.id)).versjon == 1

    async def test_the_family_on_the_list_goes_together(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        family = await make_fordeling(
            connection, kommunenummer=K, status=FordelingStatus.NY, persons=3, en_familie=True
        )
        await workflow.sett_bosettes(
            tx(connection, bosetter), family.rad_ids[1], False, " Ingen bolig "
        )
        rows = [await rad(connection, rad_id) for rad_id in family.rad_ids]
        assert [(r.bosettes, r.begrunnelse_ikke_bosettes) for r in rows] == [
            (False, "Ingen bolig")
        ] * 3
        assert (await fordeling(connection, family.id)).versjon == 2

        await workflow.sett_bosettes(tx(connection, bosetter), family.rad_ids[0], True, "ignored")
        rows = [await rad(connection, rad_id) for rad_id in family.rad_ids]
        assert [(r.bosettes, r.begrunnelse_ikke_bosettes) for r in rows] == [(True, None)] * 3
        assert (await fordeling(connection, family.id)).versjon == 3

    async def test_another_kommunes_row_is_not_found(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        other = await make_fordeling(connection, kommunenummer=ANNEN, status=FordelingStatus.NY)

        async def untick(t: Tx, rad_id: int) -> object:
            return await workflow.sett_bosettes(t, rad_id, False, "Ingen bolig")

        await answers_not_found(connection, bosetter, untick, other.rad_ids[0], FordelingPerson)
        assert (await rad(connection, other.rad_ids[0])).bosettes is True


class TestBekreft:
    async def test_needs_a_time_for_every_person_to_be_settled(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        made = await make_fordeling(
            connection, kommunenummer=K, status=FordelingStatus.NY, persons=3
        )
        await workflow.sett_forventet_bosetting(tx(connection, bosetter), made.rad_ids[0], MONDAY)
        error = await refusal(workflow.bekreft(tx(connection, bosetter), made.id, 2))
        assert (error.field, error.code, error.message) == (
            "rader",
            ErrorCode.EXPECTED_TIME_MISSING,
            "set the expected settlement time for every person to be settled (2 missing)",
        )
        # An unticked person needs none.
        for rad_id in made.rad_ids[1:]:
            await workflow.sett_bosettes(tx(connection, bosetter), rad_id, False, "Ingen bolig")
        await workflow.bekreft(tx(connection, bosetter), made.id, 4)
        row = await fordeling(connection, made.id)
        assert (row.status, row.versjon, row.bekreftet_av) == (
            FordelingStatus.BEKREFTET,
            5,
            bosetter.bruker_id,
        )
        assert row.bekreftet is not None

    async def test_a_stale_version_is_a_conflict(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        made = await make_fordeling(
            connection, kommunenummer=K, status=FordelingStatus.NY, forventet_bosetting=MONDAY
        )
        await workflow.sett_forventet_bosetting(tx(connection, bosetter), made.rad_ids[0], MONDAY)
        error = await refusal(workflow.bekreft(tx(connection, bosetter), made.id, 1))
        assert (error.field, error.code, error.message) == (
            "versjon",
            ErrorCode.CONFLICT,
            "the list changed after you read it (you had version 1, it is now 2): read it again",
        )
        assert (await fordeling(connection, made.id)).status == FordelingStatus.NY

    async def test_another_kommunes_is_not_found(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        other = await make_fordeling(
            connection, kommunenummer=ANNEN, status=FordelingStatus.NY, forventet_bosetting=MONDAY
        )

        async def confirm(t: Tx, fordeling_id: int) -> None:
            await workflow.bekreft(t, fordeling_id, 1)

        await answers_not_found(connection, bosetter, confirm, other.id, Fordeling)
        assert (await fordeling(connection, other.id)).status == FordelingStatus.NY


class TestAngre:
    async def test_steps_back_to_new(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        made = await make_fordeling(connection, kommunenummer=K, status=FordelingStatus.BEKREFTET)
        await workflow.angre(tx(connection, bosetter), made.id)
        row = await fordeling(connection, made.id)
        assert (row.status, row.versjon, row.bekreftet, row.bekreftet_av) == (
            FordelingStatus.NY,
            2,
            None,
            None,
        )
        assert await statuses(connection, made.person_ids) == [Bosettingsstatus.FORDELT]

    async def test_another_kommunes_is_not_found(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        other = await make_fordeling(
            connection, kommunenummer=ANNEN, status=FordelingStatus.BEKREFTET
        )
        await answers_not_found(
            connection,
            bosetter,
            workflow.angre,
            other.id,
            Fordeling,
        )
        assert (await fordeling(connection, other.id)).status == FordelingStatus.BEKREFTET


class TestSendSvar:
    async def test_a_retry_with_the_same_key_answers_once(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        made = await make_fordeling(
            connection, kommunenummer=K, status=FordelingStatus.BEKREFTET, persons=2
        )
        assert await workflow.send_svar(tx(connection, bosetter), made.id, 1, "nokkel-1")
        after = await counts(connection)
        row = await fordeling(connection, made.id)
        assert (row.status, row.versjon) == (FordelingStatus.SENDT, 2)

        # The retry carries the version the first request read; it is answered, not refused.
        assert not await workflow.send_svar(tx(connection, bosetter), made.id, 1, "nokkel-1")
        assert await counts(connection) == after
        assert (await fordeling(connection, made.id)).versjon == 2

    async def test_another_answer_to_an_answered_list_is_a_conflict(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        made = await make_fordeling(connection, kommunenummer=K, status=FordelingStatus.BEKREFTET)
        await workflow.send_svar(tx(connection, bosetter), made.id, 1, "nokkel-1")
        after = await counts(connection)
        error = await refusal(workflow.send_svar(tx(connection, bosetter), made.id, 2, "nokkel-2"))
        assert (error.field, error.code) == ("id", ErrorCode.CONFLICT)
        assert await counts(connection) == after
        assert (await fordeling(connection, made.id)).svar_nokkel == "nokkel-1"

    async def test_a_stale_version_is_a_conflict(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        made = await make_fordeling(connection, kommunenummer=K, status=FordelingStatus.NY)
        await workflow.sett_forventet_bosetting(tx(connection, bosetter), made.rad_ids[0], MONDAY)
        await workflow.bekreft(tx(connection, bosetter), made.id, 2)
        before = await counts(connection)
        error = await refusal(workflow.send_svar(tx(connection, bosetter), made.id, 2, "nokkel-1"))
        assert (error.field, error.code) == ("versjon", ErrorCode.CONFLICT)
        assert "you had version 2, it is now 3" in error.message
        assert await counts(connection) == before
        row = await fordeling(connection, made.id)
        assert (row.status, row.svar_nokkel) == (FordelingStatus.BEKREFTET, None)

    async def test_a_person_already_sokt_ut_elsewhere_is_a_conflict(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        made = await make_fordeling(
            connection, kommunenummer=K, status=FordelingStatus.BEKREFTET, persons=2
        )
        await connection.execute(
            insert(Utsoking).values(
                person_id=made.person_ids[1], kommunenummer=ANNEN, sokt_ut_dato=TODAY
            )
        )
        before = await counts(connection)
        error = await refusal(workflow.send_svar(tx(connection, bosetter), made.id, 1, "nokkel-1"))
        assert (error.field, error.code) == ("id", ErrorCode.CONFLICT)
        # The savepoint took back the insert; the transaction goes on.
        assert await counts(connection) == before
        assert await utsokinger(connection, made.person_ids) == [
            (made.person_ids[1], ANNEN, None, TODAY)
        ]

    async def test_unticked_persons_go_back_grouped_by_reason(
        self, connection: AsyncConnection, bosetter: Principal, imdi: Principal
    ) -> None:
        made = await make_fordeling(
            connection,
            kommunenummer=K,
            status=FordelingStatus.BEKREFTET,
            persons=3,
            opprettet_av=imdi.bruker_id,
        )
        for rad_id, reason in zip(made.rad_ids, ["B", "A", "B"], strict=True):
            await connection.execute(
                update(FordelingPerson)
                .where(FordelingPerson.id == rad_id)
                .values(bosettes=False, begrunnelse_ikke_bosettes=reason)
            )
        assert await workflow.send_svar(tx(connection, bosetter), made.id, 1, "nokkel-1")
        assert await statuses(connection, made.person_ids) == [Bosettingsstatus.BOSETTINGSKLAR] * 3
        assert await utsokinger(connection, made.person_ids) == []
        first, second, third = made.person_ids
        assert [(h[0], h[1], h[3]) for h in await hendelser(connection, made.id)] == [
            ("Bosettingsstatus endret", "FORDELT → BOSETTINGSKLAR", sorted(made.person_ids)),
            ("Person ikke søkt ut", "A", [second]),
            ("Person ikke søkt ut", "B", [first, third]),
            ("Fordelingsliste besvart", "0 søkt ut, 3 ikke søkt ut", []),
        ]
        assert await varsler(connection, "Fordeling", made.id) == [
            (imdi.bruker_id, "Kommunen har svart på fordelingslisten")
        ]
        assert await brev(connection, made.id) == []

    async def test_a_resettlement_refugee_gets_no_vedtaksbrev(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        made = await make_fordeling(
            connection,
            kommunenummer=K,
            status=FordelingStatus.BEKREFTET,
            vindu=(MONDAY, LATER_MONDAY),
        )
        assert await workflow.send_svar(tx(connection, bosetter), made.id, 1, "nokkel-1")
        assert await brev(connection, made.id) == [
            (Brevmal.BOSETTING_AV_FLYKTNINGER, Brevkanal.ALTINN, K, None)
        ]
        assert await statuses(connection, made.person_ids) == [Bosettingsstatus.SOKT_UT]

    async def test_another_kommunes_is_not_found(
        self, connection: AsyncConnection, bosetter: Principal
    ) -> None:
        other = await make_fordeling(
            connection, kommunenummer=ANNEN, status=FordelingStatus.BEKREFTET
        )

        async def answer(t: Tx, fordeling_id: int) -> object:
            return await workflow.send_svar(t, fordeling_id, 1, "nokkel-1")

        await answers_not_found(connection, bosetter, answer, other.id, Fordeling)
        assert (await fordeling(connection, other.id)).status == FordelingStatus.BEKREFTET
