"""Each person's place in the family case, so family members show their relation.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 00:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "person",
        sa.Column(
            "familierolle",
            sa.Enum(
                "HOVEDPERSON",
                "EKTEFELLE",
                "BARN",
                "ANNEN",
                name="familierolle",
                native_enum=False,
                create_constraint=True,
                length=11,
            ),
            server_default="ANNEN",
            nullable=False,
        ),
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_person_familierolle"), "person", type_="check")
    op.drop_column("person", "familierolle")
