"""Each user's arbeidsflate: the layout of its panels and its personliste."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at

PERSONLISTE_MAKS = 10


class ArbeidsflateOppsett(Base):
    __tablename__ = "arbeidsflate_oppsett"

    bruker_id: Mapped[int] = mapped_column(
        ForeignKey("bruker.id", ondelete="CASCADE"), primary_key=True
    )
    paneler: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    endret: Mapped[datetime] = created_at()


class PersonlistePlass(Base):
    """One place on a user's personliste; places 1 to 10, so the database holds at most ten."""

    __tablename__ = "personliste"
    __table_args__ = (
        UniqueConstraint("bruker_id", "person_id"),
        CheckConstraint(f"plass BETWEEN 1 AND {PERSONLISTE_MAKS}", name="plass_range"),
    )

    bruker_id: Mapped[int] = mapped_column(
        ForeignKey("bruker.id", ondelete="CASCADE"), primary_key=True
    )
    plass: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    lagt_til: Mapped[datetime] = created_at()
