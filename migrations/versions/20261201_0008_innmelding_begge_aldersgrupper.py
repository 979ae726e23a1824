"""An innmelding of an EM-tiltak may take both age groups (EM under 15 and 15–18): it then
reaches IMDi and Bufetat both (DOMAIN.md, "Readings").

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 09:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "innmelding",
        sa.Column(
            "begge_aldersgrupper", sa.Boolean(), nullable=False, server_default=sa.text("false")
        ),
    )
    op.create_check_constraint(
        op.f("ck_innmelding_begge_aldersgrupper_em_tiltak"),
        "innmelding",
        "NOT begge_aldersgrupper OR type = 'EM_TILTAK'",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_innmelding_begge_aldersgrupper_em_tiltak"), "innmelding")
    op.drop_column("innmelding", "begge_aldersgrupper")
