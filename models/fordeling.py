"""A fordelingsliste IMDi proposes to one kommune, and its rows."""

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
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import Boligtype, FordelingStatus


class Fordeling(Base):
    __tablename__ = "fordeling"
    __table_args__ = (Index("ix_fordeling_kommune_status", "kommunenummer", "status"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kommunenummer: Mapped[str] = mapped_column(ForeignKey("kommune.kommunenummer"))
    navn: Mapped[str] = mapped_column(Text)
    status: Mapped[FordelingStatus] = mapped_column(
        enum_column(FordelingStatus, "fordeling_status")
    )
    opprettet: Mapped[datetime] = created_at()
    opprettet_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    sendt: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    bekreftet: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    bekreftet_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    svart: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    svart_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    svar_nokkel: Mapped[str | None] = mapped_column(Text, unique=True)
    """The idempotency key of the request that sent the answer (a retried send answers once)."""
    versjon: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    __mapper_args__ = {"version_id_col": versjon}  # noqa: RUF012 (SQLAlchemy API)


class FordelingPerson(Base):
    __tablename__ = "fordeling_person"
    __table_args__ = (
        UniqueConstraint("fordeling_id", "person_id"),
        Index("ix_fordeling_person_person", "person_id"),
        CheckConstraint(
            "bosettes OR length(btrim(begrunnelse_ikke_bosettes)) > 0",
            name="begrunnelse_when_not_bosettes",
        ),
        CheckConstraint(
            "forste_mulige_uke IS NULL OR siste_mulige_uke IS NULL"
            " OR forste_mulige_uke <= siste_mulige_uke",
            name="uke_window_order",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    fordeling_id: Mapped[int] = mapped_column(ForeignKey("fordeling.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    boligtype: Mapped[Boligtype] = mapped_column(enum_column(Boligtype, "boligtype"))
    innmelding_id: Mapped[int | None] = mapped_column(
        ForeignKey("innmelding.id", ondelete="SET NULL")
    )
    forste_mulige_uke: Mapped[date | None] = mapped_column(Date)
    """Monday of the first possible settlement week (resettlement refugees)."""
    siste_mulige_uke: Mapped[date | None] = mapped_column(Date)
    forventet_bosetting: Mapped[date | None] = mapped_column(Date)
    bosettes: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    begrunnelse_ikke_bosettes: Mapped[str | None] = mapped_column(Text)
