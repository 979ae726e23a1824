"""A kommune's innmelding: free housing, a specific person tied to it, or a number of places."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import (
    EmTiltakType,
    InnmeldingStatus,
    InnmeldingType,
    OrganisasjonType,
    Tilknytning,
)


class Innmelding(Base):
    __tablename__ = "innmelding"
    __table_args__ = (
        Index("ix_innmelding_kommune_status", "kommunenummer", "status"),
        Index("ix_innmelding_behandlende_status", "behandlende_organisasjon", "status"),
        CheckConstraint(
            "NOT tilpasset_saerlig_hensyn OR length(btrim(saerlig_hensyn_beskrivelse)) > 0",
            name="saerlig_hensyn_beskrevet",
        ),
        CheckConstraint(
            "(type = 'EM_TILTAK') = (em_tiltak_type IS NOT NULL)", name="em_tiltak_type_set"
        ),
        CheckConstraint(
            "em_tiltak_type IS DISTINCT FROM 'ANNET' OR length(btrim(merknad)) > 0",
            name="annet_beskrevet",
        ),
        CheckConstraint(
            "(type = 'BESTEMTE_PERSONER') = (person_id IS NOT NULL AND tilknytning IS NOT NULL)",
            name="bestemt_person_set",
        ),
        CheckConstraint(
            "type <> 'ANTALL_PLASSER' OR (antall_plasser > 0 AND ledig_fra IS NOT NULL)",
            name="antall_plasser_set",
        ),
        CheckConstraint(
            "status <> 'KANSELLERT' OR (length(btrim(kansellert_begrunnelse)) > 0"
            " AND kansellert IS NOT NULL)",
            name="kansellert_begrunnet",
        ),
        CheckConstraint(
            "status <> 'AVSLATT' OR (length(btrim(avslag_begrunnelse)) > 0"
            " AND avslatt IS NOT NULL)",
            name="avslag_begrunnet",
        ),
        CheckConstraint(
            "behandlende_organisasjon IN ('IMDI', 'BUFETAT')", name="behandlende_organisasjon"
        ),
        CheckConstraint(
            "NOT begge_aldersgrupper OR type = 'EM_TILTAK'", name="begge_aldersgrupper_em_tiltak"
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kommunenummer: Mapped[str] = mapped_column(ForeignKey("kommune.kommunenummer"))
    type: Mapped[InnmeldingType] = mapped_column(enum_column(InnmeldingType, "innmelding_type"))
    status: Mapped[InnmeldingStatus] = mapped_column(
        enum_column(InnmeldingStatus, "innmelding_status")
    )
    behandlende_organisasjon: Mapped[OrganisasjonType] = mapped_column(
        enum_column(OrganisasjonType, "organisasjon_type")
    )
    em_tiltak_type: Mapped[EmTiltakType | None] = mapped_column(
        enum_column(EmTiltakType, "em_tiltak_type")
    )
    antall_plasser: Mapped[int | None] = mapped_column(Integer)
    antall_rom: Mapped[int | None] = mapped_column(Integer)
    adresse: Mapped[str | None] = mapped_column(Text)
    ledig_fra: Mapped[date | None] = mapped_column(Date)
    ledig_til: Mapped[date | None] = mapped_column(Date)
    begge_aldersgrupper: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    """An EM-tiltak that takes EM under 15 and 15–18: it reaches IMDi and Bufetat both."""
    tilpasset_saerlig_hensyn: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    saerlig_hensyn_beskrivelse: Mapped[str | None] = mapped_column(Text)
    merknad: Mapped[str | None] = mapped_column(Text)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    tilknytning: Mapped[Tilknytning | None] = mapped_column(enum_column(Tilknytning, "tilknytning"))
    familie_kommentar: Mapped[str | None] = mapped_column(Text)
    opprettet: Mapped[datetime] = created_at()
    opprettet_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    saksbehandler_id: Mapped[int | None] = mapped_column(
        ForeignKey("bruker.id", ondelete="SET NULL")
    )
    svar: Mapped[str | None] = mapped_column(Text)
    ferdigbehandlet: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    avslag_begrunnelse: Mapped[str | None] = mapped_column(Text)
    avslatt: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    kansellert_begrunnelse: Mapped[str | None] = mapped_column(Text)
    kansellert: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    kansellert_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    versjon: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    __mapper_args__ = {"version_id_col": versjon}  # noqa: RUF012 (SQLAlchemy API)
