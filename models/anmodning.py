"""IMDi's anmodning to a kommune, and the kommune's vedtak, per year and category."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import AnmodningStatus, Kategori, VedtakStatus


class Anmodning(Base):
    __tablename__ = "anmodning"
    __table_args__ = (
        Index("ix_anmodning_kommune_sendt", "kommunenummer", "sendt"),
        Index("ix_anmodning_status", "status"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kommunenummer: Mapped[str] = mapped_column(ForeignKey("kommune.kommunenummer"))
    tittel: Mapped[str] = mapped_column(Text)
    status: Mapped[AnmodningStatus] = mapped_column(
        enum_column(AnmodningStatus, "anmodning_status")
    )
    sendt: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    svarfrist: Mapped[date] = mapped_column(Date)
    sendt_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    apnet: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    svart: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    svart_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    purret: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    bekreftet: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    returnert: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    imdi_kommentar: Mapped[str | None] = mapped_column(Text)
    versjon: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    __mapper_args__ = {"version_id_col": versjon}  # noqa: RUF012 (SQLAlchemy API)


class AnmodningTall(Base):
    """How many refugees IMDi asks for, for one year and category."""

    __tablename__ = "anmodning_tall"
    __table_args__ = (UniqueConstraint("anmodning_id", "ar", "kategori"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    anmodning_id: Mapped[int] = mapped_column(ForeignKey("anmodning.id", ondelete="CASCADE"))
    ar: Mapped[int] = mapped_column(
        SmallInteger, CheckConstraint("ar BETWEEN 2000 AND 2100", name="ar_range")
    )
    kategori: Mapped[Kategori] = mapped_column(enum_column(Kategori, "kategori"))
    antall: Mapped[int] = mapped_column(
        Integer, CheckConstraint("antall >= 0", name="antall_not_negative")
    )


class Vedtak(Base):
    """The kommune council's decision: places for one year and category."""

    __tablename__ = "vedtak"
    __table_args__ = (
        UniqueConstraint("anmodning_id", "ar", "kategori"),
        Index("ix_vedtak_kommune_ar", "kommunenummer", "ar"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    anmodning_id: Mapped[int] = mapped_column(ForeignKey("anmodning.id", ondelete="CASCADE"))
    kommunenummer: Mapped[str] = mapped_column(ForeignKey("kommune.kommunenummer"))
    ar: Mapped[int] = mapped_column(
        SmallInteger, CheckConstraint("ar BETWEEN 2000 AND 2100", name="ar_range")
    )
    kategori: Mapped[Kategori] = mapped_column(enum_column(Kategori, "kategori"))
    antall: Mapped[int] = mapped_column(
        Integer, CheckConstraint("antall >= 0", name="antall_not_negative")
    )
    begrunnelse: Mapped[str | None] = mapped_column(Text)
    """Required when fewer places are given than asked; the workflow enforces it."""
    vedtaksdato: Mapped[date | None] = mapped_column(Date)
    status: Mapped[VedtakStatus] = mapped_column(enum_column(VedtakStatus, "vedtak_status"))
    registrert: Mapped[datetime] = created_at()
    registrert_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    godkjent: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When the answer holding it was approved (godkjenn); cleared when stepped back."""
    godkjent_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
    sendt: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When the answer holding it was sent to IMDi."""
    sendt_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))


class Vedtaksdokument(Base):
    """The kommunestyre's decision on an anmodning, as the PDF the kommune uploaded; one per
    anmodning (a new upload replaces it)."""

    __tablename__ = "vedtaksdokument"
    __table_args__ = (
        CheckConstraint("storrelse = octet_length(innhold) AND storrelse > 0", name="storrelse"),
    )

    anmodning_id: Mapped[int] = mapped_column(
        ForeignKey("anmodning.id", ondelete="CASCADE"), primary_key=True
    )
    filnavn: Mapped[str] = mapped_column(Text)
    innhold: Mapped[bytes] = mapped_column(LargeBinary)
    storrelse: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(Text)
    lastet_opp: Mapped[datetime] = created_at()
    lastet_opp_av: Mapped[int | None] = mapped_column(ForeignKey("bruker.id", ondelete="SET NULL"))
