"""Source systems' writes (issue 16, part 1): UDB's grunndata, SESAM's residents, Selvreg's
self-registered records, IMDi's case workers' personmappe."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, TypeVar

from authz.policy import Handling
from resolvers.steps import run_step
from resolvers.workflows import imdi_personmappe, selvreg, sesam, udb
from resolvers.workflows.kilder import Resultat
from resolvers.workflows.kompetanse import Kompetanseendring, Oppforing, Sprakoppforing
from resolvers.workflows.tx import Tx
from schema import bounds
from schema.context import Ctx
from schema.errors import UserError
from schema.kilde import (
    MAKS_OPPFORINGER,
    ImdiHelseInput,
    KarriereveiledningInput,
    Kilderesultat,
    KildeskrivingPayload,
    KompetanseInput,
    SelvregPersonInput,
    SesamPersonInput,
    SprakInput,
    UdbPersonInput,
)

MAKS_PERSONER = 100
"""Persons in one delivery."""
T = TypeVar("T")

Idempotensnokkel = Annotated[
    str,
    bounds.argument(
        "The delivery's own key: the same key again changes nothing and gets the same answer.",
        length=bounds.IDEMPOTENSNOKKEL,
    ),
]


def _endring(
    sprak: list[SprakInput] | None,
    fjern_sprak: list[str] | None,
    kompetanse: Sequence[KompetanseInput] | None,
    fjern_kompetanse: list[str] | None,
) -> Kompetanseendring:
    return Kompetanseendring(
        sprak=[
            Sprakoppforing(
                sprak=s.sprak, tale=s.tale, lese=s.lese, skrive=s.skrive, morsmal=s.morsmal
            )
            for s in sprak or ()
        ],
        fjern_sprak=list(fjern_sprak or ()),
        kompetanse=[_oppforing(k) for k in kompetanse or ()],
        fjern_kompetanse=list(fjern_kompetanse or ()),
    )


def _oppforing(given: KompetanseInput) -> Oppforing:
    som_skrevet = getattr(given, "som_skrevet", None)
    return Oppforing(
        nokkel=given.nokkel,
        type=given.type,
        tittel=given.tittel,
        beskrivelse=given.beskrivelse,
        land=given.land,
        fra_ar=given.fra_ar,
        til_ar=given.til_ar,
        antall_ar=given.antall_ar,
        fullfort=given.fullfort,
        som_skrevet=None
        if som_skrevet is None
        else {
            "tittel": som_skrevet.tittel,
            "beskrivelse": som_skrevet.beskrivelse,
            "land": som_skrevet.land,
            "fraAr": som_skrevet.fra_ar,
            "tilAr": som_skrevet.til_ar,
            "fullfort": som_skrevet.fullfort,
            "sprak": som_skrevet.sprak,
        },
    )


async def _lever(
    info: Ctx,
    handling: Handling,
    items: list[T],
    nokkel: str,
    skriv: Callable[[Tx, list[T], str], Awaitable[tuple[list[Resultat], bool]]],
) -> KildeskrivingPayload:
    async def step(tx: Tx) -> tuple[list[Resultat], bool]:
        return await skriv(tx, items, nokkel.strip())

    outcome = await run_step(info.context, handling, step)
    assert outcome.value is not None, "a delivery refuses person by person"
    resultater, gjentatt = outcome.value
    return KildeskrivingPayload(
        resultater=[
            Kilderesultat(
                duf_nr=r.duf_nr,
                status=r.status,
                feil=[UserError(field=f.field, message=f.message, code=f.code) for f in r.feil],
            )
            for r in resultater
        ],
        gjentatt=gjentatt,
    )


async def udb_personer(
    info: Ctx,
    personer: Annotated[
        list[UdbPersonInput],
        bounds.argument(
            "The persons, created or updated by DUF-nr; each stands alone.", items=MAKS_PERSONER
        ),
    ],
    idempotensnokkel: Idempotensnokkel,
) -> KildeskrivingPayload | None:
    given = [
        udb.UdbPerson(**{name: getattr(p, name) for name in udb.UdbPerson.__dataclass_fields__})
        for p in personer
    ]
    return await _lever(info, Handling.SKRIVE_UDB, given, idempotensnokkel, udb.personer)


async def sesam_personer(
    info: Ctx,
    personer: Annotated[
        list[SesamPersonInput],
        bounds.argument("The residents, each standing alone.", items=MAKS_PERSONER),
    ],
    idempotensnokkel: Idempotensnokkel,
) -> KildeskrivingPayload | None:
    given = [
        sesam.SesamPerson(
            duf_nr=p.duf_nr,
            kontaktinformasjon=None
            if p.kontaktinformasjon is None
            else sesam.SesamKontakt(
                adresse=p.kontaktinformasjon.adresse,
                postnummer=p.kontaktinformasjon.postnummer,
                poststed=p.kontaktinformasjon.poststed,
                epost=p.kontaktinformasjon.epost,
                telefon=p.kontaktinformasjon.telefon,
            ),
            bosettingsmerknad=p.bosettingsmerknad,
            bosettingsrelevant_helseinfo=p.bosettingsrelevant_helseinfo,
            mottak=p.mottak,
        )
        for p in personer
    ]
    return await _lever(info, Handling.SKRIVE_SESAM, given, idempotensnokkel, sesam.personer)


async def selvreg_personer(
    info: Ctx,
    personer: Annotated[
        list[SelvregPersonInput],
        bounds.argument("The persons' records, each standing alone.", items=MAKS_PERSONER),
    ],
    idempotensnokkel: Idempotensnokkel,
) -> KildeskrivingPayload | None:
    given = [
        selvreg.SelvregPerson(
            duf_nr=p.duf_nr,
            kompetanse=_endring(p.sprak, p.fjern_sprak, p.kompetanse, p.fjern_kompetanse),
        )
        for p in personer
    ]
    return await _lever(info, Handling.SKRIVE_SELVREG, given, idempotensnokkel, selvreg.personer)


async def oppdater_personmappe(
    info: Ctx,
    duf_nr: bounds.DufNr,
    idempotensnokkel: Idempotensnokkel,
    sosial_informasjon: Annotated[
        str | None,
        bounds.argument(
            "Sosial informasjon; null: left as it is; empty: removed.", length=bounds.NOTAT
        ),
    ] = None,
    helseinformasjon: Annotated[
        ImdiHelseInput | None,
        bounds.argument("The whole helseinformasjon, replacing IMDi's; null: left as it is."),
    ] = None,
    karriereveiledning: Annotated[
        KarriereveiledningInput | None,
        bounds.argument("A conversation to add; null: none."),
    ] = None,
    sprak: Annotated[
        list[SprakInput] | None,
        bounds.argument("IMDi's languages to write (upserted by name).", items=MAKS_OPPFORINGER),
    ] = None,
    fjern_sprak: Annotated[
        list[str] | None,
        bounds.argument(
            "IMDi's languages to remove, by name.",
            items=MAKS_OPPFORINGER,
            item_length=bounds.TITTEL,
        ),
    ] = None,
    kompetanse: Annotated[
        list[KompetanseInput] | None,
        bounds.argument(
            "IMDi's kompetanse entries to write (upserted by their nokkel).", items=MAKS_OPPFORINGER
        ),
    ] = None,
    fjern_kompetanse: Annotated[
        list[str] | None,
        bounds.argument(
            "IMDi's entries to remove, by their nokkel.",
            items=MAKS_OPPFORINGER,
            item_length=bounds.KILDENOKKEL,
        ),
    ] = None,
) -> KildeskrivingPayload | None:
    mappe = imdi_personmappe.ImdiPersonmappe(
        duf_nr=duf_nr,
        sosial_informasjon=sosial_informasjon,
        helseinformasjon=None
        if helseinformasjon is None
        else imdi_personmappe.Helse(
            bosettingsrelevant_helseinfo=helseinformasjon.bosettingsrelevant_helseinfo,
            svangerskap=helseinformasjon.svangerskap,
            termin=helseinformasjon.termin,
            helsetilstand=helseinformasjon.helsetilstand,
        ),
        karriereveiledning=None
        if karriereveiledning is None
        else imdi_personmappe.Samtale(
            dato=karriereveiledning.dato,
            notat=karriereveiledning.notat,
            malsetting=karriereveiledning.malsetting,
            anbefaling=karriereveiledning.anbefaling,
        ),
        kompetanse=_endring(sprak, fjern_sprak, kompetanse, fjern_kompetanse),
    )

    async def skriv(
        tx: Tx, items: list[imdi_personmappe.ImdiPersonmappe], nokkel: str
    ) -> tuple[list[Resultat], bool]:
        return await imdi_personmappe.personmappe(tx, items[0], nokkel)

    return await _lever(info, Handling.SKRIVE_PERSONMAPPE, [mappe], idempotensnokkel, skriv)
