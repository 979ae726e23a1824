"""The innsynslogg keeps the caller's own request id beside the server's (correlation_id).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("innsynslogg", sa.Column("correlation_id", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("innsynslogg", "correlation_id")
