"""Every domain enum the schema uses, registered with Strawberry once, here.

Schema modules import enums from this module (not from ``models.enums``), so an enum is
always registered before any type refers to it.
"""

from __future__ import annotations

import strawberry

from models.enums import (
    Aldersgruppe,
    AnmodningStatus,
    BindendeTilknytning,
    Boligtype,
    Bosettingsstatus,
    Botilbud,
    EmTiltakType,
    Familierelasjon,
    Ferdighetsniva,
    FordelingStatus,
    HendelseType,
    InnmeldingStatus,
    InnmeldingType,
    Kategori,
    Kilde,
    Kjonn,
    KompetanseType,
    Omrade,
    OrganisasjonType,
    Panel,
    Personmappeseksjon,
    PersonnummerType,
    Rolle,
    Sakstype,
    Snarvei,
    StatistikkDimensjon,
    Tilknytning,
    VedtakStatus,
    VentetidFra,
)

strawberry.enum(Rolle, description="A role; kommune roles combine.")
strawberry.enum(OrganisasjonType, description="The kinds of organisation that use the system.")
strawberry.enum(
    FordelingStatus,
    description="UTKAST (IMDi only) → NY → BEKREFTET (step one) → SENDT (the answer).",
)
strawberry.enum(VedtakStatus, description="UTKAST → GODKJENT (step one) → SENDT (with the answer).")
for _enum in (
    Aldersgruppe,
    AnmodningStatus,
    BindendeTilknytning,
    Boligtype,
    Bosettingsstatus,
    Botilbud,
    EmTiltakType,
    Familierelasjon,
    Ferdighetsniva,
    HendelseType,
    InnmeldingStatus,
    InnmeldingType,
    Kategori,
    Kilde,
    Kjonn,
    KompetanseType,
    Omrade,
    Panel,
    Personmappeseksjon,
    PersonnummerType,
    Sakstype,
    Snarvei,
    StatistikkDimensjon,
    Tilknytning,
    VentetidFra,
):
    strawberry.enum(_enum)

__all__ = [
    "Aldersgruppe",
    "AnmodningStatus",
    "BindendeTilknytning",
    "Boligtype",
    "Bosettingsstatus",
    "Botilbud",
    "EmTiltakType",
    "Familierelasjon",
    "Ferdighetsniva",
    "FordelingStatus",
    "HendelseType",
    "InnmeldingStatus",
    "InnmeldingType",
    "Kategori",
    "Kilde",
    "Kjonn",
    "KompetanseType",
    "Omrade",
    "OrganisasjonType",
    "Panel",
    "Personmappeseksjon",
    "PersonnummerType",
    "Rolle",
    "Sakstype",
    "Snarvei",
    "StatistikkDimensjon",
    "Tilknytning",
    "VedtakStatus",
    "VentetidFra",
]
