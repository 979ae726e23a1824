"""The kommunestyre's decision on an anmodning, uploaded by the kommune as a PDF and kept in
PostgreSQL (issue 15, item 7).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 09:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vedtaksdokument",
        sa.Column("anmodning_id", sa.BigInteger(), nullable=False),
        sa.Column("filnavn", sa.Text(), nullable=False),
        sa.Column("innhold", sa.LargeBinary(), nullable=False),
        sa.Column("storrelse", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column(
            "lastet_opp", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("lastet_opp_av", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "storrelse = octet_length(innhold) AND storrelse > 0",
            name=op.f("ck_vedtaksdokument_storrelse"),
        ),
        sa.ForeignKeyConstraint(
            ["anmodning_id"],
            ["anmodning.id"],
            name=op.f("fk_vedtaksdokument_anmodning_id_anmodning"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lastet_opp_av"],
            ["bruker.id"],
            name=op.f("fk_vedtaksdokument_lastet_opp_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("anmodning_id", name=op.f("pk_vedtaksdokument")),
    )


def downgrade() -> None:
    op.drop_table("vedtaksdokument")
