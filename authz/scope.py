"""The one place person rows are selected: always with the facts the policy needs.

Every query for person rows starts from :func:`readable_persons` with the caller's principal, so an
unscoped query stands out in review. Searches add :func:`sokbar`, which keeps persons the
caller may not find out of the SQL itself (no hit, no count, no timing from outside K).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, and_, exists, false, literal, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from authz.policy import (
    ANMODER,
    BOSETTER,
    BUFETAT,
    IMDI,
    Fakta,
    Handling,
    Relasjon,
    Tilgang,
    avgjor,
    kan,
)
from authz.principal import Principal
from models import (
    Anmodning,
    Fordeling,
    FordelingPerson,
    Innmelding,
    Partnerhendelse,
    Person,
    Utboks,
    Utsoking,
)
from models.enums import (
    Botilbud,
    FordelingStatus,
    OrganisasjonType,
    Partnerhendelsetype,
    Sakstype,
)

VENTENDE_FORDELING = (FordelingStatus.NY, FordelingStatus.BEKREFTET)

PERSON_KOLONNER = (
    Person.id,
    Person.duf_nr,
    Person.fornavn,
    Person.mellomnavn,
    Person.etternavn,
    Person.bosettingsstatus,
    Person.fodselsdato,
    Person.kjonn,
    Person.nasjonalitet,
    Person.personnummer,
    Person.personnummer_type,
    Person.registreringsnummer,
    Person.familierolle,
    Person.sakstype,
    Person.enslig_mindrearig,
    Person.botilbud,
    Person.mottak,
    Person.vedtak_opphold_dato,
    Person.bosettingsklar_dato,
    Person.sivilstand,
    Person.morsmal,
    Person.religion,
)


def _em_under_15_grense(today: date) -> date:
    """Born after this date: under 15 today."""
    try:
        return today.replace(year=today.year - 15)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 15, day=28)


def readable_persons(principal: Principal) -> Select[*tuple[Any, ...]]:
    """Person rows with the caller-relative facts (utsøking, pending fordeling to K)."""
    kommune = principal.kommunenummer
    if kommune is not None:
        pa_fordeling: ColumnElement[bool] = exists(
            select(literal(1))
            .select_from(FordelingPerson)
            .join(Fordeling, Fordeling.id == FordelingPerson.fordeling_id)
            .where(
                FordelingPerson.person_id == Person.id,
                Fordeling.kommunenummer == kommune,
                Fordeling.status.in_(VENTENDE_FORDELING),
            )
        )
    else:
        pa_fordeling = false()
    return (
        select(
            *PERSON_KOLONNER,
            Utsoking.kommunenummer.label("utsoking_kommune"),
            Utsoking.sokt_ut_dato.label("sokt_ut_dato"),
            Utsoking.bosettingsdato.label("bosettingsdato"),
            pa_fordeling.label("pa_fordeling"),
        )
        .select_from(Person)
        .outerjoin(Utsoking, and_(Utsoking.person_id == Person.id, Utsoking.aktiv))
    )


def sokbar(principal: Principal, today: date | None = None) -> ColumnElement[bool]:
    """The persons a search other than an exact DUF-nr may find: those in the caller's reach.

    Kommune: Anmoder roles find persons bosatt in K, Bosetter roles persons søkt ut to or
    bosatt in K; IMDi finds everyone; Bufetat EM under 15; everybody else nobody.
    """
    today = today or date.today()
    match principal.organisasjon_type:
        case OrganisasjonType.IMDI if principal.har(*IMDI):
            return true()
        case OrganisasjonType.BUFETAT if principal.har(*BUFETAT):
            return and_(Person.enslig_mindrearig, Person.fodselsdato > _em_under_15_grense(today))
        case OrganisasjonType.KOMMUNE if principal.kommunenummer is not None:
            i_k = and_(Utsoking.kommunenummer == principal.kommunenummer, Utsoking.aktiv)
            if principal.har(*BOSETTER):
                return i_k
            if principal.har(*ANMODER):
                return and_(i_k, Utsoking.bosettingsdato.is_not(None))
    return false()


def relasjon(principal: Principal, row: Any) -> Relasjon:
    kommune = principal.kommunenummer
    if kommune is not None and row.utsoking_kommune == kommune:
        return Relasjon.BOSATT if row.bosettingsdato is not None else Relasjon.SOKT_UT
    if row.pa_fordeling:
        return Relasjon.FORDELING
    return Relasjon.INGEN


def avgjor_rad(principal: Principal, row: Any, *, duf_oppslag: bool, today: date) -> Tilgang:
    """The decision for one row of :func:`readable_persons`."""
    em_under_15 = bool(row.enslig_mindrearig) and row.fodselsdato > _em_under_15_grense(today)
    fakta = Fakta(
        relasjon=relasjon(principal, row), em_under_15=em_under_15, duf_oppslag=duf_oppslag
    )
    return avgjor(principal, fakta)


def readable_fordelinger(principal: Principal) -> ColumnElement[bool]:
    """The fordelinger the caller may read: IMDi every one, a kommune its own once sent."""
    if not kan(principal, Handling.LESE_FORDELING):
        return false()
    if principal.organisasjon_type == OrganisasjonType.IMDI:
        return true()
    return and_(
        Fordeling.kommunenummer == principal.kommunenummer,
        Fordeling.status != FordelingStatus.UTKAST,
    )


def lesbare_brev(principal: Principal, *, innhold: bool = False) -> ColumnElement[bool]:
    """The letters of the outbox the caller may list (``innhold``: read, the PDF): IMDi every
    one, a kommune those to it and to the persons it settles (a person's letter carries the
    person's kommune)."""
    if not kan(principal, Handling.LESE_BREVINNHOLD if innhold else Handling.LESE_BREV):
        return false()
    if principal.organisasjon_type == OrganisasjonType.IMDI:
        return true()
    return Utboks.kommunenummer == principal.kommunenummer


def partnerfeed(principal: Principal) -> ColumnElement[bool]:
    """The partners' feed a caller reads (issue 16): a mottak its residents søkt ut and bosatt;
    UDI and IOM (who organise their travel) the overføringsflyktninger; Bufetat the innmeldinger
    it reads. Each event keeps the facts of its moment (the person's mottak, its sakstype)."""
    if not kan(principal, Handling.LESE_HENDELSESFEED):
        return false()
    om_personer = Partnerhendelse.type != Partnerhendelsetype.INNMELDING
    match principal.organisasjon_type:
        case OrganisasjonType.MOTTAK:
            return and_(om_personer, Partnerhendelse.mottak == principal.organisasjon_navn)
        case OrganisasjonType.UDI | OrganisasjonType.IOM:
            return and_(om_personer, Partnerhendelse.sakstype == Sakstype.OVERFORINGSFLYKTNING)
        case OrganisasjonType.BUFETAT:
            return and_(
                Partnerhendelse.type == Partnerhendelsetype.INNMELDING, Partnerhendelse.bufetat
            )
    return false()


def readable_anmodninger(principal: Principal) -> ColumnElement[bool]:
    """The anmodninger the caller may read: IMDi every one, a kommune its own."""
    if not kan(principal, Handling.LESE_ANMODNING):
        return false()
    if principal.organisasjon_type == OrganisasjonType.IMDI:
        return true()
    return Anmodning.kommunenummer == principal.kommunenummer


def readable_innmeldinger(principal: Principal) -> ColumnElement[bool]:
    """A kommune reads its own; IMDi every one; Bufetat those about EM under 15 and the
    EM-tiltak for both age groups (DOMAIN.md, "Readings")."""
    if not kan(principal, Handling.LESE_INNMELDING):
        return false()
    match principal.organisasjon_type:
        case OrganisasjonType.KOMMUNE:
            return Innmelding.kommunenummer == principal.kommunenummer
        case OrganisasjonType.IMDI:
            return true()
        case OrganisasjonType.BUFETAT:
            return or_(
                Innmelding.behandlende_organisasjon == OrganisasjonType.BUFETAT,
                Innmelding.begge_aldersgrupper,
            )
    return false()


def endrebare_innmeldinger(principal: Principal) -> ColumnElement[bool]:
    """The innmeldinger whose steps the caller may take (which steps, its roles say): a
    kommune its own (to cancel); IMDi and Bufetat those each handles, and both the EM-tiltak
    for both age groups. IMDi reads Bufetat's but never takes them over."""
    match principal.organisasjon_type:
        case OrganisasjonType.KOMMUNE:
            return Innmelding.kommunenummer == principal.kommunenummer
        case OrganisasjonType.IMDI | OrganisasjonType.BUFETAT:
            return or_(
                Innmelding.behandlende_organisasjon == principal.organisasjon_type,
                Innmelding.begge_aldersgrupper,
            )
    return false()


def integrasjonens_personer(principal: Principal) -> ColumnElement[bool]:
    """The persons whose bosettingsdato an integration registers (DOMAIN.md, "Integrations"): a
    mottak's system its own residents, UDI's the overføringsflyktninger; nobody else's."""
    if not kan(principal, Handling.REGISTRERE_BOSETTINGSDATO_INTEGRASJON):
        return false()
    match principal.organisasjon_type:
        case OrganisasjonType.MOTTAK:
            return and_(
                Person.botilbud == Botilbud.MOTTAK,
                Person.mottak == principal.organisasjon_navn,
            )
        case OrganisasjonType.UDI:
            return Person.sakstype == Sakstype.OVERFORINGSFLYKTNING
    return false()


def sesams_personer(principal: Principal) -> ColumnElement[bool]:
    """The persons whose personmappe a mottak's SESAM writes (issue 16): its own residents."""
    if not kan(principal, Handling.SKRIVE_SESAM):
        return false()
    return and_(Person.botilbud == Botilbud.MOTTAK, Person.mottak == principal.organisasjon_navn)


def korrigerbare_utsokinger(principal: Principal) -> ColumnElement[bool]:
    """The utsøkinger whose registered bosettingsdato the caller may correct: IMDi's every
    one, a kommune's its own (what of them, :func:`authz.policy.korrigeringshinder` says)."""
    if not kan(principal, Handling.KORRIGERE_BOSETTINGSDATO):
        return false()
    match principal.organisasjon_type:
        case OrganisasjonType.IMDI:
            return Utsoking.bosettingsdato.is_not(None)
        case OrganisasjonType.KOMMUNE:
            return and_(
                Utsoking.bosettingsdato.is_not(None),
                Utsoking.kommunenummer == principal.kommunenummer,
            )
    return false()


def kommunens_utsokte(principal: Principal, kommunenummer: str) -> ColumnElement[bool]:
    """For :func:`readable_persons`: the persons søkt ut to or bosatt in ``kommunenummer`` (the
    active utsøking), if the caller may list them: a kommune's Bosetter roles their own
    kommune's, IMDi any kommune's."""
    if not kan(principal, Handling.LESE_UTSOKTE):
        return false()
    match principal.organisasjon_type:
        case OrganisasjonType.KOMMUNE:
            return Utsoking.kommunenummer == principal.kommunenummer
        case OrganisasjonType.IMDI:
            return Utsoking.kommunenummer == kommunenummer
    return false()


def rapportkommune(principal: Principal, kommunenummer: str | None) -> str | None:
    """The kommune whose bosettingsrapport the caller reads: a kommune's Bosetter roles their
    own, whatever they name; IMDi the one it names; None: no report (no right, or IMDi named
    none)."""
    if not kan(principal, Handling.LESE_BOSETTINGSRAPPORT):
        return None
    match principal.organisasjon_type:
        case OrganisasjonType.KOMMUNE:
            return principal.kommunenummer
        case OrganisasjonType.IMDI:
            return kommunenummer
    return None
