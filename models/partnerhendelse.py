"""The partners' feed (issue 16): events numbered in the order their transactions commit, so a
partner that polls from its last number misses nothing (as the population register serves its
consumers). Each event keeps the facts that decide who may know it, as they were."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import Partnerhendelsetype, Sakstype


class Partnerhendelse(Base):
    __tablename__ = "partnerhendelse"
    __table_args__ = (Index("ix_partnerhendelse_mottak", "mottak", "sekvens"),)

    sekvens: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    """1, 2, 3 … without gaps, in commit order (:class:`PartnerhendelseTeller`)."""
    type: Mapped[Partnerhendelsetype] = mapped_column(
        enum_column(Partnerhendelsetype, "partnerhendelsetype")
    )
    opprettet: Mapped[datetime] = created_at()
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    innmelding_id: Mapped[int | None] = mapped_column(ForeignKey("innmelding.id"))
    mottak: Mapped[str | None] = mapped_column(Text)
    """The person's mottak when the event happened (a mottak knows its own residents')."""
    sakstype: Mapped[Sakstype | None] = mapped_column(enum_column(Sakstype, "sakstype"))
    bufetat: Mapped[bool] = mapped_column(Boolean, server_default="false")
    """An innmelding Bufetat reads (EM under 15, or an EM-tiltak for both age groups)."""
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    """What the partner is told: identifiers and the fields it needs, no more."""


class PartnerhendelseTeller(Base):
    """One row: the last number given. Taking numbers locks it until the transaction ends, so
    numbers are given in commit order and none is skipped."""

    __tablename__ = "partnerhendelse_teller"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    siste: Mapped[int] = mapped_column(BigInteger, server_default="0")
