"""The innsynslogg: who read which class of whose data.

Its ids carry no foreign keys (migration 0006): a log is appended to and must outlive what it
names, and the keys' checks were most of the cost of a read that logs hundreds of rows. The ids
are taken from the rows the same statement read, and nothing deletes persons, brukere or
organisasjoner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import Personmappeseksjon


class Innsynslogg(Base):
    __tablename__ = "innsynslogg"
    __table_args__ = (Index("ix_innsynslogg_person_tid", "person_id", "tidspunkt"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tidspunkt: Mapped[datetime] = created_at()
    bruker_id: Mapped[int | None] = mapped_column(Integer)
    klient_id: Mapped[str | None] = mapped_column(Text)
    """The OAuth client id, for machine callers."""
    organisasjon_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(BigInteger)
    seksjon: Mapped[Personmappeseksjon] = mapped_column(
        enum_column(Personmappeseksjon, "personmappeseksjon")
    )
    request_id: Mapped[str] = mapped_column(Text)
    """The server's id of the request that read."""
    correlation_id: Mapped[str | None] = mapped_column(Text)
    """The caller's own id of that request (its X-Request-Id), when it sent a sane one."""
