"""The root Mutation type."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers import anmodning, arbeidsflate, fordeling, innmelding, kommune, personliste, varsler
from schema import bounds
from schema.anmodning import AnmodningPayload, SendAnmodningPayload
from schema.arbeidsflate import Arbeidsflate
from schema.arbeidsflatepanel import PanelInput
from schema.context import Context
from schema.enums import Panel
from schema.fordeling import BosettingsdatoPayload, FordelingPayload
from schema.innmelding import InnmeldingPayload
from schema.kommune import BrukerPayload, KontaktinformasjonPayload, NotatPayload
from schema.personliste import PersonlistePayload
from schema.varsel import Varsel


@bounds.checked
@strawberry.type
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
        resolver=fordeling.sett_forventet_bosetting
    )
    sett_bosettes: FordelingPayload | None = strawberry.field(resolver=fordeling.sett_bosettes)
    bekreft_fordeling: FordelingPayload | None = strawberry.field(
        resolver=fordeling.bekreft_fordeling
    )
    angre_bekreftelse_av_fordeling: FordelingPayload | None = strawberry.field(
        resolver=fordeling.angre_bekreftelse
    )
    send_fordelingssvar: FordelingPayload | None = strawberry.field(
        resolver=fordeling.send_fordelingssvar
    )
    registrer_bosettingsdato: BosettingsdatoPayload | None = strawberry.field(
        resolver=fordeling.registrer_bosettingsdato
    )
    registrer_bosettingsdato_fra_integrasjon: BosettingsdatoPayload | None = strawberry.field(
        resolver=fordeling.registrer_bosettingsdato_fra_integrasjon
    )
    send_anmodning: SendAnmodningPayload | None = strawberry.field(
        resolver=anmodning.send_anmodning,
        description="IMDi: send an anmodning to one or many kommuner.",
    )
    purr_anmodning: AnmodningPayload | None = strawberry.field(resolver=anmodning.purr_anmodning)
    returner_anmodning: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.returner_anmodning
    )
    bekreft_anmodning: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.bekreft_anmodning
    )
    kommenter_anmodning: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.kommenter_anmodning
    )
    apne_anmodning: AnmodningPayload | None = strawberry.field(resolver=anmodning.apne_anmodning)
    registrer_vedtak: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.registrer_vedtak
    )
    godkjenn_anmodningssvar: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.godkjenn_anmodningssvar
    )
    angre_godkjenning_av_anmodningssvar: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.angre_godkjenning
    )
    send_anmodningssvar: AnmodningPayload | None = strawberry.field(
        resolver=anmodning.send_anmodningssvar
    )
    endre_svarfrist: AnmodningPayload | None = strawberry.field(resolver=anmodning.endre_svarfrist)
    marker_varsel_lest: Varsel | None = strawberry.field(
        resolver=varsler.marker_lest, description="Null when the caller has no varsel with this id."
    )
    marker_alle_varsler_lest: int = strawberry.field(
        resolver=varsler.marker_alle_lest, description="How many were marked read."
    )
    meld_inn_ledig_bolig: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.meld_inn_ledig_bolig
    )
    meld_inn_bestemt_person: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.meld_inn_bestemt_person
    )
    meld_inn_antall_plasser: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.meld_inn_antall_plasser
    )
    kanseller_innmelding: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.kanseller_innmelding
    )
    behandle_innmelding: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.behandle_innmelding
    )
    svar_pa_innmelding: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.svar_pa_innmelding
    )
    ferdigbehandle_innmelding: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.ferdigbehandle_innmelding
    )
    avsla_innmelding: InnmeldingPayload | None = strawberry.field(
        resolver=innmelding.avsla_innmelding
    )
    opprett_notat: NotatPayload | None = strawberry.field(
        resolver=kommune.opprett_notat,
        description="A notat on the kommune; linked persons see it in their hendelser.",
    )
    oppdater_flyktningkontor: KontaktinformasjonPayload | None = strawberry.field(
        resolver=kommune.oppdater_flyktningkontor
    )
    opprett_bruker: BrukerPayload | None = strawberry.field(resolver=kommune.opprett_bruker)
    deaktiver_bruker: BrukerPayload | None = strawberry.field(resolver=kommune.deaktiver_bruker)
    aktiver_bruker: BrukerPayload | None = strawberry.field(resolver=kommune.aktiver_bruker)
    tildel_rolle: BrukerPayload | None = strawberry.field(resolver=kommune.tildel_rolle)
    fjern_rolle: BrukerPayload | None = strawberry.field(resolver=kommune.fjern_rolle)

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
