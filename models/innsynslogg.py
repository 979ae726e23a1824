"""The innsynslogg: who read which class of whose data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import Personmappeseksjon


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
