"""The innsynslogg (who read which class of whose data) and the outbox of letters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, SmallInteger, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import Brevkanal, Brevmal, Personmappeseksjon


class Innsynslogg(Base):
    __tablename__ = "innsynslogg"
    __table_args__ = (Index("ix_innsynslogg_person_tid", "person_id", "tidspunkt"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tidspunkt: Mapped[datetime] = created_at()
    bruker_id: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    klient_id: Mapped[str | None] = mapped_column(Text)
    """The OAuth client id, for machine callers."""
    organisasjon_id: Mapped[int] = mapped_column(ForeignKey("organisasjon.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    seksjon: Mapped[Personmappeseksjon] = mapped_column(
        enum_column(Personmappeseksjon, "personmappeseksjon")
    )
    request_id: Mapped[str] = mapped_column(Text)
    """The server's id of the request that read."""
    correlation_id: Mapped[str | None] = mapped_column(Text)
    """The caller's own id of that request (its X-Request-Id), when it sent a sane one."""


class Utboks(Base):
    """Letters to send (to the kommune through Altinn, to the person on paper)."""

    __tablename__ = "utboks"
    __table_args__ = (
        CheckConstraint("kommunenummer IS NOT NULL OR person_id IS NOT NULL", name="has_recipient"),
        Index("ix_utboks_usendt", "opprettet", postgresql_where="sendt IS NULL"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    mal: Mapped[Brevmal] = mapped_column(enum_column(Brevmal, "brevmal"))
    kanal: Mapped[Brevkanal] = mapped_column(enum_column(Brevkanal, "brevkanal"))
    kommunenummer: Mapped[str | None] = mapped_column(ForeignKey("kommune.kommunenummer"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    fordeling_id: Mapped[int | None] = mapped_column(ForeignKey("fordeling.id"))
    innhold: Mapped[dict[str, Any]] = mapped_column(JSONB)
    opprettet: Mapped[datetime] = created_at()
    sendt: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    forsok: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    siste_feil: Mapped[str | None] = mapped_column(Text)
