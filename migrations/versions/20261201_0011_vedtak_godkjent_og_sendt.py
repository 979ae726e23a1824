"""The vedtak as registered: who approved and who sent each answer, and when, beside who
registered it (issue 15, item 7). Answers sent before this revision take the anmodning's
svart and svart_av as when and by whom they were sent, and were approved by then.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 09:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STEPS = ("godkjent", "sendt")


def upgrade() -> None:
    for step in STEPS:
        op.add_column("vedtak", sa.Column(step, sa.DateTime(timezone=True), nullable=True))
        op.add_column("vedtak", sa.Column(f"{step}_av", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f(f"fk_vedtak_{step}_av_bruker"),
            "vedtak",
            "bruker",
            [f"{step}_av"],
            ["id"],
            ondelete="SET NULL",
        )
    op.execute(
        "UPDATE vedtak v SET sendt = a.svart, sendt_av = a.svart_av,"
        " godkjent = a.svart, godkjent_av = a.svart_av"
        " FROM anmodning a WHERE a.id = v.anmodning_id AND v.status = 'SENDT'"
    )
    op.execute(
        "UPDATE vedtak v SET godkjent = v.registrert, godkjent_av = v.registrert_av"
        " WHERE v.status = 'GODKJENT'"
    )


def downgrade() -> None:
    for step in reversed(STEPS):
        op.drop_constraint(op.f(f"fk_vedtak_{step}_av_bruker"), "vedtak", type_="foreignkey")
        op.drop_column("vedtak", f"{step}_av")
        op.drop_column("vedtak", step)
