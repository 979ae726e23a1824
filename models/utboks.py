"""The outbox: letters a state change leaves behind, sent later by the outbox worker."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, SmallInteger, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import Brevkanal, Brevmal


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
