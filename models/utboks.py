"""The outbox: letters a state change leaves behind, delivered by the dispatcher
(``utsending/``), each channel's delivery recorded on its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    SmallInteger,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import Brevkanal, Brevmal


class Utboks(Base):
    """Letters to send (to the kommune through Altinn, to the person on paper)."""

    __tablename__ = "utboks"
    __table_args__ = (
        CheckConstraint("kommunenummer IS NOT NULL OR person_id IS NOT NULL", name="has_recipient"),
        CheckConstraint("sendt IS NULL OR feilet IS NULL", name="sendt_eller_feilet"),
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
    feilet: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """Dead-lettered: the last retry failed; IMDi sees it (``utboks(status: FEILET)``)."""


class UtboksLevering(Base):
    """A letter's delivery through one channel: attempts, when it was delivered, the channel's
    receipt, and whether it may have gone out twice (a channel that cannot tell)."""

    __tablename__ = "utboks_levering"

    utboks_id: Mapped[int] = mapped_column(
        ForeignKey("utboks.id", ondelete="CASCADE"), primary_key=True
    )
    kanal: Mapped[str] = mapped_column(Text, primary_key=True)
    forsok: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    forste_forsok: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    levert: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    kvittering: Mapped[str | None] = mapped_column(Text)
    gjentatt: Mapped[bool] = mapped_column(Boolean, server_default="false")
