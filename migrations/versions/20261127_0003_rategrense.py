"""Request counters per principal and minute, for the rate limit across API processes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 01:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rategrense",
        sa.Column("nokkel", sa.Text(), nullable=False),
        sa.Column("vindu", sa.DateTime(timezone=True), nullable=False),
        sa.Column("antall", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("nokkel", "vindu", name=op.f("pk_rategrense")),
    )
    op.create_index("ix_rategrense_vindu", "rategrense", ["vindu"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_rategrense_vindu", table_name="rategrense")
    op.drop_table("rategrense")
