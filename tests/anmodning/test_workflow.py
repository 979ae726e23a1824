"""The anmodning workflow called directly (resolvers/workflows/anmodning.py), on a connection
whose transaction is rolled back: every step's rules, what it writes, and that another
kommune's anmodning answers like one that does not exist. Transport and roles are the HTTP
tests' (test_anmodning.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Principal
from models import Anmodning, AnmodningTall, Hendelse, Vedtak
from models.enums import (
    AnmodningStatus,
    Kategori,
    VedtakStatus,
)
from resolvers.workflows import anmodning as workflow
from resolvers.workflows.anmodning import Tall, VedtakInput
from resolvers.workflows.rules import ErrorCode
from resolvers.workflows.tx import Tx
from tests.factories import make_anmodning
from tests.workflow_support import (
    ANNEN,
    TODAY,
    K,
    answers_not_found,
    missing_id,
    refusal,
    tx,
    varsler,
)

AR = 2027
VOKSNE = Kategori.ENSLIGE_VOKSNE_OG_FAMILIER
EM = Kategori.EM_15_18
TALL = ((AR, VOKSNE, 20), (AR, EM, 4))
REASON = ErrorCode.REASON_REQUIRED


async def anmodning(connection: AsyncConnection, anmodning_id: int) -> Any:
    return (await connection.execute(select(Anmodning).where(Anmodning.id == anmodning_id))).one()


async def hendelser(connection: AsyncConnection, anmodning_id: int) -> list[tuple[str, str | None]]:
    """(tittel, tekst) of the anmodning's systemhendelser, oldest first."""
    rows = await connection.execute(
        select(Hendelse.tittel, Hendelse.tekst)
        .where(Hendelse.detaljer["anmodningId"].as_integer() == anmodning_id)
        .order_by(Hendelse.id)
    )
    return [(row.tittel, row.tekst) for row in rows]


async def vedtak(connection: AsyncConnection, anmodning_id: int) -> list[tuple[Any, ...]]:
    """(ar, kategori, antall, begrunnelse, status) of each vedtak, by year and category (as
    text: EM_15_18, EM_UNDER_15, ENSLIGE_VOKSNE_OG_FAMILIER)."""
    rows = await connection.execute(
        select(Vedtak.ar, Vedtak.kategori, Vedtak.antall, Vedtak.begrunnelse, Vedtak.status)
        .where(Vedtak.anmodning_id == anmodning_id)
        .order_by(Vedtak.ar, Vedtak.kategori)
    )
    return [tuple(row) for row in rows]


def vedtak_input(*rows: tuple[Kategori, int, str | None]) -> list[VedtakInput]:
    return [VedtakInput(kategori, antall, begrunnelse) for kategori, antall, begrunnelse in rows]


class TestCycle:
    async def test_from_sending_to_a_confirmed_answer(
        self,
        connection: AsyncConnection,
        imdi: Principal,
        anmoder: Principal,
        anmoder_les: Principal,
        bosetter: Principal,
    ) -> None:
        [anmodning_id] = await workflow.send(
            tx(connection, imdi),
            kommuner=[K],
            tittel=None,
            svarfrist=date(2026, 4, 15),
            tall=[Tall(AR, VOKSNE, 20), Tall(AR, EM, 4)],
        )
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon, row.sendt_av) == (
            AnmodningStatus.IKKE_SVART,
            1,
            imdi.bruker_id,
        )
        assert row.tittel == f"Anmodning om bosetting av flyktninger Stavanger {AR}"

        await workflow.apne(tx(connection, anmoder), anmodning_id)
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon) == (AnmodningStatus.UNDER_ARBEID, 2)
        assert row.apnet is not None

        await workflow.registrer_vedtak(
            tx(connection, anmoder),
            anmodning_id,
            ar=AR,
            vedtak=vedtak_input((VOKSNE, 15, " Få boliger "), (EM, 4, None)),
            vedtaksdato=date(2026, 3, 12),
        )
        assert (await anmodning(connection, anmodning_id)).versjon == 3
        assert await vedtak(connection, anmodning_id) == [
            (AR, EM, 4, None, VedtakStatus.UTKAST),
            (AR, VOKSNE, 15, "Få boliger", VedtakStatus.UTKAST),
        ]

        await workflow.godkjenn(tx(connection, anmoder), anmodning_id)
        assert (await anmodning(connection, anmodning_id)).versjon == 4
        assert {v[4] for v in await vedtak(connection, anmodning_id)} == {VedtakStatus.GODKJENT}

        await workflow.send_svar(tx(connection, anmoder), anmodning_id)
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon, row.svart_av) == (
            AnmodningStatus.SVART,
            5,
            anmoder.bruker_id,
        )
        assert row.svart is not None
        assert {v[4] for v in await vedtak(connection, anmodning_id)} == {VedtakStatus.SENDT}

        await workflow.bekreft(tx(connection, imdi), anmodning_id, " Takk for svaret ")
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon, row.imdi_kommentar) == (
            AnmodningStatus.BEKREFTET,
            6,
            "Takk for svaret",
        )
        assert row.bekreftet is not None

        assert await hendelser(connection, anmodning_id) == [
            ("Anmodning sendt fra IMDi", "Svarfrist 2026-04-15"),
            ("Anmodning åpnet", None),
            ("Anmodning besvart", None),
            ("Svar bekreftet av IMDi", "Takk for svaret"),
        ]
        # The kommune's anmodning users hear of the new one and of the confirmation; IMDi (the
        # sender) of the answer; the Bosetter user of nothing.
        assert await varsler(connection, "Anmodning", anmodning_id) == [
            *sorted(
                [
                    (anmoder.bruker_id, "Ny anmodning om bosetting fra IMDi"),
                    (anmoder_les.bruker_id, "Ny anmodning om bosetting fra IMDi"),
                ]
            ),
            (imdi.bruker_id, "Kommunen har svart på anmodningen"),
            *sorted(
                [
                    (anmoder.bruker_id, "IMDi har bekreftet svaret på anmodningen"),
                    (anmoder_les.bruker_id, "IMDi har bekreftet svaret på anmodningen"),
                ]
            ),
        ]
        assert bosetter.bruker_id not in {
            user for user, _ in await varsler(connection, "Anmodning", anmodning_id)
        }

    async def test_a_returned_answer_is_reopened_and_sent_again(
        self, connection: AsyncConnection, imdi: Principal, anmoder: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection,
            kommunenummer=K,
            status=AnmodningStatus.SVART,
            sendt_av=imdi.bruker_id,
            tall=TALL,
            vedtak=VedtakStatus.SENDT,
        )
        await workflow.returner(tx(connection, imdi), anmodning_id, " Rett tallet for EM ")
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon, row.imdi_kommentar) == (
            AnmodningStatus.RETURNERT,
            2,
            "Rett tallet for EM",
        )
        assert row.returnert is not None
        assert {v[4] for v in await vedtak(connection, anmodning_id)} == {VedtakStatus.UTKAST}

        await workflow.apne(tx(connection, anmoder), anmodning_id)
        await workflow.registrer_vedtak(
            tx(connection, anmoder),
            anmodning_id,
            ar=AR,
            vedtak=vedtak_input((EM, 6, None)),
            vedtaksdato=None,
        )
        await workflow.godkjenn(tx(connection, anmoder), anmodning_id)
        await workflow.send_svar(tx(connection, anmoder), anmodning_id)
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon) == (AnmodningStatus.SVART, 6)
        assert await vedtak(connection, anmodning_id) == [
            (AR, EM, 6, None, VedtakStatus.SENDT),
            (AR, VOKSNE, 20, None, VedtakStatus.SENDT),
        ]
        assert [tittel for tittel, _ in await hendelser(connection, anmodning_id)] == [
            "Svar returnert av IMDi",
            "Returnert svar gjenåpnet",
            "Anmodning besvart",
        ]


class TestSend:
    async def test_one_anmodning_to_each_kommune_with_the_numbers(
        self, connection: AsyncConnection, imdi: Principal, anmoder_les: Principal
    ) -> None:
        ids = await workflow.send(
            tx(connection, imdi),
            kommuner=[K, ANNEN],
            tittel="Anmodning 2027",
            svarfrist=TODAY,
            tall=[Tall(AR, VOKSNE, 20), Tall(AR + 1, EM, 0)],
        )
        assert len(ids) == 2
        for anmodning_id, kommunenummer in zip(ids, [K, ANNEN], strict=True):
            row = await anmodning(connection, anmodning_id)
            assert (row.kommunenummer, row.tittel, row.svarfrist, row.status) == (
                kommunenummer,
                "Anmodning 2027",
                TODAY,
                AnmodningStatus.IKKE_SVART,
            )
            tall = await connection.execute(
                select(AnmodningTall.ar, AnmodningTall.kategori, AnmodningTall.antall)
                .where(AnmodningTall.anmodning_id == anmodning_id)
                .order_by(AnmodningTall.ar)
            )
            assert [tuple(t) for t in tall] == [(AR, VOKSNE, 20), (AR + 1, EM, 0)]
            assert await hendelser(connection, anmodning_id) == [
                ("Anmodning sendt fra IMDi", f"Svarfrist {TODAY}")
            ]
        assert await varsler(connection, "Anmodning", ids[0]) == [
            (anmoder_les.bruker_id, "Ny anmodning om bosetting fra IMDi")
        ]

    @pytest.mark.parametrize(
        ("kommuner", "svarfrist", "tall", "field", "code"),
        [
            ([], TODAY, [Tall(AR, VOKSNE, 1)], "kommunenummer", ErrorCode.EMPTY),
            ([K, K], TODAY, [Tall(AR, VOKSNE, 1)], "kommunenummer", ErrorCode.DUPLICATE),
            ([K], date(2026, 3, 15), [Tall(AR, VOKSNE, 1)], "svarfrist", ErrorCode.IN_PAST),
            ([K], TODAY, [], "tall", ErrorCode.EMPTY),
            (
                [K],
                TODAY,
                [Tall(AR, VOKSNE, 1), Tall(AR, VOKSNE, 2)],
                "tall",
                ErrorCode.DUPLICATE,
            ),
            ([K], TODAY, [Tall(2025, VOKSNE, 1)], "tall.ar", ErrorCode.OUT_OF_RANGE),
            ([K], TODAY, [Tall(2032, VOKSNE, 1)], "tall.ar", ErrorCode.OUT_OF_RANGE),
            ([K], TODAY, [Tall(AR, VOKSNE, -1)], "tall.antall", ErrorCode.NEGATIVE),
            ([K, "0000"], TODAY, [Tall(AR, VOKSNE, 1)], "kommunenummer", ErrorCode.NOT_FOUND),
        ],
        ids=[
            "no-kommune",
            "kommune-twice",
            "svarfrist-past",
            "no-tall",
            "tall-twice",
            "year-before",
            "year-after",
            "negative",
            "unknown-kommune",
        ],
    )
    async def test_rules(
        self,
        connection: AsyncConnection,
        imdi: Principal,
        kommuner: list[str],
        svarfrist: date,
        tall: list[Tall],
        field: str,
        code: ErrorCode,
    ) -> None:
        before = await connection.scalar(select(func.count()).select_from(Anmodning))
        error = await refusal(
            workflow.send(
                tx(connection, imdi), kommuner=kommuner, tittel=None, svarfrist=svarfrist, tall=tall
            )
        )
        assert (error.field, error.code) == (field, code)
        assert await connection.scalar(select(func.count()).select_from(Anmodning)) == before

    async def test_the_years_run_from_this_year_to_five_ahead(
        self, connection: AsyncConnection, imdi: Principal
    ) -> None:
        ids = await workflow.send(
            tx(connection, imdi),
            kommuner=[K],
            tittel=None,
            svarfrist=TODAY,
            tall=[Tall(2026, VOKSNE, 1), Tall(2031, VOKSNE, 1)],
        )
        assert (await anmodning(connection, ids[0])).tittel.endswith("Stavanger 2026-2031")


class TestPurr:
    async def test_reminds_the_kommune(
        self, connection: AsyncConnection, imdi: Principal, anmoder_les: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=AnmodningStatus.UNDER_ARBEID, tall=TALL
        )
        await workflow.purr(tx(connection, imdi), anmodning_id)
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon) == (AnmodningStatus.PURRET, 2)
        assert row.purret is not None
        assert await hendelser(connection, anmodning_id) == [("Anmodning purret", None)]
        assert await varsler(connection, "Anmodning", anmodning_id) == [
            (anmoder_les.bruker_id, "Påminnelse: anmodning om bosetting")
        ]

    async def test_an_id_that_does_not_exist(
        self, connection: AsyncConnection, imdi: Principal
    ) -> None:
        error = await refusal(
            workflow.purr(tx(connection, imdi), await missing_id(connection, Anmodning))
        )
        assert (error.field, error.code) == ("id", ErrorCode.NOT_FOUND)


class TestReturner:
    async def test_returns_the_answer_for_correction(
        self, connection: AsyncConnection, imdi: Principal, anmoder_les: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection,
            kommunenummer=K,
            status=AnmodningStatus.SVART,
            tall=TALL,
            vedtak=VedtakStatus.SENDT,
        )
        await workflow.returner(tx(connection, imdi), anmodning_id, "Rett EM")
        assert await hendelser(connection, anmodning_id) == [("Svar returnert av IMDi", "Rett EM")]
        assert await varsler(connection, "Anmodning", anmodning_id) == [
            (anmoder_les.bruker_id, "IMDi har returnert svaret på anmodningen")
        ]

    async def test_needs_a_reason(self, connection: AsyncConnection, imdi: Principal) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=AnmodningStatus.SVART, vedtak=VedtakStatus.SENDT
        )
        error = await refusal(workflow.returner(tx(connection, imdi), anmodning_id, "  "))
        assert (error.field, error.code) == ("kommentar", ErrorCode.REASON_REQUIRED)
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon) == (AnmodningStatus.SVART, 1)

    async def test_an_id_that_does_not_exist(
        self, connection: AsyncConnection, imdi: Principal
    ) -> None:
        missing = await missing_id(connection, Anmodning)
        error = await refusal(workflow.returner(tx(connection, imdi), missing, "Rett"))
        assert (error.field, error.code) == ("id", ErrorCode.NOT_FOUND)


class TestBekreft:
    async def test_without_a_comment_keeps_the_earlier_one(
        self, connection: AsyncConnection, imdi: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=AnmodningStatus.SVART, vedtak=VedtakStatus.SENDT
        )
        await workflow.kommenter(tx(connection, imdi), anmodning_id, "Fint")
        await workflow.bekreft(tx(connection, imdi), anmodning_id, "  ")
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon, row.imdi_kommentar) == (
            AnmodningStatus.BEKREFTET,
            3,
            "Fint",
        )
        assert (await hendelser(connection, anmodning_id))[-1] == ("Svar bekreftet av IMDi", None)

    async def test_an_id_that_does_not_exist(
        self, connection: AsyncConnection, imdi: Principal
    ) -> None:
        error = await refusal(
            workflow.bekreft(tx(connection, imdi), await missing_id(connection, Anmodning), None)
        )
        assert (error.field, error.code) == ("id", ErrorCode.NOT_FOUND)


class TestKommenter:
    @pytest.mark.parametrize("status", [AnmodningStatus.SVART, AnmodningStatus.BEKREFTET])
    async def test_comments_without_changing_the_status(
        self,
        connection: AsyncConnection,
        imdi: Principal,
        anmoder_les: Principal,
        status: AnmodningStatus,
    ) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=status, vedtak=VedtakStatus.SENDT
        )
        await workflow.kommenter(tx(connection, imdi), anmodning_id, " Se på EM ")
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon, row.imdi_kommentar) == (status, 2, "Se på EM")
        assert await hendelser(connection, anmodning_id) == [
            ("IMDi har kommentert svaret", "Se på EM")
        ]
        assert await varsler(connection, "Anmodning", anmodning_id) == [
            (anmoder_les.bruker_id, "IMDi har kommentert svaret på anmodningen")
        ]

    async def test_a_comment_has_text(self, connection: AsyncConnection, imdi: Principal) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=AnmodningStatus.SVART, vedtak=VedtakStatus.SENDT
        )
        error = await refusal(workflow.kommenter(tx(connection, imdi), anmodning_id, " "))
        assert (error.field, error.code) == ("kommentar", ErrorCode.EMPTY)

    async def test_an_id_that_does_not_exist(
        self, connection: AsyncConnection, imdi: Principal
    ) -> None:
        missing = await missing_id(connection, Anmodning)
        error = await refusal(workflow.kommenter(tx(connection, imdi), missing, "Fint"))
        assert (error.field, error.code) == ("id", ErrorCode.NOT_FOUND)


class TestApne:
    @pytest.mark.parametrize(
        ("status", "tittel"),
        [
            (AnmodningStatus.IKKE_SVART, "Anmodning åpnet"),
            (AnmodningStatus.PURRET, "Anmodning åpnet"),
            (AnmodningStatus.RETURNERT, "Returnert svar gjenåpnet"),
        ],
    )
    async def test_opens_it(
        self,
        connection: AsyncConnection,
        anmoder: Principal,
        status: AnmodningStatus,
        tittel: str,
    ) -> None:
        anmodning_id = await make_anmodning(connection, kommunenummer=K, status=status)
        await workflow.apne(tx(connection, anmoder), anmodning_id)
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon) == (AnmodningStatus.UNDER_ARBEID, 2)
        assert await hendelser(connection, anmodning_id) == [(tittel, None)]

    async def test_another_kommunes_is_not_found(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        other = await make_anmodning(
            connection, kommunenummer=ANNEN, status=AnmodningStatus.IKKE_SVART
        )
        await answers_not_found(
            connection,
            anmoder,
            workflow.apne,
            other,
            Anmodning,
        )
        assert (await anmodning(connection, other)).status == AnmodningStatus.IKKE_SVART


class TestRegistrerVedtak:
    async def test_replaces_the_categories_given_and_keeps_the_rest(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection,
            kommunenummer=K,
            status=AnmodningStatus.UNDER_ARBEID,
            tall=TALL,
            vedtak=VedtakStatus.UTKAST,
        )
        await workflow.registrer_vedtak(
            tx(connection, anmoder),
            anmodning_id,
            ar=AR,
            vedtak=vedtak_input((EM, 2, " Ingen fosterhjem "), (Kategori.EM_UNDER_15, 1, None)),
            vedtaksdato=date(2026, 3, 10),
        )
        assert await vedtak(connection, anmodning_id) == [
            (AR, EM, 2, "Ingen fosterhjem", VedtakStatus.UTKAST),
            (AR, Kategori.EM_UNDER_15, 1, None, VedtakStatus.UTKAST),
            (AR, VOKSNE, 20, None, VedtakStatus.UTKAST),
        ]
        written = (
            await connection.execute(
                select(Vedtak.registrert_av, Vedtak.vedtaksdato, Vedtak.kommunenummer).where(
                    Vedtak.anmodning_id == anmodning_id, Vedtak.kategori == EM
                )
            )
        ).one()
        assert tuple(written) == (anmoder.bruker_id, date(2026, 3, 10), K)
        assert (await anmodning(connection, anmodning_id)).versjon == 2

    async def test_an_approved_answer_is_stepped_back_first(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection,
            kommunenummer=K,
            status=AnmodningStatus.UNDER_ARBEID,
            tall=TALL,
            vedtak=VedtakStatus.GODKJENT,
        )
        error = await refusal(
            workflow.registrer_vedtak(
                tx(connection, anmoder),
                anmodning_id,
                ar=AR,
                vedtak=vedtak_input((EM, 4, None)),
                vedtaksdato=None,
            )
        )
        assert (error.field, error.code) == ("id", ErrorCode.APPROVED)

    @pytest.mark.parametrize(
        ("ar", "rows", "field", "code"),
        [
            (AR + 1, [(VOKSNE, 20, None)], "ar", ErrorCode.NOT_ASKED),
            (AR, [], "vedtak", ErrorCode.DUPLICATE),
            (AR, [(VOKSNE, 20, None), (VOKSNE, 21, None)], "vedtak", ErrorCode.DUPLICATE),
            (AR, [(EM, 4, None), (VOKSNE, -1, "x")], "vedtak[1].antall", ErrorCode.NEGATIVE),
            (AR, [(EM, 4, None), (VOKSNE, 19, None)], "vedtak[1].begrunnelse", REASON),
            (AR, [(VOKSNE, 0, "  ")], "vedtak[0].begrunnelse", REASON),
        ],
        ids=["year-not-asked", "none", "category-twice", "negative", "fewer", "blank-reason"],
    )
    async def test_rules(
        self,
        connection: AsyncConnection,
        anmoder: Principal,
        ar: int,
        rows: list[tuple[Kategori, int, str | None]],
        field: str,
        code: ErrorCode,
    ) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=AnmodningStatus.UNDER_ARBEID, tall=TALL
        )
        error = await refusal(
            workflow.registrer_vedtak(
                tx(connection, anmoder),
                anmodning_id,
                ar=ar,
                vedtak=vedtak_input(*rows),
                vedtaksdato=None,
            )
        )
        assert (error.field, error.code) == (field, code)
        assert await vedtak(connection, anmodning_id) == []

    async def test_fewer_than_asked_names_the_numbers(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=AnmodningStatus.UNDER_ARBEID, tall=TALL
        )
        error = await refusal(
            workflow.registrer_vedtak(
                tx(connection, anmoder),
                anmodning_id,
                ar=AR,
                vedtak=vedtak_input((VOKSNE, 15, None)),
                vedtaksdato=None,
            )
        )
        assert error.message == (
            "ENSLIGE_VOKSNE_OG_FAMILIER: 15 is fewer than the 20 asked for; give the reason"
        )

    async def test_a_category_not_asked_for_needs_no_reason(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=AnmodningStatus.UNDER_ARBEID, tall=TALL
        )
        await workflow.registrer_vedtak(
            tx(connection, anmoder),
            anmodning_id,
            ar=AR,
            vedtak=vedtak_input((Kategori.EM_UNDER_15, 0, None)),
            vedtaksdato=None,
        )
        assert await vedtak(connection, anmodning_id) == [
            (AR, Kategori.EM_UNDER_15, 0, None, VedtakStatus.UTKAST)
        ]

    async def test_another_kommunes_is_not_found(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        other = await make_anmodning(
            connection, kommunenummer=ANNEN, status=AnmodningStatus.UNDER_ARBEID, tall=TALL
        )

        async def register(t: Tx, anmodning_id: int) -> None:
            await workflow.registrer_vedtak(
                t, anmodning_id, ar=AR, vedtak=vedtak_input((EM, 4, None)), vedtaksdato=None
            )

        await answers_not_found(connection, anmoder, register, other, Anmodning)
        assert await vedtak(connection, other) == []


class TestGodkjenn:
    async def test_approves_every_vedtak(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection,
            kommunenummer=K,
            status=AnmodningStatus.UNDER_ARBEID,
            tall=TALL,
            vedtak=VedtakStatus.UTKAST,
        )
        await workflow.godkjenn(tx(connection, anmoder), anmodning_id)
        assert {v[4] for v in await vedtak(connection, anmodning_id)} == {VedtakStatus.GODKJENT}
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon) == (AnmodningStatus.UNDER_ARBEID, 2)

    async def test_every_year_and_category_asked_needs_a_vedtak(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=AnmodningStatus.UNDER_ARBEID, tall=TALL
        )
        await workflow.registrer_vedtak(
            tx(connection, anmoder),
            anmodning_id,
            ar=AR,
            vedtak=vedtak_input((VOKSNE, 20, None)),
            vedtaksdato=None,
        )
        error = await refusal(workflow.godkjenn(tx(connection, anmoder), anmodning_id))
        assert (error.field, error.code, error.message) == (
            "vedtak",
            ErrorCode.VEDTAK_MISSING,
            f"register a vedtak for {AR} EM_15_18",
        )
        assert {v[4] for v in await vedtak(connection, anmodning_id)} == {VedtakStatus.UTKAST}

    async def test_another_kommunes_is_not_found(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        other = await make_anmodning(
            connection,
            kommunenummer=ANNEN,
            status=AnmodningStatus.UNDER_ARBEID,
            tall=TALL,
            vedtak=VedtakStatus.UTKAST,
        )
        await answers_not_found(
            connection,
            anmoder,
            workflow.godkjenn,
            other,
            Anmodning,
        )
        assert {v[4] for v in await vedtak(connection, other)} == {VedtakStatus.UTKAST}


class TestAngre:
    async def test_steps_back_to_drafts(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection,
            kommunenummer=K,
            status=AnmodningStatus.UNDER_ARBEID,
            tall=TALL,
            vedtak=VedtakStatus.GODKJENT,
        )
        await workflow.angre(tx(connection, anmoder), anmodning_id)
        assert {v[4] for v in await vedtak(connection, anmodning_id)} == {VedtakStatus.UTKAST}
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon) == (AnmodningStatus.UNDER_ARBEID, 2)

    async def test_another_kommunes_is_not_found(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        other = await make_anmodning(
            connection,
            kommunenummer=ANNEN,
            status=AnmodningStatus.UNDER_ARBEID,
            tall=TALL,
            vedtak=VedtakStatus.GODKJENT,
        )
        await answers_not_found(
            connection,
            anmoder,
            workflow.angre,
            other,
            Anmodning,
        )
        assert {v[4] for v in await vedtak(connection, other)} == {VedtakStatus.GODKJENT}


class TestSendSvar:
    async def test_without_a_sender_every_imdi_saksbehandler_hears(
        self, connection: AsyncConnection, imdi: Principal, anmoder: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection,
            kommunenummer=K,
            status=AnmodningStatus.UNDER_ARBEID,
            tall=TALL,
            vedtak=VedtakStatus.GODKJENT,
        )
        await workflow.send_svar(tx(connection, anmoder), anmodning_id)
        told = {user for user, _ in await varsler(connection, "Anmodning", anmodning_id)}
        assert imdi.bruker_id in told
        assert anmoder.bruker_id not in told

    @pytest.mark.parametrize("drafts", [True, False], ids=["not-approved", "no-vedtak"])
    async def test_the_answer_is_approved_first(
        self, connection: AsyncConnection, anmoder: Principal, drafts: bool
    ) -> None:
        anmodning_id = await make_anmodning(
            connection,
            kommunenummer=K,
            status=AnmodningStatus.UNDER_ARBEID,
            tall=TALL,
            vedtak=VedtakStatus.UTKAST if drafts else None,
        )
        error = await refusal(workflow.send_svar(tx(connection, anmoder), anmodning_id))
        assert (error.field, error.code) == ("id", ErrorCode.NOT_APPROVED)
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon) == (AnmodningStatus.UNDER_ARBEID, 1)

    @pytest.mark.parametrize("status", [AnmodningStatus.SVART, AnmodningStatus.BEKREFTET])
    async def test_an_answered_one_is_already_answered(
        self, connection: AsyncConnection, anmoder: Principal, status: AnmodningStatus
    ) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=status, tall=TALL, vedtak=VedtakStatus.SENDT
        )
        error = await refusal(workflow.send_svar(tx(connection, anmoder), anmodning_id))
        assert (error.field, error.code) == ("id", ErrorCode.ALREADY_ANSWERED)

    async def test_another_kommunes_is_not_found(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        other = await make_anmodning(
            connection,
            kommunenummer=ANNEN,
            status=AnmodningStatus.UNDER_ARBEID,
            tall=TALL,
            vedtak=VedtakStatus.GODKJENT,
        )
        await answers_not_found(
            connection,
            anmoder,
            workflow.send_svar,
            other,
            Anmodning,
        )
        assert (await anmodning(connection, other)).status == AnmodningStatus.UNDER_ARBEID


class TestEndreSvarfrist:
    async def test_moves_it_with_a_reason_and_tells_the_sender(
        self, connection: AsyncConnection, imdi: Principal, anmoder: Principal
    ) -> None:
        anmodning_id = await make_anmodning(
            connection,
            kommunenummer=K,
            status=AnmodningStatus.IKKE_SVART,
            sendt_av=imdi.bruker_id,
            svarfrist=date(2026, 4, 1),
        )
        await workflow.endre_svarfrist(
            tx(connection, anmoder), anmodning_id, TODAY, " Kommunestyret møtes senere "
        )
        row = await anmodning(connection, anmodning_id)
        assert (row.status, row.versjon, row.svarfrist) == (
            AnmodningStatus.IKKE_SVART,
            2,
            TODAY,
        )
        [detaljer] = (
            await connection.scalars(
                select(Hendelse.detaljer).where(
                    Hendelse.detaljer["anmodningId"].as_integer() == anmodning_id
                )
            )
        ).all()
        assert detaljer == {"anmodningId": anmodning_id, "fra": "2026-04-01", "til": "2026-03-16"}
        assert await hendelser(connection, anmodning_id) == [
            ("Svarfrist endret", "Kommunestyret møtes senere")
        ]
        assert await varsler(connection, "Anmodning", anmodning_id) == [
            (imdi.bruker_id, "Kommunen har endret svarfristen")
        ]

    @pytest.mark.parametrize(
        ("svarfrist", "begrunnelse", "field", "code"),
        [
            (date(2026, 5, 1), " ", "begrunnelse", ErrorCode.REASON_REQUIRED),
            (date(2026, 3, 15), "Senere møte", "svarfrist", ErrorCode.IN_PAST),
        ],
        ids=["no-reason", "in-past"],
    )
    async def test_rules(
        self,
        connection: AsyncConnection,
        anmoder: Principal,
        svarfrist: date,
        begrunnelse: str,
        field: str,
        code: ErrorCode,
    ) -> None:
        anmodning_id = await make_anmodning(
            connection, kommunenummer=K, status=AnmodningStatus.UNDER_ARBEID
        )
        error = await refusal(
            workflow.endre_svarfrist(tx(connection, anmoder), anmodning_id, svarfrist, begrunnelse)
        )
        assert (error.field, error.code) == (field, code)
        assert (await anmodning(connection, anmodning_id)).svarfrist == date(2026, 4, 1)

    async def test_another_kommunes_is_not_found(
        self, connection: AsyncConnection, anmoder: Principal
    ) -> None:
        other = await make_anmodning(
            connection, kommunenummer=ANNEN, status=AnmodningStatus.IKKE_SVART
        )

        async def move(t: Tx, anmodning_id: int) -> None:
            await workflow.endre_svarfrist(t, anmodning_id, date(2026, 5, 1), "Senere møte")

        await answers_not_found(connection, anmoder, move, other, Anmodning)
        assert (await anmodning(connection, other)).svarfrist == date(2026, 4, 1)
