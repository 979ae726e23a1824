"""A source system's delivery (issue 16): its idempotency key and what it answered, so a
repeated delivery changes nothing and gets the same answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import Kilde


class Kildeskriving(Base):
    __tablename__ = "kildeskriving"

    kilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"), primary_key=True)
    idempotensnokkel: Mapped[str] = mapped_column(Text, primary_key=True)
    resultat: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    opprettet: Mapped[datetime] = created_at()
