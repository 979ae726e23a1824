"""The root Mutation type."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers import (
    anmodning,
    arbeidsflate,
    bosettingsdato,
    brukere,
    fordeling,
    innmelding,
    kilder,
    kommune,
    personliste,
    utboks,
    varsler,
)
from schema import bounds
from schema.anmodning import AnmodningPayload, SendAnmodningPayload
from schema.arbeidsflate import Arbeidsflate
from schema.arbeidsflatepanel import PanelInput
from schema.bosettingsdato import BosettingsdatoKorreksjonPayload, BosettingsdatoPayload
from schema.brev import BrevPayload
from schema.brukere import BrukerPayload
from schema.context import Context
from schema.enums import Panel
from schema.fordeling import FordelingPayload
from schema.innmelding import InnmeldingPayload
from schema.kilde import KildeskrivingPayload
from schema.kommune import KontaktinformasjonPayload, NotatPayload
from schema.personliste import PersonlistePayload
from schema.varsel import Varsel


@bounds.checked
@strawberry.type(
    description="The steps of the processes. A step the caller's roles do not allow is refused "
    "with FORBIDDEN; a step that breaks a rule of the process (a wrong status, a missing "
    "reason) returns its `feil` and writes nothing."
)
class Mutation:
    legg_til_i_personliste: PersonlistePayload = strawberry.field(
        resolver=personliste.legg_til,
        description="Put a person the caller may read on its personliste (at most ten).",
    )
    fjern_fra_personliste: PersonlistePayload = strawberry.field(
        resolver=personliste.fjern, description="Take a person off the caller's personliste."
    )
    opprett_fordeling: FordelingPayload | None = strawberry.field(
        resolver=fordeling.opprett_fordeling,
        description="IMDi: a fordelingsliste for one kommune (UTKAST): whole families of "
        "settlement-ready persons; resettlement refugees with their settlement window.",
    )
    send_fordeling: FordelingPayload | None = strawberry.field(
        resolver=fordeling.send_fordeling,
        description="IMDi: send the list to the kommune (NY); its Bosetter users get a varsel.",
    )
    sett_forventet_bosetting: FordelingPayload | None = strawberry.field(
        resolver=fordeling.sett_forventet_bosetting,
        description="The kommune sets the expected settlement time (forventet tidspunkt for "
        "bosetting) of one person on a NY fordeling.",
    )
    sett_bosettes: FordelingPayload | None = strawberry.field(
        resolver=fordeling.sett_bosettes,
        description='The kommune ticks or unticks "Bosettes" for one person on a NY fordeling; '
        "the whole family on the list follows. Unticking needs a reason, logged on the person and "
        "the kommune when the answer is sent.",
    )
    bekreft_fordeling: FordelingPayload | None = strawberry.field(
        resolver=fordeling.bekreft_fordeling,
        description="Bekreft liste, step one of the kommune's answer (NY → BEKREFTET): every "
        "person ticked has an expected settlement time.",
    )
    angre_bekreftelse_av_fordeling: FordelingPayload | None = strawberry.field(
        resolver=fordeling.angre_bekreftelse,
        description="Step back from a confirmed list to correct it (BEKREFTET → NY).",
    )
    send_fordelingssvar: FordelingPayload | None = strawberry.field(
        resolver=fordeling.send_fordelingssvar,
        description="Send svar, step two (BEKREFTET → SENDT): the ticked persons are søkt ut to "
        "the kommune at once (their personmappe opens to it), the others go back to IMDi; letters "
        "go to the kommune (Altinn) and the persons. A retry with the same idempotensnokkel "
        "answers once.",
    )
    registrer_bosettingsdato: BosettingsdatoPayload | None = strawberry.field(
        resolver=bosettingsdato.registrer_bosettingsdato,
        description="The kommune registers the bosettingsdato of a person søkt ut to it who lived "
        "privately, in an institution or in AMOT; in two steps (bekreft: false checks, bekreft: "
        "true registers).",
    )
    registrer_bosettingsdato_fra_integrasjon: BosettingsdatoPayload | None = strawberry.field(
        resolver=bosettingsdato.registrer_bosettingsdato_fra_integrasjon,
        description="Integrations: a mottak registers the bosettingsdato of its residents, UDI of "
        "overføringsflyktninger; in one step.",
    )
    send_brev_pa_nytt: BrevPayload | None = strawberry.field(
        resolver=utboks.send_brev_pa_nytt,
        description="IMDi's operators: send a dead letter (status FEILET) again; it is queued "
        "with its attempts reset and goes out as any letter (the channels that can tell deliver "
        "it once).",
    )
    udb_personer: KildeskrivingPayload | None = strawberry.field(
        resolver=kilder.udb_personer,
        description="UDB (UDI's case system): create or update persons' grunndata by DUF-nr, "
        "many at once, each person standing alone; a hendelse on each person says which fields "
        "changed. UDB alone creates persons.",
    )
    sesam_personer: KildeskrivingPayload | None = strawberry.field(
        resolver=kilder.sesam_personer,
        description="SESAM (a mottak's system): its residents' kontaktinformasjon, its "
        "bosettingsmerknad, the health needs that matter for the housing and a move to another "
        "mottak, many at once, each resident standing alone; never another source's entry "
        "(OTHER_SOURCE).",
    )
    selvreg_personer: KildeskrivingPayload | None = strawberry.field(
        resolver=kilder.selvreg_personer,
        description="Selvreg (the refugees' self-registration): the languages and kompetanse "
        "entries a refugee registered, by Selvreg's own keys, with the form as typed; many "
        "persons at once, each standing alone; never another source's entry (OTHER_SOURCE).",
    )
    oppdater_personmappe: KildeskrivingPayload | None = strawberry.field(
        resolver=kilder.oppdater_personmappe,
        description="IMDi's case workers: a person's sosial informasjon, helseinformasjon, a "
        "karriereveiledning conversation, and IMDi's languages and kompetanse entries (by their "
        "nokkel); never another source's entry (OTHER_SOURCE).",
    )
    korriger_bosettingsdato: BosettingsdatoKorreksjonPayload | None = strawberry.field(
        resolver=bosettingsdato.korriger_bosettingsdato,
        description="Correct a registered bosettingsdato, with a begrunnelse: the kommune's "
        "Bosetter_Skriv a date it registered itself, within BOSETTING_KORRIGERINGSVINDU_DAGER "
        "(30) days of registering it; IMDi any date at any time. The old and the new date are a "
        "hendelse on the person and the kommune; the oversikt and the statistics follow. In two "
        "steps (bekreft: false checks, bekreft: true corrects).",
    )
    send_anmodning: SendAnmodningPayload | None = strawberry.field(
        resolver=anmodning.send_anmodning,
        description="IMDi: send an anmodning to one or many kommuner.",
    )
    purr_anmodning: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.purr_anmodning,
        description="IMDi reminds a kommune that has not answered (PURRET); the kommune gets a "
        "varsel.",
    )
    returner_anmodning: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.returner_anmodning,
        description="IMDi sends an answer (SVART) back for correction (RETURNERT), saying what to "
        "correct; the vedtak go back to UTKAST.",
    )
    bekreft_anmodning: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.bekreft_anmodning,
        description="IMDi confirms the kommune's answer (SVART → BEKREFTET); the kommune gets a "
        "varsel.",
    )
    kommenter_anmodning: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.kommenter_anmodning,
        description="IMDi comments on an answer (SVART or BEKREFTET) without confirming or "
        "returning it; the kommune gets a varsel.",
    )
    apne_anmodning: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.apne_anmodning,
        description="The kommune opens an anmodning to work on it, or reopens a returned answer "
        "(UNDER_ARBEID).",
    )
    registrer_vedtak: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.registrer_vedtak,
        description="Registrer vedtak: the places the kommunestyre decided for one year of the "
        "anmodning, per category; fewer than asked needs a begrunnelse. The anmodning is "
        "UNDER_ARBEID and not yet approved.",
    )
    godkjenn_anmodningssvar: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.godkjenn_anmodningssvar,
        description="Step one of two: approve the reviewed answer (the vedtak become GODKJENT); "
        "every year and category asked needs a vedtak.",
    )
    angre_godkjenning_av_anmodningssvar: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.angre_godkjenning,
        description="Step back from the approval to correct the vedtak.",
    )
    send_anmodningssvar: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.send_anmodningssvar,
        description="Step two of two: send the approved answer to IMDi (SVART); IMDi gets a "
        "varsel. Remember the letter to IMDi's postmottak as well.",
    )
    endre_svarfrist: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.endre_svarfrist,
        description="The kommune moves the svarfrist, with a reason; IMDi is told.",
    )
    marker_varsel_lest: Varsel | None = strawberry.field(
        resolver=varsler.marker_lest, description="Null when the caller has no varsel with this id."
    )
    marker_alle_varsler_lest: int = strawberry.field(
        resolver=varsler.marker_alle_lest, description="How many were marked read."
    )
    meld_inn_ledig_bolig: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.meld_inn_ledig_bolig,
        description="Ledige boliger: the kommune tells of a free familiebolig, bofellesskap "
        "(adults) or EM-tiltak. An EM-tiltak for EM under 15 goes to Bufetat, the rest to IMDi.",
    )
    meld_inn_bestemt_person: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.meld_inn_bestemt_person,
        description="Bestemte personer: the kommune tells of a person, by exact DUF-nr, with a "
        "tie to it. About an EM under 15 it goes to Bufetat, else to IMDi.",
    )
    meld_inn_antall_plasser: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.meld_inn_antall_plasser,
        description="Antall plasser: the kommune tells how many it can settle, from when.",
    )
    kanseller_innmelding: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.kanseller_innmelding,
        description="The kommune cancels an innmelding still VENTER_PA_BEHANDLING, with a reason "
        "(KANSELLERT).",
    )
    behandle_innmelding: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.behandle_innmelding,
        description="IMDi or Bufetat takes a waiting innmelding into handling (SAKSBEHANDLES); "
        "the caller becomes its saksbehandler and the kommune gets a varsel.",
    )
    svar_pa_innmelding: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.svar_pa_innmelding,
        description="IMDi or Bufetat answers the kommune while the innmelding is SAKSBEHANDLES; "
        "the kommune gets a varsel.",
    )
    ferdigbehandle_innmelding: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.ferdigbehandle_innmelding,
        description="IMDi or Bufetat finishes an innmelding in handling (FERDIGBEHANDLET), with "
        "an optional last answer; the kommune gets a varsel.",
    )
    avsla_innmelding: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.avsla_innmelding,
        description="IMDi or Bufetat refuses a waiting or handled innmelding, with a reason "
        "(AVSLATT); the kommune gets a varsel.",
    )
    opprett_notat: NotatPayload | None = strawberry.field(
        resolver=kommune.opprett_notat,
        description="A notat on the kommune; linked persons see it in their hendelser.",
    )
    oppdater_flyktningkontor: KontaktinformasjonPayload | None = strawberry.field(
        resolver=kommune.oppdater_flyktningkontor,
        description="The kommune updates its refugee office's contact details "
        "(Kontaktinformasjon, Rediger).",
    )
    opprett_bruker: BrukerPayload | None = strawberry.field(
        resolver=brukere.opprett_bruker,
        description="Create a user: a Kommune_Admin in its own kommune, IMDi_Admin in any "
        "organisation.",
    )
    deaktiver_bruker: BrukerPayload | None = strawberry.field(
        resolver=brukere.deaktiver_bruker,
        description="Deactivate a user the caller administers (not itself): it is refused at "
        "once, on every request.",
    )
    aktiver_bruker: BrukerPayload | None = strawberry.field(
        resolver=brukere.aktiver_bruker,
        description="Activate a deactivated user again.",
    )
    tildel_rolle: BrukerPayload | None = strawberry.field(
        resolver=brukere.tildel_rolle,
        description="Grant a user a role.",
    )
    fjern_rolle: BrukerPayload | None = strawberry.field(
        resolver=brukere.fjern_rolle,
        description="Take a role from a user.",
    )

    @strawberry.mutation(description="Save the layout of the caller's arbeidsflate.")
    async def lagre_arbeidsflate(
        self,
        info: Info[Context, None],
        paneler: Annotated[
            list[PanelInput],
            bounds.argument("Each panel once, in the order shown.", items=len(Panel)),
        ],
    ) -> Arbeidsflate:
        await arbeidsflate.lagre(info, paneler)
        return Arbeidsflate()
