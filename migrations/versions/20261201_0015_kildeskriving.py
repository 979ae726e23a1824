"""Source systems' deliveries (issue 16): each idempotency key with the answer it got.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 12:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kildeskriving",
        sa.Column(
            "kilde",
            sa.Enum(
                "SELVREG",
                "UDB",
                "IMDI",
                "SESAM",
                "MOTTAK",
                "UDI",
                "KOMMUNE",
                name="kilde",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("idempotensnokkel", sa.Text(), nullable=False),
        sa.Column("resultat", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "opprettet", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("kilde", "idempotensnokkel", name=op.f("pk_kildeskriving")),
    )


def downgrade() -> None:
    op.drop_table("kildeskriving")
