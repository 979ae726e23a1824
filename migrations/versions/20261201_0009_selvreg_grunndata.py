"""A kompetanse entry from Selvreg keeps the record as the refugee entered it ("Vis grunndata
fra Selvreg"), beside the normalised entry (issue 15, item 11).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 09:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "kompetanse",
        sa.Column("selvreg_grunndata", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.create_check_constraint(
        op.f("ck_kompetanse_selvreg_grunndata_fra_selvreg"),
        "kompetanse",
        "selvreg_grunndata IS NULL OR (kilde = 'SELVREG'"
        " AND jsonb_typeof(selvreg_grunndata) = 'object')",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_kompetanse_selvreg_grunndata_fra_selvreg"), "kompetanse")
    op.drop_column("kompetanse", "selvreg_grunndata")
