"""Kommuner, organisations, users and their roles."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, created_at, enum_column
from models.enums import OrganisasjonType, Rolle


class Kommune(Base):
    """One of the 357 kommuner, with its official contact and its refugee office."""

    __tablename__ = "kommune"
    __table_args__ = (
        CheckConstraint("kommunenummer ~ '^[0-9]{4}$'", name="kommunenummer_format"),
        CheckConstraint("fylkesnummer = left(kommunenummer, 2)", name="fylke_prefix"),
    )

    kommunenummer: Mapped[str] = mapped_column(String(4), primary_key=True)
    navn: Mapped[str] = mapped_column(Text)
    navn_kort: Mapped[str] = mapped_column(Text)
    fylkesnummer: Mapped[str] = mapped_column(String(2))
    fylke: Mapped[str] = mapped_column(Text)
    adm_senter: Mapped[str] = mapped_column(Text)
    innbyggere: Mapped[int] = mapped_column(
        Integer, CheckConstraint("innbyggere >= 0", name="innbyggere")
    )
    areal_km2: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    malform: Mapped[str] = mapped_column(Text)
    # Official contact: where vedtaksbrev go.
    offisiell_adresse: Mapped[str | None] = mapped_column(Text)
    offisiell_postnummer: Mapped[str | None] = mapped_column(String(4))
    offisiell_poststed: Mapped[str | None] = mapped_column(Text)
    offisiell_epost: Mapped[str | None] = mapped_column(Text)
    # The kommune's refugee office (flyktningkontor), editable by the kommune.
    flyktningkontor_avdeling: Mapped[str | None] = mapped_column(Text)
    flyktningkontor_adresse: Mapped[str | None] = mapped_column(Text)
    flyktningkontor_postnummer: Mapped[str | None] = mapped_column(
        String(4),
        CheckConstraint(
            "flyktningkontor_postnummer ~ '^[0-9]{4}$'", name="flyktningkontor_postnummer"
        ),
    )
    flyktningkontor_navn: Mapped[str | None] = mapped_column(Text)
    flyktningkontor_telefon: Mapped[str | None] = mapped_column(Text)
    flyktningkontor_epost: Mapped[str | None] = mapped_column(Text)
    kontaktinfo_endret: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    kontaktinfo_endret_av: Mapped[int | None] = mapped_column(
        ForeignKey("bruker.id", use_alter=True, ondelete="SET NULL")
    )


class Organisasjon(Base):
    """IMDi, Bufetat, a kommune's administration, a mottak or UDI."""

    __tablename__ = "organisasjon"
    __table_args__ = (
        CheckConstraint(
            "(type = 'KOMMUNE') = (kommunenummer IS NOT NULL)", name="kommune_has_kommunenummer"
        ),
        CheckConstraint("orgnr ~ '^[0-9]{9}$'", name="orgnr_format"),
        Index(
            "uq_organisasjon_kommunenummer",
            "kommunenummer",
            unique=True,
            postgresql_where=text("kommunenummer IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[OrganisasjonType] = mapped_column(
        enum_column(OrganisasjonType, "organisasjon_type")
    )
    navn: Mapped[str] = mapped_column(Text)
    orgnr: Mapped[str] = mapped_column(String(9), unique=True)
    kommunenummer: Mapped[str | None] = mapped_column(ForeignKey("kommune.kommunenummer"))
    opprettet: Mapped[datetime] = created_at()

    brukere: Mapped[list[Bruker]] = relationship(back_populates="organisasjon", lazy="raise")


class Bruker(Base):
    """A person who logs in; ``subject`` is the ``sub`` claim of the identity provider."""

    __tablename__ = "bruker"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(Text, unique=True)
    navn: Mapped[str] = mapped_column(Text)
    epost: Mapped[str | None] = mapped_column(Text)
    organisasjon_id: Mapped[int] = mapped_column(ForeignKey("organisasjon.id"), index=True)
    aktiv: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    opprettet: Mapped[datetime] = created_at()
    opprettet_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    deaktivert: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organisasjon: Mapped[Organisasjon] = relationship(back_populates="brukere", lazy="raise")
    roller: Mapped[list[BrukerRolle]] = relationship(
        lazy="raise", cascade="all, delete-orphan", foreign_keys="BrukerRolle.bruker_id"
    )


class BrukerRolle(Base):
    """A role granted to a user (by a Kommune_Admin for kommune users)."""

    __tablename__ = "bruker_rolle"

    bruker_id: Mapped[int] = mapped_column(
        ForeignKey("bruker.id", ondelete="CASCADE"), primary_key=True
    )
    rolle: Mapped[Rolle] = mapped_column(enum_column(Rolle, "rolle"), primary_key=True)
    tildelt: Mapped[datetime] = created_at()
    tildelt_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
