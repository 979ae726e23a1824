"""Hendelser (system events and notater) on kommuner and persons, and varsler to users."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import HendelseType, Omrade


class Hendelse(Base):
    __tablename__ = "hendelse"
    __table_args__ = (
        Index("ix_hendelse_kommune_tid", "kommunenummer", "tidspunkt"),
        CheckConstraint(
            "type <> 'NOTAT' OR (length(btrim(tittel)) > 0 AND opprettet_av IS NOT NULL)",
            name="notat_has_tittel_and_author",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    type: Mapped[HendelseType] = mapped_column(enum_column(HendelseType, "hendelse_type"))
    omrade: Mapped[Omrade] = mapped_column(enum_column(Omrade, "omrade"))
    kommunenummer: Mapped[str | None] = mapped_column(ForeignKey("kommune.kommunenummer"))
    tittel: Mapped[str] = mapped_column(Text)
    tekst: Mapped[str | None] = mapped_column(Text)
    detaljer: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    opprettet_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    organisasjon_id: Mapped[int | None] = mapped_column(ForeignKey("organisasjon.id"))
    tidspunkt: Mapped[datetime] = created_at()


class HendelsePerson(Base):
    """A person a hendelse is linked to; it then shows in the person's hendelser."""

    __tablename__ = "hendelse_person"
    __table_args__ = (Index("ix_hendelse_person_person", "person_id", "hendelse_id"),)

    hendelse_id: Mapped[int] = mapped_column(
        ForeignKey("hendelse.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )


class Varsel(Base):
    __tablename__ = "varsel"
    __table_args__ = (
        Index(
            "ix_varsel_bruker_ulest",
            "bruker_id",
            "opprettet",
            postgresql_where=text("lest IS NULL"),
        ),
        Index("ix_varsel_bruker_opprettet", "bruker_id", "opprettet"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    bruker_id: Mapped[int] = mapped_column(ForeignKey("bruker.id", ondelete="CASCADE"))
    omrade: Mapped[Omrade] = mapped_column(enum_column(Omrade, "omrade"))
    tittel: Mapped[str] = mapped_column(Text)
    tekst: Mapped[str | None] = mapped_column(Text)
    objekt_type: Mapped[str | None] = mapped_column(Text)
    objekt_id: Mapped[int | None] = mapped_column(BigInteger)
    opprettet: Mapped[datetime] = created_at()
    lest: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
