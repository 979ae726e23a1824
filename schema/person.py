"""The Person type, its personmappe sections, and its family.

A Person object carries its row and the access decision made for it (``tilgang``); every
field is guarded by the permission class of its sensitivity class. Reading a personmappe
section records it in the request's innsynslogg.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from authz.permissions import LeseGrunndata, LeseIdentitet, LesePersonmappe
from authz.policy import Tilgang
from authz.scope import tilgang as avgjor_tilgang
from models.enums import Familierolle
from resolvers.loaders import HendelseFilter
from schema import bounds
from schema.context import Context
from schema.enums import (
    BindendeTilknytning,
    Bosettingsstatus,
    Botilbud,
    Familierelasjon,
    Ferdighetsniva,
    HendelseType,
    Kategori,
    Kilde,
    Kjonn,
    KompetanseType,
    Omrade,
    Personmappeseksjon,
    PersonnummerType,
    Sakstype,
)
from schema.errors import ForbiddenError
from schema.executor import trenger_bare_kontekst
from schema.pagination import Connection, Edge, PageInfo, encode_cursor, keyset_after, page_size

Ctx = Info[Context, None]


def alder(fodselsdato: date, today: date) -> int:
    before_birthday = (today.month, today.day) < (fodselsdato.month, fodselsdato.day)
    return today.year - fodselsdato.year - int(before_birthday)


def kategori(enslig_mindrearig: bool, age: int) -> Kategori:
    if enslig_mindrearig and age < 15:
        return Kategori.EM_UNDER_15
    if enslig_mindrearig and age < 18:
        return Kategori.EM_15_18
    return Kategori.ENSLIGE_VOKSNE_OG_FAMILIER


def familierelasjon(person: Familierolle, medlem: Familierolle) -> Familierelasjon:
    """How ``medlem`` relates to ``person`` in the same family case."""
    foreldre = (Familierolle.HOVEDPERSON, Familierolle.EKTEFELLE)
    if person in foreldre and medlem in foreldre:
        return Familierelasjon.EKTEFELLE
    if person in foreldre and medlem == Familierolle.BARN:
        return Familierelasjon.BARN
    if person == Familierolle.BARN and medlem in foreldre:
        return Familierelasjon.FORELDER
    if person == Familierolle.BARN and medlem == Familierolle.BARN:
        return Familierelasjon.SOSKEN
    return Familierelasjon.ANNEN


@strawberry.type(description="Which classes of this person the caller may read.")
class PersonTilgang:
    identitet: bool = strawberry.field(description="DUF-nr, name and bosettingsstatus.")
    grunndata: bool = strawberry.field(description="The rest of grunndata and its details.")
    personmappe: bool = strawberry.field(
        description="Kontakt, bosettingsinformasjon, helse, sosial, kompetanse, hendelser."
    )


@strawberry.type
class Kontaktinformasjon:
    adresse: str | None
    postnummer: str | None
    poststed: str | None
    epost: str | None
    telefon: str | None
    kilde: Kilde


@strawberry.type
class Bosettingsinformasjon:
    bindende_tilknytning: BindendeTilknytning | None
    bindende_tilknytning_kommunenummer: str | None
    bindende_tilknytning_merknad: str | None
    veiledende_tilknytning: str | None
    familiebolig: str | None
    familiemerknad: str | None
    tilknyttede_saker: str | None
    bofellesskap: str | None
    verge_for_bosetting: str | None
    folgeperson: str | None
    bosettingsmerknad: str | None
    kilde: Kilde


@strawberry.type
class Helseinformasjon:
    bosettingsrelevant_helseinfo: str | None
    svangerskap: str | None
    termin: date | None
    helsetilstand: str | None
    kilde: Kilde


@strawberry.type
class SosialInformasjon:
    tekst: str
    kilde: Kilde


@strawberry.type(description="One language: speaking, reading and writing level, and source.")
class Sprak:
    sprak: str
    morsmal: bool
    tale: Ferdighetsniva
    lese: Ferdighetsniva
    skrive: Ferdighetsniva
    kilde: Kilde
    registrert: date


@strawberry.type(description="An entry of yrke, yrkesønske, utdanning, ferdighet or interesse.")
class Kompetanseoppforing:
    type: KompetanseType
    tittel: str
    beskrivelse: str | None
    land: str | None
    fra_ar: int | None
    til_ar: int | None
    antall_ar: int | None
    fullfort: bool | None
    kilde: Kilde
    registrert: date


@strawberry.type(description="The remark fields of the kompetanse screens.")
class Kompetansemerknader:
    yrkesmerknad: str | None
    utdanningsmerknad: str | None
    annen_kompetanse: str | None
    merknad_annen_kompetanse: str | None
    merknad_andre_ferdigheter: str | None
    interesser_mottak_imdi: str | None


@strawberry.type(description="About the registration: Selvreg on a mottak, or IMDi's interview.")
class OmRegistreringen:
    tekst: str | None
    dato: date | None
    kilde: Kilde


@strawberry.type
class Karriereveiledning:
    dato: date
    veileder: str
    malsetting: str | None
    anbefaling: str | None
    notat: str
    kilde: Kilde


def _kompetanse_av_type(rows: list[Any], kind: KompetanseType) -> list[Kompetanseoppforing]:
    return [
        Kompetanseoppforing(
            type=KompetanseType(row.type),
            tittel=row.tittel,
            beskrivelse=row.beskrivelse,
            land=row.land,
            fra_ar=row.fra_ar,
            til_ar=row.til_ar,
            antall_ar=row.antall_ar,
            fullfort=row.fullfort,
            kilde=Kilde(row.kilde),
            registrert=row.registrert,
        )
        for row in rows
        if row.type == kind
    ]


T = TypeVar("T")


def fra_loader(info: Ctx, loader: str, person_id: int, build: Callable[[Any], T]) -> T:
    """A section built from its rows: at once when they were preloaded for the whole list
    (resolvers/forhandslast.py), else an awaitable that loads them, batched as before
    (graphql-core awaits what a resolver returns)."""
    loaded = info.context.forhandslastet.get(loader)
    if loaded is not None and person_id in loaded:
        return build(loaded[person_id])

    async def later() -> T:
        return build(await getattr(info.context.loaders, loader).load(person_id))

    return cast(T, later())


def _sprak(rows: list[Any]) -> list[Sprak]:
    return [
        Sprak(
            sprak=row.sprak,
            morsmal=row.morsmal,
            tale=Ferdighetsniva(row.tale),
            lese=Ferdighetsniva(row.lese),
            skrive=Ferdighetsniva(row.skrive),
            kilde=Kilde(row.kilde),
            registrert=row.registrert,
        )
        for row in rows
    ]


def _av_type(kind: KompetanseType) -> Callable[[list[Any]], list[Kompetanseoppforing]]:
    return lambda rows: _kompetanse_av_type(rows, kind)


def _merknader(row: Any) -> Kompetansemerknader | None:
    if row is None:
        return None
    return Kompetansemerknader(
        yrkesmerknad=row.yrkesmerknad,
        utdanningsmerknad=row.utdanningsmerknad,
        annen_kompetanse=row.annen_kompetanse,
        merknad_annen_kompetanse=row.merknad_annen_kompetanse,
        merknad_andre_ferdigheter=row.merknad_andre_ferdigheter,
        interesser_mottak_imdi=row.interesser_mottak_imdi,
    )


def _om_registreringen(row: Any) -> OmRegistreringen | None:
    if row is None:
        return None
    return OmRegistreringen(
        tekst=row.om_registreringen,
        dato=row.registreringsdato,
        kilde=Kilde(row.registreringskilde),
    )


def _karriereveiledning(rows: list[Any]) -> list[Karriereveiledning]:
    return [
        Karriereveiledning(
            dato=row.dato,
            veileder=row.veileder,
            malsetting=row.malsetting,
            anbefaling=row.anbefaling,
            notat=row.notat,
            kilde=Kilde(row.kilde),
        )
        for row in rows
    ]


def _kontakt(row: Any) -> Kontaktinformasjon | None:
    if row is None:
        return None
    return Kontaktinformasjon(
        adresse=row.adresse,
        postnummer=row.postnummer,
        poststed=row.poststed,
        epost=row.epost,
        telefon=row.telefon,
        kilde=Kilde(row.kilde),
    )


def _bosettingsinfo(row: Any) -> Bosettingsinformasjon | None:
    if row is None:
        return None
    return Bosettingsinformasjon(
        bindende_tilknytning=(
            None
            if row.bindende_tilknytning is None
            else BindendeTilknytning(row.bindende_tilknytning)
        ),
        bindende_tilknytning_kommunenummer=row.bindende_tilknytning_kommune,
        bindende_tilknytning_merknad=row.bindende_tilknytning_merknad,
        veiledende_tilknytning=row.veiledende_tilknytning,
        familiebolig=row.familiebolig,
        familiemerknad=row.familiemerknad,
        tilknyttede_saker=row.tilknyttede_saker,
        bofellesskap=row.bofellesskap,
        verge_for_bosetting=row.verge_for_bosetting,
        folgeperson=row.folgeperson,
        bosettingsmerknad=row.bosettingsmerknad,
        kilde=Kilde(row.kilde),
    )


def _helse(row: Any) -> Helseinformasjon | None:
    if row is None:
        return None
    return Helseinformasjon(
        bosettingsrelevant_helseinfo=row.bosettingsrelevant_helseinfo,
        svangerskap=row.svangerskap,
        termin=row.termin,
        helsetilstand=row.helsetilstand,
        kilde=Kilde(row.kilde),
    )


def _sosial(row: Any) -> SosialInformasjon | None:
    return None if row is None else SosialInformasjon(tekst=row.tekst, kilde=Kilde(row.kilde))


@strawberry.type(description="Kompetanse: never written by a kommune; each entry has its source.")
class Kompetanse:
    person_id: strawberry.Private[int]

    @strawberry.field
    @trenger_bare_kontekst
    def sprak(self, info: Ctx) -> list[Sprak]:
        return fra_loader(info, "sprak", self.person_id, _sprak)

    @strawberry.field
    @trenger_bare_kontekst
    def yrker(self, info: Ctx) -> list[Kompetanseoppforing]:
        return fra_loader(info, "kompetanse", self.person_id, _av_type(KompetanseType.YRKE))

    @strawberry.field
    @trenger_bare_kontekst
    def yrkesonsker(self, info: Ctx) -> list[Kompetanseoppforing]:
        return fra_loader(info, "kompetanse", self.person_id, _av_type(KompetanseType.YRKESONSKE))

    @strawberry.field
    @trenger_bare_kontekst
    def utdanning(self, info: Ctx) -> list[Kompetanseoppforing]:
        return fra_loader(info, "kompetanse", self.person_id, _av_type(KompetanseType.UTDANNING))

    @strawberry.field
    def andre_ferdigheter(self, info: Ctx) -> list[Kompetanseoppforing]:
        return fra_loader(
            info, "kompetanse", self.person_id, _av_type(KompetanseType.ANNEN_FERDIGHET)
        )

    @strawberry.field
    @trenger_bare_kontekst
    def interesser(self, info: Ctx) -> list[Kompetanseoppforing]:
        return fra_loader(info, "kompetanse", self.person_id, _av_type(KompetanseType.INTERESSE))

    @strawberry.field
    @trenger_bare_kontekst
    def merknader(self, info: Ctx) -> Kompetansemerknader | None:
        return fra_loader(info, "kompetansemerknad", self.person_id, _merknader)

    @strawberry.field
    @trenger_bare_kontekst
    def om_registreringen(self, info: Ctx) -> OmRegistreringen | None:
        return fra_loader(info, "kompetansemerknad", self.person_id, _om_registreringen)

    @strawberry.field
    @trenger_bare_kontekst
    def karriereveiledning(self, info: Ctx) -> list[Karriereveiledning]:
        return fra_loader(info, "karriereveiledning", self.person_id, _karriereveiledning)


def hendelse_fields(row: Any) -> dict[str, Any]:
    """The fields of a hendelse row (with ``forfatter`` and ``organisasjon`` joined in)."""
    return {
        "id": strawberry.ID(str(row.id)),
        "type": HendelseType(row.type),
        "omrade": Omrade(row.omrade),
        "kommunenummer": row.kommunenummer,
        "tittel": row.tittel,
        "tekst": row.tekst,
        "detaljer": row.detaljer,
        "tidspunkt": row.tidspunkt,
        "opprettet_av": row.forfatter,
        "organisasjon": row.organisasjon,
    }


@strawberry.type(description="A logged event on a person: a systemhendelse or a notat.")
class Hendelse:
    id: strawberry.ID
    type: HendelseType
    omrade: Omrade
    kommunenummer: str | None
    tittel: str
    tekst: str | None
    detaljer: JSON
    tidspunkt: datetime
    opprettet_av: str | None = strawberry.field(description="Who wrote a notat; null: system.")
    organisasjon: str | None


@strawberry.type(description="The person's settlement: the kommune it is søkt ut to, and when.")
class Bosetting:
    kommunenummer: str
    sokt_ut_dato: date
    bosettingsdato: date | None


@strawberry.type(description="Grunndata – detaljer.")
class GrunndataDetaljer:
    sivilstand: str | None
    morsmal: str | None
    religion: str | None
    botilbud: Botilbud
    mottak: str | None
    vedtak_opphold_dato: date | None
    bosettingsklar_dato: date | None
    bosetting: Bosetting | None


@strawberry.type(description="A family member (same registreringsnummer): relation, sex and age.")
class Familiemedlem:
    person_id: strawberry.Private[int]
    relasjon: Familierelasjon
    kjonn: Kjonn
    alder: int
    maskert: strawberry.Private[bool]
    """The caller reached the family only through an exact DUF-nr lookup of one member."""

    @strawberry.field(
        description="The member as a Person: only when the caller may read the member itself,"
        " and never in the family of a person the caller knows only by an exact DUF-nr lookup."
    )
    async def person(self, info: Ctx) -> Person | None:
        if self.maskert:
            # DOMAIN.md "Family under a DUF-nr lookup": even a member bosatt in K stays masked,
            # or the lookup would tie the looked-up person to a family in K.
            raise ForbiddenError()
        principal = info.context.caller
        row = await info.context.loaders.person.load(self.person_id)
        if row is None:
            raise ForbiddenError()
        decided = avgjor_tilgang(principal, row, duf_oppslag=False, today=info.context.today)
        if not decided.grunndata:
            raise ForbiddenError()
        return Person(rad=row, tilgang=decided)


@bounds.checked
@strawberry.type(description="A person. Each field is visible by its class; see `tilgang`.")
class Person:
    rad: strawberry.Private[Any]
    tilgang: strawberry.Private[Tilgang]

    @strawberry.field(name="tilgang", description="Which classes the caller may read.")
    def tilgang_field(self) -> PersonTilgang:
        return PersonTilgang(
            identitet=self.tilgang.identitet,
            grunndata=self.tilgang.grunndata,
            personmappe=self.tilgang.personmappe,
        )

    # -- identitet ---------------------------------------------------------------------
    @strawberry.field(permission_classes=[LeseIdentitet], description="DUF-nummer, 12 digits.")
    def duf_nr(self) -> str | None:
        return str(self.rad.duf_nr)

    @strawberry.field(permission_classes=[LeseIdentitet])
    def fornavn(self) -> str | None:
        return str(self.rad.fornavn)

    @strawberry.field(permission_classes=[LeseIdentitet])
    def mellomnavn(self) -> str | None:
        return self.rad.mellomnavn  # type: ignore[no-any-return]

    @strawberry.field(permission_classes=[LeseIdentitet])
    def etternavn(self) -> str | None:
        return str(self.rad.etternavn)

    @strawberry.field(permission_classes=[LeseIdentitet], description="The full name.")
    def navn(self) -> str | None:
        parts = (self.rad.fornavn, self.rad.mellomnavn, self.rad.etternavn)
        return " ".join(part for part in parts if part)

    @strawberry.field(permission_classes=[LeseIdentitet])
    def bosettingsstatus(self) -> Bosettingsstatus | None:
        return Bosettingsstatus(self.rad.bosettingsstatus)

    # -- grunndata ---------------------------------------------------------------------
    @strawberry.field(permission_classes=[LeseGrunndata])
    def fodselsdato(self) -> date | None:
        return self.rad.fodselsdato  # type: ignore[no-any-return]

    @strawberry.field(permission_classes=[LeseGrunndata])
    @trenger_bare_kontekst
    def alder(self, info: Ctx) -> int | None:
        return alder(self.rad.fodselsdato, info.context.today)

    @strawberry.field(permission_classes=[LeseGrunndata])
    def kjonn(self) -> Kjonn | None:
        return Kjonn(self.rad.kjonn)

    @strawberry.field(permission_classes=[LeseGrunndata], description="ISO 3166-1 alpha-3.")
    def nasjonalitet(self) -> str | None:
        return str(self.rad.nasjonalitet)

    @strawberry.field(permission_classes=[LeseGrunndata], description="Fødselsnummer or D-nummer.")
    def personnummer(self) -> str | None:
        return self.rad.personnummer  # type: ignore[no-any-return]

    @strawberry.field(permission_classes=[LeseGrunndata])
    def personnummer_type(self) -> PersonnummerType | None:
        value = self.rad.personnummer_type
        return None if value is None else PersonnummerType(value)

    @strawberry.field(permission_classes=[LeseGrunndata], description="Shared by a family case.")
    def registreringsnummer(self) -> str | None:
        return str(self.rad.registreringsnummer)

    @strawberry.field(permission_classes=[LeseGrunndata])
    def sakstype(self) -> Sakstype | None:
        return Sakstype(self.rad.sakstype)

    @strawberry.field(permission_classes=[LeseGrunndata])
    def enslig_mindrearig(self) -> bool | None:
        return bool(self.rad.enslig_mindrearig)

    @strawberry.field(permission_classes=[LeseGrunndata])
    @trenger_bare_kontekst
    def kategori(self, info: Ctx) -> Kategori | None:
        return kategori(self.rad.enslig_mindrearig, alder(self.rad.fodselsdato, info.context.today))

    @strawberry.field(permission_classes=[LeseGrunndata])
    def grunndata_detaljer(self) -> GrunndataDetaljer | None:
        row = self.rad
        bosetting = None
        if row.utsoking_kommune is not None:
            bosetting = Bosetting(
                kommunenummer=row.utsoking_kommune,
                sokt_ut_dato=row.sokt_ut_dato,
                bosettingsdato=row.bosettingsdato,
            )
        return GrunndataDetaljer(
            sivilstand=row.sivilstand,
            morsmal=row.morsmal,
            religion=row.religion,
            botilbud=Botilbud(row.botilbud),
            mottak=row.mottak,
            vedtak_opphold_dato=row.vedtak_opphold_dato,
            bosettingsklar_dato=row.bosettingsklar_dato,
            bosetting=bosetting,
        )

    # -- family (identitet: relation, sex and age only) ----------------------------------
    @strawberry.field(
        permission_classes=[LeseIdentitet],
        description="The others with the same registreringsnummer: relation, sex and age.",
    )
    async def familie(self, info: Ctx) -> list[Familiemedlem] | None:
        rows = await info.context.loaders.familie.load(self.rad.registreringsnummer)
        today = info.context.today
        own_role = Familierolle(self.rad.familierolle)
        # Identitet without grunndata is granted by an exact DUF-nr lookup alone (every other
        # rule that grants identitet grants grunndata too): then the family is masked.
        maskert = not self.tilgang.grunndata
        return [
            Familiemedlem(
                person_id=row.id,
                relasjon=familierelasjon(own_role, Familierolle(row.familierolle)),
                kjonn=Kjonn(row.kjonn),
                alder=alder(row.fodselsdato, today),
                maskert=maskert,
            )
            for row in rows
            if row.id != self.rad.id
        ]

    # -- personmappe -----------------------------------------------------------------------
    @strawberry.field(permission_classes=[LesePersonmappe])
    @trenger_bare_kontekst
    def kontaktinformasjon(self, info: Ctx) -> Kontaktinformasjon | None:
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.KONTAKT)
        return fra_loader(info, "kontakt", self.rad.id, _kontakt)

    @strawberry.field(permission_classes=[LesePersonmappe])
    @trenger_bare_kontekst
    def bosettingsinformasjon(self, info: Ctx) -> Bosettingsinformasjon | None:
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.BOSETTINGSINFO)
        return fra_loader(info, "bosettingsinfo", self.rad.id, _bosettingsinfo)

    @strawberry.field(permission_classes=[LesePersonmappe])
    @trenger_bare_kontekst
    def helseinformasjon(self, info: Ctx) -> Helseinformasjon | None:
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.HELSE)
        return fra_loader(info, "helse", self.rad.id, _helse)

    @strawberry.field(permission_classes=[LesePersonmappe])
    @trenger_bare_kontekst
    def sosial_informasjon(self, info: Ctx) -> SosialInformasjon | None:
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.SOSIAL)
        return fra_loader(info, "sosial", self.rad.id, _sosial)

    @strawberry.field(permission_classes=[LesePersonmappe])
    @trenger_bare_kontekst
    def kompetanse(self, info: Ctx) -> Kompetanse | None:
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.KOMPETANSE)
        return Kompetanse(person_id=self.rad.id)

    @strawberry.field(
        permission_classes=[LesePersonmappe],
        description="System events and notater on the person, newest first.",
    )
    async def hendelser(
        self,
        info: Ctx,
        first: int,
        after: bounds.After = None,
        omrade: Omrade | None = None,
        type: HendelseType | None = None,
    ) -> Connection[Hendelse] | None:
        size = page_size(first)
        etter = None
        if after is not None:
            etter = keyset_after(after, "hendelse")
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.HENDELSER)
        page = await info.context.loaders.hendelser.load(
            (self.rad.id, HendelseFilter(first=size, etter=etter, omrade=omrade, type=type))
        )
        edges = [
            Edge(
                cursor=encode_cursor("hendelse", row.tidspunkt.isoformat(), row.id),
                node=Hendelse(**hendelse_fields(row)),
            )
            for row in page.rows
        ]
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None
            ),
            total_count=page.total,
        )
