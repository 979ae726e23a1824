"""An event of the partners' feed (``hendelsesfeed``): identifiers and the fields the partner
needs, no more."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from schema.enums import EmTiltakType, InnmeldingStatus, InnmeldingType, Partnerhendelsetype


def _dato(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


@strawberry.type(
    description="An event of the partners' feed, numbered in the order it happened: poll "
    "`hendelsesfeed(etter:)` with the last number you read, and nothing is missed."
)
class Partnerhendelse:
    sekvens: int = strawberry.field(description="Its number: 1, 2, 3 … without gaps.")
    type: Partnerhendelsetype = strawberry.field(description="What happened.")
    tidspunkt: datetime = strawberry.field(description="When.")
    duf_nr: str | None = strawberry.field(description="The person's DUF-nummer.")
    kommunenummer: str | None = strawberry.field(
        description="The kommune the person is søkt ut to or bosatt in; an innmelding's kommune."
    )
    sokt_ut_dato: date | None = strawberry.field(description="SOKT_UT: the day.")
    forventet_bosetting: date | None = strawberry.field(
        description="SOKT_UT: the expected settlement the kommune set, if it set one."
    )
    forventet_bosetting_uke: str | None = strawberry.field(
        description="SOKT_UT: its ISO week (2026-W51): when to plan the travel."
    )
    bosettingsdato: date | None = strawberry.field(
        description="BOSATT and BOSETTINGSDATO_KORRIGERT: the date."
    )
    innmelding_id: strawberry.ID | None = strawberry.field(description="INNMELDING: its id.")
    innmelding_type: InnmeldingType | None = strawberry.field(description="INNMELDING: its type.")
    em_tiltak_type: EmTiltakType | None = strawberry.field(
        description="INNMELDING: the EM-tiltak's kind."
    )
    innmelding_status: InnmeldingStatus | None = strawberry.field(
        description="INNMELDING: its status now."
    )
    ledig_fra: date | None = strawberry.field(description="INNMELDING: free from.")

    @classmethod
    def from_row(cls, row: Any) -> Partnerhendelse:
        data: dict[str, Any] = row.data
        innmelding_id = data.get("innmeldingId")
        return cls(
            sekvens=row.sekvens,
            type=Partnerhendelsetype(row.type),
            tidspunkt=row.opprettet,
            duf_nr=data.get("dufNr"),
            kommunenummer=data.get("kommunenummer"),
            sokt_ut_dato=_dato(data.get("soktUtDato")),
            forventet_bosetting=_dato(data.get("forventetBosetting")),
            forventet_bosetting_uke=data.get("forventetBosettingUke"),
            bosettingsdato=_dato(data.get("bosettingsdato")),
            innmelding_id=None if innmelding_id is None else strawberry.ID(innmelding_id),
            innmelding_type=None
            if data.get("innmeldingType") is None
            else InnmeldingType(data["innmeldingType"]),
            em_tiltak_type=None
            if data.get("emTiltakType") is None
            else EmTiltakType(data["emTiltakType"]),
            innmelding_status=None
            if data.get("innmeldingStatus") is None
            else InnmeldingStatus(data["innmeldingStatus"]),
            ledig_fra=_dato(data.get("ledigFra")),
        )
