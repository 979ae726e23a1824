"""The Person type, its personmappe sections, and its family.

A Person object carries its row and the access decision made for it (``tilgang``); every
field is guarded by the permission class of its sensitivity class. Reading a personmappe
section records it in the request's innsynslogg.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar, cast

import strawberry
from strawberry.scalars import JSON

from authz.permissions import LeseGrunndata, LeseIdentitet, LesePersonmappe
from authz.policy import Tilgang
from authz.scope import avgjor_rad
from models.enums import Familierolle
from resolvers.loaders import HendelseFilter
from schema import bounds
from schema.context import Ctx
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
    Tilknytningskriterium,
)
from schema.errors import ForbiddenError
from schema.executor import context_only
from schema.pagination import (
    Connection,
    Edge,
    First,
    encode_cursor,
    keyset_after,
    page_info,
    page_size,
)

_PERSONMAPPE = "Class: personmappe; each read is written to the innsynslogg."

OmradeValg = Annotated[
    Omrade | None,
    strawberry.argument(description="Only the hendelser of this saksområde; null: every one."),
]
HendelseTypeValg = Annotated[
    HendelseType | None,
    strawberry.argument(description="Only systemhendelser, or only notater; null: both."),
]


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


@strawberry.type(
    description="Kontaktinformasjon: the address, e-mail and phone UDI, a mottak or IMDi "
    "registered for the person; not the population register's (Folkeregisteret)."
)
class Kontaktinformasjon:
    adresse: str | None = strawberry.field(description="Kontaktadresse: the street address.")
    postnummer: str | None = strawberry.field(description="Postnummer: four digits.")
    poststed: str | None = strawberry.field(description="Poststed: the post town.")
    epost: str | None = strawberry.field(description="E-mail address.")
    telefon: str | None = strawberry.field(description="Phone number.")
    kilde: Kilde = strawberry.field(description="Who registered it.")


@strawberry.type(
    description="One veiledende tilknytning: a criterion tying the person to a kommune that IMDi "
    "may weigh when it chooses one."
)
class VeiledendeTilknytning:
    kriterium: Tilknytningskriterium = strawberry.field(description="What ties the person.")
    prioritet: int = strawberry.field(description="Its priority: 1 weighs most, 9 least.")
    kommunenummer: str | None = strawberry.field(
        description="The kommune it ties the person to, when one."
    )
    beskrivelse: str | None = strawberry.field(description="More about it.")
    kilde: Kilde = strawberry.field(description="Who registered it: SESAM (the mottak) or IMDI.")
    registrert: date = strawberry.field(description="The date it was registered.")


@strawberry.type(description="A bosettingsmerknad of one source.")
class Bosettingsmerknad:
    kilde: Kilde = strawberry.field(description="Whose it is: SESAM (the mottak) or IMDI.")
    tekst: str = strawberry.field(description="The merknad.")
    registrert: date = strawberry.field(description="The date it was registered.")


@strawberry.type(
    description="Bosettingsinformasjon: what a mottak or IMDi registered that matters for "
    "settling the person."
)
class Bosettingsinformasjon:
    bindende_tilknytning: BindendeTilknytning | None = strawberry.field(
        description="Bindende tilknytning: a tie that binds IMDi's choice of kommune (own housing "
        "approved by the kommune, a confirmed work contract or study place, AMOT); null: none."
    )
    bindende_tilknytning_kommunenummer: str | None = strawberry.field(
        description="The kommune of the bindende tilknytning, by kommunenummer."
    )
    bindende_tilknytning_merknad: str | None = strawberry.field(
        description="A remark on the bindende tilknytning."
    )
    familiebolig: str | None = strawberry.field(
        description="Familiebolig: whom the person wishes to live with in the same unit; for an "
        "EM, the følgeperson to be settled with."
    )
    familiemerknad: str | None = strawberry.field(
        description="Familiemerknad: more about the family."
    )
    tilknyttede_saker: str | None = strawberry.field(
        description="Tilknyttede saker: cases of overføringsflyktninger tied to this one, usually "
        "by close family; settling them in the same kommune or area is often recommended."
    )
    bofellesskap: str | None = strawberry.field(
        description="Bofellesskap: whom the person wishes to share housing with."
    )
    verge_for_bosetting: str | None = strawberry.field(
        description="Verge før bosetting: the guardian of an EM while living in a mottak."
    )
    folgeperson: str | None = strawberry.field(
        description="Følgeperson: the companion of an EM, if any; often a relative the minor "
        "lives with in the mottak or in the country of stay."
    )
    kilde: Kilde = strawberry.field(description="Who registered it.")
    person_id: strawberry.Private[int]

    @strawberry.field(
        description="Veiledende tilknytning: ties to a kommune, registered by a mottak (SESAM) "
        "or IMDi, that IMDi may weigh when it chooses the kommune; the highest priority first."
    )
    @context_only
    def veiledende_tilknytninger(self, info: Ctx) -> list[VeiledendeTilknytning]:
        return fra_loader(info, "tilknytninger", self.person_id, _tilknytninger)

    @strawberry.field(
        description="Bosettingsmerknad: other information that matters for the settlement; IMDi "
        "and the mottak (SESAM) each keep their own."
    )
    @context_only
    def bosettingsmerknader(self, info: Ctx) -> list[Bosettingsmerknad]:
        return fra_loader(info, "bosettingsmerknader", self.person_id, _bosettingsmerknader)


@strawberry.type(
    description="Helseinformasjon: serious, known health problems or disabilities, when IMDi "
    "knows of them in advance. Not a general health survey: for most persons it is empty."
)
class Helseinformasjon:
    bosettingsrelevant_helseinfo: str | None = strawberry.field(
        description="Bosettingsrelevant helseinfo: needs for adapted housing or other special "
        "measures."
    )
    svangerskap: str | None = strawberry.field(
        description="Svangerskap: a pregnancy, when the woman has told of it."
    )
    termin: date | None = strawberry.field(description="The due date of that pregnancy.")
    helsetilstand: str | None = strawberry.field(
        description="Helsetilstand: serious health problems known in advance."
    )
    kilde: Kilde = strawberry.field(description="Who registered it.")


@strawberry.type(
    description="Sosial informasjon: background on the person or family, mostly for "
    "overføringsflyktninger interviewed by IMDi; how much there is follows what they told."
)
class SosialInformasjon:
    tekst: str = strawberry.field(description="The background, as written.")
    kilde: Kilde = strawberry.field(description="Who registered it.")


@strawberry.type(description="One language: speaking, reading and writing level, and source.")
class Sprak:
    sprak: str = strawberry.field(description="The language, by its Norwegian name (arabisk, …).")
    morsmal: bool = strawberry.field(description="True for the person's mother tongue (morsmål).")
    tale: Ferdighetsniva = strawberry.field(description="How well the person speaks it.")
    lese: Ferdighetsniva = strawberry.field(description="How well the person reads it.")
    skrive: Ferdighetsniva = strawberry.field(description="How well the person writes it.")
    kilde: Kilde = strawberry.field(
        description="Who registered it: Selvreg (the person), UDB (the police) or IMDi."
    )
    registrert: date = strawberry.field(description="The date it was registered.")


@strawberry.type(
    description="Vis grunndata fra Selvreg: the entry as the refugee entered it in Selvreg, "
    "every value as typed, before it was matched to the lists of occupations, educations and "
    "countries."
)
class SelvregGrunndata:
    tittel: str | None = strawberry.field(description="The title as typed.")
    beskrivelse: str | None = strawberry.field(description="The description as typed.")
    land: str | None = strawberry.field(description="The country as typed.")
    fra_ar: str | None = strawberry.field(description="The start as typed.")
    til_ar: str | None = strawberry.field(description="The end as typed.")
    fullfort: str | None = strawberry.field(description="Completed? as answered.")
    sprak: str | None = strawberry.field(description="The language the form was filled in.")

    @classmethod
    def fra(cls, record: dict[str, Any] | None) -> SelvregGrunndata | None:
        if record is None:
            return None
        return cls(
            tittel=record.get("tittel"),
            beskrivelse=record.get("beskrivelse"),
            land=record.get("land"),
            fra_ar=record.get("fraAr"),
            til_ar=record.get("tilAr"),
            fullfort=record.get("fullfort"),
            sprak=record.get("sprak"),
        )


@strawberry.type(description="An entry of yrke, yrkesønske, utdanning, ferdighet or interesse.")
class Kompetanseoppforing:
    nokkel: str = strawberry.field(
        description="Its source's own key: the source (Selvreg, or IMDi's oppdaterPersonmappe) "
        "changes or removes the entry by it."
    )
    type: KompetanseType = strawberry.field(description="Which list of the kompetanse it is in.")
    tittel: str = strawberry.field(
        description="The occupation, education, skill or interest, as registered."
    )
    beskrivelse: str | None = strawberry.field(description="More about it, if registered.")
    land: str | None = strawberry.field(
        description="The country it was done in, ISO 3166-1 alpha-3 (SYR, …)."
    )
    fra_ar: int | None = strawberry.field(description="The year it started.")
    til_ar: int | None = strawberry.field(description="The year it ended.")
    antall_ar: int | None = strawberry.field(description="For how many years.")
    fullfort: bool | None = strawberry.field(
        description="Utdanning: whether it was completed; null: not known or not an education."
    )
    kilde: Kilde = strawberry.field(description="Who registered it.")
    registrert: date = strawberry.field(description="The date it was registered.")
    selvreg_grunndata: SelvregGrunndata | None = strawberry.field(
        description="Vis grunndata fra Selvreg: the entry as the refugee entered it; null when "
        "it is not from Selvreg."
    )


@strawberry.type(description="The remark fields of the kompetanse screens.")
class Kompetansemerknader:
    yrkesmerknad: str | None = strawberry.field(
        description="Yrkesmerknad: a remark on the occupations, from the mottak (SESAM) or IMDi."
    )
    utdanningsmerknad: str | None = strawberry.field(
        description="Utdanningsmerknad: a remark on the education, from SESAM or IMDi."
    )
    annen_kompetanse: str | None = strawberry.field(
        description="Annen kompetanse: other competence, from SESAM or IMDi."
    )
    merknad_annen_kompetanse: str | None = strawberry.field(
        description="Merknader for annen kompetanse."
    )
    merknad_andre_ferdigheter: str | None = strawberry.field(
        description="Merknader for andre ferdigheter: IMDi's remarks, mostly on persons not "
        "living in a mottak."
    )
    interesser_mottak_imdi: str | None = strawberry.field(
        description="Interesser registrert av mottak/IMDi (the self-registered ones are the "
        "list `interesser`)."
    )


@strawberry.type(description="About the registration: Selvreg on a mottak, or IMDi's interview.")
class OmRegistreringen:
    tekst: str | None = strawberry.field(
        description="How the kompetanse was registered: the self-registration in Selvreg, or "
        "IMDi's interview of an overføringsflyktning."
    )
    dato: date | None = strawberry.field(description="When it was registered.")
    kilde: Kilde = strawberry.field(description="Who registered it.")


@strawberry.type(
    description="Karriereveiledning: what a career counsellor (karriereveileder) registered in a "
    "talk with a person who registered kompetanse in Selvreg."
)
class Karriereveiledning:
    dato: date = strawberry.field(description="The date of the talk.")
    veileder: str = strawberry.field(description="The career counsellor's name.")
    malsetting: str | None = strawberry.field(description="Målsetting: the goal set.")
    anbefaling: str | None = strawberry.field(description="Anbefaling: the counsellor's advice.")
    notat: str = strawberry.field(description="Karriereveileders notat: the counsellor's notes.")
    kilde: Kilde = strawberry.field(description="Who registered it.")


def _kompetanse_av_type(rows: list[Any], kind: KompetanseType) -> list[Kompetanseoppforing]:
    return [
        Kompetanseoppforing(
            nokkel=row.kildenokkel,
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
            selvreg_grunndata=SelvregGrunndata.fra(row.selvreg_grunndata),
        )
        for row in rows
        if row.type == kind
    ]


T = TypeVar("T")


def fra_loader(info: Ctx, loader: str, person_id: int, build: Callable[[Any], T]) -> T:
    """A section built from its rows: at once when they were preloaded for the whole list
    (resolvers/preload.py), else an awaitable that loads them, batched as before
    (graphql-core awaits what a resolver returns)."""
    loaded = info.context.preloaded.get(loader)
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
        familiebolig=row.familiebolig,
        familiemerknad=row.familiemerknad,
        tilknyttede_saker=row.tilknyttede_saker,
        bofellesskap=row.bofellesskap,
        verge_for_bosetting=row.verge_for_bosetting,
        folgeperson=row.folgeperson,
        kilde=Kilde(row.kilde),
        person_id=row.person_id,
    )


def _tilknytninger(rows: list[Any]) -> list[VeiledendeTilknytning]:
    return [
        VeiledendeTilknytning(
            kriterium=Tilknytningskriterium(row.kriterium),
            prioritet=row.prioritet,
            kommunenummer=row.kommunenummer,
            beskrivelse=row.beskrivelse,
            kilde=Kilde(row.kilde),
            registrert=row.registrert,
        )
        for row in rows
    ]


def _bosettingsmerknader(rows: list[Any]) -> list[Bosettingsmerknad]:
    return [
        Bosettingsmerknad(kilde=Kilde(row.kilde), tekst=row.tekst, registrert=row.registrert)
        for row in rows
    ]


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

    @strawberry.field(
        description="Språk: each language with its levels of speaking, reading and writing."
    )
    @context_only
    def sprak(self, info: Ctx) -> list[Sprak]:
        return fra_loader(info, "sprak", self.person_id, _sprak)

    @strawberry.field(description="Yrke: occupations the person has worked in.")
    @context_only
    def yrker(self, info: Ctx) -> list[Kompetanseoppforing]:
        return fra_loader(info, "kompetanse", self.person_id, _av_type(KompetanseType.YRKE))

    @strawberry.field(description="Yrkesønsker: occupations the person wishes to work in.")
    @context_only
    def yrkesonsker(self, info: Ctx) -> list[Kompetanseoppforing]:
        return fra_loader(info, "kompetanse", self.person_id, _av_type(KompetanseType.YRKESONSKE))

    @strawberry.field(description="Utdanning: the person's education.")
    @context_only
    def utdanning(self, info: Ctx) -> list[Kompetanseoppforing]:
        return fra_loader(info, "kompetanse", self.person_id, _av_type(KompetanseType.UTDANNING))

    @strawberry.field(description="Andre ferdigheter: other skills.")
    def andre_ferdigheter(self, info: Ctx) -> list[Kompetanseoppforing]:
        return fra_loader(
            info, "kompetanse", self.person_id, _av_type(KompetanseType.ANNEN_FERDIGHET)
        )

    @strawberry.field(description="Interesser: the interests the person registered in Selvreg.")
    @context_only
    def interesser(self, info: Ctx) -> list[Kompetanseoppforing]:
        return fra_loader(info, "kompetanse", self.person_id, _av_type(KompetanseType.INTERESSE))

    @strawberry.field(
        description="The remark fields of the kompetanse screens; null: none registered."
    )
    @context_only
    def merknader(self, info: Ctx) -> Kompetansemerknader | None:
        return fra_loader(info, "kompetansemerknad", self.person_id, _merknader)

    @strawberry.field(description="Om registreringen; null: not registered.")
    @context_only
    def om_registreringen(self, info: Ctx) -> OmRegistreringen | None:
        return fra_loader(info, "kompetansemerknad", self.person_id, _om_registreringen)

    @strawberry.field(description="Karriereveiledning: talks with a career counsellor, if any.")
    @context_only
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
    id: strawberry.ID = strawberry.field(description="The hendelse's id.")
    type: HendelseType = strawberry.field(description="Systemhendelse or notat.")
    omrade: Omrade = strawberry.field(description="The saksområde it belongs to.")
    kommunenummer: str | None = strawberry.field(
        description="The kommune it concerns; null: no kommune in particular."
    )
    tittel: str = strawberry.field(description="Its title.")
    tekst: str | None = strawberry.field(
        description="A notat's text, or a systemhendelse's short account (a reason, a comment)."
    )
    detaljer: JSON = strawberry.field(
        description="Vis detaljer: a systemhendelse's facts as a JSON object (the ids and values "
        "of the step); an empty object for a notat."
    )
    tidspunkt: datetime = strawberry.field(description="When it was written.")
    opprettet_av: str | None = strawberry.field(
        description="The user who wrote the notat or took the step; null: the system alone."
    )
    organisasjon: str | None = strawberry.field(description="That user's organisation.")


@strawberry.type(description="The person's settlement: the kommune it is søkt ut to, and when.")
class Bosetting:
    kommunenummer: str = strawberry.field(description="The kommune the person is søkt ut to.")
    sokt_ut_dato: date = strawberry.field(
        description="The date of the utsøking: when the kommune said yes on a fordeling."
    )
    bosettingsdato: date | None = strawberry.field(
        description="The date the person moved in; null: not bosatt yet."
    )


@strawberry.type(description="Grunndata – detaljer: the rest of the person's grunndata.")
class GrunndataDetaljer:
    sivilstand: str | None = strawberry.field(description="Sivilstand: marital status.")
    morsmal: str | None = strawberry.field(description="Morsmål: the mother tongue.")
    religion: str | None = strawberry.field(description="Religion, as registered.")
    botilbud: Botilbud = strawberry.field(
        description="Where the person lives before settlement; it decides who registers the "
        "bosettingsdato."
    )
    mottak: str | None = strawberry.field(description="The mottak the person lives in, if any.")
    vedtak_opphold_dato: date | None = strawberry.field(
        description="The date of the decision on residence (vedtak om opphold)."
    )
    bosettingsklar_dato: date | None = strawberry.field(
        description="The date the person became bosettingsklar."
    )
    bosetting: Bosetting | None = strawberry.field(
        description="The current utsøking: the kommune and its dates; null: not søkt ut."
    )


@strawberry.type(description="A family member (same registreringsnummer): relation, sex and age.")
class Familiemedlem:
    person_id: strawberry.Private[int]
    relasjon: Familierelasjon = strawberry.field(
        description="How the member relates to the person whose family this is."
    )
    kjonn: Kjonn = strawberry.field(description="The member's sex.")
    alder: int = strawberry.field(description="The member's age in whole years.")
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
        decided = avgjor_rad(principal, row, duf_oppslag=False, today=info.context.today)
        if not decided.grunndata:
            raise ForbiddenError()
        return Person(rad=row, tilgang=decided)


@bounds.checked
@strawberry.type(
    description="A person to be settled, or settled. Each field belongs to a class (identitet, "
    "grunndata, personmappe) and shows only to a caller who may read that class (see "
    "`tilgang`); otherwise it is null, with a FORBIDDEN error."
)
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
    @strawberry.field(
        permission_classes=[LeseIdentitet],
        description="DUF-nummer: the person's 12-digit case number. Class: identitet.",
    )
    def duf_nr(self) -> str | None:
        return str(self.rad.duf_nr)

    @strawberry.field(
        permission_classes=[LeseIdentitet],
        description="Fornavn: first name. Class: identitet.",
    )
    def fornavn(self) -> str | None:
        return str(self.rad.fornavn)

    @strawberry.field(
        permission_classes=[LeseIdentitet],
        description="Mellomnavn: middle name; null: none. Class: identitet.",
    )
    def mellomnavn(self) -> str | None:
        return self.rad.mellomnavn  # type: ignore[no-any-return]

    @strawberry.field(
        permission_classes=[LeseIdentitet],
        description="Etternavn: last name. Class: identitet.",
    )
    def etternavn(self) -> str | None:
        return str(self.rad.etternavn)

    @strawberry.field(
        permission_classes=[LeseIdentitet],
        description="The full name: fornavn, mellomnavn and etternavn. Class: identitet.",
    )
    def navn(self) -> str | None:
        parts = (self.rad.fornavn, self.rad.mellomnavn, self.rad.etternavn)
        return " ".join(part for part in parts if part)

    @strawberry.field(
        permission_classes=[LeseIdentitet],
        description="Where the person is in the settlement process. Class: identitet.",
    )
    def bosettingsstatus(self) -> Bosettingsstatus | None:
        return Bosettingsstatus(self.rad.bosettingsstatus)

    # -- grunndata ---------------------------------------------------------------------
    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="Fødselsdato: date of birth. Class: grunndata.",
    )
    def fodselsdato(self) -> date | None:
        return self.rad.fodselsdato  # type: ignore[no-any-return]

    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="Age in whole years today. Class: grunndata.",
    )
    @context_only
    def alder(self, info: Ctx) -> int | None:
        return alder(self.rad.fodselsdato, info.context.today)

    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="Kjønn: sex. Class: grunndata.",
    )
    def kjonn(self) -> Kjonn | None:
        return Kjonn(self.rad.kjonn)

    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="Nasjonalitet: ISO 3166-1 alpha-3 (SYR, AFG, …). Class: grunndata.",
    )
    def nasjonalitet(self) -> str | None:
        return str(self.rad.nasjonalitet)

    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="Personnummer: the fødselsnummer or D-nummer, 11 digits; null: none. "
        "Class: grunndata.",
    )
    def personnummer(self) -> str | None:
        return self.rad.personnummer  # type: ignore[no-any-return]

    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="Whether personnummer is a fødselsnummer or a D-nummer; null: none. "
        "Class: grunndata.",
    )
    def personnummer_type(self) -> PersonnummerType | None:
        value = self.rad.personnummer_type
        return None if value is None else PersonnummerType(value)

    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="Registreringsnummer: shared by a family case; persons with the same one are "
        "one family. Class: grunndata.",
    )
    def registreringsnummer(self) -> str | None:
        return str(self.rad.registreringsnummer)

    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="Sakstype: the kind of case the person came by (asylum, "
        "overføringsflyktning, …). Class: grunndata.",
    )
    def sakstype(self) -> Sakstype | None:
        return Sakstype(self.rad.sakstype)

    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="True for an enslig mindreårig (EM): a minor who came without parents. "
        "Class: grunndata.",
    )
    def enslig_mindrearig(self) -> bool | None:
        return bool(self.rad.enslig_mindrearig)

    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="The category today, from enslig mindreårig and age: EM under 15, EM "
        "15–18, or single adults and families. Class: grunndata.",
    )
    @context_only
    def kategori(self, info: Ctx) -> Kategori | None:
        return kategori(self.rad.enslig_mindrearig, alder(self.rad.fodselsdato, info.context.today))

    @strawberry.field(
        permission_classes=[LeseGrunndata],
        description="Grunndata – detaljer: marital status, mother tongue, where the person "
        "lives, its dates and utsøking. Class: grunndata.",
    )
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
        description="The others with the same registreringsnummer: relation, sex and age. "
        "Class: identitet.",
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
    @strawberry.field(
        permission_classes=[LesePersonmappe],
        description="Kontaktinformasjon; null: none registered. " + _PERSONMAPPE,
    )
    @context_only
    def kontaktinformasjon(self, info: Ctx) -> Kontaktinformasjon | None:
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.KONTAKT)
        return fra_loader(info, "kontakt", self.rad.id, _kontakt)

    @strawberry.field(
        permission_classes=[LesePersonmappe],
        description="Bosettingsinformasjon; null: none registered. " + _PERSONMAPPE,
    )
    @context_only
    def bosettingsinformasjon(self, info: Ctx) -> Bosettingsinformasjon | None:
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.BOSETTINGSINFO)
        return fra_loader(info, "bosettingsinfo", self.rad.id, _bosettingsinfo)

    @strawberry.field(
        permission_classes=[LesePersonmappe],
        description="Helseinformasjon; null: none registered. " + _PERSONMAPPE,
    )
    @context_only
    def helseinformasjon(self, info: Ctx) -> Helseinformasjon | None:
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.HELSE)
        return fra_loader(info, "helse", self.rad.id, _helse)

    @strawberry.field(
        permission_classes=[LesePersonmappe],
        description="Sosial informasjon; null: none registered. " + _PERSONMAPPE,
    )
    @context_only
    def sosial_informasjon(self, info: Ctx) -> SosialInformasjon | None:
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.SOSIAL)
        return fra_loader(info, "sosial", self.rad.id, _sosial)

    @strawberry.field(
        permission_classes=[LesePersonmappe],
        description="Kompetanse: språk, yrke, utdanning and the rest. " + _PERSONMAPPE,
    )
    @context_only
    def kompetanse(self, info: Ctx) -> Kompetanse | None:
        info.context.innsyn.registrer(self.rad.id, Personmappeseksjon.KOMPETANSE)
        return Kompetanse(person_id=self.rad.id)

    @strawberry.field(
        permission_classes=[LesePersonmappe],
        description="Hendelser: systemhendelser and notater on the person, newest first. "
        + _PERSONMAPPE,
    )
    async def hendelser(
        self,
        info: Ctx,
        first: First,
        after: bounds.After = None,
        omrade: OmradeValg = None,
        type: HendelseTypeValg = None,
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
            page_info=page_info(edges, has_previous=after is not None, has_next=page.has_next),
            total_count=page.total,
        )
