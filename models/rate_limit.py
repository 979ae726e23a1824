"""Rate-limit counters per key and 5-second bucket, shared by every API process in batches
(authz.rate_limit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class RateLimitCount(Base):
    __tablename__ = "rategrense"
    __table_args__ = (Index("ix_rategrense_vindu", "vindu"),)

    nokkel: Mapped[str] = mapped_column(Text, primary_key=True)
    """``bruker:<id>`` (a principal's requests) or ``adresse:<ip>`` (failed logins)."""
    vindu: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    """The start of the bucket."""
    antall: Mapped[int] = mapped_column(Integer)
